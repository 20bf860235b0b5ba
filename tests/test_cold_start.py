"""No cold wait: on a machine whose kernel cache is empty, a small run answers at once
with the NumPy engine while the kernels compile in a detached process; stale kernels of
other listing versions are pruned."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import cyclesim.engine as engines
from cyclesim.engine import compiled
from cyclesim.model.graph import structure

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch) -> list:
    """An empty kernel folder; detached processes are recorded instead of started."""
    monkeypatch.setenv("CYCLESIM_KERNEL_DIR", str(tmp_path))
    started: list = []
    monkeypatch.setattr(compiled.subprocess, "Popen", lambda args, **kw: started.append(args))
    return started


def test_small_runs_use_numpy_and_compile_in_the_background(empty_cache, scenarios_dir):
    from cyclesim import run

    result = run(scenarios_dir / "one_on_one.toml")
    assert result.engine == "numpy"
    assert empty_cache and empty_cache[0][1:] == ["-m", "cyclesim.engine.warm"]
    assert (compiled.kernel_dir() / compiled.COMPILE_LOCK).exists()
    run(scenarios_dir / "one_on_one.toml")  # the compile is under way: not started twice
    assert len(empty_cache) == 1


def test_large_batches_and_explicit_choices_wait_for_the_compile(empty_cache):
    assert engines.get_engine("auto").name == "compiled"
    assert engines.get_engine("auto", runs=engines.SMALL_BATCH).name == "compiled"
    assert engines.get_engine("compiled", runs=1).name == "compiled"
    assert not empty_cache


def test_a_dead_compile_is_restarted(empty_cache):
    lock = compiled.kernel_dir() / compiled.COMPILE_LOCK
    lock.write_text("1")
    old = time.time() - (compiled.LOCK_MINUTES + 1) * 60
    os.utime(lock, (old, old))
    assert engines.get_engine("auto", runs=1).name == "numpy"
    assert len(empty_cache) == 1


def _kernel_files(folder: Path, stem: str, age_days: float) -> list[Path]:
    (folder / "__pycache__").mkdir(parents=True, exist_ok=True)
    files = [folder / f"{stem}.py", folder / f"{stem}.used",
             folder / "__pycache__" / f"{stem}.trajectory-1.py311.nbi"]
    when = time.time() - age_days * 86400
    for f in files:
        f.write_text("x")
        os.utime(f, (when, when))
    return files


def test_stale_kernels_are_pruned_recent_ones_kept(tmp_path):
    keep = _kernel_files(tmp_path, "kernel_current", 100)
    stale = _kernel_files(tmp_path, "kernel_aaaa", compiled.STALE_DAYS + 1)
    recent = _kernel_files(tmp_path, "kernel_bbbb", compiled.STALE_DAYS - 1)
    removed = compiled.prune_stale(keep[0])
    assert sorted(removed) == sorted(stale)
    assert all(f.exists() for f in keep + recent)


def test_warm_compiles_and_clears_its_lock(monkeypatch):
    """On this machine's (already compiled) cache: the warm-up runs every kernel and
    removes the lock it was started with."""
    from cyclesim.engine import warm

    path, _ = compiled.kernel_path(structure())
    lock = path.parent / compiled.COMPILE_LOCK
    lock.write_text("test")
    warm.main()
    assert not lock.exists()
    assert compiled.is_compiled(structure())


def _recorded_kernel_calls(monkeypatch, model) -> list[str]:
    """The names of the kernel module's Numba functions as they are called from now on."""
    module = compiled.kernels(model)
    calls: list[str] = []

    def recorded(name: str, func):
        def call(*args):
            calls.append(name)
            return func(*args)
        return call

    for name in dir(module):
        func = getattr(module, name)
        if hasattr(func, "py_func") and hasattr(func, "signatures"):  # a Numba dispatcher
            monkeypatch.setattr(module, name, recorded(name, func))
    return calls


def test_the_kernels_checked_are_the_ones_warm_compiles_and_batches_judge_with(
        monkeypatch, scenarios_dir):
    """``is_compiled`` looks for machine code of ``MAIN_KERNELS``: the warm-up must call
    (so compile) every one of them, and the judgement loop a batch calls must be among
    them, or a machine whose warm-up finished would never count as compiled."""
    from cyclesim.engine import warm
    from cyclesim.scenario.files import load_scenario
    from cyclesim.scenario.runner import run_batch, scenario_parameters

    model = structure()
    calls = _recorded_kernel_calls(monkeypatch, model)
    warm.warm(model)
    by_warm = set(calls)
    calls.clear()
    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    for table_only in (False, True):
        run_batch(scenario, scenario_parameters(scenario, {}, 3), variables=(),
                  engine="compiled", table_only=table_only)
    judged_with = {name for name in calls if name.startswith("judge")}
    assert set(compiled.MAIN_KERNELS) <= by_warm
    assert judged_with and judged_with <= set(compiled.MAIN_KERNELS)


