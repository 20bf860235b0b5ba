"""The rest-state solve of :mod:`cyclesim.engine.rest`, one run at a time, for compiling.

The NumPy engine solves all runs of a batch together; the compiled engine solves each
run on its own with the same method (relaxation, then damped Newton with a
finite-difference Jacobian and a halving line search, then a long relaxation for a run
that does not come to rest), so the two agree to the solver's tolerance. The functions
here are plain Python in the subset Numba compiles. :mod:`cyclesim.engine.kernel_source` copies
them into the generated kernel module, where ``rates_one(stocks, params, dt, rate,
values)`` is the listing's evaluation of one run in reference mode (``values`` empty: flows only).
"""

from __future__ import annotations

import numpy as np

rates_one = None  # supplied by the generated kernel module


def residual(rate, state, free):
    """Largest net flow relative to its stock (at least 1) over the free stocks [1/week]."""
    worst = 0.0
    for row in free:
        worst = max(worst, abs(rate[row]) / max(abs(state[row]), 1.0))
    return worst


def solve_linear(a, b):
    """``a x = b`` by Gaussian elimination with partial pivoting, in plain loops;
    a singular ``a`` (a run with no staff at all) gives ``x = 0``."""
    lu = np.empty_like(a)
    piv = np.zeros(b.size, dtype=np.int64)
    return lu_solve(lu, piv, factor(a, lu, piv), b)


def factor(a, lu, piv):
    """The elimination of :func:`solve_linear` done once: ``lu`` gets ``a``'s upper
    triangle and, below it, each row's multiplier; ``piv[col]`` the row swapped in. A
    chord step then solves with :func:`lu_solve` in the same operations as
    :func:`solve_linear` on ``b``. False for a singular ``a``."""
    n = a.shape[0]
    lu[:] = a
    for col in range(n):
        pivot = col
        for row in range(col + 1, n):
            if abs(lu[row, col]) > abs(lu[pivot, col]):
                pivot = row
        piv[col] = pivot
        if lu[pivot, col] == 0.0:
            return False
        if pivot != col:
            for k in range(col, n):  # left of ``col``: multipliers, which stay put
                lu[col, k], lu[pivot, k] = lu[pivot, k], lu[col, k]
        for row in range(col + 1, n):
            multiplier = lu[row, col] / lu[col, col]
            for k in range(col + 1, n):
                lu[row, k] -= multiplier * lu[col, k]
            lu[row, col] = multiplier
    return True


def lu_solve(lu, piv, regular, b):
    """:func:`solve_linear` of the matrix that :func:`factor` gave ``lu``, ``piv`` and
    ``regular`` (its result; singular: ``x = 0``)."""
    x = b.copy()
    lu_solve_into(lu, piv, regular, x)
    return x


def lu_solve_into(lu, piv, regular, x):
    """:func:`lu_solve` in place: ``x`` holds ``b`` and gets the solution."""
    n = x.size
    if not regular:
        x[:] = 0.0
        return
    for col in range(n):
        pivot = piv[col]
        if pivot != col:
            x[col], x[pivot] = x[pivot], x[col]
        for row in range(col + 1, n):
            x[row] -= lu[row, col] * x[col]
    for col in range(n - 1, -1, -1):
        total = x[col]
        for k in range(col + 1, n):
            total -= lu[col, k] * x[k]
        x[col] = total / lu[col, col]


def relax(state, params, dt, free, steps, rate, values):
    """Euler steps of the pre-intervention model toward rest, in place."""
    for _ in range(steps):
        rates_one(state, params, dt, rate, values)
        for row in free:
            state[row] += dt * rate[row]


def line_search(state, step, before, params, dt, free, halvings, rate, values):
    """Take the Newton step, halved while it does not lower the residual, in place."""
    start = state[free].copy()
    for _ in range(halvings):
        state[free] = np.maximum(start + step, 0.0)
        rates_one(state, params, dt, rate, values)
        if residual(rate, state, free) < before:
            return
        step = step * 0.5
    state[free] = np.maximum(start + step, 0.0)


def difference_step(stock):
    """The shift of a stock at ``stock`` for its finite-difference Jacobian column."""
    return 1e-7 * max(abs(stock), 1e-3)


def newton(state, params, dt, free, iterations, halvings, tolerance, rate, values):
    """Damped Newton on the free stocks, in place; a step moves no stock by more than
    half its size (at least 1). The Jacobian is kept while each step cuts the residual
    at least fourfold (a chord step costs one evaluation instead of one per stock)."""
    shifted_rate = np.empty_like(rate)
    shifted = np.empty_like(state)
    jac = np.empty((free.size, free.size))
    previous = -1.0  # residual at the last step; negative: no Jacobian yet
    for _ in range(iterations):
        rates_one(state, params, dt, rate, values)
        before = residual(rate, state, free)
        if before < tolerance:
            return
        if previous < 0.0 or before > 0.25 * previous:
            for col in range(free.size):
                row = free[col]
                h = difference_step(state[row])
                shifted[:] = state
                shifted[row] += h
                rates_one(shifted, params, dt, shifted_rate, values)
                for i in range(free.size):
                    jac[i, col] = (shifted_rate[free[i]] - rate[free[i]]) / h
        previous = before
        step = solve_linear(jac, -rate[free])
        room = 0.5 * np.maximum(np.abs(state[free]), 1.0)
        step *= min(1.0, np.min(room / np.maximum(np.abs(step), 1e-300)))
        line_search(state, step, before, params, dt, free, halvings, rate, values)


def solve_rest(S, guess, PT, dt, free, relax_steps, fallback_steps, iterations, halvings,
               tolerance):
    """Rest state of every run (column of ``S``, changed in place) with parameters in the
    rows of ``PT``; ``guess`` restarts a run that the short relaxation leaves stuck."""
    rate = np.empty(S.shape[0])
    values = np.empty(0)  # the solve needs net flows only
    for r in range(S.shape[1]):
        state = S[:, r].copy()
        params = PT[r]
        relax(state, params, dt, free, relax_steps, rate, values)
        newton(state, params, dt, free, iterations, halvings, tolerance, rate, values)
        rates_one(state, params, dt, rate, values)
        if not residual(rate, state, free) < tolerance:
            state = guess[:, r].copy()
            relax(state, params, dt, free, fallback_steps, rate, values)
            newton(state, params, dt, free, iterations, halvings, tolerance, rate, values)
            rates_one(state, params, dt, rate, values)
        S[:, r] = state

SOLVER_FUNCTIONS = (residual, difference_step, solve_linear, factor, lu_solve,
                    lu_solve_into, relax, line_search, newton, solve_rest)
