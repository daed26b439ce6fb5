"""The `berita` command: the reader by default, and headless commands for scripts and cron.

Exit codes: 0 ok; 1 done, but something failed (a feed, an article not found); 2 a usage or
config error (nothing changed); 3 the database cannot be used. Heavy modules (textual, httpx,
feedparser) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tui import __version__
from tui.config import (
    DEFAULT_CONFIG,
    DEMO_DIR,
    Config,
    ConfigError,
    DefaultConfigNotWritten,
    load_config,
    load_config_file,
)
from tui.model import FeedSpec, HeadlineFilter
from tui.paths import Paths
from tui.sanitize import clean_line, clean_text

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    paths: Paths
    config: Config
    store: Any
    demo: bool = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="berita", description="A terminal news reader for sectioned news sites."
    )
    parser.add_argument("--version", action="version", version=f"berita {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo (no network)")
    parser.add_argument("--config", type=Path, help="use this config file")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    fetch = commands.add_parser("fetch", help="refresh feeds headlessly (for cron/timers)")
    fetch.add_argument("--section", help="only feeds of this section")
    fetch.add_argument("--force", action="store_true", help="ignore backoff and Retry-After")
    fetch.add_argument("--quiet", action="store_true", help="no progress bar")

    add = commands.add_parser("add", help="subscribe to a feed (or a page advertising one)")
    add.add_argument("url")
    add.add_argument("--section", default=None)
    add.add_argument("--name", default=None, help="source name (default: the feed's title)")

    listing = commands.add_parser("list", help="headlines from the cache")
    listing.add_argument("--section")
    listing.add_argument("--source")
    listing.add_argument("--unread", action="store_true")
    listing.add_argument("--starred", action="store_true")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")

    show = commands.add_parser("show", help="one article as readable text")
    show.add_argument("id", type=int)
    show.add_argument("--full", action="store_true", help="fetch the article page if needed")
    show.add_argument("--json", action="store_true")

    search = commands.add_parser("search", help="full-text search of the cache")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true")

    sources = commands.add_parser("sources", help="every feed with its last outcome")
    sources.add_argument("--json", action="store_true")

    importing = commands.add_parser("import", help="subscribe to the feeds of an OPML file")
    importing.add_argument("file", type=Path)

    export = commands.add_parser("export", help="print subscriptions as OPML 2.0")
    export.add_argument("-o", "--output", type=Path)

    mark = commands.add_parser("mark", help="mark articles read/unread, starred/unstarred")
    mark.add_argument("ids", nargs="+", type=int, metavar="ID")
    reading = mark.add_mutually_exclusive_group()
    reading.add_argument(
        "--read", dest="set_read", action="store_const", const=True, help="mark read"
    )
    reading.add_argument(
        "--unread", dest="set_read", action="store_const", const=False, help="mark unread"
    )
    starring = mark.add_mutually_exclusive_group()
    starring.add_argument(
        "--star", dest="set_starred", action="store_const", const=True, help="star"
    )
    starring.add_argument(
        "--unstar", dest="set_starred", action="store_const", const=False, help="unstar"
    )

    trending = commands.add_parser("trending", help="the stories that matter now")
    trending.add_argument("--section")
    trending.add_argument("--limit", type=int, default=10)
    trending.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "mark" and args.set_read is None and args.set_starred is None:
        parser.error("mark needs --read or --unread, and/or --star or --unstar")
    try:
        context = open_context(args)
    except CommandError as error:
        print(f"berita: {error}", file=sys.stderr)
        return error.code
    from tui.store import StoreError

    try:
        if args.command is None:
            return run_reader(context)
        from tui import cli_commands

        return cli_commands.dispatch(args, context)
    except CommandError as error:
        print(f"berita: {error}", file=sys.stderr)
        return error.code
    except StoreError as error:  # locked past the busy timeout, disk full, damage found late
        print(f"berita: {clean_line(str(error), 2000)}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        return 130
    finally:
        context.store.close()
        if context.demo:
            shutil.rmtree(context.paths.data_dir.parent, ignore_errors=True)


def open_context(args: argparse.Namespace) -> Context:
    from tui.store import Store, StoreError

    demo = bool(args.demo)
    try:
        if demo:
            paths = Paths.under(demo_root())
            config = load_config_file(DEMO_DIR / "config.toml")
        elif args.config is not None:
            paths = Paths.from_platform()
            config = load_config_file(args.config)
        else:
            paths = Paths.from_platform()
            try:
                config = load_config(paths)
            except DefaultConfigNotWritten as error:
                print(f"berita: {error}", file=sys.stderr)
                config = load_config_file(DEFAULT_CONFIG)
    except ConfigError as error:
        raise CommandError(f"config: {error}\nNothing was changed.") from None
    try:
        store = Store.open(paths.database)
    except StoreError as error:
        raise CommandError(str(error), EXIT_STORE) from None
    if store.readonly:
        print(
            f"berita: read-only: {store.readonly_reason}; reading works, nothing is saved",
            file=sys.stderr,
        )
    else:
        _sync_subscriptions(store, config)
    for line in store_notices(store):
        print(f"berita: {line}", file=sys.stderr)
    context = Context(paths, config, store, demo)
    if demo:
        from tui.refresh import refresh_blocking

        refresh_blocking(config, paths.database)
    return context


def _sync_subscriptions(store: Any, config: Config) -> None:
    from tui.store import StoreError

    try:
        store.sync_feeds(config.feeds)
    except StoreError as error:
        if not _is_busy(error):
            store.close()
            raise CommandError(str(error), EXIT_STORE) from None
        # Another berita holds the write lock: reading still works, the sync waits for next time.
        print(f"berita: {error}; subscriptions not updated from the config", file=sys.stderr)


def store_notices(store: Any) -> list[str]:
    """What opening the database had to mend, in lines for a person."""
    lines = []
    if store.orphan is not None:
        lines.append(
            f"no database was found at {store.path}, but a write-ahead log of one was; "
            f"it was moved to {store.orphan} and a fresh database started"
        )
    if store.set_aside is not None:
        report = store.salvaged
        problem = f" ({report.problem})" if report is not None and report.problem else ""
        saved = f"; {report.summary()} from it" if report is not None else ""
        lines.append(
            f"the database was damaged{problem}; it was moved to {store.set_aside} and a fresh "
            f"one started{saved}. Feeds will be fetched in full at the next refresh."
        )
    return lines


def _is_busy(error: Exception) -> bool:
    """Whether a StoreError comes from SQLITE_BUSY/LOCKED (another process writing)."""
    code = getattr(error.__cause__, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (5, 6)


DEMO_PREFIX = "berita-demo-"


def demo_root() -> Path:
    """A fresh throwaway dir for `--demo`, after clearing those of demos that are gone.

    A demo removes its dir when it exits, but not when it is killed or its terminal closes;
    each dir names its process, so the next demo can tell which ones are left over.
    """
    base = Path(tempfile.gettempdir())
    for old in base.glob(f"{DEMO_PREFIX}*"):
        if old.is_dir() and not old.is_symlink() and _demo_is_gone(old):
            shutil.rmtree(old, ignore_errors=True)
    root = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    (root / "pid").write_text(str(os.getpid()), encoding="ascii")
    return root


def _demo_is_gone(root: Path) -> bool:
    try:
        if root.stat().st_uid != os.getuid():
            return False
        pid = int((root / "pid").read_text(encoding="ascii"))
    except FileNotFoundError:
        # No pid yet: a demo starting this instant, or one from before pid files. Give it a day.
        return time.time() - root.stat().st_mtime > 86_400
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_reader(context: Context) -> int:
    from tui.widgets.lead_photo import start_image_probe

    # textual-image asks the terminal which image protocol it speaks; once Textual runs, it
    # owns the terminal's answers, so the question is asked now, while the app imports.
    probe = start_image_probe()
    from tui.app import BeritaApp
    from tui.fulltext import fetch_full_text_blocking
    from tui.refresh import refresh_blocking

    def refresh(feed_ids: Sequence[int] | None, progress: Any) -> Any:
        return refresh_blocking(context.config, context.paths.database, feed_ids, progress)

    def fetch_full(article_id: int) -> str | None:
        return fetch_full_text_blocking(context.config, context.paths.database, article_id)

    def fetch_image(article: Any) -> Any:
        from tui.images import fetch_lead_image_blocking

        feeds = context.store.feeds(include_inactive=True)  # a read, as the trending worker does
        return fetch_lead_image_blocking(context.config, context.paths.cache_dir, article, feeds)

    writable = not context.store.readonly  # a read-only store: reading only, said once
    app = BeritaApp(
        config=context.config,
        store=context.store,
        refresh=refresh if writable else None,
        fetch_full=fetch_full if writable else None,
        fetch_image=fetch_image,
    )
    probe.join()
    app.run()
    return reader_exit_code(app)


def reader_exit_code(app: Any) -> int:
    """How the reader ended: 0 when it was quit. When it died of an error no handler caught,
    never 0: a StoreError is raised again for `main` to print as one line (exit 3); anything
    else keeps Textual's code (1), after Textual printed its traceback."""
    if app.store_error is not None:
        raise app.store_error
    return int(app.return_code or EXIT_OK)


def out(text: str | None) -> str:
    """Text from the cache, cleaned once more before it reaches the terminal."""
    return clean_text(text or "")


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def headline_filter(args: argparse.Namespace) -> HeadlineFilter:
    return HeadlineFilter(
        source=getattr(args, "source", None),
        section=getattr(args, "section", None),
        unread=getattr(args, "unread", False),
        starred=getattr(args, "starred", False),
    )


def feed_label(source: str, section: str) -> str:
    return f"{clean_line(source)} › {clean_line(section)}"


def spec_for(url: str, section: str | None, name: str | None, title: str | None) -> FeedSpec:
    from urllib.parse import urlsplit

    return FeedSpec(
        source=clean_line(name or title or urlsplit(url).hostname or url, 200),
        section=clean_line(section or "Umum", 200),
        url=url,
    )


def since(hours: float, now: datetime) -> datetime:
    return now - timedelta(hours=hours)
