"""The lxml fast path (`tui.fastparse`) against feedparser: equal entries, or a decline.

The issue's rule: a faster parser may serve only if it yields the same normalised articles as
feedparser on every fixture feed and falls back to feedparser on anything it does not handle.
So every feed here is parsed both ways (`parse_feed(..., fast=False)` forces feedparser) and
the two results must be equal, field by field. Which fixtures the fast path declines is pinned.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

import feedparser.html
import pytest
from feedparser.mixin import _FeedParserMixin

from tui import fastnames, fastparse, fastvalues, parse
from tui.model import ParsedFeed
from tui.parse import ParseError, parse_feed

sys.path.insert(0, str(Path(__file__).parent / "bench"))
from bench_refresh import make_feed

URL = "https://kabar.example/rss/terkini.xml"
DEMO = Path(parse.__file__).parent / "data" / "demo"

# Well-formed fixture feeds the fast path leaves to feedparser, and why.
DECLINED = {
    "fp-encoding-bogus-declaration.xml": "an encoding no one knows",
    "fp-encoding-utf16le-bom.xml": "<rss> without a version",
    "fp-html-title-escaped-amp-atom03.xml": "Atom 0.3",
    "fp-illformed-high-bit-date-iso8859-7.xml": "declared iso-8859-7",
    "id-tempo-terkini-rss091.xml": "RSS 0.91 <image> in items",
    "intl-reddit-frontpage.rss": "HTML elements, not text, inside <description>",
    "nb-atom-items-without-titles.xml": "xml:base",
    "quirk-rss092-nonrfc-dates.rss": "RSS 0.92",
    "quirk-uol-latin1-no-xml-decl.rss": "Latin-1 bytes, no declaration: feedparser guesses",
}
# Not well-formed: lxml refuses them; feedparser's loose parser reads or rejects them.
NOT_WELL_FORMED = {
    "fp-entity-html-named-aacute.xml",
    "fp-illformed-incomplete-cdata.xml",
    "fp-illformed-unclosed-rss-ampersand-link.xml",
    "fp-illformed-undeclared-namespace.xml",
    "quirk-reuters-truncated-invalid.xml",
}
# Never offered to the fast path: JSON Feed, an empty body, a Netscape RSS 0.91 DOCTYPE.
NOT_OFFERED = {
    "intl-daringfireball-jsonfeed.json",
    "intl-jsonfeed-org-v1.json",
    "nb-empty-0-bytes.xml",
    "nb-rss091-bracket-author.xml",
}


@pytest.fixture
def fast_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each `read_fast` call read its feed (True) or declined it (False)."""
    calls: list[bool] = []

    def spy(body: bytes, content_type: str | None) -> fastparse.Reading | None:
        reading = fastparse.read_fast(body, content_type)
        calls.append(reading is not None)
        return reading

    monkeypatch.setattr(parse, "read_fast", spy)
    return calls


def both_ways(body: bytes, content_type: str | None = None) -> tuple[object, object]:
    results: list[object] = []
    for fast in (False, True):
        try:
            results.append(parse_feed(body, URL, content_type, fast=fast))
        except ParseError as error:
            results.append(("ParseError", str(error)))
    return results[0], results[1]


def differences(slow: object, fast: object) -> list[str]:
    """Field-by-field differences, for a readable failure."""
    if not isinstance(slow, ParsedFeed) or not isinstance(fast, ParsedFeed):
        return [] if slow == fast else [f"{slow!r} != {fast!r}"]
    found = [
        f"feed.{name}: {getattr(slow, name)!r} != {getattr(fast, name)!r}"
        for name in ("title", "link", "format", "warning")
        if getattr(slow, name) != getattr(fast, name)
    ]
    if len(slow.entries) != len(fast.entries):
        return [*found, f"{len(slow.entries)} entries != {len(fast.entries)}"]
    for index, (one, other) in enumerate(zip(slow.entries, fast.entries, strict=True)):
        for field in dataclasses.fields(one):
            first, second = getattr(one, field.name), getattr(other, field.name)
            if first != second:
                found.append(f"entry {index} {field.name}: {first!r:.120} != {second!r:.120}")
    assert slow == fast or found  # nothing the comparison above could miss
    return found


