"""The interactive page in a real browser: headless Chromium loads it, a slider moves, and
the figure and the outcome numbers change as the model says they should.

Skips with a reason where Chromium, ChromeDriver or selenium are absent; under CI (the
environment variable ``CI`` set) their absence is a failure instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cyclesim import run
from cyclesim.web.server import make_server, serve_in_thread

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000")


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[browser]')"
    if not CHROMIUM or not CHROMEDRIVER:
        return "Chromium or ChromeDriver is not installed (apt-get install chromium chromium-driver)"
    return None


def _require_browser() -> None:
    reason = _missing()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test, but {reason}")
    if reason:
        pytest.skip(reason)


@contextlib.contextmanager
def chromium():
    """A headless Chromium with a fresh profile (removed afterwards); skips, or fails in
    CI, when the browser is missing."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="cyclesim-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page():
    """A page server on a free loopback port, and a headless Chromium looking at it."""
    _require_browser()
    server = make_server("127.0.0.1", 0, REPO / "scenarios")
    serve_in_thread(server)
    try:
        with chromium() as driver:
            driver.get(server.url)
            yield driver, server
    finally:
        server.shutdown()
        server.server_close()


def wait_for_figure(driver, previous_key: str | None = None, timeout: float = 30,
                    showing: str = "") -> str:
    """Wait until the figure shows a run other than ``previous_key`` (and, if given, one
    whose key contains ``showing``: the page answers every slider step, so an earlier
    step's figure may arrive first); return its key."""
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d):
        key = d.execute_script("return document.getElementById('figure').dataset.key || null")
        busy = d.find_element("id", "status").get_attribute("class") == "busy"
        fresh = key and key != previous_key and showing in key
        return key if fresh and not busy else False

    return WebDriverWait(driver, timeout).until(ready)


def shown(driver) -> dict:
    """The outcome numbers as the page shows them (raw values) and the figure's last points."""
    outcome = {el.get_attribute("id")[4:]: json.loads(el.get_attribute("data-value"))
               for el in driver.find_elements("css selector", "#outcome dd")}
    last = {el.find_element("xpath", "..").get_attribute("data-variable"):
            float(el.get_attribute("data-last"))
            for el in driver.find_elements("css selector", "#figure path.series")}
    return {"outcome": outcome, "last": last}


def test_slider_changes_figure_and_numbers_as_the_model_says(page):
    from selenium.webdriver.common.keys import Keys

    driver, _ = page
    key = wait_for_figure(driver)
    assert "scenario=one_on_one" in key and "core_team_size=0" in key
    before = shown(driver)
    expected = run(REPO / "scenarios" / "one_on_one.toml")
    assert before["outcome"]["return_week"] == pytest.approx(expected.outcome.return_week)
    assert len(before["last"]) == 12

    slider = driver.find_element("id", "ctl-core_team_size")
    for _ in range(8):  # 0 -> 4 FTE in steps of 0.5
        slider.send_keys(Keys.ARROW_RIGHT)
    assert slider.get_attribute("value") == "4"
    wait_for_figure(driver, key, showing="core_team_size=4")
    after = shown(driver)

    model = run(REPO / "scenarios" / "one_on_one.toml", {"core_team_size": 4.0})
    o = model.outcome
    assert after["outcome"]["outcome"] == o.outcome
    assert after["outcome"]["return_week"] == pytest.approx(o.return_week)
    assert after["outcome"]["honeymoon_depth"] == pytest.approx(o.honeymoon_depth)
    assert after["outcome"]["total_cost"] == pytest.approx(o.total_cost)
    for variable, value in after["last"].items():
        assert value == pytest.approx(model.trajectory[variable][-1, 0], rel=1e-4, abs=1e-9)
    assert after["outcome"]["total_cost"] != before["outcome"]["total_cost"]
    assert after["last"]["staff_strain"] != pytest.approx(before["last"]["staff_strain"])


def test_story_mode_and_language_toggle(page):
    driver, _ = page
    wait_for_figure(driver)
    driver.find_element("id", "story-toggle").click()
    assert driver.find_element("id", "story-step").text == "1 / 9"
    for _ in range(8):
        driver.find_element("id", "story-next").click()
    assert driver.find_element("id", "story-step").text == "9 / 9"
    english = driver.find_element("id", "story-text").text
    driver.find_element("id", "lang-nl").click()
    dutch = driver.find_element("id", "story-text").text
    assert dutch != english and "Terug bij af" in driver.find_element("id", "story-title").text
    assert driver.find_elements("css selector", "#figure .cell.highlight")
    driver.find_element("id", "lang-en").click()
    driver.find_element("id", "story-toggle").click()


def test_bad_value_shows_a_clear_message(page):
    driver, _ = page
    wait_for_figure(driver)
    driver.execute_script(
        "const s = document.getElementById('ctl-dependency_build_time');"
        "s.min = -50; s.value = -5; s.dispatchEvent(new Event('input'));")
    from selenium.webdriver.support.ui import WebDriverWait

    status = WebDriverWait(driver, 20).until(
        lambda d: d.find_element("id", "status") if
        d.find_element("id", "status").get_attribute("class") == "error" else False)
    assert "out of range" in status.text and "dependency_build_time" in status.text


def test_diagram_highlights_the_dominant_loop(page):
    from selenium.webdriver.support.ui import WebDriverWait

    from cyclesim.web.figures import dominance_payload
    from cyclesim.web.api import load_library

    driver, _ = page
    wait_for_figure(driver)
    driver.find_element("id", "view-all").click()  # the story diagram is the default view (issue 11)
    image = WebDriverWait(driver, 60).until(
        lambda d: d.find_elements("id", "diagram-img") and d.find_element("id", "diagram-img"))
    week = int(driver.find_element("id", "diagram-week").get_attribute("value"))
    scenario = load_library(REPO / "scenarios")["one_on_one"]
    values = {k: driver.find_element("id", "ctl-" + k) for k in ("core_team_size",)}
    scenario = scenario.model_copy(update={"intervention": {
        **scenario.intervention, "core_team_size": float(values["core_team_size"].get_attribute("value"))}})
    periods = dominance_payload(scenario)["periods"]
    expected = next((p["dominant"] for p in periods if p["start"] <= week <= p["end"]),
                    periods[-1]["dominant"])
    assert image.get_attribute("data-family") == expected
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "const i = document.getElementById('diagram-img'); return i.complete && i.naturalWidth > 0"))
