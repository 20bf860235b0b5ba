"""Which judgement a batch gets: on the compiled engine the compiled loop
(:mod:`cyclesim.engine.judge_loop`, about twice as fast), else NumPy's
(:func:`cyclesim.outcome.judge_table`); the same columns, the same floats
(``tests/test_judge_loop.py``). Settings the loop does not take (a return tolerance at
or above the honeymoon threshold, a start week past the horizon) go to NumPy's, which
raises or judges them as it always has."""

from __future__ import annotations

import numpy as np

from cyclesim.engine.compiled_judge import judge_arrays
from cyclesim.engine.judge_loop import FLOAT_COLUMNS, STAGE_FLOATS
from cyclesim.outcome import (CLASSES, OUTCOME_FIELDS, OutcomeSettings, judge_table,
                              stage_lists)


def judge_batch(engine: str, times: np.ndarray, series: dict[str, np.ndarray],
                start_week: float, settings: OutcomeSettings,
                reference_cost: np.ndarray | float,
                stage_records: bool = True, switches: bool = True) -> dict[str, np.ndarray]:
    """:func:`judge_table` of a batch (arguments as there) simulated on the engine named
    ``engine``; without ``stage_records`` the ``stages`` column holds None (building the
    per-run records costs a fortieth of a batch, and sweeps do not keep them). Without
    ``switches``, no run's stage ever switched and ``series`` may lack
    ``escalation_stage`` (:mod:`cyclesim.scenario.stageless`)."""
    times = np.asarray(times, dtype=float)
    begin = int(np.searchsorted(times, start_week, side="left"))
    threshold = float(settings.honeymoon_threshold)
    tolerance = float(settings.return_tolerance)
    compiled_loop = engine == "compiled" and begin < times.size and tolerance < threshold
    if not switches and not compiled_loop:  # NumPy's judgement reads the stage series
        series = {"escalation_stage": np.zeros_like(series["stage_improvement"]), **series}
    if not compiled_loop:
        table = judge_table(times, series, start_week, settings, reference_cost)
        if not stage_records:
            table["stages"] = np.full(len(table["outcome"]), None, dtype=object)
        return table
    n_runs = np.shape(series["composite_improvement"])[1]
    ref = np.broadcast_to(np.asarray(reference_cost, dtype=float), (n_runs,))
    judged = judge_arrays(times, series, begin, start_week, threshold, tolerance, ref,
                          switches)
    table: dict[str, np.ndarray] = dict(zip(FLOAT_COLUMNS, judged.floats))
    returned = judged.label == 0  # "returned": a run whose honeymoon came back
    stages = {"exists": judged.exists, "end": judged.ends,
              **dict(zip(STAGE_FLOATS, judged.stage_floats))}
    table.update(outcome=np.array(CLASSES)[judged.label], returned_to_start=returned,
                 censored=~returned, cycles=judged.cycles, declined_stages=judged.declined,
                 start_week=np.full(n_runs, float(start_week)),
                 horizon_weeks=np.full(n_runs, float(times[-1])),
                 stages=(stage_lists(stages) if stage_records
                         else np.full(n_runs, None, dtype=object)))
    return {name: table[name] for name in OUTCOME_FIELDS}
