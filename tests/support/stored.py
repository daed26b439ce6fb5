"""Saving test entries into a store as one successful fetch, the way a refresh would."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tui.model import Entry, FetchOutcome, ParsedFeed
from tui.store import Store


def save_entries(
    store: Store, feed_id: int, entries: Iterable[Entry], *, now: datetime, title: str = "feed"
) -> FetchOutcome:
    return store.save_fetch(
        feed_id,
        ParsedFeed(title, None, tuple(entries), "rss20"),
        FetchOutcome(at=now, status=200),
        etag=None,
        last_modified=None,
        body_hash=None,
        failures=0,
        retry_at=None,
        now=now,
    )
