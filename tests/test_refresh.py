from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.support.feeds import feed_of, item, rss
from tests.support.server import FeedServer, drip
from tui.config import Config, FetchConfig, RetentionConfig
from tui.model import FeedSpec, HeadlineFilter
from tui.parsepool import ParsePool
from tui.refresh import RefreshReport, refresh_blocking
from tui.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "berita.sqlite3"


def configure(db: Path, urls: dict[str, str], **fetch: object) -> Config:
    specs = tuple(
        FeedSpec(source="Kabar", section=section, url=url) for section, url in urls.items()
    )
    config = Config(
        fetch=replace(FetchConfig(), **fetch),  # type: ignore[arg-type]
        retention=RetentionConfig(days=None, per_feed=None),
        feeds=specs,
    )
    store = Store.open(db)
    store.sync_feeds(specs)
    store.close()
    return config


def refresh(config: Config, db: Path, **options: object) -> RefreshReport:
    return refresh_blocking(config, db, fetch_pages=False, **options)  # type: ignore[arg-type]


def titles(db: Path, section: str | None = None) -> list[str]:
    store = Store.open(db)
    try:
        return [h.title for h in store.headlines(HeadlineFilter(section=section), limit=1000)]
    finally:
        store.close()


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    original = ParsePool.parse

    async def counting(
        self: ParsePool, body: bytes, url: str, content_type: str | None = None, **options: Any
    ):
        calls.append(url)
        return await original(self, body, url, content_type, **options)

    monkeypatch.setattr(ParsePool, "parse", counting)
    yield calls


def test_many_feeds_refresh_concurrently(server: FeedServer, db: Path) -> None:
    active = 0
    most = 0
    lock = threading.Lock()

    def slow(number: int):
        body = feed_of(3, start=number * 10)

        def handler(request: BaseHTTPRequestHandler, _: FeedServer) -> None:
            nonlocal active, most
            with lock:
                active += 1
                most = max(most, active)
            time.sleep(0.15)
            with lock:
                active -= 1
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        return handler

    urls = {f"S{n}": server.route(f"/f{n}.xml", handler=slow(n)) for n in range(12)}
    config = configure(db, urls, concurrency=6, per_host=6)
    report = refresh(config, db)
    assert report.failed == 0 and report.new == 36
    assert 2 <= most <= 6, f"at most {most} requests at once"
    assert len(titles(db)) == 36


def test_unchanged_feeds_are_not_parsed_again(
    server: FeedServer, db: Path, parse_calls: list[str]
) -> None:
    with_etag = server.route("/etag.xml", feed_of(5), etag='"v1"')
    same_body = server.route("/same.xml", feed_of(5, start=100))
    config = configure(db, {"A": with_etag, "B": same_body})
    first = refresh(config, db)
    assert first.new == 10 and len(parse_calls) == 2
    second = refresh(config, db)
    assert len(parse_calls) == 2, "a 304 or an identical body must not be parsed"
    assert all(outcome.not_modified for outcome in second.outcomes.values())
    assert {outcome.status for outcome in second.outcomes.values()} == {304, 200}
    etag_requests = [h for path, h in server.request_headers if path == "/etag.xml"]
    assert etag_requests[-1].get("If-None-Match") == '"v1"'


def test_changed_feed_updates_without_duplicates(server: FeedServer, db: Path) -> None:
    url = server.route("/f.xml", rss([item(1), item(2)]))
    config = configure(db, {"Politik": url})
    refresh(config, db)
    server.route("/f.xml", rss([item(1, title="Judul diperbarui"), item(2), item(3)]))
    report = refresh(config, db)
    assert (report.new, report.updated) == (1, 1)
    assert sorted(titles(db)) == sorted(["Judul diperbarui", "Berita nomor 2", "Berita nomor 3"])


def test_one_failing_feed_spoils_nothing_else(server: FeedServer, db: Path) -> None:
    good = server.route("/good.xml", feed_of(4))
    broken = server.route("/broken.xml", b"Service temporarily unavailable", status=200)
    missing = server.url("/missing.xml")
    config = configure(db, {"Good": good, "Broken": broken, "Missing": missing})
    report = refresh(config, db)
    problems = {feed.section: error for feed, error in report.problems()}
    assert set(problems) == {"Broken", "Missing"}
    assert "404" in problems["Missing"]
    assert len(titles(db, "Good")) == 4
    store = Store.open(db)
    try:
        failed = {f.section: f.last_outcome for f in store.feeds()}
        assert failed["Missing"] is not None and "404" in (failed["Missing"].error or "")
        assert failed["Good"] is not None and failed["Good"].error is None
    finally:
        store.close()


