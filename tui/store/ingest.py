"""Upserting one feed's entries: new rows inserted, changed rows updated, nothing duplicated.

An entry is the same article as a stored one of the same source when its guid matches, or else
its link does (sites re-issue guids, and one story appears in several section feeds).
Runs inside the caller's BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from tui.model import Credits, Entry, FetchOutcome, Image
from tui.sanitize import safe_url
from tui.store.rows import categories_to_json, optional_seconds, seconds, whole_seconds
from tui.store.text import searchable_text

_VISIBLE = {"title", "summary", "content_html", "image_url", "image_caption", "image_credit"}
_STORED = """
    id, title, summary, content_html, image_url, image_caption, image_credit, link, author,
    categories, comments, reporter, editor, publisher, photographer, published, published_known,
    full_text IS NOT NULL
"""


@dataclass(slots=True)
class Counts:
    new: int = 0  # stored for the first time
    updated: int = 0  # already stored, and what a reader sees changed
    seen: int = 0  # distinct articles the body carried (new, updated and unchanged alike)


def save_entries(
    connection: sqlite3.Connection,
    *,
    feed_id: int,
    source_id: int,
    serial: int,
    entries: tuple[Entry, ...],
    now: datetime,
) -> Counts:
    """Store every entry and link it to the feed with this fetch's serial number."""
    counts = Counts()
    done: set[int] = set()  # a body may list the same story twice: count it once
    now_seconds = whole_seconds(now)
    for entry in entries:
        stored = _find(connection, source_id, entry)
        if stored is None:
            article_id = _insert(connection, source_id, feed_id, entry, now_seconds, now)
            counts.new += 1
        else:
            article_id = stored[0]
            if _update(connection, stored, entry, now) and article_id not in done:
                counts.updated += 1
        done.add(article_id)
        connection.execute(
            "INSERT INTO article_feeds (article_id, feed_id, last_seen_fetch, published)"
            " SELECT id, ?, ?, published FROM articles WHERE id = ?"
            " ON CONFLICT (article_id, feed_id) DO UPDATE"
            " SET last_seen_fetch = excluded.last_seen_fetch",
            (feed_id, serial, article_id),
        )
    counts.seen = len(done)
    return counts


def _find(connection: sqlite3.Connection, source_id: int, entry: Entry) -> tuple | None:
    row = connection.execute(
        f"SELECT {_STORED} FROM articles WHERE source_id = ? AND guid = ?",
        (source_id, entry.guid),
    ).fetchone()
    if row is None and entry.link:
        row = connection.execute(
            f"SELECT {_STORED} FROM articles WHERE source_id = ? AND link = ? ORDER BY id LIMIT 1",
            (source_id, entry.link),
        ).fetchone()
    return row


def _image_columns(image: Image | None) -> tuple[str | None, str | None, str | None]:
    return (image.url, image.caption, image.credit) if image else (None, None, None)


