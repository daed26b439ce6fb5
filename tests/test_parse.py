from __future__ import annotations

import io
import json
import pickle
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tui import dates, feedentry, htmlbody, htmltext, parse
from tui.feedbytes import PERSON_BYTES
from tui.feedentry import SUMMARY_LIMIT
from tui.htmlbody import html_to_body, html_to_text
from tui.model import Entry, ParsedFeed
from tui.parse import MAX_ENTRIES, ParseError, looks_like_html, parse_feed
from tui.sanitize import clean_text

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
URL = "https://kabar.example/rss/terkini.xml"


@dataclass(frozen=True)
class Feed:
    format: str
    entries: int
    dated: bool = True  # every entry has a date (False: the file has no item dates at all)
    warning: str | None = None


@dataclass(frozen=True)
class Broken:
    message: str


# What each real feed gives, as observed and checked against PROVENANCE.md. Only four files
# raise: the 0-byte body, Reuters' server error mid-stream (no items, not well-formed), and two
# feedparser test snippets that are channel-only and not well-formed. Other not-well-formed
# files still give their items, with a warning.
EXPECTED: dict[str, Feed | Broken] = {
    "fp-encoding-bogus-declaration.xml": Feed("rss", 0, warning="declared as bogus"),
    "fp-encoding-utf16le-bom.xml": Feed("rss", 0),  # valid, and empty
    "fp-encoding-win1252-smartquote.xml": Feed("rss20", 1, dated=False),
    "fp-entity-html-named-aacute.xml": Broken("XML error at line 8: undefined entity"),
    "fp-html-title-escaped-amp-atom03.xml": Feed("atom03", 1, dated=False),
    "fp-illformed-high-bit-date-iso8859-7.xml": Feed("rss20", 0),  # valid, and empty
    "fp-illformed-incomplete-cdata.xml": Feed("rss20", 1, False, "XML error at line 6"),
    "fp-illformed-unclosed-rss-ampersand-link.xml": Feed("rss20", 1, False, "XML error"),
    "fp-illformed-undeclared-namespace.xml": Broken("XML error at line 9: unbound prefix"),
    "fp-relative-uri-description.xml": Feed("rss20", 1, dated=False),
    "fp-sanitize-crazy-html.xml": Feed("rss20", 1, dated=False),
    "id-antara-jambi-terkini.xml": Feed("rss20", 20),
    "id-antara-terkini-2016.xml": Feed("rss20", 20),
    "id-antara-terkini-2017.xml": Feed("rss20", 20),
    "id-detik-news-2014-feedsportal.xml": Feed("rss20", 25),
    "id-detik-news-2016.xml": Feed("rss20", 10),
    "id-detik-news.xml": Feed("rss20", 10),
    "id-pks-wordpress-2016.xml": Feed("rss20", 10),
    "id-republika-2016.xml": Feed("rss20", 15),
    "id-tempo-2017-whitespace-cdata.xml": Feed("rss20", 50),
    "id-tempo-terkini-rss091.xml": Feed("rss091u", 30),
    "id-viva-all.xml": Feed("rss20", 200),
    "id-viva-politik-2016.xml": Feed("rss20", 200),
    "intl-aljazeera-youtube.atom": Feed("atom10", 15),
    "intl-bbc-inourtime-podcast.xml": Feed("rss20", 1),
    "intl-bbc-news-home.xml": Feed("rss20", 69),
    "intl-daringfireball-jsonfeed.json": Feed("json", 2),
    "intl-guardian-us.rss": Feed("rss20", 55),
    "intl-hackernews-2012-latin1.xml": Feed("rss20", 30, dated=False),
    "intl-hnrss-newest.xml": Feed("rss20", 20),
    "intl-jn-pt-iso8859-1.rss": Feed("rss20", 40),
    "intl-jsonfeed-org-v1.json": Feed("json", 1),
    "intl-nightvale-podcast.xml": Feed("rss20", 1),
    "intl-npr-news.xml": Feed("rss20", 10),
    "intl-nyt-us-news.xml": Feed("rss20", 20),
    "intl-planet-freedesktop-rss10.rdf": Feed("rss10", 1),
    "intl-reddit-atom-mediarss.atom": Feed("atom10", 25),
    "intl-reddit-frontpage.rss": Feed("rss20", 24),
    "intl-science-rss10-rdf.rss": Feed("rss10", 69),
    "intl-slashdot-rss10-rdf.xml": Feed("rss10", 1),
    "intl-youtube-channel.atom": Feed("atom10", 1),
    "nb-atom-items-without-titles.xml": Feed("atom10", 5),
    "nb-atom-multiple-item-links.atom": Feed("atom10", 1),
    "nb-blogger-rss-singleline.xml": Feed("rss20", 8),
    "nb-empty-0-bytes.xml": Broken("empty body"),
    "nb-rss091-bracket-author.xml": Feed("rss091n", 3, dated=False),
    "nb-rss20-media-no-titles.xml": Feed("rss20", 3),
    "quirk-reuters-truncated-invalid.xml": Broken("XML error at line 19: no element found"),
    "quirk-rss092-nonrfc-dates.rss": Feed("rss092", 2, dated=False),  # only the channel is dated
    "quirk-uol-latin1-no-xml-decl.rss": Feed("rss", 15, warning="parsed as windows-1252"),
}


# Test files whose items share an id in the source itself.
REPEATED_IDS = {"nb-atom-items-without-titles.xml": 2, "nb-rss20-media-no-titles.xml": 1}


def read(folder: Path, name: str) -> ParsedFeed:
    return parse_feed((folder / name).read_bytes(), URL)


