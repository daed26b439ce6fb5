"""Messages that worker threads post to the reader screen (`post_message` is thread-safe)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.message import Message

from tui.trending import Story
from tui.widgets.ticker import TickerItem


class RefreshProgressed(Message):
    """One more feed of a refresh is done (a `tui.refresh.RefreshProgress`)."""

    def __init__(self, progress: Any) -> None:
        super().__init__()
        self.progress = progress


class RefreshFinished(Message):
    """A refresh ended (a `tui.refresh.RefreshReport`)."""

    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report


class TrendingReady(Message):
    """The ticker items and every ranked story, computed off the event loop."""

    def __init__(self, items: Sequence[TickerItem], stories: Sequence[Story]) -> None:
        super().__init__()
        self.items = items
        self.stories = stories


class FullTextFetched(Message):
    """`fetch_full(article_id)` returned (the store now holds the text or the error)."""

    def __init__(self, article_id: int, error: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.error = error


class PhotoLoaded(Message):
    """An article's lead photo was fetched and decoded (`photo`), or why not (`problem`)."""

    def __init__(self, article_id: int, url: str, photo: Any, problem: str | None) -> None:
        super().__init__()
        self.article_id = article_id
        self.url = url
        self.photo = photo  # a Pillow image, or None with a problem
        self.problem = problem
