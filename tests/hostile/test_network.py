"""Hostile servers, through `refresh_blocking` so each problem lands in the feed's outcome.

Every refresh runs in an isolated child (tests/hostile/isolate.py) beside a good feed: the bound
is on the refresh call's time and the child's peak RSS (interpreter and imports included, about
60 MB), and the good feed must come through whatever its neighbour does.
"""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.hostile import bodies
from tests.hostile.conftest import Bounds, make_config
from tests.hostile.isolate import run_isolated
from tests.support.server import FeedServer, drip, endless, hang
from tui.config import Config
from tui.fetch import Fetcher, FetchLimits
from tui.model import FeedSpec
from tui.store import Store

GOOD = bodies.good_feed(3)
HOUR = 3600.0


def refresh_beside_a_good_feed(
    server: FeedServer, db: Path, bad_url: str, **fetch: object
) -> tuple[dict[str, Any], Any]:
    """Refresh the bad feed and a good one in a child; (summary, measured)."""
    good = server.route("/good.xml", GOOD)
    config = make_config(db, {"Baik": good, "Buruk": bad_url}, **fetch)
    measured = run_isolated("tests.hostile.flows:refresh", config, db, timeout=60)
    assert measured.error is None, measured.error
    summary = measured.value
    assert summary["outcomes"]["Baik"].error is None and summary["outcomes"]["Baik"].new == 3
    return summary, measured


def bad_error(summary: dict[str, Any]) -> str:
    outcome = summary["outcomes"]["Buruk"]
    assert outcome.error, "the hostile feed should have failed"
    return outcome.error


def stored_articles(db: Path) -> int:
    with Store.open(db) as store:
        return store.count()


# --- compression bombs --------------------------------------------------------------------


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[bytes, str]]:
    gzip_bomb = bodies.gzip_bomb()
    return {
        "gzip": (gzip_bomb, "gzip"),
        "deflate": (bodies.deflate_bomb(), "deflate"),
        "br": (bodies.brotli_bomb(), "br"),
        "gzip inside gzip": (gzip.compress(gzip_bomb), "gzip, gzip"),
    }


@pytest.mark.parametrize("kind", ["gzip", "deflate", "br", "gzip inside gzip"])
def test_compression_bomb(
    server: FeedServer, db: Path, bounds: Bounds, bombs: dict[str, tuple[bytes, str]], kind: str
) -> None:
    """1 GiB of zeros compressed to ~1 MB: stops at max_bytes (20 MB), "too large"."""
    body, encoding = bombs[kind]
    url = server.route("/bomb.xml", body, headers={"Content-Encoding": encoding})
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    assert bad_error(summary) == "too large: more than 20000000 bytes"
    bounds.child(measured, seconds=5, mb=200)


# --- sizes and lengths --------------------------------------------------------------------


def five_gib_header(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "application/rss+xml")
    request.send_header("Content-Length", str(5 * bodies.GIB))
    request.end_headers()
    try:
        request.wfile.write(b"<rss>" + b" " * 65536)
        request.wfile.flush()
    except OSError:
        return
    server.stopped.wait(30)


def test_five_gib_content_length(server: FeedServer, db: Path, bounds: Bounds) -> None:
    """Content-Length: 5 GiB is refused from the header, before reading the body."""
    url = server.route("/huge.xml", handler=five_gib_header)
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    assert bad_error(summary) == f"too large: {5 * bodies.GIB} bytes, limit 20000000"
    bounds.child(measured, seconds=3, mb=150)


def test_endless_chunked_body(server: FeedServer, db: Path, bounds: Bounds) -> None:
    """A chunked body that never ends: stops at max_bytes, "too large"."""
    url = server.route("/endless.xml", handler=endless)
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    assert bad_error(summary) == "too large: more than 20000000 bytes"
    bounds.child(measured, seconds=5, mb=200)


# --- slow and silent servers --------------------------------------------------------------


