"""The headline list: a line-API scroll view over any number of rows, paged in on demand.

It never holds more than a window of rows: the screen hands it a row count and a loader
`(offset, limit) -> rows`, and rows are fetched a page at a time as the viewport and cursor
move. Drawing a row touches no store and builds no widget, so 100,000 rows cost the same as 100.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model import Headline
from tui.widgets.safe import literal_line

RowLoader = Callable[[int, int], Sequence[Headline]]
TimeFormat = Callable[[datetime], str]

PAGE = 200
_CACHE_LIMIT = PAGE * 8
_UNREAD_MARK = "●"
_STAR_MARK = "★"


def _fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class HeadlineList(ScrollView, can_focus=True):
    """Newest-first headlines: marks, time, source, title. Posts Highlighted / Selected."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "headline-list--cursor",
        "headline-list--time",
        "headline-list--source",
        "headline-list--unread",
        "headline-list--read",
        "headline-list--mark",
        "headline-list--star",
        "headline-list--empty",
    }

    DEFAULT_CSS = """
    HeadlineList {
        background: $surface;
        overflow-x: hidden;
        & > .headline-list--time { color: $text-muted; }
        & > .headline-list--source { color: $text-secondary; }
        & > .headline-list--unread { color: $foreground; text-style: bold; }
        & > .headline-list--read { color: $text-muted; }
        & > .headline-list--mark { color: $accent; }
        & > .headline-list--star { color: $warning; }
        & > .headline-list--empty { color: $text-muted; text-style: italic; }
        & > .headline-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .headline-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="headlines.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="headlines.up"),
        Binding("g,home", "first", "Top", show=False, id="headlines.top"),
        Binding("G,end", "last", "Bottom", show=False, id="headlines.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="headlines.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="headlines.page_up"),
        Binding("enter", "select", "Open", id="headlines.open"),
    ]

    class Highlighted(Message):
        """The cursor moved onto a headline (None: the list is empty)."""

        def __init__(self, headline: Headline | None) -> None:
            super().__init__()
            self.headline = headline

    class Selected(Message):
        """The reader asked to open a headline (Enter or a click on the cursor row)."""

        def __init__(self, headline: Headline) -> None:
            super().__init__()
            self.headline = headline

    def __init__(
        self,
        *,
        time_format: TimeFormat | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._count = 0
        self._loader: RowLoader = lambda offset, limit: ()
        self._rows: dict[int, Headline] = {}
        self._time_format: TimeFormat = time_format or (lambda dt: dt.strftime("%H:%M"))
        self.time_width = 5
        self.source_width = 14
        self.cursor = 0
        self.empty_text = ""
        self._styles: dict[str, Style] | None = None
        # Drawn rows by (headline, is cursor, width, time width): scrolling by one line
        # redraws every visible row, but only one of them is new.
        self._strips: LRUCache[tuple[Headline, bool, int, int], Strip] = LRUCache(512)

    # -- data -------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    def show(
        self,
        count: int,
        loader: RowLoader,
        *,
        cursor: int = 0,
        empty_text: str = "",
        screen_row: int | None = None,
        time_width: int = 5,
        source_width: int = 14,
    ) -> None:
        """Show `count` rows fetched through `loader`, the cursor on row `cursor`.

        With `screen_row`, the cursor stays on that line of the viewport (a refresh that adds
        rows above it does not make the text jump under the reader's eyes).
        """
        self._count = max(0, count)
        self._loader = loader
        self._rows.clear()
        self.empty_text = empty_text
        self.time_width = time_width
        self.source_width = source_width
        self._strips.clear()
        self.virtual_size = Size(0, self._count)
        self.cursor = min(max(0, cursor), max(0, self._count - 1))
        if screen_row is not None:
            self.scroll_to(y=max(0, self.cursor - screen_row), animate=False, immediate=True)
        self._scroll_cursor_into_view(center=screen_row is None)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def row(self, index: int) -> Headline | None:
        """Row `index`, loading its page when it is not in the window yet."""
        if not 0 <= index < self._count:
            return None
        row = self._rows.get(index)
        if row is None:
            self._load_page(index - index % PAGE)
            row = self._rows.get(index)
        return row

    def _load_page(self, start: int) -> None:
        if len(self._rows) >= _CACHE_LIMIT:
            # Keep the rows around the cursor; the rest are cheap to fetch again.
            low, high = self.cursor - PAGE * 2, self.cursor + PAGE * 2
            self._rows = {i: r for i, r in self._rows.items() if low <= i <= high}
        for offset, headline in enumerate(self._loader(start, PAGE)):
            self._rows[start + offset] = headline

    @property
    def current(self) -> Headline | None:
        return self.row(self.cursor)

    def replace(self, headline: Headline) -> None:
        """Redraw the row showing `headline` (after it was marked read or starred)."""
        for index, row in self._rows.items():
            if row.id == headline.id:
                self._rows[index] = headline
                self.refresh_line(index)
                return

    def find_loaded(self, article_id: int) -> int | None:
        for index, row in self._rows.items():
            if row.id == article_id:
                return index
        return None

    def find_unread(self, start: int, step: int) -> int | None:
        """The index of the next unread row from `start` (exclusive) in direction `step`."""
        index = start + step
        while 0 <= index < self._count:
            row = self.row(index)
            if row is None:
                return None
            if not row.read:
                return index
            index += step
        return None

    # -- cursor -----------------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        if not self._count:
            return
        index = min(max(0, index), self._count - 1)
        if index == self.cursor:
            return
        previous, self.cursor = self.cursor, index
        self.refresh_line(previous)
        self.refresh_line(index)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self.current))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._count - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        headline = self.current
        if headline is not None:
            self.post_message(self.Selected(headline))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if not 0 <= index < self._count:
            return
        if index == self.cursor or event.chain > 1:
            self.move_cursor(index)
            self.action_select()
        else:
            self.move_cursor(index)

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()

    # -- drawing ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def on_focus(self) -> None:
        self._styles = None  # the cursor row is drawn differently with the focus
        self._strips.clear()

    def on_blur(self) -> None:
        self._styles = None
        self._strips.clear()

    def _row_styles(self) -> dict[str, Style]:
        """The rich styles of the row parts, computed once per theme / style change."""
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = {
                name: get(f"headline-list--{name}")
                for name in ("cursor", "time", "source", "unread", "read", "mark", "star", "empty")
            }
            self._styles["base"] = self.rich_style
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        styles = self._row_styles()
        base = styles["base"]
        if not self._count:
            if y == 1 and self.empty_text:
                text = Segment("  " + self.empty_text, styles["empty"])
                return Strip([text]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        headline = self.row(index)
        if headline is None:
            return Strip.blank(width, base)
        key = (headline, index == self.cursor, width, self.time_width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(headline, width, styles, key[1])
        return strip

    def _render_row(
        self, headline: Headline, width: int, styles: dict[str, Style], is_cursor: bool
    ) -> Strip:
        time_text = self._time_format(headline.published)
        time_width = self.time_width
        if cell_len(time_text) <= time_width:
            time_cell = time_text.rjust(time_width)
        else:
            time_cell = _fit(time_text, time_width)
        # No source column when every row has the same source (source_width 0).
        source_width = min(self.source_width, max(6, width // 5)) if self.source_width else 0
        title_width = width - 2 - time_width - 1 - (source_width + 2 if source_width else 0) - 1
        segments = [
            Segment(_UNREAD_MARK if not headline.read else " ", styles["mark"]),
            Segment(_STAR_MARK if headline.starred else " ", styles["star"]),
            Segment(" "),
            Segment(time_cell, styles["time"]),
            Segment(" "),
            Segment(_fit(literal_line(headline.source), source_width), styles["source"]),
            Segment("  " if source_width else ""),
            Segment(
                _fit(literal_line(headline.title), title_width),
                styles["read" if headline.read else "unread"],
            ),
        ]
        strip = Strip(segments).adjust_cell_length(width).apply_style(styles["base"])
        if is_cursor:
            # The cursor colours the whole row; the title keeps its weight.
            cursor = styles["cursor"]
            strip = Strip(
                Segment(text, (seg_style or Style()) + cursor) for text, seg_style, _ in strip
            )
        return strip
