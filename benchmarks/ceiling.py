"""How close the compiled engine is to the machine's limit: floating-point operations
per run, counted from the generated kernels, against the peak of the processor.

Counted operations: ``+ - * /`` and each float comparison (the selects of the lookups,
clamps and choices), in the source that :mod:`cyclesim.engine.block_source` and
:mod:`cyclesim.engine.kernel_source` generate from the listing; a table lookup counts
the operations of its generated function. A division counts as one, though it costs
several times a multiplication, so the fraction of peak is an upper bound on how much
faster the same arithmetic could go.

Per run: the step body times the steps, plus the rest solve: the lane evaluations its
lockstep blocks execute (counted on a sample by running the solver in Python around the
compiled evaluation; lanes that ride along after converging count, as the machine does
that work), each Euler relaxation update, and the LU factorisations and substitutions.
Peak: cores × clock × flops per cycle per core, from ``/proc/cpuinfo``: two fused
multiply-add units per core (Intel server cores since Haswell), each doing
``vector width × 2`` flops per cycle: 16 with AVX2 (4 doubles), 32 with AVX-512.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass

import numpy as np

FLOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def count_flops(node: ast.AST, lookups: dict[str, int]) -> int:
    """Floating-point operations in ``node``: arithmetic, comparisons, and the
    operations of the called lookup functions (``lookups``: name → count). The integer
    arithmetic of array indices (``xs[16 + j]``) is not counted."""
    total = 0
    stack = [node]
    while stack:
        sub = stack.pop()
        if isinstance(sub, ast.Subscript):
            stack.append(sub.value)  # its index is integer arithmetic
            continue
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, FLOPS):
            total += 1
        elif isinstance(sub, ast.Compare):
            total += len(sub.ops)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            total += lookups.get(sub.func.id, 0)
        stack.extend(ast.iter_child_nodes(sub))
    return total


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


def _lane_loop(func: ast.FunctionDef) -> ast.For:
    """The innermost ``for j in range(...)`` loop of a block kernel: its lane body."""
    loops = [node for node in ast.walk(func) if isinstance(node, ast.For)
             and isinstance(node.target, ast.Name) and node.target.id == "j"
             and len(node.body) > 20]
    return loops[-1]


@dataclass(frozen=True)
class Ceiling:
    step_flops: int  # per run and step of the trajectory
    eval_flops: int  # per run evaluation in the rest solve
    rest_evaluations: float  # lane evaluations per run (lockstep blocks)
    rest_linear_flops: float  # relaxation updates, LU factors and substitutions per run
    steps: int

    @property
    def per_run(self) -> float:
        return (self.step_flops * (self.steps + 1) + self.eval_flops * self.rest_evaluations
                + self.rest_linear_flops)


def _lu_flops(n: int) -> tuple[int, int]:
    """Flops of :func:`rest_newton.factor` and :func:`rest_newton.lu_solve_into` at size n."""
    factor = sum((n - c - 1) * (1 + 2 * (n - c - 1)) + (n - c - 1) for c in range(n))
    return factor, 2 * n * (n - 1) + n


def rest_work(model, base: dict, n_runs: int) -> tuple[float, float]:
    """Lane evaluations and other flops per run of the lockstep rest solve, counted on
    ``n_runs`` runs (parameters ``base``) by running it in Python around the compiled
    evaluations."""
    from cyclesim.engine import rest_block, rest_newton
    from cyclesim.engine.base import (FALLBACK_RELAX_WEEKS, LINE_SEARCH_HALVINGS,
                                      NEWTON_ITERATIONS, RELAX_DT, RELAX_WEEKS, TOLERANCE,
                                      first_guess, free_stocks)
    from cyclesim.engine.compiled import CompiledRest
    from cyclesim.engine.kernel_source import LANES
    from cyclesim.engine.rest_start import rest_start

    rest = CompiledRest(base, model, n_runs, RELAX_DT)
    free = free_stocks(model).astype(np.int64)
    f_flops, s_flops = _lu_flops(free.size)
    counts = {"lanes": 0, "other": 0.0}

    def block(xs, ps, dt, rt):
        counts["lanes"] += LANES
        rest.module.rates_block(xs, ps, dt, rt)

    def one(state, params, dt, rate, values):
        counts["lanes"] += 1
        rest.module.rates_one(state, params, dt, rate, values)

    def factor(a, lu, piv):
        counts["other"] += f_flops
        return rest.module.factor(a, lu, piv)

    def lu_solve_into(lu, piv, regular, x):
        counts["other"] += s_flops
        rest.module.lu_solve_into(lu, piv, regular, x)

    def factor_lanes(a, need, lu, piv, regular, pivot_row, multiplier):  # every lane's
        counts["other"] += LANES * f_flops  # elimination, whether it needs one or not
        rest.module.factor_lanes(a, need, lu, piv, regular, pivot_row, multiplier)

    def solve_lanes(lu, piv, regular, x, pivot_x, total):  # likewise every lane's
        counts["other"] += LANES * s_flops
        rest.module.solve_lanes(lu, piv, regular, x, pivot_x, total)

    saved = {m: dict(vars(m)) for m in (rest_block, rest_newton)}
    try:
        for module in (rest_block, rest_newton):
            module.rates_block, module.rates_one = block, one
            module.factor, module.lu_solve_into, module.LANES = factor, lu_solve_into, LANES
        rest_block.solve_lanes, rest_block.factor_lanes = solve_lanes, factor_lanes
        state = rest_start(base, model, n_runs)
        relax_steps = int(RELAX_WEEKS / RELAX_DT)
        rest_block.solve_rest_block(state, first_guess(base, model, n_runs), rest.PT, RELAX_DT, free, relax_steps,
                                    int(FALLBACK_RELAX_WEEKS / RELAX_DT), NEWTON_ITERATIONS,
                                    LINE_SEARCH_HALVINGS, TOLERANCE,
                                    np.empty((n_runs, state.shape[0])), np.empty((n_runs, 0)))
    finally:
        for module, names in saved.items():
            for name in ("rates_block", "rates_one", "factor", "lu_solve_into", "LANES",
                         "solve_lanes", "factor_lanes"):
                if name in names:
                    setattr(module, name, names[name])
                elif hasattr(module, name):
                    delattr(module, name)
    relax_updates = 2 * free.size * relax_steps * LANES * -(-n_runs // LANES) / n_runs
    return counts["lanes"] / n_runs, counts["other"] / n_runs + relax_updates


def ceiling(model, base: dict, steps: int, saved: tuple[str, ...], n_runs: int = 64,
            fixed: bool = False) -> Ceiling:
    """The flop count of ``model``'s kernels, with the rest solve counted on ``n_runs``
    (the block kernel saving ``saved``, of the ``fixed`` kind or not, as batches run it)."""
    from cyclesim.engine.block_source import block_source
    from cyclesim.engine.kernel_source import (kernel_source, layout, lookup_name,
                                               lookup_source)

    lookups = {lookup_name(t): count_flops(ast.parse(lookup_source(t)), {})
               for t in model.tables}
    for extremum in ("_minimum", "_maximum", "_minimum_of", "_maximum_of"):
        lookups[extremum] = 1
    lay = layout(model)
    step = count_flops(_lane_loop(_functions(block_source(model, lay, saved, fixed))
                                  ["trajectory_block"]), lookups)
    evaluation = count_flops(_lane_loop(_functions(kernel_source(model))["rates_block"]),
                             lookups)
    evaluations, other = rest_work(model, base, n_runs)
    return Ceiling(step, evaluation, evaluations, other, steps)


def cpu_peak() -> tuple[int, float, dict[str, float]]:
    """Cores, clock [GHz] and peak double-precision Gflop/s for AVX2 and (if the flags
    say so) AVX-512, from ``/proc/cpuinfo``."""
    cores = os.cpu_count() or 1
    mhz, flags = 0.0, set()
    with open("/proc/cpuinfo") as info:
        for line in info:
            key, _, value = line.partition(":")
            if key.strip() == "cpu MHz":
                mhz = max(mhz, float(value))
            elif key.strip() == "flags":
                flags = set(value.split())
    ghz = mhz / 1000.0
    peaks = {}
    if "avx2" in flags and "fma" in flags:
        peaks["AVX2"] = cores * ghz * 16
    if "avx512f" in flags:
        peaks["AVX-512"] = cores * ghz * 32
    return cores, ghz, peaks
