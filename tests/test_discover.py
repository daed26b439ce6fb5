from __future__ import annotations

import codecs

from tui.discover import discover_feed_links

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8"><title>Kabar</title>
<link rel="stylesheet" href="/style.css" type="text/css">
<link rel="alternate" type="application/rss+xml" title="Terkini" href="/rss/terkini.xml">
<LINK REL="Alternate" TYPE="Application/Atom+XML; charset=utf-8" HREF="https://kabar.example/atom">
<link rel="alternate feed" type="application/feed+json" href="feed.json">
<link rel="alternate" type="application/json" href="//cdn.example/feed.json">
<link rel="alternate" type="text/html" hreflang="en" href="/en/">
<link rel="alternate" type="application/rss+xml" href="/rss/terkini.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="feed://kabar.example/x.xml">
<link rel="alternate" type="application/rss+xml" href="ftp://kabar.example/x.xml">
<link rel="alternate" type="application/rss+xml" href="">
<link rel="alternate" type="application/rss+xml">
<link rel="canonical" type="application/rss+xml" href="/not-alternate.xml">
</head><body><a rel="alternate" type="application/rss+xml" href="/anchor.xml">a</a>
<link rel="alternate" type="application/rss+xml" href="/late.xml"/>
</body></html>"""


def test_advertised_feeds_in_document_order_absolute_and_deduplicated() -> None:
    assert discover_feed_links(PAGE, "https://kabar.example/berita/index.html") == [
        "https://kabar.example/rss/terkini.xml",
        "https://kabar.example/atom",
        "https://kabar.example/berita/feed.json",
        "https://cdn.example/feed.json",
        "https://kabar.example/late.xml",
    ]


def test_bytes_with_a_bom_and_a_base_element() -> None:
    page = (
        '<head><base href="http://mirror.example/site/">'
        '<link rel=alternate type=application/rss+xml href="rss.xml"></head>'
    )
    for encoded in (
        codecs.BOM_UTF8 + page.encode(),
        codecs.BOM_UTF16_LE + page.encode("utf-16-le"),
    ):
        assert discover_feed_links(encoded, "https://kabar.example/") == [
            "http://mirror.example/site/rss.xml"
        ]


def test_broken_html_and_pages_without_feeds() -> None:
    broken = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/a.xml"'
        '<link rel="alternate" type="application/atom+xml" href="/b.xml">'
        '<div <<<><link rel="alternate" type="application/rss+xml" href="/c.xml'
    )
    # Two tags run together read as one (html.parser keeps the later attributes); the last
    # tag never ends, so it is not a tag at all.
    assert discover_feed_links(broken.encode(), "http://x.example/") == ["http://x.example/b.xml"]
    assert discover_feed_links(b"", "http://x.example/") == []
    assert discover_feed_links(b"\xff\xfe\x00garbage\x80\x81", "http://x.example/") == []
    assert discover_feed_links("<p>no feeds here</p>", "http://x.example/") == []


def test_hrefs_with_controls_or_bidi_tricks_are_cleaned() -> None:
    page = '<link rel="alternate" type="application/rss+xml" href="/r&#27;ss\u202e.xml">'
    assert discover_feed_links(page, "http://x.example/") == ["http://x.example/rss.xml"]
