"""The model listing as the source text of compiled kernels (one loop per run).

The batched NumPy engine applies each equation to a whole array of runs, one NumPy call
per operation. For sweeps of hundreds of thousands of runs, :mod:`cyclesim.engine.compiled`
instead compiles (with Numba) a loop that takes one run at a time through all its weeks,
every quantity a local number. This module writes that loop's source: every equation of
the listing is traced with :class:`Code` symbols into a Python expression, fully
parenthesised so the operations happen in the order the listing performs them, with
table lookups and clamps spelled exactly as :func:`numpy.interp`, :func:`numpy.minimum`,
:func:`numpy.maximum` and :func:`numpy.where` compute them. The compiled engine therefore
gives the NumPy engine's numbers (the tests compare them).

Two kernels are written: ``trajectory`` (Euler integration with the policy plan, saving
chosen variables) and ``rest_rates`` (one evaluation in reference mode, where each
``reference_X`` is ``X`` itself, for solving the rest state).
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass
from typing import Any

from cyclesim.engine import judge_loop, rest_block, rest_newton
from cyclesim.engine.base import free_stocks
from cyclesim.model.params import POLICY_PARAMETERS
from cyclesim.model.primitives import Table
from cyclesim.model.graph import ENGINE_INPUTS, Structure
from cyclesim.model.trace import Tracer, trace_equation

KERNEL_FORMAT = 1  # bump when the generated text changes shape (part of the cache key)
# Numba options of every kernel. Of the fast-math licences only these: a division by a
# run's constant may become a multiplication by its reciprocal, computed once ("arcp");
# a multiply-add may be fused ("contract"); the sign of zero may be ignored ("nsz").
# Each changes a result in the last bits only (the tests bound the difference from the
# NumPy engine); NaN and infinity keep their meaning, which the policy table relies on.
FASTMATH = ("arcp", "contract", "nsz")
LANES = 16  # runs side by side in the block kernels: a multiple of the widest vector
JIT = "{'error_model': 'numpy', 'nogil': True, 'fastmath': {%s}}" % ", ".join(
    repr(flag) for flag in FASTMATH)  # source text: the same on every run (no set order)


def number(value: float) -> str:
    """A float literal that reads back as exactly ``value``."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"the listing uses a non-finite constant {value!r}")
    return f"({value!r})" if value < 0 or repr(value).startswith("-") else repr(value)


@dataclass(frozen=True)
class Code(Tracer):
    """A Python expression over the kernel's local names."""

    text: str

    def binary(self, op: str, left: Any, right: Any) -> "Code":
        return Code(f"({text(left)} {op} {text(right)})")

    def unary(self, op: str) -> "Code":
        return Code(f"({op}{self.text})")

    def trace_call(self, op: str, *args: Any) -> "Code":
        if op == "lookup":
            return Code(f"{lookup_name(args[1])}({text(args[0])})")
        if op in ("minimum", "maximum"):
            return Code(_extremum(op, *args))
        if op == "if_positive":
            cond, then, otherwise = (text(a) for a in args)
            return Code(f"({then} if {cond} > 0.0 else {otherwise})")
        raise ValueError(f"no kernel spelling for primitive {op!r}")


def _extremum(op: str, a: Any, b: Any) -> str:
    """``np.minimum(a, b)`` or ``np.maximum(a, b)``. With a literal (never NaN) among the
    arguments, ``_minimum_of(x, k)`` (``_maximum_of``): one select that keeps ``x`` unless
    ``k`` is smaller (larger), so a NaN ``x`` stays NaN; the compiler makes it one
    min (max) instruction, where ``_minimum`` takes four to let a NaN in either
    argument through."""
    if not isinstance(a, Code) and isinstance(b, Code):
        a, b = b, a
    if isinstance(a, Code) and not isinstance(b, Code):
        return f"_{op}_of({text(a)}, {text(b)})"
    return f"_{op}({text(a)}, {text(b)})"


def text(value: Any) -> str:
    """Source text of a traced value or a number."""
    return value.text if isinstance(value, Code) else number(value)


def lookup_name(table: Table) -> str:
    return f"lookup_{table.name}"


