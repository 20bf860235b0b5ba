"""Sweep spec files: which scenario, which parameters over which ranges, which design.

A sweep spec is TOML, validated like a scenario (unknown keys rejected, errors name the
file, the field and what is allowed)::

    scenario = "../scenarios/one_on_one.toml"   # relative to this file, or to the cwd
    sampler = "latin"          # grid | latin | sobol (alias saltelli) | morris
    samples = 1000             # latin: runs; sobol: base N (runs = N (D + 2)); morris:
                               # trajectories (runs = N (D + 1)); grid: levels per parameter
    seed = 42
    chunk_size = 5000          # runs simulated (and written) together
    series = ["incident_rate", "sickness_absence_share"]   # weekly series kept per run

    [parameters.dependency_build_time]          # no bounds: the plausible range
    [parameters.stigma_time]
    low = 26.0
    high = 104.0
    [parameters.hiring_time]
    distribution = "triangular"
    low = 8.0
    high = 26.0
    mode = 13.0
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.files import (OUTCOME_PARAMETERS, Finite, Scenario, ScenarioError,
                                     _format, load_scenario, read_toml)
from cyclesim.model.graph import structure

SAMPLERS = ("grid", "latin", "sobol", "saltelli", "morris")
NOT_SWEEPABLE = OUTCOME_PARAMETERS + ("escalation_stages",)
MAX_RUNS = 50_000_000


class SweepSpecError(ScenarioError):
    """A sweep spec that cannot be used; the message names file, field and what is allowed."""


class ParameterRange(BaseModel):
    """How one parameter varies: a range (uniform or triangular) or a truncated normal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    distribution: Literal["uniform", "triangular", "normal"] = "uniform"
    low: Finite | None = None
    high: Finite | None = None
    mode: Finite | None = None
    mean: Finite | None = None
    sd: Finite | None = Field(None, gt=0)


class Dimension(BaseModel):
    """A validated parameter of the sweep with its bounds filled in."""

    model_config = ConfigDict(frozen=True)

    name: str
    distribution: str
    low: float
    high: float
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None


def _dimension(name: str, r: ParameterRange) -> Dimension:
    if name not in PARAMETERS:
        raise ValueError(f"unknown parameter {name!r} (see `cyclesim params` for the table)")
    if name in NOT_SWEEPABLE:
        raise ValueError(f"{name!r} is set by the scenario's [outcome]/[escalation] and "
                         "cannot be swept")
    p = PARAMETERS[name]
    low = p.low if r.low is None else r.low
    high = p.high if r.high is None else r.high
    if r.distribution == "normal":
        if r.mean is None or r.sd is None:
            raise ValueError(f"{name}: a normal distribution needs 'mean' and 'sd'")
        low = p.lower if r.low is None else r.low
        high = p.upper if r.high is None else r.high
        if not math.isfinite(low) or not math.isfinite(high):
            raise ValueError(f"{name}: a normal distribution needs finite 'low' and 'high' "
                             "(it is truncated there)")
        if not low <= r.mean <= high:
            raise ValueError(f"{name}: mean {r.mean:g} lies outside {low:g} to {high:g}")
    for label, value in (("low", low), ("high", high)):
        if not p.lower <= value <= p.upper:
            raise ValueError(f"{name}.{label} = {value:g} is out of range: allowed "
                             f"{p.lower:g} to {p.upper:g} [{p.unit}]")
    if not low < high:
        raise ValueError(f"{name}: low ({low:g}) must be below high ({high:g})")
    if r.distribution == "triangular" and (r.mode is None or not low <= r.mode <= high):
        raise ValueError(f"{name}: a triangular distribution needs 'mode' between "
                         f"{low:g} and {high:g}")
    return Dimension(name=name, distribution=r.distribution, low=low, high=high,
                     mode=r.mode, mean=r.mean, sd=r.sd)


class SweepSpec(BaseModel):
    """One sweep spec file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    sampler: Literal["grid", "latin", "sobol", "saltelli", "morris"] = "latin"
    samples: int = Field(gt=0, le=MAX_RUNS)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    chunk_size: int = Field(5000, gt=0, le=1_000_000)
    morris_levels: int = Field(4, ge=2, le=100)
    second_order: bool = False
    series: tuple[str, ...] | None = None
    parameters: dict[str, ParameterRange]

    @model_validator(mode="after")
    def _consistent(self) -> "SweepSpec":
        if not self.parameters:
            raise ValueError("a sweep needs at least one entry under [parameters]")
        for name, r in self.parameters.items():
            _dimension(name, r)
        if self.sampler == "grid" and any(r.distribution != "uniform"
                                          for r in self.parameters.values()):
            raise ValueError("a grid takes uniform ranges only (no distributions)")
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol/saltelli samples must be a power of 2 (got "
                             f"{self.samples}; e.g. {1 << (self.samples.bit_length() - 1)})")
        if self.n_runs > MAX_RUNS:
            raise ValueError(f"the design makes {self.n_runs} runs; at most {MAX_RUNS}")
        unknown = [s for s in self.series or () if s not in structure().variable_names]
        if unknown:
            raise ValueError(f"unknown series variable(s) {', '.join(unknown)}; use model "
                             "variable names (e.g. incident_rate, sickness_absence_share)")
        return self

    @property
    def method(self) -> str:
        """The design: 'saltelli' is an alias of 'sobol'."""
        return "sobol" if self.sampler == "saltelli" else self.sampler

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return tuple(_dimension(n, r) for n, r in self.parameters.items())

    @property
    def n_runs(self) -> int:
        """How many runs the design makes."""
        d = len(self.parameters)
        return {"grid": self.samples ** d, "latin": self.samples,
                "sobol": self.samples * ((2 * d + 2) if self.second_order else (d + 2)),
                "morris": self.samples * (d + 1)}[self.method]

    @property
    def series_variables(self) -> tuple[str, ...]:
        """Variables kept weekly for every run (default: the two key indicators)."""
        if self.series is not None:
            return self.series
        return ("incident_rate", "sickness_absence_share")


def resolve_scenario(spec: SweepSpec, spec_path: Path) -> Path:
    """The base scenario's path: relative to the spec file first, then to the cwd."""
    for candidate in (spec_path.parent / spec.scenario, Path(spec.scenario)):
        if candidate.is_file():
            return candidate
    raise SweepSpecError(f"{spec_path}: scenario: file {spec.scenario!r} not found (looked "
                         f"relative to {spec_path.parent} and to the current directory)")


def parse_sweep_spec(data: dict, source: str = "<data>") -> SweepSpec:
    """Validate a sweep spec given as a mapping."""
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as error:
        raise SweepSpecError(f"{source}: invalid sweep spec\n{_format(error)}") from None


def load_sweep_spec(path: str | Path) -> tuple[SweepSpec, Scenario]:
    """Read and validate a sweep spec and its base scenario."""
    path = Path(path)
    spec = parse_sweep_spec(read_toml(path, SweepSpecError), str(path))
    return spec, load_scenario(resolve_scenario(spec, path))
