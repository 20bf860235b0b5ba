"""The compiled engine: the listing's kernels (:mod:`cyclesim.engine.kernel_source`) through Numba.

Same numbers as the NumPy engine, one run at a time in machine code instead of one NumPy
call per operation over all runs: sweeps of 100 000 runs become several times faster.
Numba is an optional dependency (``pip install "cyclesim[fast]"``); without it, or for
RK4, :func:`cyclesim.engine.get_engine` picks the NumPy engine. The generated module is written once per listing version
to a cache folder (``$CYCLESIM_KERNEL_DIR``, else ``~/.cache/cyclesim/kernels``), where
Numba also keeps the machine code, so only the first run on a machine compiles.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np

from cyclesim.engine.block_source import LANES, LEVELS, block_module_source
from cyclesim.engine.held_stage import stages_never_switch
from cyclesim.engine.kernel_source import KERNEL_FORMAT, Layout, kernel_source, layout
from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS,
                                  NEWTON_ITERATIONS, RELAX_DT, RELAX_WEEKS, TOLERANCE, Plan,
                                  RestState, Settings, Trajectory, finish_rest, first_guess,
                                  free_stocks)
from cyclesim.engine.rest_start import rest_start
from cyclesim.engine.vectors import prefer_wide_vectors
from cyclesim.model.graph import Structure
from cyclesim.model.params import POLICY_PARAMETERS, ParameterSet, compact, pre_intervention


@cache
def available() -> bool:
    """Whether Numba can be imported (the compiled engine can run)."""
    return importlib.util.find_spec("numba") is not None


def kernel_dir() -> Path:
    """Where generated kernels and their machine code are kept."""
    if os.environ.get("CYCLESIM_KERNEL_DIR"):
        return Path(os.environ["CYCLESIM_KERNEL_DIR"])
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "cyclesim" / "kernels"


_LOADED: dict[tuple, tuple[Structure, ModuleType]] = {}
BLOCK_SAVES_MAX = 16  # saving at most this many variables: the block kernel (SIMD lanes)
# Series that the report, the tables and the policy comparisons ask for beside the
# judgement's: a request for any of them gets the block kernel that saves them all.
SHARED_EXTRAS = ("team_size", "temp_share", "sickness_absence_percentage", "cumulative_hires",
                 "cumulative_exits", "exclusive_staff_hours_delivered",
                 "exclusive_staff_hours_demanded")


def kernels(model: Structure) -> ModuleType:
    """The compiled kernels of ``model`` (generated, written and imported once)."""
    return _module(model, ())


def block_kernels(model: Structure, saved: tuple[str, ...], fixed: bool = False
                  ) -> ModuleType:
    """The block kernel of ``model`` that saves ``saved`` (and perhaps more: see
    :func:`block_saves`; :mod:`cyclesim.engine.block_source`); ``fixed``: the one for
    batches whose stages cannot switch, with a plan of one level."""
    return _module(model, _block_kind(saved, fixed))


def _block_kind(saved: tuple[str, ...], fixed: bool) -> tuple[str, ...]:
    return ("block_fixed" if fixed else "block",) + block_saves(saved)


def block_saves(names: tuple[str, ...]) -> tuple[str, ...]:
    """The series the block kernel for a request saving ``names`` is compiled to save.
    A request with some of :data:`SHARED_EXTRAS` gets them all (its other names sorted),
    so the report, the tables and the comparisons share one kernel and one compile
    instead of one per combination; any other request, the sweeps' judgement among them,
    saves just its names (fewest stores). Every kernel computes the same values, so which
    one runs changes no number; the choice depends on the names only."""
    if not set(names) & set(SHARED_EXTRAS):
        return names
    wide = tuple(sorted(n for n in set(names) if n not in SHARED_EXTRAS)) + SHARED_EXTRAS
    return wide if len(wide) <= BLOCK_SAVES_MAX else names


def _module(model: Structure, kind: tuple) -> ModuleType:
    key = (id(model), kind)
    if key not in _LOADED:  # holding the model keeps its id unique
        _LOADED[key] = (model, _load(*_source_path(model, kind)))
    return _LOADED[key][1]


def uses_block(names: tuple[str, ...]) -> bool:
    """Whether a simulation saving ``names`` runs on the block kernel: few saved series
    (a sweep's judgement); the choice depends on the names only, never on the batch,
    so a run alone and in a batch get the same numbers. (Which kind of block kernel runs
    does depend on the batch, :func:`block_kernels`; both give the same numbers bit for
    bit, ``tests/test_held_stage.py``.)"""
    return 0 < len(names) <= BLOCK_SAVES_MAX


def kernel_path(model: Structure) -> tuple[Path, str]:
    """Where the generated kernels of ``model`` live, and their source text."""
    return _source_path(model, ())


def block_path(model: Structure, saved: tuple[str, ...], fixed: bool = False
               ) -> tuple[Path, str]:
    """Where the block kernel of ``model`` saving ``saved`` lives, and its source text."""
    return _source_path(model, _block_kind(saved, fixed))


def _source_path(model: Structure, kind: tuple) -> tuple[Path, str]:
    key = (id(model), kind)
    if key not in _SOURCES:
        source = (kernel_source(model) if not kind
                  else block_module_source(model, tuple(kind[1:]), kind[0] == "block_fixed"))
        # the vector features are part of the name: machine code for one width is
        # never taken as compiled for the other (is_compiled looks at the name)
        digest = hashlib.sha256(f"{KERNEL_FORMAT}\n{prefer_wide_vectors()}\n{source}"
                                .encode()).hexdigest()[:16]
        _SOURCES[key] = (model, f"kernel_{digest}.py", source)
    _, name, source = _SOURCES[key]
    return kernel_dir() / name, source


_SOURCES: dict[tuple, tuple[Structure, str, str]] = {}


def _has_machine_code(path: Path, names: tuple[str, ...]) -> bool:
    return all(any((path.parent / "__pycache__").glob(f"{path.stem}.{name}-*.nbi"))
               for name in names)


# the kernel module's entries every batch calls (the judgement: judge_lanes, as batches
# carry stage series or are stageless); their machine code in the cache means no compile
MAIN_KERNELS = ("trajectory", "solve_rest_block", "judge_lanes")


def is_compiled(model: Structure, saves: tuple[str, ...] = ()) -> bool:
    """Whether Numba's cache already holds machine code for the main kernels of ``model``
    and, for ``saves`` that run on the block kernel, for both its kinds (a batch takes
    the ``fixed`` one when its stages cannot switch; if not, their first use compiles
    them: about a minute)."""
    if not _has_machine_code(kernel_path(model)[0], MAIN_KERNELS):
        return False
    return not uses_block(saves) or all(
        _has_machine_code(block_path(model, saves, fixed)[0], ("trajectory_block",))
        for fixed in (False, True))


def first_use_note(engine_name: str, model: Structure) -> str | None:
    """A line telling the user that running on the engine named ``engine_name`` (the
    chosen engine's ``name``) will compile the kernels now, or None."""
    if engine_name != "compiled" or is_compiled(model):
        return None
    return (f"compiling the model with Numba (first use on this machine, about a minute; "
            f"cached in {kernel_dir()})")


STALE_DAYS = 14  # kernels of other listing versions unused this long are pruned
COMPILE_LOCK = "compiling.lock"  # a background compile is under way (or died)
LOCK_MINUTES = 15  # a lock older than this is taken as a compile that died


def _used_mark(path: Path) -> Path:
    """A file whose time says when ``path``'s kernels were last used (touching the
    kernel source itself would make Numba treat its cached machine code as stale)."""
    return path.with_suffix(".used")


def prune_stale(keep: Path, days: float = STALE_DAYS) -> list[Path]:
    """Delete the kernels (source, marks and machine code) of other listing versions
    not used for ``days``; another checkout still using its kernels keeps them."""
    removed = []
    limit = time.time() - days * 86400.0
    for source in keep.parent.glob("kernel_*.py"):
        if source == keep:
            continue
        mark = _used_mark(source)
        last = (mark if mark.exists() else source).stat().st_mtime
        if last >= limit:
            continue
        for stale in [source, mark, *(keep.parent / "__pycache__").glob(f"{source.stem}.*")]:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
                removed.append(stale)
    return removed


WARM_SAVES = "CYCLESIM_WARM_SAVES"  # tells the detached compile which block kernel to build


def compile_in_background(model: Structure, saves: tuple[str, ...] = ()) -> bool:
    """Start compiling the kernels of the installed listing (and the block kernel saving
    ``saves``) in a detached process (the caller goes on with the NumPy engine); False if
    a compile is already under way."""
    path, _ = kernel_path(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.parent / COMPILE_LOCK
    try:
        if time.time() - lock.stat().st_mtime < LOCK_MINUTES * 60.0:
            return False
    except FileNotFoundError:
        pass
    lock.write_text(str(os.getpid()))
    subprocess.Popen([sys.executable, "-m", "cyclesim.engine.warm"],
                     env={**os.environ, WARM_SAVES: ",".join(saves)},
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    return True


def _write_once(path: Path, source: str) -> None:
    """Write ``source`` to ``path`` atomically (no process sees half a file), and only
    once when processes race to write it: Numba takes a kernel source whose time has
    changed as a new source and compiles again, so a second writer of the same text
    (two warm-up processes, two test workers) must leave the first one's file alone."""
    with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as f:
        f.write(source)
    try:
        os.link(f.name, path)  # fails if another process got there first
    except FileExistsError:
        if path.read_text() != source:  # a damaged file under the name of this text
            os.replace(f.name, path)
    except OSError:  # a file system without hard links
        os.replace(f.name, path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(f.name)


def _load(path: Path, source: str) -> ModuleType:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != source:
        _write_once(path, source)
    _used_mark(path).touch()
    prefer_wide_vectors()  # before the kernel module imports Numba
    name = f"cyclesim_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def parameter_rows(params: ParameterSet | dict, names: tuple[str, ...], n: int) -> np.ndarray:
    """Parameters as one array (parameters × runs), numbers broadcast over the runs."""
    out = np.empty((len(names), n))
    for i, name in enumerate(names):
        out[i] = params[name]
    return out


def parameter_columns(params: ParameterSet | dict, names: tuple[str, ...], n: int
                      ) -> np.ndarray:
    """Parameters as one array (runs × parameters, C order): the numbers' row copied to
    every run, then the varying columns written in (for 5 000 runs × 98 parameters 0.5-0.8
    ms, where filling rows and transposing took 4.2-4.4 ms, most of a sweep chunk's
    Python time); the same values as :func:`parameter_rows` transposed."""
    values = [params[name] for name in names]
    numbers = np.array([float(v) if np.ndim(v) == 0 else np.nan for v in values])
    out = np.broadcast_to(numbers, (n, len(names))).copy()
    for i, value in enumerate(values):
        if np.ndim(value):
            out[:, i] = value
    return out


def save_slots(lay: Layout, names: tuple[str, ...]) -> np.ndarray:
    """For each variable of the layout, its row in the saved output (-1: not saved)."""
    where = {name: i for i, name in enumerate(names)}
    return np.array([where.get(v, -1) for v in lay.variables], dtype=np.int64)


def policy_table(plan: Plan, lay: Layout, times: np.ndarray) -> np.ndarray:
    """The plan as ``pol[step, stage level, policy parameter]``, by the plan's own rule
    (:meth:`PolicyPlan.values`) applied to one pseudo-run per stage level whose own
    values are NaN: NaN in the table means "the run's own value"."""
    levels = np.arange(len(plan.stages) + 1, dtype=float)
    own = {name: np.full(levels.size, np.nan) for name in POLICY_PARAMETERS}
    pol = np.empty((times.size, levels.size, len(lay.policy)))
    for n, week in enumerate(times):
        values = plan.values(own, float(week), levels)
        for j, name in enumerate(lay.policy):
            pol[n, :, j] = values[name]
    return pol


_POLICY_TABLES: dict = {}
POLICY_TABLES_KEPT = 16


def cached_policy_table(plan: Plan, lay: Layout, n_steps: int, dt: float) -> np.ndarray:
    """:func:`policy_table` of ``n_steps`` + 1 steps of ``dt``, kept for plans seen before:
    a calibration simulates one plan thousands of times, and a plan of many schedule
    points costs more to tabulate in Python than the compiled run itself."""
    stages = tuple(tuple(sorted(stage.items())) for stage in plan.stages)
    key = (plan.start_week, plan.schedules, stages, lay.policy, n_steps, dt)
    table = _POLICY_TABLES.get(key)
    if table is None:
        if len(_POLICY_TABLES) >= POLICY_TABLES_KEPT:
            _POLICY_TABLES.clear()
        table = policy_table(plan, lay, np.arange(n_steps + 1) * dt)
        table.flags.writeable = False
        _POLICY_TABLES[key] = table
    return table


class CompiledRest:
    """The rest state of the pre-intervention model, compiled (the method of
    :mod:`cyclesim.engine.numpy_rest`, per run: :mod:`cyclesim.engine.rest_newton`)."""

    def __init__(self, base: dict, model: Structure, n: int, dt: float):
        self.lay = layout(model)
        self.module = kernels(model)
        self.PT = parameter_columns(base, self.lay.rest_params, n)
        self.dt = float(dt)
        self.solved: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def solve(self, state: np.ndarray, guess: np.ndarray, free: np.ndarray,
              relax_steps: int, fallback_steps: int, iterations: int, halvings: int,
              tolerance: float) -> None:
        """Bring every run of ``state`` (stocks × runs, C order) to rest, in place; a run
        that does not come to rest starts again from ``guess`` (same shape). The
        solver's last evaluation of each run is kept for :meth:`values` at this state."""
        n_stocks, n = state.shape
        rate_rows = np.empty((n, n_stocks))
        every = np.empty((n, len(self.lay.variables)))
        self.module.solve_rest_block(state, guess, self.PT, self.dt,
                                     free.astype(np.int64), relax_steps, fallback_steps,
                                     iterations, halvings, tolerance, rate_rows, every)
        self.solved = (state.copy(), rate_rows, every)

    def values(self, state: np.ndarray, names: tuple[str, ...]
               ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Net flows at ``state`` and the named variables, per run (the kernel writes
        one run's values contiguously: runs × rows, transposed here). At the state the
        solver left, its own last evaluation (the same function on the same numbers)."""
        solved = self.solved
        if solved is not None and solved[0].shape == np.shape(state) \
                and np.array_equal(solved[0], state):
            rate, every = solved[1], solved[2]
        else:
            runs_first = np.ascontiguousarray(np.asarray(state, dtype=float).T)
            rate = np.empty_like(runs_first)
            every = np.empty((state.shape[1], len(self.lay.variables)))
            self.module.rest_values(runs_first, self.PT, self.dt, rate, every)
        return (np.ascontiguousarray(rate.T),
                {name: np.ascontiguousarray(every[:, self.lay.variables.index(name)])
                 for name in names})


class CompiledEngine:
    """The engine of generated Numba kernels (Euler only)."""

    name = "compiled"

    def rest_state(self, params: ParameterSet, model: Structure) -> RestState:
        """Every run's rest state with the policy levers neutral, one run at a time."""
        n = len(next(iter(params.values())))
        base = compact(pre_intervention(params))
        state = rest_start(base, model, n)
        rates = CompiledRest(base, model, n, RELAX_DT)
        rates.solve(state, first_guess(base, model, n), free_stocks(model),
                    int(RELAX_WEEKS / RELAX_DT), int(FALLBACK_RELAX_WEEKS / RELAX_DT),
                    NEWTON_ITERATIONS, LINE_SEARCH_HALVINGS, TOLERANCE)
        return finish_rest(state, rates, model)

    def simulate(self, params: ParameterSet, initial: np.ndarray, plan: Plan,
                 settings: Settings, model: Structure) -> Trajectory:
        """Saved values of an Euler run of every run in ``initial`` (stocks × runs)."""
        if settings.method != "euler":
            raise ValueError("the compiled engine integrates with Euler only")
        names = settings.names(model)
        times = settings.times()
        lay = layout(model)
        n = initial.shape[1]
        pol = cached_policy_table(plan, lay, settings.n_steps, float(settings.dt))
        out = np.empty((len(names), times.size, n))
        if uses_block(names) and pol.shape[1] <= LEVELS:
            saved = block_saves(names)
            fixed = pol.shape[1] == 1 and stages_never_switch(params, initial, model)
            block = block_kernels(model, names, fixed)
            kept = out if saved == names else np.empty((len(saved), times.size, n))
            block.trajectory_block(
                np.ascontiguousarray(initial, dtype=float), parameter_rows(params, lay.params, n),
                pol, settings.n_steps, float(settings.dt), settings.per_save, kept,
                np.empty(len(lay.stocks) * LANES), np.empty(len(lay.params) * LANES),
                np.empty(block.RECIPROCALS * LANES), np.empty(len(saved) * LANES))
            if kept is not out:
                out[:] = kept[[saved.index(name) for name in names]]
            return Trajectory(times=times, names=names, values=out)
        kernels(model).trajectory(np.ascontiguousarray(initial, dtype=float),
                                  parameter_rows(params, lay.params, n), pol,
                                  settings.n_steps, float(settings.dt), settings.per_save,
                                  save_slots(lay, names), out)
        return Trajectory(times=times, names=names, values=out)
