"""Opening the database file: permissions, damage checks, refusing newer schemas, setting aside.

The database file is only ever opened by SQLite. On POSIX, closing *any* descriptor of a file
drops every lock the process holds on it; a header read with Python's own file I/O while a
connection was open let another berita believe it was the last user, checkpoint and delete the
WAL under a writer (SQLite's "How To Corrupt An SQLite Database File", section 2.2). So every
check here goes through a connection or `os.stat`, and a file this process already has open is
not checked again (the first opening checked it).

A full `PRAGMA quick_check` reads every page (measured 1.5-2.5 s for 100k articles, 555 MB), so
it runs only on small files; large ones get the cheap checks (schema, page count against the
file's size, the rightmost page of each table); damage found later surfaces as StoreError and
leaves a marker so the next open checks every page.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from tui.store.errors import StoreError
from tui.store.schema import OUR_TABLES, SCHEMA_VERSION, migrate, refuse_newer, user_version

BUSY_TIMEOUT_MS = 5000
WAL_CHECKPOINT_PAGES = 10_000
QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024  # ~35 ms of checking at most
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_IOERR = 10
_UNDECODABLE = "could not decode"  # sqlite3's words for a TEXT value that is not UTF-8
COMPANIONS = ("-wal", "-shm", "-journal")

# Database files this process has open, by (device, inode), with how many connections.
_open_files: Counter[tuple[int, int]] = Counter()
_open_lock = threading.Lock()


def is_damage(error: sqlite3.Error) -> bool:
    """Whether an sqlite3 error means the file is damaged (not merely busy or unreadable)."""
    text = str(error).lower()
    if _UNDECODABLE in text:
        return True
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    return "malformed" in text or "not a database" in text


def connect(path: Path, *, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    if readonly:
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        target, uri = f"{path.resolve().as_uri()}?{query}", True
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


# -- which files this process has open ---------------------------------------------------------


def file_key(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def is_open_here(path: Path) -> bool:
    key = file_key(path)
    with _open_lock:
        return key is not None and _open_files[key] > 0


def note_opened(path: Path) -> tuple[int, int] | None:
    key = file_key(path)
    if key is not None:
        with _open_lock:
            _open_files[key] += 1
    return key


def note_closed(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _open_lock:
        _open_files[key] -= 1
        if _open_files[key] <= 0:
            del _open_files[key]


# -- what stands in the way of opening ----------------------------------------------------------


def refuse_unusable(path: Path) -> None:
    """StoreError, in one line naming the path and the cause, when the file cannot be used."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"cannot use the database {path}: {_reason(error)}") from error
    if stat.S_ISDIR(status.st_mode):
        raise StoreError(f"cannot use the database {path}: it is a directory, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(f"cannot use the database {path}: it is not a regular file")
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot read the database {path}: {_permission_words(path, status)}")


def why_not_writable(path: Path) -> str | None:
    """Why this process cannot write the database (or create it), or None when it can."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable ({_mode_words(folder)})"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is not writable ({_mode_words(path)})"
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists() and not os.access(companion, os.W_OK):
            return f"{companion} is not writable ({_mode_words(companion)})"
    return None


def _permission_words(path: Path, status: os.stat_result) -> str:
    return f"permission denied ({_mode_words(path, status)})"


def _mode_words(path: Path, status: os.stat_result | None = None) -> str:
    try:
        status = status or path.stat()
    except OSError as error:
        return _reason(error)
    words = f"mode {stat.S_IMODE(status.st_mode):03o}"
    if status.st_uid != os.geteuid():
        words += f", owned by uid {status.st_uid}, you are uid {os.geteuid()}"
    return words


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def describe_open_error(path: Path, error: sqlite3.Error, *, wal_was_missing: bool = False) -> str:
    """One line saying why SQLite could not open or read the file, with what to do."""
    code = getattr(error, "sqlite_errorcode", 0) or 0
    if (code & 0xFF) == _IOERR and (wal_was_missing or stale_index(path)):
        holders = holders_of(path)
        who = f" (held by process {', '.join(map(str, holders))})" if holders else ""
        return (
            f"cannot read the database {path}: its {path.name}-wal was deleted while another "
            f"program still has it open{who}; quit every berita and run it again"
        )
    if (code & 0xFF) == _IOERR:
        return f"cannot read the database {path}: disk I/O error ({error})"
    return f"cannot open the database {path}: {error}"


def has_companions(path: Path) -> bool:
    return any(path.with_name(path.name + suffix).exists() for suffix in COMPANIONS)


def stale_index(path: Path) -> bool:
    """A -shm whose -wal is gone: left by a crash, or by someone deleting the WAL."""
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    return shm.exists() and not wal.exists()


def remove_stale_index(path: Path) -> bool:
    """Delete a -shm whose -wal is gone, when no process has the database open; True if done.

    While some process has the database open its -shm is live and must stay: it is looked for
    in /proc (Linux); where /proc cannot tell, nothing is removed.
    """
    if not stale_index(path) or is_open_here(path):
        return False
    holders = holders_of(path)
    if holders is None or holders:
        return False
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + "-shm").unlink()
    return True


def holders_of(path: Path) -> list[int] | None:
    """Other processes with the database or its -shm open, from /proc; None where unknown."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return None
    wanted = {str(path.resolve()), str(path.resolve()) + "-shm"}
    found: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            targets = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if targets & wanted:
            found.append(int(entry.name))
    return found


# -- damage -------------------------------------------------------------------------------------


def check(
    connection: sqlite3.Connection, path: Path, *, wal_was_missing: bool = False
) -> str | None:
    """Why the open database is damaged, or None when it is usable (cheap checks, see above).

    Raises StoreError for a file we must not touch (newer schema, another program's) or cannot
    read at all. Reads only: a refused file is left exactly as it was.
    """
    try:
        size = path.stat().st_size
        if size == 0 and not _wal_has_frames(path):
            return "the file is empty (0 bytes): a crash or a full disk can leave it so"
        version = user_version(connection)
        refuse_newer(version, path)
        truncated = _truncation(connection, path, size)
        if truncated is not None:
            return truncated
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if version == 0 and names:
            raise StoreError(f"{path} is an SQLite database but not berita's; not touched")
        for table in OUR_TABLES:
            if table in names:
                connection.execute(f"SELECT max(rowid) FROM {table}").fetchone()
        if 0 < version <= SCHEMA_VERSION and not set(OUR_TABLES) <= names:
            return "tables are missing"
        marker = damage_marker(path)
        if size <= QUICK_CHECK_MAX_BYTES or marker.exists():
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":
                return str(verdict)
            reason = _marker_reason(marker)
            if reason and _UNDECODABLE in reason.lower():
                return reason  # text that is not UTF-8 passes quick_check, yet cannot be read
            marker.unlink(missing_ok=True)
    except sqlite3.Error as error:
        if is_damage(error):
            return _torn(connection, path) or str(error)
        raise StoreError(
            describe_open_error(path, error, wal_was_missing=wal_was_missing)
        ) from error
    return None


def _torn(connection: sqlite3.Connection, path: Path) -> str | None:
    """Words for a file whose size is not a whole number of pages (cut off mid-write)."""
    try:
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        size = path.stat().st_size
    except (sqlite3.Error, OSError):
        return None
    if size % page_size and not _wal_has_frames(path):
        return f"truncated ({size} bytes, not a whole number of {page_size}-byte pages)"
    return None


def _truncation(connection: sqlite3.Connection, path: Path, size: int) -> str | None:
    if _wal_has_frames(path):
        return None  # an interrupted checkpoint may legitimately leave the file short
    page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
    if pages * page_size > size or size % page_size:
        return f"truncated ({size} bytes, {pages} pages of {page_size} expected)"
    return None


def _wal_has_frames(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 32
    except OSError:
        return False


def damage_marker(path: Path) -> Path:
    """A file whose presence makes the next open check every page of `path`.

    Left when a query ran into damage the cheap checks on open cannot see; it holds the error.
    """
    return path.with_name(path.name + ".check")


def leave_damage_marker(path: Path, reason: str) -> None:
    with contextlib.suppress(OSError):
        damage_marker(path).write_text(reason[:2000], encoding="utf-8")


def _marker_reason(marker: Path) -> str | None:
    try:
        return marker.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


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
        for suffix in COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(f"{path} is damaged and could not be moved aside: {error}") from error
    damage_marker(path).unlink(missing_ok=True)
    return aside


def set_aside_orphans(path: Path, now: datetime | None = None) -> Path | None:
    """A -wal or -journal without its database (deleted, or lost in a crash): moved aside.

    Left in place, SQLite would read a WAL of another database's pages into the new file.
    Returns where the -wal went, or None when there was nothing to move.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    moved = None
    for suffix in ("-wal", "-journal"):
        orphan = path.with_name(path.name + suffix)
        if orphan.exists():
            target = orphan.with_name(f"{orphan.name}.orphan-{stamp}")
            try:
                os.replace(orphan, target)
            except OSError as error:
                raise StoreError(f"cannot move the stray {orphan} aside: {error}") from error
            moved = moved or target
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    return moved


def create(path: Path) -> bool:
    """Create the database whole, or find that another process just did; True if we made it.

    The schema is built in a file of our own and linked into place, so no process ever sees a
    half-made or empty database at `path`, and an empty file there always means damage.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}-{threading.get_ident()}")
    for name in (temporary, *(temporary.with_name(temporary.name + s) for s in COMPANIONS)):
        name.unlink(missing_ok=True)
    connection = connect(temporary, readonly=False)
    try:
        configure(connection, readonly=False)
        migrate(connection, temporary)
    finally:
        connection.close()  # checkpoints and removes the temporary's -wal and -shm
    try:
        os.link(temporary, path)
        made = True
    except FileExistsError:
        made = False
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise StoreError(f"cannot create the database {path}: {_reason(error)}") from error
        made = _create_without_links(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return made


def _create_without_links(temporary: Path, path: Path) -> bool:
    """For file systems without hard links: claim the name, then move the database over it."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    os.close(descriptor)  # no connection to `path` exists yet in this process
    os.replace(temporary, path)
    return True
