"""feedparser's handlers for the elements `tui.fastparse` reads, one method each.

Each `_start_*`/`_end_*` pair of feedparser 6.0 that fills a key `tui.parse` reads becomes one
method of `ElementHandlers`, named in `fastnames.ENTRY_KEYS` and `fastnames.FEED_KEYS`; an
element with no handler must be one of `fastnames.HARMLESS`, or the reading declines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tui.fastnames import (
    ENTRY_KEYS,
    FEED_KEYS,
    HANDLER_PREFIXES,
    HARMLESS,
    KEY_ALIASES,
    RDF,
    READ_KEYS,
    Decline,
    Namespaces,
)
from tui.fastvalues import (
    HTML_TYPES,
    TEXT_TYPES,
    add_tag,
    enforce_href,
    finish,
    looks_like_html,
    map_type,
    save_author,
    sync_person,
    urljoin,
)

_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_ITUNES_SCHEME = "http://www.itunes.com/"
_MEDIA_SCHEME = "http://search.yahoo.com/mrss/category_schema"

Element = etree._Element


@dataclass
class Context:
    """The feed or an entry being filled."""

    data: dict[str, Any] = field(default_factory=dict)
    entry: bool = False


class ElementHandlers:
    """Reads one element of a feed or an entry into its dictionary, as feedparser would.

    Besides each feed's and entry's fields, two of feedparser's states outlive an element:
    whether content was seen (a second description is content, until an item ends) and the
    depth of the last title (a later title no deeper is ignored).
    """

    def __init__(self, namespaces: Namespaces) -> None:
        self.names = namespaces
        self.atom = False
        self.has_content = False
        self.title_depth = -1
        self.entry_handlers = {key: getattr(self, "_" + name) for key, name in ENTRY_KEYS.items()}
        self.feed_handlers = {key: getattr(self, "_" + name) for key, name in FEED_KEYS.items()}

    # -- dispatch --------------------------------------------------------------------------

    @staticmethod
    def _children(element: Element) -> Any:
        return element.iterchildren(etree.Element)  # elements only: no comments, no PIs

    def _entry_child(self, context: Context, child: Element, depth: int, in_media: bool) -> None:
        key = self.names.key(child.tag)
        handler = self.entry_handlers.get(key)
        if handler is None:
            self._harmless(child)
        elif in_media and not key.startswith("media_"):
            raise Decline  # feedparser's depth rules for nested fields are not reproduced
        else:
            handler(context, child, key, depth)

    def _harmless(self, element: Element, also: frozenset[str] = frozenset()) -> None:
        """An element feedparser files under a name `tui.parse` never reads; else decline."""
        key = self.names.key(element.tag)
        prefix = key.split("_", 1)[0] if "_" in key else ""
        if (key not in HARMLESS and key not in also) and (
            prefix in HANDLER_PREFIXES or KEY_ALIASES.get(key, key) in READ_KEYS
        ):
            raise Decline
        if key == "source":
            self.title_depth = -1
        for child in self._children(element):
            self._harmless(child, also)

    # -- values ----------------------------------------------------------------------------

    @staticmethod
    def _text(element: Element) -> str:
        """A leaf element's text (comments or child elements inside: decline)."""
        if len(element):
            raise Decline
        return element.text or ""

    @staticmethod
    def _attributes(element: Element) -> dict[str, Any]:
        """feedparser's attribute dictionary: names lower-cased, rel and type values too."""
        found: dict[str, Any] = {}
        for name, value in element.items():
            if name[0] == "{":
                namespace, _, local = name[1:].partition("}")
                if namespace == RDF:
                    name = "rdf:" + local
                elif namespace == "http://www.w3.org/XML/1998/namespace":
                    name = "xml:" + local
                else:
                    raise Decline  # feedparser files it under its bare name: clashes
            if not name.isascii():
                raise Decline
            name = name.lower()
            found[name] = value.lower() if name in ("rel", "type") else value
        return found

    def _check_attributes(self, element: Element, allowed: tuple[str, ...]) -> dict[str, Any]:
        attributes = self._attributes(element)
        if any(name not in allowed and name != "xml:lang" for name in attributes):
            raise Decline
        return attributes

    def _content_type(self, element: Element, default: str) -> str:
        attributes = self._attributes(element)
        if "mode" in attributes or "src" in attributes:
            raise Decline  # base64 or out-of-line content
        content_type = map_type(attributes.get("type", default))
        if content_type not in TEXT_TYPES:
            raise Decline  # XHTML or binary content
        return content_type

    def _text_construct(self, element: Element, default: str) -> dict[str, str]:
        """A title, summary or content as feedparser's detail dictionary."""
        content_type = self._content_type(element, default)
        text = self._text(element).strip()
        if not self.atom and content_type == "text/plain" and looks_like_html(text):
            content_type = "text/html"
        return {"type": content_type, "value": finish(text), "base": ""}

    # -- handlers: feedparser's _start_* and _end_* methods, one element each --------------

    def _title(self, context: Context, element: Element, key: str, depth: int) -> None:
        detail = self._text_construct(element, "text/plain")
        if not -1 < self.title_depth <= depth:
            context.data["title"] = detail["value"]
            context.data["title_detail"] = detail
        if detail["value"]:
            self.title_depth = depth

    def _description(self, context: Context, element: Element, key: str, depth: int) -> None:
        self._summary_or_content(context, element, "text/html", summary=False)

    def _summary(self, context: Context, element: Element, key: str, depth: int) -> None:
        self._summary_or_content(context, element, "text/plain", summary=True)

    def _summary_or_content(
        self, context: Context, element: Element, default: str, summary: bool
    ) -> None:
        if "summary" in context.data and not self.has_content:
            self._content(context, element, "content", 0)  # a second one counts as content
            return
        detail = self._text_construct(element, default)
        if context.entry:
            context.data["summary_detail"] = detail
        if context.entry or summary:  # a feed's <description> is its subtitle
            context.data["summary"] = detail["value"]

    def _content(self, context: Context, element: Element, key: str, depth: int) -> None:
        self.has_content = True
        detail = self._text_construct(
            element, "text/html" if key == "content_encoded" else "text/plain"
        )
        context.data.setdefault("content", []).append(detail)
        context.data.setdefault("summary", detail["value"])

    def _link(self, context: Context, element: Element, key: str, depth: int) -> None:
        attributes = self._attributes(element)
        attributes.setdefault("rel", "alternate")
        if attributes["rel"] == "self":
            attributes.setdefault("type", "application/atom+xml")
        else:
            attributes.setdefault("type", "text/html")
        enforce_href(attributes)
        data = context.data
        links = data.setdefault("links", [])
        links.append(attributes)
        text = self._text(element)
        if "href" in attributes:
            attributes["href"] = urljoin(attributes["href"])
            if attributes["rel"] == "alternate" and map_type(attributes["type"]) in HTML_TYPES:
                data["link"] = attributes["href"]
            return
        text = text.strip()
        text = finish(urljoin(text) if text else text)
        if context.entry:
            if "&" in text:
                text = _LINK_ENTITY.sub(r"&\g<1>", text.replace("&amp;", "&"))
            data["link"] = text
            if text:
                links[-1]["href"] = text
        else:
            data["link"] = links[-1]["href"] = _LINK_ENTITY.sub(r"&\g<1>", text)

    def _guid(self, context: Context, element: Element, key: str, depth: int) -> None:
        is_link = self._attributes(element).get("ispermalink", "true") == "true"
        text = self._text(element).strip()
        text = finish(urljoin(text) if is_link and text else text)
        context.data["id"] = text
        if is_link:
            context.data.setdefault("link", text)

    def _date(self, context: Context, element: Element, key: str, depth: int) -> None:
        published = key in ("pubdate", "published", "issued", "dcterms_issued")
        context.data["published" if published else "updated"] = finish(self._text(element).strip())

    def _author(self, context: Context, element: Element, key: str, depth: int) -> None:
        data = context.data
        data.setdefault("authors", []).append({})
        pieces = [element.text or ""]
        for child in self._children(element):
            name = self.names.key(child.tag)
            text = self._text(child).strip()
            if name in ("name", "email"):
                save_author(data, name, text)
            elif name in ("uri", "url", "homepage"):
                save_author(data, "href", finish(urljoin(text) if text else text))
            else:
                raise Decline
            pieces.append(child.tail or "")
        data["author"] = finish("".join(pieces).strip())
        sync_person(data, "author")

    def _contributor(self, context: Context, element: Element, key: str, depth: int) -> None:
        people = context.data.setdefault("contributors", [])
        people.append({})
        if key == "dc_contributor":
            people[-1]["name"] = self._text(element).strip()
            return
        for child in self._children(element):
            name = self.names.key(child.tag)
            text = self._text(child).strip()
            if name in ("name", "email"):
                people[-1][name] = text
            elif name in ("uri", "url", "homepage"):
                people[-1]["href"] = finish(urljoin(text) if text else text)
            else:
                raise Decline

    def _owner(self, context: Context, element: Element, key: str, depth: int) -> None:
        """itunes:owner: its name and e-mail are the publisher's, and also the last author's."""
        for child in self._children(element):
            name = self.names.key(child.tag)
            if name not in ("itunes_name", "itunes_email"):
                raise Decline
            save_author(context.data, name[7:], self._text(child).strip(), "publisher")
        sync_person(context.data, "publisher")

    def _publisher(self, context: Context, element: Element, key: str, depth: int) -> None:
        context.data["publisher"] = finish(self._text(element).strip())
        sync_person(context.data, "publisher")

    def _category(self, context: Context, element: Element, key: str, depth: int) -> None:
        attributes = self._attributes(element)
        if key == "media_category":
            attributes.setdefault("scheme", _MEDIA_SCHEME)
        if key == "itunes_category":
            add_tag(context.data, attributes.get("text"), _ITUNES_SCHEME, None)
        else:
            scheme = attributes.get("scheme", attributes.get("domain"))
            add_tag(context.data, attributes.get("term"), scheme, attributes.get("label"))
        value = finish(self._text(element).strip())
        if not value:
            return
        tags = context.data["tags"]
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            add_tag(context.data, value, None, None)

    def _keywords(self, context: Context, element: Element, key: str, depth: int) -> None:
        if self._attributes(element):
            raise Decline
        scheme = _ITUNES_SCHEME if key == "itunes_keywords" else None
        for term in finish(self._text(element).strip()).split(","):
            if term.strip():
                add_tag(context.data, term.strip(), scheme, None)

    def _enclosure(self, context: Context, element: Element, key: str, depth: int) -> None:
        self._text(element)
        attributes = enforce_href(self._attributes(element))
        attributes["rel"] = "enclosure"
        context.data.setdefault("links", []).append(attributes)

    def _comments(self, context: Context, element: Element, key: str, depth: int) -> None:
        text = self._text(element)
        context.data[key] = self._attributes(element) or finish(text.strip())

    def _image(self, context: Context, element: Element, key: str, depth: int) -> None:
        self._text(element)
        attributes = self._attributes(element)
        href = attributes.get("href") or attributes.get("url")
        if href:
            context.data["image"] = {"href": href}

    def _media_content(self, context: Context, element: Element, key: str, depth: int) -> None:
        if key == "media_content":
            context.data.setdefault("media_content", []).append(self._attributes(element))
        for child in self._children(element):
            self._entry_child(context, child, depth + 1, in_media=True)

    def _media_thumbnail(self, context: Context, element: Element, key: str, depth: int) -> None:
        thumbnail = self._attributes(element)
        context.data.setdefault("media_thumbnail", []).append(thumbnail)
        text = self._text(element).strip()
        text = finish(urljoin(text) if text else text)
        if text.strip() and "url" not in thumbnail:
            thumbnail["url"] = text

    def _media_credit(self, context: Context, element: Element, key: str, depth: int) -> None:
        credits = context.data.setdefault("media_credit", [])
        credits.append(self._attributes(element))
        credit = finish(self._text(element).strip())
        if credit.strip():
            credits[-1]["content"] = credit
