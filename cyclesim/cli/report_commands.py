"""``cyclesim report``: one self-contained HTML page for a policy meeting."""

from __future__ import annotations

import argparse

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
    path = write_report(files, args.out, args.lang, args.samples)
    print(f"wrote {path}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML report for policy staff")
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for report_<lang>.html")
    p.add_argument("--lang", choices=LANGUAGES, default="nl", help="language (default nl)")
    p.add_argument("--samples", type=int, default=32,
                   help="Latin-hypercube samples per intervention (default 32)")
    p.set_defaults(handler=cmd_report)
