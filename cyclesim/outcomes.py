"""The return-to-start outcome ("terug bij af"), measured on saved trajectories.

Definition (MODEL.md, made explicit):

* Each indicator is a signed fraction of its value at the intervention's start, "better"
  positive: incidents ``1 - x/x0``, sickness absence ``1 - x/x0``, satisfaction
  ``x/x0 - 1``. The composite is their weighted mean (weights from the scenario).
* Honeymoon: the composite reaches at least ``honeymoon_threshold`` after the start. Its
  depth is the best composite (a positive fraction); its length runs from the first
  crossing above the threshold to the first crossing back below it after the peak
  (interpolated; censored at the horizon).
* Return: the first time after the honeymoon's peak at which the composite is at or
  below ``return_tolerance``, interpolated linearly between saved points, in weeks from
  the start of the run.
* Classes: ``returned``; ``not_within_horizon`` (honeymoon, no return yet);
  ``no_honeymoon`` (never reached the threshold); ``worse`` (no honeymoon, and the
  composite fell to ``-honeymoon_threshold`` or below).
* Censoring: a run that did not return has ``return_week = None``; ``return_week_censored``
  holds the horizon for it (flag ``censored``), for analyses that need a number. The
  time-integrated improvement (composite integrated over the weeks after the start) is a
  continuous, uncensored alternative.
* Cycles: after a return, a new honeymoon and a new return count as a further cycle
  (the escalation scenario switches policy at each return).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

INDICATORS = {  # indicator: +1 if higher is better, -1 if lower is better
    "incident_rate": -1,
    "sickness_absence_share": -1,
    "satisfaction": +1,
}
WEIGHT_PARAMETERS = {
    "incident_rate": "outcome_weight_incidents",
    "sickness_absence_share": "outcome_weight_absence",
    "satisfaction": "outcome_weight_satisfaction",
}
CLASSES = ("returned", "not_within_horizon", "no_honeymoon", "worse")


@dataclass(frozen=True)
class OutcomeSettings:
    """Weights and tolerances of the return-to-start judgement."""

    weight_incidents: float = 1.0
    weight_absence: float = 1.0
    weight_satisfaction: float = 1.0
    honeymoon_threshold: float = 0.05
    return_tolerance: float = 0.0

    def weights(self) -> dict[str, float]:
        return {"incident_rate": self.weight_incidents,
                "sickness_absence_share": self.weight_absence,
                "satisfaction": self.weight_satisfaction}


@dataclass
class Outcome:
    """The return-to-start outcome of one run."""

    outcome: str
    returned_to_start: bool
    return_week: float | None
    return_week_censored: float
    censored: bool
    honeymoon_depth: float
    honeymoon_weeks: float
    honeymoon_peak_week: float | None
    cycles: int
    extra_cost_at_return: float | None
    dependency_at_return: float | None
    peak_dependency: float
    total_cost: float
    extra_cost: float
    integrated_improvement: float
    start_week: float
    horizon_weeks: float

    def to_dict(self) -> dict:
        return asdict(self)


def improvements(series: dict[str, np.ndarray], start_index: int) -> dict[str, np.ndarray]:
    """Each indicator as a signed fraction of its value at ``start_index`` (better > 0)."""
    out = {}
    for name, sign in INDICATORS.items():
        x = series[name]
        x0 = x[start_index]
        out[name] = sign * (x - x0) / np.where(x0 == 0, 1.0, x0)
    return out


def composite(series: dict[str, np.ndarray], start_index: int,
              settings: OutcomeSettings) -> np.ndarray:
    """Weighted mean of the indicators' improvements (times × runs)."""
    parts = improvements(series, start_index)
    weights = settings.weights()
    total = sum(weights.values())
    return sum(weights[k] * parts[k] for k in parts) / total


def _crossing(times: np.ndarray, c: np.ndarray, i: int, level: float) -> float:
    """Interpolated time between points i-1 and i where ``c`` passes ``level``."""
    c0, c1 = c[i - 1], c[i]
    if c1 == c0:
        return float(times[i])
    return float(times[i - 1] + (level - c0) / (c1 - c0) * (times[i] - times[i - 1]))


def _first(mask: np.ndarray, offset: int) -> int | None:
    hits = np.flatnonzero(mask[offset:])
    return int(hits[0]) + offset if hits.size else None


def _cycles(c: np.ndarray, begin: int, threshold: float, tolerance: float) -> list[tuple[int, int | None]]:
    """(peak index, return index or None) of each honeymoon after ``begin``."""
    found, pos = [], begin
    while pos < len(c):
        up = _first(c >= threshold, pos)
        if up is None:
            break
        down = _first(c <= tolerance, up)
        segment_end = down if down is not None else len(c)
        peak = up + int(np.argmax(c[up:segment_end]))
        found.append((peak, down))
        if down is None:
            break
        pos = down + 1
    return found


