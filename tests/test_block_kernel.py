"""The block kernel (runs side by side on SIMD lanes) against the one-run kernel.

Both are generated from the listing and do every run's arithmetic in the same order;
fused multiply-adds may be placed differently in vector code, so the saved series agree
to the last bits (1e-9 relative is the bound asked for), and every run keeps its outcome
class. Checked on every shipped scenario with varied parameters, and on a 10 000-run
Latin sample of the benchmark's scenario.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from parameter_draws import uniform_sets

from cyclesim.engine import CompiledEngine, Settings, compiled, with_references
from cyclesim.engine.compiled import (cached_policy_table, kernels, parameter_rows,
                                      save_slots, uses_block)
from cyclesim.engine.kernel_source import layout
from cyclesim.model.graph import structure
from cyclesim.outcome import OUTCOME_VARIABLES
from cyclesim.scenario.files import load_scenario
from cyclesim.outcome import judge_table
from cyclesim.scenario.runner import (outcome_settings, scenario_parameters,
                                      settings_of)

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

RELATIVE = 1e-9
SCENARIOS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def one_run_kernel(params, initial, plan, settings: Settings) -> np.ndarray:
    """The saved series as the one-run ``trajectory`` kernel computes them."""
    model = structure()
    lay = layout(model)
    names = settings.names(model)
    n = initial.shape[1]
    out = np.empty((len(names), settings.times().size, n))
    kernels(model).trajectory(np.ascontiguousarray(initial),
                              parameter_rows(params, lay.params, n),
                              cached_policy_table(plan, lay, settings.n_steps, settings.dt),
                              settings.n_steps, settings.dt, settings.per_save,
                              save_slots(lay, names), out)
    return out


def both_kernels(scenario, values: dict, n: int):
    """Saved judgement series by the block kernel and by the one-run kernel, and the
    run parameters."""
    model = structure()
    params = scenario_parameters(scenario, values, n)
    engine = CompiledEngine()
    rest = engine.rest_state(params, model)
    full = with_references(params, rest)
    settings = replace(settings_of(scenario, OUTCOME_VARIABLES), method="euler")
    assert uses_block(settings.names(model))
    block = engine.simulate(full, rest.stocks, scenario.plan(), settings, model)
    return block, one_run_kernel(full, rest.stocks, scenario.plan(), settings), full


def assert_close(actual: np.ndarray, expected: np.ndarray) -> None:
    """Equal to RELATIVE of each value, or of the variable's scale for values that are
    zero up to rounding (a composite of 1e-17 in one, -1e-17 in the other)."""
    scale = np.maximum(np.max(np.abs(expected), axis=(1, 2), keepdims=True), 1.0)
    bound = RELATIVE * np.maximum(np.abs(expected), 1e-6 * scale)
    same = (actual == expected) | (np.isnan(actual) & np.isnan(expected))
    assert np.all(same | (np.abs(actual - expected) <= bound))


def assert_same_outcomes(scenario, block, expected: np.ndarray, full) -> None:
    judged = [judge_table(block.times, {k: v[i] for i, k in enumerate(block.names)},
                          scenario.start_week, outcome_settings(scenario),
                          full["reference_cost_per_week"])
              for v in (block.values, expected)]
    for column in ("outcome", "cycles", "declined_stages", "returned_to_start"):
        np.testing.assert_array_equal(judged[0][column], judged[1][column])
    for column in ("return_week_censored", "integrated_improvement", "honeymoon_depth"):
        np.testing.assert_allclose(judged[0][column], judged[1][column], rtol=RELATIVE,
                                   atol=1e-12)


@pytest.mark.parametrize("name", SCENARIOS)
def test_block_kernel_equals_one_run_kernel_on_shipped_scenarios(scenarios_dir, name):
    """Plans with stages, schedules and plain interventions; 37 runs: two full blocks
    and a short one (which repeats its last run in the spare lanes)."""
    scenario = load_scenario(scenarios_dir / f"{name}.toml")
    block, expected, full = both_kernels(scenario, uniform_sets(37, seed=7), 37)
    assert_close(block.values, expected)
    assert_same_outcomes(scenario, block, expected, full)


def test_block_kernel_on_the_benchmark_sample(scenarios_dir):
    """10 000 runs of the benchmark's Latin sample: same outcome class for every run."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_engine import SCENARIO, sample

    scenario = load_scenario(SCENARIO)
    block, expected, full = both_kernels(scenario, sample(10_000), 10_000)
    assert_close(block.values, expected)
    assert_same_outcomes(scenario, block, expected, full)


def test_block_kernel_run_alone_equals_run_in_block(scenarios_dir):
    scenario = load_scenario(scenarios_dir / "escalation.toml")
    values = uniform_sets(21, seed=3)
    block, _, _ = both_kernels(scenario, values, 21)
    for r in (0, 17, 20):
        alone, _, _ = both_kernels(scenario, {k: v[r:r + 1] for k, v in values.items()}, 1)
        np.testing.assert_array_equal(alone.values[:, :, 0], block.values[:, :, r])


