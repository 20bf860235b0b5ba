"""The return-to-start judgement of one run, written as its definition reads: the
reference that :func:`cyclesim.outcome.judge_table` (batched, NumPy over runs) is tested
against, and the composite improvement computed ex post from the indicator series (the
model computes it in its listing, ``composite_improvement``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cyclesim import outcome
from cyclesim.outcome import INDICATORS, Outcome


@dataclass(frozen=True)
class OutcomeSettings:
    """The judgement's tolerances plus the composite's weights (as a scenario's
    ``[outcome]`` table holds them)."""

    weight_incidents: float = 1.0
    weight_absence: float = 1.0
    weight_satisfaction: float = 1.0
    honeymoon_threshold: float = 0.05
    return_tolerance: float = 0.0

    def weights(self) -> dict[str, float]:
        return {"incident_rate": self.weight_incidents,
                "sickness_absence_share": self.weight_absence,
                "satisfaction": self.weight_satisfaction}


def with_composite(times: np.ndarray, series: dict[str, np.ndarray], start_week: float,
                   settings: OutcomeSettings) -> dict[str, np.ndarray]:
    """``series`` with ``composite_improvement`` added from its indicators (measured from
    the start week) where it is not there yet."""
    if "composite_improvement" in series:
        return series
    begin = int(np.searchsorted(times, start_week, side="left"))
    return {**series, "composite_improvement": composite(series, begin, settings)}


def judge(times, series, start_week, settings, reference_cost) -> list[Outcome]:
    """:func:`cyclesim.outcome.judge` on series that may hold indicators only."""
    return outcome.judge(times, with_composite(times, series, start_week, settings),
                         start_week, settings, reference_cost)


def judge_table(times, series, start_week, settings, reference_cost) -> dict:
    """:func:`cyclesim.outcome.judge_table` on series that may hold indicators only."""
    return outcome.judge_table(times, with_composite(times, series, start_week, settings),
                               start_week, settings, reference_cost)


def improvements(series: dict[str, np.ndarray], start_index: int) -> dict[str, np.ndarray]:
    """Each indicator as a signed fraction of its value at ``start_index`` (better > 0)."""
    out = {}
    for name, sign in INDICATORS.items():
        x = series[name]
        x0 = x[start_index]
        part = x - x0  # sign * (x - x0) / x0, in place: the same floats, less memory
        part *= sign
        part /= np.where(x0 == 0, 1.0, x0)
        out[name] = part
    return out


def composite(series: dict[str, np.ndarray], start_index: int,
              settings: OutcomeSettings) -> np.ndarray:
    """Weighted mean of the indicators' improvements (times × runs)."""
    weights = settings.weights()
    mean = 0  # sum()'s start, kept for the same floats (0 + -0.0 is 0.0)
    for name, part in improvements(series, start_index).items():
        part *= weights[name]
        mean = np.add(mean, part, out=part)  # in place: less memory and time than sum()
    return np.divide(mean, sum(weights.values()), out=mean)


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


def stages_of(times: np.ndarray, stage: np.ndarray, stage_improvement: np.ndarray,
              begin: int, start_week: float, settings: OutcomeSettings) -> list[dict]:
    """The run's policy stages as the definition reads: a stage begins at ``begin`` and
    at each later rise of the latched stage by more than 0.5; it came back to start when
    a honeymoon (``stage_improvement`` at or above the threshold) is followed, inside the
    stage, by a point at or below the tolerance, or when it is switched off after a
    honeymoon; switched off without one it declined; else it runs to the horizon."""
    n = len(times)
    bounds = [begin] + [i for i in range(begin + 1, n) if stage[i] - stage[i - 1] > 0.5]
    bounds = [i for i in bounds if i < n]
    found = []
    for k, a in enumerate(bounds):
        b = bounds[k + 1] if k + 1 < len(bounds) else n
        c = stage_improvement
        up = _first(c[:b] >= settings.honeymoon_threshold, a)
        down = _first(c[:b] <= settings.return_tolerance, up) if up is not None else None
        if up is not None and down == up:
            raise ValueError("a honeymoon with no peak")
        if down is not None:
            end, end_week = "back_at_start", _crossing(times, c, down, settings.return_tolerance)
            if b < n:  # switched: the stage ends where the next one begins
                end_week = float(times[b])
        elif b < n:
            end = "back_at_start" if up is not None else "declined"
            end_week = float(times[b])
        else:
            end, end_week = "horizon", float(times[-1])
        best = c[a:b].max()
        found.append({"stage": k, "start_week": float(start_week) if k == 0 else float(times[a]),
                      "honeymoon_depth": float(max(best, 0.0)), "end_week": end_week,
                      "end_reason": end})
    return found


def count_cycles(stages: list[dict]) -> int:
    """Completed cycles: the stages that came back to start (a declined stage is none)."""
    return sum(1 for s in stages if s["end_reason"] == "back_at_start")


def judge_run(times: np.ndarray, c: np.ndarray, dependency: np.ndarray,
              cumulative_cost: np.ndarray, start_week: float, settings: OutcomeSettings,
              reference_cost: float, stages: list[dict] | None = None) -> Outcome:
    """The outcome of one run from its composite, dependency and cumulative cost series;
    ``reference_cost`` [EUR/week] is the weekly cost at the rest state (no intervention).
    ``stages``: the run's :func:`stages_of` when the escalation stage is saved (then
    ``cycles`` counts the stages back at start); None: one stage, the composite from the
    start week, and every returned honeymoon of the composite is a cycle."""
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
    if stages is None:
        n_cycles = sum(1 for _, down in cycles if down is not None)
        stages = stages_of(times, np.zeros_like(c), c, begin, start_week, settings)
    else:
        n_cycles = count_cycles(stages)
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
        declined_stages=sum(1 for s in stages if s["end_reason"] == "declined"),
        stages=stages,
    )
