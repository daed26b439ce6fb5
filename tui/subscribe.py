"""Before subscribing: fetch the address once, find the feed a page advertises, read its title."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tui.config import Config
from tui.model import FetchResult


@dataclass(frozen=True, slots=True)
class Probe:
    url: str  # the feed's address (the advertised feed when the address was a page)
    title: str | None = None
    error: str | None = None


def probe_feed(url: str, config: Config) -> Probe:
    return asyncio.run(_probe(url, config))


async def _probe(url: str, config: Config) -> Probe:
    from tui.discover import discover_feed_links
    from tui.fetch import Fetcher, fetch_local
    from tui.parse import ParseError, looks_like_html, parse_feed
    from tui.refresh import fetch_limits

    limits = fetch_limits(config)
    async with Fetcher(limits) as fetcher:
        result: FetchResult
        if url.startswith("file:"):
            result = await asyncio.to_thread(fetch_local, url, limits.max_bytes)
        else:
            result = await fetcher.fetch(url)
        if result.error or result.body is None:
            return Probe(url, error=f"{url}: {result.error or 'no content'}")
        if looks_like_html(result.body, result.content_type):
            links = discover_feed_links(result.body, result.url)
            if not links:
                return Probe(url, error=f"{url}: an HTML page that advertises no feed")
            result = await fetcher.fetch(links[0])
            if result.error or result.body is None:
                return Probe(links[0], error=f"{links[0]}: {result.error or 'no content'}")
    try:
        parsed = await asyncio.to_thread(parse_feed, result.body, result.url, result.content_type)
    except ParseError as error:
        return Probe(result.url, error=f"{result.url}: {error}")
    return Probe(result.url, title=parsed.title or None)