def drip_headers(interval: float) -> Any:
    def handler(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 9\r\n\r\n"
        for byte in head:
            if server.stopped.wait(interval):
                return
            try:
                request.wfile.write(bytes([byte]))
                request.wfile.flush()
            except OSError:
                return

    return handler


@pytest.mark.parametrize(
    "where",
    ["headers", "body", "never answers"],
)
def test_slow_or_silent_server_hits_the_deadline(
    server: FeedServer, db: Path, bounds: Bounds, where: str
) -> None:
    """1 byte per second (headers or body), or accept and never answer: "timed out after 2 s"."""
    handler = {"headers": drip_headers(1.0), "body": drip(GOOD, 1.0), "never answers": hang}
    url = server.route("/slow.xml", handler=handler[where])
    summary, measured = refresh_beside_a_good_feed(server, db, url, deadline=2.0)
    assert bad_error(summary) == "timed out after 2 s"
    bounds.child(measured, seconds=4, mb=150)


# --- redirects ----------------------------------------------------------------------------


def test_redirect_loop(server: FeedServer, db: Path, bounds: Bounds) -> None:
    """A → B → A …: "too many redirects (5)", six requests at most."""
    server.route("/a.xml", status=302, headers={"Location": "/b.xml"})
    url = server.route("/b.xml", status=301, headers={"Location": "/a.xml"})
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    assert bad_error(summary) == "too many redirects (5)"
    assert server.hits["/a.xml"] + server.hits["/b.xml"] == 6
    bounds.child(measured, seconds=3, mb=150)


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/feed.xml",
        "data:application/rss+xml;base64,PHJzcz48L3Jzcz4=",
        "javascript:alert(1)",
        "FILE:///etc/passwd",
    ],
)
def test_redirect_to_another_scheme(
    server: FeedServer, db: Path, bounds: Bounds, location: str
) -> None:
    """A redirect to file:, ftp:, data: or javascript: is refused, naming the scheme."""
    url = server.route("/moved.xml", status=302, headers={"Location": location})
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    scheme = location.split(":")[0].lower()
    assert bad_error(summary) == f"refused redirect to a {scheme}: URL"
    assert "root:" not in str(summary)
    bounds.child(measured, seconds=3, mb=150)


# --- broken bodies ------------------------------------------------------------------------

