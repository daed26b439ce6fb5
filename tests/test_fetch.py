"""The bounded fetcher against a real local HTTP server (and a mock transport for DNS/oddities)."""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import brotli
import httpx
import pytest

from tests.support.server import FeedServer, Handler, drip, hang
from tui import fetch as fetch_module
from tui.fetch import (
    FEED_ACCEPT,
    USER_AGENT,
    Fetcher,
    FetchLimits,
    fetch_local,
    is_public_host,
    parse_retry_after,
)
from tui.model import FetchResult

LIMITS = FetchLimits(
    connect_timeout=2.0, read_timeout=3.0, deadline=5.0, max_bytes=1_000_000, max_redirects=3
)
RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Berita</title>'
    b"<item><title>Satu</title><link>https://example.com/1</link></item></channel></rss>"
)
GIB = 1 << 30


async def get(url: str, limits: FetchLimits = LIMITS, **options: object) -> FetchResult:
    async with Fetcher(limits) as fetcher:
        return await fetcher.fetch(url, **options)  # type: ignore[arg-type]


def headers_of(server: FeedServer, path: str) -> list[dict[str, str]]:
    return [headers for seen, headers in server.request_headers if seen == path]


@pytest.fixture
def server(module_server: FeedServer) -> FeedServer:
    """One server for the module (stopping one takes 0.5 s), emptied for each test."""
    return module_server.reset()


# --- hostile bodies, built once -----------------------------------------------------------


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """A valid gzip of 1 GiB of zeros (~1 MB), from one 1 MiB block repeated.

    After Z_FULL_FLUSH the compressor state is reset, so every 1 MiB of zeros compresses to the
    same bytes; repeating them is a valid stream without compressing a gigabyte.
    """
    zeros = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()
    crc = 0
    for _ in range(GIB >> 20):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * (GIB >> 20) + final + struct.pack("<II", crc, GIB & 0xFFFFFFFF)


@pytest.fixture(scope="module")
def brotli_bomb() -> bytes:
    """1 GiB of zeros as brotli: about 1.6 kB."""
    zeros = bytes(1 << 20)
    compressor = brotli.Compressor(quality=4)
    parts = [compressor.process(zeros) for _ in range(GIB >> 20)]
    return b"".join([*parts, compressor.finish()])


def test_gzip_bomb_builder_makes_a_valid_stream() -> None:
    zeros = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()
    crc = zlib.crc32(zeros, zlib.crc32(zeros))
    small = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + block * 2 + final
    assert gzip.decompress(small + struct.pack("<II", crc, 2 << 20)) == zeros * 2


async def fetch_with_peak_memory(url: str, limits: FetchLimits) -> tuple[FetchResult, int]:
    tracemalloc.start()
    try:
        result = await get(url, limits)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_gzip_bomb_stops_at_the_cap(server: FeedServer, gzip_bomb: bytes) -> None:
    limits = FetchLimits(max_bytes=2_000_000, deadline=10.0)
    url = server.route("/bomb.xml", gzip_bomb, headers={"Content-Encoding": "gzip"})
    result, peak = await fetch_with_peak_memory(url, limits)
    assert result.error == "too large: more than 2000000 bytes"
    assert result.body is None
    assert result.status == 200
    assert peak < 64 << 20  # decoding it all would need a gigabyte


async def test_brotli_bomb_stops_at_the_cap(server: FeedServer, brotli_bomb: bytes) -> None:
    assert len(brotli_bomb) < 4000
    limits = FetchLimits(max_bytes=2_000_000, deadline=10.0)
    url = server.route("/bomb.xml", brotli_bomb, headers={"Content-Encoding": "br"})
    result, peak = await fetch_with_peak_memory(url, limits)
    assert result.error == "too large: more than 2000000 bytes"
    assert peak < 64 << 20


# --- plain fetches, headers, conditional GET ----------------------------------------------


async def test_plain_200(server: FeedServer) -> None:
    url = server.route("/feed.xml", RSS)
    result = await get(url)
    assert result.ok and result.body == RSS
    assert result.status == 200
    assert result.url == url
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.elapsed > 0


async def test_sends_stable_identity_headers(server: FeedServer) -> None:
    url = server.route("/feed.xml", RSS)
    await get(url)
    await get(url, accept="text/html")
    first, second = headers_of(server, "/feed.xml")
    assert first["User-Agent"] == USER_AGENT
    assert first["Accept-Encoding"] == "gzip, deflate, br"
    assert first["Accept"] == FEED_ACCEPT
    assert second["Accept"] == "text/html"
    assert "If-None-Match" not in first and "If-Modified-Since" not in first


