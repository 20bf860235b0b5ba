"""Sweeps: simulate a design in chunks, stream each chunk to disk, resume after a kill.

Layout of a sweep directory::

    manifest.json          model version, spec, scenario, seed, runs, chunking, series weeks
    design.npy             the unit-hypercube sample (runs × parameters), fixed at the start
    chunks/chunk-000000.parquet   inputs + outcomes of runs [0, chunk_size), one per chunk
    chunks/series-000000.npz      weekly series of the spec's ``series`` variables (float32)
    runs.parquet           every chunk in run order (appended as the chunks come in)
    series_subset.parquet  every variable of the first N runs (``save_series``)

Each chunk file is written to a temporary name and renamed, so a killed sweep leaves only
complete chunks; ``resume`` simulates the missing ones. Runs are independent (the engine's
batching rule), so the table does not depend on chunk size, resumption or scheduler.
Censored runs (no return within the horizon) are kept: ``return_week`` is null,
``return_week_censored`` holds the horizon and ``censored`` is true.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cyclesim.version import __version__
from cyclesim.engine import get_engine
from cyclesim.outcome import TABLE_FIELDS, missing_values
from cyclesim.scenario.runner import rest_failed, run_batch, scenario_parameters
from cyclesim.analysis.sampling import unit_sample
from cyclesim.scenario.files import Scenario
from cyclesim.analysis.chunk_parts import ChunkDone, assemble, part_bounds, split_plan
from cyclesim.analysis.executors import chunk_results
from cyclesim.analysis.sweep_spec import SweepSpec

MANIFEST = "manifest.json"
RUNS = "runs.parquet"
SUBSET = "series_subset.parquet"
CENSORING = ("runs that do not return to start within the horizon are kept: outcome class "
             "'not_within_horizon', 'no_honeymoon' or 'worse', return_week null, "
             "return_week_censored = horizon, censored = true")


class SweepError(Exception):
    """A sweep directory that cannot be used as asked (exists, or belongs to another spec)."""


@dataclass(frozen=True)
class ChunkJob:
    """One chunk, or part ``part`` of ``parts`` of one (:mod:`.chunk_parts`): runs
    [start, stop) with their parameter values."""

    index: int
    start: int
    stop: int
    values: dict[str, np.ndarray]
    part: int = 0
    parts: int = 1


def weekly_indices(times: np.ndarray) -> np.ndarray:
    """Indices of the saved times that fall on whole weeks."""
    return np.flatnonzero(np.abs(times - np.round(times)) < 1e-9)


def simulate_chunk(scenario: Scenario, job: ChunkJob, series: tuple[str, ...],
                   engine: str = "auto") -> tuple[int, pa.Table, dict[str, np.ndarray]]:
    """Simulate one chunk: its table (run, inputs, outcomes) and weekly series (float32)."""
    n = job.stop - job.start
    result = run_batch(scenario, scenario_parameters(scenario, job.values, n),
                       variables=tuple(series), engine=engine, table_only=True)
    columns: dict[str, object] = {"run": np.arange(job.start, job.stop, dtype=np.int64)}
    columns.update(job.values)
    missing = missing_values(result.table)  # the columns as they are, nulls where missing
    columns.update({name: pa.array(result.table[name], mask=missing.get(name))
                    for name in TABLE_FIELDS})
    columns["rest_residual"] = result.rest_residual
    columns["rest_failed"] = rest_failed(result.rest_residual)
    tr = result.trajectory
    weeks = weekly_indices(tr.times)
    saved = {name: np.ascontiguousarray(tr[name][weeks].T, dtype=np.float32) for name in series}
    return job.index, pa.table(columns), saved


def _save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def _save_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def chunk_path(out: Path, index: int) -> Path:
    return out / "chunks" / f"chunk-{index:06d}.parquet"


def series_path(out: Path, index: int) -> Path:
    return out / "chunks" / f"series-{index:06d}.npz"


def encoding(schema: pa.Schema) -> dict:
    """Parquet options of the sweep's tables: dictionary encoding for the text columns
    only (the outcome class); on the numbers, nearly all distinct, it made the files
    larger and took most of the writing time (20.8 against 4.4 ms per 10 000-run chunk)."""
    return {"use_dictionary": [f.name for f in schema if pa.types.is_string(f.type)]}


def write_chunk(out: Path, index: int, table: pa.Table, series: dict[str, np.ndarray]) -> None:
    """Series first, then the table: a chunk counts as done once its table exists."""
    if series:
        _atomic(series_path(out, index), lambda p: _save_npz(p, series))
    _atomic(chunk_path(out, index),
            lambda p: pq.write_table(table, p, **encoding(table.schema)))


def manifest_of(spec: SweepSpec, scenario: Scenario, spec_file: str,
                engine: str = "numpy") -> dict:
    """What produced the sweep: enough to check a resume and to analyse it later."""
    weeks = np.arange(0.0, scenario.horizon_weeks + 1e-9, scenario.save_every)
    return {
        "model": "cyclesim", "model_version": __version__, "format": 1, "engine": engine,
        "spec_file": spec_file, "spec": spec.model_dump(mode="json"),
        "scenario": scenario.model_dump(mode="json"),
        "seed": spec.seed, "sampler": spec.method, "n_runs": spec.n_runs,
        "chunk_size": spec.chunk_size, "n_chunks": -(-spec.n_runs // spec.chunk_size),
        "parameters": [d.model_dump() for d in spec.dimensions],
        "series": {"variables": list(spec.series_variables),
                   "weeks": weeks[weekly_indices(weeks)].tolist()},
        "censoring": CENSORING,
    }


SWEEP_FILES = ("design.npy", RUNS, SUBSET, "chunks")


def design_hash(unit: np.ndarray) -> str:
    """A fingerprint of a unit design: its shape, type and every value."""
    digest = hashlib.sha256(f"{unit.dtype.str}{unit.shape}".encode())
    digest.update(np.ascontiguousarray(unit).tobytes())
    return digest.hexdigest()


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SweepError(f"{path}: not a readable sweep manifest ({str(error)[:120]}); "
                         "remove the folder or choose another --out") from None
    if not isinstance(data, dict):
        raise SweepError(f"{path}: not a sweep manifest (a JSON object is expected)")
    return data


def _leftovers(out: Path) -> list[str]:
    """Sweep files in ``out`` (design, tables, chunks) that no manifest vouches for."""
    found = []
    for name in SWEEP_FILES:
        path = out / name
        if path.is_dir():
            if any(path.iterdir()):
                found.append(f"{name}/")
        elif path.exists():
            found.append(name)
    return found


def _load_npy(path: Path) -> np.ndarray:
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        raise SweepError(f"{path}: not a readable design ({str(error)[:120]}); remove "
                         "the folder or choose another --out") from None


def _prepare(out: Path, manifest: dict, spec: SweepSpec, resume: bool) -> np.ndarray:
    """Check (or start) the sweep folder and return its unit design.

    A folder is trusted only when its manifest matches the spec and its ``design.npy``
    matches the design the spec draws (by hash); sweep files without a manifest are
    never reused or overwritten."""
    existing = out / MANIFEST
    unit = unit_sample(spec)  # the values are scaled per chunk (jobs), not all at once here
    digest = design_hash(unit)
    manifest["design_sha256"] = digest
    path = out / "design.npy"
    if existing.exists():
        if not resume:
            raise SweepError(f"{out} already holds a sweep; pass --resume to carry it on, "
                             "or choose another --out")
        old = _read_json(existing)
        for key in ("spec", "scenario", "model_version", "engine", "seed", "n_runs",
                    "chunk_size"):
            if old.get(key) != manifest.get(key):
                hint = f"; pass --engine {old.get(key)}" if key == "engine" else ""
                raise SweepError(f"{out}: cannot resume: the {key} differs from the one "
                                 f"the sweep was started with{hint}")
        if old.get("design_sha256", digest) != digest:
            raise SweepError(f"{out}: cannot resume: {MANIFEST} records another design "
                             "than this spec draws")
        if path.exists():
            if design_hash(_load_npy(path)) != digest:
                raise SweepError(f"{path}: does not match the design of this spec "
                                 "(another seed, sampler or size); cannot resume")
        else:
            _atomic(path, lambda p: _save_npy(p, unit))
        _check_chunks(out, spec)
        return unit
    found = _leftovers(out)
    if found:
        raise SweepError(f"{out} holds sweep files ({', '.join(found)}) but no {MANIFEST}, "
                         "so nothing shows which sweep they belong to; remove them or "
                         "choose another --out")
    (out / "chunks").mkdir(parents=True, exist_ok=True)
    _atomic(existing, lambda p: p.write_text(json.dumps(manifest, indent=2)))
    _atomic(path, lambda p: _save_npy(p, unit))
    return unit


def _check_chunks(out: Path, spec: SweepSpec) -> None:
    """Every finished chunk must be a readable table of exactly its runs."""
    n_chunks = -(-spec.n_runs // spec.chunk_size)
    for index in range(n_chunks):
        path = chunk_path(out, index)
        if not path.exists():
            continue
        start, stop = chunk_runs(spec, index)
        try:
            runs = pq.read_table(path, columns=["run"])["run"].to_numpy()
        except (OSError, ValueError, KeyError, pa.ArrowException) as error:
            raise SweepError(f"{path}: not a readable chunk ({str(error)[:120]}); delete it "
                             "to have it simulated again") from None
        if not np.array_equal(runs, np.arange(start, stop)):
            raise SweepError(f"{path}: holds other runs than {start}..{stop - 1}; delete it "
                             "to have it simulated again")


def chunk_runs(spec: SweepSpec, index: int) -> tuple[int, int]:
    """The runs [start, stop) of chunk ``index``."""
    start = index * spec.chunk_size
    return start, min(start + spec.chunk_size, spec.n_runs)


def jobs(spec: SweepSpec, unit: np.ndarray, todo: list[int],
         workers: int = 1) -> Iterator[ChunkJob]:
    """The chunks still to simulate, with their parameter values (lazily, in order);
    with several ``workers`` the last chunks come in parts (:func:`split_plan`)."""
    from cyclesim.analysis.sampling import scale

    dims = spec.dimensions
    runs = {index: chunk_runs(spec, index) for index in todo}
    plan = split_plan(todo, {i: stop - start for i, (start, stop) in runs.items()}, workers)
    for index in todo:
        for part, (start, stop) in enumerate(part_bounds(*runs[index], plan[index])):
            values = {d.name: scale(d, unit[start:stop, i]) for i, d in enumerate(dims)}
            yield ChunkJob(index, start, stop, values, part, plan[index])


def simulate_and_write(scenario: Scenario, job: ChunkJob, series: tuple[str, ...],
                       engine: str, out: Path | None) -> ChunkDone:
    """:func:`simulate_chunk`, and :func:`write_chunk` in the worker that ran a whole
    chunk when it can reach ``out``, so the sweep process neither receives the series nor
    writes the chunk files; only the table comes back, for ``runs.parquet``. A part of a
    chunk, or a chunk from a worker that cannot reach ``out`` (None), comes back with its
    series, for the sweep process to write."""
    index, table, saved = simulate_chunk(scenario, job, series, engine)
    if out is None or job.parts > 1:
        return ChunkDone(index, table, saved, job.part, job.parts)
    write_chunk(out, index, table, saved)
    return ChunkDone(index, table)


class RunsWriter:
    """``runs.parquet`` written in run order while the sweep runs: a chunk's table is
    appended as soon as every chunk before it is in (chunks finished in an earlier
    session are read back from their files), so no pass over all the chunks is left for
    the end. The table is written under a temporary name and renamed once complete."""

    def __init__(self, out: Path, n_chunks: int, todo: set[int]):
        self.out, self.n_chunks, self.todo = out, n_chunks, todo
        self.tmp = out / (RUNS + ".tmp")
        self.writer: pq.ParquetWriter | None = None
        self.pending: dict[int, pa.Table] = {}
        self.next = 0

    def add(self, index: int, table: pa.Table) -> None:
        """Chunk ``index`` is done; append it (and what waited for it) if it is next."""
        self.pending[index] = table
        self._drain()

    def _drain(self) -> None:
        while self.next < self.n_chunks:
            if self.next in self.pending:
                table = self.pending.pop(self.next)
            elif self.next not in self.todo:
                table = pq.read_table(chunk_path(self.out, self.next))
            else:
                return
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.tmp, table.schema,
                                               **encoding(table.schema))
            elif not table.schema.equals(self.writer.schema):
                table = table.cast(self.writer.schema)
            self.writer.write_table(table)
            self.next += 1

    def finish(self) -> Path:
        """Close the table and give it its name (every chunk must be in)."""
        self._drain()  # chunks of earlier sessions after the last new one
        if self.next < self.n_chunks:
            raise RuntimeError(f"runs.parquet: chunk {self.next} never arrived")
        self.writer.close()
        target = self.out / RUNS
        os.replace(self.tmp, target)
        return target

    def abandon(self) -> None:
        """Drop the partial table (an interrupted sweep keeps its chunk files only)."""
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class SweepOptions:
    """How to run a sweep: where, resumption, scheduler, workers and extras."""

    resume: bool = False
    scheduler: str | None = None  # None: this process; "local": a LocalCluster; or address
    workers: int = 1
    save_series: int = 0
    progress: bool = True
    engine: str = "auto"  # "auto", "numpy" or "compiled" (see cyclesim.engine.compiled)
    on_chunk: Callable[[int], None] | None = None  # called after each chunk is on disk


def run_sweep(spec: SweepSpec, scenario: Scenario, out: str | Path,
              options: SweepOptions = SweepOptions(), spec_file: str = "") -> Path:
    """Run (or resume) a sweep into ``out``; returns the path of ``runs.parquet``."""
    from tqdm import tqdm

    out = Path(out)
    engine = get_engine(options.engine, scenario.method).name
    manifest = manifest_of(spec, scenario, spec_file, engine)
    unit = _prepare(out, manifest, spec, options.resume)
    if engine == "compiled":  # compile (or load) once here: forked workers inherit it
        run_batch(scenario, scenario_parameters(scenario, {}, 1),
                  variables=tuple(spec.series_variables), engine=engine, table_only=True)
    n_chunks = manifest["n_chunks"]
    todo = [i for i in range(n_chunks) if not chunk_path(out, i).exists()]
    done_runs = spec.n_runs - sum(stop - start for start, stop in
                                  (chunk_runs(spec, index) for index in todo))
    series = tuple(spec.series_variables)
    # a cluster's workers may not see ``out``: they send the series back
    chunk = partial(simulate_and_write, engine=engine,
                    out=None if options.scheduler else out)
    runs = RunsWriter(out, n_chunks, set(todo))
    waiting: dict[int, dict[int, ChunkDone]] = {}  # parts of chunks not all in yet
    try:
        with tqdm(total=spec.n_runs, initial=done_runs, unit="run",
                  disable=not options.progress, desc="sweep") as bar:
            for done in chunk_results(chunk, scenario,
                                      jobs(spec, unit, todo, options.workers), series,
                                      options.scheduler, options.workers):
                bar.update(done.table.num_rows)
                whole = assemble(waiting, done)
                if whole is None:
                    continue
                if whole.series is not None:  # not written by the worker
                    write_chunk(out, whole.index, whole.table, whole.series)
                runs.add(whole.index, whole.table)
                if options.on_chunk:
                    options.on_chunk(whole.index)
        path = runs.finish()
    except BaseException:
        runs.abandon()
        raise
    if options.save_series:
        save_subset(out, spec, scenario, unit, options.save_series, engine)
    return path


def save_subset(out: Path, spec: SweepSpec, scenario: Scenario, unit: np.ndarray,
                n: int, engine: str = "auto") -> Path:
    """Every variable of the first ``n`` runs, re-simulated (identical: runs are independent)."""
    n = min(n, spec.n_runs)
    job = next(jobs(spec.model_copy(update={"chunk_size": n}), unit, [0]))
    result = run_batch(scenario, scenario_parameters(scenario, job.values, n), variables=None,
                       engine=engine)
    tr = result.trajectory
    runs, times = np.meshgrid(np.arange(n), tr.times, indexing="ij")
    columns = {"run": runs.ravel(), "time": times.ravel()}
    columns.update({name: tr[name].T.ravel() for name in tr.names})
    target = out / SUBSET
    _atomic(target, lambda p: pq.write_table(pa.table(columns), p))
    return target


def read_manifest(out: str | Path) -> dict:
    """The manifest of a sweep directory."""
    path = Path(out) / MANIFEST
    if not path.exists():
        raise SweepError(f"{out}: not a sweep directory (no {MANIFEST})")
    return _read_json(path)


def read_series(out: str | Path, manifest: dict) -> dict[str, np.ndarray]:
    """The weekly series of every run (runs × weeks per variable), from the chunk files."""
    out = Path(out)
    names = manifest["series"]["variables"]
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for index in range(manifest["n_chunks"]):
        path = series_path(out, index)
        if not path.exists():
            return {}
        with np.load(path) as data:
            for name in names:
                parts[name].append(data[name])
    return {name: np.concatenate(chunks) for name, chunks in parts.items() if chunks}
