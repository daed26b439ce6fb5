"""Who made a story, from its article page: reporter, editor, publisher, photographer.

A labelled line ("Reporter: …", "Editor : …", "Pewarta: …", "Foto: …") beats JSON-LD, which
beats meta tags; the lead photo's caption may name the photographer, a byline the reporter.
JSON-LD and meta tags also state the headline, date and read count, so those come back too.
Pure and bounded: `tui.extract` parses and walks the page, then calls `read_credits`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin

from tui.dates import parse_date
from tui.model import Credits, Image
from tui.sanitize import clean_line, clean_optional, safe_url

SCAN_LINE_LIMIT = 400  # credit and counter lines are short; longer lines are prose
SCAN_LINES = 5_000  # credits and counters are looked for in the page's first lines
NAME_LIMIT = 200
JSON_LD_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class PageCredits:
    """What a page's credit lines, bylines and metadata say. Strings are clean."""

    credits: Credits = field(default_factory=Credits)
    image: Image | None = None
    title: str | None = None  # JSON-LD headline, og:title, the first <h1>, <title>
    published: datetime | None = None
    stated_views: int | str | None = None  # JSON-LD's count: a number, or text to parse


def read_credits(
    root: Any, url: str, lines: Sequence[tuple[str, bool]], bylines: Sequence[Any]
) -> PageCredits:
    """Credits of the parsed page `root`, given its text `lines` and byline elements."""
    meta = _meta_tags(root)
    linked = _json_ld(root)
    labelled, photo_credit = _labelled_credits(lines)
    image = _lead_image(root, url, meta, linked)
    if image is not None and image.credit is None and photo_credit:
        image = Image(image.url, image.caption, photo_credit)
    credits = (
        _meta_credits(meta)
        .merged(linked.credits)
        .merged(Credits(photographer=_photographer(image.credit if image else None)))
        .merged(labelled)
    )
    if credits.reporter is None:
        credits = credits.merged(_byline_credits(bylines))
    return PageCredits(
        credits=credits,
        image=image,
        title=linked.title or _title(root, meta),
        published=linked.published or _published(root, meta),
        stated_views=linked.views,
    )


def is_byline(element: Any, names: str) -> bool:
    """Whether an element (with class and id `names`) is a byline: rel=author, .byline …"""
    return "author" in (element.get("rel"), element.get("itemprop")) or bool(_BYLINE.search(names))


def is_credit_line(line: str) -> bool:
    """A credit line, perhaps with a tail ("Penulis: Nama - detikNews"): furniture, not story."""
    found, rest = _labelled_in_line(line)
    return bool(found) and (
        not re.sub(r"[\W_]+", "", rest) or (len(line) <= 120 and _LABEL.match(line) is not None)
    )


# ---------------------------------------------------------------- labelled lines and bylines

_ROLE_OF_LABEL = {
    "pewarta foto": "photographer", "juru foto": "photographer", "fotografer": "photographer",
    "photographer": "photographer", "foto": "photographer", "photo": "photographer",
    "reporter": "reporter", "penulis": "reporter", "pewarta": "reporter", "wartawan": "reporter",
    "kontributor": "reporter", "jurnalis": "reporter", "author": "reporter", "writer": "reporter",
    "editor": "editor", "redaktur": "editor", "penyunting": "editor",
    "publisher": "publisher", "penerbit": "publisher",
}  # fmt: skip
_LABEL_WORDS = "|".join(
    label.replace(" ", r"\s+") for label in sorted(_ROLE_OF_LABEL, key=len, reverse=True)
)
_LABEL = re.compile(rf"(?<!\w)({_LABEL_WORDS})\s*:\s*", re.I)
# Kompas-style "<span>Penulis</span><span>Nama</span>": a label without a colon, alone on a line
_BARE_LABEL = re.compile(r"(penulis|reporter|pewarta|editor|redaktur|penyunting)\s+(.{2,60})", re.I)
_VALUE_END = re.compile(r"\s[|•·/–—-]\s|[|•·()\[\];]|\s(?:copyright|©)", re.I)
_NOT_NAMES = frozenset("admin administrator redaksi webmaster editor author choice pilihan".split())
_NOT_A_PERSON = re.compile(
    r"(?:dok\b|dokumentasi|istimewa|ist\b|ilustrasi|net\b|internet|tangkapan layar|screenshot"
    r"|humas|tim\b|antara|afp\b|ap\b|reuters|epa\b|getty|shutterstock|freepik|unsplash|pixabay"
    r"|youtube|instagram|facebook|twitter|tiktok)",
    re.I,
)


