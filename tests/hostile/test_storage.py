"""A broken disk, a second instance, locks, damaged, foreign or newer database files.

What is real and what is simulated: a full disk is a real 1 MiB tmpfs mounted for the test (we
run as root; skipped where mounting is not allowed) and, everywhere, SQLite's own
`max_page_count` limit, which fails writes with the same SQLITE_FULL. A read-only data dir is a
read-only bind mount (root ignores chmod 0555), skipped where mounting is not allowed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.hostile import bodies
from tests.hostile.conftest import Bounds, config_for, make_config
from tests.hostile.isolate import Measured, run_isolated
from tests.support.server import FeedServer
from tui.cli import EXIT_OK, EXIT_STORE, main
from tui.model import Entry, FeedSpec, FetchOutcome, ParsedFeed
from tui.paths import Paths
from tui.refresh import refresh_blocking
from tui.store import Store, StoreError, opening, schema

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
ADDED = FeedSpec("Tambahan", "Daerah", "https://tambahan.example/rss")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def write_config(urls: dict[str, str]) -> Path:
    path = Paths.from_platform().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    sections = "".join(
        f'\n  [[source.section]]\n  name = "{name}"\n  url = "{url}"\n'
        for name, url in urls.items()
    )
    path.write_text(
        f'[retention]\ndays = 3650\n\n[[source]]\nname = "Kabar"\nfetch_pages = false\n{sections}',
        encoding="utf-8",
    )
    return path


def save(store: Store, feed_id: int, entries: list[Entry]) -> None:
    store.save_fetch(
        feed_id,
        ParsedFeed("t", None, tuple(entries), "rss20"),
        FetchOutcome(at=NOW, status=200),
        etag=None,
        last_modified=None,
        body_hash=None,
        failures=0,
        retry_at=None,
        now=NOW,
    )


def populate_for_cli(articles_per_feed: int = 60) -> tuple[Path, dict[str, bool]]:
    """The user's database as `berita` would find it: config feeds, an added feed, read state."""
    write_config({"Politik": "https://kabar.example/politik.xml"})
    database = Paths.from_platform().database
    with Store.open(database) as store:
        store.sync_feeds([FeedSpec("Kabar", "Politik", "https://kabar.example/politik.xml")])
        store.add_feed(ADDED)
        for feed in store.feeds():
            save(
                store,
                feed.id,
                [
                    Entry(
                        guid=f"{feed.id}-{n}",
                        title=f"{feed.section} {n}",
                        published=NOW.replace(hour=n % 24, minute=n % 60),
                        content_html="<p>" + "kata " * 200 + "</p>",
                    )
                    for n in range(articles_per_feed)
                ],
            )
        for headline in store.headlines(limit=1000)[::3]:
            store.set_read(headline.id, True)
        read_state = {h.title: h.read for h in store.headlines(limit=1000)}
    return database, read_state


# --- mounts -------------------------------------------------------------------------------


@contextlib.contextmanager
def mounted(*commands: list[str], target: Path) -> Iterator[None]:
    """Run mount commands for `target`, unmounting it afterwards; skip when not permitted."""
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(target)], capture_output=True, check=False)
            pytest.skip(f"cannot mount here ({' '.join(command[:3])}): {done.stderr.strip()}")
    try:
        yield
    finally:
        if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


# --- a second instance, and locks ---------------------------------------------------------


def test_a_second_instance_on_the_same_data_dir(
    server: FeedServer, db: Path, bounds: Bounds
) -> None:
    """A refresh in another process while this one writes: both succeed (WAL + busy timeout)."""
    url = server.route("/feed.xml", bodies.good_feed(200))
    config = make_config(db, {"Utama": url})
    other: list[Measured] = []
    refreshing = threading.Thread(
        target=lambda: other.append(run_isolated("tests.hostile.flows:refresh", config, db))
    )
    with Store.open(db) as store:
        refreshing.start()
        writes = 0
        while refreshing.is_alive():
            store.set_setting(f"tulis-{writes}", "x")  # waits for the lock, never fails
            writes += 1
            time.sleep(0.005)
        (measured,) = other
        assert measured.error is None and measured.value["new"] == 200
        assert store.count() == 200 and store.get_setting(f"tulis-{writes - 1}") == "x"
        assert writes > 10 and store.integrity_ok()
    bounds.child(measured, seconds=5, mb=150)


