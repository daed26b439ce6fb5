"""What the pty case reads: feeds served by a FeedServer, a config naming them, and rows written
straight into the database (as an old or hand-edited database would hold them).

Every payload is a terminal command followed by a marker (`PWN…`): if the command reached the
terminal, its bytes and the marker appear together in the output; cleaned, only the visible
rest (`]0;PWNTITLE`) is drawn. `harmless=True` builds the same world with plain words, for the
baseline run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.hostile import bodies
from tests.support.reader_data import entry
from tui.model import Credits, Entry, FeedSpec, FetchOutcome, HeadlineFilter, Image, ParsedFeed
from tui.store import Store

# Raw terminal commands, each with its marker. Raw C0 in XML is not well-formed, which feeds do;
# the parser's loose mode reads them, as it would from a real server.
RAW_PAYLOADS = (
    "\x1b]52;c;UFdONTI=\x07",  # OSC 52: write "PWN52" to the clipboard
    "\x1b]0;PWNTITLE\x07",  # OSC 0: set the window title
    "\x1b]8;;http://evil.example/PWNLINK\x1b\\",  # OSC 8: a hidden hyperlink
    "\x1b[2JPWNCLEAR",  # CSI: erase the display
    "\x1b[5;31mPWNSGR",  # CSI: blink, red
    "\x9b2JPWNC1CSI",  # C1 CSI
    "\x9d0;PWNC1OSC\x9c",  # C1 OSC … ST
    "\x90qPWNC1DCS\x9c",  # C1 DCS … ST
    "\x07PWNBEL",  # BEL
)
# The same commands as character references, once and twice escaped (decoded in the XML).
ENTITY_PAYLOADS = (
    "&#27;]52;c;UFdORU5U&#7;",
    "&#x1b;]0;PWNENTITY&#7;",
    "&amp;#27;[2JPWNDOUBLE",
    "&amp;#x9b;2JPWNDOUBLEC1",
    "&#x9b;2JPWNHEXC1",
    "&#157;0;PWNDECOSC&#156;",
)
MARKERS = ("PWN52", "PWNTITLE", "PWNLINK", "PWNCLEAR", "PWNSGR", "PWNC1CSI", "PWNC1OSC")
MARKERS += ("PWNC1DCS", "PWNBEL", "PWNENTITY", "PWNDOUBLE", "PWNHEXC1", "PWNDECOSC")


def leaked_forms() -> list[str]:
    """What the output would hold if a payload reached the terminal: its command + marker."""
    forms = [payload.rstrip("\x07\x9c\\").removesuffix("\x1b") for payload in RAW_PAYLOADS]
    forms += [
        "\x1b]52;c;UFdORU5U",
        "\x1b]0;PWNENTITY",
        "\x1b[2JPWNDOUBLE",
        "\x9b2JPWNDOUBLEC1",
        "\x9b2JPWNHEXC1",
        "\x9d0;PWNDECOSC",
    ]
    return forms


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@dataclass(frozen=True, slots=True)
class World:
    """The payload of every field: hostile, or plain words for the baseline."""

    harmless: bool

    def words(self, label: str) -> str:
        """`label` and the payloads, as XML text (entities kept as entities)."""
        if self.harmless:
            return f"{label} aman biasa saja"
        raw = " ".join(_xml(payload) for payload in RAW_PAYLOADS)
        return f"{label} {raw} {' '.join(ENTITY_PAYLOADS)}"

    def raw(self, label: str) -> str:
        """`label` and the raw payloads, as a Python string (for the database)."""
        if self.harmless:
            return f"{label} aman biasa saja"
        return f"{label} {' '.join(RAW_PAYLOADS)}"

    def toml(self, label: str) -> str:
        """`label` and control characters as TOML escapes (config names)."""
        if self.harmless:
            return f"{label} aman"
        return f"{label} \\u001b]0;PWNTOML\\u0007 \\u009b2J \\u202eX [b]b[/b] [@click=app.quit]q[/]"


def feed_body(world: World, source: str, now: datetime) -> bytes:
    """Three items with the payload in every field; the first has the same title in both
    sources' feeds, so it trends as one story told by two newsrooms."""
    items = []
    for number, title in enumerate(
        ["Banjir rob rendam pesisir utara Jakarta", f"Harga beras {source}", f"Kereta {source}"]
    ):
        words = world.words(title)
        link_text = world.words("tautan")
        items.append(
            f"<item><title>{words}</title>"
            f"<link>https://berita.example/{source}/{number}</link>"
            f"<guid>{source}-{number}</guid>"
            f"<pubDate>{format_datetime(now - timedelta(minutes=5 + number))}</pubDate>"
            f"<author>{world.words('penulis')}</author>"
            f"<dc:creator>{world.words('kreator')}</dc:creator>"
            f"<category>{world.words('kategori')}</category>"
            f"<description>&lt;p&gt;{_xml(words)} isi&lt;/p&gt;&lt;p&gt;"
            f"&lt;a href=&quot;https://berita.example/tautan&quot;&gt;{_xml(link_text)}"
            f"&lt;/a&gt;&lt;/p&gt;</description>"
            f'<media:content url="https://img.example/{source}{number}.jpg" medium="image">'
            f"<media:description>{world.words('keterangan')}</media:description>"
            f"<media:credit>{world.words('fotografer')}</media:credit></media:content>"
            "</item>"
        )
    return bodies.rss("".join(items), channel=f"<title>{world.words('kanal')}</title>")


