"""cyclesim: a system-dynamics simulation of the 1-on-1 support cycle in care for people
with an intellectual disability and complex needs."""

__version__ = "0.1.0"

from .runner import RunResult, run, run_batch  # noqa: E402
from .scenario import Scenario, ScenarioError, load_scenario  # noqa: E402

__all__ = ["RunResult", "Scenario", "ScenarioError", "__version__", "load_scenario", "run",
           "run_batch"]
