"""Well-formed RSS 2.0, RSS 1.0 and Atom 1.0 read with lxml into what feedparser would make.

feedparser spends ~0.15 ms per item walking a document in Python; lxml builds the tree in C.
This module reads that tree into the dictionaries feedparser returns (only the keys
`tui.parse` reads), following feedparser 6.0's rules for them, so both paths share the rest
of the work and give equal entries. Whatever it cannot be sure to read the same way (an
encoding other than UTF-8, Latin-1 or ASCII, xml:base, XHTML or base64 content, an element
feedparser has a handler for that this module does not reproduce, ...) makes it decline
(None), and the caller uses feedparser. tests/test_fastparse.py checks that both paths give
equal entries on every fixture feed, and that the tables of `tui.fastnames` match feedparser's.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tui.fasthandlers import Context, Element, ElementHandlers
from tui.fastnames import (
    ATOM,
    FEED_HARMLESS,
    FEED_KEYS,
    MEDIA,
    RDF,
    RSS090,
    RSS10,
    Decline,
    Namespaces,
)
from tui.feedbytes import MEDIA_NAMESPACE
from tui.feedentry import MediaExtras, note_media_text

_XML_PI_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")  # feedparser's reading
_XML_DECLARATION = re.compile(rb"^<\?xml\s([^>]*?)\?>")  # libxml2's reading
_DECLARED = re.compile(rb"""(\w+)\s*=\s*["']([^"']*)["']""")
_BASE_ATTRIBUTE = re.compile(rb"base\s*=")  # then a look at the byte before: far quicker
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]*)""", re.IGNORECASE)
_MEDIA_TEXT = tuple(f"{{{uri}}}{local}" for uri in MEDIA for local in ("title", "description"))
_MEDIA_HOLDERS = frozenset(f"{{{uri}}}{local}" for uri in MEDIA for local in ("content", "group"))

_local = threading.local()  # lxml parsers are not to be shared between threads


@dataclass
class Reading:
    """A feed as feedparser's dictionaries: the keys `tui.parse` reads, and the media extras."""

    version: str
    feed: dict[str, Any]
    entries: list[dict[str, Any]]
    extras: list[MediaExtras] | None = None


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
    return parser


def read_fast(body: bytes, content_type: str | None) -> Reading | None:
    """`body` read as feedparser would read it, or None when it is not sure to match."""
    if not _plain_encoding(body, content_type) or _has_base_attribute(body):
        return None
    if body.count(b"<image>") > 1 or b"backend.userland.com/rss" in body:
        return None  # RSS 0.9x traits, which feedparser reads its own way
    try:
        root = etree.fromstring(body, _parser())
        namespaces = Namespaces(body)
        return _Reader(namespaces, MEDIA_NAMESPACE in body).read(root)
    except (Decline, etree.LxmlError, ValueError):
        return None


def _plain_encoding(body: bytes, content_type: str | None) -> bool:
    """Whether feedparser and libxml2 both decode `body` as the same UTF-8 or Latin-1 text."""
    bom = body.startswith(b"\xef\xbb\xbf")
    data = body[3:] if bom else body
    declaration = _XML_DECLARATION.match(data)
    # feedparser takes the last "encoding=" on the first line (a one-line feed is all first
    # line): when that is the declaration's, matching the declaration alone is the same.
    declaration_end = declaration.end() if declaration else 0
    line_end = data.find(b"\n")
    if data.rfind(b"encoding=", declaration_end, len(data) if line_end < 0 else line_end) >= 0:
        return False
    found = _XML_PI_ENCODING.match(data, 0, declaration_end)
    feedparser_encoding = found.group(1).decode("ascii", "replace").lower() if found else ""
    fields = dict(_DECLARED.findall(declaration.group(1))) if declaration else {}
    if fields.get(b"version", b"1.0") != b"1.0":
        return False
    declared = fields.get(b"encoding", b"").decode("ascii", "replace").lower()
    charset = ""
    if content_type and "charset=" in content_type.lower():
        match = _CHARSET.search(content_type)
        charset = match.group(1).lower() if match else "?"
    encoding = charset or feedparser_encoding or "utf-8"
    if encoding in ("utf-8", "utf8"):
        if declared not in ("", "utf-8", "utf8"):
            return False
        try:
            data.isascii() or data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if bom or charset or declared != feedparser_encoding:
        return False
    return declared == "iso-8859-1" or (declared == "us-ascii" and data.isascii())