def test_retry_after_is_honoured(server: FeedServer, db: Path) -> None:
    url = server.route("/busy.xml", b"slow down", status=503, headers={"Retry-After": "120"})
    config = configure(db, {"Busy": url})
    first = refresh(config, db)
    assert first.failed == 1
    store = Store.open(db)
    (feed,) = store.feeds()
    store.close()
    assert feed.retry_at is not None and feed.last_outcome is not None
    waited = (feed.retry_at - feed.last_outcome.at).total_seconds()
    assert 110 <= waited <= 130
    second = refresh(config, db)
    assert second.skipped == 1 and server.hits["/busy.xml"] == 1


def test_backoff_after_three_failures_and_recovery(server: FeedServer, db: Path) -> None:
    url = server.route("/flaky.xml", b"oops", status=500)
    config = configure(db, {"Flaky": url})
    for _ in range(2):
        refresh(config, db)
    store = Store.open(db)
    assert store.feeds()[0].retry_at is None, "no backoff for the first failures"
    store.close()
    refresh(config, db)
    store = Store.open(db)
    assert store.feeds()[0].failures == 3 and store.feeds()[0].retry_at is not None
    store.close()
    assert refresh(config, db).skipped == 1
    server.route("/flaky.xml", feed_of(2))
    recovered = refresh(config, db, force=True)
    assert recovered.new == 2
    store = Store.open(db)
    assert store.feeds()[0].failures == 0 and store.feeds()[0].retry_at is None
    store.close()


def test_redirects_are_followed(server: FeedServer, db: Path) -> None:
    server.route("/new.xml", feed_of(3))
    old = server.route("/old.xml", status=301, headers={"Location": "/new.xml"})
    config = configure(db, {"Moved": old})
    assert refresh(config, db).new == 3


def test_gzip_bomb_stops_at_the_size_cap(server: FeedServer, db: Path) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 50_000_000, compresslevel=9)
    url = server.route("/bomb.xml", bomb, headers={"Content-Encoding": "gzip"})
    config = configure(db, {"Bomb": url}, max_bytes=1_000_000)
    report = refresh(config, db)
    ((_, error),) = report.problems()
    assert "too large" in error


def test_slow_server_hits_the_deadline(server: FeedServer, db: Path) -> None:
    url = server.route("/slow.xml", handler=drip(feed_of(3), 0.5))
    config = configure(db, {"Slow": url}, deadline=1.0)
    started = time.monotonic()
    report = refresh(config, db)
    assert time.monotonic() - started < 10
    ((_, error),) = report.problems()
    assert "timed out" in error


def test_html_page_leads_to_its_advertised_feed(server: FeedServer, db: Path) -> None:
    server.route("/rss.xml", feed_of(2))
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        "</head><body>Portal</body></html>"
    )
    url = server.route("/", page, headers={"Content-Type": "text/html; charset=utf-8"})
    config = configure(db, {"Portal": url})
    assert refresh(config, db).new == 2


def test_unreachable_server_means_offline(db: Path) -> None:
    config = configure(db, {"Gone": "http://127.0.0.1:9/feed.xml"}, deadline=3.0)
    report = refresh(config, db)
    assert report.offline and report.failed == 1


def test_a_parser_surprise_stays_with_its_feed(
    server: FeedServer, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.parsepool

    real_parse = tui.parsepool.parse_feed

    def parse_or_fail(body: bytes, url: str, content_type: str | None = None):
        if url.endswith("/odd.xml"):
            raise ValueError("a bug met an odd feed")
        return real_parse(body, url, content_type)

    monkeypatch.setattr(tui.parsepool, "parse_feed", parse_or_fail)
    odd = server.route("/odd.xml", feed_of(2))
    good = server.route("/good.xml", feed_of(3, start=10))
    report = refresh(configure(db, {"Odd": odd, "Good": good}), db)
    problems = {feed.section: error for feed, error in report.problems()}
    assert list(problems) == ["Odd"]
    assert "parser failed: ValueError: a bug met an odd feed" in problems["Odd"]
    assert len(titles(db, "Good")) == 3
