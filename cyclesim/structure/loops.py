"""Feedback loops found in the listing, named after MODEL.md, with checked polarities.

The causal graph is read off :meth:`Structure.links`; every simple cycle of it is a
feedback loop (the shipped model has about twelve thousand, found in well under a
second; ``max_length`` bounds the search for larger listings). A loop's polarity is the
product of its declared link signs. Each loop joins the MODEL.md family
(:mod:`cyclesim.model.loop_families`) whose signature variables it passes through with the
family's polarity; within a family the loop closest to the family's chain carries its name.

Numerically, a link's gain is the change of the target's equation when the source is
nudged with every other input held, evaluated at operating points of a run (e.g. weeks
of a ``one_on_one`` run — not the rest state, where many gains are 0). :func:`check_signs`
confirms every declared sign that way; :func:`loop_gains` gives the sign of each loop's
gain at the points.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from cyclesim.structure.frames import Frames
from cyclesim.model.loop_families import FAMILIES, LoopFamily
from cyclesim.model.graph import Link, Structure, structure

NUDGE = 1e-6  # relative perturbation of a link's source
ZERO_CHANGE = 1e-11  # relative change of a target (to its size) counted as rounding


@dataclass(frozen=True)
class Loop:
    """A feedback loop: its variables in causal order (the first follows the last)."""

    name: str
    variables: tuple[str, ...]
    signs: tuple[int, ...]  # declared sign of link i: variables[i] -> variables[i+1]
    family: str | None  # key of the MODEL.md family, or None

    @property
    def polarity(self) -> str:
        """"R" (reinforcing) or "B" (balancing) from the declared signs; "?" if a link
        has no declared sign."""
        if 0 in self.signs:
            return "?"
        return "R" if int(np.prod(self.signs)) > 0 else "B"

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        return tuple(_cycle_links(self.variables))

    def to_dict(self) -> dict:
        return {"name": self.name, "variables": list(self.variables),
                "polarity": self.polarity, "family": self.family, "length": len(self.variables)}


def causal_graph(model: Structure | None = None) -> nx.DiGraph:
    """Variables as nodes (``kind`` stock/flow/aux), links as edges with their ``sign``."""
    model = model or structure()
    graph = nx.DiGraph()
    for stock in model.stocks:
        graph.add_node(stock.name, kind="stock")
    for eq in model.equations:
        graph.add_node(eq.name, kind=eq.kind)
    for link in model.links():
        graph.add_edge(link.source, link.target, sign=link.sign)
    return graph


def _rotate(cycle: list[str], order: dict[str, int]) -> tuple[str, ...]:
    """Start a cycle at its first stock in listing order (so equal loops compare equal)."""
    start = min(range(len(cycle)), key=lambda i: order.get(cycle[i], len(order)))
    return tuple(cycle[start:] + cycle[:start])


def _family_of(variables: tuple[str, ...], polarity: str) -> LoopFamily | None:
    """The family whose signature the loop passes with the family's polarity, closest to
    its chain if several."""
    members = set(variables)
    fits = [f for f in FAMILIES if set(f.signature) <= members and f.polarity == polarity]
    if not fits:
        return None
    return max(fits, key=lambda f: _closeness(members, f))


def _closeness(members: set[str], family: LoopFamily) -> float:
    chain = set(family.chain)
    return len(members & chain) / len(members | chain)


# Loops longer than this are not enumerated: the number of elementary cycles grows
# combinatorially with parallel paths (about 410 000 in the listing, against 7 700 up to
# this bound), while every MODEL.md loop family's chain is shorter.
LOOP_LENGTH_BOUND = max(len(family.chain) for family in FAMILIES) + 3


def find_loops(model: Structure | None = None,
               max_length: int | None = LOOP_LENGTH_BOUND) -> list[Loop]:
    """Every feedback loop of the listing of at most ``max_length`` variables (default
    :data:`LOOP_LENGTH_BOUND`; None: no bound), named.

    Ordered by family (MODEL.md order), then length. The loop of a family closest to its
    chain is named after it; the family's other loops are its variants; loops outside the
    families are numbered per polarity (``R1``, ``B1``, …)."""
    model = model or structure()
    graph = causal_graph(model)
    order = {name: i for i, name in enumerate(model.variable_names)}
    signs = {(u, v): s for u, v, s in graph.edges(data="sign")}
    cycles = sorted({_rotate(c, order) for c in nx.simple_cycles(graph, length_bound=max_length)},
                    key=lambda c: (len(c), c))
    grouped: dict[str | None, list[Loop]] = {}
    for cycle in cycles:
        loop = Loop("", cycle, tuple(signs[link] for link in _cycle_links(cycle)), None)
        family = _family_of(cycle, loop.polarity)
        grouped.setdefault(family.key if family else None, []).append(loop)
    loops: list[Loop] = []
    for family in FAMILIES:
        members = grouped.get(family.key, [])
        members.sort(key=lambda l: (-_closeness(set(l.variables), family), len(l.variables),
                                    l.variables))
        for k, loop in enumerate(members):
            name = family.name if k == 0 else f"{family.name} variant {k}"
            loops.append(Loop(name, loop.variables, loop.signs, family.key))
    counts = {"R": 0, "B": 0, "?": 0}
    for loop in grouped.get(None, []):
        counts[loop.polarity] += 1
        loops.append(Loop(f"{loop.polarity}{counts[loop.polarity]}", loop.variables,
                          loop.signs, None))
    return loops


def _cycle_links(cycle: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]


def named_loops(loops: list[Loop]) -> dict[str, Loop]:
    """The representative loop of each MODEL.md family found, by family key."""
    out: dict[str, Loop] = {}
    for loop in loops:
        if loop.family and loop.family not in out:
            out[loop.family] = loop
    return out


# ---------------------------------------------------------------------------------
# Numeric gains at operating points
# ---------------------------------------------------------------------------------
def link_gain(model: Structure, link: Link | tuple[str, str], frames: Frames) -> np.ndarray:
    """∂target/∂source at each point of ``frames`` (central difference, others held).

    A flow's link into its stock has gain ±1 per week by definition."""
    source, target = (link.source, link.target) if isinstance(link, Link) else link
    element = model.element(target)
    if element.kind == "stock":
        sign = 1.0 if source in element.inflows else -1.0
        return np.full(len(frames["time"]), sign)
    x = np.asarray(frames[source], dtype=float)
    h = NUDGE * np.maximum(np.abs(x), 1e-3)
    args = [frames[i] for i in element.inputs]
    pos = element.inputs.index(source)
    up = np.asarray(element.func(*_replaced(args, pos, x + h)), dtype=float)
    down = np.asarray(element.func(*_replaced(args, pos, x - h)), dtype=float)
    size = np.maximum(np.maximum(np.abs(up), np.abs(down)), 1e-14)
    change = up - down
    change = np.where(np.abs(change) > ZERO_CHANGE * size, change, 0.0)
    return change / (2.0 * h)


