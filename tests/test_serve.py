"""The interactive page's server over plain HTTP: answers, clear 400s, 404s, concurrency."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cyclesim import run
from cyclesim.web.cache import ComputeCache
from cyclesim.cli import build_parser
from cyclesim.present.story import PHASES, story

REPO = Path(__file__).resolve().parents[1]


def get(server, path: str, timeout: float = 30.0) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_listens_on_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"


@pytest.mark.parametrize("path, kind", [
    ("/", "text/html"), ("/app.js", "text/javascript"), ("/style.css", "text/css"),
    ("/api/config", "application/json"), ("/api/scenarios", "application/json")])
def test_page_and_data_are_served(server, path, kind):
    status, body, headers = get(server, path)
    assert status == 200 and headers["Content-Type"].startswith(kind) and body


def test_page_has_no_external_references(server):
    for path in ("/", "/app.js", "/style.css"):
        text = get(server, path)[1].decode()
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text and "//cdn" not in text


def test_run_matches_the_model(server):
    status, body, _ = get(server, "/api/run?scenario=one_on_one&core_team_size=4")
    assert status == 200
    data = json.loads(body)
    expected = run(REPO / "scenarios" / "one_on_one.toml", {"core_team_size": 4.0})
    assert data["outcome"]["outcome"] == expected.outcome.outcome
    assert data["outcome"]["return_week"] == pytest.approx(expected.outcome.return_week)
    assert data["series"]["dependency"][-1] == pytest.approx(
        expected.trajectory["dependency"][-1, 0], rel=1e-4)
    assert data["inputs"]["core_team_size"] == 4.0


@pytest.mark.parametrize("query, words", [
    ("scenario=one_on_one&core_team_size=abc", "must be a number"),
    ("scenario=one_on_one&core_team_size=99", "out of range"),
    ("scenario=one_on_one&exclusive_hours_per_day=nan", "finite"),
    ("scenario=one_on_one&start_week=400", "before horizon_weeks"),
    ("scenario=one_on_one&tandem=1&tandem=0", "given 2 times"),
    ("scenario=nope", "unknown scenario"),
    ("", "unknown scenario"),
    ("scenario=one_on_one&eval=1", "unknown input"),
    ("scenario=one_on_one&dependency_build_time=" + "9" * 3000, "too long"),
])
def test_bad_input_is_a_clear_400(server, query, words):
    status, body, headers = get(server, "/api/run?" + query)
    assert status == 400, body
    assert headers["Content-Type"].startswith("application/json")
    message = json.loads(body)["error"]
    assert words in message and "Traceback" not in message


@pytest.mark.parametrize("path", ["/nope", "/../README.md", "/%2e%2e/pyproject.toml",
                                  "/web/app.js", "/cyclesim/serve.py", "/api", "/api/run/x"])
def test_unknown_paths_are_404(server, path):
    status, body, _ = get(server, path)
    assert status == 404 and b"[project]" not in body and b"import " not in body


def test_other_methods_are_refused(server):
    request = urllib.request.Request(server.url + "api/run", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 405


def test_concurrent_users_are_answered(server):
    """A classroom: 12 requests from 6 threads over 3 inputs, each answered correctly."""
    paths = [f"/api/run?scenario=one_on_one&exclusive_hours_per_day={h}" for h in (6, 8, 10)] * 4
    began = time.perf_counter()
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda p: get(server, p, timeout=60), paths))
    elapsed = time.perf_counter() - began
    assert all(status == 200 for status, _, _ in answers)
    by_hours = {}
    for path, (_, body, _) in zip(paths, answers):
        by_hours.setdefault(path, set()).add(json.loads(body)["outcome"]["total_cost"])
    assert all(len(costs) == 1 for costs in by_hours.values())
    assert elapsed < 30
    status, _, _ = get(server, paths[0], timeout=5)  # cached now: answered at once
    assert status == 200


def test_cache_computes_each_key_once():
    cache: ComputeCache[int] = ComputeCache(size=2)
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.05)
        return 42

    with ThreadPoolExecutor(4) as pool:
        values = list(pool.map(lambda _: cache.get("k", compute), range(8)))
    assert values == [42] * 8 and len(calls) == 1
    for key in "abc":
        cache.get(key, lambda: 0)
    assert len(cache) == 2


def test_figure_endpoint_gives_svg(server):
    status, body, headers = get(server, "/api/figure.svg?scenario=baseline")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and b"<svg" in body


def test_story_has_nine_phases_in_two_languages():
    assert [p.number for p in PHASES] == list(range(1, 10))
    assert len(story("en")) == len(story("nl")) == 9
    assert all(p.en != p.nl for p in PHASES)


def test_story_indicators_are_drawn_on_the_page():
    from cyclesim.web.api import PANELS

    drawn = {name for name, _, _ in PANELS}
    assert all(set(p.indicators) <= drawn for p in PHASES)


def test_dominance_and_diagram(server):
    status, body, _ = get(server, "/api/dominance?scenario=one_on_one", timeout=60)
    assert status == 200
    data = json.loads(body)
    assert data["periods"] and set(data["names"]) <= set(data["families"])
    status, body, headers = get(server, "/api/diagram.svg?family=honeymoon", timeout=60)
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and b"<svg" in body
    assert get(server, "/api/diagram.svg?family=../../etc")[0] == 400
    assert get(server, "/api/diagram.svg?family=honeymoon&x=1")[0] == 400


def test_knockout_endpoint(server):
    """Story mode's knock-outs beside dominance: JSON with the ranked knock-outs, the
    needed ones, the weekly dominance periods and sentences in both languages; cached."""
    status, body, headers = get(server, "/api/knockout?scenario=one_on_one", timeout=120)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert {"scenario", "intact", "knockouts", "needed", "periods", "sentences"} <= set(data)
    assert data["scenario"] == "one_on_one" and data["intact"]["kind"] == "intact"
    kinds = {(r["kind"], r["name"]) for r in data["knockouts"]}
    assert {("loop", "honeymoon"), ("loop", "guard_role"), ("stock", "dependency")} <= kinds
    assert all({"effect", "shift_weeks", "words", "dominates"} <= set(r)
               for r in data["knockouts"])
    assert all(n in [{"kind": r["kind"], "name": r["name"]} for r in data["knockouts"]
                     if r["effect"] in ("no_return", "delays")] for n in data["needed"])
    for lang in ("en", "nl"):
        assert data["sentences"][lang]["needed"] and data["sentences"][lang]["headline"]
    began = time.perf_counter()
    assert get(server, "/api/knockout?scenario=one_on_one")[0] == 200
    assert time.perf_counter() - began < 2.0  # the second ask comes from the cache


@pytest.mark.parametrize("query", ["scenario=nope", "", "scenario=one_on_one&x=1",
                                   "scenario=one_on_one&start_week=abc"])
def test_knockout_endpoint_bad_input(server, query):
    status, body, _ = get(server, "/api/knockout?" + query)
    assert status == 400
    error = json.loads(body)["error"]
    assert error and "Traceback" not in error
    if query == "scenario=nope":
        assert "unknown scenario 'nope'" in error
