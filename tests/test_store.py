"""The store's behaviour: dedup, updates, sections, read state, lists, search, retention."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.stored import save_entries
from tui.model import (
    Credits,
    Entry,
    FeedSpec,
    FetchOutcome,
    HeadlineFilter,
    Image,
)
from tui.store import Store, StoreError

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NASIONAL = FeedSpec("Kompas", "Nasional", "https://kompas.example/nasional.xml")
POLITIK = FeedSpec("Kompas", "Politik", "https://kompas.example/politik.xml")
EKONOMI = FeedSpec("Tempo", "Ekonomi", "https://tempo.example/ekonomi.xml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "berita.sqlite3")
    opened.sync_feeds([NASIONAL, POLITIK, EKONOMI])
    yield opened
    opened.close()


def feed_id(store: Store, spec: FeedSpec) -> int:
    return next(feed.id for feed in store.feeds(include_inactive=True) if feed.url == spec.url)


def entry(guid: str, title: str | None = None, *, hours_ago: float | None = 1, **fields) -> Entry:
    published = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    return Entry(guid=guid, title=title or f"Title {guid}", published=published, **fields)


def save(store: Store, spec: FeedSpec, *entries: Entry, now: datetime = NOW) -> FetchOutcome:
    return save_entries(store, feed_id(store, spec), entries, now=now)


ALL = HeadlineFilter()


def titles(store: Store, wanted: HeadlineFilter = ALL, **paging: int) -> list[str]:
    return [headline.title for headline in store.headlines(wanted, **paging)]


def test_refetching_the_same_guid_keeps_one_article(store: Store) -> None:
    first = save(store, NASIONAL, entry("a"), entry("b"))
    again = save(store, NASIONAL, entry("a"), entry("b"), entry("c"))
    assert (first.new, first.updated, first.seen) == (2, 0, 2)
    assert (again.new, again.updated, again.seen) == (1, 0, 3)
    assert store.count() == 3


def test_same_link_under_a_new_guid_is_the_same_article(store: Store) -> None:
    save(store, NASIONAL, entry("guid-1", "Banjir", link="https://kompas.example/banjir"))
    outcome = save(store, NASIONAL, entry("guid-2", "Banjir", link="https://kompas.example/banjir"))
    assert (outcome.new, outcome.updated, outcome.seen) == (0, 0, 1)
    assert store.count() == 1


def test_the_same_guid_in_two_sources_is_two_articles(store: Store) -> None:
    save(store, NASIONAL, entry("shared"))
    save(store, EKONOMI, entry("shared"))
    assert store.count() == 2


def test_a_changed_title_updates_the_row_and_keeps_read_state(store: Store) -> None:
    save(store, NASIONAL, entry("a", "Old title"))
    (article_id,) = [headline.id for headline in store.headlines()]
    store.open_article(article_id, NOW)
    store.set_starred(article_id, True)
    outcome = save(store, NASIONAL, entry("a", "New title"), now=NOW + timedelta(hours=1))
    assert outcome.updated == 1
    article = store.article(article_id)
    assert article is not None
    assert article.title == "New title"
    assert (article.read, article.starred, article.read_count) == (True, True, 1)
    assert store.count() == 1


def test_an_entry_lacking_a_field_never_blanks_the_stored_one(store: Store) -> None:
    save(store, NASIONAL, entry("a", summary="Ringkasan", content_html="<p>Isi</p>"))
    outcome = save(store, POLITIK, entry("a", link=None))  # the other section's feed: bare
    assert outcome.updated == 0
    article = store.article(store.headlines()[0].id)
    assert article is not None
    assert (article.summary, article.content_html) == ("Ringkasan", "<p>Isi</p>")


def test_a_story_in_two_sections_is_one_article_listed_in_both(store: Store) -> None:
    link = "https://kompas.example/read/1"
    save(store, NASIONAL, entry("n-1", "Pemilu", link=link))
    save(store, POLITIK, entry("p-1", "Pemilu", link=link), entry("p-2", "Only politics"))
    (shared,) = [h for h in store.headlines() if h.title == "Pemilu"]
    assert titles(store, HeadlineFilter(feed_id=feed_id(store, NASIONAL))) == ["Pemilu"]
    politik = store.headlines(HeadlineFilter(feed_id=feed_id(store, POLITIK)))
    assert {h.title for h in politik} == {"Pemilu", "Only politics"}
    assert {h.section for h in politik} == {"Politik"}  # shown as the section being viewed
    assert set(titles(store, HeadlineFilter(section="Politik"))) == {"Pemilu", "Only politics"}
    article = store.article(shared.id)
    assert article is not None and article.sections == ("Nasional", "Politik")
    assert store.count() == 2
    totals = {count.section: count.total for count in store.section_counts()}
    assert totals == {"Nasional": 1, "Politik": 2, "Ekonomi": 0}


def test_read_and_star_survive_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "berita.sqlite3"
    with Store.open(path) as store:
        store.sync_feeds([NASIONAL])
        save(store, NASIONAL, entry("a"), entry("b"))
        first, second = (h.id for h in store.headlines())
        store.set_read(first, True)
        store.set_starred(second, True)
    with Store.open(path) as store:
        flags = {h.id: (h.read, h.starred) for h in store.headlines()}
    assert flags == {first: (True, False), second: (False, True)}


def test_opening_counts_reads_and_remembers_when(store: Store) -> None:
    save(store, NASIONAL, entry("a"))
    article_id = store.headlines()[0].id
    store.open_article(article_id, NOW)
    later = NOW + timedelta(minutes=5)
    article = store.open_article(article_id, later)
    assert (article.read, article.read_count) == (True, 2)
    assert (article.first_read_at, article.last_read_at) == (NOW, later)
    store.set_read(article_id, False)
    assert store.count(HeadlineFilter(unread=True)) == 1
    with pytest.raises(StoreError, match="no article"):
        store.open_article(9999, NOW)


def test_unknown_dates_use_first_seen_which_never_moves(store: Store) -> None:
    save(store, NASIONAL, entry("undated", hours_ago=None), now=NOW)
    save(store, NASIONAL, entry("undated", hours_ago=None), now=NOW + timedelta(days=1))
    article = store.article(store.headlines()[0].id)
    assert article is not None
    assert (article.published, article.first_seen) == (NOW, NOW)


def test_headlines_are_newest_first_and_positions_match(store: Store) -> None:
    save(store, NASIONAL, *(entry(f"n{i}", hours_ago=i) for i in range(1, 8)))
    save(store, EKONOMI, *(entry(f"e{i}", hours_ago=i + 0.5) for i in range(1, 4)))
    everything = store.headlines()
    assert [h.published for h in everything] == sorted(
        (h.published for h in everything), reverse=True
    )
    assert titles(store, offset=2, limit=3) == [h.title for h in everything[2:5]]
    for index, headline in enumerate(everything):
        assert store.position(headline.id) == index
    ekonomi = HeadlineFilter(feed_id=feed_id(store, EKONOMI))
    assert [store.position(h.id, ekonomi) for h in store.headlines(ekonomi)] == [0, 1, 2]
    assert store.position(everything[0].id, ekonomi) is None  # a Nasional article


def test_equal_dates_are_ordered_by_id_and_positions_stay_exact(store: Store) -> None:
    save(store, NASIONAL, *(entry(f"same{i}", hours_ago=2) for i in range(5)))
    listed = store.headlines()
    assert [h.id for h in listed] == sorted((h.id for h in listed), reverse=True)
    assert [store.position(h.id, HeadlineFilter(unread=True)) for h in listed] == list(range(5))


def test_filters_count_what_they_list(store: Store) -> None:
    save(store, NASIONAL, entry("a"), entry("b"), entry("c"))
    save(store, EKONOMI, entry("d"), entry("e"))
    ids = {h.title: h.id for h in store.headlines()}
    store.set_read(ids["Title a"], True)
    store.set_read(ids["Title d"], True)
    store.set_starred(ids["Title b"], True)
    cases = {
        HeadlineFilter(): 5,
        HeadlineFilter(unread=True): 3,
        HeadlineFilter(starred=True): 1,
        HeadlineFilter(source="Tempo"): 2,
        HeadlineFilter(source="Tempo", unread=True): 1,
        HeadlineFilter(feed_id=feed_id(store, NASIONAL), unread=True): 2,
        HeadlineFilter(section="Nasional", starred=True): 1,
        HeadlineFilter(section="Nasional", starred=True, unread=True): 1,
        HeadlineFilter(source="Nobody"): 0,
    }
    for wanted, expected in cases.items():
        assert store.count(wanted) == expected, wanted
        assert len(store.headlines(wanted)) == expected, wanted
    unread = {c.section: c.unread for c in store.section_counts()}
    assert unread == {"Nasional": 2, "Politik": 0, "Ekonomi": 1}


def test_mark_all_read_marks_only_the_filtered_list(store: Store) -> None:
    save(store, NASIONAL, entry("a"), entry("b"))
    save(store, EKONOMI, entry("c"))
    assert store.mark_all_read(HeadlineFilter(source="Kompas")) == 2
    assert titles(store, HeadlineFilter(unread=True)) == ["Title c"]
    assert store.mark_all_read() == 1


def test_more_in_section_lists_older_headlines_of_the_first_feed(store: Store) -> None:
    save(store, NASIONAL, *(entry(f"n{i}", hours_ago=i) for i in range(1, 6)))
    current = next(h for h in store.headlines() if h.title == "Title n2")
    more = store.more_in_section(current.id, limit=2)
    assert [h.title for h in more] == ["Title n3", "Title n4"]
    assert store.more_in_section(9999) == []


def test_removed_config_feeds_go_inactive_and_come_back_with_their_state(store: Store) -> None:
    save(store, EKONOMI, entry("e"))
    article_id = store.headlines()[0].id
    store.set_starred(article_id, True)
    store.set_read(article_id, True)
    store.sync_feeds([NASIONAL, POLITIK])
    assert [f.section for f in store.feeds()] == ["Nasional", "Politik"]
    assert len(store.feeds(include_inactive=True)) == 3
    assert store.count() == 0  # an unsubscribed feed's articles are kept but not listed
    assert "Ekonomi" not in {c.section for c in store.section_counts()}
    store.sync_feeds([NASIONAL, POLITIK, EKONOMI])
    article = store.article(article_id)
    assert article is not None and (article.read, article.starred) == (True, True)
    assert store.count() == 1


def test_added_feeds_are_idempotent_and_survive_config_sync(store: Store) -> None:
    spec = FeedSpec("Detik", "News", "https://detik.example/rss", home="https://detik.example")
    added = store.add_feed(spec)
    assert store.add_feed(spec).id == added.id
    store.sync_feeds([NASIONAL])
    assert added.id in {feed.id for feed in store.feeds()}
    assert (added.source, added.section, added.home) == ("Detik", "News", "https://detik.example")
    assert [f.id for f in store.feeds(section="News")] == [added.id]


def test_fetch_state_without_entries_is_recorded(store: Store) -> None:
    retry = NOW + timedelta(minutes=30)
    outcome = FetchOutcome(at=NOW, status=503, error="HTTP 503")
    returned = store.save_fetch(
        feed_id(store, NASIONAL),
        None,
        outcome,
        etag='"v1"',
        last_modified="Sat, 01 Mar 2025 11:00:00 GMT",
        body_hash="abc",
        failures=3,
        retry_at=retry,
        now=NOW,
    )
    assert returned == outcome
    feed = store.feed(feed_id(store, NASIONAL))
    assert feed is not None
    assert (feed.etag, feed.body_hash) == ('"v1"', "abc")
    assert feed.last_modified == "Sat, 01 Mar 2025 11:00:00 GMT"
    assert (feed.failures, feed.retry_at, feed.last_outcome) == (3, retry, outcome)
    assert {c.section: c.error for c in store.section_counts()}["Nasional"] == "HTTP 503"
    assert store.last_refresh() == NOW
    assert store.feed(9999) is None


def test_search_finds_titles_summaries_and_content(store: Store) -> None:
    save(
        store,
        NASIONAL,
        entry("a", "Banjir melanda Jakarta"),
        entry("b", "Harga beras", summary="Petani di Karawang"),
        entry("c", "Sidang", content_html="<p>Hakim <b>membacakan</b> putusan</p>"),
        entry("d", "Café ramai", hours_ago=5),
    )
    assert [h.title for h in store.search("jakarta")] == ["Banjir melanda Jakarta"]
    assert [h.title for h in store.search("karawang")] == ["Harga beras"]
    assert [h.title for h in store.search("membacakan putusan")] == ["Sidang"]
    assert [h.title for h in store.search("jak")] == ["Banjir melanda Jakarta"]  # prefix
    assert [h.title for h in store.search("cafe")] == ["Café ramai"]  # accents folded
    assert store.search("jak ") == []  # a finished word is matched whole
    assert store.count(HeadlineFilter(query="banjir", source="Tempo")) == 0
    assert store.search("b", limit=10) == []  # too short to prefix-match; no word "b"


def test_a_search_is_a_filter_like_any_other(store: Store) -> None:
    save(store, NASIONAL, *(entry(f"n{i}", f"Banjir {i}", hours_ago=i) for i in range(1, 5)))
    save(store, EKONOMI, entry("e", "Banjir di pasar"), entry("x", "Harga cabai"))
    flood = HeadlineFilter(query="banjir")
    listed = store.headlines(flood)
    assert len(listed) == store.count(flood) == 5
    assert [store.position(h.id, flood) for h in listed] == list(range(5))
    store.set_read(next(h.id for h in listed if h.title == "Banjir 1"), True)
    assert store.count(HeadlineFilter(query="banjir", unread=True)) == 4
    assert store.mark_all_read(HeadlineFilter(query="banjir", source="Kompas")) == 3
    assert set(titles(store, HeadlineFilter(unread=True))) == {"Harga cabai", "Banjir di pasar"}


@pytest.mark.parametrize(
    "query",
    ['"', '""', "AND", "OR", "NOT", "*", "-", "-banjir", "(", ")", "NEAR(a b)", "^a", "a:b",
     "title:banjir", "{title}: x", "'", "\\", "\x00", "🙂", "a" * 5000, "banjir*", " ", "",
     '"banjir', "banjir OR", "AND AND", "x NEAR/3 y", "+", "%", "_"],
)  # fmt: skip
def test_hostile_search_text_never_raises(store: Store, query: str) -> None:
    save(store, NASIONAL, entry("a", "Banjir di Jakarta"))
    found = store.search(query)
    assert isinstance(found, list)
    assert store.count(HeadlineFilter(query=query)) == len(found)


def test_search_follows_updates_full_text_and_pruning(store: Store) -> None:
    save(store, NASIONAL, entry("a", "Gempa di Cianjur", hours_ago=24 * 40))
    article_id = store.headlines()[0].id
    save(store, NASIONAL, entry("a", "Gempa di Garut", hours_ago=24 * 40))
    assert store.search("cianjur") == [] and len(store.search("garut")) == 1
    store.save_full_text(
        article_id, text="Warga mengungsi ke tenda", credits=None, image=None, view_count=None,
        error=None, now=NOW,
    )  # fmt: skip
    assert [h.id for h in store.search("mengungsi")] == [article_id]
    store.set_read(article_id, True)
    save(store, NASIONAL, entry("other"), now=NOW + timedelta(days=40))  # no longer carried
    assert store.prune(days=30, per_feed=None, now=NOW + timedelta(days=40)) == 1
    assert store.search("garut") == [] and store.search("mengungsi") == []
    assert store.integrity_ok()


def test_full_text_credits_and_image_beat_the_feeds(store: Store) -> None:
    feed_credits = Credits(reporter="Feed Reporter", publisher="Kompas")
    save(store, NASIONAL, entry("a", credits=feed_credits, image=Image("https://img/feed.jpg")))
    article_id = store.headlines()[0].id
    store.save_full_text(
        article_id,
        text="Paragraf satu.\n\nParagraf dua.",
        credits=Credits(reporter="Page Reporter", editor="Editor"),
        image=Image("https://img/page.jpg", caption="Caption", credit="Foto: X"),
        view_count=1234,
        error=None,
        now=NOW,
    )
    save(store, NASIONAL, entry("a", credits=feed_credits, image=Image("https://img/feed.jpg")))
    article = store.article(article_id)
    assert article is not None
    assert article.credits == Credits("Page Reporter", "Editor", "Kompas", None)
    assert article.image == Image("https://img/page.jpg", "Caption", "Foto: X")
    assert (article.full_text, article.view_count) == ("Paragraf satu.\n\nParagraf dua.", 1234)
    store.save_full_text(
        article_id, text=None, credits=None, image=None, view_count=None, error="HTTP 404",
        now=NOW,
    )  # fmt: skip
    article = store.article(article_id)
    assert article is not None and article.full_text_error == "HTTP 404"
    assert article.full_text == "Paragraf satu.\n\nParagraf dua."  # a failed retry keeps it


def test_retention_keeps_starred_unread_and_still_carried(store: Store) -> None:
    old = NOW - timedelta(days=60)
    save(store, NASIONAL, *(entry(name) for name in ("read", "starred", "unread")), now=old)
    save(store, NASIONAL, entry("carried"), now=old)  # the feed's last fetch still has it
    save(store, POLITIK, entry("recent"), now=NOW)
    ids = {h.title.removeprefix("Title "): h.id for h in store.headlines()}
    for name in ("read", "starred", "carried", "recent"):
        store.set_read(ids[name], True)
    store.set_starred(ids["starred"], True)
    assert store.prune(days=30, per_feed=None, now=NOW) == 1
    remaining = {h.title.removeprefix("Title ") for h in store.headlines()}
    assert remaining == {"starred", "unread", "carried", "recent"}
    assert store.prune(days=None, per_feed=None, now=NOW) == 0


def test_retention_per_feed_keeps_the_newest(store: Store) -> None:
    for day in range(5):
        save(store, NASIONAL, entry(f"d{day}"), now=NOW + timedelta(days=day))
    store.mark_all_read()
    assert store.prune(days=None, per_feed=2, now=NOW) == 3
    assert sorted(titles(store)) == ["Title d3", "Title d4"]


def test_trending_inputs_give_each_recent_article_once(store: Store) -> None:
    link = "https://kompas.example/x"
    save(store, NASIONAL, entry("x", summary="Lead", link=link, comments=4))
    save(store, POLITIK, entry("x2", "Title x", link=link), entry("old", hours_ago=24 * 10))
    article_id = next(h.id for h in store.headlines() if h.title == "Title x")
    store.open_article(article_id, NOW)
    inputs = store.trending_inputs(NOW - timedelta(days=2))
    assert [(i.title, i.lead, i.section, i.comments, i.opens) for i in inputs] == [
        ("Title x", "Lead", "Nasional", 4, 1)
    ]


def test_settings_round_trip(store: Store) -> None:
    assert store.get_setting("theme") is None
    store.set_setting("theme", "kertas")
    store.set_setting("theme", "malam")
    assert store.get_setting("theme") == "malam"


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.open_article(1, datetime(2025, 1, 1))


def test_the_store_imports_no_ui_library() -> None:
    code = "import sys, tui.store; print(any(m in sys.modules for m in ('textual', 'rich')))"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_real_indonesian_feeds_store_once_and_are_searchable(
    store: Store, shared_feeds: Path
) -> None:
    from tui.parse import ParseError, parse_feed

    stored = 0
    for number, path in enumerate(sorted(shared_feeds.glob("id-*"))):
        try:
            parsed = parse_feed(path.read_bytes(), f"https://{path.stem}.example/feed")
        except ParseError:
            continue
        spec = FeedSpec(f"Source {number}", "Terkini", f"https://{path.stem}.example/feed")
        store.add_feed(spec)
        outcome = save(store, spec, *parsed.entries)
        again = save(store, spec, *parsed.entries)
        assert (again.new, again.updated, again.seen) == (0, 0, outcome.seen)
        stored += outcome.new
        for headline in store.headlines(HeadlineFilter(feed_id=feed_id(store, spec))):
            word = max(headline.title.split(), key=len, default="")
            if len(word) >= 4 and word.isalpha():
                assert headline.id in {h.id for h in store.search(word, limit=1000)}, word
    assert stored == store.count() > 100
    assert store.integrity_ok()
