"""Saving a feed's entries in bulk: matching within one body, no needless writes, search text,
and retention that reads only what it may delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.stored import save_entries
from tui.model import Entry, FeedSpec, FetchOutcome, ParsedFeed
from tui.store import Store, schema
from tui.store.text import body_beyond_summary

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NASIONAL = FeedSpec("Kompas", "Nasional", "https://kompas.example/nasional.xml")
POLITIK = FeedSpec("Kompas", "Politik", "https://kompas.example/politik.xml")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "berita.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    opened = Store.open(path)
    opened.sync_feeds([NASIONAL, POLITIK])
    yield opened
    opened.close()


def save(store: Store, spec: FeedSpec, *entries: Entry, now: datetime = NOW) -> FetchOutcome:
    feed_id = next(feed.id for feed in store.feeds() if feed.url == spec.url)
    return save_entries(store, feed_id, entries, now=now)


def entry(guid: str, title: str | None = None, **fields: object) -> Entry:
    return Entry(guid=guid, title=title or f"Title {guid}", published=NOW, **fields)  # type: ignore[arg-type]


def raw(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_a_body_listing_a_story_twice_stores_it_once(store: Store) -> None:
    outcome = save(
        store,
        NASIONAL,
        entry("a", "First wording", link="https://kompas.example/a"),
        entry("a", "Second wording"),
        entry("b", link="https://kompas.example/b"),
        entry("b-again", link="https://kompas.example/b"),  # same link, another guid
    )
    assert (outcome.new, outcome.updated, outcome.seen) == (2, 0, 2)
    assert sorted(h.title for h in store.headlines()) == ["Second wording", "Title b-again"]


def test_matching_within_one_body_follows_the_entries_before(store: Store) -> None:
    save(store, NASIONAL, entry("a", link="https://kompas.example/old"))
    outcome = save(
        store,
        NASIONAL,
        entry("a", link="https://kompas.example/new"),  # moves the stored story's link
        entry("b", link="https://kompas.example/new"),  # so this one is that story
        entry("c", link="https://kompas.example/old"),  # and this link is free again: new
    )
    assert (outcome.new, outcome.seen) == (1, 2)
    assert sorted(h.title for h in store.headlines()) == ["Title b", "Title c"]


def test_an_unchanged_refetch_writes_no_article_and_no_search_index(
    store: Store, path: Path
) -> None:
    body = [
        entry(str(n), summary=f"Ringkasan {n}", content_html=f"<p>Isi {n}</p>") for n in range(20)
    ]
    save(store, NASIONAL, *body)
    spy = sqlite3.connect(path, isolation_level=None)
    spy.executescript(
        """
        CREATE TABLE written (article_id INTEGER);
        CREATE TRIGGER spy_update AFTER UPDATE ON articles BEGIN
            INSERT INTO written VALUES (new.id);
        END;
        """
    )
    index_before = spy.execute("SELECT count(*), max(id) FROM article_search_data").fetchone()
    outcome = save(store, NASIONAL, *body, now=NOW + timedelta(hours=1))
    assert (outcome.new, outcome.updated, outcome.seen) == (0, 0, 20)
    assert spy.execute("SELECT count(*) FROM written").fetchone() == (0,)
    assert spy.execute("SELECT count(*), max(id) FROM article_search_data").fetchone() == (
        index_before
    )
    body[3] = entry("3", "A new title", summary="Ringkasan 3", content_html="<p>Isi 3</p>")
    assert save(store, NASIONAL, *body).updated == 1
    assert spy.execute("SELECT count(*) FROM written").fetchone() == (1,)
    spy.close()


STORY = "Banjir di Jakarta. Warga mengungsi ke masjid."
STORY_HTML = "<p>Banjir di Jakarta.</p>\n<p>Warga <b>mengungsi</b> ke masjid.</p>"
SEARCH_TEXT = {
    "summary is the body": ("Banjir di Jakarta.\n\nWarga mengungsi ke masjid.", ""),
    "summary cut in a word": ("Banjir di Jakarta. Warga meng…", "mengungsi ke masjid."),
    "summary cut after a word": ("Banjir di Jakarta. Warga…", "Warga mengungsi ke masjid."),
    "another text": ("Banjir di Bekasi.", STORY),
    "summary longer": (STORY + " Lagi.", STORY),
    "no summary": ("", STORY),
}


@pytest.mark.parametrize("case", SEARCH_TEXT)
def test_the_search_text_holds_the_body_words_the_summary_lacks(case: str) -> None:
    summary, indexed = SEARCH_TEXT[case]
    assert body_beyond_summary(STORY_HTML, summary) == indexed


def test_the_search_text_drops_markup_and_decodes_entities() -> None:
    html = "<p>Hakim &amp; jaksa</p><!-- catatan --><script>var x;</script><STYLE>p{}</STYLE>"
    assert body_beyond_summary(html, "") == "Hakim & jaksa"
    assert body_beyond_summary("", "Ringkasan saja") == ""


def test_every_body_word_stays_findable_when_the_summary_changes(store: Store) -> None:
    html = "<p>Banjir melanda Bekasi.</p><p>Warga mengungsi ke masjid.</p>"
    save(store, NASIONAL, entry("a", summary="Banjir melanda Bekasi.", content_html=html))
    for word in ("bekasi", "mengungsi", "masjid"):
        assert len(store.search(word)) == 1, word
    save(store, NASIONAL, entry("a", summary="Hujan deras semalam.", content_html=html))
    for word in ("bekasi", "mengungsi", "hujan"):
        assert len(store.search(word)) == 1, word
    assert store.integrity_ok()


def test_retention_per_feed_keeps_what_any_of_its_feeds_ranks_newest(store: Store) -> None:
    link = "https://kompas.example/shared"
    save(store, NASIONAL, entry("shared", link=link), now=NOW)
    for day in range(1, 4):  # pushes the shared story out of Nasional's newest two
        save(store, NASIONAL, entry(f"n{day}"), now=NOW + timedelta(days=day))
    save(store, POLITIK, entry("p-shared", "Title shared", link=link), now=NOW + timedelta(days=3))
    save(store, POLITIK, entry("p1"), now=NOW + timedelta(days=4))  # shared: no longer carried
    store.mark_all_read()
    # Nasional's newest two are n3 and n2; Politik holds only two, so the shared story stays.
    assert store.prune(days=None, per_feed=2, now=NOW) == 1  # n1
    remaining = sorted(h.title for h in store.headlines())
    assert remaining == ["Title n2", "Title n3", "Title p1", "Title shared"]
    assert store.prune(days=None, per_feed=0, now=NOW) == 2  # all but the carried ones
    assert sorted(h.title for h in store.headlines()) == ["Title n3", "Title p1"]


def test_retention_ties_on_first_seen_keep_the_latest_stored(store: Store) -> None:
    save(store, NASIONAL, *(entry(f"e{n}") for n in range(5)))
    save(store, NASIONAL, entry("later"), now=NOW + timedelta(hours=1))
    store.mark_all_read()
    assert store.prune(days=None, per_feed=3, now=NOW) == 3
    assert sorted(h.title for h in store.headlines()) == ["Title e3", "Title e4", "Title later"]


def test_prune_work_does_not_grow_with_unread_archive(store: Store) -> None:
    """Counted in SQLite VM steps, not seconds: the old query ranked every link of every feed."""

    def steps_of_a_prune() -> int:
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        store._connection.set_progress_handler(count, 100)  # the store's own test
        assert store.prune(days=30, per_feed=50, now=NOW + timedelta(days=2)) == 0
        store._connection.set_progress_handler(None, 0)
        return steps

    save(store, NASIONAL, *(entry(f"read-{n}") for n in range(20)))
    store.mark_all_read()
    save(store, POLITIK, *(entry(f"a-{n}") for n in range(300)), now=NOW + timedelta(days=1))
    small = steps_of_a_prune()
    save(store, POLITIK, *(entry(f"b-{n}") for n in range(3000)), now=NOW + timedelta(days=1))
    large = steps_of_a_prune()
    assert large < small * 1.5, (small, large)


def test_what_a_cut_body_lost_is_kept_until_another_body_is_parsed(store: Store) -> None:
    feed_id = next(feed.id for feed in store.feeds() if feed.url == NASIONAL.url)

    def fetched(parsed: ParsedFeed | None, **outcome: object) -> FetchOutcome:
        return store.save_fetch(
            feed_id,
            parsed,
            FetchOutcome(**{"at": NOW, "status": 200, **outcome}),  # type: ignore[arg-type]
            etag=None,
            last_modified=None,
            body_hash=None,
            failures=0,
            retry_at=None,
            now=NOW,
        )

    def stored() -> tuple[int, str | None]:
        feed = store.feed(feed_id)
        assert feed is not None
        return feed.items_dropped, feed.note

    note = "kept the first 2 of 5 items"
    cut = ParsedFeed("t", None, (entry("a"), entry("b")), "rss20", items_dropped=3, note=note)
    assert fetched(cut).note == note
    assert stored() == (3, note)
    assert fetched(None, not_modified=True).note is None  # nothing parsed: nothing said
    assert stored() == (3, note)  # a 304 leaves the stored articles, and the cut, as they were
    fetched(None, status=500, error="HTTP 500")
    assert stored() == (3, note)
    fetched(ParsedFeed("t", None, (entry("a"),), "rss20"))
    assert stored() == (0, None)  # a whole body this time


def test_a_version_3_database_gains_the_cut_columns(path: Path) -> None:
    old = sqlite3.connect(path, isolation_level=None)
    for migration in schema.MIGRATIONS[:3]:
        migration(old)
    old.executescript(
        """
        INSERT INTO sources (id, name) VALUES (1, 'Kompas');
        INSERT INTO feeds (id, source_id, section, url, origin, last_at, last_status, last_seen)
        VALUES (1, 1, 'Nasional', 'u', 'config', 100, 200, 7);
        PRAGMA user_version = 3;
        """
    )
    old.close()
    with Store.open(path) as upgraded:
        (feed,) = upgraded.feeds()
        assert (feed.items_dropped, feed.note) == (0, None)
        assert feed.last_outcome is not None and feed.last_outcome.seen == 7
    assert raw(path, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    assert schema.SCHEMA_VERSION == 4
