"""Drawing the story diagram (:mod:`cyclesim.structure.story_diagram`) for a care team:
about twenty concepts in their fixed places, links as curved arrows with + or −, the six
loops with their R/B markers and names, in Dutch or English; one loop can be lit.

``save_story_diagram`` writes the SVG and the PNG side by side (for slides).
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from cyclesim.structure.diagram import FAMILY_COLOURS  # noqa: E402
from cyclesim.model.loop_families import LOOP_LABELS  # noqa: E402
from cyclesim.structure.story_diagram import (CONCEPT_BY_KEY, LANGUAGES,  # noqa: E402
                                              LOOP_MARKERS, StoryDiagram, story_diagram)

SIGN_COLOURS = {1: "#1f5fa8", -1: "#c0392b", 0: "#888888"}
SIGN_TEXT = {1: "+", -1: "−", 0: "?"}
LINK_RAD = 0.12  # curvature of every arrow (arc3)
SIGN_PLACES = (0.62, 0.72, 0.5, 0.8, 0.4, 0.85, 0.3)  # where along an arrow its sign may go
FIGSIZE = (16.0, 10.6)  # inches; one grid unit is one inch wide
TEXTS = {
    "en": {"title": "The 1-on-1 support cycle: the story diagram (from the model listing)",
           "legend": "blue +: moves the same way · red −: moves the opposite way · "
                     "R: reinforcing loop · B: balancing loop",
           "lit": "lit: {loop}"},
    "nl": {"title": "De 1-op-1-cirkel: het verhaal in één beeld (uit het model afgeleid)",
           "legend": "blauw +: beweegt mee · rood −: beweegt tegengesteld · "
                     "R: versterkende lus · B: balancerende lus",
           "lit": "uitgelicht: {loop}"},
}


def loop_title(diagram: StoryDiagram, key: str, lang: str) -> str:
    """A loop's marker and name, e.g. ``R stigma`` / ``B wittebroodsweken``."""
    return f"{diagram.polarity[key]} {LOOP_LABELS[lang][key]}"


