"""MODEL.md's reference modes 1-3 as behaviour tests.

The tests assert the behaviour MODEL.md and issue 2 ask for, not the numbers of one
calibration: thresholds are stated below with the reason for each.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from cyclesim.engine import Settings
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.files import load_scenario
from cyclesim.model.graph import structure
from parameter_draws import POLICY, STRUCTURAL, batches

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
REST_TOLERANCE = 1e-6  # issue 2: every stock but the accumulators within 1e-6 relative
MONTHS = 13.0  # [week] "within months": SOURCES.md, the honeymoon comes 1-3 months in
CLEAR_INCIDENT_DROP = 0.10  # a clear honeymoon: incidents at least 10 % below the start
SATISFACTION_RISE = 0.01  # satisfaction at least 1 % above the start
GROWTH = 0.05  # "grow": at least 5 % above the start by the return
SLOW_STOCKS = ("dependency", "team_size", "controlling_climate", "stigma",
               "sickness_absence_share")
# Absence is an indicator of the return itself: it grows back from its honeymoon low to
# at least its start (back at start for the staff), tested on its own below.
GROWING = tuple(n for n in SLOW_STOCKS if n != "sickness_absence_share") + ("temp_share",)
TWICE_TOLERANCE = 0.15  # "roughly twice" the exclusive staff hours: 1.7-2.3 x
EXTRA_COST_FACTOR = 1.5  # "substantially higher" extra cost of 2-on-1
DEPTH_ALLOWANCE = 0.10  # 2-on-1 honeymoon at most 10 % (relative) deeper than 1-on-1


def _stock_drift(trajectory, names) -> dict[str, float]:
    """Largest deviation of each stock from its start, relative to the start value, worst
    run. A stock that starts at exactly 0 (a latched stage, its peak) counts against 1, its
    unit range; one within rounding of 0 (no temps at all) against 1e-6 of its unit, so
    rounding noise of 1e-13 is not a 'relative' drift."""
    out = {}
    for name in names:
        x = trajectory[name]
        scale = np.where(x[0] == 0.0, 1.0, np.maximum(np.abs(x[0]), 1e-6))
        out[name] = float(np.max(np.abs(x - x[0]) / scale))
    return out


def _rest_stocks() -> tuple[str, ...]:
    return tuple(s.name for s in structure().stocks if not s.accumulator)


def _assert_at_rest(trajectory, until: float | None = None) -> None:
    if until is not None:
        keep = trajectory.times <= until
        trajectory = type(trajectory)(trajectory.times[keep], trajectory.names,
                                      trajectory.values[:, keep])
    drift = _stock_drift(trajectory, _rest_stocks())
    moved = {k: v for k, v in drift.items() if not v <= REST_TOLERANCE}
    assert not moved, f"stocks drift from their start (relative): {moved}"


def _at(result, name: str, week: float) -> float:
    """A variable of run 0 at ``week``, interpolated between saved points."""
    return float(np.interp(week, result.trajectory.times, result.trajectory[name][:, 0]))


def _post_start(result, name: str) -> np.ndarray:
    times = result.trajectory.times
    return result.trajectory[name][times >= result.scenario.start_week, 0]


# ---------------------------------------------------------------------------------
# Mode 1: no intervention is an equilibrium, for every parameter set
# ---------------------------------------------------------------------------------
def test_baseline_stays_at_rest(scenario_result):
    _assert_at_rest(scenario_result("baseline").trajectory)


def test_baseline_never_returns(scenario_result):
    outcome = scenario_result("baseline").outcome
    assert outcome.outcome == "no_honeymoon"
    assert not outcome.returned_to_start
    assert outcome.return_week is None


@given(params=batches(STRUCTURAL, max_size=8))
@settings(max_examples=6)
def test_any_in_range_parameters_start_at_rest(params):
    """Each run of a batch starts at the rest state of its own parameters and stays there
    without an intervention."""
    scenario = load_scenario(SCENARIOS / "baseline.toml")
    result = run_batch(scenario, scenario_parameters(scenario, params),
                       variables=_rest_stocks())
    assert np.all(result.rest_residual < 1e-9), result.rest_residual
    _assert_at_rest(result.trajectory)


@given(params=batches(STRUCTURAL + POLICY, max_size=8))
@settings(max_examples=5)
def test_intervention_acts_only_from_its_start_week(params):
    """Whatever the policy levers, nothing moves before the intervention starts."""
    scenario = load_scenario(SCENARIOS / "one_on_one.toml")
    start = scenario.start_week
    result = run_batch(scenario, scenario_parameters(scenario, params),
                       variables=_rest_stocks(),
                       settings=Settings(horizon=start + 2.0, dt=scenario.dt))
    _assert_at_rest(result.trajectory, until=start)


# ---------------------------------------------------------------------------------
# Mode 2: structural 1-on-1 has a honeymoon, then the slow stocks bring it back
# ---------------------------------------------------------------------------------
def test_one_on_one_has_a_clear_honeymoon_within_months(scenario_result):
    result = scenario_result("one_on_one")
    start = result.scenario.start_week
    window = (result.trajectory.times >= start) & (result.trajectory.times <= start + MONTHS)
    incidents = result.trajectory["incident_rate"][window, 0]
    satisfaction = result.trajectory["satisfaction"][window, 0]
    assert incidents.min() <= (1 - CLEAR_INCIDENT_DROP) * incidents[0], \
        f"incidents {incidents[0]:.3f} -> min {incidents.min():.3f} within {MONTHS} weeks"
    assert satisfaction.max() >= (1 + SATISFACTION_RISE) * satisfaction[0], \
        f"satisfaction {satisfaction[0]:.4f} -> max {satisfaction.max():.4f}"
    assert result.outcome.honeymoon_depth > 0


def test_one_on_one_returns_to_start_within_horizon(scenario_result):
    outcome = scenario_result("one_on_one").outcome
    assert outcome.outcome == "returned"
    assert outcome.return_week is not None
    assert outcome.start_week < outcome.return_week <= outcome.horizon_weeks


@pytest.mark.parametrize("name", GROWING)
def test_one_on_one_stock_has_grown_by_the_return(scenario_result, name):
    result = scenario_result("one_on_one")
    week = result.outcome.return_week_censored
    start, then = _at(result, name, result.scenario.start_week), _at(result, name, week)
    assert then >= (1 + GROWTH) * start, f"{name}: {start:.4g} at start, {then:.4g} at week {week:.1f}"


def test_one_on_one_absence_falls_then_grows_back_to_its_start(scenario_result):
    result = scenario_result("one_on_one")
    start = _at(result, "sickness_absence_share", result.scenario.start_week)
    low = _at(result, "sickness_absence_share", result.outcome.honeymoon_peak_week)
    then = _at(result, "sickness_absence_share", result.outcome.return_week_censored)
    assert low < start <= then


@pytest.mark.parametrize("name", SLOW_STOCKS)
def test_one_on_one_slow_stock_grows_after_the_honeymoon_peak(scenario_result, name):
    """The return comes from slow stocks overtaking the relief: they keep growing from
    the honeymoon's peak to the return."""
    result = scenario_result("one_on_one")
    peak = result.outcome.honeymoon_peak_week
    assert peak is not None
    week = result.outcome.return_week_censored
    assert _at(result, name, week) > _at(result, name, peak)


