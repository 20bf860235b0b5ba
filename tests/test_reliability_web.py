"""Issue 16, cases 6 and 8: a busy server answers 503 with Retry-After; the server checks
the Host header, does heavy work for its own page only, drops GET bodies, keeps a real
listen backlog and does not name the Python version."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from cyclesim.web import server as server_module
from cyclesim.web.cache import Busy, ComputeCache



def request(server, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        conn.close()


def test_cache_says_busy_instead_of_timing_out() -> None:
    cache: ComputeCache[int] = ComputeCache(parallel=1, wait=0.2)
    release = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get, "k", lambda: release.wait(30) and 1)
        while "k" not in cache._pending:
            pass
        with pytest.raises(Busy):
            cache.get("k", lambda: 2)  # waits on the first request's result
        with pytest.raises(Busy):
            cache.get("other", lambda: 3)  # waits for a slot
        release.set()
        assert first.result() is True or first.result() == 1


def test_busy_server_answers_503_with_retry_after(server, monkeypatch) -> None:
    release = threading.Event()
    monkeypatch.setattr(server.extras, "wait", 0.3)
    monkeypatch.setattr(server_module.figures_web, "dominance_payload",
                        lambda scenario: release.wait(30) and {"ok": True})
    path = "/api/dominance?scenario=baseline"
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(request, server, path)
        while not server.extras._pending:
            pass
        status, headers, body = request(server, path)
        release.set()
        assert first.result()[0] == 200
    assert status == 503 and headers["Retry-After"] == "5"
    assert "busy" in json.loads(body)["error"]


@pytest.mark.parametrize("host", ["evil.example", "attacker.test:8765", ""])
def test_foreign_host_is_refused(server, host) -> None:
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.putrequest("GET", "/api/scenarios", skip_host=True)
    if host:
        conn.putheader("Host", host)
    conn.endheaders()
    answer = conn.getresponse()
    assert answer.status == 421 and b"Host" in answer.read()
    conn.close()


@pytest.mark.parametrize("host", ["127.0.0.1:1", "localhost:8765", "[::1]:80",
                                  socket.gethostname()])
def test_own_hosts_are_served(server, host) -> None:
    assert request(server, "/api/config", {"Host": host})[0] == 200


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "http://evil.example"},
                                     {"Sec-Fetch-Site": "same-site"}])
def test_other_origins_cannot_fire_heavy_work(server, headers) -> None:
    status, _, body = request(server, "/api/run?scenario=baseline", headers)
    assert status == 403 and "own page" in json.loads(body)["error"]


def test_own_page_may_run(server) -> None:
    port = server.server_address[1]
    headers = {"Sec-Fetch-Site": "same-origin", "Origin": f"http://127.0.0.1:{port}"}
    assert request(server, "/api/run?scenario=baseline", headers)[0] == 200


def test_get_body_is_not_read_as_a_second_request(server) -> None:
    smuggled = b"GET /api/nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(b"GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                     + str(len(smuggled)).encode() + b"\r\nConnection: close\r\n\r\n" + smuggled)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.count(b"HTTP/1.1 ") == 1 and b"404" not in data.split(b"\r\n")[0]


def test_huge_get_body_is_refused(server) -> None:
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(b"GET /api/config HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Length: 999999999\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 413")


def test_backlog_and_server_header(server) -> None:
    assert server.request_queue_size >= 128
    _, headers, _ = request(server, "/api/config")
    assert headers["Server"] == "cyclesim" and "Python" not in str(headers)
