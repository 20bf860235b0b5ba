"""Issue 16, case 7 and 9: every command, given bad input, answers with a message and exit
status 2 — never a traceback — and messages do not repeat huge keys or numbers whole."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from cyclesim.cli import main

BIG = "9" * 4000
CORPUS = {
    "nested-arrays.toml": "x = " + "[" * 500 + "]" * 500 + "\n",
    "nested-tables.toml": "x = " + "{a = " * 500 + "1" + "}" * 500 + "\n",
    "huge-integer.toml": "start_week = " + "9" * 5000 + "\n",
    "long-integer.toml": f"start_week = {BIG}\n",
    "long-integer-parameter.toml": f"[parameters]\nhiring_time = {BIG}\n",
    "huge-key.toml": "k" * 1_000_000 + " = 1\n",
    "huge-parameter-key.toml": "[parameters]\n" + "h" * 100_000 + " = 1\n",
    "tiny-dt.toml": "dt = 5e-324\n",
    "tiny-save.toml": "save_every = 5e-324\n",
    "micro-dt.toml": "dt = 1e-6\nhorizon_weeks = 1040\n",
    "binary.toml": b"\x89PNG\r\n\x1a\n\x00\xff\xfe",
    "many-stages.toml": "[[escalation]]\nswitch_to = { staff_per_client = 2 }\n" * 100,
    "short-horizon.toml": "dt = 0.5\nhorizon_weeks = 0.1\nstart_week = 0\n",
    "nan.toml": "start_week = nan\n",
    "not-a-table.toml": "intervention = [1, 2]\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, content in CORPUS.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def _commands(bad: Path, out: Path) -> list[list[str]]:
    spec = bad.with_suffix(".spec.toml")
    spec.write_text(f'scenario = "{bad.name}"\nsamples = 2\n[parameters.hiring_time]\n')
    return [
        ["validate", str(bad)], ["run", str(bad)], ["compare", str(bad)],
        ["report", str(bad), "--out", str(out / "report")],
        ["dominance", str(bad), "--out", str(out / "dominance")],
        ["loops", "--scenario", str(bad)], ["export", str(out / "m.xmile"), "--scenario", str(bad)],
        ["sweep", str(bad), "--out", str(out / "sweep-a"), "--quiet"],
        ["sweep", str(spec), "--out", str(out / "sweep-b"), "--quiet"],
        ["sensitivity", str(bad)],
    ]


def _call(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse
            code = stop.code
        except BaseException:  # noqa: BLE001 - what a user would see as a traceback
            return 1, "Traceback\n" + traceback.format_exc()
    return code, err.getvalue()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_command_gives_a_message_not_a_traceback(corpus, tmp_path, name) -> None:
    bad = corpus / name
    for argv in _commands(bad, tmp_path):
        code, err = _call(argv)
        assert "Traceback" not in err, f"{argv[0]}: {err[-2000:]}"
        assert code == 2, f"{argv[0]} exit {code}: {err[:500]}"
        assert len(err) < 4000, f"{argv[0]}: a {len(err)}-character message"
        assert err.startswith("cyclesim: ") and name in err, f"{argv[0]}: {err[:500]}"


def test_the_installed_command_prints_no_traceback(corpus) -> None:
    """The real entry point, in a child process: the worst file of the corpus."""
    done = subprocess.run([sys.executable, "-m", "cyclesim", "validate",
                           str(corpus / "nested-arrays.toml"), str(corpus / "huge-integer.toml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "nested too deeply" in done.stderr


def test_an_unreachable_scheduler_is_a_message(tmp_path) -> None:
    from sweep_fixtures import write_spec

    spec = write_spec(tmp_path, samples=2, chunk=2, horizon=20.0)
    code, err = _call(["sweep", str(spec), "--out", str(tmp_path / "out"), "--quiet",
                       "--scheduler", "not-an-address"])
    assert code == 2 and "Traceback" not in err and "not-an-address" in err


def test_first_run_says_it_compiles(scenarios_dir, monkeypatch, capsys) -> None:
    """Issue 16 case 9: a first ``cyclesim run`` compiles for about a minute: it says so on
    stderr (stdout stays clean JSON)."""
    import json

    from cyclesim.engine import available, compiled

    if not available():
        pytest.skip("Numba is not installed")
    monkeypatch.setattr(compiled, "is_compiled", lambda model: False)
    assert main(["run", str(scenarios_dir / "baseline.toml"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "compiling the model with Numba" in err and json.loads(out)
