"""Simple feed markup as plain text, and its first image, without html.parser when it can.

Most feed summaries are a few paragraphs and inline tags: read with regular expressions, they
give exactly what `htmlbody.html_to_text` and `htmlbody.first_image` give, far sooner.
Anything less simple goes to htmlbody itself, so results never differ.
"""

from __future__ import annotations

import html
import re

from tui import htmlbody
from tui.sanitize import clean_text

# Markup simple enough for the quick way: known tags, well-formed, no comments or raw-text
# elements.
_QUICK_SPLIT = re.compile(  # groups: "/", end tag name, start tag name, "/" of <br/>
    r"<(?:(/)([a-zA-Z][a-zA-Z0-9]*)\s*|([a-zA-Z][a-zA-Z0-9]*)"
    r"(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'|[^\s\"'=<>`]+))?)*"
    r"\s*(/?))>"
)
_QUICK_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'|[^\s\"'=<>`]+))?)*)"
    r"\s*(/?)>"
)
_QUICK_ATTR = re.compile(
    r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_QUICK_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 article section header footer main aside figure figcaption "
    "center address".split()
)
_QUICK_INLINE = frozenset(
    "a b strong i em cite span u s small big sub sup font abbr mark time code q del ins "
    "strike tt kbd var dfn".split()
)
_QUICK_VOID = frozenset(("br", "img", "wbr"))
_QUICK_KNOWN = _QUICK_BLOCKS | _QUICK_INLINE | _QUICK_VOID
_RAW_TEXT = frozenset(
    "script style textarea title xmp iframe noembed noframes noscript plaintext".split()
)
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")  # whitespace as htmlbody collapses it
_COLLAPSED = ("  ", "\n", "\xa0", "\t", "\r", "\f", "\v")
_BLANK_LINES = re.compile(r"\n{3,}")
_NO_LEADING_SPACE = ("", " ", "\n")


def _quick_tokens(markup: str) -> tuple[list[str], list[tuple[str, str | None, str | None]]] | None:
    """The texts between tags (one more than the tags) and each tag as (name, "/" or "", "/"
    or ""), names lower-cased; None when any "<" starts no simple, known tag."""
    pieces = _QUICK_SPLIT.split(markup)
    texts = pieces[::5]
    for text in texts:
        if "<" in text:
            return None
    names = [(end or start).lower() for end, start in zip(pieces[2::5], pieces[3::5], strict=True)]
    if not _QUICK_KNOWN.issuperset(names):
        return None
    return texts, list(zip(names, pieces[1::5], pieces[4::5], strict=True))


def _clean_runs(texts: list[str], clean: bool) -> list[str]:
    """Each text unescaped, cleaned (`sanitize.clean_text`) and its whitespace collapsed.

    Cleaned in one call, joined by "<" (which no text between tags contains): cleaning works
    character by character, and "<" stops a run of combining marks as a tag would. Texts of
    markup `clean_text` leaves as it is (`clean`) need it only where entities were decoded.
    """
    unescaped = [html.unescape(text) if "&" in text else text for text in texts]
    joined = "<".join(unescaped)
    if clean and unescaped == texts:
        return _collapse(joined).split("<")
    if joined.count("<") == len(texts) - 1:
        return _collapse(clean_text(joined)).split("<")
    return [_collapse(clean_text(text)) for text in unescaped]


def _collapse(text: str) -> str:
    for space in _COLLAPSED:  # a few quick scans spare a regex stopping at every space
        if space in text:
            return _SPACES.sub(" ", text)
    return text


def _quick_text(markup: str, clean: bool = False) -> str | None:
    """`htmlbody.html_to_text(markup, link_refs=False)` for simple markup, else None.

    The same steps as htmlbody's parser, for paragraphs, headings, line breaks and inline
    tags only: text unescaped then cleaned, whitespace collapsed, blocks apart by blank lines.
    """
    tokens = _quick_tokens(markup)
    if tokens is None:
        return None
    texts, tags = tokens
    blocks: list[str] = []
    run: list[str] = []
    last = ""  # the last character of the block so far; "" for an empty block
    stack: list[str] = []
    cleaned = _clean_runs(texts, clean)
    for text, (name, closing, self_closing) in zip(cleaned, tags, strict=False):
        if text:
            if last in _NO_LEADING_SPACE:
                text = text.lstrip(" ")
            if text:
                run.append(text)
                last = text[-1]
        boundary = False
        if name == "br":  # </br> too
            if last == "\n":
                boundary = True
            elif last:
                run.append("\n")
                last = "\n"
        elif closing:
            if name in stack:
                while stack:
                    top = stack.pop()
                    boundary = boundary or top in _QUICK_BLOCKS
                    if top == name:
                        break
            else:
                boundary = name == "p"  # a stray </p> reads as <p></p>
        elif name in _QUICK_BLOCKS:
            boundary = True
            if not self_closing:
                stack.append(name)
        elif name in _QUICK_INLINE and not self_closing:
            stack.append(name)
        if boundary and last:
            block = "".join(run).rstrip(" \n")
            run, last = [], ""
            if block.strip():
                blocks.append(block)
    text = cleaned[-1]
    if text and last in _NO_LEADING_SPACE:
        text = text.lstrip(" ")
    if text:
        run.append(text)
    block = "".join(run).rstrip(" \n")
    if block.strip():
        blocks.append(block)
    text = "\n\n".join(blocks)
    return _BLANK_LINES.sub("\n\n", text) if "\n\n\n" in text else text


def plain_text(markup: str, *, clean: bool = False) -> str:
    """Markup as plain text without link references (`htmlbody.html_to_text`), quickly.

    `clean`: `sanitize.clean_text` is known to leave `markup` as it is (and so any part of it).
    """
    quick = _quick_text(markup, clean)
    return quick if quick is not None else htmlbody.html_to_text(markup, link_refs=False)


def first_image(markup: str, base: str | None) -> tuple[str, str | None] | None:
    """`htmlbody.first_image`, without html.parser when the markup before the image is simple."""
    if "<img" not in markup and "<IMG" not in markup:
        return None
    position = 0
    while (opening := markup.find("<", position)) >= 0:
        tag = _QUICK_TAG.match(markup, opening)
        if tag is None:
            break
        closing, name, attrs, _ = tag.groups()
        name = name.lower()
        if name in _RAW_TEXT:
            break
        if not closing and name == "img":
            found = htmlbody.image_from_attrs(_attributes(attrs), base)
            if found is not None:
                return found
        position = tag.end()
    else:
        return None
    return htmlbody.first_image(markup, base)


def _attributes(text: str) -> dict[str, str | None]:
    """Attributes as html.parser reports them: names lower-cased, values unescaped, the last
    of a repeated name kept (an attribute without a value is "", which reads as None does)."""
    return {
        name.lower(): html.unescape(double or single or bare)
        for name, double, single, bare in _QUICK_ATTR.findall(text)
    }