def texts(entry: Entry) -> list[str]:
    values = [entry.guid, entry.title, entry.link, entry.author, entry.summary, entry.content_html]
    values += list(entry.categories) + list(entry.credits.as_dict().values())
    if entry.image is not None:
        values += list(entry.image.as_dict().values())
    return [value for value in values if value]


def test_every_fixture_has_an_expectation(shared_feeds: Path) -> None:
    names = {path.name for path in shared_feeds.iterdir() if path.suffix != ".md"}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_feeds(shared_feeds: Path, name: str) -> None:
    expected = EXPECTED[name]
    if isinstance(expected, Broken):
        with pytest.raises(ParseError, match=re.escape(expected.message)):
            read(shared_feeds, name)
        return
    feed = read(shared_feeds, name)
    assert (feed.format, len(feed.entries)) == (expected.format, expected.entries)
    if expected.warning:
        assert feed.warning is not None and expected.warning in feed.warning
    else:
        assert feed.warning is None
    for entry in feed.entries:
        assert entry.guid and entry.title
        assert entry.title == entry.title.strip() and "\n" not in entry.title
        assert (entry.published is not None) == expected.dated
        if entry.published is not None:
            assert entry.published.utcoffset() == timedelta(0)
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
        assert len(entry.summary) <= SUMMARY_LIMIT
        for text in texts(entry):
            assert not CONTROLS.search(text), (name, text[:80])
    repeats = REPEATED_IDS.get(name, 0)
    assert len({entry.guid for entry in feed.entries}) == len(feed.entries) - repeats


def test_republika_credits_captions_and_dates(shared_feeds: Path) -> None:
    feed = read(shared_feeds, "id-republika-2016.xml")
    first = feed.entries[0]
    assert first.author == first.credits.reporter == "Israr Itah"
    assert first.categories == ("Arena Olahraga",)
    assert first.published == datetime(2016, 8, 23, 12, 17, 53, tzinfo=UTC)
    assert first.image is not None
    assert first.image.url.startswith("http://static.republika.co.id/uploads/images/")
    # media:credit and media:title nested inside media:content
    assert first.image.credit == first.credits.photographer == "dok. Istimewa"
    assert first.image.caption == "Penyambutan pebulu tangkis Tontowi Ahmad dan Liliyana Natsir."
    assert all(entry.author and entry.image for entry in feed.entries)
    # two items carry an empty <media:credit></media:credit>
    assert sum(entry.credits.photographer is not None for entry in feed.entries) == 13


def test_detik_enclosure_images(shared_feeds: Path) -> None:
    feed = read(shared_feeds, "id-detik-news.xml")
    raw = (shared_feeds / "id-detik-news.xml").read_text()
    enclosures = re.findall(r'<enclosure url="([^"]+)"', raw)
    assert [entry.image.url for entry in feed.entries if entry.image] == enclosures
    assert feed.entries[0].published == datetime(2017, 4, 28, 0, 50, 21, tzinfo=UTC)


def test_guardian_media_content_and_credit(shared_feeds: Path) -> None:
    first = read(shared_feeds, "intl-guardian-us.rss").entries[0]
    assert first.author == "David Smith in Washington"
    assert first.image is not None and "w=460" in first.image.url  # the larger of two
    assert first.image.credit == "Photograph: Networ/Sipa USA/REX/Shutterstock"
    assert first.credits.photographer == "Networ/Sipa USA/REX/Shutterstock"
    assert "Donald Trump" in first.categories
    assert first.summary.startswith("The president’s ‘new American moment’ speech")
    assert "Continue reading..." in html_to_text(first.content_html)


def test_nyt_caption_is_not_taken_for_content(shared_feeds: Path) -> None:
    first = read(shared_feeds, "intl-nyt-us-news.xml").entries[0]
    caption = "In Benton Harbor, state officials said Thursday that they would continue"
    assert first.image is not None and first.image.caption is not None
    assert first.image.caption.startswith(caption)
    assert first.image.credit == "Sebastian Hidalgo for The New York Times"
    assert caption not in first.content_html
    assert first.content_html.startswith("The crises in Benton Harbor and Flint")


@pytest.mark.parametrize(
    ("name", "host"),
    [
        ("intl-youtube-channel.atom", "i1.ytimg.com"),  # media:group/media:thumbnail
        ("intl-reddit-frontpage.rss", "b.thumbs.redditmedia.com"),  # media:thumbnail
        ("id-tempo-terkini-rss091.xml", "image.tempointeraktif.com"),  # RSS 0.91 <image>
        ("intl-npr-news.xml", "npr.brightspotcdn.com"),  # first <img> in content:encoded
    ],
)
def test_lead_images_from_each_source(shared_feeds: Path, name: str, host: str) -> None:
    image = read(shared_feeds, name).entries[0].image
    assert image is not None and f"://{host}/" in image.url


def test_youtube_title_and_description_are_not_repeated_as_a_caption(shared_feeds: Path) -> None:
    for entry in read(shared_feeds, "intl-aljazeera-youtube.atom").entries:
        assert entry.image is not None and entry.image.caption is None


def test_npr_caption_from_img_alt(shared_feeds: Path) -> None:
    image = read(shared_feeds, "intl-npr-news.xml").entries[0].image
    assert image is not None and image.caption is not None
    assert image.caption.startswith("Catcher Jake Rogers #28 of the Chicago White Sox")


