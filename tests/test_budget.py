"""The memory budget of a refresh (tui.budget): on its own, in the Fetcher against a real local
server, and in the parse pool. Every wait is under a timeout: a deadlock fails, never hangs."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from tests.support.feeds import feed_of
from tests.support.server import FeedServer
from tui.budget import BUDGET_CAP, BUDGET_FLOOR, Hold, MemoryBudget, budget_for
from tui.config import Config, FetchConfig, RetentionConfig
from tui.fetch import Fetcher, FetchLimits
from tui.model import Feed, FeedSpec, FetchOutcome
from tui.parsepool import ParsePool, parse_cost
from tui.refresh import RefreshReport, refresh_blocking
from tui.store import Store

KB = 1024
MB = 1024 * KB


def check(budget: MemoryBudget) -> None:
    """The bound: the limit, plus what the one overdraft hold has beyond it."""
    over = budget.overdraft
    assert budget.used <= budget.limit + (over.held if over is not None else 0)


def test_the_budget_follows_max_bytes_within_bounds() -> None:
    assert budget_for(20_000_000) == BUDGET_CAP  # the default max_bytes: capped
    assert budget_for(5 * MB) == 10 * MB
    assert budget_for(100) == BUDGET_FLOOR


async def test_a_grow_that_fits_does_not_wait() -> None:
    budget = MemoryBudget(100)
    hold = budget.hold()
    await hold.grow(60)
    await hold.grow(40)
    assert (hold.held, budget.used, budget.waiting, hold.waited) == (100, 100, 0, 0.0)
    hold.shrink(30)
    assert (hold.held, budget.used) == (70, 70)
    hold.release()
    assert (hold.held, budget.used) == (0, 0)


async def test_many_concurrent_downloads_never_pass_the_bound() -> None:
    """60 downloads of random sizes (some larger than the whole budget), in random pieces."""
    budget = MemoryBudget(100 * KB)
    rng = random.Random(9)
    finished: list[int] = []

    async def download(number: int) -> None:
        size = rng.choice([2 * KB, 30 * KB, 90 * KB, 250 * KB])
        async with budget.hold() as hold:
            while hold.held < size:
                await hold.grow(min(rng.randint(1, 16 * KB), size - hold.held))
                check(budget)
                await asyncio.sleep(0)
            for _ in range(rng.randint(0, 3)):  # parsed and stored meanwhile
                await asyncio.sleep(0)
        check(budget)
        finished.append(number)

    await asyncio.wait_for(asyncio.gather(*(download(n) for n in range(60))), 10)
    assert sorted(finished) == list(range(60))
    assert budget.used == 0 and budget.overdraft is None and budget.waiting == 0
    assert budget.peak > budget.limit  # the large ones went through, one at a time over it
    assert budget.peak <= budget.limit + 250 * KB


async def test_holders_waiting_for_each_other_do_not_deadlock() -> None:
    """Ten downloads fill the budget between them, then each needs more than is left."""
    budget = MemoryBudget(100)
    holds = [budget.hold() for _ in range(10)]

    async def download(hold: Hold) -> None:
        await hold.grow(10)
        await asyncio.sleep(0)  # all ten now hold a tenth
        await hold.grow(50)
        check(budget)
        hold.release()

    await asyncio.wait_for(asyncio.gather(*(download(hold) for hold in holds)), 5)
    assert budget.used == 0
    assert budget.overdrafts >= 1


async def test_a_body_larger_than_the_budget_goes_through_alone() -> None:
    budget = MemoryBudget(100)
    small, huge, later = budget.hold(), budget.hold(), budget.hold()
    await small.grow(60)
    await asyncio.wait_for(huge.grow(500), 1)  # the first to wait: the overdraft
    assert budget.overdraft is huge and budget.used == 560
    waiting = asyncio.create_task(later.grow(10))
    await asyncio.sleep(0.01)
    assert not waiting.done()  # one overdraft at a time
    small.release()
    await asyncio.sleep(0.01)
    assert not waiting.done()  # 500 + 10 is still past the limit
    huge.release()
    await asyncio.wait_for(waiting, 1)
    assert budget.used == 10 and budget.overdraft is None


async def test_waiting_grows_go_on_in_arrival_order() -> None:
    budget = MemoryBudget(100)
    first, over = budget.hold(), budget.hold()
    await first.grow(100)
    await over.grow(1)  # takes the overdraft
    order: list[str] = []

    async def wait(name: str, amount: int) -> None:
        hold = budget.hold()
        await hold.grow(amount)
        order.append(name)

    tasks = [asyncio.create_task(wait(name, 40)) for name in "abc"]
    await asyncio.sleep(0.01)
    assert order == [] and budget.waiting == 3
    first.release()  # 100 free: a and b fit, c must wait for more
    await asyncio.sleep(0.01)
    assert order == ["a", "b"]
    over.release()
    await asyncio.wait_for(asyncio.gather(*tasks), 1)
    assert order == ["a", "b", "c"]


async def test_a_cancelled_wait_frees_its_place_and_counts_its_time() -> None:
    budget = MemoryBudget(100)
    full, over, stuck, behind = budget.hold(), budget.hold(), budget.hold(), budget.hold()
    await full.grow(100)
    await over.grow(1)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(stuck.grow(50), 0.05)
    assert stuck.held == 0 and stuck.waited >= 0.05 and stuck.waiting_since is None
    task = asyncio.create_task(behind.grow(50))
    await asyncio.sleep(0)
    full.release()
    await asyncio.wait_for(task, 1)
    assert behind.held == 50 and budget.waiting == 0


# --- in the Fetcher -----------------------------------------------------------------------


async def test_a_fetch_given_a_hold_keeps_its_body_counted(server: FeedServer) -> None:
    body = feed_of(40)
    url = server.route("/feed.xml", body)
    async with Fetcher(FetchLimits(deadline=5.0)) as fetcher:
        hold = fetcher.budget.hold()
        result = await fetcher.fetch(url, hold=hold)
        assert result.body == body and hold.held == len(body) == fetcher.budget.used
        hold.release()
        result = await fetcher.fetch(url)  # no hold: counted while it downloads only
        assert result.body == body and fetcher.budget.used == 0
        missing = await fetcher.fetch(server.url("/missing.xml"), hold=hold)
        assert missing.error == "HTTP 404 Not Found" and hold.held == 0


async def test_a_fetch_that_waited_for_memory_says_so(server: FeedServer) -> None:
    """Other feeds' bodies hold the budget (one past it) for longer than the deadline."""
    url = server.route("/normal.xml", feed_of(200))
    limits = FetchLimits(deadline=1.0, memory_budget=100 * KB)
    async with Fetcher(limits) as fetcher:
        others, parsing = fetcher.budget.hold(), fetcher.budget.hold()
        await others.grow(100 * KB)
        await parsing.grow(1 * MB)  # the overdraft
        result = await fetcher.fetch(url, hold=fetcher.budget.hold())
        others.release()
        parsing.release()
        assert fetcher.budget.used == 0
    assert result.error == (
        "timed out after 1 s (1 s of it waiting for memory: other feeds' bodies held the "
        "refresh's 0.1 MB)"
    )


