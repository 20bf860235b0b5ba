"""The return-to-start outcome ("terug bij af"), measured on saved trajectories.

Definition (MODEL.md, made explicit):

* Each indicator is a signed fraction of its value at the intervention's start, "better"
  positive: incidents ``1 - x/x0``, sickness absence ``1 - x/x0``, satisfaction
  ``x/x0 - 1``. The composite is their weighted mean (weights from the scenario); it is
  the listing's ``composite_improvement`` (measured from the rest state, which is the
  state at the intervention's start), read here from the saved series, not recomputed.
* Honeymoon: the composite reaches at least ``honeymoon_threshold`` after the start. Its
  depth is the best composite (a positive fraction); its length runs from the first
  crossing above the threshold to the first crossing back below it after the peak
  (interpolated; censored at the horizon).
* Return: the first time after the honeymoon's peak at which the composite is at or
  below ``return_tolerance``, interpolated linearly between saved points, in weeks from
  the start of the run.
* Classes: ``returned``; ``not_within_horizon`` (honeymoon, no return yet);
  ``no_honeymoon`` (never reached the threshold); ``worse`` (no honeymoon, and the
  composite fell to ``-honeymoon_threshold`` or below).
* Censoring: a run that did not return has ``return_week = None``; ``return_week_censored``
  holds the horizon for it (flag ``censored``), for analyses that need a number. The
  time-integrated improvement (composite integrated over the weeks after the start) is a
  continuous, uncensored alternative.
* Stages and cycles: a run's policy stages are delimited by the latched
  ``escalation_stage`` (stage 0 from the start week; one stage when the policy never
  switches). Each stage is judged on ``stage_improvement`` (measured from that stage's
  start): its honeymoon depth (best improvement, 0 if negative) and how it ended:
  ``back_at_start`` (a honeymoon, then back at or below the tolerance; or switched off
  after a honeymoon, which the model's trigger does only when back at start),
  ``declined`` (switched off without a honeymoon: the trigger's "declined below start")
  or ``horizon`` (still running at the horizon). ``cycles`` counts the stages that came
  back to start; ``declined_stages`` the stages switched off without a honeymoon. A
  stage's end week is the interpolated return where the return lies inside the stage's
  saved points; a switch between two saved points is dated at the first saved point of
  the next stage (so to within ``save_every``), which is also that stage's start week.
  Without the stage series, every returned honeymoon of the composite is a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields

import numpy as np

INDICATORS = {  # indicator: +1 if higher is better, -1 if lower is better
    "incident_rate": -1,
    "sickness_absence_share": -1,
    "satisfaction": +1,
}
CLASSES = ("returned", "not_within_horizon", "no_honeymoon", "worse")
HONEYMOON_CLASSES = CLASSES[:2]  # the classes of a run that improved first
STAGE_ENDS = ("back_at_start", "declined", "horizon")  # ``end_reason`` of a stage


@dataclass(frozen=True)
class OutcomeSettings:
    """Tolerances of the return-to-start judgement (the weights are parameters of the
    listing's ``composite_improvement``)."""

    honeymoon_threshold: float = 0.05
    return_tolerance: float = 0.0


@dataclass
class Outcome:
    """The return-to-start outcome of one run."""

    outcome: str
    returned_to_start: bool
    return_week: float | None
    return_week_censored: float
    censored: bool
    honeymoon_depth: float
    honeymoon_weeks: float
    honeymoon_peak_week: float | None
    cycles: int
    extra_cost_at_return: float | None
    dependency_at_return: float | None
    peak_dependency: float
    total_cost: float
    extra_cost: float
    integrated_improvement: float
    start_week: float
    horizon_weeks: float
    declined_stages: int = 0  # stages switched off without a honeymoon (not cycles)
    stages: list = field(default_factory=list)  # one dict per policy stage (STAGE_KEYS)

    def to_dict(self) -> dict:
        return asdict(self)


OUTCOME_FIELDS = tuple(f.name for f in fields(Outcome))  # the keys of Outcome.to_dict()
# Columns with one scalar per run (tables on disk: sweeps); ``stages`` is a list per run.
TABLE_FIELDS = tuple(name for name in OUTCOME_FIELDS if name != "stages")
STAGE_KEYS = ("stage", "start_week", "honeymoon_depth", "end_week", "end_reason")


# ---------------------------------------------------------------------------------
# The judgement of a whole batch, with NumPy operations over the runs axis. A per-run
# reference written as the definition reads (``tests/outcome_reference.py``) gives the
# same values bit for bit; a Python loop over runs took a quarter of a sweep's time.
# ---------------------------------------------------------------------------------
Tables = tuple[np.ndarray, np.ndarray]  # _next_true of (c >= threshold, c <= tolerance)


def _next_true(mask: np.ndarray) -> np.ndarray:
    """Row ``t``: per run, the first index ``>= t`` where ``mask`` holds (``len(mask)``
    if none), plus a last row for a search from the end. Each scan ``_first`` makes
    becomes one table lookup per run."""
    n = mask.shape[0]
    table = np.empty((n + 1, mask.shape[1]), dtype=np.int32)
    table[n] = n
    # index where mask holds, else n (a product: several times faster than np.where)
    np.multiply(mask, np.arange(-n, 0, dtype=np.int32)[:, None], out=table[:n])
    table[:n] += n
    for t in range(n - 1, -1, -1):  # a loop over times, each step over all runs
        np.minimum(table[t], table[t + 1], out=table[t])
    return table


def _search_tables(c: np.ndarray, settings: OutcomeSettings) -> Tables:
    """``_next_true`` of "at or above the threshold" and "at or below the tolerance"."""
    return (_next_true(c >= settings.honeymoon_threshold),
            _next_true(c <= settings.return_tolerance))


def _honeymoon_step(tables: Tables, pos: np.ndarray,
                    runs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One pass of ``_cycles``' loop for ``runs`` searching from ``pos``: the first index
    at or above the threshold (``up``), then the first from there at or below the
    tolerance (``down``); ``len`` of the series when absent."""
    next_up, next_down = tables
    up = next_up[pos, runs]
    return up, next_down[up, runs]


def _returned_count(tables: Tables, begin: int | np.ndarray) -> np.ndarray:
    """Per run, how many honeymoons from ``begin`` on returned: ``_cycles`` looped over
    the cycle number, each pass over the runs still cycling. Raises ValueError where
    ``_cycles`` does: a honeymoon already at or below the tolerance where it starts (a
    tolerance at or above the threshold) has no points to take its peak from."""
    n = tables[0].shape[0] - 1
    runs = np.arange(tables[0].shape[1])
    pos = np.broadcast_to(begin, runs.shape)
    count = np.zeros(runs.size, dtype=np.int64)
    while runs.size:
        up, down = _honeymoon_step(tables, pos, runs)
        if np.any((down == up) & (up < n)):
            raise ValueError("a honeymoon starts at or below the return tolerance, so it "
                             "has no peak: the tolerance must be below the threshold")
        back = down < n
        runs, pos = runs[back], down[back] + 1
        count[runs] += 1
    return count


def _crossings(times: np.ndarray, c: np.ndarray, i: np.ndarray, runs: np.ndarray,
               level: float) -> np.ndarray:
    """``_crossing`` of ``c[:, runs]`` at indices ``i``, computed as it does."""
    c0, c1 = c[i - 1, runs], c[i, runs]
    t0, t1 = times[i - 1], times[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = t0 + (level - c0) / (c1 - c0) * (t1 - t0)
    return np.where(c1 == c0, t1, between)


def _stages(times: np.ndarray, stage: np.ndarray, si: np.ndarray, begin: int,
            start_week: float, settings: OutcomeSettings) -> dict[str, np.ndarray]:
    """Every run's policy stages (module docstring), looped over the stage number, each
    pass over all runs: arrays (stages × runs) ``exists``, ``start_week``,
    ``honeymoon_depth``, ``end_week`` and ``end`` (an index into ``STAGE_ENDS``). A switch
    is a rise of the latched stage by more than 0.5 after ``begin``. Raises ValueError
    as ``_returned_count`` does (a honeymoon already at or below the tolerance)."""
    n, n_runs = si.shape
    runs = np.arange(n_runs)
    index = np.arange(n)[:, None]
    switched = np.zeros((n, n_runs), dtype=bool)
    if stage[begin:].any():  # else no stage was ever switched to (the latch starts at 0)
        switched[1:] = np.diff(stage, axis=0) > 0.5
        switched &= index > begin
    inside_run = index >= begin
    next_up, next_down = _search_tables(si, settings)
    if switched.any():
        number = np.cumsum(switched, axis=0)  # the stage each saved point belongs to
        n_stages = int(number[begin:].max(initial=0)) + 1 if begin < n else 0
    else:  # no run switched: one stage, from ``begin`` to the end, in every run
        number = None
        n_stages = 1 if begin < n else 0
    out = {key: np.zeros((n_stages, n_runs)) for key in
           ("start_week", "honeymoon_depth", "end_week")}
    out["exists"] = np.zeros((n_stages, n_runs), dtype=bool)
    out["end"] = np.zeros((n_stages, n_runs), dtype=np.int64)
    for k in range(n_stages):
        if number is None:  # what the masks below give when every point is stage 0
            a = np.full(n_runs, begin)
            b = np.full(n_runs, n)
            best = si[begin:].max(axis=0)
        else:
            mask = inside_run & (number == k)
            a = np.where(mask.any(axis=0), mask.argmax(axis=0), n)
            nxt = inside_run & (number == k + 1)
            b = np.where(nxt.any(axis=0), nxt.argmax(axis=0), n)
            best = np.where(mask, si, -np.inf).max(axis=0)
        exists = a < n
        up = next_up[np.minimum(a, n), runs]
        had = exists & (up < b)
        down = next_down[up, runs]
        if np.any(had & (down == up)):
            raise ValueError("a honeymoon starts at or below the return tolerance, so it "
                             "has no peak: the tolerance must be below the threshold")
        back = had & (down < b)
        at = _crossings(times, si, np.clip(down, 1, n - 1), runs, settings.return_tolerance)
        switch_week = times[np.minimum(b, n - 1)]
        out["exists"][k] = exists
        out["start_week"][k] = (float(start_week) if k == 0
                                else times[np.minimum(a, n - 1)])
        out["honeymoon_depth"][k] = np.where(0.0 > best, 0.0, best)
        out["end"][k] = np.where(back | (had & (b < n)), 0, np.where(b < n, 1, 2))
        # a switched stage ends where the next begins (the latch fires at DT resolution,
        # after the interpolated crossing of the saved series); the last one at its return
        out["end_week"][k] = np.where(b < n, switch_week, np.where(back, at,
                                                                   float(times[-1])))
    return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while tens of thousands of small dicts
    are built: each pass of it scans every object of the process (Numba's included),
    which took six times as long as building the dicts (nothing built here is cyclic)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def stage_lists(stages: dict[str, np.ndarray]) -> np.ndarray:
    """The ``stages`` column: per run, a list of one dict per stage (STAGE_KEYS)."""
    with _collector_paused():
        return _stage_dicts(stages)


def _stage_dicts(stages: dict[str, np.ndarray]) -> np.ndarray:
    """Stage by stage, the dicts of the runs where it exists (one comprehension over the
    columns each, not one per run), appended to their runs' lists in stage order."""
    exists = stages["exists"]
    lists: list[list[dict]] = [[] for _ in range(exists.shape[1])]
    for k in range(exists.shape[0]):
        runs = np.flatnonzero(exists[k])
        ends = np.array(STAGE_ENDS, dtype=object)[stages["end"][k, runs]].tolist()
        dicts = [{"stage": k, "start_week": start, "honeymoon_depth": depth,
                  "end_week": end_week, "end_reason": end}
                 for start, depth, end_week, end in zip(
                     stages["start_week"][k, runs].tolist(),
                     stages["honeymoon_depth"][k, runs].tolist(),
                     stages["end_week"][k, runs].tolist(), ends)]
        for r, d in zip(runs.tolist(), dicts):
            lists[r].append(d)
    column = np.empty(len(lists), dtype=object)
    for r, stage_list in enumerate(lists):  # one by one: never read as a 2-d array
        column[r] = stage_list
    return column


def _interp_at(times: np.ndarray, values: np.ndarray, x: np.ndarray,
               runs: np.ndarray) -> np.ndarray:
    """``np.interp(x[k], times, values[:, runs[k]])`` for each ``k``, with np.interp's
    own bracket, formula and special cases, so the floats are the same."""
    fp = np.asarray(values, dtype=float)
    j = np.clip(np.searchsorted(times, x, side="right") - 1, 0, len(times) - 1)
    k = np.minimum(j + 1, len(times) - 1)
    x0, x1, y0, y1 = times[j], times[k], fp[j, runs], fp[k, runs]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (y1 - y0) / (x1 - x0)
        y = slope * (x - x0) + y0
        y = np.where(np.isnan(y), slope * (x - x1) + y1, y)
        y = np.where(np.isnan(y) & (y0 == y1), y0, y)
    exact = (j == k) | (x0 == x) | (x < times[0])  # at or beyond an end, or on a point
    return np.where(np.isnan(x), x, np.where(exact, y0, y))


def _segment_argmax(after: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Per run (a row of ``after``), ``start + argmax(row[start:stop])``: the first
    maximum, NaN counting as one, as np.argmax has it."""
    cols = np.arange(after.shape[1])
    inside = (cols >= start[:, None]) & (cols < stop[:, None])
    return np.where(inside, after, -np.inf).argmax(axis=1)


def _honeymoon_columns(times: np.ndarray, c: np.ndarray, after: np.ndarray, begin: int,
                       up: np.ndarray, down: np.ndarray,
                       threshold: float) -> dict[str, np.ndarray]:
    """Depth, length and peak week of each run's first honeymoon (0, 0, NaN if none);
    ``after`` is ``c[begin:]`` with the runs as rows."""
    n, n_runs = c.shape
    runs = np.arange(n_runs)
    had = up < n
    peak = begin + _segment_argmax(after, up - begin, down - begin)
    rise = _crossings(times, c, np.minimum(up, n - 1), runs, threshold)
    below = _next_true(c < threshold)[peak, runs]
    fall = _crossings(times, c, np.minimum(below, n - 1), runs, threshold)
    t_up = np.where(up > begin, rise, times[np.minimum(up, n - 1)])
    t_below = np.where(below < n, fall, float(times[-1]))
    best = after.max(axis=1)
    return {"honeymoon_depth": np.where(had, np.where(0.0 > best, 0.0, best), 0.0),
            "honeymoon_weeks": np.where(had, t_below - t_up, 0.0),
            "honeymoon_peak_week": np.where(had, times[peak], np.nan)}


def _return_columns(times: np.ndarray, c: np.ndarray, after: np.ndarray, up: np.ndarray,
                    down: np.ndarray, settings: OutcomeSettings) -> dict[str, np.ndarray]:
    """Class, return week (NaN if none) and censoring of each run."""
    n = c.shape[0]
    returned = down < n
    at = _crossings(times, c, np.minimum(down, n - 1), np.arange(c.shape[1]),
                    settings.return_tolerance)
    return_week = np.where(returned, at, np.nan)
    worse = after.min(axis=1) <= -settings.honeymoon_threshold
    label = np.where(up < n, np.where(returned, 0, 1), np.where(worse, 3, 2))
    return {"outcome": np.array(CLASSES)[label], "returned_to_start": returned,
            "return_week": return_week,
            "return_week_censored": np.where(returned, return_week, float(times[-1])),
            "censored": ~returned}


def _cost_columns(times: np.ndarray, dependency: np.ndarray, cumulative_cost: np.ndarray,
                  return_week: np.ndarray,
                  reference_cost: np.ndarray) -> dict[str, np.ndarray]:
    """Extra cost and dependency at the return (NaN if none), peak dependency and costs."""
    ref = np.broadcast_to(np.asarray(reference_cost, dtype=float), return_week.shape)
    runs = np.arange(return_week.size)
    return {"extra_cost_at_return":
            _interp_at(times, cumulative_cost, return_week, runs) - ref * return_week,
            "dependency_at_return": _interp_at(times, dependency, return_week, runs),
            "peak_dependency": dependency.max(axis=0),
            "total_cost": cumulative_cost[-1].copy(),
            "extra_cost": cumulative_cost[-1] - ref * float(times[-1])}


def _integrated(times: np.ndarray, after: np.ndarray, begin: int) -> np.ndarray:
    """Trapezoid integral of each run's composite after ``begin``: ``np.trapezoid``'s
    operations in its order, in one buffer instead of four temporaries (three times
    faster); with the runs as contiguous rows each sum is NumPy's pairwise one, as for a
    single run's series."""
    terms = np.add(after[:, 1:], after[:, :-1])
    np.multiply(np.diff(times[begin:]), terms, out=terms)
    np.divide(terms, 2.0, out=terms)
    return terms.sum(axis=1)


def judge_table(times: np.ndarray, series: dict[str, np.ndarray], start_week: float,
                settings: OutcomeSettings,
                reference_cost: np.ndarray) -> dict[str, np.ndarray]:
    """The outcomes of every run of a batch as columns (the keys of ``Outcome.to_dict()``,
    one value per run); a missing return week, peak week or value at the return is NaN.
    Arguments as for :func:`judge`."""
    times = np.asarray(times)
    begin = int(np.searchsorted(times, start_week, side="left"))
    c = np.asarray(series["composite_improvement"], dtype=float)  # read only: no copy
    after = np.ascontiguousarray(c[begin:].T)  # runs × times: rows for per-run reductions
    n_runs = c.shape[1]
    tables = _search_tables(c, settings)
    up, down = _honeymoon_step(tables, np.full(n_runs, begin), np.arange(n_runs))
    cycles = _returned_count(tables, begin)  # (raises for a honeymoon with no peak)
    staged = "escalation_stage" in series and "stage_improvement" in series
    if staged:
        stages = _stages(times, np.asarray(series["escalation_stage"]),
                         np.asarray(series["stage_improvement"], dtype=float), begin,
                         start_week, settings)
    else:  # one stage: the composite from the start week
        stages = _stages(times, np.zeros_like(c), c, begin, start_week, settings)
    ended = stages["end"]
    if staged:
        cycles = np.count_nonzero(stages["exists"] & (ended == 0), axis=0)
    table = _return_columns(times, c, after, up, down, settings)
    table.update(_honeymoon_columns(times, c, after, begin, up, down,
                                    settings.honeymoon_threshold))
    table.update(_cost_columns(times, series["dependency"], series["cumulative_cost"],
                               table["return_week"], reference_cost))
    table.update(cycles=cycles, integrated_improvement=_integrated(times, after, begin),
                 start_week=np.full(n_runs, float(start_week)),
                 horizon_weeks=np.full(n_runs, float(times[-1])),
                 declined_stages=np.count_nonzero(stages["exists"] & (ended == 1), axis=0),
                 stages=stage_lists(stages))
    return {name: table[name] for name in OUTCOME_FIELDS}


def _present(table: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Which runs have a value (not None) in the columns that can be missing."""
    returned = table["returned_to_start"]
    return {"return_week": returned, "extra_cost_at_return": returned,
            "dependency_at_return": returned,
            "honeymoon_peak_week": np.isin(table["outcome"], CLASSES[:2])}


def _values(column: np.ndarray, present: np.ndarray | None) -> list:
    """A column as Python values, None where ``present`` is False."""
    values = column.tolist()
    if present is None:
        return values
    return [v if p else None for v, p in zip(values, present.tolist())]


def judge(times: np.ndarray, series: dict[str, np.ndarray], start_week: float,
          settings: OutcomeSettings, reference_cost: np.ndarray) -> list[Outcome]:
    """Outcomes of every run of a batch; ``series`` holds (times × runs) arrays of
    ``composite_improvement``, ``dependency`` and ``cumulative_cost`` (and, for staged
    policies, ``escalation_stage`` and ``stage_improvement``); ``reference_cost`` has one
    value per run [EUR/week]. ValueError is raised for a tolerance at or above the
    threshold (a honeymoon with no peak)."""
    return outcomes_of(judge_table(times, series, start_week, settings, reference_cost))


def table_columns(table: dict[str, np.ndarray],
                  names: tuple[str, ...] = TABLE_FIELDS) -> dict[str, list]:
    """A :func:`judge_table` as Python values per column, None where a value is missing
    (for tables on disk: None becomes null). The per-stage lists (``stages``) are left
    out unless named: a sweep's table keeps one scalar per run (``cycles`` and
    ``declined_stages`` summarise the stages)."""
    present = _present(table)
    return {name: _values(table[name], present.get(name)) for name in names}


def missing_values(table: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per column of a :func:`judge_table` that can be missing, the runs without a value
    (where :func:`table_columns` gives None): for writing the columns as they are, with
    nulls, instead of as Python values."""
    return {name: ~present for name, present in _present(table).items()}


def outcomes_of(table: dict[str, np.ndarray]) -> list[Outcome]:
    """A :func:`judge_table` as one :class:`Outcome` per run."""
    return [Outcome(*row) for row in zip(*table_columns(table, OUTCOME_FIELDS).values())]


OUTCOME_VARIABLES = tuple(INDICATORS) + ("composite_improvement", "dependency",
                                         "cumulative_cost", "escalation_stage",
                                         "stage_improvement")
# the series judge_table reads (the indicators enter through the composite)
JUDGED_VARIABLES = tuple(name for name in OUTCOME_VARIABLES if name not in INDICATORS)
