"""The reader's keys: moving between unread, paging, links, marks, search, help, theme."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.widgets import Input

from tui.commands import CommandEntry
from tui.sanitize import safe_url
from tui.screens.help import HelpScreen, key_label
from tui.screens.store_errors import StoreTrouble, guarded
from tui.widgets.article_view import ArticleView
from tui.widgets.headline_list import HeadlineList
from tui.widgets.localize import localized, translate_bindings
from tui.widgets.section_tree import SectionTree
from tui.widgets.ticker import Ticker

if TYPE_CHECKING:
    from tui.widgets.strings import Locale


READER_BINDINGS: list[Binding] = [
    Binding("n", "next_unread", "Next unread", id="reader.next_unread"),
    Binding("space", "page", "Page", id="reader.page"),
    Binding("o", "open_browser", "Browser", show=False, id="reader.browser"),
    Binding("s", "star", "Star", show=False, id="reader.star"),
    Binding("r", "refresh", "Refresh", id="reader.refresh"),
    Binding("slash", "search", "Search", id="reader.search"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("q", "app.quit", "Quit", id="app.quit"),
    Binding("d", "toggle_dark", "Light/dark", show=False, id="app.dark"),
    Binding("p", "previous_unread", "Previous unread", show=False, id="reader.prev_unread"),
    Binding("y", "copy_link", "Copy link", show=False, id="reader.copy"),
    Binding("m", "toggle_read", "Read/unread", show=False, id="reader.toggle_read"),
    Binding("R", "refresh_all", "Refresh all", show=False, id="reader.refresh_all"),
    Binding("escape", "clear_search", "Clear search", show=False, id="reader.clear"),
    Binding("t", "focus_ticker", "Trending", show=False, id="reader.ticker"),
    Binding("T", "toggle_ticker", "Show/hide trending", show=False, id="reader.ticker_toggle"),
    Binding("f", "full_text", "Full text", show=False, id="reader.full"),
    Binding("i", "open_photo", "Open photo", show=False, id="reader.photo"),
    Binding("A", "mark_all_read", "Mark all read", show=False, id="reader.mark_all"),
]


class ReaderKeys:
    """Key actions of ReaderScreen, which owns the bindings (READER_BINDINGS).

    A mixin: `self` is the ReaderScreen, whose widgets, store and helpers these methods use.
    Keys that reach the store are `@guarded` (tui/screens/store_errors.py).
    """

    locale: Locale
    store: Any
    trouble: StoreTrouble
    query_text: str | None

    @guarded
    def action_focus_ticker(self) -> None:
        ticker = self.ticker
        if not ticker.display:
            self.action_toggle_ticker()
        ticker.can_focus = True
        ticker.focus()

    @guarded
    def action_toggle_ticker(self) -> None:
        """Shown or hidden now; remembered for the next start when the store can save it."""
        ticker = self.ticker
        ticker.display = not ticker.display
        ticker.update_animation()
        self.trouble.remember(self.store.set_setting, "ticker", "on" if ticker.display else "off")

    # -- help, palette, theme ---------------------------------------------------------------

    def key_groups(self) -> list[tuple[str, list[Binding]]]:
        """Every key of the reader, grouped, in the reader's language (help screen)."""
        language = self.locale.language
        t = self.locale.t

        def own(cls: type) -> list[Binding]:
            bindings = localized(cls, language).__dict__.get("BINDINGS", [])
            return [b for b in bindings if isinstance(b, Binding)]

        screen = translate_bindings(READER_BINDINGS, language)
        general_ids = ("app.quit", "app.help", "app.dark")
        general = [b for b in screen if b.id in general_ids]
        extra = translate_bindings(
            [
                Binding("ctrl+p", "command_palette", "Commands", id="app.palette"),
                Binding("tab", "app.focus_next", "Next pane", id="app.next_pane"),
                Binding("shift+tab", "app.focus_previous", "Previous pane", id="app.previous_pane"),
            ],
            language,
        )
        return [
            (t("group_general"), general + extra),
            (t("group_reading"), [b for b in screen if b.id not in general_ids]),
            (t("group_headlines"), own(HeadlineList)),
            (t("group_article"), own(ArticleView)),
            (t("group_sections"), own(SectionTree)),
            (t("group_trending"), own(Ticker)),
        ]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.key_groups(), self.locale))

    @guarded
    def action_toggle_dark(self) -> None:
        name = self.app.toggle_dark()  # type: ignore[attr-defined]
        self.say(self.locale.t("theme_now", name=name), timeout=2)

    def palette_commands(self) -> Iterator[CommandEntry]:
        """berita's actions for the command palette (see tui/commands.py)."""
        for _title, bindings in self.key_groups():
            for binding in bindings:
                if binding.action in ("command_palette",) or not binding.description:
                    continue
                yield (
                    binding.description,
                    key_label(binding.key),
                    partial(self.run_action, binding.action),
                )
        yield (
            self.locale.t("pick_theme"),
            self.locale.t("pick_theme_help"),
            self.app.search_themes,
        )

    # -- reading keys -----------------------------------------------------------------------

    def _move_to_unread(self, step: int, open_it: bool) -> bool:
        headlines = self.headlines
        index = headlines.find_unread(headlines.cursor, step)
        if index is None:
            self.say(self.locale.t("no_unread"))
            return False
        headlines.move_cursor(index)
        if open_it:
            current = headlines.current
            if current is not None:
                self.open_article(current.id)
        return True

    @guarded
    def action_next_unread(self) -> None:
        self._move_to_unread(1, open_it=self.article_view.has_focus_within)

    @guarded
    def action_previous_unread(self) -> None:
        self._move_to_unread(-1, open_it=self.article_view.has_focus_within)

    @guarded
    def action_page(self) -> None:
        view = self.article_view
        if view.article is not None and not view.at_end:
            view.page_down()
        else:
            self._move_to_unread(1, open_it=True)

    def _link(self) -> str | None:
        article = self.shown_article
        url = safe_url(article.link) if article is not None else None
        if url is None:
            self.say(self.locale.t("no_link"), severity="warning")
        return url

    def _open_url(self, url: str | None) -> None:
        """Open a vetted absolute http(s) URL, saying which first: what is opened is what the
        reader was shown (controls and bidi tricks are gone from both)."""
        url = safe_url(url)
        if url is None:
            return
        self.say(self.locale.t("opening", url=url))
        self.app.open_url(url)

    def action_open_browser(self) -> None:
        self._open_url(self._link())

    def action_copy_link(self) -> None:
        url = self._link()
        if url is not None:
            self.app.copy_to_clipboard(url)
            self.say(f"{self.locale.t('link_copied')}: {url}")

    def action_open_photo(self) -> None:
        article = self.shown_article
        image = article.image if article is not None else None
        url = safe_url(image.url) if image is not None else None
        if url is None:
            self.say(self.locale.t("no_photo"), severity="warning")
            return
        self._open_url(url)

    def action_open_link(self, number: int) -> None:
        """Open link [number] of the article body (clicked in the text)."""
        article = self.shown_article
        if article is None or not article.content_html:
            return
        from tui.htmlbody import html_to_body

        links = html_to_body(article.content_html, base_url=article.link).links
        if 0 < number <= len(links):
            self._open_url(links[number - 1])

    def _toggle(self, field: str) -> None:
        """Star or read/unread: saved first, then shown (not saved, nothing changes)."""
        current = self.headlines.current
        if current is None:
            return
        value = not getattr(current, field)
        write = self.store.set_read if field == "read" else self.store.set_starred
        self.trouble.save(write, current.id, value)
        self.headlines.replace(replace(current, **{field: value}))
        self._schedule_counts()

    @guarded
    def action_toggle_read(self) -> None:
        self._toggle("read")

    @guarded
    def action_star(self) -> None:
        self._toggle("starred")

    @guarded
    def action_mark_all_read(self) -> None:
        count = self.trouble.save(self.store.mark_all_read, self.filter)
        self.say(self.locale.t("marked_all_read", n=self.locale.count(count)))
        self.show_headlines(keep=True)
        self.load_sections()

    # -- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.value = self.query_text or ""
        search.focus()

    @guarded
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        query = " ".join(event.value.split())
        event.input.display = False
        self.headlines.focus()
        self._switch_view(self.base_filter, self.base_name, query or None)

    @guarded
    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.display = False
            self.headlines.focus()
        elif self.query_text:
            self.headlines.focus()
            self._switch_view(self.base_filter, self.base_name, None)
        elif not self.headlines.has_focus:
            self.headlines.focus()