HOLD_THE_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO settings VALUES ('yatim', 'tidak pernah disimpan')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_the_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_no_stale_lock_after_kill_9(db: Path, bounds: Bounds) -> None:
    """A writer killed -9 mid-transaction leaves no lock: the next write goes straight through."""
    with Store.open(db) as store:
        store.set_setting("awal", "1")
    holder = hold_the_lock(db, 60)
    holder.kill()
    holder.wait(timeout=10)
    with bounds.traced(seconds=1, mb=20), Store.open(db) as store:
        store.set_setting("setelah", "2")
        assert store.get_setting("yatim") is None  # the killed transaction is gone
        assert store.integrity_ok()


def test_a_writer_holding_the_lock_past_the_busy_timeout(
    server: FeedServer,
    bounds: Bounds,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Locked longer than the busy timeout: a StoreError naming the file; `berita fetch` exits 3."""
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 300)  # 5 s in real life
    url = server.route("/feed.xml", bodies.good_feed(3))
    write_config({"Utama": url})
    database = Paths.from_platform().database
    assert run_cli(capsys, "list")[0] == EXIT_OK  # creates and syncs the store
    holder = hold_the_lock(database, 30)
    try:
        config = config_for({"Utama": url})
        with bounds.traced(seconds=3, mb=50):
            with pytest.raises(StoreError, match="database is locked") as raised:
                refresh_blocking(config, database, fetch_pages=False, parse_mode="thread")
            assert str(database) in str(raised.value)
            code, _, err = run_cli(capsys, "fetch")
        assert code == EXIT_STORE and f"database {database}" in err and "locked" in err
        code, _, err = run_cli(capsys, "list")  # reading goes on under WAL
        assert code == EXIT_OK and "subscriptions not updated from the config" in err
    finally:
        holder.kill()
        holder.wait(timeout=10)
    code, _, err = run_cli(capsys, "fetch")
    assert code == EXIT_OK, err


# --- damaged, foreign and newer files -----------------------------------------------------


def scribble_pages(path: Path) -> None:
    pages = path.stat().st_size // 4096
    with path.open("r+b") as file:
        for page in (pages // 2, pages * 2 // 3):
            file.seek(page * 4096)
            file.write(os.urandom(4096))


DAMAGE = {
    "garbage pages": (scribble_pages, True),
    "zeroed header": (lambda p: p.open("r+b").write(bytes(100)), True),
    "truncated": (lambda p: os.truncate(p, p.stat().st_size // 2 // 4096 * 4096), True),
    "an HTML file": (lambda p: p.write_bytes(b"<!DOCTYPE html><html>Wi-Fi login</html>"), False),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_corrupt_database_through_berita_list(
    capsys: pytest.CaptureFixture[str], bounds: Bounds, damage: str
) -> None:
    """Damaged file: set aside (stderr says where), readable rows and subscriptions salvaged."""
    database, read_state = populate_for_cli()
    spoil, salvageable = DAMAGE[damage]
    spoil(database)
    damaged = database.read_bytes()
    with bounds.traced(seconds=5, mb=100):
        code, out, err = run_cli(capsys, "list", "--json", "--limit", "1000")
    assert code == EXIT_OK
    (aside,) = database.parent.glob("berita.sqlite3.corrupt-*[0-9]Z")
    assert f"it was moved to {aside}" in err
    assert aside.read_bytes() == damaged
    rows = json.loads(out)
    code, sources, _ = run_cli(capsys, "sources", "--json")
    urls = {row["url"] for row in json.loads(sources)}
    if salvageable:
        assert rows, "readable rows should be salvaged"
        assert all(read_state[row["title"]] == row["read"] for row in rows)
        assert ADDED.url in urls  # a subscription only the database knew
    else:
        assert rows == [] and ADDED.url not in urls
    assert "https://kabar.example/politik.xml" in urls  # the config's, synced again


def test_a_database_from_a_newer_berita(capsys: pytest.CaptureFixture[str], bounds: Bounds) -> None:
    """A newer schema: refused with exit 3 and a message; the file is not touched."""
    database, _ = populate_for_cli(5)
    raw = sqlite3.connect(database)
    raw.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 7}")
    raw.commit()
    raw.close()
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    names = sorted(p.name for p in database.parent.iterdir())
    with bounds.traced(seconds=1, mb=20):
        for command in (["list"], ["fetch"], ["sources", "--json"]):
            code, out, err = run_cli(capsys, *command)
            assert code == EXIT_STORE and out == ""
            assert "written by a newer berita" in err and str(database) in err
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert sorted(p.name for p in database.parent.iterdir()) == names


# --- a full disk, a read-only data dir ----------------------------------------------------


def big_batch(count: int = 300) -> bytes:
    words = "kata berita panjang " * 100
    return bodies.rss(
        "".join(
            bodies.item(n, guid=f"besar-{n}", extra=f"<description>{words}{n}</description>")
            for n in range(count)
        )
    )


@pytest.mark.parametrize("how", ["tmpfs of 1 MiB", "max_page_count"])
def test_disk_full_mid_refresh(
    server: FeedServer,
    tmp_path: Path,
    bounds: Bounds,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    """Disk full while saving: rolled back whole, `berita fetch` says so (exit 3), nothing lost."""
    url = server.route("/feed.xml", bodies.good_feed(5))
    write_config({"Utama": url})
    database = Paths.from_platform().database
    database.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if how == "max_page_count":
            connect = opening.connect

            def limited(
                path: Path, *, readonly: bool, immutable: bool = False
            ) -> sqlite3.Connection:
                connection = connect(path, readonly=readonly, immutable=immutable)
                connection.execute("PRAGMA max_page_count = 60")  # 240 KiB
                return connection

            monkeypatch.setattr(opening, "connect", limited)
        else:
            target = database.parent
            stack.enter_context(
                mounted(
                    ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(target)], target=target
                )
            )
        assert run_cli(capsys, "fetch")[0] == EXIT_OK
        if how != "max_page_count":
            stat = os.statvfs(database.parent)
            filler = database.parent / "filler"
            filler.write_bytes(bytes(stat.f_bavail * stat.f_frsize - 60_000))
        server.route("/feed.xml", big_batch())
        with bounds.traced(seconds=5, mb=100):
            code, _, err = run_cli(capsys, "fetch")
        assert code == EXIT_STORE
        assert f"database {database}: database or disk is full" in err
        if how != "max_page_count":
            filler.unlink()
        with Store.open(database) as store:
            assert store.count() == 5  # the old articles, and none of the half batch
            assert store.integrity_ok()
            (feed,) = store.feeds()
            assert feed.last_outcome is not None and feed.last_outcome.new == 5  # the last saved


def test_a_read_only_data_dir(
    server: FeedServer, bounds: Bounds, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only data dir (a read-only bind mount): reading works and says read-only once;
    writing exits 3 naming the file and why; nothing changed."""
    url = server.route("/feed.xml", bodies.good_feed(3))
    write_config({"Utama": url})
    database = Paths.from_platform().database
    assert run_cli(capsys, "fetch")[0] == EXIT_OK
    before = database.read_bytes()
    target = database.parent
    with mounted(
        ["mount", "--bind", str(target), str(target)],
        ["mount", "-o", "remount,bind,ro", str(target)],
        target=target,
    ):
        with pytest.raises(OSError):
            (target / "probe").write_bytes(b"x")
        with bounds.traced(seconds=2, mb=20):
            for command in (["list"], ["search", "Berita"], ["show", "1"]):
                code, out, err = run_cli(capsys, *command)
                assert code == EXIT_OK, err
                assert out.strip()
                assert err.count("read-only") == 1 and str(target) in err
            code, _out, err = run_cli(capsys, "fetch")
            assert code == EXIT_STORE and str(database) in err and "not writable" in err
    assert database.read_bytes() == before
