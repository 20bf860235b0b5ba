"""Issue 16, case 5: the pool workers of ``sweep --workers 2`` end when the sweep process
is killed with ``kill -9`` (which runs no clean-up), instead of living on under PID 1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sweep_fixtures import write_spec


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_pool_workers_exit_when_the_sweep_is_killed(tmp_path: Path, repo_root: Path) -> None:
    spec = write_spec(tmp_path, samples=400, chunk=4, horizon=600.0)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    sweep = subprocess.Popen([sys.executable, "-m", "cyclesim", "sweep", str(spec), "--out",
                              str(out), "--workers", "2", "--engine", "numpy", "--quiet"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2:
            assert sweep.poll() is None, "the sweep ended before it could be killed"
            workers = _children(sweep.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "no pool workers started"
        sweep.send_signal(signal.SIGKILL)
        sweep.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.2)
        assert not any(map(_alive, workers)), "pool workers outlived the killed sweep"
    finally:
        if sweep.poll() is None:
            sweep.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
