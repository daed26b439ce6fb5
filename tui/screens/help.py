"""`?`: every key of the reader, grouped by where it works."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.strings import Locale

KeyGroup = tuple[str, Sequence[Binding]]

_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "ctrl+p": "Ctrl+P",
}


def key_label(keys: str) -> str:
    """`down,j` → `↓ j`."""
    return " ".join(_KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def group_content(title: str, bindings: Sequence[Binding]) -> Content:
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not binding.description or binding.description in seen or binding.system:
            continue
        seen.add(binding.description)
        rows.append((key_label(binding.key), binding.description))
    width = max((len(key) for key, _ in rows), default=0) + 2
    lines = [Content.styled(title, "bold $text-accent")]
    for key, description in rows:
        lines.append(Content.assemble((key.rjust(width), "bold $text-primary"), "  ", description))
    return Content("\n").join(lines)


def balanced_columns(groups: Sequence[KeyGroup], count: int) -> list[list[KeyGroup]]:
    """Groups in order, cut into `count` columns of about the same height."""
    heights = [len(bindings) + 2 for _, bindings in groups]
    target = sum(heights) / count
    columns: list[list[KeyGroup]] = [[]]
    filled = 0
    for group, height in zip(groups, heights, strict=True):
        if columns[-1] and filled + height / 2 > target and len(columns) < count:
            columns.append([])
            filled = 0
        columns[-1].append(group)
        filled += height
    return columns


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > #help {
            width: 90%;
            max-width: 120;
            height: auto;
            max-height: 90%;
            background: $surface;
            border: round $primary;
            border-title-style: bold;
            padding: 0 1;
        }
        & #help-columns { height: auto; }
        & .help-column { width: 1fr; height: auto; }
        & .help-column > Static { height: auto; margin-bottom: 1; }
        & #help-footer { color: $text-muted; padding: 1 0 0 0; }
    }
    HelpScreen.-narrow #help-columns { layout: vertical; }
    HelpScreen.-narrow .help-column { width: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    def __init__(self, groups: Sequence[KeyGroup], locale: Locale) -> None:
        super().__init__()
        self.groups = groups
        self.locale = locale

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = Content(self.locale.t("help_title"))
            with Horizontal(id="help-columns"):
                for column in balanced_columns(self.groups, 2):
                    with Vertical(classes="help-column"):
                        for title, bindings in column:
                            yield Static(group_content(title, bindings))
            yield Static(Content(self.locale.t("help_footer")), id="help-footer")

    def on_resize(self) -> None:
        self.set_class(self.size.width < 90, "-narrow")

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroll.scroll_down()
        else:
            scroll.scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)
