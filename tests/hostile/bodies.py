"""Hostile feed bodies, built on demand (in the test process or in an isolated child).

Each builder is a pure function returning bytes, so a case can be built inside the child that
parses it: a 50 MB body then never crosses a pipe, and the child's peak memory is the case's.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import brotli

MIB = 1 << 20
GIB = 1 << 30
FEED_URL = "https://hostile.example/feed.xml"
C0_C1 = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)])
# What a terminal would act on: raw, as a numeric reference, double-escaped, plus OSC 52/8.
ESCAPES = (
    "\x1b[31mRED\x1b[0m",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b2J\x9d0;title\x9c",
    "&#27;[2J&#x1b;]0;x&#7;&#155;&#x9c;",
    "&amp;#27;[5m&amp;#x9b;&amp;#7;",
)
MARKUP = "[@click=app.quit]x[/] [bold red]B[/] [ANTARA] [link=file:///etc]y[/link]"


def rss(items: str, *, channel: str = "<title>Hostile</title>", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        f"{channel}{items}</channel></rss>"
    ).encode()


def item(number: int, title: str | None = None, guid: str | None = None, extra: str = "") -> str:
    guid_xml = "" if guid == "" else f"<guid>{guid or f'g-{number}'}</guid>"
    return (
        f"<item><title>{title or f'Berita {number}'}</title>"
        f"<link>https://hostile.example/{number}</link>{guid_xml}"
        f"<pubDate>Mon, 02 Mar 2026 10:00:00 +0700</pubDate>{extra}</item>"
    )


def good_feed(count: int = 3, prefix: str = "g") -> bytes:
    return rss("".join(item(n, guid=f"{prefix}-{n}") for n in range(count)))


# --- compression bombs --------------------------------------------------------------------


def gzip_bomb(size: int = GIB) -> bytes:
    """A valid gzip of `size` zero bytes (~1 KB per MiB), built without compressing them all.

    After Z_FULL_FLUSH the compressor starts afresh, so each MiB of zeros compresses to the same
    bytes: repeating them is a valid stream.
    """
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * (size // MIB) + final + struct.pack("<II", crc, size & 0xFFFFFFFF)


def deflate_bomb(size: int = GIB) -> bytes:
    """zlib-wrapped deflate of `size` zero bytes, built like `gzip_bomb`."""
    zeros = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush()
    adler = 1
    for _ in range(size // MIB):
        adler = zlib.adler32(zeros, adler)
    return b"\x78\xda" + block * (size // MIB) + final + struct.pack(">I", adler)


def brotli_bomb(size: int = GIB) -> bytes:
    zeros = bytes(MIB)
    compressor = brotli.Compressor(quality=4)
    parts = [compressor.process(zeros) for _ in range(size // MIB)]
    return b"".join([*parts, compressor.finish()])


# --- parser attacks -----------------------------------------------------------------------


def billion_laughs() -> bytes:
    declarations = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    prolog = f'\n<!DOCTYPE rss [\n<!ENTITY lol1 "lol">\n{declarations}\n]>'
    items = item(1, title="a &lol9; b", extra="<description>&lol9;</description>")
    return rss(items, channel="<title>&lol9;</title>", prolog=prolog)


def quadratic_blowup() -> bytes:
    prolog = f'<!DOCTYPE rss [<!ENTITY a "{"x" * 100_000}">]>'
    refs = "&a;" * 20_000
    return rss(
        item(1, title=f"t {refs}", extra=f"<description>{refs}</description>"), prolog=prolog
    )


def external_entities(system_url: str) -> bytes:
    """XXE: a general entity, a parameter entity and an external DTD, all at `system_url`."""
    prolog = (
        f'<!DOCTYPE rss SYSTEM "{system_url}" [<!ENTITY xxe SYSTEM "{system_url}">'
        f'<!ENTITY % remote SYSTEM "{system_url}"> %remote;]>'
    )
    return rss(
        item(1, title="judul &xxe;", extra="<description>isi &xxe;</description>"),
        channel="<title>&xxe;</title>",
        prolog=prolog,
    )


def huge_feed(size: int = 50 * MIB) -> bytes:
    one = item(0, extra="<description>" + "isi berita panjang " * 50 + "</description>")
    count = size // len(one)
    return rss("".join(item(n, extra=one[one.index("<description>") :]) for n in range(count)))


def long_feed(size: int = 18 * MIB) -> bytes:
    """A well-formed feed of `size` bytes in items of ~1 KB (18 MB: ~16,000 items)."""
    description = "<description>" + "isi berita panjang " * 50 + "</description>"
    count = size // len(item(0, extra=description))
    return rss("".join(item(n, guid=f"panjang-{n}", extra=description) for n in range(count)))


def million_items(count: int = 1_000_000) -> bytes:
    return rss("".join(f"<item><guid>{n}</guid><title>t{n}</title></item>" for n in range(count)))


def long_author(size: int = 16 * 1024) -> bytes:
    name = "Nama Penulis " * (size // 13)
    return rss(item(1, extra=f"<author>{name}</author><dc:creator>{name}</dc:creator>"))


def huge_title(size: int = 50 * MIB) -> bytes:
    return rss(item(1, title="judul " * (size // 6)) + item(2))


def deep_html(depth: int = 200_000) -> bytes:
    html = "<div>" * depth + "isi terdalam" + "</div>" * depth
    return rss(item(1, extra=f"<description><![CDATA[{html}]]></description>"))


def render_deep_html(depth: int) -> str:
    """The article view's HTML reader on `depth` × 3 nested elements (runs in a child)."""
    from tui.htmlbody import html_to_text

    return html_to_text("<div><p><b>" * depth + "isi terdalam" + "</b></p></div>" * depth)


