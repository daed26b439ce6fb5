"""Well-formed RSS 2.0, RSS 1.0 and Atom 1.0 read with lxml into what feedparser would make.

feedparser spends ~0.15 ms per item walking a document in Python; lxml builds the tree in C.
This module reads that tree into the dictionaries feedparser returns (only the keys
`tui.parse` reads), following feedparser 6.0's rules for them, so both paths share the rest
of the work and give equal entries. Whatever it cannot be sure to read the same way (an
encoding other than UTF-8, Latin-1 or ASCII, xml:base, XHTML or base64 content, an element
feedparser has a handler for that this module does not reproduce, ...) makes it decline
(None), and the caller uses feedparser. tests/test_fastparse.py checks that both paths give
equal entries on every fixture feed, and that the tables below match feedparser's own.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tui.feedbytes import MEDIA_NAMESPACE
from tui.feedentry import MediaExtras, note_media_text

ATOM = "http://www.w3.org/2005/Atom"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/html")

# feedparser's namespace table (`_FeedParserMixin.namespaces`): lower-cased URI → the prefix
# it files elements under ("" for the feed formats themselves).
KNOWN_NAMESPACES = {
    uri: prefix.lstrip("-")
    for uri, prefix in (
        line.split()
        for line in """
        http://backend.userland.com/rss - | http://blogs.law.harvard.edu/tech/rss -
        http://purl.org/rss/1.0/ - | http://my.netscape.com/rdf/simple/0.9/ -
        http://example.com/newformat# - | http://example.com/necho - | http://purl.org/echo/ -
        uri/of/echo/namespace# - | http://purl.org/pie/ - | http://purl.org/atom/ns# -
        http://www.w3.org/2005/atom - | http://purl.org/rss/1.0/modules/rss091# -
        http://webns.net/mvcb/ admin | http://purl.org/rss/1.0/modules/aggregation/ ag
        http://purl.org/rss/1.0/modules/annotate/ annotate
        http://media.tangent.org/rss/1.0/ audio
        http://backend.userland.com/blogchannelmodule blogChannel
        http://creativecommons.org/ns#license cc | http://web.resource.org/cc/ cc
        http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html creativeCommons
        http://backend.userland.com/creativecommonsrssmodule creativeCommons
        http://purl.org/rss/1.0/modules/company co
        http://purl.org/rss/1.0/modules/content/ content
        http://my.theinfo.org/changed/1.0/rss/ cp | http://purl.org/dc/elements/1.1/ dc
        http://purl.org/dc/terms/ dcterms | http://purl.org/rss/1.0/modules/email/ email
        http://purl.org/rss/1.0/modules/event/ ev
        http://rssnamespace.org/feedburner/ext/1.0 feedburner
        http://freshmeat.net/rss/fm/ fm | http://xmlns.com/foaf/0.1/ foaf
        http://www.w3.org/2003/01/geo/wgs84_pos# geo | http://www.georss.org/georss georss
        http://www.opengis.net/gml gml | http://postneo.com/icbm/ icbm
        http://purl.org/rss/1.0/modules/image/ image
        http://www.itunes.com/dtds/podcast-1.0.dtd itunes
        http://example.com/dtds/podcast-1.0.dtd itunes | http://purl.org/rss/1.0/modules/link/ l
        http://search.yahoo.com/mrss media | http://search.yahoo.com/mrss/ media
        http://madskills.com/public/xml/rss/module/pingback/ pingback
        http://prismstandard.org/namespaces/1.2/basic/ prism
        http://www.w3.org/1999/02/22-rdf-syntax-ns# rdf
        http://www.w3.org/2000/01/rdf-schema# rdfs
        http://purl.org/rss/1.0/modules/reference/ ref
        http://purl.org/rss/1.0/modules/richequiv/ reqv
        http://purl.org/rss/1.0/modules/search/ search
        http://purl.org/rss/1.0/modules/slash/ slash
        http://schemas.xmlsoap.org/soap/envelope/ soap
        http://purl.org/rss/1.0/modules/servicestatus/ ss
        http://hacks.benhammersley.com/rss/streaming/ str
        http://purl.org/rss/1.0/modules/subscription/ sub
        http://purl.org/rss/1.0/modules/syndication/ sy
        http://schemas.pocketsoap.com/rss/mydescmodule/ szf
        http://purl.org/rss/1.0/modules/taxonomy/ taxo
        http://purl.org/rss/1.0/modules/threading/ thr
        http://purl.org/rss/1.0/modules/textinput/ ti
        http://madskills.com/public/xml/rss/module/trackback/ trackback
        http://wellformedweb.org/commentapi/ wfw | http://purl.org/rss/1.0/modules/wiki/ wiki
        http://www.w3.org/1999/xhtml xhtml | http://www.w3.org/1999/xlink xlink
        http://www.w3.org/xml/1998/namespace xml | http://podlove.org/simple-chapters psc
        """.replace("|", "\n")
        .strip()
        .splitlines()
    )
}
KNOWN_NAMESPACES[""] = ""  # no namespace at all
CANONICAL_PREFIXES = frozenset(KNOWN_NAMESPACES.values()) - {""}
# Prefixes feedparser has _start_/_end_ handlers for ("" = unprefixed names): other prefixes'
# elements it only stores under their own name.
HANDLER_PREFIXES = frozenset(
    "- cc content creativecommons dc dcterms feedburner georss gml itunes media psc xhtml".replace(
        "-", ""
    ).split(" ")
)
# What `tui.parse` reads of a feed or an entry, and feedparser's aliases for stored names.
READ_KEYS = frozenset(
    "id title title_detail summary summary_detail content link links published updated author "
    "author_detail authors tags media_content media_thumbnail media_credit image slash_comments "
    "publisher publisher_detail publishers contributors".split()
)
KEY_ALIASES = {
    "channel": "feed", "items": "entries", "guid": "id", "date": "updated",
    "description": "summary", "url": "href", "modified": "updated", "issued": "published",
    "copyright": "rights", "tagline": "subtitle",
}  # fmt: skip
# Elements whose handlers touch nothing `tui.parse` reads, and plain names without handlers.
HARMLESS = frozenset(
    "berita-webmaster cloud comments copyright created day docs expirationdate generator hour "
    "icon items language logo newlocation rating rights skipdays skiphours source subtitle "
    "tagline ttl "
    "dc_coverage dc_format dc_identifier dc_language dc_relation dc_rights dc_source dc_type "
    "dcterms_created dcterms_valid feedburner_awareness feedburner_emailserviceid "
    "feedburner_feedburnerhostname feedburner_feedflare feedburner_info feedburner_origlink "
    "feedburner_origenclosurelink img itunes_block itunes_duration "
    "itunes_episode itunes_episodetype itunes_explicit itunes_season itunes_subtitle "
    "itunes_title itunes_type itunes_new-feed-url itunes_complete media_berita-title "
    "media_berita-description media_player media_rating media_restriction media_license "
    "media_community media_starrating media_statistics media_tags media_copyright media_hash "
    "media_text media_embed media_param media_status media_price media_peerlink".split()
)
# Elements that fill an entry, by the handler that reads them.
ENTRY_KEYS = {
    **dict.fromkeys(("title", "dc_title"), "title"),
    **dict.fromkeys(("link",), "link"),
    **dict.fromkeys(("guid", "id"), "guid"),
    **dict.fromkeys(("description", "dc_description"), "description"),
    **dict.fromkeys(("summary", "itunes_summary"), "summary"),
    **dict.fromkeys(("content", "content_encoded"), "content"),
    **dict.fromkeys(
        ("author", "managingeditor", "dc_creator", "dc_author", "itunes_author"), "author"
    ),
    **dict.fromkeys(("contributor", "dc_contributor"), "contributor"),
    **dict.fromkeys(("category", "dc_subject", "media_category", "itunes_category"), "category"),
    **dict.fromkeys(("itunes_keywords", "media_keywords"), "keywords"),
    **dict.fromkeys(
        (
            "pubdate",
            "published",
            "issued",
            "dcterms_issued",
            "updated",
            "modified",
            "lastbuilddate",
            "dc_date",
            "dcterms_modified",
        ),
        "date",
    ),
    "enclosure": "enclosure",
    "dc_publisher": "publisher",
    "slash_comments": "comments",
    **dict.fromkeys(("itunes_image", "itunes_link"), "image"),
    **dict.fromkeys(("media_content", "media_group"), "media_content"),
    "media_thumbnail": "media_thumbnail",
    "media_credit": "media_credit",
}
# The same handlers fill the feed's own fields; of the rest, only what is harmless there.
FEED_KEYS = {
    key: handler
    for key, handler in ENTRY_KEYS.items()
    if handler in ("title", "link", "guid", "description", "summary", "content", "author")
    or key == "dc_publisher"
}
FEED_KEYS["itunes_owner"] = "owner"
FEED_HARMLESS = frozenset(key for key in ENTRY_KEYS if key not in FEED_KEYS)

_XML_PI_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")  # feedparser's reading
_XML_DECLARATION = re.compile(rb"^<\?xml\s([^>]*?)\?>")  # libxml2's reading
_DECLARED = re.compile(rb"""(\w+)\s*=\s*["']([^"']*)["']""")
_NAMESPACE_DECLARATION = re.compile(rb"""xmlns(?::([^\s=]*))?\s*=\s*(["'])(.*?)\2""", re.DOTALL)
_BASE_ATTRIBUTE = re.compile(rb"base\s*=")  # then a look at the byte before: far quicker
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]*)""", re.IGNORECASE)
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # feedparser.urls._urljoin
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_EMAIL = re.compile(  # feedparser's _sync_author_detail
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_HTMLISH = re.compile(r"</(\w+)>|&#?\w+;")
# feedparser maps C1 controls to the characters cp1252 puts there (feedparser.html._cp1252).
_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_ITUNES_SCHEME = "http://www.itunes.com/"
_MEDIA_SCHEME = "http://search.yahoo.com/mrss/category_schema"
_MEDIA_TEXT = tuple(f"{{{uri}}}{local}" for uri in MEDIA for local in ("title", "description"))
_MEDIA_HOLDERS = frozenset(f"{{{uri}}}{local}" for uri in MEDIA for local in ("content", "group"))

Element = etree._Element
_local = threading.local()  # lxml parsers are not to be shared between threads


class _Decline(Exception):
    """Something feedparser might read differently: let it."""


@dataclass
class Reading:
    """A feed as feedparser's dictionaries: the keys `tui.parse` reads, and the media extras."""

    version: str
    feed: dict[str, Any]
    entries: list[dict[str, Any]]
    extras: list[MediaExtras] | None = None


