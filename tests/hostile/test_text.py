"""Text a stranger wrote, on its way to the terminal (the pure part; the pty part comes later).

Escape sequences (raw, `&#27;`, `&amp;#27;`), C0/C1 controls, bidi controls and Rich/Textual
markup go into every field a reader sees: feed and entry fields, the config's source and section
names, OPML names, error text a server provokes. None may come out of parse, the store or any
`berita` command; markup comes out literally (it is never interpreted below the UI).
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.hostile import bodies
from tests.hostile.conftest import Bounds
from tests.support.server import FeedServer
from tui.cli import main
from tui.htmlbody import html_to_body
from tui.parse import parse_feed
from tui.paths import Paths
from tui.sanitize import TITLE_LIMIT, clean_line, clean_text, safe_url
from tui.store import Store

# What a terminal acts on or hides: C0 but LF, DEL, C1, and bidi controls.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PAYLOAD = "".join(bodies.ESCAPES)
TOML_PAYLOAD = "\\u001b[31mM\\u009b2J\\u0007\\u202eX [bold]b[/] [@click=app.quit]q[/]"


def strings_in(value: Any) -> list[str]:
    """Every string inside a value made of dataclasses, tuples, lists and dicts."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings_in(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for item in value.items() for s in strings_in(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    if value is None or isinstance(value, int | float | datetime):
        return []
    raise TypeError(f"unexpected {type(value).__name__}")


def assert_clean(texts: list[str], where: str) -> None:
    for text in texts:
        found = UNSAFE.search(text)
        assert found is None, f"{where}: {found.group()!r} in {text[:200]!r}"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    output = captured.out + captured.err
    assert_clean([output], f"berita {' '.join(args)}")
    return code, captured.out


def echo_header(name: str, value: str) -> Any:
    """A handler answering with a header whose (latin-1) value holds controls."""

    def handler(request: Any, server: FeedServer) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header(name, value)
        request.send_header("Content-Length", "5")
        request.end_headers()
        request.wfile.write(b"<rss>")

    return handler


def hostile_subscriptions(server: FeedServer) -> dict[str, str]:
    """Feeds whose content, or whose failure message, carries the payload."""
    return {
        "Isi": server.route("/isi.xml", bodies.controls_everywhere()),
        "Encoding": server.route(
            "/enc.xml", handler=echo_header("Content-Encoding", "x\x9b2J\x85\x1b[31m")
        ),
        "Redirect": server.route(
            "/redir.xml", status=302, headers={"Location": "ja\x9bva\x85script:alert(1)"}
        ),
        "Location": server.route("/loc.xml", status=301, headers={"Location": "\x9d0;x\x9c"}),
    }


def write_hostile_config(urls: dict[str, str]) -> None:
    path = Paths.from_platform().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    sections = "".join(
        f'\n  [[source.section]]\n  name = "{name} {TOML_PAYLOAD}"\n  url = "{url}"\n'
        for name, url in urls.items()
    )
    path.write_text(
        f'[[source]]\nname = "Kabar {TOML_PAYLOAD}"\nfetch_pages = false\n{sections}',
        encoding="utf-8",
    )


def test_every_field_through_parse_store_and_cli(
    server: FeedServer, tmp_path: Path, bounds: Bounds, capsys: pytest.CaptureFixture[str]
) -> None:
    """Escapes and markup in every field, config name, OPML name and server error: none come out."""
    write_hostile_config(hostile_subscriptions(server))
    opml = tmp_path / "langganan.opml"
    opml_payload = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;")
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline text="Daerah {opml_payload}">'
        f'<outline text="Warta {opml_payload}" xmlUrl="{server.url("/isi.xml")}?opml"/>'
        f'<outline text="Jahat {opml_payload}" xmlUrl="javascript:alert(1)"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    with bounds.time(20):
        assert run_cli(capsys, "fetch")[0] == 1  # three feeds fail, by design
        run_cli(capsys, "import", str(opml))
        run_cli(capsys, "fetch", "--force")
        code, listed = run_cli(capsys, "list", "--json", "--limit", "100")
        rows = json.loads(listed)
        assert code == 0 and rows
        for row in rows:
            run_cli(capsys, "show", str(row["id"]))
            _, shown = run_cli(capsys, "show", str(row["id"]), "--json")
            assert_clean(strings_in(json.loads(shown)), "show --json")
        for command in (["list"], ["search", "judul"], ["sources"], ["trending"], ["export"]):
            run_cli(capsys, *command)
        _, sources = run_cli(capsys, "sources", "--json")
    assert_clean(strings_in(rows), "list --json")
    assert_clean(strings_in(json.loads(sources)), "sources --json")
    errors = [row["last"]["error"] for row in json.loads(sources) if row["last"]["error"]]
    assert len(errors) == 3 and any("unsupported Content-Encoding" in e for e in errors)
    assert any("[@click=app.quit]x[/]" in row["title"] for row in rows)  # literal, not run
    with Store.open(Paths.from_platform().database, readonly=True) as store:
        shown: list[Any] = [store.feeds(), store.section_counts(), store.headlines(limit=100)]
        shown += [store.article(h.id) for h in store.headlines(limit=100)]
        shown += [store.trending_inputs(datetime(2000, 1, 1).astimezone())]
        assert_clean(strings_in(shown), "the store")


