"""Loops, link signs and the diagram, read off the listing; mutants change all of them."""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import networkx as nx
import pytest
from structure_mutants import LINK_REMOVED, SIGN_FLIPPED, mutant

from cyclesim.structure.diagram import draw_cld
from cyclesim.structure.frames import at_times, run_frames
from cyclesim.model.loop_families import FAMILIES
from cyclesim.structure.loops import check_signs, checked_polarities, find_loops, named_loops
from cyclesim.model.graph import structure

CHECK_WEEKS = (12, 20, 30, 52, 78, 104, 130)


@pytest.fixture(scope="module")
def loops():
    return find_loops()


@pytest.fixture(scope="module")
def points():
    return at_times(run_frames("scenarios/one_on_one.toml", save_every=1.0), CHECK_WEEKS)


@pytest.fixture(scope="module")
def sign_checks(points):
    return {(c.source, c.target): c for c in check_signs(points)}


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_every_model_md_loop_is_found_with_its_polarity(loops, family):
    loop = named_loops(loops)[family.key]
    assert loop.name == family.name
    assert loop.polarity == family.polarity
    assert set(loop.variables) == set(family.chain)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.key)
def test_family_polarity_is_seen_numerically_in_a_one_on_one_run(loops, points, family):
    seen = set(checked_polarities([l for l in loops if l.family == family.key], points))
    assert family.polarity in seen


def test_declared_inputs_are_the_function_arguments():
    for eq in structure().equations:
        assert eq.inputs == tuple(inspect.signature(eq.func).parameters)
        assert set(eq.signs) <= set(eq.inputs), eq.name


@pytest.mark.parametrize("link", [(l.source, l.target) for l in structure().links()],
                         ids=lambda l: f"{l[0]}->{l[1]}")
def test_declared_sign_is_confirmed_numerically(sign_checks, link):
    check = sign_checks[link]
    assert check.status in ("confirmed", "not exercised", "definitional", "undeclared"), check


def test_six_families_are_a_minority_of_all_loops(loops):
    assert len(loops) > 100
    assert len({l.variables for l in loops}) == len(loops)


def _diagram_signs(model, loops):
    fig, ax = plt.subplots()
    draw_cld(ax, model, loops, layout=nx.circular_layout)
    labels = [t.get_text() for t in ax.texts]
    plt.close(fig)
    return labels.count("+"), labels.count("−"), labels


def test_removing_a_link_changes_loops_and_diagram(loops):
    changed = mutant(*LINK_REMOVED)
    fewer = find_loops(changed)
    assert len(fewer) < len(loops)
    assert not any({"dependency", "visible_guarding"} <= set(l.variables)
                   and l.variables.index("visible_guarding") - 1
                   == l.variables.index("dependency") for l in fewer)
    plus, minus, _ = _diagram_signs(structure(), loops)
    plus2, minus2, _ = _diagram_signs(changed, fewer)
    assert (plus2, minus2) == (plus - 1, minus)


def test_flipping_a_sign_changes_loops_and_diagram(loops):
    changed = mutant(*SIGN_FLIPPED)
    flipped = find_loops(changed)
    chain = set(named_loops(loops)["honeymoon"].variables)
    same = next(l for l in flipped if set(l.variables) == chain)
    assert same.polarity == "R" and same.family != "honeymoon"
    assert set(named_loops(flipped)["honeymoon"].variables) != chain
    plus, minus, _ = _diagram_signs(structure(), loops)
    plus2, minus2, _ = _diagram_signs(changed, flipped)
    assert (plus2, minus2) == (plus + 1, minus - 1)
