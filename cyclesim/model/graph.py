"""The model's structure, read off the listing: elements, evaluation order, causal links.

Everything that describes the model (diagrams, loop lists, the parameter table, XMILE)
starts here, so a link added to :mod:`cyclesim.model.listing` shows up everywhere by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import ModuleType

from cyclesim.model import listing as default_model
from cyclesim.model.elements import Equation, Stock
from cyclesim.model.params import CONSTANTS, PARAMETERS

ENGINE_INPUTS = ("time", "dt")  # supplied by the integrator [week]


@dataclass(frozen=True)
class Link:
    """A causal link ``source → target`` with its declared polarity (+1 or −1)."""

    source: str
    target: str
    sign: int


@dataclass(frozen=True)
class Structure:
    """A model listing, indexed: its stocks, equations in evaluation order, and links."""

    stocks: tuple[Stock, ...]
    equations: tuple[Equation, ...]  # in evaluation order
    references: tuple[str, ...]
    tables: tuple

    @property
    def stock_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stocks)

    @property
    def variable_names(self) -> tuple[str, ...]:
        return self.stock_names + tuple(e.name for e in self.equations)

    def element(self, name: str) -> Stock | Equation:
        for item in self.stocks + self.equations:
            if item.name == name:
                return item
        raise KeyError(name)

    def unit(self, name: str) -> str:
        if name in PARAMETERS or name in CONSTANTS:
            from cyclesim.model.params import unit_of

            return unit_of(name)
        if name.startswith("reference_"):
            return self.unit(name.removeprefix("reference_"))
        if name in ENGINE_INPUTS:
            return "week"
        return self.element(name).unit

    def links(self) -> tuple[Link, ...]:
        """Every causal link between model variables, with its declared sign.

        Links into a stock come from its flows (+ for inflows, − for outflows)."""
        variables = set(self.variable_names)
        out: list[Link] = []
        for eq in self.equations:
            for source in eq.inputs:
                if source in variables:
                    out.append(Link(source, eq.name, eq.signs.get(source, 0)))
        for stock in self.stocks:
            out += [Link(f, stock.name, +1) for f in stock.inflows]
            out += [Link(f, stock.name, -1) for f in stock.outflows]
        return tuple(out)


def _equations_of(module: ModuleType) -> list[Equation]:
    return [obj.equation for obj in vars(module).values() if hasattr(obj, "equation")]


def _order(equations: list[Equation], stock_names: set[str], references) -> list[Equation]:
    """Topological order; an input ``reference_X`` counts as depending on ``X``."""
    by_name = {e.name: e for e in equations}
    ordered: list[Equation] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError("algebraic loop (no stock in it): " + " → ".join(path + (name,)))
        state[name] = 1
        for source in by_name[name].inputs:
            base = source.removeprefix("reference_")
            if source.startswith("reference_") and base in references and base in by_name:
                visit(base, path + (name,))
            elif source in by_name:
                visit(source, path + (name,))
        state[name] = 2
        ordered.append(by_name[name])

    for eq in sorted(equations, key=lambda e: e.name):
        visit(eq.name, ())
    return ordered


def build_structure(module: ModuleType) -> Structure:
    """Index a listing module (``STOCKS``, ``REFERENCES``, ``TABLES`` and its equations)."""
    equations = _equations_of(module)
    stocks = tuple(module.STOCKS)
    names = {s.name for s in stocks}
    _check_known_inputs(equations, names, module.REFERENCES)
    ordered = _order(equations, names, module.REFERENCES)
    return Structure(stocks, tuple(ordered), tuple(module.REFERENCES), tuple(module.TABLES))


def _check_known_inputs(equations, stock_names, references) -> None:
    known = set(stock_names) | {e.name for e in equations} | set(PARAMETERS) | set(CONSTANTS)
    known |= {f"reference_{r}" for r in references} | set(ENGINE_INPUTS)
    for eq in equations:
        unknown = [i for i in eq.inputs if i not in known]
        if unknown:
            raise ValueError(f"{eq.name} reads unknown inputs {unknown}")


@cache
def structure() -> Structure:
    """The structure of the shipped model."""
    return build_structure(default_model)