def test_wordpress_empty_comment_count_and_publisher(shared_feeds: Path) -> None:
    pks = read(shared_feeds, "id-pks-wordpress-2016.xml").entries
    assert all(entry.comments is None for entry in pks)  # <slash:comments></slash:comments>
    assert pks[0].author == "Humas DPP Partai Keadilan Sejahtera"
    science = read(shared_feeds, "intl-science-rss10-rdf.rss").entries[0]
    assert science.credits.publisher == "American Association for the Advancement of Science"
    viva = read(shared_feeds, "id-viva-all.xml").entries[0]
    assert viva.credits.editor == "Redaksi VIVA.co.id"  # <managingEditor>
    assert viva.credits.publisher is None  # <webMaster> is a contact, not a publisher
    assert "33" not in viva.categories  # a section number, not a word


def test_json_feeds(shared_feeds: Path) -> None:
    feed = read(shared_feeds, "intl-daringfireball-jsonfeed.json")
    assert feed.title == "Daring Fireball"
    assert feed.link == "https://daringfireball.net/"
    first = feed.entries[0]
    assert first.title == "How Jeff Bezos’s iPhone X Was Hacked"
    assert first.guid == first.link == "https://daringfireball.net/linked/2020/01/24/bezos-iphone-x"
    assert first.published == datetime(2020, 1, 24, 23, 46, 57, tzinfo=UTC)
    assert first.author == "John Gruber"
    assert first.content_html.startswith("<p>Good summary from The New York Times.")
    assert first.summary.startswith("Good summary from The New York Times.")
    spec = read(shared_feeds, "intl-jsonfeed-org-v1.json").entries[0]
    assert spec.published == datetime(2017, 5, 17, 15, 2, 12, tzinfo=UTC)
    assert spec.author == "Brent Simmons and Manton Reece"  # the feed's author, inherited


def test_encodings_give_readable_text(shared_feeds: Path) -> None:
    uol = read(shared_feeds, "quirk-uol-latin1-no-xml-decl.rss")
    assert uol.entries[0].title.endswith("em simulações de 2º turno")
    # Portuguese day and month names
    assert uol.entries[0].published == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
    assert read(shared_feeds, "intl-jn-pt-iso8859-1.rss").title.startswith("Jornal de Notícias")
    smartquote = read(shared_feeds, "fp-encoding-win1252-smartquote.xml").entries[0]
    assert smartquote.summary == "don’t"  # a C1 byte where cp1252 meant a quote
    assert read(shared_feeds, "intl-hackernews-2012-latin1.xml").title == "Hacker News"


def test_quirky_structures(shared_feeds: Path) -> None:
    untitled = read(shared_feeds, "nb-atom-items-without-titles.xml").entries
    assert {entry.title for entry in untitled} == {"some content"}  # from the summary
    assert untitled[2].link == "http://example.com/alternate-link-isnt-first.aspx"
    multiple = read(shared_feeds, "nb-atom-multiple-item-links.atom").entries[0]
    assert multiple.link == "http://www.test.org/tests"  # not the gemini: or gopher: one
    authors = [e.author for e in read(shared_feeds, "nb-rss091-bracket-author.xml").entries]
    assert authors == ["Author name", "Author", "Author (name)"]
    amp = read(shared_feeds, "fp-html-title-escaped-amp-atom03.xml").entries[0]
    assert amp.title == "&"
    link = read(shared_feeds, "fp-illformed-unclosed-rss-ampersand-link.xml").entries[0]
    assert link.link == "http://link/get?a=1&b=2"
    padded = read(shared_feeds, "id-tempo-2017-whitespace-cdata.xml").entries[0]
    assert padded.title == padded.title.strip() and len(padded.title) > 10


def test_relative_links_resolve_against_the_document(shared_feeds: Path) -> None:
    entry = read(shared_feeds, "fp-relative-uri-description.xml").entries[0]
    assert entry.link is None
    body = html_to_body(entry.content_html)  # the article pane has no link to resolve with
    assert body.links == ("https://kabar.example/relative/uri",)
    reddit = read(shared_feeds, "intl-reddit-atom-mediarss.atom").entries[0]
    links = html_to_body(reddit.content_html, reddit.link).links
    assert "https://ud.reddit.com/r/homelab/" in links or all(
        url.startswith("https://") for url in links
    )
    assert reddit.guid == "t3_157kyrd"  # the Atom id as written, not resolved as a URL


def test_crazy_html_is_read_without_its_scripts(shared_feeds: Path) -> None:
    entry = read(shared_feeds, "fp-sanitize-crazy-html.xml").entries[0]
    assert "executeMe" not in entry.summary and "function" not in entry.summary
    assert entry.summary.startswith("Did The Javascript Execute?")


# -- hostile bodies ------------------------------------------------------------------------


def rss_item(inner: str, channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
        'xmlns:media="http://search.yahoo.com/mrss/">'
        f"<channel><title>Kabar</title><link>https://kabar.example/</link>{channel}"
        f"<item>{inner}</item></channel></rss>"
    ).encode()


HOSTILE = "\x1b[31mM\x1b]52;c;ZXZpbA==\x07\x9b2J\x1b]8;;http://evil.example\x1b\\E\u202ex"
HOSTILE_REFS = "&#27;[31mR&#x1b;]8;;x&#7;&#155;E&#x9b;S"


def test_controls_raw_and_as_references_never_reach_the_output() -> None:
    for payload in (HOSTILE, HOSTILE_REFS, HOSTILE_REFS.replace("&", "&amp;")):
        body = rss_item(
            f"<title>{payload} judul</title><link>https://kabar.example/a</link>"
            f"<dc:creator>{payload} Penulis</dc:creator><category>{payload}</category>"
            f"<description>&lt;p&gt;{payload.replace('&', '&amp;')} isi&lt;/p&gt;</description>"
            f'<media:content url="https://kabar.example/a.jpg" medium="image">'
            f"<media:credit>{payload}</media:credit><media:title>{payload}</media:title>"
            "</media:content>"
        )
        feed = parse_feed(body, URL)
        (entry,) = feed.entries
        for text in [*texts(entry), html_to_text(entry.content_html), feed.title]:
            assert not CONTROLS.search(text), repr(text)
        assert entry.title.endswith("judul") and entry.author and entry.author.endswith("Penulis")


