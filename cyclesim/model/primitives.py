"""Building blocks the model listing is written in: table lookups, clamps, choices.

The equations in :mod:`cyclesim.model.listing` use only arithmetic and the functions here, so
that the same listing runs on NumPy arrays (one value per run) and on the symbolic
tracers of :mod:`cyclesim.model.trace` (units check, XMILE export). Every function dispatches
to a tracer's ``trace_call`` when one of its arguments is a tracer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ArrayLike = Any


@dataclass(frozen=True)
class Table:
    """A graphical (table) function: piecewise-linear, clamped at both ends.

    ``x`` must be strictly increasing. Outside ``[x[0], x[-1]]`` the end values hold,
    as in Vensim's WITH LOOKUP and XMILE's ``<gf type="continuous">``.
    """

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    doc: str = ""

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or len(self.x) < 2:
            raise ValueError(f"table {self.name}: x and y need the same length >= 2")
        if any(b <= a for a, b in zip(self.x, self.x[1:])):
            raise ValueError(f"table {self.name}: x must be strictly increasing")


def _tracer(*args: Any) -> Any:
    for arg in args:
        if hasattr(arg, "trace_call"):
            return arg
    return None


def lookup(x: ArrayLike, table: Table) -> ArrayLike:
    """Value of ``table`` at ``x`` (linear interpolation, clamped at the ends)."""
    tracer = _tracer(x)
    if tracer is not None:
        return tracer.trace_call("lookup", x, table)
    return np.interp(x, table.x, table.y)


def minimum(a: ArrayLike, b: ArrayLike) -> ArrayLike:
    """Element-wise smaller of ``a`` and ``b`` (XMILE ``MIN``)."""
    tracer = _tracer(a, b)
    if tracer is not None:
        return tracer.trace_call("minimum", a, b)
    return np.minimum(a, b)


def maximum(a: ArrayLike, b: ArrayLike) -> ArrayLike:
    """Element-wise larger of ``a`` and ``b`` (XMILE ``MAX``)."""
    tracer = _tracer(a, b)
    if tracer is not None:
        return tracer.trace_call("maximum", a, b)
    return np.maximum(a, b)


def clip01(a: ArrayLike) -> ArrayLike:
    """``a`` limited to the index range [0, 1]."""
    return minimum(maximum(a, 0.0), 1.0)


def positive(a: ArrayLike) -> ArrayLike:
    """``a`` where it is positive, else 0 (a one-sided flow)."""
    return maximum(a, 0.0)


def safe_divide(numerator: ArrayLike, denominator: ArrayLike, floor: float) -> ArrayLike:
    """``numerator / max(denominator, floor)``: a ratio that stays finite at zero.

    ``floor`` is in the denominator's unit and chosen far below any real value, so it
    only matters in extreme conditions (no staff at all).
    """
    return numerator / maximum(denominator, floor)


def if_positive(condition: ArrayLike, then: ArrayLike, otherwise: ArrayLike) -> ArrayLike:
    """``then`` where ``condition > 0``, else ``otherwise`` (XMILE ``IF … THEN … ELSE``)."""
    tracer = _tracer(condition, then, otherwise)
    if tracer is not None:
        return tracer.trace_call("if_positive", condition, then, otherwise)
    return np.where(np.asarray(condition) > 0, then, otherwise)
