"""The headless commands of `berita`: each reads the store (and, for fetch/add/show --full,
the network) and prints plain text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tui.cli import (
    EXIT_OK,
    EXIT_PARTIAL,
    CommandError,
    Context,
    feed_label,
    headline_filter,
    iso,
    out,
    since,
    spec_for,
)
from tui.model import Article, Headline
from tui.sanitize import clean_line


def dispatch(args: argparse.Namespace, context: Context) -> int:
    handler: Callable[[argparse.Namespace, Context], int] = COMMANDS[args.command]
    return handler(args, context)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def article_text(article: Article) -> str:
    if article.full_text:
        return article.full_text
    if article.content_html:
        from tui.htmlbody import html_to_text

        return html_to_text(article.content_html, article.link)
    return article.summary


def article_json(article: Article, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "url": article.link,
        "source": article.source,
        "sections": list(article.sections),
        "published": iso(article.published),
        "author": article.author,
        "read_count": article.read_count,
        "read": article.read,
        "starred": article.starred,
    }
    if detail:
        data.update(
            text=article_text(article),
            summary=article.summary,
            categories=list(article.categories),
            credits=article.credits.as_dict(),
            image=article.image.as_dict() if article.image else None,
            view_count=article.view_count,
            comments=article.comments,
            full_text_error=article.full_text_error,
        )
    return data


def headline_line(headline: Headline) -> str:
    mark = "★" if headline.starred else ("●" if not headline.read else " ")
    when = headline.published.astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        f"{headline.id:>7} {mark} {when}  {out(headline.source)} › {out(headline.section)}: "
        + out(headline.title)
    )


def print_headlines(context: Context, headlines: list[Headline], as_json: bool) -> None:
    if as_json:
        articles = [context.store.article(headline.id) for headline in headlines]
        print_json([article_json(article) for article in articles if article is not None])
        return
    for headline in headlines:
        print(headline_line(headline))
    if not headlines:
        print("no headlines", file=sys.stderr)


def cmd_list(args: argparse.Namespace, context: Context) -> int:
    headlines = context.store.headlines(headline_filter(args), limit=max(0, args.limit))
    print_headlines(context, headlines, args.json)
    return EXIT_OK


def cmd_search(args: argparse.Namespace, context: Context) -> int:
    headlines = context.store.search(args.query, limit=max(0, args.limit))
    print_headlines(context, headlines, args.json)
    return EXIT_OK


def cmd_show(args: argparse.Namespace, context: Context) -> int:
    article = context.store.article(args.id)
    if article is None:
        raise CommandError(f"no article with id {args.id} in the cache", EXIT_PARTIAL)
    if args.full and article.full_text is None:
        from tui.fulltext import fetch_full_text_blocking

        problem = fetch_full_text_blocking(context.config, context.paths.database, article.id)
        article = context.store.article(args.id) or article
        if problem:
            print(f"berita: full text: {problem}", file=sys.stderr)
    if args.json:
        print_json(article_json(article, detail=True))
        return EXIT_OK
    print(render_article(article, context))
    return EXIT_OK


def render_article(article: Article, context: Context) -> str:
    from tui.i18n import format_count, format_datetime, pick_language, read_count_label

    lang = pick_language(context.config.general.language)
    lines = [f"{out(article.section)} · {format_datetime(article.published, lang)}", ""]
    lines += [out(article.title), ""]
    if article.image and (article.image.caption or article.image.credit):
        photo = "Foto" if lang == "id" else "Photo"
        caption = out(article.image.caption)
        credit = f" ({photo}: {out(article.image.credit)})" if article.image.credit else ""
        lines += [f"[{photo}] {caption}{credit}".strip(), ""]
    lines += [out(article_text(article)), ""]
    labels = {
        "reporter": "Reporter",
        "editor": "Editor",
        "publisher": "Penerbit" if lang == "id" else "Publisher",
        "photographer": "Fotografer" if lang == "id" else "Photographer",
    }
    for key, value in article.credits.as_dict().items():
        if value:
            lines.append(f"{labels[key]}: {out(value)}")
    lines.append(read_count_label(article.read_count, lang))
    if article.view_count is not None:
        views = format_count(article.view_count, lang)
        lines.append(f"Dilihat {views} kali di situs" if lang == "id" else f"{views} views")
    if article.link:
        lines.append(out(article.link))
    return "\n".join(lines)


def cmd_sources(args: argparse.Namespace, context: Context) -> int:
    feeds = context.store.feeds()
    if args.json:
        print_json(
            [
                {
                    "id": feed.id,
                    "source": feed.source,
                    "section": feed.section,
                    "url": feed.url,
                    "failures": feed.failures,
                    "retry_at": iso(feed.retry_at),
                    "items_dropped": feed.items_dropped,
                    "note": feed.note,
                    "last": None
                    if feed.last_outcome is None
                    else {
                        "at": iso(feed.last_outcome.at),
                        "status": feed.last_outcome.status,
                        "new": feed.last_outcome.new,
                        "updated": feed.last_outcome.updated,
                        "seen": feed.last_outcome.seen,
                        "not_modified": feed.last_outcome.not_modified,
                        "error": feed.last_outcome.error,
                    },
                }
                for feed in feeds
            ]
        )
        return EXIT_OK
    for feed in feeds:
        last = feed.last_outcome
        if last is None:
            state = "never fetched"
        elif last.error:
            state = f"FAILED: {out(last.error)}"
        elif last.not_modified:
            state = "unchanged"
        else:
            state = f"ok, {last.new} new, {last.updated} updated, {last.seen} in feed"
        when = last.at.astimezone().strftime("%Y-%m-%d %H:%M") if last else ""
        print(f"{feed.id:>4} {feed_label(feed.source, feed.section)}  {when} {state}")
        if feed.note and not (last and last.error):
            print(f"     note: {out(feed.note)}")
        print(f"     {out(feed.url)}")
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, context: Context) -> int:
    from tui.refresh import RefreshProgress, refresh_blocking

    show_bar = sys.stderr.isatty() and not args.quiet

    def progress(step: RefreshProgress) -> None:
        if not show_bar:
            return
        width = 30
        filled = width * step.done // max(1, step.total)
        name = feed_label(step.feed.source, step.feed.section) if step.feed else ""
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {step.done}/{step.total} {name[:40]:<40}")
        sys.stderr.flush()

    report = refresh_blocking(
        context.config,
        context.paths.database,
        None,
        progress,
        section=args.section,
        force=args.force,
    )
    if show_bar:
        sys.stderr.write("\n")
    for feed, error in report.problems():
        print(
            f"{feed_label(feed.source, feed.section)}: {out(error)} ({out(feed.url)})",
            file=sys.stderr,
        )
    for feed_id, outcome in report.outcomes.items():
        if outcome.note:
            feed = report.feeds[feed_id]
            label = feed_label(feed.source, feed.section)
            print(f"{label}: note: {out(outcome.note)} ({out(feed.url)})", file=sys.stderr)
    fetched = len(report.outcomes)
    summary = f"{fetched} feeds: {report.new} new, {report.updated} updated, {report.failed} failed"
    if report.skipped:
        summary += f", {report.skipped} waiting (backoff or Retry-After)"
    if report.offline:
        summary += " — offline? no server answered"
    print(summary, file=sys.stderr)
    return EXIT_PARTIAL if report.failed else EXIT_OK


def cmd_add(args: argparse.Namespace, context: Context) -> int:
    from tui.config import resolve_feed_url
    from tui.refresh import refresh_blocking
    from tui.subscribe import probe_feed

    url = resolve_feed_url(args.url, context.paths.config_dir)
    if url is None:
        raise CommandError(f"not an http(s) feed address or a file: {args.url!r}")
    probe = probe_feed(url, context.config)
    if probe.error:
        print(
            f"berita: {out(probe.error)}; subscribed anyway, it is fetched on the next refresh",
            file=sys.stderr,
        )
    feed = context.store.add_feed(spec_for(probe.url, args.section, args.name, probe.title))
    report = refresh_blocking(context.config, context.paths.database, [feed.id])
    outcome = report.outcomes.get(feed.id)
    print(f"subscribed: {feed_label(feed.source, feed.section)} ({out(feed.url)})")
    if outcome is not None and outcome.error is None:
        print(f"{outcome.new} headlines cached")
    return EXIT_OK if probe.error is None else EXIT_PARTIAL


def cmd_import(args: argparse.Namespace, context: Context) -> int:
    from tui.opml import OpmlError, parse_opml

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise CommandError(f"{args.file}: cannot read: {error.strerror}") from None
    try:
        result = parse_opml(data)
    except OpmlError as error:
        raise CommandError(f"{args.file}: {error}; nothing imported") from None
    for spec in result.feeds:
        context.store.add_feed(spec)
        print(f"imported: {feed_label(spec.source, spec.section)} ({out(spec.url)})")
    for line in result.notes:
        print(f"note: {out(line)}", file=sys.stderr)
    for line in result.refused:
        print(f"refused: {out(line)}", file=sys.stderr)
    print(f"{len(result.feeds)} feeds imported, {len(result.refused)} refused", file=sys.stderr)
    return EXIT_PARTIAL if result.refused else EXIT_OK


def cmd_export(args: argparse.Namespace, context: Context) -> int:
    from tui.model import FeedSpec
    from tui.opml import to_opml

    specs = [
        FeedSpec(source=feed.source, section=feed.section, url=feed.url, home=feed.home)
        for feed in context.store.feeds()
    ]
    document = to_opml(specs)
    if args.output:
        args.output.write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)
    return EXIT_OK


def cmd_trending(args: argparse.Namespace, context: Context) -> int:
    from tui.trending import TrendingEngine, TrendingSettings, story_to_json
    from tui.words import load_stems, save_stems, stem_cache_size

    settings = TrendingSettings(
        window_hours=context.config.trending.window_hours,
        half_life_hours=context.config.trending.half_life_hours,
        limit=max(1, args.limit),
    )
    now = datetime.now(UTC)
    inputs = context.store.trending_inputs(since(settings.window_hours, now))
    # Stemming is the slow part of a cold rank; the stems of earlier runs are kept as a cache.
    stems = context.paths.cache_dir / "stems.json"
    known = load_stems(stems)
    stories = TrendingEngine(settings).rank(inputs, now, section=args.section)[: args.limit]
    if stem_cache_size() > known:
        save_stems(stems)
    if args.json:
        by_id = {item.id: item for item in inputs}
        print_json([story_to_json(story, by_id) for story in stories])
        return EXIT_OK
    for rank, story in enumerate(stories, start=1):
        sources = ", ".join(clean_line(source) for source in story.sources)
        print(f"{rank:>2}. {out(story.headline)}")
        print(f"    {story.score:.2f} · {len(story.sources)} sources: {sources}")
    if not stories:
        print("nothing trending in the cache yet", file=sys.stderr)
    return EXIT_OK


def cmd_mark(args: argparse.Namespace, context: Context) -> int:
    unknown = 0
    for article_id in args.ids:
        # An id SQLite cannot hold is no article's: asking would raise OverflowError.
        found = -(2**63) <= article_id < 2**63
        if found and args.set_read is not None:
            found = context.store.set_read(article_id, args.set_read)
        if found and args.set_starred is not None:
            found = context.store.set_starred(article_id, args.set_starred)
        if not found:
            print(f"berita: no article {article_id}", file=sys.stderr)
            unknown += 1
    return EXIT_PARTIAL if unknown else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Context], int]] = {
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "sources": cmd_sources,
    "fetch": cmd_fetch,
    "add": cmd_add,
    "import": cmd_import,
    "export": cmd_export,
    "trending": cmd_trending,
    "mark": cmd_mark,
}
