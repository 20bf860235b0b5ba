"""The NumPy engine: the listing evaluated one NumPy operation at a time over all runs.

Fixed-step Euler (RK4 as an option), as SD tools do. Every quantity is an array over
runs; no operation mixes runs. It runs everywhere (no compiler), supports RK4 and is the
reference the compiled engine is tested against.
"""

from __future__ import annotations

import numpy as np

from cyclesim.engine.base import Plan, RestState, Settings, Trajectory, finish_rest
from cyclesim.engine.evaluation import derivatives, evaluate
from cyclesim.engine.numpy_rest import NumpyRates, solve_batch
from cyclesim.engine.rest_start import rest_start
from cyclesim.model.graph import Structure
from cyclesim.model.params import ParameterSet, compact, pre_intervention


class _Stepper:
    """Holds the namespace and scratch arrays of one batched run."""

    def __init__(self, model: Structure, params: ParameterSet, plan: Plan,
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


class NumpyEngine:
    """The engine without a compiler (Euler or RK4)."""

    name = "numpy"

    def rest_state(self, params: ParameterSet, model: Structure) -> RestState:
        """Every run's rest state with the policy levers neutral, solved as one batch."""
        base = compact(pre_intervention(params))
        rates = NumpyRates(base, model)
        state = solve_batch(rates, rest_start(base, model, len(next(iter(params.values())))))
        return finish_rest(state, rates, model)

    def simulate(self, params: ParameterSet, initial: np.ndarray, plan: Plan,
                 settings: Settings, model: Structure) -> Trajectory:
        """Integrate a batch from ``initial`` (stocks × runs) over the horizon; ``params``
        must already hold the ``reference_`` values of the rest state."""
        names = settings.names(model)
        times = settings.times()
        values = np.empty((len(names), times.size, initial.shape[1]))
        stepper = _Stepper(model, params, plan, settings)
        state = np.array(initial, dtype=float, order="C")
        k1 = np.empty_like(state)
        for n in range(settings.n_steps + 1):
            time = n * settings.dt
            ns = stepper.namespace(state, time)
            if n % settings.per_save == 0:
                for v, name in enumerate(names):
                    values[v, n // settings.per_save] = ns[name]
            if n == settings.n_steps:
                break
            derivatives(ns, model, k1)
            state = stepper.step(state, time, k1)
        return Trajectory(times=times, names=names, values=values)
