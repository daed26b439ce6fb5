"""Feed bodies (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to `model.ParsedFeed` with clean entries.

A pure function of its arguments: no I/O, picklable in and out, so callers may run it in a
thread or a process pool. feedparser reads the XML, but first the body is made safe for it
(UTF-16/32 re-encoded, DOCTYPEs and their entities removed, author fields capped), and
everything it returns is cleaned here. JSON Feed is read with `json`.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from tui import dates, htmlbody
from tui.model import Credits, Entry, Image, ParsedFeed
from tui.sanitize import clean_line, clean_optional, clean_text, safe_url

MAX_ENTRIES = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
SUMMARY_LIMIT = 2_000
CONTENT_LIMIT = 1_000_000
PERSON_BYTES = 512  # feedparser's author regex is quadratic: 16 KB took 0.6 s, 160 KB a minute
TITLE_FROM_SUMMARY = 80
FUTURE_SLACK = timedelta(days=2)
UNTITLED = "(untitled)"
_SUMMARY_SOURCE = 50_000  # enough HTML to fill a 2,000-character summary
_TITLE_SOURCE = 10_000
_MAX_CATEGORIES = 30

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
MEDIA_NAMESPACES = frozenset({"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"})


class ParseError(Exception):
    """The body is not a feed, or too broken to read; the message is short and human."""


# -- bytes before feedparser ---------------------------------------------------------------

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


def _wide_to_utf8(body: bytes) -> bytes | None:
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


def _strip_doctypes(body: bytes) -> tuple[bytes, bool]:
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


def _cap_people(body: bytes) -> bytes:
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
    head = _first_element(_wide_to_utf8(head) or head)
    if _HTML_ROOT.match(head):
        return True
    if _FEED_ROOT.match(head) or head.startswith(b"{"):
        return False
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in ("text/html", "application/xhtml+xml")


# -- the parts of an entry, however they were read -----------------------------------------


@dataclass
class _Raw:
    """One entry's fields as found, before cleaning: the shared shape of RSS/Atom and JSON."""

    guid: str = ""
    title: str = ""
    title_is_html: bool = False
    links: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    author: str = ""
    categories: list[str] = field(default_factory=list)
    summary: str = ""
    summary_is_html: bool = True
    content_html: str = ""
    base: str = ""  # where relative URLs in the HTML resolve
    images: list[str] = field(default_factory=list)
    caption: str = ""
    credit: str = ""
    comments: Any = None
    publisher: str = ""
    editor: str = ""


_EMAIL = re.compile(r"\(?\s*(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_BYLINE = re.compile(r"^(?:by|oleh)\s*:?\s+", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^(?:photograph|photo|foto|image|gambar)\s*:\s*", re.IGNORECASE)
_RELATIVE_REF = re.compile(r"""\b(?:href|src)\s*=\s*["']?(?![a-zA-Z][\w+.-]*:|#|["'\s>])""")


def _person(name: str | None) -> str | None:
    """A name as a byline: e-mail addresses, wrapping brackets and "By"/"Oleh" removed."""
    text = clean_line(html.unescape(name or ""), 300)
    if not text:
        return None
    without_email = _EMAIL.sub(" ", text).strip()
    text = without_email or text
    for _ in range(3):  # "[(Name)]"
        if len(text) > 2 and text[0] + text[-1] in ("[]", "()", "<>", "{}"):
            text = text[1:-1].strip()
    if text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1].rstrip()
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    text = _BYLINE.sub("", text)
    return clean_optional(text, 200)


def _plain(text: str, is_html: bool, base: str | None = None) -> str:
    if is_html:
        return htmlbody.html_to_text(text[:_SUMMARY_SOURCE], base, link_refs=False)
    return clean_text(html.unescape(text))


def _title_text(title: str, is_html: bool) -> str:
    """A title as one line of plain text; entities decoded (twice-escaped ones too)."""
    title = title[:_TITLE_SOURCE]
    if is_html:
        return clean_line(htmlbody.html_to_text(title, link_refs=False))
    return clean_line(html.unescape(title))


def _title_from(summary: str) -> str:
    line = clean_line(summary)
    if len(line) <= TITLE_FROM_SUMMARY:
        return line or UNTITLED
    cut = line[:TITLE_FROM_SUMMARY].rsplit(" ", 1)[0] or line[:TITLE_FROM_SUMMARY]
    return cut.rstrip(" ,.;:") + "…"


def _absolute(url: str | None, base: str) -> str | None:
    if not url or not isinstance(url, str):
        return None
    try:
        return safe_url(urljoin(base, url.strip()))
    except ValueError:
        return None


