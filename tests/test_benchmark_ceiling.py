"""The benchmark's flop count (``benchmarks/ceiling.py``) runs against the current solver.

The count runs the lockstep rest solve in Python around the compiled pieces, wrapping
each with a counter; a solver function whose arguments change must change its wrapper
too, or the benchmark stops at its last line. Counted on a small sample here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cyclesim.engine import compiled, rest_block, rest_newton
from cyclesim.engine.base import RELAX_DT, RELAX_WEEKS, free_stocks
from cyclesim.model.graph import structure
from cyclesim.model.params import compact, pre_intervention
from cyclesim.outcome import OUTCOME_VARIABLES
from cyclesim.scenario.files import load_scenario
from cyclesim.scenario.runner import scenario_parameters

pytestmark = pytest.mark.skipif(not compiled.available(), reason="Numba is not installed")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_the_ceiling_counts_the_rest_solve_and_puts_the_solver_back():
    from bench_engine import SCENARIO, sample
    from ceiling import _lu_flops, ceiling

    before = {m: dict(vars(m)) for m in (rest_block, rest_newton)}
    scenario = load_scenario(SCENARIO)
    n = 16
    base = compact(pre_intervention(scenario_parameters(scenario, sample(n), n)))
    count = ceiling(structure(), base, int(round(scenario.horizon_weeks / scenario.dt)),
                    OUTCOME_VARIABLES, n)
    # every run relaxes, then takes at least one Jacobian (one evaluation per free stock)
    assert count.rest_evaluations > RELAX_WEEKS / RELAX_DT + 18
    assert count.step_flops > count.eval_flops > 0
    # the relaxation's updates, and every block factors and substitutes at least once
    n_free = free_stocks(structure()).size
    factor, substitution = _lu_flops(n_free)
    relaxation = 2 * n_free * RELAX_WEEKS / RELAX_DT
    assert count.rest_linear_flops >= relaxation + factor + substitution
    assert count.per_run > count.step_flops * count.steps
    for module, names in before.items():
        assert dict(vars(module)) == names, module.__name__