async def test_empty_200_is_not_an_error(server: FeedServer) -> None:
    result = await get(server.route("/empty.xml", b""))
    assert result.ok and result.body == b""


async def test_etag_round_trip_gives_304(server: FeedServer) -> None:
    url = server.route("/feed.xml", RSS, etag='"v1"')
    first = await get(url)
    assert first.body == RSS and first.etag == '"v1"'
    second = await get(url, etag=first.etag)
    assert second.ok and second.not_modified
    assert second.status == 304 and second.body is None
    assert second.etag == '"v1"'
    assert headers_of(server, "/feed.xml")[1]["If-None-Match"] == '"v1"'


def last_modified_handler(stamp: str) -> Handler:
    def handler(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
        if request.headers.get("If-Modified-Since") == stamp:
            request.send_response(304)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("Last-Modified", stamp)
        request.send_header("Content-Length", str(len(RSS)))
        request.end_headers()
        request.wfile.write(RSS)

    return handler


async def test_last_modified_conditional(server: FeedServer) -> None:
    stamp = "Tue, 01 Apr 2025 08:00:00 GMT"
    url = server.route("/feed.xml", handler=last_modified_handler(stamp))
    first = await get(url)
    assert first.body == RSS and first.last_modified == stamp
    second = await get(url, last_modified=stamp, etag='"old"')
    assert second.not_modified and second.status == 304
    assert second.last_modified == stamp  # the 304 did not repeat it: carried over
    assert second.etag == '"old"'


async def test_unsendable_validators_are_dropped(server: FeedServer) -> None:
    url = server.route("/feed.xml", RSS, headers={"ETag": '"caf\xe9"'})
    result = await get(url, etag='"a"\r\nX-Evil: 1')
    assert result.ok and result.etag is None  # non-ASCII: could not be sent back later
    assert "If-None-Match" not in headers_of(server, "/feed.xml")[0]


async def test_cookies_are_not_kept(server: FeedServer) -> None:
    url = server.route("/feed.xml", RSS, headers={"Set-Cookie": "track=1; Path=/"})
    async with Fetcher(LIMITS) as fetcher:
        await fetcher.fetch(url)
        await fetcher.fetch(url)
    assert all("Cookie" not in headers for headers in headers_of(server, "/feed.xml"))


# --- statuses and Retry-After -------------------------------------------------------------


async def test_http_error_names_the_status(server: FeedServer) -> None:
    result = await get(server.route("/gone.xml", b"nope", status=404))
    assert result.error == "HTTP 404 Not Found"
    assert result.status == 404 and result.body is None and result.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds(server: FeedServer, status: int) -> None:
    url = server.route("/busy.xml", status=status, headers={"Retry-After": "120"})
    result = await get(url)
    assert result.status == status
    assert (
        result.error
        == f"HTTP {status} {'Too Many Requests' if status == 429 else 'Service Unavailable'}"
    )
    assert result.retry_after == 120.0


async def test_retry_after_http_date(server: FeedServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    result = await get(server.route("/busy.xml", status=503, headers={"Retry-After": when}))
    assert result.retry_after is not None and 80 <= result.retry_after <= 91


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1000000000000", 3600.0), ("9" * 5000, 3600.0), ("-30", None), ("soon", None)],
    ids=["huge", "5000-digits", "negative", "garbage"],
)
async def test_absurd_retry_after(server: FeedServer, value: str, expected: float | None) -> None:
    limits = FetchLimits(max_retry_after=3600.0)
    url = server.route("/busy.xml", status=429, headers={"Retry-After": value})
    result = await get(url, limits)
    assert result.status == 429 and result.retry_after == expected


NOW = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("0", 0.0),
        (" 45 ", 45.0),
        ("7200", 3600.0),
        ("Tue, 01 Apr 2025 08:10:00 GMT", 600.0),
        ("Tue, 01 Apr 2025 07:00:00 GMT", 0.0),  # in the past: now
        ("Fri, 31 Dec 9999 23:59:59 GMT", 3600.0),
        ("Tue, 01 Apr 2025 08:00:30", 30.0),  # no zone: read as UTC
        ("-1", None),
        ("1.5", None),
        ("٣", None),  # a non-ASCII digit
        ("Tue, 99 Foo 2025 99:99:99 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW, 3600.0) == expected


def test_parse_retry_after_naive_now_and_negative_maximum() -> None:
    naive = NOW.replace(tzinfo=None)
    assert parse_retry_after("Tue, 01 Apr 2025 08:01:00 GMT", naive, 3600.0) == 60.0
    assert parse_retry_after("50", NOW, -5.0) == 0.0


# --- redirects ----------------------------------------------------------------------------


def redirect(server: FeedServer, path: str, location: str, status: int = 302) -> str:
    return server.route(path, status=status, headers={"Location": location})


async def test_redirect_chain_within_the_limit(server: FeedServer) -> None:
    start = redirect(server, "/r1", "/r2")
    redirect(server, "/r2", server.url("/dir/r3"), status=301)
    redirect(server, "/dir/r3", "../final.xml", status=307)
    server.route("/final.xml", RSS)
    result = await get(start)
    assert result.ok and result.body == RSS
    assert result.url == server.url("/final.xml")
    assert [server.hits[p] for p in ("/r1", "/r2", "/dir/r3", "/final.xml")] == [1, 1, 1, 1]


async def test_redirect_loop_is_an_error(server: FeedServer) -> None:
    start = redirect(server, "/a", "/b")
    redirect(server, "/b", "/a")
    result = await get(start)
    assert result.error == "too many redirects (3)"
    assert server.hits["/a"] + server.hits["/b"] == 4  # the first request and 3 redirects


async def test_one_hop_too_many(server: FeedServer) -> None:
    limits = FetchLimits(max_redirects=1, deadline=5.0)
    start = redirect(server, "/r1", "/r2")
    redirect(server, "/r2", "/final.xml")
    server.route("/final.xml", RSS)
    assert (await get(start, limits)).error == "too many redirects (1)"
    assert server.hits["/final.xml"] == 0


@pytest.mark.parametrize(
    ("location", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("ftp://example.com/feed.xml", "ftp"),
        ("data:text/xml,<rss/>", "data"),
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:alert(1)", "javascript"),
    ],
)
async def test_redirect_to_another_scheme_is_refused(
    server: FeedServer, location: str, scheme: str
) -> None:
    result = await get(redirect(server, "/r", location))
    assert result.error == f"refused redirect to a {scheme}: URL"
    assert result.status == 302 and result.body is None


async def test_redirect_without_location(server: FeedServer) -> None:
    result = await get(server.route("/r", status=302))
    assert result.error == "HTTP 302 redirect without a Location"


# --- encodings ----------------------------------------------------------------------------


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(RSS)),
        ("x-gzip", gzip.compress(RSS)),
        ("gzip", gzip.compress(RSS[:50]) + gzip.compress(RSS[50:])),  # two members
        ("deflate", zlib.compress(RSS)),
        ("deflate", raw_deflate(RSS)),
        ("br", brotli.compress(RSS)),
        ("gzip, br", brotli.compress(gzip.compress(RSS))),  # applied in order, undone reversed
        ("identity", RSS),
    ],
)
async def test_decodes(server: FeedServer, encoding: str, body: bytes) -> None:
    url = server.route("/feed.xml", body, headers={"Content-Encoding": encoding})
    result = await get(url)
    assert result.error is None
    assert result.body == RSS


