"""Judging a batch whose policy stage cannot switch, without saving the stage series.

The listing's escalation trigger (``escalation_trigger`` in :mod:`cyclesim.model.listing`)
is 0.0 unless a run's ``escalation_stages`` exceeds its current ``escalation_stage`` by
more than 0.5; the indicators do not enter that test, so a NaN among them cannot fire it.
When no run of a batch starts so, the trigger is 0.0 at every step and the stage stock
stays exactly where it started (each step adds ``dt`` × 0.0): its series has no rise, so
every run has one stage, the stage the judgement would read off the saved series. Such a
batch need not save ``escalation_stage``; it still saves the stage improvement, which the
judgement of that one stage reads (it equals the composite only to the last bits: the
kernels divide by a reference through its reciprocal, by a stage-start stock directly).
"""

from __future__ import annotations

import numpy as np

from cyclesim.model.graph import Structure

SKIPPED = ("escalation_stage",)  # what a stageless batch does not save


def stages_never_switch(params: dict, stocks: np.ndarray, model: Structure) -> bool:
    """Whether no run of a batch can switch its policy stage: every run's
    ``escalation_stages`` at most 0.5 above its starting ``escalation_stage`` (NaN: not
    known, so False)."""
    gap = (np.asarray(params["escalation_stages"], dtype=float)
           - stocks[model.stock_names.index("escalation_stage")])
    return bool(np.all(gap <= 0.5))


def lean(names: tuple[str, ...], asked: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` without what a stageless batch does not save, unless ``asked`` for."""
    return tuple(name for name in names if name in asked or name not in SKIPPED)