def check_folder(folder: Path, calls: list[bool]) -> dict[str, str]:
    """Every feed in `folder` parsed both ways, equal; each name's path: fast/declined/-."""
    paths = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".md", ".toml"):
            continue
        calls.clear()
        slow, fast = both_ways(path.read_bytes())
        found = differences(slow, fast)
        assert not found, (path.name, found[:5])
        assert len(calls) <= 1  # fast=False never asks the fast path
        paths[path.name] = {(): "-", (True,): "fast", (False,): "declined"}[tuple(calls)]
    return paths


def test_real_feeds_are_equal_both_ways(shared_feeds: Path, fast_calls: list[bool]) -> None:
    paths = check_folder(shared_feeds, fast_calls)
    declined = {name for name, way in paths.items() if way == "declined"}
    print("fast path declined:", ", ".join(sorted(declined)))
    assert declined == set(DECLINED) | NOT_WELL_FORMED
    assert {name for name, way in paths.items() if way == "-"} == NOT_OFFERED
    assert sum(way == "fast" for way in paths.values()) == len(paths) - 18


def test_demo_feeds_are_equal_both_ways(fast_calls: list[bool]) -> None:
    paths = check_folder(DEMO, fast_calls)
    # The JSON Feed and an HTML error page are never offered; every XML feed goes fast.
    assert {name for name, way in paths.items() if way != "fast"} == {
        "harian-ekonomi-bisnis.json",
        "warta-jatim-ekonomi.xml",
    }


def test_farm_feeds_are_equal_both_ways(fast_calls: list[bool]) -> None:
    calls = fast_calls
    rng = random.Random(11)
    for number in range(3):
        calls.clear()
        slow, fast = both_ways(make_feed(number, 20, rng))
        assert calls == [True]
        assert not differences(slow, fast), differences(slow, fast)[:5]


def test_forcing_feedparser_never_asks_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(body: bytes, content_type: str | None) -> None:
        raise AssertionError("fast path asked")

    monkeypatch.setattr(parse, "read_fast", refuse)
    feed = parse_feed(make_feed(0, 2, random.Random(1)), URL, fast=False)
    assert len(feed.entries) == 2


# -- generated feeds: many element combinations, both ways --------------------------------

