"""Trending: the stories many newsrooms cover right now, scored, from cached articles alone.

1. Each article of the window becomes a TF-IDF vector over the significant stems of its title
   (counted TITLE_WEIGHT times) and of its lead's first LEAD_WORDS words (`words`); the IDF is
   taken over the window.
2. Candidate pairs come from an inverted index scanned only for each article's signature, its
   SIGNATURE_TERMS heaviest terms that some other article has too: a pair is a candidate when it
   shares two signature terms of its lower-id article. The work grows with the size of stories,
   not with the square of the window.
3. A candidate pair is the same story when its cosine similarity reaches SIMILARITY_THRESHOLD.
   Words every story uses ("pemerintah", "jakarta", "presiden") have a low IDF, so headlines
   sharing only them stay far below it.
4. Pairs join stories strongest first; two stories merge only if their centroids are similar
   too (CENTROID_THRESHOLD), which stops chains of loosely related headlines.
5. Each story is scored from its signals, decayed by the age of its newest article, and
   `Story.components` keeps every part of the score.

Rows are sorted by article id first and every tie breaks on ids, so the same rows give the same
stories, scores and ids whatever order they arrive in, in any process.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from operator import mul

from tui import words
from tui.model import TrendingInput

TITLE_WEIGHT = 2.0
LEAD_WORDS = 30  # a lead's first sentence says what happened; later ones wander
LEAD_CHARS = 1_000  # enough for LEAD_WORDS words; a lead may be a whole article
SIMILARITY_THRESHOLD = 0.3
CENTROID_THRESHOLD = 0.3
SURE_THRESHOLD = 0.5  # a pair this similar is one story beyond doubt (see _cluster)
MIN_SHARED_TERMS = 2
SIGNATURE_TERMS = 6
# A term carried by more articles than this is not scanned for candidates (it still counts in
# the similarity): scanning it costs quadratically and it is too common to decide anything.
COMMON_TERM_FLOOR = 50
COMMON_TERM_FRACTION = 0.01

# Score weights. Another newsroom covering the story counts most; each feed (a section of a
# source) carrying it adds a little; counters are log-scaled so that no single huge number
# outweighs coverage (a million views ≈ three sources).
SOURCE_WEIGHT = 1.0
SECTION_WEIGHT = 0.25
COMMENT_WEIGHT = 0.5  # × log10(1 + comments)
VIEW_WEIGHT = 0.5  # × log10(1 + views)
OPEN_WEIGHT = 0.5  # × log2(1 + the reader's own opens)


@dataclass(frozen=True, slots=True)
class TrendingSettings:
    window_hours: float = 48.0
    half_life_hours: float = 12.0
    min_sources: int = 1  # for the global list; a story covered by one source ranks low anyway
    limit: int = 20


@dataclass(frozen=True, slots=True)
class Story:
    id: str  # "s" + the id of its first report: stays put while later coverage joins
    headline: str  # the lead article's title
    lead_article_id: int  # the member most similar to the others: the most representative
    article_ids: tuple[int, ...]  # newest first
    sources: tuple[str, ...]  # distinct, sorted
    sections: tuple[str, ...]  # distinct, sorted
    score: float
    components: dict[str, float]  # score = decay × (sources + sections + comments + views + opens)
    latest: datetime


class _Article:
    """One article of the window; rows repeating its id (one per feed carrying it) are twins."""

    __slots__ = ("frequencies", "norm", "row", "terms", "time", "twins", "weights")

    def __init__(self, row: TrendingInput) -> None:
        self.row = row
        self.time = row.published.timestamp()
        self.twins: list[TrendingInput] = []
        self.terms: tuple[str, ...] = ()
        self.frequencies: tuple[float, ...] = ()
        self.weights: dict[str, float] = {}  # TF-IDF vector
        self.norm = 1.0  # its length

    def rows(self) -> list[TrendingInput]:
        return [self.row, *self.twins]

    def counter(self, name: str) -> int:
        """A publisher or reader counter; twins repeat it, so the largest of them."""
        if not self.twins:
            return getattr(self.row, name) or 0
        return max(getattr(row, name) or 0 for row in self.rows())


class TrendingEngine:
    """Ranks stories; keeps each article's terms between calls so re-ranking skips tokenising."""

    def __init__(self, settings: TrendingSettings = TrendingSettings()) -> None:
        self.settings = settings
        self._terms: dict[int, tuple[int, tuple[str, ...], tuple[float, ...]]] = {}

    def rank(
        self, inputs: Sequence[TrendingInput], now: datetime, *, section: str | None = None
    ) -> list[Story]:
        """The top stories of the window ending at `now` (timezone-aware, like `published`).

        With `section`, only stories with an article in that section (any source, compared
        case-insensitively), single-source ones included; otherwise `min_sources` applies.
        """
        with _collector_paused():
            return self._rank(inputs, now, section)

    def _rank(
        self, inputs: Sequence[TrendingInput], now: datetime, section: str | None
    ) -> list[Story]:
        articles = self._articles_in_window(inputs, now)
        wanted = section.casefold() if section is not None else None
        ranked: list[tuple[float, float, int, list[_Article], dict[str, float]]] = []
        for indexes in _cluster(articles):
            members = [articles[i] for i in indexes]
            if wanted is not None:
                if all(row.section.casefold() != wanted for a in members for row in a.rows()):
                    continue
            elif len({a.row.source for a in members}) < self.settings.min_sources:
                continue
            components = self._components(members, now)
            first = min(members, key=_age_order)
            latest = max(a.time for a in members)
            ranked.append((-components["score"], -latest, first.row.id, members, components))
        ranked.sort(key=lambda entry: entry[:3])
        # Only stories that are shown need their headline chosen, the costly part of a story.
        shown = ranked[: self.settings.limit]
        return [_story(members, components) for *_, members, components in shown]

    def _articles_in_window(self, inputs: Sequence[TrendingInput], now: datetime) -> list[_Article]:
        since = now - timedelta(hours=self.settings.window_hours)
        by_id: dict[int, _Article] = {}
        for row in sorted(inputs, key=lambda r: (r.id, r.feed_id)):
            if row.published < since:
                continue
            article = by_id.get(row.id)
            if article is None:
                by_id[row.id] = _Article(row)
            else:
                article.twins.append(row)
        cache: dict[int, tuple[int, tuple[str, ...], tuple[float, ...]]] = {}
        for article in by_id.values():
            row = article.row
            fingerprint = hash((row.title, row.lead))
            cached = self._terms.get(row.id)
            if cached is None or cached[0] != fingerprint:
                frequencies = term_frequencies(row.title, row.lead)
                cached = (fingerprint, tuple(frequencies), tuple(frequencies.values()))
            cache[row.id] = cached
            _, article.terms, article.frequencies = cached
        self._terms = cache  # articles that left the window leave the cache
        return list(by_id.values())

    def _components(self, members: list[_Article], now: datetime) -> dict[str, float]:
        """The parts of a story's score, each already weighted, then "decay" and "score"."""
        age_hours = max(0.0, (now.timestamp() - max(a.time for a in members)) / 3600.0)
        rows = [row for a in members for row in a.rows()]
        comments = sum(a.counter("comments") for a in members)
        views = sum(a.counter("view_count") for a in members)
        opens = sum(a.counter("opens") for a in members)
        components = {
            "sources": SOURCE_WEIGHT * len({row.source for row in rows}),
            "sections": SECTION_WEIGHT * len({row.feed_id for row in rows}),
            "comments": COMMENT_WEIGHT * math.log10(1 + comments),
            "views": VIEW_WEIGHT * math.log10(1 + views),
            "opens": OPEN_WEIGHT * math.log2(1 + opens),
        }
        decay = 0.5 ** (age_hours / self.settings.half_life_hours)
        components["score"] = decay * sum(components.values())
        components["decay"] = decay
        return components


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a rank allocates ~100k dicts and lists, none cyclic,
    and the collections they trigger cost ~15 % of the time (measured at 20k articles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _age_order(article: _Article) -> tuple[float, int]:
    return (article.time, article.row.id)


def _story(members: list[_Article], components: dict[str, float]) -> Story:
    newest_first = sorted(members, key=_age_order, reverse=True)
    lead = _most_representative(members)
    score = components.pop("score")
    return Story(
        id=f"s{newest_first[-1].row.id}",
        headline=lead.row.title,
        lead_article_id=lead.row.id,
        article_ids=tuple(a.row.id for a in newest_first),
        sources=tuple(sorted({a.row.source for a in members})),
        sections=tuple(sorted({row.section for a in members for row in a.rows()})),
        score=score,
        components=components,
        latest=newest_first[0].row.published,
    )


def _most_representative(members: list[_Article]) -> _Article:
    """The member most similar to the others (summed cosine); ties go to the first report."""
    if len(members) == 1:
        return members[0]
    centroid: dict[str, float] = {}
    for article in members:
        for term, weight in article.weights.items():
            centroid[term] = centroid.get(term, 0.0) + weight / article.norm

    def similarity_to_others(article: _Article) -> float:
        unit = {t: w / article.norm for t, w in article.weights.items()}
        return math.fsum(w * (centroid[t] - w) for t, w in unit.items())

    return min(members, key=lambda a: (-round(similarity_to_others(a), 9), _age_order(a)))


def term_frequencies(title: str, lead: str) -> dict[str, float]:
    """Significant stems of the title (×TITLE_WEIGHT) and the lead's start, weighted counts."""
    frequencies: dict[str, float] = {}
    for term in words.significant_terms(title):
        frequencies[term] = frequencies.get(term, 0.0) + TITLE_WEIGHT
    lead_start = " ".join(words.tokens(words.strip_dateline(lead[:LEAD_CHARS]))[:LEAD_WORDS])
    for term in words.significant_terms(lead_start):
        frequencies[term] = frequencies.get(term, 0.0) + 1.0
    return frequencies


def _cluster(articles: list[_Article]) -> list[list[int]]:
    """Groups of article indexes that report the same event, each group in index order."""
    count = len(articles)
    df = Counter(chain.from_iterable(a.terms for a in articles))
    # Smoothed IDF: a term in every article weighs ~0, one in a single article the most.
    idf = {term: math.log((count + 1) / n) for term, n in df.items()}
    common = max(COMMON_TERM_FLOOR, int(count * COMMON_TERM_FRACTION))
    scanned = {term for term, n in df.items() if 2 <= n <= common}
    postings: dict[str, list[int]] = {term: [] for term in scanned}
    for index, article in enumerate(articles):
        weighted = list(map(mul, article.frequencies, map(idf.__getitem__, article.terms)))
        article.weights = dict(zip(article.terms, weighted, strict=True))
        article.norm = math.hypot(*weighted) or 1.0
        for term in scanned.intersection(article.terms):
            postings[term].append(index)

    edges: list[tuple[float, int, int]] = []
    # Once two articles are tied by a chain of near-certain pairs, comparing them directly adds
    # nothing; skipping those pairs saves most of the n²/2 comparisons inside a big story.
    sure = _UnionFind(count)
    for index, article in enumerate(articles):
        weights = article.weights
        # Stable sort on a C-level key: equal weights keep text order, so this is deterministic.
        signature = sorted(weights.keys() & scanned, key=weights.__getitem__, reverse=True)
        # Postings are in index order: each pair is met once, from its lower index.
        later = (postings[t] for t in signature[:SIGNATURE_TERMS])
        hits = Counter(chain.from_iterable(docs[bisect_right(docs, index) :] for docs in later))
        root = sure.find(index)
        for other in [o for o, shared in hits.items() if shared >= MIN_SHARED_TERMS]:
            if sure.find(other) == root:
                continue
            similarity = _similarity(article, articles[other])
            if similarity >= SIMILARITY_THRESHOLD:
                edges.append((similarity, index, other))
                if similarity >= SURE_THRESHOLD:
                    sure.union(index, other)
                    root = sure.find(index)

    # Strongest pairs first, so a story forms around its closest members before any
    # borderline pair is weighed against it.
    edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    stories = _Stories(articles)
    for _, low, high in edges:
        stories.join(low, high)
    groups: dict[int, list[int]] = {}
    for index in range(count):
        groups.setdefault(stories.find(index), []).append(index)
    return list(groups.values())


def _similarity(first: _Article, second: _Article) -> float:
    """Cosine of two articles' vectors; 0 unless they share MIN_SHARED_TERMS terms."""
    shared = first.weights.keys() & second.weights.keys()
    if len(shared) < MIN_SHARED_TERMS:
        return 0.0
    return _dot(first.weights, second.weights, shared) / (first.norm * second.norm)


def _dot(first: Mapping[str, float], second: Mapping[str, float], shared: set[str]) -> float:
    # fsum is exact whatever order the set yields its terms in, so results never vary by run.
    return math.fsum(map(mul, map(first.__getitem__, shared), map(second.__getitem__, shared)))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        root_a, root_b = self.find(first), self.find(second)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


class _Stories(_UnionFind):
    """Union-find whose merges keep each story coherent: two stories join only when their
    centroids are similar too. Plain single-link chains unrelated headlines through bridges
    ("Ketua DPR: harga rokok …" ~ "Ketua DPR apresiasi …" ~ …): on the real Indonesian feeds
    in the shared fixtures it built a 15-headline "story" of that kind."""

    def __init__(self, articles: list[_Article]) -> None:
        super().__init__(len(articles))
        # A story's centroid is scale × sums (the sum of its members' unit vectors). A lone
        # article lends its own raw vector with scale 1/norm; the first merge copies it.
        self.sums = [a.weights for a in articles]
        self.scales = [1.0 / a.norm for a in articles]
        self.owned = [False] * len(articles)
        self.squares = [1.0] * len(articles)  # squared length of the centroid

    def join(self, first: int, second: int) -> None:
        root_a, root_b = self.find(first), self.find(second)
        if root_a == root_b:
            return
        if len(self.sums[root_a]) > len(self.sums[root_b]):
            root_a, root_b = root_b, root_a
        small, large = self.sums[root_a], self.sums[root_b]
        scale_a, scale_b = self.scales[root_a], self.scales[root_b]
        dot = scale_a * scale_b * _dot(small, large, small.keys() & large.keys())
        if dot < CENTROID_THRESHOLD * math.sqrt(self.squares[root_a] * self.squares[root_b]):
            return
        if not self.owned[root_b]:
            large = {term: weight * scale_b for term, weight in large.items()}
        for term, weight in small.items():
            large[term] = large.get(term, 0.0) + weight * scale_a
        low, high = min(root_a, root_b), max(root_a, root_b)
        self.parent[high] = low
        self.sums[low], self.sums[high] = large, {}
        self.scales[low], self.owned[low] = 1.0, True
        self.squares[low] = self.squares[root_a] + self.squares[root_b] + 2 * dot


def rank_stories(
    inputs: Sequence[TrendingInput],
    now: datetime,
    settings: TrendingSettings = TrendingSettings(),
    *,
    section: str | None = None,
) -> list[Story]:
    """One-off ranking; keep a `TrendingEngine` to re-rank cheaply as articles arrive."""
    return TrendingEngine(settings).rank(inputs, now, section=section)


def story_to_json(story: Story, inputs_by_id: Mapping[int, TrendingInput]) -> dict:
    """The shape `berita trending --json` prints; articles missing from the map are left out."""
    return {
        "id": story.id,
        "headline": story.headline,
        "score": round(story.score, 6),
        "components": {name: round(value, 6) for name, value in story.components.items()},
        "sources": list(story.sources),
        "sections": list(story.sections),
        "latest": story.latest.isoformat(),
        "articles": [
            {
                "id": row.id,
                "title": row.title,
                "source": row.source,
                "published": row.published.isoformat(),
            }
            for row in (inputs_by_id.get(i) for i in story.article_ids)
            if row is not None
        ],
    }
