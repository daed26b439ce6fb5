"""The reader, driven through Textual's pilot against a real temporary store."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.support.reader_data import (
    NOW,
    FeedData,
    build_store,
    clock,
    entry,
    reader_config,
    save_entries,
)
from tui.app import BeritaApp
from tui.model import FetchOutcome, HeadlineFilter
from tui.refresh import RefreshProgress, RefreshReport
from tui.screens.help import HelpScreen
from tui.screens.story import StoryScreen
from tui.store import Store
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList
from tui.widgets.section_tree import SectionTree
from tui.widgets.ticker import Ticker

WIDE = (160, 48)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "berita.sqlite3")


def make_app(store: Store, **kwargs: Any) -> BeritaApp:
    config = kwargs.pop("config", None) or reader_config()
    return BeritaApp(config=config, store=store, clock=clock, **kwargs)


class Notes(list):
    """Captures the app's notifications as plain text."""

    def __call__(self, message: str, **kwargs: Any) -> None:
        self.append(str(message))

    def text(self) -> str:
        return "\n".join(self)


async def settle(app: BeritaApp, pilot: Any, delay: float | None = None) -> None:
    """Wait for the workers, the messages they posted, and one more frame."""
    await app.workers.wait_for_complete()
    await pilot.pause(delay)
    await pilot.pause()


def headlines(app: BeritaApp) -> HeadlineList:
    return app.screen.query_one("#headlines", HeadlineList)


def article_view(app: BeritaApp) -> ArticleView:
    return app.screen.query_one("#article", ArticleView)


def newest_id(store: Store) -> int:
    return store.headlines(HeadlineFilter(), limit=1)[0].id


