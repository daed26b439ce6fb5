"""Opening the database file: cheap damage checks, refusing newer schemas, setting a bad file aside.

A file whose header names a newer schema is refused before it is opened, so it is not touched.
A full `PRAGMA quick_check` reads every page (measured 1.5-2.5 s for 100k articles, 555 MB), so
it runs only on small files; large ones get the cheap checks (header magic and size, schema,
the rightmost page of each table); damage found later surfaces as StoreError and leaves a marker
so the next open checks every page.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tui.store.errors import StoreError
from tui.store.schema import OUR_TABLES, SCHEMA_VERSION, refuse_newer, user_version

MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
WAL_CHECKPOINT_PAGES = 10_000
QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024  # ~35 ms of checking at most
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(error: sqlite3.Error) -> bool:
    """Whether an sqlite3 error means the file is damaged (not merely busy or unreadable)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    if readonly:
        target, uri = f"{path.resolve().as_uri()}?mode=ro", True
    else:
        target, uri = str(path), False
    connection = sqlite3.connect(
        target,
        uri=uri,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def configure(connection: sqlite3.Connection, *, readonly: bool) -> None:
    if readonly:
        connection.execute("PRAGMA query_only = 1")
    else:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        # Copy the WAL back every 10,000 pages (40 MB), not 1,000: pages that successive feeds'
        # saves rewrite (index leaves, search-index segments being merged) are copied once.
        # Measured at 100k articles: commit 7.2 → 3.5 ms per 50-article feed.
        connection.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA temp_store = MEMORY")  # prune's small temp table, sorts


def header_problem(path: Path) -> str | None:
    """What is wrong with the file, judged from its header bytes; None when it looks fine.

    Raises StoreError when the header names a newer schema: such a file is not even opened.
    """
    size = path.stat().st_size
    if size == 0:
        return None
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(MAGIC):
        return "not an SQLite database"
    refuse_newer(int.from_bytes(header[60:64], "big"), path)  # PRAGMA user_version's bytes
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = pages > 0 and header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    # With a WAL holding frames, an interrupted checkpoint may legitimately leave the file short.
    wal_has_frames = wal.exists() and wal.stat().st_size > 0
    if size_is_valid and not wal_has_frames and pages * page_size > size:
        return f"truncated ({size} bytes, the header says {pages * page_size})"
    return None


def check(connection: sqlite3.Connection, path: Path) -> str | None:
    """Why the open database is damaged, or None when it is usable (cheap checks, see above).

    Raises StoreError for a file we must not touch (newer schema) or cannot read at all.
    """
    try:
        version = user_version(connection)
        refuse_newer(version, path)
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if version == 0 and names:
            raise StoreError(f"{path} is an SQLite database but not berita's; not touched")
        for table in OUR_TABLES:
            if table in names:
                connection.execute(f"SELECT max(rowid) FROM {table}").fetchone()
        if 0 < version <= SCHEMA_VERSION and not set(OUR_TABLES) <= names:
            return "tables are missing"
        marker = damage_marker(path)
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES or marker.exists():
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
            marker.unlink(missing_ok=True)
            if verdict != "ok":
                return verdict
    except sqlite3.Error as error:
        if is_damage(error):
            return str(error)
        raise StoreError(f"cannot read {path}: {error}") from error
    return None


def damage_marker(path: Path) -> Path:
    """A file whose presence makes the next open check every page of `path`.

    Left when a query ran into damage the cheap checks on open cannot see.
    """
    return path.with_name(path.name + ".check")


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file (and its -wal/-shm) to `<name>.corrupt-<timestamp>`; never delete."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm", "-journal"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(f"{path} is damaged and could not be moved aside: {error}") from error
    return aside