def test_markup_in_titles_is_kept_literally() -> None:
    body = rss_item("<title>[@click=app.quit]x[/] [ANTARA] &lt;b&gt;</title>")
    assert parse_feed(body, URL).entries[0].title == "[@click=app.quit]x[/] [ANTARA] <b>"


def test_billion_laughs_is_not_expanded() -> None:
    declarations = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol1 "lol">\n'
        f"{declarations}\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title>'
        "<item><title>a &lol9; b</title><description>&lol9;</description></item>"
        "</channel></rss>"
    ).encode()
    feed = parse_feed(body, URL)
    (entry,) = feed.entries
    assert "lollol" not in entry.title + entry.summary + entry.content_html + feed.title
    assert len(entry.content_html) < 100
    # the DOCTYPE's lines are kept as blank lines, so error line numbers stay true
    assert feed.warning is not None and "line 6" in feed.warning


def test_quadratic_blowup_and_external_entities_are_not_expanded() -> None:
    big = "x" * 50_000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{big}">'
        '<!ENTITY e SYSTEM "file:///etc/passwd"> <!-- ]> --> <!ENTITY q "]>">]>'
        '<rss version="2.0"><channel>'
        + "<item><title>t &a;&a;&a;&a;&e;&q;</title><description>&a;&a;</description></item>" * 50
        + "</channel></rss>"
    ).encode()
    feed = parse_feed(body, URL)
    assert len(feed.entries) == 50
    for entry in feed.entries:
        assert "xxxx" not in entry.title + entry.summary + entry.content_html
        assert "root:" not in entry.title + entry.summary


def test_utf16_bodies_get_the_same_protection() -> None:
    text = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "AAAA">]>'
        '<rss version="2.0"><channel><title>Kabar Ünïcode</title>'
        "<item><title>Berita &a; ké</title></item></channel></rss>"
    )
    for encoded in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        feed = parse_feed(encoded, URL, "application/rss+xml; charset=utf-16")
        assert feed.title == "Kabar Ünïcode"
        assert feed.entries[0].title.startswith("Berita") and "AAAA" not in feed.entries[0].title


def test_pathological_prologs_and_doctypes_stay_linear() -> None:
    # Each of these once took minutes (a backtracking regex; a scan to the end per '<!--').
    assert not looks_like_html(b"<?a?>" * 1600 + b"x", None)
    assert looks_like_html(b"<!-- a -->" * 800 + b"<html>", None)
    for subset in (b"<!--" * 200_000, b'"' * 200_001, b"[" * 200_000):
        with pytest.raises(ParseError):
            parse_feed(b"<!DOCTYPE rss [" + subset + b"<rss><channel></channel></rss>", URL)


@pytest.mark.parametrize("body", [b"/etc/passwd", b"/dev/zero", b"http://127.0.0.1:9/feed.xml"])
def test_a_body_that_looks_like_a_path_or_url_is_not_opened(body: bytes) -> None:
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(body, URL)


def test_a_path_to_a_real_feed_is_still_not_a_feed(tmp_path: Path) -> None:
    real = tmp_path / "feed.xml"
    real.write_bytes(rss_item("<title>secret</title>"))
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(str(real).encode(), URL)


def test_long_author_fields_are_capped_before_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []
    original = feedparser.parse

    def spy(source: io.BytesIO, **options: Any) -> Any:
        seen.append(source.getvalue())
        return original(io.BytesIO(seen[-1]), **options)

    monkeypatch.setattr(feedparser, "parse", spy)
    name = "A" * 16_000
    bodies = [
        rss_item(f"<title>x</title><author>{name}</author>"),
        rss_item(f"<title>x</title><author>  <![CDATA[{name}]]></author>"),
        rss_item(f"<title>x</title><dc:creator>é{name}</dc:creator>"),
        rss_item("<title>x</title>", channel=f"<managingEditor>{name}</managingEditor>"),
        rss_item("<title>x</title>" + f"<dc:creator>{name}</dc:creator>" * 40),
    ]
    for body in bodies:
        entry = parse_feed(body, URL, fast=False).entries[0]  # what feedparser is given
        longest = max(len(run) for run in re.findall(rb"A+", seen[-1]))
        assert longest <= PERSON_BYTES
        assert b"<title>x</title>" in seen[-1]
        assert parse_feed(body, URL) == parse_feed(body, URL, fast=False)  # the lxml path too
    assert entry.author is not None and entry.author.startswith("AAAA")


def test_long_texts_elsewhere_are_kept() -> None:
    long_text = "kata " * 20_000
    entry = parse_feed(
        rss_item(f"<title>t</title><description>{long_text}</description>"), URL
    ).entries[0]
    assert entry.content_html == long_text.strip()
    assert len(entry.summary) <= SUMMARY_LIMIT and entry.summary.endswith("…")


