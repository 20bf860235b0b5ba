"""What every engine shares: integration settings, the saved trajectory, the rest state,
and the :class:`Engine` interface the rest of cyclesim calls.

An engine does two things for a batch of runs (arrays over runs, a single run is a batch
of one): solve the rest state of the pre-intervention parameters, and integrate from it
under a policy plan. Column ``i`` of a batched call equals the call on run ``i`` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from cyclesim.model.graph import Structure
from cyclesim.model.params import ParameterSet

Method = Literal["euler", "rk4"]
ENGINES = ("auto", "numpy", "compiled")

# The rest-state solve (both engines use the same method and constants)
RELAX_WEEKS = 10.0
FALLBACK_RELAX_WEEKS = 400.0
RELAX_DT = 0.5
NEWTON_ITERATIONS = 30
LINE_SEARCH_HALVINGS = 8
TOLERANCE = 1e-13  # [1/week] relative net flow counted as rest


class EngineUnavailable(RuntimeError):
    """The compiled engine was asked for, but Numba is not installed."""


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

    @property
    def n_steps(self) -> int:
        return int(round(self.horizon / self.dt))

    @property
    def per_save(self) -> int:
        return int(round(self.save_every / self.dt))

    def times(self) -> np.ndarray:
        """The saved times [week]."""
        return np.arange(self.n_steps // self.per_save + 1) * self.save_every

    def names(self, model: Structure) -> tuple[str, ...]:
        """The variables to save: the settings' own, or every stock and equation; only
        variables of the listing can be saved."""
        names = tuple(self.variables or model.variable_names)
        unknown = sorted(set(names) - set(model.variable_names))
        if unknown:
            raise ValueError(f"cannot save {unknown}: not stocks or equations of the listing")
        return names


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


@dataclass
class RestState:
    """Initial stocks (stocks × runs), the reference values, and the largest residual."""

    stocks: np.ndarray
    references: dict[str, np.ndarray]
    residual: np.ndarray  # per run: max |net flow| / max(|stock|, 1) [1/week]


class Plan(Protocol):
    """A policy plan as engines read it (:class:`cyclesim.scenario.policy.PolicyPlan`):
    hashable start week and schedules, stages of overrides, and the rule ``values``."""

    start_week: float
    schedules: tuple
    stages: tuple[dict[str, float], ...]

    def values(self, params: ParameterSet, time: float, stage: np.ndarray | None
               ) -> dict[str, np.ndarray | float]: ...


class Engine(Protocol):
    """Rest state and simulation of a batch; ``name`` is what results record."""

    name: str

    def rest_state(self, params: ParameterSet, model: Structure) -> RestState: ...

    def simulate(self, params: ParameterSet, initial: np.ndarray, plan: Plan,
                 settings: Settings, model: Structure) -> Trajectory: ...


def first_guess(params: dict, model: Structure, n: int) -> np.ndarray:
    """A start for the rest solve: a team sized for the group hours, middling indices."""
    team = np.broadcast_to(params["group_support_hours"] / params["productive_hours_per_fte"], (n,))
    guess = {
        "proximity": 0.25, "dependency": 0.1, "team_size": team, "familiar_staff": 0.95 * team,
        "temp_staff": 0.08 * team, "short_sick_staff": 0.045 * team,
        "burnout_sick_staff": 0.035 * team, "stigma": 0.2, "negative_self_image": 0.15,
        "staff_strain": 0.4, "controlling_climate": 0.5, "client_tension": 0.5,
        "felt_unsafety": 0.4, "core_coordination": 0.0, "felt_isolation": 0.3,
        "client_satisfaction": 0.5, "staff_satisfaction": 0.5,
        "organisation_satisfaction": 0.5,
    }
    state = np.zeros((len(model.stocks), n))
    for i, name in enumerate(model.stock_names):
        state[i] = guess.get(name, 0.0)
    return state


def free_stocks(model: Structure) -> np.ndarray:
    """Rows of the stocks the rest solve moves (not accumulators, not latches)."""
    return np.flatnonzero([not (s.accumulator or s.latched) for s in model.stocks])


def residual(rate: np.ndarray, state: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Per run: the largest net flow relative to its stock (at least 1) [1/week]."""
    return np.max(np.abs(rate[idx]) / np.maximum(np.abs(state[idx]), 1.0), axis=0)


class RestValues(Protocol):
    def values(self, state: np.ndarray, names: tuple[str, ...]
               ) -> tuple[np.ndarray, dict[str, np.ndarray]]: ...


def finish_rest(state: np.ndarray, rates: RestValues, model: Structure) -> RestState:
    """Set the latched stocks to their start values and read the references off the
    solved ``state`` (the same state the effect terms compare against). Where neither
    the references nor the free stocks' flows read a stock that is set here (the
    listing's case: :func:`reads_set_stocks`), one evaluation gives both, as the second
    would give them; otherwise the references are read after the stocks are set."""
    latched = {i: s.initial for i, s in enumerate(model.stocks) if s.initial is not None}
    once = not reads_set_stocks(model)
    starts = tuple(latched.values())
    asked = tuple(dict.fromkeys(starts + model.references)) if once else starts
    rate, values = rates.values(state, asked)
    for i, name in latched.items():
        state[i] = values[name]
    if not once:
        rate, values = rates.values(state, model.references)
    references = {name: values[name] for name in model.references}
    return RestState(stocks=state, references=references,
                     residual=residual(rate, state, free_stocks(model)))


def reads_set_stocks(model: Structure) -> bool:
    """Whether a reference, or a flow of a free stock, depends within one evaluation on
    a stock that :func:`finish_rest` sets (a latched stock with a start variable)."""
    set_stocks = {s.name for s in model.stocks if s.initial is not None}
    inputs = {eq.name: eq.inputs for eq in model.equations}
    free = [model.stocks[i] for i in free_stocks(model)]
    todo = list(model.references) + [f for s in free for f in s.inflows + s.outflows]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in set_stocks:
            return True
        if name not in seen:
            seen.add(name)
            todo += inputs.get(name, ())  # a stock, parameter or input: no further
    return False


def with_references(params: ParameterSet, rest: RestState) -> ParameterSet:
    """``params`` plus the ``reference_…`` start values the equations compare against."""
    out = dict(params)
    out.update({f"reference_{k}": v for k, v in rest.references.items()})
    return out