@dataclass
class _Context:
    """The feed or an entry being filled."""

    data: dict[str, Any] = field(default_factory=dict)
    entry: bool = False


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
        namespaces = _Namespaces(body)
        return _Reader(namespaces, MEDIA_NAMESPACE in body).read(root)
    except (_Decline, etree.LxmlError, ValueError):
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


def _urljoin(uri: str) -> str:
    """feedparser's `_urljoin("", uri)`: extra slashes after the scheme removed."""
    return _URI_FIXER.sub(r"\1\3", uri) if ":///" in uri else uri


def _finish(text: str) -> str:
    """feedparser's last steps for an element's text: mis-decoded UTF-8 repaired, C1 mapped."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252)


def _looks_like_html(text: str) -> bool:
    if ("</" not in text and "&" not in text) or not _HTMLISH.search(text):
        return False
    from feedparser.mixin import _FeedParserMixin  # rarely needed: a title with markup

    return bool(_FeedParserMixin.looks_like_html(text))


_SHORT_TYPES = {
    "text": "text/plain",
    "plain": "text/plain",
    "html": "text/html",
    "xhtml": "application/xhtml+xml",
}


def _map_type(content_type: str) -> str:
    content_type = content_type.lower()
    return _SHORT_TYPES.get(content_type, content_type)


class _Namespaces:
    """Every namespace declaration in the body, to name elements as feedparser names them.

    A byte scan, so text that looks like a declaration counts too: that can only make the
    reader decline, never name an element wrongly.
    """

    def __init__(self, body: bytes) -> None:
        self.prefixes: dict[str, set[str]] = {}  # URI → prefixes bound to it ("" = default)
        bound: dict[str, str] = {}
        for prefix_bytes, _, uri_bytes in _NAMESPACE_DECLARATION.findall(body):
            prefix = prefix_bytes.decode("utf-8", "replace")
            uri = uri_bytes.decode("utf-8", "replace")
            if not uri or bound.setdefault(prefix, uri) != uri:
                raise _Decline  # a prefix unbound or bound twice
            known = KNOWN_NAMESPACES.get(uri.lower())
            if known is not None and prefix != known and prefix in CANONICAL_PREFIXES:
                raise _Decline  # feedparser would file that prefix's elements elsewhere
            self.prefixes.setdefault(uri, set()).add(prefix)
        self.keys: dict[str, str] = {}

    def key(self, tag: str) -> str:
        """feedparser's name for an element: "title", "dc_creator", "media_content", …"""
        key = self.keys.get(tag)
        if key is None:
            key = self.keys[tag] = self._key(tag)
        return key

    def _key(self, tag: str) -> str:
        if not tag.isascii():
            raise _Decline  # expat and libxml2 disagree on some non-ASCII names
        namespace, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
        prefix = KNOWN_NAMESPACES.get(namespace.lower())
        bound = self.prefixes.get(namespace, set())
        if prefix is None:  # feedparser names it by the first prefix bound to its namespace
            if len(bound) != 1 or "" in bound:
                raise _Decline
            prefix = next(iter(bound)).lower()
            if prefix in HANDLER_PREFIXES:
                raise _Decline
        elif namespace in MEDIA and local in ("title", "description"):
            if "" in bound:
                raise _Decline
            return f"media_berita-{local}"  # `feedbytes.hide_media_text` renamed it
        return f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()


