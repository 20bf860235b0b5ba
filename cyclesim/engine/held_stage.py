"""Batches whose policy stage cannot switch: the listing's escalation trigger held at 0.0.

The listing's ``escalation_trigger`` (:mod:`cyclesim.model.listing`) is 0.0 unless a
run's ``escalation_stages`` exceeds its current ``escalation_stage`` by more than 0.5;
the indicators do not enter that test, so a NaN among them cannot fire it. When no run of
a batch starts so, the trigger is 0.0 at the first step, the stage stock gains
``dt`` × 0.0 and stays exactly where it started (``dt`` is positive and finite), and so
the trigger is 0.0 at every step.
Such a batch can be judged with one stage per run (:mod:`cyclesim.scenario.stageless`),
and its block kernel can take the trigger as the constant it is
(:func:`cyclesim.engine.block_source.block_source`, ``fixed``).
"""

from __future__ import annotations

import numpy as np

from cyclesim.model.graph import Structure

STAGE = "escalation_stage"  # the stock that counts a run's policy stage
LIMIT = "escalation_stages"  # the parameter: how many stages a run may climb
TRIGGER = "escalation_trigger"  # the equation that moves the stage
HELD = {TRIGGER: 0.0}  # its value in a batch whose stages cannot switch


def stages_never_switch(params: dict, stocks: np.ndarray, model: Structure) -> bool:
    """Whether no run of a batch can switch its policy stage: every run's
    ``escalation_stages`` at most 0.5 above its starting ``escalation_stage`` (NaN: not
    known, so False); False for a listing without the stage."""
    if STAGE not in model.stock_names or TRIGGER not in model.variable_names:
        return False
    gap = np.asarray(params[LIMIT], dtype=float) - stocks[model.stock_names.index(STAGE)]
    return bool(np.all(gap <= 0.5))


def likely_never_switch(params: dict) -> bool:
    """:func:`stages_never_switch` before the rest state is known, for runs starting at
    stage 0 (where the rest solve leaves the stage): every ``escalation_stages`` at most
    0.5. A guess, to pick the kernel a batch's first use should compile; the batch itself
    is decided by :func:`stages_never_switch`."""
    return bool(np.all(np.asarray(params[LIMIT], dtype=float) <= 0.5))
