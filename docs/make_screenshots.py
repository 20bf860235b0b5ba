"""Take the README's screenshots of the interactive page with headless Chromium.

Run from the repository root: ``python docs/make_screenshots.py`` (needs selenium,
chromium and chromium-driver). Writes ``docs/screenshots/*.png``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_browser import CHROME_FLAGS, CHROMEDRIVER, CHROMIUM, wait_for_figure  # noqa: E402

from cyclesim.web.server import make_server, serve_in_thread  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def main() -> None:
    server = make_server("127.0.0.1", 0, REPO / "scenarios")
    serve_in_thread(server)
    profile = tempfile.mkdtemp(prefix="cyclesim-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS + (f"--user-data-dir={profile}", "--window-size=1400,1900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        driver.get(server.url)
        key = wait_for_figure(driver)
        driver.find_element("id", "view-all").click()  # the story diagram is the default view
        WebDriverWait(driver, 90).until(lambda d: d.execute_script(
            "const i = document.getElementById('diagram-img');"
            "return i !== null && i.complete && i.naturalWidth > 0"))
        driver.save_screenshot(str(OUT / "page_one_on_one.png"))
        driver.execute_script(
            "const s = document.getElementById('ctl-core_team_size');"
            "s.value = 4; s.dispatchEvent(new Event('input'));")
        key = wait_for_figure(driver, key)
        driver.find_element("id", "lang-nl").click()
        driver.find_element("id", "story-toggle").click()
        driver.find_element("id", "story-next").click()
        WebDriverWait(driver, 5).until(lambda d: d.find_element("id", "story-step").text == "2 / 9")
        # the story panel's knock-outs and the dominance of the new inputs arrive later
        WebDriverWait(driver, 180).until(lambda d: d.execute_script(
            "const i = document.getElementById('diagram-img');"
            "return !document.getElementById('explain-more').hidden"
            " && document.getElementById('explain-bar') !== null"
            " && i !== null && i.complete && i.naturalWidth > 0"))
        driver.save_screenshot(str(OUT / "page_story_nl_core_team.png"))
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
