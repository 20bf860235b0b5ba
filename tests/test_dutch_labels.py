"""Issue 11, item 4: scenario titles and descriptions and parameter names in Dutch, and
the Dutch report's money and numbers in Dutch format. Fast: no runs."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from cyclesim.model.params import PARAMETERS
from cyclesim.present.param_labels import LABELS, label, unit
from cyclesim.present.report import _money, assumptions_section, dutch_numbers
from cyclesim.present.report_text import text
from cyclesim.scenario.files import ScenarioError, load_scenario, parse_scenario
from cyclesim.web.api import scenario_list

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.toml"))


def test_every_parameter_has_a_label_in_both_languages():
    assert set(LABELS) == set(PARAMETERS)
    for name in PARAMETERS:
        en, nl = LABELS[name]
        assert en.strip() and nl.strip(), name
        assert "_" not in en + nl, name  # words, not code names
        assert label(name, "en") == en and label(name, "nl") == nl
    for lang in (0, 1):  # no two parameters read the same
        assert len({pair[lang] for pair in LABELS.values()}) == len(LABELS)


def test_every_unit_has_a_dutch_form():
    for p in PARAMETERS.values():
        assert "EUR" not in unit(p.unit, "nl") and "h/" not in unit(p.unit, "nl"), p.unit


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_has_a_dutch_title_and_description(path):
    s = load_scenario(path)
    assert s.title_nl.strip() and s.description_nl.strip()
    assert s.title_nl != s.title and s.description_nl != s.description
    assert s.title_in("nl") == s.title_nl and s.title_in("en") == s.title
    assert s.description_in("nl") == s.description_nl
    assert not re.search(r"\bh/(day|week)\b|\bhours?\b", s.title_nl + s.description_nl)


def test_dutch_fields_are_optional_and_fall_back_to_english():
    s = parse_scenario({"title": "T", "description": "D"}, "x")
    assert (s.title_in("nl"), s.description_in("nl")) == ("T", "D")
    assert parse_scenario({}, "x").title_in("nl") == "x"
    with pytest.raises(ScenarioError, match="title_nl"):
        parse_scenario({"titel_nl": "T"}, "x")  # a misspelt key lists the allowed ones


def test_scenario_list_gives_the_page_both_languages():
    library = {p.stem: load_scenario(p) for p in SHIPPED}
    for item in scenario_list(library):
        s = library[item["name"]]
        assert item["title_nl"] == s.title_nl and item["description_nl"] == s.description_nl
        assert item["title"] == s.title


def test_dutch_report_shows_titles_labels_and_money_in_dutch():
    one = load_scenario(SCENARIOS / "one_on_one_tandem.toml")
    data = SimpleNamespace(results=[SimpleNamespace(scenario=one)])
    page = html.unescape(dutch_numbers(assumptions_section(data, text("nl"), "nl")))
    assert one.title_nl in page and one.description_nl in page and one.title not in page
    assert "exclusieve uren per dag" in page and "uur/dag" in page and "12,00" in page
    assert "verloop van exclusieve uren per dag" in page
    english = html.unescape(assumptions_section(data, text("en"), "en"))
    assert one.title in english and "exclusive hours per day" in english
    assert dutch_numbers(f"<td>{_money(2105743.2, text('nl'))}</td>") == "<td>€ 2.105.743</td>"
    assert _money(2105743.2, text("en")) == "2,105,743" and _money(None, text("nl")) == "–"
