"""Validity tests of the field (Barlas 1996; Sterman 2000, ch. 21): extreme conditions,
integration error, the start-state equilibrium and the mass balance of staff."""

from __future__ import annotations

import numpy as np
import pytest

from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.runner import run, run_batch, scenario_parameters
from cyclesim.scenario.files import load_scenario
from cyclesim.model.graph import structure

ONE_ON_ONE = "scenarios/one_on_one.toml"
EXTREMES = {
    "almost no staff": {"group_support_hours": PARAMETERS["group_support_hours"].lower},
    "no temps available": {"temp_availability": 0.0},
    "huge sickness": {"short_absence_onset_rate": PARAMETERS["short_absence_onset_rate"].upper,
                      "burnout_onset_rate": PARAMETERS["burnout_onset_rate"].upper},
    "zero 1-on-1 hours": {"exclusive_hours_per_day": 0.0},
    "endless hiring delay": {"hiring_time": PARAMETERS["hiring_time"].upper},
    "round-the-clock 1-on-1": {"exclusive_hours_per_day": 24.0, "staff_per_client": 2.0},
}
INDICES = ("proximity", "dependency", "stigma", "negative_self_image", "staff_strain",
           "controlling_climate", "client_tension", "client_satisfaction",
           "staff_satisfaction", "organisation_satisfaction", "temp_share",
           "sickness_absence_share", "able_share", "coordination_load")


@pytest.fixture(scope="module")
def extremes():
    return {name: run(ONE_ON_ONE, overrides) for name, overrides in EXTREMES.items()}


@pytest.mark.parametrize("case", EXTREMES)
def test_extreme_conditions_stay_finite_bounded_and_non_negative(extremes, case):
    tr = extremes[case].trajectory
    assert np.isfinite(tr.values).all()
    for name in INDICES:
        assert tr[name].min() >= -1e-9 and tr[name].max() <= 1 + 1e-9, name
    for name in ("team_size", "temp_staff", "familiar_staff", "short_sick_staff",
                 "burnout_sick_staff", "staff_available", "incident_rate", "cost_per_week"):
        assert tr[name].min() >= -1e-9, name
    assert np.all(tr["sickness_absence"] <= tr["team_size"] + 1e-9)
    assert np.all(tr["familiar_staff"] <= tr["team_size"] + 1e-9)


def test_zero_one_on_one_hours_keep_the_rest_state(extremes):
    tr = extremes["zero 1-on-1 hours"].trajectory
    for name in ("proximity", "dependency", "team_size", "client_tension", "stigma"):
        assert np.allclose(tr[name], tr[name][0], rtol=1e-6), name


def test_endless_hiring_delay_keeps_the_team_from_growing(extremes):
    slow = extremes["endless hiring delay"].trajectory["team_size"][:, 0]
    normal = run(ONE_ON_ONE).trajectory["team_size"][:, 0]
    assert 0.0 <= slow[-1] - slow[0] < 0.35 * (normal[-1] - normal[0])


def test_halving_dt_converges_at_first_order():
    scenario = load_scenario(ONE_ON_ONE)
    params = scenario_parameters(scenario)
    runs = [run_batch(scenario.model_copy(update={"dt": dt}), params).trajectory
            for dt in (0.25, 0.125, 0.0625)]
    stocks = [s.name for s in structure().stocks]
    errors = [max(np.max(np.abs(a[n] - b[n])) / max(np.max(np.abs(b[n])), 1e-9)
                  for n in stocks) for a, b in zip(runs, runs[1:])]
    assert errors[0] < 0.05  # temp staff (a 1-week adjustment) ~3 %, others < 0.5 %
    assert 1.5 < errors[0] / errors[1] < 2.5


def test_start_state_is_an_equilibrium():
    tr = run("scenarios/baseline.toml").trajectory
    for stock in structure().stocks:
        if stock.accumulator:
            continue
        series = tr[stock.name][:, 0]
        assert np.allclose(series, series[0], rtol=1e-6, atol=1e-9), stock.name


def test_staff_mass_balance():
    tr = run(ONE_ON_ONE, {"hiring_time": 8.0}).trajectory
    team = tr["team_size"][:, 0]
    balance = tr["cumulative_hires"][:, 0] - tr["cumulative_exits"][:, 0]
    np.testing.assert_allclose(team - team[0], balance - balance[0], atol=1e-9)
