"""The return-to-start outcome on synthetic composites whose answers are known exactly.

Piecewise-linear composites with their corners on saved points are reproduced exactly by
linear interpolation, so their crossings are known in closed form; a sine's zero is
found to high accuracy because its curvature vanishes there.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from outcome_reference import OutcomeSettings, composite, improvements, judge, judge_run

START = 8.0  # [week] intervention start of every synthetic run
REFERENCE_COST = 1000.0  # [EUR/week] weekly cost at rest


def weeks(horizon: float, every: float = 1.0) -> np.ndarray:
    return np.arange(0.0, horizon + every / 2, every)


def piecewise(times: np.ndarray, corners: list[tuple[float, float]]) -> np.ndarray:
    """A composite through ``corners`` (week, value), 0 before the start."""
    t, v = zip(*([(0.0, 0.0), (START, 0.0)] + corners))
    return np.interp(times, t, v)


def outcome_of(times, c, *, threshold=0.05, tolerance=0.0, dependency=None, cost=None):
    dependency = np.zeros_like(times) if dependency is None else dependency
    cost = REFERENCE_COST * times if cost is None else cost
    return judge_run(times, c, dependency, cost, START,
                     OutcomeSettings(honeymoon_threshold=threshold, return_tolerance=tolerance),
                     REFERENCE_COST)


def line_crossing(t0, v0, t1, v1, level):
    return t0 + (level - v0) / (v1 - v0) * (t1 - t0)


# ---------------------------------------------------------------------------------
# Return week, honeymoon depth and length: a tent (rise, then fall below start)
# ---------------------------------------------------------------------------------
TENTS = [  # peak, weeks to peak, trough, weeks from peak to trough, tolerance, save_every
    pytest.param(0.20, 20, -0.10, 50, 0.0, 1.0, id="crossing-between-points"),
    pytest.param(0.20, 20, -0.10, 50, 0.0, 2.0, id="coarse-saving"),
    pytest.param(0.20, 20, -0.10, 50, 0.02, 0.5, id="tolerance-above-zero"),
    pytest.param(0.08, 12, -0.40, 30, 0.0, 1.0, id="shallow-peak-steep-fall"),
    pytest.param(0.50, 40, -0.05, 100, 0.0, 0.25, id="deep-slow"),
    pytest.param(0.20, 20, -0.20, 40, 0.0, 1.0, id="crossing-on-a-saved-point"),
]


@pytest.mark.parametrize("peak,rise,trough,fall,tolerance,every", TENTS)
def test_tent_return_week_and_honeymoon(peak, rise, trough, fall, tolerance, every):
    threshold = 0.05
    t_peak, t_trough = START + rise, START + rise + fall
    times = weeks(t_trough + 20, every)
    c = piecewise(times, [(t_peak, peak), (t_trough, trough)])
    out = outcome_of(times, c, threshold=threshold, tolerance=tolerance)

    expected_return = line_crossing(t_peak, peak, t_trough, trough, tolerance)
    t_up = line_crossing(START, 0.0, t_peak, peak, threshold)
    t_below = line_crossing(t_peak, peak, t_trough, trough, threshold)
    assert out.outcome == "returned"
    assert out.returned_to_start and not out.censored
    assert out.return_week == pytest.approx(expected_return, abs=1e-9)
    assert out.return_week_censored == out.return_week
    assert out.honeymoon_depth == pytest.approx(peak, abs=1e-12)
    assert out.honeymoon_peak_week == pytest.approx(t_peak)
    assert out.honeymoon_weeks == pytest.approx(t_below - t_up, abs=1e-9)
    assert out.cycles == 1


@pytest.mark.parametrize("period,amplitude", [(100.6, 0.2), (61.3, 0.1), (150.0, 0.3)])
def test_sine_return_week(period, amplitude):
    """c(t) = A sin(2π (t - start)/P): back at start half a period after the start."""
    times = weeks(START + 0.5 * period + 10)
    phase = 2 * np.pi * np.clip(times - START, 0, None) / period
    c = amplitude * np.sin(phase)
    threshold = 0.05
    out = outcome_of(times, c, threshold=threshold)
    assert out.outcome == "returned"
    assert out.return_week == pytest.approx(START + period / 2, abs=1e-3)
    assert out.honeymoon_depth == pytest.approx(amplitude, rel=2e-3)
    offset = math.asin(threshold / amplitude) / (2 * np.pi) * period
    assert out.honeymoon_weeks == pytest.approx(period / 2 - 2 * offset, abs=0.05)


def test_return_counts_only_after_the_honeymoon_peak():
    """An early dip below start, before the honeymoon, is not the return."""
    times = weeks(120)
    c = piecewise(times, [(12, -0.02), (40, 0.2), (90, -0.1)])
    out = outcome_of(times, c)
    assert out.outcome == "returned"
    assert out.return_week == pytest.approx(line_crossing(40, 0.2, 90, -0.1, 0.0))


@pytest.mark.parametrize("before", [0.3, -0.3])
def test_values_before_the_start_do_not_count(before):
    times = weeks(120)
    c = piecewise(times, [(28, 0.2), (78, -0.1)])
    reference = outcome_of(times, c)
    c[times < START] = before
    assert outcome_of(times, c) == reference


# ---------------------------------------------------------------------------------
# Classes and censoring
# ---------------------------------------------------------------------------------
CLASSES = [  # corners after the start, expected class
    pytest.param([(30, 0.2), (156, 0.15)], "not_within_horizon", id="honeymoon-no-return"),
    pytest.param([(30, 0.03), (90, -0.03), (156, 0.0)], "no_honeymoon", id="small-wiggle"),
    pytest.param([(60, -0.2), (156, -0.3)], "worse", id="worse"),
    pytest.param([(30, -0.049), (156, -0.02)], "no_honeymoon", id="just-not-worse"),
    pytest.param([(30, 0.2), (80, -0.1), (156, -0.1)], "returned", id="returned"),
]


@pytest.mark.parametrize("corners,expected", CLASSES)
def test_every_run_falls_in_one_class(corners, expected):
    times = weeks(156)
    out = outcome_of(times, piecewise(times, corners))
    assert out.outcome == expected
    assert out.returned_to_start == (expected == "returned")


@pytest.mark.parametrize("corners", [c.values[0] for c in CLASSES[:4]],
                         ids=[c.id for c in CLASSES[:4]])
def test_no_return_is_censored_at_the_horizon(corners):
    times = weeks(156)
    out = outcome_of(times, piecewise(times, corners))
    assert out.return_week is None
    assert out.censored
    assert out.return_week_censored == pytest.approx(156.0)
    assert out.extra_cost_at_return is None and out.dependency_at_return is None
    assert out.cycles == 0


def test_unfinished_honeymoon_lasts_until_the_horizon():
    times = weeks(156)
    out = outcome_of(times, piecewise(times, [(28, 0.2), (156, 0.2)]))
    t_up = line_crossing(START, 0.0, 28, 0.2, 0.05)
    assert out.honeymoon_weeks == pytest.approx(156 - t_up)
    assert out.honeymoon_depth == pytest.approx(0.2)


@pytest.mark.parametrize("corners", [c.values[0] for c in CLASSES[1:4]],
                         ids=[c.id for c in CLASSES[1:4]])
def test_no_honeymoon_has_no_depth_or_length(corners):
    times = weeks(156)
    out = outcome_of(times, piecewise(times, corners))
    assert out.honeymoon_depth == 0.0
    assert out.honeymoon_weeks == 0.0
    assert out.honeymoon_peak_week is None


# ---------------------------------------------------------------------------------
# Cycles (escalation)
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("corners,cycles,first_return", [
    pytest.param([(28, 0.2), (58, -0.1), (90, 0.2), (120, -0.1), (156, -0.1)], 2,
                 line_crossing(28, 0.2, 58, -0.1, 0.0), id="two-returns"),
    pytest.param([(28, 0.2), (58, -0.1), (90, 0.2), (156, 0.2)], 1,
                 line_crossing(28, 0.2, 58, -0.1, 0.0), id="second-unfinished"),
    pytest.param([(20, 0.1), (40, -0.05), (60, 0.1), (80, -0.05), (100, 0.1), (120, -0.05),
                  (156, -0.05)], 3, line_crossing(20, 0.1, 40, -0.05, 0.0), id="three-returns"),
    pytest.param([(28, 0.2), (58, -0.1), (90, 0.03), (156, -0.1)], 1,
                 line_crossing(28, 0.2, 58, -0.1, 0.0), id="no-second-honeymoon"),
])
def test_cycles_are_counted(corners, cycles, first_return):
    times = weeks(156)
    out = outcome_of(times, piecewise(times, corners))
    assert out.cycles == cycles
    assert out.return_week == pytest.approx(first_return)


# ---------------------------------------------------------------------------------
# Cost and dependency at the return
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("extra_per_week,growth", [(500.0, 0.004), (2500.0, 0.01), (0.0, 0.0)])
def test_extra_cost_and_dependency_at_return(extra_per_week, growth):
    """Cost above the rest level by ``extra_per_week`` from the start; dependency rising
    by ``growth`` per week from 0.15."""
    times = weeks(156)
    c = piecewise(times, [(28, 0.2), (78, -0.1)])
    after = np.clip(times - START, 0, None)
    cost = REFERENCE_COST * times + extra_per_week * after
    dependency = 0.15 + growth * after
    out = outcome_of(times, c, cost=cost, dependency=dependency)
    r = line_crossing(28, 0.2, 78, -0.1, 0.0)
    assert out.return_week == pytest.approx(r)
    assert out.extra_cost_at_return == pytest.approx(extra_per_week * (r - START), abs=1e-6)
    assert out.dependency_at_return == pytest.approx(0.15 + growth * (r - START))
    assert out.peak_dependency == pytest.approx(dependency.max())
    assert out.total_cost == pytest.approx(cost[-1])
    assert out.extra_cost == pytest.approx(extra_per_week * (156 - START), abs=1e-6)


def test_integrated_improvement_of_a_ramp():
    """c(t) = g (t - start): its integral over the run after the start is g (H - start)²/2."""
    g, horizon = 0.002, 156.0
    times = weeks(horizon)
    c = g * np.clip(times - START, 0, None)
    out = outcome_of(times, c)
    assert out.integrated_improvement == pytest.approx(g * (horizon - START) ** 2 / 2)


# ---------------------------------------------------------------------------------
# Indicators and their composite
# ---------------------------------------------------------------------------------
def _indicator_series() -> dict[str, np.ndarray]:
    """Start values at index 1; at index 2 incidents -20 %, absence +25 %, satisfaction +10 %."""
    return {
        "incident_rate": np.array([[10.0], [10.0], [8.0]]),
        "sickness_absence_share": np.array([[0.08], [0.08], [0.10]]),
        "satisfaction": np.array([[0.6], [0.6], [0.66]]),
    }


def test_indicators_are_signed_fractions_better_positive():
    parts = improvements(_indicator_series(), start_index=1)
    assert parts["incident_rate"][2, 0] == pytest.approx(0.2)
    assert parts["sickness_absence_share"][2, 0] == pytest.approx(-0.25)
    assert parts["satisfaction"][2, 0] == pytest.approx(0.1)
    assert all(p[1, 0] == 0.0 for p in parts.values())


@pytest.mark.parametrize("weights,expected", [
    ((1.0, 1.0, 1.0), (0.2 - 0.25 + 0.1) / 3),
    ((2.0, 0.0, 1.0), (0.4 + 0.1) / 3),
    ((0.0, 1.0, 0.0), -0.25),
    ((1.0, 0.0, 0.0), 0.2),
])
def test_composite_is_the_weighted_mean(weights, expected):
    settings = OutcomeSettings(*weights)
    c = composite(_indicator_series(), start_index=1, settings=settings)
    assert c[2, 0] == pytest.approx(expected)


def test_batched_judgement_equals_each_run_alone():
    times = weeks(156)
    shapes = [[(28, 0.2), (78, -0.1)], [(30, 0.2), (156, 0.15)], [(60, -0.2), (156, -0.3)]]
    c = np.stack([piecewise(times, s) for s in shapes], axis=1)
    # indicators that give composite c exactly: satisfaction alone, start value 1
    series = {"incident_rate": np.ones_like(c), "sickness_absence_share": np.ones_like(c),
              "satisfaction": 1.0 + c, "dependency": np.zeros_like(c),
              "cumulative_cost": np.outer(REFERENCE_COST * times, np.ones(3))}
    settings = OutcomeSettings(0.0, 0.0, 1.0)
    batch = judge(times, series, START, settings, np.full(3, REFERENCE_COST))
    alone = [outcome_of(times, c[:, r]) for r in range(3)]
    assert [o.outcome for o in batch] == ["returned", "not_within_horizon", "worse"]
    for b, a in zip(batch, alone):
        b, a = b.to_dict(), a.to_dict()
        assert b.pop("stages") == [pytest.approx(s) for s in a.pop("stages")]
        assert b == pytest.approx(a)
