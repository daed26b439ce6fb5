"""The reader: header, trending ticker, sections | headlines | article, footer.

The screen is the only part that talks to the store; widgets get plain rows and post messages
about what the reader did. Refreshing and trending run in thread workers.

Every entry point that reaches the store (keys, messages, timers) is `@guarded`: a database
error becomes one line and that handler stops, having read everything before changing the
screen, so the list and the article stay as they were (tui/screens/store_errors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from tui.model import Headline, HeadlineFilter
from tui.screens import reader_data
from tui.screens.context import ReaderContext
from tui.screens.reader_keys import READER_BINDINGS, ReaderKeys
from tui.screens.reader_workers import ReaderWorkers
from tui.screens.store_errors import guarded
from tui.screens.story import StoryScreen
from tui.store.errors import StoreError
from tui.trending import Story, TrendingEngine
from tui.widgets.article_view import ArticleView
from tui.widgets.header import HeaderBar
from tui.widgets.headline_list import HeadlineList
from tui.widgets.localize import localized
from tui.widgets.safe import literal
from tui.widgets.section_tree import SectionNode, SectionTree, build_nodes
from tui.widgets.ticker import Ticker

if TYPE_CHECKING:
    from tui.model import Article

NARROW_WIDTH = 120
PREVIEW_DELAY = 0.08  # debounce: holding j previews only where the cursor stops
SECTION_DELAY = 0.15
COUNTS_DELAY = 0.4


class ReaderScreen(ReaderWorkers, ReaderKeys, Screen[None]):
    BINDINGS = READER_BINDINGS

    def __init__(self, context: ReaderContext) -> None:
        super().__init__()
        self.context = context
        self.store = context.store
        self.locale = context.locale
        self.trouble = context.trouble
        self.base_filter = HeadlineFilter()
        self.base_name = self.locale.t("all")
        self.query_text: str | None = None
        self.stories: list[Story] = []
        self.online = context.refresh is not None
        self.engine = TrendingEngine(reader_data.trending_settings(context.config))
        self._preview_timer: Timer | None = None
        self._section_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._shown_id: int | None = None
        self._pending_preview: int | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        language = self.locale.language
        yield HeaderBar(id="header")
        yield localized(Ticker, language)(
            self.locale.t("trending"), self.locale.t("trending_empty"), id="ticker"
        )
        with Horizontal(id="main"):
            yield localized(SectionTree, language)(id="sections")
            with Container(id="reading"):
                yield localized(HeadlineList, language)(
                    time_format=self._short_time, id="headlines"
                )
                yield ArticleView(self.locale, id="article")
        yield Input(placeholder=self.locale.t("search_placeholder"), id="search")
        yield Footer(compact=True)

    def _short_time(self, published: datetime) -> str:
        return self.locale.time_short(published)

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one("#headlines", HeadlineList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def ticker(self) -> Ticker:
        return self.query_one("#ticker", Ticker)

    @property
    def tree(self) -> SectionTree:
        return self.query_one("#sections", SectionTree)

    @property
    def header(self) -> HeaderBar:
        return self.query_one("#header", HeaderBar)

    @property
    def filter(self) -> HeadlineFilter:
        if self.query_text:
            return HeadlineFilter(query=self.query_text)
        return self.base_filter

    def on_mount(self) -> None:
        self._preview_timer = self.set_interval(PREVIEW_DELAY, self._preview_pending, pause=True)
        self.query_one("#search", Input).display = False
        self.ticker.display = self.context.ticker_shown
        self._first_load()
        self.headlines.focus()
        # Ranking runs in a thread but holds the GIL: let the first frame be drawn before it.
        self.call_after_refresh(self.compute_trending)
        self._start_auto_refresh()

    @guarded
    def _first_load(self) -> None:
        self.load_sections()
        self.show_headlines(cursor=0)
        first = self.headlines.current
        if first is not None:
            self.preview(first.id)  # at once: the first frame shows a whole page
        self.update_header()

    def on_screen_suspend(self) -> None:
        self.ticker.update_animation()

    def on_screen_resume(self) -> None:
        self.ticker.update_animation()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    def say(
        self, text: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """A notification whose text may hold feed or server words: shown literally."""
        self.notify(literal(text), severity=severity, timeout=timeout, markup=False)

    # -- loading ----------------------------------------------------------------------------

    def load_sections(self) -> None:
        store = self.store
        counts = store.section_counts()
        starred = store.count(HeadlineFilter(starred=True))
        unread: dict[str | None, int] = {None: store.count(HeadlineFilter(unread=True))}
        for source in {count.source for count in counts}:
            unread[source] = store.count(HeadlineFilter(source=source, unread=True))
        t = self.locale.t
        nodes = build_nodes(counts, t("all"), t("starred"), starred, unread)
        self.tree.show_counts(nodes)

    def _schedule_counts(self) -> None:
        if self._counts_timer is not None:
            self._counts_timer.stop()
        self._counts_timer = self.set_timer(COUNTS_DELAY, self._counts_due)

    @guarded
    def _counts_due(self) -> None:
        self.load_sections()

    def show_headlines(self, *, cursor: int | None = None, keep: bool = False) -> None:
        """(Re)load the list for the current filter; `keep` keeps the cursor on its article.

        Everything is read before the list changes: a failed read leaves it as it was."""
        view = self.filter
        store = self.store
        current = self.headlines.current if keep else None
        count = store.count(view)
        position = 0 if cursor is None else cursor
        screen_row = None
        if current is not None:
            found = store.position(current.id, view)
            position = found if found is not None else min(self.headlines.cursor, count - 1)
            screen_row = self.headlines.cursor - round(self.headlines.scroll_y)
        time_width = self._time_width(view, count)
        source_width = self._source_width(view)
        self.headlines.show(
            count,
            self._row_loader(view),
            cursor=max(0, position),
            empty_text=self._empty_text(),
            screen_row=screen_row,
            time_width=time_width,
            source_width=source_width,
        )
        self.update_header()

    def _row_loader(self, view: HeadlineFilter) -> Callable[[int, int], list[Headline]]:
        """The list's pages of `view`. The list asks for them while drawing, outside any
        handler: a failed read is reported after the frame and leaves those rows blank."""
        store = self.store

        def load(offset: int, limit: int) -> list[Headline]:
            try:
                return store.headlines(view, offset=offset, limit=limit)
            except StoreError as error:
                self.call_later(self.trouble.report, error, saving=False)
                return []

        return load

    def _switch_view(
        self, base_filter: HeadlineFilter, base_name: str, query_text: str | None
    ) -> None:
        """Show another section or search; if it cannot be read, the old one stays."""
        previous = self.base_filter, self.base_name, self.query_text
        self.base_filter, self.base_name, self.query_text = base_filter, base_name, query_text
        try:
            self.show_headlines(cursor=0)
        except StoreError:
            self.base_filter, self.base_name, self.query_text = previous
            raise

    def _time_width(self, view: HeadlineFilter, count: int) -> int:
        """One width for the whole time column: the widest label from newest to oldest."""
        if not count:
            return 5
        ends = self.store.headlines(view, limit=1) + self.store.headlines(view, offset=count - 1)
        labels = [self.locale.time_short(h.published) for h in ends]
        today = self.context.clock().astimezone(self.locale.tz).date()
        if ends[-1].published.astimezone(self.locale.tz).date() < today:
            labels.append(self.locale.time_short(self.context.clock() - timedelta(days=1)))
        return max(5, min(10, max(len(label) for label in labels)))

    def _source_width(self, view: HeadlineFilter) -> int:
        """The widest source name, or 0 when the view shows one source only."""
        if view.source is not None or view.feed_id is not None:
            return 0
        return max((len(feed.source) for feed in self.store.feeds()), default=6)

    def _empty_text(self) -> str:
        if self.query_text:
            return self.locale.t("no_results", query=self.query_text)
        if self.base_filter.starred:
            return self.locale.t("no_starred")
        if self.base_filter == HeadlineFilter():
            return self.locale.t("no_feeds_yet")
        return self.locale.t("no_headlines")

    def update_header(self) -> None:
        last = self.store.last_refresh()  # read first: a failure leaves the header as it was
        header = self.header
        if self.query_text:
            count = self.locale.count(self.headlines.row_count)
            header.section = self.locale.t("search_title", n=count, query=self.query_text)
        else:
            header.section = self.base_name
        header.online = self.online
        if last is None:
            status = self.locale.t("never_updated")
        else:
            status = self.locale.t("updated", time=self.locale.time_short(last))
        state = self.locale.t("online" if self.online else "offline")
        header.status = f"{state} · {status}"

    # -- headlines and the article ----------------------------------------------------------

    @on(HeadlineList.Highlighted)
    def _highlighted(self, event: HeadlineList.Highlighted) -> None:
        headline = event.headline
        self._pending_preview = None
        listing = self.headlines
        if listing.row_count:
            count = self.locale.count
            self.header.position = f"{count(listing.cursor + 1)}/{count(listing.row_count)}"
        else:
            self.header.position = ""
        if headline is None:
            if listing.row_count:
                return  # its row could not be read: the article shown stays
            self._shown_id = None
            self.article_view.clear(self.headlines.empty_text)
            return
        if headline.id == self._shown_id:
            return
        # One timer, pushed back on every move: holding j creates no timer per row.
        self._pending_preview = headline.id
        if self._preview_timer is not None:
            self._preview_timer.reset()

    @guarded
    def _preview_pending(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.pause()
        if self._pending_preview is not None:
            article_id, self._pending_preview = self._pending_preview, None
            self.preview(article_id)

    def preview(self, article_id: int) -> None:
        """Show an article without marking it read."""
        article = self.store.article(article_id)
        if article is not None:
            self._show_article(article)

    def _show_article(self, article: Article, *, keep_scroll: bool = False) -> None:
        body = reader_data.article_body(article, self.locale)
        more = self.store.more_in_section(article.id, limit=5)
        trending = [
            reader_data.story_headline(story, self.locale)
            for story in reader_data.section_trending(self.stories, article.section, article.id)
        ]
        self._shown_id = article.id
        self.article_view.show(article, body, more, trending, keep_scroll=keep_scroll)
        self.show_lead_photo(article)

    @on(HeadlineList.Selected)
    @guarded
    def _selected(self, event: HeadlineList.Selected) -> None:
        self.open_article(event.headline.id)
        self.article_view.focus()

    def open_article(self, article_id: int) -> None:
        """Open an article: it counts one read and is marked read.

        When that cannot be saved (read-only, disk full) it is opened all the same, unread;
        the list shows what the store holds."""
        self._pending_preview = None
        article = self.trouble.remember(self.store.open_article, article_id, self.context.clock())
        if article is None:
            article = self.store.article(article_id)
            if article is None:
                return
        if self._shown_id == article.id:
            self.article_view.update_reads(article)
        else:
            self._show_article(article)
        current = self.headlines.current
        if current is not None and current.id == article.id:
            self.headlines.replace(replace(current, read=article.read))
        self._schedule_counts()

    def open_anywhere(self, article_id: int) -> None:
        """Open an article chosen outside the list; move the cursor to it when it is listed."""
        position = self.store.position(article_id, self.filter)
        if position is not None:
            self.headlines.move_cursor(position)
        self.open_article(article_id)

    @on(ArticleView.OpenArticle)
    @guarded
    def _open_from_article(self, event: ArticleView.OpenArticle) -> None:
        self.open_anywhere(event.article_id)

    @property
    def shown_article(self) -> Article | None:
        return self.article_view.article

    # -- sections ---------------------------------------------------------------------------

    @on(SectionTree.NodeHighlighted)
    def _section_highlighted(self, event: SectionTree.NodeHighlighted) -> None:
        if self._section_timer is not None:
            self._section_timer.stop()
        data = event.node.data
        if data is not None and self.tree.has_focus:
            self._section_timer = self.set_timer(SECTION_DELAY, lambda: self._section_due(data))

    @guarded
    def _section_due(self, data: SectionNode) -> None:
        self.choose_section(data)

    @on(SectionTree.NodeSelected)
    @guarded
    def _section_selected(self, event: SectionTree.NodeSelected) -> None:
        data = event.node.data
        if data is None:
            return
        self.choose_section(data)
        if data.error:
            self._explain(data)
        self.headlines.focus()

    def choose_section(self, data: SectionNode) -> None:
        if data.filter == self.base_filter and not self.query_text:
            return
        name = data.name if data.kind != "feed" else f"{data.source} · {data.name}"
        self._switch_view(data.filter, name, None)

    @on(SectionTree.Info)
    @guarded
    def _section_info(self, event: SectionTree.Info) -> None:
        self._explain(event.node)

    def _explain(self, node: SectionNode) -> None:
        if node.kind == "source" and node.error:
            lines = [
                self.locale.t("feed_failed", feed=f"{node.name} · {c.name}", error=c.error)
                for c in self._children_of(node.name)
                if c.error
            ]
            self.say("\n".join(lines), severity="error", timeout=10)
        elif node.error:
            text = self.locale.t(
                "feed_failed", feed=f"{node.source} · {node.name}", error=node.error
            )
            self.say(text, severity="error", timeout=10)
        elif node.kind == "feed":
            text = self.locale.t("feed_ok", source=node.source, section=node.name)
            self.say(text)

    def _children_of(self, source: str) -> list[SectionNode]:
        return [
            SectionNode("feed", c.section, c.unread, c.source, c.feed_id, c.error)
            for c in self.store.section_counts()
            if c.source == source
        ]

    # -- ticker and stories -----------------------------------------------------------------

    @on(Ticker.Selected)
    @guarded
    def _ticker_selected(self, event: Ticker.Selected) -> None:
        item = event.item
        if not item.is_story:
            self.open_anywhere(item.lead_article_id)
            self.headlines.focus()
            return
        articles = [a for a in (self.store.article(i) for i in item.article_ids) if a is not None]

        self.app.push_screen(StoryScreen(item.headline, articles, self.locale), self._story_chosen)

    @guarded
    def _story_chosen(self, article_id: int | None) -> None:
        if article_id is not None:
            self.open_anywhere(article_id)
            self.headlines.focus()

    @on(Ticker.Left)
    def _ticker_left(self) -> None:
        self.headlines.focus()
