"""Upserting one feed's entries: new rows inserted, changed rows updated, nothing duplicated.

An entry is the same article as a stored one of the same source when its guid matches, or else
its link does (sites re-issue guids, and one story appears in several section feeds).
Runs inside the caller's BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.model import Credits, Entry, FetchOutcome, Image
from tui.sanitize import safe_url
from tui.store.rows import categories_to_json, optional_seconds, seconds, whole_seconds
from tui.store.text import body_beyond_summary

_VISIBLE = ("title", "summary", "content_html", "image_url", "image_caption", "image_credit")
# The columns an entry can change (the lookup selects them after its first four).
_MERGED = (
    "title", "summary", "content_html", "link", "author", "categories", "comments", "published",
    "published_known", "image_url", "image_caption", "image_credit", "reporter", "editor",
    "publisher", "photographer",
)  # fmt: skip
_LOOKUP = f"""
    SELECT id, guid, first_seen, full_text IS NOT NULL, {", ".join(_MERGED)} FROM articles
    WHERE id IN (
        SELECT id FROM articles WHERE source_id = ?1 AND guid IN (SELECT value FROM json_each(?2))
        UNION
        SELECT id FROM articles WHERE source_id = ?1 AND link IN (SELECT value FROM json_each(?3))
    )
"""
_INSERTED = ("id", "source_id", "feed_id", "guid", "first_seen", "updated_at", "body_text")
_INSERT = f"INSERT INTO articles ({', '.join(_INSERTED + _MERGED)}) VALUES "
_ROW = f"({', '.join('?' * len(_INSERTED + _MERGED))})"
_LINK = """
    INSERT INTO article_feeds (article_id, feed_id, last_seen_fetch, published, first_seen)
    VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (article_id, feed_id) DO UPDATE SET last_seen_fetch = excluded.last_seen_fetch
