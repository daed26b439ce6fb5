"""Full articles: fetch an article's page, extract text, credits, view count and photo, store them.

Runs after a refresh for new articles whose feed carries only a teaser (or whose section is
configured `full_text = true`), and on demand (`f` in the reader, `berita show ID --full`).
A page fetch has the feed's limits, and never goes to a loopback, link-local or private address
unless the feed itself lives on one or the user allowed the local network: a feed's links must
not be able to poke the reader's router.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui.config import Config
from tui.model import Article, Feed, HeadlineFilter

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
MAX_PAGES_PER_REFRESH = 40
PAGES_EXAMINED_PER_FEED = 10
StoreCall = Callable[[Callable[[Any], Any]], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class FullTextResult:
    article_id: int
    error: str | None = None


def wants_full_text(article: Article, feed: Feed) -> bool:
    """Should this article's page be fetched without being asked?"""
    from tui.extract import is_summary_only
    from tui.htmltext import plain_text

    if not feed.fetch_pages or article.link is None or article.full_text is not None:
        return False
    if article.full_text_error is not None:
        return False  # tried once; `f` tries again
    if feed.full_text:
        return True
    content = plain_text(article.content_html) if article.content_html else ""
    return is_summary_only(article.summary, content)


def feed_is_local(feed_url: str) -> bool:
    """Pages of a feed that itself lives on this machine or the local network may be fetched."""
    from tui.fetch import is_public_host

    if feed_url.startswith("file:"):
        return False
    host = urlsplit(feed_url).hostname
    return host is not None and not is_public_host(host)


async def fetch_page(
    fetcher: Any, store_call: StoreCall, article: Article, *, allow_private: bool
) -> FullTextResult:
    """Fetch and extract one article's page and store the result (text or the reason why not)."""
    from tui.extract import extract_page
    from tui.fetch import FetchResult

    now = datetime.now(UTC)
    if article.link is None:
        return FullTextResult(article.id, "the article has no link")
    result: FetchResult = await fetcher.fetch(
        article.link, accept=PAGE_ACCEPT, allow_private=allow_private
    )
    if result.error or result.body is None:
        error = f"page: {result.error or 'no content'}"
        await store_call(lambda store: _save_error(store, article.id, error, now))
        return FullTextResult(article.id, error)
    page = await asyncio.to_thread(extract_page, result.body, result.url, result.content_type)
    error = None if page.text else f"page: {page.error or 'no article text found'}"
    await store_call(
        lambda store: store.save_full_text(
            article.id,
            text=page.text,
            credits=page.credits,
            image=page.image,
            view_count=page.view_count,
            error=error,
            now=now,
        )
    )
    return FullTextResult(article.id, error)


def _save_error(store: Any, article_id: int, error: str, now: datetime) -> None:
    store.save_full_text(
        article_id, text=None, credits=None, image=None, view_count=None, error=error, now=now
    )


async def fetch_pages_after_refresh(
    fetcher: Any,
    store_call: StoreCall,
    feeds: Sequence[Feed],
    new_counts: Mapping[int, int],
    since: datetime,
    config: Config,
) -> list[FullTextResult]:
    """Fetch pages of articles first stored since `since` that want their full text.

    Only the newest few new articles of each feed are examined (a refresh fetches at most
    MAX_PAGES_PER_REFRESH pages anyway): looking at every new article of a cold refresh cost
    more than the refresh itself. An article passed over keeps its teaser; `f` fetches it.
    """
    since = since.replace(microsecond=0)  # first_seen is stored in whole seconds
    examined = [feed for feed in feeds if feed.fetch_pages and new_counts.get(feed.id, 0) > 0]

    def new_articles(store: Any) -> list[tuple[Article, Feed]]:
        found = []
        for feed in examined:
            limit = min(new_counts[feed.id], PAGES_EXAMINED_PER_FEED)
            for row in store.headlines(HeadlineFilter(feed_id=feed.id), limit=limit):
                article = store.article(row.id)
                if article is not None and article.first_seen >= since:
                    found.append((article, feed))
        return found

    candidates = [pair for pair in await store_call(new_articles) if wants_full_text(*pair)]
    candidates.sort(key=lambda pair: pair[0].published, reverse=True)

    async def one(article: Article, feed: Feed) -> FullTextResult:
        allow = config.fetch.allow_local_network or await asyncio.to_thread(feed_is_local, feed.url)
        return await fetch_page(fetcher, store_call, article, allow_private=allow)

    return list(await asyncio.gather(*(one(*pair) for pair in candidates[:MAX_PAGES_PER_REFRESH])))


def fetch_full_text_blocking(config: Config, db_path: Path, article_id: int) -> str | None:
    """Fetch one article's page now (`f` in the reader, `show --full`); the problem or None."""
    from tui.fetch import Fetcher
    from tui.refresh import StoreThread, fetch_limits

    async def main() -> str | None:
        store = StoreThread(db_path)
        try:
            await store.start()
            article = await store.call(lambda: store.store.article(article_id))
            if article is None:
                return f"no article with id {article_id}"
            feeds = await store.call(lambda: store.store.feeds(include_inactive=True))
            feed = next(
                (f for f in feeds if f.source == article.source and f.section in article.sections),
                None,
            )
            if feed is not None and not feed.fetch_pages:
                return f"page fetching is turned off for {feed.source}"
            allow = config.fetch.allow_local_network or (
                feed is not None and feed_is_local(feed.url)
            )
            async with Fetcher(fetch_limits(config)) as fetcher:
                result = await fetch_page(fetcher, store.with_store, article, allow_private=allow)
            return result.error
        finally:
            store.close()

    return asyncio.run(main())
