"""The trending ticker: one line that scrolls the trending headlines.

A line-API widget: the whole loop of items is rendered once into one cached strip (split into
short segments so cropping stays cheap), and each frame only crops a window of it and redraws
that one line. It stops while focused, hovered, hidden or paused, so an idle reader costs
next to nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from tui.widgets.safe import literal_line

FRAME_SECONDS = 0.125  # 8 cells a second: readable, and ~1% of a core
_SEGMENT_CELLS = 32
_SEPARATOR = "   ◆   "


@dataclass(frozen=True, slots=True)
class TickerItem:
    """One trending entry: a story told by several articles, or a single article."""

    headline: str
    sources: int
    article_ids: tuple[int, ...]  # newest first
    lead_article_id: int
    story_id: str | None = None
    meta: str = ""  # e.g. "5 sumber", already in the reader's language

    @property
    def is_story(self) -> bool:
        return len(self.article_ids) > 1


def _chunks(text: str, style: Style) -> list[Segment]:
    """`text` as segments of at most _SEGMENT_CELLS cells each (cheap to crop)."""
    segments: list[Segment] = []
    piece: list[str] = []
    width = 0
    for char in text:
        char_width = cell_len(char)
        if width + char_width > _SEGMENT_CELLS:
            segments.append(Segment("".join(piece), style))
            piece, width = [], 0
        piece.append(char)
        width += char_width
    if piece:
        segments.append(Segment("".join(piece), style))
    return segments


class Ticker(Widget):
    """`TRENDING ▸ headline · 5 sumber ◆ headline …`, scrolling; Enter/click opens an item."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ticker--label",
        "ticker--headline",
        "ticker--meta",
        "ticker--separator",
        "ticker--current",
    }

    DEFAULT_CSS = """
    Ticker {
        height: 1;
        background: $boost;
        & > .ticker--label { background: $accent; color: $text-accent; text-style: bold; }
        & > .ticker--headline { color: $foreground; }
        & > .ticker--meta { color: $text-muted; }
        & > .ticker--separator { color: $accent; }
        & > .ticker--current {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        &:focus > .ticker--label { text-style: bold reverse; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Previous", show=False, id="ticker.previous"),
        Binding("right,l", "step(1)", "Next", show=False, id="ticker.next"),
        Binding("enter", "select", "Open", id="ticker.open"),
        Binding("escape", "leave", "Back", show=False, id="ticker.leave"),
    ]

    class Selected(Message):
        """The reader chose a ticker item."""

        def __init__(self, item: TickerItem) -> None:
            super().__init__()
            self.item = item

    class Left(Message):
        """The reader pressed Escape on the ticker: give the focus back."""

    def __init__(
        self,
        label: str = "TRENDING",
        empty: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Reachable with `t` and the mouse only: Tab moves between the reading panes.
        self.can_focus = False
        self.label = f" {label} ▸ "
        self.empty = empty
        self.items: tuple[TickerItem, ...] = ()
        self.offset_cells = 0
        self.current = 0
        self._starts: list[int] = []
        self._loop: Strip | None = None
        self._copies: Strip | None = None  # the loop repeated to cover the widget's width
        self._loop_cells = 0
        self._paused_by_request = False
        self._hovered = False
        self._timer: Timer | None = None

    # -- items ------------------------------------------------------------------------------

    def set_items(self, items: Sequence[TickerItem]) -> None:
        """Show these items; the scroll position stays on the same item when it is still there."""
        previous = self.items[self.current].story_id if self.items else None
        self.items = tuple(items)
        self._loop = None
        self.current = 0
        for index, item in enumerate(self.items):
            if previous is not None and item.story_id == previous:
                self.current = index
        self._build_loop()
        self.offset_cells = self._starts[self.current] if self._starts else 0
        self.update_animation()
        self.refresh()

    def _build_loop(self) -> None:
        style = self.get_component_rich_style
        segments: list[Segment] = []
        self._starts = []
        position = 0
        for index, item in enumerate(self.items):
            self._starts.append(position)
            headline_style = style("ticker--headline")
            if index == self.current and self.has_focus:
                headline_style = headline_style + style("ticker--current")
            parts = [(literal_line(item.headline), headline_style)]
            if item.meta:
                parts.append((f" · {literal_line(item.meta)}", style("ticker--meta")))
            parts.append((_SEPARATOR, style("ticker--separator")))
            for text, part_style in parts:
                segments.extend(_chunks(text, part_style))
                position += cell_len(text)
        self._loop = Strip(segments, position)
        self._loop_cells = position
        self._copies = None

    # -- animation --------------------------------------------------------------------------

    def pause_animation(self, paused: bool = True) -> None:
        """Freeze (or resume) the scrolling: for snapshot tests and reduced motion."""
        self._paused_by_request = paused
        self.update_animation()

    @property
    def running(self) -> bool:
        return self._timer is not None and not self._paused_now()

    def _paused_now(self) -> bool:
        return (
            self._paused_by_request
            or self.has_focus
            or self._hovered
            or not self.display
            or len(self.items) == 0
            or self.app.animation_level == "none"
            or not self.screen.is_active  # under a dialog: nobody is reading it
        )

    def update_animation(self) -> None:
        """Start or stop the scrolling timer to match the current state."""
        if not self.is_mounted:
            return
        if self._paused_now():
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
        elif self._timer is None:
            self._timer = self.set_interval(FRAME_SECONDS, self._advance)

    def _advance(self) -> None:
        if self._loop_cells:
            self.offset_cells = (self.offset_cells + 1) % self._loop_cells
            self.current = max(0, bisect_right(self._starts, self.offset_cells) - 1)
            self.refresh()

    def on_mount(self) -> None:
        self.update_animation()

    def on_show(self) -> None:
        self.update_animation()

    def on_hide(self) -> None:
        self.update_animation()

    def on_enter(self, event: events.Enter) -> None:
        self._hovered = True
        self.update_animation()

    def on_leave(self, event: events.Leave) -> None:
        self._hovered = False
        self.update_animation()

    def on_focus(self) -> None:
        self._snap_to(self.current)
        self.update_animation()

    def on_blur(self) -> None:
        self.can_focus = False
        self._build_loop()
        self.update_animation()
        self.refresh()

    # -- keys and mouse ---------------------------------------------------------------------

    def _snap_to(self, index: int) -> None:
        if not self.items:
            return
        self.current = index % len(self.items)
        self.offset_cells = self._starts[self.current]
        self._build_loop()
        self.refresh()

    def action_step(self, step: int) -> None:
        self._snap_to(self.current + step)

    def action_select(self) -> None:
        if self.items:
            self.post_message(self.Selected(self.items[self.current]))

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def item_at(self, x: int) -> TickerItem | None:
        """The item drawn at column `x`, if any."""
        label_cells = cell_len(self.label)
        if not self.items or x < label_cells or not self._loop_cells:
            return None
        position = (self.offset_cells + x - label_cells) % self._loop_cells
        return self.items[max(0, bisect_right(self._starts, position) - 1)]

    def on_click(self, event: events.Click) -> None:
        item = self.item_at(event.x)
        if item is not None:
            self.post_message(self.Selected(item))

    # -- drawing ----------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.items:
            self._build_loop()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        label = Strip([Segment(self.label, self.get_component_rich_style("ticker--label"))])
        room = width - label.cell_length
        if room <= 0:
            return label.crop(0, width).apply_style(base)
        if self._loop is None or not self._loop_cells:
            empty = Segment(" " + self.empty, self.get_component_rich_style("ticker--meta"))
            body = Strip([empty]).adjust_cell_length(room)
        else:
            needed = self.offset_cells + room
            if self._copies is None or self._copies.cell_length < needed:
                copies = needed // self._loop_cells + 1
                self._copies = Strip.join([self._loop] * copies)
            body = self._copies.crop(self.offset_cells, needed)
        return Strip.join([label, body]).adjust_cell_length(width).apply_style(base)
