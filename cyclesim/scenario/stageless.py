"""Judging a batch whose policy stage cannot switch, without saving the stage series.

The listing's escalation trigger (``escalation_trigger`` in :mod:`cyclesim.model.listing`)
is 0.0 unless a run's ``escalation_stages`` exceeds its current ``escalation_stage`` by
more than 0.5. When no run of a batch starts so, the trigger is 0.0 at every step: the
stage stays where it started, and the stage-start stocks keep their start values (each
update is 0.0 times a finite difference), which are the references the composite
compares against. The stage improvement is then the composite improvement, the same
equation on the same numbers, and the stage series has no rise: the judgement gets the
composite for both and no switch, as it would from the two saved series. A sweep's chunk
then saves three series instead of five (a 100 000-run sweep 2.14 s against 2.36 s,
median of eight alternating pairs).

One exception: 0.0 times a difference that is not finite is NaN, so a run whose
indicators ever leave the finite numbers may have a stage improvement other than its
composite. Its composite then is not finite either, which :func:`needs_stage_series`
finds; the runner judges such runs again from saved stage series.
"""

from __future__ import annotations

import numpy as np

from cyclesim.model.graph import Structure

STAGE_SERIES = ("escalation_stage", "stage_improvement")  # what a stageless batch skips


def stages_never_switch(params: dict, stocks: np.ndarray, model: Structure) -> bool:
    """Whether no run of a batch can switch its policy stage: every run's
    ``escalation_stages`` at most 0.5 above its starting ``escalation_stage``, and every
    stage-start stock (a latched stock with a start variable) equal to the reference of
    that variable, as the rest state sets them."""
    names = model.stock_names
    gap = (np.asarray(params["escalation_stages"], dtype=float)
           - stocks[names.index("escalation_stage")])
    if not np.all(gap <= 0.5):  # NaN: not known, so no shortcut
        return False
    for i, stock in enumerate(model.stocks):
        reference = f"reference_{stock.initial}" if stock.initial else None
        if reference in params and not np.array_equal(
                stocks[i], np.broadcast_to(params[reference], stocks[i].shape)):
            return False
    return True


def needs_stage_series(table: dict, composite: np.ndarray, begin: int) -> np.ndarray:
    """Per run: its composite may not have been finite at every saved time, so its stage
    series must be saved after all. The integrated improvement sums the composite from
    index ``begin`` on (any value not finite, or a sum too large, makes it not finite);
    the times before ``begin`` are looked at directly."""
    bad = ~np.isfinite(np.asarray(table["integrated_improvement"], dtype=float))
    if begin > 0:
        bad |= ~np.isfinite(composite[:begin]).all(axis=0)
    return bad
