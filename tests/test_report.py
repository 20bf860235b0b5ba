"""The policy report page: tables, embedded figures, both languages, nothing external."""

from __future__ import annotations

import html
import re
from pathlib import Path

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
