"""Copying what can still be read out of a damaged database into a fresh one.

The old file is only ever read (opened `mode=ro`); when its header is destroyed, a copy with a
rebuilt header is read instead. Each table is read whole, else in rowid ranges, halving a range
that fails down to single rows, so one bad page costs only the rows on it.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tui.store.opening import MAGIC, connect, is_damage

# Parents before children, so ids copied verbatim keep every reference valid.
TABLE_ORDER = ("sources", "feeds", "articles", "article_feeds", "reading", "settings")
_CHUNK = 512
_FINEST = 4  # a bad page costs at most this many rowids besides its own rows
_GIVE_UP_AFTER = _CHUNK * 8  # rowids past the last readable row, when the highest is unknown
_PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)


def salvage(old_path: Path, new: sqlite3.Connection) -> dict[str, int]:
    """Copy readable rows from the file at `old_path` into `new`; returns rows copied per table."""
    copied: dict[str, int] = {}
    with _readable(old_path) as old:
        if old is None:
            return copied
        new.execute("PRAGMA foreign_keys = OFF")
        new.execute("BEGIN IMMEDIATE")
        try:
            for table in TABLE_ORDER:
                copied[table] = _copy_table(old, new, table)
            _repair_references(new)
            new.execute("COMMIT")
        except BaseException:
            new.execute("ROLLBACK")
            raise
        finally:
            new.execute("PRAGMA foreign_keys = ON")
    return copied


@contextlib.contextmanager
def _readable(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the old file, or to a header-repaired copy, or None."""
    connection = _try_open(path)
    if connection is not None:
        try:
            yield connection
        finally:
            connection.close()
        return
    repaired = path.with_name(path.name + ".salvage")
    try:
        connection = _open_with_new_header(path, repaired)
        try:
            yield connection
        finally:
            if connection is not None:
                connection.close()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            repaired.with_name(repaired.name + suffix).unlink(missing_ok=True)


def _try_open(path: Path) -> sqlite3.Connection | None:
    try:
        connection = connect(path, readonly=True)
        connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'feeds'").fetchone()
    except sqlite3.Error:
        return None
    return connection


def _open_with_new_header(path: Path, copy: Path) -> sqlite3.Connection | None:
    """Read through a copy whose first 100 bytes are rebuilt, for a file whose header was lost.

    Page 1 keeps the schema table just after the header, so the rest is usually intact. The page
    size is unknown: each plausible size that divides the file is tried until the schema reads.
    """
    size = path.stat().st_size
    candidates = [page for page in _PAGE_SIZES if size >= 2 * page and size % page == 0]
    if not candidates:
        return None
    shutil.copyfile(path, copy)
    for page_size in candidates:
        with copy.open("r+b") as file:
            file.write(_template_header(page_size))
        connection = _try_open(copy)
        if connection is None:
            continue
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error:
            tables = set()
        if "feeds" in tables:
            return connection
        connection.close()
    return None


def _template_header(page_size: int) -> bytes:
    """The header of an empty UTF-8 rollback-journal database with this page size."""
    template = sqlite3.connect(":memory:")
    try:
        template.execute(f"PRAGMA page_size = {page_size}")
        template.execute("CREATE TABLE t (x)")
        header = bytearray(template.serialize()[:100])
    finally:
        template.close()
    assert header.startswith(MAGIC)
    header[28:32] = (0).to_bytes(4, "big")  # size unknown: SQLite then uses the file's size
    return bytes(header)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def _copy_table(old: sqlite3.Connection, new: sqlite3.Connection, table: str) -> int:
    try:
        old_columns = set(_columns(old, table))
    except sqlite3.Error:
        return 0
    columns = [name for name in _columns(new, table) if name in old_columns]
    if not columns:
        return 0
    names = ", ".join(columns)
    # reading rows already exist (a trigger adds one per article): the old ones replace them.
    verb = "INSERT OR REPLACE" if table == "reading" else "INSERT OR IGNORE"
    insert = f"{verb} INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    copied = 0
    for rows in _read_rows(old, table, names):
        new.executemany(insert, rows)
        copied += len(rows)
    return copied


def _read_rows(old: sqlite3.Connection, table: str, names: str) -> Iterator[list[tuple]]:
    select = f"SELECT rowid, {names} FROM {table}"
    try:
        everything = [row[1:] for row in old.execute(select)]
    except sqlite3.Error as error:
        if not is_damage(error):
            return
    else:
        yield everything
        return
    try:
        highest = old.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.Error:
        highest = None  # the rightmost pages are gone: sweep until a long run of nothing
    start = last_found = 0
    while start <= (highest if highest is not None else last_found + _GIVE_UP_AFTER):
        for rows in _read_range(old, select, start, start + _CHUNK):
            if rows:
                last_found = start
                yield rows
        start += _CHUNK


def _read_range(old: sqlite3.Connection, select: str, low: int, high: int) -> Iterator[list[tuple]]:
    """The readable rows with rowid in [low, high).

    Rows before a bad page are kept; the rest of the range is halved and retried, down to
    _FINEST rowids, which are given up.
    """
    rows: list[tuple] = []
    try:
        for row in old.execute(
            f"{select} WHERE rowid >= ? AND rowid < ? ORDER BY rowid", (low, high)
        ):
            rows.append(row)
    except sqlite3.Error:
        failed = True
    else:
        failed = False
    if rows:
        yield [row[1:] for row in rows]
    if not failed:
        return
    start = rows[-1][0] + 1 if rows else low
    if high - start <= _FINEST:
        return
    middle = (start + high) // 2
    yield from _read_range(old, select, start, middle)
    yield from _read_range(old, select, middle, high)


def _repair_references(new: sqlite3.Connection) -> None:
    """Drop rows whose parents were lost; give every article its reading row and sort keys."""
    for statement in (
        "DELETE FROM feeds WHERE source_id NOT IN (SELECT id FROM sources)",
        "DELETE FROM articles WHERE source_id NOT IN (SELECT id FROM sources)"
        " OR feed_id NOT IN (SELECT id FROM feeds)",
        "DELETE FROM article_feeds WHERE article_id NOT IN (SELECT id FROM articles)"
        " OR feed_id NOT IN (SELECT id FROM feeds)",
        "DELETE FROM reading WHERE article_id NOT IN (SELECT id FROM articles)",
        "INSERT OR IGNORE INTO reading (article_id) SELECT id FROM articles",
        "INSERT OR IGNORE INTO article_feeds (article_id, feed_id, last_seen_fetch)"
        " SELECT id, feed_id, 0 FROM articles",
        "UPDATE reading SET published = (SELECT published FROM articles WHERE id = article_id)",
        "UPDATE article_feeds SET published ="
        " (SELECT published FROM articles WHERE id = article_id),"
        " first_seen = (SELECT first_seen FROM articles WHERE id = article_id)",
    ):
        new.execute(statement)
