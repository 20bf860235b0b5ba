"""Issue 16, case 4: a failed rest solve is reported per run (JSON field, sweep column, CLI
warning) and the run is flagged ``rest_failed``; its outcome class is kept but flagged."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cyclesim.cli import main
from cyclesim.engine.numpy_engine import NumpyEngine

from sweep_fixtures import write_spec


@pytest.fixture()
def failing_rest(monkeypatch):
    """The NumPy engine's rest solve, reporting a residual of 4 for every other run (as
    structural parameters at their hard bounds do)."""
    solve = NumpyEngine.rest_state

    def rest_state(self, params, model):
        rest = solve(self, params, model)
        rest.residual = np.where(np.arange(rest.residual.size) % 2 == 0, 4.0, rest.residual)
        return rest

    monkeypatch.setattr(NumpyEngine, "rest_state", rest_state)


def test_run_json_has_the_residual_and_a_warning(scenarios_dir, failing_rest, capsys) -> None:
    code = main(["run", str(scenarios_dir / "baseline.toml"), "--engine", "numpy", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    record = json.loads(out)[0]
    assert record["rest_residual"] == 4.0 and record["rest_failed"] is True
    assert "warning: baseline: the rest state was not found" in err and "4 > 1e-06" in err


def test_ordinary_runs_are_not_flagged(scenarios_dir, capsys) -> None:
    assert main(["run", str(scenarios_dir / "baseline.toml"), "--engine", "numpy",
                 "--json"]) == 0
    out, err = capsys.readouterr()
    record = json.loads(out)[0]
    assert record["rest_failed"] is False and 0 <= record["rest_residual"] <= 1e-6
    assert "warning" not in err


def test_sweep_has_a_rest_failed_column_and_warns(tmp_path, failing_rest, capsys) -> None:
    spec = write_spec(tmp_path, samples=4, chunk=4, horizon=20.0)
    code = main(["sweep", str(spec), "--out", str(tmp_path / "out"), "--engine", "numpy",
                 "--quiet"])
    err = capsys.readouterr().err
    assert code == 0 and "2 of 4 runs did not reach their rest state" in err
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    assert runs["rest_failed"].tolist() == [True, False, True, False]
    assert (runs.loc[runs["rest_failed"], "rest_residual"] == 4.0).all()
