"""The database schema as an ordered list of forward migrations; `PRAGMA user_version` counts them.

Migration N (1-based) takes a database at version N-1 to version N. A fresh database runs them
all, so every migration is exercised on every new install, not only on upgrades.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.store.errors import StoreError

# Version 1: the tables, the full-text index and the triggers that keep it in sync.
# Times are unix seconds (UTC): INTEGER for published/first_seen, REAL for event times.
V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    home TEXT
);
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    section TEXT NOT NULL,
    url TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL CHECK (origin IN ('config', 'added')),
    active INTEGER NOT NULL DEFAULT 1,
    full_text INTEGER NOT NULL DEFAULT 0,
    fetch_pages INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at REAL,
    fetch_serial INTEGER NOT NULL DEFAULT 0,
    last_at REAL,
    last_status INTEGER,
    last_new INTEGER,
    last_updated INTEGER,
    last_seen INTEGER,
    last_error TEXT,
    last_not_modified INTEGER
);
CREATE INDEX feeds_source ON feeds(source_id);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    guid TEXT NOT NULL,
    link TEXT,
    title TEXT NOT NULL,
    published INTEGER NOT NULL,
    published_known INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    updated_at REAL NOT NULL,
    author TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    summary TEXT NOT NULL DEFAULT '',
    content_html TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    image_url TEXT,
    image_caption TEXT,
    image_credit TEXT,
    reporter TEXT,
    editor TEXT,
    publisher TEXT,
    photographer TEXT,
    comments INTEGER,
    view_count INTEGER,
    full_text TEXT,
    full_text_error TEXT,
    full_text_at REAL,
    UNIQUE (source_id, guid)
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source_published ON articles(source_id, published);
CREATE INDEX articles_link ON articles(source_id, link) WHERE link IS NOT NULL;
CREATE TABLE article_feeds (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    last_seen_fetch INTEGER NOT NULL,
    PRIMARY KEY (article_id, feed_id)
);
CREATE INDEX article_feeds_feed ON article_feeds(feed_id);
CREATE TABLE reading (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    read INTEGER NOT NULL DEFAULT 0,
    read_count INTEGER NOT NULL DEFAULT 0,
    first_read_at REAL,
    last_read_at REAL,
    starred INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TRIGGER articles_reading AFTER INSERT ON articles BEGIN
    INSERT INTO reading(article_id) VALUES (new.id);
END;
CREATE VIRTUAL TABLE article_search USING fts5(
    title, summary, body_text,
    content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='3'
);
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search(rowid, title, summary, body_text)
    VALUES (new.id, new.title, new.summary, new.body_text);
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body_text)
    VALUES ('delete', old.id, old.title, old.summary, old.body_text);
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, summary, body_text ON articles
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary
    OR old.body_text IS NOT new.body_text
BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body_text)
    VALUES ('delete', old.id, old.title, old.summary, old.body_text);
    INSERT INTO article_search(rowid, title, summary, body_text)
    VALUES (new.id, new.title, new.summary, new.body_text);
END;
"""

# Version 2: sort keys beside the reading state and the feed links. Measured at 100k articles,
# the unread list and its count joined reading to articles row by row (13 ms per page, per count);
# with `published` mirrored here, partial indexes answer them from the index alone (< 1 ms).
# Triggers keep the mirrors equal to articles.published; read state itself is never touched.
V2 = """
ALTER TABLE reading ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article_feeds ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
UPDATE reading SET published = (SELECT published FROM articles WHERE id = reading.article_id);
UPDATE article_feeds
    SET published = (SELECT published FROM articles WHERE id = article_feeds.article_id);
CREATE INDEX reading_unread ON reading(published) WHERE read = 0;
CREATE INDEX reading_starred ON reading(published) WHERE starred = 1;
DROP INDEX article_feeds_feed;
CREATE INDEX article_feeds_feed ON article_feeds(feed_id, published);
DROP TRIGGER articles_reading;
CREATE TRIGGER articles_reading AFTER INSERT ON articles BEGIN
    INSERT INTO reading(article_id, published) VALUES (new.id, new.published);
END;
CREATE TRIGGER articles_published AFTER UPDATE OF published ON articles
WHEN old.published IS NOT new.published
BEGIN
    UPDATE reading SET published = new.published WHERE article_id = new.id;
    UPDATE article_feeds SET published = new.published WHERE article_id = new.id;
END;
"""

# Version 3: retention that reads only what it may delete. Measured at 100k articles, prune()
# ranked every feed's links (a window over all of article_feeds joined to articles): 400 ms per
# refresh even when nothing was old. Now it starts from the read, unstarred articles (the only
# ones it may delete; a partial index) and compares each link with its feed's N-th newest link,
# found by walking at most N entries of an index per feed. `first_seen` never changes, so the
# mirror in article_feeds is written once, with the link.
V3 = """
ALTER TABLE article_feeds ADD COLUMN first_seen INTEGER NOT NULL DEFAULT 0;
UPDATE article_feeds
    SET first_seen = (SELECT first_seen FROM articles WHERE id = article_feeds.article_id);
CREATE INDEX article_feeds_age ON article_feeds(feed_id, first_seen, article_id);
CREATE INDEX reading_prunable ON reading(article_id) WHERE read = 1 AND starred = 0;
"""

# Version 4: what the last body parsed lost. A feed of 12,345 items keeps its first 1,000
# (parse.MAX_ENTRIES), and one over 8 MB only what its start holds; `berita sources` says so.
# Kept until another body is parsed: a 304 or an unchanged body leaves the cut as it was.
V4 = """
ALTER TABLE feeds ADD COLUMN last_dropped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN last_note TEXT;
"""


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(connection: sqlite3.Connection) -> None:
        # executescript would COMMIT the caller's transaction; run statement by statement.
        for statement in _statements(sql):
            connection.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    """Split a script into statements (a trigger body holds `;` until its END;)."""
    statements: list[str] = []
    current = ""
    for line in sql.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _script(V1),
    _script(V2),
    _script(V3),
    _script(V4),
]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = ("sources", "feeds", "articles", "article_feeds", "reading", "settings")


def user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer berita (schema {version}, this berita knows "
            f"{SCHEMA_VERSION}); not touched"
        )


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the database up to SCHEMA_VERSION in one transaction (a no-op when current)."""
    if user_version(connection) == SCHEMA_VERSION:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(connection)  # another process may have migrated meanwhile
        refuse_newer(version, path)
        if version == 0:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables:
                raise StoreError(f"{path} is an SQLite database but not berita's; not touched")
        for migration in MIGRATIONS[version:]:
            migration(connection)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
