"""The policy report page: tables, embedded figures, both languages, nothing external."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest

from cyclesim.cli import main
from cyclesim.present.report import collect, render

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = [SCENARIOS / f"{n}.toml" for n in ("one_on_one", "one_on_one_self_direction",
                                           "one_on_one_client_network", "baseline")]


@pytest.fixture(scope="module")
def data():
    return collect(FILES, samples=8)


@pytest.fixture(scope="module")
def pages(data):
    return {lang: render(data, lang) for lang in ("nl", "en")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_self_contained(pages, lang):
    page = pages[lang]
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page and "<link" not in page
    assert re.findall(r'<img[^>]+src="([^"]+)"', page)
    assert all(src.startswith("data:image/png;base64,")
               for src in re.findall(r'src="([^"]+)"', page))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_figure_has_a_sentence(pages, lang):
    page = pages[lang]
    assert page.count("<img") == page.count("<figcaption>") >= 3


@pytest.mark.parametrize("lang,words", [
    ("en", ["Scenarios side by side", "back at start", "Which feedback loop",
            "R proximity becomes dependency", "R stigma", "share of samples",
            "extra cost per week of delay", "Assumptions", "self-direction (001)"]),
    ("nl", ["Scenario's naast elkaar", "terug bij af", "Welke terugkoppeling",
            "R nabijheid wordt afhankelijkheid", "R stigma", "aandeel trekkingen",
            "extra kosten per week uitstel", "Aannames", "zelfregie (001)"]),
])
def test_content(pages, lang, words):
    text = html.unescape(pages[lang])
    for word in words:
        assert word in text, word
    assert pages[lang].count("<table>") >= 4
    for name in ("one_on_one", "one_on_one_self_direction", "baseline"):
        assert name in pages[lang]


def test_assumptions_list_changed_parameters(pages):
    assert "exclusive_hours_per_day" in pages["en"]
    assert "client_network_hours" in pages["en"]


def test_cli_writes_the_page(tmp_path):
    assert main(["report", str(FILES[0]), str(FILES[1]), "--out", str(tmp_path),
                 "--lang", "en", "--samples", "4"]) == 0
    assert (tmp_path / "report_en.html").read_text().startswith("<!DOCTYPE html>")


def test_cli_bad_input(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.toml"), "--out", str(tmp_path)]) == 2
    assert "no such scenario file" in capsys.readouterr().err


# --- issue 12: labels, costs, robustness of every scenario, the summary ------------------
@pytest.mark.parametrize("lang, words, never", [
    ("en", ["Summary", "The question.", "The answer.", "How sure.", "What it rests on.",
            "extra cost over no intervention, over 156 weeks, whole team [EUR]",
            "extra cost over no intervention until back at start",
            "How robust is each scenario?", "no improvement"],
     ["no honeymoon", "not within 156 weeks"]),
    ("nl", ["Samenvatting", "De vraag.", "Het antwoord.", "Hoe zeker.", "Waar het op rust.",
            "extra kosten t.o.v. geen interventie, over 156 weken, heel team [€]",
            "Hoe robuust is elk scenario?", "geen verbetering"],
     ["geen wittebroodsweken", "niet binnen 156 weken"]),
])
def test_costs_robustness_and_summary(pages, data, lang, words, never):
    from cyclesim.present.report import return_cell
    from cyclesim.present.report_text import text as texts

    text = html.unescape(pages[lang])
    for word in words:
        assert word in text, word
    baseline = next(r for r in data.results if r.scenario.name == "baseline")
    cell = return_cell(baseline.outcome, 156, texts(lang))
    for word in never:  # the baseline has no improvement, so nothing to return from
        assert word not in cell, word
    assert text.index("Summary" if lang == "en" else "Samenvatting") < text.index(
        "Scenarios side by side" if lang == "en" else "Scenario's naast elkaar")


def test_every_scenario_given_gets_its_robustness(data):
    assert set(data.robust) == {r.scenario.name for r in data.results}
    for record in data.robust.values():
        assert record["n_draws"] == 8
        assert sum(record["shares"].values()) == pytest.approx(1.0)


def test_time_plots_are_labelled_as_time_series(data):
    from cyclesim.present.report import composite_ax, indicator_figure
    from cyclesim.present.report_text import text
    from cyclesim.present.plots import plt

    t = text("nl")
    fig = indicator_figure(data.results, t)
    titles = [ax.get_title() for ax in fig.axes]
    plt.close(fig)
    assert titles == [t["ts_dependency"], t["ts_absence"], t["ts_strain"], t["ts_cost"]]
    assert not any(title.startswith("hoogste") for title in titles)
    fig, ax = plt.subplots()
    composite_ax(ax, data.results, t)
    assert ax.get_ylabel() == t["composite_axis"] and "diepte" not in ax.get_ylabel()
    plt.close(fig)


def test_user_scenarios_without_a_seed_combination_are_not_silent(tmp_path):
    page = render(collect([SCENARIOS / "two_on_one.toml", SCENARIOS / "baseline.toml"],
                          samples=4), "en")
    text = html.unescape(page)
    assert "over 4 draws of the whole plausible space" in text
    assert "two_on_one" in text and "How robust is each scenario?" in text


def test_dutch_numbers(pages):
    from cyclesim.present.report import dutch_numbers

    assert dutch_numbers("<td>1,234,567.5</td>") == "<td>1.234.567,5</td>"
    assert dutch_numbers('<p>versie 0.1.0; 0.25</p><img src="data:1,234.5">') == \
        '<p>versie 0.1.0; 0,25</p><img src="data:1,234.5">'


def test_report_discover_option(tmp_path, capsys):
    assert main(["report", str(FILES[0]), "--out", str(tmp_path), "--discover",
                 str(tmp_path / "nope")]) == 2
    assert "not a sweep directory" in capsys.readouterr().err


# --- issue 10, item 3: which loops bring the system back, beside loop dominance ---------
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_knockouts_beside_dominance(pages, data, lang):
    """Every scenario with 1-on-1 gets its knock-out table (a row per cut loop), the phase
    table and a figure; the sentences name every knock-out the return needs."""
    from cyclesim.model.loop_families import FAMILIES
    from cyclesim.present.knockout_explain import differ_sentences, knockout_words, space_cells
    from cyclesim.present.report_text import text as texts

    t = texts(lang)
    page = html.unescape(pages[lang])
    assert t["h_knockouts"] in page
    with_hours = {"one_on_one", "one_on_one_self_direction", "one_on_one_client_network"}
    assert {x.scenario for x in data.returns} == with_hours  # not the baseline
    section = page[page.index(t["h_knockouts"]):page.index(t["h_robust"])]
    assert section.count(t["ko_phases"]) == len(with_hours)
    assert section.count("<img") == len(with_hours)
    for x in data.returns:
        for family in FAMILIES:
            cut = next(r for r in x.records if r["kind"] == "loop" and r["name"] == family.key)
            assert knockout_words(cut, lang) in section
        for r in x.needed():
            assert knockout_words(r, lang) in section
    if lang == "en":  # the Dutch page has its numbers rewritten
        assert differ_sentences(data.returns[0], lang)[0] in section
    # ... and every knock-out over the report's plausible draws, beside the defaults
    assert t["ko_space_lost"].format(n=data.samples) in section
    assert t["ko_space_none"] in section  # the part of those that never improved
    for x in data.returns:
        assert x.space is not None and len(x.space) == len(x.ranked())
        held = x.space[(x.space["kind"] == "stock") & (x.space["name"] == "proximity")]
        cells = space_cells(x, {"kind": "stock", "name": "proximity"})
        assert cells[:2] == (f"{100 * held['lost'].iloc[0]:.0f} %",
                             f"{100 * held['no_honeymoon'].iloc[0]:.0f} %")
        assert f"<td>{cells[1]}</td>" in section


def test_mixed_horizons_are_stated_as_their_range():
    """Scenarios with different horizons (escalation runs 260 weeks): the headline and
    the column heads give the range of horizons, never a placeholder."""
    from cyclesim.present.report import _horizon

    data = collect([SCENARIOS / "one_on_one.toml", SCENARIOS / "escalation.toml"], samples=2)
    assert _horizon(data) == "156–260"
    page = html.unescape(render(data, "en"))
    assert "156–260 weeks" in page and "? weeks" not in page


def test_dutch_page_has_no_english_range_words_code_names_or_nan(pages):
    """Ranges are written with a dash (no English 'to'), a knock-out without a shift
    shows a dash (its outcome is in words beside it), and no 'nan' or backticks."""
    text = html.unescape(re.sub(r"<[^>]+>", " ",
                                re.sub(r'src="data:[^"]+"', "", pages["nl"])))
    found = re.findall(r".{20}(?:\bto\b|\bnan\b|\bNaN\b|\((?:not_within_horizon|worse|"
                       r"no_honeymoon)\)|`).{10}", text)
    assert not found, found
    assert re.search(r"[+-][\d.,]+ \([+-][\d.,]+ – [+-][\d.,]+\)", text)  # a range is there


@pytest.mark.parametrize("lang, of", [("en", "of"), ("nl", "van")])
def test_verdict_counts_say_of_how_many_draws(data, lang, of):
    """The verdicts table's counts of draws not returning read 'a / b of n', in words."""
    from cyclesim.present.report import verdicts_section
    from cyclesim.present.report_text import text

    section = verdicts_section(data, text(lang))
    assert re.search(rf"<td>\d+ / \d+ {of} {data.samples}</td>", section)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_intervention_medians_come_with_their_range(data, lang):
    """Issue 10, item 4: the medians over each intervention's effect sample (delay, cost
    per week of delay) carry their 5–95 % range, computed from the samples' own values."""
    from cyclesim.present.report import robustness_section
    from cyclesim.present.report_text import text

    section = robustness_section(data, text(lang), lang)
    assert "5–95 %" in section
    for r in data.interventions:
        delays = np.asarray(r.robust.delays, dtype=float)
        delays = delays[np.isfinite(delays)]
        stat = r.robust.delay_summary
        if not delays.size:
            assert stat["p5"] is None
            continue
        assert stat["p5"] == pytest.approx(np.percentile(delays, 5))
        assert stat["p95"] == pytest.approx(np.percentile(delays, 95))
        assert stat["p5"] <= stat["median"] <= stat["p95"]
        low, high = (round(stat[k], 1) + 0.0 for k in ("p5", "p95"))
        assert f"({low:,.1f} – {high:,.1f})" in section
