"""Batches whose policy stage cannot switch are judged without saving the stage stock's
series (:mod:`cyclesim.scenario.stageless`): every flat column as the full judgement gives
it, bit for bit, on every shipped scenario; a batch where a stage can switch (or whose
stage limit is not a number) keeps the series; NaN indicators cannot fire the trigger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from parameter_draws import uniform_sets

from cyclesim.engine import compiled
from cyclesim.model.graph import structure
from cyclesim.outcome import TABLE_FIELDS
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.stageless import SKIPPED, stages_never_switch

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def same_columns(lean: dict, full: dict) -> None:
    for name in TABLE_FIELDS:
        a, b = np.asarray(lean[name]), np.asarray(full[name])
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name


def batch(path: Path, n: int, stages: np.ndarray, seed: int = 21) -> tuple:
    scenario = load_scenario(path)
    values = dict(uniform_sets(n, seed=seed), escalation_stages=stages)
    return scenario, scenario_parameters(scenario, values, n)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_stageless_batches_keep_every_flat_column(path):
    n = 100  # not a multiple of the 16-run blocks
    scenario, params = batch(path, n, np.zeros(n))
    full = run_batch(scenario, params, variables=(), engine="compiled")
    lean = run_batch(scenario, params, variables=("team_size",), engine="compiled",
                     table_only=True)
    assert not set(SKIPPED) & set(lean.trajectory.names)
    assert {"team_size", "stage_improvement"} <= set(lean.trajectory.names)
    same_columns(lean.table, full.table)


@pytest.mark.parametrize("odd", [2.0, np.nan])
def test_a_batch_where_one_stage_may_switch_keeps_the_stage_series(odd):
    stages = np.zeros(24)
    stages[5] = odd
    scenario, params = batch(SCENARIOS[0].parent / "escalation.toml", 24, stages)
    full = run_batch(scenario, params, variables=(), engine="compiled")
    lean = run_batch(scenario, params, variables=(), engine="compiled", table_only=True)
    assert set(SKIPPED) <= set(lean.trajectory.names)
    if odd == 2.0:
        assert full.table["cycles"][5] >= 1  # the run whose stage could switch did
    same_columns(lean.table, full.table)


def test_the_stage_limit_decides_against_the_starting_stage():
    model = structure()
    stocks = np.zeros((len(model.stocks), 3))
    row = model.stock_names.index("escalation_stage")
    assert stages_never_switch({"escalation_stages": np.array([0.0, 0.5, 0.2])}, stocks, model)
    assert not stages_never_switch({"escalation_stages": np.array([0.0, 0.51, 0.0])}, stocks,
                                   model)
    assert not stages_never_switch({"escalation_stages": np.array([0.0, np.nan, 0.0])},
                                   stocks, model)
    stocks[row] = 1.0
    assert stages_never_switch({"escalation_stages": 1.5}, stocks, model)


def test_nan_indicators_leave_the_stage_where_it_started():
    """The trigger's test reads the stage limit and the stage, not the indicators: a run
    whose indicators are NaN from the start keeps its stage (the full simulation)."""
    scenario, params = batch(SCENARIOS[0].parent / "one_on_one.toml", 4, np.zeros(4))
    params["max_incident_rate"] = np.array([np.nan, 1.0, np.nan, 2.0])
    result = run_batch(scenario, params, variables=("escalation_stage", "incident_rate"),
                       engine="compiled")
    assert np.isnan(result.trajectory["incident_rate"][-1, [0, 2]]).all()
    stage = result.trajectory["escalation_stage"]
    assert np.array_equal(stage, np.broadcast_to(stage[:1], stage.shape))
