"""The one place untrusted text is cleaned, and URLs vetted.

Everything from outside (feeds, pages, servers, OPML, config values shown back) passes here
before it is stored or shown. Textual writes ESC, CSI, OSC and C1 bytes in text straight to the
terminal, so they are removed, not escaped. Markup is never interpreted: widgets get `Text` /
`Content` objects, never markup strings, so brackets need no escaping here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

# C0 except TAB/LF, DEL, C1, lone surrogates, bidi embeddings/overrides/isolates and marks,
# invisible separators and BOM, interlinear annotation controls.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_WHITESPACE = re.compile(r"\s+")
_MAX_COMBINING = 4  # Arabic and Hebrew stack up to about 4 marks on a letter; zalgo, thousands

TITLE_LIMIT = 1_000
FIELD_LIMIT = 4_000
URL_LIMIT = 4_096


@functools.cache
def _combining_run() -> re.Pattern[str]:
    """Runs of more than _MAX_COMBINING combining marks (Mn/Me) of any script, not only the
    Latin diacritic blocks (zalgo also uses Cyrillic U+0489, Hebrew, Thai…). Built on first
    use from unicodedata (~20 ms), so it follows Python's Unicode version."""
    marks = [
        code
        for code in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0))
        if unicodedata.category(chr(code)) in ("Mn", "Me")
    ]
    ranges: list[str] = []
    start = previous = marks[0]
    for code in [*marks[1:], -1]:
        if code != previous + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(previous))) * (previous > start)
            )
            start = code
        previous = code
    return re.compile(f"[{''.join(ranges)}]{{{_MAX_COMBINING + 1},}}")


def limit_combining(text: str) -> str:
    """Keep at most a few combining marks in a row (10,000 of them would wreck the layout)."""
    if text.isascii():
        return text
    return _combining_run().sub(lambda run: run.group(0)[:_MAX_COMBINING], text)


def clean_text(text: str | None, limit: int | None = None) -> str:
    """Text with line structure kept: controls gone, CR/TAB normalised, length capped."""
    if not text:
        return ""
    if limit is not None and len(text) > limit * 2:
        text = text[: limit * 2]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROLS.sub("", text)
    text = limit_combining(text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_line(text: str | None, limit: int = TITLE_LIMIT) -> str:
    """One line of text (a title, a name): controls gone, whitespace collapsed, capped."""
    if not text:
        return ""
    if len(text) > limit * 4:
        text = text[: limit * 4]
    text = _CONTROLS.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip()
    text = limit_combining(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def clean_optional(text: str | None, limit: int = FIELD_LIMIT) -> str | None:
    """`clean_line`, but None for nothing left."""
    cleaned = clean_line(text, limit)
    return cleaned or None


def safe_url(url: str | None, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """An absolute URL with an allowed scheme and a host, cleaned; None for anything else.

    Only such URLs may be opened, fetched or copied. Whitespace and controls are removed
    (a URL cannot contain them), which also removes bidi tricks that hide the real target.
    """
    if not url:
        return None
    url = _CONTROLS.sub("", url)
    url = _WHITESPACE.sub("", url)
    if not url or len(url) > URL_LIMIT:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or not parts.netloc or not parts.hostname:
        return None
    return url


def fold_for_search(text: str) -> str:
    """Lower-case, accents removed: for comparing words regardless of how they were typed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
