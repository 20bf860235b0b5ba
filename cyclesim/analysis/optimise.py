"""Robust policy search: the cheapest policy that holds over the plausible space.

An optimisation spec (TOML, see ``optimise/*.toml``) names

* ``scenario``: the base scenario (clock, outcome settings, structural values it sets);
* ``[levers.NAME]``: each policy lever and its allowed values, as ``values = [...]`` or
  ``low``/``high``/``step``. Levers: the policy parameters (``staff_per_client``,
  ``core_team_size``, ``self_direction``, ``client_network_hours``, ``one_plan``,
  ``tandem``, ``exclusive_hours_per_day``) and the taper of the exclusive hours,
  ``hours_start`` (h/day from the start week), ``hours_end`` (h/day after the taper),
  ``taper_start`` and ``taper_end`` (weeks of the run; the hours fall linearly between
  them). A lever not named keeps the scenario's value;
* ``uncertain``: the parameters drawn (default: every structural parameter over its
  plausible range), ``samples`` draws (Latin hypercube, ``seed``);
* ``target``: the robustness target: the policy must *hold* (a honeymoon and not back at
  start within the horizon, outcome class ``not_within_horizon``) in at least this share
  of the draws.

Every candidate is run on the *same* draws (common random numbers), so two candidates
differ by their levers only. The cost of a candidate is its mean extra cost over no
intervention, over the horizon, for the whole team (the outcome's ``extra_cost``: total
cost minus the rest state's weekly cost times the horizon; with no intervention the model
stays at its rest state). The search is scipy's ``differential_evolution`` over the lever
indices (``integrality``, ``vectorized``), minimising the cost with a penalty that ranks
every candidate missing the target behind every candidate meeting it (and, among those
missing it, by the shortfall). Every candidate evaluated is kept; the Pareto front of
cost against robustness is taken over them. :func:`grid_search` evaluates every
combination instead (the check of the search on small lever sets).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cyclesim.analysis.plausible import STRUCTURAL, latin_draws
from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS
from cyclesim.scenario.files import (Scenario, ScenarioError, _format, load_scenario,
                                     read_toml)
from cyclesim.scenario.runner import run_batch, scenario_parameters

TAPER_LEVERS = ("hours_start", "hours_end", "taper_start", "taper_end")
LEVERS = tuple(POLICY_PARAMETERS) + TAPER_LEVERS
PENALTY = 1e12  # EUR: every candidate missing the target ranks behind every one meeting it


class OptimiseError(ScenarioError):
    """A spec or option the search cannot use (names file, field and what is allowed)."""


class LeverSpec(BaseModel):
    """The allowed values of one lever: a list, or a range with a step."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    values: list[float] | None = None
    low: float | None = None
    high: float | None = None
    step: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _shape(self) -> "LeverSpec":
        if self.values is not None:
            if self.low is not None or self.high is not None or self.step is not None:
                raise ValueError("give either values = [...] or low/high/step, not both")
            if not self.values:
                raise ValueError("values must not be empty")
        elif self.low is None or self.high is None or self.step is None:
            raise ValueError("give values = [...] or all of low, high and step")
        elif self.high < self.low:
            raise ValueError(f"high ({self.high:g}) is below low ({self.low:g})")
        elif (self.high - self.low) / self.step > 1000:
            raise ValueError("at most 1000 steps between low and high")
        return self

    def grid(self) -> tuple[float, ...]:
        if self.values is not None:
            return tuple(float(v) for v in self.values)
        n = int(np.floor((self.high - self.low) / self.step + 1e-9)) + 1
        return tuple(float(round(self.low + i * self.step, 10)) for i in range(n))


