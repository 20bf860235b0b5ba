"""The rest solve's side-by-side linear algebra against the one-lane one.

``rest_block.factor_lanes`` eliminates the Jacobians of a block's lanes together, and
``rest_block.solve_lanes`` substitutes in them together, as vector operations; each lane
must get the factors, pivots, regularity and solution that ``rest_newton.factor`` and
``rest_newton.lu_solve`` give that lane alone, to the last bit (the Newton steps built
on them, and so every rest state, are then the same), and a lane that needs no new
Jacobian keeps the factors it has.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyclesim.engine import compiled
from cyclesim.engine.base import (LINE_SEARCH_HALVINGS, NEWTON_ITERATIONS, RELAX_DT,
                                  RELAX_WEEKS, TOLERANCE, free_stocks)
from cyclesim.engine.compiled import CompiledRest
from cyclesim.engine.rest_start import rest_start
from cyclesim.model.graph import structure
from cyclesim.model.params import compact, pre_intervention
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import scenario_parameters

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

LANES = 16
SENTINEL_REGULAR = np.arange(LANES) % 2 == 0  # what a lane without need must keep


@pytest.fixture(scope="module")
def module():
    return compiled.kernels(structure())


def one_lane(module, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    lu = np.empty_like(matrix)
    piv = np.zeros(matrix.shape[0], dtype=np.int64)
    regular = module.factor(np.ascontiguousarray(matrix), lu, piv)
    return lu, piv, bool(regular)


def side_by_side(module, matrices: np.ndarray, need: np.ndarray):
    """``factor_lanes`` on ``matrices`` (lanes × n × n), starting from sentinel factors."""
    n = matrices.shape[1]
    work = np.ascontiguousarray(np.moveaxis(matrices, 0, -1))  # n × n × lanes
    lu = np.full((n, n, LANES), 7.5)
    piv = np.full((LANES, n), -3, dtype=np.int64)
    regular = SENTINEL_REGULAR.copy()
    module.factor_lanes(work, need, lu, piv, regular, np.empty(n * LANES), np.empty(LANES))
    return lu, piv, regular


def check(module, matrices: np.ndarray, need: np.ndarray) -> None:
    lu, piv, regular = side_by_side(module, matrices, need)
    for j in range(LANES):
        if not need[j]:  # untouched: a chord step keeps the factors it has
            assert np.all(lu[:, :, j] == 7.5) and np.all(piv[j] == -3)
            assert regular[j] == SENTINEL_REGULAR[j]
            continue
        want_lu, want_piv, want_regular = one_lane(module, matrices[j])
        assert bool(regular[j]) == want_regular, j
        if want_regular:  # a singular lane's factors are never read (NaN equals NaN)
            np.testing.assert_array_equal(lu[:, :, j], want_lu)
            np.testing.assert_array_equal(piv[j], want_piv)


def test_the_model_sized_jacobians_factor_as_one_lane_does(module):
    rng = np.random.default_rng(5)
    n = 18  # the listing's free stocks
    matrices = rng.standard_normal((LANES, n, n)) * rng.uniform(1e-4, 1e3, (LANES, n, 1))
    matrices[3] = np.diag(np.arange(1.0, n + 1))  # no row swaps at all
    matrices[5, :, 4] = 0.0  # singular: a zero column
    matrices[8, 0] = matrices[8, 1]  # ties in the pivot search: the first row wins
    matrices[8, :, 0] = 2.0
    check(module, matrices, np.ones(LANES, dtype=np.bool_))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 9), seed=st.integers(0, 2**32 - 1),
       need=st.lists(st.booleans(), min_size=LANES, max_size=LANES),
       zeros=st.floats(0.0, 0.6), nans=st.sampled_from([0.0, 0.0, 0.05]))
def test_any_block_factors_lane_by_lane(module, n, seed, need, zeros, nans):
    """Random blocks with exact zeros (singular lanes, zero pivots), equal entries
    (ties) and sometimes NaN (a failed evaluation), some lanes not needing a Jacobian."""
    rng = np.random.default_rng(seed)
    matrices = np.round(rng.standard_normal((LANES, n, n)) * 4.0) / 4.0
    matrices[rng.random(matrices.shape) < zeros] = 0.0
    matrices[rng.random(matrices.shape) < nans] = np.nan
    check(module, matrices, np.array(need, dtype=np.bool_))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 18), seed=st.integers(0, 2**32 - 1),
       zeros=st.floats(0.0, 0.3))
def test_any_block_solves_lane_by_lane(module, n, seed, zeros):
    """Each lane's solution as the one-lane substitution gives it; a singular lane's is
    zero."""
    rng = np.random.default_rng(seed)
    matrices = rng.standard_normal((LANES, n, n)) * rng.uniform(1e-3, 1e3, (LANES, 1, 1))
    matrices[rng.random(matrices.shape) < zeros] = 0.0
    lu, piv, regular = side_by_side(module, matrices, np.ones(LANES, dtype=np.bool_))
    rhs = rng.standard_normal((n, LANES))
    x = rhs.copy()
    module.solve_lanes(lu, piv, regular, x, np.empty(LANES), np.empty(LANES))
    for j in range(LANES):
        one_lu, one_piv, one_regular = one_lane(module, matrices[j])
        want = module.lu_solve(one_lu, one_piv, one_regular, rhs[:, j].copy())
        np.testing.assert_array_equal(x[:, j], want)


def benchmark_rest(n: int, seed: int = 1):
    """The rest solver of ``n`` runs of the benchmark's sample (the compiled kernels),
    the solve's first guess (stocks × runs) and the rows of the stocks it moves."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_engine import SCENARIO, sample

    base = compact(pre_intervention(scenario_parameters(load_scenario(SCENARIO),
                                                        sample(n, seed), n)))
    model = structure()
    return (CompiledRest(base, model, n, RELAX_DT), rest_start(base, model, n),
            free_stocks(model).astype(np.int64))


