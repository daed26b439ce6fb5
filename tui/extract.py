"""An article page → main text, credits, view count and lead photo. Pure: no network, no store.

Many Indonesian portals put only a teaser in the feed; who wrote, edited and photographed a
story, and how often it was read, are printed on the page. Credits come from (best first) a
labelled line ("Reporter: …", "Editor : …", "Pewarta: …"), JSON-LD, meta tags, a byline.
Work stays bounded on hostile pages: libxml2 caps nesting at 256, trafilatura (superlinear)
only sees trees of moderate size, and the line scans skip lines too long to be a credit.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from tui.dates import parse_date
from tui.model import Credits, Image
from tui.sanitize import clean_line, clean_optional, clean_text, safe_url

TEXT_LIMIT = 200_000
INPUT_LIMIT = 8_000_000  # characters parsed; the fetcher already caps bodies at a few MB
# trafilatura is superlinear: ~0.5 s at 15k elements, 2.7 s at 60k, 14 s at 300k; and it
# reads every class attribute many times (2.9 s for one 5 MB class).
TRAFILATURA_ELEMENT_LIMIT = 15_000
TRAFILATURA_CLASS_CHARS = 500_000
WALK_LIMIT = 60_000  # elements the line scan visits; real article pages have under 10k
SCAN_LINE_LIMIT = 400  # credit and counter lines are short; longer lines are prose
SCAN_LINES = 5_000  # credits and counters are looked for in the page's first lines
NAME_LIMIT = 200
JSON_LD_LIMIT = 1_000_000
TEASER_LENGTH = 400

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))
_MAGIC += ((b"%PDF", "application/pdf"), (b"PK\x03\x04", "application/zip"))


@dataclass(frozen=True, slots=True)
class PageExtract:
    """What one article page says. Strings are clean; `error` says why `text` is None."""

    text: str | None = None  # plain paragraphs separated by blank lines
    credits: Credits = field(default_factory=Credits)
    image: Image | None = None
    view_count: int | None = None
    title: str | None = None
    published: datetime | None = None  # aware UTC (`dates.parse_date`: no zone means WIB)
    error: str | None = None


def extract_page(html: bytes | str, url: str, content_type: str | None = None) -> PageExtract:
    """Everything useful on an article page. Never raises: failures come back in `error`."""
    try:
        return _extract(html, url, content_type)
    except Exception as error:  # a hostile page must not take a refresh down with it
        return PageExtract(error=f"extraction failed: {type(error).__name__}")


# ---------------------------------------------------------------- teasers and counters

_TEASER_ENDINGS = ("…", "...", "[...]", "[…]")
_TEASER_WORDS = re.compile(r"(?:selengkapnya|read more|continue reading)\W*$", re.I)
_WP_FOOTER = re.compile(r"\s*The post .{0,500} appeared first on .{0,300}$", re.S)  # WordPress


def is_summary_only(summary: str, content_text: str) -> bool:
    """Whether the feed's text is only a teaser, so the article page is worth fetching."""
    text = content_text if len(content_text.strip()) >= len(summary.strip()) else summary
    if footer := _WP_FOOTER.search(text, max(0, len(text) - 1_000)):
        text = text[: footer.start()]
    if len(" ".join(text.split())) < TEASER_LENGTH:
        return True
    tail = text[-80:].rstrip(" \t\n»›→>)]")
    return tail.endswith(_TEASER_ENDINGS) or bool(_TEASER_WORDS.search(tail))