"""
_NO_CATEGORIES = "[]"


@dataclass(slots=True)
class Counts:
    new: int = 0  # stored for the first time
    updated: int = 0  # already stored, and what a reader sees changed
    seen: int = 0  # distinct articles the body carried (new, updated and unchanged alike)


@dataclass(slots=True, eq=False)
class _Article:
    """One article as this fetch leaves it; `stored` is what the database holds (None: new)."""

    id: int
    guid: str
    first_seen: int
    page_fetched: bool
    fields: dict[str, Any]  # column → value, as _MERGED names them
    stored: dict[str, Any] | None


def save_entries(
    connection: sqlite3.Connection,
    *,
    feed_id: int,
    source_id: int,
    serial: int,
    entries: tuple[Entry, ...],
    now: datetime,
) -> Counts:
    """Store every entry and link it to the feed with this fetch's serial number.

    One lookup finds every stored article the entries name (by guid or link); the entries are
    then matched in order in memory, as a lookup per entry would (an entry may match one listed
    before it), and only new or changed rows are written: an unchanged article costs no UPDATE
    and no search-index work. Measured: 0.5 ms for 50 unchanged entries.
    """
    if not entries:
        return Counts()
    by_guid, by_link = _stored_articles(connection, source_id, entries)
    now_seconds = whole_seconds(now)
    next_id = (connection.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1
    touched: dict[int, _Article] = {}  # in first-seen order; a body may list a story twice
    for entry in entries:
        article = by_guid.get(entry.guid) or _by_link(by_link, entry.link)
        if article is None:
            article = _Article(next_id, entry.guid, now_seconds, False, _fields(entry), None)
            next_id += 1
            by_guid[entry.guid] = article
            if entry.link:
                by_link.setdefault(entry.link, []).append(article)
        else:
            old_link = article.fields["link"]
            article.fields = _merged(article.fields, entry, article.page_fetched)
            if entry.link and entry.link != old_link:
                by_link.setdefault(entry.link, []).append(article)
        touched.setdefault(article.id, article)
    return _write(connection, source_id, feed_id, serial, list(touched.values()), now)


def _stored_articles(
    connection: sqlite3.Connection, source_id: int, entries: tuple[Entry, ...]
) -> tuple[dict[str, _Article], dict[str, list[_Article]]]:
    guids = json.dumps([entry.guid for entry in entries])
    links = json.dumps([entry.link for entry in entries if entry.link])
    by_guid: dict[str, _Article] = {}
    by_link: dict[str, list[_Article]] = {}
    for row in connection.execute(_LOOKUP, (source_id, guids, links)):
        fields = dict(zip(_MERGED, row[4:], strict=True))
        article = _Article(row[0], row[1], row[2], bool(row[3]), dict(fields), fields)
        by_guid[article.guid] = article
        if fields["link"] is not None:
            by_link.setdefault(fields["link"], []).append(article)
    return by_guid, by_link


def _by_link(by_link: dict[str, list[_Article]], link: str | None) -> _Article | None:
    """The oldest article whose link is `link` now (an update may have moved a link away)."""
    if not link:
        return None
    holding = [article for article in by_link.get(link, ()) if article.fields["link"] == link]
    return min(holding, key=lambda article: article.id, default=None)


def _fields(entry: Entry) -> dict[str, Any]:
    image = entry.image
    credits = entry.credits
    return {
        "title": entry.title,
        "summary": entry.summary,
        "content_html": entry.content_html,
        "link": entry.link,
        "author": entry.author,
        "categories": categories_to_json(entry.categories) if entry.categories else _NO_CATEGORIES,
        "comments": entry.comments,
        "published": whole_seconds(entry.published) if entry.published is not None else None,
        "published_known": int(entry.published is not None),
        "image_url": image.url if image else None,
        "image_caption": image.caption if image else None,
        "image_credit": image.credit if image else None,
        "reporter": credits.reporter,
        "editor": credits.editor,
        "publisher": credits.publisher,
        "photographer": credits.photographer,
    }


def _merged(old: dict[str, Any], entry: Entry, page_fetched: bool) -> dict[str, Any]:
    """The stored fields brought up to date with the entry.

    A field the entry lacks never blanks a stored one: another section's feed of the same story
    often carries less. Once the article's page was fetched, its image and credits win.
    """
    new = dict(old)
    if entry.title:
        new["title"] = entry.title
    if entry.summary:
        new["summary"] = entry.summary
    if entry.content_html:
        new["content_html"] = entry.content_html
    if entry.link:
        new["link"] = entry.link
    if entry.author:
        new["author"] = entry.author
    if entry.categories:
        new["categories"] = categories_to_json(entry.categories)
    if entry.comments is not None:
        new["comments"] = entry.comments
    if entry.published is not None:
        new["published"] = whole_seconds(entry.published)
        new["published_known"] = 1
    if entry.image is not None and not (page_fetched and old["image_url"]):
        image = entry.image
        new.update(image_url=image.url, image_caption=image.caption, image_credit=image.credit)
    stored = Credits(old["reporter"], old["editor"], old["publisher"], old["photographer"])
    credits = entry.credits.merged(stored) if page_fetched else stored.merged(entry.credits)
    new.update(credits.as_dict())
    return new


def _write(
    connection: sqlite3.Connection,
    source_id: int,
    feed_id: int,
    serial: int,
    articles: list[_Article],
    now: datetime,
) -> Counts:
    counts = Counts(seen=len(articles))
    at = seconds(now)
    inserts: list[tuple[Any, ...]] = []
    for article in articles:
        fields = article.fields
        if article.stored is None:
            if fields["published"] is None:  # undated: listed as of when it was first seen
                fields["published"] = article.first_seen
            inserts.append(
                (article.id, source_id, feed_id, article.guid, article.first_seen, at,
                 _body_text(fields), *(fields[name] for name in _MERGED))
            )  # fmt: skip
        elif fields != article.stored:
            counts.updated += _update(connection, article, at)
    counts.new = len(inserts)
    _insert(connection, inserts)
    connection.executemany(
        _LINK,
        [
            (article.id, feed_id, serial, article.fields["published"], article.first_seen)
            for article in articles
        ],
    )
    return counts


def _insert(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert the rows with as few statements as the parameter limit allows.

    A trigger writes the search index, and FTS5 flushes what it gathered into a new index
    segment at each statement's savepoint: an INSERT per row (executemany) made a segment per
    article, all merged later; one INSERT of many rows makes one. Measured with 50 articles of
    165 words: 6.4 ms with executemany, 2.9 ms with one statement.
    """
    limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = max(1, limit // len(_INSERTED + _MERGED))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        connection.execute(
            _INSERT + ", ".join([_ROW] * len(chunk)), [value for row in chunk for value in row]
        )


def _update(connection: sqlite3.Connection, article: _Article, at: float) -> bool:
    """Write what changed; True when what a reader sees changed."""
    stored = article.stored
    assert stored is not None
    changed = {name: value for name, value in article.fields.items() if stored[name] != value}
    visible = any(name in changed for name in _VISIBLE)
    assignments = [f"{name} = ?" for name in changed]
    values = list(changed.values())
    if "content_html" in changed or "summary" in changed:
        # body_text follows the feed's HTML until the page's own text replaces it.
        assignments.append("body_text = CASE WHEN full_text IS NULL THEN ? ELSE body_text END")
        values.append(_body_text(article.fields))
    if visible:
        assignments.append("updated_at = ?")
        values.append(at)
    connection.execute(
        f"UPDATE articles SET {', '.join(assignments)} WHERE id = ?", (*values, article.id)
    )
    return visible


def _body_text(fields: dict[str, Any]) -> str:
    return body_beyond_summary(fields["content_html"], fields["summary"])


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
    items_dropped: int | None = None,
) -> None:
    """The fetch's state and outcome. `items_dropped` (with `outcome.note`) is given when a body
    was parsed; otherwise what the last parsed body lost stays recorded."""
    values: list[object] = [
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
    ]
    cut = ""
    if items_dropped is not None:
        cut = ", last_dropped = ?, last_note = ?"
        values += [items_dropped, outcome.note]
    connection.execute(
        f"""
        UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, failures = ?, retry_at = ?,
            fetch_serial = ?, last_at = ?, last_status = ?, last_new = ?, last_updated = ?,
            last_seen = ?, last_error = ?, last_not_modified = ?{cut}
        WHERE id = ?
        """,
        (*values, feed_id),
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
