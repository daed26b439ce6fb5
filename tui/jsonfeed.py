"""JSON Feed 1.0/1.1 (https://jsonfeed.org) read with `json` into a `model.ParsedFeed`.

feedparser does not read JSON Feed. Items go through the same `feedentry.finish_entry` as RSS
and Atom entries, so they are cleaned the same way.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

from tui.feedbytes import MAX_BODY_BYTES, cut_note
from tui.feedentry import ParseError, RawEntry, absolute, finish_entry
from tui.model import ParsedFeed
from tui.sanitize import clean_line


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_author(holder: dict[str, Any]) -> str:
    authors = holder.get("authors")
    people = authors if isinstance(authors, list) else [holder.get("author")]
    return next((_text(p.get("name")) for p in people if isinstance(p, dict) and p.get("name")), "")


def _raw_item(item: dict[str, Any], feed_author: str) -> RawEntry:
    content_html = _text(item.get("content_html"))
    content_text = _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    tags = item.get("tags")
    guid = item.get("id")
    return RawEntry(
        guid=str(guid) if isinstance(guid, str | int) and not isinstance(guid, bool) else "",
        title=_text(item.get("title")),
        links=[_text(item.get("url")), _text(item.get("external_url"))],
        dates=[_text(item.get("date_published")), _text(item.get("date_modified"))],
        author=_json_author(item) or feed_author,
        categories=[tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else [],
        summary=summary or content_html or content_text,
        summary_is_html=not summary and bool(content_html),
        content_html=content_html or html.escape(content_text),
        images=[_text(item.get("image")), _text(item.get("banner_image"))],
    )


def parse_json_feed(body: bytes, url: str, max_entries: int) -> ParsedFeed:
    """The JSON Feed in `body`; ParseError when it is not JSON, or JSON but not a JSON Feed."""
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
    dropped, note = cut_note(min(len(items), max_entries), len(items))
    return ParsedFeed(
        title=clean_line(_text(document.get("title")), 300),
        link=absolute(_text(document.get("home_page_url")), url),
        entries=tuple(
            finish_entry(_raw_item(item, feed_author), url, now) for item in items[:max_entries]
        ),
        format="json",
        items_dropped=dropped,
        note=note,
    )
