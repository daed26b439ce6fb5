"""kill -9 during a refresh, 50 times: the database passes integrity_check after every kill,
and each feed's new items are all present or all absent.

The child runs a real `refresh_blocking` (thread parsing, so killing its process group ends
everything it started) of 4 feeds whose server hands out 60 new items per request.
"""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.hostile import bodies
from tests.hostile.conftest import Bounds, make_config
from tests.hostile.isolate import ROOT
from tests.support.server import FeedServer
from tui.store import Store

KILL_FEEDS = 4
KILL_BATCH = 60
KILL_RUNS = 50


def batch_handler(feed: int) -> object:
    """Each request gets a new batch: items `k{feed}-{hit}-{n}`, all new to the store."""

    def handler(request: BaseHTTPRequestHandler, server: FeedServer) -> None:
        hit = server.hits[f"/k{feed}.xml"]
        items = "".join(
            bodies.item(n, guid=f"k{feed}-{hit}-{n}").replace(
                "hostile.example/", f"hostile.example/{feed}/{hit}/"
            )
            for n in range(KILL_BATCH)
        )
        body = bodies.rss(items)
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handler


KILLABLE = """
import pickle, sys
import httpx, feedparser  # imported before "ready", so the kill lands in the refresh
from tui.refresh import refresh_blocking
config, db = pickle.loads(sys.stdin.buffer.read())
print("ready", flush=True)
refresh_blocking(config, db, fetch_pages=False, parse_mode="thread", force=True)
print("done", flush=True)
"""


def check_whole_batches(db: Path) -> int:
    """Integrity, and every batch all there or all absent; returns how many batches are stored."""
    with Store.open(db) as store:
        assert store.set_aside is None and store.integrity_ok()
    connection = sqlite3.connect(db)
    try:
        guids = [row[0] for row in connection.execute("SELECT guid FROM articles")]
        serials = dict(connection.execute("SELECT section, fetch_serial FROM feeds"))
        links = connection.execute("SELECT count(*) FROM article_feeds").fetchone()[0]
    finally:
        connection.close()
    batches = Counter(guid.rsplit("-", 1)[0] for guid in guids)
    assert set(batches.values()) <= {KILL_BATCH}, "a feed's new items were half saved"
    per_feed = Counter(tag.split("-")[0][1:] for tag in batches)
    assert serials == {section: per_feed[section[1:]] for section in serials}
    assert links == len(guids)
    return len(batches)


def timed_refresh(request: bytes) -> float:
    """Seconds from "ready" to "done" of one refresh that is left to finish."""
    child = subprocess.Popen(
        [sys.executable, "-c", KILLABLE],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(request)
    child.stdin.close()
    assert child.stdout.readline().strip() == b"ready"
    started = time.monotonic()
    assert child.stdout.readline().strip() == b"done"
    took = time.monotonic() - started
    child.wait(timeout=30)
    child.stdout.close()
    return took


def test_kill_9_during_refresh(server: FeedServer, db: Path, bounds: Bounds) -> None:
    """50 refreshes killed -9 at random instants: integrity holds; each batch all or nothing."""
    urls = {
        f"k{feed}": server.route(f"/k{feed}.xml", handler=batch_handler(feed))  # type: ignore[arg-type]
        for feed in range(KILL_FEEDS)
    }
    config = make_config(db, urls)
    request = pickle.dumps((config, db))
    rng = random.Random(20260302)
    finished = 0
    # Kill within the time an unkilled refresh takes here, so the kills land mid-refresh on a
    # fast machine as on a slow one.
    whole = timed_refresh(request)
    with bounds.time(90):
        for _ in range(KILL_RUNS):
            child = subprocess.Popen(
                [sys.executable, "-c", KILLABLE],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                start_new_session=True,
            )
            try:
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write(request)
                child.stdin.close()
                assert child.stdout.readline().strip() == b"ready"
                time.sleep(rng.uniform(0.0, whole * 0.9))
            finally:
                os.killpg(child.pid, 9)
                child.wait(timeout=10)
                assert child.stdout is not None
                finished += child.stdout.read().strip() == b"done"
                child.stdout.close()
            stored = check_whole_batches(db)
    assert 0 < stored < KILL_RUNS * KILL_FEEDS, "every kill should not land before or after"
    assert finished < KILL_RUNS // 2, "most kills should land mid-refresh"
