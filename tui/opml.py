"""OPML 2.0 in and out. Folders are sections; a feed outline's title is its source.

Import keeps http(s) feeds only. newsboat shipped a code-execution hole through outlines that
were commands in disguise (`exec:`, `filter:`, Liferea's `|cmd` pipes): they are refused with a
line each, never run, and nothing is imported from a document that is not OPML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from tui.model import FeedSpec
from tui.sanitize import clean_line, safe_url

DEFAULT_SECTION = "Umum"
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
MAX_OPML_BYTES = 10_000_000


class OpmlError(Exception):
    """The document is not usable OPML; nothing was imported."""


@dataclass(frozen=True, slots=True)
class OpmlImport:
    feeds: tuple[FeedSpec, ...]
    refused: tuple[str, ...]  # one line per outline that was not imported, saying why
    notes: tuple[str, ...] = ()  # imported, but something in the outline was ignored


def parse_opml(data: bytes) -> OpmlImport:
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"too large ({len(data)} bytes; limit {MAX_OPML_BYTES})")
    # Entity declarations are never needed in OPML and are how entity bombs get in.
    data = _DOCTYPE.sub(b"", data)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise OpmlError(f"not valid XML: {error}") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not OPML: the document's root is <{_local(root.tag)}>, not <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: there is no <body>")
    feeds: list[FeedSpec] = []
    refused: list[str] = []
    seen: set[str] = set()
    notes: list[str] = []
    _walk(body, None, feeds, refused, notes, seen)
    return OpmlImport(tuple(feeds), tuple(refused), tuple(notes))


def _walk(
    element: ElementTree.Element,
    folder: str | None,
    feeds: list[FeedSpec],
    refused: list[str],
    notes: list[str],
    seen: set[str],
) -> None:
    for outline in element:
        if _local(outline.tag) != "outline":
            continue
        title = clean_line(outline.get("title") or outline.get("text"), 200)
        raw_url = outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url")
        if raw_url is None:
            if len(outline):
                _walk(outline, title or folder, feeds, refused, notes, seen)
            elif title:
                refused.append(f"{title}: no feed address (neither xmlUrl nor url)")
            continue
        shown = clean_line(raw_url, 200)
        url = safe_url(raw_url.strip())
        if url is None:
            refused.append(f"{title or shown}: refused {shown!r}: {_why_refused(raw_url)}")
            continue
        if url in seen:
            continue
        seen.add(url)
        category = clean_line((outline.get("category") or "").split(",")[0].strip("/ "), 200)
        section = folder or category or DEFAULT_SECTION
        source = title or urlsplit(url).hostname or url
        home = safe_url(outline.get("htmlUrl"))
        feeds.append(FeedSpec(source=source, section=section, url=url, home=home))
        if outline.get("filtercmd"):
            notes.append(f"{source}: imported without its filter command (berita runs none)")


def _why_refused(url: str) -> str:
    stripped = url.strip()
    if stripped.startswith("|"):
        return "a command to pipe through, not a feed (never run)"
    scheme = stripped.split(":", 1)[0].lower() if ":" in stripped else ""
    if scheme in ("exec", "filter"):
        return f"{scheme}: runs a command, not a feed (never run)"
    if scheme:
        return f"{scheme}: is not http or https"
    return "not an absolute http(s) address"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def to_opml(feeds: Iterable[FeedSpec], *, now: datetime | None = None) -> str:
    """An OPML 2.0 document: one folder per section, one outline per feed titled by source."""
    by_section: dict[str, list[FeedSpec]] = {}
    for spec in feeds:
        by_section.setdefault(spec.section, []).append(spec)
    stamp = (now or datetime.now(UTC)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>berita subscriptions</title>",
        f"    <dateCreated>{stamp}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for section in sorted(by_section, key=str.casefold):
        lines.append(f"    <outline text={quoteattr(section)} title={quoteattr(section)}>")
        for spec in by_section[section]:
            home = f" htmlUrl={quoteattr(spec.home)}" if spec.home else ""
            lines.append(
                f'      <outline type="rss" text={quoteattr(spec.source)} '
                f"title={quoteattr(spec.source)} xmlUrl={quoteattr(spec.url)}{home}/>"
            )
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
