"""Hostile feed bodies: through `parse_feed` in an isolated child (time and peak RSS bounded),
and through `refresh_blocking` so the outcome names the feed and the cache loses nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.hostile import bodies
from tests.hostile.conftest import Bounds, make_config
from tests.hostile.isolate import ChildFailed, run_isolated
from tests.support.server import FeedServer
from tui.model import HeadlineFilter
from tui.parse import MAX_ENTRIES
from tui.refresh import BACKOFF_AFTER_FAILURES, refresh_blocking
from tui.store import Store

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BASELINE_MB = 120  # interpreter, feedparser and the body itself for small cases


def parse_isolated(case: str, *args: Any, timeout: float = 60) -> Any:
    return run_isolated("tests.hostile.bodies:parse_case", case, *args, timeout=timeout)


def all_texts(summary: dict[str, Any]) -> str:
    return "\n".join(
        [summary["title"], *(text for entry in summary["entries"] for text in entry["texts"])]
    )


# --- entity and DTD attacks ---------------------------------------------------------------


@pytest.mark.parametrize("case", ["billion laughs", "quadratic blowup"])
def test_entity_expansion(bounds: Bounds, case: str) -> None:
    """Billion laughs / quadratic blowup: entities are not expanded; the entry survives."""
    measured = parse_isolated(case)
    assert measured.error is None, measured.error
    summary = measured.value
    assert summary["count"] == 1
    assert "lollol" not in all_texts(summary) and "xxxx" not in all_texts(summary)
    assert max(summary["all_text_lengths"]) < 200_000  # the references kept as text, at most
    bounds.child(measured, seconds=2, mb=BASELINE_MB)


def test_external_entities_and_dtds(server: FeedServer, tmp_path: Path, bounds: Bounds) -> None:
    """XXE, parameter entities, external DTDs: no connection made, no local file read."""
    server.route("/evil.dtd", b'<!ENTITY xxe "DIAMBIL-DARI-SERVER">')
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-LOKAL")
    targets = [server.url("/evil.dtd"), secret.as_uri(), str(secret)]
    slowest = peak = 0.0
    for target in targets:
        measured = run_isolated("tests.hostile.bodies:parse_body", bodies.external_entities(target))
        assert measured.error is None, measured.error
        texts = all_texts(measured.value)
        assert "judul" in texts
        assert "RAHASIA" not in texts and "DIAMBIL" not in texts
        slowest, peak = max(slowest, measured.seconds), max(peak, measured.peak_bytes)
    assert server.hits["/evil.dtd"] == 0
    bounds.seconds(slowest, 2)
    bounds.memory(int(peak), BASELINE_MB)


@pytest.mark.parametrize(
    "body", [b"/etc/passwd", b"/dev/zero", b"file:///etc/passwd", b"~/.ssh/id_rsa", b"SERVER"]
)
def test_a_body_that_is_a_path_or_url(server: FeedServer, bounds: Bounds, body: bytes) -> None:
    """A body naming a path, a device or a URL is text, never opened: "not a feed"."""
    server.route("/feed.xml", bodies.good_feed(1))
    body = server.url("/feed.xml").encode() if body == b"SERVER" else body
    measured = run_isolated("tests.hostile.bodies:parse_body", body, timeout=10)
    assert measured.error is not None and measured.error.startswith("ParseError: not a feed")
    assert server.hits["/feed.xml"] == 0
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


# --- sizes --------------------------------------------------------------------------------


def test_50_mb_feed(bounds: Bounds) -> None:
    """A 50 MB feed: only the first 8 MB are read, said in a warning; at most MAX_ENTRIES."""
    measured = parse_isolated("50 MB feed")
    assert measured.error is None, measured.error
    summary = measured.value
    assert summary["count"] == MAX_ENTRIES
    assert summary["warning"].startswith("feed larger than 8 MB: read only the start")
    bounds.child(measured, seconds=5, mb=400)


def test_a_million_items(bounds: Bounds) -> None:
    """A million items: MAX_ENTRIES kept, in seconds, not the 30 s pool timeout."""
    try:
        measured = parse_isolated("a million items", timeout=6)
    except ChildFailed as failure:
        bounds.seconds(6.0, 5)  # killed at the child timeout: over the bound
        raise AssertionError("still parsing after 6 s") from failure
    assert measured.error is None and measured.value["count"] == MAX_ENTRIES
    bounds.child(measured, seconds=5, mb=300)


def test_16_kb_author(bounds: Bounds) -> None:
    """A 16 KB author (a quadratic regex in feedparser): capped, parsed in well under a second."""
    measured = parse_isolated("16 KB author")
    assert measured.error is None, measured.error
    (entry,) = measured.value["entries"]
    assert entry["author"] and len(entry["author"]) <= 200
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


def test_50_mb_title(bounds: Bounds) -> None:
    """One 50 MB title: the body is cut at 8 MB and the title capped at 1,000 characters."""
    measured = parse_isolated("50 MB title")
    assert measured.error is None, measured.error
    summary = measured.value
    assert summary["count"] >= 1
    assert all(len(entry["title"]) <= 1000 for entry in summary["entries"])
    bounds.child(measured, seconds=3, mb=400)


def test_200k_nested_elements(bounds: Bounds) -> None:
    """200,000 nested <div>s in the content: no RecursionError; content capped at 1 M chars."""
    measured = parse_isolated("200k nested elements")
    assert measured.error is None, measured.error
    (entry,) = measured.value["entries"]
    assert entry["content_length"] <= 1_000_000
    bounds.child(measured, seconds=3, mb=200)


def test_200k_nested_elements_render(bounds: Bounds) -> None:
    """The article view's HTML reader on 200,000 nested elements: the text, no recursion."""
    measured = run_isolated("tests.hostile.bodies:render_deep_html", 70_000)
    assert measured.error is None, measured.error
    assert measured.value.strip() == "isi terdalam"
    bounds.child(measured, seconds=3, mb=200)


