"""The command line: each module in COMMAND_MODULES registers its subcommands.

The CLI only parses, calls and reports; numerics live in the package's other modules.
A :class:`~cyclesim.scenario.files.ScenarioError` (or any ``UserError``) becomes a one-paragraph
message on stderr and exit status 2, never a traceback. The top layer: it may import
any part of cyclesim, and nothing of cyclesim imports it.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cyclesim.engine import EngineUnavailable
from cyclesim.scenario.files import ScenarioError

COMMAND_MODULES = (
    "cyclesim.cli.scenario_commands",
    "cyclesim.cli.report_commands",
    "cyclesim.cli.sweep_commands",
    "cyclesim.cli.serve_commands",
    "cyclesim.cli.structure_commands",
    "cyclesim.cli.play_commands",
    "cyclesim.cli.policy_commands",
    "cyclesim.cli.calibrate_commands",
)


class UserError(Exception):
    """Bad input from the user: reported as a message, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cyclesim",
        description="Simulate the 1-on-1 support cycle: scenarios, outcomes, sweeps.")
    from cyclesim.version import __version__

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
