"""Refresh many feeds: fetch → parse → store, concurrently, one outcome per feed.

One bad feed never spoils the others: every failure becomes that feed's outcome. The store is
used from one dedicated thread (its own connection), parsing runs in worker processes, and the
network in the event loop, so the three overlap. Each feed holds a share of the fetcher's
memory budget (tui.budget) from its first byte until it is stored, its parse included, so the
bodies held at once stay bounded whatever the feeds send.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tui.config import Config
from tui.model import Feed, FetchOutcome, FetchResult, ParsedFeed

if TYPE_CHECKING:
    from tui.budget import Hold

T = TypeVar("T")

BACKOFF_AFTER_FAILURES = 3
BACKOFF_BASE = timedelta(minutes=10)
BACKOFF_MAX = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    done: int
    total: int
    feed: Feed | None = None
    outcome: FetchOutcome | None = None


@dataclass(frozen=True, slots=True)
class RefreshReport:
    outcomes: dict[int, FetchOutcome] = field(default_factory=dict)
    feeds: dict[int, Feed] = field(default_factory=dict)
    new: int = 0
    updated: int = 0
    failed: int = 0
    skipped: int = 0
    offline: bool = False
    started: datetime | None = None
    finished: datetime | None = None

    def problems(self) -> list[tuple[Feed, str]]:
        return [
            (self.feeds[feed_id], outcome.error)
            for feed_id, outcome in self.outcomes.items()
            if outcome.error is not None
        ]


ProgressFn = Callable[[RefreshProgress], None]
RefreshFn = Callable[[Sequence[int] | None, ProgressFn], RefreshReport]


def backoff_until(failures: int, now: datetime) -> datetime | None:
    """No backoff for the first few failures (servers hiccup); then exponential, capped."""
    if failures < BACKOFF_AFTER_FAILURES:
        return None
    delay = BACKOFF_BASE * (2 ** (failures - BACKOFF_AFTER_FAILURES))
    return now + min(delay, BACKOFF_MAX)


def fetch_limits(config: Config) -> Any:
    from tui.fetch import FetchLimits

    settings = config.fetch
    return FetchLimits(
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        deadline=settings.deadline,
        max_bytes=settings.max_bytes,
        max_redirects=settings.max_redirects,
        concurrency=settings.concurrency,
        per_host=settings.per_host,
    )


class StoreThread:
    """The store, used from one thread only: sqlite3 connections stay in their thread."""

    def __init__(self, db_path: Path) -> None:
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="berita-store")
        self._db_path = db_path
        self.store: Any = None

    async def start(self) -> None:
        from tui.store import Store

        self.store = await self.call(lambda: Store.open(self._db_path))

    async def call(self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function)

    async def with_store(self, function: Callable[[Any], T]) -> T:
        return await self.call(lambda: function(self.store))

    def close(self) -> None:
        if self.store is not None:
            self._executor.submit(self.store.close).result()
        self._executor.shutdown(wait=True)


class Refresher:
    """Refreshes feeds of one store. Build once; `await run(...)` as often as needed."""

    def __init__(
        self,
        config: Config,
        *,
        transport: Any = None,
        parse_mode: str = "auto",
        fetch_pages: bool = True,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.fetch_pages = fetch_pages
        self.transport = transport
        self.parse_mode = parse_mode
        self.clock = clock

    async def run(
        self,
        store: StoreThread,
        feeds: Sequence[Feed],
        progress: ProgressFn | None = None,
        *,
        force: bool = False,
    ) -> RefreshReport:
        from tui.budget import return_large_blocks
        from tui.fetch import Fetcher
        from tui.fulltext import fetch_pages_after_refresh
        from tui.parsepool import ParsePool
        from tui.store import StoreError

        return_large_blocks()
        started = self.clock()
        outcomes: dict[int, FetchOutcome] = {}
        skipped = 0
        done = 0
        pool = ParsePool(mode=self.parse_mode)  # type: ignore[arg-type]
        # Back-pressure: fetching outruns parsing and storing, and without a bound every body
        # and parsed feed waits in memory at once (312 MB at 1,000 feeds).
        in_flight = asyncio.Semaphore(self.config.fetch.concurrency * 2)
        async with Fetcher(fetch_limits(self.config), transport=self.transport) as fetcher:

            async def one(feed: Feed) -> None:
                nonlocal done, skipped
                now = self.clock()
                if not force and feed.retry_at is not None and feed.retry_at > now:
                    skipped += 1
                else:
                    try:
                        async with in_flight, fetcher.budget.hold() as hold:
                            outcome = await self._refresh_feed(store, fetcher, pool, feed, hold)
                    except StoreError:
                        raise  # the database itself is unusable: every feed's problem
                    except Exception as error:  # a surprise in one feed stops no other
                        problem = f"internal error: {type(error).__name__}: {error}"
                        outcome = FetchOutcome(at=self.clock(), status=None, error=problem)
                    outcomes[feed.id] = outcome
                done += 1
                if progress is not None:
                    progress(RefreshProgress(done, len(feeds), feed, outcomes.get(feed.id)))

            try:
                await asyncio.gather(*(one(feed) for feed in feeds))
            finally:
                pool.close()
            if self.fetch_pages:
                new_counts = {feed_id: outcome.new for feed_id, outcome in outcomes.items()}
                await fetch_pages_after_refresh(
                    fetcher, store.with_store, feeds, new_counts, started, self.config
                )
        prune = self.config.retention
        if prune.days is not None or prune.per_feed is not None:
            now = self.clock()
            await store.call(
                lambda: store.store.prune(days=prune.days, per_feed=prune.per_feed, now=now)
            )
        failed = [outcome for outcome in outcomes.values() if outcome.error]
        return RefreshReport(
            outcomes=outcomes,
            feeds={feed.id: feed for feed in feeds},
            new=sum(outcome.new for outcome in outcomes.values()),
            updated=sum(outcome.updated for outcome in outcomes.values()),
            failed=len(failed),
            skipped=skipped,
            # Offline: nothing answered at all (no HTTP status anywhere), not merely some 404s.
            offline=bool(outcomes)
            and len(failed) == len(outcomes)
            and all(outcome.status is None for outcome in failed)
            and any(not feed.url.startswith("file:") for feed in feeds),
            started=started,
            finished=self.clock(),
        )

    async def _refresh_feed(
        self, store: StoreThread, fetcher: Any, pool: Any, feed: Feed, hold: Hold
    ) -> FetchOutcome:
        """Fetch, parse and store one feed; `hold` counts its body until the caller releases it."""
        from tui.discover import discover_feed_links
        from tui.fetch import fetch_local
        from tui.parse import ParseError, looks_like_html

        result: FetchResult
        if feed.url.startswith("file:"):
            max_bytes = self.config.fetch.max_bytes
            result = await asyncio.to_thread(fetch_local, feed.url, max_bytes)
            await hold.grow(len(result.body or b""))
        else:
            result = await fetcher.fetch(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, hold=hold
            )
        parsed: ParsedFeed | None = None
        error = result.error
        body_hash = feed.body_hash
        if error is None and not result.not_modified and result.body is not None:
            digest = hashlib.sha256(result.body).hexdigest()
            if digest != feed.body_hash:
                try:
                    if looks_like_html(result.body, result.content_type):
                        links = discover_feed_links(result.body, result.url)
                        # The page is dropped, and its share with it, before the feed is
                        # fetched: a share held while waiting for a fetch slot could keep the
                        # downloads holding those slots waiting for memory.
                        result = replace(result, body=None)
                        hold.release()
                        result = await self._follow_advertised_feed(fetcher, result, links, hold)
                    if result.error is None and result.body is not None:
                        parsed = await pool.parse(
                            result.body, result.url, result.content_type, hold=hold
                        )
                        body_hash = digest
                    error = result.error
                except ParseError as problem:
                    error = str(problem) or "not a feed"
        # The body is done with: its share of the budget now stands for the parsed entries.
        result = replace(result, body=None)
        if parsed is None:
            hold.release()
        now = self.clock()
        failures = feed.failures + 1 if error else 0
        retry_at = backoff_until(failures, now) if error else None
        if result.retry_after:
            retry_at = max(retry_at or now, now + timedelta(seconds=result.retry_after))
        outcome = FetchOutcome(
            at=now,
            status=result.status,
            error=error,
            not_modified=error is None and parsed is None,
        )
        etag = result.etag if error is None else feed.etag
        last_modified = result.last_modified if error is None else feed.last_modified
        return await store.call(
            lambda: store.store.save_fetch(
                feed.id,
                parsed,
                outcome,
                etag=etag,
                last_modified=last_modified,
                body_hash=body_hash,
                failures=failures,
                retry_at=retry_at,
                now=now,
            )
        )

    async def _follow_advertised_feed(
        self, fetcher: Any, page: FetchResult, links: list[str], hold: Hold
    ) -> FetchResult:
        """An HTML page instead of a feed: fetch the feed it advertises, if any."""
        if not links:
            return replace(page, error="not a feed: an HTML page advertising no feed")
        return await fetcher.fetch(links[0], hold=hold)


def refresh_blocking(
    config: Config,
    db_path: Path,
    feed_ids: Sequence[int] | None = None,
    progress: ProgressFn | None = None,
    *,
    section: str | None = None,
    force: bool = False,
    transport: Any = None,
    parse_mode: str = "auto",
    fetch_pages: bool = True,
) -> RefreshReport:
    """Refresh the given feeds (all active ones by default) and wait for the result.

    Opens its own store connection, so the TUI can call it from a thread worker while reading.
    """

    async def main() -> RefreshReport:
        store = StoreThread(db_path)
        try:
            await store.start()
            feeds = await store.call(lambda: store.store.feeds(section=section))
            if feed_ids is not None:
                wanted = set(feed_ids)
                feeds = [feed for feed in feeds if feed.id in wanted]
            refresher = Refresher(
                config, transport=transport, parse_mode=parse_mode, fetch_pages=fetch_pages
            )
            return await refresher.run(store, feeds, progress, force=force or bool(feed_ids))
        finally:
            store.close()

    return asyncio.run(main())
