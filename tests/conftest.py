from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import FeedServer

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"
FEEDS_DIR = SHARED / "feeds"
OPML_DIR = SHARED / "opml"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture(scope="module")
def module_server() -> Iterator[FeedServer]:
    """One server for a whole module (stopping one is slow); use it through `reset()`."""
    with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture
def shared_feeds() -> Path:
    if not FEEDS_DIR.is_dir():
        pytest.skip(f"real feed fixtures absent: {FEEDS_DIR} (clone ../shared beside the repo)")
    return FEEDS_DIR


@pytest.fixture
def shared_opml() -> Path:
    if not OPML_DIR.is_dir():
        pytest.skip(f"OPML fixtures absent: {OPML_DIR} (clone ../shared beside the repo)")
    return OPML_DIR


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own XDG dirs, so nothing touches the real user's files."""
    root = tmp_path / "home"
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(root / name.lower()))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.delenv("BERITA_CONFIG", raising=False)
    return root
