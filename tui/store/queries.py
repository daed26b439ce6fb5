"""The store's read queries (and the two set-based writes: mark all read, prune)."""

from __future__ import annotations

import json
import sqlite3

from tui.model import Article, Headline, HeadlineFilter, SectionCount, TrendingInput
from tui.store import rows
from tui.store.listing import Listing, listing


def _has_inactive_feeds(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT 1 FROM feeds WHERE active = 0 LIMIT 1").fetchone() is not None


def _listing(connection: sqlite3.Connection, wanted: HeadlineFilter) -> Listing | None:
    return listing(wanted, hide_inactive=_has_inactive_feeds(connection))


def _section_shown(connection: sqlite3.Connection, wanted: HeadlineFilter) -> str | None:
    """The section a filtered list shows for every row (the one being viewed), else None."""
    if wanted.feed_id is not None:
        row = connection.execute("SELECT section FROM feeds WHERE id = ?", (wanted.feed_id,))
        found = row.fetchone()
        return found[0] if found else None
    return wanted.section


def headlines_by_id(
    connection: sqlite3.Connection, ids: list[int], section: str | None = None
) -> list[Headline]:
    if not ids:
        return []
    found = connection.execute(
        f"SELECT {rows.HEADLINE_COLUMNS} FROM articles a {rows.HEADLINE_JOINS}"
        " WHERE a.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    ).fetchall()
    by_id = {row[0]: rows.headline(row, section) for row in found}
    return [by_id[article_id] for article_id in ids if article_id in by_id]


def headlines(
    connection: sqlite3.Connection, wanted: HeadlineFilter, *, offset: int, limit: int
) -> list[Headline]:
    query = _listing(connection, wanted)
    if query is None or limit <= 0:
        return []
    sql, params = query.page()
    ids = [row[0] for row in connection.execute(sql, (*params, limit, max(0, offset)))]
    return headlines_by_id(connection, ids, _section_shown(connection, wanted))


def count(connection: sqlite3.Connection, wanted: HeadlineFilter) -> int:
    query = _listing(connection, wanted)
    if query is None:
        return 0
    sql, params = query.count()
    return int(connection.execute(sql, params).fetchone()[0])


def position(connection: sqlite3.Connection, article_id: int, wanted: HeadlineFilter) -> int | None:
    query = _listing(connection, wanted)
    if query is None:
        return None
    sql, params = query.key_of()
    key = connection.execute(sql, (*params, article_id)).fetchone()
    if key is None:
        return None
    published, found_id = key
    sql, params = query.before()
    return int(connection.execute(sql, (*params, published, published, found_id)).fetchone()[0])


def sections_of(connection: sqlite3.Connection, article_id: int) -> tuple[str, ...]:
    """The article's sections, the one it was first seen in first."""
    found = connection.execute(
        "SELECT f.section FROM article_feeds af JOIN feeds f ON f.id = af.feed_id"
        " JOIN articles a ON a.id = af.article_id WHERE af.article_id = ?"
        " ORDER BY af.feed_id != a.feed_id, f.active DESC, af.feed_id",
        (article_id,),
    ).fetchall()
    return tuple(dict.fromkeys(row[0] for row in found))


def article(connection: sqlite3.Connection, article_id: int) -> Article | None:
    row = connection.execute(
        f"SELECT {rows.ARTICLE_COLUMNS} FROM articles a JOIN sources s ON s.id = a.source_id"
        " JOIN reading r ON r.article_id = a.id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    return rows.article(row, sections_of(connection, article_id))


def more_in_section(connection: sqlite3.Connection, article_id: int, limit: int) -> list[Headline]:
    found = connection.execute(
        "SELECT feed_id, published FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if found is None or limit <= 0:
        return []
    feed_id, published = found
    ids = [
        row[0]
        for row in connection.execute(
            "SELECT article_id FROM article_feeds WHERE feed_id = ? AND article_id != ?"
            " AND published <= ? AND (published < ? OR article_id < ?)"
            " ORDER BY published DESC, article_id DESC LIMIT ?",
            (feed_id, article_id, published, published, article_id, limit),
        )
    ]
    section = connection.execute("SELECT section FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    return headlines_by_id(connection, ids, section[0] if section else None)


def section_counts(connection: sqlite3.Connection) -> list[SectionCount]:
    totals = dict(
        connection.execute("SELECT feed_id, count(*) FROM article_feeds GROUP BY feed_id")
    )
    # A lookup per row joins read flags to feeds (73 ms for all 100k rows): count only the
    # smaller side, read or unread, and derive the other from the totals (5 ms for 10k read).
    # CROSS JOIN keeps reading as the outer loop, which the planner would not choose.
    (unread,) = connection.execute("SELECT count(*) FROM reading WHERE read = 0").fetchone()
    (everything,) = connection.execute("SELECT count(*) FROM reading").fetchone()
    flag = 0 if unread <= everything - unread else 1
    flagged = dict(
        connection.execute(
            "SELECT af.feed_id, count(*) FROM reading r"
            " CROSS JOIN article_feeds af ON af.article_id = r.article_id"
            f" WHERE r.read = {flag} GROUP BY af.feed_id"
        )
    )
    found = connection.execute(
        "SELECT f.id, s.name, f.section, f.last_error FROM feeds f"
        " JOIN sources s ON s.id = f.source_id WHERE f.active = 1 ORDER BY s.name, f.id"
    ).fetchall()
    counts = []
    for feed_id, source, section, error in found:
        total = totals.get(feed_id, 0)
        some = flagged.get(feed_id, 0)
        counts.append(
            SectionCount(
                feed_id, source, section, some if flag == 0 else total - some, total, error
            )
        )
    return counts


def mark_all_read(connection: sqlite3.Connection, wanted: HeadlineFilter) -> int:
    query = _listing(connection, wanted)
    if query is None:
        return 0
    sql, params = query.ids()
    cursor = connection.execute(
        f"UPDATE reading SET read = 1 WHERE read = 0 AND article_id IN ({sql})", params
    )
    return cursor.rowcount


def trending_inputs(connection: sqlite3.Connection, since: int) -> list[TrendingInput]:
    found = connection.execute(
        """
        SELECT a.id, a.title, a.summary, s.name, f.section, f.id, a.published, a.comments,
            a.view_count, r.read_count
        FROM articles a
        JOIN sources s ON s.id = a.source_id
        JOIN feeds f ON f.id = a.feed_id
        JOIN reading r ON r.article_id = a.id
        WHERE a.published >= ? AND f.active = 1
        ORDER BY a.published DESC, a.id DESC
        """,
        (since,),
    ).fetchall()
    return [
        TrendingInput(
            id=row[0],
            title=row[1],
            lead=row[2],
            source=row[3],
            section=row[4],
            feed_id=row[5],
            published=rows.moment(row[6]),
            comments=row[7],
            view_count=row[8],
            opens=row[9],
        )
        for row in found
    ]


def prune(connection: sqlite3.Connection, *, cutoff: int | None, per_feed: int | None) -> int:
    """Delete old read articles; keep starred, unread, and what a feed carried last time.

    Old means first seen before `cutoff`, or not among the `per_feed` most recently first-seen
    articles of any feed carrying it. Only read, unstarred articles are looked at (an index
    holds exactly those), so the cost follows how many of them remain, not the archive's size.
    """
    reasons = []
    params: list[object] = []
    if cutoff is not None:
        reasons.append("a.first_seen < ?")
        params.append(cutoff)
    if per_feed is not None and per_feed <= 0:
        reasons.append("1")
    elif per_feed is not None:
        _note_feed_edges(connection, per_feed)
        # Within the newest `per_feed` of a feed: at or above that feed's edge, or the feed
        # has no edge (it holds fewer links than that).
        reasons.append(
            """NOT EXISTS (
                SELECT 1 FROM article_feeds af
                LEFT JOIN temp.prune_edges e ON e.feed_id = af.feed_id
                WHERE af.article_id = a.id AND (e.feed_id IS NULL
                    OR (af.first_seen, af.article_id) >= (e.first_seen, e.article_id))
            )"""
        )
    cursor = connection.execute(
        f"""
        DELETE FROM articles WHERE id IN (
            SELECT a.id FROM reading r JOIN articles a ON a.id = r.article_id
            WHERE r.read = 1 AND r.starred = 0 AND ({" OR ".join(reasons)})
            AND NOT EXISTS (
                SELECT 1 FROM article_feeds af JOIN feeds f ON f.id = af.feed_id
                WHERE af.article_id = a.id AND af.last_seen_fetch = f.fetch_serial
            )
        )
        """,
        params,
    )
    return cursor.rowcount


def _note_feed_edges(connection: sqlite3.Connection, per_feed: int) -> None:
    """Each feed's `per_feed`-th newest link (by first seen), into temp.prune_edges.

    A feed holding fewer links has no row. Each lookup walks at most `per_feed` index entries.
    """
    connection.execute(
        "CREATE TEMP TABLE IF NOT EXISTS prune_edges"
        " (feed_id INTEGER PRIMARY KEY, first_seen INTEGER NOT NULL, article_id INTEGER NOT NULL)"
    )
    connection.execute("DELETE FROM temp.prune_edges")
    connection.execute(
        """
        INSERT INTO temp.prune_edges (feed_id, first_seen, article_id)
        SELECT f.id, edge.first_seen, edge.article_id
        FROM feeds f JOIN article_feeds edge ON edge.rowid = (
            SELECT x.rowid FROM article_feeds x WHERE x.feed_id = f.id
            ORDER BY x.first_seen DESC, x.article_id DESC LIMIT 1 OFFSET ?
        )
        """,
        (per_feed - 1,),
    )
