"""Any number of berita processes at once, nothing lost (regression test for issue 9).

Each round runs at once, as real processes on one data dir: a reader-like process (its own
store plus the second store every refresh opens, marking articles while it refreshes), two
`berita fetch` as cron would start them, and `berita list`. The feeds grow between rounds.
After every round the database passes integrity_check, holds every served item exactly once,
each feed's ETag is the one of what is stored, and every mark the reader set is still there.
Before the fix, the reader's second open dropped its locks and the database was damaged
within a few rounds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import FeedServer

ROOT = Path(__file__).resolve().parents[1]
FEEDS = 8
ROUNDS = 20
ROUND_SECONDS = 60

READER = """
import json, sys
from pathlib import Path
from tui.config import load_config
from tui.paths import Paths
from tui.refresh import refresh_blocking
from tui.store import Store

paths = Paths.from_platform()
config = load_config(paths)
store = Store.open(paths.database)  # the reader's own store, open throughout
store.sync_feeds(config.feeds)
marks = {"read": [], "starred": []}
for turn in range(3):
    refresh_blocking(config, paths.database, fetch_pages=False)  # R: a second store
    headlines = store.headlines(limit=500)
    for headline in headlines[turn::7]:
        article = store.open_article(headline.id, store.last_refresh())
        marks["read"].append(article.guid)
    for headline in headlines[turn + 3 :: 11]:
        store.set_starred(headline.id, True)
        marks["starred"].append(store.article(headline.id).guid)
store.close()
print(json.dumps(marks))
"""


def feed_body(feed: int, version: int) -> bytes:
    items = "".join(
        f"<item><title>Berita {feed}-{n}</title><link>https://lokal.example/{feed}/{n}</link>"
        f"<guid>{feed}-{n}</guid><pubDate>Mon, 02 Mar 2026 {n % 24:02d}:00:00 +0700</pubDate>"
        f"<description>Isi berita {feed} nomor {n}. {'kata ' * 80}</description></item>"
        for n in range(served_count(version))
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Lokal {feed}</title>{items}</channel></rss>"
    ).encode()


def served_count(version: int) -> int:
    return 10 + 3 * version


def serve(server: FeedServer, version: int) -> None:
    for feed in range(FEEDS):
        server.route(f"/{feed}.xml", feed_body(feed, version), etag=f'"{feed}-v{version}"')


@pytest.fixture
def farm(server: FeedServer, isolated_dirs: Path) -> Iterator[tuple[FeedServer, Path]]:
    config = isolated_dirs / "config" / "berita" / "config.toml"
    config.parent.mkdir(parents=True)
    sections = "".join(
        f'[[source.section]]\nname = "Rubrik {n}"\nurl = "{server.url(f"/{n}.xml")}"\n'
        for n in range(FEEDS)
    )
    config.write_text(f'[[source]]\nname = "Lokal"\n{sections}', encoding="utf-8")
    yield server, isolated_dirs / "data" / "berita" / "berita.sqlite3"


def start(*command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], deadline: float) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"{process.args} did not finish within the round: {err[-2000:]}")
    return process.returncode, out, err


def test_reader_cron_fetches_and_lists_at_once_lose_nothing(
    farm: tuple[FeedServer, Path],
) -> None:
    server, database = farm
    read: set[str] = set()
    starred: set[str] = set()
    for version in range(ROUNDS):
        serve(server, version)
        deadline = time.monotonic() + ROUND_SECONDS
        processes = [
            start("-c", READER),
            start("-m", "tui", "fetch", "--quiet"),
            start("-m", "tui", "fetch", "--quiet"),
            start("-m", "tui", "list", "--limit", "5"),
        ]
        results = [finish(process, deadline) for process in processes]
        for code, _out, err in results:
            assert code == 0, f"round {version}: exit {code}: {err[-2000:]}"
            assert "Traceback" not in err and "damaged" not in err, err
        marks = json.loads(results[0][1])
        read.update(marks["read"])
        starred.update(marks["starred"])
        check(database, version, read, starred)


def check(database: Path, version: int, read: set[str], starred: set[str]) -> None:
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        guids = [row[0] for row in connection.execute("SELECT guid FROM articles")]
        served = {f"{feed}-{n}" for feed in range(FEEDS) for n in range(served_count(version))}
        assert len(guids) == len(set(guids)), f"round {version}: an item stored twice"
        assert set(guids) == served, f"round {version}: {len(served - set(guids))} items missing"
        etags = dict(connection.execute("SELECT url, etag FROM feeds"))
        for url, etag in etags.items():
            feed = url.rsplit("/", 1)[1].removesuffix(".xml")
            assert etag == f'"{feed}-v{version}"', f"round {version}: {url} validator {etag}"
        marked = dict(
            connection.execute(
                "SELECT a.guid, r.read | (r.starred << 1) FROM articles a"
                " JOIN reading r ON r.article_id = a.id"
            )
        )
        assert all(marked[guid] & 1 for guid in read), f"round {version}: a read mark lost"
        assert all(marked[guid] & 2 for guid in starred), f"round {version}: a star lost"
    finally:
        connection.close()