class _Reader:
    """feedparser's walk over a document, for the elements named in the tables above.

    Besides each feed's and entry's fields, two of feedparser's states outlive an element:
    whether content was seen (a second description is content, until an item ends) and the
    depth of the last title (a later title no deeper is ignored).
    """

    def __init__(self, namespaces: _Namespaces, media: bool) -> None:
        self.names = namespaces
        self.media = media
        self.atom = False
        self.has_content = False
        self.title_depth = -1
        self.entries: list[dict[str, Any]] = []
        self.items: list[Element] = []
        self.entry_handlers = {key: getattr(self, "_" + name) for key, name in ENTRY_KEYS.items()}
        self.feed_handlers = {key: getattr(self, "_" + name) for key, name in FEED_KEYS.items()}

    def read(self, root: Element) -> Reading:
        version = self._version(root)
        self.atom = version == "atom10"
        feed = _Context()
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
                raise _Decline
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
        raise _Decline

    # -- structure -------------------------------------------------------------------------

    @staticmethod
    def _children(element: Element) -> Any:
        return element.iterchildren(etree.Element)  # elements only: no comments, no PIs

    def _feed_children(self, feed: _Context, parent: Element, depth: int) -> None:
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
        context = _Context(entry=True)
        self.title_depth = -1
        if attributes.get("rdf:about"):
            context.data["id"] = attributes["rdf:about"]
        for child in self._children(item):
            self._entry_child(context, child, depth + 1, in_media=False)
        self.has_content = False
        self.entries.append(context.data)
        self.items.append(item)

    def _entry_child(self, context: _Context, child: Element, depth: int, in_media: bool) -> None:
        key = self.names.key(child.tag)
        handler = self.entry_handlers.get(key)
        if handler is None:
            self._harmless(child)
        elif in_media and not key.startswith("media_"):
            raise _Decline  # feedparser's depth rules for nested fields are not reproduced
        else:
            handler(context, child, key, depth)

    def _harmless(self, element: Element, also: frozenset[str] = frozenset()) -> None:
        """An element feedparser files under a name `tui.parse` never reads; else decline."""
        key = self.names.key(element.tag)
        prefix = key.split("_", 1)[0] if "_" in key else ""
        if (key not in HARMLESS and key not in also) and (
            prefix in HANDLER_PREFIXES or KEY_ALIASES.get(key, key) in READ_KEYS
        ):
            raise _Decline
        if key == "source":
            self.title_depth = -1
        for child in self._children(element):
            self._harmless(child, also)

    def _subtree(self, element: Element, depth: int) -> None:
        """A channel <image> or <textinput>: feedparser keeps what is inside to itself."""
        self.title_depth = -1
        for child in self._children(element):
            key = self.names.key(child.tag)
            if key not in ("title", "link", "url", "width", "height", "description", "name"):
                raise _Decline
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

    # -- values ----------------------------------------------------------------------------

    @staticmethod
    def _text(element: Element) -> str:
        """A leaf element's text (comments or child elements inside: decline)."""
        if len(element):
            raise _Decline
        return element.text or ""

    @staticmethod
    def _attributes(element: Element) -> dict[str, Any]:
        """feedparser's attribute dictionary: names lower-cased, rel and type values too."""
        found: dict[str, Any] = {}
        for name, value in element.items():
            if name[0] == "{":
                namespace, _, local = name[1:].partition("}")
                if namespace == RDF:
                    name = "rdf:" + local
                elif namespace == "http://www.w3.org/XML/1998/namespace":
                    name = "xml:" + local
                else:
                    raise _Decline  # feedparser files it under its bare name: clashes
            if not name.isascii():
                raise _Decline
            name = name.lower()
            found[name] = value.lower() if name in ("rel", "type") else value
        return found

    def _check_attributes(self, element: Element, allowed: tuple[str, ...]) -> dict[str, Any]:
        attributes = self._attributes(element)
        if any(name not in allowed and name != "xml:lang" for name in attributes):
            raise _Decline
        return attributes

    def _content_type(self, element: Element, default: str) -> str:
        attributes = self._attributes(element)
        if "mode" in attributes or "src" in attributes:
            raise _Decline  # base64 or out-of-line content
        content_type = _map_type(attributes.get("type", default))
        if content_type not in TEXT_TYPES:
            raise _Decline  # XHTML or binary content
        return content_type

    def _text_construct(self, element: Element, default: str) -> dict[str, str]:
        """A title, summary or content as feedparser's detail dictionary."""
        content_type = self._content_type(element, default)
        text = self._text(element).strip()
        if not self.atom and content_type == "text/plain" and _looks_like_html(text):
            content_type = "text/html"
        return {"type": content_type, "value": _finish(text), "base": ""}

    # -- handlers: feedparser's _start_* and _end_* methods, one element each --------------

    def _title(self, context: _Context, element: Element, key: str, depth: int) -> None:
        detail = self._text_construct(element, "text/plain")
        if not -1 < self.title_depth <= depth:
            context.data["title"] = detail["value"]
            context.data["title_detail"] = detail
        if detail["value"]:
            self.title_depth = depth

    def _description(self, context: _Context, element: Element, key: str, depth: int) -> None:
        self._summary_or_content(context, element, "text/html", summary=False)

    def _summary(self, context: _Context, element: Element, key: str, depth: int) -> None:
        self._summary_or_content(context, element, "text/plain", summary=True)

    def _summary_or_content(
        self, context: _Context, element: Element, default: str, summary: bool
    ) -> None:
        if "summary" in context.data and not self.has_content:
            self._content(context, element, "content", 0)  # a second one counts as content
            return
        detail = self._text_construct(element, default)
        if context.entry:
            context.data["summary_detail"] = detail
        if context.entry or summary:  # a feed's <description> is its subtitle
            context.data["summary"] = detail["value"]

    def _content(self, context: _Context, element: Element, key: str, depth: int) -> None:
        self.has_content = True
        detail = self._text_construct(
            element, "text/html" if key == "content_encoded" else "text/plain"
        )
        context.data.setdefault("content", []).append(detail)
        context.data.setdefault("summary", detail["value"])

    def _link(self, context: _Context, element: Element, key: str, depth: int) -> None:
        attributes = self._attributes(element)
        attributes.setdefault("rel", "alternate")
        if attributes["rel"] == "self":
            attributes.setdefault("type", "application/atom+xml")
        else:
            attributes.setdefault("type", "text/html")
        _enforce_href(attributes)
        data = context.data
        links = data.setdefault("links", [])
        links.append(attributes)
        text = self._text(element)
        if "href" in attributes:
            attributes["href"] = _urljoin(attributes["href"])
            if attributes["rel"] == "alternate" and _map_type(attributes["type"]) in HTML_TYPES:
                data["link"] = attributes["href"]
            return
        text = text.strip()
        text = _finish(_urljoin(text) if text else text)
        if context.entry:
            if "&" in text:
                text = _LINK_ENTITY.sub(r"&\g<1>", text.replace("&amp;", "&"))
            data["link"] = text
            if text:
                links[-1]["href"] = text
        else:
            data["link"] = links[-1]["href"] = _LINK_ENTITY.sub(r"&\g<1>", text)

    def _guid(self, context: _Context, element: Element, key: str, depth: int) -> None:
        is_link = self._attributes(element).get("ispermalink", "true") == "true"
        text = self._text(element).strip()
        text = _finish(_urljoin(text) if is_link and text else text)
        context.data["id"] = text
        if is_link:
            context.data.setdefault("link", text)

    def _date(self, context: _Context, element: Element, key: str, depth: int) -> None:
        published = key in ("pubdate", "published", "issued", "dcterms_issued")
        context.data["published" if published else "updated"] = _finish(self._text(element).strip())

    def _author(self, context: _Context, element: Element, key: str, depth: int) -> None:
        data = context.data
        data.setdefault("authors", []).append({})
        pieces = [element.text or ""]
        for child in self._children(element):
            name = self.names.key(child.tag)
            text = self._text(child).strip()
            if name in ("name", "email"):
                _save_author(data, name, text)
            elif name in ("uri", "url", "homepage"):
                _save_author(data, "href", _finish(_urljoin(text) if text else text))
            else:
                raise _Decline
            pieces.append(child.tail or "")
        data["author"] = _finish("".join(pieces).strip())
        _sync_person(data, "author")

    def _contributor(self, context: _Context, element: Element, key: str, depth: int) -> None:
        people = context.data.setdefault("contributors", [])
        people.append({})
        if key == "dc_contributor":
            people[-1]["name"] = self._text(element).strip()
            return
        for child in self._children(element):
            name = self.names.key(child.tag)
            text = self._text(child).strip()
            if name in ("name", "email"):
                people[-1][name] = text
            elif name in ("uri", "url", "homepage"):
                people[-1]["href"] = _finish(_urljoin(text) if text else text)
            else:
                raise _Decline

    def _owner(self, context: _Context, element: Element, key: str, depth: int) -> None:
        """itunes:owner: its name and e-mail are the publisher's, and also the last author's."""
        for child in self._children(element):
            name = self.names.key(child.tag)
            if name not in ("itunes_name", "itunes_email"):
                raise _Decline
            _save_author(context.data, name[7:], self._text(child).strip(), "publisher")
        _sync_person(context.data, "publisher")

    def _publisher(self, context: _Context, element: Element, key: str, depth: int) -> None:
        context.data["publisher"] = _finish(self._text(element).strip())
        _sync_person(context.data, "publisher")

    def _category(self, context: _Context, element: Element, key: str, depth: int) -> None:
        attributes = self._attributes(element)
        if key == "media_category":
            attributes.setdefault("scheme", _MEDIA_SCHEME)
        if key == "itunes_category":
            _add_tag(context.data, attributes.get("text"), _ITUNES_SCHEME, None)
        else:
            scheme = attributes.get("scheme", attributes.get("domain"))
            _add_tag(context.data, attributes.get("term"), scheme, attributes.get("label"))
        value = _finish(self._text(element).strip())
        if not value:
            return
        tags = context.data["tags"]
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            _add_tag(context.data, value, None, None)

    def _keywords(self, context: _Context, element: Element, key: str, depth: int) -> None:
        if self._attributes(element):
            raise _Decline
        scheme = _ITUNES_SCHEME if key == "itunes_keywords" else None
        for term in _finish(self._text(element).strip()).split(","):
            if term.strip():
                _add_tag(context.data, term.strip(), scheme, None)

    def _enclosure(self, context: _Context, element: Element, key: str, depth: int) -> None:
        self._text(element)
        attributes = _enforce_href(self._attributes(element))
        attributes["rel"] = "enclosure"
        context.data.setdefault("links", []).append(attributes)

    def _comments(self, context: _Context, element: Element, key: str, depth: int) -> None:
        text = self._text(element)
        context.data[key] = self._attributes(element) or _finish(text.strip())

    def _image(self, context: _Context, element: Element, key: str, depth: int) -> None:
        self._text(element)
        attributes = self._attributes(element)
        href = attributes.get("href") or attributes.get("url")
        if href:
            context.data["image"] = {"href": href}

    def _media_content(self, context: _Context, element: Element, key: str, depth: int) -> None:
        if key == "media_content":
            context.data.setdefault("media_content", []).append(self._attributes(element))
        for child in self._children(element):
            self._entry_child(context, child, depth + 1, in_media=True)

    def _media_thumbnail(self, context: _Context, element: Element, key: str, depth: int) -> None:
        thumbnail = self._attributes(element)
        context.data.setdefault("media_thumbnail", []).append(thumbnail)
        text = self._text(element).strip()
        text = _finish(_urljoin(text) if text else text)
        if text.strip() and "url" not in thumbnail:
            thumbnail["url"] = text

    def _media_credit(self, context: _Context, element: Element, key: str, depth: int) -> None:
        credits = context.data.setdefault("media_credit", [])
        credits.append(self._attributes(element))
        credit = _finish(self._text(element).strip())
        if credit.strip():
            credits[-1]["content"] = credit


def _enforce_href(attributes: dict[str, Any]) -> dict[str, Any]:
    href = attributes.get("url", attributes.get("uri", attributes.get("href")))
    if href:
        attributes.pop("url", None)
        attributes.pop("uri", None)
        attributes["href"] = href
    return attributes


def _add_tag(data: dict[str, Any], term: str | None, scheme: str | None, label: str | None) -> None:
    tags = data.setdefault("tags", [])
    if not term and not scheme and not label:
        return
    tag = {"term": term, "scheme": scheme, "label": label}
    if tag not in tags:
        tags.append(tag)


def _save_author(data: dict[str, Any], key: str, value: str, prefix: str = "author") -> None:
    data.setdefault(prefix + "_detail", {})[key] = value
    _sync_person(data, "author")
    data.setdefault("authors", [{}])[-1][key] = value


def _sync_person(data: dict[str, Any], key: str) -> None:
    """feedparser's _sync_author_detail: the byline and its parsed detail kept in step."""
    detail = data.get(key + "s", [{}])[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            data[key] = f"{name} ({email})"
        elif name or email:
            data[key] = name or email
        return
    author, email = data.get(key), None
    if not author:
        return
    match = _EMAIL.search(author) if "@" in author else None
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        data.setdefault(key + "_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email
