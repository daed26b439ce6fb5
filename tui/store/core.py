"""The Store: one SQLite file shared by the TUI (reading) and `berita fetch` (writing).

Every write is one `BEGIN IMMEDIATE` transaction: a transaction that started as a read and then
writes fails at once with SQLITE_BUSY_SNAPSHOT whatever the busy timeout, while IMMEDIATE waits
its turn. WAL mode lets readers go on while a writer commits; a kill -9 at any instant leaves
either the whole transaction or none of it.
"""

from __future__ import annotations

import contextlib
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
from tui.store.salvage import salvage
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

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> Store:
        path = Path(path)
        try:
            if readonly:
                return cls._open_readonly(path)
            return cls._open_writable(path)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the database {path}: {error}") from error

    @classmethod
    def _open_readonly(cls, path: Path) -> Store:
        if not path.is_file():
            raise StoreError(f"no database at {path} (read-only: cannot create one)")
        problem = opening.header_problem(path)  # refuses a newer schema before opening
        if problem is not None:
            raise StoreError(f"{path} is damaged ({problem}); open it read-write to salvage it")
        connection = opening.connect(path, readonly=True)
        try:
            opening.configure(connection, readonly=True)
            version = user_version(connection)
            refuse_newer(version, path)
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{path} has schema {version} and needs upgrading to {SCHEMA_VERSION}, "
                    "which a read-only berita cannot do; run berita once without read-only"
                )
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, readonly=True, set_aside=None)

    @classmethod
    def _open_writable(cls, path: Path) -> Store:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder for {path}: {error}") from error
        aside = None
        problem = opening.header_problem(path) if path.exists() else None
        connection = opening.connect(path, readonly=False)
        try:
            if problem is None:
                problem = opening.check(connection, path)
            if problem is not None:
                connection.close()
                aside = opening.set_aside(path)
                connection = opening.connect(path, readonly=False)
            opening.configure(connection, readonly=False)
            migrate(connection, path)
            if aside is not None:
                salvage(aside, connection)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, readonly=False, set_aside=aside)

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; cannot change it")
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
            with contextlib.suppress(OSError):
                opening.damage_marker(self.path).touch()
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

    def set_read(self, article_id: int, read: bool) -> None:
        with self._write() as connection:
            connection.execute(
                "UPDATE reading SET read = ? WHERE article_id = ?", (int(read), article_id)
            )

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._write() as connection:
            connection.execute(
                "UPDATE reading SET starred = ? WHERE article_id = ?", (int(starred), article_id)
            )

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
