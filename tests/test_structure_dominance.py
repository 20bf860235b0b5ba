"""Loop dominance: the logistic hand-over at the inflection point, and a one_on_one run."""

from __future__ import annotations

import types

import numpy as np
import pytest

from cyclesim.cli import main
from cyclesim.structure.dominance import loop_dominance, phases
from cyclesim.model.elements import Stock, aux, flow
from cyclesim.structure.frames import euler_frames, run_frames
from cyclesim.structure.loops import find_loops
from cyclesim.model.graph import build_structure

CAPACITY, RATE = 1000.0, 0.2


@aux("1/week", signs={"population": -1})
def growth_fraction(population):
    """Fractional growth, falling linearly to 0 at the capacity."""
    return RATE * (1.0 - population / CAPACITY)


@flow("1/week", signs={"population": +1, "growth_fraction": +1})
def net_growth(population, growth_fraction):
    """Net growth of the population."""
    return population * growth_fraction


def logistic():
    module = types.ModuleType("logistic")
    module.STOCKS = (Stock("population", "1", ("net_growth",), ()),)
    module.REFERENCES, module.TABLES = (), ()
    module.growth_fraction, module.net_growth = growth_fraction, net_growth
    return build_structure(module)


def test_logistic_growth_hands_over_at_the_inflection_point():
    model = logistic()
    loops = find_loops(model)
    assert sorted(l.polarity for l in loops) == ["B", "R"]
    run = euler_frames(model, {}, {"population": 10.0}, horizon=80.0, dt=0.125)
    result = loop_dominance(run.frames, loops, model)
    reinforcing = result.scores[[l.polarity for l in loops].index("R")]
    population = run.frames["population"][1:]
    handover = result.times[np.argmax(reinforcing < 0.5)]
    inflection = result.times[np.argmax(population > CAPACITY / 2)]
    assert abs(handover - inflection) <= 0.5
    assert np.all(reinforcing[population < 0.4 * CAPACITY] > 0.5)
    assert np.all(reinforcing[population > 0.6 * CAPACITY] < 0.5)


@pytest.fixture(scope="module")
def one_on_one():
    return loop_dominance(run_frames("scenarios/one_on_one.toml").frames, find_loops())


def test_scores_are_undefined_at_rest_and_defined_after_the_start(one_on_one):
    families = one_on_one.family_scores()
    assert families[families.index < 8.0].isna().all().all()
    after = families[families.index > 9.0]
    assert after.notna().all().all()
    assert np.allclose(np.abs(one_on_one.scores[:, one_on_one.times > 9.0]).sum(axis=0), 1.0)


def test_one_on_one_phases_show_the_cycle(one_on_one):
    """At rest first; among MODEL.md's six loops, "proximity becomes dependency" leads
    in the first months, and the staff side ("guard role wears staff out", "bigger team,
    more rules", overexploitation) leads for a good part of the later cycle. (Over all
    loops, those outside the six families — the staff honeymoon's strain and short
    spells, strained staff straining the client — outscore them for most of the run.)"""
    scores = one_on_one.family_scores()
    assert phases(scores)["dominant"].iloc[0] == "at rest"
    after = scores[scores.index > 8.25].drop(columns="other")
    leading = after.abs().idxmax(axis=1)
    early = leading[leading.index <= 30.0]
    late = leading[leading.index > 60.0]
    assert (early == "dependency").mean() >= 0.5
    assert late.isin(("guard_role", "bigger_team", "overexploitation")).mean() >= 0.3


def test_dominance_command_writes_figure_and_tables(tmp_path, capsys):
    assert main(["dominance", "scenarios/one_on_one.toml", "--out", str(tmp_path),
                 "--json"]) == 0
    assert (tmp_path / "dominance.png").stat().st_size > 10_000
    assert (tmp_path / "dominance_phases.csv").exists()
    assert '"dominant"' in capsys.readouterr().out
