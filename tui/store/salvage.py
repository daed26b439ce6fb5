"""Copying what can still be read out of a damaged database into a fresh one.

The old file is only ever read. Each table is read whole, else in rowid ranges, halving a range
that fails down to single rows, so one bad page costs only the rows on it; a value that cannot
be decoded costs only its row. When the schema cannot be read (a damaged first page, a torn
file) or copying lost rows, the file's pages are also scanned one by one (`recover.py`, what
SQLite's `.recover` does) and the rows found there are merged by id. Feeds saved this way
forget their validators, so the next fetch brings back whatever their servers still carry.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.store import recover
from tui.store.opening import connect

# Parents before children, so ids copied verbatim keep every reference valid.
TABLE_ORDER = ("sources", "feeds", "articles", "article_feeds", "reading", "settings")
_CHUNK = 512
_GIVE_UP_AFTER = _CHUNK * 8  # rowids past the last readable row, when the highest is unknown
_PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
_MAGIC = b"SQLite format 3\x00"


@dataclass
class SalvageReport:
    """What was saved from a damaged database, in numbers a person can check."""

    copied: dict[str, int] = field(default_factory=dict)  # rows per table read the normal way
    recovered: dict[str, int] = field(default_factory=dict)  # rows found only by the page scan
    lost_rows: bool = False  # some rows could not be read the normal way
    problem: str | None = None  # what was wrong with the file
    feeds: int = 0
    articles: int = 0
    read: int = 0
    starred: int = 0

    def summary(self) -> str:
        return (
            f"saved {self.feeds} feeds, {self.articles} articles, {self.read} read and "
            f"{self.starred} starred marks"
        )


def salvage(old_path: Path, new: sqlite3.Connection) -> SalvageReport:
    """Copy readable rows from the file at `old_path` into `new` and report what was saved."""
    report = SalvageReport()
    new.execute("PRAGMA foreign_keys = OFF")
    new.execute("BEGIN IMMEDIATE")
    try:
        copied_ids: dict[str, set[int]] = {table: set() for table in TABLE_ORDER}
        with _readable(old_path) as old:
            if old is None:
                report.lost_rows = True
            else:
                for table in TABLE_ORDER:
                    count, lossy = _copy_table(old, new, table, copied_ids[table])
                    report.copied[table] = count
                    report.lost_rows |= lossy
        if report.lost_rows:
            report.recovered = _merge_scanned(old_path, new, copied_ids)
        _repair_references(new)
        _forget_validators(new)
        report.feeds, report.articles, report.read, report.starred = new.execute(
            "SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM articles),"
            " (SELECT count(*) FROM reading WHERE read = 1),"
            " (SELECT count(*) FROM reading WHERE starred = 1)"
        ).fetchone()
        new.execute("COMMIT")
    except BaseException:
        new.execute("ROLLBACK")
        raise
    finally:
        new.execute("PRAGMA foreign_keys = ON")
    return report


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
    except sqlite3.Error:
        return None
    connection.text_factory = bytes  # decoded per row: one bad value costs one row
    try:
        connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'feeds'").fetchone()
    except sqlite3.Error:
        connection.close()
        return None
    return connection


def _open_with_new_header(path: Path, copy: Path) -> sqlite3.Connection | None:
    """Read through a copy with a rebuilt header, for a file whose header was lost or torn.

    Page 1 keeps the schema table just after the header, so the rest is usually intact. The
    copy is padded to whole pages and its header's page count cleared (SQLite then counts the
    file), which lets a torn file be read up to the tear. The original header is tried first,
    then a template for each plausible page size, until the schema reads.
    """
    shutil.copyfile(path, copy)
    size = copy.stat().st_size
    with copy.open("rb") as file:
        original = file.read(100)
    headers: list[tuple[int, bytes]] = []
    if original.startswith(_MAGIC) and len(original) == 100:
        raw = int.from_bytes(original[16:18], "big")
        page_size = 65536 if raw == 1 else raw
        if page_size >= 512 and page_size & (page_size - 1) == 0:
            headers.append((page_size, original[:28] + bytes(4) + original[32:]))
    headers += [(page, _template_header(page)) for page in _PAGE_SIZES if size >= 2 * page]
    for page_size, header in headers:
        with copy.open("r+b") as file:
            file.truncate(-(-size // page_size) * page_size)
            file.write(header)
        connection = _try_open(copy)
        if connection is None:
            continue
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error:
            tables = set()
        if b"feeds" in tables:
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
    assert header.startswith(_MAGIC)
    header[28:32] = (0).to_bytes(4, "big")  # size unknown: SQLite then uses the file's size
    return bytes(header)


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [
        row[1].decode() if isinstance(row[1], bytes) else row[1]
        for row in connection.execute(f"PRAGMA table_info({table})")
    ]


def _copy_table(
    old: sqlite3.Connection, new: sqlite3.Connection, table: str, ids: set[int]
) -> tuple[int, bool]:
    """Copy a table's readable rows; returns how many, and whether any could not be read."""
    try:
        old_columns = set(_columns(old, table))
    except sqlite3.Error:
        return 0, True
    columns = [name for name in _columns(new, table) if name in old_columns]
    if not columns:
        return 0, True
    names = ", ".join(columns)
    # reading rows already exist (a trigger adds one per article): the old ones replace them.
    verb = "INSERT OR REPLACE" if table == "reading" else "INSERT OR IGNORE"
    insert = f"{verb} INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    reader = _RowReader(old, f"SELECT rowid, {names} FROM {table}")
    copied = 0
    for rows in reader.rows():
        decoded = [row for row in map(_decoded, rows) if row is not None]
        reader.lossy |= len(decoded) < len(rows)
        new.executemany(insert, [row[1:] for row in decoded])
        ids.update(row[0] for row in decoded)
        copied += len(decoded)
    return copied, reader.lossy


