"""The reader survives database errors: disk full, reads failing, a read-only store.

Each failure becomes one line in the reader (through tui/screens/store_errors.py), the app runs
on, and the list and the article stay as they were. When an error does get out of every
handler, `berita` does not exit 0 (a StoreError: one line, exit 3).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from tests.support.reader_data import JAKARTA, build_store, clock, many_feeds, reader_config
from tui.app import BeritaApp
from tui.cli import EXIT_STORE, main, reader_exit_code
from tui.model import HeadlineFilter
from tui.refresh import RefreshReport
from tui.screens.reader import ReaderScreen
from tui.screens.store_errors import StoreTrouble
from tui.store import Store, StoreError
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList
from tui.widgets.strings import Locale
from tui.widgets.ticker import Ticker

WIDE = (160, 48)
FULL = "database or disk is full"
READONLY_NOTICE = "Hanya-baca: tanda dibaca dan bintang tidak disimpan"
READONLY_SHORT = "Hanya-baca: tidak disimpan"


class Notes(list[tuple[str, dict[str, Any]]]):
    """The app's notifications: their text, and how they were asked for."""

    def __call__(self, message: str, **kwargs: Any) -> None:
        self.append((str(message), kwargs))

    def text(self) -> str:
        return "\n".join(message for message, _ in self)

    def count(self, text: str) -> int:  # type: ignore[override]
        return sum(text in message for message, _ in self)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "berita.sqlite3")


def failing_writes(store: Store) -> None:
    """Every write of `store` fails as a full disk makes it fail (the store's own words)."""

    def full() -> Any:
        raise StoreError(f"database {store.path}: {FULL}")

    store._write = full  # type: ignore[method-assign]


def disk_full_in_sqlite(store: Store) -> None:
    """Every write the reader makes fails inside SQLite itself: temporary triggers (on this
    connection only) abort them with the words of a full disk."""
    for table, event in (("reading", "UPDATE"), ("settings", "INSERT"), ("settings", "UPDATE")):
        store._connection.execute(
            f"CREATE TEMP TRIGGER full_{table}_{event} BEFORE {event} ON main.{table}"
            f" BEGIN SELECT RAISE(ABORT, '{FULL}'); END"
        )


def failing_reads(store: Store) -> None:
    def broken() -> Any:
        raise StoreError(f"database {store.path}: disk I/O error")

    store._read = broken  # type: ignore[method-assign]


def make_app(store: Store, notes: Notes, **kwargs: Any) -> BeritaApp:
    app = BeritaApp(config=reader_config(), store=store, clock=clock, **kwargs)
    app.notify = notes  # type: ignore[method-assign]
    return app


async def settle(app: BeritaApp, pilot: Any, delay: float | None = None) -> None:
    with contextlib.suppress(WorkerFailed):  # the reader reported it; the test looks at that
        await app.workers.wait_for_complete()
    await pilot.pause(delay)
    await pilot.pause()


def listing(app: BeritaApp) -> HeadlineList:
    return app.screen.query_one("#headlines", HeadlineList)


def shown(app: BeritaApp) -> list[tuple[int, bool, bool]]:
    """The rows the list holds: id, read, starred."""
    rows = listing(app)
    return [(h.id, h.read, h.starred) for h in (rows.row(i) for i in range(rows.row_count)) if h]


def shown_article(app: BeritaApp) -> int | None:
    article = app.screen.query_one("#article", ArticleView).article
    return article.id if article is not None else None


def assert_alive(app: BeritaApp) -> None:
    assert app.is_running and app.return_code is None
    assert isinstance(app.screen, ReaderScreen) and app.screen.is_running