def _has_base_attribute(body: bytes) -> bool:
    """Whether an xml:base (or a bare base) attribute may be in `body`: feedparser honours it."""
    return any(
        match.start() and body[match.start() - 1] in b" \t\n\r\f\v:"
        for match in _BASE_ATTRIBUTE.finditer(body)
    )


class _Reader(ElementHandlers):
    """feedparser's walk over a document, for the elements named in `tui.fastnames`."""

    def __init__(self, namespaces: Namespaces, media: bool) -> None:
        super().__init__(namespaces)
        self.media = media
        self.entries: list[dict[str, Any]] = []
        self.items: list[Element] = []

    def read(self, root: Element) -> Reading:
        version = self._version(root)
        self.atom = version == "atom10"
        feed = Context()
        if version == "atom10":
            self._feed_children(feed, root, 2)
        else:
            channels = 0
            for child in self._children(root):
                key = self.names.key(child.tag)
                if key == "channel":
                    channels += 1
                    self._check_attributes(child, ("rdf:about",))
                    self._feed_children(feed, child, 3)
                elif version == "rss10" and key == "item":
                    self._entry(child, 2)
                elif version == "rss10" and key in ("image", "textinput"):
                    self._subtree(child, 2)
                else:
                    self._harmless(child)
            if channels != 1:
                raise Decline
        extras = [self._extras(item) for item in self.items] if self.media else None
        return Reading(version, feed.data, self.entries, extras)

    def _version(self, root: Element) -> str:
        declared = {uri.lower() for uri in root.nsmap.values() if uri}
        default = (root.nsmap.get(None) or "").lower()
        sets_version = declared & {RSS10, ATOM.lower()} | {default} & {RSS090}
        if root.tag == "rss" and not sets_version - {ATOM.lower()}:
            if str(root.get("version") or "").startswith("2."):
                return "rss20"
        elif root.tag == f"{{{ATOM}}}feed" and sets_version == {ATOM.lower()}:
            return "atom10"
        elif root.tag == f"{{{RDF}}}RDF" and sets_version == {RSS10}:
            return "rss10"
        raise Decline

    def _feed_children(self, feed: Context, parent: Element, depth: int) -> None:
        """The feed's elements; `depth` is theirs (the root's is 1), as for every handler."""
        for child in self._children(parent):
            key = self.names.key(child.tag)
            if key in ("item", "entry"):
                self._entry(child, depth)
            elif key in ("image", "textinput") and not self.atom:
                self._subtree(child, depth)
            elif key in FEED_KEYS:
                self.feed_handlers[key](feed, child, key, depth)
            else:
                self._harmless(child, FEED_HARMLESS)

    def _entry(self, item: Element, depth: int) -> None:
        attributes = self._check_attributes(item, ("rdf:about",))
        context = Context(entry=True)
        self.title_depth = -1
        if attributes.get("rdf:about"):
            context.data["id"] = attributes["rdf:about"]
        for child in self._children(item):
            self._entry_child(context, child, depth + 1, in_media=False)
        self.has_content = False
        self.entries.append(context.data)
        self.items.append(item)

    def _subtree(self, element: Element, depth: int) -> None:
        """A channel <image> or <textinput>: feedparser keeps what is inside to itself."""
        self.title_depth = -1
        for child in self._children(element):
            key = self.names.key(child.tag)
            if key not in ("title", "link", "url", "width", "height", "description", "name"):
                raise Decline
            text = self._text(child)  # a leaf, as feedparser's handlers for these expect
            if key == "title" and text.strip():
                self.title_depth = depth + 1

    def _extras(self, item: Element) -> MediaExtras:
        extras = MediaExtras()
        for element in item.iter(*_MEDIA_TEXT):
            in_media = False
            parent = element.getparent()
            while parent is not None and parent is not item:
                in_media = in_media or parent.tag in _MEDIA_HOLDERS
                parent = parent.getparent()
            local = element.tag.rpartition("}")[2]
            is_html = element.get("type") == "html"
            note_media_text(extras, self._text(element), is_html, local, in_media)
        return extras
