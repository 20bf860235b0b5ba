"""Where the rest solve starts (issue 15): from the default rest state, staff scaled to
the run's team. The start must not change the rest state a run comes to, only how fast."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from parameter_draws import STRUCTURAL, batches

from cyclesim.engine.base import TOLERANCE, first_guess, free_stocks, residual
from cyclesim.engine.numpy_rest import NumpyRates, solve_batch
from cyclesim.engine.rest_start import STAFF_STOCKS, default_rest, rest_start
from cyclesim.model.graph import structure
from cyclesim.model.params import compact, default_parameters, parameter_set, pre_intervention

REST_AGREEMENT = 1e-9  # relative: two solves of one rest state to 1e-13 net flow


def _base(params: dict) -> dict:
    return compact(pre_intervention(params))


def test_the_default_start_is_the_default_rest_state() -> None:
    model = structure()
    base = _base(default_parameters(1))
    start = rest_start(base, model, 1)
    rates = NumpyRates(base, model).rates(start)
    assert residual(rates, start, free_stocks(model))[0] < TOLERANCE
    rest, _ = default_rest()
    assert start[:, 0].tolist() == [rest[name] for name in model.stock_names]


def test_staff_stocks_scale_with_the_team_the_group_hours_need() -> None:
    model = structure()
    hours = default_parameters(1)["group_support_hours"][0]
    base = _base(parameter_set({"group_support_hours": np.array([hours, 2.0 * hours])}))
    start = rest_start(base, model, 2)
    for i, name in enumerate(model.stock_names):
        expected = 2.0 * start[i, 0] if name in STAFF_STOCKS else start[i, 0]
        np.testing.assert_allclose(start[i, 1], expected, rtol=1e-15)


@settings(max_examples=25, deadline=None)
@given(batches(STRUCTURAL, max_size=4))
def test_the_rest_state_does_not_depend_on_where_the_solve_starts(params) -> None:
    """From the default rest state and from the generic guess, each run comes to the same
    rest state (to far below any figure cyclesim reports)."""
    model = structure()
    base = _base(parameter_set(params))
    n = len(next(iter(params.values())))
    warm = solve_batch(NumpyRates(base, model), rest_start(base, model, n))
    cold = solve_batch(NumpyRates(base, model), first_guess(base, model, n))
    scale = np.maximum(np.abs(cold), 1.0)
    assert np.all(np.abs(warm - cold) / scale < REST_AGREEMENT)