def _decoded(row: tuple) -> tuple | None:
    """The row with its text decoded, or None when a value is not valid UTF-8 (damage)."""
    try:
        return tuple(value.decode("utf-8") if isinstance(value, bytes) else value for value in row)
    except UnicodeDecodeError:
        return None


class _RowReader:
    """Reads a table whole, else in rowid ranges, halving a failing range down to single rows."""

    def __init__(self, old: sqlite3.Connection, select: str) -> None:
        self.old = old
        self.select = select
        self.lossy = False

    def rows(self) -> Iterator[list[tuple]]:
        try:
            everything = self.old.execute(self.select).fetchall()
        except sqlite3.Error:
            self.lossy = True
        else:
            yield everything
            return
        try:
            table = self.select.rsplit(" FROM ", 1)[1]
            highest = self.old.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        except sqlite3.Error:
            highest = None  # the rightmost pages are gone: sweep until a long run of nothing
        start = last_found = 0
        while start <= (highest if highest is not None else last_found + _GIVE_UP_AFTER):
            for rows in self._range(start, start + _CHUNK):
                if rows:
                    last_found = start
                    yield rows
            start += _CHUNK

    def _range(self, low: int, high: int) -> Iterator[list[tuple]]:
        """The readable rows with rowid in [low, high); rows before a bad page are kept."""
        rows: list[tuple] = []
        try:
            for row in self.old.execute(
                f"{self.select} WHERE rowid >= ? AND rowid < ? ORDER BY rowid", (low, high)
            ):
                rows.append(row)
        except sqlite3.Error:
            failed = True
        else:
            failed = False
        if rows:
            yield rows
        if not failed:
            return
        start = rows[-1][0] + 1 if rows else low
        if high - start <= 1:
            return
        middle = (start + high) // 2
        yield from self._range(start, middle)
        yield from self._range(middle, high)


def _merge_scanned(
    old_path: Path, new: sqlite3.Connection, copied_ids: dict[str, set[int]]
) -> dict[str, int]:
    """Add the rows a page-by-page scan finds and the normal copy missed, by id."""
    found = recover.scan(old_path)
    merged: dict[str, int] = {}
    for table in TABLE_ORDER:
        columns = recover.COLUMNS[table]
        have = copied_ids[table]
        rows = [(rowid, values) for rowid, values in found.get(table, ()) if rowid not in have]
        if not rows:
            continue
        verb = "INSERT OR REPLACE" if table == "reading" else "INSERT OR IGNORE"
        insert = (
            f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        added = 0
        for rowid, values in rows:
            try:
                added += new.execute(insert, values).rowcount
            except sqlite3.IntegrityError:
                continue  # a record that only looked like one of ours
            have.add(rowid)
        if added:
            merged[table] = added
    return merged


def _repair_references(new: sqlite3.Connection) -> None:
    """Drop rows whose parents were lost; give every article its reading row and sort keys.

    Reading rows are never dropped while their article survives.
    """
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


def _forget_validators(new: sqlite3.Connection) -> None:
    """Salvaged feeds fetch in full next time, so articles lost with the damage come back."""
    new.execute(
        "UPDATE feeds SET etag = NULL, last_modified = NULL, body_hash = NULL,"
        " retry_at = NULL, failures = 0"
    )
