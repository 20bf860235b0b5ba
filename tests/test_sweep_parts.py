"""A sweep's last chunks in parts (``cyclesim.analysis.chunk_parts``): the plan, the
ranges, putting parts back in run order, and sweeps that split chunks giving the same
tables, chunk files and series as one process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import cyclesim.analysis.sweep as sweep_module
from cyclesim.analysis import chunk_parts
from cyclesim.analysis.chunk_parts import ChunkDone, assemble, part_bounds, split_plan
from cyclesim.analysis.sampling import unit_sample
from cyclesim.analysis.sweep import (SweepOptions, chunk_path, jobs, read_manifest,
                                     read_series)
from cyclesim.analysis.sweep_spec import load_sweep_spec

from sweep_fixtures import sweep_table, write_spec


def test_the_last_chunks_are_split_for_the_workers() -> None:
    sizes = {i: 5000 for i in range(6)}
    assert split_plan([0, 1, 2, 3, 4, 5], sizes, 2) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 2, 5: 2}
    assert split_plan([0, 1, 2, 3, 4, 5], sizes, 1) == {i: 1 for i in range(6)}
    assert split_plan([3], {3: 5000}, 4) == {3: 4}  # one chunk: every worker gets a part
    small = chunk_parts.MIN_PART
    assert split_plan([0, 1], {0: 5000, 1: 2 * small + 1}, 3) == {0: 3, 1: 2}
    assert split_plan([0], {0: small - 1}, 2) == {0: 1}


@pytest.mark.parametrize("start, stop, parts", [(0, 10, 3), (35, 70, 2), (5, 6, 1),
                                                (100, 5100, 4)])
def test_parts_cover_the_chunk_in_order(start: int, stop: int, parts: int) -> None:
    bounds = part_bounds(start, stop, parts)
    assert len(bounds) == parts
    assert bounds[0][0] == start and bounds[-1][1] == stop
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    sizes = [hi - lo for lo, hi in bounds]
    assert max(sizes) - min(sizes) <= 1 and min(sizes) > 0


def _part(index: int, part: int, parts: int, runs: range) -> ChunkDone:
    table = pa.table({"run": np.array(runs, dtype=np.int64),
                      "x": np.array(runs, dtype=float) / 2})
    series = {"s": np.array([[r, -r] for r in runs], dtype=np.float32)}
    return ChunkDone(index, table, series, part, parts)


def test_parts_are_put_back_in_run_order_whatever_order_they_arrive_in() -> None:
    waiting: dict = {}
    assert assemble(waiting, _part(4, 2, 3, range(26, 30))) is None
    assert assemble(waiting, _part(4, 0, 3, range(20, 23))) is None
    whole = assemble(waiting, _part(4, 1, 3, range(23, 26)))
    assert whole is not None and waiting == {}
    assert (whole.index, whole.part, whole.parts) == (4, 0, 1)
    assert whole.table["run"].to_pylist() == list(range(20, 30))
    assert whole.table["x"].to_pylist() == [r / 2 for r in range(20, 30)]
    assert whole.series["s"][:, 0].tolist() == list(range(20, 30))
    single = _part(1, 0, 1, range(5))
    assert assemble(waiting, single) is single


def _chunks(out: Path) -> list[pd.DataFrame]:
    return [pd.read_parquet(chunk_path(out, i))
            for i in range(read_manifest(out)["n_chunks"])]


@pytest.fixture
def tiny_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few runs, so that the small test sweeps split their last chunks."""
    monkeypatch.setattr(chunk_parts, "MIN_PART", 2)


def _samesweep_table(one: Path, other: Path) -> None:
    pd.testing.assert_frame_equal(pd.read_parquet(one / "runs.parquet"),
                                  pd.read_parquet(other / "runs.parquet"))
    for a, b in zip(_chunks(one), _chunks(other), strict=True):
        pd.testing.assert_frame_equal(a, b)
    series_one, series_other = (read_series(o, read_manifest(o)) for o in (one, other))
    assert series_one and series_one.keys() == series_other.keys()
    for name in series_one:
        np.testing.assert_array_equal(series_one[name], series_other[name])


def test_split_chunks_give_the_one_processsweep_table(tiny_parts, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write_spec(tmp_path, chunk=7)
    sweep_table(spec, tmp_path / "one", SweepOptions(progress=False))
    arrived: list[tuple[int, int, int]] = []  # (chunk, part, parts) as the workers send them
    real = sweep_module.assemble

    def recording(waiting, done):
        arrived.append((done.index, done.part, done.parts))
        return real(waiting, done)

    monkeypatch.setattr(sweep_module, "assemble", recording)
    seen: list[int] = []
    sweep_table(spec, tmp_path / "two", SweepOptions(progress=False, workers=2,
                                                  on_chunk=seen.append))
    assert sorted(arrived) == [(0, 0, 1), (1, 0, 2), (1, 1, 2), (2, 0, 2), (2, 1, 2)]
    assert sorted(seen) == [0, 1, 2]  # a split chunk reported once, when whole
    _samesweep_table(tmp_path / "one", tmp_path / "two")


def test_one_chunk_is_shared_by_the_workers(tiny_parts, tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path, samples=6, chunk=10)
    spec, _ = load_sweep_spec(spec_path)
    unit = unit_sample(spec)
    whole = list(jobs(spec, unit, [0]))
    parts = list(jobs(spec, unit, [0], workers=3))
    assert [(j.start, j.stop, j.part, j.parts) for j in whole] == [(0, 6, 0, 1)]
    assert [(j.start, j.stop, j.part, j.parts) for j in parts] == [(0, 2, 0, 3), (2, 4, 1, 3),
                                                                    (4, 6, 2, 3)]
    for name, values in whole[0].values.items():
        np.testing.assert_array_equal(np.concatenate([j.values[name] for j in parts]), values)
    sweep_table(spec_path, tmp_path / "one", SweepOptions(progress=False))
    sweep_table(spec_path, tmp_path / "three", SweepOptions(progress=False, workers=3))
    _samesweep_table(tmp_path / "one", tmp_path / "three")


def test_split_chunks_on_a_dask_cluster(tiny_parts, tmp_path: Path) -> None:
    """A cluster's workers send every part back with its series; the sweep process puts
    the chunk together and writes it."""
    distributed = pytest.importorskip("distributed")
    spec = write_spec(tmp_path, chunk=7)
    sweep_table(spec, tmp_path / "one", SweepOptions(progress=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        sweep_table(spec, tmp_path / "dask", SweepOptions(progress=False, workers=2,
                                                     scheduler=cluster.scheduler_address))
    _samesweep_table(tmp_path / "one", tmp_path / "dask")
