"""Feed bodies (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to `model.ParsedFeed` with clean entries.

A pure function of its arguments: no I/O, picklable in and out, so callers may run it in a
thread or a process pool. First the body is made safe (`tui.feedbytes`: UTF-16/32
re-encoded, DOCTYPEs and their entities removed, author fields capped). Then well-formed
RSS 2.0, RSS 1.0 and Atom 1.0 are read with lxml by `tui.fastparse` into feedparser's own
dictionaries, and anything it declines by feedparser; either way every entry is cleaned by
`tui.feedentry`. JSON Feed is read by `tui.jsonfeed`.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from tui.fastparse import Reading, read_fast
from tui.feedbytes import (
    MAX_BODY_BYTES,
    MEDIA_NAMESPACE,
    cap_people,
    count_items,
    cut_note,
    hide_media_text,
    hide_webmaster,
    keep_whole_items,
    looks_like_html,
    looks_like_json,
    strip_doctypes,
    wide_to_utf8,
)
from tui.feedentry import (
    MediaExtras,
    ParseError,
    RawEntry,
    absolute,
    finish_entry,
    note_media_text,
    title_text,
)
from tui.jsonfeed import parse_json_feed
from tui.model import ParsedFeed
from tui.sanitize import clean_line

__all__ = ["MAX_ENTRIES", "ParseError", "looks_like_html", "parse_feed"]

MAX_ENTRIES = 1000
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
MEDIA_NAMESPACES = frozenset({"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"})


def _scan_extras(body: bytes) -> list[MediaExtras] | None:
    """Per item, in document order; None when the body is not well-formed XML."""
    extras: list[MediaExtras] = []
    current: MediaExtras | None = None
    depth = item_depth = in_media = 0
    try:
        for event, element in ET.iterparse(io.BytesIO(body), events=("start", "end")):
            namespace, _, local = element.tag.rpartition("}")
            namespace = namespace[1:]
            if event == "start":
                depth += 1
                if current is None and local in ("item", "entry"):
                    current, item_depth = MediaExtras(), depth
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
                raw = "".join(element.itertext())
                note_media_text(current, raw, element.get("type") == "html", local, bool(in_media))
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


def _raw_from_feedparser(entry: Any, atom: bool, extras: MediaExtras | None) -> RawEntry:
    title, title_is_html, _ = _detail(entry, "title")
    summary, summary_is_html, summary_base = _detail(entry, "summary")
    contents = entry.get("content") or []
    if extras is not None:  # media text hidden from feedparser: a fallback only, never a rival
        if not title.strip() and extras.title:
            title, title_is_html = extras.title, False
        if not summary.strip() and not contents and extras.description:
            summary, summary_is_html = extras.description, extras.description_is_html
    content = next((c for c in contents if (c.get("type") or "") in HTML_TYPES), None)
    if content is not None:
        content_html, base = content.get("value") or "", content.get("base") or summary_base
    elif atom and contents:  # feedparser may file RSS media:description here; Atom means it
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
    # Atom <contributor> and dc:contributor both land here.
    editor = next((c.get("name") for c in entry.get("contributors") or [] if c.get("name")), "")
    images = _media_images(entry)
    if extras is not None and extras.image:
        images.append(extras.image)
    return RawEntry(
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
        editor=editor or "",
    )


def _describe(error: BaseException) -> str:
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return clean_line(f"XML error at line {error.getLineNumber()}: {error.getMessage()}", 300)
    return clean_line(str(error), 300) or type(error).__name__


def _feedparser(body: bytes, content_type: str | None) -> Any:
    import feedparser  # lazily: ~40 ms, and only the refresh path needs it

    headers = {}
    if content_type and "charset=" in content_type.lower():
        headers["content-type"] = "application/xml; " + content_type.split(";", 1)[1].strip()
    # Bytes, never a str: feedparser would try a str (or bytes) as a path or URL first.
    return feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _managing_editor(feed: Any) -> str:
    detail = feed.get("author_detail") or {}
    name, email, written = detail.get("name") or "", detail.get("email"), feed.get("author") or ""
    if name and email and email in written:
        return written  # feedparser splits "mail (Name)" wrongly on long TLDs
    return name


def _read_with_feedparser(body: bytes, content_type: str | None, warnings: list[str]) -> Reading:
    from feedparser.exceptions import ThingsNobodyCaresAboutButMe

    extras: list[MediaExtras] | None = None
    if MEDIA_NAMESPACE in body or body.count(b"<image>") > 1:
        extras = _scan_extras(body)
    media_hidden = extras is not None and MEDIA_NAMESPACE in body
    parsed = _feedparser(hide_media_text(body) if media_hidden else body, content_type)
    if extras is not None and len(extras) != len(parsed.get("entries") or []):
        extras = None  # items the scan cannot match to feedparser's: no guessing
        if media_hidden:  # and no media text to fall back on: let feedparser have it after all
            parsed = _feedparser(body, content_type)
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
    return Reading(version, parsed.get("feed") or {}, entries, extras)


def _parse_xml(
    body: bytes, url: str, content_type: str | None, max_entries: int, fast: bool
) -> ParsedFeed:
    warnings: list[str] = []
    full = body  # for counting what a cut drops
    too_large = len(body) > MAX_BODY_BYTES
    if too_large:
        body = body[:MAX_BODY_BYTES]
        warnings.append(f"feed larger than {MAX_BODY_BYTES // 2**20} MB: read only the start")
    # One lower-cased copy answers the case-blind "is it there at all?" of three guards.
    lowered, netscape = body.lower(), False
    if b"<!doctype" in lowered:
        body, netscape = strip_doctypes(body)
    whole, half_item = keep_whole_items(body, max_entries)
    at_cap = whole is not body and not half_item  # cut after its max_entries-th item
    if half_item:
        warnings.append("feed cut off: its unfinished last item was dropped")
    capped = cap_people(whole)
    if capped is not body or netscape:
        body, lowered = capped, capped.lower()
    if b"webmaster" in lowered:
        body = hide_webmaster(body)
    reading = read_fast(body, content_type) if fast and not warnings and not netscape else None
    if reading is None:
        reading = _read_with_feedparser(body, content_type, warnings)
    version, feed, extras = reading.version, reading.feed, reading.extras
    # feedparser files <managingEditor> as the feed's author (and itunes:owner as its
    # publisher); only the named elements are taken at their word.
    publisher = editor = ""
    if b":publisher" in body and re.search(rb"<\w+:publisher\b", body):
        publisher = (feed.get("publisher_detail") or {}).get("name") or feed.get("publisher") or ""
    if b"<managingeditor" in lowered and re.search(rb"<managingEditor\b", body, re.IGNORECASE):
        editor = _managing_editor(feed)
    now = datetime.now(UTC)
    atom = version.startswith("atom")
    cleaned = []
    for index, entry in enumerate(reading.entries[:max_entries]):
        raw = _raw_from_feedparser(entry, atom, extras[index] if extras else None)
        raw.publisher = raw.publisher or publisher
        raw.feed_editor = editor
        cleaned.append(finish_entry(raw, url, now))
    title, title_is_html, _ = _detail(feed, "title")
    if netscape and version == "rss091u":
        version = "rss091n"
    dropped, note = 0, None
    if at_cap or too_large or len(reading.entries) > max_entries:
        total = max(count_items(full), len(reading.entries), len(cleaned) + int(at_cap))
        read_only = MAX_BODY_BYTES if too_large and not at_cap else None
        dropped, note = cut_note(len(cleaned), total, read_only=read_only)
    return ParsedFeed(
        title=title_text(title, title_is_html),
        link=absolute(feed.get("link"), url),
        entries=tuple(cleaned),
        format=version or "unknown",
        warning="; ".join(warnings) or None,
        items_dropped=dropped,
        note=note,
    )


def parse_feed(
    body: bytes,
    url: str,
    content_type: str | None = None,
    *,
    max_entries: int = MAX_ENTRIES,
    fast: bool = True,
) -> ParsedFeed:
    """The feed in `body` (fetched from `url`), every entry normalised and cleaned.

    Raises ParseError when `body` is empty, a web page, not a feed, or broken with no entries
    to show. A valid feed with no items is fine. A problem that still left entries readable is
    reported in `ParsedFeed.warning`. Well-formed RSS 2.0, RSS 1.0 and Atom 1.0 are read by
    `tui.fastparse` when it can (the same entries, ~10× sooner); `fast=False` always uses
    feedparser.
    """
    if not body or not body.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        raise ParseError("empty body")
    wide = wide_to_utf8(body)
    if wide is not None:
        body, content_type = wide, None  # its charset named the encoding just undone
    if looks_like_json(body, content_type):
        return parse_json_feed(body, url, max_entries)
    if looks_like_html(body, content_type):
        raise ParseError("not a feed: looks like an HTML page")
    return _parse_xml(body, url, content_type, max_entries, fast)
