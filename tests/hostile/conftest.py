"""Shared fixtures of the hostile suite: a module-wide server, a store with feeds, and `bounds`,
which asserts each case's time and memory bound and records the figures for measure.py."""

from __future__ import annotations

import contextlib
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.hostile.isolate import Measured
from tests.support.server import FeedServer
from tui.config import Config, FetchConfig, RetentionConfig
from tui.model import FeedSpec
from tui.store import Store


class Bounds:
    """`with bounds.time(2.0): risky()`, `bounds.memory(peak, 200)`, `bounds.child(measured, …)`.

    Every figure is recorded as a user property of the test, which measure.py prints.
    """

    def __init__(self, record: Callable[[str, object], None], expectation: str) -> None:
        self._record = record
        record("expect", expectation)

    @contextlib.contextmanager
    def time(self, limit: float) -> Iterator[None]:
        started = time.monotonic()
        yield
        self.seconds(time.monotonic() - started, limit)

    def seconds(self, elapsed: float, limit: float) -> None:
        self._record("seconds", round(elapsed, 3))
        assert elapsed <= limit, f"took {elapsed:.2f} s, bound {limit} s"

    def memory(self, peak_bytes: int, limit_mb: float, kind: str = "rss") -> None:
        peak_mb = peak_bytes / 2**20
        self._record("peak_mb", round(peak_mb, 1))
        self._record("memory_kind", kind)
        assert peak_mb <= limit_mb, f"peak {kind} {peak_mb:.0f} MB, bound {limit_mb} MB"

    def child(self, measured: Measured, seconds: float, mb: float) -> None:
        """The bounds of a call run by `isolate.run_isolated` (time of the call, peak RSS)."""
        self.seconds(measured.seconds, seconds)
        self.memory(measured.peak_bytes, mb, "rss")

    @contextlib.contextmanager
    def traced(self, seconds: float, mb: float) -> Iterator[None]:
        """Time and tracemalloc peak of in-process pure-Python work."""
        tracemalloc.start()
        started = time.monotonic()
        try:
            yield
            elapsed = time.monotonic() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.seconds(elapsed, seconds)
        self.memory(peak, mb, "traced")


@pytest.fixture
def bounds(
    request: pytest.FixtureRequest, record_property: Callable[[str, object], None]
) -> Bounds:
    doc = (request.node.function.__doc__ or "").strip().splitlines()
    return Bounds(record_property, doc[0] if doc else "")


@pytest.fixture
def server(module_server: FeedServer) -> FeedServer:
    """One server per module (stopping one is slow), emptied for each test."""
    return module_server.reset()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "berita.sqlite3"


def config_for(urls: dict[str, str], **fetch: object) -> Config:
    """A config subscribing to `urls` (section → URL) of one source, with no retention."""
    specs = tuple(
        FeedSpec(source="Kabar", section=section, url=url, fetch_pages=False)
        for section, url in urls.items()
    )
    return Config(
        fetch=replace(FetchConfig(), **fetch),  # type: ignore[arg-type]
        retention=RetentionConfig(days=None, per_feed=None),
        feeds=specs,
    )


def make_config(db: Path, urls: dict[str, str], **fetch: object) -> Config:
    """`config_for`, with the store at `db` synced to it."""
    config = config_for(urls, **fetch)
    with Store.open(db) as store:
        store.sync_feeds(config.feeds)
    return config