def _insert(
    connection: sqlite3.Connection,
    source_id: int,
    feed_id: int,
    entry: Entry,
    now_seconds: int,
    now: datetime,
) -> int:
    known = entry.published is not None
    published = whole_seconds(entry.published) if entry.published is not None else now_seconds
    cursor = connection.execute(
        """
        INSERT INTO articles (
            source_id, feed_id, guid, link, title, published, published_known, first_seen,
            updated_at, author, categories, summary, content_html, body_text,
            image_url, image_caption, image_credit, reporter, editor, publisher, photographer,
            comments
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            source_id,
            feed_id,
            entry.guid,
            entry.link,
            entry.title,
            published,
            int(known),
            now_seconds,
            seconds(now),
            entry.author,
            categories_to_json(entry.categories),
            entry.summary,
            entry.content_html,
            searchable_text(entry.content_html),
            *_image_columns(entry.image),
            entry.credits.reporter,
            entry.credits.editor,
            entry.credits.publisher,
            entry.credits.photographer,
            entry.comments,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _update(connection: sqlite3.Connection, stored: tuple, entry: Entry, now: datetime) -> bool:
    """Bring a stored article up to date with the entry; True when what a reader sees changed.

    A field the entry lacks never blanks a stored one: another section's feed of the same story
    often carries less. Once the article's page was fetched, its image and credits win.
    """
    (article_id, title, summary, content_html, image_url, image_caption, image_credit, link,
     author, categories, comments, reporter, editor, publisher, photographer, published,
     published_known, page_fetched) = stored  # fmt: skip
    stored_image = (image_url, image_caption, image_credit)
    stored_credits = Credits(reporter, editor, publisher, photographer)
    new = {
        "title": entry.title or title,
        "summary": entry.summary or summary,
        "content_html": entry.content_html or content_html,
        "link": entry.link or link,
        "author": entry.author or author,
        "categories": categories_to_json(entry.categories) if entry.categories else categories,
        "comments": entry.comments if entry.comments is not None else comments,
        "published": whole_seconds(entry.published) if entry.published else published,
        "published_known": 1 if entry.published else published_known,
    }
    image = _image_columns(entry.image)
    if entry.image is None or (page_fetched and image_url):
        image = stored_image
    new.update(zip(("image_url", "image_caption", "image_credit"), image, strict=True))
    credits = (
        entry.credits.merged(stored_credits)
        if page_fetched
        else stored_credits.merged(entry.credits)
    )
    new.update(credits.as_dict())
    old = {
        "title": title,
        "summary": summary,
        "content_html": content_html,
        "link": link,
        "author": author,
        "categories": categories,
        "comments": comments,
        "published": published,
        "published_known": published_known,
        "image_url": image_url,
        "image_caption": image_caption,
        "image_credit": image_credit,
        **stored_credits.as_dict(),
    }
    changed = {name: value for name, value in new.items() if old[name] != value}
    if not changed:
        return False
    visible = bool(changed.keys() & _VISIBLE)
    if "content_html" in changed:
        # body_text follows the feed's HTML until the page's own text replaces it.
        changed["body_text"] = searchable_text(new["content_html"])
    if visible:
        changed["updated_at"] = seconds(now)
    assignments = ", ".join(
        "body_text = CASE WHEN full_text IS NULL THEN ? ELSE body_text END"
        if name == "body_text"
        else f"{name} = ?"
        for name in changed
    )
    connection.execute(
        f"UPDATE articles SET {assignments} WHERE id = ?", (*changed.values(), article_id)
    )
    return visible


def note_home(connection: sqlite3.Connection, source_id: int, link: str | None) -> None:
    """The feed's own site link becomes the source's home page when none is known."""
    home = safe_url(link)
    if home:
        connection.execute(
            "UPDATE sources SET home = ? WHERE id = ? AND home IS NULL", (home, source_id)
        )


def record_fetch(
    connection: sqlite3.Connection,
    feed_id: int,
    *,
    serial: int,
    outcome: FetchOutcome,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    failures: int,
    retry_at: datetime | None,
) -> None:
    connection.execute(
        """
        UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, failures = ?, retry_at = ?,
            fetch_serial = ?, last_at = ?, last_status = ?, last_new = ?, last_updated = ?,
            last_seen = ?, last_error = ?, last_not_modified = ?
        WHERE id = ?
        """,
        (
            etag,
            last_modified,
            body_hash,
            failures,
            optional_seconds(retry_at),
            serial,
            seconds(outcome.at),
            outcome.status,
            outcome.new,
            outcome.updated,
            outcome.seen,
            outcome.error,
            int(outcome.not_modified),
            feed_id,
        ),
    )


def save_page(
    connection: sqlite3.Connection,
    article_id: int,
    *,
    text: str | None,
    credits: Credits | None,
    image: Image | None,
    view_count: int | None,
    error: str | None,
    now: datetime,
) -> None:
    """What the article's own page gave: its text (searchable from now on), better credits."""
    row = connection.execute(
        "SELECT reporter, editor, publisher, photographer FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return  # pruned while its page was being fetched
    changes: dict[str, object] = {"full_text_error": error, "full_text_at": seconds(now)}
    if text is not None:
        changes.update(full_text=text, body_text=text)
    if credits is not None:
        changes.update(Credits(*row).merged(credits).as_dict())
    if image is not None:
        changes.update(image_url=image.url, image_caption=image.caption, image_credit=image.credit)
    if view_count is not None:
        changes["view_count"] = view_count
    assignments = ", ".join(f"{name} = ?" for name in changes)
    connection.execute(
        f"UPDATE articles SET {assignments} WHERE id = ?", (*changes.values(), article_id)
    )