RSS_NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:x="http://unknown.example/ns" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
)
TITLES = (
    "<title>Banjir di Jakarta</title>",
    "<title>A &amp; B &lt;c&gt;</title>",
    "<title><![CDATA[<b>Tebal</b> &amp; miring]]></title>",
    "<title>&amp;#27;[31mred &#x93;quoted&#x94;</title>",
    "<title>Ã©clair caf\u00e9</title>",
    "<title></title>",
    "<dc:title>Judul DC</dc:title>",
    "<title>  spaced\n title  </title>",
    "",
)
LINKS = (
    "<link>http://a.example/x?a=1&amp;b=2</link>",
    "<link>  http:///b.example//y </link>",
    '<atom:link href="http://c.example/z" rel="alternate"/>',
    '<atom:link href="http://c.example/self" rel="self"/>',
    "<link>relative/path.html</link>",
    "<link></link>",
    "",
)
GUIDS = (
    "<guid>http://g.example/1</guid>",
    '<guid isPermaLink="false">id-1</guid>',
    '<guid isPermaLink="true">rel/path</guid>',
    "<guid>tag:x,2024:1</guid>",
    "",
)
BODIES = (
    "<description><![CDATA[<p>Satu <b>dua</b></p><p>tiga<br>empat</p>]]></description>",
    "<description>plain &amp;amp; text</description>",
    "<description>&lt;p&gt;escaped &lt;img src='/i.jpg' alt='Alt'&gt;&lt;/p&gt;</description>",
    "<description></description>",
    "<content:encoded><![CDATA[<div>Isi <a href='/rel'>tautan</a></div><p>Editor: Budi</p>]]>"
    "</content:encoded>",
    "<itunes:summary>Ringkasan &lt;b&gt;podcast&lt;/b&gt;</itunes:summary>",
    "<dc:description>DC description</dc:description>",
    '<description type="text">typed</description>',
    "",
)
DATES = (
    "<pubDate>Fri, 27 Nov 2026 10:34:00 +0700</pubDate>",
    "<pubDate>Jumat, 02 Mei 2025 16:57 WIB</pubDate>",
    "<dc:date>2025-05-02T16:57:00+07:00</dc:date>",
    "<pubDate>not a date</pubDate>",
    "",
)
PEOPLE = (
    "<author>mail@example.com (Nama Penulis)</author>",
    "<dc:creator>Budi Santoso</dc:creator>",
    "<dc:creator></dc:creator>",
    "<dc:creator>[Redaksi]</dc:creator><dc:creator>Ani</dc:creator>",
    "<itunes:author>Podcaster</itunes:author>",
    "<dc:contributor>Editor Satu</dc:contributor>",
    "<dc:publisher>Penerbit</dc:publisher>",
    "",
)
EXTRAS = (
    "<category>Politik</category>",
    '<category domain="d">Ekonomi</category><category domain="d"></category>',
    "<dc:subject>Subjek</dc:subject><category>politik</category>",
    "<media:category>Media</media:category><itunes:keywords>a, b,,c</itunes:keywords>",
    '<enclosure url="http://e.example/a.jpg" type="image/jpeg" length="1"/>',
    '<enclosure url="http://e.example/a.mp3" type="audio/mpeg"/>',
    '<media:content url="http://m.example/a.jpg" medium="image" width="600">'
    "<media:credit>Foto: Ani</media:credit><media:title>Keterangan</media:title>"
    "</media:content>",
    '<media:thumbnail url="http://m.example/t.jpg" width="100"/>',
    "<media:thumbnail>http://m.example/text.jpg</media:thumbnail>",
    '<media:group><media:content url="http://m.example/g.jpg" type="image/jpeg"/>'
    '<media:description type="html">&lt;b&gt;bold&lt;/b&gt; caption</media:description>'
    "</media:group>",
    "<media:title>Media title</media:title><media:description>Media desc</media:description>",
    "<slash:comments>5</slash:comments>",
    '<slash:comments xml:lang="en">7</slash:comments>',
    '<itunes:image href="http://i.example/cover.png"/>',
    "<comments>http://a.example/c</comments><wfw:commentRss>/feed</wfw:commentRss>",
    '<source url="http://s.example/">Sumber</source>',
    "<x:foo>unknown</x:foo><!-- a comment -->",
    "<x:box><x:inner>nested unknown</x:inner></x:box>",
    '<img src="http://a.example/stray.jpg"/>',
    "<description>second description</description>",
    "<itunes:summary>then a summary</itunes:summary>",
    "",
)
CHANNEL_EXTRAS = (
    "<managingEditor>editor@example.com (Editor Kepala)</managingEditor>",
    "<dc:publisher>Penerbit Feed</dc:publisher>",
    "<itunes:owner><itunes:name>Pemilik</itunes:name>"
    "<itunes:email>o@example.com</itunes:email></itunes:owner>",
    "<itunes:summary>Feed summary</itunes:summary><description>Feed description</description>",
    "<image><title>Logo</title><url>http://l.example/l.png</url><link>http://l.example/</link>"
    "</image>",
    '<atom:link href="http://kabar.example/rss" rel="self" type="application/rss+xml"/>',
    "<ttl>60</ttl><language>id</language><webMaster>w@example.com</webMaster>",
    "<title>Second channel title</title>",
    "",
)


def random_item(rng: random.Random) -> str:
    parts = [rng.choice(group) for group in (TITLES, LINKS, GUIDS, BODIES, DATES, PEOPLE)]
    parts += rng.sample(EXTRAS, rng.randint(0, 4))
    rng.shuffle(parts)
    return "<item>" + "".join(parts) + "</item>"