def _finish(raw: _Raw, feed_url: str, now: datetime) -> Entry:
    """Clean every field of `raw` into an Entry."""
    link = next((u for u in (_absolute(link, feed_url) for link in raw.links) if u), None)
    base = _absolute(raw.base, feed_url) or feed_url
    summary = clean_text(_plain(raw.summary, raw.summary_is_html, base), SUMMARY_LIMIT).strip()
    title = _title_text(raw.title, raw.title_is_html) or _title_from(summary)
    published = next((d for d in map(dates.parse_date, raw.dates) if d is not None), None)
    if published is not None and published > now + FUTURE_SLACK:
        published = None
    content = clean_text(raw.content_html, CONTENT_LIMIT)
    if content and base != link and safe_url(base) and _RELATIVE_REF.search(content):
        content = f'<base href="{html.escape(base)}">{content}'  # htmlbody honours it
    guid = clean_line(raw.guid, 2_000) or link
    if not guid:
        guid = "sha1:" + hashlib.sha1(f"{title}\n{summary}".encode()).hexdigest()
    author = _person(raw.author)
    photographer = clean_optional(_CREDIT_LABEL.sub("", clean_line(raw.credit)), 300)
    return Entry(
        guid=guid,
        title=title,
        link=link,
        published=published,
        author=author,
        categories=_categories(raw.categories),
        summary=summary,
        content_html=content,
        image=_image(raw, base, content, title, summary),
        comments=_count(raw.comments),
        credits=Credits(
            reporter=author,
            editor=_person(raw.editor),
            publisher=_person(raw.publisher),
            photographer=photographer,
        ),
    )


