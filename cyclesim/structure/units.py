"""Dimensional consistency of every equation, checked by tracing units through it.

A unit is a product of base units with integer exponents (``h/(FTE*week)`` is
h¹·FTE⁻¹·week⁻¹). Each unit word is its own base, as in Vensim's units check, so that
calendar conversions must be explicit (``weeks_per_year`` [week/year]); ``person``, ``%``
and ``1`` are dimensionless. Every equation is evaluated on :class:`Dim` tracers: sums,
differences, MIN/MAX and the branches of an IF need equal units, table lookups take and
give dimensionless values, and the result must equal the declared unit. A flow's unit
must be its stock's unit per week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cyclesim.model.graph import Structure, structure
from cyclesim.model.trace import Tracer, trace_equation

DIMENSIONLESS_WORDS = ("1", "%", "person")
TIME_UNIT = "week"

Exponents = tuple[tuple[str, int], ...]


class UnitError(ValueError):
    """An equation that adds, compares or looks up values of mismatched units."""


def _normal(exponents: dict[str, int]) -> Exponents:
    return tuple(sorted((k, v) for k, v in exponents.items() if v != 0))


def _combine(a: Exponents, b: Exponents, sign: int) -> Exponents:
    out = dict(a)
    for key, value in b:
        out[key] = out.get(key, 0) + sign * value
    return _normal(out)


_TOKEN = re.compile(r"\s*([A-Za-z_%][A-Za-z_]*|\d+(?:\.\d+)?|[*/()^-])")


def parse_unit(text: str) -> Exponents:
    """Parse a unit such as ``EUR/(FTE*year)`` or ``1/week`` into base exponents."""
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text.replace(" ", ""):
        raise UnitError(f"cannot parse unit {text!r}")
    pos = 0

    def product() -> Exponents:
        nonlocal pos
        result = factor()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            result = _combine(result, factor(), +1 if op == "*" else -1)
        return result

    def factor() -> Exponents:
        nonlocal pos
        if pos >= len(tokens):
            raise UnitError(f"unit {text!r} ends early")
        token = tokens[pos]
        pos += 1
        if token == "(":
            inner = product()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise UnitError(f"unbalanced parentheses in unit {text!r}")
            pos += 1
            base = inner
        elif token in DIMENSIONLESS_WORDS or re.fullmatch(r"\d+(\.\d+)?", token):
            base = ()
        elif re.fullmatch(r"[A-Za-z_]+", token):
            base = ((token, 1),)
        else:
            raise UnitError(f"unexpected {token!r} in unit {text!r}")
        if pos < len(tokens) and tokens[pos] == "^":
            power = int(tokens[pos + 1] + tokens[pos + 2]) if tokens[pos + 1] == "-" \
                else int(tokens[pos + 1])
            pos += 3 if tokens[pos + 1] == "-" else 2
            base = _normal({k: v * power for k, v in base})
        return base

    result = product()
    if pos != len(tokens):
        raise UnitError(f"trailing text in unit {text!r}")
    return result


def format_unit(exponents: Exponents) -> str:
    """Readable form of base exponents (``h*FTE^-1*week^-1``; ``1`` if dimensionless)."""
    if not exponents:
        return "1"
    return "*".join(k if v == 1 else f"{k}^{v}" for k, v in exponents)


@dataclass(frozen=True)
class Dim(Tracer):
    """A value known only by its unit. ``free`` marks a bare number in the listing, which
    takes the unit of whatever it meets in a sum, MIN/MAX or IF (floors, caps, 0 and 1)."""

    exponents: Exponents = ()
    free: bool = False

    @staticmethod
    def of(value: Any) -> "Dim":
        return value if isinstance(value, Dim) else Dim((), free=True)

    def binary(self, op: str, left: Any, right: Any) -> "Dim":
        a, b = Dim.of(left), Dim.of(right)
        if op in "+-":
            return _same(a, b, f"'{op}'")
        exponents = _combine(a.exponents, b.exponents, +1 if op == "*" else -1)
        return Dim(exponents, free=a.free and b.free)

    def unary(self, op: str) -> "Dim":
        return self

    def trace_call(self, op: str, *args: Any) -> "Dim":
        if op == "lookup":
            x = Dim.of(args[0])
            if x.exponents and not x.free:
                raise UnitError(f"table {args[1].name} looks up a value in "
                                f"{format_unit(x.exponents)}, not a dimensionless one")
            return Dim(())
        if op in ("minimum", "maximum"):
            return _same(Dim.of(args[0]), Dim.of(args[1]), op.upper())
        if op == "if_positive":
            return _same(Dim.of(args[1]), Dim.of(args[2]), "IF branches")
        raise UnitError(f"unknown operation {op!r}")


def _same(a: Dim, b: Dim, where: str) -> Dim:
    if a.free:
        return b
    if b.free or a.exponents == b.exponents:
        return a
    raise UnitError(f"{where} of {format_unit(a.exponents)} and {format_unit(b.exponents)}")


@dataclass(frozen=True)
class UnitProblem:
    """One equation whose units do not add up."""

    name: str
    message: str


def check_units(model: Structure | None = None) -> list[UnitProblem]:
    """Every dimensional inconsistency of the listing (an empty list: all consistent)."""
    model = model or structure()
    problems: list[UnitProblem] = []
    stocks_of_flow: dict[str, list] = {}
    for stock in model.stocks:
        for f in stock.inflows + stock.outflows:
            stocks_of_flow.setdefault(f, []).append(stock)
    for eq in model.equations:
        try:
            declared = parse_unit(eq.unit)
            found = trace_equation(eq.func, eq.inputs,
                                   lambda name: Dim(parse_unit(model.unit(name))))
            found = Dim.of(found)
            if not found.free and found.exponents != declared:
                raise UnitError(f"computes {format_unit(found.exponents)} but declares "
                                f"{eq.unit}")
            for stock in stocks_of_flow.get(eq.name, []):
                wanted = _combine(parse_unit(stock.unit), ((TIME_UNIT, 1),), -1)
                if declared != wanted:
                    raise UnitError(f"flow of stock {stock.name} [{stock.unit}] must be in "
                                    f"{stock.unit}/{TIME_UNIT}, not {eq.unit}")
        except UnitError as error:
            problems.append(UnitProblem(eq.name, str(error)))
    return problems