def test_block_rest_solve_equals_one_run_solve(scenarios_dir):
    """The lockstep rest solve against the one-run solver it mirrors: both reach the
    solver tolerance at states equal to far below 1e-9, on 1 000 runs of the benchmark's
    sample (including its short last block) and 37 varied draws."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_engine import SCENARIO, sample

    from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS,
                                      NEWTON_ITERATIONS, RELAX_DT, RELAX_WEEKS, TOLERANCE,
                                      first_guess, free_stocks, residual)
    from cyclesim.engine.compiled import CompiledRest
    from cyclesim.engine.rest_start import rest_start
    from cyclesim.model.params import compact, pre_intervention

    model = structure()
    scenario = load_scenario(SCENARIO)
    for values, n in ((sample(1_000), 1_000), (uniform_sets(37, seed=9), 37)):
        base = compact(pre_intervention(scenario_parameters(scenario, values, n)))
        start, guess = rest_start(base, model, n), first_guess(base, model, n)
        rest = CompiledRest(base, model, n, RELAX_DT)
        free = free_stocks(model).astype(np.int64)
        args = (rest.PT, RELAX_DT, free, int(RELAX_WEEKS / RELAX_DT),
                int(FALLBACK_RELAX_WEEKS / RELAX_DT), NEWTON_ITERATIONS,
                LINE_SEARCH_HALVINGS, TOLERANCE)
        one, block = start.copy(), start.copy()
        rest.module.solve_rest(one, guess.copy(), *args)
        rest.module.solve_rest_block(block, guess.copy(), *args, np.empty((n, len(block))),
                                     np.empty((n, 0)))
        assert np.all(np.abs(block - one) <= RELATIVE * np.maximum(np.abs(one), 1.0))
        rate, _ = rest.values(block, ())
        assert np.all(residual(rate, block, free) < TOLERANCE)


@pytest.mark.parametrize("n_stages", [5, 6])
def test_block_kernel_takes_every_stage_level_of_a_plan(scenarios_dir, n_stages):
    """The block kernel chooses a step's policy values among the plan's levels with
    selects up to the most stages the listing allows (5); a plan built in Python with
    more runs on the one-run kernel (the same numbers exactly)."""
    from cyclesim.engine.block_source import LEVELS

    scenario = load_scenario(scenarios_dir / "escalation.toml")
    plan = scenario.plan()
    stages = tuple(plan.stages[k % len(plan.stages)] for k in range(n_stages))
    plan = replace(plan, stages=stages)
    model = structure()
    n = 37
    values = uniform_sets(n, seed=11)
    params = scenario_parameters(scenario, values, n)
    params["escalation_stages"] = np.full(n, float(n_stages))
    engine = CompiledEngine()
    rest = engine.rest_state(params, model)
    full = with_references(params, rest)
    settings = replace(settings_of(scenario, OUTCOME_VARIABLES), method="euler")
    block = engine.simulate(full, rest.stocks, plan, settings, model)
    expected = one_run_kernel(full, rest.stocks, plan, settings)
    stage = block.values[block.names.index("escalation_stage")]
    assert stage.max() == n_stages  # some run climbs to the plan's last level
    if n_stages + 1 > LEVELS:
        np.testing.assert_array_equal(block.values, expected)
    else:
        assert_close(block.values, expected)


def test_requests_with_report_series_share_one_block_kernel():
    """The judgement's series plus any of the report's extra series run on one block
    kernel (one compile), the judgement alone on its own lean one, and a request too
    wide for the shared kernel keeps its names."""
    judged = tuple(OUTCOME_VARIABLES)
    requests = [("team_size",) + judged, ("temp_share", "team_size") + judged[::-1],
                ("cumulative_hires", "cumulative_exits") + judged,
                ("exclusive_staff_hours_delivered",) + judged]
    shared = {compiled.block_saves(names) for names in requests}
    assert len(shared) == 1
    (saved,) = shared
    assert all(set(names) <= set(saved) for names in requests)
    assert compiled.block_saves(judged) == judged
    wide = judged + compiled.SHARED_EXTRAS + ("proximity", "stigma")
    assert compiled.block_saves(wide) == wide


def test_shared_block_kernel_gives_the_lean_kernels_numbers():
    """Saving more series changes no number: the judgement's series from the shared
    kernel (asked with team_size) equal the judgement-only kernel's bit for bit, on the
    escalation scenario (stages switch) with varied parameters."""
    model = structure()
    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "escalation.toml")
    values = uniform_sets(24, seed=5)
    params = scenario_parameters(scenario, values, 24)
    engine = CompiledEngine()
    rest = engine.rest_state(params, model)
    full = with_references(params, rest)
    lean = replace(settings_of(scenario, OUTCOME_VARIABLES), method="euler")
    wide = replace(settings_of(scenario, ("team_size",) + tuple(OUTCOME_VARIABLES)),
                   method="euler")
    assert compiled.block_saves(wide.names(model)) != wide.names(model)
    a = engine.simulate(full, rest.stocks, scenario.plan(), lean, model)
    b = engine.simulate(full, rest.stocks, scenario.plan(), wide, model)
    for name in lean.names(model):
        assert np.array_equal(a[name], b[name], equal_nan=True), name
    assert np.all(np.isfinite(b["team_size"])) and np.all(b["team_size"] > 0)


@pytest.mark.parametrize("fixed", [False, True])
def test_block_kernel_assigns_every_name_once(fixed):
    """Numba's SSA pass, a large part of a block kernel's compile, grows with the names
    assigned more than once: the generated step, its block prologue and the table
    lookups it inlines assign each name in one statement only (loop counters aside)."""
    import ast
    from collections import Counter

    from cyclesim.engine.block_source import block_module_source

    tree = ast.parse(block_module_source(structure(), OUTCOME_VARIABLES[:4], fixed))
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)
                 and (node.name == "trajectory_block" or node.name.startswith("lookup_"))]
    assert len(functions) > 5
    for function in functions:
        names = Counter(target.id for node in ast.walk(function)
                        if isinstance(node, ast.Assign) for target in node.targets
                        if isinstance(target, ast.Name))
        assert [name for name, count in names.items() if count > 1] == [], function.name
