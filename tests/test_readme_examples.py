"""The README's examples still work: its Python blocks run as written, and every
``cyclesim`` command in its shell blocks parses; the quick ones run to exit status 0
(outputs go to a scratch folder, never into the repository)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from cyclesim.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
BLOCKS = re.findall(r"^```(python|bash|sh)\n(.*?)^```", README, flags=re.S | re.M)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
COMMANDS = [line.split("  #")[0].strip() for lang, code in BLOCKS if lang != "python"
            for line in code.splitlines() if line.startswith("cyclesim ")]
# Commands that take minutes, serve forever or need a finished sweep or posterior: checked
# for their flags only (discover, optimise and calibrate run in their own tests).
HEAVY = ("cyclesim sweep", "cyclesim sensitivity", "cyclesim serve", "cyclesim report",
         "cyclesim discover", "cyclesim optimise", "cyclesim calibrate")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch) -> Path:
    """A working folder with the repository's scenarios and sweeps beside it."""
    for name in ("scenarios", "sweeps"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_examples():
    assert len(PYTHON) >= 2 and len(COMMANDS) >= 10


@pytest.mark.parametrize("code", PYTHON, ids=lambda c: c.splitlines()[0][:40])
def test_python_examples_run(code, scratch):
    first_import = re.search(r"^from (\w+)", code, flags=re.M)
    if first_import and first_import.group(1) != "cyclesim":
        pytest.importorskip(first_import.group(1))
    if "perform_experiments(model, 100)" in code:
        code = code.replace("perform_experiments(model, 100)", "perform_experiments(model, 4)")
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


@pytest.mark.parametrize("command", COMMANDS)
def test_shell_commands_parse(command):
    build_parser().parse_args(shlex.split(command)[1:])


# (forecasts with --posterior need a calibration's output first: parsed only)
@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.startswith(HEAVY)
                                     and "--posterior" not in c])
def test_quick_shell_commands_run(command, scratch):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(shlex.split(command)[1:])
    assert status == 0, err.getvalue()


def test_readme_parameter_table_is_the_parameter_table():
    """The README's parameter table is `cyclesim params --markdown` as it stands (the
    table in cyclesim/model/params.py is the one source; regenerate the README's copy
    with that command when a parameter changes)."""
    from cyclesim.cli.scenario_commands import parameter_markdown

    assert parameter_markdown() in README
