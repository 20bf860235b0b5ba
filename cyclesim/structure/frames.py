"""A run as frames: every input an equation may read, as one array over saved times.

Link gains (:mod:`cyclesim.structure.loops`) and loop scores (:mod:`cyclesim.structure.dominance`) re-evaluate
single equations with some inputs changed, so they need the whole namespace of each saved
time: stocks and auxiliaries, parameters with their ``reference_…`` start values, policy
parameters as the plan sets them at that time, and ``time``/``dt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cyclesim.engine import Settings
from cyclesim.engine.evaluation import derivatives, evaluate
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.files import Scenario, load_scenario
from cyclesim.model.graph import Structure

Frames = dict[str, np.ndarray]  # name -> values over saved times, shape (times,)


@dataclass
class RunFrames:
    """The saved times [week] of one run and its frames."""

    times: np.ndarray
    frames: Frames


def run_frames(scenario: Scenario | str | Path, save_every: float | None = None,
               overrides: dict | None = None) -> RunFrames:
    """Run one scenario (saving every ``save_every`` weeks, default every step) as frames.

    The NumPy engine runs it: loop scores recompute equations with NumPy and compare with
    the saved values, which must come from the same arithmetic to the last bit."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    save = save_every or scenario.dt
    settings = Settings(horizon=scenario.horizon_weeks, dt=scenario.dt, method=scenario.method,
                        save_every=save)
    result = run_batch(scenario, scenario_parameters(scenario, overrides), settings=settings,
                       engine="numpy")
    tr = result.trajectory
    n = len(tr.times)
    frames: Frames = {name: np.full(n, float(np.asarray(v)[0]))
                      for name, v in result.parameters.items()}
    plan = scenario.plan()
    stage = tr["escalation_stage"][:, 0]
    policy = [plan.values(result.parameters, float(t), stage[i:i + 1])
              for i, t in enumerate(tr.times)]
    for name in policy[0]:
        frames[name] = np.array([float(np.asarray(p[name]).ravel()[0]) for p in policy])
    for name in tr.names:
        frames[name] = tr[name][:, 0].copy()
    frames["time"] = tr.times.astype(float)
    frames["dt"] = np.full(n, scenario.dt)
    return RunFrames(times=tr.times.astype(float), frames=frames)


def at_times(run: RunFrames, weeks: list[float] | np.ndarray) -> Frames:
    """The frames at the saved times nearest to ``weeks``."""
    idx = np.array([int(np.argmin(np.abs(run.times - w))) for w in weeks])
    return {name: values[idx] for name, values in run.frames.items()}


def euler_frames(model: Structure, params: dict, initial: dict[str, float], horizon: float,
                 dt: float) -> RunFrames:
    """Frames of any listing integrated with Euler (scalar parameters, every step saved);
    for small test listings that carry no policy plan."""
    steps = int(round(horizon / dt))
    state = np.array([float(initial[s]) for s in model.stock_names])
    saved: list[dict] = []
    for n in range(steps + 1):
        ns = dict(params, time=n * dt, dt=dt)
        ns.update(zip(model.stock_names, state))
        evaluate(ns, model)
        saved.append(ns)
        state = state + dt * derivatives(ns, model, np.empty_like(state))
    frames = {name: np.array([float(ns[name]) for ns in saved]) for name in saved[0]}
    return RunFrames(times=frames["time"], frames=frames)
