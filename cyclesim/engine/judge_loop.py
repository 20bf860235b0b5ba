"""The judgement of a batch (:func:`cyclesim.outcome.judge_table`) one run at a time.

:func:`cyclesim.outcome.judge_table` judges a batch with NumPy passes over all runs: a
dozen passes over the saved series and their search tables, about 7 µs per run, a seventh
of a sweep's time. Here each run's series are read once, in a loop Numba compiles: the same
definition (module docstring of :mod:`cyclesim.outcome`), the same operations in the same
order, so the same floats (``tests/test_judge_loop.py`` checks every column against
:func:`judge_table`, bit for bit). Plain Python in the subset Numba compiles, copied into the
generated kernel module by :mod:`cyclesim.engine.kernel_source` and compiled there without
fast-math licences (NumPy fuses no multiply-add, so neither may this).

The float columns a run gets are ``FLOAT_COLUMNS``, rows of one array; the stages are
``STAGE_ROWS`` arrays of (stages × runs) as :func:`cyclesim.outcome._stages` gives them
for the stages that exist.
"""

from __future__ import annotations

import math

import numpy as np

FLOAT_COLUMNS = ("return_week", "return_week_censored", "honeymoon_depth", "honeymoon_weeks",
                 "honeymoon_peak_week", "extra_cost_at_return", "dependency_at_return",
                 "peak_dependency", "total_cost", "extra_cost", "integrated_improvement")
# each column's row, named as the column in capitals (the kernel module defines them too)
(RETURN_WEEK, RETURN_WEEK_CENSORED, HONEYMOON_DEPTH, HONEYMOON_WEEKS, HONEYMOON_PEAK_WEEK,
 EXTRA_COST_AT_RETURN, DEPENDENCY_AT_RETURN, PEAK_DEPENDENCY, TOTAL_COST, EXTRA_COST,
 INTEGRATED_IMPROVEMENT) = range(len(FLOAT_COLUMNS))
STAGE_FLOATS = ("start_week", "honeymoon_depth", "end_week")  # rows of the stage floats


def first_at_least(x, start, level):
    """First index ``t >= start`` with ``x[t] >= level``, else ``len(x)``."""
    n = x.shape[0]
    for t in range(start, n):
        if x[t] >= level:
            return t
    return n


def first_at_most(x, start, level):
    """First index ``t >= start`` with ``x[t] <= level``, else ``len(x)``."""
    n = x.shape[0]
    for t in range(start, n):
        if x[t] <= level:
            return t
    return n


def first_below(x, start, level):
    """First index ``t >= start`` with ``x[t] < level``, else ``len(x)``."""
    n = x.shape[0]
    for t in range(start, n):
        if x[t] < level:
            return t
    return n


def highest(x, start, stop):
    """``x[start:stop].max()``, NaN if any is NaN (as NumPy's max)."""
    best = x[start]
    for t in range(start + 1, stop):
        v = x[t]
        if v > best or math.isnan(v):
            best = v
    return best


def lowest(x, start, stop):
    """``x[start:stop].min()``, NaN if any is NaN."""
    low = x[start]
    for t in range(start + 1, stop):
        v = x[t]
        if v < low or math.isnan(v):
            low = v
    return low


def crossing(times, x, i, level):
    """``outcome._crossings`` of a run's series ``x`` at index ``i`` (``i - 1`` wraps at
    0, as there)."""
    c0 = x[i - 1]
    c1 = x[i]
    t0 = times[i - 1]
    t1 = times[i]
    if c1 == c0:
        return t1
    return t0 + (level - c0) / (c1 - c0) * (t1 - t0)


def interp_at(times, fp, x):
    """``outcome._interp_at`` of a run's series ``fp`` at ``x``: :func:`numpy.interp`'s bracket,
    formula and special cases."""
    if math.isnan(x):
        return x
    n = times.shape[0]
    j = np.searchsorted(times, x, side="right") - 1
    j = min(max(j, 0), n - 1)
    k = min(j + 1, n - 1)
    x0 = times[j]
    x1 = times[k]
    y0 = fp[j]
    y1 = fp[k]
    if j == k or x0 == x or x < times[0]:
        return y0
    slope = (y1 - y0) / (x1 - x0)
    y = slope * (x - x0) + y0
    if math.isnan(y):
        y = slope * (x - x1) + y1
        if math.isnan(y) and y0 == y1:
            y = y0
    return y


