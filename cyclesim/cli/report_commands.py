"""``cyclesim report``: one self-contained HTML page for a policy meeting."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cyclesim.analysis.compare import load_all
from cyclesim.analysis.discover import DiscoveryError
from cyclesim.analysis.verdicts import DEFAULT_SEED
from cyclesim.present.report import write_report
from cyclesim.present.report_text import LANGUAGES
from cyclesim.scenario.files import scenario_files
from . import UserError


def cmd_report(args: argparse.Namespace) -> int:
    files = scenario_files(args.paths)
    missing = [str(p) for p in files if not p.is_file()]
    if missing or not files:
        raise UserError("no scenario files found" if not files
                        else "no such scenario file: " + ", ".join(missing))
    if args.samples < 2:
        raise UserError(f"--samples must be at least 2 (got {args.samples})")
    for folder in args.discover:
        if not (Path(folder) / "manifest.json").is_file():
            raise UserError(f"--discover {folder}: not a sweep directory (no manifest.json); "
                            "run cyclesim sweep SPEC --out DIR first")
    load_all(files)  # every file checked before anything is said or run
    print(f"report: {len(files)} scenario(s); robustness over {args.samples} plausible draws "
          f"(seed {args.seed}) per scenario" + (f"; discovery over {len(args.discover)} "
          "sweep(s)" if args.discover else ""), file=sys.stderr)
    try:
        path = write_report(files, args.out, args.lang, args.samples, args.seed, args.discover)
    except DiscoveryError as error:
        raise UserError(f"--discover: {error}") from None
    print(f"wrote {path}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML report for policy staff")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for report_<lang>.html")
    p.add_argument("--lang", choices=LANGUAGES, default="nl", help="language (default nl)")
    p.add_argument("--samples", type=int, default=32,
                   help="Latin-hypercube draws: of the plausible space for every scenario's "
                   "robustness and verdict, and of each seed intervention's effect sizes "
                   "(default 32)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"seed of the plausible-space draws (default {DEFAULT_SEED})")
    p.add_argument("--discover", action="append", default=[], metavar="SWEEP_DIR",
                   help="a finished sweep whose scenario discovery (PRIM, CART) the report "
                   "shows; may be repeated (see sweeps/discover_*.toml)")
    p.set_defaults(handler=cmd_report)
