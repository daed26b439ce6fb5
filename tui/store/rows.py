"""Turning rows into model objects and datetimes into the numbers stored (unix seconds, UTC)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from tui.model import Article, Credits, Feed, FetchOutcome, Headline, Image


def seconds(moment: datetime) -> float:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime given to the store: {moment!r} (use tz-aware UTC)")
    return moment.timestamp()


def whole_seconds(moment: datetime) -> int:
    return int(seconds(moment) // 1)


def optional_seconds(moment: datetime | None) -> float | None:
    return None if moment is None else seconds(moment)


def moment(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


def optional_moment(value: float | None) -> datetime | None:
    return None if value is None else moment(value)


FEED_COLUMNS = """
    f.id, s.name, f.section, f.url, s.home, f.etag, f.last_modified, f.body_hash, f.failures,
    f.retry_at, f.full_text, f.fetch_pages, f.last_at, f.last_status, f.last_new, f.last_updated,
    f.last_seen, f.last_error, f.last_not_modified
"""


def feed(row: sqlite3.Row | tuple) -> Feed:
    (feed_id, source, section, url, home, etag, last_modified, body_hash, failures, retry_at,
     full_text, fetch_pages, at, status, new, updated, seen, error, not_modified) = row  # fmt: skip
    outcome = None
    if at is not None:
        outcome = FetchOutcome(
            at=moment(at),
            status=status,
            new=new or 0,
            updated=updated or 0,
            seen=seen or 0,
            error=error,
            not_modified=bool(not_modified),
        )
    return Feed(
        id=feed_id,
        source=source,
        section=section,
        url=url,
        home=home,
        etag=etag,
        last_modified=last_modified,
        body_hash=body_hash,
        failures=failures,
        retry_at=optional_moment(retry_at),
        full_text=bool(full_text),
        fetch_pages=bool(fetch_pages),
        last_outcome=outcome,
    )


HEADLINE_COLUMNS = "a.id, a.title, s.name, f.section, a.published, r.read, r.starred"
HEADLINE_JOINS = """
    JOIN sources s ON s.id = a.source_id
    JOIN feeds f ON f.id = a.feed_id
    JOIN reading r ON r.article_id = a.id
"""


def headline(row: tuple, section: str | None = None) -> Headline:
    article_id, title, source, first_section, published, read, starred = row
    return Headline(
        id=article_id,
        title=title,
        source=source,
        section=section if section is not None else first_section,
        published=moment(published),
        read=bool(read),
        starred=bool(starred),
    )


ARTICLE_COLUMNS = """
    a.id, a.guid, a.title, a.link, s.name, a.published, a.first_seen, a.author, a.categories,
    a.summary, a.content_html, a.image_url, a.image_caption, a.image_credit, a.reporter, a.editor,
    a.publisher, a.photographer, a.comments, a.view_count, a.full_text, a.full_text_error,
    r.read, r.read_count, r.starred, r.first_read_at, r.last_read_at
"""


def article(row: tuple, sections: tuple[str, ...]) -> Article:
    (article_id, guid, title, link, source, published, first_seen, author, categories, summary,
     content_html, image_url, image_caption, image_credit, reporter, editor, publisher,
     photographer, comments, view_count, full_text, full_text_error, read, read_count, starred,
     first_read_at, last_read_at) = row  # fmt: skip
    return Article(
        id=article_id,
        guid=guid,
        title=title,
        link=link,
        source=source,
        sections=sections,
        published=moment(published),
        first_seen=moment(first_seen),
        author=author,
        categories=categories_from_json(categories),
        summary=summary,
        content_html=content_html,
        image=Image(image_url, image_caption, image_credit) if image_url else None,
        credits=Credits(reporter, editor, publisher, photographer),
        comments=comments,
        view_count=view_count,
        full_text=full_text,
        full_text_error=full_text_error,
        read=bool(read),
        read_count=read_count,
        starred=bool(starred),
        first_read_at=optional_moment(first_read_at),
        last_read_at=optional_moment(last_read_at),
    )


def categories_from_json(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def categories_to_json(categories: tuple[str, ...]) -> str:
    return json.dumps(list(categories), ensure_ascii=False)
