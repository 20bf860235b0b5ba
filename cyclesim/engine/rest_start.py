"""Where both engines start the rest solve: the rest state at the default parameters,
its staff stocks scaled to each run's team.

Most of a run's rest solve was Newton's way in from the generic guess of
:func:`cyclesim.engine.base.first_guess` (about 2.4 finite-difference Jacobians and 7
iterations per run). The rest state at the defaults is much nearer to any plausible
run's: from it a run needs about one Jacobian and three iterations. The start depends on
the run's own parameters only (and on the listing), never on its batch, so a run alone
and in a batch still get the same numbers. The generic guess stays the fallback's fresh
start for a run that does not come to rest.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cyclesim.engine.base import first_guess
from cyclesim.engine.numpy_rest import NumpyRates, solve_batch
from cyclesim.model.graph import Structure, structure
from cyclesim.model.params import compact, default_parameters, pre_intervention

STAFF_STOCKS = ("team_size", "familiar_staff", "temp_staff", "short_sick_staff",
                "burnout_sick_staff")  # [FTE]: scale with the team the group hours need


def _team(params: dict) -> np.ndarray | float:
    """The team the group hours need [FTE] (the generic guess's team size)."""
    return params["group_support_hours"] / params["productive_hours_per_fte"]


@cache
def default_rest() -> tuple[dict[str, float], float]:
    """The installed listing's rest stocks at the default parameters (by name), and the
    team its guess was sized for [FTE]; solved once per process by the NumPy engine."""
    model = structure()
    base = compact(pre_intervention(default_parameters(1)))
    state = solve_batch(NumpyRates(base, model), first_guess(base, model, 1))
    return ({name: float(state[i, 0]) for i, name in enumerate(model.stock_names)},
            float(np.asarray(_team(base)).ravel()[0]))


def rest_start(params: dict, model: Structure, n: int) -> np.ndarray:
    """The start of every run's rest solve (stocks × runs): the default rest state, staff
    stocks times the run's team over the default team; a stock the installed listing does
    not have (a derived structure) starts from the generic guess."""
    rest, team = default_rest()
    state = first_guess(params, model, n)
    scale = np.broadcast_to(_team(params), (n,)) / team
    for i, name in enumerate(model.stock_names):
        if name in rest:
            state[i] = rest[name] * scale if name in STAFF_STOCKS else rest[name]
    return state
