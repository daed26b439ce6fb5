"""Guards on a feed's raw bytes, applied before feedparser (or json) reads them.

feedparser is given whatever a server sent, and some of that is dangerous to it: entities
declared in a DOCTYPE expand without limit in its loose parser, long author fields make a
quadratic regex crawl, and UTF-16/32 bodies hide markup from byte-level checks. Each guard here
is a pure function of bytes to bytes, so the order they run in stays visible in `tui.parse`.
"""

from __future__ import annotations

import re

MAX_BODY_BYTES = 8 * 1024 * 1024
PERSON_BYTES = 512  # feedparser's author regex is quadratic: 16 KB took 0.6 s, 160 KB a minute
MEDIA_NAMESPACE = b"search.yahoo.com/mrss"

_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DECLARATION_MARK = re.compile(rb"[\[\]>\"']|<!--")
_CLOSERS = {b'"': b'"', b"'": b"'", b"<!--": b"-->"}
_PERSON_OPEN = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:author|creator|managingeditor|webmaster|publisher|owner"
    rb"|contributor)(?:\s[^<>]*)?>\s*",
    re.IGNORECASE,
)
_TEXT_END = re.compile(rb"<|\]\]>")
_CDATA = b"<![CDATA["
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:\w+:)?(?:rss|feed|rdf|channel)\b", re.IGNORECASE)
_PROLOG_ITEMS = ((b"<?", b"?>"), (b"<!--", b"-->"), (b"<!DOCTYPE", b">"), (b"<!doctype", b">"))
_MEDIA_PREFIX = re.compile(
    rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']https?://search\.yahoo\.com/mrss/?["']"""
)
_WEBMASTER = re.compile(rb"<(/?)webmaster(?=[\s/>])", re.IGNORECASE)


def _wide_codec(body: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) for UTF-16/32 bodies, by BOM or by the zero bytes around '<'."""
    for bom, codec in _WIDE_BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    if len(body) < 4:
        return None
    if body[0] and not body[1] and not body[3]:
        return ("utf-32-le" if not body[2] else "utf-16-le"), 0
    if not body[0] and not body[2] and body[3]:
        return ("utf-32-be" if not body[1] else "utf-16-be"), 0
    return None


def wide_to_utf8(body: bytes) -> bytes | None:
    """A UTF-16/32 body as UTF-8 (so the byte-level guards below see it), else None."""
    found = _wide_codec(body)
    if found is None:
        return None
    codec, bom_length = found
    text = body[bom_length:].decode(codec, errors="replace")
    return _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8", errors="replace")


def _declaration_end(body: bytes, start: int) -> int:
    """Where a <!DOCTYPE …> that starts before `start` ends, internal subset included.

    Quoted strings and comments are skipped with find(), never with a lazy regex: a subset
    full of unclosed '<!--' made a regex scan the rest of the body once per '<!--'.
    """
    depth = 0
    position = start
    while found := _DECLARATION_MARK.search(body, position):
        mark = found.group()
        position = found.end()
        if mark in _CLOSERS:
            close = body.find(_CLOSERS[mark], position)
            if close < 0:
                return len(body)
            position = close + len(_CLOSERS[mark])
        elif mark == b"[":
            depth += 1
        elif mark == b"]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return position
    return len(body)


def strip_doctypes(body: bytes) -> tuple[bytes, bool]:
    """Every DOCTYPE removed with its entity declarations; newlines kept for line numbers.

    feedparser's loose parser expands entities that expat refused: a 150 KB billion-laughs
    feed became 2 billion characters. Without declarations there is nothing to expand.
    Returns the body and whether a Netscape RSS 0.91 DOCTYPE was there.
    """
    pieces: list[bytes] = []
    position = 0
    netscape = False
    while match := _DOCTYPE.search(body, position):
        end = _declaration_end(body, match.end())
        removed = body[match.start() : end]
        netscape = netscape or b"netscape" in removed.lower()
        pieces += [body[position : match.start()], b"\n" * removed.count(b"\n")]
        position = end
    if not pieces:
        return body, False
    pieces.append(body[position:])
    return b"".join(pieces), netscape


