"""Running scenarios: rest state, integration and outcome in one call, batched.

``run(scenario)`` is the Python face of ``cyclesim run``; ``run_batch`` simulates many
parameter sets of one scenario at once (sweeps use it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from cyclesim.version import __version__
from cyclesim.engine import Settings, Trajectory, get_engine, with_references
from cyclesim.outcome import (JUDGED_VARIABLES, OUTCOME_VARIABLES, Outcome, OutcomeSettings,
                              outcomes_of)
from cyclesim.model.params import ParameterSet, parameter_set
from cyclesim.scenario.files import Scenario, ScenarioError, check_overrides, load_scenario
from cyclesim.model.graph import structure
from cyclesim.scenario.judging import judge_batch
from cyclesim.scenario.stageless import lean, likely_never_switch, stages_never_switch

REST_TOLERANCE = 1e-6  # [1/week] a rest residual above this: the rest state was not found


def rest_failed(residual: np.ndarray) -> np.ndarray:
    """Per run: the rest solve failed (residual above :data:`REST_TOLERANCE`, or not a
    number). Such a run starts out of balance and drifts without any intervention, so its
    outcome class is not an ordinary outcome; it is kept but flagged."""
    return ~(np.asarray(residual, dtype=float) <= REST_TOLERANCE)


@dataclass
class RunResult:
    """Trajectories and outcomes of a scenario's runs, with what produced them."""

    scenario: Scenario
    trajectory: Trajectory
    table: dict[str, np.ndarray]  # outcome columns (outcomes.judge_table), one value per run
    parameters: ParameterSet
    initial: np.ndarray
    model_version: str = __version__
    engine: str = "numpy"  # the engine that ran: "numpy" or "compiled" (Numba)
    rest_residual: np.ndarray = field(default_factory=lambda: np.zeros(1))

    @cached_property
    def outcomes(self) -> list[Outcome]:
        """The outcome of every run, built from the outcome columns on first use."""
        return outcomes_of(self.table)

    @property
    def outcome(self) -> Outcome:
        """The outcome of the first (often the only) run."""
        return self.outcomes[0]

    def metadata(self, run: int = 0) -> dict:
        """Model version, scenario and every parameter value of ``run``."""
        return {
            "model": "cyclesim",
            "model_version": self.model_version,
            "engine": self.engine,
            "scenario": self.scenario.name,
            "scenario_settings": self.scenario.model_dump(mode="json"),
            "parameters": {k: float(np.asarray(v)[run]) for k, v in sorted(self.parameters.items())},
        }

    def frame(self, run: int = 0) -> pd.DataFrame:
        """Time series of one run: time index [week], one column per variable (as PySD)."""
        tr = self.trajectory
        df = pd.DataFrame(tr.values[:, :, run].T, index=pd.Index(tr.times, name="time"),
                          columns=list(tr.names))
        df.attrs.update(self.metadata(run))
        return df

    def long_frame(self) -> pd.DataFrame:
        """Tidy form for plotting libraries: scenario, run, time, variable, value."""
        tr = self.trajectory
        v, t, r = np.meshgrid(np.arange(len(tr.names)), np.arange(len(tr.times)),
                              np.arange(tr.n_runs), indexing="ij")
        df = pd.DataFrame({
            "scenario": self.scenario.name,
            "run": r.ravel(),
            "time": tr.times[t.ravel()],
            "variable": np.asarray(tr.names)[v.ravel()],
            "value": tr.values.ravel(),
        })
        df.attrs.update(self.metadata())
        return df

    def summary(self, run: int = 0) -> dict:
        """The outcome of ``run`` as a JSON-ready record (the keys of ``--json``)."""
        record = {"scenario": self.scenario.name, "title": self.scenario.title}
        record.update({k: _finite_or_none(v) for k, v in self.outcomes[run].to_dict().items()})
        residual = float(np.asarray(self.rest_residual, dtype=float).ravel()[run])
        record["rest_residual"] = _finite_or_none(residual)
        record["rest_failed"] = bool(rest_failed(residual))
        record["model_version"] = self.model_version
        record["engine"] = self.engine
        return record

    def rest_warnings(self) -> list[str]:
        """One line per run whose rest state was not found (empty when all were)."""
        failed = np.flatnonzero(rest_failed(self.rest_residual))
        if not failed.size:
            return []
        residual = np.asarray(self.rest_residual, dtype=float)
        which = "" if self.trajectory.n_runs == 1 else f" (runs {', '.join(map(str, failed[:10]))}" \
            + (", …)" if failed.size > 10 else ")")
        return [f"warning: {self.scenario.name}{which}: the rest state was not found (rest "
                f"residual {np.nanmax(residual[failed]):.3g} > {REST_TOLERANCE:g}); the run "
                "drifts without any intervention, so its outcome is flagged rest_failed and "
                "is not an ordinary outcome"]


