"""Classroom mode (issue 11, item 3): a trainer opens a session, teams join with a short
code and play; decisions live in SQLite and survive a server restart. The store is tested
directly, then two teams and a trainer in headless Chromium (one browser, three tabs: each
tab keeps its own identity in sessionStorage), across a restart of the server."""

from __future__ import annotations

import pytest
from test_browser import REPO, chromium

from cyclesim.web.classroom import ALPHABET, CODE_LENGTH, Classroom, ClassroomError
from cyclesim.web.server import make_server, serve_in_thread


def test_sessions_teams_and_decisions_survive_reopening(tmp_path):
    db = tmp_path / "class.sqlite3"
    room = Classroom(db)
    code = room.open_session()
    assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
    assert room.join(code.lower(), " Rood ") == []
    room.join(code, "Blauw")
    assert room.decide(code, "Rood", 1, "12-1-0-0000") == ["12-1-0-0000"]
    assert room.decide(code, "Rood", 1, "12-1-0-0000") == ["12-1-0-0000"]  # sent again
    room.decide(code, "Rood", 2, "8-2-4-1010")
    with pytest.raises(ClassroomError, match="turn 4 cannot be played now"):
        room.decide(code, "Rood", 4, "8-1-0-0000")
    with pytest.raises(ClassroomError, match="turn 1 cannot be played now"):
        room.decide(code, "Rood", 1, "4-1-0-0000")  # a played turn is not changed
    with pytest.raises(ClassroomError, match="not a decision|decision"):
        room.decide(code, "Blauw", 1, "lots")
    with pytest.raises(ClassroomError, match="no session"):
        room.join("ZZZZZ9", "Rood")
    with pytest.raises(ClassroomError, match="team name"):
        room.join(code, "<script>")
    with pytest.raises(ClassroomError, match="join first"):
        room.decide(code, "Groen", 1, "12-1-0-0000")
    again = Classroom(db)  # a new server on the same file
    assert again.teams(code) == {"Rood": ["12-1-0-0000", "8-2-4-1010"], "Blauw": []}
    assert again.join(code, "Rood") == ["12-1-0-0000", "8-2-4-1010"]


@pytest.fixture()
def browser():
    with chromium() as driver:
        yield driver


def _start(db, port: int = 0):
    server = make_server("127.0.0.1", port, REPO / "scenarios", classroom_db=db)
    serve_in_thread(server)
    return server


def _stop(server) -> None:
    server.shutdown()
    server.server_close()


def test_two_teams_and_a_trainer_across_a_server_restart(browser, tmp_path):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the page redraws its tables and figures as the session is polled: an element found
    # a moment ago may be replaced before it is read, so a wait reads afresh instead
    driver = browser
    wait = WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,))
    db = tmp_path / "class.sqlite3"
    server = _start(db)
    port = server.server_address[1]

    def play(turns: int, hours: int) -> None:
        for k in range(1, turns + 1):
            driver.execute_script(f"const s = document.getElementById('play-hours'); s.value = {hours};"
                                  "s.dispatchEvent(new Event('input'));")
            driver.find_element("id", "play-turn").click()
            wait.until(lambda d: len(d.find_elements("css selector", "#play-turns li")) >= k
                       and d.find_element("id", "play-status").get_attribute("class") != "busy")

    def ready() -> None:  # the page's init has run (its buttons listen)
        wait.until(lambda d: d.find_elements("css selector", "#scenario option"))

    def trainer_sees(played: dict[str, int]) -> None:
        wait.until(lambda d: {r.get_attribute("data-team"): int(r.get_attribute("data-played"))
                              for r in d.find_elements("css selector", "#class-table tr[data-team]")}
                   == played)
        wait.until(lambda d: {line.get_attribute("data-team") for line in
                              d.find_elements("css selector", "#class-figure polyline")}
                   == set(played))

    try:
        driver.get(server.url)  # the trainer's tab
        ready()
        trainer = driver.current_window_handle
        driver.find_element("id", "lang-nl").click()
        driver.find_element("id", "tab-class").click()
        driver.find_element("id", "class-open").click()
        wait.until(lambda d: "Sessiecode voor de teams:" in d.find_element("id", "class-session").text)
        code = driver.find_element("id", "class-session").text.split(":")[-1].strip()
        assert len(code) == CODE_LENGTH
        tabs = {}
        for team, hours in (("Rood", 12), ("Blauw", 4)):
            driver.switch_to.new_window("tab")
            tabs[team] = driver.current_window_handle
            driver.get(server.url)
            ready()
            driver.find_element("id", "tab-class").click()
            driver.find_element("id", "class-code").send_keys(code.lower())
            driver.find_element("id", "class-team").send_keys(team)
            driver.find_element("id", "class-join").click()
            wait.until(lambda d: d.find_element("id", "play-pane").is_displayed()
                       and team in d.find_element("id", "play-class").text)
            play(4, hours)
        driver.switch_to.window(trainer)
        trainer_sees({"Rood": 4, "Blauw": 4})
        def rows(d) -> dict[str, str]:
            return {r.get_attribute("data-team"): r.text
                    for r in d.find_elements("css selector", "#class-table tr[data-team]")}

        wait.until(lambda d: "12 u/dag" in rows(d).get("Rood", "")
                   and "4 u/dag" in rows(d).get("Blauw", ""))

        _stop(server)  # the server restarts on the same port and the same file
        server = _start(db, port)
        driver.switch_to.window(tabs["Rood"])
        driver.refresh()  # the team carries on where it was
        wait.until(lambda d: len(d.find_elements("css selector", "#play-turns li")) == 4
                   and d.find_element("id", "play-status").get_attribute("class") != "busy")
        driver.find_element("id", "play-turn").click()
        wait.until(lambda d: len(d.find_elements("css selector", "#play-turns li")) == 5)
        driver.switch_to.window(trainer)
        driver.refresh()  # the trainer follows the same session again
        trainer_sees({"Rood": 5, "Blauw": 4})
    finally:
        _stop(server)


def test_trainer_view_compares_paths_and_gives_each_finished_team_its_debrief():
    from cyclesim.analysis.play import TURNS, Game, parse_path
    from cyclesim.web.classroom import view

    best = parse_path(["8-1-4-0001"] * TURNS)  # a stand-in for the searched best path
    teams = {"Rood": ["12-1-0-0000"] * TURNS, "Blauw": ["4-1-0-0001"] * 3, "Groen": []}
    v = view(Game(), "ABCDE", teams, "nl", lambda: best)
    rows = {t["team"]: t for t in v["teams"]}
    assert list(rows) == ["Rood", "Blauw", "Groen"] and v["turns"] == TURNS
    assert rows["Rood"]["done"] and rows["Rood"]["debrief"]["parted_turn"] == 1
    assert set(rows["Rood"]["debrief"]["results"]) == {"team", "story", "best"}
    assert rows["Blauw"]["debrief"] is None and rows["Blauw"]["played"] == 3
    assert len(rows["Blauw"]["composite"]) == 3 * 13 + 1
    assert rows["Blauw"]["decisions"][0].startswith("4 u/dag 1-op-1")
    assert rows["Groen"]["result"] is None and rows["Groen"]["composite"] == []
