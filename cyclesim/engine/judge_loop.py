"""The judgement of a batch (:func:`cyclesim.outcome.judge_table`) in compiled loops.

:func:`cyclesim.outcome.judge_table` judges a batch with NumPy passes over all runs: a
dozen passes over the saved series and their search tables, about 7 µs per run, a seventh
of a sweep's time. Here each run's series are read once, in a loop Numba compiles: the same
definition (module docstring of :mod:`cyclesim.outcome`), the same operations in the same
order, so the same floats (``tests/test_judge_loop.py`` checks every column against
:func:`judge_table`, bit for bit). Plain Python in the subset Numba compiles, copied into the
generated kernel module by :mod:`cyclesim.engine.kernel_source` and compiled there without
fast-math licences (NumPy fuses no multiply-add, so neither may this).

Two drivers: :func:`judge_runs` judges one run at a time (its series copied into rows);
:func:`judge_lanes`, for batches with stage series (every batch ``run_batch`` judges),
takes a tile of runs side by side, each time step one vector pass over the tile's runs,
and finishes each run (crossings, interpolation, class) with the same functions
(:func:`finish_one`, :func:`stage_record`): medians of 1.07-1.30 µs per run against
3.59-5.58 µs (5 000-run chunks).

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


def pairwise_sum(a, lo, n, frames, lefts):
    """NumPy's pairwise sum of ``a[lo:lo + n]`` (:func:`pairwise_sum_lanes` with one
    lane), so the sum has NumPy's rounding; ``frames`` and ``lefts`` (64) its stack."""
    res = np.empty(1)
    acc = np.empty(8)
    pairwise_sum_lanes(a[lo:lo + n], n, res, acc, frames, lefts)
    return res[0]


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


def stage_record(times, si, k, r, a, b, up, down, best, start_week, tolerance, exists,
                 floats, ends):
    """Stage ``k`` of run ``r`` (from index ``a`` to the switch ``b``; ``up``, ``down``
    and ``best`` of its stage improvement ``si``) into ``exists``, ``floats`` and
    ``ends``; its end (0 returned, 1 declined, 2 still on at the horizon)."""
    n = times.shape[0]
    had = up < b
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
    return end


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
        down = first_at_most(si, up, tolerance)
        end = stage_record(times, si, k, r, a, b, up, down, best, start_week, tolerance,
                           exists, floats, ends)
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
    up = first_at_least(c, begin, threshold)
    down = first_at_most(c, up, tolerance)
    best = highest(c, begin, n)
    peak = up
    below = n
    low = 0.0  # read only without a honeymoon
    if up < n:
        top = c[up]  # the first maximum of the honeymoon (or its first NaN), as np.argmax
        for t in range(up + 1, down):
            v = c[t]
            if math.isnan(top):
                break
            if v > top or math.isnan(v):
                top = v
                peak = t
        below = first_below(c, peak, threshold)
    else:
        low = lowest(c, begin, n)
    return finish_one(times, c, dependency, cost, ref, begin, threshold, tolerance, out, r,
                      up, down, peak, below, best, low, highest(dependency, 0, n),
                      integrated(times, c, begin, terms, frames, lefts))


def finish_one(times, c, dependency, cost, ref, begin, threshold, tolerance, out, r, up,
               down, peak, below, best, low, peak_dependency, integral):
    """What :func:`judge_one` writes for run ``r`` once its scans are done: ``up``,
    ``down``, ``peak`` and ``below`` (indices), the highest and lowest composite from
    ``begin``, the highest dependency and the integral; its class index."""
    n = times.shape[0]
    last = times[n - 1]
    returned = down < n
    at = crossing(times, c, min(down, n - 1), tolerance)
    return_week = at if returned else math.nan
    had = up < n
    out[RETURN_WEEK, r] = return_week
    out[RETURN_WEEK_CENSORED, r] = return_week if returned else last
    if had:
        rise = crossing(times, c, min(up, n - 1), threshold)
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
    out[PEAK_DEPENDENCY, r] = peak_dependency
    out[TOTAL_COST, r] = cost[n - 1]
    out[EXTRA_COST, r] = cost[n - 1] - ref * last
    out[INTEGRATED_IMPROVEMENT, r] = integral
    if had:
        return 0 if returned else 1
    return 3 if low <= -threshold else 2


