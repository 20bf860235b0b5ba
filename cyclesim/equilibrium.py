"""The rest state of each run's pre-intervention parameters, solved batched.

Method: a short relaxation run (Euler, half-week steps) moves every run toward its rest
state; then damped Newton iterations with a finite-difference Jacobian, one small linear
system per run, drive every stock's net flow to zero. Runs are solved independently
(no operation mixes runs), so a run's rest state does not depend on its batch. The start
values that effect terms compare against (``reference_…``) are read off the same state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .integrate import derivatives, evaluate
from .params import ParameterSet, compact
from .policy import pre_intervention
from .structure import Structure, structure

RELAX_WEEKS = 10.0
RELAX_DT = 0.5
NEWTON_ITERATIONS = 30
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


def _rates(state: np.ndarray, params: ParameterSet, model: Structure) -> tuple[np.ndarray, dict]:
    ns = dict(params)
    ns.update(zip(model.stock_names, state))
    ns["time"], ns["dt"] = 0.0, RELAX_DT
    evaluate(ns, model, reference_mode=True)
    return derivatives(ns, model, np.empty_like(state)), ns


def rest_state(params: ParameterSet, model: Structure | None = None) -> RestState:
    """Solve the rest state of ``params`` with every policy lever at its neutral value."""
    model = model or structure()
    n = len(next(iter(params.values())))
    base = compact(pre_intervention(params))
    free = np.array([not (s.accumulator or s.latched) for s in model.stocks])
    state = _first_guess(base, model, n)
    for _ in range(int(RELAX_WEEKS / RELAX_DT)):
        rate, _ = _rates(state, base, model)
        state[free] += RELAX_DT * rate[free]
    idx = np.flatnonzero(free)
    for _ in range(NEWTON_ITERATIONS):
        rate, _ = _rates(state, base, model)
        scale = np.maximum(np.abs(state[idx]), 1.0)
        done = np.max(np.abs(rate[idx]) / scale, axis=0) < TOLERANCE
        if done.all():
            break
        jac = np.empty((state.shape[1], idx.size, idx.size))
        for col, row in enumerate(idx):
            h = 1e-7 * np.maximum(np.abs(state[row]), 1e-3)
            shifted = state.copy()
            shifted[row] += h
            jac[:, :, col] = ((_rates(shifted, base, model)[0][idx] - rate[idx]) / h).T
        step = _solve(jac, -rate[idx].T).T
        step[:, done] = 0.0
        state[idx] = np.maximum(state[idx] + step, 0.0)
    rate, ns = _rates(state, base, model)
    for i, stock in enumerate(model.stocks):
        if stock.initial is not None:
            state[i] = ns[stock.initial]
    rate, ns = _rates(state, base, model)
    residual = np.max(np.abs(rate[idx]) / np.maximum(np.abs(state[idx]), 1.0), axis=0)
    references = {r: np.asarray(ns[r], dtype=float) * np.ones(state.shape[1])
                  for r in model.references}
    return RestState(stocks=state, references=references, residual=residual)


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
