"""Parse benchmark: `parse_feed` through feedparser and through the lxml fast path.

    python tests/bench/bench_parse.py [--farm 50] [--items 50] [--repeat 5] [--quiet]

Parses every real fixture feed (../shared/fixtures/feeds, when present), the demo feeds and
`--farm` generated farm feeds (the refresh benchmark's: `--items` items of 2–5 KB HTML each)
both ways, `parse_feed(..., fast=False)` and `parse_feed(...)`, and prints the best of
`--repeat` timings per feed with the ratio fast / feedparser, measured in the same run (the
machine is shared and noisy: compare ratios, not milliseconds). "declined" marks feeds the
fast path leaves to feedparser; "-" feeds never offered to it (JSON Feed, not a feed).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_refresh import make_feed  # noqa: E402

from tui import fastparse, parse  # noqa: E402
from tui.parse import ParseError, parse_feed  # noqa: E402

FIXTURES = ROOT.parent / "shared" / "fixtures" / "feeds"
DEMO = ROOT / "tui" / "data" / "demo"
URL = "https://kabar.example/rss/terkini.xml"
TARGET_MS = 5.0  # per 50-item farm feed, the goal set for the fast path


def best_ms(run: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def parse_quietly(body: bytes, fast: bool) -> None:
    with contextlib.suppress(ParseError):
        parse_feed(body, URL, fast=fast)


def which_path(body: bytes) -> str:
    """ "fast", "declined" or "-" (never offered), by watching `parse.read_fast`."""
    calls: list[bool] = []

    def spy(body: bytes, content_type: str | None) -> fastparse.Reading | None:
        reading = fastparse.read_fast(body, content_type)
        calls.append(reading is not None)
        return reading

    parse.read_fast = spy
    try:
        parse_quietly(body, fast=True)
    finally:
        parse.read_fast = fastparse.read_fast
    return "-" if not calls else "fast" if calls[0] else "declined"


def measure(name: str, body: bytes, repeat: int, quiet: bool) -> tuple[float, float, str]:
    path = which_path(body)
    slow = best_ms(lambda: parse_quietly(body, fast=False), repeat)
    fast = best_ms(lambda: parse_quietly(body, fast=True), repeat)
    if not quiet:
        ratio = fast / slow if slow else 1.0
        print(
            f"{name:44.44s} {len(body) / 1024:7.1f} {path:>8s} {slow:9.2f} {fast:9.2f} {ratio:6.2f}"
        )
    return slow, fast, path


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--farm", type=int, default=50, help="generated farm feeds")
    options.add_argument("--items", type=int, default=50, help="items per farm feed")
    options.add_argument("--repeat", type=int, default=5, help="timings per feed (best kept)")
    options.add_argument("--quiet", action="store_true", help="totals only")
    args = options.parse_args()

    feeds: list[tuple[str, bytes]] = []
    for folder in (FIXTURES, DEMO):
        if folder.is_dir():
            paths = sorted(p for p in folder.iterdir() if p.suffix not in (".md", ".toml"))
            feeds += [(path.name, path.read_bytes()) for path in paths]
    if not FIXTURES.is_dir():
        print(f"(real fixtures absent: {FIXTURES})")
    rng = random.Random(42)
    farm = [(f"farm-{n}", make_feed(n, args.items, rng)) for n in range(args.farm)]
    parse_quietly(farm[0][1], fast=False)  # imports (feedparser ~40 ms) out of the timings

    if not args.quiet:
        header = f"{'feed':44s} {'KB':>7s} {'path':>8s} {'fp ms':>9s} {'fast ms':>9s} {'ratio':>6s}"
        print(header)
    results = [measure(name, body, args.repeat, args.quiet) for name, body in feeds]
    farm_results = [measure(name, body, args.repeat, args.quiet) for name, body in farm]

    def summary(label: str, rows: list[tuple[float, float, str]]) -> None:
        if not rows:
            return
        slow, fast = sum(row[0] for row in rows), sum(row[1] for row in rows)
        handled = sum(row[2] == "fast" for row in rows)
        print(
            f"{label}: {len(rows)} feeds ({handled} fast), feedparser {slow:.1f} ms, "
            f"fast path {fast:.1f} ms, ratio {fast / slow:.2f} ({slow / fast:.1f}× faster)"
        )

    print()
    summary("fixtures + demo", results)
    summary(f"farm ({args.items} items)", farm_results)
    if farm_results:
        per_feed = sum(row[1] for row in farm_results) / len(farm_results)
        slow_per_feed = sum(row[0] for row in farm_results) / len(farm_results)
        print(
            f"farm per feed: feedparser path {slow_per_feed:.2f} ms, fast path {per_feed:.2f} ms "
            f"(goal ≤ {TARGET_MS:.0f} ms for 50 items)"
        )


if __name__ == "__main__":
    main()
