"""Lead photos: fetched within limits from a local server, cached, refused when they should be,
and in the reader shown only where the terminal has an image protocol (never under Pilot)."""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.support.reader_data import FeedData, build_store, clock, entry, reader_config
from tests.support.server import FeedServer
from tui.config import FetchConfig
from tui.fetch import Fetcher, FetchLimits
from tui.images import (
    MAX_IMAGE_BYTES,
    cached_image_path,
    fetch_image,
    fetch_lead_image_blocking,
    prune_cache,
)
from tui.model import Article, Feed, HeadlineFilter, Image
from tui.store import Store
from tui.widgets import lead_photo

CAPTION = "Warga melintasi genangan rob di Muara Angke."


def png(width: int = 4, height: int = 3) -> bytes:
    """A real, tiny RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG_TYPE = {"Content-Type": "image/png"}


async def fetch(url: str, cache: Path, *, allow_private: bool = True) -> Path | str:
    async with Fetcher(FetchLimits(deadline=5.0)) as fetcher:
        return await fetch_image(fetcher, cache, url, allow_private=allow_private)


async def test_a_png_is_cached_and_the_second_call_makes_no_request(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/photo.png", png(), headers=PNG_TYPE)
    first = await fetch(url, tmp_path)
    assert isinstance(first, Path), first
    assert first == tmp_path / "images" / hashlib.sha256(url.encode()).hexdigest()
    assert first.read_bytes() == png()
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temporary file left
    assert server.request_headers[0][1]["Accept"].startswith("image/")
    second = await fetch(url, tmp_path)
    assert second == first
    assert server.hits["/photo.png"] == 1


@pytest.mark.parametrize(
    ("body", "headers", "problem"),
    [
        (b"<html>hi</html>", {"Content-Type": "text/html"}, "Content-Type text/html"),
        (b"<html>hi</html>", PNG_TYPE, "not a png image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_IMAGE_BYTES, PNG_TYPE, "too large"),
        (b"", {"Location": "file:///etc/passwd"}, "refused redirect to a file: URL"),
    ],
    ids=["html", "html-claiming-png", "too-large", "redirect-to-file"],
)
async def test_what_is_not_a_bounded_image_is_refused_with_a_clear_problem(
    server: FeedServer, tmp_path: Path, body: bytes, headers: dict[str, str], problem: str
) -> None:
    status = 302 if "Location" in headers else 200
    url = server.route("/photo", body, status=status, headers=headers)
    found = await fetch(url, tmp_path)
    assert isinstance(found, str)
    assert found.startswith("image: ")
    assert problem in found
    assert not cached_image_path(tmp_path, url).exists()


def kompas_article(store: Store) -> tuple[Article, list[Feed]]:
    headline = store.headlines(HeadlineFilter(source="Kompas"), limit=1)[0]
    article = store.article(headline.id)
    assert article is not None
    return article, store.feeds(include_inactive=True)


def photo_store(tmp_path: Path, image_url: str) -> Store:
    image = Image(image_url, caption=CAPTION, credit="Asmadi")
    feeds = [FeedData("Kompas", "Megapolitan", [entry("k-1", "Banjir rob", 5, image=image)])]
    return build_store(tmp_path / "berita.sqlite3", feeds)


def test_a_public_feed_cannot_make_the_reader_fetch_a_local_address(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/photo.png", png(), headers=PNG_TYPE)
    article, feeds = kompas_article(photo_store(tmp_path, url))
    public = [replace(feed, url="http://1.1.1.1/rss.xml") for feed in feeds]  # no DNS needed
    config = reader_config()

    found = fetch_lead_image_blocking(config, tmp_path / "cache", article, public)
    assert isinstance(found, str)
    assert "refused" in found and "local address" in found
    assert server.hits["/photo.png"] == 0

    local = [replace(feed, url=server.url("/rss.xml")) for feed in feeds]  # the feed is local
    assert isinstance(fetch_lead_image_blocking(config, tmp_path / "cache", article, local), Path)
    allowed = replace(config, fetch=FetchConfig(allow_local_network=True))
    assert isinstance(fetch_lead_image_blocking(allowed, tmp_path / "c2", article, public), Path)
    assert server.hits["/photo.png"] == 2


def test_the_cache_keeps_the_newest_files(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    for number in range(5):
        path = folder / f"{number:064x}"
        path.write_bytes(b"x" * 10)
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
    assert prune_cache(tmp_path, max_files=3) == 2
    assert sorted(p.name[-1] for p in folder.iterdir()) == ["2", "3", "4"]


# -- the reader ----------------------------------------------------------------------------


async def show_photo_article(store: Store, config: Any, cache_dir: Path) -> tuple[Any, list[str]]:
    from tui.app import BeritaApp
    from tui.widgets.article_view import ArticleView

    def fetch_image(article: Any) -> Any:  # what `berita` hands the app (tui/cli.py)
        feeds = store.feeds(include_inactive=True)
        return fetch_lead_image_blocking(config, cache_dir, article, feeds)

    app = BeritaApp(config=config, store=store, clock=clock, fetch_image=fetch_image)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one("#article", ArticleView)
        assert view.article is not None and view.article.image is not None
        order = [child.id or " ".join(child.classes) for child in view.children if child.display]
        caption = str(view.query_one("#article-photo").render())
    return caption, order


async def test_without_an_image_protocol_the_caption_placeholder_shows_and_nothing_is_fetched(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.route("/photo.png", png(), headers=PNG_TYPE)
    store = photo_store(tmp_path, url)
    assert lead_photo.image_protocol() is None  # Pilot: no probe, no protocol
    caption, order = await show_photo_article(store, reader_config(), tmp_path / "cache")
    assert CAPTION in caption
    assert "tekan i untuk membuka foto" in caption
    assert "article-picture" not in order
    assert server.hits["/photo.png"] == 0


async def test_with_an_image_protocol_the_photo_is_drawn_above_its_caption(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    widgets = pytest.importorskip("textual_image.widget")
    url = server.route("/photo.png", png(40, 20), headers=PNG_TYPE)
    store = photo_store(tmp_path, url)
    monkeypatch.setattr(lead_photo, "_protocol", "tgp")
    # The real TGP/Sixel widgets write straight to sys.__stdout__; half cells draw in the frame.
    monkeypatch.setattr(
        lead_photo,
        "photo_widget",
        lambda photo, classes: widgets.HalfcellImage(photo, classes=classes),
    )
    config = replace(reader_config(), fetch=FetchConfig(allow_local_network=True))
    caption, order = await show_photo_article(store, config, tmp_path / "cache")
    assert order.index("article-picture") == order.index("article-photo") - 1
    assert CAPTION in caption
    assert server.hits["/photo.png"] == 1
