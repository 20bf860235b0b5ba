"""Compile the installed listing's kernels, then prune stale ones: run detached by
:func:`cyclesim.engine.compiled.compile_in_background` while the first runs on a machine
use the NumPy engine (``python -m cyclesim.engine.warm``)."""

from __future__ import annotations

import contextlib
import os

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


def warm(model: Structure, saves: tuple[str, ...] = ()) -> None:
    """Run one tiny batch through every compiled kernel (compiling what is not cached):
    the one-run kernels and both judgement loops, and the block kernels saving ``saves``
    when there are any (both kinds: see :func:`cyclesim.engine.compiled.block_kernels`)."""
    engine = get_engine("compiled")
    params = default_parameters(1)
    rest = engine.rest_state(params, model)
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


def main() -> None:
    model = structure()
    path, _ = kernel_path(model)
    try:
        saves = os.environ.get(WARM_SAVES, "")
        warm(model, tuple(name for name in saves.split(",") if name))
        prune_stale(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            (path.parent / COMPILE_LOCK).unlink()


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
