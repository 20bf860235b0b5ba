"""MODEL.md reference mode 4: the seed interventions with 1-on-1 against 1-on-1 alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cyclesim.analysis.interventions import (BY_KEY, INTERVENTIONS, delay, direct_cost_per_week, holds,
                                    lhs_sample, robustness)
from cyclesim.structure.loop_gain import loop_changes, loops_weakened
from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.runner import run
from cyclesim.scenario.files import load_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
NEUTRAL = {
    "self_direction": {"self_direction_effect": 0.0, "self_direction_hours": 0.0},
    "client_network": {"network_coaching_ratio": 0.0, "network_cost": 0.0,
                       "network_participation_effect": 0.0},
    "one_plan": {"one_plan_load_reduction": 0.0, "coordinator_hours": 0.0},
}


@pytest.fixture(scope="module")
def alone():
    return run(SCENARIOS / "one_on_one.toml")


@pytest.fixture(scope="module")
def combos():
    return {i.key: run(SCENARIOS / f"{i.scenario}.toml") for i in INTERVENTIONS}


@pytest.mark.parametrize("key", [i.key for i in INTERVENTIONS])
def test_combination_delays_or_prevents_the_return(key, combos, alone):
    combo = combos[key].outcome
    assert holds(combo, alone.outcome), (key, combo.outcome, combo.return_week,
                                         alone.outcome.return_week)


@pytest.mark.parametrize("key,loop", [("self_direction", "dependency"),
                                      ("one_plan", "bigger_team"),
                                      ("tandem", "dependency")])
def test_loop_gain_of_the_mechanism_loop_falls(key, loop, combos):
    weakened = [c["loop"] for c in loops_weakened(combos[key]) if c["gain_weakened"]]
    assert loop in weakened


def test_client_networks_lower_isolation_and_stigma(combos, alone):
    """Seed 002's mechanism acts on levels, not on a loop's gain: participation lowers
    the isolation the client feels and the stigma it carries, against 1-on-1 alone."""
    combo = combos["client_network"]
    after = combo.trajectory.times > combo.scenario.start_week + 13
    for name in ("felt_isolation", "stigma"):
        assert np.all(combo.trajectory[name][after, 0] < alone.trajectory[name][after, 0])


def test_one_plan_acts_on_the_coordination_link(combos):
    """One plan takes part of the coordination load away for the same team (its
    mechanism): the link it weakens most is links → load."""
    entry = {c["loop"]: c for c in loops_weakened(combos["one_plan"])}["bigger_team"]
    assert entry["link"] == "coordination_links → coordination_load"
    assert entry["link_relative_change"] < -0.3


def test_one_on_one_weakens_nothing_against_itself(alone):
    assert all(abs(c.relative_change) < 1e-9 for c in loop_changes(alone))


@pytest.mark.parametrize("key", sorted(NEUTRAL))
def test_neutral_effects_reproduce_one_on_one(key, alone):
    scenario = load_scenario(SCENARIOS / f"{BY_KEY[key].scenario}.toml")
    neutral = run(scenario, NEUTRAL[key])
    for name in ("incident_rate", "dependency", "team_size", "cumulative_cost"):
        np.testing.assert_allclose(neutral.trajectory[name], alone.trajectory[name],
                                   rtol=1e-9, atol=1e-9)
    assert neutral.outcome.return_week == pytest.approx(alone.outcome.return_week, abs=1e-9)


def test_neutral_tandem_without_taper_reproduces_one_on_one(alone):
    scenario = load_scenario(SCENARIOS / "one_on_one_tandem.toml")
    scenario = scenario.model_copy(update={"schedules": []})
    neutral = run(scenario, {"tandem_conversion_effect": 0.0, "tandem_release_effect": 0.0,
                             "tandem_autonomy_relief": 0.0, "tandem_hours": 0.0})
    np.testing.assert_allclose(neutral.trajectory["cumulative_cost"],
                               alone.trajectory["cumulative_cost"], rtol=1e-9)


@pytest.mark.parametrize("key,hours", [("self_direction", "self_direction_hours"),
                                       ("one_plan", "coordinator_hours"),
                                       ("client_network", "network_coaching_ratio")])
def test_nothing_is_free(key, hours, alone):
    """With its effect neutral, an intervention's own cost still shows in the cost."""
    scenario = load_scenario(SCENARIOS / f"{BY_KEY[key].scenario}.toml")
    effects = {k: v for k, v in NEUTRAL[key].items() if k != hours and k != "network_cost"}
    costly = run(scenario, effects)
    assert costly.outcome.total_cost > alone.outcome.total_cost
    assert direct_cost_per_week(scenario) > 0


def test_delay_and_cost_per_week(combos, alone):
    d = delay(combos["self_direction"].outcome, alone.outcome)
    assert d.delay_weeks > 0
    assert d.cost_per_week_of_delay == pytest.approx(d.extra_cost / d.delay_weeks)


def test_lhs_sample_stays_in_range():
    sample = lhs_sample(("self_direction_effect", "tandem_hours"), 16, seed=3)
    for name, values in sample.items():
        assert values.shape == (16,)
        assert PARAMETERS[name].low <= values.min() <= values.max() <= PARAMETERS[name].high


@pytest.mark.parametrize("key", ["self_direction", "client_network", "one_plan"])
def test_robust_over_effect_ranges(key):
    item = BY_KEY[key]
    result = robustness(item, load_scenario(SCENARIOS / f"{item.scenario}.toml"), n=16)
    assert result.n_samples == 16 and len(result.delays) == 16
    assert result.share_holds >= 0.9


def test_a_run_that_never_improved_has_no_delay(alone):
    """No honeymoon, no return to delay: the delay of a run that never improved (here no
    intervention at all) is not the horizon minus 1-on-1's return week but none (NaN),
    and the report shows "–"; a delay measured against a return not within the horizon
    is shown as a bound."""
    import math

    from cyclesim.present.report import _delay

    none = run(SCENARIOS / "baseline.toml").outcome
    assert none.outcome == "no_honeymoon"
    d = delay(none, alone.outcome)
    assert math.isnan(d.delay_weeks) and math.isnan(d.cost_per_week_of_delay)
    assert delay(alone.outcome, alone.outcome).delay_weeks == 0.0
    assert _delay(d.delay_weeks, d.censored) == "–"
    assert _delay(74.8, True) == "≥ 74.8" and _delay(5.0, False) == "5.0"


def test_a_loop_whose_gain_turns_around_is_weakened_not_strengthened():
    """Loop strength is measured in the loop's own direction: the core team turns the
    reinforcing 'proximity becomes dependency' loop's mean gain negative (0.13 -> -0.26
    at the defaults), which is a change below -100 %, listed as weakened, never a larger
    gain; a balancing loop whose gain turns positive likewise."""
    from cyclesim.structure.loop_gain import _relative_in_polarity

    assert _relative_in_polarity(np.array([-0.255]), np.array([0.13]), "R") < -1.0
    assert _relative_in_polarity(np.array([0.26]), np.array([0.13]), "R") == pytest.approx(1.0)
    assert _relative_in_polarity(np.array([0.088]), np.array([-0.036]), "B") < -1.0
    changes = {c.loop: c for c in loop_changes(run(SCENARIOS / "core_team.toml"))}
    dependency = changes["dependency"]
    assert dependency.gain_one_on_one > 0 > dependency.gain_scenario
    assert dependency.relative_change < -1.0
    assert "dependency" in {c["loop"] for c in loops_weakened(run(SCENARIOS / "core_team.toml"))
                            if c["gain_weakened"]}