def test_a_small_stageless_batch_names_the_kernel_it_runs_on(monkeypatch, scenarios_dir):
    """A small table-only batch where no stage can switch asks the engine chooser for
    the block kernel without the stage stock's series, the one it then simulates with,
    so a background compile prepares the kernel the batch needs."""
    from cyclesim.scenario.files import load_scenario
    from cyclesim.scenario.runner import run_batch, scenario_parameters

    asked: list[tuple] = []
    simulated: list[tuple] = []
    chooser = engines.get_engine

    def spy(choice="auto", method="euler", runs=None, saves=()):
        asked.append(tuple(saves))
        return chooser(choice, method, runs, saves)

    simulate = engines.CompiledEngine.simulate

    def recorded(self, params, initial, plan, settings, model):
        simulated.append(settings.names(model))
        return simulate(self, params, initial, plan, settings, model)

    import cyclesim.scenario.runner as runner
    monkeypatch.setattr(runner, "get_engine", spy)
    monkeypatch.setattr(engines.CompiledEngine, "simulate", recorded)
    scenario = load_scenario(scenarios_dir / "one_on_one.toml")
    run_batch(scenario, scenario_parameters(scenario, {}, 3), variables=(), engine="compiled",
              table_only=True)
    assert asked == simulated and "escalation_stage" not in asked[0]
    assert compiled.uses_block(asked[0])


def test_the_two_warm_parts_call_disjoint_kernels_that_cover_the_main_ones(monkeypatch):
    """The rest solve and the run part are compiled side by side by two processes: they
    must not both compile one kernel, and together they must compile every main one."""
    from cyclesim.engine import warm

    model = structure()
    calls = _recorded_kernel_calls(monkeypatch, model)
    by_part = {}
    for part in warm.PARTS:
        calls.clear()
        warm.warm(model, (), (part,))
        by_part[part] = set(calls)
    rest, run = by_part["rest"], by_part["run"]
    assert "solve_rest_block" in rest and {"trajectory", "judge_lanes"} <= run
    assert not rest & run
    assert set(compiled.MAIN_KERNELS) <= rest | run


@pytest.mark.parametrize("cores", [1, 2])
def test_the_warm_up_compiles_the_rest_solve_in_a_second_process(monkeypatch, cores):
    """With a second core the rest solve goes to ``python -m cyclesim.engine.warm --part
    rest``, waited for, and the rest part is then run here (loading what it compiled);
    with one core everything is compiled here, one part after the other."""
    from cyclesim.engine import warm

    started, parts = [], []
    monkeypatch.setattr(warm.os, "cpu_count", lambda: cores)

    class Helper:
        def __init__(self, args, **kw):
            started.append(args)

        def wait(self):
            parts.append("waited")

    monkeypatch.setattr(warm.subprocess, "Popen", Helper)
    monkeypatch.setattr(warm, "warm", lambda model, saves=(), parts_=warm.PARTS:
                        parts.append(parts_))
    warm.warm_side_by_side(structure())
    if cores == 1:
        assert not started and parts == [warm.PARTS]
    else:
        assert started[0][1:] == ["-m", "cyclesim.engine.warm", "--part", "rest"]
        assert parts == [("run",), "waited", ("rest",)]


def test_the_second_process_compiles_its_part_and_leaves_the_lock(monkeypatch):
    from cyclesim.engine import warm

    path, _ = compiled.kernel_path(structure())
    lock = path.parent / compiled.COMPILE_LOCK
    lock.write_text("test")
    done = []
    monkeypatch.setattr(warm, "warm", lambda model, saves=(), parts=warm.PARTS:
                        done.append(parts))
    try:
        warm.main(["--part", "rest"])
        assert done == [("rest",)] and lock.exists()
    finally:
        lock.unlink(missing_ok=True)


def test_a_kernel_source_is_written_once_when_processes_race(tmp_path):
    """Two processes writing the same kernel source: the second leaves the first's file
    as it is (the same file, the same time), since Numba would take a new time for a new
    source and compile again; a damaged file under the name is replaced; no temporary
    file is left."""
    path = tmp_path / "kernel_abcd.py"
    compiled._write_once(path, "x = 1\n")
    first = path.stat()
    time.sleep(0.01)
    compiled._write_once(path, "x = 1\n")  # as the slower of two racing processes
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    path.write_text("x =")
    compiled._write_once(path, "x = 1\n")
    assert path.read_text() == "x = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kernel_abcd.py"]
