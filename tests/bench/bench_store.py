"""Store speed at 100,000 articles across 40 feeds. Run: python tests/bench/bench_store.py

Prints milliseconds (median of several runs) and each figure as a ratio to a baseline measured
in the same run on the same file (1,000 primary-key lookups with plain sqlite3), so numbers
from different machines can be compared. Not collected by pytest.

The refresh figures (save_fetch per 50-item feed: new articles, the same entries again, a 304;
prune with nothing old) are taken last, on the full database: they add 6,000 articles to it.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.model import Entry, FeedSpec, FetchOutcome, HeadlineFilter, ParsedFeed
from tui.store import Store

KNOWN = (
    "pemerintah presiden menteri rakyat jakarta banjir harga beras pasar polisi sidang korupsi "
    "pemilu partai sekolah rumah sakit jalan kereta bandara gempa bumi listrik ekonomi rupiah "
    "saham petani nelayan pajak jembatan hutan sepak bola pelatih liga juara musik film"
).split()
SYLLABLES = "ba be bi bu da di du ka ki ku la li lu ma mi mu na ni pa pi ra ri sa si ta ti".split()
SOURCES = 10
SECTIONS = ("Nasional", "Politik", "Ekonomi", "Olahraga")
PER_FETCH = 50


def vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    """Words with Zipf frequencies (rank r drawn ~1/r), real words spread over the ranks."""
    words = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)})
    rng.shuffle(words)
    for place, word in enumerate(KNOWN):
        words.insert(5 + place * 40, word)  # "pemerintah" common … "film" rank ~1,600
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, list(itertools.accumulate(weights))


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words))


VOCABULARY, CUMULATIVE = vocabulary(random.Random(3))


def entries(rng: random.Random, source: int, start: int, now: datetime) -> tuple[Entry, ...]:
    made = []
    for number in range(start, start + PER_FETCH):
        # One story in 20 also appears in a sibling section's feed (same link, other guid).
        shared = number % 20 == 0
        link = f"https://s{source}.example/{'shared-' if shared else ''}{number}"
        made.append(
            Entry(
                guid=f"s{source}-{number}",
                title=sentence(rng, 9).capitalize(),
                link=link,
                published=now - timedelta(seconds=rng.randrange(90 * 86400)),
                summary=sentence(rng, 35),
                content_html="".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(3)),
            )
        )
    return tuple(made)


def save(store: Store, feed_id: int, parsed: ParsedFeed | None, now: datetime) -> FetchOutcome:
    return store.save_fetch(
        feed_id,
        parsed,
        FetchOutcome(at=now, status=200 if parsed else 304, not_modified=parsed is None),
        etag=None,
        last_modified=None,
        body_hash=None,
        failures=0,
        retry_at=None,
        now=now,
    )


def build(path: Path, total: int) -> tuple[float, int]:
    rng = random.Random(7)
    now = datetime(2025, 6, 1, tzinfo=UTC)
    store = Store.open(path)
    store.sync_feeds(
        FeedSpec(f"Source {s}", section, f"https://s{s}.example/{section.lower()}.xml")
        for s in range(SOURCES)
        for section in SECTIONS
    )
    feeds = store.feeds()
    per_feed = total // len(feeds)
    saving = 0.0  # only save_fetch is timed, not making up the entries
    saved = 0
    for batch in range(per_feed // PER_FETCH):
        for feed in feeds:
            source = int(feed.source.split()[1])
            number = (batch * len(feeds) + feed.id) * PER_FETCH
            parsed = ParsedFeed("t", None, entries(rng, source, number, now), "rss20")
            started = time.perf_counter()
            outcome = save(store, feed.id, parsed, now)
            saving += time.perf_counter() - started
            saved += outcome.new
    count = store.count()
    for article_id in range(1, count + 1, 10):  # a tenth read, a few starred
        store.set_read(article_id, True)
    for article_id in range(5, count + 1, 997):
        store.set_starred(article_id, True)
    store.close()
    return saving / saved * 1000, count  # seconds per 1,000 new articles


def timed(function: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def baseline(path: Path, count: int) -> float:
    connection = sqlite3.connect(path)
    rng = random.Random(1)
    ids = [rng.randrange(1, count) for _ in range(1000)]

    def lookups() -> None:
        for article_id in ids:
            connection.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()

    figure = timed(lookups)
    connection.close()
    return figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "berita.sqlite3"
        if path.exists():  # --keep again: measure the kept database without rebuilding
            per_thousand, count = float("nan"), Store.open(path).count()
        else:
            per_thousand, count = build(path, args.articles)
        base = baseline(path, count)
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        print(f"{count} articles, {size:.0f} MB; baseline (1,000 PK lookups) = {base:.2f} ms")
        print(f"{'bulk save, per 1,000 new articles':42} {per_thousand * 1000:9.1f} ms")
        print(f"{'  the same per 50-item feed':42} {per_thousand * PER_FETCH:9.2f} ms")

        def report(name: str, function: Callable[[], object], runs: int = 7) -> None:
            figure = timed(function, runs)
            print(f"{name:42} {figure:9.2f} ms  {figure / base:7.2f} x baseline")

        report("open()", lambda: Store.open(path).close())
        store = Store.open(path)
        feed_id = store.feeds()[0].id
        last_id = store.headlines(offset=count - 1, limit=1)[0].id
        filters = {
            "all": HeadlineFilter(),
            "feed": HeadlineFilter(feed_id=feed_id),
            "unread": HeadlineFilter(unread=True),
            "starred": HeadlineFilter(starred=True),
            "source": HeadlineFilter(source="Source 3"),
            "section (all sources)": HeadlineFilter(section="Politik"),
            "feed+unread": HeadlineFilter(feed_id=feed_id, unread=True),
        }
        for label, wanted in filters.items():
            size = store.count(wanted)
            for offset in (0, size // 2, max(0, size - 60)):
                report(
                    f"headlines {label} @{offset}",
                    lambda w=wanted, o=offset: store.headlines(w, offset=o, limit=60),
                )
            report(f"count {label} ({size})", lambda w=wanted: store.count(w))
        report("position (last of all)", lambda: store.position(last_id))
        report("position (last of unread)", lambda: store.position(last_id, filters["unread"]))
        for query in ("pemerintah", "banjir", "sepak bola", "harga ber", "kab", "ban", "film", "k"):
            hits = store.count(HeadlineFilter(query=query))
            report(f"search {query!r} ({hits} hits)", lambda q=query: store.search(q, limit=100))
        now = datetime(2025, 6, 2, tzinfo=UTC)
        report("open_article", lambda: store.open_article(last_id, now))
        report("section_counts", store.section_counts)
        report("trending_inputs (2 days)", lambda: store.trending_inputs(now - timedelta(2)), 3)
        report("integrity_ok (every page; open() skips it)", store.integrity_ok, 1)
        refresh_figures(store, now, base)
        store.close()


def refresh_figures(store: Store, now: datetime, base: float) -> None:
    """save_fetch per 50-item feed on the full database, as a refresh of every feed calls it.

    Each feed is saved once per round (new articles are new once): the median and mean wall
    time over the saves, and the mean CPU time (steadier on a shared machine).
    """
    rng = random.Random(11)
    first = random.randrange(1, 10**6) * 10**6  # new guids even in a database kept (--keep)
    feeds = store.feeds()
    rounds = [
        [
            (feed.id, entries(rng, int(feed.source.split()[1]), first + number, now))
            for feed in feeds
            for number in [(round_number * len(feeds) + feed.id) * PER_FETCH]
        ]
        for round_number in range(3)
    ]

    def per_feed(name: str, batches: list[tuple[int, tuple[Entry, ...]]], keep: bool) -> None:
        times = []
        cpu = time.process_time()
        for feed_id, made in batches:
            parsed = ParsedFeed("t", None, made, "rss20") if keep else None
            started = time.perf_counter()
            save(store, feed_id, parsed, now)
            times.append(time.perf_counter() - started)
        cpu_mean = (time.process_time() - cpu) / len(batches) * 1000
        median, mean = statistics.median(times) * 1000, statistics.mean(times) * 1000
        print(
            f"{name:42} {median:9.2f} ms  {median / base:7.2f} x baseline"
            f"  (mean {mean:.2f}, CPU {cpu_mean:.2f})"
        )

    every = [batch for batches in rounds for batch in batches]
    per_feed(f"save_fetch, 50 new articles ({len(every)})", every, True)
    per_feed("save_fetch, the same 50 entries again", every, True)
    per_feed("save_fetch, 304 (parsed=None)", every, False)
    later = now + timedelta(days=1)
    started = time.perf_counter()
    pruned = store.prune(days=30, per_feed=500, now=later)
    figure = (time.perf_counter() - started) * 1000
    print(f"{f'prune 30 days/500 per feed ({pruned} deleted)':42} {figure:9.2f} ms")
    figure = timed(lambda: store.prune(days=30, per_feed=500, now=later))
    print(f"{'prune again (nothing old)':42} {figure:9.2f} ms  {figure / base:7.2f} x baseline")


if __name__ == "__main__":
    main()
