"""A small adapter for the EMA Workbench: cyclesim as a function model.

The EMA Workbench wants ``f(**uncertainties) -> dict of outcomes``; this module builds one
from a scenario, without depending on ema_workbench (see the README for the wrapping)::

    f = model_function("scenarios/one_on_one.toml")
    f(dependency_build_time=20.0, stigma_time=60.0)["return_week_censored"]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cyclesim.model.params import PARAMETERS
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.files import load_scenario

OUTCOMES = ("return_week_censored", "returned_to_start", "honeymoon_depth", "total_cost",
            "extra_cost", "peak_dependency", "integrated_improvement")


def model_function(scenario_path: str | Path,
                   outcomes: tuple[str, ...] = OUTCOMES) -> Callable[..., dict]:
    """``f(**parameters) -> {outcome: value}`` for one run of the scenario; the return
    week is censored at the horizon (``returned_to_start`` says whether it is)."""
    scenario = load_scenario(scenario_path)

    def run_once(**parameters: float) -> dict:
        params = scenario_parameters(scenario, parameters, 1)
        outcome = run_batch(scenario, params, variables=()).outcome
        return {name: float(getattr(outcome, name)) for name in outcomes}

    return run_once


def parameter_ranges(names: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Plausible (low, high) of each named parameter, for ``RealParameter``s."""
    return {name: (PARAMETERS[name].low, PARAMETERS[name].high) for name in names}