# -- writes fail --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["s", "m", "enter", "A", "d", "T"])
async def test_a_failed_write_is_one_line_and_the_reader_goes_on(store: Store, key: str) -> None:
    notes = Notes()
    app = make_app(store, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = shown(app)
        article = shown_article(app)
        theme = app.theme
        first = listing(app).current
        assert first is not None
        failing_writes(store)
        await pilot.press(key)
        await settle(app, pilot, 0.5)  # past the debounced section counts
        assert_alive(app)
        errors = [(text, kw) for text, kw in notes if FULL in text]
        assert len(errors) == 1, notes.text()
        text, kwargs = errors[0]
        assert text == f"Gagal menyimpan: database {store.path}: {FULL}"
        assert kwargs["markup"] is False and kwargs["severity"] == "error"
        assert shown(app) == rows  # not saved: not shown either
        assert shown_article(app) == article
        if key == "enter":  # opened all the same, not counted
            assert isinstance(app.focused, ArticleView)
            assert store.article(first.id).read_count == 0
        if key == "d":  # the theme changes for now; it is not remembered
            assert app.theme != theme
            assert store.get_setting("theme") is None
        if key == "T":
            assert not app.screen.query_one(Ticker).display
            assert store.get_setting("ticker") is None
        await pilot.press("j", "k")  # and keeps working
        await pilot.pause(0.2)
        assert listing(app).current.id == first.id
    assert store.count(HeadlineFilter(unread=True)) == store.count(HeadlineFilter())
    assert store.count(HeadlineFilter(starred=True)) == 0


async def test_a_theme_from_the_palette_that_cannot_be_saved(store: Store) -> None:
    notes = Notes()
    app = make_app(store, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        failing_writes(store)
        app.theme = "mode-gelap"  # what picking it in the command palette does
        await pilot.pause()
        assert_alive(app)
        assert notes.count(FULL) == 1
        assert app.theme == "mode-gelap"
    assert store.get_setting("theme") is None


async def test_a_real_sqlite_failure_rolls_back_and_is_reported(store: Store) -> None:
    """No stand-in: SQLite itself refuses the writes (temporary triggers raise), through the
    store's BEGIN IMMEDIATE, ROLLBACK and error wording."""
    disk_full_in_sqlite(store)
    notes = Notes()
    app = make_app(store, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = shown(app)
        for key in ("s", "m", "A", "enter", "T"):
            await pilot.press(key)
            await pilot.pause()
        await settle(app, pilot, 0.5)
        assert_alive(app)
        assert f"database {store.path}: {FULL}" in notes.text()
        assert notes.count(FULL) == 1  # the same line is not stacked while it is up
        assert shown(app) == rows
    assert not store._connection.in_transaction
    assert store.count(HeadlineFilter(starred=True)) == 0
    assert store.count(HeadlineFilter(unread=True)) == store.count(HeadlineFilter())


async def test_a_refresh_that_cannot_save_says_so_once(store: Store) -> None:
    def refresh(feed_ids: Any, progress: Any) -> RefreshReport:
        raise StoreError(f"database {store.path}: {FULL}")

    notes = Notes()
    app = make_app(store, notes, refresh=refresh)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = shown(app)
        await pilot.press("R")
        await settle(app, pilot)
        assert_alive(app)
        assert notes.text().count(f"Gagal menyimpan: database {store.path}: {FULL}") == 1
        assert "StoreError" not in notes.text()
        assert app.screen.query_one("#header").progress == ""
        assert shown(app) == rows


# -- reads fail ---------------------------------------------------------------------------------


READS = {
    "preview": ["j"],
    "open": ["enter"],
    "full text read back": ["f"],
    "refresh read back": ["R"],
    "search": ["slash", "b", "enter"],
    "section": ["shift+tab", "down", "down", "enter"],
    "trending story": ["t", "enter"],
    "refresh one source": ["shift+tab", "down", "down", "r"],
}


@pytest.mark.parametrize("keys", READS.values(), ids=READS.keys())
async def test_failed_reads_leave_the_list_and_the_article_as_they_were(
    store: Store, keys: list[str]
) -> None:
    def refresh(feed_ids: Any, progress: Any) -> RefreshReport:
        return RefreshReport(new=1)

    def fetch_full(article_id: int) -> None:
        return None

    notes = Notes()
    app = make_app(store, notes, refresh=refresh, fetch_full=fetch_full)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        rows = shown(app)
        article = shown_article(app)
        header = screen.header.section
        failing_reads(store)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.1)
        await settle(app, pilot, 0.5)
        assert_alive(app)
        failures = [text for text, _ in notes if "disk I/O error" in text]
        assert f"Gagal membaca basis data: database {store.path}: disk I/O error" in failures
        assert all(kwargs["markup"] is False for _, kwargs in notes)
        assert shown(app) == rows
        assert shown_article(app) == article
        assert screen.header.section == header
        assert screen.query_text is None and screen.base_filter == HeadlineFilter()


async def test_rows_that_cannot_be_read_are_blank_until_they_can(tmp_path: Path) -> None:
    """The list reads its pages while drawing: a failure there is reported after the frame."""
    store = build_store(tmp_path / "many.sqlite3", many_feeds(450))
    notes = Notes()
    app = make_app(store, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        rows = listing(app)
        article = shown_article(app)
        failing_reads(store)
        await pilot.press("G")  # to row 450, on a page not read yet
        await settle(app, pilot, 0.2)
        assert_alive(app)
        assert rows.row_count == 450 and rows.cursor == 449
        assert rows.current is None
        assert shown_article(app) == article
        assert notes.count("Gagal membaca basis data") == 1
        del store._read  # the disk is back
        await pilot.press("k", "j")
        await settle(app, pilot, 0.2)
        assert rows.current is not None and shown_article(app) == rows.current.id


async def test_a_trending_worker_that_cannot_read(store: Store, monkeypatch: Any) -> None:
    def broken(since: Any) -> Any:
        raise StoreError(f"database {store.path}: disk I/O error")

    monkeypatch.setattr(store, "trending_inputs", broken)
    notes = Notes()
    app = make_app(store, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert_alive(app)
        assert notes.text() == f"Gagal membaca basis data: database {store.path}: disk I/O error"
        assert listing(app).row_count == store.count(HeadlineFilter())


# -- read-only ----------------------------------------------------------------------------------


@pytest.fixture
def readonly(tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "ro.sqlite3"
    build_store(path).close()
    with Store.open(path, readonly=True) as store:
        yield store


async def test_read_only_says_so_once_and_survives_the_keys(readonly: Store) -> None:
    notes = Notes()
    app = make_app(readonly, notes)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert notes.text() == READONLY_NOTICE
        rows = shown(app)
        first = listing(app).current
        for key in ("s", "m", "enter", "escape", "A", "d", "T", "s", "m"):
            await pilot.press(key)
            await pilot.pause()
        await settle(app, pilot, 0.5)
        assert_alive(app)
        assert notes.count(READONLY_NOTICE) == 1
        assert "Gagal" not in notes.text()  # no error per refused write
        assert shown(app) == rows
        assert shown_article(app) == first.id  # opened, not counted
        assert readonly.article(first.id).read_count == 0


async def test_read_only_refusals_after_the_notice_are_short(readonly: Store) -> None:
    ticks = [0.0]
    notes = Notes()
    app = make_app(readonly, notes)
    app.trouble._clock = lambda: ticks[0]  # the notice is long gone when s is pressed
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        ticks[0] = 60.0
        await pilot.press("s")
        ticks[0] = 120.0
        await pilot.press("s")
        await pilot.press("m")  # within the short line's time: not stacked
        await pilot.pause()
        assert_alive(app)
        assert [text for text, _ in notes] == [READONLY_NOTICE, READONLY_NOTICE, READONLY_SHORT]


def test_the_english_reader_says_it_in_english(tmp_path: Path) -> None:
    said: list[str] = []

    def notify(message: str, **kwargs: Any) -> None:
        said.append(message)

    store = build_store(tmp_path / "en.sqlite3")
    trouble = StoreTrouble(store, Locale("en", JAKARTA, clock), notify)
    trouble.report(StoreError(f"database {store.path}: {FULL}"), saving=True)
    trouble.report(StoreError("database x: disk I/O error"), saving=False)
    store.readonly = True
    trouble.started()
    for _ in range(2):
        with contextlib.suppress(StoreError):
            trouble.save(store.set_starred, 1, True)
    assert said == [
        f"Could not save: database {store.path}: {FULL}",
        "Could not read the database: database x: disk I/O error",
        "Read-only: read marks and stars are not saved",
        "Read-only: not saved",
    ]


def test_feed_words_in_an_error_stay_words(tmp_path: Path) -> None:
    """An error may quote a path or feed text: one line, no controls, and never markup."""
    said: list[tuple[str, dict[str, Any]]] = []
    store = build_store(tmp_path / "x.sqlite3")
    trouble = StoreTrouble(
        store, Locale("id", JAKARTA, clock), lambda message, **kw: said.append((message, kw))
    )
    trouble.report(StoreError("database /tmp/[b]x[/b]\x1b[31m\nmerah: full"), saving=False)
    ((text, kwargs),) = said
    assert text == "Gagal membaca basis data: database /tmp/[b]x[/b][31m merah: full"
    assert kwargs["markup"] is False


# -- the exit code ------------------------------------------------------------------------------


async def test_an_error_no_handler_caught_is_not_exit_0(store: Store, monkeypatch: Any) -> None:
    def broken(self: ReaderScreen) -> None:
        raise StoreError(f"database {store.path}: {FULL}")

    monkeypatch.setattr(ReaderScreen, "action_help", broken)  # as if a handler were unguarded
    app = make_app(store, Notes())
    with pytest.raises(StoreError):
        async with app.run_test(size=WIDE) as pilot:
            await settle(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.return_code == 1
    with pytest.raises(StoreError, match=FULL):
        reader_exit_code(app)  # main prints it as one line and exits 3

    def crash(self: ReaderScreen) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ReaderScreen, "action_help", crash)
    app = make_app(store, Notes())
    with pytest.raises(RuntimeError):
        async with app.run_test(size=WIDE) as pilot:
            await settle(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.store_error is None
    assert reader_exit_code(app) == 1


@pytest.mark.parametrize(
    ("error", "code"), [(StoreError("database /x: " + FULL), EXIT_STORE), (RuntimeError("bug"), 1)]
)
def test_berita_exits_non_zero_when_the_reader_dies(
    monkeypatch: Any, capsys: pytest.CaptureFixture[str], error: Exception, code: int
) -> None:
    """`berita` itself: the reader runs (headless), dies of `error` at start, and the exit
    code says so; a StoreError is one line on stderr, not a traceback."""

    def dies(self: ReaderScreen) -> None:
        raise error

    run = BeritaApp.run
    monkeypatch.setattr(ReaderScreen, "_first_load", dies)
    monkeypatch.setattr(BeritaApp, "run", lambda self: run(self, headless=True, size=(80, 24)))
    assert main([]) == code
    err = capsys.readouterr().err
    if code == EXIT_STORE:
        assert err == f"berita: database /x: {FULL}\n"
    else:
        assert "RuntimeError" in err


def test_sqlite_refusing_is_what_the_triggers_test_relies_on(tmp_path: Path) -> None:
    """The temporary-trigger stand-in for a full disk is a real sqlite3 error the store words."""
    store = build_store(tmp_path / "t.sqlite3")
    disk_full_in_sqlite(store)
    with pytest.raises(StoreError, match=f"database {store.path}: {FULL}") as caught:
        store.set_starred(store.headlines()[0].id, True)
    assert isinstance(caught.value.__cause__, sqlite3.Error)
