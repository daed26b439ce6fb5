"""Article HTML as readable blocks of styled spans, with links as numbered references.

Built on the stdlib `html.parser`, which reports tags as a flat stream of events: the open
elements live in a list, never in the call stack, so 200,000 nested elements cost memory, not
recursion. Broken HTML is read the way a browser would read it closely enough for reading:
unknown end tags are ignored, unclosed elements end with their parent.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from tui.sanitize import clean_line, clean_text, safe_url


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    link: int | None = None  # 1-based reference number into Body.links


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "p", "h" (heading), "li" (list item), "quote", "pre", "hr"
    spans: tuple[Span, ...]
    level: int = 0  # heading level, list depth, or quote depth
    ordinal: int | None = None  # number for ordered list items


@dataclass(frozen=True, slots=True)
class Body:
    blocks: tuple[Block, ...]
    links: tuple[str, ...]  # links[i] is reference i + 1


DROPPED = frozenset(
    "script style noscript iframe object embed form svg template head title math canvas "
    "audio video select textarea button".split()
)
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p "
    "pre section summary table tbody thead tfoot tr caption ul".split()
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BOLD = frozenset("b strong".split())
ITALIC = frozenset("i em cite".split())
LISTS = frozenset("ul ol menu dir".split())
CELLS = frozenset("td th".split())
HEAD_CONTENT = frozenset("title meta link style script base noscript template".split())
LI_SEARCH_DEPTH = 32
MAX_LEVEL = 8  # deeper nesting is shown at this depth (200,000 levels would be all indent)
TRACKING_PIXEL = 2  # images this small (or smaller) in either dimension are beacons

_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class _List:
    ordered: bool
    next_number: int = 1


@dataclass
class _Builder:
    """Collects text into spans and spans into blocks; the parser tells it the context.

    Text of one style accumulates in `run` (a list, so a long run is joined once, not
    copied on every piece).
    """

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    link_numbers: dict[str, int] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    run_style: tuple[bool, bool, int | None] = (False, False, None)
    last_char: str = ""
    block_kind: str = "p"
    block_level: int = 0
    block_ordinal: int | None = None

    def number_for(self, url: str) -> int:
        number = self.link_numbers.get(url)
        if number is None:
            self.links.append(url)
            number = self.link_numbers[url] = len(self.links)
        return number

    @property
    def empty(self) -> bool:
        return not self.last_char

    def add(self, text: str, bold: bool, italic: bool, link: str | None) -> None:
        number = None
        if link is not None:
            # Spaces inside a link join its text; they do not earn it a number on their own.
            number = self.number_for(link) if text.strip() else self.link_numbers.get(link)
        style = (bold, italic, number)
        if style != self.run_style:
            self._end_run()
            self.run_style = style
        self.run.append(text)
        self.last_char = text[-1]

    def _end_run(self) -> None:
        if self.run:
            bold, italic, number = self.run_style
            self.spans.append(Span("".join(self.run), bold, italic, number))
            self.run = []

    def flush(self) -> None:
        if not self.last_char:
            return  # nothing since the last block: the common case between nested tags
        self._end_run()
        spans = self.spans
        self.spans = []
        self.last_char = ""
        strip = "\n" if self.block_kind == "pre" else " \n"
        while spans and not spans[-1].text.strip(strip):
            spans.pop()
        if spans:
            last = spans[-1]
            spans[-1] = Span(last.text.rstrip(strip), last.bold, last.italic, last.link)
        if any(span.text.strip() for span in spans):
            level = min(self.block_level, MAX_LEVEL)
            block = Block(self.block_kind, tuple(spans), level, self.block_ordinal)
            self.blocks.append(block)

    def rule(self) -> None:
        self.flush()
        self.blocks.append(Block("hr", ()))


class _BodyParser(HTMLParser):
    def __init__(self, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Builder()
        self.base_url = base_url
        self.stack: list[str] = []
        self.open_counts: Counter[str] = Counter()
        self.dropped = 0
        self.bold = 0
        self.italic = 0
        self.pre = 0
        self.quote = 0
        self.heading: list[int] = []
        self.anchors: list[str | None] = []
        self.lists: list[_List] = []
        self.pending_item: tuple[int, int | None] | None = None  # a new li's (depth, number)
        self.base_seen = False

    # -- state ---------------------------------------------------------------------------

    def _start_block(self) -> None:
        """End the current block; the next text starts one in the current context."""
        out = self.out
        out.flush()
        if self.pre:
            out.block_kind, out.block_level, out.block_ordinal = "pre", 0, None
        elif self.heading:
            out.block_kind, out.block_level, out.block_ordinal = "h", self.heading[-1], None
        elif self.pending_item is not None:
            depth, number = self.pending_item
            out.block_kind, out.block_level, out.block_ordinal = "li", depth, number
        elif self.quote:
            out.block_kind, out.block_level, out.block_ordinal = "quote", self.quote, None
        else:
            out.block_kind, out.block_level, out.block_ordinal = "p", len(self.lists), None

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in DROPPED:
            self.dropped += 1
        elif tag in BOLD:
            self.bold += 1
        elif tag in ITALIC:
            self.italic += 1
        if tag == "a":
            href = attrs.get("href")
            url = safe_url(urljoin(self.base_url or "", href.strip())) if href else None
            self.anchors.append(url)
        elif tag in HEADINGS:
            self.heading.append(HEADINGS[tag])
        elif tag == "pre":
            self.pre += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag in LISTS:
            start = _int(attrs.get("start")) if tag == "ol" else None
            self.lists.append(_List(ordered=tag == "ol", next_number=start or 1))
        elif tag == "li":
            self._open_item(attrs)
        if tag in BLOCKS:
            self._start_block()

    def _open_item(self, attrs: dict[str, str | None]) -> None:
        if not self.lists:
            self.lists.append(_List(ordered=False))  # a stray <li>: give it a list
            self.stack.append("ul")
            self.open_counts["ul"] += 1
        current = self.lists[-1]
        number = None
        if current.ordered:
            number = _int(attrs.get("value")) or current.next_number
            current.next_number = number + 1
        self.pending_item = (len(self.lists), number)

    def _close(self, tag: str) -> None:
        if tag in DROPPED:
            self.dropped -= 1
        elif tag in BOLD:
            self.bold -= 1
        elif tag in ITALIC:
            self.italic -= 1
        if tag == "a":
            self.anchors.pop()
        elif tag in HEADINGS:
            self.heading.pop()
        elif tag == "pre":
            self.pre -= 1
        elif tag == "blockquote":
            self.quote -= 1
        elif tag in LISTS:
            self.lists.pop()
        elif tag == "li":
            self.pending_item = None
        if tag in BLOCKS:
            self._start_block()

    # -- parser events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self._void(tag, dict(attrs))
            return
        if self.open_counts["head"] and tag not in HEAD_CONTENT:
            self._end("head")  # browsers end <head> at the first element that is not its own
        if tag == "li" and self.lists:
            self._end_open_item()
        elif tag in CELLS and self.out.last_char not in ("", " ", "\n"):
            self.out.add(" ", self.bold > 0, self.italic > 0, None)
        self.stack.append(tag)
        self.open_counts[tag] += 1
        self._open(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self._void(tag, dict(attrs))
        elif tag in BLOCKS and not self.dropped:
            self._start_block()  # <div/>: XHTML in feeds means an empty element, not an open one

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self._void(tag, {})  # browsers read </br> as <br>
        elif tag == "p" and not self.open_counts[tag]:
            self._start_block()  # browsers read a stray </p> as <p></p>
        else:
            self._end(tag)

    def _end(self, tag: str) -> None:
        if not self.open_counts[tag]:
            return
        while self.stack:
            top = self.stack.pop()
            self.open_counts[top] -= 1
            self._close(top)
            if top == tag:
                return

    def _end_open_item(self) -> None:
        """A new <li> ends the previous one in the same list (browsers do the same).

        Only the innermost elements are searched: a scan of the whole stack per <li> would
        make 50,000 items inside 50,000 open <div>s quadratic.
        """
        for name in reversed(self.stack[-LI_SEARCH_DEPTH:]):
            if name == "li":
                self._end("li")
                return
            if name in LISTS:
                return

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.dropped:
            return
        if tag == "br":
            out = self.out
            if self.pre:
                out.add("\n", self.bold > 0, self.italic > 0, self._link())
            elif out.last_char == "\n":
                self._start_block()  # <br><br> is how many portals write paragraphs
            elif not out.empty:
                out.add("\n", self.bold > 0, self.italic > 0, self._link())
        elif tag == "hr":
            self.out.rule()
            self._start_block()
        elif tag == "base" and not self.base_seen:
            self.base_seen = True
            href = attrs.get("href")
            resolved = safe_url(urljoin(self.base_url or "", href.strip())) if href else None
            if resolved:
                self.base_url = resolved

    def _link(self) -> str | None:
        return self.anchors[-1] if self.anchors else None

    def handle_data(self, data: str) -> None:
        if self.dropped or not data:
            return
        text = clean_text(data)
        if not text:
            return
        out = self.out
        if self.pre:
            if out.empty and text.startswith("\n"):
                text = text[1:]  # as browsers do, the newline right after <pre> is not content
        else:
            text = _SPACES.sub(" ", text)
            if out.last_char in ("", " ", "\n"):
                text = text.lstrip(" ")
            if not text:
                return
        out.add(text, self.bold > 0, self.italic > 0, self._link())
        if out.block_kind == "li":
            self.pending_item = None  # later blocks in this item continue it, unnumbered

    def close_all(self) -> Body:
        if self.rawdata.startswith("<"):
            self.rawdata = ""  # a tag cut off by the end of the input: browsers drop it too
        self.close()
        self.out.flush()
        return Body(tuple(self.out.blocks), tuple(self.out.links))


def _int(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 6:
        return None
    return int(value)


def html_to_body(html: str, base_url: str | None = None) -> Body:
    """`html` (a fragment or a page) as blocks of spans; links numbered in reading order."""
    parser = _BodyParser(base_url)
    try:
        parser.feed(html)
        return parser.close_all()
    except (AssertionError, ValueError):  # html.parser's own give-ups on hopeless markup
        parser.out.flush()
        return Body(tuple(parser.out.blocks), tuple(parser.out.links))


def body_to_text(body: Body, *, link_refs: bool = True) -> str:
    """Plain text: paragraphs apart by a blank line, list items as "• item" or "1. item"."""
    parts: list[str] = []
    previous: Block | None = None
    for block in body.blocks:
        text = "—" * 3 if block.kind == "hr" else _spans_text(block.spans, link_refs)
        indent = "  " * max(0, min(block.level, MAX_LEVEL) - 1)
        if block.kind == "li":
            marker = f"{block.ordinal}. " if block.ordinal is not None else "• "
            text = indent + marker + text.replace("\n", "\n" + indent + " " * len(marker))
        elif block.kind == "quote":
            text = "\n".join("> " + line for line in text.split("\n"))
        elif block.kind == "p" and block.level:
            text = "\n".join(indent + "  " + line for line in text.split("\n"))
        if parts:
            tight = previous is not None and previous.kind == "li" and block.kind == "li"
            parts.append("\n" if tight else "\n\n")
        parts.append(text)
        previous = block
    return _BLANK_LINES.sub("\n\n", "".join(parts))


def _spans_text(spans: tuple[Span, ...], link_refs: bool) -> str:
    pieces: list[str] = []
    for index, span in enumerate(spans):
        pieces.append(span.text)
        if not link_refs or span.link is None:
            continue
        following = spans[index + 1] if index + 1 < len(spans) else None
        if following is None or following.link != span.link:
            pieces.append(f"[{span.link}]")
    return "".join(pieces)


def html_to_text(html: str, base_url: str | None = None, *, link_refs: bool = True) -> str:
    """`html` as plain text (see `body_to_text`); links as "[1]" refs, no link list."""
    return body_to_text(html_to_body(html, base_url), link_refs=link_refs)


class _FirstImage(HTMLParser):
    class Found(Exception):
        pass

    def __init__(self, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.found: tuple[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        self.found = image_from_attrs(dict(attrs), self.base_url)
        if self.found is not None:
            raise self.Found

    handle_startendtag = handle_starttag


def image_from_attrs(
    attrs: dict[str, str | None], base_url: str | None
) -> tuple[str, str | None] | None:
    """An <img>'s attributes as (url, alt-or-title); None for beacons and non-http(s) images."""
    if _is_tracking_pixel(attrs):
        return None
    source = attrs.get("src") or attrs.get("data-src")
    url = safe_url(urljoin(base_url or "", source.strip())) if source else None
    if url is None:
        return None
    caption = clean_line(attrs.get("alt") or attrs.get("title") or "", 500) or None
    return url, caption


def _is_tracking_pixel(attrs: dict[str, str | None]) -> bool:
    for name in ("width", "height"):
        value = (attrs.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= TRACKING_PIXEL:
            return True
    return False


def first_image(html: str, base_url: str | None = None) -> tuple[str, str | None] | None:
    """The first real <img> in `html` (no beacons, http(s) only) as (url, alt-or-title)."""
    if "<img" not in html and "<IMG" not in html:
        return None
    finder = _FirstImage(base_url)
    try:
        finder.feed(html)
        finder.close()
    except _FirstImage.Found:
        pass
    except (AssertionError, ValueError):
        pass
    return finder.found