class OptimiseSpec(BaseModel):
    """One optimisation spec file (module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    target: float = Field(0.8, gt=0, le=1)
    samples: int = Field(48, ge=2, le=100_000)
    seed: int = Field(1, ge=0, le=2**32 - 1)
    uncertain: list[str] | None = None
    popsize: int = Field(8, ge=2, le=200)
    generations: int = Field(15, ge=1, le=1000)
    optimiser_seed: int = Field(0, ge=0, le=2**32 - 1)
    levers: dict[str, LeverSpec]
    base: Scenario | None = None  # filled in by load_optimise_spec

    @model_validator(mode="after")
    def _known(self) -> "OptimiseSpec":
        if not self.levers:
            raise ValueError("name at least one lever under [levers]")
        unknown = [n for n in self.levers if n not in LEVERS]
        if unknown:
            raise ValueError(f"unknown lever(s) {', '.join(unknown)}; allowed: "
                             f"{', '.join(LEVERS)}")
        if "exclusive_hours_per_day" in self.levers and set(TAPER_LEVERS) & set(self.levers):
            raise ValueError("give exclusive_hours_per_day or the taper levers "
                             "(hours_start, hours_end, taper_start, taper_end), not both")
        for name, lever in self.levers.items():
            if name in PARAMETERS:
                p = PARAMETERS[name]
                bad = [v for v in lever.grid() if not p.lower <= v <= p.upper]
                if bad:
                    raise ValueError(f"lever {name}: values {bad} outside the hard bounds "
                                     f"{p.lower:g}–{p.upper:g} [{p.unit}]")
            if name in ("hours_start", "hours_end") and any(
                    not 0 <= v <= 24 for v in lever.grid()):
                raise ValueError(f"lever {name}: hours per day lie in 0–24")
        names = self.uncertain if self.uncertain is not None else []
        bad = [n for n in names if n not in STRUCTURAL]
        if bad:
            raise ValueError(f"uncertain: {', '.join(bad)} are not structural parameters "
                             "with a plausible range")
        return self

    @property
    def uncertain_names(self) -> tuple[str, ...]:
        return tuple(self.uncertain) if self.uncertain else STRUCTURAL

    def with_samples(self, n: int) -> "OptimiseSpec":
        return self.model_copy(update={"samples": int(n)})


def parse_optimise_spec(data: dict, source: str = "<data>",
                        base: Scenario | None = None) -> OptimiseSpec:
    try:
        spec = OptimiseSpec.model_validate(data)
    except ValidationError as error:
        raise OptimiseError(f"{source}: invalid optimisation spec\n{_format(error)}") from None
    return spec.model_copy(update={"base": base}) if base is not None else spec


def load_optimise_spec(path: str | Path) -> OptimiseSpec:
    """Read and check a spec file and its base scenario."""
    path = Path(path)
    data = read_toml(path, OptimiseError)
    spec = parse_optimise_spec(data, str(path))
    for candidate in (path.parent / spec.scenario, Path(spec.scenario)):
        if candidate.is_file():
            return spec.model_copy(update={"base": load_scenario(candidate)})
    raise OptimiseError(f"{path}: scenario: file {spec.scenario!r} not found (looked "
                        f"relative to {path.parent} and to the current directory)")


# --- candidates ---------------------------------------------------------------------
def policy_scenario(base: Scenario, levers: dict[str, float], name: str = "policy",
                    title: str = "") -> Scenario:
    """The base scenario with the levers set: policy parameters into ``[intervention]``,
    the taper levers as a piecewise schedule of ``exclusive_hours_per_day``."""
    data = base.model_dump()
    intervention = dict(data["intervention"])
    schedules = [s for s in data["schedules"]]
    for lever, value in levers.items():
        if lever in POLICY_PARAMETERS:
            intervention[lever] = float(value)
    if set(TAPER_LEVERS) & set(levers):
        current = float(intervention.get("exclusive_hours_per_day", 0.0))
        h0 = float(levers.get("hours_start", current))
        h1 = float(levers.get("hours_end", h0))
        t0 = max(float(levers.get("taper_start", base.horizon_weeks)), base.start_week)
        t1 = max(float(levers.get("taper_end", t0)), t0)
        intervention["exclusive_hours_per_day"] = h0
        schedules = [s for s in schedules if s["parameter"] != "exclusive_hours_per_day"]
        schedules.append({"parameter": "exclusive_hours_per_day", "kind": "piecewise",
                          "points": [[base.start_week, h0], [t0, h0], [t1, h1]]})
    described = ", ".join(f"{k} {v:g}" for k, v in levers.items())
    data.update(name=name, title=title or data["title"], intervention=intervention,
                schedules=schedules, title_nl="", description_nl="",  # the base's no longer fit
                description=f"{base.name or 'base'} with {described}" if levers
                else data["description"])
    return Scenario.model_validate(data)


@dataclass(frozen=True)
class Evaluation:
    """One candidate over the draws."""

    levers: dict[str, float]
    robustness: float  # share of draws in which the policy holds
    cost: float  # mean extra cost over no intervention, over the horizon [EUR]
    cost_p5: float
    cost_p95: float
    share_returned: float
    median_return_week: float | None
    n_draws: int

    def objective(self, target: float) -> float:
        if self.robustness >= target - 1e-12:
            return self.cost
        return PENALTY * (1.0 + target - self.robustness)


Evaluator = Callable[[list[dict[str, float]]], list[Evaluation]]


def model_evaluator(spec: OptimiseSpec, engine: str | None = None) -> Evaluator:
    """Evaluate candidates on the spec's draws (common random numbers): candidates that
    share an hours schedule run as one batch, the other levers as per-run arrays."""
    if spec.base is None:
        raise OptimiseError("the spec has no base scenario (use load_optimise_spec)")
    base = spec.base
    draws = latin_draws(spec.samples, spec.seed, spec.uncertain_names)
    draws = {k: v for k, v in draws.items() if k not in base.parameters}
    n = spec.samples

    def evaluate(candidates: list[dict[str, float]]) -> list[Evaluation]:
        groups: dict[tuple, list[int]] = {}
        for i, c in enumerate(candidates):
            key = tuple(sorted((k, v) for k, v in c.items() if k in TAPER_LEVERS))
            groups.setdefault(key, []).append(i)
        out: list[Evaluation | None] = [None] * len(candidates)
        for key, members in groups.items():
            scenario = policy_scenario(base, dict(key))
            m = len(members)
            values = {k: np.tile(v, m) for k, v in draws.items()}
            for lever in POLICY_PARAMETERS:
                if any(lever in candidates[i] for i in members):
                    per = [candidates[i].get(lever, scenario.intervention.get(
                        lever, PARAMETERS[lever].default)) for i in members]
                    values[lever] = np.repeat(np.asarray(per, float), n)
            table = run_batch(scenario, scenario_parameters(scenario, values, n * m),
                              variables=(), engine=engine).table
            classes = np.asarray(table["outcome"]).reshape(m, n)
            extra = np.asarray(table["extra_cost"], float).reshape(m, n)
            week = np.asarray(table["return_week_censored"], float).reshape(m, n)
            for j, i in enumerate(members):
                returned = classes[j] == "returned"
                out[i] = Evaluation(
                    dict(candidates[i]), float(np.mean(classes[j] == "not_within_horizon")),
                    float(np.mean(extra[j])), float(np.percentile(extra[j], 5)),
                    float(np.percentile(extra[j], 95)), float(np.mean(returned)),
                    float(np.median(week[j][returned])) if returned.any() else None, n)
        return out  # type: ignore[return-value]

    return evaluate


# --- the search ---------------------------------------------------------------------
@dataclass
class SearchResult:
    """Every candidate evaluated, the best one, the Pareto front."""

    target: float
    evaluations: list[Evaluation]
    best: Evaluation
    front: list[Evaluation]
    method: str
    n_evaluations: int
    spec: OptimiseSpec | None = None
    scenarios: dict[int, Scenario] = field(default_factory=dict)

    @property
    def meets_target(self) -> bool:
        return self.best.robustness >= self.target - 1e-12

    def record(self) -> dict:
        def rec(e: Evaluation) -> dict:
            return {"levers": e.levers, "robustness": e.robustness, "mean_extra_cost_eur":
                    e.cost, "extra_cost_p5_eur": e.cost_p5, "extra_cost_p95_eur": e.cost_p95,
                    "share_returned": e.share_returned,
                    "median_return_week_of_returning_draws": e.median_return_week}
        spec = self.spec
        return {
            "target": self.target, "meets_target": self.meets_target,
            "cheapest_meeting_target": rec(self.best) if self.meets_target else None,
            "most_robust": rec(max(self.evaluations, key=lambda e: (e.robustness, -e.cost))),
            "pareto_front": [rec(e) for e in self.front],
            "n_candidates_evaluated": self.n_evaluations, "method": self.method,
            "robustness": "share of draws with a honeymoon and no return to start within "
                          "the horizon (outcome class not_within_horizon)",
            "cost": "mean extra cost over no intervention, over the horizon, whole team "
                    "[EUR] (outcome extra_cost), over the same draws for every candidate",
            "draws": ({"samples": spec.samples, "seed": spec.seed,
                       "uncertain_parameters": len(spec.uncertain_names)} if spec else None),
        }


def pareto_front(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Candidates no other is at least as robust and at most as costly as (strictly
    better in one), sorted by cost."""
    front = []
    for e in evaluations:
        dominated = any(o.robustness >= e.robustness and o.cost <= e.cost
                        and (o.robustness > e.robustness or o.cost < e.cost)
                        for o in evaluations)
        if not dominated and not any(f.levers == e.levers for f in front):
            front.append(e)
    return sorted(front, key=lambda e: e.cost)


