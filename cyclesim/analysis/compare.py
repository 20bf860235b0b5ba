"""Comparing scenarios: run each, and collect their outcomes as records and a table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cyclesim.scenario.runner import RunResult, run
from cyclesim.scenario.files import load_scenario, scenario_files

TABLE_COLUMNS = {
    "scenario": "scenario",
    "outcome": "outcome",
    "return_week": "return week",
    "honeymoon_depth": "honeymoon depth",
    "honeymoon_weeks": "honeymoon weeks",
    "cycles": "cycles",
    "declined_stages": "declined stages",
    "extra_cost_at_return": "extra cost to return [EUR]",
    "total_cost": "total cost [EUR]",
    "peak_dependency": "peak dependency",
}


def load_all(paths: list[str | Path]):
    """Validate every scenario first, so one bad file stops the job before any run."""
    return [load_scenario(path) for path in scenario_files(paths)]


def run_all(paths: list[str | Path]) -> list[RunResult]:
    """Run every scenario named (files or directories of ``*.toml``)."""
    return [run(scenario) for scenario in load_all(paths)]


def records(results: list[RunResult]) -> list[dict]:
    """One JSON-ready record per scenario (the keys of ``--json``), with the loops each
    weakens against 1-on-1 alone (:func:`cyclesim.structure.loop_gain.loops_weakened`)."""
    from cyclesim.structure.loop_gain import loops_weakened

    return [{**result.summary(), "loops_weakened": loops_weakened(result)}
            for result in results]


def table(rows: list[dict]) -> pd.DataFrame:
    """The outcome records as a table a person reads."""
    frame = pd.DataFrame(rows)[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    return frame.set_index("scenario")