# possessive, and never starting inside a number: linear even on a line of 4,000 digits
_NUMBER = r"(?<![\d.,])(?P<num>\d++(?:[.,]\d++)*+)"
_NUMBER += r"(?:\s*(?P<suffix>k|rb|ribu|jt|juta|m|million|thousand)\b)?"
_VIEWED = r"(?:dibaca|dilihat|ditonton|views?|hits|pembaca|tayangan)"
_VIEW_PHRASES = (
    re.compile(
        rf"\b(?:(?:telah|sudah)\s+)?{_VIEWED}(?:\s+sebanyak)?\s*:?\s*{_NUMBER}"
        r"(?!\s*(?:menit|detik|jam|hari|min|mins|minutes?|seconds?)\b)",
        re.I,
    ),
    re.compile(rf"{_NUMBER}\s*(?:kali\s+)?(?:{_VIEWED}|reads)\b", re.I),
    re.compile(rf"\bread\s+{_NUMBER}\s+times\b", re.I),
)
_BARE_COUNT = re.compile(rf"\s*{_NUMBER}\s*(?:kali|x|views?)?\s*", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_MULTIPLIERS = {"k": 1e3, "rb": 1e3, "ribu": 1e3, "thousand": 1e3}
_MULTIPLIERS |= {"jt": 1e6, "juta": 1e6, "m": 1e6, "million": 1e6}


def parse_view_count(text: str) -> int | None:
    """A "read N times" counter as an int: Indonesian and English, thousands dots, "2,5 rb"."""
    text = text[:4_000]
    match = _view_phrase(text) or _BARE_COUNT.fullmatch(text)
    return _count(match["num"], match["suffix"]) if match else None


def _view_phrase(line: str) -> re.Match[str] | None:
    matches = [m for pattern in _VIEW_PHRASES if (m := pattern.search(line))]
    return min(matches, key=lambda m: m.start()) if matches else None


def _count(number: str, suffix: str | None) -> int | None:
    if _THOUSANDS.fullmatch(number) and not (suffix and len(number) <= 5):
        value = float(re.sub(r"[.,]", "", number))  # "1.234" is a thousand, "2.5K" is not
    elif number.isdigit() or (suffix and re.fullmatch(r"\d+[.,]\d+", number)):
        value = float(number.replace(",", "."))
    else:
        return None  # "2.5" views without a K is no count
    value *= _MULTIPLIERS[suffix.lower()] if suffix else 1
    return round(value) if value < 1e12 else None


# ---------------------------------------------------------------- the page


def _extract(html: bytes | str, url: str, content_type: str | None) -> PageExtract:
    media = _media_type(content_type) or _sniff(html)
    if media and media not in HTML_TYPES:
        return PageExtract(error=f"not HTML: {clean_line(media, 80)}")
    source = _decode(html[:INPUT_LIMIT], content_type) if isinstance(html, bytes) else html
    source = _XML_DECLARATION.sub("", source[:INPUT_LIMIT], count=1)
    if not source.strip():
        return PageExtract(error="empty page")
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return PageExtract(error="empty page")

    page = _walk(root)
    meta = _meta_tags(root)
    linked = _json_ld(root)
    labelled, photo_credit = _labelled_credits(page.lines)
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
        credits = credits.merged(_byline_credits(page.bylines))
    text = _main_text(root, page, url)
    return PageExtract(
        text=text,
        credits=credits,
        image=image,
        view_count=linked.view_count if linked.view_count is not None else _page_views(page),
        title=linked.title or _title(root, meta),
        published=linked.published or _published(root, meta),
        error=None if text else "no article text found",
    )


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.I)
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]{1,40})", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"))
_BOMS += ((codecs.BOM_UTF16_BE, "utf-16-be"),)


def _media_type(content_type: str | None) -> str | None:
    return (content_type or "").split(";", 1)[0].strip().lower() or None


def _sniff(html: bytes | str) -> str | None:
    head = html[:16].lstrip() if isinstance(html, bytes) else b""
    return next((media for magic, media in _MAGIC if head.startswith(magic)), None)


def _decode(body: bytes, content_type: str | None) -> str:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    declared = _CHARSET_PARAM.search(content_type or "") or _META_CHARSET.search(body[:4096])
    if declared:
        label = declared.group(1)
        try:
            codec = codecs.lookup(label if isinstance(label, str) else label.decode()).name
        except LookupError:
            codec = "utf-8"
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"  # as browsers do for these labels (WHATWG Encoding)
        elif codec.startswith("utf-16"):
            codec = "utf-8"  # without a BOM, a declared UTF-16 is a lie (WHATWG again)
        return body.decode(codec, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", "replace")


# ---------------------------------------------------------------- the page as lines

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5"
    " h6 header hr li main ol p pre section table td th tr ul".split()
)
_SKIP = frozenset(
    "head script style noscript template svg iframe object select button nav aside".split()
)
_CRUFT_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sidebar|widgets?|related|terkait|popular|populer|terpopuler|comments?"
    r"|komentar|share|sharing|sharedaddy|social|breadcrumbs?|menu|navbar|ads|iklan|banner"
    r"|newsletter)(?=$|[\s_-])",
    re.I,
)
_FOOTER_CLASS = re.compile(r"(?:^|[\s_-])footer(?=$|[\s_-])", re.I)
_SKIP_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo"})


