"""Tables a policy officer can paste (issue 12, deliverable 4): compare --out writes the
comparison as CSV and .xlsx, with Dutch headers under --lang nl, and shows progress."""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest

from cyclesim.present.tables import COLUMNS, comparison_frame

ROW = {"scenario": "x", "title": "X", "outcome": "no_honeymoon", "return_week": None,
       "honeymoon_depth": 0.0, "honeymoon_weeks": 0.0, "cycles": 0, "declined_stages": 0,
       "extra_cost": -4e-8, "extra_cost_at_return": None, "total_cost": 2e6,
       "peak_dependency": 0.15, "horizon_weeks": 156.0}


@pytest.mark.parametrize("lang, word", [("en", "no improvement"), ("nl", "geen verbetering")])
def test_headers_and_words_per_language(lang, word):
    frame = comparison_frame([ROW], lang)
    i = 1 if lang == "nl" else 0
    assert list(frame.columns) == [names[i] for names in COLUMNS.values()]
    assert frame.iloc[0][COLUMNS["outcome"][i]] == word
    assert frame.iloc[0][COLUMNS["extra_cost"][i]] == 0.0  # whole euros, no -0


@pytest.fixture(scope="module")
def compared_nl(tmp_path_factory, scenarios_dir, run_cli):
    source = tmp_path_factory.mktemp("scenarios")
    for name in ("baseline", "one_on_one"):
        shutil.copy(scenarios_dir / f"{name}.toml", source)
    out = tmp_path_factory.mktemp("out")
    return run_cli("compare", source, "--samples", "0", "--lang", "nl", "--out", out), out


def test_compare_writes_csv_and_xlsx_with_dutch_headers(compared_nl):
    answer, out = compared_nl
    assert answer.returncode == 0, answer.stderr
    csv = pd.read_csv(out / "comparison.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(csv["scenario"]) == ["baseline", "one_on_one"]
    assert COLUMNS["extra_cost"][1] in csv.columns
    sheet = openpyxl.load_workbook(out / "comparison.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["scenario", "titel", "uitkomst"]
    assert sheet.cell(2, 1).value == "baseline"
    assert list(csv["titel"])[1] == "Structureel 1-op-1"  # the file's title_nl


def test_verdict_columns_say_how_many_draws_the_delay_is_over():
    """The delay is taken over the draws in which both runs improved first, so the sheet
    gives that number beside its median and range."""
    stat = {"median": 5.0, "p5": 1.0, "p95": 9.0, "share_same_sign": 0.9, "n_finite": 54}
    row = {**ROW, "verdict": {"return_delay_weeks": stat,
                              "cost_difference_vs_one_on_one_eur": {**stat, "n_finite": 64}}}
    frame = comparison_frame([row], "nl")
    column = "terugkeer t.o.v. alleen 1-op-1 over aannemelijke trekkingen (weken): " \
             "trekkingen waarover genomen"
    assert frame.iloc[0][column] == 54


def test_compare_shows_progress_on_stderr(compared_nl):
    answer, _ = compared_nl
    assert "simulating: 1/2 baseline" in answer.stderr
    assert "simulating: 2/2 one_on_one" in answer.stderr
