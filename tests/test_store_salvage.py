"""Never lose the cache: opening beside other processes, salvage that keeps what is readable.

Each situation here lost data before: a second open in one process dropped the process's
locks; random bytes in the middle, a torn file, a damaged first page or one undecodable value
saved nothing; a 0-byte file started empty in silence; a stale -shm stopped every command.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.stored import save_entries
from tui.model import Entry, FeedSpec, HeadlineFilter
from tui.store import Store, StoreError, opening, recover, schema

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 1, tzinfo=UTC)
FEEDS = [FeedSpec("Kompas", f"Rubrik {n}", f"https://kompas.example/{n}.xml") for n in range(6)]
PARAGRAPH = "<p>Pemerintah daerah menyiapkan langkah penanganan banjir di wilayah pesisir. </p>"


def fill(path: Path, per_feed: int, body_repeats: int = 40) -> dict[str, tuple[bool, bool]]:
    """A closed store of several feeds; every third article read, every seventh starred.

    Returns each article's (read, starred) by guid.
    """
    marks: dict[str, tuple[bool, bool]] = {}
    with Store.open(path) as store:
        store.sync_feeds(FEEDS)
        for feed in store.feeds():
            entries = [
                Entry(
                    guid=f"{feed.id}-{n}",
                    title=f"Berita {feed.id}-{n}",
                    link=f"https://kompas.example/{feed.id}/{n}",
                    published=NOW - timedelta(minutes=n),
                    content_html=f"<p>nomor {feed.id}-{n}</p>" + PARAGRAPH * body_repeats,
                )
                for n in range(per_feed)
            ]
            save_entries(store, feed.id, entries, now=NOW)
        with store._write() as connection:
            connection.execute("UPDATE feeds SET etag = 'e', body_hash = 'h'")
        for index, headline in enumerate(store.headlines(limit=100_000)):
            read, starred = index % 3 == 0, index % 7 == 0
            if read:
                store.set_read(headline.id, True)
            if starred:
                store.set_starred(headline.id, True)
        for headline in store.headlines(limit=100_000):
            article = store.article(headline.id)
            assert article is not None
            marks[article.guid] = (article.read, article.starred)
    return marks


def saved_marks(store: Store) -> dict[str, tuple[bool, bool]]:
    marks = {}
    for headline in store.headlines(limit=100_000):
        article = store.article(headline.id)
        assert article is not None
        marks[article.guid] = (article.read, article.starred)
    return marks


def ratio_kept(before: dict[str, tuple[bool, bool]], after: dict[str, tuple[bool, bool]]) -> dict:
    def kept(index: int) -> float:
        wanted = {guid for guid, mark in before.items() if mark[index]}
        return len({g for g in wanted if after.get(g, (False, False))[index]}) / len(wanted)

    return {"articles": len(after.keys() & before.keys()) / len(before), "read": kept(0),
            "starred": kept(1)}  # fmt: skip


def spray(path: Path, pieces: int, size: int, seed: int) -> None:
    """Random bytes over `pieces` blocks of `size` in the middle half of the file."""
    rng = random.Random(seed)
    length = path.stat().st_size
    with path.open("r+b") as file:
        for _ in range(pieces):
            file.seek(rng.randrange(length // 4, 3 * length // 4))
            file.write(rng.randbytes(size))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[bool, bool]]]:
    path = tmp_path_factory.mktemp("filled") / "berita.sqlite3"
    marks = fill(path, per_feed=300)
    return path, marks


def open_damaged(path: Path) -> Store:
    """Open as berita does after damage: the cheap checks on open may pass a large file; the
    first read that meets the damage fails and leaves a marker; the next open salvages."""
    store = Store.open(path)
    if store.set_aside is not None:
        return store
    with store, pytest.raises(StoreError, match="damaged"):
        with store._read() as connection:
            for table in ("articles", "reading", "feeds", "article_feeds", "sources"):
                connection.execute(f"SELECT * FROM {table}").fetchall()
            connection.execute("PRAGMA quick_check").fetchall()
        for headline in store.headlines(limit=100_000):
            store.article(headline.id)
    reopened = Store.open(path)
    assert reopened.set_aside is not None
    return reopened


def copy_of(filled: tuple[Path, dict], tmp_path: Path) -> Path:
    target = tmp_path / "data" / "berita.sqlite3"
    target.parent.mkdir(parents=True)
    target.write_bytes(filled[0].read_bytes())
    return target


# -- one process, many openings -----------------------------------------------------------------


OPEN_AND_CLOSE = """
import sys
from pathlib import Path
from tui.store import Store
Store.open(Path(sys.argv[1])).close()
"""
COUNT_FEEDS = """
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM feeds").fetchone()[0])
"""


def test_a_second_open_keeps_this_process_locks(tmp_path: Path) -> None:
    """The reader holds two stores (itself and a refresh); another berita's exit must not
    checkpoint and delete the WAL they write to."""
    path = tmp_path / "berita.sqlite3"
    first = Store.open(path)
    second = Store.open(path)
    try:
        first.sync_feeds(FEEDS[:1])
        subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(path)], cwd=ROOT, check=True)
        second.sync_feeds(FEEDS[:3])
        assert path.with_name(path.name + "-wal").exists()
        seen = subprocess.run(
            [sys.executable, "-c", COUNT_FEEDS, str(path)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert seen.stdout.strip() == "3"
    finally:
        second.close()
        first.close()
    with Store.open(path) as store:
        assert len(store.feeds()) == 3 and store.integrity_ok()


def test_the_database_file_is_never_opened_outside_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "berita.sqlite3"
    fill(path, per_feed=3, body_repeats=1)
    opened: list[str] = []
    real_open = os.open

    def watching(name: object, *args: object, **kwargs: object) -> int:
        opened.append(os.fsdecode(name))  # type: ignore[arg-type]
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", watching)
    with Store.open(path), Store.open(path), Store.open(path, readonly=True):
        pass
    assert not [name for name in opened if Path(name).name.startswith(path.name)]


# -- salvage --------------------------------------------------------------------------------------


def test_random_bytes_in_the_middle_lose_almost_nothing(filled: tuple, tmp_path: Path) -> None:
    path = copy_of(filled, tmp_path)
    spray(path, pieces=8, size=4096, seed=9)
    with open_damaged(path) as store:
        assert store.set_aside is not None and store.salvaged is not None
        assert store.integrity_ok()
        kept = ratio_kept(filled[1], saved_marks(store))
        assert kept["articles"] >= 0.95 and kept["read"] >= 0.95 and kept["starred"] >= 0.95, kept
        assert len(store.feeds()) == len(FEEDS)
        assert {(f.etag, f.body_hash) for f in store.feeds()} == {(None, None)}
        report = store.salvaged
        assert report.articles == store.count() and report.feeds == len(FEEDS)
        assert f"saved {len(FEEDS)} feeds, {report.articles} articles" in report.summary()


@pytest.mark.parametrize("seed", range(4))
def test_damage_anywhere_keeps_reading_rows_of_surviving_articles(
    filled: tuple, tmp_path: Path, seed: int
) -> None:
    path = copy_of(filled, tmp_path)
    spray(path, pieces=3, size=16384, seed=100 + seed)
    with open_damaged(path) as store:
        after = saved_marks(store)
        kept = ratio_kept(filled[1], after)
        assert kept["articles"] >= 0.9, kept
        lost_marks = [g for g, mark in filled[1].items() if g in after and after[g] != mark]
        assert lost_marks == []  # a surviving article keeps its marks


def test_a_torn_file_keeps_what_comes_before_the_tear(filled: tuple, tmp_path: Path) -> None:
    path = copy_of(filled, tmp_path)
    os.truncate(path, path.stat().st_size * 2 // 3 + 1234)  # not on a page boundary
    with Store.open(path) as store:
        assert store.set_aside is not None and store.salvaged is not None
        assert "truncated" in (store.salvaged.problem or "")
        assert len(store.feeds()) == len(FEEDS)
        assert store.count() >= len(filled[1]) // 3
        assert store.integrity_ok()


def test_a_damaged_first_page_keeps_subscriptions_and_articles(
    filled: tuple, tmp_path: Path
) -> None:
    path = copy_of(filled, tmp_path)
    with path.open("r+b") as file:
        file.write(random.Random(3).randbytes(4096))
    with open_damaged(path) as store:
        assert store.set_aside is not None
        assert {feed.url for feed in store.feeds()} == {spec.url for spec in FEEDS}
        kept = ratio_kept(filled[1], saved_marks(store))
        assert kept["articles"] >= 0.95 and kept["read"] >= 0.95, kept
        assert store.integrity_ok()


def test_an_undecodable_value_costs_one_article(filled: tuple, tmp_path: Path) -> None:
    path = copy_of(filled, tmp_path)
    raw = sqlite3.connect(path)
    victim = raw.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 10").fetchone()[0]
    raw.execute("UPDATE articles SET content_html = CAST(x'c3283c70' AS TEXT) WHERE id = ?",
                (victim,))  # fmt: skip
    raw.commit()
    raw.close()
    with Store.open(path) as store, pytest.raises(StoreError, match="damaged"):
        store.article(victim)
    assert opening.damage_marker(path).exists()
    with Store.open(path) as store:
        assert store.set_aside is not None
        assert store.count() == len(filled[1]) - 1
        assert store.article(victim) is None


def test_an_empty_file_is_set_aside_and_said(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    path.write_bytes(b"")
    with Store.open(path) as store:
        assert store.set_aside is not None and store.set_aside.stat().st_size == 0
        assert store.salvaged is not None and "0 bytes" in (store.salvaged.problem or "")
        store.sync_feeds(FEEDS)
        assert len(store.feeds()) == len(FEEDS)


def test_a_wal_without_its_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    fill(path, per_feed=2, body_repeats=1)
    stray = path.with_name(path.name + "-wal")
    stray.write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    path.unlink()
    with Store.open(path) as store:
        assert store.orphan is not None and store.orphan.exists()
        assert store.feeds() == []
        store.sync_feeds(FEEDS)
        assert store.integrity_ok()


def test_salvaged_feeds_refill_at_the_next_fetch(
    module_server: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.hostile import bodies
    from tui.cli import main
    from tui.paths import Paths

    server = module_server
    server.reset()  # type: ignore[attr-defined]
    url = server.route(  # type: ignore[attr-defined]
        "/feed.xml", bodies.rss("".join(bodies.item(n) for n in range(40))), etag='"v1"'
    )
    config = Paths.from_platform().config_file
    config.parent.mkdir(parents=True)
    config.write_text(f'[[source]]\nname = "Lokal"\n[[source.section]]\nname = "Utama"\n'
                      f'url = "{url}"\n', encoding="utf-8")  # fmt: skip
    assert main(["fetch", "--quiet"]) == 0
    database = Paths.from_platform().database
    with Store.open(database) as store:
        assert store.count() == 40
        with store._write() as connection:  # as if the damage had taken half the articles
            connection.execute("DELETE FROM articles WHERE id % 2 = 0")
    with database.open("r+b") as file:
        file.write(bytes(100))  # and the header
    capsys.readouterr()
    assert main(["list", "--limit", "100"]) == 0
    err = capsys.readouterr().err
    assert "damaged" in err and "saved 1 feeds, 20 articles" in err
    assert main(["fetch", "--quiet"]) == 0  # no --force: the validators were forgotten
    with Store.open(database) as store:
        assert store.count() == 40


# -- stale files left by crashes ------------------------------------------------------------------


HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT count(*) FROM feeds").fetchone()
print("holding", flush=True)
time.sleep(30)
"""


