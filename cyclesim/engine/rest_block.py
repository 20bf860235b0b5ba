"""The rest solve of :mod:`cyclesim.engine.rest_newton`, for ``LANES`` runs in lockstep.

Each run's evaluations are most of a batch's rest solve (about 120 per run: relaxation,
finite-difference Jacobians, line searches). Here the runs of a block take every step
together: one call of the generated ``rates_block`` evaluates all lanes at once on SIMD
lanes. Each lane keeps its own decisions (converged, Jacobian kept or rebuilt, how often
its step is halved) exactly as the one-run solver makes them; a lane that is done rides
along unchanged. Each run is then judged by the one-run evaluation: one just short of
the tolerance there continues with the one-run Newton, and one still not at rest goes to
the one-run fallback (the long relaxation from the first guess), as before. Plain Python in the subset Numba compiles;
:mod:`cyclesim.engine.kernel_source` copies it into the generated module, where
``rates_block`` and ``LANES`` are defined (:mod:`cyclesim.engine.block_source`) and the
one-run functions (``relax``, ``newton``, ``residual``, ``rates_one``) live too.
"""

from __future__ import annotations

import numpy as np

from cyclesim.engine.rest_newton import difference_step, newton, relax, residual

rates_block = None  # supplied by the generated kernel module
rates_one = None  # likewise
LANES = 16  # likewise (kernel_source.LANES)


def lane_residual(rt, xs, free, j):
    """:func:`residual` of lane ``j``."""
    worst = 0.0
    for row in free:
        worst = max(worst, abs(rt[row * LANES + j]) / max(abs(xs[row * LANES + j]), 1.0))
    return worst


def relax_block(xs, ps, dt, free, steps, rt):
    """Euler steps of every lane toward rest, in place."""
    for _ in range(steps):
        rates_block(xs, ps, dt, rt)
        for row in free:
            for j in range(LANES):
                xs[row * LANES + j] += dt * rt[row * LANES + j]