# --- encodings ----------------------------------------------------------------------------

ENCODINGS: dict[str, tuple[bytes, str | None]] = {
    "UTF-16 LE with BOM": (b"\xff\xfe" + bodies.encoded("utf-16-le", "utf-16"), None),
    "UTF-16 BE with BOM": (b"\xfe\xff" + bodies.encoded("utf-16-be", "utf-16"), None),
    "UTF-16 LE, no BOM, no declaration": (bodies.encoded("utf-16-le", None), None),
    "UTF-32 LE with BOM": (b"\xff\xfe\x00\x00" + bodies.encoded("utf-32-le", "utf-32"), None),
    "UTF-32 BE, no BOM": (bodies.encoded("utf-32-be", "utf-32"), None),
    "cp1252 declared UTF-8": (bodies.encoded("cp1252", "utf-8"), None),
    "cp1252, no declaration": (bodies.encoded("cp1252", None), None),
    "UTF-8 declared cp1252": (bodies.encoded("utf-8", "windows-1252"), None),
    "UTF-8 declared bogus": (bodies.encoded("utf-8", "x-no-such-charset"), None),
    "UTF-8 with a lying header": (bodies.encoded("utf-8", "utf-8"), "text/xml; charset=utf-16"),
    "UTF-16 labelled UTF-8 everywhere": (
        b"\xff\xfe" + bodies.encoded("utf-16-le", "utf-8"),
        "application/rss+xml; charset=utf-8",
    ),
}


@pytest.mark.parametrize("case", ENCODINGS)
def test_invalid_lying_or_absent_encoding(bounds: Bounds, case: str) -> None:
    """UTF-16/32, cp1252 declared as UTF-8, bogus or lying charsets: readable text comes out."""
    body, content_type = ENCODINGS[case]
    measured = run_isolated("tests.hostile.bodies:parse_body", body, content_type)
    assert measured.error is None, measured.error
    (entry,) = measured.value["entries"]
    assert entry["title"] == "Café “kutipan” – Jokowi"
    assert entry["summary"] == "Déjà vu"
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


