"""The masthead: berita, the section being read, and the connection / cache state."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.widgets.safe import literal_line


class HeaderBar(Widget):
    """` berita  Politik                    ● Daring · diperbarui 16:57 ` on one line.

    Every value is plain text (section names come from feeds); it is placed into `Content`
    as literal text, never parsed.
    """

    DEFAULT_CSS = """
    HeaderBar {
        height: 1;
        background: $primary;
        color: $text-primary;
    }
    """

    section: reactive[str] = reactive("")
    status: reactive[str] = reactive("")
    online: reactive[bool] = reactive(True)
    progress: reactive[str] = reactive("")
    position: reactive[str] = reactive("")

    def render(self) -> Content:
        width = self.size.width
        left = Content.assemble(
            (" berita ", "bold reverse"),
            "  ",
            (literal_line(self.section), "bold"),
            ("  " + self.position if self.position else "", "dim"),
        )
        dot = ("● " if self.online else "○ ", "bold" if self.online else "")
        right_parts: list[str | tuple[str, str]] = []
        if self.progress:
            right_parts.append((self.progress, "bold italic"))
            right_parts.append("  ")
        right_parts.extend([dot, self.status, " "])
        right = Content.assemble(*right_parts)
        room = width - right.cell_length - 1
        if left.cell_length > room:
            left = left.truncate(max(0, room), ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length)
        return Content.assemble(left, " " * gap, right)