def test_html_pages_and_empty_bodies() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Beranda</title></head><body>x</body></html>"
    with pytest.raises(ParseError, match="looks like an HTML page"):
        parse_feed(page, URL, "text/html; charset=utf-8")
    for empty in (b"", b"   \n\t", b"\xef\xbb\xbf"):
        with pytest.raises(ParseError, match="empty body"):
            parse_feed(empty, URL)
    assert looks_like_html(page, None)
    assert looks_like_html(b"<p>hello</p>", "text/html")
    assert not looks_like_html(rss_item("<title>x</title>"), "text/html; charset=utf-8")
    assert not looks_like_html(b'<!-- x --><?xml-stylesheet href="a"?><feed>', "text/html")
    assert not looks_like_html(b'{"version": "https://jsonfeed.org/version/1.1"}', "text/html")


def test_dates_in_feeds() -> None:
    now = datetime.now(UTC)
    future = (now + timedelta(days=5)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    near = (now + timedelta(hours=3)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    cases = {
        "Jumat, 02 Mei 2025 16:57 WIB": datetime(2025, 5, 2, 9, 57, tzinfo=UTC),
        "Fri, 02 May 2025 16:57 +99:99": None,
        "Fri, 02 May 9999 16:57 GMT": None,
        future: None,  # more than two days ahead: a wrong clock, not news from the future
        near: datetime.strptime(near, "%a, %d %b %Y %H:%M:%S %z"),
    }
    for text, expected in cases.items():
        body = rss_item(f"<title>t</title><pubDate>{text}</pubDate>")
        assert parse_feed(body, URL).entries[0].published == expected, text
    updated_only = rss_item("<title>t</title><dc:date>2025-05-02T10:00:00Z</dc:date>")
    assert parse_feed(updated_only, URL).entries[0].published == datetime(
        2025, 5, 2, 10, tzinfo=UTC
    )


def test_fallbacks_for_guid_title_and_link() -> None:
    no_guid = rss_item("<title>t</title><link>/berita/1</link>")
    assert parse_feed(no_guid, URL).entries[0].guid == "https://kabar.example/berita/1"
    bare = rss_item(
        "<description>Isi berita yang cukup panjang untuk dijadikan judul.</description>"
    )
    first, second = parse_feed(bare, URL).entries[0], parse_feed(bare, URL).entries[0]
    assert first.guid == second.guid and first.guid.startswith("sha1:")
    assert first.title == "Isi berita yang cukup panjang untuk dijadikan judul."
    long_summary = "kata " * 50
    titled = parse_feed(rss_item(f"<description>{long_summary}</description>"), URL).entries[0]
    assert titled.title.endswith("…") and len(titled.title) <= 81
    empty = parse_feed(rss_item("<link>javascript:alert(1)</link>"), URL).entries[0]
    assert empty.title == "(untitled)" and empty.link is None


def test_comments_categories_and_images_from_markup() -> None:
    body = rss_item(
        "<title>t</title><slash:comments>12</slash:comments>"
        "<category>Politik</category><category>politik</category><category> </category>"
        '<description>&lt;img src="/p.gif" width="1"&gt;&lt;img src="/foto.jpg" '
        'alt="Presiden"&gt;</description>'
    )
    entry = parse_feed(body, URL).entries[0]
    assert entry.comments == 12
    assert entry.categories == ("Politik",)
    assert entry.image is not None
    assert (entry.image.url, entry.image.caption) == ("https://kabar.example/foto.jpg", "Presiden")


def test_limits_on_entries_and_body_size(monkeypatch: pytest.MonkeyPatch) -> None:
    items = "".join(f"<item><title>n{n}</title><guid>g{n}</guid></item>" for n in range(30))
    body = rss_item("<title>first</title>").replace(b"</channel>", items.encode() + b"</channel>")
    assert len(parse_feed(body, URL, max_entries=10).entries) == 10
    assert MAX_ENTRIES == 1000
    monkeypatch.setattr(parse, "MAX_BODY_BYTES", len(body) // 2)
    cut = parse_feed(body, URL)
    assert 0 < len(cut.entries) < 31 and cut.warning is not None and "MB" in cut.warning


def test_a_feed_cut_at_the_item_cap_says_how_many_it_kept() -> None:
    items = "".join(f"<item><title>n{n}</title><guid>g{n}</guid></item>" for n in range(30))
    body = rss_item("<title>first</title>").replace(b"</channel>", items.encode() + b"</channel>")
    whole = parse_feed(body, URL)
    assert (whole.items_dropped, whole.note) == (0, None)
    for fast in (True, False):
        cut = parse_feed(body, URL, max_entries=10, fast=fast)
        assert len(cut.entries) == 10 and cut.items_dropped == 21
        assert cut.note == "kept the first 10 of 31 items"
    exact = parse_feed(body, URL, max_entries=31)
    assert len(exact.entries) == 31 and exact.note is None
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        + b"".join(b"<entry><id>e%d</id><title>e</title></entry>" % n for n in range(5))
        + b"</feed>"
    )
    assert parse_feed(atom, URL, max_entries=2).note == "kept the first 2 of 5 items"
    json_feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": str(n), "content_text": "isi"} for n in range(7)],
        }
    ).encode()
    assert parse_feed(json_feed, URL, max_entries=3).note == "kept the first 3 of 7 items"


