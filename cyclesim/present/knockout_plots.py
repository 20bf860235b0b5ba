"""The knock-out figure: how far each knock-out moves the return to start, and the
composite improvement of every knock-out beside the intact run.

Bars are the shift of the return week against the intact run; a run still away from
start at the horizon is censored (hatched bar to the horizon, labelled ``>=``); a run
without a honeymoon has no return to shift and is labelled with its class.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cyclesim.model.loop_families import LOOP_LABELS  # noqa: E402
from cyclesim.present.tables import OUTCOME_WORDS  # noqa: E402
from cyclesim.structure.knockout import KnockoutAnalysis, shift_text  # noqa: E402

LATER, EARLIER, NONE = "tab:blue", "tab:orange", "0.6"
WORDS = {  # the figure's own words, per language
    "en": {"hold": "hold", "cut": "cut", "no_return": "no return", "week": "week",
           "xlabel": "shift of the return to start [weeks] (intact: {when}; hatched: "
                     "censored at the horizon)",
           "title": "Which mechanisms bring the system back"},
    "nl": {"hold": "houd vast:", "cut": "knip", "no_return": "geen terugkeer", "week": "week",
           "xlabel": "verschuiving van de terugkeer bij af [weken] (intact: {when}; "
                     "gearceerd: gecensureerd op de horizon)",
           "title": "Welke mechanismen brengen het systeem terug"},
}


def _label(record: dict, lang: str = "en") -> str:
    w = WORDS[lang]
    if record["kind"] == "stock":
        return f"{w['hold']} {record['held']}"
    name = LOOP_LABELS[lang].get(record["name"], record["name"])
    return f"{w['cut']} {name}: {record['cut_link'].replace(' -> ', ' → ')}"


def draw_shifts(ax, analysis: KnockoutAnalysis, lang: str = "en") -> None:
    """Horizontal bars of the shift in return week per knock-out, labelled in ``lang``
    (en or nl)."""
    w = WORDS[lang]
    records = [r for r in analysis.records() if r["kind"] != "intact"]
    for y, record in enumerate(records):
        shift = record["shift_weeks"]
        if shift is None:
            ax.plot(0, y, marker="x", color=NONE)
            outcome = OUTCOME_WORDS[lang].get(record["outcome"], record["outcome"])
            ax.text(1, y, f"{outcome}: {w['no_return']}", va="center", fontsize=8,
                    color="0.35")
            continue
        color = LATER if shift > 0 else EARLIER
        ax.barh(y, shift, color=color, alpha=0.5 if record["censored"] else 0.85,
                hatch="//" if record["censored"] else None, edgecolor=color)
        ax.text(shift + (1 if shift >= 0 else -1), y, shift_text(record), va="center",
                ha="left" if shift >= 0 else "right", fontsize=8)
    ax.set_yticks(range(len(records)), [_label(r, lang) for r in records], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="0.2", lw=0.8)
    intact = analysis.intact.outcome
    when = (f"{w['week']} {intact.return_week:.1f}" if intact.return_week is not None
            else OUTCOME_WORDS[lang].get(intact.outcome, intact.outcome))
    ax.set_xlabel(w["xlabel"].format(when=when))
    ax.set_title(w["title"])
    low, high = ax.get_xlim()
    ax.set_xlim(low - 8, high + 20)


def draw_composites(ax, analysis: KnockoutAnalysis) -> None:
    """The composite improvement of the intact run (black), each cut loop (coloured) and
    each held stock (thin grey)."""
    for run in analysis.runs:
        kind = run.knockout.kind
        if kind == "stock":
            ax.plot(run.times, run.series["composite_improvement"], ":", color="0.6", lw=0.8)
        elif kind == "loop":
            ax.plot(run.times, run.series["composite_improvement"], lw=1.2,
                    label=f"cut {run.knockout.name}")
    intact = analysis.intact
    ax.plot(intact.times, intact.series["composite_improvement"], color="black", lw=2.2,
            label="intact")
    ax.plot([], [], ":", color="0.6", lw=0.8, label="a stock held")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(analysis.start_week, color="0.3", lw=0.8, ls="--")
    ax.set_xlabel("week")
    ax.set_ylabel("composite improvement (fraction of start)")
    ax.set_title("Composite improvement: intact and knocked out")
    ax.legend(fontsize=7, loc="lower left")


def knockout_figure(analysis: KnockoutAnalysis) -> Figure:
    """Shift bars (left) and composite curves (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7.5),
                                      gridspec_kw={"width_ratios": [1.2, 1]})
    draw_shifts(left, analysis)
    draw_composites(right, analysis)
    fig.suptitle(f"Knock-outs of {analysis.scenario}")
    fig.tight_layout()
    return fig


def save_knockout_figure(analysis: KnockoutAnalysis, path: str | Path) -> Path:
    path = Path(path)
    fig = knockout_figure(analysis)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
