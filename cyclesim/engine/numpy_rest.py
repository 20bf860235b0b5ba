"""The NumPy engine's rest-state solve: all runs of a batch together.

Method: a short relaxation run (Euler, half-week steps) moves every run toward its rest
state; then damped Newton iterations with a finite-difference Jacobian, one small linear
system per run, drive every stock's net flow to zero; runs that do not come to rest are
relaxed longer from a fresh guess and solved again. Runs are solved independently (no
operation mixes runs), so a run's rest state does not depend on its batch. The compiled
engine solves each run on its own with the same method (:mod:`cyclesim.engine.rest_newton`).
"""

from __future__ import annotations

import numpy as np

from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS,
                                  NEWTON_ITERATIONS, RELAX_DT, RELAX_WEEKS, TOLERANCE,
                                  first_guess, free_stocks, residual)
from cyclesim.engine.evaluation import derivatives, evaluate
from cyclesim.model.graph import Structure


class NumpyRates:
    """Net flows of the pre-intervention model in reference mode, with the NumPy engine."""

    def __init__(self, base: dict, model: Structure):
        self.base, self.model = base, model

    def _evaluate(self, state: np.ndarray) -> tuple[np.ndarray, dict]:
        ns = dict(self.base)
        ns.update(zip(self.model.stock_names, state))
        ns["time"], ns["dt"] = 0.0, RELAX_DT
        evaluate(ns, self.model, reference_mode=True)
        return derivatives(ns, self.model, np.empty_like(state)), ns

    def rates(self, state: np.ndarray) -> np.ndarray:
        return self._evaluate(state)[0]

    def values(self, state: np.ndarray, names: tuple[str, ...]
               ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        rate, ns = self._evaluate(state)
        return rate, {name: np.asarray(ns[name], dtype=float) * np.ones(state.shape[1])
                      for name in names}


def _relax(state: np.ndarray, rates: NumpyRates, idx: np.ndarray, weeks: float) -> None:
    """Pseudo-transient relaxation: Euler steps of the pre-intervention model, in place."""
    for _ in range(int(weeks / RELAX_DT)):
        state[idx] += RELAX_DT * rates.rates(state)[idx]


def _jacobian(state: np.ndarray, rate: np.ndarray, rates: NumpyRates,
              idx: np.ndarray) -> np.ndarray:
    """Forward-difference Jacobian of the free stocks' net flows, one matrix per run."""
    jac = np.empty((state.shape[1], idx.size, idx.size))
    for col, row in enumerate(idx):
        h = 1e-7 * np.maximum(np.abs(state[row]), 1e-3)
        shifted = state.copy()
        shifted[row] += h
        jac[:, :, col] = ((rates.rates(shifted)[idx] - rate[idx]) / h).T
    return jac


def _newton(state: np.ndarray, rates: NumpyRates, idx: np.ndarray) -> None:
    """Damped Newton iterations on the free stocks, in place; converged runs stay put.

    A step is shortened so that no stock moves by more than half its size (at least 1).
    As in the compiled engine, a run keeps its Jacobian while each step cuts its residual
    at least fourfold (a chord step): at the kinks of the asymmetric build-up and release
    times, where the rest state sits, a fresh one-sided Jacobian each step can make Newton
    alternate around the rest state instead of settling. Each run decides for itself, so
    a run's rest state does not depend on its batch."""
    jac = None
    previous = np.full(state.shape[1], -1.0)  # residual at the last step; < 0: none yet
    for _ in range(NEWTON_ITERATIONS):
        rate = rates.rates(state)
        before = residual(rate, state, idx)
        done = before < TOLERANCE
        if done.all():
            return
        renew = (previous < 0.0) | (before > 0.25 * previous)
        if jac is None or renew.any():
            fresh = _jacobian(state, rate, rates, idx)
            jac = fresh if jac is None else np.where(renew[:, None, None], fresh, jac)
        previous = before
        step = _solve(jac, -rate[idx].T).T
        room = 0.5 * np.maximum(np.abs(state[idx]), 1.0)
        factor = np.minimum(1.0, np.min(room / np.maximum(np.abs(step), 1e-300), axis=0))
        step *= np.where(done, 0.0, factor)
        _line_search(state, step, residual(rate, state, idx), rates, idx)


def _line_search(state: np.ndarray, step: np.ndarray, before: np.ndarray,
                 rates: NumpyRates, idx: np.ndarray) -> None:
    """Take the Newton step, halved per run while it does not lower the residual (this
    gets Newton past the kinks of MIN/MAX and table functions), in place."""
    start = state[idx].copy()
    pending = np.ones(state.shape[1], dtype=bool)
    for _ in range(LINE_SEARCH_HALVINGS):
        state[idx] = np.where(pending, np.maximum(start + step, 0.0), state[idx])
        after = residual(rates.rates(state), state, idx)
        pending &= after >= before
        if not pending.any():
            return
        step = step * 0.5
    state[idx] = np.where(pending, np.maximum(start + step, 0.0), state[idx])


def _solve(jac: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Newton step per run; a singular Jacobian (a run with no staff at all) gives no step."""
    try:
        return np.linalg.solve(jac, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.zeros_like(rhs)
        for r in range(jac.shape[0]):
            try:
                out[r] = np.linalg.solve(jac[r], rhs[r])
            except np.linalg.LinAlgError:
                pass
        return out


def _subset(base: dict, keep: np.ndarray) -> dict:
    """The parameters of the runs in ``keep`` (numbers stay numbers)."""
    return {k: (v[keep] if isinstance(v, np.ndarray) and v.ndim == 1 else v)
            for k, v in base.items()}


def solve_batch(rates: NumpyRates, start: np.ndarray) -> np.ndarray:
    """The rest stocks (stocks × runs) of every run from ``start`` (stocks × runs, changed
    in place): relax, Newton, and a long relaxation from the generic guess
    (:func:`first_guess`) for runs that did not come to rest."""
    model = rates.model
    idx = free_stocks(model)
    state = start
    _relax(state, rates, idx, RELAX_WEEKS)
    _newton(state, rates, idx)
    stuck = residual(rates.rates(state), state, idx) >= TOLERANCE
    if stuck.any():
        sub_rates = NumpyRates(_subset(rates.base, stuck), model)
        sub = first_guess(sub_rates.base, model, int(stuck.sum()))
        _relax(sub, sub_rates, idx, FALLBACK_RELAX_WEEKS)
        _newton(sub, sub_rates, idx)
        state[:, stuck] = sub
    return state
