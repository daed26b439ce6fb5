"""Long article text as a line-API widget: wrapped once per width, only visible lines drawn.

A `Static` turns every wrapped line of its content into a strip on each layout; for a 5,000-word
article that is ~700 lines and most of the time it takes to open one. Here wrapping is one cheap
pass (cached per width) and a line becomes a strip only when it scrolls into view.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class BodyText(Widget):
    DEFAULT_CSS = """
    BodyText {
        height: auto;
        width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = Content("")
        self._width = -1
        self._lines: list[Content] = []
        self._strips: LRUCache[int, Strip] = LRUCache(256)

    @property
    def content(self) -> Content:
        return self._content

    @property
    def plain(self) -> str:
        return self._content.plain

    def update(self, content: Content) -> None:
        self._content = content
        self._width = -1
        self._strips.clear()
        self.refresh(layout=True)

    @property
    def lines(self) -> list[str]:
        """The text as drawn now: one string per wrapped line."""
        return [line.plain for line in self._wrapped(self.size.width)]

    def _wrapped(self, width: int) -> list[Content]:
        if width != self._width:
            self._lines = self._content.wrap(max(1, width)) if self._content.plain else []
            self._width = width
            self._strips.clear()
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # colours come from the theme

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._wrapped(width)
        strip = self._strips.get(y)
        if strip is None:
            base = self.rich_style
            if 0 <= y < len(lines):
                segments = [
                    Segment(text, style.rich_style)
                    for text, style in lines[y].render(self.visual_style, end="")
                ]
                strip = Strip(segments).adjust_cell_length(width, base)
            else:
                strip = Strip.blank(width, base)
            self._strips[y] = strip
        return strip