def _cut_point(body: bytes, start: int, limit: int) -> int:
    """`start + limit`, moved back off a UTF-8 continuation byte or an unfinished entity."""
    cut = start + limit
    while cut > start and body[cut] & 0xC0 == 0x80:
        cut -= 1
    amp = body.rfind(b"&", max(start, cut - 12), cut)
    if amp >= 0 and body.find(b";", amp, cut) < 0:
        cut = amp
    return cut


def cap_people(body: bytes) -> bytes:
    """Text of author-like elements cut to PERSON_BYTES before feedparser sees it."""
    pieces: list[bytes] = []
    position = 0
    no_cdata_end_from = len(body) + 1
    for match in _PERSON_OPEN.finditer(body):
        start = match.end()
        if start < position:
            continue
        if body.startswith(_CDATA, start):
            start += len(_CDATA)
            end = body.find(b"]]>", start) if start < no_cdata_end_from else -1
            if end < 0:
                no_cdata_end_from, end = start, len(body)
        else:
            text_end = _TEXT_END.search(body, start)
            end = text_end.start() if text_end else len(body)
        if end - start > PERSON_BYTES:
            pieces.append(body[position : _cut_point(body, start, PERSON_BYTES)])
            position = end
    if not pieces:
        return body
    pieces.append(body[position:])
    return b"".join(pieces)


def hide_media_text(body: bytes) -> bytes:
    """media:title and media:description renamed so feedparser leaves them alone.

    feedparser files both under the entry's own title and summary: a photo caption replaced
    the item's <description>, or became its content. Renamed, feedparser keeps them apart as
    unknown elements, and the caller reads them itself. Only for well-formed bodies whose
    media text the caller has already read (the renaming keeps them well-formed).
    """
    prefixes = {b"media", *_MEDIA_PREFIX.findall(body)}
    names = b"|".join(re.escape(prefix) for prefix in sorted(prefixes))
    element = re.compile(rb"<(/?)(" + names + rb"):(title|description)(?=[\s/>])")
    return element.sub(rb"<\1\2:berita-\3", body)


def hide_webmaster(body: bytes) -> bytes:
    """<webMaster> renamed: feedparser files it as the publisher, over a real dc:publisher.

    It is a technical contact, not who publishes; which of the two won depended on their order.
    """
    return _WEBMASTER.sub(rb"<\1berita-webmaster", body)


def _first_element(head: bytes) -> bytes:
    """`head` from its first tag that is not a PI, a comment or a non-HTML DOCTYPE."""
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    while True:
        if _HTML_ROOT.match(head):
            return head
        for opener, closer in _PROLOG_ITEMS:
            if head.startswith(opener):
                end = head.find(closer, len(opener))
                head = head[end + len(closer) :].lstrip() if end >= 0 else b""
                break
        else:
            return head


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """Whether `body` is a web page rather than a feed (the caller may look for feed links)."""
    head = body[:8192]
    head = _first_element(wide_to_utf8(head) or head)
    if _HTML_ROOT.match(head):
        return True
    if _FEED_ROOT.match(head) or head.startswith(b"{"):
        return False
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in ("text/html", "application/xhtml+xml")


def looks_like_json(body: bytes, content_type: str | None) -> bool:
    """Whether `body` should be read as JSON: a leading '{', or a JSON type and no '<'."""
    start = body.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if start in (b"{", b"<"):
        return start == b"{"
    return (content_type or "").split(";")[0].strip().lower().endswith("json")


# An item's closing tag, an item's opening tag, or markup whose text must be skipped whole.
_ITEM_MARK = re.compile(
    rb"<!\[CDATA\[|<!--|<(/?)(?:[A-Za-z_][\w.-]*:)?(?:item|entry)(?:\s*>|(?=[\s/>])|\Z)"
)
_SKIPPED_TEXT = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}


