"""The demo feeds, the demo config and the default config that ship inside the package."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from tui.config import (
    DEFAULT_CONFIG,
    DEMO_DIR,
    FetchConfig,
    GeneralConfig,
    RetentionConfig,
    TrendingConfig,
    load_config_file,
)
from tui.parse import ParseError, parse_feed

BROKEN = "warta-jatim-ekonomi.xml"
# The fixed "now" of the demo: every story is from the week before it.
DEMO_NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
# Hosts allowed in demo files: XML namespaces and the JSON Feed version, nothing fetchable.
SPEC_HOSTS = {"purl.org", "search.yahoo.com", "www.w3.org", "jsonfeed.org"}
pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software")
REAL_OUTLETS = re.compile(
    r"\b(ANTARA|Tempo|Kompas|detik|Republika|CNN|CNBC|Tribun\w*|Okezone|Liputan6|Suara\.com"
    r"|Jawa ?Pos|Kumparan|Sindonews|Merdeka\.com|VIVA|Beritajatim|JatimTIMES)\b"
)


@cache
def demo_config():
    return load_config_file(DEMO_DIR / "config.toml")


def feed_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def demo_feeds() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix in (".xml", ".json"))


def good_feeds() -> list[Path]:
    return [p for p in demo_feeds() if p.name != BROKEN]


@cache
def parsed(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def all_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in demo_feeds())


def test_demo_config_subscribes_to_every_demo_feed_and_fetches_no_pages() -> None:
    config = demo_config()
    subscribed = {feed_path(spec.url) for spec in config.feeds}
    assert subscribed == {p.resolve() for p in demo_feeds()}
    assert all(path.is_file() for path in subscribed)
    assert not any(spec.fetch_pages or spec.full_text for spec in config.feeds)
    assert all(spec.url.startswith("file://") for spec in config.feeds)


def test_demo_config_uses_demo_prefix_and_the_default_configs_sections() -> None:
    text = (DEMO_DIR / "config.toml").read_text(encoding="utf-8")
    urls = tomllib.loads(text)["source"]
    assert all(s["url"].startswith("demo:") for source in urls for s in source["section"])
    default_tables = set(tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8")))
    assert set(tomllib.loads(text)) == default_tables


def test_three_sources_with_two_or_three_sections_each() -> None:
    sections = Counter(spec.source for spec in demo_config().feeds)
    assert len(sections) == 3
    assert all(2 <= count <= 3 for count in sections.values())


def test_demo_keeps_its_stories_and_ranks_them_long_after_november_2026() -> None:
    config = demo_config()
    assert config.retention.days is not None and config.retention.days >= 3650
    assert config.trending.window_hours >= 24 * 3650


@pytest.mark.parametrize("path", good_feeds(), ids=lambda p: p.name)
def test_each_feed_parses_cleanly_with_8_to_15_items(path: Path) -> None:
    if path.suffix == ".json":
        feed = json.loads(path.read_text(encoding="utf-8"))
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        items = feed["items"]
        assert all(item["id"] and item["url"] and item["content_html"] for item in items)
    else:
        result = parsed(path)
        assert not result.bozo, result.get("bozo_exception")
        items = result.entries
    assert 8 <= len(items) <= 15


def test_every_format_is_present() -> None:
    versions = {parsed(p).version for p in good_feeds() if p.suffix == ".xml"}
    assert {"rss20", "atom10", "rss10"} <= versions
    assert any(p.suffix == ".json" for p in good_feeds())


def test_the_broken_feed_is_not_a_feed() -> None:
    body = (DEMO_DIR / BROKEN).read_bytes()
    assert parsed(DEMO_DIR / BROKEN).entries == []
    with pytest.raises(ParseError):
        parse_feed(body, (DEMO_DIR / BROKEN).as_uri(), None)


def test_the_rich_features_are_in_the_feeds() -> None:
    text = all_text()
    for needle in (
        "<dc:creator>",
        "<media:content ",
        '<media:credit role="photographer"',
        "<media:description",
        "<slash:comments>",
        "<content:encoded>",
        "<category>",
        "<contributor>",  # Atom: the editor
    ):
        assert needle in text, needle
    bodies = "\n".join(
        str(entry.get("content", [{}])[0].get("value", ""))
        for p in good_feeds()
        if p.suffix == ".xml"
        for entry in parsed(p).entries
    )
    for tag in ("<p>", "<h3>", "<ul>", "<ol>", "<li>", "<blockquote>", "<em>", "<strong>"):
        assert tag in bodies, tag
    assert re.search(r'<a href="https://[^"]+\.example/', bodies)


def test_all_feeds_parse_with_berita_with_credits_images_and_comments() -> None:
    entries = [
        entry
        for path in good_feeds()
        for entry in parse_feed(path.read_bytes(), path.as_uri(), None).entries
    ]
    assert len(entries) >= 55
    assert all(entry.credits.reporter for entry in entries)
    assert (
        sum(entry.image is not None and entry.image.credit is not None for entry in entries) >= 15
    )
    assert sum(entry.comments is not None for entry in entries) >= 40
    assert all(entry.published is not None for entry in entries)


def test_one_item_is_in_two_sections_of_one_source() -> None:
    guids: defaultdict[str, set[str]] = defaultdict(set)
    for spec in demo_config().feeds:
        path = feed_path(spec.url)
        if path.name == BROKEN or path.suffix != ".xml":
            continue
        for entry in parsed(path).entries:
            guids[entry.id].add(f"{spec.source}/{spec.section}")
    shared = [where for where in guids.values() if len(where) > 1]
    assert len(shared) == 1
    (where,) = shared
    assert len({w.split("/")[0] for w in where}) == 1


def test_one_short_teaser_ends_in_an_ellipsis_and_has_no_body() -> None:
    teasers = [
        entry
        for path in good_feeds()
        if path.suffix == ".xml"
        for entry in parsed(path).entries
        if entry.get("summary", "").endswith("…")
    ]
    assert len(teasers) == 1
    assert len(teasers[0].summary) < 80
    assert "content" not in teasers[0]


def test_dates_spread_over_the_week_before_the_demo_date() -> None:
    entries = [
        entry
        for path in good_feeds()
        for entry in parse_feed(path.read_bytes(), path.as_uri(), None).entries
    ]
    dates = [entry.published for entry in entries]
    assert all(date is not None and date <= DEMO_NOW for date in dates)
    assert all(date is not None and (date.year, date.month) == (2026, 11) for date in dates)
    assert len({date.date() for date in dates if date is not None}) >= 6


@pytest.mark.parametrize(
    ("words", "outlets"),
    [("upah minimum", 3), ("beras", 3), ("banjir rob", 2), ("suku bunga", 2)],
)
def test_stories_covered_by_several_outlets(words: str, outlets: int) -> None:
    covering = {
        spec.source
        for spec in demo_config().feeds
        if feed_path(spec.url).name != BROKEN
        for entry in parse_feed(feed_path(spec.url).read_bytes(), spec.url, None).entries
        if words in entry.title.casefold()
    }
    assert len(covering) >= outlets


def test_no_real_outlet_is_named_and_no_real_site_is_linked() -> None:
    text = all_text()
    assert not REAL_OUTLETS.search(text), REAL_OUTLETS.search(text)
    hosts = {urlsplit(url).hostname for url in re.findall(r"https?://[^\s\"'<>]+", text)}
    assert {h for h in hosts if h and not h.endswith(".example")} <= SPEC_HOSTS


# -- the default config -------------------------------------------------------------------


def test_default_config_loads_with_10_to_20_feeds_from_the_wanted_sources() -> None:
    config = load_config_file(DEFAULT_CONFIG)
    assert 10 <= len(config.feeds) <= 20
    sources = {spec.source for spec in config.feeds}
    assert {"ANTARA", "Tempo", "CNN Indonesia", "Republika"} <= sources
    antara = {spec.section for spec in config.feeds if spec.source == "ANTARA"}
    assert {"Terkini", "Politik", "Ekonomi"} <= antara
    assert any("jatim" in spec.url for spec in config.feeds)  # an East Java portal
    assert all(spec.url.startswith("https://") for spec in config.feeds)


def test_default_config_documents_every_option() -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    for kind in (GeneralConfig, FetchConfig, RetentionConfig, TrendingConfig):
        for field in fields(kind):
            assert re.search(rf"^#? ?{field.name} = ", text, re.MULTILINE), field.name
    for key in ("name", "home", "full_text", "fetch_pages", "url"):
        assert re.search(rf"^#\s+{key}\b", text, re.MULTILINE), key


def test_default_config_feeds_are_ones_seen_in_public_lists(shared_feeds: Path) -> None:
    listed = (shared_feeds / "URLS.md").read_text(encoding="utf-8")
    for spec in load_config_file(DEFAULT_CONFIG).feeds:
        host_and_path = spec.url.split("://", 1)[1]
        assert host_and_path in listed or _pattern_listed(host_and_path, listed), spec.url


def _pattern_listed(host_and_path: str, listed: str) -> bool:
    """URLS.md writes families as `…/rss/{a,b}` or `…/a.xml, …/b.xml`: match the stem too."""
    host, _, path = host_and_path.partition("/")
    names = [part.removesuffix(".xml") for part in path.split("/") if part not in ("rss", "feed")]
    if not names or host not in listed:
        return False
    return re.search(rf"\b{re.escape(names[-1])}\b", listed) is not None


def test_photo_captions_survive_parsing_beside_the_summary() -> None:
    path = DEMO_DIR / "kabar-nusantara-politik.xml"
    entry = parse_feed(path.read_bytes(), path.as_uri(), None).entries[0]
    assert entry.summary.startswith("JAKARTA (Kabar Nusantara)")
    assert entry.image is not None
    assert entry.image.caption is not None
    assert entry.image.caption.startswith("Anggota Badan Legislasi DPR")