def test_a_feed_over_the_size_read_says_what_its_start_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = "".join(
        f"<item><title>n{n}</title><guid>g{n}</guid><description>{'isi ' * 50}</description></item>"
        for n in range(40)
    )
    body = rss_item("<title>first</title>").replace(b"</channel>", items.encode() + b"</channel>")
    monkeypatch.setattr(parse, "MAX_BODY_BYTES", len(body) // 4)
    cut = parse_feed(body, URL)
    kept = len(cut.entries)
    assert 0 < kept < 41 and cut.items_dropped == 41 - kept
    assert cut.note == (
        f"kept the first {kept} of 41 items (the feed is over 0 MB; only its start is read)"
    )
    monkeypatch.setattr(parse, "MAX_BODY_BYTES", len(body) - 10)  # the cut takes no item
    assert parse_feed(body, URL).note is None


def test_only_the_first_max_entries_items_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    items = "".join(f"<item><title>n{n}</title><guid>g{n}</guid></item>" for n in range(30))
    body = rss_item("<title>first</title>").replace(b"</channel>", items.encode() + b"</channel>")
    read: list[bytes] = []
    real_feedparser = parse._feedparser
    monkeypatch.setattr(parse, "_feedparser", lambda b, t: read.append(b) or real_feedparser(b, t))
    whole = parse_feed(body, URL, fast=False)
    cut = parse_feed(body, URL, max_entries=10, fast=False)
    assert cut == parse_feed(body, URL, max_entries=10)  # the fast path reads the same
    assert cut.entries == whole.entries[:10] and cut.warning is None
    assert read[0] == body and read[1].count(b"<item>") == 10  # feedparser never saw the rest


def test_a_body_cut_off_mid_item_drops_that_item() -> None:
    items = "".join(
        f"<item><title>n{n}</title><link>https://kabar.example/{n}</link></item>" for n in range(3)
    )
    body = rss_item("<title>first</title>").replace(b"</channel>", items.encode() + b"</channel>")
    cut = parse_feed(body[: body.index(b"n2</title>")], URL)
    assert [entry.title for entry in cut.entries] == ["first", "n0", "n1"]
    assert cut.warning is not None and "unfinished last item" in cut.warning


def test_json_feed_edge_cases() -> None:
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1", ', URL)
    with pytest.raises(ParseError, match="JSON Feed version"):
        parse_feed(b'{"items": []}', URL, "application/json")
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(b"[" * 100_000 + b"]" * 100_000, URL, "application/feed+json")
    hostile = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": ["no"], "items": ['
        b'{"id": 7, "title": {"x": 1}, "url": "javascript:alert(1)", "tags": ["a", 3, "a"],'
        b' "authors": [{"name": "\\u001b[31mNama"}], "content_text": "<b>teks</b>",'
        b' "date_published": "2025-05-02T10:00:00+07:00", "image": "/gambar.png"},'
        b' "not an item", {"title": "tanpa id", "summary": "ringkas"}]}'
    )
    feed = parse_feed(hostile, URL)
    assert feed.title == "" and feed.format == "json"
    first, second = feed.entries
    assert (first.guid, first.link, first.author, first.categories) == (
        "7",
        None,
        "[31mNama",
        ("a",),
    )
    assert first.content_html == "&lt;b&gt;teks&lt;/b&gt;" and first.summary == "<b>teks</b>"
    assert first.published == datetime(2025, 5, 2, 3, tzinfo=UTC)
    assert first.image is not None and first.image.url == "https://kabar.example/gambar.png"
    assert second.title == "tanpa id" and second.summary == "ringkas"


def test_results_survive_pickling(shared_feeds: Path) -> None:
    feed = read(shared_feeds, "id-republika-2016.xml")
    assert pickle.loads(pickle.dumps(feed)) == feed


@pytest.mark.parametrize(
    ("written", "byline"),
    [
        ("[Budi Santoso]", "Budi Santoso"),
        ("(Tim Redaksi)", "Tim Redaksi"),
        ("Oleh: Andi Wijaya", "Andi Wijaya"),
        ("By Jane Doe", "Jane Doe"),
        ("redaksi@kabar.example (Dewi Lestari)", "Dewi Lestari"),
        ("Nama Penulis)", "Nama Penulis"),
        ("Author (name)", "Author (name)"),
        ("  ", None),
    ],
)
def test_bylines_are_cleaned(written: str, byline: str | None) -> None:
    body = rss_item(f"<title>t</title><dc:creator>{written}</dc:creator>")
    entry = parse_feed(body, URL).entries[0]
    assert entry.author == entry.credits.reporter == byline


# -- media:title / media:description beside the item's own text ---------------------------

DESCRIPTION = "<description>JAKARTA – Ringkasan berita yang sebenarnya.</description>"
CONTENT = "<content:encoded><![CDATA[<p>JAKARTA – Isi lengkap.</p>]]></content:encoded>"
MEDIA = (
    '<media:content url="https://kabar.example/foto.jpg" medium="image">'
    "<media:title>Judul foto</media:title>"
    "<media:description>Keterangan foto: warga di Jakarta.</media:description>"
    "</media:content>"
)
ITEM_MEDIA = (
    '<media:thumbnail url="https://kabar.example/foto.jpg"/>'
    "<media:description>Keterangan foto: warga di Jakarta.</media:description>"
)
CONTENT_NS = ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'


@pytest.mark.parametrize(
    "inner",
    [
        pytest.param(DESCRIPTION + MEDIA, id="description-media"),
        pytest.param(MEDIA + DESCRIPTION, id="media-description"),
        pytest.param(DESCRIPTION + CONTENT + MEDIA, id="description-content-media"),
        pytest.param(MEDIA + DESCRIPTION + CONTENT, id="media-description-content"),
        pytest.param(DESCRIPTION + ITEM_MEDIA, id="description-itemmedia"),
        pytest.param(ITEM_MEDIA + DESCRIPTION, id="itemmedia-description"),
        pytest.param(DESCRIPTION + CONTENT + ITEM_MEDIA, id="description-content-itemmedia"),
    ],
)
def test_media_description_is_the_caption_never_the_summary(inner: str) -> None:
    body = rss_item(f"<title>Judul berita</title>{inner}").replace(
        b"<rss ", f"<rss{CONTENT_NS} ".encode()
    )
    entry = parse_feed(body, URL).entries[0]
    assert entry.title == "Judul berita"
    assert entry.summary == "JAKARTA – Ringkasan berita yang sebenarnya."
    assert "Keterangan foto" not in entry.content_html
    assert entry.image is not None and entry.image.url == "https://kabar.example/foto.jpg"
    assert entry.image.caption in ("Judul foto", "Keterangan foto: warga di Jakarta.")
    if "<media:title>" not in inner:
        assert entry.image.caption == "Keterangan foto: warga di Jakarta."


