"""The story's behaviour over the whole plausible space (issue 10, MODEL.md "Not only at
the defaults"): each claim is a share of 1 000 Latin-hypercube draws over the plausible
range of every structural parameter, fixed seed, policies compared on the same draws.
The thresholds are the issue's; the README reports the measured shares.
"""

from __future__ import annotations

import numpy as np
import pytest

from cyclesim import load_scenario, run
from cyclesim.analysis.plausible import (latin_draws, parts_at, run_draws, share,
                                         weeks_until_back)
from cyclesim.outcome import HONEYMOON_CLASSES

DRAWS = 1000
SEED = 2026
INDICATOR_SERIES = ("incident_rate", "sickness_absence_share", "satisfaction",
                    "exclusive_staff_hours_delivered", "exclusive_staff_hours_demanded")


@pytest.fixture(scope="module")
def draws() -> dict[str, np.ndarray]:
    return latin_draws(DRAWS, SEED)


@pytest.fixture(scope="module")
def runs(draws, scenarios_dir):
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = run_draws(load_scenario(scenarios_dir / f"{name}.toml"), draws,
                                    INDICATOR_SERIES)
        return cache[name]

    return get


def classes(result) -> np.ndarray:
    return np.asarray(result.table["outcome"])


def test_one_on_one_has_a_honeymoon_and_comes_back(runs):
    c = classes(runs("one_on_one"))
    assert share(np.isin(c, HONEYMOON_CLASSES)) >= 0.90
    assert share(c == "returned") >= 0.80
    assert share(c == "worse") <= 0.05


def test_back_at_start_for_all_parties(runs):
    """At the return week no part (incidents, absence, satisfaction) is still better
    than its start by more than the honeymoon threshold, in >= 80 % of returning draws."""
    result = runs("one_on_one")
    returned = classes(result) == "returned"
    weeks = np.where(returned, result.table["return_week"], np.nan)
    parts = parts_at(result, weeks)
    threshold = result.scenario.outcome.honeymoon_threshold
    all_back = np.all([parts[k][returned] <= threshold for k in parts], axis=0)
    assert share(all_back) >= 0.80


def test_weeks_until_back_agrees_with_the_parts(runs):
    """A part that is back at the return has lag 0; a part still better comes back
    after a positive lag (or never), and at that week it is within the threshold."""
    result = runs("one_on_one")
    returned = classes(result) == "returned"
    weeks = np.where(returned, result.table["return_week"], np.nan)
    threshold = result.scenario.outcome.honeymoon_threshold
    parts = parts_at(result, weeks)
    for name, part in parts.items():
        lag = weeks_until_back(result, weeks, name, threshold)
        assert np.all(np.isnan(lag[~returned]))
        assert np.array_equal(lag[returned] == 0, part[returned] <= threshold)
        late = returned & (lag > 0) & np.isfinite(lag)
        assert np.all(lag[late] > 0)
        assert np.all(parts_at(result, np.where(late, weeks + lag, np.nan))[name][late]
                      <= threshold + 1e-12)


def _mean_after_start(result, name: str, weeks: float) -> np.ndarray:
    tr = result.trajectory
    start = result.scenario.start_week
    window = (tr.times >= start) & (tr.times < start + weeks)
    return tr[name][window].mean(axis=0)


def test_two_on_one_gives_no_deeper_honeymoon(runs):
    one, two = runs("one_on_one"), runs("two_on_one")
    deeper = np.asarray(two.table["honeymoon_depth"]) > np.asarray(
        one.table["honeymoon_depth"]) + 1e-9
    assert share(~deeper) >= 0.80


def test_two_on_one_about_doubles_the_exclusive_staffing(runs):
    """Staff hours of exclusive support over the first half year, 2-on-1 against 1-on-1."""
    one, two = runs("one_on_one"), runs("two_on_one")
    ratio = (_mean_after_start(two, "exclusive_staff_hours_delivered", 26)
             / _mean_after_start(one, "exclusive_staff_hours_delivered", 26))
    assert share((ratio > 1.5) & (ratio < 2.5)) >= 0.80


def test_two_on_one_comes_back_no_later(runs):
    """2-on-1 comes back no later than 1-on-1 on the same draw (return weeks censored at
    the horizon, so a 2-on-1 run without a honeymoon counts as later)."""
    one, two = runs("one_on_one"), runs("two_on_one")
    later = (np.asarray(two.table["return_week_censored"])
             > np.asarray(one.table["return_week_censored"]) + 1.0)
    assert share(~later) >= 0.80


def test_staff_honeymoon_at_the_defaults(scenario_result):
    """Fewer FTE off sick during the honeymoon than at the start (a real fall, not
    dilution by new hires), and strain falls before it rises."""
    result = scenario_result("one_on_one")
    tr = result.trajectory
    begin = int(np.searchsorted(tr.times, result.scenario.start_week))
    sick = tr["sickness_absence"][:, 0]
    peak = int(np.searchsorted(tr.times, result.outcome.honeymoon_peak_week))
    assert sick[begin:peak + 1].min() < sick[begin] * (1 - 1e-3)
    strain = tr["staff_strain"][:, 0]
    low = begin + int(np.argmin(strain[begin:]))
    assert strain[low] < strain[begin] * (1 - 1e-3)
    assert strain[low:].max() > strain[begin]


def test_two_on_one_feels_safer_at_first(scenario_result):
    one, two = scenario_result("one_on_one"), scenario_result("two_on_one")
    start = one.scenario.start_week
    months = (one.trajectory.times > start) & (one.trajectory.times <= start + 13)
    assert np.all(two.trajectory["felt_unsafety"][months, 0]
                  < one.trajectory["felt_unsafety"][months, 0])


def test_core_team_of_the_whole_team_is_the_whole_team(scenario_result, scenarios_dir):
    whole = scenario_result("one_on_one")
    team = 30.0  # FTE, the hard bound: larger than the team ever grows
    assert team > float(whole.trajectory["team_size"][:, 0].max())
    core = run(scenarios_dir / "one_on_one.toml", {"core_team_size": team})
    assert core.outcome.outcome == whole.outcome.outcome
    assert abs(core.outcome.return_week_censored - whole.outcome.return_week_censored) <= 1.0


@pytest.mark.parametrize("size", [1e-3, 0.05])
def test_core_team_outcome_is_continuous_at_zero(scenario_result, scenarios_dir, size):
    whole = scenario_result("one_on_one")
    tiny = run(scenarios_dir / "one_on_one.toml", {"core_team_size": size})
    assert abs(tiny.outcome.return_week_censored - whole.outcome.return_week_censored) <= 1.0
    assert abs(tiny.outcome.honeymoon_depth - whole.outcome.honeymoon_depth) <= 0.01