def _key(levers: dict[str, float]) -> tuple:
    return tuple(sorted(levers.items()))


def search(grids: dict[str, tuple[float, ...]], evaluate: Evaluator, target: float,
           popsize: int = 8, generations: int = 15, seed: int = 0,
           progress: Callable[[str], None] | None = None) -> SearchResult:
    """Differential evolution over the lever grids (each lever an integer index)."""
    from scipy.optimize import differential_evolution

    names = list(grids)
    cache: dict[tuple, Evaluation] = {}

    def decode(column: np.ndarray) -> dict[str, float]:
        return {n: grids[n][int(np.clip(round(v), 0, len(grids[n]) - 1))]
                for n, v in zip(names, column)}

    def objective(x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(x.T).T if x.ndim == 1 else x
        candidates = [decode(x[:, s]) for s in range(x.shape[1])]
        todo, seen = [], set()
        for c in candidates:
            k = _key(c)
            if k not in cache and k not in seen:
                todo.append(c)
                seen.add(k)
        for c, e in zip(todo, evaluate(todo) if todo else []):
            cache[_key(c)] = e
        if progress:
            best = min(cache.values(), key=lambda e: e.objective(target))
            progress(f"optimise: {len(cache)} policies evaluated; best so far: "
                     f"holds in {best.robustness:.0%}, mean extra cost "
                     f"{best.cost:,.0f} EUR")
        return np.array([cache[_key(c)].objective(target) for c in candidates])

    bounds = [(0, len(grids[n]) - 1) for n in names]
    fixed = [len(grids[n]) == 1 for n in names]
    if all(fixed):
        objective(np.zeros((len(names), 1)))
    else:
        bounds = [(lo, hi + (1e-9 if hi == lo else 0)) for lo, hi in bounds]
        differential_evolution(objective, bounds, integrality=[True] * len(names),
                               vectorized=True, updating="deferred", popsize=popsize,
                               maxiter=generations, seed=seed, polish=False, tol=0,
                               init="latinhypercube")
    evaluations = list(cache.values())
    best = min(evaluations, key=lambda e: (e.objective(target), -e.robustness))
    return SearchResult(target, evaluations, best, pareto_front(evaluations),
                        f"scipy.optimize.differential_evolution (popsize {popsize}, "
                        f"at most {generations} generations, seed {seed}; integer lever "
                        "indices; common random numbers)", len(evaluations))


def grid_search(grids: dict[str, tuple[float, ...]], evaluate: Evaluator,
                target: float) -> SearchResult:
    """Every combination of the lever grids (the exhaustive check of :func:`search`)."""
    names = list(grids)
    candidates = [dict(zip(names, combo)) for combo in itertools.product(*grids.values())]
    evaluations = evaluate(candidates)
    best = min(evaluations, key=lambda e: (e.objective(target), -e.robustness))
    return SearchResult(target, evaluations, best, pareto_front(evaluations),
                        "grid (every combination)", len(evaluations))


def optimise(spec: OptimiseSpec, progress: Callable[[str], None] | None = None,
             engine: str | None = None, exhaustive: bool = False) -> SearchResult:
    """The spec's robust search; each policy on the front gets its scenario."""
    grids = {name: lever.grid() for name, lever in spec.levers.items()}
    size = int(np.prod([len(g) for g in grids.values()], dtype=float))
    evaluate = model_evaluator(spec, engine)
    if progress:
        progress(f"optimise: {len(grids)} levers, {size:,} combinations; {spec.samples} "
                 f"draws over {len(spec.uncertain_names)} uncertain parameters per policy")
    if exhaustive:
        result = grid_search(grids, evaluate, spec.target)
    else:
        result = search(grids, evaluate, spec.target, spec.popsize, spec.generations,
                        spec.optimiser_seed, progress)
    result.spec = spec
    for i, e in enumerate(result.front):
        result.scenarios[i] = policy_scenario(
            spec.base, e.levers, name=f"policy_{i + 1:02d}",
            title=f"Policy {i + 1} of the front: holds in {e.robustness:.0%} of draws")
    return result
