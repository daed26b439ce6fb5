"""What the reader screen asks of the store and the engines, as plain calls the widgets can show.

Kept apart from the screen so each piece can be called from a worker thread and tested
without an app.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from textual.content import Content

from tui.model import Article, Headline
from tui.trending import Story, TrendingEngine, TrendingSettings
from tui.widgets import article_text
from tui.widgets.strings import Locale
from tui.widgets.ticker import TickerItem

SECTION_TRENDING = 5


def trending_settings(config: Any) -> TrendingSettings:
    """The engine's settings from the config's [trending] table; every story is kept (the
    ticker shows the first `limit`, the article pane filters by section)."""
    trending = getattr(config, "trending", None)
    window = float(getattr(trending, "window_hours", 48.0))
    half_life = float(getattr(trending, "half_life_hours", 12.0))
    return TrendingSettings(window_hours=window, half_life_hours=half_life, limit=10_000)


def rank_stories(store: Any, engine: TrendingEngine, now: datetime) -> list[Story]:
    """Every story of the trending window, best first."""
    since = now - timedelta(hours=engine.settings.window_hours)
    return engine.rank(store.trending_inputs(since), now)


def ticker_items(
    store: Any, engine: TrendingEngine, now: datetime, locale: Locale, limit: int = 20
) -> tuple[list[TickerItem], list[Story]]:
    """The ticker's items (the best `limit` stories) and every ranked story."""
    stories = rank_stories(store, engine, now)
    items = [story_item(story, locale) for story in stories[:limit]]
    return items, stories


def story_item(story: Story, locale: Locale) -> TickerItem:
    sources = len(story.sources)
    meta = locale.sources(sources) if sources > 1 else (story.sources[0] if sources else "")
    return TickerItem(
        headline=story.headline,
        sources=sources,
        article_ids=story.article_ids,
        lead_article_id=story.lead_article_id,
        story_id=story.id,
        meta=meta,
    )


def section_trending(stories: Sequence[Story], section: str, exclude: int) -> list[Story]:
    """The best stories touching `section`, other than the one being read."""
    wanted = section.casefold()
    found = [
        s
        for s in stories
        if exclude not in s.article_ids and any(x.casefold() == wanted for x in s.sections)
    ]
    return found[:SECTION_TRENDING]


def story_headline(story: Story, locale: Locale) -> Headline:
    """A story as one row of a headline list (its lead article; sources counted)."""
    sources = len(story.sources)
    source = locale.sources(sources) if sources > 1 else ", ".join(story.sources)
    return Headline(
        id=story.lead_article_id,
        title=story.headline,
        source=source,
        section=story.sections[0] if story.sections else "",
        published=story.latest,
        read=True,
        starred=False,
    )


def article_body(article: Article, locale: Locale) -> Content:
    """The body to show: the stored full text when there is one, else the feed's HTML,
    else its summary; a hint when the feed carried no text at all."""
    pieces: list[Content] = []
    if article.full_text:
        pieces.append(article_text.plain_paragraphs(article.full_text))
    elif article.content_html.strip():
        from tui.htmlbody import html_to_body

        body = html_to_body(article.content_html, base_url=article.link)
        content = article_text.body_content(body, locale)
        if content.plain.strip():
            pieces.append(content)
    if not pieces and article.summary.strip():
        pieces.append(article_text.plain_paragraphs(article.summary))
        hint = "\n\n" + locale.t("summary_only")
        pieces.append(Content.styled(hint, "italic $berita-muted"))
    if not pieces:
        pieces.append(Content.styled(locale.t("no_body"), "italic $berita-muted"))
    if article.full_text_error and not article.full_text:
        error = locale.t("full_text_error", error=article.full_text_error)
        pieces.append(Content.styled("\n\n" + error, "italic $berita-muted"))
    return Content.assemble(*pieces)
