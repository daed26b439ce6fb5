"""The Store: one SQLite file shared by the TUI (reading) and `berita fetch` (writing).

Every write is one `BEGIN IMMEDIATE` transaction: a transaction that started as a read and then
writes fails at once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout, while IMMEDIATE waits
its turn. WAL mode lets readers go on while a writer commits; a kill -9 at any instant leaves
either the whole transaction or none of it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from tui.model import (
    Article,
    Credits,
    Feed,
    FeedSpec,
    FetchOutcome,
    Headline,
    HeadlineFilter,
    Image,
    ParsedFeed,
    SectionCount,
    TrendingInput,
)
from tui.store import ingest, opening, queries, subscriptions
from tui.store.errors import StoreError
from tui.store.rows import optional_moment, seconds, whole_seconds
from tui.store.salvage import SalvageReport, salvage
from tui.store.schema import SCHEMA_VERSION, migrate, refuse_newer, user_version

_NO_FILTER = HeadlineFilter()


class Store:
    """The local cache of subscriptions, articles and reading state. Thread-safe (one lock)."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, *, readonly: bool, set_aside: Path | None
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.set_aside = set_aside
        self._connection = connection
        self._lock = threading.RLock()
        self._closed = False
        self._file_key = opening.note_opened(path)
        self.readonly_reason: str | None = None  # why a store meant to be writable is not
        self.salvaged: SalvageReport | None = None  # what was saved when damage was set aside
        self.orphan: Path | None = None  # a -wal found without its database, moved here

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> Store:
        """Open (or create) the store; read-only when asked, or when the files cannot be written.

        Every failure is a StoreError naming the path and the cause. `readonly_reason` says why
        a store asked to be writable opened read-only.
        """
        path = Path(path)
        opening.refuse_unusable(path)
        try:
            if readonly:
                return cls._open_readonly(path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"cannot create the folder for the database {path}: {error.strerror or error}"
                ) from error
            reason = opening.why_not_writable(path)
            if reason is not None:
                if not path.exists():
                    raise StoreError(f"cannot create the database {path}: {reason}")
                store = cls._open_readonly(path)
                store.readonly_reason = reason
                return store
            return cls._open_writable(path)
        except sqlite3.Error as error:
            raise StoreError(opening.describe_open_error(path, error)) from error

    @classmethod
    def _open_readonly(cls, path: Path) -> Store:
        if not path.is_file():
            raise StoreError(f"no database at {path} (read-only: cannot create one)")
        if not opening.has_companions(path):
            # Nobody has it open, and a refused file must be left as it was: look without
            # creating the -wal and -shm a read-only connection cannot remove again.
            probe = opening.connect(path, readonly=True, immutable=True)
            try:
                refuse_newer(user_version(probe), path)
            except sqlite3.Error:
                pass  # judged below, by an ordinary connection
            finally:
                probe.close()
        connection = cls._connect_retrying(path, readonly=True)
        try:
            version = user_version(connection)
            refuse_newer(version, path)
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{path} has schema {version} and needs upgrading to {SCHEMA_VERSION}, "
                    "which a read-only berita cannot do; run berita once with write access"
                )
            opening.configure(connection, readonly=True)
        except sqlite3.Error as error:
            connection.close()
            if opening.is_damage(error):
                raise StoreError(
                    f"{path} is damaged ({error}); open it with write access to salvage it"
                ) from error
            raise
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, readonly=True, set_aside=None)

    @classmethod
    def _open_writable(cls, path: Path) -> Store:
        aside = orphan = None
        salvaged: SalvageReport | None = None
        if opening.is_open_here(path):
            # Already opened and checked by this process; checking again could only do harm.
            connection = opening.connect(path, readonly=False)
            problem = None
        else:
            if not path.exists():
                orphan = opening.set_aside_orphans(path)
                opening.create(path)
            wal_was_missing = opening.stale_index(path)
            connection = cls._connect_retrying(path, readonly=False)
            try:
                problem = opening.check(connection, path, wal_was_missing=wal_was_missing)
            except BaseException:
                connection.close()
                raise
        try:
            if problem is not None:
                connection.close()
                aside = opening.set_aside(path)
                opening.create(path)
                connection = opening.connect(path, readonly=False)
            opening.configure(connection, readonly=False)
            migrate(connection, path)
            if aside is not None:
                salvaged = salvage(aside, connection)
                salvaged.problem = problem
        except BaseException:
            connection.close()
            raise
        store = cls(path, connection, readonly=False, set_aside=aside)
        store.salvaged = salvaged
        store.orphan = orphan
        return store

    @staticmethod
    def _connect_retrying(path: Path, *, readonly: bool) -> sqlite3.Connection:
        """Connect and read the schema version, mending what a crash can leave in the way.

        A -shm whose -wal was deleted makes every read fail ("disk I/O error"); when no process
        has the database open, the stale -shm is removed and the open tried again. A read-only
        folder with no -shm yet can only be read as an immutable file.
        """
        immutable = mended = False
        wal_was_missing = opening.stale_index(path)  # before SQLite creates an empty one
        while True:
            connection = opening.connect(path, readonly=readonly, immutable=immutable)
            try:
                user_version(connection)
                return connection
            except sqlite3.Error as error:
                connection.close()
                if not mended and opening.remove_stale_index(path):
                    mended = True
                    continue
                folder_is_readonly = not os.access(path.parent, os.W_OK)
                if readonly and folder_is_readonly and not immutable:
                    immutable = True
                    continue
                if opening.is_damage(error):
                    return opening.connect(path, readonly=readonly, immutable=immutable)
                raise StoreError(
                    opening.describe_open_error(path, error, wal_was_missing=wal_was_missing)
                ) from error

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._connection.close()
            opening.note_closed(self._file_key)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            why = f" ({self.readonly_reason})" if self.readonly_reason else ""
            raise StoreError(f"{self.path} is open read-only{why}; cannot change it")
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._error(error) from error
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._error(error) from error
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection
            except sqlite3.Error as error:
                raise self._error(error) from error

    def _error(self, error: sqlite3.Error) -> StoreError:
        if opening.is_damage(error):
            opening.leave_damage_marker(self.path, str(error))
            return StoreError(
                f"the database {self.path} is damaged ({error}); restart berita to set it aside "
                "and salvage what can be read"
            )
        return StoreError(f"database {self.path}: {error}")

    # -- subscriptions -------------------------------------------------------------------------

    def sync_feeds(self, specs: Iterable[FeedSpec]) -> None:
        specs = list(specs)
        with self._write() as connection:
            for spec in specs:
                subscriptions.upsert_feed(connection, spec, origin="config")
            subscriptions.deactivate_unlisted(connection, [spec.url for spec in specs])

    def add_feed(self, spec: FeedSpec) -> Feed:
        with self._write() as connection:
            feed_id = subscriptions.upsert_feed(connection, spec, origin="added")
            found = subscriptions.one_feed(connection, feed_id)
        assert found is not None
        return found

    def feeds(self, *, section: str | None = None, include_inactive: bool = False) -> list[Feed]:
        with self._read() as connection:
            return subscriptions.list_feeds(
                connection, section=section, include_inactive=include_inactive
            )

    def feed(self, feed_id: int) -> Feed | None:
        with self._read() as connection:
            return subscriptions.one_feed(connection, feed_id)

    # -- refresh results -----------------------------------------------------------------------

    def save_fetch(
        self,
        feed_id: int,
        parsed: ParsedFeed | None,
        outcome: FetchOutcome,
        *,
        etag: str | None,
        last_modified: str | None,
        body_hash: str | None,
        failures: int,
        retry_at: datetime | None,
        now: datetime,
    ) -> FetchOutcome:
        with self._write() as connection:
            row = connection.execute(
                "SELECT source_id, fetch_serial FROM feeds WHERE id = ?", (feed_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no feed {feed_id} in {self.path}")
            source_id, serial = row
            if parsed is not None:
                serial += 1  # articles this fetch carried are linked with this number
                counts = ingest.save_entries(
                    connection,
                    feed_id=feed_id,
                    source_id=source_id,
                    serial=serial,
                    entries=parsed.entries,
                    now=now,
                )
                outcome = replace(
                    outcome,
                    new=counts.new,
                    updated=counts.updated,
                    seen=counts.seen,
                    note=parsed.note,
                )
                ingest.note_home(connection, source_id, parsed.link)
            ingest.record_fetch(
                connection,
                feed_id,
                serial=serial,
                outcome=outcome,
                etag=etag,
                last_modified=last_modified,
                body_hash=body_hash,
                failures=failures,
                retry_at=retry_at,
                items_dropped=None if parsed is None else parsed.items_dropped,
            )
        return outcome

    # -- reading -------------------------------------------------------------------------------

    def headlines(
        self, filter: HeadlineFilter = _NO_FILTER, *, offset: int = 0, limit: int = 100
    ) -> list[Headline]:
        with self._read() as connection:
            return queries.headlines(connection, filter, offset=offset, limit=limit)

    def count(self, filter: HeadlineFilter = _NO_FILTER) -> int:
        with self._read() as connection:
            return queries.count(connection, filter)

    def position(self, article_id: int, filter: HeadlineFilter = _NO_FILTER) -> int | None:
        with self._read() as connection:
            return queries.position(connection, article_id, filter)

    def article(self, article_id: int) -> Article | None:
        with self._read() as connection:
            return queries.article(connection, article_id)

    def more_in_section(self, article_id: int, limit: int = 5) -> list[Headline]:
        with self._read() as connection:
            return queries.more_in_section(connection, article_id, limit)

    def section_counts(self) -> list[SectionCount]:
        with self._read() as connection:
            return queries.section_counts(connection)

    def search(self, query: str, *, limit: int = 100) -> list[Headline]:
        return self.headlines(HeadlineFilter(query=query), limit=limit)

    def last_refresh(self) -> datetime | None:
        with self._read() as connection:
            (at,) = connection.execute("SELECT max(last_at) FROM feeds WHERE active = 1").fetchone()
        return optional_moment(at)

    # -- read state ----------------------------------------------------------------------------

    def open_article(self, article_id: int, now: datetime) -> Article:
        at = seconds(now)
        with self._write() as connection:
            connection.execute(
                "UPDATE reading SET read = 1, read_count = read_count + 1,"
                " first_read_at = coalesce(first_read_at, ?), last_read_at = ?"
                " WHERE article_id = ?",
                (at, at, article_id),
            )
        found = self.article(article_id)
        if found is None:
            raise StoreError(f"no article {article_id} in {self.path}")
        return found

    def set_read(self, article_id: int, read: bool) -> bool:
        """Whether the article exists (every article has its reading row)."""
        with self._write() as connection:
            cursor = connection.execute(
                "UPDATE reading SET read = ? WHERE article_id = ?", (int(read), article_id)
            )
            return cursor.rowcount > 0

    def set_starred(self, article_id: int, starred: bool) -> bool:
        """Whether the article exists."""
        with self._write() as connection:
            cursor = connection.execute(
                "UPDATE reading SET starred = ? WHERE article_id = ?", (int(starred), article_id)
            )
            return cursor.rowcount > 0

    def mark_all_read(self, filter: HeadlineFilter = _NO_FILTER) -> int:
        with self._write() as connection:
            return queries.mark_all_read(connection, filter)

    # -- full text -----------------------------------------------------------------------------

    def save_full_text(
        self,
        article_id: int,
        *,
        text: str | None,
        credits: Credits | None,
        image: Image | None,
        view_count: int | None,
        error: str | None,
        now: datetime,
    ) -> None:
        with self._write() as connection:
            ingest.save_page(
                connection,
                article_id,
                text=text,
                credits=credits,
                image=image,
                view_count=view_count,
                error=error,
                now=now,
            )

    # -- trending, settings, retention ---------------------------------------------------------

    def trending_inputs(self, since: datetime) -> list[TrendingInput]:
        with self._read() as connection:
            return queries.trending_inputs(connection, whole_seconds(since))

    def get_setting(self, key: str) -> str | None:
        with self._read() as connection:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def prune(self, *, days: int | None, per_feed: int | None, now: datetime) -> int:
        if days is None and per_feed is None:
            return 0
        cutoff = whole_seconds(now - timedelta(days=days)) if days is not None else None
        with self._write() as connection:
            return queries.prune(connection, cutoff=cutoff, per_feed=per_feed)

    def integrity_ok(self) -> bool:
        with self._read() as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                return False
            if self.readonly:  # the index check is an INSERT command, refused when read-only
                return True
            try:
                connection.execute(
                    "INSERT INTO article_search (article_search, rank)"
                    " VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError:
                return False
        return True
