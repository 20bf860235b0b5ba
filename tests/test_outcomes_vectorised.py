"""The batched judgement (``judge``, NumPy over the runs axis) against the per-run
definition (``judge_run`` with ``stages_of``, in ``outcome_reference``), run by run
and field by field; and the listing's composite against its definition.

The shipped scenarios give realistic batches; hypothesis gives synthetic composites
with several honeymoons and returns, flat stretches, values exactly at the threshold
or tolerance, start weeks on and between saved points, with and without the
escalation stage series.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from outcome_reference import (OutcomeSettings, judge, judge_run, judge_table,
                               stages_of, with_composite)

from cyclesim.outcome import INDICATORS, OUTCOME_FIELDS, OUTCOME_VARIABLES, Outcome
from cyclesim.scenario.runner import outcome_settings, run_batch, scenario_parameters
from cyclesim.scenario.files import load_scenario
from parameter_draws import uniform_sets

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))
STAGE_SERIES = ("escalation_stage", "stage_improvement")
SLACK = 1e-12  # relative and absolute; on x86-64 the two agree bit for bit
EXAMPLES = settings(max_examples=10 * settings.default.max_examples)  # cheap examples

# Multiples of 1/16: the composite of ``1 + level`` (satisfaction alone, start value 1)
# is the level exactly, so values land exactly on the threshold and the tolerance.
LEVELS = tuple(k / 16 for k in range(-5, 6))
THRESHOLDS = (1 / 16, 2 / 16, 3 / 16)
TOLERANCES = (-1 / 16, 0.0, 1 / 16, 2 / 16)  # 2/16: tolerance >= threshold (down == up)


def judge_each(times: np.ndarray, series: dict[str, np.ndarray], start_week: float,
               outcome: OutcomeSettings, reference_cost: np.ndarray) -> list[Outcome]:
    """The per-run reference: ``judge_run`` of each run, with ``stages_of`` when the
    escalation stage is saved."""
    begin = int(np.searchsorted(times, start_week, side="left"))
    c = with_composite(times, series, start_week, outcome)["composite_improvement"]
    staged = all(name in series for name in STAGE_SERIES)
    return [judge_run(times, c[:, r], series["dependency"][:, r],
                      series["cumulative_cost"][:, r], start_week, outcome,
                      reference_cost[r],
                      stages_of(times, series["escalation_stage"][:, r],
                                series["stage_improvement"][:, r], begin, start_week, outcome)
                      if staged else None)
            for r in range(c.shape[1])]


def same(a, b) -> bool:
    """Equal values of equal types; floats within SLACK (NaN equals NaN); lists and
    dicts (the per-stage records) item by item."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=SLACK, abs_tol=SLACK) or (math.isnan(a)
                                                                    and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def assert_same(batch: list[Outcome], reference: list[Outcome]) -> None:
    """The same outcomes, run by run and field by field."""
    assert len(batch) == len(reference)
    for run, (got, want) in enumerate(zip(batch, reference)):
        got, want = got.to_dict(), want.to_dict()
        wrong = {k: (got[k], want[k]) for k in want if not same(got[k], want[k])}
        assert not wrong, f"run {run}: (batched, per run) {wrong}"


def assert_same_outcomes(*batch) -> None:
    """``judge`` equals ``judge_each`` in every field of every run, or both raise
    ValueError (a honeymoon with no peak: a tolerance at or above the threshold)."""
    try:
        reference = judge_each(*batch)
    except ValueError:
        with pytest.raises(ValueError):
            judge(*batch)
        return
    assert_same(judge(*batch), reference)


def without_stage(series: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: v for k, v in series.items() if k not in STAGE_SERIES}