def test_the_lockstep_newton_brings_every_lane_to_rest_by_itself():
    """The block solve hands a lane short of rest to the one-run Newton, so a wrong
    Jacobian or factorisation could hide behind that fallback and still give rest
    states within the tolerance; here no lane of 1 024 runs of the benchmark's sample
    may need it (all 10 000 do not, measured)."""
    n = 1024
    rest, state, free = benchmark_rest(n)
    rt = np.empty(state.shape[0] * LANES)
    short = 0
    for r0 in range(0, n, LANES):
        xs = np.ascontiguousarray(state[:, r0:r0 + LANES]).reshape(-1)
        ps = np.ascontiguousarray(rest.PT[r0:r0 + LANES].T).reshape(-1)
        rest.module.relax_block(xs, ps, RELAX_DT, free, int(RELAX_WEEKS / RELAX_DT), rt)
        rest.module.newton_block(xs, ps, RELAX_DT, free, NEWTON_ITERATIONS,
                                 LINE_SEARCH_HALVINGS, TOLERANCE, rt)
        rest.module.rates_block(xs, ps, RELAX_DT, rt)
        short += sum(not rest.module.lane_residual(rt, xs, free, j) < TOLERANCE
                     for j in range(LANES))
    assert short == 0


def test_scratch_for_fewer_lanes_factors_those_and_more_is_refused(module):
    """The lane count comes from the scratch (so LLVM does not unroll the loops): with
    scratch for 8 lanes, lanes 0-7 are factored as alone and 8-15 keep their factors;
    scratch for more lanes than a block has is refused."""
    rng = np.random.default_rng(3)
    n = 6
    matrices = rng.standard_normal((LANES, n, n))
    work = np.ascontiguousarray(np.moveaxis(matrices, 0, -1))
    lu = np.full((n, n, LANES), 7.5)
    piv = np.full((LANES, n), -3, dtype=np.int64)
    regular = SENTINEL_REGULAR.copy()
    need = np.ones(LANES, dtype=np.bool_)
    module.factor_lanes(work, need, lu, piv, regular, np.empty(n * LANES), np.empty(8))
    for j in range(LANES):
        if j < 8:
            want_lu, want_piv, want_regular = one_lane(module, matrices[j])
            np.testing.assert_array_equal(lu[:, :, j], want_lu)
            np.testing.assert_array_equal(piv[j], want_piv)
            assert bool(regular[j]) == want_regular
        else:
            assert np.all(lu[:, :, j] == 7.5) and np.all(piv[j] == -3)
            assert regular[j] == SENTINEL_REGULAR[j]
    with pytest.raises(ValueError, match="scratch"):
        module.factor_lanes(work, need, lu, piv, regular, np.empty(n * LANES),
                            np.empty(LANES + 1))


