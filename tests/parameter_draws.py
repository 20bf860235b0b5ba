"""Random parameter sets inside the plausible ranges of the parameter table.

``structural``: every parameter but the policy levers and the outcome settings (what a
sweep varies); ``with_policy`` adds the policy levers. Draws are stacked into the
batched form the engine takes (one array over runs per parameter).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from cyclesim.model.params import PARAMETERS

STRUCTURAL = tuple(n for n, p in PARAMETERS.items() if not p.policy and p.group != "outcome")
POLICY = tuple(n for n, p in PARAMETERS.items() if p.policy)


def one_set(names: tuple[str, ...] = STRUCTURAL) -> st.SearchStrategy[dict[str, float]]:
    """One parameter set: each named parameter anywhere in its plausible range."""
    return st.fixed_dictionaries({
        n: st.floats(PARAMETERS[n].low, PARAMETERS[n].high, allow_nan=False,
                     allow_infinity=False)
        for n in names})


def stack(draws: list[dict[str, float]]) -> dict[str, np.ndarray]:
    """A list of parameter sets as one batch (arrays over runs)."""
    return {n: np.array([d[n] for d in draws], dtype=float) for n in draws[0]}


def batches(names: tuple[str, ...] = STRUCTURAL, min_size: int = 1,
            max_size: int = 6) -> st.SearchStrategy[dict[str, np.ndarray]]:
    """A batch of independent in-range parameter sets."""
    return st.lists(one_set(names), min_size=min_size, max_size=max_size).map(stack)


def uniform_sets(n: int, seed: int, names: tuple[str, ...] = STRUCTURAL
                 ) -> dict[str, np.ndarray]:
    """``n`` parameter sets drawn uniformly in range with a fixed seed (for tests too
    costly to repeat per hypothesis example)."""
    rng = np.random.default_rng(seed)
    return {name: rng.uniform(PARAMETERS[name].low, PARAMETERS[name].high, n)
            for name in names}