def _replaced(args: list, pos: int, value: np.ndarray) -> list:
    out = list(args)
    out[pos] = value
    return out


@dataclass(frozen=True)
class LinkCheck:
    """A declared link sign against the gains seen at the operating points."""

    source: str
    target: str
    declared: int
    status: str  # "confirmed", "not exercised", "wrong", "undeclared", "definitional"
    positive_points: int
    negative_points: int


def check_signs(frames: Frames, model: Structure | None = None) -> list[LinkCheck]:
    """Every link of the listing checked numerically at the points of ``frames``.

    Confirmed: the gain has the declared sign wherever it is not 0. Not exercised: the
    gain is 0 at every point (a clamp or a switched-off lever). Wrong: some point shows
    the opposite sign. Undeclared: the equation declares no sign for the link."""
    model = model or structure()
    out = []
    for link in model.links():
        if model.element(link.target).kind == "stock":
            out.append(LinkCheck(link.source, link.target, link.sign, "definitional", 0, 0))
            continue
        gain = link_gain(model, link, frames)
        pos, neg = int(np.sum(gain > 0)), int(np.sum(gain < 0))
        if link.sign == 0:
            status = "undeclared"
        elif pos == neg == 0:
            status = "not exercised"
        elif (link.sign > 0 and neg) or (link.sign < 0 and pos):
            status = "wrong"
        else:
            status = "confirmed"
        out.append(LinkCheck(link.source, link.target, link.sign, status, pos, neg))
    return out


def loop_gains(loop: Loop, frames: Frames, model: Structure | None = None) -> np.ndarray:
    """The loop's gain (product of its link gains) at each point of ``frames``."""
    model = model or structure()
    gain = np.ones(len(frames["time"]))
    for link in loop.links:
        gain = gain * link_gain(model, link, frames)
    return gain


def checked_polarity(loop: Loop, frames: Frames, model: Structure | None = None) -> str:
    """The loop's polarity seen at the points: "R", "B", "mixed" or "not exercised"."""
    return checked_polarities([loop], frames, model)[0]


def checked_polarities(loops: list[Loop], frames: Frames, model: Structure | None = None
                       ) -> list[str]:
    """:func:`checked_polarity` of many loops, each link's gain computed once."""
    model = model or structure()
    gains: dict[tuple[str, str], np.ndarray] = {}
    out = []
    for loop in loops:
        gain = np.ones(len(frames["time"]))
        for link in loop.links:
            if link not in gains:
                gains[link] = link_gain(model, link, frames)
            gain = gain * gains[link]
        pos, neg = bool(np.any(gain > 0)), bool(np.any(gain < 0))
        out.append("mixed" if pos and neg else "R" if pos else "B" if neg else "not exercised")
    return out