async def test_launch_highlights_newest_and_previews_without_reading(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        listing = headlines(app)
        assert app.focused is listing
        assert listing.cursor == 0
        assert listing.current is not None and listing.current.id == newest_id(store)
        shown = article_view(app).article
        assert shown is not None and shown.id == newest_id(store)
        assert store.article(newest_id(store)).read_count == 0  # a preview is not a read


async def test_cursor_keys_move_and_preview_follows(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        listing = headlines(app)
        await pilot.press("j", "j", "down")
        assert listing.cursor == 3
        await pilot.press("k")
        assert listing.cursor == 2
        await pilot.press("G")
        assert listing.cursor == store.count(HeadlineFilter()) - 1
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("j")
        await pilot.pause(0.2)
        assert article_view(app).article.id == listing.current.id


async def test_enter_opens_counts_a_read_and_marks_the_row(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        first = headlines(app).current
        assert first is not None and not first.read
        await pilot.press("enter")
        assert store.article(first.id).read_count == 1
        assert store.article(first.id).read
        assert headlines(app).current.read
        assert app.focused is article_view(app)
        assert "Dibaca 1 kali" in str(app.screen.query_one("#article-reads").render())
        await pilot.press("escape", "enter")
        assert store.article(first.id).read_count == 2


async def test_tab_moves_between_panes(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")
        assert app.focused is article_view(app)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, HeadlineList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, SectionTree)
        assert not isinstance(app.focused, Ticker)  # the ticker is reached with `t` only


async def test_n_and_p_jump_between_unread(store: Store) -> None:
    rows = store.headlines(HeadlineFilter(), limit=5)
    for row in rows[1:4]:
        store.set_read(row.id, True)
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert headlines(app).current.id == rows[4].id
        await pilot.press("p")
        assert headlines(app).current.id == rows[0].id
        assert store.article(rows[0].id).read_count == 0  # moving in the list only previews


async def test_space_pages_the_article_then_opens_the_next_unread(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = article_view(app)
        first = headlines(app).current
        for _ in range(10):
            if view.max_scroll_y:
                break
            await pilot.pause(0.05)
        assert view.max_scroll_y > 0  # the rich article is longer than the pane
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0
        for _ in range(20):
            if view.at_end:
                break
            await pilot.press("space")
            await pilot.pause()
        assert headlines(app).current.id == first.id
        await pilot.press("space")
        second = headlines(app).current
        assert second.id != first.id
        assert store.article(second.id).read_count == 1


async def test_m_and_s_persist_in_the_store(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        current = headlines(app).current
        await pilot.press("m")
        assert store.article(current.id).read
        await pilot.press("m")
        assert not store.article(current.id).read
        await pilot.press("s")
        assert store.article(current.id).starred
        assert headlines(app).current.starred
        assert [h.id for h in store.headlines(HeadlineFilter(starred=True))] == [current.id]


async def test_search_lists_matches_and_escape_clears(store: Store) -> None:
    app = make_app(store)
    total = store.count(HeadlineFilter())
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press("b", "e")
        app.screen.query_one("#search", Input).value = "bendungan"
        await pilot.press("enter")
        await pilot.pause()
        listing = headlines(app)
        assert listing.row_count == 1
        assert "bendungan" in listing.current.title
        assert app.focused is listing
        await pilot.press("escape")
        await pilot.pause()
        assert listing.row_count == total


async def test_d_toggles_theme_and_a_new_app_remembers_it(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert app.theme == "koran"
        await pilot.press("d")
        assert app.theme == "mode-gelap"
        assert app.current_theme.dark
    assert store.get_setting("theme") == "mode-gelap"
    assert make_app(store).theme == "mode-gelap"


async def test_starting_the_reader_saves_no_theme(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert app.theme == "koran"  # the config's, not stored: a start is not a choice
    assert store.get_setting("theme") is None


async def test_ticker_focus_enter_opens_the_story_view(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ticker = app.screen.query_one(Ticker)
        assert ticker.items, "the trending worker filled the ticker"
        story = ticker.items[0]
        assert story.is_story and story.sources == 3  # the flood, told by three newsrooms
        await pilot.press("t")
        assert app.focused is ticker and not ticker.running
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert len(app.screen.articles) == 3
        chosen = app.screen.articles[0].id
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, StoryScreen)
        assert store.article(chosen).read_count == 1
        assert headlines(app).current.id == chosen


async def test_ticker_single_article_item_opens_it(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ticker = app.screen.query_one(Ticker)
        index = next(i for i, item in enumerate(ticker.items) if not item.is_story)
        await pilot.press("t", *["right"] * index)
        await pilot.press("enter")
        await pilot.pause()
        assert store.article(ticker.items[index].lead_article_id).read_count == 1


async def test_ticker_can_be_hidden_and_the_choice_is_kept(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        assert not app.screen.query_one(Ticker).display
    assert store.get_setting("ticker") == "off"
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one(Ticker).display


async def test_ticker_scrolls_and_pauses_on_hover(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ticker = app.screen.query_one(Ticker)
        start = ticker.offset_cells
        await pilot.pause(0.4)
        assert ticker.offset_cells > start
        await pilot.hover(Ticker)
        assert not ticker.running
        ticker.pause_animation()
        await pilot.hover("#headlines")
        assert not ticker.running


def adding_refresh(store: Store, feed_id: int, count: int, calls: list[Any]):
    """A refresh fn that saves `count` newer articles, as `berita fetch` would, from its thread."""

    def refresh(feed_ids: Sequence[int] | None, progress: Any) -> RefreshReport:
        calls.append((feed_ids, threading.current_thread().name))
        data = FeedData("Kompas", "Megapolitan")
        data.entries = [entry(f"baru-{i}", f"Berita baru nomor {i}", -5 - i) for i in range(count)]
        save_entries(store, feed_id, data, now=NOW + timedelta(minutes=10))
        outcome = FetchOutcome(at=NOW, status=200, new=count)
        progress(RefreshProgress(done=1, total=1, feed=None, outcome=outcome))
        return RefreshReport(outcomes={feed_id: outcome}, new=count)

    return refresh


async def test_background_refresh_keeps_the_cursor_on_its_article(store: Store) -> None:
    feed_id = next(f.id for f in store.feeds() if f.section == "Megapolitan")
    calls: list[Any] = []
    app = make_app(store, refresh=adding_refresh(store, feed_id, 3, calls))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j")
        reading = headlines(app).current
        await pilot.press("R")
        await settle(app, pilot, 0.3)
        assert calls and calls[0][0] is None
        assert calls[0][1] != threading.current_thread().name  # ran in a worker thread
        listing = headlines(app)
        assert listing.row_count == 17
        assert listing.current.id == reading.id
        assert listing.cursor == 5
        assert "Daring" in app.screen.query_one("#header").status


async def test_r_refreshes_only_the_chosen_section(store: Store) -> None:
    feed_id = next(f.id for f in store.feeds() if f.section == "Megapolitan")
    calls: list[Any] = []
    app = make_app(store, refresh=adding_refresh(store, feed_id, 1, calls))
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(SectionTree)
        tree.focus()
        tree.select_key(("feed", feed_id))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert headlines(app).row_count == 3
        await pilot.press("r")
        await settle(app, pilot, 0.3)
        assert calls[0][0] == [feed_id]
        assert headlines(app).row_count == 4


async def test_refresh_errors_become_notifications_and_offline_shows(store: Store) -> None:
    def broken(feed_ids: Any, progress: Any) -> RefreshReport:
        raise RuntimeError("disk full [b]x[/b]")

    app = make_app(store, refresh=broken)
    notes = Notes()
    app.notify = notes  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        assert "disk full [b]x[/b]" in notes.text()
        assert app.screen.query_one("#header").progress == ""

    offline = make_app(store, refresh=lambda ids, progress: RefreshReport(offline=True))
    async with offline.run_test(size=WIDE) as pilot:
        await settle(offline, pilot)
        await pilot.press("R")
        await settle(offline, pilot)
        assert "Luring" in offline.screen.query_one("#header").status


async def test_without_refresh_the_header_says_offline(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        header = app.screen.query_one("#header")
        assert "Luring" in header.status
        assert "17:00" in header.status  # the cache's last update


async def test_failed_feed_is_marked_and_explained(store: Store) -> None:
    app = make_app(store)
    notes = Notes()
    app.notify = notes  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(SectionTree)
        failed = next(f for f in store.feeds() if f.source == "Detik")
        node = tree.node_data(("feed", failed.id))
        assert node is not None and node.error == "HTTP 503 Service Unavailable"
        tree.focus()
        tree.select_key(("feed", failed.id))
        await pilot.pause()
        line = tree.cursor_line
        assert tree.render_line(line - round(tree.scroll_y)).text.rstrip().endswith("!")
        await pilot.press("i")
        assert "HTTP 503 Service Unavailable" in notes.text()


async def test_open_in_browser_only_for_safe_links(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    opened: list[str] = []
    copied: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "y", "i")
        link = article_view(app).article.link
        assert opened == [link, "https://img.example/rob.jpg"]
        assert copied == [link]

    hostile = build_store(
        tmp_path / "hostile.sqlite3",
        [FeedData("Jahat", "Umum", [entry("x", "Tautan jahat", 1, link="javascript:alert(1)")])],
    )
    app = make_app(hostile)
    opened.clear()
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        assert opened == []


async def test_full_text_fetch(store: Store) -> None:
    notes = Notes()
    app = make_app(store)
    app.notify = notes  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        assert "tidak tersedia" in notes.text()

    def fetch_full(article_id: int) -> None:
        store.save_full_text(
            article_id,
            text="Paragraf lengkap pertama.\n\nParagraf lengkap kedua.",
            credits=None,
            image=None,
            view_count=1234,
            error=None,
            now=NOW,
        )

    app = make_app(store, fetch_full=fetch_full)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        body = app.screen.query_one("#article-body").plain
        assert "Paragraf lengkap kedua." in body
        assert "1.234" in str(app.screen.query_one("#article-reads").render())


async def test_mark_all_read_in_a_section(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert store.count(HeadlineFilter(unread=True)) == 0
        assert not headlines(app).current.read or headlines(app).current.read


async def test_layout_follows_the_terminal_width(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.has_class("narrow")
        assert article_view(app).region.y > headlines(app).region.y
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert not app.screen.has_class("narrow")
        assert article_view(app).region.x > headlines(app).region.x


async def test_help_lists_the_keys(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for words in ("Berikutnya", "Cari", "Bintangi", "Terang/Gelap", "Ctrl+P", "Info sumber"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_lists_berita_commands(store: Store) -> None:
    from tui.commands import BeritaCommands

    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        provider = BeritaCommands(app.screen)
        names = [str(hit.display) async for hit in provider.discover()]
        assert "Perbarui semua" in names and "Pilih tema" in names
        hits = [hit async for hit in provider.search("bintang")]
        assert hits
        await hits[0].command()
        assert headlines(app).current.starred


async def test_clicks_pick_rows_and_sections(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        listing = headlines(app)
        await pilot.click(HeadlineList, offset=(20, 2))
        assert listing.cursor == 2
        await pilot.click(HeadlineList, offset=(20, 2))
        assert store.article(listing.current.id).read_count == 1
        tree = app.screen.query_one(SectionTree)
        await pilot.click(SectionTree, offset=(4, 1))  # "Berbintang"
        await pilot.pause()
        assert tree.cursor_node.data.kind == "starred"
        assert listing.row_count == 0


async def test_launch_refreshes_a_stale_cache_only(store: Store) -> None:
    calls: list[Any] = []

    def refresh(feed_ids: Any, progress: Any) -> RefreshReport:
        calls.append(feed_ids)
        return RefreshReport()

    fresh = BeritaApp(
        config=reader_config(refresh_minutes=30), store=store, clock=clock, refresh=refresh
    )
    async with fresh.run_test(size=WIDE) as pilot:
        await settle(fresh, pilot)
    assert calls == []  # updated at 17:00, and it is 17:00

    later = BeritaApp(
        config=reader_config(refresh_minutes=30),
        store=store,
        clock=lambda: clock() + timedelta(hours=1),
        refresh=refresh,
    )
    async with later.run_test(size=WIDE) as pilot:
        await settle(later, pilot)
    assert calls == [None]


async def test_clicking_a_link_reference_opens_it(store: Store) -> None:
    app = make_app(store)
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        body = app.screen.query_one("#article-body")
        y = next(i for i, line in enumerate(body.lines) if line.startswith("[2]"))
        await pilot.click("#article-body", offset=(1, y))  # "[2]" in the list of links
        assert opened == ["https://bmkg.example/peringatan"]


async def test_ticker_stands_still_under_a_dialog(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ticker = app.screen.query_one(Ticker)
        assert ticker.running
        await pilot.press("question_mark")
        await pilot.pause()
        assert not ticker.running
        await pilot.press("escape")
        await pilot.pause()
        assert ticker.running


async def test_an_article_in_two_sections_counts_once(tmp_path: Path) -> None:
    twice = build_store(
        tmp_path / "twice.sqlite3",
        [
            FeedData("Kompas", "Nasional", [entry("sama", "Satu berita dua rubrik", 5)]),
            FeedData("Kompas", "Politik", [entry("sama", "Satu berita dua rubrik", 5)]),
        ],
    )
    assert twice.count(HeadlineFilter()) == 1
    app = make_app(twice)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(SectionTree)
        assert tree.node_data(("all", "Semua")).unread == 1
        assert tree.node_data(("source", "Kompas")).unread == 1
        sections = [f.id for f in twice.feeds()]
        assert [tree.node_data(("feed", i)).unread for i in sections] == [1, 1]
