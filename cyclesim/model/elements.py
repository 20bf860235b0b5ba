"""Declarations of model elements: stocks, flows and auxiliaries.

A flow or auxiliary is a plain function whose argument names are its inputs; the
decorators here attach its unit and the declared sign of every variable input, so that
the model's structure (graph, loops, diagrams, XMILE) is read off the listing itself.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Literal

Kind = Literal["stock", "flow", "aux"]


@dataclass(frozen=True)
class Stock:
    """A level: its unit, the flows that fill and drain it, and what it means."""

    name: str
    unit: str
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    doc: str = ""
    accumulator: bool = False  # bookkeeping stock (cost, hires): not in the rest state
    latched: bool = False  # discrete policy stage: held at its start value at rest
    initial: str | None = None  # a latched stock starts at this variable's rest value
    kind: Kind = "stock"


@dataclass(frozen=True)
class Equation:
    """A flow or auxiliary: ``func`` computes it from the inputs named by its arguments."""

    name: str
    kind: Kind
    unit: str
    func: Callable[..., object]
    inputs: tuple[str, ...]
    signs: dict[str, int] = field(default_factory=dict)
    doc: str = ""


def _declare(kind: Kind, unit: str, signs: dict[str, int] | None) -> Callable:
    def wrap(func: Callable) -> Callable:
        inputs = tuple(inspect.signature(func).parameters)
        doc = inspect.getdoc(func) or ""
        func.equation = Equation(  # type: ignore[attr-defined]
            name=func.__name__,
            kind=kind,
            unit=unit,
            func=func,
            inputs=inputs,
            signs=dict(signs or {}),
            doc=doc.split("\n\n")[0].replace("\n", " "),
        )
        return func

    return wrap


def flow(unit: str, signs: dict[str, int] | None = None) -> Callable:
    """Declare a flow [stock unit / week] with the signs of its variable inputs."""
    return _declare("flow", unit, signs)


def aux(unit: str, signs: dict[str, int] | None = None) -> Callable:
    """Declare an auxiliary with its unit and the signs of its variable inputs."""
    return _declare("aux", unit, signs)