def _categories(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        cleaned = clean_line(html.unescape(name), 100) if isinstance(name, str) else ""
        # A bare number ("33" in VIVA feeds) is a section id, not something to read.
        if cleaned and not cleaned.isdigit() and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return tuple(seen.values())[:_MAX_CATEGORIES]


def _count(value: Any) -> int | None:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def _image(raw: _Raw, base: str, content: str, title: str, summary: str) -> Image | None:
    caption = raw.caption
    url = next((u for u in (_absolute(i, base) for i in raw.images) if u), None)
    if url is None:
        found = htmlbody.first_image(content[:_SUMMARY_SOURCE], base)
        if found is None and raw.summary_is_html and raw.summary:
            found = htmlbody.first_image(raw.summary[:_SUMMARY_SOURCE], base)
        if found is None:
            return None
        url, caption = found[0], found[1] or ""
    caption_text = clean_optional(_plain(caption, "<" in caption), 500)
    if caption_text and caption_text.casefold() in (title.casefold(), summary.casefold()):
        caption_text = None  # YouTube's media:title is the title, its description the summary
    credit = clean_optional(raw.credit, 300)
    return Image(url=url, caption=caption_text, credit=credit)


# -- RSS and Atom through feedparser -------------------------------------------------------


@dataclass
class _Extras:
    """What feedparser drops: media:title/description captions and RSS 0.91 <image> URLs."""

    caption: str = ""
    item_caption: str = ""
    image: str = ""


def _scan_extras(body: bytes) -> list[_Extras] | None:
    """Per item, in document order; None when the body is not well-formed XML."""
    extras: list[_Extras] = []
    current: _Extras | None = None
    depth = item_depth = in_media = 0
    try:
        for event, element in ET.iterparse(io.BytesIO(body), events=("start", "end")):
            namespace, _, local = element.tag.rpartition("}")
            namespace = namespace[1:]
            if event == "start":
                depth += 1
                if current is None and local in ("item", "entry"):
                    current, item_depth = _Extras(), depth
                elif current is not None and namespace in MEDIA_NAMESPACES:
                    in_media += local in ("content", "group")
                continue
            depth -= 1
            if current is None:
                continue
            if depth + 1 == item_depth:
                extras.append(current)
                current = None
                element.clear()
            elif namespace in MEDIA_NAMESPACES and local in ("content", "group"):
                in_media -= 1
            elif namespace in MEDIA_NAMESPACES and local in ("title", "description"):
                text = "".join(element.itertext()).strip()
                if element.get("type") == "html":
                    text = htmlbody.html_to_text(text, link_refs=False)
                if in_media and not current.caption:
                    current.caption = text
                elif not in_media and not current.item_caption:
                    current.item_caption = text
            elif not namespace and local == "image" and depth == item_depth:
                current.image = (element.text or "").strip()
    except ET.ParseError:
        return None
    return extras


def _detail(entry: Any, key: str) -> tuple[str, bool, str]:
    detail = entry.get(f"{key}_detail") or {}
    value = detail.get("value") if detail else entry.get(key)
    return value or "", (detail.get("type") or "text/html") in HTML_TYPES, detail.get("base") or ""


def _media_images(entry: Any) -> list[str]:
    """Image URLs from media:content, media:thumbnail, enclosures and itunes:image, best first."""

    def width(item: Any) -> int:
        value = str(item.get("width") or "0")
        return int(value) if value.isdigit() and len(value) < 6 else 0

    def is_image(url: str, mime: str, medium: str = "") -> bool:
        if medium or mime:
            return medium == "image" or mime.startswith("image/")
        return url.lower().split("?")[0].endswith(IMAGE_EXTENSIONS)

    contents = [
        item
        for item in entry.get("media_content") or []
        if is_image(item.get("url") or "", item.get("type") or "", item.get("medium") or "")
    ]
    thumbnails = list(entry.get("media_thumbnail") or [])
    urls = [item.get("url") for item in sorted(contents, key=width, reverse=True)]
    urls += [item.get("url") for item in sorted(thumbnails, key=width, reverse=True)]
    for link in entry.get("links") or []:
        href = link.get("href") or ""
        if link.get("rel") == "enclosure" and is_image(href, link.get("type") or ""):
            urls.append(href)
    image = entry.get("image")
    if isinstance(image, dict) and image.get("href"):
        urls.append(image["href"])
    return [url for url in urls if url]


def _raw_from_feedparser(entry: Any, atom: bool, extras: _Extras | None) -> _Raw:
    title, title_is_html, _ = _detail(entry, "title")
    summary, summary_is_html, summary_base = _detail(entry, "summary")
    contents = entry.get("content") or []
    content = next((c for c in contents if (c.get("type") or "") in HTML_TYPES), None)
    if content is not None:
        content_html, base = content.get("value") or "", content.get("base") or summary_base
    elif atom and contents:  # RSS puts media:description here; only Atom means content
        content_html, base = html.escape(contents[0].get("value") or ""), summary_base
    else:
        content_html = summary if summary_is_html else html.escape(summary)
        base = summary_base
    links = [
        link.get("href")
        for link in entry.get("links") or []
        if link.get("rel") == "alternate" and link.get("href")
    ]
    # The author as written: feedparser's split of "mail (Name)" fails on long TLDs.
    author = entry.get("author") or (entry.get("author_detail") or {}).get("name") or ""
    credit = next(
        (c.get("content") for c in entry.get("media_credit") or [] if c.get("content")), ""
    )
    images = _media_images(entry)
    if extras is not None and extras.image:
        images.append(extras.image)
    return _Raw(
        guid=entry.get("id") or "",
        title=title,
        title_is_html=title_is_html,
        links=[*links, entry.get("link") or ""],
        # dict.get: feedparser's own get("updated") warns and answers "published" instead
        dates=[entry.get("published") or "", dict.get(entry, "updated") or ""],
        author=author,
        categories=[tag.get("label") or tag.get("term") or "" for tag in entry.get("tags") or []],
        summary=summary,
        summary_is_html=summary_is_html,
        content_html=content_html,
        base=base,
        images=images,
        caption=(extras.caption or extras.item_caption) if extras else "",
        credit=credit or "",
        comments=entry.get("slash_comments"),
        publisher=entry.get("publisher") or "",
    )


def _describe(error: BaseException) -> str:
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return clean_line(f"XML error at line {error.getLineNumber()}: {error.getMessage()}", 300)
    return clean_line(str(error), 300) or type(error).__name__


def _parse_xml(body: bytes, url: str, content_type: str | None, max_entries: int) -> ParsedFeed:
    import feedparser  # lazily: ~40 ms, and only the refresh path needs it
    from feedparser.exceptions import ThingsNobodyCaresAboutButMe

    warnings: list[str] = []
    if len(body) > MAX_BODY_BYTES:
        body = body[:MAX_BODY_BYTES]
        warnings.append(f"feed larger than {MAX_BODY_BYTES // 2**20} MB: read only the start")
    body, netscape = _strip_doctypes(body)
    body = _cap_people(body)
    headers = {}
    if content_type and "charset=" in content_type.lower():
        headers["content-type"] = "application/xml; " + content_type.split(";", 1)[1].strip()
    # Bytes, never a str: feedparser would try a str (or bytes) as a path or URL first.
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not entries:
        if not version:
            raise ParseError("not a feed: no RSS, Atom or JSON Feed found")
        if error is not None and not isinstance(error, ThingsNobodyCaresAboutButMe):
            raise ParseError(_describe(error))
    if error is not None:
        warnings.append(_describe(error))
    extras: list[_Extras] | None = None
    if b"search.yahoo.com/mrss" in body or body.count(b"<image>") > 1:
        extras = _scan_extras(body)
        if extras is not None and len(extras) != len(entries):
            extras = None  # items the scan cannot match to feedparser's: no guessing
    entries = entries[:max_entries]
    feed = parsed.get("feed") or {}
    # feedparser files <webMaster> (a technical contact) as the publisher and
    # <managingEditor> as the feed's author; only the named elements are taken at their word.
    publisher = editor = ""
    if re.search(rb"<\w+:publisher\b", body):
        publisher = (feed.get("publisher_detail") or {}).get("name") or feed.get("publisher") or ""
    if re.search(rb"<managingEditor\b", body, re.IGNORECASE):
        editor = (feed.get("author_detail") or {}).get("name") or ""
    now = datetime.now(UTC)
    atom = version.startswith("atom")
    cleaned = []
    for index, entry in enumerate(entries):
        raw = _raw_from_feedparser(entry, atom, extras[index] if extras else None)
        raw.publisher = raw.publisher or publisher
        raw.editor = editor
        cleaned.append(_finish(raw, url, now))
    title, title_is_html, _ = _detail(feed, "title")
    if netscape and version == "rss091u":
        version = "rss091n"
    return ParsedFeed(
        title=_title_text(title, title_is_html),
        link=_absolute(feed.get("link"), url),
        entries=tuple(cleaned),
        format=version or "unknown",
        warning="; ".join(warnings) or None,
    )


# -- JSON Feed -----------------------------------------------------------------------------


def _is_json(body: bytes, content_type: str | None) -> bool:
    start = body.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
    if start in (b"{", b"<"):
        return start == b"{"
    return (content_type or "").split(";")[0].strip().lower().endswith("json")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_author(holder: dict[str, Any]) -> str:
    authors = holder.get("authors")
    people = authors if isinstance(authors, list) else [holder.get("author")]
    return next((_text(p.get("name")) for p in people if isinstance(p, dict) and p.get("name")), "")


def _parse_json(body: bytes, url: str, max_entries: int) -> ParsedFeed:
    if len(body) > MAX_BODY_BYTES:
        raise ParseError(f"feed too large: over {MAX_BODY_BYTES // 2**20} MB of JSON")
    try:
        document = json.loads(body)
    except RecursionError:
        raise ParseError("not a feed: JSON nested too deeply") from None
    except ValueError as error:
        raise ParseError(clean_line(f"not a feed: invalid JSON ({error})", 200)) from None
    if not isinstance(document, dict) or "jsonfeed.org" not in _text(document.get("version")):
        raise ParseError("not a feed: JSON without a JSON Feed version")
    items = document.get("items")
    items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    feed_author = _json_author(document)
    now = datetime.now(UTC)
    entries = []
    for item in items[:max_entries]:
        content_html = _text(item.get("content_html"))
        content_text = _text(item.get("content_text"))
        summary = _text(item.get("summary"))
        tags = item.get("tags")
        guid = item.get("id")
        raw = _Raw(
            guid=str(guid) if isinstance(guid, str | int) and not isinstance(guid, bool) else "",
            title=_text(item.get("title")),
            links=[_text(item.get("url")), _text(item.get("external_url"))],
            dates=[_text(item.get("date_published")), _text(item.get("date_modified"))],
            author=_json_author(item) or feed_author,
            categories=[tag for tag in tags if isinstance(tag, str)]
            if isinstance(tags, list)
            else [],
            summary=summary or content_html or content_text,
            summary_is_html=not summary and bool(content_html),
            content_html=content_html or html.escape(content_text),
            images=[_text(item.get("image")), _text(item.get("banner_image"))],
        )
        entries.append(_finish(raw, url, now))
    return ParsedFeed(
        title=clean_line(_text(document.get("title")), 300),
        link=_absolute(_text(document.get("home_page_url")), url),
        entries=tuple(entries),
        format="json",
    )


# -- the entry point -----------------------------------------------------------------------


def parse_feed(
    body: bytes, url: str, content_type: str | None = None, *, max_entries: int = MAX_ENTRIES
) -> ParsedFeed:
    """The feed in `body` (fetched from `url`), every entry normalised and cleaned.

    Raises ParseError when `body` is empty, a web page, not a feed, or broken with no entries
    to show. A valid feed with no items is fine. A problem that still left entries readable is
    reported in `ParsedFeed.warning`.
    """
    if not body or not body.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise ParseError("empty body")
    wide = _wide_to_utf8(body)
    if wide is not None:
        body, content_type = wide, None  # its charset named the encoding just undone
    if _is_json(body, content_type):
        return _parse_json(body, url, max_entries)
    if looks_like_html(body, content_type):
        raise ParseError("not a feed: looks like an HTML page")
    return _parse_xml(body, url, content_type, max_entries)
