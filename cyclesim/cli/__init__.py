"""The command line: each module in COMMAND_MODULES registers its subcommands.

The CLI only parses, calls and reports; numerics live in the package's other modules.
A :class:`~cyclesim.scenario.ScenarioError` (or any ``UserError``) becomes a one-paragraph
message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ..compiled import EngineUnavailable
from ..scenario import ScenarioError

COMMAND_MODULES = (
    "cyclesim.cli.scenario_commands",
    "cyclesim.cli.report_commands",
    "cyclesim.cli.sweep_commands",
    "cyclesim.cli.serve_commands",
    "cyclesim.cli.structure_commands",
)


class UserError(Exception):
    """Bad input from the user: reported as a message, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cyclesim",
        description="Simulate the 1-on-1 support cycle: scenarios, outcomes, sweeps.")
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"cyclesim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (ScenarioError, UserError, EngineUnavailable) as error:
        print(f"cyclesim: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cyclesim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