async def test_decodes_a_large_body_across_many_pieces(server: FeedServer) -> None:
    text = b"".join(b"<item><title>%d</title></item>" % n for n in range(20_000))
    url = server.route("/big.xml", gzip.compress(text), headers={"Content-Encoding": "gzip"})
    assert (await get(url)).body == text


@pytest.mark.parametrize(
    ("encoding", "body", "error"),
    [
        ("gzip", gzip.compress(RSS)[:15] + b"\xff" * 8 + gzip.compress(RSS)[23:], "corrupt gzip"),
        ("gzip", gzip.compress(RSS)[:-12], "corrupt gzip body: truncated"),
        ("gzip", b"this is not gzip", "corrupt gzip"),
        ("br", b"this is not brotli at all", "corrupt br body"),
        ("zstd", RSS, "unsupported Content-Encoding: zstd"),
        ("gzip, gzip, gzip, gzip", RSS, "too many Content-Encodings (4)"),
    ],
)
async def test_bad_encodings(server: FeedServer, encoding: str, body: bytes, error: str) -> None:
    result = await get(server.route("/feed.xml", body, headers={"Content-Encoding": encoding}))
    assert result.error is not None and result.error.startswith(error)
    assert result.body is None and result.status == 200


# --- size limits --------------------------------------------------------------------------


