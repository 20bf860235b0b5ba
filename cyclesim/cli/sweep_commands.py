"""``cyclesim sweep | sensitivity``: parameter sweeps and their sensitivity analysis."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cyclesim.engine import ENGINES, first_use_note, get_engine
from cyclesim.engine import available as compiled_available
from cyclesim.model.graph import structure
from . import UserError


def cmd_sweep(args: argparse.Namespace) -> int:
    from cyclesim.analysis.sweep import SweepError, SweepOptions, run_sweep
    from cyclesim.analysis.sweep_spec import load_sweep_spec

    spec, scenario = load_sweep_spec(args.spec)
    if args.workers < 1 or args.save_series < 0:
        raise UserError("--workers must be at least 1 and --save-series at least 0")
    options = SweepOptions(resume=args.resume, scheduler=args.scheduler, workers=args.workers,
                           save_series=args.save_series, progress=not args.quiet,
                           engine=args.engine)
    print(f"sweep {args.spec}: {spec.n_runs} runs ({spec.method}, seed {spec.seed}) of "
          f"scenario {scenario.name!r} in chunks of {spec.chunk_size} -> {args.out}")
    if args.engine == "auto" and not compiled_available():
        note = ("note: Numba is not installed, so the NumPy engine runs; "
                "pip install 'cyclesim[fast]' for the compiled engine")
    else:
        note = first_use_note(get_engine(args.engine, scenario.method).name, structure())
    if note:
        print(note)
    try:
        path = run_sweep(spec, scenario, args.out, options, spec_file=str(args.spec))
    except (SweepError, OSError, RuntimeError) as error:
        raise UserError(str(error)) from None
    print(f"wrote {path}")
    _warn_rest(path)
    return 0


def _warn_rest(path: Path) -> None:
    """Say how many runs of the sweep did not reach their rest state (column rest_failed)."""
    import pyarrow.parquet as pq

    from cyclesim.scenario.runner import REST_TOLERANCE

    failed = pq.read_table(path, columns=["rest_failed"])["rest_failed"].to_numpy()
    if failed.any():
        print(f"warning: {int(failed.sum())} of {failed.size} runs did not reach their rest "
              f"state (rest_residual > {REST_TOLERANCE:g}); they are flagged in the column "
              "rest_failed and are not ordinary outcomes", file=sys.stderr)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from cyclesim.analysis.sweep import SweepError
    from cyclesim.present.sensitivity_plots import analyse_and_draw

    try:
        report = analyse_and_draw(Path(args.dir), Path(args.out) if args.out else None)
    except (SweepError, OSError) as error:
        raise UserError(str(error)) from None
    print(report.text())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help="run a parameter sweep from a spec file, in chunks",
                       description="Simulate every run of a sweep spec (see sweeps/), "
                       "streaming finished chunks to DIR; --resume carries on a killed sweep.")
    p.add_argument("spec", help="sweep spec file (TOML)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--resume", action="store_true", help="carry on a sweep in --out")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS|local",
                   help="run chunks on Dask: 'local' starts a LocalCluster, "
                   "tcp://host:8786 connects to a running scheduler")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (local pool, or LocalCluster size); default 1")
    p.add_argument("--save-series", type=int, default=0, metavar="N",
                   help="also save every variable of the first N runs")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="compiled (Numba, fast; pip install 'cyclesim[fast]'), numpy, or "
                   "auto: compiled when Numba is installed (default)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_sweep)

    p = sub.add_parser("sensitivity", help="Sobol/Morris indices and figures of a sweep",
                       description="Sensitivity indices of a finished sweep (as sampled: "
                       "Sobol, Morris, or RBD-FAST for Latin/grid designs), figures, and "
                       "indices week by week.")
    p.add_argument("dir", help="sweep directory (from cyclesim sweep)")
    p.add_argument("--out", default=None, help="output directory (default DIR/sensitivity)")
    p.set_defaults(handler=cmd_sensitivity)
