"""Scenario files: a TOML schema validated by pydantic, and loading with clear errors.

A scenario is known by its file's stem (``scenarios/one_on_one.toml`` is ``one_on_one``).
Nothing in a file is executed: it holds numbers, names and lists only.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS
from cyclesim.scenario.policy import PolicyPlan, Schedule

OUTCOME_PARAMETERS = tuple(p.name for p in PARAMETERS.values() if p.group == "outcome")


class ScenarioError(Exception):
    """A scenario file that cannot be used; the message names file, field and what is allowed."""


# a number as the file writes it: TOML integers and floats; a quoted "13" or a true is
# refused (strict), not read as 13 or 1
Finite = Annotated[float, Field(allow_inf_nan=False, strict=True)]


# Parameters a run takes from the scenario's own sections, not from parameter values
SCENARIO_ONLY = {
    "honeymoon_threshold": "set it in the scenario's [outcome] section",
    "return_tolerance": "set it in the scenario's [outcome] section",
    "escalation_stages": "give the stages as [[escalation]] tables in the scenario",
}
MIN_DT = 0.001  # [week] smallest step (and so smallest save_every)
MAX_STEPS = 20_000  # steps of one run: horizon_weeks / dt (a NumPy run takes ~1 ms a step)
MAX_STAGES = int(PARAMETERS["escalation_stages"].upper)
MAX_SHOWN = 60  # [characters] of a bad name or value repeated in a message


def shown(value: object) -> str:
    """``repr(value)``, cut short: a message never repeats a huge key or number whole."""
    text = repr(value) if not isinstance(value, (int, float)) or isinstance(value, bool) \
        else _number(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 12] + f"… ({len(text)} chars)"


def _number(value: float | int) -> str:
    if isinstance(value, int) and abs(value) >= 10 ** 15:
        return f"{float(value):g}" if abs(value) < 10 ** 308 else "a number with over 300 digits"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _check_parameter(name: str, value: float, allowed: tuple[str, ...], section: str) -> None:
    if name not in PARAMETERS or name not in allowed:
        raise ValueError(f"unknown parameter {shown(name)} in {section}; allowed: "
                         + ", ".join(sorted(allowed)))
    p = PARAMETERS[name]
    if not (math.isfinite(value) and p.lower <= value <= p.upper):
        raise ValueError(f"{name} = {shown(value)} is out of range: allowed {p.lower:g} to "
                         f"{p.upper:g} [{p.unit}]")


def check_overrides(overrides: object) -> dict[str, np.ndarray]:
    """Parameter overrides given to :func:`cyclesim.run`, checked like scenario files:
    known names, numbers within the hard bounds, scalars or equal-length 1-D lists.
    Returns them as float arrays; raises :class:`ScenarioError` naming what is wrong."""
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise ScenarioError(f"overrides: a mapping of parameter names to values is "
                            f"expected, not {type(overrides).__name__}")
    allowed = tuple(n for n in PARAMETERS if n not in SCENARIO_ONLY)
    out: dict[str, np.ndarray] = {}
    lengths: dict[str, int] = {}
    for name, value in overrides.items():
        where = f"overrides: {shown(name).strip(chr(39))}"
        if name in SCENARIO_ONLY:
            raise ScenarioError(f"{where}: cannot be overridden per run; {SCENARIO_ONLY[name]}")
        if value is None or isinstance(value, (str, bytes)):
            raise ScenarioError(f"{where}: a number or a list of numbers is expected "
                                f"(got {shown(value)})")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError, OverflowError):
            raise ScenarioError(f"{where}: a number or a flat list of numbers of one length "
                                f"is expected (got {shown(value)})") from None
        if array.ndim > 1:
            raise ScenarioError(f"{where}: a number or a flat list is expected, not an "
                                f"array of shape {array.shape}")
        if array.ndim == 1:
            if array.size == 0:
                raise ScenarioError(f"{where}: an empty list gives no run")
            lengths[name] = array.size
        for item in np.atleast_1d(array):
            try:
                _check_parameter(name, float(item), allowed, "overrides")
            except ValueError as error:
                raise ScenarioError(f"overrides: {error}") from None
        out[name] = array
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{k} ({v})" for k, v in lengths.items())
        raise ScenarioError(f"overrides: lists must have one length (the number of runs); "
                            f"got {listed}")
    return out


def _check_values(values: dict[str, float], allowed: tuple[str, ...], section: str) -> dict:
    for name, value in values.items():
        _check_parameter(name, value, allowed, section)
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScheduleSpec(_Strict):
    """A time course of a policy parameter: ``points`` (piecewise-linear), a ``step`` or a
    ``ramp``; times are weeks from the start of the run."""

    parameter: str
    kind: Literal["piecewise", "step", "ramp"] = "piecewise"
    points: list[tuple[Finite, Finite]] | None = None
    at: Finite | None = None
    start: Finite | None = None
    end: Finite | None = None
    before: Finite | None = None
    after: Finite | None = None

    @model_validator(mode="after")
    def _shape(self) -> "ScheduleSpec":
        if self.parameter not in POLICY_PARAMETERS:
            raise ValueError(f"schedules may set policy parameters only ({', '.join(POLICY_PARAMETERS)}), "
                             f"not {self.parameter!r}")
        times, values = self.as_points()
        if any(b < a for a, b in zip(times, times[1:])):
            raise ValueError("schedule goes back in time: times must not decrease")
        for v in values:
            _check_parameter(self.parameter, v, POLICY_PARAMETERS, "schedule")
        return self

    def as_points(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        if self.kind == "piecewise":
            if not self.points or len(self.points) < 1:
                raise ValueError("a piecewise schedule needs points = [[week, value], …]")
            return tuple(t for t, _ in self.points), tuple(v for _, v in self.points)
        if self.before is None or self.after is None:
            raise ValueError(f"a {self.kind} schedule needs 'before' and 'after' values")
        if self.kind == "step":
            if self.at is None:
                raise ValueError("a step schedule needs 'at' (the week of the step)")
            return (self.at, self.at), (self.before, self.after)
        if self.start is None or self.end is None:
            raise ValueError("a ramp schedule needs 'start' and 'end' weeks")
        return (self.start, self.end), (self.before, self.after)


class OutcomeSpec(_Strict):
    """How the return to start is judged (MODEL.md): weights and tolerances."""

    weight_incidents: Finite = Field(1.0, ge=0, le=100)
    weight_absence: Finite = Field(1.0, ge=0, le=100)
    weight_satisfaction: Finite = Field(1.0, ge=0, le=100)
    honeymoon_threshold: Finite = Field(0.05, ge=0, le=1)
    return_tolerance: Finite = Field(0.0, ge=-1, le=1)

    @model_validator(mode="after")
    def _some_weight(self) -> "OutcomeSpec":
        if self.weight_incidents + self.weight_absence + self.weight_satisfaction <= 0:
            raise ValueError("at least one outcome weight must be positive")
        if self.return_tolerance >= self.honeymoon_threshold:
            raise ValueError(f"return_tolerance ({self.return_tolerance:g}) must be below "
                             f"honeymoon_threshold ({self.honeymoon_threshold:g}): a honeymoon "
                             "must rise above the level that counts as back at start")
        return self

    def parameters(self) -> dict[str, float]:
        return {"outcome_weight_incidents": self.weight_incidents,
                "outcome_weight_absence": self.weight_absence,
                "outcome_weight_satisfaction": self.weight_satisfaction,
                "honeymoon_threshold": self.honeymoon_threshold,
                "return_tolerance": self.return_tolerance}


class EscalationSpec(_Strict):
    """'When back at start, switch to …': a declarative trigger, latched in the model."""

    when: Literal["back_at_start"] = "back_at_start"
    switch_to: dict[str, Finite]

    @field_validator("switch_to")
    @classmethod
    def _known(cls, values: dict[str, float]) -> dict[str, float]:
        if not values:
            raise ValueError("switch_to must name at least one policy parameter")
        return _check_values(values, POLICY_PARAMETERS, "switch_to")


class Scenario(_Strict):
    """One scenario file."""

    name: str = ""
    title: str = ""
    description: str = ""
    title_nl: str = ""  # the Dutch title and description (optional; the page and the
    description_nl: str = ""  # report in Dutch show them, else the English ones)
    start_week: Finite = Field(8.0, ge=0, le=1000)
    horizon_weeks: Finite = Field(156.0, gt=0, le=1040)
    dt: Finite = Field(0.25, ge=MIN_DT, le=1)
    method: Literal["euler", "rk4"] = "euler"
    save_every: Finite = Field(1.0, ge=MIN_DT, le=52)
    intervention: dict[str, Finite] = Field(default_factory=dict)
    parameters: dict[str, Finite] = Field(default_factory=dict)
    schedules: list[ScheduleSpec] = Field(default_factory=list)
    outcome: OutcomeSpec = Field(default_factory=OutcomeSpec)
    escalation: list[EscalationSpec] = Field(default_factory=list, max_length=MAX_STAGES)

    @field_validator("intervention")
    @classmethod
    def _policy(cls, values: dict[str, float]) -> dict[str, float]:
        return _check_values(values, POLICY_PARAMETERS, "intervention")

    @field_validator("parameters")
    @classmethod
    def _structural(cls, values: dict[str, float]) -> dict[str, float]:
        allowed = tuple(n for n in PARAMETERS
                        if n not in POLICY_PARAMETERS and n not in OUTCOME_PARAMETERS)
        return _check_values(values, allowed, "parameters")

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        if self.start_week >= self.horizon_weeks:
            raise ValueError(f"start_week ({self.start_week:g}) must lie before "
                             f"horizon_weeks ({self.horizon_weeks:g})")
        if self.horizon_weeks < self.dt:
            raise ValueError(f"horizon_weeks ({self.horizon_weeks:g}) must be at least one "
                             f"step, dt ({self.dt:g})")
        steps = self.save_every / self.dt
        if abs(steps - round(steps)) > 1e-9 or round(steps) < 1:
            raise ValueError(f"save_every ({self.save_every:g}) must be a whole multiple "
                             f"of dt ({self.dt:g})")
        if self.horizon_weeks / self.dt > MAX_STEPS:
            raise ValueError(f"horizon_weeks / dt = {self.horizon_weeks / self.dt:,.0f} steps "
                             f"is too many: at most {MAX_STEPS:,} (use a larger dt or a "
                             "shorter horizon)")
        return self

    def overrides(self) -> dict[str, float]:
        """Every parameter this scenario sets (structural, intervention, outcome)."""
        out = dict(self.parameters)
        out.update(self.intervention)
        out.update(self.outcome.parameters())
        out["escalation_stages"] = float(len(self.escalation))
        return out

    def plan(self) -> PolicyPlan:
        """The scenario's intervention as a plan in time."""
        schedules = tuple(Schedule(s.parameter, *s.as_points()) for s in self.schedules)
        stages = tuple(dict(e.switch_to) for e in self.escalation)
        return PolicyPlan(start_week=self.start_week, schedules=schedules, stages=stages)

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` ("nl" or "en"): the Dutch one when given, else English,
        else the file's name."""
        return (self.title_nl if lang == "nl" and self.title_nl else self.title) or self.name

    def description_in(self, lang: str) -> str:
        """The description in ``lang``: the Dutch one when given, else the English one."""
        return self.description_nl if lang == "nl" and self.description_nl else self.description


def _section_model(loc: tuple) -> type[BaseModel]:
    """The schema record that holds the field at ``loc`` (for listing allowed keys)."""
    sections = {"outcome": OutcomeSpec, "schedules": ScheduleSpec, "escalation": EscalationSpec}
    return sections.get(str(loc[0]), Scenario) if len(loc) > 1 else Scenario


def _bounds(model: type[BaseModel], name: str) -> str:
    """The allowed range of a numeric field, from its declared bounds."""
    field = model.model_fields.get(name)
    if field is None:
        return ""
    low = high = None
    low_open = high_open = False
    for item in field.metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low, low_open = item.gt, True
        if getattr(item, "le", None) is not None:
            high = item.le
        if getattr(item, "lt", None) is not None:
            high, high_open = item.lt, True
    if low is None and high is None:
        return ""
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"; allowed {left}{low:g}, {high:g}{right}"


def _format(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        loc = tuple(item["loc"])
        field = ".".join(str(x) for x in loc) or "(file)"
        message = item["msg"].removeprefix("Value error, ")
        model = _section_model(loc)
        if item["type"] == "extra_forbidden":
            allowed = ", ".join(n for n in model.model_fields if n != "name")
            message = f"unknown key; allowed here: {allowed}"
        elif item["type"] in ("greater_than", "greater_than_equal", "less_than",
                              "less_than_equal"):
            message += _bounds(model, str(loc[-1]))
        elif item["type"] == "float_type" and len(loc) == 2 and loc[1] in PARAMETERS:
            p = PARAMETERS[str(loc[1])]  # a parameter value that is not a number
            message += f"; allowed a number from {p.lower:g} to {p.upper:g} [{p.unit}]"
        got = item.get("input")
        field = field if len(field) <= MAX_SHOWN else shown(field)
        given = "" if isinstance(got, (dict, list)) or got is None else f" (got {shown(got)})"
        lines.append(f"  {field}: {message}{given}")
    return "\n".join(lines)


def parse_scenario(data: dict, name: str, source: str = "<data>") -> Scenario:
    """Validate a scenario given as a mapping (as read from TOML or sent by a form)."""
    try:
        return Scenario.model_validate({**data, "name": name})
    except ValidationError as error:
        raise ScenarioError(f"{source}: invalid scenario\n{_format(error)}") from None


def read_toml(path: str | Path, error: type[ScenarioError] = ScenarioError) -> dict:
    """The table of a TOML file; any unreadable file raises ``error`` naming the file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read the file ({problem})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: not valid TOML: {problem}") from None
    except RecursionError:
        raise error(f"{path}: not usable TOML: arrays or tables nested too deeply") from None
    except (ValueError, OverflowError, MemoryError) as problem:  # e.g. a 5,000-digit integer
        raise error(f"{path}: not usable TOML: {str(problem)[:200]}") from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one scenario file; raises :class:`ScenarioError` with a clear message."""
    path = Path(path)
    return parse_scenario(read_toml(path), path.stem, str(path))


def scenario_files(paths: list[str | Path]) -> list[Path]:
    """The scenario files named, with directories expanded to their ``*.toml`` (sorted)."""
    out: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found = sorted(item.glob("*.toml"))
            if not found:
                raise ScenarioError(f"{item}: no scenario files (*.toml) in this directory")
            out += found
        else:
            out.append(item)
    return out
