"""Lead photos: fetch an article's image within the feed limits and keep it in the cache.

An image fetch is a page fetch in miniature: http(s) only, bounded in size and time, and never
to a loopback, link-local or private address unless the article's feed lives on one or the user
allowed the local network. Only JPEG, PNG, GIF and WebP are kept, and only when the bytes say so
too (a server's Content-Type is a claim, not a fact). Files are named by the SHA-256 of the URL,
so nothing from the URL becomes a path. Nothing here raises: callers get a path or a problem.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui.config import Config
from tui.model import Article, Feed
from tui.sanitize import clean_line

IMAGE_ACCEPT = "image/webp, image/png, image/jpeg, image/gif;q=0.9"
MAX_IMAGE_BYTES = 5_000_000
IMAGE_DEADLINE = 30.0  # seconds: a photo is worth less waiting than a page
CACHE_MAX_FILES = 400  # the oldest are removed beyond these
CACHE_MAX_BYTES = 200_000_000
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def image_cache_dir(cache_dir: Path) -> Path:
    return cache_dir / "images"


def cached_image_path(cache_dir: Path, url: str) -> Path:
    """Where the image at `url` is (or would be) cached."""
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return image_cache_dir(cache_dir) / digest


def image_format(data: bytes) -> str | None:
    """The image type the first bytes announce (`image/png`, …); None when not one we keep."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def cached_image(cache_dir: Path, url: str) -> Path | None:
    """The cached file for `url` when there is a usable one."""
    path = cached_image_path(cache_dir, url)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    return path if image_format(head) is not None else None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune_cache(
    cache_dir: Path, max_files: int = CACHE_MAX_FILES, max_bytes: int = CACHE_MAX_BYTES
) -> int:
    """Remove the least recently written images beyond the limits; how many were removed."""
    folder = image_cache_dir(cache_dir)
    try:
        entries = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(folder)]
    except OSError:
        return 0
    entries.sort(reverse=True)  # newest first
    removed = total = 0
    for index, (_, size, path) in enumerate(entries):
        total += size
        if index >= max_files or total > max_bytes:
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
    return removed


async def fetch_image(
    fetcher: Any, cache_dir: Path, url: str, *, allow_private: bool
) -> Path | str:
    """The cached image for `url`, fetched first when not cached; else the problem."""
    try:
        cached = cached_image(cache_dir, url)
        if cached is not None:
            return cached
        result = await fetcher.fetch(url, accept=IMAGE_ACCEPT, allow_private=allow_private)
        if result.error or result.body is None:
            return f"image: {result.error or 'no content'}"
        media_type = _media_type(result.content_type)
        if media_type not in IMAGE_TYPES:
            shown = clean_line(media_type, 60) or "none"
            return f"image: not an image we show (Content-Type {shown})"
        if len(result.body) > MAX_IMAGE_BYTES:
            return f"image: too large: {len(result.body)} bytes, limit {MAX_IMAGE_BYTES}"
        if image_format(result.body[:16]) is None:
            return f"image: the content is not a {media_type.removeprefix('image/')} image"
        path = cached_image_path(cache_dir, url)
        await asyncio.to_thread(_write_atomically, path, result.body)
        return path
    except OSError as exc:
        return f"image: cache not writable: {clean_line(exc.strerror or str(exc), 200)}"
    except Exception as exc:  # never raises: a photo is not worth a crash
        return f"image: {type(exc).__name__}: {clean_line(str(exc), 200)}"


def feed_of(article: Article, feeds: Sequence[Feed]) -> Feed | None:
    """The feed an article came from (its source and one of its sections)."""
    return next(
        (f for f in feeds if f.source == article.source and f.section in article.sections), None
    )


def fetch_lead_image_blocking(
    config: Config, cache_dir: Path, article: Article, feeds: Sequence[Feed]
) -> Path | str:
    """The cached lead photo of `article`, fetched now when needed; else the problem.

    Blocking (it runs its own event loop): call it from a thread worker.
    """
    from tui.fetch import Fetcher
    from tui.fulltext import feed_is_local
    from tui.refresh import fetch_limits

    image = article.image
    if image is None:
        return "image: the article has no photo"
    cached = cached_image(cache_dir, image.url)
    if cached is not None:
        return cached
    feed = feed_of(article, feeds)
    try:
        allow = config.fetch.allow_local_network or (feed is not None and feed_is_local(feed.url))
        limits = fetch_limits(config)
        limits = replace(
            limits,
            max_bytes=min(limits.max_bytes, MAX_IMAGE_BYTES),
            deadline=min(limits.deadline, IMAGE_DEADLINE),
            concurrency=1,
        )

        async def main() -> Path | str:
            async with Fetcher(limits) as fetcher:
                return await fetch_image(fetcher, cache_dir, image.url, allow_private=allow)

        found = asyncio.run(main())
    except Exception as exc:
        return f"image: {type(exc).__name__}: {clean_line(str(exc), 200)}"
    if isinstance(found, Path):
        prune_cache(cache_dir)
    return found