def jacobian_block(xs, ps, dt, free, rt, need, jac, lu, piv, regular):
    """Finite-difference Jacobians of the lanes with ``need[j]`` (lane ``j``'s at
    ``jac[:, :, j]``, lanes innermost, for :func:`factor_lanes`), with the
    one-run solver's shifts: every shifted state (a run and one free stock) takes a lane
    of its own, the columns of all the lanes that need a Jacobian packed side by side,
    so a Jacobian costs about ``free.size / LANES`` block evaluations. Each lane works
    through a contiguous run of the columns, so it copies a run's parameters only when
    it moves on to the next run, and between two columns of one run only puts the
    shifted stock back. When every lane needs one (as at a block's first Newton step,
    unless a lane is at rest already), lane ``j`` is run ``j`` itself:
    :func:`every_lane_jacobian`, without the packing. The
    Jacobians are factored side by side (:func:`factor_lanes`) into lane ``j`` of
    ``lu`` (``lu[:, :, j]``, for :func:`solve_lanes`), ``piv[j]`` and ``regular[j]``, so
    the chord steps that keep them only substitute."""
    n_stocks = xs.size // LANES
    n_params = ps.size // LANES
    n_free = free.size
    shifted = np.empty_like(xs)
    shifted_rate = np.empty_like(rt)
    h = np.empty(LANES)
    needing = np.empty(LANES, dtype=np.int64)
    n_need = 0
    for j in range(LANES):
        if need[j]:
            needing[n_need] = j
            n_need += 1
    if n_need == LANES:  # every lane (as at a block's first step): no packing needed
        every_lane_jacobian(xs, ps, dt, free, rt, jac, shifted, shifted_rate, h)
        factor_lanes(jac, need, lu, piv, regular, np.empty(n_free * LANES), np.empty(LANES))
        return
    own = np.empty_like(ps)
    owner = np.full(LANES, -1, dtype=np.int64)
    column = np.zeros(LANES, dtype=np.int64)
    total = n_need * n_free
    groups = (total + LANES - 1) // LANES
    for g in range(groups):
        for lane in range(LANES):
            pair = min(lane * groups + g, total - 1)  # spare lanes repeat the last column
            j = needing[pair // n_free]
            if j != owner[lane]:
                owner[lane] = j
                for k in range(n_params):
                    own[k * LANES + lane] = ps[k * LANES + j]
                for k in range(n_stocks):
                    shifted[k * LANES + lane] = xs[k * LANES + j]
            else:
                back = free[column[lane]] * LANES + lane
                shifted[back] = xs[back - lane + j]
            col = pair % n_free
            column[lane] = col
            row = free[col]
            h[lane] = difference_step(xs[row * LANES + j])
            shifted[row * LANES + lane] += h[lane]
        rates_block(shifted, own, dt, shifted_rate)
        for lane in range(LANES):
            if lane * groups + g < total:
                j = owner[lane]
                col = column[lane]
                for i in range(n_free):
                    jac[i, col, j] = ((shifted_rate[free[i] * LANES + lane]
                                       - rt[free[i] * LANES + j]) / h[lane])
    factor_lanes(jac, need, lu, piv, regular, np.empty(n_free * LANES), np.empty(LANES))


def every_lane_jacobian(xs, ps, dt, free, rt, jac, shifted, shifted_rate, h):
    """:func:`jacobian_block`'s columns when every lane needs its Jacobian: lane ``j``
    is run ``j`` itself, so column ``col`` of every lane takes one block evaluation with
    that column's stock shifted in every lane (the packed path's shifted states and
    differences, lane by lane the same numbers, without its per-lane bookkeeping)."""
    for k in range(xs.size):
        shifted[k] = xs[k]
    for col in range(free.size):
        row = free[col]
        for j in range(LANES):
            h[j] = difference_step(xs[row * LANES + j])
            shifted[row * LANES + j] += h[j]
        rates_block(shifted, ps, dt, shifted_rate)
        for i in range(free.size):
            at = free[i] * LANES
            for j in range(LANES):
                jac[i, col, j] = (shifted_rate[at + j] - rt[at + j]) / h[j]
        for j in range(LANES):
            shifted[row * LANES + j] = xs[row * LANES + j]


def factor_lanes(a, need, lu, piv, regular, pivot_row, multiplier):
    """:func:`rest_newton.factor` of every lane of ``a`` (``a[:, :, j]``, factored in
    place) side by side, so the elimination is one vector operation over the lanes (the
    one-lane :func:`factor` of 18 stocks took 2.6-3.3 µs, about a sixth of a run's rest
    solve); the same operations per lane, in its order. Lanes with ``need[j]`` get
    their factors into ``lu[:, :, j]``, ``piv[j]`` and ``regular[j]``; the others keep
    theirs (a chord step's). A lane with a zero pivot (singular: ``regular`` False) is
    eliminated on, into numbers nobody reads, where :func:`factor` stops. Compiled with
    ``noalias`` arguments (:data:`NOALIAS`): the pivot row is copied to ``pivot_row``
    (``n * LANES``) and the multipliers go to ``multiplier`` (``LANES``), so LLVM knows
    the rows it updates are neither."""
    n = a.shape[0]
    # the elimination's loops vectorise only as LLVM sees them: over a flat view, with
    # unsigned indices (no wrap-around of negative ones) and a lane count it does not
    # know (a loop of 16 it unrolls first, and the unrolled code stays scalar)
    flat = a.reshape(n * n * LANES)
    lanes = multiplier.size
    # every loop over the lanes runs to ``lanes``: scratch for fewer lanes factors only
    # those (no pivot read from a lane it never searched); more is refused. An upper
    # bound only, so LLVM still does not know the count (above)
    if lanes > LANES or pivot_row.size < n * LANES:
        raise ValueError("factor_lanes: scratch arrays of LANES and n * LANES expected")
    pivots = np.empty((LANES, n), dtype=np.int64)
    ok = np.ones(LANES, dtype=np.bool_)
    largest = np.empty(LANES)
    at = np.empty(LANES, dtype=np.int64)
    for col in range(n):
        for j in range(lanes):
            largest[j] = abs(flat[np.uint64((col * n + col) * LANES + j)])
            at[j] = col
        for row in range(col + 1, n):  # the first largest, as factor's comparison finds it
            for j in range(lanes):
                size = abs(flat[np.uint64((row * n + col) * LANES + j)])
                bigger = size > largest[j]
                largest[j] = size if bigger else largest[j]
                at[j] = row if bigger else at[j]
        for j in range(lanes):
            pivot = at[j]
            pivots[j, col] = pivot
            if a[pivot, col, j] == 0.0:
                ok[j] = False
            if pivot != col:  # left of ``col``: multipliers, which stay put
                for k in range(col, n):
                    a[col, k, j], a[pivot, k, j] = a[pivot, k, j], a[col, k, j]
        for k in range(col, n):
            for j in range(lanes):
                pivot_row[k * LANES + j] = a[col, k, j]
        for row in range(col + 1, n):
            for j in range(lanes):
                here = np.uint64((row * n + col) * LANES + j)
                multiplier[j] = flat[here] / pivot_row[np.uint64(col * LANES + j)]
            for k in range(col + 1, n):
                for j in range(lanes):
                    here = np.uint64((row * n + k) * LANES + j)
                    flat[here] -= multiplier[j] * pivot_row[np.uint64(k * LANES + j)]
            for j in range(lanes):
                flat[np.uint64((row * n + col) * LANES + j)] = multiplier[j]
    for j in range(lanes):
        if need[j]:
            regular[j] = ok[j]
            for col in range(n):
                piv[j, col] = pivots[j, col]
    into = lu.reshape(n * n * LANES)
    if lanes == LANES and need.all():  # every lane's factors are new: one copy
        for i in range(n * n * LANES):
            into[i] = flat[i]
        return
    for i in range(n * n):
        for j in range(lanes):
            here = np.uint64(i * LANES + j)
            into[here] = flat[here] if need[j] else into[here]


def solve_lanes(lu, piv, regular, x, pivot_x, total):
    """:func:`rest_newton.lu_solve_into` of every lane side by side, so each step is one
    vector operation over the lanes: ``x[:, j]`` holds lane ``j``'s right-hand side and
    gets its solution (zero for a singular matrix), with lane ``j``'s factors at
    ``lu[:, :, j]``, ``piv[j]`` and ``regular[j]``; the same operations per lane, in its
    order. A lane that was never factored computes numbers nobody reads. Compiled with
    ``noalias`` arguments (:data:`NOALIAS`), its loops written as in
    :func:`factor_lanes` so that they vectorise; ``pivot_x`` and ``total`` are scratch
    of ``LANES`` (the pivot's entries, and the running sum of the back substitution)."""
    n = x.shape[0]
    lanes = total.size  # LANES, unknown to LLVM (factor_lanes)
    if lanes > LANES or pivot_x.size < LANES:
        raise ValueError("solve_lanes: scratch arrays of LANES expected")
    xf = x.reshape(n * LANES)
    lf = lu.reshape(n * n * LANES)
    for col in range(n):
        for j in range(LANES):
            p = piv[j, col]
            if p != col:
                x[col, j], x[p, j] = x[p, j], x[col, j]
        for j in range(lanes):
            pivot_x[j] = xf[np.uint64(col * LANES + j)]
        for row in range(col + 1, n):
            for j in range(lanes):
                xf[np.uint64(row * LANES + j)] -= (lf[np.uint64((row * n + col) * LANES + j)]
                                                   * pivot_x[j])
    for col in range(n - 1, -1, -1):
        for j in range(lanes):
            total[j] = xf[np.uint64(col * LANES + j)]
        for k in range(col + 1, n):
            for j in range(lanes):
                total[j] -= (lf[np.uint64((col * n + k) * LANES + j)]
                             * xf[np.uint64(k * LANES + j)])
        for j in range(lanes):
            xf[np.uint64(col * LANES + j)] = (total[j]
                                              / lf[np.uint64((col * n + col) * LANES + j)])
    for j in range(LANES):
        if not regular[j]:
            for i in range(n):
                x[i, j] = 0.0


def newton_step(xs, free, solved, j, step):
    """Lane ``j``'s damped Newton step into ``step`` from its solved system
    (``solved[:, j]``, :func:`solve_lanes`), as :func:`rest_newton.newton` damps it."""
    for i in range(free.size):
        step[i] = solved[i, j]
    least = 0.0
    for i in range(free.size):
        room = 0.5 * np.maximum(np.abs(xs[free[i] * LANES + j]), 1.0)
        ratio = room / np.maximum(np.abs(step[i]), 1e-300)
        least = ratio if i == 0 else np.minimum(least, ratio)  # np.min: NaN wins
    scale = min(1.0, least)
    for i in range(free.size):
        step[i] *= scale


def line_search_block(xs, ps, dt, free, halvings, rt, active, before, step):
    """Every active lane's step, halved while it does not lower that lane's residual
    (as :func:`rest_newton.line_search`), in place."""
    start = np.empty((LANES, free.size))
    searching = active.copy()
    for j in range(LANES):
        for i in range(free.size):
            start[j, i] = xs[free[i] * LANES + j]
    for _ in range(halvings):
        if not searching.any():
            return
        for j in range(LANES):
            if searching[j]:
                for i in range(free.size):
                    xs[free[i] * LANES + j] = np.maximum(start[j, i] + step[j, i], 0.0)
        rates_block(xs, ps, dt, rt)
        for j in range(LANES):
            if searching[j]:
                if lane_residual(rt, xs, free, j) < before[j]:
                    searching[j] = False
                else:
                    step[j] *= 0.5
    for j in range(LANES):
        if searching[j]:
            for i in range(free.size):
                xs[free[i] * LANES + j] = np.maximum(start[j, i] + step[j, i], 0.0)


def newton_block(xs, ps, dt, free, iterations, halvings, tolerance, rt):
    """:func:`rest_newton.newton` of every lane, in lockstep, in place."""
    jac = np.zeros((free.size, free.size, LANES))  # lanes innermost (factor_lanes)
    lu = np.empty((free.size, free.size, LANES))  # lanes innermost (solve_lanes)
    solved = np.empty((free.size, LANES))
    pivot_x, total = np.empty(LANES), np.empty(LANES)  # solve_lanes' scratch
    piv = np.zeros((LANES, free.size), dtype=np.int64)
    regular = np.zeros(LANES, dtype=np.bool_)
    previous = np.full(LANES, -1.0)
    before = np.empty(LANES)
    active = np.ones(LANES, dtype=np.bool_)
    need = np.zeros(LANES, dtype=np.bool_)
    step = np.zeros((LANES, free.size))
    for _ in range(iterations):
        rates_block(xs, ps, dt, rt)
        for j in range(LANES):
            need[j] = False
            if active[j]:
                before[j] = lane_residual(rt, xs, free, j)
                if before[j] < tolerance:
                    active[j] = False
                else:
                    need[j] = previous[j] < 0.0 or before[j] > 0.25 * previous[j]
        if not active.any():
            return
        if need.any():
            jacobian_block(xs, ps, dt, free, rt, need, jac, lu, piv, regular)
        for i in range(free.size):
            for j in range(LANES):
                solved[i, j] = -rt[free[i] * LANES + j]
        solve_lanes(lu, piv, regular, solved, pivot_x, total)
        for j in range(LANES):
            if active[j]:
                previous[j] = before[j]
                newton_step(xs, free, solved, j, step[j])
        line_search_block(xs, ps, dt, free, halvings, rt, active, before, step)


def solve_rest_block(S, guess, PT, dt, free, relax_steps, fallback_steps, iterations,
                     halvings, tolerance, rate_out, values_out):
    """:func:`rest_newton.solve_rest` (same arguments) in blocks of ``LANES`` runs; a
    short last block repeats its last run in the spare lanes. Each run's last one-run
    evaluation, at the rest state it is given, goes to row ``r`` of ``rate_out`` (runs ×
    stocks) and, unless ``values_out`` has no columns, of ``values_out`` (runs × every
    variable): what the rest state's finish reads, so it need not evaluate again."""
    n_stocks, n_runs = S.shape
    n_params = PT.shape[1]
    xs = np.empty(n_stocks * LANES)
    ps = np.empty(n_params * LANES)
    rt = np.empty(n_stocks * LANES)
    none = np.empty(0)
    for r0 in range(0, n_runs, LANES):
        width = min(LANES, n_runs - r0)
        for j in range(LANES):
            r = r0 + min(j, width - 1)
            for k in range(n_stocks):
                xs[k * LANES + j] = S[k, r]
            for k in range(n_params):
                ps[k * LANES + j] = PT[r, k]
        relax_block(xs, ps, dt, free, relax_steps, rt)
        newton_block(xs, ps, dt, free, iterations, halvings, tolerance, rt)
        for j in range(width):
            r = r0 + j
            rate = rate_out[r]
            values = values_out[r]
            state = np.empty(n_stocks)
            for k in range(n_stocks):
                state[k] = xs[k * LANES + j]
            # judged by the one-run evaluation, as the rest state's residual is reported
            # (vector code may round a last bit differently): a lane just short of the
            # tolerance there gets the one-run Newton from where it stands
            rates_one(state, PT[r], dt, rate, values)
            if not residual(rate, state, free) < tolerance:
                newton(state, PT[r], dt, free, iterations, halvings, tolerance, rate, none)
                rates_one(state, PT[r], dt, rate, values)
            if not residual(rate, state, free) < tolerance:
                state = guess[:, r].copy()
                relax(state, PT[r], dt, free, fallback_steps, rate, none)
                newton(state, PT[r], dt, free, iterations, halvings, tolerance, rate, none)
                rates_one(state, PT[r], dt, rate, values)
            S[:, r] = state


# compiled with ``noalias`` arguments (cyclesim.engine.noalias): never given one array twice
NOALIAS = (factor_lanes, solve_lanes)

SOLVER_FUNCTIONS = (lane_residual, relax_block, every_lane_jacobian, jacobian_block,
                    factor_lanes, solve_lanes, newton_step, line_search_block, newton_block,
                    solve_rest_block)
