"""The compiled judgement (:mod:`cyclesim.engine.judge_loop`, what batches on the compiled
engine get: :mod:`cyclesim.scenario.judging`)
against NumPy's (:func:`cyclesim.outcome.judge_table`): every column of every run the
same, bit for bit, on the shipped scenarios and on hypothesis's synthetic batches
(several honeymoons, flat stretches, values exactly at the threshold or tolerance,
switched stages, NaN and infinite values); settings the loop does not take go to NumPy's
judgement and raise as it does."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from outcome_reference import with_composite
from parameter_draws import uniform_sets
from test_outcomes_vectorised import EXAMPLES, synthetic_batches

from cyclesim.engine import compiled
from cyclesim.engine.judge_loop import pairwise_sum
from cyclesim.outcome import (
    INDICATORS,
    JUDGED_VARIABLES,
    OUTCOME_FIELDS,
    OUTCOME_VARIABLES,
    TABLE_FIELDS,
    judge_table,
)
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.judging import judge_batch
from cyclesim.scenario.runner import outcome_settings, run_batch, scenario_parameters

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


def _nan_as_text(record: dict) -> dict:
    """A stage record whose NaN values compare equal (NaN != NaN in a dict)."""
    return {k: "nan" if isinstance(v, float) and math.isnan(v) else v
            for k, v in record.items()}


def judged_alike(times, series, start_week, settings, reference_cost) -> None:
    """The compiled engine's judgement equals ``judge_table`` column by column (NaN
    where NaN, the same type), or both raise ValueError alike."""
    try:
        want = judge_table(times, series, start_week, settings, reference_cost)
    except ValueError as error:
        with pytest.raises(ValueError, match=str(error)[:40]):
            judge_batch("compiled", times, series, start_week, settings, reference_cost)
        return
    got = judge_batch("compiled", times, series, start_week, settings, reference_cost)
    assert tuple(got) == OUTCOME_FIELDS
    for name in OUTCOME_FIELDS:
        a, b = np.asarray(got[name]), np.asarray(want[name])
        assert a.dtype == b.dtype and a.shape == b.shape, name
        if a.dtype == object:  # the stage lists: one dict per stage
            assert [[_nan_as_text(d) for d in run] for run in a.tolist()] == \
                [[_nan_as_text(d) for d in run] for run in b.tolist()], name
        else:
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_batches_are_judged_alike(path):
    scenario = load_scenario(path)
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(64, seed=9), 64),
                       variables=(), engine="compiled")
    series = {name: result.trajectory[name] for name in OUTCOME_VARIABLES}
    args = (scenario.start_week, outcome_settings(scenario),
            result.parameters["reference_cost_per_week"])
    assert result.table["outcome"].tolist() == judge_table(
        result.trajectory.times, series, *args)["outcome"].tolist()  # what run_batch gave
    judged_alike(result.trajectory.times, series, *args)
    without = {k: v for k, v in series.items()
               if k not in ("escalation_stage", "stage_improvement")}
    judged_alike(result.trajectory.times, without, *args)  # cycles from the composite


def _composite_batch(batch):
    times, series, start_week, settings, reference_cost = batch
    return (times, with_composite(times, series, start_week, settings), start_week,
            settings, reference_cost)


@EXAMPLES
@given(synthetic_batches())
def test_synthetic_batches_are_judged_alike(batch):
    judged_alike(*_composite_batch(batch))


@EXAMPLES
@given(synthetic_batches(), st.sampled_from(("composite_improvement", "stage_improvement",
                                             "escalation_stage", "dependency",
                                             "cumulative_cost")),
       st.sampled_from((math.nan, math.inf, -math.inf)), st.integers(0, 2**32 - 1))
def test_non_finite_values_are_judged_alike(batch, name, value, seed):
    times, series, *rest = _composite_batch(batch)
    if name in series:
        spoilt = np.random.default_rng(seed).random(series[name].shape) < 0.1
        series[name] = np.where(spoilt, value, series[name])
    with np.errstate(all="ignore"):
        judged_alike(times, series, *rest)


@given(st.integers(0, 700), st.integers(0, 2**32 - 1))
def test_pairwise_sum_is_numpys(n, seed):
    """The integral's sum has NumPy's rounding (its pairwise summation of a row)."""
    rows = np.random.default_rng(seed).standard_normal((2, n)) * [[1.0], [1e6]]
    frames, lefts = np.empty((64, 3), dtype=np.int64), np.empty(64)
    for row, total in zip(rows, rows.sum(axis=1)):
        assert 0.0 + pairwise_sum(row, 0, n, frames, lefts) == total


def test_both_judgements_read_the_same_series():
    from cyclesim.engine.compiled_judge import SERIES

    assert set(SERIES) == set(JUDGED_VARIABLES)


@pytest.mark.parametrize("engine", ["compiled", "numpy"])
def test_table_only_batches_keep_every_flat_column(engine):
    """A batch for a caller that keeps the table alone (sweeps) saves only the judged
    series and skips the stage records; every flat column stays the same."""
    scenario = load_scenario(SCENARIOS[0].parent / "escalation.toml")
    params = scenario_parameters(scenario, uniform_sets(32, seed=4), 32)
    full = run_batch(scenario, params, variables=(), engine=engine)
    lean = run_batch(scenario, params, variables=("team_size",), engine=engine,
                     table_only=True)
    assert set(lean.trajectory.names) == set(JUDGED_VARIABLES) | {"team_size"}
    assert not set(INDICATORS) & set(lean.trajectory.names)
    assert all(stages is None for stages in lean.table["stages"])
    for name in TABLE_FIELDS:
        a, b = np.asarray(lean.table[name]), np.asarray(full.table[name])
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name


def test_read_only_inputs_use_the_same_machine_code():
    """A read-only reference cost (``np.broadcast_to`` of one run's) or read-only series
    are judged by the machine code the warm-up compiled, not by a new compile of its own
    (seconds at a first ``cyclesim run``)."""
    from cyclesim.engine.compiled import kernels
    from cyclesim.model.graph import structure

    scenario = load_scenario(SCENARIOS[0].parent / "one_on_one.toml")
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(3, seed=2), 3),
                       variables=(), engine="compiled")
    series = {name: result.trajectory[name] for name in OUTCOME_VARIABLES}
    args = (scenario.start_week, outcome_settings(scenario))
    judge_batch("compiled", result.trajectory.times, series, *args,
                result.parameters["reference_cost_per_week"])
    frozen = {name: values.copy() for name, values in series.items()}
    for values in frozen.values():
        values.flags.writeable = False
    reference = np.broadcast_to(result.parameters["reference_cost_per_week"][:1], (3,))
    judge_batch("compiled", result.trajectory.times, frozen, *args, reference)
    assert len(kernels(structure()).judge_lanes.signatures) == 1
    unstaged = {k: v for k, v in series.items() if k not in ("escalation_stage",
                                                             "stage_improvement")}
    judge_batch("compiled", result.trajectory.times, unstaged, *args,
                result.parameters["reference_cost_per_week"])
    judge_batch("compiled", result.trajectory.times,
                {k: v for k, v in frozen.items() if k in unstaged}, *args, reference)
    assert len(kernels(structure()).judge_runs.signatures) == 1


@given(st.integers(0, 700), st.integers(1, 20), st.integers(0, 2**32 - 1))
def test_pairwise_sum_lanes_is_numpys_in_every_lane(n, lanes, seed):
    """The side-by-side sum (``judge_lanes``' integral) gives each lane NumPy's sum of
    its own column, bit for bit, however many lanes."""
    from cyclesim.engine import judge_loop

    terms = np.random.default_rng(seed).standard_normal((n, lanes)) * 10.0 ** np.arange(lanes)
    res, acc = np.empty(lanes), np.empty(8 * lanes)
    frames, lefts = np.empty((64, 3), dtype=np.int64), np.empty(64 * lanes)
    judge_loop.pairwise_sum_lanes(np.ascontiguousarray(terms).reshape(-1), n, res, acc,
                                  frames, lefts)
    columns = [np.ascontiguousarray(terms[:, j]).sum() for j in range(lanes)]  # NumPy's
    assert np.array_equal(0.0 + res, np.array(columns, dtype=float).reshape(lanes))


@pytest.mark.parametrize("tile", [1, 7, 256])
def test_lanes_judge_as_numpy_over_many_tiles(tile, monkeypatch):
    """``judge_lanes`` in tiles of ``tile`` runs (a short last one) against NumPy's
    judgement on 300 runs of the escalation scenario (several stages) with NaN and
    infinities put in: every column and stage record the same, NaN where NaN."""
    from cyclesim.engine import compiled_judge

    monkeypatch.setattr(compiled_judge, "LANE_TILE", tile)
    scenario = load_scenario(SCENARIOS[0].parent / "escalation.toml")
    n = 300
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(n, seed=12), n),
                       variables=(), engine="compiled")
    rng = np.random.default_rng(5)
    series = {name: result.trajectory[name].copy() for name in OUTCOME_VARIABLES}
    for name in ("composite_improvement", "stage_improvement", "dependency"):
        spoilt = rng.random(series[name].shape) < 0.002
        series[name][spoilt] = rng.choice([np.nan, np.inf, -np.inf], spoilt.sum())
    stage = series["escalation_stage"]
    assert (np.diff(stage[stage.shape[0] // 20:], axis=0) > 0.5).any()  # several stages
    with np.errstate(all="ignore"):
        judged_alike(result.trajectory.times, series, scenario.start_week,
                     outcome_settings(scenario), result.parameters["reference_cost_per_week"])