def _name_like(value: str, strict: bool = False) -> bool:
    """Looks like one or a few names: capitalised words, at most one lower-case ("dan", "bin")."""
    words = value.split()
    lower = sum(1 for word in words if not word[0].isupper())
    return (
        1 < len(value) <= 100
        and value[0].isalpha()
        and len(words) <= (5 if strict else 8)
        and lower <= (0 if strict else 1)
        and value.casefold() not in _NOT_NAMES
        and "://" not in value
    )


def _labelled_in_line(line: str) -> tuple[dict[str, str], str]:
    """The labelled credits in one line, and what else the line says."""
    found: dict[str, str] = {}
    matches = list(_LABEL.finditer(line))
    if not matches:
        bare = _BARE_LABEL.fullmatch(line) if len(line) <= 80 else None
        if bare and _name_like(bare[2], strict=True) and bare[2].replace(" ", "").isalpha():
            return {_ROLE_OF_LABEL[bare[1].lower()]: bare[2]}, ""
        return found, line
    rest = [line[: matches[0].start()]]
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        segment = line[match.end() : following.start() if following else len(line)]
        cut = _VALUE_END.search(segment)
        value = (segment[: cut.start()] if cut else segment).strip(" ,.:;-–—")
        rest.append(segment[cut.start() :] if cut else "")
        if _name_like(value):
            found.setdefault(_ROLE_OF_LABEL[" ".join(match[1].lower().split())], value)
    return found, "".join(rest)


def _labelled_credits(lines: Sequence[tuple[str, bool]]) -> tuple[Credits, str | None]:
    """Credits from labelled lines (first of each role wins), and the raw photo credit."""
    found: dict[str, str] = {}
    for line, _ in lines[:SCAN_LINES]:
        if len(line) <= SCAN_LINE_LIMIT:
            for role, value in _labelled_in_line(line)[0].items():
                found.setdefault(role, value)
    photo = clean_optional(found.pop("photographer", None), NAME_LIMIT)
    names = {role: clean_optional(value, NAME_LIMIT) for role, value in found.items()}
    return Credits(**names, photographer=_photographer(photo)), photo


def _photographer(credit: str | None) -> str | None:
    """The person in a photo credit: "ANTARA FOTO/Asmadi/rwa" → "Asmadi"; agencies are not."""
    for part in (credit or "").split("/")[:6]:
        part = part.strip(" .,")
        if (
            _name_like(part, strict=True)
            and not _NOT_A_PERSON.match(part)
            and not (" " not in part and (part.isupper() or re.search(r"[a-z][A-Z]", part)))
            and not re.search(r"\.[a-z]", part)  # KOMPAS.com, detik.com
        ):
            return clean_optional(part, NAME_LIMIT)
    return None


def _meta_credits(meta: dict[str, str]) -> Credits:
    def first(*keys: str) -> str | None:
        for key in keys:
            value = clean_line(meta.get(key), NAME_LIMIT)
            if value and _name_like(value):
                return value
        return None

    return Credits(
        reporter=first("author", "article:author", "dc.creator", "content_author"),
        editor=first("content_editor"),
        publisher=first("og:site_name"),
    )


_BYLINE = re.compile(r"(?:^|[\s_-])(?:byline|author|penulis)(?=$|[\s_-])", re.I)
_BYLINE_PREFIX = re.compile(r"^(?:oleh|by|penulis|reporter)\b\s*:?\s*", re.I)


