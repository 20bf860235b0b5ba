"""The rest solver's parameter table (runs × parameters) holds what the row-wise table
holds, transposed: numbers broadcast over the runs, arrays per run, any number type."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cyclesim.engine.compiled import parameter_columns, parameter_rows

VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**6, 10**6),
    st.booleans(),
    st.just("array"),
)


@given(st.lists(VALUES, min_size=1, max_size=12), st.integers(1, 40), st.integers(0, 2**32 - 1))
def test_columns_are_the_rows_transposed(kinds, n, seed):
    rng = np.random.default_rng(seed)
    params = {f"p{i}": (rng.standard_normal(n) if kind == "array" else kind)
              for i, kind in enumerate(kinds)}
    names = tuple(reversed(params))  # the table's order, not the dict's
    got = parameter_columns(params, names, n)
    want = parameter_rows(params, names, n).T
    assert got.flags.c_contiguous and got.shape == (n, len(names))
    assert np.array_equal(got, want, equal_nan=True)
