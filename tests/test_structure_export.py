"""XMILE export: PySD runs it like cyclesim; the units check; mutants change the export."""

from __future__ import annotations

import warnings
from xml.etree import ElementTree

import numpy as np
import pytest
from structure_mutants import LINK_REMOVED, SIGN_FLIPPED, mutant

from cyclesim.cli import main
from cyclesim.scenario.runner import run_batch, scenario_parameters
from cyclesim.scenario.files import load_scenario
from cyclesim.model.graph import structure
from cyclesim.structure.units import check_units, parse_unit
from cyclesim.structure.xmile import XMILE_NS, equation_text, export_xmile, xmile_tree

RTOL, ATOL = 1e-6, 1e-9


@pytest.mark.parametrize("name", ["one_on_one", "escalation", "all_seeds"])
def test_pysd_runs_the_export_like_cyclesim(tmp_path, name):
    pysd = pytest.importorskip("pysd")
    scenario = load_scenario(f"scenarios/{name}.toml")
    path = export_xmile(scenario, tmp_path / f"{name}.xmile")
    ours = run_batch(scenario, scenario_parameters(scenario)).trajectory
    stocks = list(structure().stock_names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pysd.read_xmile(str(path)).run(return_timestamps=list(ours.times),
                                                return_columns=stocks)
    for stock in stocks:
        np.testing.assert_allclose(theirs[stock].to_numpy(), ours[stock][:, 0], rtol=RTOL,
                                   atol=ATOL, err_msg=stock)


def test_export_command_writes_xmile(tmp_path):
    out = tmp_path / "model.xmile"
    assert main(["export", str(out), "--scenario", "scenarios/one_on_one.toml"]) == 0
    root = ElementTree.parse(out).getroot()
    eqn = {n.get("name"): n.findtext(f"{{{XMILE_NS}}}eqn") for n in root.iter()}
    assert eqn["exclusive_hours_per_day"] == "IF TIME >= 8.0 THEN 12.0 ELSE 0.0"
    ns = {"x": XMILE_NS}
    assert root.find(".//x:aux[@name='able_share_able_share_from_strain']/x:gf", ns) is not None


def test_mutants_change_the_export():
    scenario = load_scenario("scenarios/one_on_one.toml")
    shipped = structure()
    removed = mutant(*LINK_REMOVED)
    flipped = mutant(*SIGN_FLIPPED)
    assert "dependency" in equation_text(shipped, "visible_guarding", 0.25)[0]
    assert "dependency" not in equation_text(removed, "visible_guarding", 0.25)[0]
    assert equation_text(flipped, "tension_pressure", 0.25)[0] != \
        equation_text(shipped, "tension_pressure", 0.25)[0]
    eqn = {n.get("name"): n.findtext("eqn")
           for n in xmile_tree(scenario, removed).getroot().iter("aux")}
    assert "dependency" not in eqn["visible_guarding"]


def test_units_are_consistent():
    assert check_units() == []


@pytest.mark.parametrize("text, expected", [
    ("h/(FTE*week)", (("FTE", -1), ("h", 1), ("week", -1))),
    ("EUR/(FTE*year)", (("EUR", 1), ("FTE", -1), ("year", -1))),
    ("incident/week", (("incident", 1), ("week", -1))),
    ("1/year", (("year", -1),)),
    ("person/FTE", (("FTE", -1),)),
    ("%", ()),
])
def test_units_parse(text, expected):
    assert parse_unit(text) == expected


def test_units_check_finds_a_wrong_equation():
    from cyclesim.model.elements import flow

    @flow("FTE/week", signs={"team_size": +1})
    def staff_exits(team_size, turnover_rate, hiring_time):
        """Wrong: adds a rate to a time."""
        return team_size * (turnover_rate + hiring_time)

    problems = check_units(mutant(staff_exits))
    assert [p.name for p in problems] == ["staff_exits"]