# --- in the parse pool --------------------------------------------------------------------


async def test_a_large_parse_reserves_its_cost_until_it_ends() -> None:
    body = feed_of(4000)  # over THREAD_LIMIT: parsed in a process in "auto" mode
    assert len(body) > 1_000_000
    budget = MemoryBudget(10 * MB)
    hold = budget.hold()
    await hold.grow(len(body))
    seen: list[int] = []
    pool = ParsePool(mode="auto")
    try:
        parsing = asyncio.create_task(pool.parse(body, "https://kabar.example/", hold=hold))
        while not parsing.done():
            seen.append(hold.held)
            await asyncio.sleep(0.005)
        parsed = await asyncio.wait_for(parsing, 30)
    finally:
        pool.close()
    assert max(seen) == len(body) + parse_cost(len(body), in_process=True)
    assert hold.held == len(body)  # the cost given back; the body is the caller's to release
    assert parsed.items_dropped == 3000 and parsed.note == "kept the first 1,000 of 4,000 items"


# --- through a whole refresh --------------------------------------------------------------


def test_a_refresh_gives_back_every_byte(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored, failed, unchanged, found through a page, parsed in a process: all released."""
    closing: list[tuple[int, int, Hold | None]] = []
    close = Fetcher.aclose

    async def aclose(self: Fetcher) -> None:
        closing.append((self.budget.used, self.budget.waiting, self.budget.overdraft))
        await close(self)

    monkeypatch.setattr(Fetcher, "aclose", aclose)
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/found.xml">'
        b"</head><body>Kabar</body></html>"
    )
    urls = {
        "Biasa": server.route("/plain.xml", feed_of(5)),
        "Besar": server.route("/large.xml", feed_of(4000, start=100)),
        "Hilang": server.route("/missing.xml", status=404),
        "Halaman": server.route("/page.html", page, headers={"Content-Type": "text/html"}),
        "Etag": server.route("/etag.xml", feed_of(3, start=9000), etag='"v1"'),
    }
    server.route("/found.xml", feed_of(2, start=5000))
    db = tmp_path / "berita.sqlite3"
    config = Config(
        fetch=FetchConfig(concurrency=4, per_host=4),
        retention=RetentionConfig(days=None, per_feed=None),
        feeds=tuple(
            FeedSpec("Kabar", section, url, fetch_pages=False) for section, url in urls.items()
        ),
    )
    with Store.open(db) as store:
        store.sync_feeds(config.feeds)
    for _ in range(2):  # the second time, Etag answers 304 and the rest are unchanged bodies
        report = refresh_blocking(config, db, fetch_pages=False)
        assert {feed.section: outcome.error for feed, outcome in _pairs(report)} == {
            "Biasa": None,
            "Besar": None,
            "Hilang": "HTTP 404 Not Found",
            "Halaman": None,
            "Etag": None,
        }
    assert closing == [(0, 0, None), (0, 0, None)]
    with Store.open(db) as store:
        large = next(feed for feed in store.feeds() if feed.section == "Besar")
    assert large.items_dropped == 3000 and large.note == "kept the first 1,000 of 4,000 items"


def _pairs(report: RefreshReport) -> list[tuple[Feed, FetchOutcome]]:
    return [(report.feeds[feed_id], outcome) for feed_id, outcome in report.outcomes.items()]
