"""Feed text is shown literally: markup does nothing, terminal controls never reach the screen.

A hostile feed goes through the real parser into a real store; the reader then draws every
field of it (headline list, tree, header, ticker, article pane, story view, notifications), and
the test reads back what was drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region

from tests.support.reader_data import (
    NOW,
    FeedData,
    build_store,
    clock,
    entry,
    reader_config,
)
from tui.app import BeritaApp
from tui.model import Credits, FeedSpec, FetchOutcome, HeadlineFilter, Image
from tui.parse import parse_feed
from tui.store import Store
from tui.widgets.headline_list import HeadlineList
from tui.widgets.section_tree import SectionTree

CLICK = "[@click=app.quit]x[/]"
BOLD = "[b]Politik[/b]"
CLOSE = "[/]"
LINK = "[link=https://evil.example]klik[/link]"
CONTROLS = "\x1b[31mmerah\x1b]8;;https://evil.example\x07tautan\x1b]8;;\x07\x9b2J\x07"

HOSTILE_RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>{CLICK}</title><link>https://jahat.example/</link>
<item>
  <title>{CLICK} {CLOSE} {LINK}</title>
  <link>https://jahat.example/1</link>
  <guid>jahat-1</guid>
  <pubDate>Fri, 02 May 2025 09:50:00 +0000</pubDate>
  <dc:creator>{BOLD}</dc:creator>
  <description><![CDATA[<p>Isi {CLICK} dan {CLOSE} serta {LINK}.</p>
    <p>Kutipan <b>{BOLD}</b> <a href="javascript:alert(1)">{CLICK}</a></p>]]></description>
  <media:content url="https://img.example/a.jpg" medium="image">
    <media:description>{CLICK} keterangan</media:description>
    <media:credit>{CLOSE}</media:credit>
  </media:content>
</item>
<item>
  <title>Berita kedua {BOLD}</title>
  <link>https://jahat.example/2</link>
  <guid>jahat-2</guid>
  <pubDate>Fri, 02 May 2025 09:40:00 +0000</pubDate>
  <description>Ringkasan kedua.</description>
</item>
</channel></rss>
""".encode()


def hostile_store(path: Path) -> Store:
    """The hostile feed parsed for real, under a source and section named with markup."""
    parsed = parse_feed(HOSTILE_RSS, "https://jahat.example/rss")
    store = Store.open(path)
    store.sync_feeds([FeedSpec(source=CLICK, section=BOLD, url="https://jahat.example/rss")])
    (feed,) = store.feeds()
    outcome = FetchOutcome(at=NOW, status=200)
    store.save_fetch(
        feed.id,
        parsed,
        outcome,
        etag=None,
        last_modified=None,
        body_hash=None,
        failures=0,
        retry_at=None,
        now=NOW,
    )
    first = store.headlines(HeadlineFilter(), limit=1)[0]
    store.save_full_text(
        first.id,
        text=None,
        credits=Credits(reporter=CLICK, editor=CLOSE, publisher=BOLD, photographer=LINK),
        image=None,
        view_count=None,
        error=None,
        now=NOW,
    )
    return store


def make_app(store: Store) -> BeritaApp:
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    app.animation_level = "none"
    return app


def drawn_lines(app: BeritaApp) -> list[str]:
    """Every line every visible widget of the current screen draws, as plain text."""
    lines: list[str] = []
    for widget in app.screen.query("*"):
        region = widget.region
        if not widget.display or not region.area:
            continue
        strips = widget.render_lines(Region(0, 0, region.width, region.height))
        lines.extend(strip.text for strip in strips)
    return lines


def assert_no_controls(lines: list[str]) -> None:
    for line in lines:
        bad = [c for c in line if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]
        assert not bad, f"control characters {bad!r} drawn in {line!r}"


async def ready(app: BeritaApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_markup_in_every_field_is_shown_literally(tmp_path: Path) -> None:
    store = hostile_store(tmp_path / "jahat.sqlite3")
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        text = "\n".join(drawn_lines(app))
        assert f"{CLICK} {CLOSE} {LINK}" in text  # the title, in the list and the article
        assert text.count(CLICK) >= 6  # + source in list/tree/byline, body, caption, credit
        assert BOLD in text  # section name and author
        assert "Isi [@click=app.quit]x[/] dan [/] serta" in text
        assert "Reporter" in text and "Fotografer" in text
        svg = app.export_screenshot()
        assert "[@click=app.quit]x[/]" in svg
        assert_no_controls(drawn_lines(app))


async def test_clicking_feed_markup_does_nothing(tmp_path: Path) -> None:
    store = hostile_store(tmp_path / "jahat.sqlite3")
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        # Each of these lines starts with the hostile text; parsed as markup, its first cells
        # would be an "x" carrying the quit action.
        for selector, first in (
            ("#article-title", 0),
            ("#article-byline", 0),
            ("#article-photo", 2),
        ):
            for x in (first, first + 1):
                await pilot.click(selector, offset=(x, 0))
        for x in (2, 4):
            await pilot.click(SectionTree, offset=(x, 2))  # the source node
        await pilot.click(HeadlineList, offset=(30, 0))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_hostile_errors_and_names_in_notifications(tmp_path: Path) -> None:
    store = build_store(
        tmp_path / "berita.sqlite3",
        [FeedData(CLICK, CLOSE, [entry("a", "Biasa saja", 5)], error=f"{CLICK} {CONTROLS}")],
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(app, pilot)
        tree = app.screen.query_one(SectionTree)
        (feed,) = store.feeds()
        tree.focus()
        tree.select_key(("feed", feed.id))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any(CLICK in text and CLOSE in text for text in toasts), toasts
        assert_no_controls(drawn_lines(app))
        assert app.is_running


async def test_control_characters_in_the_store_never_reach_the_terminal(tmp_path: Path) -> None:
    """Even text that skipped the parser's cleaning (an old or edited database) is drawn clean."""
    raw = FeedData(
        f"Sumber {CONTROLS}",
        f"Rubrik {CONTROLS}",
        [
            entry(
                "raw-1",
                f"Judul {CONTROLS} {CLICK}",
                3,
                body=f"<p>Isi {CONTROLS}</p>",
                author=CONTROLS,
                image=Image("https://img.example/x.jpg", caption=CONTROLS, credit=CONTROLS),
                credits=Credits(reporter=CONTROLS, editor=CONTROLS),
            ),
            entry("raw-2", f"Kedua {CONTROLS}", 60),
        ],
    )
    store = build_store(tmp_path / "raw.sqlite3", [raw, raw_copy(raw)])
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        lines = drawn_lines(app)
        assert any("merah" in line for line in lines)
        assert_no_controls(lines)
        await pilot.press("t", "enter")  # the ticker's story view shows them too
        await pilot.pause()
        assert_no_controls(drawn_lines(app))


def raw_copy(data: FeedData) -> FeedData:
    """The same story from a second source, so it trends and the story view opens."""
    copy = FeedData("Sumber kedua", "Rubrik", [])
    copy.entries = [
        entry("copy-1", data.entries[0].title, 4, body="<p>Salinan</p>"),
    ]
    return copy


@pytest.mark.parametrize("title", [CLOSE, "[", "]", "[[/]]", "[bold red on blue", "\\[x]"])
async def test_bracket_titles_raise_nothing(tmp_path: Path, title: str) -> None:
    store = build_store(tmp_path / "b.sqlite3", [FeedData(title, title, [entry("b", title, 1)])])
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        assert any(title in line for line in drawn_lines(app))
        assert app.is_running
