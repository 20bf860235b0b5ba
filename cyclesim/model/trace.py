"""Symbolic tracers: run an equation of the listing on symbols instead of numbers.

The equations use only arithmetic and the functions of :mod:`cyclesim.model.primitives`, which
hand over to an argument's ``trace_call`` when it has one. A :class:`Tracer` subclass
overloads the arithmetic operators, so calling an equation's function with tracers builds
whatever the subclass builds: expression text (:mod:`cyclesim.structure.xmile`) or units
(:mod:`cyclesim.structure.units`).
"""

from __future__ import annotations

from typing import Any


class Tracer:
    """Base of symbolic values: every operator becomes a call of :meth:`binary`."""

    def binary(self, op: str, left: Any, right: Any) -> "Tracer":  # pragma: no cover
        raise NotImplementedError

    def unary(self, op: str) -> "Tracer":  # pragma: no cover
        raise NotImplementedError

    def trace_call(self, op: str, *args: Any) -> "Tracer":  # pragma: no cover
        raise NotImplementedError

    def __add__(self, other: Any) -> "Tracer":
        return self.binary("+", self, other)

    def __radd__(self, other: Any) -> "Tracer":
        return self.binary("+", other, self)

    def __sub__(self, other: Any) -> "Tracer":
        return self.binary("-", self, other)

    def __rsub__(self, other: Any) -> "Tracer":
        return self.binary("-", other, self)

    def __mul__(self, other: Any) -> "Tracer":
        return self.binary("*", self, other)

    def __rmul__(self, other: Any) -> "Tracer":
        return self.binary("*", other, self)

    def __truediv__(self, other: Any) -> "Tracer":
        return self.binary("/", self, other)

    def __rtruediv__(self, other: Any) -> "Tracer":
        return self.binary("/", other, self)

    def __neg__(self) -> "Tracer":
        return self.unary("-")

    def __pos__(self) -> "Tracer":
        return self

    def __bool__(self) -> bool:
        raise TypeError("an equation branched on a traced value in Python; "
                        "use primitives.if_positive instead")


def trace_equation(func: Any, inputs: tuple[str, ...], make: Any) -> Any:
    """Call an equation's ``func`` with ``make(name)`` for each of its ``inputs``."""
    return func(*[make(name) for name in inputs])