def test_atom_summary_survives_a_media_description() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:m="http://search.yahoo.com/mrss/">'
        b"<title>Harian</title><entry><id>tag:x,2026:1</id><title>Judul</title>"
        b"<summary>Ringkasan sebenarnya.</summary>"
        b'<m:content url="https://kabar.example/a.jpg" medium="image">'
        b"<m:description>Keterangan foto.</m:description></m:content>"
        b"</entry></feed>"
    )
    entry = parse_feed(body, URL).entries[0]
    assert entry.summary == "Ringkasan sebenarnya."  # under a prefix other than "media:" too
    assert entry.image is not None and entry.image.caption == "Keterangan foto."
    assert "Keterangan" not in entry.content_html


def test_media_text_stands_in_for_a_missing_title_and_summary() -> None:
    entry = parse_feed(
        rss_item(
            "<guid>g1</guid><media:title>Judul dari media</media:title>"
            '<media:description type="html">&lt;p&gt;Hanya &lt;b&gt;ini&lt;/b&gt;.&lt;/p&gt;'
            "</media:description>"
        ),
        URL,
    ).entries[0]
    assert entry.title == "Judul dari media"
    assert entry.summary == "Hanya ini."
    assert "<b>ini</b>" in entry.content_html


def test_not_well_formed_media_feeds_still_parse() -> None:
    body = rss_item(
        f"<title>Judul &amp berita</title>{DESCRIPTION}{MEDIA}<link>https://kabar.example/a</link>"
    )
    feed = parse_feed(body, URL)
    assert feed.warning is not None and len(feed.entries) == 1
    assert feed.entries[0].image is not None


# -- credits: editor and publisher ---------------------------------------------------------


@pytest.mark.parametrize(
    ("closing", "editor"),
    [
        ("<p>Pewarta: Rina<br/>Editor: Hadi Suprapto</p>", "Hadi Suprapto"),
        ("<p>Isi.</p><p><em>Editor : Maya Sari</em></p>", "Maya Sari"),
        ("<p>Isi.</p><p>Redaktur: Dwi Cahyono</p>\n", "Dwi Cahyono"),
        ("<p>Editor: Hadi Suprapto</p><p>Baca juga: berita lain</p>", "Hadi Suprapto"),
        ("<p>Editor: Awal</p>" + "<p>Paragraf.</p>" * 4, None),  # not a closing line
        ("<p>Editor: kata dia, semua ini harus dibahas lagi minggu depan.</p>", None),
        ("<p>Isi tanpa redaksi.</p>", None),
    ],
)
def test_editor_from_a_closing_line(closing: str, editor: str | None) -> None:
    content = f"<content:encoded><![CDATA[<p>{'Paragraf panjang. ' * 400}</p>{closing}]]>"
    body = rss_item(f"<title>t</title>{content}</content:encoded>").replace(
        b"<rss ", f"<rss{CONTENT_NS} ".encode()
    )
    entry = parse_feed(body, URL).entries[0]
    assert entry.credits.editor == editor
    if editor:
        assert editor in html_to_text(entry.content_html)  # the line stays in the body


def test_editor_from_a_closing_line_in_a_plain_description_and_json() -> None:
    entry = parse_feed(
        rss_item("<title>t</title><description>Isi. Editor: Budi</description>"), URL
    )
    assert entry.entries[0].credits.editor is None  # not a line of its own
    entry = parse_feed(
        rss_item("<title>t</title><description>Isi.\nEditor: Budi</description>"), URL
    )
    assert entry.entries[0].credits.editor is None  # HTML by default: the newline is a space
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1",'
        b' "content_html": "<p>Isi.</p><p><em>Editor: Wahyuni Astuti</em></p>"},'
        b' {"id": "2", "content_text": "Isi.\\nRedaktur: Sari"}]}'
    )
    first, second = parse_feed(json_feed, URL).entries
    assert first.credits.editor == "Wahyuni Astuti"
    assert second.credits.editor is None  # plain text as HTML collapses the line break


def test_editor_from_atom_and_dc_contributors() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>H</title>'
        b"<entry><id>1</id><title>a</title><author><name>Bayu</name></author>"
        b"<contributor><name>Wahyuni Astuti</name><email>w@he.example</email></contributor>"
        b"<content type='html'>&lt;p&gt;x&lt;/p&gt;&lt;p&gt;Editor: Lain&lt;/p&gt;</content>"
        b"</entry></feed>"
    )
    entry = parse_feed(atom, URL).entries[0]
    assert (entry.credits.reporter, entry.credits.editor) == ("Bayu", "Wahyuni Astuti")
    rss = rss_item(
        "<title>t</title><dc:contributor>Redaksi: Hadi</dc:contributor>",
        channel="<managingEditor>redaksi@kabar.example (Tim Redaksi)</managingEditor>",
    )
    assert parse_feed(rss, URL).entries[0].credits.editor == "Redaksi: Hadi"


