"""The section tree: All, Starred, then each source with its sections and unread counts.

Labels are `rich.text.Text` built from plain strings (Tree would parse a str as Rich markup);
counts and failure marks are added at render time from the node data, so updating counts
never rebuilds the tree or moves its cursor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.model import HeadlineFilter, SectionCount
from tui.widgets.safe import literal_line

NodeKind = Literal["all", "starred", "source", "feed"]


@dataclass(frozen=True, slots=True)
class SectionNode:
    kind: NodeKind
    name: str
    unread: int = 0
    source: str | None = None
    feed_id: int | None = None
    error: str | None = None

    @property
    def key(self) -> tuple[str, object]:
        return (self.kind, self.feed_id if self.kind == "feed" else self.name)

    @property
    def filter(self) -> HeadlineFilter:
        if self.kind == "starred":
            return HeadlineFilter(starred=True)
        if self.kind == "source":
            return HeadlineFilter(source=self.name)
        if self.kind == "feed":
            return HeadlineFilter(feed_id=self.feed_id)
        return HeadlineFilter()


def build_nodes(
    counts: Sequence[SectionCount],
    all_name: str,
    starred_name: str,
    starred: int,
    unread: Mapping[str | None, int] | None = None,
) -> list[tuple[SectionNode, list[SectionNode]]]:
    """The tree's content as plain data: (top node, its children) in display order.

    `unread` gives the unread count of all (key None) and of each source; an article filed in
    two sections is one article, so sums of section counts would count it twice.
    """
    sources: dict[str, list[SectionCount]] = {}
    for count in counts:
        sources.setdefault(count.source, []).append(count)
    unread = unread or {}
    total_unread = unread.get(None, sum(count.unread for count in counts))
    nodes: list[tuple[SectionNode, list[SectionNode]]] = [
        (SectionNode("all", all_name, total_unread), []),
        (SectionNode("starred", starred_name, starred), []),
    ]
    for source, sections in sources.items():
        children = [
            SectionNode(
                "feed", c.section, c.unread, source=source, feed_id=c.feed_id, error=c.error
            )
            for c in sections
        ]
        failed = sum(1 for child in children if child.error)
        error = f"{failed}/{len(children)}" if failed else None
        source_unread = unread.get(source, sum(child.unread for child in children))
        nodes.append((SectionNode("source", source, source_unread, error=error), children))
    return nodes


class SectionTree(Tree[SectionNode]):
    """Sources and sections; posts Chosen when the reader picks one, Info on `i`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *Tree.COMPONENT_CLASSES,
        "section-tree--count",
        "section-tree--error",
        "section-tree--special",
    }

    DEFAULT_CSS = """
    SectionTree {
        & > .section-tree--count { color: $text-accent; text-style: bold; }
        & > .section-tree--error { color: $text-error; text-style: bold; }
        & > .section-tree--special { text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="sections.down"),
        Binding("k", "cursor_up", "Up", show=False, id="sections.up"),
        Binding("enter", "select_cursor", "Open section", id="sections.open"),
        Binding("i", "info", "Feed info", id="sections.info"),
    ]

    class Info(Message):
        """The reader asked why a feed is marked (`i`)."""

        def __init__(self, node: SectionNode) -> None:
            super().__init__()
            self.node = node

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("berita", id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._by_key: dict[tuple[str, object], TreeNode[SectionNode]] = {}

    def process_label(self, label: str | Text) -> Text:
        # A str is literal text here, never markup.
        text = Text(literal_line(label)) if isinstance(label, str) else label
        return text.split()[0] if text.plain else text

    def show_counts(self, nodes: list[tuple[SectionNode, list[SectionNode]]]) -> None:
        """Show these nodes: labels update in place when the shape is unchanged."""
        wanted = [top.key for top, _ in nodes] + [c.key for _, cs in nodes for c in cs]
        if set(wanted) == set(self._by_key):
            for top, children in nodes:
                for data in (top, *children):
                    node = self._by_key[data.key]
                    node.data = data
                    node.refresh()
            return
        cursor_key = (
            self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        )
        expanded = {key for key, node in self._by_key.items() if node.is_expanded}
        self.clear()
        self._by_key = {}
        for top, children in nodes:
            label = Text(literal_line(top.name))
            if children:
                node = self.root.add(label, data=top, expand=top.key in expanded or not expanded)
                for child in children:
                    self._by_key[child.key] = node.add_leaf(
                        Text(literal_line(child.name)), data=child
                    )
            else:
                node = self.root.add_leaf(label, data=top)
            self._by_key[top.key] = node
        target = self._by_key.get(cursor_key) if cursor_key else None
        # Node lines are known only after the tree is laid out again.
        self.call_after_refresh(self.move_cursor, target or self._by_key[nodes[0][0].key])

    def select_key(self, key: tuple[str, object]) -> None:
        node = self._by_key.get(key)
        if node is not None:
            self.move_cursor(node, animate=False)

    def node_data(self, key: tuple[str, object]) -> SectionNode | None:
        node = self._by_key.get(key)
        return node.data if node is not None else None

    def update_node(self, data: SectionNode) -> None:
        node = self._by_key.get(data.key)
        if node is not None:
            node.data = replace(data)
            node.refresh()

    def action_info(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None:
            self.post_message(self.Info(node.data))

    def render_label(self, node: TreeNode[SectionNode], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        data = node.data
        if data is None:
            return text
        suffix = Text()
        if data.unread:
            count_style = self.get_component_rich_style("section-tree--count", partial=True)
            suffix.append(f" {data.unread:,}".replace(",", "."), style + count_style)
        if data.error:
            error_style = self.get_component_rich_style("section-tree--error", partial=True)
            suffix.append(" !", style + error_style)
        if data.kind in ("all", "starred"):
            icon = "◆ " if data.kind == "all" else "★ "
            text = Text.assemble((icon, style), text)
            text.stylize(self.get_component_rich_style("section-tree--special", partial=True))
        # Counts and failure marks matter more than the end of a long name: cut the name.
        indent = self.guide_depth if node.parent is not None and not node.parent.is_root else 0
        room = self.scrollable_content_region.width - indent - suffix.cell_len
        if room > 3 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text + suffix

    def get_label_width(self, node: TreeNode[SectionNode]) -> int:
        # Labels are cut to the width (see render_label): never wider than the tree.
        return min(super().get_label_width(node), self.scrollable_content_region.width)