BROKEN = {
    "corrupt gzip": (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + bytes(range(256)) * 4,
        {"Content-Encoding": "gzip"},
        "corrupt gzip body:",
    ),
    "truncated gzip": (
        gzip.compress(GOOD)[:-30],
        {"Content-Encoding": "gzip"},
        "corrupt gzip body: truncated",
    ),
    "unknown encoding": (GOOD, {"Content-Encoding": "zstd"}, "unsupported Content-Encoding: zstd"),
    "empty 200": (b"", {}, "empty body"),
    "HTML page": (
        b"<!DOCTYPE html><html><head><title>Wi-Fi login</title></head><body>Masuk</body></html>",
        {"Content-Type": "text/html"},
        "not a feed: an HTML page advertising no feed",
    ),
    "PNG image": (
        b"\x89PNG\r\n\x1a\n" + bytes(2000),
        {"Content-Type": "image/png"},
        "not a feed",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_body(server: FeedServer, db: Path, bounds: Bounds, case: str) -> None:
    """Corrupt or truncated gzip, unknown encoding, empty 200, HTML, PNG: a named error."""
    body, headers, error = BROKEN[case]
    url = server.route("/broken.xml", body, headers=headers)
    summary, measured = refresh_beside_a_good_feed(server, db, url)
    assert bad_error(summary).startswith(error)
    assert stored_articles(db) == 3
    bounds.child(measured, seconds=3, mb=150)


# --- Retry-After --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry_after", "waits"),
    [
        (429, "99999999999999999999999999", True),
        (503, "86400000", True),
        (429, "Fri, 31 Dec 9999 23:59:59 GMT", True),
        (503, "0", False),
        (429, "-5", False),
        (503, "Thu, 01 Jan 1970 00:00:00 GMT", False),
        (429, "soon", False),
    ],
)
def test_absurd_retry_after(
    server: FeedServer, db: Path, bounds: Bounds, status: int, retry_after: str, waits: bool
) -> None:
    """429/503 with absurd Retry-After: clamped to 6 h; one request per refresh, no hot loop."""
    url = server.route("/busy.xml", b"sibuk", status=status, headers={"Retry-After": retry_after})
    config = make_config(db, {"Sibuk": url})
    before = datetime.now(UTC)
    first = run_isolated("tests.hostile.flows:refresh", config, db)
    second = run_isolated("tests.hostile.flows:refresh", config, db)
    assert first.error is None and second.error is None
    assert first.value["outcomes"]["Sibuk"].status == status
    with Store.open(db) as store:
        (feed,) = store.feeds()
    if waits:
        assert feed.retry_at is not None
        assert (
            before + timedelta(hours=5.9) <= feed.retry_at <= datetime.now(UTC) + timedelta(hours=6)
        )
        assert second.value["skipped"] == 1 and server.hits["/busy.xml"] == 1
    else:
        assert feed.retry_at is None  # nothing to honour; the failure count decides backoff
        assert server.hits["/busy.xml"] == 2  # one request per refresh
    bounds.seconds(first.seconds + second.seconds, 4)
    bounds.memory(max(first.peak_bytes, second.peak_bytes), 150)


# --- article pages never reach the local network ------------------------------------------

PAGE = (
    "<html><head><title>Berita</title></head><body><article><h1>Judul</h1>"
    + "<p>Paragraf isi berita yang panjang tentang anggaran daerah dan banjir.</p>" * 12
    + "</article></body></html>"
).encode()


def teaser_feed(page_url: str) -> bytes:
    return bodies.rss(
        f"<item><guid>t1</guid><title>Teaser</title><link>{page_url}</link>"
        "<description>Singkat.</description></item>"
    )


def full_text_refresh(db: Path, feed_url: str, allow_local_network: bool) -> Any:
    spec = FeedSpec(source="Kabar", section="Utama", url=feed_url, full_text=True)
    config = make_config(db, {})
    config = Config(
        fetch=type(config.fetch)(allow_local_network=allow_local_network),
        retention=config.retention,
        feeds=(spec,),
    )
    with Store.open(db) as store:
        store.sync_feeds(config.feeds)
    return run_isolated("tests.hostile.flows:refresh", config, db, fetch_pages=True)


def stored_page(db: Path) -> tuple[str | None, str | None]:
    with Store.open(db) as store:
        (headline,) = store.headlines()
        article = store.article(headline.id)
    assert article is not None
    return article.full_text, article.full_text_error


@pytest.mark.parametrize(
    ("feed_is_local", "allow_local_network", "fetched"),
    [(False, False, False), (True, False, True), (False, True, True)],
    ids=["public feed: refused", "feed on loopback: allowed", "user allowed the local network"],
)
def test_article_pages_stay_off_the_local_network(
    server: FeedServer,
    db: Path,
    tmp_path: Path,
    bounds: Bounds,
    feed_is_local: bool,
    allow_local_network: bool,
    fetched: bool,
) -> None:
    """An article link to 127.0.0.1 is fetched only when the feed lives there or it is allowed."""
    page = server.route("/page.html", PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    if feed_is_local:
        feed_url = server.route("/teaser.xml", teaser_feed(page))
    else:  # a file feed is not "on the local network": as good as a public one here
        feed_file = tmp_path / "teaser.xml"
        feed_file.write_bytes(teaser_feed(page))
        feed_url = feed_file.as_uri()
    measured = full_text_refresh(db, feed_url, allow_local_network)
    assert measured.error is None, measured.error
    full_text, error = stored_page(db)
    if fetched:
        assert server.hits["/page.html"] == 1 and full_text and "anggaran daerah" in full_text
    else:
        assert server.hits["/page.html"] == 0
        assert full_text is None and error == "page: refused: 127.0.0.1 is a local address"
    bounds.child(measured, seconds=5, mb=200)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "127.1",
        "2130706433",
        "0x7f.0.0.1",
        "[::ffff:127.0.0.1]",
        "[::1]",
        "0.0.0.0",
        "169.254.169.254",
        "10.0.0.1",
        "192.168.1.1",
        "[fe80::1]",
        "[fc00::1]",
    ],
)
def test_disguised_local_addresses_are_refused(
    server: FeedServer, bounds: Bounds, host: str
) -> None:
    """Page fetches refuse loopback, link-local and private addresses however they are written."""
    server.route("/page.html", PAGE)

    async def fetch() -> Any:
        async with Fetcher(FetchLimits(deadline=5.0, allow_private=False)) as fetcher:
            return await fetcher.fetch(f"http://{host}:{server.port}/page.html")

    with bounds.traced(seconds=2, mb=20):
        result = asyncio.run(fetch())
    assert result.error is not None and result.error.startswith("refused: "), result.error
    assert "local address" in result.error
    assert server.hits["/page.html"] == 0
