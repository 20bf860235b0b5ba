"""Issue 11, item 6: the first use of the page never waits for a kernel compile without
saying so. ``/api/engine`` says whether the compiled kernels are ready and how long a
detached compile has been running; the page shows a note with a progress bar meanwhile."""

from __future__ import annotations

import json
import os
import time
import urllib.request

import pytest
from test_browser import page, wait_for_figure  # noqa: F401  (the page fixture)

import cyclesim.engine.compiled as compiled
import cyclesim.web.api as api


def _status(monkeypatch, tmp_path, ready: bool, lock_age: float | None) -> dict:
    monkeypatch.setattr(compiled, "available", lambda: True)
    monkeypatch.setattr(compiled, "is_compiled", lambda model: ready)
    monkeypatch.setattr(compiled, "kernel_path", lambda model: (tmp_path / "kernel_x.py", ""))
    lock = tmp_path / compiled.COMPILE_LOCK
    lock.unlink(missing_ok=True)
    if lock_age is not None:
        lock.write_text("1")
        then = time.time() - lock_age
        os.utime(lock, (then, then))
    return api.engine_status()


def test_engine_status_while_compiling_and_after(monkeypatch, tmp_path):
    busy = _status(monkeypatch, tmp_path, ready=False, lock_age=20.0)
    assert busy["compiling"] and not busy["compiled"]
    assert busy["seconds"] == pytest.approx(20.0, abs=2.0) and busy["expected_seconds"] > 0
    waiting = _status(monkeypatch, tmp_path, ready=False, lock_age=None)
    assert not waiting["compiling"] and waiting["seconds"] is None
    dead = _status(monkeypatch, tmp_path, ready=False, lock_age=compiled.LOCK_MINUTES * 60 + 5)
    assert not dead["compiling"]  # a lock this old is a compile that died
    done = _status(monkeypatch, tmp_path, ready=True, lock_age=5.0)
    assert done["compiled"] and not done["compiling"]


def test_page_says_the_model_compiles_and_shows_progress(page, monkeypatch):  # noqa: F811
    from selenium.webdriver.support.ui import WebDriverWait

    driver, server = page
    state = {"compiled": False}
    monkeypatch.setattr(api, "engine_status", lambda: {
        "available": True, "compiled": state["compiled"], "compiling": not state["compiled"],
        "seconds": None if state["compiled"] else 20.0, "expected_seconds": 60.0})
    with urllib.request.urlopen(server.url + "api/engine", timeout=30) as response:
        assert json.loads(response.read())["compiling"] is True
    driver.get(server.url)
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: d.find_elements("css selector", "#scenario option"))  # init is done
    driver.find_element("id", "lang-nl").click()
    note = wait.until(lambda d: d.find_element("id", "engine-note"))
    wait.until(lambda d: note.is_displayed() and "gecompileerd" in note.text)
    assert "20 s bezig" in note.text and "NumPy" in note.text
    value = float(driver.find_element("id", "engine-progress").get_attribute("value"))
    assert value == pytest.approx(20 / 60, abs=0.01)
    wait_for_figure(driver)  # the page does not wait for the compile
    state["compiled"] = True
    wait.until(lambda d: "volle snelheid" in d.find_element("id", "engine-note").text)