def huge_length(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
    request.send_response(200)
    request.send_header("Content-Length", str(10**12))
    request.end_headers()
    request.wfile.write(b"<rss>")
    request.wfile.flush()
    server.stopped.wait(30)


def endless(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
    """No Content-Length: the body runs until the connection closes (here: far too long)."""
    request.send_response(200)
    request.send_header("Connection", "close")
    request.end_headers()
    chunk = b"x" * 65536
    try:
        for _ in range(64):
            if server.stopped.is_set():
                return
            request.wfile.write(chunk)
    except OSError:
        return


async def test_huge_content_length_is_refused_before_reading(server: FeedServer) -> None:
    result = await get(server.route("/huge.xml", handler=huge_length))
    assert result.error == "too large: 1000000000000 bytes, limit 1000000"


async def test_body_past_the_cap_stops_reading(server: FeedServer) -> None:
    result = await get(server.route("/endless.xml", handler=endless))
    assert result.error == "too large: more than 1000000 bytes"
    assert result.body is None


# --- time ---------------------------------------------------------------------------------


async def test_slow_drip_trips_the_deadline(server: FeedServer) -> None:
    limits = FetchLimits(read_timeout=5.0, deadline=1.0)
    url = server.route("/drip.xml", handler=drip(RSS, 0.2))
    began = time.monotonic()
    result = await get(url, limits)
    assert result.error == "timed out after 1 s"
    assert 0.9 <= result.elapsed < 3.0
    assert time.monotonic() - began < 3.0


async def test_hang_trips_the_deadline(server: FeedServer) -> None:
    limits = FetchLimits(read_timeout=5.0, deadline=1.0)
    result = await get(server.route("/hang.xml", handler=hang), limits)
    assert result.error == "timed out after 1 s"
    assert result.elapsed < 3.0


async def test_read_timeout_shorter_than_the_deadline(server: FeedServer) -> None:
    limits = FetchLimits(read_timeout=0.5, deadline=5.0)
    result = await get(server.route("/hang.xml", handler=hang), limits)
    assert result.error == "no data for 0.5 s"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_connection_refused() -> None:
    result = await get(f"http://127.0.0.1:{free_port()}/feed.xml")
    assert result.error == "connection refused"
    assert result.status is None


def raising(exc: Exception, cause: BaseException | None = None) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc from cause

    return httpx.MockTransport(handler)


async def test_dns_failure_is_named() -> None:
    lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    transport = raising(httpx.ConnectError(str(lookup)), lookup)
    async with Fetcher(LIMITS, transport=transport) as fetcher:
        result = await fetcher.fetch("https://example.invalid/feed.xml")
    assert result.error == "could not resolve host example.invalid"


async def test_unexpected_exception_becomes_an_error() -> None:
    async with Fetcher(LIMITS, transport=raising(RuntimeError("boom"))) as fetcher:
        result = await fetcher.fetch("https://example.com/feed.xml")
    assert result.error == "RuntimeError: boom"
    assert result.url == "https://example.com/feed.xml"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://example.com/feed.xml", "unsupported URL scheme: ftp"),
        ("example.com/feed.xml", "unsupported URL scheme: none"),
        ("http:///feed.xml", "bad URL"),
    ],
)
async def test_bad_urls(url: str, error: str) -> None:
    result = await get(url)
    assert result.error is not None and result.error.startswith(error)


# --- concurrency --------------------------------------------------------------------------


class Gauge:
    """Counts requests in progress at the server side."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.now = 0
        self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, request: BaseHTTPRequestHandler, server: FeedServer) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        server.stopped.wait(self.hold)
        with self.lock:
            self.now -= 1
        request.send_response(200)
        request.send_header("Content-Length", str(len(RSS)))
        request.end_headers()
        request.wfile.write(RSS)


async def fetch_all(urls: list[str], limits: FetchLimits) -> list[FetchResult]:
    async with Fetcher(limits) as fetcher:
        return await asyncio.gather(*(fetcher.fetch(url) for url in urls))


async def test_global_concurrency_limit(server: FeedServer) -> None:
    gauge = Gauge(hold=0.25)
    url = server.route("/slow.xml", handler=gauge)
    results = await fetch_all([url] * 6, FetchLimits(concurrency=2, per_host=8))
    assert all(result.body == RSS for result in results)
    assert gauge.peak == 2


async def test_per_host_limit(server: FeedServer) -> None:
    gauge = Gauge(hold=0.25)
    url = server.route("/slow.xml", handler=gauge)
    results = await fetch_all([url] * 6, FetchLimits(concurrency=8, per_host=2))
    assert all(result.ok for result in results)
    assert gauge.peak == 2


async def test_per_host_limit_is_per_host(server: FeedServer) -> None:
    gauge = Gauge(hold=0.25)
    by_address = server.route("/slow.xml", handler=gauge)
    by_name = f"http://localhost:{server.port}/slow.xml"
    results = await fetch_all([by_address, by_name] * 2, FetchLimits(concurrency=8, per_host=1))
    assert all(result.ok for result in results)
    assert gauge.peak == 2


# --- private addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "error"),
    [
        ("127.0.0.1", "refused: 127.0.0.1 is a local address"),
        ("[::1]", "refused: ::1 is a local address"),
        ("localhost", "refused: localhost resolves to a local address"),
    ],
)
async def test_private_addresses_refused(server: FeedServer, host: str, error: str) -> None:
    server.route("/page.html", b"<html></html>")
    result = await get(f"http://{host}:{server.port}/page.html", allow_private=False)
    assert result.error is not None and result.error.startswith(error)
    assert server.hits["/page.html"] == 0


async def test_limits_default_for_private(server: FeedServer) -> None:
    url = server.route("/page.html", b"<html></html>")
    strict = FetchLimits(allow_private=False)
    assert (await get(url, strict)).error == "refused: 127.0.0.1 is a local address"
    assert (await get(url, strict, allow_private=True)).ok


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend 127.0.0.1 (only) is a public address, to exercise the checks that follow."""
    real = fetch_module._address_is_public
    monkeypatch.setattr(
        fetch_module, "_address_is_public", lambda a: str(a) == "127.0.0.1" or real(a)
    )


