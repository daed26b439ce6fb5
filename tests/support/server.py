"""A real HTTP server on 127.0.0.1 for tests: routes, delays, hostile behaviours, hit counts.

Bounded: every handler that waits checks `stopped`, and `stop()` ends the server thread.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler, "FeedServer"], None]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Handler | None = None  # takes over the whole response when set
    etag: str | None = None  # when set, answers 304 to a matching If-None-Match


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        feeds = self.server.feed_server
        path = self.path.split("?", 1)[0]
        feeds._record(path, dict(self.headers.items()))
        route = feeds.routes.get(path)
        if route is None:
            self._send(404, {"Content-Type": "text/plain"}, b"not found")
            return
        if route.delay:
            feeds.stopped.wait(route.delay)
        if route.handler is not None:
            route.handler(self, feeds)
            return
        headers = {"Content-Type": "application/rss+xml; charset=utf-8", **route.headers}
        if route.etag is not None:
            headers["ETag"] = route.etag
            if self.headers.get("If-None-Match") == route.etag:
                self._send(304, {"ETag": route.etag}, b"")
                return
        self._send(route.status, headers, route.body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        if "Content-Length" not in headers:
            headers = {**headers, "Content-Length": str(len(body))}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    feed_server: FeedServer

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients may hang up early
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FeedServer:
    """`with FeedServer() as server: server.route("/a.xml", body=...); server.url("/a.xml")`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.request_headers: list[tuple[str, dict[str, str]]] = []
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _RequestHandler)
        self._server.feed_server = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **options: object) -> str:
        """Serve `body` at `path` (options as in `Route`); returns the full URL."""
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def _record(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.hits[path] += 1
            self.request_headers.append((path, headers))

    def reset(self) -> FeedServer:
        """Forget routes and what was requested, to reuse one server across tests."""
        with self._lock:
            self.routes.clear()
            self.hits.clear()
            self.request_headers.clear()
        return self

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def drip(body: bytes, interval: float, status: int = 200) -> Handler:
    """A handler that sends headers, then one byte of `body` every `interval` seconds."""

    def handler(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
        request.send_response(status)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        for byte in body:
            if server.stopped.wait(interval):
                return
            try:
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
            except OSError:
                return

    return handler


def endless(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
    """A chunked body that never ends (until the client hangs up or the server stops)."""
    request.send_response(200)
    request.send_header("Content-Type", "application/rss+xml")
    request.send_header("Transfer-Encoding", "chunked")
    request.end_headers()
    chunk = b"<item>" + b"x" * 65530
    try:
        request.wfile.write(b"%x\r\n%s\r\n" % (len(b"<rss>"), b"<rss>"))
        while not server.stopped.is_set():
            request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        return  # the client hung up: what we want


def hang(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
    """Accept the request and never answer (until the server stops)."""
    server.stopped.wait(60)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
