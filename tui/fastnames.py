"""feedparser's names for elements, and the tables `tui.fastparse` reads them by.

The namespace table is feedparser's own (`_FeedParserMixin.namespaces`); the others say which
elements feedparser has handlers for, which of them `tui.parse` reads, and which handler of
`tui.fasthandlers` reproduces each. tests/test_fastparse.py checks them against feedparser.
"""

from __future__ import annotations

import re

ATOM = "http://www.w3.org/2005/Atom"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MEDIA = ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss")

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

_NAMESPACE_DECLARATION = re.compile(rb"""xmlns(?::([^\s=]*))?\s*=\s*(["'])(.*?)\2""", re.DOTALL)


class Decline(Exception):
    """Something feedparser might read differently: let it."""


class Namespaces:
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
                raise Decline  # a prefix unbound or bound twice
            known = KNOWN_NAMESPACES.get(uri.lower())
            if known is not None and prefix != known and prefix in CANONICAL_PREFIXES:
                raise Decline  # feedparser would file that prefix's elements elsewhere
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
            raise Decline  # expat and libxml2 disagree on some non-ASCII names
        namespace, _, local = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
        prefix = KNOWN_NAMESPACES.get(namespace.lower())
        bound = self.prefixes.get(namespace, set())
        if prefix is None:  # feedparser names it by the first prefix bound to its namespace
            if len(bound) != 1 or "" in bound:
                raise Decline
            prefix = next(iter(bound)).lower()
            if prefix in HANDLER_PREFIXES:
                raise Decline
        elif namespace in MEDIA and local in ("title", "description"):
            if "" in bound:
                raise Decline
            return f"media_berita-{local}"  # `feedbytes.hide_media_text` renamed it
        return f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()
