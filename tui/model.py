"""Plain data that flows fetch → parse → store → UI. No I/O here, no textual, no rich."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Credits:
    """Who made an article, each only when known."""

    reporter: str | None = None
    editor: str | None = None
    publisher: str | None = None
    photographer: str | None = None

    def merged(self, better: Credits) -> Credits:
        """These credits, each replaced by `better`'s where `better` knows it."""
        return Credits(
            reporter=better.reporter or self.reporter,
            editor=better.editor or self.editor,
            publisher=better.publisher or self.publisher,
            photographer=better.photographer or self.photographer,
        )

    def as_dict(self) -> dict[str, str | None]:
        return {
            "reporter": self.reporter,
            "editor": self.editor,
            "publisher": self.publisher,
            "photographer": self.photographer,
        }


@dataclass(frozen=True, slots=True)
class Image:
    """The lead photo of an article."""

    url: str
    caption: str | None = None
    credit: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"url": self.url, "caption": self.caption, "credit": self.credit}


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry, normalised by `parse` and cleaned by `sanitize`; the store's input.

    Every string here is already clean (no control characters, no bidi overrides);
    `content_html` is HTML whose *text* still needs `sanitize.clean_text` after unescaping,
    which `htmlbody` does when it renders.
    """

    guid: str
    title: str
    link: str | None = None
    published: datetime | None = None  # timezone-aware; None when the feed gave no usable date
    author: str | None = None
    categories: tuple[str, ...] = ()
    summary: str = ""  # plain text
    content_html: str = ""
    image: Image | None = None
    comments: int | None = None
    credits: Credits = field(default_factory=Credits)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What `parse` made of one body."""

    title: str
    link: str | None
    entries: tuple[Entry, ...]
    format: str  # "rss20", "atom10", "rss10", "json", … (feedparser's version or "json")
    warning: str | None = None  # a recoverable problem (ill-formed XML that still parsed)
    items_dropped: int = 0  # items of the body not kept: past MAX_ENTRIES, or past the 8 MB read
    note: str | None = None  # that, said for the reader: "kept the first 1,000 of 12,345 items"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What `fetch` got from one URL. Exactly one of body / not_modified / error is set."""

    url: str  # the final URL after redirects
    status: int | None = None
    body: bytes | None = None
    not_modified: bool = False
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    retry_after: float | None = None  # seconds, already clamped
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """The last thing that happened when a feed was refreshed; kept in the store."""

    at: datetime
    status: int | None
    new: int = 0
    updated: int = 0
    seen: int = 0
    error: str | None = None
    not_modified: bool = False
    # What the body parsed this time lost (ParsedFeed.note), for the refresh's report; the
    # store keeps it as Feed.note.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A section of a source, with its feed URL and fetch state."""

    id: int
    source: str
    section: str
    url: str
    home: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    failures: int = 0
    retry_at: datetime | None = None  # do not fetch before this (Retry-After, backoff)
    full_text: bool = False
    fetch_pages: bool = True
    last_outcome: FetchOutcome | None = None
    # What the last body parsed lost (kept until another body is parsed; a 304 changes nothing).
    items_dropped: int = 0
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Headline:
    """One row of the headline list: enough to draw it, nothing more."""

    id: int
    title: str
    source: str
    section: str
    published: datetime
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class Article:
    """Everything the article pane and `berita show` need."""

    id: int
    guid: str
    title: str
    link: str | None
    source: str
    sections: tuple[str, ...]
    published: datetime
    first_seen: datetime
    author: str | None
    categories: tuple[str, ...]
    summary: str
    content_html: str
    image: Image | None
    credits: Credits
    comments: int | None
    view_count: int | None
    full_text: str | None  # extracted page text (plain paragraphs), when fetched
    full_text_error: str | None
    read: bool
    read_count: int
    starred: bool
    first_read_at: datetime | None = None
    last_read_at: datetime | None = None

    @property
    def section(self) -> str:
        return self.sections[0] if self.sections else ""


@dataclass(frozen=True, slots=True)
class SectionCount:
    """One node of the section tree."""

    feed_id: int
    source: str
    section: str
    unread: int
    total: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class TrendingInput:
    """One recent article as the trending engine sees it."""

    id: int
    title: str
    lead: str
    source: str
    section: str
    feed_id: int
    published: datetime
    comments: int | None = None
    view_count: int | None = None
    opens: int = 0


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """A subscription as the config (or `berita add` / OPML import) names it."""

    source: str
    section: str
    url: str
    home: str | None = None
    full_text: bool = False
    fetch_pages: bool = True


@dataclass(frozen=True, slots=True)
class HeadlineFilter:
    """Which headlines a list shows. All set fields must match; None means any."""

    feed_id: int | None = None
    source: str | None = None
    section: str | None = None  # a section name, across sources ("Politik")
    unread: bool = False
    starred: bool = False
    query: str | None = None  # full-text search
