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
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

from tui import dates
from tui.htmltext import first_image, plain_text
from tui.model import Credits, Entry, Image
from tui.sanitize import URL_LIMIT, clean_line, clean_optional, clean_text, safe_url

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


@dataclass
class MediaExtras:
    """What feedparser drops or mixes up: media:title/description and RSS 0.91 <image> URLs."""

    caption: str = ""  # the first media:title/description inside media:content or media:group
    item_caption: str = ""  # … or directly in the item
    image: str = ""
    title: str = ""  # the first media:title, for an item with no <title>
    description: str = ""  # the first media:description, for an item with no text of its own
    description_is_html: bool = False


def note_media_text(
    extras: MediaExtras, raw: str, is_html: bool, local: str, in_media: bool
) -> None:
    """Records a media:title or media:description (`local`) found in an item."""
    raw = raw.strip()
    text = plain_text(raw) if is_html else raw
    if in_media and not extras.caption:
        extras.caption = text
    elif not in_media and not extras.item_caption:
        extras.item_caption = text
    if local == "title" and not extras.title:
        extras.title = raw if not is_html else text
    elif local == "description" and not extras.description:
        extras.description, extras.description_is_html = raw, is_html


_EMAIL = re.compile(r"\(?\s*(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_BYLINE = re.compile(r"^(?:by|oleh)\s*:?\s+", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^(?:photograph|photo|foto|image|gambar)\s*:\s*", re.IGNORECASE)
# `\b(?:href|src)`, written so that the regex engine can skip ahead to an "h" or an "s"
_RELATIVE_REF = re.compile(
    r"""(?:href(?<!\whref)|src(?<!\wsrc))\s*=\s*["']?(?![a-zA-Z][\w+.-]*:|#|["'\s>])"""
)
_EDITOR_LABEL = re.compile(r"(?:editor|redaktur)\s*:", re.IGNORECASE)
_EDITOR_LINE = re.compile(r"(?:editor|redaktur)\s*:\s*(\S.{0,79})", re.IGNORECASE)
_EDITOR_WORDS = 6  # more than a name: a sentence that happens to start "Editor:"
# An absolute http(s) URL that `urljoin` and `safe_url` give back as it is: lower-case scheme,
# a plain host, and no query, fragment, parameters, spaces or controls for them to rework.
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[a-zA-Z0-9.-]+(?::[0-9]*)?(?:/[-a-zA-Z0-9._~!$&'()*+,=:@%/]*)?"
)


def absolute(url: str | None, base: str) -> str | None:
    """`url` resolved against `base`, if it is then a safe http(s) URL."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if len(url) <= URL_LIMIT and _PLAIN_ABSOLUTE.fullmatch(url):
        return url  # most links: the same result, without urljoin's two parses and urlsplit's
    try:
        return safe_url(urljoin(base, url))
    except ValueError:
        return None


def title_text(title: str, is_html: bool) -> str:
    """A title as one line of plain text; entities decoded (twice-escaped ones too)."""
    title = title[:_TITLE_SOURCE]
    if is_html:
        return clean_line(plain_text(title))
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
    if ":" not in tail:
        return None
    lowered = tail.lower()  # "t", "o", "r", "u" match only themselves and their capitals
    if ("tor" not in lowered and "tur" not in lowered) or not _EDITOR_LABEL.search(tail):
        return None
    if len(tail) < len(content_html):
        tail = tail[tail.find("<") :] if "<" in tail else tail  # not from inside a cut tag
    text = plain_text(tail)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-_CLOSING_LINES:]):
        match = _EDITOR_LINE.fullmatch(line)
        if match and len(match.group(1).split()) <= _EDITOR_WORDS:
            return _person(match.group(1).rstrip(" ."))
    return None


def _plain(text: str, is_html: bool, clean: bool = False) -> str:
    if is_html:
        return plain_text(text[:_SUMMARY_SOURCE], clean=clean)
    return clean_text(html.unescape(text))


def _has_relative_ref(content: str) -> bool:
    return ("href" in content or "src" in content) and _RELATIVE_REF.search(content) is not None


# The RFC 822 date most feeds write, read without `dates.parse_date`'s general tokenizer;
# anything else, or any value out of the ordinary, is left to it.
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-3]\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    r"|Nov|Dec) (\d{4}) ([0-2]\d):([0-5]\d):([0-5]\d) (?:([+-])([01]\d)([0-5]\d)|GMT|UTC|UT|Z)"
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)
}
_ZONE_CACHE: dict[str, timezone] = {}


def _quick_date(text: str) -> datetime | None:
    match = _RFC822.fullmatch(text)
    if match is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    if not (1980 <= int(year) <= 2100 and 1 <= int(day) <= 31 and int(hour) <= 23):
        return None
    offset = int(zone_hours or 0) * 60 + int(zone_minutes or 0)
    if offset > 14 * 60:
        return None
    zone = _ZONE_CACHE.get(text[-5:] if sign else "")
    if zone is None:
        zone = timezone(timedelta(minutes=-offset if sign == "-" else offset))
        _ZONE_CACHE[text[-5:] if sign else ""] = zone
    try:
        moment = datetime(
            int(year), _MONTH_NUMBERS[month], int(day), int(hour), int(minute), int(second), 0, zone
        )
    except ValueError:
        return None
    return moment.astimezone(UTC)


def _date(text: str) -> datetime | None:
    return _quick_date(text) or dates.parse_date(text)


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
    content = clean_text(raw.content_html, CONTENT_LIMIT)
    # The summary is often the content's own HTML: already known to need no cleaning then.
    clean = raw.summary is raw.content_html and content == raw.content_html
    text = _plain(raw.summary, raw.summary_is_html, clean)
    if text.isascii():
        # `_plain` joins texts that `clean_text` gave with ASCII, so ASCII text has nothing
        # left to clean: only the cut, which needs no more than one character past the limit.
        text = text[: SUMMARY_LIMIT + 1]
        if len(text) > SUMMARY_LIMIT:
            text = clean_text(text, SUMMARY_LIMIT)
    else:
        text = clean_text(text, SUMMARY_LIMIT)
    summary = text.strip()
    title = title_text(raw.title, raw.title_is_html) or _title_from(summary)
    published = next((d for d in map(_date, raw.dates) if d is not None), None)
    if published is not None and published > now + FUTURE_SLACK:
        published = None
    if content and base != link and _has_relative_ref(content) and safe_url(base):
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
        found = first_image(content[:_SUMMARY_SOURCE], base)
        if found is None and raw.summary_is_html and raw.summary and raw.summary != content:
            found = first_image(raw.summary[:_SUMMARY_SOURCE], base)
        if found is None:
            return None
        url, caption = found[0], found[1] or ""
    caption_text = clean_optional(_plain(caption, "<" in caption), 500)
    if caption_text and caption_text.casefold() in (title.casefold(), summary.casefold()):
        caption_text = None  # YouTube's media:title is the title, its description the summary
    credit = clean_optional(raw.credit, 300)
    return Image(url=url, caption=caption_text, credit=credit)
