"""``cyclesim serve``: the interactive page for trainers, served by the standard library.

The server answers a fixed set of paths only: the page's three static files and a few
JSON/SVG/PNG endpoints. Nothing is read from disk by a name taken from a request, so no
path can reach outside the page. Each distinct input is run once (an LRU of results),
a bounded number of runs go at once, and each connection has its own thread.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from cyclesim.web import figures as figures_web
from cyclesim.web.cache import Busy, ComputeCache
from cyclesim.scenario.runner import RunResult, run
from cyclesim.scenario.files import Scenario
from cyclesim.web.api import InputError, config, load_library, run_payload, scenario_from_query, scenario_list

WEB = Path(__file__).parent / "static"
STATIC = {  # request path -> (file in cyclesim/web/static, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_QUERY = 2000  # [characters]
MAX_GET_BODY = 65536  # [bytes] a GET's body is read and dropped up to this size, else 413
RETRY_AFTER = "5"  # [s] told to a client that gets 503 (busy)
BACKLOG = 128  # connections waiting to be accepted (the standard library's default is 5)
HEAVY = ("/api/run", "/api/figure.svg", "/api/figure.png", "/api/dominance", "/api/diagram.svg",
         "/api/story.svg", "/api/returning", "/api/knockout", "/api/play", "/api/play/debrief",
         "/api/class/open", "/api/class/join", "/api/class/decide", "/api/class/view")


def _host_name(host: str) -> str:
    """The name part of a Host header (no port; IPv6 literals keep their brackets off)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PageServer(ThreadingHTTPServer):
    """The page's HTTP server: the scenario library and the run cache live here."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, address: tuple[str, int], library: dict[str, Scenario],
                 cache_size: int = 256, parallel: int = 2,
                 classroom_db: str | Path | None = None) -> None:
        super().__init__(address, PageHandler)
        self.library = library
        self.classroom_db = classroom_db
        self._classroom = None
        names = {"localhost", str(address[0]).lower(), socket.gethostname().lower()}
        self.host_names = {n for n in names if n and n not in ("0.0.0.0", "::")}
        self.results: ComputeCache[RunResult] = ComputeCache(cache_size, parallel)
        self.figures: ComputeCache[bytes] = ComputeCache(32, 1)
        self.extras: ComputeCache[dict] = ComputeCache(cache_size, parallel)
        self._game = None
        self._game_lock = threading.Lock()

    def game(self):
        """The play-mode model (one per server; its turns are cached by path)."""
        from cyclesim.analysis.play import Game

        with self._game_lock:
            if self._game is None:
                self._game = Game()
            return self._game

    def classroom(self):
        """The classroom sessions (SQLite), opened on first use: ``classroom_db``, else
        ``$CYCLESIM_CLASSROOM_DB``, else ``~/.local/share/cyclesim/classroom.sqlite3``."""
        from cyclesim.web.classroom import Classroom, default_path

        with self._game_lock:
            if self._classroom is None:
                self._classroom = Classroom(self.classroom_db or default_path())
            return self._classroom

    def host_allowed(self, host: str | None) -> bool:
        """A Host header naming this server: an IP address, ``localhost``, the name it was
        started with or the machine's name. Any other name may be a DNS-rebinding page."""
        if not host:
            return False
        name = _host_name(host)
        return _is_ip(name) or name in self.host_names or name.endswith(".localhost")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def result(self, scenario: Scenario) -> RunResult:
        """The run of ``scenario``, from the cache when anyone asked for it before."""
        return self.results.get(scenario.model_dump_json(), lambda: run(scenario))

    def warm(self) -> threading.Thread:
        """Run every library scenario as written in the background, so first clicks are fast."""
        def work() -> None:
            for scenario in self.library.values():
                self.result(scenario)
            for family in ("none", *figures_web.families()):
                self.figures.get(("diagram", family),
                                 lambda f=family: figures_web.diagram_svg(f))
        thread = threading.Thread(target=work, name="cyclesim-warm", daemon=True)
        thread.start()
        return thread


class PageHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for the fixed paths; everything else is 404 or 405."""

    server: PageServer
    server_version = "cyclesim"
    timeout = 30  # [s] a silent connection is closed, so it cannot hold a thread forever
    protocol_version = "HTTP/1.1"
    _head = False  # answering HEAD: headers only

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        """Quiet: a classroom's requests would flood the trainer's terminal."""

    def version_string(self) -> str:
        """The ``Server`` header: the program only, not the Python version."""
        return self.server_version

    def _drop_body(self) -> bool:
        """Read and drop a GET's body (so it is not parsed as the next request); a body
        too large or of unknown length is refused and the connection closed."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": "a GET takes no body"},
                            extra={"Connection": "close"})
            return False
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_GET_BODY:
            self.close_connection = True
            self._send_json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "a GET takes no body"},
                            extra={"Connection": "close"})
            return False
        if length:
            self.rfile.read(length)
        return True

    def _cross_origin(self) -> bool:
        """A request another site's page made (fetch, img, form): the browser says so in
        ``Sec-Fetch-Site`` or ``Origin``. Heavy work is done for this page only."""
        site = (self.headers.get("Sec-Fetch-Site") or "").lower()
        if site in ("cross-site", "same-site"):
            return True
        origin = self.headers.get("Origin")
        if origin and origin != "null":
            return _host_name(urlsplit(origin).netloc) != _host_name(self.headers.get("Host", ""))
        return bool(origin)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _method_not_allowed(self) -> None:
        self.close_connection = True  # any request body stays unread
        self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "only GET and HEAD are served"},
                        extra={"Allow": "GET, HEAD", "Connection": "close"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed

    def _answer(self, head: bool) -> None:
        self._head = head
        parts = urlsplit(self.path)
        if not self._drop_body():
            return
        if not self.server.host_allowed(self.headers.get("Host")):
            self._send_json(HTTPStatus.MISDIRECTED_REQUEST,
                            {"error": "unknown Host: open the page by the address cyclesim "
                             "serve printed"})
            return
        if parts.path in HEAVY and self._cross_origin():
            self._send_json(HTTPStatus.FORBIDDEN,
                            {"error": "runs are computed for this server's own page only"})
            return
        try:
            if len(parts.query) > MAX_QUERY:
                raise InputError(f"the query is too long (over {MAX_QUERY} characters)")
            if parts.path in STATIC:
                name, kind = STATIC[parts.path]
                self._send(HTTPStatus.OK, (WEB / name).read_bytes(), kind)
            elif parts.path in API:
                query = parse_qs(parts.query, keep_blank_values=True, max_num_fields=50)
                API[parts.path](self, query)
            else:
                self._send_json(HTTPStatus.NOT_FOUND, {"error": f"no such page: {parts.path[:80]}"})
        except ConnectionError:  # the browser went away (closed tab, newer request): nothing to say
            self.close_connection = True
        except Busy:
            self._send_json(HTTPStatus.SERVICE_UNAVAILABLE,
                            {"error": "the server is busy; try again in a few seconds"},
                            extra={"Retry-After": RETRY_AFTER})
        except InputError as error:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(error)})
        except ValueError as error:  # parse_qs: too many fields
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": f"bad query: {error}"})
        except Exception as error:  # noqa: BLE001 - a model failure: a message, never a traceback
            print(f"cyclesim serve: {self.path[:200]}: {error!r}", file=sys.stderr)
            self._send_json(HTTPStatus.INTERNAL_SERVER_ERROR,
                            {"error": "the model could not compute this input"})

    def _send(self, status: int, body: bytes, kind: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if kind.startswith("text/html"):
            self.send_header("Content-Security-Policy", CSP)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not self._head:
            self.wfile.write(body)

    def _send_json(self, status: int, data, extra: dict | None = None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", extra)

    # --- endpoints -----------------------------------------------------------------------
    def api_config(self, query: dict) -> None:
        self._send_json(HTTPStatus.OK, config())

    def api_scenarios(self, query: dict) -> None:
        self._send_json(HTTPStatus.OK, scenario_list(self.server.library))

    def api_engine(self, query: dict) -> None:
        from cyclesim.web.api import engine_status

        self._send_json(HTTPStatus.OK, engine_status())

    def api_run(self, query: dict) -> None:
        scenario = scenario_from_query(self.server.library, query)
        began = time.perf_counter()
        payload = run_payload(self.server.result(scenario))
        elapsed = (time.perf_counter() - began) * 1000
        self._send_json(HTTPStatus.OK, payload, extra={"Server-Timing": f"run;dur={elapsed:.1f}"})

    def _figure(self, query: dict, kind: str) -> None:
        scenario = scenario_from_query(self.server.library, query)
        result = self.server.result(scenario)
        key = (scenario.model_dump_json(), kind)
        body = self.server.figures.get(key, lambda: figures_web.figure_bytes(result, kind))
        self._send(HTTPStatus.OK, body, figures_web.CONTENT_TYPES[kind])

    def api_figure_svg(self, query: dict) -> None:
        self._figure(query, "svg")

    def api_figure_png(self, query: dict) -> None:
        self._figure(query, "png")

    def _scenario_json(self, query: dict, name: str, compute: Callable[[Scenario], dict]
                       ) -> None:
        """Answer with ``compute(scenario)`` for the scenario the query describes, cached
        under ``name`` like the runs."""
        scenario = scenario_from_query(self.server.library, query)
        key = (name, scenario.model_dump_json())
        self._send_json(HTTPStatus.OK, self.server.extras.get(key, lambda: compute(scenario)))

    def api_dominance(self, query: dict) -> None:
        self._scenario_json(query, "dominance", figures_web.dominance_payload)

    def api_diagram_svg(self, query: dict) -> None:
        family = query.get("family", ["none"])
        allowed = ["none", "other", "at rest", *figures_web.families()]
        if set(query) - {"family"} or len(family) != 1 or family[0] not in allowed:
            raise InputError("diagram.svg takes one input, family: one of " + ", ".join(allowed))
        key = ("diagram", family[0])
        body = self.server.figures.get(key, lambda: figures_web.diagram_svg(family[0]))
        self._send(HTTPStatus.OK, body, "image/svg+xml")

    def api_story_svg(self, query: dict) -> None:
        allowed = ["none", *figures_web.families()]
        family, lang = query.get("family", ["none"]), query.get("lang", ["nl"])
        if set(query) - {"family", "lang"} or len(family) != 1 or family[0] not in allowed \
                or lang not in (["nl"], ["en"]):
            raise InputError("story.svg takes lang (nl or en) and family: one of "
                             + ", ".join(allowed))
        key = ("story", lang[0], family[0])
        body = self.server.figures.get(key, lambda: figures_web.story_svg(lang[0], family[0]))
        self._send(HTTPStatus.OK, body, "image/svg+xml")

    def api_returning(self, query: dict) -> None:
        self._scenario_json(query, "returning", figures_web.returning_loop)

    def api_knockout(self, query: dict) -> None:
        self._scenario_json(query, "knockout", figures_web.knockout_payload)

    def _play_input(self, query: dict, extra: tuple[str, ...] = ()):
        from cyclesim.analysis.play import PlayError, parse_path

        unknown = sorted(set(query) - {"d", "lang", *extra})
        if unknown:
            raise InputError(f"unknown input {unknown[0][:40]!r}; allowed: d, lang")
        lang = query.get("lang", ["nl"])
        if lang not in (["nl"], ["en"]):
            raise InputError("lang must be nl or en")
        codes = query.get("d", [""])
        if len(codes) != 1:
            raise InputError("d is given more than once")
        try:
            return parse_path(codes[0]), lang[0]
        except PlayError as error:
            raise InputError(str(error)) from None

    def api_play(self, query: dict) -> None:
        from cyclesim.web.api import play_payload

        path, lang = self._play_input(query)
        key = ("play", lang, tuple(c.code() for c in path))
        payload = self.server.extras.get(key, lambda: play_payload(self.server.game(), path, lang))
        self._send_json(HTTPStatus.OK, payload)

    def api_play_debrief(self, query: dict) -> None:
        from cyclesim.analysis.play import TURNS, best_path, debrief

        path, lang = self._play_input(query)
        if len(path) != TURNS:
            raise InputError(f"the debrief comes after {TURNS} turns, not {len(path)}")
        game = self.server.game()
        best = self.server.extras.get(("best-path",), lambda: {"path": best_path(game)})["path"]
        key = ("debrief", tuple(c.code() for c in path))
        payload = self.server.extras.get(key, lambda: debrief(game, path, best).to_dict())
        self._send_json(HTTPStatus.OK, payload)

    # --- classroom mode: a trainer's session, teams joining it with a short code ---------
    def _class_input(self, query: dict, names: tuple[str, ...]) -> dict[str, str]:
        unknown = sorted(set(query) - set(names))
        if unknown:
            raise InputError(f"unknown input {unknown[0][:40]!r}; allowed: {', '.join(names)}")
        out = {}
        for name in names:
            values = query.get(name, [""])
            if len(values) != 1:
                raise InputError(f"{name} is given more than once")
            out[name] = values[0]
        return out

    def _classroom_call(self, call):
        from cyclesim.web.classroom import ClassroomError

        try:
            return call(self.server.classroom())
        except ClassroomError as error:
            raise InputError(str(error)) from None

    def api_class_open(self, query: dict) -> None:
        self._class_input(query, ())
        self._send_json(HTTPStatus.OK, {"code": self._classroom_call(lambda c: c.open_session())})

    def api_class_join(self, query: dict) -> None:
        q = self._class_input(query, ("code", "team"))
        path = self._classroom_call(lambda c: c.join(q["code"], q["team"]))
        self._send_json(HTTPStatus.OK, {"code": q["code"].strip().upper(),
                                        "team": q["team"].strip(), "path": path})

    def api_class_decide(self, query: dict) -> None:
        q = self._class_input(query, ("code", "team", "turn", "d"))
        try:
            turn = int(q["turn"])
        except ValueError:
            raise InputError("turn must be a whole number") from None
        path = self._classroom_call(lambda c: c.decide(q["code"], q["team"], turn, q["d"]))
        self._send_json(HTTPStatus.OK, {"path": path})

    def api_class_view(self, query: dict) -> None:
        from cyclesim.analysis.play import best_path
        from cyclesim.web.classroom import view

        q = self._class_input(query, ("code", "lang"))
        lang = q["lang"] or "nl"
        if lang not in ("nl", "en"):
            raise InputError("lang must be nl or en")
        teams = self._classroom_call(lambda c: c.teams(q["code"]))
        game = self.server.game()
        best = lambda: self.server.extras.get(("best-path",),  # noqa: E731
                                              lambda: {"path": best_path(game)})["path"]
        self._send_json(HTTPStatus.OK, view(game, q["code"].strip().upper(), teams, lang, best))


API: dict[str, Callable[[PageHandler, dict], None]] = {
    "/api/config": PageHandler.api_config,
    "/api/scenarios": PageHandler.api_scenarios,
    "/api/engine": PageHandler.api_engine,
    "/api/run": PageHandler.api_run,
    "/api/figure.svg": PageHandler.api_figure_svg,
    "/api/figure.png": PageHandler.api_figure_png,
    "/api/diagram.svg": PageHandler.api_diagram_svg,
    "/api/dominance": PageHandler.api_dominance,
    "/api/story.svg": PageHandler.api_story_svg,
    "/api/returning": PageHandler.api_returning,
    "/api/knockout": PageHandler.api_knockout,
    "/api/play": PageHandler.api_play,
    "/api/play/debrief": PageHandler.api_play_debrief,
    "/api/class/open": PageHandler.api_class_open,
    "/api/class/join": PageHandler.api_class_join,
    "/api/class/decide": PageHandler.api_class_decide,
    "/api/class/view": PageHandler.api_class_view,
}


def make_server(host: str = "127.0.0.1", port: int = 0,
                scenarios: str | Path = "scenarios",
                classroom_db: str | Path | None = None) -> PageServer:
    """A page server bound to ``host:port`` (port 0: a free one), not yet serving;
    classroom sessions go to the SQLite file ``classroom_db`` (see PageServer.classroom)."""
    library = load_library(scenarios)
    if not library:
        raise InputError(f"no scenario files (*.toml) in {scenarios}")
    return PageServer((host, port), library, classroom_db=classroom_db)


def serve_in_thread(server: PageServer) -> threading.Thread:
    """Serve in a daemon thread (tests, notebooks); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="cyclesim-serve", daemon=True)
    thread.start()
    return thread