def _byline_credits(bylines: Sequence[Any]) -> Credits:
    for element in bylines:
        raw = element.get("content") if element.tag == "meta" else element.text_content()
        name = _BYLINE_PREFIX.sub("", clean_line(raw[:1_000], NAME_LIMIT))
        name = name[: cut.start()] if (cut := _VALUE_END.search(name)) else name
        if _name_like(name):
            return Credits(reporter=name)
    return Credits()


# ---------------------------------------------------------------- JSON-LD and meta tags


@dataclass(frozen=True, slots=True)
class _Linked:
    """What a JSON-LD NewsArticle says."""

    credits: Credits = field(default_factory=Credits)
    title: str | None = None
    published: datetime | None = None
    views: int | str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None


_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")
_COUNTED_ACTION = re.compile(r"(?:Read|View|Watch)Action$")


def _json_ld(root: Any) -> _Linked:
    nodes: list[dict[str, Any]] = []
    for script in islice(root.iter("script"), 500):
        raw = script.text or ""
        if "ld+json" in (script.get("type") or "").lower() and len(raw) <= JSON_LD_LIMIT:
            try:
                _collect(json.loads(raw), nodes)
            except (ValueError, RecursionError):
                continue
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    article = next((node for node in nodes if _is_article_node(node)), None)
    if article is None:
        return _Linked()

    def resolve(value: Any) -> Any:
        ref = value.get("@id") if isinstance(value, dict) else None
        return by_id.get(ref, value) if isinstance(ref, str) else value

    def names(value: Any) -> str | None:
        found: list[str] = []
        for item in (value if isinstance(value, list) else [value])[:10]:
            item = resolve(item)
            name = item.get("name") if isinstance(item, dict) else item
            name = clean_line(name, NAME_LIMIT) if isinstance(name, str) else ""
            if name and "://" not in name and name not in found:
                found.append(name)
        return clean_optional(", ".join(found), NAME_LIMIT)

    image = resolve(_first(article.get("image")))
    image = image if isinstance(image, dict) else {"url": image}
    views = None
    for stat in (_as_list(article.get("interactionStatistic")))[:10]:
        kind = stat.get("interactionType") if isinstance(stat, dict) else None
        kind = kind.get("@type") if isinstance(kind, dict) else kind
        if isinstance(kind, str) and _COUNTED_ACTION.search(kind):
            count = stat.get("userInteractionCount")
            views = count if isinstance(count, int) and not isinstance(count, bool) else None
            views = count if isinstance(count, str) else views
            break
    return _Linked(
        credits=Credits(
            reporter=names(article.get("author")),
            editor=names(article.get("editor")),
            publisher=names(article.get("publisher")),
        ),
        title=_string(article.get("headline")),
        published=_date(article.get("datePublished")),
        views=views,
        image_url=_string(_first(image.get("contentUrl") or image.get("url"))),
        image_caption=_string(image.get("caption")),
        image_credit=_string(image.get("creditText")) or names(image.get("copyrightHolder")),
    )