# --- fields -------------------------------------------------------------------------------


def test_controls_in_every_field(bounds: Bounds) -> None:
    """NUL, C0, C1, ESC sequences (raw, &#27;, &amp;#27;) in every field: none come out."""
    measured = parse_isolated("controls everywhere")
    assert measured.error is None, measured.error
    summary = measured.value
    (entry,) = summary["entries"]
    for text in [summary["title"], *entry["texts"]]:
        assert not CONTROLS.search(text), repr(text)
    assert entry["title"].endswith("judul") and "[@click=app.quit]x[/]" in entry["title"]
    assert entry["link"] and entry["link"].startswith("https://hostile.example/1")
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


def test_absurd_dates(bounds: Bounds) -> None:
    """Year 0, year 9999, +99:99 offsets, junk: no crash; dates unknown or plausible."""
    measured = parse_isolated("absurd dates")
    assert measured.error is None, measured.error
    entries = measured.value["entries"]
    assert len(entries) == 11
    latest = datetime.now(UTC) + timedelta(days=2)
    for entry in entries:
        published = entry["published"]
        assert published is None or (
            datetime(1970, 1, 1, tzinfo=UTC) <= published <= latest and published.utcoffset()
        ), (entry["title"], published)
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


def test_duplicate_and_missing_guids_parse(bounds: Bounds) -> None:
    """Duplicate and missing GUIDs: every entry gets a non-empty guid."""
    measured = parse_isolated("duplicate and missing guids")
    assert measured.error is None, measured.error
    entries = measured.value["entries"]
    assert len(entries) == 7 and all(entry["guid"] for entry in entries)
    bounds.child(measured, seconds=1, mb=BASELINE_MB)


# --- through refresh ----------------------------------------------------------------------


def refresh_in_process(config: Any, db: Path, **options: Any) -> Any:
    return refresh_blocking(config, db, fetch_pages=False, parse_mode="thread", **options)


def test_every_hostile_body_through_one_refresh(
    server: FeedServer, db: Path, bounds: Bounds
) -> None:
    """All hostile bodies as feeds of one refresh (real parse processes): each one's own outcome."""
    cases = {
        name: builder()
        for name, builder in bodies.BUILDERS.items()
        if name != "a million items"  # 53 MB: "too large" (max_bytes), like the 50 MB feed
    }
    cases["XXE"] = bodies.external_entities(server.url("/evil.dtd"))
    cases["a path"] = b"/etc/passwd"
    cases["UTF-32"] = ENCODINGS["UTF-32 BE, no BOM"][0]
    urls = {name: server.route(f"/{n}.xml", body) for n, (name, body) in enumerate(cases.items())}
    urls["Baik"] = server.route("/good.xml", bodies.good_feed(3))
    config = make_config(db, urls)
    measured = run_isolated(
        "tests.hostile.flows:refresh", config, db, parse_mode="process", timeout=60
    )
    assert measured.error is None, measured.error
    outcomes = measured.value["outcomes"]
    assert set(outcomes) == set(urls)
    errors = {name: outcome.error for name, outcome in outcomes.items() if outcome.error}
    assert set(errors) == {"50 MB feed", "50 MB title", "a path"}  # the rest parse
    assert errors["50 MB feed"].startswith("too large: ")  # max_bytes (20 MB) stops them first
    assert errors["50 MB title"].startswith("too large: ")
    assert errors["a path"] == "not a feed: no RSS, Atom or JSON Feed found"
    assert outcomes["Baik"].seen == 3 and outcomes["controls everywhere"].seen == 1
    assert server.hits["/evil.dtd"] == 0
    bounds.child(measured, seconds=15, mb=300)


