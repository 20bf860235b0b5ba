"""The trainers' page in headless Chromium (issue 11): the story diagram is the default
view with the returning loop from knock-outs, the full diagram stays as "all variables",
the play tab plays quarters that survive a reload, and the Dutch page has no English
labels."""

from __future__ import annotations

import time

from test_browser import (REPO, _require_browser, chromium, page,  # noqa: F401  (the page fixture)
                          wait_for_figure)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from cyclesim.web import server as web_server  # noqa: E402

ENGLISH = ("Explore", "Play this quarter", "Story diagram", "All variables", "honeymoon",
           "proximity becomes dependency", "updated in", "h/day", "weeken", "Causal loop diagram",
           "Back to the scenario", "Outcome", "Start again")


def story_image(driver, attribute: str) -> str:
    """An attribute of the story diagram's image as the page shows it now ("" before
    the image is there)."""
    found = driver.find_elements("id", "story-img")
    return (found[0].get_attribute(attribute) or "") if found else ""


def test_story_diagram_default_lit_by_knockouts_then_all_variables(page):  # noqa: F811
    driver, _ = page
    driver.find_element("id", "lang-nl").click()
    wait_for_figure(driver)
    # the page redraws the story diagram (a new image element) when the knock-outs
    # arrive: each check reads the element afresh until it holds
    wait = WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: "/api/story.svg?lang=nl" in story_image(d, "src"))
    wait.until(lambda d: "knock-outs" in d.find_element("id", "returning").text)
    assert "bewakersrol" in driver.find_element("id", "returning").text  # guard_role at 1-on-1
    wait.until(lambda d: story_image(d, "data-family") == "guard_role")
    wait.until(lambda d: d.execute_script(
        "const i = document.getElementById('story-img'); return i.complete && i.naturalWidth > 0"))
    driver.find_element("id", "view-all").click()
    wait.until(lambda d: d.find_elements("id", "diagram-img") or d.find_elements("id", "diagram-note"))
    driver.find_element("id", "view-story").click()


def test_dutch_page_has_no_english_labels(page):  # noqa: F811
    driver, _ = page
    driver.find_element("id", "lang-nl").click()
    wait_for_figure(driver)
    texts = driver.execute_script("""
        const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
          const n = walk.currentNode, e = n.parentElement;
          if (n.textContent.trim() && e && e.offsetParent !== null) out.push(n.textContent.trim());
        }
        return out;""")
    joined = " | ".join(texts)
    found = [w for w in ENGLISH if w in joined]
    assert not found, found


def test_play_tab_plays_quarters_and_survives_a_reload(page):  # noqa: F811
    driver, server = page
    driver.find_element("id", "lang-nl").click()
    driver.execute_script("localStorage.removeItem('cyclesim-play')")
    driver.find_element("id", "tab-play").click()
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: d.find_element("id", "play-status").get_attribute("class") != "busy")
    driver.execute_script("const s = document.getElementById('play-hours'); s.value = 12;"
                          "s.dispatchEvent(new Event('input'));")
    for k in (1, 2):
        driver.find_element("id", "play-turn").click()
        wait.until(lambda d: len(d.find_elements("css selector", "#play-turns li")) == k)
    items = driver.find_elements("css selector", "#play-turns li")
    assert "Beurt 2" in items[1].text and "Dit kwartaal bewoog de lus" in items[1].text
    assert driver.find_elements("css selector", "#play-figure svg.panel")
    game = server.game()
    from cyclesim.analysis.play import Choice

    expected = game.report((Choice(12.0, 1), Choice(12.0, 1)), "nl")["why"]
    assert items[1].find_element("css selector", ".why").text == expected
    driver.refresh()
    driver.find_element("id", "lang-nl").click()
    driver.find_element("id", "tab-play").click()
    wait.until(lambda d: len(d.find_elements("css selector", "#play-turns li")) == 2)
    driver.execute_script("localStorage.removeItem('cyclesim-play')")
    driver.find_element("id", "tab-explore").click()


def test_story_mode_shows_knockouts_beside_dominance(page):  # noqa: F811
    """Story mode's panel: the dominance strip with the step's weeks shaded, the
    knock-outs the return needs and the headline sentence, as /api/knockout says."""
    driver, _ = page
    driver.find_element("id", "lang-nl").click()
    wait_for_figure(driver)
    driver.find_element("id", "story-toggle").click()
    wait = WebDriverWait(driver, 120)
    wait.until(lambda d: d.execute_script("return state.knockout !== null"))
    wait.until(lambda d: d.find_elements("css selector", "#explain-bar .phasemark"))
    k = driver.execute_script("return state.knockout")
    needed = driver.find_element("id", "explain-needed")
    assert needed.get_attribute("data-needed").split() == [
        f"{n['kind']}:{n['name']}" for n in k["needed"]]
    for r in k["knockouts"]:
        if r["effect"] in ("no_return", "delays"):
            assert r["words"]["nl"] in needed.text
    assert driver.find_element("id", "explain-differ").text == k["sentences"]["nl"]["headline"]
    driver.find_element("id", "story-toggle").click()
    assert not driver.find_element("id", "explain").is_displayed()


def test_language_chosen_while_the_page_loads_is_kept(monkeypatch):
    """A click on NL before the page has its config (a slow server) is not lost: the page
    comes up in Dutch, story diagram included."""
    _require_browser()
    answer = web_server.API["/api/config"]

    def slow_config(handler, query):
        time.sleep(2.0)
        answer(handler, query)

    monkeypatch.setitem(web_server.API, "/api/config", slow_config)
    server = web_server.make_server("127.0.0.1", 0, REPO / "scenarios")
    web_server.serve_in_thread(server)
    try:
        with chromium() as driver:
            driver.get(server.url)
            driver.find_element("id", "lang-nl").click()
            wait_for_figure(driver, timeout=60)
            assert driver.execute_script("return document.documentElement.lang") == "nl"
            WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,)
                          ).until(lambda d: "/api/story.svg?lang=nl" in story_image(d, "src"))
    finally:
        server.shutdown()
        server.server_close()
