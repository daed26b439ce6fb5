"""Reader speed: startup with 1k and 100k cached articles, cursor moves, a 5,000-word article,
idle CPU with the ticker. Run: python tests/bench/bench_reader.py [--small 1000] [--large 100000]

Every figure is measured headless through Textual's pilot, and printed with a ratio against a
baseline measured in the same run (an empty app's first frame), so figures from different
machines compare. CPU figures are process CPU time (time.process_time), not wall time.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.support.reader_data import (
    FeedData,
    build_store,
    clock,
    entry,
    many_feeds,
    reader_config,
)
from tui.app import BeritaApp
from tui.store import Store
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList
from tui.widgets.ticker import Ticker

SIZE = (160, 48)
MOVES = 300
IDLE_SECONDS = 5.0
WORDS = "pemerintah daerah menetapkan anggaran baru untuk pembangunan jalan dan jembatan".split()


class _Baseline(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("berita")


async def baseline_startup() -> float:
    start = time.perf_counter()
    app = _Baseline()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    return time.perf_counter() - start


def long_article_feed(words: int) -> FeedData:
    paragraphs = []
    for number in range(words // 100):
        text = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(100))
        paragraphs.append(
            f"<p>{text} <b>penting</b> <a href='https://x.example/{number}'>tautan</a></p>"
        )
    body = "".join(paragraphs)
    return FeedData(
        "Panjang", "Laporan", [entry("long", "Laporan khusus 5.000 kata", 1, body=body)]
    )


def store_with(path: Path, count: int) -> Store:
    started = time.perf_counter()
    store = build_store(path, [*many_feeds(count), long_article_feed(5_000)])
    print(f"  (built a store of {count:,} articles in {time.perf_counter() - started:.1f} s)")
    return store


async def startup(store: Store) -> tuple[float, float]:
    """Seconds (wall, CPU) from constructing the app to the first page of headlines drawn."""
    wall, cpu = time.perf_counter(), time.process_time()
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one(HeadlineList)
        while listing.row_count == 0 or app.screen.query_one(ArticleView).article is None:
            await pilot.pause(0.01)
        await pilot.pause()
        result = time.perf_counter() - wall, time.process_time() - cpu
        app.screen.query_one(Ticker).pause_animation()
    return result


async def cursor_moves(store: Store) -> tuple[float, float, float]:
    """CPU seconds per cursor move within the page (j/k), per move that scrolls the list (j at
    the bottom edge), and per jump across the whole list (G then g); each with the redraw it
    causes, less the cost of the pilot's own pause."""
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.screen.query_one(Ticker).pause_animation()
        listing = app.screen.query_one(HeadlineList)
        await pilot.pause()

        async def per_move(moves: int, step: Callable[[int], None]) -> float:
            cpu = time.process_time()
            for number in range(moves):
                step(number)
                await pilot.pause()
            return (time.process_time() - cpu) / moves

        def in_page(number: int) -> None:
            listing.move_cursor(number % 2 + 5)

        # A pilot pause costs CPU of its own: measure it and leave it out of the figures.
        harness = await per_move(MOVES, lambda _: None)
        in_page_move = await per_move(MOVES, in_page) - harness
        listing.move_cursor(listing.scrollable_content_region.height - 1)
        await pilot.pause()
        scrolling = await per_move(MOVES, lambda _: listing.action_cursor_down())
        jump = await per_move(
            20, lambda n: listing.action_last() if n % 2 else listing.action_first()
        )
    return in_page_move, scrolling, jump


async def open_long_article(store: Store) -> float:
    """CPU seconds to show the 5,000-word article (HTML → Content → laid out and drawn);
    the best of several openings, each after showing a short article."""
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    (feed,) = [f for f in store.feeds() if f.source == "Panjang"]
    article_id = store.headlines(_feed_filter(feed.id), limit=1)[0].id
    short_id = store.headlines(limit=1)[0].id
    best = float("inf")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        app.screen.query_one(Ticker).pause_animation()
        screen = app.screen
        for _ in range(5):
            screen.preview(short_id)  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.pause()
            cpu = time.process_time()
            screen.preview(article_id)  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.pause()
            best = min(best, time.process_time() - cpu)
    return best


def _feed_filter(feed_id: int):
    from tui.model import HeadlineFilter

    return HeadlineFilter(feed_id=feed_id)


async def idle_cpu(store: Store, ticker: bool) -> float:
    """Share of one core used while the reader sits idle for IDLE_SECONDS."""
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        ticker_widget = app.screen.query_one(Ticker)
        ticker_widget.pause_animation(not ticker)
        assert ticker_widget.running == ticker
        wall, cpu = time.perf_counter(), time.process_time()
        await asyncio.sleep(IDLE_SECONDS)
        return (time.process_time() - cpu) / (time.perf_counter() - wall)


def report(label: str, seconds: float, base: float, unit: str = "ms") -> None:
    value = f"{seconds * 1000:8.2f} ms" if unit == "ms" else f"{seconds * 100:8.2f} % of a core"
    ratio = f"   = {seconds / base:.3f}" if unit == "ms" else ""
    print(f"{label:<52}{value}{ratio}")


async def main(small: int, large: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print("building stores…")
        stores = {small: store_with(root / "small.sqlite3", small)}
        stores[large] = store_with(root / "large.sqlite3", large)
        base = min([await baseline_startup() for _ in range(3)])
        print()
        report("baseline: an empty Textual app's first frame", base, base)
        starts = {}
        for count, store in stores.items():
            wall, cpu = min([await startup(store) for _ in range(5)])
            starts[count] = wall
            report(f"startup to first headlines, {count:,} articles", wall, base)
            report("  of which CPU", cpu, base)
        print(f"startup ratio {large:,} / {small:,} articles: {starts[large] / starts[small]:.2f}")
        in_page, scrolling, jump = await cursor_moves(stores[large])
        report(f"cursor move within the page, {large:,} rows, CPU", in_page, base)
        report(f"cursor move scrolling the list, {large:,} rows, CPU", scrolling, base)
        report("jump to bottom/top (G/g), CPU", jump, base)
        report("open a 5,000-word article, CPU", await open_long_article(stores[small]), base)
        quiet = await idle_cpu(stores[small], ticker=False)
        busy = await idle_cpu(stores[small], ticker=True)
        report(f"idle, ticker paused ({IDLE_SECONDS:.0f} s)", quiet, base, unit="%")
        report(f"idle, ticker running ({IDLE_SECONDS:.0f} s)", busy, base, unit="%")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.small, arguments.large))
