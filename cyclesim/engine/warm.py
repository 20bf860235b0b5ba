"""Compile the installed listing's kernels, then prune stale ones: run detached by
:func:`cyclesim.engine.compiled.compile_in_background` while the first runs on a machine
use the NumPy engine (``python -m cyclesim.engine.warm``).

The kernels fall in two parts that call no kernel in common (:data:`PARTS`): the rest
solve, and the trajectory with the judgement. With more than one core the two are
compiled side by side, the rest solve in a second process
(``python -m cyclesim.engine.warm --part rest``), so the compile takes about as long as
its larger part instead of both."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import numpy as np

from cyclesim.engine import get_engine
from cyclesim.engine.base import Settings, with_references
from cyclesim.engine.compiled import COMPILE_LOCK, WARM_SAVES, kernel_path, prune_stale
from cyclesim.engine.compiled_judge import SERIES, UNSTAGED, judge_arrays
from cyclesim.engine.held_stage import LIMIT, STAGE
from cyclesim.model.graph import Structure, structure
from cyclesim.model.params import PARAMETERS, POLICY_PARAMETERS, default_parameters


class _NoIntervention:
    """A plan with every policy lever neutral (enough to compile every kernel)."""

    start_week: float = 0.0
    schedules: tuple = ()
    stages: tuple = ()

    def values(self, params, time, stage) -> dict:
        return {name: PARAMETERS[name].default for name in POLICY_PARAMETERS}


PARTS = ("rest", "run")  # the rest solve; the trajectory and judgement kernels


def warm(model: Structure, saves: tuple[str, ...] = (), parts: tuple[str, ...] = PARTS
         ) -> None:
    """Run one tiny batch through every compiled kernel of ``parts`` (compiling what is
    not cached): ``"rest"``, the rest solve; ``"run"``, the one-run kernels and both
    judgement loops, and the block kernels saving ``saves`` when there are any (both
    kinds: see :func:`cyclesim.engine.compiled.block_kernels`). The ``"run"`` part starts
    from the NumPy engine's rest state, so it compiles nothing of the rest solve."""
    engine = get_engine("compiled")
    params = default_parameters(1)
    if "rest" in parts:
        engine.rest_state(params, model)
    if "run" not in parts:
        return
    rest = get_engine("numpy").rest_state(params, model)
    full = with_references(params, rest)
    run = engine.simulate(full, rest.stocks, _NoIntervention(),
                          Settings(horizon=1.0, variables=model.variable_names), model)
    # judged from week 0 with a threshold (0.05) above the tolerance (0.0): any such
    # pair compiles the loop every batch uses
    reference = np.atleast_1d(full["reference_cost_per_week"])
    judge_arrays(run.times, {name: run[name] for name in SERIES}, 0, 0.0, 0.05, 0.0, reference)
    unstaged = {name: run[name] for name in UNSTAGED}
    judge_arrays(run.times, unstaged, 0, 0.0, 0.05, 0.0, reference)  # the one-run loop
    if saves:  # both kinds of the block kernel: stages held where they start, and not
        stage = rest.stocks[model.stock_names.index(STAGE)]
        for limit in (stage, stage + 1.0):
            engine.simulate({**full, LIMIT: limit}, rest.stocks, _NoIntervention(),
                            Settings(horizon=1.0, variables=saves), model)


def warm_side_by_side(model: Structure, saves: tuple[str, ...] = ()) -> None:
    """:func:`warm` with the rest solve compiled in a second process at the same time,
    when this machine has a second core; then the rest part here too, which loads what
    the other process compiled (or compiles what it left, had it failed)."""
    helper = None
    if (os.cpu_count() or 1) > 1:
        helper = subprocess.Popen([sys.executable, "-m", "cyclesim.engine.warm", "--part",
                                   "rest"], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    warm(model, saves, ("run",) if helper else PARTS)
    if helper:
        helper.wait()
        warm(model, saves, ("rest",))


def main(argv: list[str] | None = None) -> None:
    argv = argv or []
    model = structure()
    if argv[:1] == ["--part"]:  # the second process of warm_side_by_side
        warm(model, (), tuple(argv[1:2]))
        return
    path, _ = kernel_path(model)
    try:
        saves = os.environ.get(WARM_SAVES, "")
        warm_side_by_side(model, tuple(name for name in saves.split(",") if name))
        prune_stale(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            (path.parent / COMPILE_LOCK).unlink()


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(sys.argv[1:])
