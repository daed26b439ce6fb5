"""kill -9 at random moments while another process saves feeds: the database stays consistent.

The worker (`work`, run in a subprocess) saves batches of new articles into each feed, and with
each batch re-sends the first articles with new titles, so content updates of read articles are
in flight too. After every kill the database must pass integrity_check, keep the read state set
before, and hold every batch whole or not at all, with the feed's fetch counter agreeing.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.stored import save_entries
from tui.model import Entry, FeedSpec
from tui.store import Store

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 3, 1, tzinfo=UTC)
FEEDS = [FeedSpec("Kompas", f"Section {n}", f"https://kompas.example/{n}.xml") for n in range(4)]
INITIAL = 6
BATCH = 30
ITERATIONS = 10


def initial_entries(feed_id: int, version: str) -> list[Entry]:
    return [
        Entry(guid=f"i{feed_id}-{k}", title=f"Initial {k} {version}", published=NOW)
        for k in range(INITIAL)
    ]


def save(store: Store, feed_id: int, entries: list[Entry], now: datetime) -> None:
    save_entries(store, feed_id, entries, now=now, title="t")


def work(path: str) -> None:
    """Save batches forever (until killed)."""
    store = Store.open(Path(path))
    feeds = store.feeds()
    print("ready", flush=True)
    for round_number in range(1_000_000):
        for feed in feeds:
            tag = f"{feed.id}.{os.getpid()}.{round_number}"
            now = NOW + timedelta(minutes=round_number)
            batch = [
                Entry(
                    guid=f"b{tag}-{k}",
                    title=f"Batch {tag} item {k}",
                    published=now,
                    content_html="<p>" + "isi berita " * 60 + "</p>",
                )
                for k in range(BATCH)
            ]
            save(store, feed.id, initial_entries(feed.id, tag) + batch, now)
        if round_number % 3 == 0:
            store.prune(days=1, per_feed=None, now=NOW + timedelta(days=30))


def prepare(path: Path) -> dict[str, tuple[int, int, int]]:
    with Store.open(path) as store:
        store.sync_feeds(FEEDS)
        for feed in store.feeds():
            save(store, feed.id, initial_entries(feed.id, "v0"), NOW)
        for number, headline in enumerate(store.headlines()):
            if number % 2:
                store.open_article(headline.id, NOW)
            if number % 3 == 0:
                store.set_starred(headline.id, True)
    return reading_state(path)


def reading_state(path: Path) -> dict[str, tuple[int, int, int]]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT a.guid, r.read, r.starred, r.read_count FROM articles a"
            " JOIN reading r ON r.article_id = a.id WHERE a.guid LIKE 'i%'"
        ).fetchall()
    finally:
        connection.close()
    return {guid: (read, starred, count) for guid, read, starred, count in rows}


def check_consistent(path: Path, state_before: dict[str, tuple[int, int, int]]) -> int:
    """Assert everything the kill must not break; returns how many batches are stored."""
    with Store.open(path) as store:
        assert store.set_aside is None
        assert store.integrity_ok()
    assert reading_state(path) == state_before
    connection = sqlite3.connect(path)
    try:
        guids = [row[0] for row in connection.execute("SELECT guid FROM articles")]
        serials = dict(connection.execute("SELECT id, fetch_serial FROM feeds"))
        links = connection.execute("SELECT count(*) FROM article_feeds").fetchone()[0]
    finally:
        connection.close()
    batches = Counter(guid[1:].rsplit("-", 1)[0] for guid in guids if guid.startswith("b"))
    assert set(batches.values()) <= {BATCH}, "a batch was half saved"
    per_feed = Counter(int(tag.split(".")[0]) for tag in batches)
    assert serials == {feed_id: 1 + per_feed[feed_id] for feed_id in serials}
    assert links == len(guids)
    return len(batches)


def test_kill_9_at_random_moments_leaves_a_consistent_database(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    state_before = prepare(path)
    rng = random.Random(20250301)
    stored = 0
    for iteration in range(ITERATIONS):
        worker = subprocess.Popen(
            [sys.executable, "-c", f"from tests.test_store_kill import work; work({str(path)!r})"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            if iteration % 4 != 3:  # mostly mid-save; sometimes while it is still opening
                assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.3))
        finally:
            worker.kill()
            worker.wait(timeout=10)
            assert worker.stdout is not None
            worker.stdout.close()
        stored = check_consistent(path, state_before)
    assert stored > 0, "the worker never got to save anything: the test proved nothing"
