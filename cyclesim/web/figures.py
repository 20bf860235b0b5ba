"""Figures the page serves as files: the trainer figure (SVG/PNG, from :mod:`cyclesim.present.plots`)
and the causal loop diagram with the dominant loop highlighted (from
:mod:`cyclesim.structure.diagram` and :mod:`cyclesim.structure.dominance`).
"""

from __future__ import annotations

import io
import threading
from functools import cache

from cyclesim.scenario.runner import RunResult
from cyclesim.scenario.files import Scenario

CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
_PYPLOT = threading.Lock()  # pyplot keeps global state: one figure at a time


def figure_bytes(result: RunResult, kind: str) -> bytes:
    """The trainer figure of ``result`` (key indicators, phases marked) as SVG or PNG."""
    from cyclesim.present import plots

    with _PYPLOT:
        fig = plots.scenario_figure(result)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=kind, dpi=90)
        plots.plt.close(fig)
    return buffer.getvalue()


@cache
def _loops() -> list:
    """Every feedback loop of the listing (found once per process: about 2 s)."""
    from cyclesim.structure.loops import find_loops

    return find_loops()


def families() -> dict[str, str]:
    """MODEL.md's loop families by key, with their names."""
    from cyclesim.model.loop_families import FAMILIES

    return {f.key: f.name for f in FAMILIES}


def _clean(values) -> list[float | None]:
    return [None if x != x else float(f"{x:.4g}") for x in map(float, values)]


def dominance_payload(scenario: Scenario) -> dict:
    """Loop dominance of ``scenario`` (Loops That Matter, weekly): family scores over time
    and the periods in which one family dominates."""
    from cyclesim.structure.diagram import FAMILY_COLOURS
    from cyclesim.structure.dominance import loop_dominance, phases
    from cyclesim.structure.frames import run_frames

    frames = run_frames(scenario, save_every=1.0)
    scores = loop_dominance(frames.frames, _loops()).family_scores()
    periods = phases(scores)
    return {
        "times": _clean(scores.index),
        "families": {key: _clean(scores[key]) for key in scores.columns},
        "periods": [{"start": float(r.start), "end": float(r.end), "dominant": str(r.dominant)}
                    for r in periods.itertuples()],
        "names": families(),
        "colours": dict(FAMILY_COLOURS),
    }


def diagram_svg(family: str) -> bytes:
    """The causal loop diagram as SVG with only ``family``'s loop traced ("none": no loop)."""
    from cyclesim.present import plots
    from cyclesim.structure.diagram import draw_cld

    names = families()
    chosen = [loop for loop in _loops() if loop.family == family]
    with _PYPLOT:
        fig, ax = plots.plt.subplots(figsize=(13, 9.5))
        draw_cld(ax, loops=chosen)
        title = f"dominant loop: {names[family]}" if family in names else "no MODEL.md loop dominates"
        ax.set_title(f"Causal loop diagram (blue +, red −); {title}", fontsize=11)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        plots.plt.close(fig)
    return buffer.getvalue()


def story_svg(lang: str, family: str) -> bytes:
    """The story diagram (about twenty concepts, the six loops) with ``family`` lit."""
    from cyclesim.present.story_diagram_plot import story_bytes

    with _PYPLOT:
        return story_bytes(lang, None if family == "none" else family, "svg")


def returning_loop(scenario: Scenario) -> dict:
    """The loop that brings the system back, from knock-outs (issue 7): each MODEL.md loop
    is cut at its named link; the loop whose cut moves the return furthest (or makes it
    vanish) is the one that brings the system back."""
    from cyclesim.structure.knockout import INTACT, knockouts, run_knockouts

    chosen = [INTACT] + [k for k in knockouts() if k.kind == "loop"]
    records = run_knockouts(scenario, chosen=chosen).records()
    intact = records[0]
    best, best_shift = None, 0.0
    for r in records[1:]:
        if intact["return_week"] is None:
            break
        if r["outcome"] in ("no_honeymoon", "worse"):
            continue  # without a honeymoon there is nothing to come back from
        shift = r["shift_weeks"] if r["shift_weeks"] is not None else float("inf")
        if shift > best_shift:
            best, best_shift = r, shift
    return {"family": best["name"] if best else "none",
            "shift_weeks": None if best is None or best_shift == float("inf") else best_shift,
            "shift_bound": best["shift_bound"] if best else None,
            "return_week": intact["return_week"],
            "records": [{k: r[k] for k in ("name", "outcome", "return_week", "shift_weeks",
                                           "shift_bound")} for r in records]}


def knockout_payload(scenario: Scenario) -> dict:
    """Every knock-out of ``scenario`` ranked by effect, the weekly dominance periods (as
    the page's dominance strip draws them) and the sentences on what the return needs and
    where dominance differs, in both languages (issue 10)."""
    from cyclesim.present.knockout_explain import explain, payload

    return payload(explain(scenario, _loops(), save_every=1.0))