# ---------------------------------------------------------------------------------
# The shipped scenarios, each on a batch of in-range parameter sets
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_batches_match_the_per_run_judgement(path):
    scenario = load_scenario(path)
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(8, seed=3), 8),
                       variables=())
    times = result.trajectory.times
    series = {name: result.trajectory[name] for name in OUTCOME_VARIABLES}
    args = (scenario.start_week, outcome_settings(scenario),
            result.parameters["reference_cost_per_week"])
    assert_same(result.outcomes, judge_each(times, series, *args))  # as the runner judged
    assert_same_outcomes(times, without_stage(series), *args)  # cycles from the composite


# ---------------------------------------------------------------------------------
# Synthetic batches
# ---------------------------------------------------------------------------------
def level_arrays(shape: tuple[int, int]) -> st.SearchStrategy[np.ndarray]:
    """Arrays of LEVELS; hypothesis often fills many cells alike."""
    return hnp.arrays(float, shape, elements=st.sampled_from(LEVELS))


@st.composite
def composites(draw, shape: tuple[int, int]) -> np.ndarray:
    """Series of LEVELS drawn point by point (many honeymoons and returns), each value
    held for 1 to 3 saved points (flat stretches)."""
    hold = draw(st.integers(1, 3))
    short = draw(hnp.arrays(float, (-(-shape[0] // hold), shape[1]),
                            elements=st.sampled_from(LEVELS), fill=st.nothing()))
    return np.repeat(short, hold, axis=0)[:shape[0]]


@st.composite
def synthetic_batches(draw, staged: bool | None = None, well_posed: bool = False) -> tuple:
    """(times, series, start_week, settings, reference_cost) of a small batch; staged or
    not (None: either); ``well_posed``: a tolerance below the threshold."""
    n_times, n_runs = draw(st.integers(2, 30)), draw(st.integers(1, 8))
    steps = draw(hnp.arrays(float, n_times - 1, elements=st.sampled_from((0.25, 1.0, 2.0))))
    times = np.concatenate([[0.0], np.cumsum(steps)])
    start_week = draw(st.sampled_from(times.tolist())
                      | st.floats(-1.0, float(times[-1]), allow_nan=False))
    begin = int(np.searchsorted(times, start_week, side="left"))
    shape = (n_times, n_runs)
    level = draw(composites(shape))
    if draw(st.booleans()):  # satisfaction alone, from 1: the composite is ``level``
        level[begin] = 0.0
        weights = (0.0, 0.0, 1.0)
    else:
        weights = draw(st.tuples(*[st.sampled_from((0.0, 0.5, 1.0, 2.0))] * 3)
                       .filter(lambda w: sum(w) > 0))
    series = {"incident_rate": 10.0 * (1.0 - draw(level_arrays(shape))),
              "sickness_absence_share": 0.1 * (1.0 - draw(level_arrays(shape))),
              "satisfaction": 1.0 + level,
              "dependency": 0.5 + draw(level_arrays(shape)),
              "cumulative_cost": np.cumsum(1000.0 + 1600.0 * draw(level_arrays(shape)),
                                           axis=0)}
    if draw(st.booleans()) if staged is None else staged:
        steps = st.sampled_from((0.0, 0.0, 1.0, 0.3, -1.0))  # only a rise of 1 is a switch
        stage = draw(hnp.arrays(float, shape, elements=steps))
        series["escalation_stage"] = np.cumsum(stage, axis=0)
        series["stage_improvement"] = draw(composites(shape))
    threshold = draw(st.sampled_from(THRESHOLDS))
    tolerance = draw(st.sampled_from([t for t in TOLERANCES
                                      if t < threshold or not well_posed]))
    outcome = OutcomeSettings(*weights, threshold, tolerance)
    reference_cost = draw(hnp.arrays(float, n_runs,
                                     elements=st.sampled_from((900.0, 1000.0))))
    return times, series, start_week, outcome, reference_cost


@EXAMPLES
@given(synthetic_batches())
def test_synthetic_batches_match_the_per_run_judgement(batch):
    assert_same_outcomes(*batch)


@EXAMPLES
@given(synthetic_batches(staged=False))
def test_cycles_counted_from_the_composite_match(batch):
    """Without the stage series, every returned honeymoon is a cycle."""
    assert_same_outcomes(*batch)


@EXAMPLES
@given(synthetic_batches(), st.sampled_from(("satisfaction", "stage_improvement",
                                             "dependency", "cumulative_cost")),
       st.sampled_from((math.nan, math.inf, -math.inf)), st.integers(0, 2**32 - 1))
def test_non_finite_values_are_judged_alike(batch, name, value, seed):
    """A run that diverged (NaN or infinite values) gets the same outcome either way."""
    series = batch[1]
    if name in series:
        spoilt = np.random.default_rng(seed).random(series[name].shape) < 0.1
        series[name][spoilt] = value
    with np.errstate(all="ignore"):
        assert_same_outcomes(*batch)


def test_several_cycles_are_counted_without_the_stage_series():
    """Three honeymoons, each back at start: the loop over cycle number counts them."""
    times = np.arange(0.0, 13.0)
    level = np.array([0, 0, 2, 3, -1, 2, 2, 0, 3, 1, -2, -2, 2]) / 16
    series = {"incident_rate": np.ones((13, 2)), "sickness_absence_share": np.ones((13, 2)),
              "satisfaction": 1.0 + np.stack([level, np.zeros(13)], axis=1),
              "dependency": np.zeros((13, 2)),
              "cumulative_cost": np.outer(1000.0 * times, np.ones(2))}
    outcome = OutcomeSettings(0.0, 0.0, 1.0, 1 / 16, 0.0)
    batch = judge(times, series, 1.0, outcome, np.full(2, 1000.0))
    assert [o.cycles for o in batch] == [3, 0]
    assert_same_outcomes(times, series, 1.0, outcome, np.full(2, 1000.0))


# ---------------------------------------------------------------------------------
# The columns, and the composite they start from
# ---------------------------------------------------------------------------------
@EXAMPLES
@given(synthetic_batches(well_posed=True))
def test_table_columns_are_the_outcomes(batch):
    """``judge_table`` has one value per run under each key of ``Outcome.to_dict()``;
    NaN where an Outcome has None."""
    table = judge_table(*batch)
    outcomes = judge(*batch)
    assert tuple(table) == OUTCOME_FIELDS == tuple(outcomes[0].to_dict())
    for name, column in table.items():
        assert len(column) == len(outcomes)
        for value, o in zip(column.tolist(), outcomes):
            expected = getattr(o, name)
            assert same(value, math.nan if expected is None else expected), name


def plain_composite(series: dict[str, np.ndarray], start: int,
                    outcome: OutcomeSettings) -> np.ndarray:
    """The composite written as its definition: a weighted mean of signed fractions."""
    weights = outcome.weights()
    parts = {}
    for name, sign in INDICATORS.items():
        x0 = series[name][start]
        parts[name] = sign * (series[name] - x0) / np.where(x0 == 0, 1.0, x0)
    return sum(weights[k] * parts[k] for k in parts) / sum(weights.values())


@pytest.mark.parametrize("name", ["one_on_one", "core_team", "all_seeds", "escalation"])
def test_listing_composite_is_the_weighted_mean_of_signed_fractions(name):
    """The model's ``composite_improvement`` (the one the judgement reads) is the
    definition applied to its own indicator series, measured from the start week."""
    path = next(p for p in SCENARIOS if p.stem == name)
    scenario = load_scenario(path)
    result = run_batch(scenario, scenario_parameters(scenario, uniform_sets(8, seed=4), 8),
                       variables=())
    times = result.trajectory.times
    series = {n: result.trajectory[n] for n in OUTCOME_VARIABLES}
    begin = int(np.searchsorted(times, scenario.start_week, side="left"))
    o = scenario.outcome
    weights = OutcomeSettings(o.weight_incidents, o.weight_absence, o.weight_satisfaction)
    np.testing.assert_allclose(series["composite_improvement"],
                               plain_composite(series, begin, weights), rtol=0, atol=1e-6)