def test_one_on_one_return_is_not_from_a_timer(scenario_result):
    """No schedule or escalation in the file, and the hours policy holds the whole run."""
    result = scenario_result("one_on_one")
    scenario = result.scenario
    assert scenario.schedules == [] and scenario.escalation == []
    assert scenario.intervention["exclusive_hours_per_day"] == 12.0
    plan = scenario.plan()
    stage = result.trajectory["escalation_stage"][:, 0:1]
    for i, week in enumerate(result.trajectory.times):
        if week >= scenario.start_week:
            policy = plan.values(result.parameters, float(week), stage[i])
            assert np.all(np.asarray(policy["exclusive_hours_per_day"]) == 12.0), week


def test_one_on_one_hours_demanded_follow_the_rule_not_a_cut(scenario_result):
    """Hours demanded move with incidents (below the policy only while incidents are below
    their start: the honeymoon loop) and never fall below the policy at or after the
    return: the return is not made by cutting hours."""
    result = scenario_result("one_on_one")
    policy = 12.0 * 7.0  # [h/week] 12 h/day, 7 days
    demanded = _post_start(result, "exclusive_hours_demanded")
    incidents = _post_start(result, "incident_rate")
    start_incidents = result.trajectory["incident_rate"][0, 0]
    below = demanded < policy * (1 - 1e-9)
    assert np.all(incidents[below] < start_incidents)
    times = result.trajectory.times[result.trajectory.times >= result.scenario.start_week]
    after_return = times >= result.outcome.return_week
    assert demanded[after_return].min() >= policy


# ---------------------------------------------------------------------------------
# Mode 3: 2-on-1 and a core team against structural 1-on-1
# ---------------------------------------------------------------------------------
def _integral_after_start(result, name: str, weeks: float = np.inf) -> float:
    times = result.trajectory.times
    start = result.scenario.start_week
    keep = (times >= start) & (times <= start + weeks)
    return float(np.trapezoid(result.trajectory[name][keep, 0], times[keep]))


def test_two_on_one_takes_about_twice_the_exclusive_staff_hours(scenario_result):
    """Over the policy's first half year, while both are staffed as planned; later 2-on-1
    runs out of able carriers while 1-on-1 grows to all waking hours."""
    one, two = scenario_result("one_on_one"), scenario_result("two_on_one")
    ratio = (_integral_after_start(two, "exclusive_staff_hours_delivered", 26.0)
             / _integral_after_start(one, "exclusive_staff_hours_delivered", 26.0))
    assert ratio == pytest.approx(2.0, rel=TWICE_TOLERANCE)


def test_two_on_one_costs_substantially_more(scenario_result):
    one, two = scenario_result("one_on_one").outcome, scenario_result("two_on_one").outcome
    assert one.extra_cost > 0
    assert two.extra_cost >= EXTRA_COST_FACTOR * one.extra_cost, (one.extra_cost, two.extra_cost)


def test_two_on_one_honeymoon_is_not_deeper(scenario_result):
    one, two = scenario_result("one_on_one").outcome, scenario_result("two_on_one").outcome
    assert two.honeymoon_depth <= (1 + DEPTH_ALLOWANCE) * one.honeymoon_depth


@pytest.mark.parametrize("statistic", [np.mean, np.max], ids=["mean", "peak"])
def test_core_team_has_lower_coordination_load(scenario_result, statistic):
    one, core = scenario_result("one_on_one"), scenario_result("core_team")
    assert (statistic(_post_start(core, "coordination_load"))
            < statistic(_post_start(one, "coordination_load")))


@pytest.mark.parametrize("statistic", [np.mean, np.max], ids=["mean", "peak"])
def test_core_team_has_higher_strain(scenario_result, statistic):
    one, core = scenario_result("one_on_one"), scenario_result("core_team")
    assert (statistic(_post_start(core, "staff_strain"))
            > statistic(_post_start(one, "staff_strain")))


@pytest.mark.parametrize("name", ["two_on_one", "core_team"])
def test_alternatives_also_return_within_horizon(scenario_result, name):
    outcome = scenario_result(name).outcome
    assert outcome.outcome == "returned"
    assert outcome.return_week <= outcome.horizon_weeks