@dataclass
class _Page:
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, inside the article)
    paragraphs: list[Any] = field(default_factory=list)  # the <p> elements outside cruft
    bylines: list[Any] = field(default_factory=list)  # rel=author, itemprop=author, .byline
    _buffer: list[str] = field(default_factory=list)
    _in_article: bool = False

    def add(self, text: str | None, in_article: bool) -> None:
        if text:
            self._buffer.append(text)
            self._in_article |= in_article and not text.isspace()

    def end_line(self) -> None:
        line = " ".join("".join(self._buffer).split())
        if line:
            self.lines.append((line, self._in_article))
        self._buffer.clear()
        self._in_article = False


def _is_article(element: Any) -> bool:
    return element.tag in ("article", "main") or element.get("itemprop") == "articleBody"


def _is_cruft(element: Any, names: str, in_article: bool, keep: set[Any]) -> bool:
    if element in keep:
        return False
    tag = element.tag
    if tag in _SKIP or element.get("role") in _SKIP_ROLES or element.get("hidden") is not None:
        return True
    # a page footer is cruft; an article's own footer may carry the credits
    footer = not in_article and (tag == "footer" or _FOOTER_CLASS.search(names) is not None)
    return footer or _CRUFT_CLASS.search(names) is not None


def _walk(root: Any) -> _Page:
    """The page's text as lines, without scripts, navigation, sidebars and ads; and its <p>s."""
    # "has-sidebar" on <body> or a wrapper must not hide the story inside it: the title, the
    # articleBody and the longest paragraph are never inside cruft
    paragraphs = islice(root.iter("p"), 2_000)
    longest = max(paragraphs, key=lambda p: len(p.text_content()), default=None)
    anchors = [*islice(root.iter("h1"), 1), *root.xpath("//*[@itemprop='articleBody']")[:3]]
    anchors += [longest] if longest is not None else []
    keep = {ancestor for anchor in anchors for ancestor in anchor.iterancestors()}
    keep.update(anchors)
    page, depth, visited = _Page(), 0, 0
    stack: list[tuple[Any, Iterator[Any]]] = []  # open elements and their unvisited children
    element: Any = root
    while True:
        if element is not None:
            visited += 1
            if visited > WALK_LIMIT:
                break
            tag = element.tag if isinstance(element.tag, str) else ""
            names = f"{(element.get('class') or '')[:200]} {(element.get('id') or '')[:100]}"
            if not tag or _is_cruft(element, names, depth > 0, keep):
                page.add(element.tail, depth > 0)  # comments keep the text that follows them
            else:
                if len(page.bylines) < 5 and (
                    "author" in (element.get("rel"), element.get("itemprop"))
                    or _BYLINE.search(names)
                ):
                    page.bylines.append(element)
                page.end_line() if tag in _BLOCK else page.add(" ", False)
                depth += _is_article(element)
                if tag == "p":
                    page.paragraphs.append(element)
                page.add(element.text, depth > 0)
                stack.append((element, iter(element)))
        if not stack:
            break
        parent, children = stack[-1]
        element = next(children, None)
        if element is None:  # the parent is done
            stack.pop()
            depth -= _is_article(parent)
            page.end_line() if parent.tag in _BLOCK else page.add(" ", False)
            page.add(parent.tail, depth > 0)
    page.end_line()
    return page


def _page_views(page: _Page) -> int | None:
    """The first counter inside the article, else the first anywhere outside cruft."""
    found = None
    for line, in_article in page.lines[:SCAN_LINES]:
        if len(line) <= SCAN_LINE_LIMIT and (match := _view_phrase(line)):
            count = _count(match["num"], match["suffix"])
            if count is not None and in_article:
                return count
            found = found if found is not None else count
    return found