def _finite_or_none(value):
    """A number JSON can carry: NaN and infinities become ``None`` (JSON null)."""
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def scenario_parameters(scenario: Scenario, overrides: dict | None = None,
                        n_runs: int = 1) -> ParameterSet:
    """Defaults, then the scenario's values, then ``overrides`` (scalars or per-run arrays)."""
    values = dict(scenario.overrides())
    values.update(overrides or {})
    return parameter_set(values, n_runs)


def settings_of(scenario: Scenario, variables: tuple[str, ...] | None = None) -> Settings:
    """Integration settings a scenario asks for."""
    return Settings(horizon=scenario.horizon_weeks, dt=scenario.dt, method=scenario.method,
                    save_every=scenario.save_every, variables=variables)


def outcome_settings(scenario: Scenario) -> OutcomeSettings:
    o = scenario.outcome
    return OutcomeSettings(o.honeymoon_threshold, o.return_tolerance)


MAX_SERIES_BYTES = 2 * 2**30  # saved times × variables × runs × 8 bytes, per batch


def check_size(scenario: Scenario, settings: Settings, n_runs: int, model=None) -> None:
    """Refuse, before allocating, a batch whose saved series would not fit in memory."""
    times = settings.times().size
    names = len(settings.names(model or structure()))
    size = 8.0 * times * names * n_runs
    if size > MAX_SERIES_BYTES:
        raise ScenarioError(
            f"{scenario.name or 'scenario'}: the run would keep {times:,} saved times × "
            f"{names} variables × {n_runs:,} runs = {size / 2**30:,.1f} GiB of series, over "
            f"the limit of {MAX_SERIES_BYTES / 2**30:g} GiB; save less often (save_every), "
            "fewer variables, or fewer runs at once")


def run_batch(scenario: Scenario, params: ParameterSet,
              variables: tuple[str, ...] | None = None,
              settings: Settings | None = None, engine: str | None = None,
              table_only: bool = False) -> RunResult:
    """Simulate every parameter set in ``params`` (arrays over runs) under ``scenario``.

    Each run starts at the rest state of its own pre-intervention parameters. ``engine``
    (``"auto"``, ``"numpy"`` or ``"compiled"``) overrides the settings' engine.
    ``table_only``, for callers that keep only the table's flat columns (sweeps,
    verdicts): with ``variables`` given, the trajectory saves them and the judged series
    only (not the indicators': a sixth of a batch's time), on the compiled engine not the
    stage either where no run's stage can switch (:mod:`cyclesim.scenario.stageless`),
    and the ``stages`` column holds None instead of each run's stage records; every
    other column is the same."""
    model = structure()
    asked = variables
    if variables is not None:
        kept = JUDGED_VARIABLES if table_only else OUTCOME_VARIABLES
        variables = tuple(dict.fromkeys(variables + kept))
    settings = settings or settings_of(scenario, variables)
    if engine is not None:
        settings = replace(settings, engine=engine)
    saves = settings.names(model)
    if table_only and asked is not None and likely_never_switch(params):
        # likely stageless (below): the kernel a first use should have compiled
        saves = lean(saves, asked)
    chosen = get_engine(settings.engine, settings.method, len(next(iter(params.values()))),
                        saves)
    check_size(scenario, settings, len(next(iter(params.values()))), model)
    rest = chosen.rest_state(params, model)
    full = with_references(params, rest)
    stageless = (table_only and asked is not None and settings.variables is not None
                 and chosen.name == "compiled"
                 and stages_never_switch(full, rest.stocks, model))
    saved = replace(settings, variables=lean(settings.variables, asked)) if stageless \
        else settings
    trajectory = chosen.simulate(full, rest.stocks, scenario.plan(), saved, model)
    table = _judged(chosen.name, scenario, trajectory, full, table_only, stageless)
    return RunResult(scenario=scenario, trajectory=trajectory, table=table,
                     parameters=full, initial=rest.stocks, rest_residual=rest.residual,
                     engine=chosen.name)


def _judged(engine: str, scenario: Scenario, trajectory: Trajectory, full: ParameterSet,
            table_only: bool, stageless: bool) -> dict[str, np.ndarray]:
    """The outcome table of a simulated batch (``stageless``: no stage switch, and the
    stage series may be missing)."""
    series = {name: trajectory[name] for name in JUDGED_VARIABLES
              if name in trajectory.names or not stageless}
    return judge_batch(engine, trajectory.times, series, scenario.start_week,
                       outcome_settings(scenario), full["reference_cost_per_week"],
                       stage_records=not table_only, switches=not stageless)


def run(scenario: Scenario | str | Path, overrides: dict | None = None,
        variables: tuple[str, ...] | None = None, engine: str | None = None) -> RunResult:
    """Run a scenario (a :class:`Scenario` or a file path), with optional parameter overrides.

    Scalars in ``overrides`` change the single run; equal-length arrays make a batch.
    Overrides are checked like scenario files (:func:`check_overrides`): a bad name or
    value raises :class:`ScenarioError`."""
    scenario = _as_scenario(scenario)
    checked = check_overrides(overrides)
    return run_batch(scenario, scenario_parameters(scenario, checked), variables,
                     engine=engine)
