"""The intervention as a plan in time: when it starts, schedules, and escalation stages.

Policy parameters (see :mod:`cyclesim.model.params`) hold their neutral default before the
start week; from then on the run's own value applies, or a schedule's value, and once the
escalation stage stock has latched stage ``k``, the overrides of stages 1..k on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS, ParameterSet


@dataclass(frozen=True)
class Schedule:
    """A piecewise-linear time course of a policy parameter (time in weeks of the run).

    Before the first point the first value holds, after the last the last value.
    Equal consecutive times make a step."""

    parameter: str
    times: tuple[float, ...]
    values: tuple[float, ...]

    def at(self, time: float) -> float:
        times = np.asarray(self.times)
        if time >= times[-1]:
            return float(self.values[-1])
        # right-continuous at steps: the last point with t_i <= time wins
        i = int(np.searchsorted(times, time, side="right")) - 1
        if i < 0:
            return float(self.values[0])
        t0, t1 = times[i], times[i + 1]
        v0, v1 = self.values[i], self.values[i + 1]
        return float(v0 + (v1 - v0) * (time - t0) / (t1 - t0)) if t1 > t0 else float(v1)


@dataclass(frozen=True)
class PolicyPlan:
    """When the intervention starts and how it changes afterwards."""

    start_week: float = 0.0
    schedules: tuple[Schedule, ...] = ()
    stages: tuple[dict[str, float], ...] = field(default_factory=tuple)

    def values(self, params: ParameterSet, time: float, stage: np.ndarray | None
               ) -> dict[str, np.ndarray | float]:
        """Policy parameter values at ``time`` for every run (``stage``: latched stages)."""
        if time < self.start_week:
            return {name: PARAMETERS[name].default for name in POLICY_PARAMETERS}
        out: dict[str, np.ndarray | float] = {name: params[name] for name in POLICY_PARAMETERS}
        for schedule in self.schedules:
            out[schedule.parameter] = schedule.at(time)
        if self.stages and stage is not None:
            for k, overrides in enumerate(self.stages, start=1):
                reached = stage >= k - 0.5
                for name, value in overrides.items():
                    out[name] = np.where(reached, value, out[name])
        return out
