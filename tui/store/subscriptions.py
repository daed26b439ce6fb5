"""Sources and their section feeds: the config's feeds, feeds added by hand, and listing them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from tui.model import Feed, FeedSpec
from tui.store.rows import FEED_COLUMNS, feed

_SELECT = (
    f"SELECT {FEED_COLUMNS}, f.last_dropped, f.last_note"
    " FROM feeds f JOIN sources s ON s.id = f.source_id"
)


def _feed(row: tuple) -> Feed:
    """A feed row of _SELECT: FEED_COLUMNS, then what the last parsed body lost."""
    *columns, dropped, note = row
    return replace(feed(tuple(columns)), items_dropped=dropped or 0, note=note)


def upsert_feed(connection: sqlite3.Connection, spec: FeedSpec, *, origin: str) -> int:
    """The feed's id, inserting or updating its source and itself; the feed becomes active."""
    connection.execute(
        "INSERT INTO sources (name, home) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
        " SET home = coalesce(excluded.home, home)",
        (spec.source, spec.home),
    )
    (source_id,) = connection.execute(
        "SELECT id FROM sources WHERE name = ?", (spec.source,)
    ).fetchone()
    existing = connection.execute("SELECT id FROM feeds WHERE url = ?", (spec.url,)).fetchone()
    if existing is None:
        cursor = connection.execute(
            "INSERT INTO feeds (source_id, section, url, origin, full_text, fetch_pages)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (source_id, spec.section, spec.url, origin, spec.full_text, spec.fetch_pages),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid
    (feed_id,) = existing
    if origin == "config":
        # The config is the truth for the feeds it lists (and adopts one added by hand).
        connection.execute(
            "UPDATE feeds SET source_id = ?, section = ?, full_text = ?, fetch_pages = ?,"
            " origin = 'config', active = 1 WHERE id = ?",
            (source_id, spec.section, spec.full_text, spec.fetch_pages, feed_id),
        )
    else:
        connection.execute("UPDATE feeds SET active = 1 WHERE id = ?", (feed_id,))
    return feed_id


def deactivate_unlisted(connection: sqlite3.Connection, urls: list[str]) -> None:
    """Config feeds the config no longer lists stop being fetched and listed (rows are kept)."""
    connection.execute(
        "UPDATE feeds SET active = 0 WHERE origin = 'config' AND active = 1"
        " AND url NOT IN (SELECT value FROM json_each(?))",
        (json.dumps(urls, ensure_ascii=False),),
    )


def list_feeds(
    connection: sqlite3.Connection, *, section: str | None, include_inactive: bool
) -> list[Feed]:
    sql = f"{_SELECT} WHERE 1"
    params: list[object] = []
    if section is not None:
        sql += " AND f.section = ?"
        params.append(section)
    if not include_inactive:
        sql += " AND f.active = 1"
    return [_feed(row) for row in connection.execute(sql + " ORDER BY s.name, f.id", params)]


def one_feed(connection: sqlite3.Connection, feed_id: int) -> Feed | None:
    row = connection.execute(f"{_SELECT} WHERE f.id = ?", (feed_id,)).fetchone()
    return _feed(row) if row else None
