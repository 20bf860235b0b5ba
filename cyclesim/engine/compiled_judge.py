"""The judgement on the compiled engine, as arrays: the compiled loop of
:mod:`cyclesim.engine.judge_loop` run over a batch. What the arrays mean as outcomes (the
classes, the stage records) is :mod:`cyclesim.outcome`'s; putting them together is
:mod:`cyclesim.scenario.judging`'s."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cyclesim.engine.compiled import kernels
from cyclesim.engine.judge_loop import FLOAT_COLUMNS, LANE_TILE, STAGE_FLOATS, TILE
from cyclesim.model.graph import structure

SERIES = ("composite_improvement", "dependency", "cumulative_cost", "escalation_stage",
          "stage_improvement")  # what judge_arrays reads (the last two when staged)
UNSTAGED = SERIES[:3]  # what it reads of a batch without stage series


@dataclass
class JudgedArrays:
    """What the compiled judgement gives a batch (:mod:`cyclesim.engine.judge_loop`):
    the ``FLOAT_COLUMNS`` × runs ``floats``, each run's class index (``label``, into
    ``cyclesim.outcome.CLASSES``), returned honeymoons (``cycles``) and declined stages,
    and its stages as (stages × runs) arrays: ``exists``, ``ends`` and ``stage_floats``
    (``STAGE_FLOATS`` × stages × runs)."""

    floats: np.ndarray
    label: np.ndarray
    cycles: np.ndarray
    declined: np.ndarray
    exists: np.ndarray
    ends: np.ndarray
    stage_floats: np.ndarray


def _plain(values: np.ndarray) -> np.ndarray:
    """``values`` as the one array type the compiled judgement is built for: floats, C
    order, writeable (a read-only view, as ``np.broadcast_to`` gives, would make Numba
    compile the loop again, several seconds, for its own type); copied only if need be."""
    return np.require(values, dtype=float, requirements=["C", "W"])


def judge_arrays(times: np.ndarray, series: dict[str, np.ndarray], begin: int,
                 start_week: float, threshold: float, tolerance: float,
                 reference_cost: np.ndarray, switches: bool = True) -> JudgedArrays:
    """The compiled judgement of a batch (series times × runs: ``composite_improvement``,
    ``dependency`` and ``cumulative_cost``, and ``escalation_stage`` with
    ``stage_improvement`` when staged), judged from index ``begin`` (below the number
    of times) with ``tolerance < threshold``; ``reference_cost`` per run [EUR/week].
    Without ``switches`` the batch is staged and its stage never switched: no
    ``escalation_stage`` is read (:mod:`cyclesim.scenario.stageless`)."""
    module = kernels(structure())
    c = _plain(series["composite_improvement"])
    n_runs = c.shape[1]
    staged = "stage_improvement" in series and ("escalation_stage" in series or not switches)
    si = _plain(series["stage_improvement"]) if staged else c
    if switches or not staged:
        stage = _plain(series["escalation_stage"]) if staged else np.zeros_like(c)
        counts = module.stage_counts(stage, begin)
    else:  # one stage per run: judge_lanes reads no stage series
        stage, counts = np.zeros((1, n_runs)), np.ones(n_runs, dtype=np.int64)
    n_stages = int(counts.max(initial=0))
    out = JudgedArrays(floats=np.empty((len(FLOAT_COLUMNS), n_runs)),
                       label=np.empty(n_runs, dtype=np.int64),
                       cycles=np.empty(n_runs, dtype=np.int64),
                       declined=np.empty(n_runs, dtype=np.int64),
                       exists=np.zeros((n_stages, n_runs), dtype=bool),
                       ends=np.zeros((n_stages, n_runs), dtype=np.int64),
                       stage_floats=np.zeros((len(STAGE_FLOATS), n_stages, n_runs)))
    args = (_plain(series["dependency"]), _plain(series["cumulative_cost"]),
            _plain(reference_cost))
    tail = (float(start_week), float(threshold), float(tolerance))
    judged = (out.floats, out.label, out.cycles, out.declined, out.exists, out.stage_floats,
              out.ends)
    if staged:  # the runs side by side (judge_loop.judge_lanes)
        module.judge_lanes(_plain(times), c, stage, si, *args, counts, begin, *tail, *judged,
                           LANE_TILE)
    else:
        module.judge_runs(_plain(times), c, stage, si, *args, begin, *tail, *judged, TILE)
    return out