# --- links --------------------------------------------------------------------------------

LINKS: dict[str, tuple[str, str | None]] = {
    "javascript": ("javascript:alert(1)", None),
    "javascript, odd case and a space": (" JaVaScRiPt:alert(1)", None),
    "javascript with a tab": ("java\tscript:alert(1)", None),
    "javascript with &#x09;": ("java&#x09;script:alert(1)", None),
    "data": ("data:text/html;base64,PHNjcmlwdD4=", None),
    "file": ("file:///etc/passwd", None),
    "vbscript": ("vbscript:msgbox", None),
    "ftp": ("ftp://hostile.example/x", None),
    "no host": ("http://", None),
    "relative": ("/relatif/berita-1", "https://hostile.example/relatif/berita-1"),
    "scheme-relative": ("//lain.example/x", "https://lain.example/x"),
    "bidi override": ("https://ok.example/\u202egnp.exe", "https://ok.example/gnp.exe"),
    "zero width and ESC": ("https://ok.example/a\u200bb\x1b[31m", "https://ok.example/ab[31m"),
}


@pytest.mark.parametrize("case", LINKS)
def test_only_absolute_http_links_are_kept(bounds: Bounds, case: str) -> None:
    """Entry links, image URLs and links in content: absolute http(s), bidi controls removed."""
    link, expected = LINKS[case]
    escaped = link.replace("&", "&amp;") if "&#" not in link else link
    escaped = escaped.replace("<", "&lt;")
    body = bodies.rss(
        f"<item><guid>l1</guid><title>Tautan</title><link>{escaped}</link>"
        f'<enclosure url="{escaped}" type="image/jpeg"/>'
        f"<description>&lt;a href=&quot;{escaped}&quot;&gt;baca&lt;/a&gt;"
        f"&lt;img src=&quot;{escaped}&quot;&gt;</description></item>"
    )
    with bounds.traced(seconds=1, mb=20):
        (entry,) = parse_feed(body, bodies.FEED_URL).entries
        content_links = html_to_body(entry.content_html, bodies.FEED_URL).links
    assert entry.link == expected
    for url in [entry.image.url if entry.image else None, *content_links]:
        assert url is None or (safe_url(url) == url and url.split(":")[0] in ("http", "https"))
    if expected is None:  # a "link" that is really a relative path stays on the feed's site
        assert all(url.startswith("https://hostile.example/") for url in content_links)
        assert entry.image is None or entry.image.url.startswith("https://hostile.example/")


# --- sanitize itself ----------------------------------------------------------------------


MARKS = {
    "Latin U+0301": "\u0301",
    "Cyrillic U+0489": "\u0489",
    "Hebrew U+05B0": "\u05b0",
    "Arabic U+064B": "\u064b",
    "Thai U+0E49": "\u0e49",
    "Devanagari U+094D": "\u094d",
    "enclosing U+20DD": "\u20dd",
    "musical U+1D167": "\U0001d167",
}


@pytest.mark.parametrize("mark", MARKS.values(), ids=MARKS.keys())
def test_10000_combining_marks(bounds: Bounds, mark: str) -> None:
    """10,000 combining marks on one letter (zalgo, any script): at most 4 kept."""
    text = "a" + mark * 10_000 + "b"
    with bounds.traced(seconds=0.5, mb=10):
        line, block = clean_line(text), clean_text(text, 20_000)
    assert line == "a" + mark * 4  # the cut at 4,000 characters drops "b"
    assert block == "a" + mark * 4 + "b"
    assert clean_line("Nguyễn Việt — مُحَمَّدٌ — שָׁלוֹם") == "Nguyễn Việt — مُحَمَّدٌ — שָׁלוֹם"


def test_bidi_and_zero_width_characters(bounds: Bounds) -> None:
    """Bidi overrides, embeddings, isolates, marks and zero-width characters are removed."""
    hidden = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    invisible = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
    text = f"harga{hidden}{invisible} naik"
    with bounds.traced(seconds=0.1, mb=1):
        cleaned = [clean_line(text), clean_text(text), safe_url(f"https://a.example/{text}")]
    assert cleaned[:2] == ["harga naik", "harga naik"]
    assert cleaned[2] == "https://a.example/harganaik"
    assert clean_line("keluarga 👨\u200d👩\u200d👧") == "keluarga 👨\u200d👩\u200d👧"  # ZWJ stays


@pytest.mark.parametrize("unit", ["漢字", "🇮🇩🎉", "ｗｉ"], ids=["CJK", "emoji", "fullwidth"])
def test_wide_text_is_bounded(bounds: Bounds, unit: str) -> None:
    """120,000 wide CJK or emoji characters: a title keeps 1,000 (at most 2,000 cells)."""
    text = unit * 60_000
    with bounds.traced(seconds=0.2, mb=5):
        line = clean_line(text)
    assert len(line) <= TITLE_LIMIT and line.endswith("…")


def test_a_huge_field_is_cleaned_in_bounded_time(bounds: Bounds) -> None:
    """A 20 MB field full of escapes: clean_line looks at the first 4,000 characters only."""
    text = (PAYLOAD + "x" * 100) * 60_000
    with bounds.traced(seconds=0.2, mb=5):
        line = clean_line(text)
    assert len(line) <= TITLE_LIMIT and not UNSAFE.search(line)
