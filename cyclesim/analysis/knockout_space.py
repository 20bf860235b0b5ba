"""Knock-outs over the plausible space: which mechanism brings the system back, as a
share of Latin-hypercube draws over every structural range, never at one point.

For each knock-out (hold a slow stock, cut a MODEL.md loop: :mod:`cyclesim.structure.
knockout`) every draw runs intact and knocked out from its own rest state (batched,
NumPy). Per knock-out, over the draws whose intact run comes back to start:

* ``lost``: the share whose knocked-out run is not back within the horizon (the return
  needs the mechanism), and ``no_honeymoon``: the share with no improvement left at all;
* the shift of the censored return week against the intact run (median, 5 % and 95 %),
  and the shares moved later or earlier by more than ``MOVE_WEEKS``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cyclesim.analysis.plausible import latin_draws
from cyclesim.outcome import HONEYMOON_CLASSES
from cyclesim.scenario.files import Scenario
from cyclesim.scenario.runner import scenario_parameters
from cyclesim.structure.knockout import Knockout, knocked_out, knockouts

MOVE_WEEKS = 4.0  # a shift smaller than this counts as no move
COLUMNS = ("kind", "name", "cut_link", "draws_back", "lost", "no_honeymoon",
           "shift_median", "shift_p5", "shift_p95", "later", "earlier")


def knockouts_over_space(scenario: Scenario, samples: int, seed: int = 2026,
                         chosen: list[Knockout] | None = None) -> pd.DataFrame:
    """One row per knock-out (the columns of :data:`COLUMNS`), over ``samples`` Latin
    draws of every structural parameter the scenario does not set itself."""
    if samples < 2:
        raise ValueError(f"samples: need at least 2 draws, got {samples}")
    draws = latin_draws(samples, seed)
    own = {k: v for k, v in draws.items() if k not in scenario.parameters}
    params = scenario_parameters(scenario, own, samples)
    chosen = knockouts() if chosen is None else chosen
    tables = {ko: table for ko, _, table, _ in knocked_out(scenario, params, chosen)}
    intact = next(t for ko, t in tables.items() if ko.kind == "intact")
    back = np.asarray(intact["outcome"]) == "returned"
    base_week = np.asarray(intact["return_week_censored"], dtype=float)
    rows = []
    for ko, table in tables.items():
        if ko.kind == "intact":
            continue
        outcome = np.asarray(table["outcome"])
        honeymoon = np.isin(outcome, HONEYMOON_CLASSES)
        shift = (np.asarray(table["return_week_censored"], dtype=float) - base_week)[
            back & honeymoon]
        rows.append({
            "kind": ko.kind, "name": ko.name, "cut_link": ko.link_text or "",
            "draws_back": int(back.sum()),
            "lost": _share(outcome[back] != "returned"),
            "no_honeymoon": _share(~honeymoon[back]),
            "shift_median": _quantile(shift, 0.5), "shift_p5": _quantile(shift, 0.05),
            "shift_p95": _quantile(shift, 0.95),
            "later": _share(shift > MOVE_WEEKS, back.sum()),
            "earlier": _share(shift < -MOVE_WEEKS, back.sum())})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _share(mask: np.ndarray, of: int | None = None) -> float:
    n = mask.size if of is None else int(of)
    return float(np.sum(mask) / n) if n else float("nan")


def _quantile(values: np.ndarray, q: float) -> float:
    return float(np.quantile(values, q)) if values.size else float("nan")