WRITE_AND_VANISH = """
import os, sys
from pathlib import Path
from tui.model import FeedSpec
from tui.store import Store
store = Store.open(Path(sys.argv[1]))
store._connection.execute("PRAGMA wal_autocheckpoint = 0")
store.sync_feeds([FeedSpec("Baru", f"Baru {n}", f"https://baru.example/{n}") for n in range(50)])
os._exit(0)  # as if killed: no checkpoint, the WAL stays
"""


def test_a_deleted_wal_under_a_live_process_is_named(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    fill(path, per_feed=2, body_repeats=1)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"holding"
        subprocess.run([sys.executable, "-c", WRITE_AND_VANISH, str(path)], cwd=ROOT, check=True)
        path.with_name(path.name + "-wal").unlink()
        with pytest.raises(StoreError) as refused:
            Store.open(path).close()
        message = str(refused.value)
        assert "-wal was deleted" in message and str(holder.pid) in message
        assert "\n" not in message
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path) as store:  # nobody holds it now: it opens again
        assert len(store.feeds()) >= len(FEEDS)
        assert store.integrity_ok()


# -- the page scanner knows the schema ------------------------------------------------------


def test_the_page_scanner_layout_is_the_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "berita.sqlite3") as store:
        connection = store._connection
        for table, columns in recover.COLUMNS.items():
            actual = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
            assert actual == columns, table
        assert schema.SCHEMA_VERSION >= 3


def test_a_scan_finds_the_rows_of_a_healthy_file(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    marks = fill(path, per_feed=20, body_repeats=60)  # bodies spill onto overflow pages
    found = recover.scan(path)
    articles = {values[3] for _rowid, values in found["articles"]}
    assert articles == set(marks)
    assert len(found["feeds"]) == len(FEEDS)
    read = {rowid for rowid, values in found["reading"] if values[1] == 1}
    assert len(read) == sum(1 for mark in marks.values() if mark[0])
    with Store.open(path) as store:
        body = store.article(found["articles"][0][0])
        assert body is not None
        stored = dict(zip(recover.COLUMNS["articles"], found["articles"][0][1], strict=True))
        assert stored["content_html"] == body.content_html


def test_a_readonly_store_after_a_filter(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    fill(path, per_feed=5, body_repeats=1)
    with Store.open(path, readonly=True) as store:
        assert store.count(HeadlineFilter(unread=True)) > 0
        with pytest.raises(StoreError, match="read-only"):
            store.set_read(1, True)
