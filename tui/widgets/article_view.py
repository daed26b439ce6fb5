"""The article pane, laid out like a news portal's article page.

kicker (section · date) / title / byline / photo caption and credit / body / credits /
read count / "Baca lainnya" (the next headlines of the section, selectable).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.model import Article, Headline
from tui.widgets import article_text, lead_photo
from tui.widgets.body_text import BodyText
from tui.widgets.safe import literal_line
from tui.widgets.strings import Locale


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article. Posts OpenArticle when a "more" headline is chosen."""

    DEFAULT_CSS = """
    ArticleView {
        padding: 0 2 0 2;
        background: $surface;
        & > Static, & > BodyText { width: 100%; }
        & > #article-empty { color: $text-muted; text-style: italic; padding: 1 0; }
        & > #article-kicker { padding-top: 1; }
        & > #article-title { text-style: bold; padding: 0 0 0 0; }
        & > #article-byline { padding-bottom: 1; }
        & > #article-photo { padding-bottom: 1; }
        & > .article-picture { margin-bottom: 1; }
        & > #article-credits { margin-top: 1; padding-top: 1; border-top: solid $foreground 15%; }
        & > #article-reads { margin-top: 1; }
        & > .article-list-title { margin-top: 1; text-style: bold; color: $text-accent; }
        & > OptionList {
            height: auto;
            max-height: 12;
            border: none;
            padding: 0;
            background: $surface;
        }
        & > OptionList:focus { background-tint: $foreground 5%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
    ]

    class OpenArticle(Message):
        """The reader chose a headline listed under the article."""

        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, locale: Locale, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.locale = locale
        self.article: Article | None = None
        self.photo_url: str | None = None  # the lead photo drawn above the caption, if any

    def compose(self) -> ComposeResult:
        yield Static(Content(self.locale.t("pick_article")), id="article-empty")
        yield Static(id="article-kicker")
        yield Static(id="article-title")
        yield Static(id="article-byline")
        yield Static(id="article-photo")
        yield BodyText(id="article-body")
        yield Static(id="article-credits")
        yield Static(id="article-reads")
        yield Static(
            Content(self.locale.t("more_in_section")), id="more-title", classes="article-list-title"
        )
        yield OptionList(id="article-more")
        yield Static(id="trending-title", classes="article-list-title")
        yield OptionList(id="article-trending")

    def on_mount(self) -> None:
        self.clear()

    def _set(self, widget_id: str, content: Content | None) -> None:
        widget = self.query_one(f"#{widget_id}")
        widget.display = content is not None
        if content is not None and isinstance(widget, Static | BodyText):
            widget.update(content)

    def _set_list(
        self, list_id: str, title_id: str, headlines: Sequence[Headline], title: str | None = None
    ) -> None:
        options = self.query_one(f"#{list_id}", OptionList)
        heading = self.query_one(f"#{title_id}", Static)
        shown = bool(headlines)
        options.display = heading.display = shown
        if title is not None:
            heading.update(Content(title))
        options.set_options(
            Option(article_text.headline_prompt(h, self.locale, show_source=True), id=str(h.id))
            for h in headlines
        )

    def clear(self, message: str | None = None) -> None:
        """Show no article (an empty list, or nothing highlighted yet)."""
        self.article = None
        self._remove_picture()
        self._set("article-empty", Content(message or self.locale.t("pick_article")))
        for widget_id in (
            "article-kicker",
            "article-title",
            "article-byline",
            "article-photo",
            "article-body",
            "article-credits",
            "article-reads",
        ):
            self._set(widget_id, None)
        self._set_list("article-more", "more-title", ())
        self._set_list("article-trending", "trending-title", ())

    def show(
        self,
        article: Article,
        body: Content,
        more: Sequence[Headline] = (),
        trending: Sequence[Headline] = (),
        *,
        keep_scroll: bool = False,
    ) -> None:
        """Show `article` with its rendered `body` (see `article_text.body_content`)."""
        same = self.article is not None and self.article.id == article.id
        self.article = article
        if not same or article.image is None or article.image.url != self.photo_url:
            self._remove_picture()
        locale = self.locale
        self._set("article-empty", None)
        self._set("article-kicker", article_text.kicker(article, locale))
        self._set("article-title", Content.styled(literal_line(article.title), "bold"))
        self._set("article-byline", article_text.byline(article, locale))
        self._set("article-photo", article_text.photo_line(article, locale))
        self._set("article-body", body)
        self._set("article-credits", article_text.credits_content(article, locale))
        self._set("article-reads", article_text.reads_content(article, locale))
        self._set_list("article-more", "more-title", more)
        title = locale.t("trending_in", section=article.section) if article.section else None
        self._set_list("article-trending", "trending-title", trending, title)
        if not (keep_scroll and same):
            self.scroll_home(animate=False, immediate=True)

    def show_photo(self, article_id: int, url: str, photo: Any) -> None:
        """Draw the decoded lead photo (see `lead_photo.load_photo`) above its caption."""
        article = self.article
        if article is None or article.id != article_id or article.image is None:
            return
        if article.image.url != url:
            return  # a stale answer: the article now has another photo
        self._remove_picture()
        picture = lead_photo.photo_widget(photo, classes="article-picture")
        self.photo_url = url
        self._fit_picture(picture)
        self.mount(picture, before=self.query_one("#article-photo"))

    def _remove_picture(self) -> None:
        self.photo_url = None
        self.query(".article-picture").remove()

    def _fit_picture(self, picture: Widget) -> None:
        columns, rows = lead_photo.fit_cells(picture, self.scrollable_content_region.width)
        picture.styles.width = columns
        picture.styles.height = rows

    def on_resize(self) -> None:
        for picture in self.query(".article-picture"):
            self._fit_picture(picture)

    def update_reads(self, article: Article) -> None:
        """Refresh only the read count line (after the article was opened)."""
        if self.article is not None and self.article.id == article.id:
            self.article = article
            self._set("article-reads", article_text.reads_content(article, self.locale))

    @property
    def at_end(self) -> bool:
        return self.scroll_y >= self.max_scroll_y

    def page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.OpenArticle(int(event.option.id)))