def test_the_block_evaluation_gives_the_flows_the_solver_reads():
    """``rates_block`` computes only what the moved stocks' flows need: their rows agree
    with the one-run evaluation (vector code may round a last bit differently: to 1e-12
    of the stock, the scale the solver's residual uses), and the held stocks' rows, which
    the solver never reads, are 0.0."""
    n = 3 * LANES
    rest, state, free = benchmark_rest(n)
    held = np.setdiff1d(np.arange(state.shape[0]), free)
    assert held.size  # the accumulators and the stage's latches
    rt = np.empty(state.shape[0] * LANES)
    one = np.empty(state.shape[0])
    for r0 in range(0, n, LANES):
        xs = np.ascontiguousarray(state[:, r0:r0 + LANES]).reshape(-1)
        ps = np.ascontiguousarray(rest.PT[r0:r0 + LANES].T).reshape(-1)
        rest.module.rates_block(xs, ps, RELAX_DT, rt)
        block = rt.reshape(-1, LANES)
        assert np.all(block[held] == 0.0)
        for j in range(LANES):
            rest.module.rates_one(state[:, r0 + j].copy(), rest.PT[r0 + j], RELAX_DT, one,
                                  np.empty(0))
            scale = np.maximum(np.abs(state[free, r0 + j]), 1.0)
            assert np.all(np.abs(block[free, j] - one[free]) <= 1e-12 * scale)


def test_every_lane_jacobian_is_the_packed_one():
    """A block's first Jacobian (every lane needs one) takes a column per evaluation with
    every lane shifted at once (``every_lane_jacobian``); each lane's columns, factors,
    pivots and regularity must be, bit for bit, what the packed path (taken when only
    some lanes need one, their columns side by side) gives that lane."""
    n = 2 * LANES
    rest, state, free = benchmark_rest(n, seed=4)
    m = rest.module
    k = free.size
    for r0 in range(0, n, LANES):
        xs = np.ascontiguousarray(state[:, r0:r0 + LANES]).reshape(-1)
        ps = np.ascontiguousarray(rest.PT[r0:r0 + LANES].T).reshape(-1)
        rt = np.empty(xs.size)
        m.relax_block(xs, ps, RELAX_DT, free, 5, rt)
        m.rates_block(xs, ps, RELAX_DT, rt)

        def jacobian(need):
            """``jacobian_block``'s factors for the lanes with ``need``."""
            lu = np.full((k, k, LANES), 7.5)
            piv, regular = np.zeros((LANES, k), dtype=np.int64), np.zeros(LANES, np.bool_)
            m.jacobian_block(xs.copy(), ps, RELAX_DT, free, rt, need, np.zeros((k, k, LANES)),
                             lu, piv, regular)
            return lu, piv, regular

        every_lu, every_piv, every_regular = jacobian(np.ones(LANES, dtype=np.bool_))
        direct = np.zeros((k, k, LANES))
        m.every_lane_jacobian(xs, ps, RELAX_DT, free, rt, direct, np.empty_like(xs),
                              np.empty_like(rt), np.empty(LANES))
        lanes = np.arange(LANES)
        for need in (lanes % 2 == 0, lanes % 2 == 1, lanes != 5):
            lu, piv, regular = jacobian(need)
            for j in np.flatnonzero(need):
                np.testing.assert_array_equal(lu[:, :, j].view(np.int64),
                                              every_lu[:, :, j].view(np.int64))
                np.testing.assert_array_equal(piv[j], every_piv[j])
                assert regular[j] == every_regular[j]
                # the columns it computes, factored as one lane, give those factors
                want_lu, want_piv, _ = one_lane(m, direct[:, :, j])
                np.testing.assert_array_equal(want_lu.view(np.int64),
                                              lu[:, :, j].view(np.int64))
                np.testing.assert_array_equal(want_piv, piv[j])
