"""Sweeps: the run table, censoring, chunk-size independence, resume, executors, CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cyclesim.cli import main
from cyclesim.engine import available as compiled_available
from cyclesim.outcome import CLASSES
from cyclesim.analysis.sweep import SweepError, SweepOptions, read_manifest, read_series
from cyclesim.analysis.sweep_spec import load_sweep_spec

from sweep_fixtures import sweep_table, write_spec

@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("reference")
    spec = write_spec(folder, chunk=7)
    return spec, sweep_table(spec, folder / "out")


def test_table_has_every_run_in_order(reference) -> None:
    _, runs = reference
    assert runs["run"].tolist() == list(range(20))
    assert {"dependency_build_time", "guard_strain_weight", "stigma_time"} <= set(runs)
    assert runs["stigma_time"].between(26.0, 60.0).all()
    assert set(runs["outcome"]) <= set(CLASSES)


def test_censored_runs_are_kept_not_zero(reference) -> None:
    _, runs = reference
    censored = runs[runs["censored"]]
    returned = runs[~runs["censored"]]
    assert len(censored) > 0 and len(returned) > 0, "fixture should mix both"
    assert censored["return_week"].isna().all()
    assert (censored["return_week_censored"] == 75.0).all()
    assert (censored["outcome"] != "returned").all()
    assert (returned["return_week"] > 0).all() and (returned["outcome"] == "returned").all()


def test_manifest_and_series(reference) -> None:
    spec_path, _ = reference
    out = spec_path.parent / "out"
    manifest = read_manifest(out)
    assert manifest["seed"] == 3 and manifest["n_runs"] == 20 and manifest["n_chunks"] == 3
    assert manifest["model_version"] and "censored" in manifest["censoring"]
    series = read_series(out, manifest)
    assert series["incident_rate"].shape == (20, 76)


def test_results_do_not_depend_on_chunk_size(reference, tmp_path: Path) -> None:
    _, runs = reference
    other = sweep_table(write_spec(tmp_path, chunk=20), tmp_path / "out")
    pd.testing.assert_frame_equal(runs, other)


def test_resume_after_interruption_gives_identical_table(reference, tmp_path: Path) -> None:
    _, runs = reference
    spec_path = write_spec(tmp_path, chunk=7)
    out = tmp_path / "out"

    def stop(index: int) -> None:
        if index == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep_table(spec_path, out, SweepOptions(progress=False, on_chunk=stop))
    assert not (out / "runs.parquet").exists()
    assert len(list((out / "chunks").glob("chunk-*.parquet"))) == 2
    (out / "chunks" / "chunk-000002.parquet.tmp").write_bytes(b"half-written")
    with pytest.raises(SweepError, match="--resume"):
        sweep_table(spec_path, out)
    resumed = sweep_table(spec_path, out, SweepOptions(progress=False, resume=True))
    pd.testing.assert_frame_equal(runs, resumed)


def test_resume_refuses_another_spec(tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path, samples=4, chunk=4, horizon=20.0)
    sweep_table(spec_path, tmp_path / "out")
    other = write_spec(tmp_path, samples=5, chunk=4, horizon=20.0)
    with pytest.raises(SweepError, match="spec differs"):
        sweep_table(other, tmp_path / "out", SweepOptions(progress=False, resume=True))


@pytest.mark.skipif(not compiled_available(), reason="Numba is not installed")
def test_engine_is_recorded_and_kept_on_resume(reference, tmp_path: Path) -> None:
    """The manifest names the engine that ran; a resume may not switch engines (their
    numbers differ in the last bits), and the NumPy engine gives the same outcomes."""
    spec_path, runs = reference
    assert read_manifest(spec_path.parent / "out")["engine"] == "compiled"
    numpy_runs = sweep_table(spec_path, tmp_path / "out", SweepOptions(progress=False,
                                                                  engine="numpy"))
    assert read_manifest(tmp_path / "out")["engine"] == "numpy"
    assert numpy_runs["outcome"].tolist() == runs["outcome"].tolist()
    np.testing.assert_allclose(numpy_runs["return_week_censored"],
                               runs["return_week_censored"], atol=1e-6)
    with pytest.raises(SweepError, match="engine differs.*--engine numpy"):
        sweep_table(spec_path, tmp_path / "out", SweepOptions(progress=False, resume=True,
                                                         engine="compiled"))


def test_worker_processes_give_identical_results(reference, tmp_path: Path) -> None:
    _, runs = reference
    other = sweep_table(write_spec(tmp_path, chunk=7), tmp_path / "out",
                   SweepOptions(progress=False, workers=2))
    pd.testing.assert_frame_equal(runs, other)


def test_dask_cluster_gives_identical_results(reference, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    _, runs = reference
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        other = sweep_table(write_spec(tmp_path, chunk=7), tmp_path / "out",
                       SweepOptions(progress=False, scheduler=cluster.scheduler_address))
    pd.testing.assert_frame_equal(runs, other)


def test_subset_series(tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path, samples=4, chunk=4, horizon=20.0)
    sweep_table(spec_path, tmp_path / "out", SweepOptions(progress=False, save_series=2))
    subset = pd.read_parquet(tmp_path / "out" / "series_subset.parquet")
    assert sorted(subset["run"].unique()) == [0, 1]
    assert {"time", "dependency", "team_size", "incident_rate"} <= set(subset)


def test_cli_sweep_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    spec_path = write_spec(tmp_path, samples=4, chunk=2, horizon=20.0)
    out = str(tmp_path / "out")
    assert main(["sweep", str(spec_path), "--out", out, "--quiet"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["sweep", str(spec_path), "--out", out, "--quiet"]) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(["sweep", str(spec_path), "--out", out, "--quiet", "--resume"]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('scenario = "short.toml"\nsamples = 3\nwibble = 1\n[parameters.hiring_time]\n')
    assert main(["sweep", str(bad), "--out", out]) == 2
    assert "wibble: unknown key" in capsys.readouterr().err
    assert np.isfinite(pd.read_parquet(tmp_path / "out" / "runs.parquet")["total_cost"]).all()


def test_ema_function_model_matches_thesweep_table(reference) -> None:
    from cyclesim.analysis.ema import model_function, parameter_ranges

    spec_path, runs = reference
    f = model_function(spec_path.parent / "short.toml")
    row = runs.iloc[0]
    names = ("dependency_build_time", "guard_strain_weight", "stigma_time")
    result = f(**{name: float(row[name]) for name in names})
    assert result["return_week_censored"] == pytest.approx(row["return_week_censored"])
    assert result["total_cost"] == pytest.approx(row["total_cost"])
    assert parameter_ranges(("hiring_time",)) == {"hiring_time": (8.0, 26.0)}


@pytest.mark.parametrize(("n", "d", "seed"), [(1, 3, 0), (7, 10, 1), (5000, 10, 2), (999, 4, 17)])
def test_latin_design_is_salibs_bit_for_bit(n: int, d: int, seed: int) -> None:
    """The vectorised Latin hypercube draws SALib's design exactly (resumed sweeps check
    the design by its hash, so it must not change)."""
    from SALib.sample import latin as salib_latin

    from cyclesim.analysis.sampling import latin

    prob = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    expected = salib_latin.sample(dict(prob), n, seed=seed)
    got = latin(dict(prob), n, seed)
    assert got.dtype == expected.dtype and got.tobytes() == expected.tobytes()


def test_runs_table_is_in_run_order_whatever_order_the_chunks_finish(tmp_path: Path) -> None:
    """Workers finish chunks out of order; ``runs.parquet`` is appended in run order,
    reading chunks of an earlier session back from their files, and is named only once
    complete (an abandoned one leaves no file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cyclesim.analysis.sweep import RunsWriter, chunk_path

    (tmp_path / "chunks").mkdir()
    tables = [pa.table({"run": np.arange(3 * i, 3 * i + 3), "x": np.full(3, float(i))})
              for i in range(4)]
    pq.write_table(tables[1], chunk_path(tmp_path, 1))  # done in an earlier session
    writer = RunsWriter(tmp_path, 4, todo={0, 2, 3})
    for index in (3, 0):
        writer.add(index, tables[index])
    assert not (tmp_path / "runs.parquet").exists()
    writer.add(2, tables[2])
    path = writer.finish()
    assert pq.read_table(path)["run"].to_pylist() == list(range(12))
    assert not path.with_name("runs.parquet.tmp").exists()

    other = tmp_path / "other"
    (other / "chunks").mkdir(parents=True)
    abandoned = RunsWriter(other, 2, todo={0, 1})
    abandoned.add(0, tables[0])
    with pytest.raises(RuntimeError, match="chunk 1 never arrived"):
        abandoned.finish()
    abandoned.abandon()
    assert list(other.iterdir()) == [other / "chunks"]


def test_only_text_columns_are_dictionary_encoded(reference) -> None:
    """The outcome class is stored as a dictionary; the numbers, nearly all distinct,
    are stored plain (dictionary encoding made them larger and slow to write)."""
    import pyarrow.parquet as pq

    spec_path, _ = reference
    meta = pq.ParquetFile(spec_path.parent / "out" / "runs.parquet").metadata
    group = meta.row_group(0)
    encodings = {group.column(i).path_in_schema: group.column(i).encodings
                 for i in range(group.num_columns)}
    assert any("DICTIONARY" in e for e in encodings["outcome"])
    for name in ("stigma_time", "return_week_censored", "total_cost"):
        assert not any("DICTIONARY" in e for e in encodings[name]), name


def test_chunk_table_is_the_judged_table_with_nulls(tmp_path: Path) -> None:
    """A chunk's outcome columns go to Arrow straight from the judged arrays: the same
    values as the Python values of ``table_columns``, a missing value null, and a column
    keeps its type when every value is missing (from Python values it would be typed
    null, and that chunk's schema would differ from the others')."""
    import pyarrow as pa

    from cyclesim.analysis.sampling import design
    from cyclesim.analysis.sweep import jobs, simulate_chunk
    from cyclesim.outcome import table_columns
    from cyclesim.scenario.runner import run_batch, scenario_parameters

    for horizon, returns in ((75.0, "some"), (40.0, "none")):
        folder = tmp_path / returns
        spec, scenario = load_sweep_spec(write_spec(folder, samples=12, chunk=12,
                                                    horizon=horizon))
        job = next(jobs(spec, design(spec)[0], [0]))
        _, table, _ = simulate_chunk(scenario, job, (), engine="numpy")
        result = run_batch(scenario, scenario_parameters(scenario, job.values, 12),
                           variables=(), engine="numpy")
        expected = pa.table(table_columns(result.table))
        got = table.select(expected.column_names)
        assert got.equals(expected.cast(got.schema))
        assert got.schema.field("return_week").type == pa.float64()
        nulls = got["return_week"].null_count
        assert (0 < nulls < 12) if returns == "some" else nulls == 12
