"""Shared test set-up: hypothesis profiles, the shipped scenarios and their runs, the CLI.

Hypothesis profiles: ``ci`` (the default: few examples, no deadline, no shrinking, so the
whole suite stays within about a minute and a half on two cores) and ``dev`` (more
examples, with shrinking). Choose with ``--hypothesis-profile=dev`` or the environment
variable ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci", max_examples=10, deadline=None, database=None, print_blob=False,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large))
settings.register_profile(
    "dev", max_examples=50, deadline=None, print_blob=True,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


@pytest.fixture(scope="session", autouse=True)
def compiled_kernels() -> None:
    """Compile the Numba kernels (or load them from their cache) before any test, so the
    first test that runs the model, perhaps behind a web server with a timeout, does not
    pay the one-off compilation (about a minute on a clean machine). Under pytest-xdist
    the first two workers compile one part each (:data:`cyclesim.engine.warm.PARTS`) and
    wait for the other's, instead of both compiling everything."""
    from cyclesim.engine import compiled

    if not compiled.available():
        return
    from cyclesim.engine import warm
    from cyclesim.model.graph import structure
    from cyclesim.scenario.runner import run

    model = structure()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if (worker in ("gw0", "gw1") and int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1
            and not compiled.is_compiled(model)):
        warm.warm(model, (), (warm.PARTS[int(worker[2:])],))
        deadline = time.monotonic() + 900.0  # the other worker's part; past this, compile
        while not compiled.is_compiled(model) and time.monotonic() < deadline:
            time.sleep(0.5)
    run(SCENARIOS / "escalation.toml", engine="compiled")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root directory."""
    return REPO


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    """The directory of the shipped scenario files."""
    return SCENARIOS


@pytest.fixture(scope="session")
def shipped_scenario_paths() -> list[Path]:
    """Every shipped scenario file, sorted."""
    return sorted(SCENARIOS.glob("*.toml"))


@pytest.fixture(scope="session")
def scenario_result():
    """``scenario_result(name)``: the run of ``scenarios/<name>.toml`` at its defaults,
    computed once per session (every variable saved)."""
    from cyclesim.scenario.runner import run

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = run(SCENARIOS / f"{name}.toml")
        return cache[name]

    return get


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli(*args, cwd=None)``: ``python -m cyclesim ARGS`` in a subprocess
    (headless matplotlib), returning the completed process with text output."""

    def call(*args: str, cwd: Path | None = None, timeout: float = 300.0):
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run([sys.executable, "-m", "cyclesim", *map(str, args)],
                              cwd=cwd or REPO, env=env, capture_output=True, text=True,
                              timeout=timeout)

    return call


@pytest.fixture(scope="session")
def cli():
    """``cli(*args)``: ``cyclesim ARGS`` in this process, returning (exit status, stdout,
    stderr). An exception escaping the command line fails the test with its traceback,
    as the real command would print one."""
    from cyclesim.cli import main

    def call(*args) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main([str(a) for a in args])
            except SystemExit as exit_:
                status = exit_.code
        return status, out.getvalue(), err.getvalue()

    return call


@pytest.fixture(scope="module")
def server():
    """A page server on a free loopback port, stopped after the module's tests."""
    from cyclesim.web.server import make_server, serve_in_thread

    srv = make_server("127.0.0.1", 0, REPO / "scenarios")
    serve_in_thread(srv)
    yield srv
    srv.shutdown()
    srv.server_close()
