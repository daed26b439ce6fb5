"""The store's file handling: migrations, newer or foreign files, damage, read-only, busy."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.model import Entry, FeedSpec, FetchOutcome, HeadlineFilter, ParsedFeed
from tui.store import Store, StoreError, opening, schema

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CONFIGURED = [
    FeedSpec("Kompas", "Nasional", "https://kompas.example/nasional.xml"),
    FeedSpec("Tempo", "Ekonomi", "https://tempo.example/ekonomi.xml"),
]
ADDED = FeedSpec("Detik", "News", "https://detik.example/rss")
V1_SHA256 = "bedc13b92966412190781e38cef886504fea168fa0863ff6e4581cbd9b7948a4"
V2_SHA256 = "c0b00c3a19d30473265db5ff4892de6c9404f9e0380d49049ea8b38a969e59e0"


def populate(path: Path, articles: int = 120) -> dict[str, bool]:
    """A closed database with subscriptions, articles with some text, and read state."""
    with Store.open(path) as store:
        store.sync_feeds(CONFIGURED)
        store.add_feed(ADDED)
        for feed in store.feeds():
            entries = tuple(
                Entry(
                    guid=f"{feed.id}-{n}",
                    title=f"{feed.source} {n}",
                    published=datetime(2025, 1, 1 + n % 28, n % 24, tzinfo=UTC),
                    content_html="<p>" + "kata " * 150 + "</p>",
                )
                for n in range(articles // 3)
            )
            store.save_fetch(
                feed.id,
                ParsedFeed("t", None, entries, "rss20"),
                FetchOutcome(at=NOW, status=200),
                etag=None,
                last_modified=None,
                body_hash=None,
                failures=0,
                retry_at=None,
                now=NOW,
            )
        for headline in store.headlines(limit=articles)[::4]:
            store.set_read(headline.id, True)
        store.set_setting("theme", "malam")
        return {h.title: h.read for h in store.headlines(limit=articles)}


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_released_schemas_are_frozen() -> None:
    # Databases in the wild hold these schemas: change them by adding a migration, never in place.
    assert hashlib.sha256(schema.V1.encode()).hexdigest() == V1_SHA256
    assert hashlib.sha256(schema.V2.encode()).hexdigest() == V2_SHA256


def test_a_version_1_database_is_migrated_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    schema.MIGRATIONS[0](old)
    old.executescript(
        """
        INSERT INTO sources (id, name) VALUES (1, 'Kompas');
        INSERT INTO feeds (id, source_id, section, url, origin)
        VALUES (1, 1, 'Nasional', 'u', 'config');
        INSERT INTO articles (id, source_id, feed_id, guid, title, published, published_known,
            first_seen, updated_at, body_text)
        VALUES (1, 1, 1, 'g1', 'Older story', 100, 1, 100, 100, 'banjir'),
               (2, 1, 1, 'g2', 'Newer story', 200, 1, 200, 200, 'gempa'),
               (3, 1, 1, 'g3', 'Newest story', 300, 1, 300, 300, 'pemilu');
        INSERT INTO article_feeds (article_id, feed_id, last_seen_fetch)
        VALUES (1, 1, 1), (2, 1, 1), (3, 1, 1);
        UPDATE reading SET read = 1, read_count = 2, starred = 1 WHERE article_id = 2;
        INSERT INTO settings VALUES ('theme', 'kertas');
        PRAGMA user_version = 1;
        """
    )  # fmt: skip
    old.close()
    with Store.open(path) as store:
        assert [h.title for h in store.headlines()] == [
            "Newest story",
            "Newer story",
            "Older story",
        ]
        unread = HeadlineFilter(unread=True)
        assert [h.title for h in store.headlines(unread)] == ["Newest story", "Older story"]
        assert store.position(1, unread) == 1
        assert store.headlines(HeadlineFilter(feed_id=1))[0].title == "Newest story"
        article = store.article(2)
        assert article is not None and (article.read, article.read_count, article.starred) == (
            True, 2, True,
        )  # fmt: skip
        assert [h.title for h in store.search("gempa")] == ["Newer story"]
        assert store.get_setting("theme") == "kertas"
        assert store.integrity_ok()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    check.close()


def test_a_version_2_database_gains_what_retention_needs(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    schema.MIGRATIONS[0](old)
    schema.MIGRATIONS[1](old)
    old.executescript(
        """
        INSERT INTO sources (id, name) VALUES (1, 'Kompas');
        INSERT INTO feeds (id, source_id, section, url, origin, fetch_serial)
        VALUES (1, 1, 'Nasional', 'u', 'config', 5);
        INSERT INTO articles (id, source_id, feed_id, guid, title, published, published_known,
            first_seen, updated_at, body_text)
        VALUES (1, 1, 1, 'g1', 'Oldest', 100, 1, 100, 100, 'banjir'),
               (2, 1, 1, 'g2', 'Middle', 200, 1, 200, 200, 'gempa'),
               (3, 1, 1, 'g3', 'Newest', 300, 1, 300, 300, 'pemilu');
        INSERT INTO article_feeds (article_id, feed_id, last_seen_fetch, published)
        VALUES (1, 1, 4, 100), (2, 1, 4, 200), (3, 1, 5, 300);
        UPDATE reading SET read = 1;
        UPDATE reading SET starred = 1, read_count = 3 WHERE article_id = 1;
        PRAGMA user_version = 2;
        """
    )  # fmt: skip
    old.close()
    with Store.open(path) as store:
        assert [h.title for h in store.headlines()] == ["Newest", "Middle", "Oldest"]
        # The newest one per feed is kept, the starred one too: only Middle goes.
        assert store.prune(days=None, per_feed=1, now=NOW) == 1
        assert [h.title for h in store.headlines()] == ["Newest", "Oldest"]
        article = store.article(1)
        assert article is not None and (article.starred, article.read_count) == (True, 3)
        assert [h.title for h in store.search("pemilu")] == ["Newest"]
        assert store.integrity_ok()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    mirrored = "SELECT article_id, first_seen FROM article_feeds ORDER BY article_id"
    assert check.execute(mirrored).fetchall() == [(1, 100), (3, 300)]
    check.close()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    populate(path, articles=6)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    before, names = fingerprint(path), siblings(path)
    for readonly in (False, True):
        with pytest.raises(StoreError) as refused:
            Store.open(path, readonly=readonly)
        assert str(path) in str(refused.value)
        expected = f"newer berita (schema 99, this berita knows {schema.SCHEMA_VERSION}); not"
        assert expected in str(refused.value)
        assert fingerprint(path) == before
    assert siblings(path) == names


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    raw.commit()
    raw.close()
    before = fingerprint(path)
    with pytest.raises(StoreError, match="not berita's"):
        Store.open(path)
    assert fingerprint(path) == before


def zero_header(path: Path) -> None:
    with path.open("r+b") as file:
        file.write(bytes(100))


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2 // 4096 * 4096)


def scribble_on_a_page(path: Path) -> None:
    """Overwrite a page of article rows (one holding a title), which listing them must read."""
    content = path.read_bytes()
    titles = [content.find(b"Tempo %d" % n) for n in range(5, 40)]
    page = max(titles) // 4096  # the title appears only in a row of the articles table
    assert page > 0
    with path.open("r+b") as file:
        file.seek(page * 4096)
        file.write(b"\xa5" * 4096)


DAMAGE = {
    "garbage": (lambda p: p.write_bytes(os.urandom(40_000)), False),
    "html": (lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>Wi-Fi</body></html>"), False),
    "zeroed header": (zero_header, True),
    "truncated": (truncate, True),
    "damaged page": (scribble_on_a_page, True),
}  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_file_is_set_aside_and_salvaged(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "berita.sqlite3"
    read_state = populate(path)
    spoil, salvageable = DAMAGE[damage]
    spoil(path)
    damaged = path.read_bytes()
    with Store.open(path) as store:
        aside = store.set_aside
        assert aside is not None and aside.name.startswith("berita.sqlite3.corrupt-")
        assert aside.read_bytes() == damaged  # kept as it was, never deleted
        assert store.integrity_ok()
        urls = {feed.url for feed in store.feeds()}
        headlines = store.headlines(limit=1000)
        if salvageable:
            assert urls == {spec.url for spec in [*CONFIGURED, ADDED]}
            assert headlines, "some articles should be readable"
            assert all(read_state[h.title] == h.read for h in headlines)
        else:
            assert urls == set() and headlines == []
        store.sync_feeds(CONFIGURED)  # the fresh database takes writes
        assert len(store.feeds()) >= 2
    assert not [name for name in siblings(path) if name.endswith(".salvage")]


def test_a_zeroed_header_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    read_state = populate(path)
    zero_header(path)
    with Store.open(path) as store:
        assert {h.title: h.read for h in store.headlines(limit=1000)} == read_state
        assert store.get_setting("theme") == "malam"
        assert len(store.search("kata")) == 100
    check = sqlite3.connect(path)
    unmirrored = (
        "SELECT count(*) FROM article_feeds af JOIN articles a ON a.id = af.article_id"
        " WHERE af.first_seen != a.first_seen OR af.published != a.published"
    )
    assert check.execute(unmirrored).fetchone() == (0,)  # retention ranks by these
    check.close()


def test_damage_found_after_opening_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "berita.sqlite3"
    populate(path, articles=600)
    scribble_on_a_page(path)
    monkeypatch.setattr(opening, "QUICK_CHECK_MAX_BYTES", 0)  # as for a large file
    with Store.open(path) as store, pytest.raises(StoreError, match="damaged"):
        for offset in range(0, 600, 50):
            for headline in store.headlines(offset=offset, limit=50):
                store.article(headline.id)
    assert opening.damage_marker(path).exists()  # so the next open checks every page
    with Store.open(path) as store:  # still "large": only the marker makes it look
        assert store.set_aside is not None
    assert not opening.damage_marker(path).exists()


def test_read_only_reads_while_another_store_writes(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    populate(path, articles=6)
    with Store.open(path) as writer, Store.open(path, readonly=True) as reader:
        assert reader.count() == 6
        first = reader.headlines()[0].id
        writer.set_starred(first, True)
        assert reader.count(HeadlineFilter(starred=True)) == 1
        for write in (
            lambda: reader.set_read(first, True),
            lambda: reader.set_setting("theme", "x"),
            lambda: reader.sync_feeds(CONFIGURED),
        ):
            with pytest.raises(StoreError, match="read-only"):
                write()
    with pytest.raises(StoreError, match="no database"):
        Store.open(tmp_path / "missing.sqlite3", readonly=True)


HOLD_THE_WRITE_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO settings VALUES ('other process', 'was here')")
print("locked", flush=True)
time.sleep(0.6)
connection.execute("COMMIT")
"""


def test_a_writer_in_another_process_makes_us_wait_not_fail(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    populate(path, articles=6)
    with Store.open(path) as store:
        other = subprocess.Popen(
            [sys.executable, "-c", HOLD_THE_WRITE_LOCK, str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "locked"
            assert store.count() == 6  # reading goes on under WAL
            article_id = store.headlines()[0].id
            store.open_article(article_id, NOW)  # waits for the lock, then writes
            store.set_setting("theme", "kertas")
        finally:
            assert other.wait(timeout=10) == 0
        assert store.get_setting("other process") == "was here"
        article = store.article(article_id)
        assert article is not None and article.read_count == 1


def test_integrity_check_sees_a_search_index_out_of_step(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    populate(path, articles=6)
    with Store.open(path) as store:
        assert store.integrity_ok()
        raw = sqlite3.connect(path)
        raw.execute(
            "INSERT INTO article_search (rowid, title, summary, body_text) VALUES (99, 'x', '', '')"
        )
        raw.commit()
        raw.close()
        assert not store.integrity_ok()