def _item_marks(body: bytes, closings_wanted: int) -> tuple[list[int], int, int]:
    """Where items close (end offsets, at most `closings_wanted`), where the first one opens,
    and where the last opening after the last closing starts (-1 for none).

    Item-like text inside CDATA sections and comments is skipped, found with find().
    """
    closings: list[int] = []
    first_open = last_open = -1
    position = 0
    item_open = False  # a closing with no opening since the last one closes no item
    while found := _ITEM_MARK.search(body, position):
        mark, position = found.group(), found.end()
        if mark in _SKIPPED_TEXT:
            end = body.find(_SKIPPED_TEXT[mark], position)
            if end < 0:
                break
            position = end + len(_SKIPPED_TEXT[mark])
        elif found.group(1):
            if not item_open or not mark.endswith(b">"):
                continue  # a stray closing, or one cut off: neither closes an item
            closings.append(position)
            item_open, last_open = False, -1
            if len(closings) == closings_wanted:
                break
        else:
            tag_end = body.find(b">", found.start())
            if tag_end > 0 and body[tag_end - 1] == ord("/"):
                continue  # <item/>: opens nothing
            first_open = found.start() if first_open < 0 else first_open
            item_open, last_open = True, found.start()
    return closings, first_open, last_open


def _open_elements(head: bytes) -> list[bytes] | None:
    """The names (as written) of the elements still open at the end of `head`, or None when
    `head` is not the start of a well-formed document."""
    from lxml import etree  # lazily: only for the bodies this cuts

    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False
    )
    names: list[bytes] = []
    try:
        parser.feed(head)
        for event, element in parser.read_events():
            if event == "end":
                names.pop()
                continue
            local = etree.QName(element).localname
            names.append((f"{element.prefix}:{local}" if element.prefix else local).encode())
    except (etree.LxmlError, ValueError, IndexError):
        return None
    return names


def keep_whole_items(body: bytes, max_items: int) -> tuple[bytes, bool]:
    """`body` cut after its `max_items`-th item, or before an item the body's end cut in half.

    Either way the document is closed again with the closing tags of the elements the first
    item is in, so a parser reads the whole items and no more: feedparser took 24 s to read
    280,000 items only for all but a thousand to be dropped, and kept a half item as an
    entry with no link and a made-up guid. A body with neither is returned as it is, and so
    is one cut inside its first item (no whole item to keep). Returns the body and whether a
    half item was dropped.
    """
    if max_items < 1:
        return body, False
    closings, first_open, last_open = _item_marks(body, max_items + 1)
    if len(closings) > max_items:
        cut, half_item = closings[max_items - 1], False
    elif closings and last_open >= 0:
        cut, half_item = closings[-1], True
    else:
        return body, False
    open_elements = _open_elements(body[:first_open]) if first_open >= 0 else None
    if open_elements is None:  # not XML a closing can mend: the loose parser's to read
        return body[:cut], half_item
    closing = b"".join(b"</" + name + b">" for name in reversed(open_elements))
    return body[:cut] + closing, half_item


_PREFIXED_CLOSING = re.compile(rb"</[A-Za-z_][\w.-]*:(?:item|entry)\s*>")


def count_items(body: bytes) -> int:
    """How many items (RSS `</item>`, Atom `</entry>`, prefixed or not) close in `body`.

    For saying how many a cut dropped, so counted cheaply (bytes.count runs at memory speed;
    18 MB in a few milliseconds) and not exactly: a closing tag written inside CDATA or a
    comment counts too.
    """
    count = body.count(b"</item>") + body.count(b"</entry>")
    if b":item" in body or b":entry" in body:
        count += sum(1 for _ in _PREFIXED_CLOSING.finditer(body))
    return count


def cut_note(kept: int, total: int, *, read_only: int | None = None) -> tuple[int, str | None]:
    """(items dropped, what to tell the reader) when a body's first `kept` of `total` items are
    kept; `read_only`: the bytes read of a body larger than that, when that was the reason."""
    dropped = max(0, total - kept)
    if not dropped:
        return 0, None
    note = f"kept the first {kept:,} of {total:,} items"
    if read_only is not None:
        note += f" (the feed is over {read_only // 2**20} MB; only its start is read)"
    return dropped, note
