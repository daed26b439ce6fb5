"""Feeds a web page advertises with <link rel="alternate" type="application/rss+xml" …>."""

from __future__ import annotations

import codecs
from html.parser import HTMLParser
from urllib.parse import urljoin

from tui.sanitize import safe_url

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
    }
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class _LinkFinder(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.base_seen = False
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "base"):
            return
        values = {name: value or "" for name, value in attrs}
        href = values.get("href", "").strip()
        if tag == "base":
            # Only the first <base> counts, and only before the links it would resolve.
            if not self.base_seen and href:
                self.base_seen = True
                self.base_url = _resolve(self.base_url, href) or self.base_url
            return
        rels = values.get("rel", "").lower().split()
        media_type = values.get("type", "").split(";")[0].strip().lower()
        if "alternate" in rels and media_type in FEED_TYPES and href:
            resolved = _resolve(self.base_url, href)
            if resolved:
                self.hrefs.append(resolved)

    handle_startendtag = handle_starttag


def _resolve(base: str, href: str) -> str | None:
    try:
        return safe_url(urljoin(base, href))
    except ValueError:  # urljoin on a malformed IPv6 host
        return None


def _decode(page: bytes) -> str:
    for bom, codec in _BOMS:
        if page.startswith(bom):
            return page[len(bom) :].decode(codec, errors="replace")
    # Tags and URLs that matter are ASCII; any 8-bit encoding reads them the same.
    return page.decode("utf-8", errors="replace")


def discover_feed_links(html: bytes | str, base_url: str) -> list[str]:
    """Absolute http(s) feed URLs advertised by `html`, in document order, without repeats."""
    text = _decode(html) if isinstance(html, bytes) else html
    finder = _LinkFinder(base_url)
    try:
        finder.feed(text)
        finder.close()
    except (AssertionError, ValueError):  # html.parser's own give-ups: keep what was found
        pass
    return list(dict.fromkeys(finder.hrefs))
