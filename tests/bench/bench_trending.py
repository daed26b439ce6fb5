"""How fast trending ranks a big window: run with `python tests/bench/bench_trending.py [N]`.

Generates N (default 20,000) synthetic headlines with leads: events of skewed size (most
covered once, a few by dozens of articles), each with its own words (real Indonesian roots from
Sastrawi's dictionary, written with affixes "me-…-kan", "di-…", "ke-…-an" so the stemmer does
real work, plus invented names), mixed with a Zipf-distributed vocabulary of common roots.
Prints seconds (median of 3) for each step and ratios against the tokenising step alone,
measured in the same run, so figures compare across machines; and, since every synthetic
article knows its event, the pairwise precision and recall of the grouping at this scale.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui import trending, words
from tui.model import TrendingInput

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
SOURCES = ("Antara", "Tempo", "Kompas", "Detik", "CNN Indonesia", "Republika", "BeritaJatim")
SECTIONS = ("Politik", "Pemerintahan", "Ekonomi", "Hukum", "Olahraga", "Daerah", "Nasional")
SYLLABLES = "ba bo bu da du ga gi la lu ma mu na nu pa ra ru sa ta tu wa".split()
AFFIXES = (
    ("", ""),
    ("me", "kan"),
    ("di", ""),
    ("ke", "an"),
    ("", "nya"),
    ("ber", ""),
    ("di", "kan"),
)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def _affixed(rng: random.Random, root: str) -> str:
    prefix, suffix = rng.choice(AFFIXES)
    return prefix + root + suffix


def _roots() -> list[str]:
    import Sastrawi

    dictionary = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return sorted({w for w in dictionary.read_text("utf-8").split() if w.isalpha() and len(w) > 3})


def synthetic_inputs(count: int, seed: int = 7, first_id: int = 1) -> list[TrendingInput]:
    return synthetic_events(count, seed, first_id)[0]


def synthetic_events(
    count: int, seed: int = 7, first_id: int = 1
) -> tuple[list[TrendingInput], dict[int, int]]:
    """Rows, and the event each row's id reports."""
    rng = random.Random(seed)
    roots = _roots()
    rng.shuffle(roots)
    common, rare = roots[:600], roots[600:12_600]
    names = sorted({_word(rng, 3) for _ in range(6_000)})
    common_weights = [1.0 / (rank + 1) for rank in range(len(common))]
    rows: list[TrendingInput] = []
    events: dict[int, int] = {}
    article_id = first_id
    event = 0
    while len(rows) < count:
        event += 1
        size = min(40, int(rng.paretovariate(1.3)))  # mostly 1–2, a long tail of big stories
        event_words = rng.sample(rare, 4)
        event_names = rng.sample(names, 2)
        hours_ago = rng.uniform(0, 47)
        for _ in range(size):
            title_words = [_affixed(rng, w) for w in rng.sample(event_words, 3)]
            title_words += [*rng.sample(event_names, 1), *rng.choices(common, common_weights, k=3)]
            rng.shuffle(title_words)
            lead_words = [_affixed(rng, w) for w in rng.sample(event_words, 3)] + event_names
            lead_words += rng.choices(common, common_weights, k=22) + rng.sample(rare, 3)
            rng.shuffle(lead_words)
            rows.append(
                TrendingInput(
                    id=article_id,
                    title=" ".join(title_words).title(),
                    lead="Jakarta (ANTARA) - " + " ".join(lead_words) + ".",
                    source=rng.choice(SOURCES),
                    section=rng.choice(SECTIONS),
                    feed_id=rng.randrange(40),
                    published=NOW - timedelta(hours=hours_ago + rng.uniform(0, 1)),
                    comments=rng.choice((None, None, rng.randrange(500))),
                    view_count=rng.choice((None, rng.randrange(100_000))),
                    opens=rng.choice((0, 0, 0, 1)),
                )
            )
            events[article_id] = event
            article_id += 1
    rows = rows[:count]
    return rows, {row.id: events[row.id] for row in rows}


class Clock:
    """Wall and CPU seconds of one step; CPU time is steadier on a shared machine."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def timed(step: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of `repeat` runs (the median resists a busy neighbour)."""
    clocks = []
    for _ in range(repeat):
        with Clock() as clock:
            step()
        clocks.append(clock)
    return (statistics.median(c.wall for c in clocks), statistics.median(c.cpu for c in clocks))


def pairwise_quality(stories: list[trending.Story], events: dict[int, int]) -> tuple[float, float]:
    """Precision and recall over same-story article pairs, from the contingency counts."""

    def pairs(sizes: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    story_of = {a: s.id for s in stories for a in s.article_ids}
    both = pairs(Counter((story_of[a], e) for a, e in events.items()))
    predicted = pairs(Counter(story_of.values()))
    true = pairs(Counter(events.values()))
    return both / max(1, predicted), both / max(1, true)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rows, events = synthetic_events(count)
    batches = [synthetic_inputs(500, seed=100 + i, first_id=count + 1) for i in range(3)]

    words.clear_stem_cache()
    with Clock() as cold:
        everything = trending.rank_stories(rows, NOW, trending.TrendingSettings(limit=count))
    distinct = words.stem_cache_size()
    precision, recall = pairwise_quality(everything, events)

    with tempfile.TemporaryDirectory() as scratch:
        saved = Path(scratch) / "stems.json"
        words.save_stems(saved)
        words.clear_stem_cache()
        with Clock() as load:
            words.load_stems(saved)

    def tokenise() -> None:
        for row in rows:
            trending.term_frequencies(row.title, row.lead)

    baseline = timed(tokenise)
    full = timed(lambda: trending.rank_stories(rows, NOW))

    reranks = []
    for batch in batches:  # a primed engine meets 500 articles it has never seen
        engine = trending.TrendingEngine()
        engine.rank(rows, NOW)
        for row in batch:  # their stems are warm, as in a long-running app
            trending.term_frequencies(row.title, row.lead)
        grown = rows + batch
        with Clock() as clock:
            engine.rank(grown, NOW)
        reranks.append(clock)
    rerank = (statistics.median(c.wall for c in reranks), statistics.median(c.cpu for c in reranks))
    section = timed(lambda: engine.rank(grown, NOW, section="Politik"))

    biggest = max(len(s.article_ids) for s in everything)
    print(f"{count} articles in {len(set(events.values()))} events, {distinct} distinct words")
    print(f"grouping: {len(everything)} stories (largest {biggest} articles), ", end="")
    print(f"pairwise precision {precision:.3f}, recall {recall:.3f}")
    print(f"{'step':<48} {'wall s':>7} {'cpu s':>7}  cpu ÷ baseline")
    steps = [
        ("tokenise only, stems cached (baseline)", baseline),
        ("full rank, cold stem cache", (cold.wall, cold.cpu)),
        ("load saved stems (words.load_stems)", (load.wall, load.cpu)),
        ("full rank, new engine, stems cached", full),
        (f"re-rank, engine primed, +{len(batches[0])} new articles", rerank),
        ("re-rank one section, all cached", section),
    ]
    for label, (wall, cpu) in steps:
        print(f"{label:<48} {wall:7.3f} {cpu:7.3f}  ×{cpu / baseline[1]:.2f}")


if __name__ == "__main__":
    main()
