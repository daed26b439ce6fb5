"""An article page → main text, credits, view count and lead photo. Pure: no network, no store.

Many Indonesian portals put only a teaser in the feed; who wrote, edited and photographed a
story, and how often it was read, are printed on the page. This module decodes the page, walks
it once into lines, and finds the story's text and read counter; `tui.page_credits` reads the
credits, lead photo, headline and date from those lines and the page's metadata.
Work stays bounded on hostile pages: libxml2 caps nesting at 256, trafilatura (superlinear)
only sees trees of moderate size, and the line scans skip lines too long to be a credit.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

import lxml.html
from lxml import etree

from tui.model import Credits, Image
from tui.page_credits import SCAN_LINE_LIMIT, SCAN_LINES, is_byline, is_credit_line, read_credits
from tui.sanitize import clean_line, clean_text, safe_url

TEXT_LIMIT = 200_000
INPUT_LIMIT = 8_000_000  # characters parsed; the fetcher already caps bodies at a few MB
# trafilatura is superlinear: ~0.5 s at 15k elements, 2.7 s at 60k, 14 s at 300k; and it
# reads every class attribute many times (2.9 s for one 5 MB class).
TRAFILATURA_ELEMENT_LIMIT = 15_000
TRAFILATURA_CLASS_CHARS = 500_000
WALK_LIMIT = 60_000  # elements the line scan visits; real article pages have under 10k
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
    found = read_credits(root, url, page.lines, page.bylines)  # before trafilatura trims classes
    text = _main_text(root, page, url)
    views = _stated_views(found.stated_views)
    return PageExtract(
        text=text,
        credits=found.credits,
        image=found.image,
        view_count=views if views is not None else _page_views(page),
        title=found.title,
        published=found.published,
        error=None if text else "no article text found",
    )


def _stated_views(stated: int | str | None) -> int | None:
    views = parse_view_count(stated) if isinstance(stated, str) else stated
    return views if views is None or 0 <= views < 10**12 else None


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
                if len(page.bylines) < 5 and is_byline(element, names):
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
    if _NOISE.match(line) or _PROMO.search(line) or is_credit_line(line):
        return True
    counter = _view_phrase(line) if len(line) < 100 else None
    rest = f"{line[: counter.start()]} {line[counter.end() :]}" if counter else ""
    return counter is not None and len(rest.replace("kali", "").split()) <= 3
