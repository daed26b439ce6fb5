"""Plain text of a feed's HTML, for the search index only (never shown: htmlbody renders)."""

from __future__ import annotations

import html
import re

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
MAX_INDEXED_CHARS = 200_000


def searchable_text(content_html: str) -> str:
    """The words of the HTML: tags and invisible elements dropped, entities decoded."""
    if not content_html:
        return ""
    text = _COMMENT.sub(" ", content_html[: MAX_INDEXED_CHARS * 2])
    text = _INVISIBLE.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()[:MAX_INDEXED_CHARS]
