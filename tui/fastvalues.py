"""feedparser's rules for values: text finished, URLs joined, types mapped, people and tags.

Shared by `tui.fasthandlers`, each function is the step feedparser 6.0 takes, so that
`tui.fastparse` gives the dictionaries feedparser gives.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/html")
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # feedparser.urls._urljoin
_EMAIL = re.compile(  # feedparser's _sync_author_detail
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_HTMLISH = re.compile(r"</(\w+)>|&#?\w+;")
# feedparser maps C1 controls to the characters cp1252 puts there (feedparser.html._cp1252).
_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def urljoin(uri: str) -> str:
    """feedparser's `_urljoin("", uri)`: extra slashes after the scheme removed."""
    return _URI_FIXER.sub(r"\1\3", uri) if ":///" in uri else uri


def finish(text: str) -> str:
    """feedparser's last steps for an element's text: mis-decoded UTF-8 repaired, C1 mapped."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252)


def looks_like_html(text: str) -> bool:
    if ("</" not in text and "&" not in text) or not _HTMLISH.search(text):
        return False
    from feedparser.mixin import _FeedParserMixin  # rarely needed: a title with markup

    return bool(_FeedParserMixin.looks_like_html(text))


_SHORT_TYPES = {
    "text": "text/plain",
    "plain": "text/plain",
    "html": "text/html",
    "xhtml": "application/xhtml+xml",
}


def map_type(content_type: str) -> str:
    content_type = content_type.lower()
    return _SHORT_TYPES.get(content_type, content_type)


def enforce_href(attributes: dict[str, Any]) -> dict[str, Any]:
    href = attributes.get("url", attributes.get("uri", attributes.get("href")))
    if href:
        attributes.pop("url", None)
        attributes.pop("uri", None)
        attributes["href"] = href
    return attributes


def add_tag(data: dict[str, Any], term: str | None, scheme: str | None, label: str | None) -> None:
    tags = data.setdefault("tags", [])
    if not term and not scheme and not label:
        return
    tag = {"term": term, "scheme": scheme, "label": label}
    if tag not in tags:
        tags.append(tag)


def save_author(data: dict[str, Any], key: str, value: str, prefix: str = "author") -> None:
    data.setdefault(prefix + "_detail", {})[key] = value
    sync_person(data, "author")
    data.setdefault("authors", [{}])[-1][key] = value


def sync_person(data: dict[str, Any], key: str) -> None:
    """feedparser's _sync_author_detail: the byline and its parsed detail kept in step."""
    detail = data.get(key + "s", [{}])[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            data[key] = f"{name} ({email})"
        elif name or email:
            data[key] = name or email
        return
    author, email = data.get(key), None
    if not author:
        return
    match = _EMAIL.search(author) if "@" in author else None
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        data.setdefault(key + "_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email
