"""What the reader looks like: SVG snapshots in the light (koran) and dark (mode-gelap) themes.

The store is built in the test, the clock is frozen and the ticker does not move, so the
pictures only change when the UI does. Update with `pytest tests/test_snapshots.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.reader_data import build_store, clock, reader_config
from tui.app import BeritaApp
from tui.widgets.ticker import Ticker


def reader(tmp_path: Path, theme: str) -> BeritaApp:
    store = build_store(tmp_path / "berita.sqlite3")
    store.set_setting("theme", theme)
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    app.animation_level = "none"  # the ticker stands still (and no other animation runs)
    return app


async def ready(pilot: Any) -> None:
    """Wait for the trending worker, then freeze the ticker on its first item."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.screen.query_one(Ticker).pause_animation()
    await pilot.pause()


SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("theme", ["koran", "mode-gelap"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_reader(
    snap_compare: SnapCompare, tmp_path: Path, theme: str, size: tuple[int, int]
) -> None:
    """Launch: newest headline highlighted and previewed, the flood story trending."""
    assert snap_compare(reader(tmp_path, theme), terminal_size=size, run_before=ready)


def test_help_screen(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def open_help(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    app = reader(tmp_path, "koran")
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)


def test_story_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """`t` then Enter on the trending flood story: its three articles, newest first."""

    async def open_story(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("t", "enter")
        await pilot.pause()

    app = reader(tmp_path, "mode-gelap")
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_story)