def lookup_source(table: Table) -> str:
    """A table function as branch-free code with the arithmetic of :func:`numpy.interp`:
    every segment's ``slope * (x - x_j) + y_j`` is computed, then the one that holds ``x``
    is selected (end values outside the table). Selecting among computed values, rather
    than branching, lets the compiler run several runs at once (SIMD). The selection
    starts from the first segment and takes a later one where ``x >= x_j``: every
    comparison is false for NaN, so NaN keeps the first segment's value, NaN, as
    :func:`numpy.interp` gives, without a test of its own."""
    xs, ys = table.x, table.y
    lines = ["@njit(inline='always', **JIT)",
             f"def {lookup_name(table)}(x):"]
    for j in range(len(xs) - 1):
        slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
        lines.append(f"    c{j} = {number(slope)} * (x - {number(xs[j])}) + {number(ys[j])}")
    # each choice gets a name of its own: names assigned once keep Numba's SSA pass, a
    # large part of the compile, short
    last = len(xs) - 1
    lines.append("    y0 = c0")
    for j in range(1, last):
        lines.append(f"    y{j} = c{j} if x >= {number(xs[j])} else y{j - 1}")
    lines += [f"    y{last} = {number(ys[-1])} if x >= {number(xs[-1])} else y{last - 1}",
              f"    return {number(ys[0])} if x < {number(xs[0])} else y{last}"]
    return "\n".join(lines)


HELPERS = '''\
@njit(inline='always', **JIT)
def _minimum(a, b):
    return a if (a < b) | (a != a) else b


@njit(inline='always', **JIT)
def _maximum(a, b):
    return a if (a > b) | (a != a) else b


@njit(inline='always', **JIT)
def _minimum_of(x, k):
    return k if k < x else x


@njit(inline='always', **JIT)
def _maximum_of(x, k):
    return k if k > x else x
'''


@dataclass(frozen=True)
class Layout:
    """Which row of the kernels' arrays holds which quantity."""

    stocks: tuple[str, ...]
    variables: tuple[str, ...]  # stocks, then equations in evaluation order
    params: tuple[str, ...]  # rows of P in the trajectory kernel (with reference_ values)
    rest_params: tuple[str, ...]  # rows of P in the rest kernel (start values are computed)
    policy: tuple[str, ...]  # columns of the policy schedule, all of them in ``params``


def layout(model: Structure) -> Layout:
    """Rows and columns of the kernels' arrays for ``model``."""
    variables = model.variable_names
    inputs = {i for eq in model.equations for i in eq.inputs}
    params = tuple(sorted(inputs - set(variables) - set(ENGINE_INPUTS)))
    computed = {f"reference_{r}" for r in model.references}
    rest = tuple(p for p in params if p not in computed)
    policy = tuple(p for p in POLICY_PARAMETERS if p in params)
    return Layout(model.stock_names, variables, params, rest, policy)


def _symbol(name: str, model: Structure, reference_mode: bool) -> str:
    if name in ENGINE_INPUTS:
        return name
    base = name.removeprefix("reference_")
    if reference_mode and name.startswith("reference_") and base in model.references:
        name = base
    if name in model.stock_names:
        return "s_" + name
    if any(eq.name == name for eq in model.equations):
        return "v_" + name
    return "p_" + name


def reads(model: Structure, roots: list[str], held: dict | frozenset = frozenset()
          ) -> set[str]:
    """Every name ``roots`` read, directly or through equations, the roots included
    (equations, stocks, parameters); what an equation in ``held`` reads is not followed
    (it is given)."""
    equations = {eq.name: eq for eq in model.equations}
    seen: set[str] = set()
    roots = list(roots)
    while roots:
        name = roots.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in equations and name not in held:
            roots.extend(equations[name].inputs)
    return seen


def _equation_lines(model: Structure, reference_mode: bool, indent: str,
                    needed: set[str] | None = None) -> list[str]:
    """The listing's equations in order (only the ``needed`` ones, if given)."""
    lines = []
    for eq in model.equations:
        if needed is not None and eq.name not in needed:
            continue
        expr = trace_equation(eq.func, eq.inputs,
                              lambda n: Code(_symbol(n, model, reference_mode)))
        lines.append(f"{indent}v_{eq.name} = {text(expr)}")
    return lines


