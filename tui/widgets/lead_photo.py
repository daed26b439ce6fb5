"""The lead photo in the article pane, drawn with textual-image where the terminal can show images.

textual-image asks the terminal what it supports (Sixel, the Kitty graphics protocol) by writing
a query and reading the answer from stdin. Once Textual runs, its input thread takes that answer,
so `probe_image_support()` must be called before the app starts; until it is (Pilot tests, pipes,
plain terminals) no image is ever fetched or drawn and the pane keeps its caption placeholder.
textual-image (and Pillow) are imported only by the probe and the functions below.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from textual.widget import Widget

MAX_PIXELS = 40_000_000  # refuse to decode more than this (a small file can claim a huge image)
SHOWN_SIZE = (1600, 1600)  # decoded images are scaled down to at most this
MAX_ROWS = 18  # the photo never takes more of the pane's height than this

_protocol: str | None = None  # "sixel" or "tgp" once probed on a terminal that has one


def probe_image_support() -> str | None:
    """Ask the terminal (before the app starts) which image protocol it has; None for none.

    Half-cell and Unicode block "images" do not count: they are no photo, and the placeholder
    with the caption says more. Never raises.
    """
    global _protocol
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None or os.environ.get("TERM", "") in ("", "dumb"):
        return None
    if os.environ.get("BERITA_IMAGES", "").lower() in ("0", "off", "no", "false"):
        return None
    # Its warnings (a terminal that does not answer) would be printed over the first frame.
    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    try:
        if not (stdin.isatty() and stdout.isatty()):
            return None
        from textual_image import renderable
        from textual_image.renderable.sixel import Image as SixelImage
        from textual_image.renderable.tgp import Image as TGPImage

        found = renderable.Image
        import textual_image.widget  # noqa: F401  (caches the cell size while it can be asked)
    except Exception:  # a terminal that answers oddly must not stop the reader
        return None
    _protocol = "sixel" if found is SixelImage else "tgp" if found is TGPImage else None
    return _protocol


def start_image_probe() -> threading.Thread:
    """Run `probe_image_support()` in a thread; join it before the app starts.

    The probe mostly waits for the terminal's answers (up to 0.1 s per question when it does
    not answer), so it overlaps with importing the app instead of adding to startup.
    """
    thread = threading.Thread(target=probe_image_support, name="image-probe", daemon=True)
    thread.start()
    return thread


def image_protocol() -> str | None:
    """The protocol found by `probe_image_support()`; None when there is none or no probe ran."""
    return _protocol


def load_photo(path: Path) -> Any | str:
    """Decode a cached photo for display (a Pillow image, scaled down); else the problem.

    Slow for big photos: call it from a thread worker.
    """
    try:
        from PIL import Image

        with Image.open(path) as opened:
            width, height = opened.size
            if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
                return f"image: {width}×{height} pixels is too large to show"
            opened.draft("RGB", SHOWN_SIZE)  # JPEG: decode at a reduced scale
            photo = opened.convert("RGB")
        photo.thumbnail(SHOWN_SIZE)
        return photo
    except Exception as exc:  # a broken file is only a missing photo
        return f"image: cannot decode: {type(exc).__name__}"


def photo_widget(photo: Any, *, classes: str) -> Widget:
    """The textual-image widget showing a decoded photo."""
    from textual_image.widget import Image

    return Image(photo, classes=classes)


def fit_cells(picture: Widget, max_columns: int, max_rows: int = MAX_ROWS) -> tuple[int, int]:
    """Columns × rows showing the picture's photo whole, as wide as fits, at most `max_rows`."""
    from textual_image._terminal import get_cell_size  # cached by the probe; asks nothing now

    photo = getattr(picture, "image", None)
    width, height = getattr(photo, "size", (0, 0))
    if width <= 0 or height <= 0:
        return 0, 0
    cell = get_cell_size()
    columns = max(1, max_columns)
    rows = round(columns * cell.width * height / width / cell.height)
    if rows > max_rows:
        rows = max_rows
        columns = min(columns, round(rows * cell.height * width / height / cell.width))
    return max(1, columns), max(1, rows)
