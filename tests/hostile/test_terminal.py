"""What reaches the terminal: the real app under a pty, markup clicked with the pilot, links
opened, and rows of hostile widths.

1. `berita` runs in a pseudo-terminal on feeds (and database rows) carrying terminal commands in
   every field; keys and clicks go in, and every byte it writes is read back as the escape
   sequences a terminal would execute, beside a run on harmless text.
2. Markup in titles and names is clicked where it is drawn; it stays text.
3. `o` opens only absolute http(s) links, shown to the reader first, with no shell.
4. Bidi controls, zero-width characters, 10,000 combining marks and wide characters in titles:
   every row of the headline list keeps the list's width, and moving the cursor stays quick.
"""

from __future__ import annotations

import html
import subprocess
import time
import webbrowser
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Offset, Region
from textual.widget import Widget

from tests.hostile import terminal_feeds
from tests.hostile.conftest import Bounds
from tests.hostile.terminal import (
    ENTER,
    ESCAPE,
    SHIFT_TAB,
    TAB,
    PtyRun,
    kinds,
    mouse_click,
    run_in_pty,
    xdg_env,
)
from tests.hostile.terminal_feeds import World
from tests.support.reader_data import FeedData, build_store, clock, entry, reader_config
from tests.support.server import FeedServer
from tui.app import BeritaApp
from tui.cli import main
from tui.model import Credits, Entry, Image
from tui.paths import Paths
from tui.store import Store
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList
from tui.widgets.section_tree import SectionTree

SIZE = (100, 30)
# fmt: off
KEYS: list[str | float] = [
    ENTER, "G", 0.3, "k",  # open the newest article (a raw row); its end: full-text error, lists
    TAB, TAB, ESCAPE,  # between panes, back to the list
    "j", "j", "k",
    "/", "banjir", ENTER, 0.3, "/", ESCAPE, ESCAPE,  # a search, another cancelled, cleared
    "t", ENTER, 0.4, ESCAPE, ESCAPE,  # the ticker: its story view
    "d", "?", 0.3, ESCAPE, "d",  # dark theme, help, light theme
    mouse_click(40, 1), 0.4, ESCAPE,  # a click on the ticker opens the item under it
    mouse_click(60, 3),  # a click on a headline
    SHIFT_TAB, *["i", "j"] * 12, 0.3,  # every node of the section tree: why it failed
    ESCAPE, "q",
]
# fmt: on


def run_world(
    root: Path, server: FeedServer, world: World, monkeypatch: pytest.MonkeyPatch
) -> PtyRun:
    """Serve `world`, fetch it with `berita fetch`, add raw rows, and run the reader in a pty."""
    root.mkdir(parents=True)
    env = xdg_env(root)
    for name, value in env.items():
        if name.startswith("XDG_") or name == "HOME":
            monkeypatch.setenv(name, value)
    now = terminal_feeds.now_utc()
    server.routes.clear()
    urls = terminal_feeds.serve(server, world, now)
    config = root / "config.toml"
    terminal_feeds.write_config(config, world, urls)
    assert main(["--config", str(config), "fetch", "--quiet"]) == 1  # three feeds fail
    database = Paths.from_platform().database
    with Store.open(database) as store:
        assert store.count() == 6  # three items from each of the two good feeds
    terminal_feeds.write_raw_rows(database, world, urls, now)
    return run_in_pty(["--config", str(config)], KEYS, env, size=SIZE, timeout=40)


