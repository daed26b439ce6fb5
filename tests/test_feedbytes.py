from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tui.feedbytes import hide_media_text, hide_webmaster, looks_like_json
from tui.parse import parse_feed

MEDIA_NS = "http://search.yahoo.com/mrss/"


def test_media_text_is_renamed_under_any_prefix_and_stays_well_formed() -> None:
    body = (
        f'<rss xmlns:media="{MEDIA_NS}" xmlns:m="{MEDIA_NS}"><channel><item>'
        "<title>t</title><description>d</description>"
        '<media:content url="u"><media:title type="plain">a</media:title></media:content>'
        "<m:description>b</m:description><media:titles>c</media:titles>"
        "</item></channel></rss>"
    ).encode()
    hidden = hide_media_text(body)
    ET.fromstring(hidden)
    assert b"<media:berita-title " in hidden and b"</media:berita-title>" in hidden
    assert b"<m:berita-description>b</m:berita-description>" in hidden
    # the item's own elements, media:content and look-alike names are left alone
    assert b"<title>t</title><description>d</description>" in hidden
    assert b'<media:content url="u">' in hidden and b"<media:titles>c</media:titles>" in hidden


def test_webmaster_is_renamed_in_any_case() -> None:
    body = b"<channel><WebMaster>a@b.id</WebMaster><webmasters/><webMaster/></channel>"
    assert hide_webmaster(body) == (
        b"<channel><berita-webmaster>a@b.id</berita-webmaster><webmasters/><berita-webmaster/>"
        b"</channel>"
    )


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b' \n{"version": 1}', None, True),
        (b"\xef\xbb\xbf{}", "text/xml", True),
        (b"<rss/>", "application/json", False),
        (b"[1]", "application/feed+json; charset=utf-8", True),
        (b"[1]", "text/plain", False),
    ],
)
def test_looks_like_json(body: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_json(body, content_type) is expected


def test_an_item_count_the_media_scan_cannot_match_still_parses() -> None:
    # ElementTree counts <x:item> as an item, feedparser does not: the media text cannot be
    # matched to entries, so feedparser is given the body as it came (media text not hidden).
    body = (
        f'<rss version="2.0" xmlns:media="{MEDIA_NS}" xmlns:x="urn:x"><channel><title>K</title>'
        "<x:item>lain</x:item><item><guid>g</guid><description>Ringkasan.</description>"
        '<media:content url="https://kabar.example/a.jpg" medium="image">'
        "<media:title>Judul dari media</media:title></media:content>"
        "</item></channel></rss>"
    ).encode()
    (entry,) = parse_feed(body, "https://kabar.example/rss").entries
    assert entry.title == "Judul dari media"  # feedparser's own reading of media:title
    assert entry.image is not None and entry.image.url == "https://kabar.example/a.jpg"