TILE = 64  # runs whose series are copied out together (the default of judge_runs' tile)
LANE_TILE = 256  # runs judged side by side by judge_lanes (64: 1.39, 256: 1.07-1.30, 512: 1.23 µs per run)


def judge_runs(times, c, stage, si, dependency, cost, reference_cost, begin, start_week,
               threshold, tolerance, out, label, cycles, declined, exists, stage_floats,
               ends, tile):
    """Every run's outcome (:func:`cyclesim.outcome.judge_table`) of a batch without stage
    series (``stage`` zeros, ``si`` the composite; staged batches go to
    :func:`judge_lanes`; the series are times × runs): the float columns into ``out``
    (``FLOAT_COLUMNS`` × runs), the class index
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
            declined[r] = judge_stages(times, rows[1, j], rows[2, j], r, begin, start_week,
                                       threshold, tolerance, exists, stage_floats, ends)[1]
            cycles[r] = returned_count(rows[0, j], begin, threshold, tolerance)


# The judgement of a staged batch side by side: the runs of a tile are the lanes of
# vector operations, each time step one pass over them (no copying into rows, no scan
# stopping early), so the scans vectorise; what follows a run's scans (crossings,
# interpolations, its class) is done one run at a time, as in judge_one. The same
# comparisons and the same operations in the same order, so the same floats.


def block_sum_lanes(a, lo, n, res, acc):
    """NumPy's pairwise sum of ``a[lo:lo + n]`` for ``n <= 128`` in every lane at once
    (``a`` flat, times × lanes; ``res`` and eight rows of ``acc``: lanes long): one by
    one below 8, else eight accumulators, combined pairwise, then the rest one by one."""
    w = res.size
    if n < 8:
        for j in range(w):
            res[j] = 0.0
        for i in range(n):
            row = np.uint64((lo + i) * w)
            for j in range(w):
                res[j] += a[row + j]
        return
    for q in range(8):
        row = np.uint64((lo + q) * w)
        for j in range(w):
            acc[np.uint64(q * w + j)] = a[row + j]
    i = 8
    while i < n - n % 8:
        for q in range(8):
            row = np.uint64((lo + i + q) * w)
            for j in range(w):
                acc[np.uint64(q * w + j)] += a[row + j]
        i += 8
    w1, w2, w3, w4 = np.uint64(w), np.uint64(2 * w), np.uint64(3 * w), np.uint64(4 * w)
    w5, w6, w7 = np.uint64(5 * w), np.uint64(6 * w), np.uint64(7 * w)
    for j in range(w):
        res[j] = (((acc[j] + acc[w1 + j]) + (acc[w2 + j] + acc[w3 + j]))
                  + ((acc[w4 + j] + acc[w5 + j]) + (acc[w6 + j] + acc[w7 + j])))
    while i < n:
        row = np.uint64((lo + i) * w)
        for j in range(w):
            res[j] += a[row + j]
        i += 1


def pairwise_sum_lanes(a, n, res, acc, frames, lefts):
    """NumPy's pairwise sum of ``a[0:n]`` (flat, times × lanes) in every lane at once,
    into ``res``: :func:`block_sum_lanes` up to 128, else the sum of the halves (the first
    a multiple of 8). The halving depends on ``n`` only, so every lane takes the same
    path; it runs on a stack of its own (``frames``: start, length and which half is
    done, per level; ``lefts``: the first halves' sums, 64 levels × lanes), since Numba
    cannot cache a function that calls itself."""
    w = res.size
    if n <= 128:
        block_sum_lanes(a, 0, n, res, acc)
        return
    top = 0
    frames[0, 0] = 0
    frames[0, 1] = n
    descending = True
    while True:
        if descending:
            m = frames[top, 1]
            if m <= 128:
                block_sum_lanes(a, frames[top, 0], m, res, acc)
                top -= 1
                descending = False
            else:
                half = m // 2 - (m // 2) % 8
                frames[top, 2] = 0
                frames[top + 1, 0] = frames[top, 0]
                frames[top + 1, 1] = half
                top += 1
        elif top < 0:
            return
        elif frames[top, 2] == 0:  # the first half is summed: now the second
            row = np.uint64(top * w)
            for j in range(w):
                lefts[row + j] = res[j]
            frames[top, 2] = 1
            m = frames[top, 1]
            half = m // 2 - (m // 2) % 8
            frames[top + 1, 0] = frames[top, 0] + half
            frames[top + 1, 1] = m - half
            top += 1
            descending = True
        else:
            row = np.uint64(top * w)
            for j in range(w):
                res[j] = lefts[row + j] + res[j]
            top -= 1


def scan_lanes(cf, sf, df, n_runs, r0, begin, threshold, tolerance, ints, floats):
    """One pass over the times for the runs ``r0 …`` of a tile (``cf``, ``sf``, ``df``:
    the composite, stage improvement and dependency, flat times × runs): per lane the
    indices ``up``, ``down``, ``peak`` and ``below`` of :func:`judge_one` and ``up`` and
    ``down`` of a single stage (rows 0-5 of ``ints``), and the honeymoon's ``top``, the
    highest and lowest composite from ``begin``, the highest dependency and the highest
    stage improvement (rows 0-4 of ``floats``); both flat, rows × lanes. A maximum starts
    at -inf, which the first value replaces (or, -inf itself, equals), as
    :func:`highest` starts from the first value."""
    w = ints.size // 6
    n = cf.size // n_runs
    w1, w2, w3, w4, w5 = np.uint64(w), np.uint64(2 * w), np.uint64(3 * w), np.uint64(4 * w), \
        np.uint64(5 * w)
    for j in range(w):
        for k in range(6):  # up, down, peak, below, stage up, stage down: none yet
            ints[np.uint64(k * w + j)] = n
        floats[j] = math.nan
        floats[w1 + j] = -math.inf
        floats[w2 + j] = math.inf
        floats[w3 + j] = -math.inf
        floats[w4 + j] = -math.inf
    for t in range(begin):  # the dependency's maximum runs over every time
        row = np.uint64(t * n_runs + r0)
        for j in range(w):
            d = df[row + j]
            dbest = floats[w3 + j]
            floats[w3 + j] = d if (d > dbest) | (d != d) else dbest
    for t in range(begin, n):
        row = np.uint64(t * n_runs + r0)
        for j in range(w):
            v = cf[row + j]
            d = df[row + j]
            s = sf[row + j]
            best = floats[w1 + j]
            floats[w1 + j] = v if (v > best) | (v != v) else best
            low = floats[w2 + j]
            floats[w2 + j] = v if (v < low) | (v != v) else low
            dbest = floats[w3 + j]
            floats[w3 + j] = d if (d > dbest) | (d != d) else dbest
            sbest = floats[w4 + j]
            floats[w4 + j] = s if (s > sbest) | (s != s) else sbest
            up = ints[j]
            down = ints[w1 + j]
            below = ints[w3 + j]
            top = floats[j]
            first = (up == n) & (v >= threshold)
            inside = (up < t) & (down == n)  # up < t <= down: the honeymoon's loop
            falls = inside & (v <= tolerance)
            rises = inside & ~falls & (top == top) & ((v > top) | (v != v))
            moved = first | rises  # the peak moves here: the search below restarts
            ints[j] = t if first else up
            ints[w1 + j] = t if falls else down
            ints[w2 + j] = t if moved else ints[w2 + j]
            floats[j] = v if moved else top
            below = n if moved else below
            had = (up < n) | first
            ints[w3 + j] = t if had & (below == n) & (v < threshold) else below
            sup = ints[w4 + j]
            sdown = ints[w5 + j]
            ints[w4 + j] = t if (sup == n) & (s >= threshold) else sup
            ints[w5 + j] = t if (sup < t) & (sdown == n) & (s <= tolerance) else sdown


def terms_lanes(times, cf, n_runs, r0, begin, terms):
    """:func:`integrated`'s trapezoid terms of the runs ``r0 …`` of a tile (flat, times ×
    lanes, into ``terms``)."""
    n = times.shape[0]
    m = n - begin - 1
    w = terms.size // max(m, 1)
    for i in range(m):
        t = begin + i
        step = times[t + 1] - times[t]
        here = np.uint64(t * n_runs + r0)
        after = np.uint64((t + 1) * n_runs + r0)
        row = np.uint64(i * w)
        for j in range(w):
            terms[row + j] = step * (cf[after + j] + cf[here + j]) / 2.0


def judge_lanes(times, c, stage, si, dependency, cost, reference_cost, counts, begin,
                start_week, threshold, tolerance, out, label, cycles, declined, exists,
                stage_floats, ends, tile):
    """:func:`judge_runs` of a staged batch, ``tile`` runs side by side (the scans by
    :func:`scan_lanes`, the integral by :func:`pairwise_sum_lanes`); a run with more
    than one stage (``counts``) has its stages judged alone by :func:`judge_stages`."""
    n = times.shape[0]
    n_runs = c.shape[1]
    m = n - begin - 1
    cf = c.reshape(n * n_runs)
    sf = si.reshape(n * n_runs)
    df = dependency.reshape(n * n_runs)
    ints = np.empty(6 * tile, dtype=np.int64)
    floats = np.empty(5 * tile)
    terms = np.empty(max(m, 1) * tile)
    sums = np.empty(tile)
    acc = np.empty(8 * tile)
    lefts = np.empty(64 * tile)
    frames = np.empty((64, 3), dtype=np.int64)
    for r0 in range(0, n_runs, tile):
        w = min(tile, n_runs - r0)
        scan_lanes(cf, sf, df, n_runs, r0, begin, threshold, tolerance, ints[:6 * w],
                   floats[:5 * w])
        terms_lanes(times, cf, n_runs, r0, begin, terms[:max(m, 1) * w])
        pairwise_sum_lanes(terms[:max(m, 1) * w], m, sums[:w], acc[:8 * w], frames,
                           lefts[:64 * w])
        for j in range(w):
            r = r0 + j
            label[r] = finish_one(times, c[:, r], dependency[:, r], cost[:, r],
                                  reference_cost[r], begin, threshold, tolerance, out, r,
                                  ints[j], ints[w + j], ints[2 * w + j], ints[3 * w + j],
                                  floats[w + j], floats[2 * w + j], floats[3 * w + j],
                                  0.0 + sums[j])
            if counts[r] == 1:
                end = stage_record(times, si[:, r], 0, r, begin, n, ints[4 * w + j],
                                   ints[5 * w + j], floats[4 * w + j], start_week,
                                   tolerance, exists, stage_floats, ends)
                cycles[r] = end == 0
                declined[r] = 0
            else:
                cycles[r], declined[r] = judge_stages(times, stage[:, r], si[:, r], r, begin,
                                                      start_week, threshold, tolerance,
                                                      exists, stage_floats, ends)


JUDGE_FUNCTIONS = (first_at_least, first_at_most, first_below, highest, lowest, crossing,
                   interp_at, block_sum_lanes, pairwise_sum_lanes, pairwise_sum, integrated,
                   next_switch, stage_counts, stage_record, judge_stages, returned_count,
                   finish_one, judge_one, judge_runs, scan_lanes, terms_lanes, judge_lanes)
# called from Python, or compiled apart with ``noalias`` arguments (JUDGE_NOALIAS, so
# their loops over the lanes vectorise); the rest inlined
JUDGE_NOALIAS = (block_sum_lanes, pairwise_sum_lanes, scan_lanes, terms_lanes)
JUDGE_ENTRIES = (stage_counts, judge_runs, judge_lanes) + JUDGE_NOALIAS