def _collect(data: Any, nodes: list[dict[str, Any]]) -> None:
    """Every object in a JSON-LD document, through lists, @graph and mainEntity, in order."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending and len(nodes) < 1_000:
        item, depth = pending.pop()
        if isinstance(item, dict):
            nodes.append(item)
            children = [item.get("@graph"), item.get("mainEntity")]
        else:
            children = item if isinstance(item, list) else []
        if depth < 5:
            pending.extend((child, depth + 1) for child in reversed(children[:500]) if child)


def _is_article_node(node: dict[str, Any]) -> bool:
    kinds = node.get("@type")
    return any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in _as_list(kinds))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _string(value: Any) -> str | None:
    return clean_optional(value) if isinstance(value, str) else None


def _meta_tags(root: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in islice(root.iter("meta"), 2_000):
        key, content = (
            meta.get("property") or meta.get("name") or meta.get("itemprop"),
            meta.get("content"),
        )
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def _date(value: Any) -> datetime | None:
    return parse_date(value) if isinstance(value, str) else None


def _published(root: Any, meta: dict[str, str]) -> datetime | None:
    for key in ("article:published_time", "datepublished", "og:published_time", "pubdate"):
        if parsed := _date(meta.get(key)):
            return parsed
    times = root.xpath("//time[@datetime]/@datetime")
    return _date(times[0]) if times else None


def _title(root: Any, meta: dict[str, str]) -> str | None:
    title = meta.get("og:title") or meta.get("twitter:title")
    if not title:
        heading = next(root.iter("h1"), None)
        title = heading.text_content() if heading is not None else root.findtext(".//title")
    return clean_optional(title[:4_000], 1_000) if title else None


# ---------------------------------------------------------------- the lead photo

_CAPTION_CREDITS = (
    re.compile(
        r"[(\[]?\s*\b(?:foto|photo|fotografer|dok|dokumentasi|sumber foto)\s*:\s*"
        r"(?P<credit>[^()\[\]]{1,150}?)\s*[)\]]?\s*\.?$",
        re.I,
    ),
    re.compile(  # an agency first: "ANTARA FOTO/Nama/rwa", "(KOMPAS.com/Nama)"
        r"[(\[]?\s*(?<![\w.])(?P<credit>[A-Z]{2}[\w.]*+(?: [A-Z]{2,})?/[^()\[\]]{1,150}?)"
        r"\s*[)\]]?\s*\.?$"
    ),
)
_SIZE_SUFFIX = re.compile(r"-\d{2,4}x\d{2,4}(?=\.\w+$)")
_IMAGE_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")


def _lead_image(root: Any, url: str, meta: dict[str, str], linked: _Linked) -> Image | None:
    """og:image, else JSON-LD's image, else the first figure's; caption and credit beside it."""
    raw = next(
        (
            meta[key]
            for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
            if meta.get(key)
        ),
        linked.image_url,
    )
    element = _image_element(root, raw) if raw else _first_figure_image(root)
    if not raw and element is not None:
        raw = next(iter(_sources(element)), None)
    image_url = _absolute(url, raw)
    if image_url is None:
        return None
    caption = (
        (_caption_near(element) if element is not None else None)
        or linked.image_caption
        or meta.get("og:image:alt")
        or meta.get("twitter:image:alt")
    )
    caption, credit = _split_credit(clean_line(caption))
    return Image(
        image_url,
        clean_optional(caption),
        clean_optional(credit, NAME_LIMIT) or linked.image_credit,
    )


def _absolute(base: str, raw: str | None) -> str | None:
    try:
        return safe_url(urljoin(base, raw.strip())) if raw else None
    except ValueError:  # an invalid IPv6 host and the like
        return None


def _sources(element: Any) -> list[str]:
    found = [element.get(name) or "" for name in _IMAGE_SOURCES]
    found.append((element.get("srcset") or "").split(",", 1)[0].strip().split(" ", 1)[0])
    return [source for source in found if source and not source.startswith("data:")]


def _stem(url: str) -> str:
    """The file name without WordPress's "-800x450" size suffix, to match resized copies."""
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    return _SIZE_SUFFIX.sub("", name)


def _image_element(root: Any, url: str) -> Any | None:
    stem = _stem(url)
    for element in islice(root.iter("img"), 300):
        if stem and any(_stem(source) == stem for source in _sources(element)):
            return element
    return None


def _first_figure_image(root: Any) -> Any | None:
    for figure in islice(root.iter("figure"), 50):
        if (image := next(figure.iter("img"), None)) is not None:
            return image
    return None


def _caption_near(element: Any) -> str | None:
    """The caption of the figure holding `element`: figcaption, or a *caption* block."""
    for ancestor in islice(element.iterancestors(), 3):
        for path in (".//figcaption", ".//*[contains(@class, 'caption') and not(.//img)]"):
            for caption in ancestor.xpath(path)[:3]:
                text = clean_line(caption.text_content()[:4_000])
                if text:
                    return text
    return None


def _split_credit(caption: str) -> tuple[str, str | None]:
    """ "Banjir. (Foto: Asmadi/BeritaKota)" → ("Banjir.", "Asmadi/BeritaKota")."""
    for pattern in _CAPTION_CREDITS:
        if match := pattern.search(caption[:1_000]):
            return caption[: match.start()].rstrip(" -–—|,"), match["credit"].strip(" .")
    return caption, None
