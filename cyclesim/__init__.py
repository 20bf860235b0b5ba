"""cyclesim: a system-dynamics simulation of the 1-on-1 support cycle in care for people
with an intellectual disability and complex needs."""

from cyclesim.version import __version__
from cyclesim.scenario.runner import RunResult, run, run_batch
from cyclesim.scenario.files import Scenario, ScenarioError, load_scenario

__all__ = ["RunResult", "Scenario", "ScenarioError", "__version__", "load_scenario", "run",
           "run_batch"]
