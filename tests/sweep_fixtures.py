"""Small, fast sweep specs for the sweep and sensitivity tests (short horizon, big DT)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cyclesim.analysis.sweep import SweepOptions, run_sweep
from cyclesim.analysis.sweep_spec import load_sweep_spec

QUIET = SweepOptions(progress=False)

SCENARIO = """
title = "short 1-on-1 for sweep tests"
start_week = 4
horizon_weeks = {horizon}
dt = 0.5
[intervention]
exclusive_hours_per_day = 12.0
"""

SPEC = """
scenario = "short.toml"
sampler = "{sampler}"
samples = {samples}
seed = 3
chunk_size = {chunk}
[parameters.dependency_build_time]
[parameters.guard_strain_weight]
[parameters.stigma_time]
low = 26.0
high = 60.0
"""


def write_spec(folder: Path, sampler: str = "latin", samples: int = 20, chunk: int = 7,
               horizon: float = 75.0, name: str = "spec.toml") -> Path:
    """A sweep spec over three parameters of a short 1-on-1 scenario, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "short.toml").write_text(SCENARIO.format(horizon=horizon))
    path = folder / name
    path.write_text(SPEC.format(sampler=sampler, samples=samples, chunk=chunk))
    return path


def sweep_table(spec_path: Path, out: Path, options: SweepOptions = QUIET) -> pd.DataFrame:
    """Run the sweep of ``spec_path`` into ``out``; its ``runs.parquet`` as a table."""
    spec, scenario = load_sweep_spec(spec_path)
    return pd.read_parquet(run_sweep(spec, scenario, out, options))