def _rate_text(model: Structure, stock) -> str:
    """Net flow as the NumPy engine sums it: ``0.0 + in1 + in2 - out1 ...``."""
    rate = "0.0"
    for f in stock.inflows:
        rate = f"({rate} + v_{f})"
    for f in stock.outflows:
        rate = f"({rate} - v_{f})"
    return rate


def _load_lines(model: Structure, params: tuple[str, ...], stocks: str, param: str,
                indent: str) -> list[str]:
    lines = [f"{indent}s_{s} = {stocks.format(i=i)}" for i, s in enumerate(model.stock_names)]
    lines += [f"{indent}p_{p} = {param.format(i=i)}" for i, p in enumerate(params)]
    return lines


def _policy_lines(model: Structure, lay: Layout, indent: str) -> list[str]:
    """Policy values of this step: ``pol[n, level, j]`` holds the plan's value at the
    stage level the run has reached (NaN: the run's own value, in ``P``)."""
    lines = [f"{indent}level = 0"]
    if "escalation_stage" in model.stock_names:
        lines += [f"{indent}for k in range(pol.shape[1] - 1):",
                  f"{indent}    level += s_escalation_stage >= k + 0.5"]
    for j, name in enumerate(lay.policy):
        lines += [f"{indent}p_{name} = pol[n, level, {j}]",
                  f"{indent}if p_{name} != p_{name}:",
                  f"{indent}    p_{name} = P[{lay.params.index(name)}, r]"]
    return lines


def _symbol_of(lay: Layout, name: str) -> str:
    return ("s_" if name in lay.stocks else "v_") + name


def trajectory_source(model: Structure, lay: Layout) -> str:
    """Euler integration of every run from ``S`` over ``n_steps`` steps of ``dt``, one
    run at a time with every quantity a local number; variable ``i`` of the layout is
    saved to ``out[slot[i], t, r]`` unless ``slot[i]`` is -1."""
    i8, i12 = " " * 8, " " * 12
    lines = ["@njit(cache=True, **JIT)",
             "def trajectory(S, P, pol, n_steps, dt, per_save, slot, out):",
             "    for r in range(S.shape[1]):"]
    lines += _load_lines(model, lay.params, "S[{i}, r]", "P[{i}, r]", i8)
    lines += [f"{i8}for n in range(n_steps + 1):", f"{i12}time = n * dt"]
    lines += _policy_lines(model, lay, i12)
    lines += _equation_lines(model, False, i12)
    lines += [f"{i12}if n % per_save == 0:", f"{i12}    t = n // per_save"]
    for i, name in enumerate(lay.variables):
        lines += [f"{i12}    if slot[{i}] >= 0:",
                  f"{i12}        out[slot[{i}], t, r] = {_symbol_of(lay, name)}"]
    lines += [f"{i12}if n == n_steps:", f"{i12}    break"]
    lines += [f"{i12}d_{s.name} = {_rate_text(model, s)}" for s in model.stocks]
    lines += [f"{i12}s_{s.name} = s_{s.name} + dt * d_{s.name}" for s in model.stocks]
    return "\n".join(lines)


def rates_one_source(model: Structure, lay: Layout) -> str:
    """One run's net flows (into ``rate``) and, unless ``values`` is empty, every variable
    (into ``values``) at the stocks ``st``, in reference mode: the rest state's
    evaluation."""
    i4 = " " * 4
    lines = ["@njit(cache=True, **JIT)",
             "def rates_one(st, p, dt, rate, values):",
             f"{i4}time = 0.0"]
    lines += _load_lines(model, lay.rest_params, "st[{i}]", "p[{i}]", i4)
    lines += _equation_lines(model, True, i4)
    lines += [f"{i4}rate[{i}] = {_rate_text(model, s)}" for i, s in enumerate(model.stocks)]
    lines.append(f"{i4}if values.size:")
    lines += [f"{i4}    values[{i}] = {_symbol_of(lay, name)}"
              for i, name in enumerate(lay.variables)]
    return "\n".join(lines)


