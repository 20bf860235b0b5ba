"""Batched fixed-step integration (Euler, or RK4 as an option), as SD tools do.

Every quantity is an array over runs; a single run is a batch of one. Column ``i`` of a
batched call equals the call on run ``i`` alone: no operation mixes runs. With Numba
installed, Euler runs go to the compiled engine (:mod:`cyclesim.compiled`) unless
``Settings.engine`` says ``"numpy"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .compiled import ENGINES, can_save, simulate_compiled, use_compiled
from .params import ParameterSet, compact
from .policy import PolicyPlan
from .structure import Structure, structure

Method = Literal["euler", "rk4"]


@dataclass(frozen=True)
class Settings:
    """How to integrate: horizon and step [week], method, and what to save."""

    horizon: float = 156.0
    dt: float = 0.25
    method: Method = "euler"
    save_every: float = 1.0
    variables: tuple[str, ...] | None = None  # None: every stock and auxiliary
    engine: str = "auto"  # "numpy", "compiled" (Numba) or "auto" (compiled when available)

    def __post_init__(self) -> None:
        if not self.dt > 0 or not self.horizon > 0:
            raise ValueError("dt and horizon must be positive")
        steps = self.save_every / self.dt
        if abs(steps - round(steps)) > 1e-9 or round(steps) < 1:
            raise ValueError("save_every must be a whole multiple of dt")
        if self.method not in ("euler", "rk4"):
            raise ValueError(f"unknown method {self.method!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; choose one of {ENGINES}")


@dataclass
class Trajectory:
    """Saved time series: ``values[v, t, r]`` for variable ``names[v]``, time ``times[t]``,
    run ``r``."""

    times: np.ndarray
    names: tuple[str, ...]
    values: np.ndarray

    def __getitem__(self, name: str) -> np.ndarray:
        """The series of one variable, shape (times, runs)."""
        return self.values[self.names.index(name)]

    @property
    def n_runs(self) -> int:
        return self.values.shape[2]


def evaluate(ns: dict, model: Structure, reference_mode: bool = False) -> dict:
    """Compute every flow and auxiliary into ``ns`` (which holds stocks and parameters).

    With ``reference_mode`` each referenced variable also sets its ``reference_`` value
    (used while solving the rest state, where the start values are not yet known)."""
    refs = model.references if reference_mode else ()
    for name in refs:
        if name in ns:
            ns["reference_" + name] = ns[name]
    for eq in model.equations:
        ns[eq.name] = eq.func(*[ns[i] for i in eq.inputs])
        if eq.name in refs:
            ns["reference_" + eq.name] = ns[eq.name]
    return ns


def derivatives(ns: dict, model: Structure, out: np.ndarray) -> np.ndarray:
    """Net flow of every stock into ``out`` (stocks × runs) from an evaluated ``ns``."""
    for i, stock in enumerate(model.stocks):
        rate = 0.0
        for f in stock.inflows:
            rate = rate + ns[f]
        for f in stock.outflows:
            rate = rate - ns[f]
        out[i] = rate
    return out


class _Stepper:
    """Holds the namespace and scratch arrays of one batched run."""

    def __init__(self, model: Structure, params: ParameterSet, plan: PolicyPlan,
                 settings: Settings):
        self.model, self.plan, self.settings = model, plan, settings
        self.params = compact(params)
        self.stage_row = model.stock_names.index("escalation_stage")
        self.latched = np.array([s.latched for s in model.stocks])

    def namespace(self, state: np.ndarray, time: float) -> dict:
        ns = dict(self.params)
        ns.update(zip(self.model.stock_names, state))
        ns.update(self.plan.values(self.params, time, state[self.stage_row]))
        ns["time"], ns["dt"] = time, self.settings.dt
        return evaluate(ns, self.model)

    def rate(self, state: np.ndarray, time: float) -> np.ndarray:
        return derivatives(self.namespace(state, time), self.model, np.empty_like(state))

    def step(self, state: np.ndarray, time: float, k1: np.ndarray) -> np.ndarray:
        dt = self.settings.dt
        if self.settings.method == "euler":
            return state + dt * k1
        k2 = self.rate(state + 0.5 * dt * k1, time + 0.5 * dt)
        k3 = self.rate(state + 0.5 * dt * k2, time + 0.5 * dt)
        k4 = self.rate(state + dt * k3, time + dt)
        slope = (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0
        slope[self.latched] = k1[self.latched]  # discrete latches step with Euler
        return state + dt * slope


def simulate(params: ParameterSet, initial: np.ndarray, plan: PolicyPlan,
             settings: Settings = Settings(), model: Structure | None = None) -> Trajectory:
    """Integrate a batch from ``initial`` (stocks × runs) over the horizon.

    ``params`` must already hold the ``reference_`` values of the rest state."""
    model = model or structure()
    names = settings.variables or model.variable_names
    n_steps = int(round(settings.horizon / settings.dt))
    per_save = int(round(settings.save_every / settings.dt))
    n_saves = n_steps // per_save + 1
    times = np.arange(n_saves) * settings.save_every
    if use_compiled(settings.engine, settings.method) and can_save(model, tuple(names)):
        values = simulate_compiled(params, initial, plan, settings.dt, n_steps, per_save,
                                   tuple(names), model)
        return Trajectory(times=times, names=tuple(names), values=values)
    values = np.empty((len(names), n_saves, initial.shape[1]))
    stepper = _Stepper(model, params, plan, settings)
    state = np.array(initial, dtype=float, order="C")
    k1 = np.empty_like(state)
    for n in range(n_steps + 1):
        time = n * settings.dt
        ns = stepper.namespace(state, time)
        if n % per_save == 0:
            for v, name in enumerate(names):
                values[v, n // per_save] = ns[name]
        if n == n_steps:
            break
        derivatives(ns, model, k1)
        state = stepper.step(state, time, k1)
    return Trajectory(times=times, names=tuple(names), values=values)
