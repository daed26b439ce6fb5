"""Plain text of a feed's HTML, for the search index only (never shown: htmlbody renders)."""

from __future__ import annotations

import html
import re

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE_START = re.compile(r"<(?:script|style|template)\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
MAX_INDEXED_CHARS = 200_000
ELLIPSIS = "…"  # what sanitize.clean_text ends a text with when it cuts it short


def searchable_words(content_html: str) -> list[str]:
    """The words of the HTML: tags and invisible elements dropped, entities decoded.

    The rarely needed passes run only when their markers occur (a 2 KB body: 36 µs with every
    pass and a regex for spaces, 12 µs this way).
    """
    if not content_html:
        return []
    text = content_html[: MAX_INDEXED_CHARS * 2]
    if "<!--" in text:
        text = _COMMENT.sub(" ", text)
    if _INVISIBLE_START.search(text):
        text = _INVISIBLE.sub(" ", text)
    text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text.split()


def searchable_text(content_html: str) -> str:
    return " ".join(searchable_words(content_html))[:MAX_INDEXED_CHARS]


def body_beyond_summary(content_html: str, summary: str) -> str:
    """The text of the body the search index needs besides the summary (stored as body_text).

    In most feeds the summary is the body's text, or its start cut short (77% of the fixture
    feeds' entries): indexing both tokenised those words twice, the costliest part of saving
    new articles. When the body's words begin with the summary's, only the words after them are
    returned (from the word the summary was cut in, when it was cut); else the whole body.
    Either way every word of the body is in the summary or in what is returned.
    """
    words = searchable_words(content_html)
    said = summary.split()
    cut_word = ""
    if said and said[-1].endswith(ELLIPSIS):
        cut_word = said.pop()[: -len(ELLIPSIS)]
    count = len(said)
    if count and words[:count] == said and (not cut_word or _starts(words, count, cut_word)):
        words = words[count:]
    return " ".join(words)[:MAX_INDEXED_CHARS]


def _starts(words: list[str], index: int, prefix: str) -> bool:
    return index < len(words) and words[index].startswith(prefix)
