"""Sweep spec validation: unknown keys and parameters, ranges, designs, clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyclesim.analysis.sampling import design
from cyclesim.analysis.sweep_spec import SweepSpecError, load_sweep_spec, parse_sweep_spec

from sweep_fixtures import write_spec


def _spec(**changes) -> dict:
    data = {"scenario": "x.toml", "sampler": "latin", "samples": 10,
            "parameters": {"hiring_time": {}, "stigma_time": {"low": 30.0, "high": 60.0}}}
    data.update(changes)
    return data


@pytest.mark.parametrize("changes, expected", [
    ({"colour": "red"}, "colour: unknown key"),
    ({"sampler": "random"}, "sampler"),
    ({"samples": 0}, "samples"),
    ({"parameters": {"no_such_thing": {}}}, "unknown parameter 'no_such_thing'"),
    ({"parameters": {"hiring_time": {"low": 0.1}}}, "allowed 1 to 520 [week]"),
    ({"parameters": {"hiring_time": {"low": 20.0, "high": 10.0}}}, "must be below high"),
    ({"parameters": {"hiring_time": {"lo": 2.0}}}, "parameters.hiring_time.lo: unknown key"),
    ({"parameters": {"return_tolerance": {}}}, "cannot be swept"),
    ({"parameters": {"hiring_time": {"distribution": "normal"}}}, "needs 'mean' and 'sd'"),
    ({"parameters": {"hiring_time": {"distribution": "triangular", "mode": 99.0}}},
     "needs 'mode' between"),
    ({"parameters": {}}, "at least one entry"),
    ({"sampler": "sobol", "samples": 100}, "power of 2 (got 100; e.g. 64)"),
    ({"sampler": "grid", "parameters": {"hiring_time": {"distribution": "triangular",
                                                        "mode": 13.0}}}, "uniform ranges"),
    ({"series": ["incident_rate", "nonsense"]}, "unknown series variable(s) nonsense"),
])
def test_invalid_specs_name_file_and_field(changes: dict, expected: str) -> None:
    with pytest.raises(SweepSpecError) as error:
        parse_sweep_spec(_spec(**changes), "sweeps/bad.toml")
    assert "sweeps/bad.toml" in str(error.value)
    assert expected in str(error.value)


@pytest.mark.parametrize("sampler, samples, runs", [
    ("latin", 10, 10), ("grid", 3, 9), ("sobol", 8, 32), ("saltelli", 8, 32),
    ("morris", 5, 15)])
def test_design_sizes(sampler: str, samples: int, runs: int) -> None:
    spec = parse_sweep_spec(_spec(sampler=sampler, samples=samples))
    unit, values = design(spec)
    assert spec.n_runs == runs == len(unit) == len(values["hiring_time"])
    assert values["stigma_time"].min() >= 30.0 and values["stigma_time"].max() <= 60.0
    assert values["hiring_time"].min() >= 8.0 and values["hiring_time"].max() <= 26.0


def test_distributions_stay_within_bounds() -> None:
    spec = parse_sweep_spec(_spec(samples=200, parameters={
        "hiring_time": {"distribution": "triangular", "low": 8.0, "high": 26.0, "mode": 10.0},
        "stigma_time": {"distribution": "normal", "mean": 52.0, "sd": 20.0, "low": 26.0,
                        "high": 104.0}}))
    _, values = design(spec)
    assert 8.0 <= values["hiring_time"].min() and values["hiring_time"].max() <= 26.0
    assert abs(values["hiring_time"].mean() - (8 + 26 + 10) / 3) < 0.5
    assert 26.0 <= values["stigma_time"].min() and values["stigma_time"].max() <= 104.0


def test_same_seed_same_design() -> None:
    spec = parse_sweep_spec(_spec(seed=7))
    assert (design(spec)[0] == design(spec)[0]).all()


def test_scenario_resolved_relative_to_spec(tmp_path: Path) -> None:
    path = write_spec(tmp_path / "specs")
    spec, scenario = load_sweep_spec(path)
    assert scenario.name == "short" and spec.n_runs == 20


def test_missing_scenario_is_reported(tmp_path: Path) -> None:
    path = write_spec(tmp_path)
    (tmp_path / "short.toml").unlink()
    with pytest.raises(SweepSpecError, match="scenario: file 'short.toml' not found"):
        load_sweep_spec(path)


def test_shipped_specs_are_valid(repo_root: Path) -> None:
    specs = sorted((repo_root / "sweeps").glob("*.toml"))
    assert len(specs) >= 4
    for path in specs:
        spec, _ = load_sweep_spec(path)
        assert spec.n_runs > 0