def block_sum(a, lo, n):
    """NumPy's pairwise sum of ``a[lo:lo + n]`` for ``n <= 128``: one by one below 8,
    else eight accumulators, combined pairwise, then the rest one by one."""
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[lo + i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


def pairwise_sum(a, lo, n, frames, lefts):
    """NumPy's pairwise sum of ``a[lo:lo + n]``: :func:`block_sum` up to 128, else the
    sum of the halves (the first a multiple of 8), so the sum has NumPy's rounding. The
    halving runs on a stack of its own (``frames``: start, length and which half is
    done, per level; ``lefts``: the first half's sum), since Numba cannot cache a
    function that calls itself."""
    if n <= 128:
        return block_sum(a, lo, n)
    top = 0
    frames[0, 0] = lo
    frames[0, 1] = n
    value = 0.0
    descending = True
    while True:
        if descending:
            m = frames[top, 1]
            if m <= 128:
                value = block_sum(a, frames[top, 0], m)
                top -= 1
                descending = False
            else:
                half = m // 2 - (m // 2) % 8
                frames[top, 2] = 0
                frames[top + 1, 0] = frames[top, 0]
                frames[top + 1, 1] = half
                top += 1
        elif top < 0:
            return value
        elif frames[top, 2] == 0:  # the first half is summed: now the second
            lefts[top] = value
            frames[top, 2] = 1
            m = frames[top, 1]
            half = m // 2 - (m // 2) % 8
            frames[top + 1, 0] = frames[top, 0] + half
            frames[top + 1, 1] = m - half
            top += 1
            descending = True
        else:
            value = lefts[top] + value
            top -= 1


def integrated(times, c, begin, terms, frames, lefts):
    """``outcome._integrated`` of a run's composite ``c``: the trapezoid terms, then
    NumPy's sum."""
    m = times.shape[0] - begin - 1
    for i in range(m):
        t = begin + i
        terms[i] = (times[t + 1] - times[t]) * (c[t + 1] + c[t]) / 2.0
    return 0.0 + pairwise_sum(terms, 0, m, frames, lefts)


def next_switch(stage, after):
    """First index ``t > after`` where a run's latched stage rose by more than 0.5."""
    n = stage.shape[0]
    for t in range(after + 1, n):
        if stage[t] - stage[t - 1] > 0.5:
            return t
    return n


def stage_counts(stage, begin):
    """How many stages each run (a column of ``stage``) has from ``begin`` on: one, and
    one more per rise of the latched stage by more than 0.5 after ``begin`` (none if
    ``begin`` is past the end)."""
    n, n_runs = stage.shape
    counts = np.zeros(n_runs, dtype=np.int64)
    if begin >= n:
        return counts
    counts[:] = 1
    for t in range(begin + 1, n):
        for r in range(n_runs):
            if stage[t, r] - stage[t - 1, r] > 0.5:
                counts[r] += 1
    return counts


def judge_stages(times, stage, si, r, begin, start_week, threshold, tolerance,
                 exists, floats, ends):
    """``outcome._stages`` of run ``r`` (its series ``stage`` and ``si``) into column
    ``r`` of ``exists``, ``floats`` (``STAGE_FLOATS`` × stages × runs) and ``ends``;
    the counts of its stages that returned and that were declined."""
    n = times.shape[0]
    returned = 0
    declined = 0
    a = begin
    k = 0
    while a < n:
        b = next_switch(stage, a)
        best = highest(si, a, b)
        up = first_at_least(si, a, threshold)
        had = up < b
        down = first_at_most(si, up, tolerance)
        back = had and down < b
        if b < n:
            end_week = times[b]
        elif back:
            end_week = crossing(times, si, min(max(down, 1), n - 1), tolerance)
        else:
            end_week = times[n - 1]
        end = 0 if back or (had and b < n) else (1 if b < n else 2)
        exists[k, r] = True
        floats[0, k, r] = start_week if k == 0 else times[a]
        floats[1, k, r] = 0.0 if 0.0 > best else best  # noqa: FURB136 (NaN stays)
        floats[2, k, r] = end_week
        ends[k, r] = end
        returned += end == 0
        declined += end == 1
        a = b
        k += 1
    return returned, declined


def returned_count(c, begin, threshold, tolerance):
    """``outcome._returned_count`` of a run's composite: its honeymoons that returned."""
    n = c.shape[0]
    count = 0
    pos = begin
    while True:
        up = first_at_least(c, pos, threshold)
        down = first_at_most(c, up, tolerance)
        if down >= n:
            return count
        count += 1
        pos = down + 1


def judge_one(times, c, dependency, cost, ref, begin, threshold, tolerance, out, r, frames,
              lefts, terms):
    """The float columns of run ``r`` (its series ``c``, ``dependency`` and ``cost``)
    into column ``r`` of ``out``; its class index."""
    n = times.shape[0]
    last = times[n - 1]
    up = first_at_least(c, begin, threshold)
    down = first_at_most(c, up, tolerance)
    returned = down < n
    at = crossing(times, c, min(down, n - 1), tolerance)
    return_week = at if returned else math.nan
    had = up < n
    out[RETURN_WEEK, r] = return_week
    out[RETURN_WEEK_CENSORED, r] = return_week if returned else last
    best = highest(c, begin, n)
    if had:
        peak = up  # the first maximum of the honeymoon (or its first NaN), as np.argmax
        top = c[up]
        for t in range(up + 1, down):
            v = c[t]
            if math.isnan(top):
                break
            if v > top or math.isnan(v):
                top = v
                peak = t
        rise = crossing(times, c, min(up, n - 1), threshold)
        below = first_below(c, peak, threshold)
        fall = crossing(times, c, min(below, n - 1), threshold)
        t_up = rise if up > begin else times[up]
        t_below = fall if below < n else last
        out[HONEYMOON_DEPTH, r] = 0.0 if 0.0 > best else best  # noqa: FURB136 (NaN stays)
        out[HONEYMOON_WEEKS, r] = t_below - t_up
        out[HONEYMOON_PEAK_WEEK, r] = times[peak]
    else:
        out[HONEYMOON_DEPTH, r] = 0.0
        out[HONEYMOON_WEEKS, r] = 0.0
        out[HONEYMOON_PEAK_WEEK, r] = math.nan
    out[EXTRA_COST_AT_RETURN, r] = interp_at(times, cost, return_week) - ref * return_week
    out[DEPENDENCY_AT_RETURN, r] = interp_at(times, dependency, return_week)
    out[PEAK_DEPENDENCY, r] = highest(dependency, 0, n)
    out[TOTAL_COST, r] = cost[n - 1]
    out[EXTRA_COST, r] = cost[n - 1] - ref * last
    out[INTEGRATED_IMPROVEMENT, r] = integrated(times, c, begin, terms, frames, lefts)
    if had:
        return 0 if returned else 1
    return 3 if lowest(c, begin, n) <= -threshold else 2


TILE = 64  # runs whose series are copied out together (the default of judge_runs' tile)


def judge_runs(times, c, stage, si, dependency, cost, reference_cost, begin, start_week,
               threshold, tolerance, staged, out, label, cycles, declined, exists,
               stage_floats, ends, tile):
    """Every run's outcome (:func:`cyclesim.outcome.judge_table`; the series are times ×
    runs): the float columns into ``out`` (``FLOAT_COLUMNS`` × runs), the class index
    into ``label``, the returned honeymoons into ``cycles``, the declined stages into
    ``declined``, the stages into ``exists``, ``stage_floats`` and ``ends``. The series
    of ``tile`` runs at a time (:data:`TILE`) are first copied to rows of their own, so
    each run's scans read contiguous memory. Needs ``begin < len(times)`` and
    ``tolerance < threshold``."""
    n = times.shape[0]
    n_runs = c.shape[1]
    frames = np.empty((64, 3), dtype=np.int64)  # the pairwise sum's stack (64 levels)
    lefts = np.empty(64)
    terms = np.empty(n)
    rows = np.empty((5, tile, n))
    for r0 in range(0, n_runs, tile):
        width = min(tile, n_runs - r0)
        for t in range(n):
            for j in range(width):
                rows[0, j, t] = c[t, r0 + j]
                rows[1, j, t] = stage[t, r0 + j]
                rows[2, j, t] = si[t, r0 + j]
                rows[3, j, t] = dependency[t, r0 + j]
                rows[4, j, t] = cost[t, r0 + j]
        for j in range(width):
            r = r0 + j
            label[r] = judge_one(times, rows[0, j], rows[3, j], rows[4, j],
                                 reference_cost[r], begin, threshold, tolerance, out, r,
                                 frames, lefts, terms)
            back, declined[r] = judge_stages(times, rows[1, j], rows[2, j], r, begin,
                                             start_week, threshold, tolerance, exists,
                                             stage_floats, ends)
            cycles[r] = back if staged else returned_count(rows[0, j], begin, threshold,
                                                           tolerance)


JUDGE_FUNCTIONS = (first_at_least, first_at_most, first_below, highest, lowest, crossing,
                   interp_at, block_sum, pairwise_sum, integrated, next_switch, stage_counts,
                   judge_stages, returned_count, judge_one, judge_runs)
JUDGE_ENTRIES = (stage_counts, judge_runs)  # called from Python; the rest inlined
