"""The listing as a block kernel: many runs side by side, so each step runs on SIMD lanes.

The ``trajectory`` kernel of :mod:`cyclesim.engine.kernel_source` takes one run at a time
through all its weeks, one number per operation. This module writes ``trajectory_block``,
which takes a block of ``LANES`` runs through each step together: the block's stocks and
parameters sit in small arrays with the runs innermost (row ``k`` of the block at
``k * LANES + lane``), and the step is one loop over the lanes whose body is the listing's
equations, branch-free (selects, as the lookups and clamps are written), so LLVM turns it
into vector instructions (4 or 8 runs per instruction). Every run does the same arithmetic
in the same order as in the one-run kernel, so the numbers are the same.

Only a fixed set of variables (``saved``, e.g. the series the judgement reads) is kept,
copied out at the save steps; other saves use the one-run kernel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cyclesim.engine.held_stage import HELD, STAGE
from cyclesim.engine.kernel_source import (LANES, Code, Layout, _rate_text, _symbol,
                                           _symbol_of, layout, module_prelude, number,
                                           reads)
from cyclesim.model.graph import Structure
from cyclesim.model.params import PARAMETERS
from cyclesim.model.primitives import Table
from cyclesim.model.trace import Tracer, trace_equation


# stage levels a policy plan can have: no stage, and at most the upper bound of the
# listing's escalation_stages (a plan with more runs on the one-run kernel)
LEVELS = int(PARAMETERS["escalation_stages"].upper) + 1


@dataclass
class Reciprocals:
    """Denominators that are run constants (parameters only), each given a name."""

    names: dict[str, str] = field(default_factory=dict)

    def name(self, denominator: str) -> str:
        return self.names.setdefault(denominator, f"q_{len(self.names)}")


@dataclass(frozen=True)
class Term(Tracer):
    """Kernel source text (:class:`Code`) that knows whether it is a run constant: a
    division by a run constant becomes a multiplication by its reciprocal, computed once
    per block before the steps. That is the licence (``arcp``) the one-run kernel gives
    LLVM, which hoists such a reciprocal out of its step loop by itself; in the block
    kernel the parameters are loaded in the lane loop, so the hoisting is done here.
    Literal denominators are left to LLVM."""

    code: Code
    const: bool
    recips: Reciprocals
    literal: bool = False

    def wrap(self, value: Any) -> "Term":
        if isinstance(value, Term):
            return value
        return Term(Code(number(value)), True, self.recips, literal=True)

    def binary(self, op: str, left: Any, right: Any) -> "Term":
        left, right = self.wrap(left), self.wrap(right)
        const = left.const and right.const
        if op == "/" and right.const and not right.literal:
            name = self.recips.name(right.code.text)
            return Term(Code(f"({left.code.text} * {name})"), const, self.recips)
        return Term(left.code.binary(op, left.code, right.code), const, self.recips)

    def unary(self, op: str) -> "Term":
        return Term(self.code.unary(op), self.const, self.recips)

    def trace_call(self, op: str, *args: Any) -> "Term":
        terms = [self.wrap(a) for a in args if not isinstance(a, Table)]
        plain = [a.code if isinstance(a, Term) else a for a in args]
        return Term(self.code.trace_call(op, *plain), all(t.const for t in terms),
                    self.recips)


def _equation_lines(model: Structure, lay: Layout, recips: Reciprocals, indent: str,
                    needed: set[str], held: dict[str, float]) -> list[str]:
    """The ``needed`` equations of the listing (trajectory mode, in its order) with
    run-constant denominators named in ``recips``: parameters other than the policy
    levers, and ``dt``, are constants. An equation in ``held`` is its value there."""
    def make(name: str) -> Term:
        symbol = _symbol(name, model, False)
        const = name == "dt" or (symbol.startswith("p_") and name not in lay.policy)
        return Term(Code(symbol), const, recips)

    lines = []
    for eq in model.equations:
        if eq.name not in needed:
            continue
        text = (number(held[eq.name]) if eq.name in held
                else trace_equation(eq.func, eq.inputs, make).code.text)
        lines.append(f"{indent}v_{eq.name} = {text}")
    return lines


def needed_parts(model: Structure, saved: tuple[str, ...],
                 held: dict[str, float]) -> tuple[set[str], set[str]]:
    """The equations and stocks a block kernel saving ``saved`` has to compute, the
    equations in ``held`` being constants: the saved variables, the stocks any of them
    reads (through any chain of equations), those stocks' flows, what those read, and so
    on. A stock outside that set is read by nothing the kernel keeps (an accumulator such
    as ``cumulative_hires``, or what only a held equation read), so it is left where it
    starts: no saved number depends on it."""
    stocks = {stock.name: stock for stock in model.stocks}
    live: set[str] = set()
    while True:
        seen = reads(model, list(saved) + [f for name in live
                                           for f in stocks[name].inflows
                                           + stocks[name].outflows], held)
        grown = {name for name in seen if name in stocks}
        if grown <= live:
            return {eq.name for eq in model.equations if eq.name in seen}, live
        live |= grown



def _policy_lines(model: Structure, lay: Layout, indent: str, fixed: bool) -> list[str]:
    """This step's policy values at the stage level each run has reached, without a loop
    over the levels (a loop in the lane loop would stop it vectorising) and without
    reading the table at a different place per lane (a gather: several times slower
    than the selects): the level is ``stage + 0.5`` clamped to ``[0, levels - 1]``
    and truncated, so the value is the table's at the highest level ``k`` (at most
    ``LEVELS - 1``, the most a plan can have) with ``lv >= k``; each level's value is
    the same for every lane (``lk_k``: level ``k``, or the top one where the plan has
    fewer). A ``fixed`` kernel runs plans of one level only: level 0, no selects."""
    staged = STAGE in model.stock_names and not fixed
    lines = []
    if staged:
        lines += [f"{indent}lv_0 = s_escalation_stage + 0.5",
                  f"{indent}lv_1 = lv_0 if lv_0 < top else top",
                  f"{indent}lv = lv_1 if lv_1 > 0.0 else 0.0"]
        lines += [f"{indent}at_{k} = lv >= {float(k)!r}" for k in range(1, LEVELS)]
    top_level = LEVELS - 1 if staged else 0
    for j, name in enumerate(lay.policy):  # every name assigned once (see lookup_source)
        row = lay.params.index(name)
        lines.append(f"{indent}pv_{j}_0 = pol[n, 0, {j}]")
        if staged:
            lines += [f"{indent}pv_{j}_{k} = pol[n, lk_{k}, {j}] if at_{k} else pv_{j}_{k - 1}"
                      for k in range(1, LEVELS)]
        q = f"pv_{j}_{top_level}"
        lines.append(f"{indent}p_{name} = {q} if {q} == {q} else ps[{row * LANES} + j]")
    return lines


def block_source(model: Structure, lay: Layout, saved: tuple[str, ...],
                 fixed: bool = False) -> str:
    """``trajectory_block(S, P, pol, n_steps, dt, per_save, out, xs, ps, qs, sv)``: Euler
    integration of the runs (columns of ``S`` and ``P``) in blocks of ``LANES``, saving
    variable ``saved[k]`` to ``out[k, t, r]``; ``xs``, ``ps``, ``qs`` and ``sv`` are
    scratch arrays of ``LANES`` times the stocks, parameters, ``RECIPROCALS`` (a constant
    of the generated module) and saved variables. Only what the saved variables depend
    on is computed (:func:`needed_parts`). ``fixed``: for batches whose stages cannot
    switch and whose plan has one level (:mod:`cyclesim.engine.held_stage`): the
    escalation trigger is the constant 0.0 it is in such a batch, so what only it reads
    (the stage's peak, and the stage itself unless saved) drops out, and the policy
    values are read at level 0; every saved number is the same as the full kernel's."""
    i4, i8, i12, i16 = (" " * k for k in (4, 8, 12, 16))
    n_stocks, n_params = len(lay.stocks), len(lay.params)
    recips = Reciprocals()
    held = HELD if fixed else {}
    needed, live = needed_parts(model, saved, held)
    equations = _equation_lines(model, lay, recips, i16, needed, held)
    constants = [f"p_{p} = ps[{k * LANES} + j]" for k, p in enumerate(lay.params)
                 if p not in lay.policy]
    # the reciprocals' block prologue reads the parameters under names of its own
    # (``c_``): a name assigned in both loops would cost Numba's SSA pass dearly
    denominators = [re.sub(r"\bp_(\w+)", r"c_\1", d) for d in recips.names]
    read = set(re.findall(r"\bc_(\w+)", " ".join(denominators)))
    prologue = [f"c_{p} = ps[{k * LANES} + j]" for k, p in enumerate(lay.params)
                if p in read]
    lines = ["@njit(cache=True, pipeline_class=NoAliasCompiler, **JIT)",
             "def trajectory_block(S, P, pol, n_steps, dt, per_save, out, xs, ps, qs, sv):",
             f"{i4}n_runs = S.shape[1]",
             f"{i4}top = float(pol.shape[1] - 1)"]
    lines += [f"{i4}lk_{k} = min({k}, pol.shape[1] - 1)" for k in range(1, LEVELS)]
    lines += [
             f"{i4}for r0 in range(0, n_runs, {LANES}):",
             f"{i8}width = min({LANES}, n_runs - r0)",
             f"{i8}for j in range({LANES}):",
             f"{i12}r = r0 + min(j, width - 1)  # a short last block repeats its last run",
             f"{i12}for k in range({n_stocks}):",
             f"{i16}xs[k * {LANES} + j] = S[k, r]",
             f"{i12}for k in range({n_params}):",
             f"{i16}ps[k * {LANES} + j] = P[k, r]",
             f"{i8}for j in range({LANES}):"]
    lines += [i12 + line for line in prologue]
    lines += [f"{i12}qs[{i * LANES} + j] = 1.0 / {denominator}"
              for i, denominator in enumerate(denominators)]
    lines += [f"{i8}for n in range(n_steps + 1):",
              f"{i12}time = n * dt",
              f"{i12}for j in range({LANES}):"]
    lines += [f"{i16}s_{s} = xs[{k * LANES} + j]" for k, s in enumerate(lay.stocks)]
    lines += [i16 + line for line in constants]
    lines += [f"{i16}{name} = qs[{i * LANES} + j]" for i, name in enumerate(recips.names.values())]
    lines += _policy_lines(model, lay, i16, fixed)
    lines += equations
    lines += [f"{i16}sv[{k * LANES} + j] = {_symbol_of(lay, name)}"
              for k, name in enumerate(saved)]
    for k, stock in enumerate(model.stocks):
        if stock.name in live:  # the others stay where they start (nothing reads them)
            lines += [f"{i16}d_{stock.name} = {_rate_text(model, stock)}",
                      f"{i16}xs[{k * LANES} + j] = s_{stock.name} + dt * d_{stock.name}"]
    lines += [f"{i12}if n % per_save == 0:",
              f"{i16}t = n // per_save",
              f"{i16}for k in range({len(saved)}):",
              f"{i16}    for j in range(width):",
              f"{i16}        out[k, t, r0 + j] = sv[k * {LANES} + j]"]
    return "\n".join(lines) + (f"\n\n\nRECIPROCALS = {max(len(recips.names), 1)}"
                                f"\nLEVELS = {LEVELS}")


def block_module_source(model: Structure, saved: tuple[str, ...], fixed: bool = False) -> str:
    """The generated module of ``trajectory_block`` for ``model``, saving ``saved``
    (``fixed``: see :func:`block_source`)."""
    unknown = sorted(set(saved) - set(model.variable_names))
    if unknown:
        raise ValueError(f"cannot save {unknown}: not stocks or equations of the listing")
    parts = module_prelude(model, "cyclesim.engine.block_source",
                           f", block of {LANES} runs, saving {', '.join(saved)}"
                           + (", stage held" if fixed else ""))
    parts.append(block_source(model, layout(model), saved, fixed))
    return "\n".join(parts) + "\n"

