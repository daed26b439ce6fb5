"""Words of a headline as the trending engine compares them: tokens, stop words, stems.

Indonesian words are stemmed with PySastrawi so "menaikkan", "kenaikan" and "naik" meet as
"naik". Sastrawi costs 0.07–0.13 ms per uncached word, so every stem is memoised here: after
warm-up a token costs a dict lookup. The benchmark's 20,000-article window holds ~56,000
distinct words, ~5 s of stemming from cold (0.06 s to load saved), so a short-lived process
(`berita trending`) can keep the memo between runs with `load_stems` / `save_stems`.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

_TOKEN = re.compile(r"[^\W_]+")
_LONGEST_WORD = 40  # longer "words" are URLs, hashes or junk, and slow to stem

# Sastrawi's own list is Indonesian; these cover English headlines and the boilerplate portals
# wrap around news (datelines, weekdays, months, "baca juga", "video", domain parts), plus the
# units that trail the numbers we drop ("5,2 persen", "Rp2 triliun").
_ENGLISH = """
a about after again against all also am an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no
nor not now of off on once only or other our out over own same she should so some such than
that the their them then there these they this those through to too under until up very was
we were what when where which while who whom why will with would you your says said say new
amid over after year years week day today yesterday tomorrow
"""
_NEWS = """
berita terkini terbaru breaking news update live video foto galeri infografis simak baca klik
selengkapnya halaman wib wita wit jam menit detik pukul hari pekan tahun sabtu minggu senin
selasa rabu kamis jumat januari februari maret april mei juni juli agustus september oktober
november desember jan feb mar apr jun jul agu sep okt nov des com co id www net tv
persen ribu rb juta jt miliar triliun kg kilogram km kilometer meter liter unit
"""


@cache
def _indonesian_stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


# Sastrawi lists "naik" (rise) but not "turun" (fall); in news both say what happened.
_NOT_STOP_WORDS = frozenset({"naik"})


@cache
def stop_words() -> frozenset[str]:
    """Indonesian (Sastrawi's list) and English stop words plus news boilerplate, lower case."""
    indonesian = _indonesian_stop_words() - _NOT_STOP_WORDS
    return indonesian | frozenset(_ENGLISH.split()) | frozenset(_NEWS.split())


@cache
def _stemmer():  # -> Sastrawi Stemmer; imported lazily (~16 ms) so importing us stays cheap
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


_STEMS: dict[str, str] = {}
_STEM_CACHE_LIMIT = 200_000


# Words Sastrawi could strip: a prefix (di-, ke-, se-, be(r)-, te(r)-, me(N)-, pe(N)-, ku-, kau-)
# or a suffix (-i, -an, -kan, particles, possessives). Sastrawi spends ~0.1 ms failing on each
# name and English word; without these shapes it would return the word unchanged anyway (bar
# rare infixes: "pinala" → "pala", "minister" → "mister", which we are glad to skip).
_AFFIXED = re.compile(r"^(?:di|ke|se|be|te|me|pe|ku|kau)|(?:i|an|lah|kah|tah|pun|ku|mu|nya)$")


def stem(word: str) -> str:
    """The stem of one lower-case word, memoised (Sastrawi is slow per call)."""
    found = _STEMS.get(word)
    if found is not None:
        return found
    if len(_STEMS) >= _STEM_CACHE_LIMIT:
        _STEMS.clear()  # a crude bound; a window never holds this many distinct words
    result = (_stemmer().stem(word) or word) if _AFFIXED.search(word) else word
    _STEMS[word] = result
    return result


# "Jakarta (ANTARA) - ", "KOMPAS.com - ", "TEMPO.CO, Jakarta - ", "Jakarta, CNN Indonesia -- ",
# "Surabaya (beritajatim.com) - ": a short prefix ending in a dash, before the news itself.
_DATELINE = re.compile(r"^\s*([^\n–—-]{1,60}?)\s*(?:--|[-–—])\s+")
_DATELINE_MAX_WORDS = 5


def strip_dateline(lead: str) -> str:
    """The lead without its dateline, whose place and outlet names say nothing about the story."""
    match = _DATELINE.match(lead)
    if match is None or len(match.group(1).split()) > _DATELINE_MAX_WORDS:
        return lead
    return lead[match.end() :]


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; hyphens and punctuation split words."""
    return _TOKEN.findall(text.casefold())


def significant_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning, in text order, repeats kept.

    Dropped: stop words (checked before and after stemming, so "katanya" → "kata" goes too),
    numbers (dates, years, amounts: "2025" says nothing about which story it is), one-letter
    tokens and tokens too long to be words.
    """
    stops = stop_words()
    terms: list[str] = []
    for token in tokens(text):
        if not 2 <= len(token) <= _LONGEST_WORD or _is_number(token) or token in stops:
            continue
        root = stem(token)
        if len(root) < 2 or root in stops:
            continue
        terms.append(root)
    return terms


def _is_number(token: str) -> bool:
    """Numbers and amounts: "2025", "5g", "rp12" (from "Rp12.500"); "g20" is a name and stays."""
    return token[0].isdigit() or (token.startswith("rp") and token[2:3].isdigit())


_STEMS_FORMAT = "berita-stems-1"  # bump when tokenising or stemming rules change


def load_stems(path: Path) -> int:
    """Add the stems saved at `path` to the memo; how many. A missing, damaged or outdated file
    is ignored: stems are only ever a cache."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or data.get("format") != _STEMS_FORMAT:
        return 0
    saved = data.get("stems")
    if not isinstance(saved, dict):
        return 0
    loaded = 0
    for word, root in list(saved.items())[:_STEM_CACHE_LIMIT]:
        if isinstance(root, str) and 0 < len(root) <= len(word) < 100:
            _STEMS.setdefault(word, root)
            loaded += 1
    return loaded


def save_stems(path: Path) -> None:
    """Write the memo to `path` atomically (a temporary file renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = {"format": _STEMS_FORMAT, "stems": _STEMS}
    temporary.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(temporary, path)


def stem_cache_size() -> int:
    return len(_STEMS)


def clear_stem_cache() -> None:
    """Forget memoised stems (the benchmark uses it to measure a cold start)."""
    _STEMS.clear()
