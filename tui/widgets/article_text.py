"""An article's parts as `Content`, built programmatically: feed text is never parsed as markup.

Styles are literals here (theme variables like `$berita-link`), and the only actions attached to
text are ours (`open_link(<number>)`), so nothing a feed says can become a style or an action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from tui.model import Article, Headline
from tui.widgets.safe import literal, literal_line
from tui.widgets.strings import Locale

if TYPE_CHECKING:
    from tui.htmlbody import Block, Body

_LINK_STYLE = "$berita-link underline"
_BLOCK_GAP = "\n\n"


def _link_action(number: int) -> str:
    # A number we generated, never text from the feed.
    return f"{_LINK_STYLE} @click=screen.open_link({int(number)})"


def kicker(article: Article, locale: Locale) -> Content:
    """`Pemerintahan · 2 Mei 2025 16:57 WIB`."""
    parts: list[str | tuple[str, str]] = []
    if article.section:
        parts += [(literal_line(article.section), "bold $berita-section"), (" · ", "$berita-muted")]
    parts.append((locale.datetime(article.published), "$berita-muted"))
    return Content.assemble(*parts)


def byline(article: Article, locale: Locale) -> Content:
    """`Kompas · Asmadi` (the author only when known)."""
    parts: list[str | tuple[str, str]] = [(literal_line(article.source), "bold")]
    if article.author:
        parts += [(" · ", "$berita-muted"), (literal_line(article.author), "italic")]
    if article.comments:
        comments = locale.comments(article.comments)
        parts += [(" · ", "$berita-muted"), (comments, "$berita-muted")]
    return Content.assemble(*parts)


def photo_line(article: Article, locale: Locale) -> Content | None:
    """`▣ caption  Foto: Asmadi  (tekan i untuk membuka foto)`; None without a photo."""
    image = article.image
    if image is None:
        return None
    credit = literal_line(image.credit or article.credits.photographer)
    parts: list[str | tuple[str, str]] = [("▣ ", "$berita-section")]
    if image.caption:
        parts += [(literal_line(image.caption), "italic $berita-credit"), " "]
    if credit:
        parts.append((locale.t("photo_credit", credit=credit), "$berita-credit"))
    elif not image.caption:
        parts.append((locale.t("photo"), "$berita-credit"))
    parts.append((f"  ({locale.t('open_photo_hint')})", "$berita-muted"))
    return Content.assemble(*parts)


def _block(block: Block) -> Content:
    parts: list[str | tuple[str, str]] = []
    for span in block.spans:
        styles = []
        if span.bold:
            styles.append("bold")
        if span.italic:
            styles.append("italic")
        if span.link is not None:
            parts.append((literal(span.text), " ".join([*styles, _link_action(span.link)])))
            parts.append((f"[{int(span.link)}]", _link_action(span.link)))
        else:
            parts.append((literal(span.text), " ".join(styles)))
    text = Content.assemble(*parts)
    kind = block.kind
    if kind == "h":
        return text.stylize("bold $berita-section")
    if kind == "li":
        bullet = f"{block.ordinal}. " if block.ordinal is not None else "• "
        indent = "  " * max(0, block.level - 1)
        return Content.assemble(f"  {indent}", (bullet, "$berita-section"), text)
    if kind == "quote":
        return Content.assemble(("  ┃ ", "$berita-section"), text.stylize("italic"))
    if kind == "pre":
        return text.stylize("$text-muted")
    if kind == "hr":
        return Content.styled("  ───", "$berita-muted")
    return text


def body_content(body: Body, locale: Locale) -> Content:
    """The article text: paragraphs, headings, lists, quotes; numbered links listed at the end."""
    pieces: list[Content] = []
    previous_kind = ""
    for block in body.blocks:
        content = _block(block)
        if not content.plain.strip() and block.kind != "hr":
            continue
        if pieces:
            pieces.append(Content("\n" if previous_kind == block.kind == "li" else _BLOCK_GAP))
        pieces.append(content)
        previous_kind = block.kind
    if body.links:
        pieces.append(Content(_BLOCK_GAP))
        pieces.append(Content.styled(locale.t("links"), "bold $berita-muted"))
        for number, url in enumerate(body.links, start=1):
            pieces.append(Content("\n"))
            pieces.append(Content.styled(f"[{number}]", _link_action(number)))
            pieces.append(Content(" "))
            pieces.append(Content.styled(literal_line(url), "$berita-muted"))
    return Content.assemble(*pieces)


def plain_paragraphs(text: str) -> Content:
    """Stored full text (plain paragraphs separated by blank lines) as Content."""
    paragraphs = [" ".join(p.split()) for p in literal(text).split("\n\n")]
    return Content(_BLOCK_GAP.join(p for p in paragraphs if p))


def credits_content(article: Article, locale: Locale) -> Content | None:
    """Reporter / Editor / Penerbit / Fotografer, each line only when known."""
    credits = article.credits
    rows = [
        ("reporter", credits.reporter),
        ("editor", credits.editor),
        ("publisher", credits.publisher),
        ("photographer", credits.photographer),
    ]
    known = [(locale.t(key), literal_line(value)) for key, value in rows if value]
    if not known:
        return None
    width = max(len(label) for label, _ in known) + 2
    lines: list[Content] = []
    for label, value in known:
        lines.append(
            Content.assemble((label.ljust(width), "$berita-muted"), (value, "$berita-credit"))
        )
    return Content("\n").join(lines)


def reads_content(article: Article, locale: Locale) -> Content:
    """`Dibaca 3 kali · dilihat 1.234 kali`."""
    parts: list[str | tuple[str, str]] = [(locale.read_count(article.read_count), "$berita-muted")]
    if article.view_count is not None:
        parts.append((" · ", "$berita-muted"))
        parts.append((locale.views(article.view_count), "$berita-muted"))
    return Content.assemble(*parts)


def headline_prompt(headline: Headline, locale: Locale, *, show_source: bool = True) -> Content:
    """One line of a "more" list: `16:57  Kompas  Title`."""
    parts: list[str | tuple[str, str]] = [
        ("● " if not headline.read else "  ", "$berita-unread"),
        (locale.time_short(headline.published), "$berita-muted"),
        "  ",
    ]
    if show_source:
        parts += [(literal_line(headline.source), "$berita-muted"), "  "]
    parts.append((literal_line(headline.title), "" if headline.read else "bold"))
    return Content.assemble(*parts)


def more_prompts(headlines: Sequence[Headline], locale: Locale) -> list[Content]:
    return [headline_prompt(headline, locale, show_source=False) for headline in headlines]
