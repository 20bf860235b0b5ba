"""Knock-outs beside loop dominance: the sentences follow the records they are given.

The records here are made up (the keys of ``knockout.RECORD_KEYS``), so each test says
which data makes which sentence, whatever today's model numbers are."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pytest

from cyclesim.model.loop_families import FAMILIES, LOOP_NAMES
from cyclesim.present.knockout_explain import (ReturnExplanation, differ_sentences,
                                               differences, dominant_weeks, effect,
                                               headline, needed_sentences, payload)
from cyclesim.present.report import knockout_section
from cyclesim.present.report_text import text

HORIZON = 156.0


def record(kind: str, name: str, outcome: str = "returned", shift: float | None = 0.0,
           bound: str | None = "=") -> dict:
    week = None if outcome != "returned" else 80.0 + (shift or 0.0)
    return {"kind": kind, "name": name, "held": name if kind == "stock" else "x",
            "cut_link": "x -> y" if kind == "loop" else None, "outcome": outcome,
            "return_week": week, "shift_weeks": shift, "shift_bound": bound,
            "censored": outcome == "not_within_horizon", "honeymoon_depth": 0.2,
            "model_version": "test", "scenario": "made_up"}


def loops(**shifts: float) -> list[dict]:
    """A cut of every family, with the shift given (0 for the rest)."""
    return [record("loop", f.key, shift=shifts.get(f.key, 0.0)) for f in FAMILIES]


PERIODS = [{"start": 0.0, "end": 8.0, "dominant": "at rest"},
           {"start": 8.0, "end": 30.0, "dominant": "other"},
           {"start": 30.0, "end": 50.0, "dominant": "bigger_team"},
           {"start": 50.0, "end": 60.0, "dominant": "other"}]


def made_up(records: list[dict], periods: list[dict] = PERIODS) -> ReturnExplanation:
    return ReturnExplanation("made_up", HORIZON, 8.0, [record("intact", "intact")] + records,
                             periods)


@pytest.fixture
def example() -> ReturnExplanation:
    """Holding a slow stock removes the return; "bigger team" dominates weeks 30-50 but
    cutting it moves the return 2 weeks; the guard role never dominates, yet +20."""
    return made_up([record("stock", "dependency", "not_within_horizon", 76.0, ">="),
                    record("stock", "staff_strain", shift=-3.0)]
                   + loops(bigger_team=2.0, guard_role=20.0, honeymoon=-40.0))


def test_effects_and_ranking(example):
    kinds = {(r["kind"], r["name"]): effect(r) for r in example.records}
    assert kinds[("stock", "dependency")] == "no_return"
    assert kinds[("loop", "guard_role")] == "delays"
    assert kinds[("loop", "honeymoon")] == "hastens"
    assert kinds[("loop", "bigger_team")] == "small"
    assert [r["name"] for r in example.needed()] == ["dependency", "guard_role"]
    assert [r["name"] for r in example.ranked()[:3]] == ["dependency", "guard_role", "honeymoon"]
    assert effect(record("stock", "proximity", "worse", None, None)) == "no_improvement"


def test_a_held_stock_that_removes_the_return_is_named_as_needed(example):
    needed = " ".join(needed_sentences(example, "en"))
    assert "not back at start within 156 weeks: holding dependency" in needed
    assert "“R guard role wears staff out” +20 weeks" in needed
    differ = " ".join(differ_sentences(example, "en"))
    assert ("Holding dependency leaves the system not back at start within 156 weeks, "
            "although no loop through it (“R proximity becomes dependency”) ever "
            "dominates") in differ


def test_a_dominant_loop_with_a_small_shift_dominates_but_is_not_needed(example):
    differ = differ_sentences(example, "en")
    assert ("“R bigger team, more rules” dominates weeks 30–50, but cutting it shifts the "
            "return by only +2 weeks") in " ".join(differ)
    assert any("guard role" in s and "although it never dominates" in s for s in differ)
    assert headline(example, "en").startswith("“R bigger team, more rules” dominates")
    assert "‘R groter team, meer regels’ domineert in week 30–50" in headline(example, "nl")


def test_sentences_follow_the_data_not_todays_numbers(example):
    """The same loop, now needed: the sentence says they agree; and a stock whose loop
    dominates is said to be on a dominant loop."""
    agree = made_up([record("stock", "dependency", shift=30.0)] + loops(bigger_team=25.0),
                    PERIODS + [{"start": 60.0, "end": 70.0, "dominant": "dependency"}])
    kinds = dict(differences(agree, "en"))
    assert "here dominance and the knock-outs agree" in kinds["ko_dominates_needed"]
    assert "“R proximity becomes dependency” (in weeks 60–70)" in kinds["ko_stock_loop_dominates"]
    assert "bigger team" not in kinds.get("ko_dominates_not_needed", "")


def test_other_loops_dominating_most_is_said(example):
    assert "Loops outside the six named ones dominate 32 of the 148 weeks" in \
        " ".join(differ_sentences(example, "en"))


def test_nothing_needed_and_no_return():
    calm = made_up(loops(), [{"start": 0.0, "end": 156.0, "dominant": "at rest"}])
    assert needed_sentences(calm, "en")[0].startswith("No single knock-out removes the return")
    assert differences(calm, "en") == [("ko_agree", text("en")["ko_agree"])]
    holds = ReturnExplanation("holds", HORIZON, 8.0,
                              [record("intact", "intact", "not_within_horizon", None, None)],
                              PERIODS)
    assert "there is no return for a knock-out" in needed_sentences(holds, "en")[0]
    assert differ_sentences(holds, "en") == [] and headline(holds, "en") is None


def test_spans_a_moment_apart_are_one():
    weeks = dominant_weeks([{"start": 20.0, "end": 26.0, "dominant": "dependency"},
                            {"start": 26.25, "end": 26.5, "dominant": "at rest"},
                            {"start": 27.0, "end": 58.0, "dominant": "dependency"}])
    assert weeks["dependency"] == [(20.0, 58.0)]


def test_payload_keys(example):
    p = payload(example)
    assert {"scenario", "horizon_weeks", "intact", "knockouts", "needed", "periods",
            "sentences"} <= set(p)
    assert p["needed"] == [{"kind": "stock", "name": "dependency"},
                           {"kind": "loop", "name": "guard_role"}]
    bigger = next(r for r in p["knockouts"] if r["name"] == "bigger_team")
    assert bigger["dominates"] == [[30.0, 50.0]] and bigger["effect"] == "small"
    assert set(p["sentences"]) == {"en", "nl"}
    assert p["sentences"]["nl"]["headline"]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_section_has_a_row_per_loop_and_the_phases(example, lang):
    page = html.unescape(knockout_section(SimpleNamespace(returns=[example]), text(lang), lang))
    t = text(lang)
    for family in FAMILIES:
        name = t["ko_quote"].format(name=LOOP_NAMES[lang][family.key])
        assert t["ko_cutting"].format(loop=name) in page
    assert page.count("<tr>") == len(example.records) - 1 + len(PERIODS) + 2
    assert t["ko_phases"] in page and t["ko_word_no_return"] in page
    assert differ_sentences(example, lang)[0] in page
    assert "<img" not in page  # no analysis given: no figure
