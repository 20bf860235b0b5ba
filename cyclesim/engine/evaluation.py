"""The listing evaluated on a namespace of arrays: every equation in order, and the net
flow of every stock.

The NumPy engine steps with these; the structure tools (link gains, loop scores, frames)
re-evaluate single equations with them.
"""

from __future__ import annotations

import numpy as np

from cyclesim.model.graph import Structure


def evaluate(ns: dict, model: Structure, reference_mode: bool = False) -> dict:
    """Compute every flow and auxiliary into ``ns`` (which holds stocks and parameters).

    With ``reference_mode`` each referenced variable also sets its ``reference_`` value
    (used while solving the rest state, where the start values are not yet known)."""
    refs = model.references if reference_mode else ()
    for name in refs:
        if name in ns:
            ns["reference_" + name] = ns[name]
    for eq in model.equations:
        ns[eq.name] = eq.func(*[ns[i] for i in eq.inputs])
        if eq.name in refs:
            ns["reference_" + eq.name] = ns[eq.name]
    return ns


def derivatives(ns: dict, model: Structure, out: np.ndarray) -> np.ndarray:
    """Net flow of every stock into ``out`` (stocks × runs) from an evaluated ``ns``."""
    for i, stock in enumerate(model.stocks):
        rate = 0.0
        for f in stock.inflows:
            rate = rate + ns[f]
        for f in stock.outflows:
            rate = rate - ns[f]
        out[i] = rate
    return out