def test_hostile_bytes_never_reach_the_terminal(
    server: FeedServer, tmp_path: Path, bounds: Bounds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader in a pty on hostile feeds and rows: no command of theirs reaches the terminal."""
    baseline = run_world(tmp_path / "aman", server, World(harmless=True), monkeypatch)
    started = time.monotonic()
    hostile = run_world(tmp_path / "jahat", server, World(harmless=False), monkeypatch)
    bounds.seconds(time.monotonic() - started, 45)
    bounds.memory(hostile.peak_bytes, 250)
    for run in (baseline, hostile):
        assert run.exit_code == 0, run.output[-2000:]
        assert "Traceback" not in run.text
        assert "\x1b[?1049l" in run.text[-200:]  # the alternate screen was left
    text = hostile.text
    seen, expected = kinds(text), kinds(baseline.text)
    leaked = [form for form in terminal_feeds.leaked_forms() if form in text]
    assert not leaked, leaked
    # berita itself asks the terminal about image support before the app starts (the Kitty
    # graphics query is an APC, the Sixel one a CSI); a feed may add no string command.
    strings = ("C1", "DCS", "SOS", "PM", "APC")
    assert not [k for k in seen if k.startswith(strings) and seen[k] > expected[k]]
    assert seen["BEL"] == 0 and seen["ESC (lone)"] == 0
    assert {kind for kind in seen if kind.startswith("OSC")} <= {"OSC 22"}  # pointer shape
    assert set(seen) <= set(expected), set(seen) - set(expected)
    assert seen["CSI J"] <= expected["CSI J"]
    # The payloads were drawn, as text.
    visible = [marker for marker in terminal_feeds.MARKERS if marker in text]
    assert len(visible) >= 8, visible
    assert "]0;PWNTITLE" in text


# --- 2. markup, clicked where it is drawn -------------------------------------------------

CLICK = "[@click=app.quit]x[/]"
BOLD = "[b]x[/b]"
LINK = "[link=file:///etc/passwd]y[/link]"
MARKUP = (CLICK, BOLD, LINK)


def markup_store(path: Path) -> Store:
    """Raw rows (as an edited database holds them): markup in names, titles, every field; one
    title told by two sources so the ticker shows it as a story."""
    title = f"{CLICK} {BOLD} {LINK}"

    def article(guid: str, minutes: float) -> Entry:
        return entry(
            guid,
            title,
            minutes,
            body=f"<p>{title}</p><p><a href='https://ok.example/a'>{CLICK}</a></p>",
            author=BOLD,
            image=Image("https://img.example/a.jpg", caption=CLICK, credit=LINK),
            credits=Credits(reporter=CLICK, editor=LINK),
        )

    return build_store(
        path,
        [
            FeedData(CLICK, BOLD, [article("m-1", 1), entry("m-2", LINK, 30)], error=CLICK),
            FeedData(LINK, CLICK, [article("m-3", 2)]),
        ],
    )


def find_text(widget: Widget, text: str) -> list[Offset]:
    """Where `text` starts in each line `widget` draws (widget coordinates)."""
    region = widget.region
    strips = widget.render_lines(Region(0, 0, region.width, region.height))
    found = []
    for y, strip in enumerate(strips):
        x = strip.text.find(text)
        if x >= 0:
            found.append(Offset(cell_len(strip.text[:x]), y))
    return found


def screen_text(app: BeritaApp) -> str:
    lines = []
    for widget in app.screen.query("*"):
        if widget.display and widget.region.area:
            region = widget.region
            lines += [s.text for s in widget.render_lines(Region(0, 0, *region.size))]
    return "\n".join(lines)


async def test_markup_stays_text_where_it_is_clicked(
    tmp_path: Path, bounds: Bounds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markup in titles, names, ticker and tree is drawn literally; clicking it does nothing."""
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    app = BeritaApp(config=reader_config(), store=markup_store(tmp_path / "m.db"), clock=clock)
    app.animation_level = "none"  # the ticker stands still under the pointer
    async with app.run_test(size=(160, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        with bounds.time(10):
            text = screen_text(app)
            for markup in MARKUP:
                assert markup in text, markup
            targets = [  # in this order: each click may change what the others show
                (screen.query_one("#article-title"), CLICK),
                (screen.query_one("#article-byline"), BOLD),
                (screen.query_one("#article-photo"), CLICK),
                (screen.query_one("#ticker"), "x[/]"),
                (screen.query_one("#headlines"), CLICK),
                (screen.query_one("#headlines"), LINK),
                (screen.query_one(SectionTree), CLICK[:12]),  # cut to the tree's width
                (screen.query_one(SectionTree), LINK[:12]),
            ]
            clicks = stories = 0
            for widget, markup in targets:
                spots = find_text(widget, markup)
                assert spots, f"{markup} not drawn in {widget}"
                x, y = spots[0]
                await pilot.click(widget, offset=(x + len(markup) // 2, y))  # inside the tag
                clicks += 1
                if app.screen is not screen:  # the ticker opened a story view
                    stories += 1
                    await pilot.press("escape")
                assert app.is_running and app.return_code is None
        assert clicks == 8 and stories == 1
        await pilot.pause()
        assert app.is_running
        svg = app.export_screenshot()
        assert "[@click=app.quit]x[/]" in svg and "[b]x[/b]" in svg
    assert opened == []


# --- 3. links -----------------------------------------------------------------------------

# link → what may be opened (None: nothing)
LINKS: dict[str, str | None] = {
    "javascript:alert(1)": None,
    "JaVaScRiPt:alert(document.cookie)": None,
    "file:///etc/passwd": None,
    "--incognito": None,
    "-new-window https://evil.example": None,
    "data:text/html,<script>alert(1)</script>": None,
    "vbscript:msgbox(1)": None,
    "ftp://evil.example/x": None,
    "http://": None,
    "//evil.example/x": None,
    "\\\\evil.example\\share": None,
    "http://exa\u202emple.com/": "http://example.com/",
    "https://ok.example/a\u200bb\x1b]52;c;eA==\x07": "https://ok.example/ab]52;c;eA==",
    "HTTPS://OK.example/Besar": "HTTPS://OK.example/Besar",
}


async def test_only_absolute_http_links_are_opened(
    tmp_path: Path, bounds: Bounds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`o`, `i` and body links open only absolute http(s) URLs, shown first; no shell."""
    events: list[tuple[str, str]] = []
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []

    def browser(*args: object, **kwargs: object) -> bool:
        calls.append((args, kwargs))
        events.append(("open", str(args[0])))
        return True

    def popen(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a process was started: {args} {kwargs}")

    monkeypatch.setattr(webbrowser, "open", browser)
    monkeypatch.setattr(subprocess, "Popen", popen)
    links = list(LINKS)
    entries = [
        entry(
            f"l-{n}",
            f"Tautan {n}",
            n,
            link=link,
            image=Image(link, caption="foto"),
            body=f'<p><a href="{html.escape(link)}">baca</a></p>',
        )
        for n, link in enumerate(links)
    ]
    store = build_store(tmp_path / "l.db", [FeedData("Kabar", "Umum", entries)])
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    app.animation_level = "none"
    original_notify = app.notify

    def notify(message: object, *args: object, **kwargs: object) -> None:
        events.append(("notify", str(message)))
        original_notify(message, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(160, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one(HeadlineList)
        with bounds.time(8):
            for index, link in enumerate(links):
                listing.move_cursor(index)
                listing.action_select()
                await pilot.pause()
                shown = app.screen.query_one(ArticleView).article
                assert shown is not None and shown.link == link
                events.clear()
                await pilot.press("o", "i")
                await app.screen.run_action("open_link(1)")
                await pilot.pause()
                expected = LINKS[link]
                opened = [url for kind, url in events if kind == "open"]
                if expected is None:
                    assert opened == [], (link, events)
                    assert any(kind == "notify" for kind, _ in events)  # "no link" said
                    continue
                assert opened[:2] == [expected, expected], (link, events)  # `o` and `i`
                for position, (kind, url) in enumerate(events):
                    if kind == "open":  # the URL was shown, just before it was opened
                        assert position > 0, events
                        assert events[position - 1] == ("notify", f"Membuka {url}"), events
    for args, kwargs in calls:
        assert len(args) == 1 and isinstance(args[0], str) and not kwargs
        assert args[0].split(":", 1)[0].lower() in ("http", "https")


# --- 4. layout ----------------------------------------------------------------------------

WIDTHS: dict[str, str] = {
    "bidi override": "\u202eharga naik\u202c lalu \u2067isolasi\u2069 \u200fRLM\u200e",
    "zero width": "ab\u200b\u200c\u200d\u2060\ufeffcd " * 20,
    "10,000 combining marks": "a" + "\u0301" * 10_000 + "b",
    "zalgo, Cyrillic": "z" + "\u0489" * 10_000,
    "combining first": "\u0301\u0301\u20dd judul",
    "CJK": "漢字" * 300,
    "CJK, odd cut": "a漢字" * 300,
    "flags and emoji": "🇮🇩🎉" * 200,
    "family (ZWJ)": "👨\u200d👩\u200d👧" * 100,
    "skin tones": "👍🏽" * 100,
    "VS16": "❤\ufe0f" * 100,
    "fullwidth": "ｗｉｄｅ" * 100,
    "Hangul fillers": "\u115f\u3164\u1160x" * 100,
    "tabs and newlines": "a\tb\nc\rd\x0be\x0cf",
    "RTL script": "مرحبا بالعالم " * 30,
}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


async def test_hostile_widths_keep_rows_aligned(tmp_path: Path, bounds: Bounds) -> None:
    """Bidi, zero-width, 10,000 marks, wide CJK/emoji titles: rows keep their width; 20 moves.

    Every row of the headline list (and every line drawn on screen) has the widget's width, in
    cells and as graphemes, no bidi control and a bounded number of code points; 20 cursor
    moves, each previewing its article and drawing the whole screen, take under 0.5 s."""
    entries = [
        entry(f"w-{n}", title, n, body=f"<p>{title}</p>", author=title[:500])
        for n, title in enumerate(WIDTHS.values())
    ]
    names = ["漢字媒体" * 5, "\u202eSumber\u200b", "a" + "\u0301" * 5000]
    sources = [FeedData(name, name, entries[i::3]) for i, name in enumerate(names)]
    store = build_store(tmp_path / "w.db", sources)
    app = BeritaApp(config=reader_config(), store=store, clock=clock)
    app.animation_level = "none"
    async with app.run_test(size=(160, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        listing = screen.query_one(HeadlineList)
        width = listing.scrollable_content_region.width

        def check_rows() -> None:
            for y in range(len(WIDTHS)):
                text = listing.render_line(y).text
                assert listing.render_line(y).cell_length == width, (y, text)
                assert cell_len(text) == width, (y, text)  # the whole line, as graphemes
                assert len(text) <= 3 * width, (y, len(text))  # no 10,000 marks per redraw
                assert not BIDI & set(text), (y, text)

        check_rows()
        moves = [*range(1, len(WIDTHS)), *range(len(WIDTHS) - 2, len(WIDTHS) - 8, -1)]
        started = time.monotonic()
        for index in moves:
            listing.move_cursor(index)
            screen.preview(listing.current.id)
            screen_text(app)
        bounds.seconds(time.monotonic() - started, 0.5)
        assert len(moves) == 20
        await pilot.press("j", "k", "enter")
        await pilot.pause()
        check_rows()
        for widget in screen.query("*"):
            if widget.display and widget.region.area:
                region = widget.region
                for strip in widget.render_lines(Region(0, 0, *region.size)):
                    assert strip.cell_length == region.width, (widget, strip.text)
        assert app.is_running
