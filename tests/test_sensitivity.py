"""Sensitivity: indices against SALib's Ishigami function (known answers), and the
analysis of small sweeps: indices, censoring note, JSON/CSV and figure files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from SALib.sample import latin, morris, sobol
from SALib.test_functions import Ishigami

from cyclesim.analysis.sensitivity import indices
from cyclesim.present.sensitivity_plots import analyse_and_draw
from cyclesim.analysis.sweep import SweepOptions, run_sweep
from cyclesim.analysis.sweep_spec import load_sweep_spec

from sweep_fixtures import write_spec

UNIT = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}
ISHIGAMI_S1 = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_ST = np.array([0.5576, 0.4424, 0.2437])


def ishigami(unit: np.ndarray) -> np.ndarray:
    return Ishigami.evaluate(-np.pi + 2 * np.pi * unit)


def test_sobol_indices_of_ishigami() -> None:
    unit = sobol.sample(UNIT, 2048, calc_second_order=False, seed=1)
    frame = indices("sobol", UNIT, unit, ishigami(unit), resamples=20)
    np.testing.assert_allclose(frame["S1"], ISHIGAMI_S1, atol=0.05)
    np.testing.assert_allclose(frame["ST"], ISHIGAMI_ST, atol=0.05)


def test_rbd_fast_indices_of_ishigami_from_latin_sample() -> None:
    unit = latin.sample(UNIT, 4000, seed=1)
    frame = indices("rbd_fast", UNIT, unit, ishigami(unit), resamples=10)
    np.testing.assert_allclose(frame["S1"], ISHIGAMI_S1, atol=0.06)


def test_morris_elementary_effects_of_a_linear_function() -> None:
    problem = dict(UNIT, levels=4)
    unit = morris.sample(problem, 20, num_levels=4, seed=1)
    frame = indices("morris", problem, unit, unit @ np.array([4.0, -2.0, 0.0]), resamples=10)
    np.testing.assert_allclose(frame["mu_star"], [4.0, 2.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(frame["mu"], [4.0, -2.0, 0.0], atol=1e-9)


def test_constant_output_has_zero_indices() -> None:
    unit = latin.sample(UNIT, 50, seed=1)
    assert (indices("rbd_fast", UNIT, unit, np.full(50, 156.0)) == 0).all().all()


@pytest.mark.parametrize("sampler, samples", [("sobol", 8), ("morris", 6), ("latin", 24)])
def test_analyse_sweep_writes_indices_and_figures(tmp_path: Path, sampler: str,
                                                  samples: int) -> None:
    spec, scenario = load_sweep_spec(write_spec(tmp_path, sampler, samples, chunk=40))
    run_sweep(spec, scenario, tmp_path / "out", SweepOptions(progress=False))
    report = analyse_and_draw(tmp_path / "out")
    out = tmp_path / "out" / "sensitivity"
    for name in ("tornado.png", "return_map.png", "indices_over_time.png", "indices.json",
                 "indices_return_week_censored.csv", "indices_total_cost.csv",
                 "indices_peak_dependency.csv", "indices_over_time_incident_rate.csv",
                 "indices_over_time_sickness_absence_share.csv"):
        assert (out / name).stat().st_size > 0, name
    record = json.loads((out / "indices.json").read_text())
    assert "censored at the horizon" in record["censoring"]
    assert set(record["outputs"]) == {"return_week_censored", "total_cost", "peak_dependency"}
    assert report.over_time["incident_rate"].shape[1] == 3
    assert "not dropped and not coded 0" in report.text()
