"""The model judged over its plausible space, never at one point.

A behaviour claim is a share of Latin-hypercube draws over the plausible range of every
structural parameter (all parameters that are neither policy levers nor outcome
settings), sampled together with a fixed seed. Scenarios are run on the same draws
(paired), so two policies are compared draw by draw.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import qmc

from cyclesim.model.params import PARAMETERS
from cyclesim.outcome import INDICATORS
from cyclesim.scenario.files import Scenario
from cyclesim.scenario.runner import RunResult, run_batch, scenario_parameters

STRUCTURAL: tuple[str, ...] = tuple(n for n, p in PARAMETERS.items()
                                    if not p.policy and p.group != "outcome")


def latin_draws(n: int, seed: int = 2026, names: tuple[str, ...] = STRUCTURAL
                ) -> dict[str, np.ndarray]:
    """``n`` Latin-hypercube draws, uniform over each parameter's plausible range."""
    unit = qmc.LatinHypercube(d=len(names), seed=seed).random(n)
    return {name: PARAMETERS[name].low + unit[:, i] * (PARAMETERS[name].high
                                                       - PARAMETERS[name].low)
            for i, name in enumerate(names)}


def run_draws(scenario: Scenario, draws: dict[str, np.ndarray],
              variables: tuple[str, ...] = (), engine: str | None = None) -> RunResult:
    """The scenario on every draw (the scenario's own parameter values are kept where it
    sets them: a draw never overrides a scenario's declared setting)."""
    n = len(next(iter(draws.values())))
    own = {k: v for k, v in draws.items() if k not in scenario.parameters}
    return run_batch(scenario, scenario_parameters(scenario, own, n), variables,
                     engine=engine)


def improvement(result: RunResult, name: str) -> np.ndarray:
    """The indicator ``name`` as a signed fraction of its value at the intervention's
    start (better positive), at every saved point of every run (times × runs)."""
    tr = result.trajectory
    begin = int(np.searchsorted(tr.times, result.scenario.start_week, side="left"))
    series = tr[name]
    start = series[begin]
    return INDICATORS[name] * (series - start) / np.where(start == 0, 1.0, start)


def _at_weeks(times: np.ndarray, series: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    """``series`` (times × runs) at one week per run, interpolated; NaN where the week is."""
    out = np.full(series.shape[1], np.nan)
    for r in np.flatnonzero(np.isfinite(weeks)):
        out[r] = np.interp(weeks[r], times, series[:, r])
    return out


def parts_at(result: RunResult, weeks: np.ndarray) -> dict[str, np.ndarray]:
    """Each indicator's :func:`improvement` at ``weeks`` (one week per run; NaN where the
    week is NaN), interpolated between saved points."""
    times = result.trajectory.times
    return {name: _at_weeks(times, improvement(result, name), weeks) for name in INDICATORS}


def weeks_until_back(result: RunResult, weeks: np.ndarray, name: str,
                     threshold: float) -> np.ndarray:
    """For each run, how many weeks after ``weeks`` the indicator ``name`` is first back
    within ``threshold`` of its start (its improvement at or below it), at the saved
    points: 0 where it already is (as :func:`parts_at` says), ``inf`` where it is not
    back by the horizon, NaN where the week is NaN. How late a part that is still better
    at the return comes back."""
    times = result.trajectory.times
    better = improvement(result, name)
    at = _at_weeks(times, better, weeks)
    out = np.where(at <= threshold, 0.0, np.nan)
    for r in np.flatnonzero(at > threshold):
        back = np.flatnonzero((times > weeks[r]) & (better[:, r] <= threshold))
        out[r] = times[back[0]] - weeks[r] if back.size else np.inf
    return out


def share(mask: np.ndarray) -> float:
    """The share of draws for which ``mask`` holds."""
    return float(np.mean(mask)) if np.size(mask) else float("nan")


def direction_shares(scenario: Scenario, name: str, base: dict[str, np.ndarray],
                     engine: str | None = None, min_shift: float = 0.5
                     ) -> tuple[float, float, int]:
    """How the censored return week moves when ``name`` goes from the lower to the upper
    quarter of its plausible range, at each base point (the other parameters as drawn).

    Returns the share of moving draws that move later, the share that move earlier
    (moving: by more than ``min_shift`` weeks), and the number of moving draws."""
    p = PARAMETERS[name]
    week = []
    for level in (0.25, 0.75):
        draws = dict(base)
        draws[name] = np.full(len(next(iter(base.values()))), p.low + level * (p.high - p.low))
        week.append(np.asarray(run_draws(scenario, draws, engine=engine)
                               .table["return_week_censored"]))
    shift = week[1] - week[0]
    moving = np.abs(shift) > min_shift
    n = int(moving.sum())
    if n == 0:
        return 0.0, 0.0, 0
    return float(np.mean(shift[moving] > 0)), float(np.mean(shift[moving] < 0)), n
