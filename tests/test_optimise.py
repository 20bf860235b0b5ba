"""Robust policy search (issue 12, deliverable 3): differential evolution over lever grids
finds the optimum an exhaustive grid finds — on a synthetic evaluator and on the model
with common random numbers — and writes scenario files that load back. No test depends
on today's model numbers: the search is compared with the grid under the same evaluator."""

from __future__ import annotations

import json
import math

import pytest

from cyclesim.analysis.optimise import (Evaluation, grid_search, model_evaluator,
                                        optimise, parse_optimise_spec, pareto_front,
                                        policy_scenario, search)
from cyclesim.present.optimise_report import scenario_toml
from cyclesim.scenario.files import load_scenario


def synthetic_evaluator(candidates):
    """Robustness rises with x and y; cost is a bowl; the cheapest point with
    robustness >= 0.8 is not at a corner."""
    out = []
    for c in candidates:
        x, y = c["x"], c["y"]
        robustness = min(1.0, 0.1 * x + 0.15 * y)
        cost = 1000 * x + 1700 * y + 40 * (x - 3) ** 2
        out.append(Evaluation(dict(c), robustness, cost, cost, cost, 1 - robustness, None, 1))
    return out


GRIDS = {"x": tuple(float(i) for i in range(10)), "y": tuple(float(i) for i in range(6))}


def test_search_finds_the_grid_optimum_of_a_synthetic_case():
    grid = grid_search(GRIDS, synthetic_evaluator, 0.8)
    found = search(GRIDS, synthetic_evaluator, 0.8, popsize=10, generations=30, seed=3)
    assert grid.best.robustness >= 0.8
    assert found.best.levers == grid.best.levers
    assert found.best.cost == grid.best.cost


def test_pareto_front_is_non_dominated_and_sorted():
    front = pareto_front(synthetic_evaluator(
        [{"x": x, "y": y} for x in GRIDS["x"] for y in GRIDS["y"]]))
    costs = [e.cost for e in front]
    assert costs == sorted(costs)
    assert all(b.robustness > a.robustness for a, b in zip(front, front[1:]))


SMALL = {
    "scenario": "one_on_one.toml", "target": 0.5, "samples": 8, "seed": 3,
    "popsize": 6, "generations": 12,
    "levers": {"hours_start": {"values": [4.0, 12.0]},
               "hours_end": {"values": [0.0, 4.0]},
               "taper_start": {"values": [26.0, 104.0]},
               "staff_per_client": {"values": [1.0, 2.0]},
               "core_team_size": {"low": 0.0, "high": 4.0, "step": 4.0}},
}


@pytest.fixture(scope="module")
def small_spec(scenarios_dir):
    return parse_optimise_spec(SMALL, "test", load_scenario(scenarios_dir / "one_on_one.toml"))


def test_search_on_the_model_matches_the_grid(small_spec):
    grid = optimise(small_spec, exhaustive=True)
    found = optimise(small_spec)
    assert grid.n_evaluations == 32
    assert found.best.objective(0.5) == pytest.approx(grid.best.objective(0.5))
    assert found.best.robustness == grid.best.robustness


def test_common_random_numbers(small_spec):
    """A candidate gives the same figures alone or in a batch with others (same draws),
    and a candidate's levers are what its written scenario runs."""
    evaluate = model_evaluator(small_spec)
    a = {"hours_start": 12.0, "hours_end": 4.0, "taper_start": 26.0, "staff_per_client": 1.0,
         "core_team_size": 0.0}
    b = dict(a, staff_per_client=2.0, hours_start=4.0)
    alone = evaluate([a])[0]
    together = evaluate([b, a])[1]
    assert alone.cost == together.cost and alone.robustness == together.robustness


def test_front_policies_are_scenario_files_that_load_back(small_spec, tmp_path):
    levers = {"hours_start": 12.0, "hours_end": 4.0, "taper_start": 26.0, "taper_end": 60.0,
              "core_team_size": 4.0, "tandem": 1.0}
    scenario = policy_scenario(small_spec.base, levers, name="policy_01")
    path = tmp_path / "policy_01.toml"
    path.write_text(scenario_toml(scenario, "a comment"))
    back = load_scenario(path)
    assert back.model_dump() == scenario.model_dump()
    assert back.schedules[0].points == [(8.0, 12.0), (26.0, 12.0), (60.0, 4.0)]
    assert back.intervention["tandem"] == 1.0


def test_command_json_and_out(cli, scenarios_dir, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(f'scenario = "{scenarios_dir / "one_on_one.toml"}"\n'
                    "target = 0.5\nsamples = 4\npopsize = 3\ngenerations = 2\n"
                    "[levers.staff_per_client]\nvalues = [1.0, 2.0]\n"
                    "[levers.core_team_size]\nvalues = [0.0, 4.0]\n")
    status, out, err = cli("optimise", spec, "--json", "--out", tmp_path / "out")
    assert status == 0, err
    record = json.loads(out)
    assert record["pareto_front"] and record["draws"]["samples"] == 4
    assert (tmp_path / "out" / "front.csv").is_file()
    assert (tmp_path / "out" / "policy_01.toml").is_file()
    load_scenario(tmp_path / "out" / "policy_01.toml")
    assert math.isfinite(record["pareto_front"][0]["mean_extra_cost_eur"])


@pytest.mark.parametrize("body, words", [
    ("[levers.nonsense]\nvalues = [1.0]\n", "unknown lever"),
    ("[levers.staff_per_client]\nvalues = [7.0]\n", "hard bounds"),
    ("uncertain = ['exclusive_hours_per_day']\n[levers.tandem]\nvalues = [0.0]\n",
     "not structural"),
])
def test_bad_specs_are_messages(cli, scenarios_dir, tmp_path, body, words):
    spec = tmp_path / "bad.toml"
    spec.write_text(f'scenario = "{scenarios_dir / "one_on_one.toml"}"\n' + body)
    status, _, err = cli("optimise", spec)
    assert status == 2 and words in err and "Traceback" not in err