def test_entry_editors_come_before_the_feeds_managing_editor() -> None:
    channel = "<managingEditor>redaksi@kabar.example (Tim Redaksi)</managingEditor>"
    plain = parse_feed(rss_item("<title>t</title>", channel=channel), URL).entries[0]
    assert plain.credits.editor == "Tim Redaksi"
    signed = rss_item(
        "<title>t</title><description>&lt;p&gt;Editor: Maya&lt;/p&gt;</description>", channel
    )
    assert parse_feed(signed, URL).entries[0].credits.editor == "Maya"


@pytest.mark.parametrize(
    "channel",
    [
        "<dc:publisher>PT Kabar Media</dc:publisher>",
        "<dc:publisher>PT Kabar Media</dc:publisher><webMaster>web@kabar.example (IT)</webMaster>",
        "<webMaster>web@kabar.example (IT)</webMaster><dc:publisher>PT Kabar Media</dc:publisher>",
    ],
)
def test_publisher_from_dc_publisher_whatever_the_webmaster(channel: str) -> None:
    entries = parse_feed(
        rss_item("<title>t</title>", channel=channel).replace(
            b"</item>", b"</item><item><title>u</title><dc:publisher>PT Lain</dc:publisher></item>"
        ),
        URL,
    ).entries
    assert [entry.credits.publisher for entry in entries] == ["PT Kabar Media", "PT Lain"]


# -- the quick paths give what the general ones give ----------------------------------------

SNIPPETS = (
    "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "</br>", "<b>", "</b>", "<a href='/x'>",
    "</a>", "<h2>", "</h2>", '<span class="x">', "</span>", "<img src=x>", "<p/>", "<div/>",
    " ", "  ", "\n", "\t", "\r\n", "&amp;", "&nbsp;", "&#27;[31m", "\x1b", "kata", "é",
    "e\u0301\u0301\u0301\u0301\u0301", "\u2003", "\xa0", "&lt;", "&#x2003;", "<I>", "</I>",
    "</em>", "<section>", "</section>", "<figure>", "</figcaption>", "&", ">", "<wbr>",
    "</img>", "\u202e", "<ul>", "<li>", "<!-- c -->", "<script>x</script>", " < ", "<o:p>",
)  # fmt: skip


def test_quick_text_is_html_to_text() -> None:
    rng = random.Random(3)
    quick = 0
    for _ in range(6000):
        markup = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(0, 12)))
        text = htmltext._quick_text(markup)
        if text is not None:
            quick += 1
            assert text == html_to_text(markup, link_refs=False), repr(markup)
        assert htmltext.plain_text(markup) == html_to_text(markup, link_refs=False)
    assert quick > 2000  # the quick way is taken for simple markup


IMAGE_SNIPPETS = (
    "<p>", "</p>", "text", "<img src='a.jpg'>",
    "<img src=\"http://h.example/b.png\" alt='A &amp; B'>",
    "<IMG SRC=/c.gif TITLE=t>", "<img width=1 height=1 src=/px.gif>", "<img data-src='/d.jpg'>",
    "<img src='javascript:x'>", "<!-- <img src=/hidden.jpg> -->",
    "<script>var a='<img src=/s.jpg>'</script>", "<a title='<img src=/attr.jpg>'>", "</a>",
    '<Img src=/e.jpg alt="">', "<img src>", "<img src='/f.jpg' src='/g.jpg'>", " < ",
    "<img src=/h.jpg width='2px'>", "<img alt=x src=' /sp.jpg '>",
)  # fmt: skip


def test_quick_first_image_is_htmlbodys() -> None:
    rng = random.Random(4)
    for _ in range(4000):
        markup = "".join(rng.choice(IMAGE_SNIPPETS) for _ in range(rng.randint(0, 8)))
        base = rng.choice([None, "https://base.example/dir/"])
        assert htmltext.first_image(markup, base) == htmlbody.first_image(markup, base), markup


def test_quick_dates_are_parse_dates() -> None:
    rng = random.Random(5)
    names = ["Mon, ", "Sun, ", "", "Jum, ", "Fri,"]
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mei Foo".split()
    zones = ["+0000", "-0500", "+0700", "GMT", "UT", "Z", "+1400", "+1401", "+0960", "WIB", "EST"]
    quick = 0
    for _ in range(8000):
        day = f"{rng.randint(0, 33):02d}" if rng.random() < 0.9 else str(rng.randint(1, 9))
        year = rng.choice([1979, 1980, 2026, 2100, 2101, 99])
        clock = f"{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}:{rng.randint(0, 61):02d}"
        text = f"{rng.choice(names)}{day} {rng.choice(months)} {year} {clock} {rng.choice(zones)}"
        found = feedentry._quick_date(text)
        quick += found is not None
        assert found is None or found == dates.parse_date(text), text
        assert feedentry._date(text) == dates.parse_date(text), text
    assert quick > 500  # the common RFC 822 form goes the quick way


def test_parts_of_what_clean_text_keeps_are_kept_too() -> None:
    # feedentry skips cleaning the summary's texts when they are parts of content HTML that
    # clean_text left as it was: that holds only while cleaning works character by character.
    rng = random.Random(6)
    pool = "ab <>&;\r\n\t\x1b\x85\u202e\u200b\u0301\u0302é\ufeff"
    kept = 0
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        if clean_text(text) != text:
            text = clean_text(text)
        if clean_text(text) != text:
            continue  # cleaning twice may still change it: then feedentry never assumes
        kept += 1
        start = rng.randint(0, len(text))
        part = text[start : rng.randint(start, len(text))]
        assert clean_text(part) == part, repr(text)
    assert kept > 1000


def test_known_clean_markup_reads_the_same() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        markup = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(0, 12)))
        if clean_text(markup) == markup:
            assert htmltext.plain_text(markup, clean=True) == htmltext.plain_text(markup)
