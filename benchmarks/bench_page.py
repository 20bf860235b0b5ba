"""How fast the page answers what a care team does (issue 11, item 6; a benchmark, not a
test). Run from the repository root::

    python benchmarks/bench_page.py            # 50 slider moves and 50 play turns
    python benchmarks/bench_page.py --moves 20

It starts the page's own server (``cyclesim serve`` on a free loopback port), makes sure
the compiled engine is warm (its kernels compiled and loaded, timed apart), then times
what the page sends:

* a **slider move**: ``/api/run`` with a new value of one control, as the page sends it
  after the slider stops (each value is new, so no answer comes from the cache);
* a **play turn**: ``/api/play`` with the path one decision longer (the turns before it
  are cached, as they are while a team plays; each decision is new).

Reported: the median and the 90th percentile of the wall time of each request, as the
browser sees it (HTTP on loopback, JSON included; drawing in the browser is not timed),
and the engine that ran.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cyclesim.engine import available  # noqa: E402
from cyclesim.engine.compiled import is_compiled  # noqa: E402
from cyclesim.model.graph import structure  # noqa: E402
from cyclesim.scenario.files import load_scenario  # noqa: E402
from cyclesim.scenario.runner import run  # noqa: E402
from cyclesim.web.server import make_server, serve_in_thread  # noqa: E402

TARGET_MS = 150.0  # issue 11: a slider move or a turn in < 150 ms median


def get(url: str) -> tuple[float, dict]:
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = json.loads(response.read())
    return (time.perf_counter() - began) * 1000.0, body


def warm_engine() -> str:
    """Compile (or load) the kernels and run once, so no timed request pays for it."""
    if not available():
        return "numpy (Numba not installed: the compiled engine is not available)"
    cold = not is_compiled(structure())
    began = time.perf_counter()
    run(load_scenario(REPO / "scenarios" / "one_on_one.toml"), engine="compiled")
    seconds = time.perf_counter() - began
    return f"compiled ({'compiled now' if cold else 'loaded from the cache'} in {seconds:.1f} s)"


def summary(label: str, times: list[float]) -> str:
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
    verdict = "within" if statistics.median(times) < TARGET_MS else "OVER"
    return (f"{label}: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, "
            f"max {times[-1]:.0f} ms over {len(times)} ({verdict} the {TARGET_MS:.0f} ms target)")


def slider_moves(base: str, n: int) -> tuple[list[float], set[str]]:
    times, engines = [], set()
    for k in range(n):  # exclusive hours 12.00, 11.83, … : every value new
        hours = 12.0 - k * (10.0 / max(1, n))
        ms, body = get(f"{base}api/run?scenario=one_on_one&exclusive_hours_per_day={hours:.3f}")
        times.append(ms)
        engines.add(body["outcome"].get("engine", "?"))
    return times, engines


def play_turns(base: str, n: int, turns: int) -> list[float]:
    times: list[float] = []
    game = 0
    while len(times) < n:
        codes: list[str] = []
        for turn in range(turns):
            hours = (game * 5 + turn * 3) % 25  # a new path each game
            staff = 1 + (game + turn) % 2
            core = (turn * game) % 9
            switches = format((game * 7 + turn) % 16, "04b")
            codes.append(f"{hours}-{staff}-{core}-{switches}")
            ms, _ = get(f"{base}api/play?lang=nl&d={'_'.join(codes)}")
            times.append(ms)
            if len(times) == n:
                break
        game += 1
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=50, help="slider moves and play turns")
    args = parser.parse_args(argv)
    from cyclesim.analysis.play import TURNS

    print(f"engine: {warm_engine()}")
    server = make_server("127.0.0.1", 0, REPO / "scenarios")
    serve_in_thread(server)
    base = server.url
    try:
        get(f"{base}api/run?scenario=one_on_one")  # the page's first request
        get(f"{base}api/play?lang=nl&d=")  # the play tab's first request (the model's rest)
        moves, engines = slider_moves(base, args.moves)
        print(summary("slider move (/api/run)", moves) + f"; engine {', '.join(sorted(engines))}")
        print(summary("play turn (/api/play)", play_turns(base, args.moves, TURNS)))
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
