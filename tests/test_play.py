"""Play mode (issue 11): quarters run from the state the last one ended in, a turn says
what changed and why, the debrief compares the team's path with the story's and the
best one found, and ``cyclesim play`` plays, saves and continues a game."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cyclesim.analysis import play
from cyclesim.analysis.play import Choice

SMALL = {"hours": (0.0, 12.0), "staff": (1,), "core": (0.0, 4.0),
         "switches": ((False,) * 4, (True, False, True, False))}


@pytest.fixture(scope="module")
def game():
    return play.Game()


def test_levers_and_signals_are_in_the_listing():
    from cyclesim.model.graph import structure

    assert play.check_levers_exist() == []
    names = set(structure().variable_names)
    assert all(v[0] in names for v in play.LOOP_SIGNALS.values())
    assert set(play.INDICATORS) <= names


def test_codes_round_trip_and_bad_codes_are_refused():
    choice = Choice(8.0, 2, 4.0, True, False, True, False)
    assert Choice.from_code(choice.code()) == choice
    for bad in ("12", "12-3-0-0000", "x-1-0-0000", "12-1-0-00a0", "30-1-0-0000"):
        with pytest.raises(play.PlayError):
            Choice.from_code(bad)


def test_a_turn_runs_from_where_the_last_one_ended(game):
    """Two quarters played one after the other equal one 26-week run from the start."""
    path = (Choice(12.0, 1), Choice(12.0, 1))
    _, series = game.series(path)
    whole = game.run(game.rest, [Choice(12.0, 1)], 26.0)
    for name in ("dependency", "team_size", "cumulative_cost", "composite_improvement"):
        assert series[name][-1] == pytest.approx(whole.series[name][-1, 0], rel=1e-12)
    # and a different second quarter starts from the same state
    other = game.turn((Choice(12.0, 1), Choice(0.0, 1)))
    first = game.turn((Choice(12.0, 1),))
    for name in ("dependency", "team_size", "staff_strain"):
        assert other.series[name][0, 0] == first.series[name][-1, 0]


def test_the_turn_report_says_what_changed_and_why_in_dutch(game):
    report = game.report((Choice(12.0, 1),), "nl")
    assert report["weeks"] == [0, 13]
    assert report["changes"]["incident_rate"]["after"] < report["changes"]["incident_rate"]["before"]
    assert report["loop"] in play.LOOP_SIGNALS
    assert report["why"].startswith("Dit kwartaal bewoog de lus")
    assert "," in report["why"] and "rose" not in report["why"]
    english = game.report((Choice(12.0, 1),), "en")["why"]
    assert english.startswith("This quarter the loop")


def test_dutch_number_format():
    assert play.number(2105743.4, 0, "nl") == "2.105.743"
    assert play.number(0.125, 2, "nl") == "0,12" or play.number(0.125, 2, "nl") == "0,13"
    assert play.money(2884025, "nl") == "€ 2.884.025"
    assert play.number(2105743.4, 0, "en") == "2,105,743"


def test_story_path_escalates_after_back_at_start(game):
    path = play.story_path(game)
    assert len(path) == play.TURNS and path[0] == Choice(12.0, 1)
    assert Choice(12.0, 2) in path and path[-1] == Choice(12.0, 1, 4.0)


def test_best_path_beats_every_choice_held_for_three_years(game):
    best = play.best_path(game, spec=SMALL)
    times, series = game.series(best)
    best_score = game.judge(times, series)[0]["score"]
    for choice in play.grid(SMALL):
        t, s = game.series((choice,) * play.TURNS)
        assert best_score >= game.judge(t, s)[0]["score"] - 1e-9
    result = play.debrief(game, (Choice(12.0, 1),) * play.TURNS, best)
    assert set(result.results) == {"team", "story", "best"}
    assert result.results["best"]["score"] >= result.results["team"]["score"]
    assert result.parted_turn == next(k + 1 for k, c in enumerate(best) if c != Choice(12.0, 1))
    json.dumps(result.to_dict())


def test_cli_plays_saves_and_continues(tmp_path):
    save = tmp_path / "game.json"
    first = subprocess.run([sys.executable, "-m", "cyclesim", "play", "--save", str(save)],
                           input="12 1 0 0000\n\n8 1 4 1010\nq\n", capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Beurt 3/12" in first.stdout and "Dit kwartaal" in first.stdout
    assert json.loads(save.read_text())["decisions"] == ["12-1-0-0000", "12-1-0-0000",
                                                         "8-1-4-1010"]
    rest = "_".join(["0-1-4-1010"] * 9)
    second = subprocess.run([sys.executable, "-m", "cyclesim", "play", "--load", str(save),
                             "--decisions", rest, "--json", "--lang", "en"], input="",
                            capture_output=True, text=True, timeout=180)
    assert second.returncode == 0, second.stderr
    assert "Debrief after 12 turns" in second.stdout
    data = json.loads(second.stdout[second.stdout.index("\n{") + 1:])
    assert len(data["turns"]) == 12
    assert data["debrief"]["paths"]["team"][3]["code"] == "0-1-4-1010"
    bad = subprocess.run([sys.executable, "-m", "cyclesim", "play", "--decisions", "99-1-0-0000"],
                         input="", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "hours must be between" in bad.stderr