def rates_block_source(model: Structure, lay: Layout) -> str:
    """``rates_block(xs, ps, dt, rt)``: the net flows of ``LANES`` runs side by side in
    reference mode (the rest state's evaluation, as ``rates_one`` of
    :mod:`cyclesim.engine.kernel_source`), stock ``k`` of lane ``j`` at ``k * LANES + j``
    of ``xs`` and ``rt``, rest parameter ``i`` at ``i * LANES + j`` of ``ps``. The block
    solver reads the flows of the stocks it moves only (:func:`free_stocks`), so only the
    equations those depend on are computed, and the other stocks' rows of ``rt`` are 0.0."""
    i4, i8 = " " * 4, " " * 8
    free = {model.stocks[k].name for k in free_stocks(model)}
    needed = reads(model, [f for stock in model.stocks if stock.name in free
                           for f in stock.inflows + stock.outflows])
    lines = ["@njit(cache=True, pipeline_class=NoAliasCompiler, **JIT)",
             "def rates_block(xs, ps, dt, rt):",
             f"{i4}time = 0.0",
             f"{i4}for j in range({LANES}):"]
    lines += [f"{i8}s_{s} = xs[{k * LANES} + j]" for k, s in enumerate(lay.stocks)]
    lines += [f"{i8}p_{p} = ps[{k * LANES} + j]" for k, p in enumerate(lay.rest_params)]
    lines += _equation_lines(model, True, i8, needed)
    lines += [f"{i8}rt[{k * LANES} + j] = "
              + (_rate_text(model, s) if s.name in free else "0.0")
              for k, s in enumerate(model.stocks)]
    return "\n".join(lines)



REST_VALUES = '''\
@njit(cache=True, **JIT)
def rest_values(ST, PT, dt, rate, V):
    for r in range(ST.shape[0]):
        rates_one(ST[r], PT[r], dt, rate[r], V[r])
'''


def solver_source() -> str:
    """The rest-state solvers, compiled here: per run (:mod:`cyclesim.engine.rest_newton`)
    and per block of runs in lockstep (:mod:`cyclesim.engine.rest_block`)."""
    parts = [f"LANES = {LANES}", ""]
    for func in rest_newton.SOLVER_FUNCTIONS + rest_block.SOLVER_FUNCTIONS:
        pipeline = "pipeline_class=NoAliasCompiler, " if func in rest_block.NOALIAS else ""
        parts += [f"@njit(cache=True, {pipeline}**JIT)", inspect.getsource(func), ""]
    return "\n".join(parts)


# The judgement's options: no fast-math licence, so no multiply-add is fused and no
# division becomes a reciprocal, as in NumPy's judgement whose floats it must give.
JUDGE_JIT = "{'error_model': 'numpy', 'nogil': True}"


def judge_source() -> str:
    """The judgement one run at a time (:mod:`cyclesim.engine.judge_loop`), compiled here."""
    parts = [f"JUDGE_JIT = {JUDGE_JIT}"]
    parts += [f"{name.upper()} = {row}" for row, name in enumerate(judge_loop.FLOAT_COLUMNS)]
    parts.append("")
    for func in judge_loop.JUDGE_FUNCTIONS:
        inline = "" if func in judge_loop.JUDGE_ENTRIES else "inline='always', "
        if func in judge_loop.JUDGE_NOALIAS:
            inline += "pipeline_class=NoAliasCompiler, "
        parts += [f"@njit({inline}cache=True, **JUDGE_JIT)", inspect.getsource(func), ""]
    return "\n".join(parts)


def module_prelude(model: Structure, generator: str, comment: str) -> list[str]:
    """The opening of a generated kernel module: its docstring and format comment, the
    imports, the JIT options, the helpers and ``model``'s table lookups."""
    return ([f'"""Generated by {generator} from the model listing; do not edit."""',
             f"# kernel format {KERNEL_FORMAT}{comment}",
             "import math", "import numpy as np", "from numba import njit",
             "from cyclesim.engine.noalias import NoAliasCompiler", "", f"JIT = {JIT}", "",
             HELPERS]
            + [lookup_source(t) + "\n\n" for t in model.tables])


def kernel_source(model: Structure) -> str:
    """The whole generated module for ``model``."""
    lay = layout(model)
    parts = module_prelude(model, "cyclesim.engine.kernel_source", "")
    parts += [trajectory_source(model, lay), "", "", rates_one_source(model, lay), "", "",
              rates_block_source(model, lay), "", "", REST_VALUES, "", solver_source(), "",
              judge_source()]
    return "\n".join(parts)
