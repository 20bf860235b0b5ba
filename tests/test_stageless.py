"""Batches whose policy stage cannot switch are judged without saving the stage series
(:mod:`cyclesim.scenario.stageless`): every flat column as the full judgement gives it,
bit for bit, on every shipped scenario; a batch where a stage can switch keeps its
series; a run whose composite leaves the finite numbers is judged again from saved
stage series."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from parameter_draws import uniform_sets

from cyclesim.engine import CompiledEngine, compiled
from cyclesim.outcome import TABLE_FIELDS
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.stageless import STAGE_SERIES, needs_stage_series

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def same_columns(lean: dict, full: dict) -> None:
    for name in TABLE_FIELDS:
        a, b = np.asarray(lean[name]), np.asarray(full[name])
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name


def batch(path: Path, n: int, stages: np.ndarray) -> tuple:
    scenario = load_scenario(path)
    values = dict(uniform_sets(n, seed=21), escalation_stages=stages)
    return scenario, scenario_parameters(scenario, values, n)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_stageless_batches_keep_every_flat_column(path):
    scenario, params = batch(path, 48, np.zeros(48))
    full = run_batch(scenario, params, variables=(), engine="compiled")
    lean = run_batch(scenario, params, variables=("team_size",), engine="compiled",
                     table_only=True)
    assert not set(STAGE_SERIES) & set(lean.trajectory.names)
    assert "team_size" in lean.trajectory.names
    same_columns(lean.table, full.table)


def test_a_batch_where_one_stage_can_switch_keeps_the_stage_series():
    stages = np.zeros(24)
    stages[5] = 2.0
    scenario, params = batch(SCENARIOS[0].parent / "escalation.toml", 24, stages)
    full = run_batch(scenario, params, variables=(), engine="compiled")
    lean = run_batch(scenario, params, variables=(), engine="compiled", table_only=True)
    assert set(STAGE_SERIES) <= set(lean.trajectory.names)
    assert full.table["cycles"][5] >= 1  # the run whose stage could switch did
    same_columns(lean.table, full.table)


def test_a_composite_that_is_not_finite_is_judged_again_from_stage_series(monkeypatch):
    """A stageless pass whose composite holds a NaN (as a run whose indicators overflow
    would) sends that run back through a pass that saves the stage series."""
    scenario, params = batch(SCENARIOS[0].parent / "one_on_one.toml", 20, np.zeros(20))
    full = run_batch(scenario, params, variables=(), engine="compiled")
    simulate = CompiledEngine.simulate
    passes = []

    def spoilt(self, params, initial, plan, settings, model):
        trajectory = simulate(self, params, initial, plan, settings, model)
        passes.append(trajectory.names)
        if "escalation_stage" not in trajectory.names:
            trajectory.values[trajectory.names.index("composite_improvement"), 3, 7] = np.nan
        return trajectory

    monkeypatch.setattr(CompiledEngine, "simulate", spoilt)
    lean = run_batch(scenario, params, variables=(), engine="compiled", table_only=True)
    assert len(passes) == 2 and "escalation_stage" in passes[1]
    same_columns(lean.table, full.table)


def test_runs_not_finite_before_or_after_the_start_need_the_stage_series():
    table = {"integrated_improvement": np.array([1.0, np.nan, 2.0, -np.inf])}
    composite = np.zeros((5, 4))
    composite[1, 2] = np.inf
    assert needs_stage_series(table, composite, 3).tolist() == [False, True, True, True]
    assert needs_stage_series(table, composite, 0).tolist() == [False, True, False, True]