def test_a_truncated_document_deletes_nothing(server: FeedServer, db: Path, bounds: Bounds) -> None:
    """Refresh a good feed, then serve it truncated: every cached article and its state stays."""
    good = bodies.good_feed(8)
    url = server.route("/feed.xml", good)
    config = make_config(db, {"Utama": url})
    refresh_in_process(config, db)
    with Store.open(db) as store:
        before = {h.id: h.title for h in store.headlines()}
        store.set_starred(min(before), True)
    with bounds.traced(seconds=3, mb=50):
        for cut in (0.9, 0.5, 0.1, 0.01):
            server.route("/feed.xml", bodies.truncated(good, cut))
            refresh_in_process(config, db)
    with Store.open(db) as store:
        after = {h.id: h.title for h in store.headlines()}
        assert after.items() >= before.items(), "a cached article was lost or changed"
        assert store.count(HeadlineFilter(starred=True)) == 1
        assert store.integrity_ok()


def test_a_truncated_document_adds_no_half_entries(bounds: Bounds) -> None:
    """The item a truncation cuts in half is dropped, not stored as a new half article."""
    good = bodies.good_feed(8)
    body = bodies.truncated(good, 0.5)
    with bounds.traced(seconds=1, mb=50):
        measured = parse_body_here(body)
    assert all(entry["link"] for entry in measured["entries"]), measured["entries"][-1]


def parse_body_here(body: bytes) -> Any:
    return bodies.parse_body(body)


def test_duplicate_and_missing_guids_store_once(
    server: FeedServer, db: Path, bounds: Bounds
) -> None:
    """Duplicate/missing GUIDs: stored once each, and a second refresh adds no duplicates."""
    url = server.route("/feed.xml", bodies.duplicate_and_missing_guids())
    config = make_config(db, {"Utama": url})
    with bounds.traced(seconds=3, mb=50):
        first = refresh_in_process(config, db)
        server.route("/feed.xml", bodies.duplicate_and_missing_guids() + b"\n")  # a new hash
        second = refresh_in_process(config, db)
    ((_, outcome),) = first.outcomes.items()
    assert outcome.error is None
    with Store.open(db) as store:
        titles = sorted(h.title for h in store.headlines())
    # "dup" twice is one story (the second version wins); the same link without guid is one.
    assert titles == sorted(
        ["Kedua", "Tanpa guid lagi", "Tanpa guid dan tautan", "Tanpa judul sama sekali"]
    )
    assert second.new == 0


def test_a_feed_that_flips_between_valid_and_broken(
    server: FeedServer, db: Path, bounds: Bounds
) -> None:
    """Valid, then broken: backoff after 3 failures, nothing lost; recovery on the next success."""
    url = server.route("/flip.xml", bodies.good_feed(4))
    config = make_config(db, {"Utama": url})
    with bounds.traced(seconds=5, mb=50):
        assert refresh_in_process(config, db).new == 4
        broken = [
            {"body": b"Service Unavailable"},
            {"body": b'<?xml version="1.0"?><rss version="2.0"><chan'},
            {"body": b"oops", "status": 500},
        ]
        for attempt in range(1, BACKOFF_AFTER_FAILURES + 1):
            server.route("/flip.xml", **broken[attempt - 1])  # type: ignore[arg-type]
            report = refresh_in_process(config, db)
            ((_, outcome),) = report.outcomes.items()
            assert outcome.error, "a broken body must fail"
            with Store.open(db) as store:
                (feed,) = store.feeds()
            assert feed.failures == attempt
            assert (feed.retry_at is not None) == (attempt >= BACKOFF_AFTER_FAILURES)
        hits = server.hits["/flip.xml"]
        assert refresh_in_process(config, db).skipped == 1 and server.hits["/flip.xml"] == hits
        server.route("/flip.xml", bodies.good_feed(5))
        assert refresh_in_process(config, db, force=True).new == 1
    with Store.open(db) as store:
        (feed,) = store.feeds()
        assert feed.failures == 0 and feed.retry_at is None and store.count() == 5
        assert feed.last_outcome is not None and feed.last_outcome.error is None