def encoded(codec: str, declared: str | None, *, bom: bool = True) -> bytes:
    """A feed with Indonesian and accented text in `codec`, declaring `declared` (None: none)."""
    declaration = f' encoding="{declared}"' if declared else ""
    text = (
        f'<?xml version="1.0"{declaration}?><rss version="2.0"><channel><title>Kabar</title>'
        "<item><guid>e1</guid><title>Café “kutipan” – Jokowi</title>"
        "<description>Déjà vu</description></item></channel></rss>"
    )
    data = text.encode(codec)
    if not bom and data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        data = data[4:]
    elif not bom and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data[2:]
    return data


def controls_everywhere() -> bytes:
    """NUL, every C0 and C1 control and the escape payloads in every field of a feed."""
    raw = C0_C1.replace("&", "")
    payload = "".join(ESCAPES) + " " + MARKUP.replace("&", "&amp;") + " " + raw
    as_text = payload.replace("<", "&lt;")
    entry = (
        f"<item><title>{as_text} judul</title><link>https://hostile.example/1{raw}</link>"
        f"<guid>{as_text}</guid><author>{as_text} penulis</author>"
        f"<dc:creator>{as_text}</dc:creator><category>{as_text}</category>"
        f"<dc:publisher>{as_text}</dc:publisher><dc:contributor>{as_text}</dc:contributor>"
        f"<description>&lt;p&gt;{as_text.replace('&', '&amp;')} isi&lt;/p&gt;</description>"
        f'<media:content url="https://hostile.example/a.jpg" medium="image">'
        f"<media:credit>{as_text}</media:credit><media:title>{as_text}</media:title>"
        "</media:content><pubDate>Mon, 02 Mar 2026 10:00:00 +0700</pubDate></item>"
    )
    return rss(
        entry, channel=f"<title>{as_text} kanal</title><link>https://hostile.example/</link>"
    )


def truncated(body: bytes, fraction: float = 0.6) -> bytes:
    return body[: int(len(body) * fraction)]


def absurd_dates() -> bytes:
    dates = [
        "Mon, 00 Jan 0000 00:00:00 GMT",
        "0000-00-00T00:00:00Z",
        "Fri, 31 Dec 9999 23:59:59 +0000",
        "9999-12-31T23:59:59+99:99",
        "Mon, 02 Mar 2026 10:00:00 +99:99",
        "2026-03-02T10:00:00-99:99",
        "99999999999999999999",
        "-1",
        "1e308",
        "Sun, 31 Feb 2026 25:61:61 +0700",
        "2026-03-02T10:00:00" + "+07:00" * 5000,
    ]
    items = "".join(
        f"<item><guid>d{n}</guid><title>Tanggal {n}</title><pubDate>{date}</pubDate>"
        f"<dc:date>{date}</dc:date></item>"
        for n, date in enumerate(dates)
    )
    return rss(items)


def duplicate_and_missing_guids() -> bytes:
    items = [
        item(1, title="Pertama", guid="dup"),
        item(2, title="Kedua", guid="dup"),
        item(3, title="Tanpa guid", guid=""),
        item(3, title="Tanpa guid lagi", guid=""),  # same link, no guid: the same story
        "<item><title>Tanpa guid dan tautan</title></item>",
        "<item><title>Tanpa guid dan tautan</title></item>",
        "<item><description>Tanpa judul sama sekali</description></item>",
    ]
    return rss("".join(items))


BUILDERS = {
    "billion laughs": billion_laughs,
    "quadratic blowup": quadratic_blowup,
    "50 MB feed": huge_feed,
    "a million items": million_items,
    "16 KB author": long_author,
    "50 MB title": huge_title,
    "200k nested elements": deep_html,
    "controls everywhere": controls_everywhere,
    "absurd dates": absurd_dates,
    "duplicate and missing guids": duplicate_and_missing_guids,
}


def parse_case(name: str, *args: Any) -> dict[str, Any]:
    """Build case `name` and parse it; a summary small enough to send back (runs in a child)."""
    from tui.parse import parse_feed

    body = BUILDERS[name](*args) if name in BUILDERS else args[0]
    parsed = parse_feed(body, FEED_URL)
    return summarise(parsed)


def parse_body(body: bytes, content_type: str | None = None) -> dict[str, Any]:
    from tui.parse import parse_feed

    return summarise(parse_feed(body, FEED_URL, content_type))


def summarise(parsed: Any) -> dict[str, Any]:
    from tui.model import Entry

    def texts(entry: Entry) -> list[str]:
        found = [entry.guid, entry.title, entry.link or "", entry.author or "", entry.summary]
        found += [entry.content_html, *entry.categories]
        found += [value or "" for value in entry.credits.as_dict().values()]
        if entry.image is not None:
            found += [entry.image.url, entry.image.caption or "", entry.image.credit or ""]
        return found

    return {
        "title": parsed.title,
        "link": parsed.link,
        "format": parsed.format,
        "warning": parsed.warning,
        "count": len(parsed.entries),
        "entries": [
            {
                "guid": e.guid,
                "title": e.title,
                "link": e.link,
                "published": e.published,
                "author": e.author,
                "summary": e.summary[:2000],
                "content_length": len(e.content_html),
                "image": e.image.url if e.image else None,
                "texts": [t[:5000] for t in texts(e)],
            }
            for e in parsed.entries[:20]
        ],
        "all_text_lengths": [sum(map(len, texts(e))) for e in parsed.entries],
    }