async def test_redirect_to_a_private_address_refused(
    server: FeedServer, loopback_is_public: None
) -> None:
    server.route("/secret", b"internal")
    start = redirect(server, "/r", f"http://127.0.0.2:{server.port}/secret")
    result = await get(start, allow_private=False)
    assert result.error == "refused: 127.0.0.2 is a local address"
    assert result.url == f"http://127.0.0.2:{server.port}/secret"
    assert server.hits["/secret"] == 0


async def test_connects_to_the_vetted_address(
    server: FeedServer, loopback_is_public: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vetted name is not looked up again by httpx (which could get another answer)."""
    loop = asyncio.get_running_loop()
    real = loop.getaddrinfo

    async def fake_getaddrinfo(host: object, port: object, *args: object, **kw: object) -> list:
        if host == "feeds.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return await real(host, port, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
    server.route("/page.html", b"<html>ok</html>")
    url = f"http://feeds.example:{server.port}/page.html"
    result = await get(url, allow_private=False)
    assert result.ok and result.body == b"<html>ok</html>"
    assert result.url == url
    assert headers_of(server, "/page.html")[0]["Host"] == f"feeds.example:{server.port}"


@pytest.mark.parametrize(
    ("host", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("[::1]", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("localhost", False),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_is_public_host(host: str, public: bool) -> None:
    assert is_public_host(host) is public


# --- local files --------------------------------------------------------------------------


async def test_local_file_by_path_and_url(tmp_path: Path) -> None:
    feed = tmp_path / "my feed.xml"
    feed.write_bytes(RSS)
    by_path = await get(str(feed), allow_file=True)
    by_url = await get(feed.as_uri(), allow_file=True)
    assert by_path.body == RSS and by_url.body == RSS
    assert by_path.url == by_url.url == feed.as_uri()


async def test_local_file_under_home(isolated_dirs: Path) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "feed.xml").write_bytes(RSS)
    assert (await get("~/feed.xml", allow_file=True)).body == RSS


async def test_local_files_need_permission(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS)
    result = await get(feed.as_uri())
    assert result.error == "refused: local files are not allowed here" and result.body is None


def test_missing_local_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "feed.xml"
    result = fetch_local(str(missing), 1000)
    assert result.error == f"no such file: {missing}"


def test_local_file_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 1001)
    assert fetch_local(str(big), 1000).error == "too large: more than 1000 bytes"
    assert fetch_local(str(big), 1001).body == b"x" * 1001
    assert fetch_local(str(tmp_path), 1000).error == f"not a regular file: {tmp_path}"
    assert fetch_local("file://elsewhere/feed.xml", 1000).error is not None


def test_fetch_local_odd_paths() -> None:
    assert (fetch_local("/tmp/a\0b.xml", 1000).error or "").startswith("could not read")
    assert (fetch_local("~no-such-user-here/feed.xml", 1000).error or "").startswith("bad path")


async def test_tls_errors_are_reported(server: FeedServer) -> None:
    """Speaking TLS to a plain HTTP server fails in the handshake."""
    server.route("/feed.xml", RSS)
    result = await get(f"https://127.0.0.1:{server.port}/feed.xml")
    assert result.error is not None and result.error.startswith("TLS error")
