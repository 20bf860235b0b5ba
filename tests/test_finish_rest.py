"""Finishing the rest state with one evaluation instead of two.

``finish_rest`` sets the latched stage stocks to their start values and reads the
references; when neither the references nor the free stocks' flows read those stocks
(``reads_set_stocks``), one evaluation gives what the second would, so it makes one.
These tests hold it to the two-evaluation result bit for bit, on both engines, and check
that the dependency test sees a reference that does read a set stock.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from cyclesim.engine import CompiledEngine, NumpyEngine, base, compiled
from cyclesim.model.graph import structure
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import scenario_parameters

ENGINES = [NumpyEngine(), pytest.param(CompiledEngine(), marks=pytest.mark.skipif(
    not compiled.available(), reason="Numba is not installed"))]


def draws(scenarios_dir, n: int = 48) -> dict:
    rng = np.random.default_rng(11)
    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    return scenario_parameters(scenario, {
        "baseline_turnover_rate": rng.uniform(0.05, 0.3, n),
        "max_incident_rate": rng.uniform(1.0, 6.0, n),
        "proximity_time": rng.uniform(4.0, 30.0, n)}, n)


def test_the_listing_reads_no_set_stock_but_a_reference_or_flow_on_a_stage_would():
    model = structure()
    assert not base.reads_set_stocks(model)
    # stage_improvement compares against the stage_start_* stocks that finish_rest sets
    assert base.reads_set_stocks(replace(model, references=model.references
                                         + ("stage_improvement",)))
    # ... and so would a free stock filled by it
    stocks = tuple(replace(s, inflows=s.inflows + ("stage_improvement",))
                   if s.name == "proximity" else s for s in model.stocks)
    assert base.reads_set_stocks(replace(model, stocks=stocks))


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.name)
def test_one_evaluation_gives_the_two_evaluations_rest_state(engine, scenarios_dir,
                                                             monkeypatch):
    model = structure()
    params = draws(scenarios_dir)
    once = engine.rest_state(params, model)
    monkeypatch.setattr(base, "reads_set_stocks", lambda m: True)  # the general path
    twice = engine.rest_state(params, model)
    np.testing.assert_array_equal(once.stocks, twice.stocks)
    np.testing.assert_array_equal(once.residual, twice.residual)
    assert once.references.keys() == twice.references.keys()
    for name in once.references:
        np.testing.assert_array_equal(once.references[name], twice.references[name])


def test_the_listing_finishes_with_one_evaluation(scenarios_dir, monkeypatch):
    calls = []
    original = base.finish_rest

    class Counting:
        def __init__(self, rates):
            self.rates = rates

        def values(self, state, names):
            calls.append(names)
            return self.rates.values(state, names)

    monkeypatch.setattr("cyclesim.engine.numpy_engine.finish_rest",
                        lambda state, rates, model: original(state, Counting(rates), model))
    NumpyEngine().rest_state(draws(scenarios_dir, 4), structure())
    assert len(calls) == 1 and set(structure().references) <= set(calls[0])


@pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")
def test_compiled_finish_reads_the_solvers_last_evaluation_only_at_its_state(scenarios_dir):
    """The compiled rest solver keeps each run's last one-run evaluation; ``values`` at the
    state it left gives exactly what evaluating again gives, and a changed state is
    evaluated anew (never the kept numbers)."""
    from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS,
                                      NEWTON_ITERATIONS, RELAX_DT, RELAX_WEEKS, TOLERANCE,
                                      first_guess)
    from cyclesim.engine.compiled import CompiledRest
    from cyclesim.engine.rest_start import rest_start
    from cyclesim.model.params import compact, pre_intervention

    model = structure()
    params = compact(pre_intervention(draws(scenarios_dir)))
    n = 48
    rest = CompiledRest(params, model, n, RELAX_DT)
    state = rest_start(params, model, n)
    rest.solve(state, first_guess(params, model, n), base.free_stocks(model),
               int(RELAX_WEEKS / RELAX_DT), int(FALLBACK_RELAX_WEEKS / RELAX_DT),
               NEWTON_ITERATIONS, LINE_SEARCH_HALVINGS, TOLERANCE)
    names = model.references
    kept_rate, kept = rest.values(state, names)
    moved = state.copy()
    moved[0] *= 1.01
    moved_rate, moved_values = rest.values(moved, names)
    rest.solved = None  # evaluate afresh from here on
    fresh_rate, fresh = rest.values(state, names)
    assert np.array_equal(kept_rate, fresh_rate)
    assert all(np.array_equal(kept[k], fresh[k]) for k in names)
    again_rate, again = rest.values(moved, names)
    assert np.array_equal(moved_rate, again_rate) and not np.array_equal(moved_rate, kept_rate)
    assert all(np.array_equal(moved_values[k], again[k]) for k in names)


@pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")
@pytest.mark.parametrize("iterations", [1, 30])
def test_the_kept_evaluation_is_of_the_state_left_on_every_path(scenarios_dir, iterations):
    """With one Newton iteration no lane comes to rest in the lockstep solve, so every run
    goes through the one-run Newton and the restart from its guess: the evaluation kept
    for the finish must still be of the state each run is left in (37 runs: a short last
    block of 16)."""
    from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS, RELAX_DT,
                                      TOLERANCE, first_guess)
    from cyclesim.engine.compiled import CompiledRest
    from cyclesim.engine.rest_start import rest_start
    from cyclesim.model.params import compact, pre_intervention

    model = structure()
    n = 37
    params = compact(pre_intervention(draws(scenarios_dir, n)))
    rest = CompiledRest(params, model, n, RELAX_DT)
    state = rest_start(params, model, n)
    rest.solve(state, first_guess(params, model, n), base.free_stocks(model), 0,  # no relaxing
               int(FALLBACK_RELAX_WEEKS / RELAX_DT) if iterations > 1 else 2, iterations,
               LINE_SEARCH_HALVINGS, TOLERANCE)
    names = model.references
    kept_rate, kept = rest.values(state, names)
    rest.solved = None
    fresh_rate, fresh = rest.values(state, names)
    assert np.array_equal(kept_rate, fresh_rate, equal_nan=True)
    assert all(np.array_equal(kept[k], fresh[k], equal_nan=True) for k in names)
