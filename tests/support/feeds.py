"""Feeds written for the tests: small RSS documents built from plain dicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

BASE_TIME = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def item(
    number: int,
    *,
    title: str | None = None,
    guid: str | None = None,
    link: str | None = None,
    body: str | None = None,
    author: str | None = None,
    hours_ago: float | None = None,
) -> dict[str, str]:
    published = BASE_TIME - timedelta(hours=number if hours_ago is None else hours_ago)
    return {
        "title": title or f"Berita nomor {number}",
        "guid": guid or f"guid-{number}",
        "link": link or f"https://kabar.example/berita/{number}",
        "body": body or f"<p>Isi berita nomor {number} tentang anggaran daerah.</p>",
        "author": author or "Ahmad Suryadi",
        "published": format_datetime(published),
    }


def rss(items: list[dict[str, str]], *, title: str = "Kabar Contoh") -> bytes:
    entries = "".join(
        "<item>"
        f"<title>{escape(entry['title'])}</title>"
        f"<link>{escape(entry['link'])}</link>"
        f'<guid isPermaLink="false">{escape(entry["guid"])}</guid>'
        f"<pubDate>{entry['published']}</pubDate>"
        f"<dc:creator>{escape(entry['author'])}</dc:creator>"
        f"<description>{escape(entry['body'])}</description>"
        "</item>"
        for entry in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>https://kabar.example/</link>"
        f"<description>test feed</description>{entries}</channel></rss>"
    ).encode()


def feed_of(count: int, start: int = 0, **options: str) -> bytes:
    return rss([item(number) for number in range(start, start + count)], **options)
