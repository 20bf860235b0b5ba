"""Judging a batch whose policy stage cannot switch, without saving the stage series.

When no run of a batch can switch its policy stage
(:func:`cyclesim.engine.held_stage.stages_never_switch`), the stage stock stays exactly
where it started: its series has no rise, so every run has one stage, the stage the
judgement would read off the saved series. Such a batch need not save
``escalation_stage``; it still saves the stage improvement, which the judgement of that
one stage reads (it equals the composite only to the last bits: the kernels divide by a
reference through its reciprocal, by a stage-start stock directly).
"""

from __future__ import annotations

from cyclesim.engine.held_stage import STAGE, likely_never_switch, stages_never_switch

__all__ = ["SKIPPED", "lean", "likely_never_switch", "stages_never_switch"]

SKIPPED = (STAGE,)  # what a stageless batch does not save


def lean(names: tuple[str, ...], asked: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` without what a stageless batch does not save, unless ``asked`` for."""
    return tuple(name for name in names if name in asked or name not in SKIPPED)
