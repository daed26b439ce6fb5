"""Rows read straight from a damaged database file's pages, as SQLite's `.recover` does.

Used by salvage when the schema cannot be read (a damaged first page, a torn file) or the
normal copy lost rows. Every page is looked at on its own: each table leaf page's cells are
decoded (following overflow chains), and each record is matched to one of berita's tables by
its number of values and their types. The WAL beside the file, when there is one, is laid
over the pages first (committed frames of its current generation only), and pages on the free
list are skipped, so deleted rows do not come back. Python's sqlite3 does not expose SQLite's
recovery extension, hence this reader of the documented file format (sqlite.org/fileformat2).
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Each table's columns as the current schema has them, in order: (name, type, not null, default
# or alias). "alias" marks INTEGER PRIMARY KEY: the record stores NULL and the rowid is the value.
_ALIAS = "alias"
Column = tuple[str, str, bool, Any]
LAYOUT: dict[str, tuple[Column, ...]] = {
    "sources": (("id", "INTEGER", True, _ALIAS), ("name", "TEXT", True, None),
                ("home", "TEXT", False, None)),
    "feeds": (
        ("id", "INTEGER", True, _ALIAS), ("source_id", "INTEGER", True, None),
        ("section", "TEXT", True, None), ("url", "TEXT", True, None),
        ("origin", "TEXT", True, None), ("active", "INTEGER", True, 1),
        ("full_text", "INTEGER", True, 0), ("fetch_pages", "INTEGER", True, 1),
        ("etag", "TEXT", False, None), ("last_modified", "TEXT", False, None),
        ("body_hash", "TEXT", False, None), ("failures", "INTEGER", True, 0),
        ("retry_at", "REAL", False, None), ("fetch_serial", "INTEGER", True, 0),
        ("last_at", "REAL", False, None), ("last_status", "INTEGER", False, None),
        ("last_new", "INTEGER", False, None), ("last_updated", "INTEGER", False, None),
        ("last_seen", "INTEGER", False, None), ("last_error", "TEXT", False, None),
        ("last_not_modified", "INTEGER", False, None), ("last_dropped", "INTEGER", True, 0),
        ("last_note", "TEXT", False, None),
    ),
    "articles": (
        ("id", "INTEGER", True, _ALIAS), ("source_id", "INTEGER", True, None),
        ("feed_id", "INTEGER", True, None), ("guid", "TEXT", True, None),
        ("link", "TEXT", False, None), ("title", "TEXT", True, None),
        ("published", "INTEGER", True, None), ("published_known", "INTEGER", True, None),
        ("first_seen", "INTEGER", True, None), ("updated_at", "REAL", True, None),
        ("author", "TEXT", False, None), ("categories", "TEXT", True, "[]"),
        ("summary", "TEXT", True, ""), ("content_html", "TEXT", True, ""),
        ("body_text", "TEXT", True, ""), ("image_url", "TEXT", False, None),
        ("image_caption", "TEXT", False, None), ("image_credit", "TEXT", False, None),
        ("reporter", "TEXT", False, None), ("editor", "TEXT", False, None),
        ("publisher", "TEXT", False, None), ("photographer", "TEXT", False, None),
        ("comments", "INTEGER", False, None), ("view_count", "INTEGER", False, None),
        ("full_text", "TEXT", False, None), ("full_text_error", "TEXT", False, None),
        ("full_text_at", "REAL", False, None),
    ),
    "article_feeds": (
        ("article_id", "INTEGER", True, None), ("feed_id", "INTEGER", True, None),
        ("last_seen_fetch", "INTEGER", True, None), ("published", "INTEGER", True, 0),
        ("first_seen", "INTEGER", True, 0),
    ),
    "reading": (
        ("article_id", "INTEGER", True, _ALIAS), ("read", "INTEGER", True, 0),
        ("read_count", "INTEGER", True, 0), ("first_read_at", "REAL", False, None),
        ("last_read_at", "REAL", False, None), ("starred", "INTEGER", True, 0),
        ("published", "INTEGER", True, 0),
    ),
    "settings": (("key", "TEXT", True, None), ("value", "TEXT", True, None)),
}  # fmt: skip
# Columns added by later migrations (ALTER TABLE … ADD COLUMN): older rows' records lack them.
_ADDED_LATER = {"reading": 1, "article_feeds": 2, "feeds": 2}
COLUMNS = {table: tuple(column[0] for column in layout) for table, layout in LAYOUT.items()}

_LEAF_TABLE = 0x0D
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_MAX_OVERFLOW_PAGES = 4096


def scan(path: Path) -> dict[str, list[tuple[int, tuple[Any, ...]]]]:
    """Every record on the file's table pages that fits one of berita's tables, by table.

    Each row is (rowid, values in COLUMNS order, missing trailing columns filled with their
    defaults). A rowid met twice keeps its first sighting.
    """
    found: dict[str, dict[int, tuple[Any, ...]]] = {table: {} for table in LAYOUT}
    try:
        pages = _Pages(path)
    except (OSError, ValueError):
        return {}
    with pages:
        for number in range(1, pages.count + 1):
            if number in pages.free:
                continue
            for rowid, values in _leaf_records(pages, number):
                table = _table_of(values)
                if table is not None:
                    found[table].setdefault(rowid, _filled(table, rowid, values))
    return {table: sorted(rows.items()) for table, rows in found.items() if rows}


class _Pages:
    """The file's pages by number, with the WAL's committed frames laid over them."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        try:
            size = path.stat().st_size
            if size < 512:
                raise ValueError("too small to hold a page")
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        except BaseException:
            self._file.close()
            raise
        header = self._map[:100]
        self.size = _page_size(header, size)
        reserved = header[20] if header.startswith(b"SQLite format 3\x00") else 0
        self.usable = self.size - reserved
        self.count = size // self.size
        self.overlay = _wal_frames(path.with_name(path.name + "-wal"), self.size)
        if self.overlay:
            self.count = max(self.count, max(self.overlay))
        self.free = self._free_list(header)

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._map.close()
        self._file.close()

    def page(self, number: int) -> bytes | None:
        if number in self.overlay:
            return self.overlay[number]
        start = (number - 1) * self.size
        if number < 1 or start + self.size > len(self._map):
            return None
        return self._map[start : start + self.size]

    def _free_list(self, header: bytes) -> set[int]:
        """Pages on the free list (trunks and leaves); empty when the header is unreadable."""
        free: set[int] = set()
        if not header.startswith(b"SQLite format 3\x00"):
            return free
        trunk = int.from_bytes(header[32:36], "big")
        while 0 < trunk <= self.count and trunk not in free:
            free.add(trunk)
            data = self.page(trunk)
            if data is None:
                break
            leaves = min(int.from_bytes(data[4:8], "big"), (self.usable - 8) // 4)
            for index in range(leaves):
                free.add(int.from_bytes(data[8 + 4 * index : 12 + 4 * index], "big"))
            trunk = int.from_bytes(data[0:4], "big")
        return free


def _page_size(header: bytes, file_size: int) -> int:
    if header.startswith(b"SQLite format 3\x00"):
        raw = int.from_bytes(header[16:18], "big")
        size = 65536 if raw == 1 else raw
        if size >= 512 and size & (size - 1) == 0:
            return size
    for size in (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512):
        if file_size % size == 0:
            return size
    return 4096


def _wal_frames(wal: Path, page_size: int) -> dict[int, bytes]:
    """Pages as the WAL's last committed transaction leaves them (salts must match)."""
    try:
        data = wal.read_bytes()
    except OSError:
        return {}
    if len(data) < 32:
        return {}
    magic, _version, size, _sequence, salt1, salt2 = struct.unpack(">6I", data[:24])
    if magic not in _WAL_MAGIC or size != page_size:
        return {}
    committed: dict[int, bytes] = {}
    pending: dict[int, bytes] = {}
    offset = 32
    while offset + 24 + page_size <= len(data):
        number, commit, frame_salt1, frame_salt2 = struct.unpack(">4I", data[offset : offset + 16])
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            break
        pending[number] = data[offset + 24 : offset + 24 + page_size]
        if commit:
            committed.update(pending)
            pending = {}
        offset += 24 + page_size
    return committed


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    """A big-endian varint of up to 9 bytes; returns (value, offset after it)."""
    value = 0
    for index in range(8):
        byte = data[offset + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + index + 1
    return (value << 8) | data[offset + 8], offset + 9


def _leaf_records(pages: _Pages, number: int) -> Iterator[tuple[int, list[Any]]]:
    data = pages.page(number)
    if data is None:
        return
    start = 100 if number == 1 else 0
    if data[start] != _LEAF_TABLE:
        return
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    usable = pages.usable
    for index in range(min(cells, usable // 4)):
        pointer_at = start + 8 + 2 * index
        pointer = int.from_bytes(data[pointer_at : pointer_at + 2], "big")
        try:
            payload, rowid = _cell(pages, data, pointer, usable)
            values = _record(payload)
        except (IndexError, ValueError, UnicodeDecodeError, struct.error):
            continue  # a damaged cell costs only itself
        if values is not None:
            yield rowid, values


def _cell(pages: _Pages, data: bytes, pointer: int, usable: int) -> tuple[bytes, int]:
    if not 8 <= pointer < usable:
        raise ValueError("cell outside the page")
    size, offset = _varint(data, pointer)
    rowid, offset = _varint(data, offset)
    if rowid >= 1 << 63:
        rowid -= 1 << 64
    most = usable - 35
    if size <= most:
        local = size
    else:
        least = (usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (usable - 4)
        if local > most:
            local = least
    payload = bytearray(data[offset : offset + local])
    if len(payload) != local:
        raise ValueError("cell runs past the page")
    if local < size:
        next_page = int.from_bytes(data[offset + local : offset + local + 4], "big")
        hops = 0
        while len(payload) < size:
            hops += 1
            overflow = pages.page(next_page) if hops <= _MAX_OVERFLOW_PAGES else None
            if overflow is None:
                raise ValueError("overflow chain broken")
            payload += overflow[4 : min(usable, 4 + size - len(payload))]
            next_page = int.from_bytes(overflow[0:4], "big")
    return bytes(payload), rowid


_FIXED = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8}


def _record(payload: bytes) -> list[Any] | None:
    header_size, offset = _varint(payload, 0)
    if not 1 <= header_size <= len(payload):
        return None
    types: list[int] = []
    while offset < header_size:
        serial, offset = _varint(payload, offset)
        types.append(serial)
    values: list[Any] = []
    body = header_size
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif serial in _FIXED:
            width = _FIXED[serial]
            chunk = payload[body : body + width]
            if len(chunk) != width:
                return None
            values.append(int.from_bytes(chunk, "big", signed=True))
            body += width
        elif serial >= 12:
            length = (serial - 12) // 2
            chunk = payload[body : body + length]
            if len(chunk) != length:
                return None
            values.append(chunk.decode("utf-8") if serial % 2 else bytes(chunk))
            body += length
        else:
            return None
    return values


def _table_of(values: list[Any]) -> str | None:
    matches = [table for table, layout in LAYOUT.items() if _fits(table, layout, values)]
    return matches[0] if len(matches) == 1 else None


def _fits(table: str, layout: tuple[Column, ...], values: list[Any]) -> bool:
    if not len(layout) - _ADDED_LATER.get(table, 0) <= len(values) <= len(layout):
        return False
    for (_name, kind, not_null, default), value in zip(layout, values, strict=False):
        if default == _ALIAS:
            if value is not None:
                return False
        elif value is None:
            if not_null:
                return False
        elif kind == "INTEGER":
            if not isinstance(value, int):
                return False
        elif kind == "REAL":
            if not isinstance(value, int | float):
                return False
        elif not isinstance(value, str):
            return False
    return True


def _filled(table: str, rowid: int, values: list[Any]) -> tuple[Any, ...]:
    layout = LAYOUT[table]
    pairs = zip(layout, values, strict=False)
    filled = [rowid if column[3] == _ALIAS else value for column, value in pairs]
    filled.extend(column[3] for column in layout[len(values) :])
    return tuple(filled)
