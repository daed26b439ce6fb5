"""One feed entry's fields as found (`RawEntry`), cleaned into a `model.Entry`.

RSS/Atom (through feedparser) and JSON Feed are read into the same raw shape, so every entry,
whatever its format, passes the same cleaning: plain-text titles and summaries, absolute
vetted URLs, dates in range, bylines without e-mail addresses, capped sizes.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from tui import dates, htmlbody
from tui.model import Credits, Entry, Image
from tui.sanitize import clean_line, clean_optional, clean_text, safe_url

SUMMARY_LIMIT = 2_000
CONTENT_LIMIT = 1_000_000
TITLE_FROM_SUMMARY = 80
FUTURE_SLACK = timedelta(days=2)
UNTITLED = "(untitled)"
_SUMMARY_SOURCE = 50_000  # enough HTML to fill a 2,000-character summary
_TITLE_SOURCE = 10_000
_MAX_CATEGORIES = 30
_CLOSING_SOURCE = 3_000  # the end of a body, where a "Editor: Name" line stands
_CLOSING_LINES = 3


class ParseError(Exception):
    """The body is not a feed, or too broken to read; the message is short and human."""


@dataclass
class RawEntry:
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
    editor: str = ""  # named by the entry itself (Atom contributor, dc:contributor)
    feed_editor: str = ""  # named by the feed for all its entries (managingEditor)


_EMAIL = re.compile(r"\(?\s*(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_BYLINE = re.compile(r"^(?:by|oleh)\s*:?\s+", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^(?:photograph|photo|foto|image|gambar)\s*:\s*", re.IGNORECASE)
_RELATIVE_REF = re.compile(r"""\b(?:href|src)\s*=\s*["']?(?![a-zA-Z][\w+.-]*:|#|["'\s>])""")
_EDITOR_LABEL = re.compile(r"(?:editor|redaktur)\s*:", re.IGNORECASE)
_EDITOR_LINE = re.compile(r"(?:editor|redaktur)\s*:\s*(\S.{0,79})", re.IGNORECASE)
_EDITOR_WORDS = 6  # more than a name: a sentence that happens to start "Editor:"


def absolute(url: str | None, base: str) -> str | None:
    """`url` resolved against `base`, if it is then a safe http(s) URL."""
    if not url or not isinstance(url, str):
        return None
    try:
        return safe_url(urljoin(base, url.strip()))
    except ValueError:
        return None


def title_text(title: str, is_html: bool) -> str:
    """A title as one line of plain text; entities decoded (twice-escaped ones too)."""
    title = title[:_TITLE_SOURCE]
    if is_html:
        return clean_line(htmlbody.html_to_text(title, link_refs=False))
    return clean_line(html.unescape(title))


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


def closing_editor(content_html: str) -> str | None:
    """The name on an "Editor: Name" or "Redaktur: Name" line closing an article's text.

    Indonesian portals sign off with "Pewarta: …" / "Editor: …"; only the last few lines are
    read, so an "Editor:" quoted mid-article is not taken for a credit.
    """
    tail = content_html[-_CLOSING_SOURCE:]
    if not _EDITOR_LABEL.search(tail):
        return None
    if len(tail) < len(content_html):
        tail = tail[tail.find("<") :] if "<" in tail else tail  # not from inside a cut tag
    text = htmlbody.html_to_text(tail, link_refs=False)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-_CLOSING_LINES:]):
        match = _EDITOR_LINE.fullmatch(line)
        if match and len(match.group(1).split()) <= _EDITOR_WORDS:
            return _person(match.group(1).rstrip(" ."))
    return None


def _plain(text: str, is_html: bool, base: str | None = None) -> str:
    if is_html:
        return htmlbody.html_to_text(text[:_SUMMARY_SOURCE], base, link_refs=False)
    return clean_text(html.unescape(text))


def _title_from(summary: str) -> str:
    line = clean_line(summary)
    if len(line) <= TITLE_FROM_SUMMARY:
        return line or UNTITLED
    cut = line[:TITLE_FROM_SUMMARY].rsplit(" ", 1)[0] or line[:TITLE_FROM_SUMMARY]
    return cut.rstrip(" ,.;:") + "…"


def finish_entry(raw: RawEntry, feed_url: str, now: datetime) -> Entry:
    """Clean every field of `raw` into an Entry."""
    link = next((u for u in (absolute(link, feed_url) for link in raw.links) if u), None)
    base = absolute(raw.base, feed_url) or feed_url
    summary = clean_text(_plain(raw.summary, raw.summary_is_html, base), SUMMARY_LIMIT).strip()
    title = title_text(raw.title, raw.title_is_html) or _title_from(summary)
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
    editor = _person(raw.editor) or closing_editor(content) or _person(raw.feed_editor)
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
            editor=editor,
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


def _image(raw: RawEntry, base: str, content: str, title: str, summary: str) -> Image | None:
    caption = raw.caption
    url = next((u for u in (absolute(i, base) for i in raw.images) if u), None)
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