def failing_handler(world: World) -> Any:
    """A 500 whose reason phrase and body carry the payload (latin-1 on the wire)."""
    reason = "Gagal " + ("aman" if world.harmless else "\x1b]0;PWNREASON\x07\x9b2J")
    body = world.raw("isi galat").encode("utf-8")

    def handler(request: BaseHTTPRequestHandler, server: object) -> None:
        request.send_response(500, reason)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handler


def echo_encoding(world: World) -> Any:
    """A 200 with a Content-Encoding berita does not know: its error names the header value."""
    value = "x-aman" if world.harmless else "x\x1b]0;PWNHEADER\x07\x9b2J\x85"

    def handler(request: BaseHTTPRequestHandler, server: object) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Encoding", value)
        request.send_header("Content-Length", "5")
        request.end_headers()
        request.wfile.write(b"<rss>")

    return handler


def write_config(path: Path, world: World, urls: dict[str, str]) -> None:
    """Two sources (Kabar: content, 500, odd encoding; Warta: content, odd redirect)."""

    def section(name: str, key: str) -> str:
        return f'\n  [[source.section]]\n  name = "{world.toml(name)}"\n  url = "{urls[key]}"\n'

    path.write_text(
        '[general]\nrefresh_minutes = 0\nlanguage = "id"\nticker = true\n'
        f'\n[[source]]\nname = "{world.toml("Kabar")}"\nfetch_pages = false\n'
        + section("Isi", "kabar")
        + section("Gagal", "fail")
        + section("Sandi", "encoding")
        + f'\n[[source]]\nname = "{world.toml("Warta")}"\nfetch_pages = false\n'
        + section("Isi", "warta")
        + section("Pindah", "redirect"),
        encoding="utf-8",
    )


def serve(server: Any, world: World, now: datetime) -> dict[str, str]:
    location = "https://aman.example/" if world.harmless else "\x9d0;PWNLOC\x9c\x1b[2J"
    return {
        "kabar": server.route("/kabar.xml", feed_body(world, "kabar", now)),
        "fail": server.route("/gagal.xml", handler=failing_handler(world)),
        "encoding": server.route("/sandi.xml", handler=echo_encoding(world)),
        "warta": server.route("/warta.xml", feed_body(world, "warta", now)),
        "redirect": server.route("/pindah.xml", status=302, headers={"Location": location}),
    }


def write_raw_rows(database: Path, world: World, urls: dict[str, str], now: datetime) -> None:
    """Rows no parser cleaned, as an old or hand-edited database holds them: a feed added by
    hand under raw names, articles with the raw payload in every field (one story told in all
    three sources), a raw failure reason and a raw full-text error on the newest article."""
    with Store.open(database) as store:
        hand = store.add_feed(
            FeedSpec(
                source=world.raw("Sumber"),
                section=world.raw("Rubrik"),
                url="https://mentah.example/rss",
                fetch_pages=False,
            )
        )
        by_url = {feed.url: feed.id for feed in store.feeds()}
        story = world.raw("Gempa guncang Cianjur, warga mengungsi ke tenda darurat")
        batches = {
            hand.id: [(story, 0.5), (world.raw("Sekolah rakyat dibuka di tiga provinsi"), 2)],
            by_url[urls["kabar"]]: [(story, 1)],
            by_url[urls["warta"]]: [(story, 1)],
        }
        for feed_id, titles in batches.items():
            entries = tuple(
                replace(
                    _raw_entry(world, f"raw-{feed_id}-{n}", title),
                    published=now - timedelta(minutes=age),
                )
                for n, (title, age) in enumerate(titles)
            )
            parsed = ParsedFeed(title="mentah", link=None, entries=entries, format="rss20")
            _save(store, feed_id, parsed, FetchOutcome(at=now, status=200), now)
        failed = FetchOutcome(at=now, status=500, error=world.raw("HTTP 500"))
        _save(store, by_url[urls["fail"]], None, failed, now, failures=1)
        newest = store.headlines(HeadlineFilter(), limit=1)[0]
        store.save_full_text(
            newest.id,
            text=None,
            credits=None,
            image=None,
            view_count=None,
            error=world.raw("halaman gagal"),
            now=now,
        )


def _raw_entry(world: World, guid: str, title: str) -> Entry:
    return entry(
        guid,
        title,
        0,
        body=f"<p>{world.raw('isi mentah')}</p><p><a href='https://berita.example/a'>"
        f"{world.raw('tautan mentah')}</a></p>",
        author=world.raw("penulis"),
        image=Image(
            "https://img.example/mentah.jpg",
            caption=world.raw("keterangan"),
            credit=world.raw("foto"),
        ),
        credits=Credits(reporter=world.raw("reporter"), editor=world.raw("editor")),
    )


def _save(
    store: Store,
    feed_id: int,
    parsed: ParsedFeed | None,
    outcome: FetchOutcome,
    now: datetime,
    failures: int = 0,
) -> None:
    store.save_fetch(
        feed_id,
        parsed,
        outcome,
        etag=None,
        last_modified=None,
        body_hash=None,
        failures=failures,
        retry_at=None,
        now=now,
    )


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