def random_rss(rng: random.Random) -> bytes:
    channel = [
        rng.choice(TITLES[:3]),
        "<link>http://kabar.example/</link>",
        *rng.sample(CHANNEL_EXTRAS, rng.randint(0, 3)),
    ]
    items = [random_item(rng) for _ in range(rng.randint(1, 4))]
    rng.shuffle(channel)
    position = rng.randint(0, len(channel))
    channel[position:position] = items
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" {RSS_NAMESPACES}><channel>{"".join(channel)}</channel></rss>'
    ).encode()


ATOM_PARTS = (
    ('<title type="html">&lt;b&gt;Judul&lt;/b&gt; &amp;amp;</title>', "<title>Plain</title>", ""),
    (
        '<link href="http://a.example/1"/>',
        '<link rel="alternate" type="text/html" href="http://a.example/2"/>'
        '<link rel="enclosure" type="image/png" href="http://a.example/e.png"/>',
        '<link rel="related" href="http://a.example/r"/>',
        "",
    ),
    ("<id>http://a.example/id</id>", "<id>tag:a.example,2024:9</id>", ""),
    ("<updated>2024-05-01T10:00:00Z</updated>", "<published>2024-05-01T17:00:00+07:00</published>"),
    (
        "<author><name>Ani</name><email>ani@example.com</email></author>",
        "<author><name>Budi</name><uri>http://b.example</uri></author>",
        "<author><email>only@example.com</email></author>",
        "<contributor><name>Editor</name></contributor>",
        "",
    ),
    (
        '<summary type="html">&lt;p&gt;Ringkas&lt;/p&gt;</summary>',
        "<summary>Plain summary</summary>",
        '<content type="html">&lt;p&gt;Isi &lt;img src="/a.png"&gt;&lt;/p&gt;</content>',
        "<content>text content</content>",
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></content>',
        "",
    ),
    (
        '<category term="t" label="Label"/>',
        '<category term="t2"/>',
        "<media:group><media:title>Video</media:title>"
        '<media:thumbnail url="http://y.example/t.jpg" width="480"/></media:group>',
        "",
    ),
)


def random_atom(rng: random.Random) -> bytes:
    entries = "".join(
        "<entry>" + "".join(rng.choice(choices) for choices in ATOM_PARTS) + "</entry>"
        for _ in range(rng.randint(1, 3))
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:media="http://search.yahoo.com/mrss/"><title>Atom</title>'
        '<link href="http://a.example/"/><author><name>Feed</name></author>'
        f"{entries}</feed>"
    ).encode()


# Declaring the Atom namespace would make an RSS 1.0 document's version ambiguous.
RDF_NAMESPACES = RSS_NAMESPACES.replace('xmlns:atom="http://www.w3.org/2005/Atom" ', "")


def random_rdf(rng: random.Random) -> bytes:
    """RSS 1.0: items beside the channel, before or after it (feedparser then drops the
    channel's title: its last item's title was as deep)."""
    items = [
        random_item(rng)
        .replace("<item>", f'<item rdf:about="http://r.example/{n}">', 1)
        .replace("<atom:link", "<x:link")
        for n in range(rng.randint(1, 3))
    ]
    channel = (
        '<channel rdf:about="http://r.example/"><title>RDF</title><link>http://r.example/</link>'
        '<items><rdf:Seq><rdf:li rdf:resource="http://r.example/0"/></rdf:Seq></items></channel>'
    )
    image = '<image rdf:about="i"><title>Logo</title><url>http://r.example/i.png</url></image>'
    parts = [channel, *items, *rng.sample([image], rng.randint(0, 1))]
    rng.shuffle(parts)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns="http://purl.org/rss/1.0/" '
        f'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" {RDF_NAMESPACES}>'
        f"{''.join(parts)}</rdf:RDF>"
    ).encode()


