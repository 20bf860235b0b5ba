"""The rest state of each run's pre-intervention parameters.

Method: a short relaxation run (Euler, half-week steps) moves every run toward its rest
state; then damped Newton iterations with a finite-difference Jacobian, one small linear
system per run, drive every stock's net flow to zero. Runs are solved independently
(no operation mixes runs), so a run's rest state does not depend on its batch. The start
values that effect terms compare against (``reference_…``) are read off the same state.
The NumPy engine solves a batch together (here); the compiled engine solves each run on
its own with the same method (:mod:`cyclesim.rest_newton`), reusing the Jacobian while
Newton converges fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import CompiledRest, use_compiled
from .integrate import derivatives, evaluate
from .params import ParameterSet, compact
from .policy import pre_intervention
from .structure import Structure, structure

RELAX_WEEKS = 10.0
FALLBACK_RELAX_WEEKS = 400.0
RELAX_DT = 0.5
NEWTON_ITERATIONS = 30
LINE_SEARCH_HALVINGS = 8
TOLERANCE = 1e-13  # [1/week] relative net flow counted as rest


@dataclass
class RestState:
    """Initial stocks (stocks × runs), the reference values, and the largest residual."""

    stocks: np.ndarray
    references: dict[str, np.ndarray]
    residual: np.ndarray  # per run: max |net flow| / max(|stock|, 1) [1/week]


def _first_guess(params: dict, model: Structure, n: int) -> np.ndarray:
    team = np.broadcast_to(params["group_support_hours"] / params["productive_hours_per_fte"], (n,))
    guess = {
        "proximity": 0.25, "dependency": 0.1, "team_size": team, "familiar_staff": 0.95 * team,
        "temp_staff": 0.08 * team, "short_sick_staff": 0.045 * team,
        "burnout_sick_staff": 0.035 * team, "stigma": 0.2, "negative_self_image": 0.15,
        "staff_strain": 0.4, "controlling_climate": 0.5, "client_tension": 0.5,
        "client_satisfaction": 0.5, "staff_satisfaction": 0.5,
        "organisation_satisfaction": 0.5,
    }
    state = np.zeros((len(model.stocks), n))
    for i, name in enumerate(model.stock_names):
        state[i] = guess.get(name, 0.0)
    return state


class NumpyRates:
    """Net flows of the pre-intervention model in reference mode, with the NumPy engine
    (:class:`cyclesim.compiled.CompiledRest` is the compiled twin)."""

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


Rates = NumpyRates | CompiledRest


def _relax(state: np.ndarray, rates: Rates, free: np.ndarray, weeks: float) -> None:
    """Pseudo-transient relaxation: Euler steps of the pre-intervention model, in place."""
    for _ in range(int(weeks / RELAX_DT)):
        state[free] += RELAX_DT * rates.rates(state)[free]


def _residual(rate: np.ndarray, state: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Per run: the largest net flow relative to its stock (at least 1) [1/week]."""
    return np.max(np.abs(rate[idx]) / np.maximum(np.abs(state[idx]), 1.0), axis=0)


def _newton(state: np.ndarray, rates: Rates, idx: np.ndarray) -> None:
    """Damped Newton iterations on the free stocks, in place; converged runs stay put.

    A step is shortened so that no stock moves by more than half its size (at least 1)."""
    for _ in range(NEWTON_ITERATIONS):
        rate = rates.rates(state)
        done = _residual(rate, state, idx) < TOLERANCE
        if done.all():
            return
        jac = np.empty((state.shape[1], idx.size, idx.size))
        for col, row in enumerate(idx):
            h = 1e-7 * np.maximum(np.abs(state[row]), 1e-3)
            shifted = state.copy()
            shifted[row] += h
            jac[:, :, col] = ((rates.rates(shifted)[idx] - rate[idx]) / h).T
        step = _solve(jac, -rate[idx].T).T
        room = 0.5 * np.maximum(np.abs(state[idx]), 1.0)
        factor = np.minimum(1.0, np.min(room / np.maximum(np.abs(step), 1e-300), axis=0))
        step *= np.where(done, 0.0, factor)
        _line_search(state, step, _residual(rate, state, idx), rates, idx)


def _line_search(state: np.ndarray, step: np.ndarray, before: np.ndarray, rates: Rates,
                 idx: np.ndarray) -> None:
    """Take the Newton step, halved per run while it does not lower the residual (this
    gets Newton past the kinks of MIN/MAX and table functions), in place."""
    start = state[idx].copy()
    pending = np.ones(state.shape[1], dtype=bool)
    for _ in range(LINE_SEARCH_HALVINGS):
        state[idx] = np.where(pending, np.maximum(start + step, 0.0), state[idx])
        after = _residual(rates.rates(state), state, idx)
        pending &= after >= before
        if not pending.any():
            return
        step = step * 0.5
    state[idx] = np.where(pending, np.maximum(start + step, 0.0), state[idx])


def _subset(base: dict, keep: np.ndarray) -> dict:
    """The parameters of the runs in ``keep`` (numbers stay numbers)."""
    return {k: (v[keep] if isinstance(v, np.ndarray) and v.ndim == 1 else v)
            for k, v in base.items()}


def _solve_batch(state: np.ndarray, rates: NumpyRates, free: np.ndarray,
                 idx: np.ndarray) -> None:
    """All runs at once with NumPy: relax, Newton, and a long relaxation for stuck runs."""
    _relax(state, rates, free, RELAX_WEEKS)
    _newton(state, rates, idx)
    stuck = _residual(rates.rates(state), state, idx) >= TOLERANCE
    if stuck.any():
        sub_base = _subset(rates.base, stuck)
        sub = _first_guess(sub_base, rates.model, int(stuck.sum()))
        sub_rates = NumpyRates(sub_base, rates.model)
        _relax(sub, sub_rates, free, FALLBACK_RELAX_WEEKS)
        _newton(sub, sub_rates, idx)
        state[:, stuck] = sub


def rest_state(params: ParameterSet, model: Structure | None = None,
               engine: str = "auto") -> RestState:
    """Solve the rest state of ``params`` with every policy lever at its neutral value.

    Runs that Newton does not bring to rest from the short relaxation are relaxed longer
    and solved again; each run's path depends on its own parameters only. ``engine``
    chooses how the net flows are evaluated (see :mod:`cyclesim.compiled`)."""
    model = model or structure()
    n = len(next(iter(params.values())))
    base = compact(pre_intervention(params))
    free = np.array([not (s.accumulator or s.latched) for s in model.stocks])
    idx = np.flatnonzero(free)
    state = _first_guess(base, model, n)
    if use_compiled(engine):
        rates: Rates = CompiledRest(base, model, n, RELAX_DT)
        rates.solve(state, idx, int(RELAX_WEEKS / RELAX_DT),
                    int(FALLBACK_RELAX_WEEKS / RELAX_DT), NEWTON_ITERATIONS,
                    LINE_SEARCH_HALVINGS, TOLERANCE)
    else:
        rates = NumpyRates(base, model)
        _solve_batch(state, rates, free, idx)
    latched = {i: s.initial for i, s in enumerate(model.stocks) if s.initial is not None}
    _, start = rates.values(state, tuple(latched.values()))
    for i, name in latched.items():
        state[i] = start[name]
    rate, references = rates.values(state, model.references)
    return RestState(stocks=state, references=references, residual=_residual(rate, state, idx))


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


def with_references(params: ParameterSet, rest: RestState) -> ParameterSet:
    """``params`` plus the ``reference_…`` start values the equations compare against."""
    out = dict(params)
    out.update({f"reference_{k}": v for k, v in rest.references.items()})
    return out
