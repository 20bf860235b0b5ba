"""Speed and memory of the batched engine, against PySD on the same model (a benchmark,
not a test). Run from the repository root::

    python benchmarks/bench_engine.py                  # engine 1 / 1 000 / 100 000 runs, PySD
    python benchmarks/bench_engine.py --pysd-runs 300  # more PySD runs
    python benchmarks/bench_engine.py --stream 1000000 # also: a 1M-run sweep streamed to disk
    python benchmarks/bench_engine.py --engines numpy  # only the NumPy engine
    python benchmarks/bench_engine.py --chunk 10000    # batches and sweep chunks of 10 000
    python benchmarks/bench_engine.py --rounds 10      # also 10 paired rounds, ratio per round

Runs are a Latin hypercube over ten parameters of structural 1-on-1 (156 weeks, DT 0.25,
Euler), as a sweep simulates them, in batches of a sweep's default chunk size (the
sweep's chunks too): every run solves its own rest state, integrates and is
judged (return to start). Both engines are timed: ``compiled`` (Numba, when installed; its
first call compiles the kernels or loads them from the cache, timed apart as warm-up) and
``numpy``. PySD runs the XMILE export of the same scenario (``cyclesim.structure.xmile``), one
``model.run(params=…)`` per parameter set.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from cyclesim.version import __version__
from cyclesim.engine import available
from cyclesim.engine.vectors import vector_bits
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.analysis.sampling import design
from cyclesim.scenario.files import load_scenario
from cyclesim.analysis.sweep import SweepOptions, run_sweep
from cyclesim.analysis.sweep_spec import SweepSpec, parse_sweep_spec

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "scenarios" / "one_on_one.toml"
VARIED = ("dependency_build_time", "dependency_release_time", "stigma_time", "climate_time",
          "strain_time", "guard_strain_weight", "hiring_time", "temp_familiarity",
          "proximity_time", "dependency_demand_sensitivity")
CHUNK = SweepSpec.model_fields["chunk_size"].default  # runs per batch: a sweep's default


def sample(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """A Latin hypercube of ``n`` runs over the plausible ranges of VARIED."""
    spec = parse_sweep_spec({"scenario": str(SCENARIO), "samples": n, "seed": seed,
                             "parameters": {name: {} for name in VARIED}})
    return design(spec)[1]


def _batches(n: int, engine: str) -> None:
    scenario = load_scenario(SCENARIO)
    values = sample(n)
    for lo in range(0, n, CHUNK):
        chunk = {k: v[lo:lo + CHUNK] for k, v in values.items()}
        run_batch(scenario, scenario_parameters(scenario, chunk, len(chunk[VARIED[0]])),
                  variables=(), engine=engine, table_only=True)  # judged, as a sweep


def warm_up(engine: str) -> float:
    """Seconds of the first one-run batch: compiles the kernels, or loads them from the
    cache (compiled engine), and imports what the run needs."""
    start = time.perf_counter()
    _batches(1, engine)
    return time.perf_counter() - start


def engine_rate(n: int, engine: str) -> tuple[float, float]:
    """Runs per second by the wall clock and by this process's CPU time, for ``n`` runs
    in one process (the CPU figure is what an unshared core would give)."""
    wall, cpu = time.perf_counter(), time.process_time()
    _batches(n, engine)
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def peak_memory(n: int, engine: str) -> float:
    """Peak memory [MiB] traced while simulating ``n`` runs (tracemalloc: NumPy included)."""
    tracemalloc.start()
    _batches(n, engine)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def sweep(n: int, workers: int, engine: str, series: bool = False) -> tuple[float, float]:
    """Seconds and peak RSS [MiB] (this process and the largest worker) of an ``n``-run
    Latin sweep streamed to a temporary directory with ``workers`` processes."""
    spec_data = {"scenario": str(SCENARIO), "samples": n, "seed": 2, "chunk_size": CHUNK,
                 "series": None if series else [],
                 "parameters": {name: {} for name in VARIED}}
    spec = parse_sweep_spec(spec_data)
    scenario = load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_sweep(spec, scenario, Path(folder) / "out",
                  SweepOptions(workers=workers, progress=False, engine=engine))
        elapsed = time.perf_counter() - start
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, rss


def pysd_model(folder: str):
    """The PySD model of the XMILE export of SCENARIO (written into ``folder``), or None
    when PySD or the export is absent."""
    try:
        import pysd

        from cyclesim.structure.xmile import export_xmile
    except ImportError as error:
        print(f"PySD comparison skipped: {error}")
        return None
    path = Path(folder) / "one_on_one.xmile"
    export_xmile(load_scenario(SCENARIO), path)
    return pysd.read_xmile(str(path))


def pysd_seconds(model, values: dict[str, np.ndarray], lo: int, hi: int) -> float:
    """Seconds PySD takes for runs ``lo:hi`` of ``values``, one ``model.run`` each."""
    start = time.perf_counter()
    for i in range(lo, hi):
        model.run(params={k: float(v[i]) for k, v in values.items()},
                  return_columns=["incident_rate"])
    return time.perf_counter() - start


def pysd_rate(n: int) -> float | None:
    """PySD runs per second on the XMILE export, or None when PySD or the export is absent."""
    with tempfile.TemporaryDirectory() as folder:
        model = pysd_model(folder)
        if model is None:
            return None
        return n / pysd_seconds(model, sample(n, seed=3), 0, n)


def paired_rounds(rounds: int, pysd_runs: int, one: int, big: int, workers: int) -> None:
    """``rounds`` rounds of the three measurements side by side, so each ratio compares
    figures taken within the same few seconds of a host whose speed drifts: half of
    ``pysd_runs`` PySD runs, ``one`` runs in this process (compiled engine), a
    ``big``-run sweep on ``workers`` processes, the other half of the PySD runs. Prints
    each round's ratios, their median and range, and in how many rounds each of the
    targets (5 000x in one process, 10 000x for the sweep) holds."""
    with tempfile.TemporaryDirectory() as folder:
        model = pysd_model(folder)
        if model is None:
            return
        values = sample(rounds * pysd_runs, seed=3)
        one_x, sweep_x = [], []
        for k in range(rounds):
            lo, mid, hi = k * pysd_runs, k * pysd_runs + pysd_runs // 2, (k + 1) * pysd_runs
            seconds = pysd_seconds(model, values, lo, mid)
            rate = engine_rate(one, "compiled")[0]
            sweep_rate = big / sweep(big, workers, "compiled")[0]
            seconds += pysd_seconds(model, values, mid, hi)
            pysd = pysd_runs / seconds
            one_x.append(rate / pysd)
            sweep_x.append(sweep_rate / pysd)
            print(f"  round {k + 1}: PySD {pysd:.2f} runs/s, 1 process {rate:.0f} runs/s "
                  f"({one_x[-1]:.0f}x), sweep {sweep_rate:.0f} runs/s ({sweep_x[-1]:.0f}x)")
    for label, ratios, target in (("1 process", one_x, 5000), ("sweep", sweep_x, 10000)):
        print(f"  {label}: median {np.median(ratios):.0f}x, range {min(ratios):.0f}-"
              f"{max(ratios):.0f}x, at least {target}x in {sum(r >= target for r in ratios)} "
              f"of {rounds} rounds")


def report_ceiling(rate: float, sweep_rate: float, workers: int) -> None:
    """Flops per run of the compiled kernels and the fraction of the machine's peak that
    the measured rates reach (:mod:`ceiling`)."""
    from ceiling import ceiling, cpu_peak

    from cyclesim.model.graph import structure
    from cyclesim.model.params import compact, pre_intervention
    from cyclesim.outcome import JUDGED_VARIABLES
    from cyclesim.scenario.stageless import lean

    scenario = load_scenario(SCENARIO)
    n = 64
    base = compact(pre_intervention(scenario_parameters(scenario, sample(n), n)))
    # the block kernel the benchmark's batches run on: the judged series without the
    # stage, the trigger held (one_on_one: one plan level, no stage limit above 0.5)
    count = ceiling(structure(), base, int(round(scenario.horizon_weeks / scenario.dt)),
                    lean(JUDGED_VARIABLES, ()), n, fixed=True)
    cores, ghz, peaks = cpu_peak()
    print(f"ceiling: {count.step_flops} flops per step x {count.steps + 1} steps + rest solve "
          f"{count.rest_evaluations:.0f} evaluations x {count.eval_flops} flops + "
          f"{count.rest_linear_flops:.0f} (relaxation, LU) = {count.per_run / 1e3:.0f} kflop "
          f"per run")
    for name, peak in peaks.items():
        one = rate * count.per_run / 1e9
        both = sweep_rate * count.per_run / 1e9
        print(f"  peak {name}: {cores} cores x {ghz:.2f} GHz x {peak / cores / ghz:.0f} "
              f"flops/cycle = {peak:.0f} Gflop/s; 1 process {one:.2f} Gflop/s = "
              f"{100 * one / (peak / cores):.1f}% of one core, {workers}-process sweep "
              f"{both:.2f} Gflop/s = {100 * both / peak:.1f}% of the machine")


def main(argv: list[str] | None = None) -> int:
    global CHUNK  # the functions above batch by it
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pysd-runs", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", nargs="+", choices=("compiled", "numpy"),
                        default=["compiled", "numpy"] if available() else ["numpy"])
    parser.add_argument("--chunk", type=int, default=CHUNK,
                        help=f"runs per batch and per sweep chunk (default {CHUNK}, a sweep "
                             "spec's default chunk_size)")
    parser.add_argument("--rounds", type=int, default=0, metavar="R",
                        help="also R rounds of PySD, one process and sweep side by side, "
                             "ratios per round (compiled engine)")
    parser.add_argument("--round-pysd", type=int, default=40, metavar="N",
                        help="PySD runs per round (default 40)")
    parser.add_argument("--round-runs", type=int, default=20_000, metavar="N",
                        help="one-process runs per round (default 20 000)")
    parser.add_argument("--stream", type=int, default=0, metavar="N",
                        help="also stream an N-run sweep to disk (e.g. 1000000)")
    args = parser.parse_args(argv)
    CHUNK = args.chunk
    print(f"cyclesim {__version__} engine: 156 weeks, DT 0.25, Euler; Latin sample over "
          f"{len(VARIED)} parameters; chunks of {CHUNK}")
    if "compiled" in args.engines:
        print(f"compiled kernels built for {vector_bits()}-bit vectors")
    big = max(args.sizes)
    rates: dict[str, float] = {}
    sweeps: dict[str, float] = {}
    for engine in args.engines:
        print(f"{engine} engine: warm-up {warm_up(engine):.1f} s")
        for n in args.sizes:
            rate, cpu = engine_rate(n, engine)
            peak = peak_memory(min(n, CHUNK), engine)
            print(f"  {engine}, 1 process, {n:>7} runs: {rate:>9.1f} runs/s wall, {cpu:>7.1f} "
                  f"runs/s CPU (peak memory {peak:6.1f} MiB{' per chunk' if n > CHUNK else ''})")
        rates[engine] = rate
        seconds, rss = sweep(big, args.workers, engine)
        sweeps[engine] = big / seconds
        print(f"  {engine}, sweep, {args.workers} processes, {big:>7} runs: {seconds:6.1f} s = "
              f"{big / seconds:.0f} runs/s to disk (peak RSS {rss:.0f} MiB)")
    pysd = pysd_rate(args.pysd_runs) if args.pysd_runs else None
    if pysd:
        print(f"PySD {args.pysd_runs} runs (1 process): {pysd:.1f} runs/s wall")
        for engine in args.engines:
            print(f"  ratio {engine} engine / PySD: {rates[engine] / pysd:.0f}x (1 process, "
                  f"{big} runs), {sweeps[engine] / pysd:.0f}x ({args.workers}-process sweep)")
    if "compiled" in rates:
        report_ceiling(rates["compiled"], sweeps["compiled"], args.workers)
    if args.rounds and "compiled" in args.engines:
        print(f"{args.rounds} rounds side by side (PySD {args.round_pysd} runs around "
              f"{args.round_runs} runs in 1 process and a {big}-run sweep):")
        paired_rounds(args.rounds, args.round_pysd, args.round_runs, big, args.workers)
    if args.stream:
        seconds, rss = sweep(args.stream, args.workers, args.engines[0])
        print(f"streamed sweep ({args.engines[0]}), {args.stream} runs, {args.workers} processes: "
              f"{seconds:.0f} s, peak RSS {rss:.0f} MiB ({'under' if rss < 1024 else 'OVER'} 1 GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