def test_generated_feeds_are_equal_both_ways(fast_calls: list[bool]) -> None:
    calls = fast_calls
    rng = random.Random(20260527)
    for number in range(180):
        body = (random_rss, random_atom, random_rdf, random_rss)[number % 4](rng)
        slow, fast = both_ways(body)
        found = differences(slow, fast)
        assert not found, (body.decode(), found[:5])
    assert calls.count(True) > len(calls) * 0.6, calls.count(True)  # mostly not declined


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
         b"<item><title>Caf\xe9 \x93q\x94</title></item></channel></rss>", None),
        (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
         b"<item><title>Caf\xc3\xa9</title></item></channel></rss>", "text/xml; charset=utf-8"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel>'
         b"<item><title>Caf\xc3\xa9</title></item></channel></rss>", "text/xml; charset=latin-1"),
        (b'<rss version="2.0"><channel><item><title>Caf\xe9</title></item></channel></rss>', None),
        (b'<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
         b"<item><title>\x93q\x94</title></item></channel></rss>", None),
    ],
)  # fmt: skip
def test_encodings_are_read_alike(body: bytes, content_type: str | None) -> None:
    slow, fast = both_ways(body, content_type)
    assert not differences(slow, fast)


def test_a_channel_after_its_items_loses_its_title_as_in_feedparser() -> None:
    body = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><item rdf:about="http://r.example/1">'
        b"<title>Item</title></item><channel rdf:about='http://r.example/'>"
        b"<title>Channel</title></channel></rdf:RDF>"
    )
    assert fastparse.read_fast(body, None) is not None
    slow, fast = both_ways(body)
    assert isinstance(fast, ParsedFeed) and fast.title == ""
    assert not differences(slow, fast)


@pytest.mark.parametrize(
    "body",
    [
        b'<rss version="2.0" xml:base="http://b.example/"><channel><item><link>x</link></item>'
        b"</channel></rss>",  # xml:base
        b'<rss version="0.92"><channel><item><title>t</title></item></channel></rss>',
        b'<rss version="2.0"><channel><item><description><p>raw</p></description></item>'
        b"</channel></rss>",  # elements, not text, in a description
        b'<rss version="2.0"><channel><item><title xmlns="http://search.yahoo.com/mrss/">t'
        b"</title></item></channel></rss>",  # media:title without a prefix
        b'<rss version="2.0" xmlns:media="http://other.example/"><channel><item>'
        b"<media:content url='http://x.example/a.jpg'/></item></channel></rss>",  # a taken prefix
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">'
        b'<div xmlns="http://www.w3.org/1999/xhtml">x</div></content></entry></feed>',
        b'<rss version="2.0"><channel><item><georss:point xmlns:georss='
        b'"http://www.georss.org/georss">1 2</georss:point></item></channel></rss>',
    ],
)
def test_what_it_cannot_match_it_declines(body: bytes) -> None:
    assert fastparse.read_fast(body, None) is None
    slow, fast = both_ways(body)
    assert not differences(slow, fast)


# -- its tables are feedparser's -------------------------------------------------------------


def handler_keys() -> set[str]:
    names = (name for name in dir(_FeedParserMixin) if name.startswith(("_start_", "_end_")))
    return {name.split("_", 2)[2].lower() for name in names}


def test_namespace_table_is_feedparsers() -> None:
    expected = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
    assert expected == fastnames.KNOWN_NAMESPACES


def test_every_handler_prefix_is_known() -> None:
    prefixes = {key.split("_", 1)[0] if "_" in key else "" for key in handler_keys()}
    assert prefixes == fastnames.HANDLER_PREFIXES


def test_harmless_elements_with_handlers_are_the_reviewed_ones() -> None:
    # These have feedparser handlers; each was checked to touch nothing tui.parse reads.
    reviewed = {
        "cloud", "copyright", "created", "dc_language", "dc_rights", "dcterms_created",
        "dcterms_valid", "expirationdate", "generator", "itunes_block", "itunes_explicit",
        "itunes_subtitle", "language", "media_license", "media_player", "media_rating",
        "media_restriction", "newlocation", "rights", "source", "subtitle", "tagline",
    }  # fmt: skip
    assert fastnames.HARMLESS & handler_keys() == reviewed
    handled = set(fastnames.ENTRY_KEYS) | set(fastnames.FEED_KEYS)
    assert not fastnames.HARMLESS & handled


def test_c1_table_is_feedparsers() -> None:
    assert feedparser.html._cp1252 == fastvalues._CP1252