def count_cycles(stage: np.ndarray, stage_improvement: np.ndarray, begin: int,
                 settings: OutcomeSettings) -> int:
    """Completed cycles: each latched stage switch is one (back at that stage's start, or
    declined below it), plus a return in the last stage, judged the same way."""
    switches = np.flatnonzero(np.diff(stage) > 0.5) + 1
    last_begin = int(switches[-1]) if switches.size else begin
    last = _cycles(stage_improvement, last_begin, settings.honeymoon_threshold,
                   settings.return_tolerance)
    return int(switches.size) + sum(1 for _, down in last[:1] if down is not None)


def judge_run(times: np.ndarray, c: np.ndarray, dependency: np.ndarray,
              cumulative_cost: np.ndarray, start_week: float, settings: OutcomeSettings,
              reference_cost: float, n_cycles: int | None = None) -> Outcome:
    """The outcome of one run from its composite, dependency and cumulative cost series;
    ``reference_cost`` [EUR/week] is the weekly cost at the rest state (no intervention)."""
    begin = int(np.searchsorted(times, start_week, side="left"))
    horizon = float(times[-1])
    ref_cost = float(reference_cost)
    cycles = _cycles(c, begin, settings.honeymoon_threshold, settings.return_tolerance)
    after = c[begin:]
    depth = float(max(after.max(), 0.0))
    integrated = float(np.trapezoid(after, times[begin:]))
    peak_week = return_week = None
    honeymoon_weeks = 0.0
    if cycles:
        peak, down = cycles[0]
        peak_week = float(times[peak])
        up = _first(c >= settings.honeymoon_threshold, begin)
        t_up = _crossing(times, c, up, settings.honeymoon_threshold) if up > begin else float(times[up])
        below = _first(c < settings.honeymoon_threshold, peak)
        t_below = (_crossing(times, c, below, settings.honeymoon_threshold)
                   if below is not None else horizon)
        honeymoon_weeks = t_below - t_up
        if down is not None:
            return_week = _crossing(times, c, down, settings.return_tolerance)
    if n_cycles is None:
        n_cycles = sum(1 for _, down in cycles if down is not None)
    if cycles:
        label = "returned" if return_week is not None else "not_within_horizon"
    elif after.min() <= -settings.honeymoon_threshold:
        label = "worse"
    else:
        label = "no_honeymoon"
    extra_at_return = dep_at_return = None
    if return_week is not None:
        cost_then = float(np.interp(return_week, times, cumulative_cost))
        extra_at_return = cost_then - ref_cost * return_week
        dep_at_return = float(np.interp(return_week, times, dependency))
    return Outcome(
        outcome=label,
        returned_to_start=return_week is not None,
        return_week=return_week,
        return_week_censored=return_week if return_week is not None else horizon,
        censored=return_week is None,
        honeymoon_depth=depth if cycles else 0.0,
        honeymoon_weeks=float(honeymoon_weeks),
        honeymoon_peak_week=peak_week,
        cycles=n_cycles,
        extra_cost_at_return=extra_at_return,
        dependency_at_return=dep_at_return,
        peak_dependency=float(dependency.max()),
        total_cost=float(cumulative_cost[-1]),
        extra_cost=float(cumulative_cost[-1] - ref_cost * horizon),
        integrated_improvement=integrated,
        start_week=float(start_week),
        horizon_weeks=horizon,
    )


def judge(times: np.ndarray, series: dict[str, np.ndarray], start_week: float,
          settings: OutcomeSettings, reference_cost: np.ndarray) -> list[Outcome]:
    """Outcomes of every run of a batch; ``series`` holds (times × runs) arrays of the
    indicators, ``dependency`` and ``cumulative_cost``."""
    begin = int(np.searchsorted(times, start_week, side="left"))
    c = composite(series, begin, settings)
    staged = "escalation_stage" in series and "stage_improvement" in series
    return [judge_run(times, c[:, r], series["dependency"][:, r],
                      series["cumulative_cost"][:, r], start_week, settings,
                      reference_cost[r],
                      count_cycles(series["escalation_stage"][:, r],
                                   series["stage_improvement"][:, r], begin, settings)
                      if staged else None)
            for r in range(c.shape[1])]


OUTCOME_VARIABLES = tuple(INDICATORS) + ("dependency", "cumulative_cost", "escalation_stage",
                                         "stage_improvement")