# ---------------------------------------------------------------- credits

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


def _labelled_credits(lines: list[tuple[str, bool]]) -> tuple[Credits, str | None]:
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


def _byline_credits(bylines: list[Any]) -> Credits:
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
    view_count: int | None = None
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
            views = parse_view_count(count) if isinstance(count, str) else views
            break
    return _Linked(
        credits=Credits(
            reporter=names(article.get("author")),
            editor=names(article.get("editor")),
            publisher=names(article.get("publisher")),
        ),
        title=_string(article.get("headline")),
        published=_date(article.get("datePublished")),
        view_count=views if views is None or 0 <= views < 10**12 else None,
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


# ---------------------------------------------------------------- the main text

_NOISE = re.compile(
    r"(?:baca|lihat|simak)\s+juga\b|baca\s*:|(?:artikel|berita)\s+terkait\b|advertisement$"
    r"|iklan$|scroll (?:to|untuk) (?:continue|melanjutkan)|(?:bagikan|share)(?: (?:ini|this|artikel"
    r" ini))?\s*:?$|copy link$|(?:copyright|hak cipta)\b|©|(?:dapatkan|simak) (?:update|breaking)",
    re.I,
)
_PROMO = re.compile(r"google news|whatsapp channel|saluran whatsapp|grup telegram", re.I)


def _main_text(root: Any, page: _Page, url: str) -> str | None:
    lines = _trafilatura_lines(root, url) if _fit_for_trafilatura(root) else []
    if not any(not _is_noise(line) for line in lines):
        lines = _paragraph_cluster(page.paragraphs)
    kept, size = [], 0
    for line in lines:
        if size > TEXT_LIMIT:
            break
        if not _is_noise(line):
            kept.append(line)
            size += len(line) + 2
    return clean_text("\n\n".join(kept), TEXT_LIMIT) or None


def _fit_for_trafilatura(root: Any) -> bool:
    """Whether trafilatura will finish quickly; trims overlong class and id values on the way."""
    class_chars = 0
    for elements, element in enumerate(root.iter(), 1):
        for name in ("class", "id"):
            if len(value := element.get(name) or "") > 300:
                element.set(name, value[:300])
            class_chars += min(len(value), 300)
        if elements > TRAFILATURA_ELEMENT_LIMIT or class_chars > TRAFILATURA_CLASS_CHARS:
            return False
    return True


def _trafilatura_lines(root: Any, url: str) -> list[str]:
    import trafilatura  # 0.11 s to import: only when a page is extracted

    text = trafilatura.extract(
        root,
        url=safe_url(url),
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _paragraph_cluster(paragraphs: list[Any]) -> list[str]:
    """The <p>s of the parent holding the most paragraph text: where the story usually is."""
    sizes: dict[Any, int] = {}
    texts: list[tuple[Any, str]] = []
    for paragraph in paragraphs:
        text = " ".join(paragraph.text_content()[: TEXT_LIMIT * 2].split())
        parent = paragraph.getparent()
        sizes[parent] = sizes.get(parent, 0) + len(text)
        texts.append((parent, text))
    if not sizes:
        return []
    best = max(sizes, key=sizes.__getitem__)
    return [text for parent, text in texts if parent is best and text]


def _is_noise(line: str) -> bool:
    """Portal furniture that extractors keep: "Baca juga", ads, credits, counters, promos."""
    if len(line) > SCAN_LINE_LIMIT:
        return False
    if _NOISE.match(line) or _PROMO.search(line):
        return True
    found, rest = _labelled_in_line(line)
    if found and (not re.sub(r"[\W_]+", "", rest) or (len(line) <= 120 and _LABEL.match(line))):
        return True  # a credit line, perhaps with a tail ("Penulis: Nama - detikNews")
    counter = _view_phrase(line) if len(line) < 100 else None
    rest = f"{line[: counter.start()]} {line[counter.end() :]}" if counter else ""
    return counter is not None and len(rest.replace("kali", "").split()) <= 3
