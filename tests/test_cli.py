"""The command line: compare/run with --json and --out, params, and results that carry
what made them and come out the same for the same inputs."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

import cyclesim
from cyclesim.model.params import PARAMETERS

JSON_KEYS = {"scenario", "outcome", "returned_to_start", "return_week", "honeymoon_depth",
             "honeymoon_weeks", "total_cost", "peak_dependency"}
COMPARED = ("baseline", "one_on_one")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def compared(tmp_path_factory, scenarios_dir, run_cli):
    """``cyclesim compare DIR --json --out OUT`` in a subprocess, on a directory holding
    copies of the baseline and one_on_one files: (process, records by name, OUT)."""
    source = tmp_path_factory.mktemp("scenarios")
    for name in COMPARED:
        shutil.copy(scenarios_dir / f"{name}.toml", source)
    out = tmp_path_factory.mktemp("out")
    answer = run_cli("compare", source, "--json", "--out", out)
    records = json.loads(answer.stdout) if answer.returncode == 0 else []
    return answer, {r["scenario"]: r for r in records}, out


def test_compare_json_is_a_list_with_the_required_keys(compared):
    answer, records, _ = compared
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert isinstance(data, list) and len(data) == len(COMPARED)
    for record in data:
        assert JSON_KEYS <= set(record), JSON_KEYS - set(record)
    assert set(records) == set(COMPARED)  # scenarios known by their file's stem


def test_compare_one_on_one_returns_and_baseline_does_not(compared):
    _, records, _ = compared
    one, base = records["one_on_one"], records["baseline"]
    assert one["outcome"] == "returned" and one["returned_to_start"] is True
    assert isinstance(one["return_week"], float) and one["return_week"] > 0
    assert base["returned_to_start"] is False and base["return_week"] is None
    assert base["outcome"] != "returned"


@pytest.mark.parametrize("name", COMPARED)
def test_out_writes_time_series_csv(compared, name):
    _, _, out = compared
    frame = pd.read_csv(out / f"{name}.csv", index_col=0)
    assert frame.index.name == "time"
    assert frame.index[0] == 0 and frame.index[-1] == 156
    for column in ("incident_rate", "dependency", "team_size", "temp_share",
                   "sickness_absence_share", "cumulative_cost"):
        assert column in frame.columns
    assert np.isfinite(frame.to_numpy()).all()


def test_out_writes_figures(compared):
    _, _, out = compared
    figures = sorted(out.glob("*.png"))
    assert {f"{name}.png" for name in COMPARED} <= {f.name for f in figures}
    for figure in figures:
        assert figure.read_bytes()[:8] == PNG_MAGIC and figure.stat().st_size > 10_000


def test_out_records_what_made_the_results(compared):
    _, _, out = compared
    meta = json.loads((out / "one_on_one.json").read_text())
    assert meta["model_version"] == cyclesim.__version__
    assert set(PARAMETERS) <= set(meta["parameters"])
    assert meta["parameters"]["exclusive_hours_per_day"] == 12.0


def test_cli_and_api_give_the_same_numbers(compared, scenario_result):
    """Same inputs, same numbers: a separate process and this one agree exactly."""
    _, records, _ = compared
    api = scenario_result("one_on_one").summary()
    for key in JSON_KEYS:
        assert records["one_on_one"][key] == api[key], key


def test_json_records_carry_the_model_version(compared):
    _, records, _ = compared
    assert {r["model_version"] for r in records.values()} == {cyclesim.__version__}


def test_run_prints_a_table(cli, scenarios_dir):
    status, out, err = cli("run", scenarios_dir / "baseline.toml")
    assert status == 0, err
    assert "baseline" in out and "no_honeymoon" in out


def test_params_lists_every_parameter_with_its_unit(cli):
    status, out, err = cli("params", "--json")
    assert status == 0, err
    rows = {row["name"]: row for row in json.loads(out)}
    assert set(rows) == set(PARAMETERS)
    for name, p in PARAMETERS.items():
        assert rows[name]["unit"] == p.unit
        assert rows[name]["default"] == p.default


def test_params_table_shows_name_and_unit(cli):
    status, out, _ = cli("params")
    assert status == 0
    lines = out.splitlines()
    for name, p in PARAMETERS.items():
        assert any(name in line and p.unit in line for line in lines), name


# ---------------------------------------------------------------------------------
# Results in Python: DataFrames that carry model version, scenario and parameters
# ---------------------------------------------------------------------------------
def test_frame_carries_model_version_scenario_and_parameters(scenario_result):
    result = scenario_result("one_on_one")
    frame = result.frame()
    assert frame.index.name == "time"
    assert frame.attrs["model_version"] == cyclesim.__version__
    assert frame.attrs["scenario"] == "one_on_one"
    assert set(PARAMETERS) <= set(frame.attrs["parameters"])
    np.testing.assert_array_equal(frame["dependency"], result.trajectory["dependency"][:, 0])


def test_long_frame_is_tidy(scenario_result):
    result = scenario_result("baseline")
    long = result.long_frame()
    assert {"scenario", "run", "time", "variable", "value"} <= set(long.columns)
    assert len(long) == len(result.trajectory.times) * len(result.trajectory.names)
    assert long.attrs["model_version"] == cyclesim.__version__


def test_same_inputs_give_the_same_numbers(scenario_result, scenarios_dir):
    first = scenario_result("two_on_one")
    again = cyclesim.run(cyclesim.load_scenario(scenarios_dir / "two_on_one.toml"))
    np.testing.assert_array_equal(again.trajectory.values, first.trajectory.values)
    assert again.summary() == first.summary()
