from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tui.feedbytes import hide_media_text, hide_webmaster, keep_whole_items, looks_like_json
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


def rss_items(count: int, *, prefix: str = "") -> bytes:
    items = "".join(
        f"<{prefix}item><{prefix}title>t{n}</{prefix}title></{prefix}item>" for n in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>K</title>{items}'.encode()


def test_a_body_within_the_limit_is_the_same_object() -> None:
    body = rss_items(3) + b"</channel></rss>"
    assert keep_whole_items(body, 3) == (body, False)
    assert keep_whole_items(body, 3)[0] is body


def test_items_over_the_limit_are_cut_and_the_document_closed() -> None:
    kept, half_item = keep_whole_items(rss_items(5) + b"</channel></rss>", 2)
    assert kept == rss_items(2) + b"</channel></rss>" and not half_item
    ET.fromstring(kept)


def test_prefixed_items_and_entries_count_and_close_as_written() -> None:
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rss="http://purl.org/rss/1.0/"><rss:channel><rss:items/></rss:channel>'
        + "".join(
            f'<rss:item rdf:about="u{n}"><rss:title>t</rss:title></rss:item >' for n in range(4)
        )
        + "</rdf:RDF>"
    ).encode()
    kept, _ = keep_whole_items(rdf, 3)
    assert kept.count(b"<rss:item ") == 3 and kept.endswith(b"</rss:item ></rdf:RDF>")
    ET.fromstring(kept)
    atom = (
        '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>K</a:title>'
        + "<a:entry><a:id>x</a:id></a:entry>" * 3
        + "</a:feed>"
    ).encode()
    kept, _ = keep_whole_items(atom, 1)
    assert kept.count(b"<a:entry>") == 1 and kept.endswith(b"</a:entry></a:feed>")


def test_item_tags_inside_cdata_and_comments_are_not_items() -> None:
    body = (
        rss_items(1)[:-7].replace(b"<title>t0", b"<title><![CDATA[</item><item>]]>t0")
        + b"<!-- </item> --></item><item><title>t1</title></item></channel></rss>"
    )
    kept, _ = keep_whole_items(body, 1)
    assert kept.endswith(b"<!-- </item> --></item></channel></rss>")
    ET.fromstring(kept)


def test_a_body_cut_mid_item_loses_only_the_half_item() -> None:
    whole = rss_items(3)
    for cut in range(whole.rindex(b"<item>") + len(b"<item"), len(whole)):
        kept, half_item = keep_whole_items(whole[:cut], 10)
        assert half_item and kept == rss_items(2) + b"</channel></rss>"
    # a closing the body stops in is not a closing; </items> closes no item
    assert keep_whole_items(rss_items(2) + b"<item><title>x</title></ite", 10)[1]
    assert keep_whole_items(rss_items(1)[:-7] + b"</items>", 10) == (
        rss_items(1)[:-7] + b"</items>",
        False,
    )


def test_a_body_cut_in_its_first_item_or_after_its_last_is_left_alone() -> None:
    first = rss_items(1)[:-10]
    assert keep_whole_items(first, 10) == (first, False)
    after = rss_items(2) + b"</chan"
    assert keep_whole_items(after, 10) == (after, False)
    empty = b"<rss><channel><item/><item/></channel></rss>"
    assert keep_whole_items(empty, 1) == (empty, False)


def test_stray_closings_do_not_count_as_items() -> None:
    body = rss_items(3).replace(b"</item>", b"</item></item>") + b"</channel></rss>"
    kept, _ = keep_whole_items(body, 2)
    assert kept.count(b"<item>") == 2 and kept.endswith(b"t1</title></item></channel></rss>")
