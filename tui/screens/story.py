"""A trending story: every article that tells it, newest first, each with its source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.model import Article
from tui.widgets.safe import literal_line
from tui.widgets.strings import Locale


class StoryScreen(ModalScreen[int | None]):
    """Dismisses with the id of the chosen article, or None."""

    DEFAULT_CSS = """
    StoryScreen {
        align: center middle;
        & > #story {
            width: 90%;
            max-width: 110;
            height: auto;
            max-height: 80%;
            background: $surface;
            border: round $primary;
            padding: 0 1;
        }
        & #story-title { text-style: bold; padding: 1 1 0 1; }
        & #story-meta { color: $text-muted; padding: 0 1 1 1; }
        & OptionList, & OptionList:focus {
            height: auto;
            max-height: 30;
            border: none;
            background: $surface;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="story.close"),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
    ]

    def __init__(self, headline: str, articles: Sequence[Article], locale: Locale) -> None:
        super().__init__()
        self.headline = headline
        self.articles = sorted(articles, key=lambda a: (a.published, a.id), reverse=True)
        self.locale = locale

    def compose(self) -> ComposeResult:
        sources = {a.source for a in self.articles}
        meta = f"{self.locale.articles(len(self.articles))} · {self.locale.sources(len(sources))}"
        with Vertical(id="story"):
            yield Static(Content(literal_line(self.headline)), id="story-title")
            yield Static(Content(meta), id="story-meta")
            yield OptionList(*(self._option(a) for a in self.articles), id="story-articles")

    def _option(self, article: Article) -> Option:
        prompt = Content.assemble(
            ("● " if not article.read else "  ", "$accent"),
            (self.locale.time_short(article.published).rjust(6), "$text-muted"),
            "  ",
            (literal_line(article.source), "bold"),
            ("  ·  ", "$text-muted"),
            (literal_line(article.section), "$text-muted"),
            "\n",
            "          ",
            (literal_line(article.title), ""),
        )
        return Option(prompt, id=str(article.id))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id) if event.option.id else None)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        if direction == "down":
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