def draw_story(ax: plt.Axes, lang: str = "nl", highlight: str | None = None,
               diagram: StoryDiagram | None = None) -> dict[str, list]:
    """Draw the story diagram on ``ax``; returns the text artists by role (concepts,
    signs, markers, captions), e.g. for the label-overlap test."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    diagram = diagram or story_diagram()
    t = TEXTS[lang]
    ax.set_xlim(-0.6, 16.6)
    ax.set_ylim(-0.9, 10.4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    lit = set(diagram.loops.get(highlight, ())) if highlight else set()
    lit_links = {(a, b) for a, b in zip(diagram.loops.get(highlight, ()),
                                        diagram.loops.get(highlight, ())[1:]
                                        + diagram.loops.get(highlight, ())[:1])}
    artists: dict[str, list] = {"concepts": [], "signs": [], "markers": [], "captions": []}
    boxes = {}
    for concept in diagram.concepts:
        on = concept.key in lit
        style = dict(boxstyle="round,pad=0.35", lw=2.2 if on else 1.0,
                     fc="#fff3c4" if concept.stock else "white",
                     ec=FAMILY_COLOURS[highlight] if on else ("#333333" if concept.stock
                                                              else "#999999"))
        text = ax.text(concept.x, concept.y, concept.label(lang), ha="center", va="center",
                       fontsize=12, bbox=style, zorder=4, gid=f"concept-{concept.key}",
                       fontweight="bold" if on else "normal")
        boxes[concept.key] = text
        artists["concepts"].append(text)
    fig = ax.figure
    for key in diagram.loops:
        x, y = LOOP_MARKERS[key]
        on = key == highlight
        marker = ax.text(x, y, "\n".join(textwrap.wrap(loop_title(diagram, key, lang), 18)),
                         ha="center", va="center", fontsize=10.5 if not on else 12,
                         color="white", fontweight="bold", zorder=6, gid=f"loop-{key}",
                         bbox=dict(boxstyle="round,pad=0.3", fc=FAMILY_COLOURS[key],
                                   alpha=1.0 if on or not highlight else 0.45,
                                   ec="black" if on else "none", lw=2))
        artists["markers"].append(marker)
    fig.canvas.draw()  # text boxes get their size: arrows stop at their edges
    renderer = fig.canvas.get_renderer()
    taken = [a.get_bbox_patch().get_window_extent(renderer)
             for a in artists["concepts"] + artists["markers"]]
    for link in diagram.links:
        a, b = CONCEPT_BY_KEY[link.source], CONCEPT_BY_KEY[link.target]
        on = (link.source, link.target) in lit_links
        colour = FAMILY_COLOURS[highlight] if on else SIGN_COLOURS[link.sign]
        alpha = 1.0 if on or not highlight else 0.35
        arrow = FancyArrowPatch((a.x, a.y), (b.x, b.y), connectionstyle=f"arc3,rad={LINK_RAD}",
                                arrowstyle="-|>", mutation_scale=16, lw=3.2 if on else 1.4,
                                color=colour, alpha=alpha, zorder=3 if on else 2,
                                patchA=boxes[link.source].get_bbox_patch(),
                                patchB=boxes[link.target].get_bbox_patch(),
                                gid=f"link-{link.source}-{link.target}")
        ax.add_patch(arrow)
        for share in SIGN_PLACES:  # the first place along the arc that no label covers
            x, y = _sign_position((a.x, a.y), (b.x, b.y), share)
            sign = ax.text(x, y, SIGN_TEXT[link.sign], ha="center", va="center", fontsize=13,
                           fontweight="bold", color=SIGN_COLOURS[link.sign], alpha=alpha,
                           zorder=5)
            extent = sign.get_window_extent(renderer).expanded(1.4, 1.2)
            if not any(extent.overlaps(other) for other in taken):
                break
            sign.remove()
        else:
            sign = ax.text(x, y, SIGN_TEXT[link.sign], ha="center", va="center", fontsize=13,
                           fontweight="bold", color=SIGN_COLOURS[link.sign], alpha=alpha,
                           zorder=5)
        taken.append(sign.get_window_extent(renderer).expanded(1.4, 1.2))
        artists["signs"].append(sign)
    artists["captions"].append(ax.text(8.0, 10.25, t["title"], ha="center", va="center",
                                       fontsize=14, fontweight="bold"))
    caption = t["legend"]
    if highlight in diagram.loops:
        caption += "  ·  " + t["lit"].format(loop=loop_title(diagram, highlight, lang))
    artists["captions"].append(ax.text(8.0, -0.6, caption, ha="center", va="center",
                                       fontsize=10.5, color="#333333"))
    return artists


def _sign_position(p: tuple[float, float], q: tuple[float, float],
                   s: float = 0.62) -> tuple[float, float]:
    """The point at parameter ``s`` of the arc3 curve from ``p`` to ``q`` (0: p, 1: q)."""
    p, q = np.asarray(p), np.asarray(q)
    d = q - p
    control = (p + q) / 2 + LINK_RAD * np.array([d[1], -d[0]])
    point = (1 - s) ** 2 * p + 2 * (1 - s) * s * control + s ** 2 * q
    return float(point[0]), float(point[1])


def story_figure(lang: str = "nl", highlight: str | None = None):
    """A figure holding the story diagram (and its text artists by role)."""
    fig, ax = plt.subplots(figsize=FIGSIZE)
    fig.subplots_adjust(0, 0, 1, 1)
    artists = draw_story(ax, lang, highlight)
    return fig, artists


def story_bytes(lang: str = "nl", highlight: str | None = None, kind: str = "svg") -> bytes:
    """The story diagram as SVG or PNG bytes."""
    fig, _ = story_figure(lang, highlight)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, dpi=100)
    plt.close(fig)
    return buffer.getvalue()


def save_story_diagram(path: str | Path, lang: str = "nl",
                       highlight: str | None = None) -> list[Path]:
    """Write the story diagram as ``path`` and its twin in the other format
    (``.svg`` and ``.png`` side by side); returns both paths."""
    path = Path(path)
    out = []
    for suffix in (path.suffix.lower(), ".png" if path.suffix.lower() == ".svg" else ".svg"):
        target = path.with_suffix(suffix)
        target.write_bytes(story_bytes(lang, highlight, suffix[1:]))
        out.append(target)
    return out
