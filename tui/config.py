"""The TOML config: frozen dataclasses, and one clear message (file, line, key) when it is wrong.

The default config is written once, on first run, and never overwritten afterwards.
"""

from __future__ import annotations

import math
import re
import shutil
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from tui.model import FeedSpec
from tui.paths import DATA_FILES, Paths
from tui.sanitize import clean_line, safe_url

DEFAULT_CONFIG = DATA_FILES / "default_config.toml"
DEMO_DIR = DATA_FILES / "demo"
DEMO_PREFIX = "demo:"


class ConfigError(Exception):
    """A config problem, already phrased for the user: `file:line: key: what is wrong`."""


@dataclass(frozen=True, slots=True)
class GeneralConfig:
    language: str | None = None
    theme: str = "koran"
    light_theme: str = "koran"
    dark_theme: str = "mode-gelap"
    refresh_minutes: float = 30.0
    ticker: bool = True


@dataclass(frozen=True, slots=True)
class FetchConfig:
    concurrency: int = 16
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_local_network: bool = False


@dataclass(frozen=True, slots=True)
class RetentionConfig:
    days: int | None = 30
    per_feed: int | None = 500


@dataclass(frozen=True, slots=True)
class TrendingConfig:
    window_hours: float = 48.0
    half_life_hours: float = 12.0


@dataclass(frozen=True, slots=True)
class Config:
    general: GeneralConfig = field(default_factory=GeneralConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    trending: TrendingConfig = field(default_factory=TrendingConfig)
    feeds: tuple[FeedSpec, ...] = ()
    path: Path | None = None


_TABLES: dict[str, type] = {
    "general": GeneralConfig,
    "fetch": FetchConfig,
    "retention": RetentionConfig,
    "trending": TrendingConfig,
}


@dataclass(frozen=True, slots=True)
class _Range:
    """The values a number setting may take: above `low` (or from it, with `low_ok`), up to
    `high`. Always finite: TOML writes nan and inf as plain floats, and one nan deadline made
    every fetch fail."""

    low: float
    low_ok: bool = False
    high: float | None = None

    def allows(self, value: float) -> bool:
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if isinstance(value, int) and abs(value) > _WHOLE_MAX:
            return False
        above = value >= self.low if self.low_ok else value > self.low
        return above and (self.high is None or value <= self.high)

    def describe(self, kind: str) -> str:
        low = f"{'≥' if self.low_ok else '>'} {self.low}"
        return f"{kind} {low}" + ("" if self.high is None else f" and ≤ {self.high}")


_WHOLE_MAX = 2**63 - 1  # TOML integers are 64-bit (SQLite's too); tomllib reads any size

# Every number setting, by "table.key". Upper bounds only where a larger value breaks something.
_RANGES: dict[str, _Range] = {
    # 0: refresh only on r/R. At most a year: the reader's timer counts in seconds.
    "general.refresh_minutes": _Range(0, low_ok=True, high=525_600),
    "fetch.connect_timeout": _Range(0),
    "fetch.read_timeout": _Range(0),
    "fetch.deadline": _Range(0),
    "fetch.concurrency": _Range(1, low_ok=True),
    "fetch.per_host": _Range(1, low_ok=True),
    # A local feed file is read with one read(max_bytes + 1), which reserves that much memory.
    "fetch.max_bytes": _Range(1, low_ok=True, high=1_000_000_000),
    "fetch.max_redirects": _Range(0, low_ok=True),  # 0: follow none
    # 0 days / 0 per feed: drop read articles as soon as their feeds stop carrying them.
    # At most a century: the cutoff date must stay a date.
    "retention.days": _Range(0, low_ok=True, high=36_500),
    "retention.per_feed": _Range(0, low_ok=True),
    "trending.window_hours": _Range(0, high=87_600),  # ten years; the cutoff must stay a date
    "trending.half_life_hours": _Range(0),
}
_SOURCE_KEYS = {"name": str, "home": str, "full_text": bool, "fetch_pages": bool, "section": list}
_SECTION_KEYS = {"name": str, "url": str, "full_text": bool, "fetch_pages": bool}
_LANGUAGES = ("id", "en")


class DefaultConfigNotWritten(ConfigError):
    """The config folder cannot be written: the bundled default is read in place."""


def load_config(paths: Paths, *, write_default: bool = True) -> Config:
    """The user's config, written from the bundled default first if there is none yet."""
    path = paths.config_file
    if not path.exists():
        if not write_default:
            return Config()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DEFAULT_CONFIG, path)
        except OSError as error:
            raise DefaultConfigNotWritten(
                f"cannot write the default config to {path}: {error.strerror or error}; "
                "using the bundled default for now"
            ) from None
    return load_config_file(path)


def load_config_file(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        reason = f"{error.reason} at byte {error.start}"
        raise ConfigError(f"{path}: not UTF-8 text ({reason})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return _Reader(path, text).config(data)


class _Reader:
    """Turns parsed TOML into a Config, naming file, line and key for every problem."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(
        self, table: str, key: str | None, message: str, index: tuple[int, ...] = ()
    ) -> NoReturn:
        line = _find_line(self.lines, table, key, index)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{table}.{key}" if key else table
        raise ConfigError(f"{where}: {name}: {message}")

    def config(self, data: dict[str, Any]) -> Config:
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in _TABLES:
                if not isinstance(value, dict):
                    self.fail(key, None, "must be a table ([" + key + "])")
                values[key] = self.table(key, value, _TABLES[key])
            elif key == "source":
                if not isinstance(value, list):
                    self.fail("source", None, "must be an array of tables ([[source]])")
                values["feeds"] = self.sources(value)
            else:
                self.fail(key, None, f"unknown setting (known: {', '.join([*_TABLES, 'source'])})")
        values["path"] = self.path
        return Config(**values)

    def table(self, name: str, data: dict[str, Any], kind: type) -> Any:
        known = {f.name: f for f in fields(kind)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                self.fail(name, key, f"unknown key (known: {', '.join(known)})")
            values[key] = self.typed(name, key, value, known[key].type)
        if name == "general" and values.get("language") not in (None, *_LANGUAGES):
            self.fail(name, "language", f"must be one of {', '.join(_LANGUAGES)}")
        return kind(**values)

    def typed(self, table: str, key: str, value: Any, annotation: Any) -> Any:
        text = str(annotation)
        if "bool" in text:
            if not isinstance(value, bool):
                self.fail(table, key, f"must be true or false, not {value!r}")
            return value
        if "float" in text or "int" in text:
            whole = "float" not in text
            allowed = _RANGES[f"{table}.{key}"]
            kinds = (int,) if whole else (int, float)
            # bool is an int in Python, but `true` is not a number in TOML.
            number = not isinstance(value, bool) and isinstance(value, kinds)
            if not number or not allowed.allows(value):
                wanted = allowed.describe("a whole number" if whole else "a number")
                shown = str(value).lower() if isinstance(value, bool) else repr(value)
                self.fail(table, key, f"must be {wanted}, not {shown}")
            return value if whole else float(value)
        if not isinstance(value, str):
            self.fail(table, key, f"must be a string, not {value!r}")
        return value

    def sources(self, items: list[Any]) -> tuple[FeedSpec, ...]:
        specs: list[FeedSpec] = []
        # The store keeps one feed per URL: a second section with the same URL would silently
        # take the first one's place, so it is an error naming both.
        seen: dict[str, tuple[FeedSpec, tuple[int, int]]] = {}
        for number, source in enumerate(items):
            where = (number,)
            if not isinstance(source, dict):
                self.fail("source", None, "each [[source]] must be a table", where)
            self.check_keys("source", source, _SOURCE_KEYS, where)
            name = source.get("name")
            if not isinstance(name, str) or not clean_line(name, 200):
                self.fail("source", "name", "every [[source]] needs a name", where)
            home = source.get("home")
            if home is not None and safe_url(home) is None:
                self.fail("source", "home", f"not an http(s) URL: {home!r}", where)
            sections = source.get("section", [])
            if not sections:
                self.fail("source", "section", f"source {name!r} has no [[source.section]]", where)
            for section_number, section in enumerate(sections):
                at = (number, section_number)
                if not isinstance(section, dict):
                    self.fail("source.section", None, "must be a table", at)
                self.check_keys("source.section", section, _SECTION_KEYS, at)
                section_name = section.get("name")
                if not isinstance(section_name, str) or not clean_line(section_name, 200):
                    self.fail("source.section", "name", "every section needs a name", at)
                url = section.get("url")
                if not isinstance(url, str):
                    self.fail("source.section", "url", "every section needs a url", at)
                resolved = resolve_feed_url(url, self.path.parent)
                if resolved is None:
                    self.fail("source.section", "url", f"not a feed URL or file: {url!r}", at)
                spec = FeedSpec(
                    source=clean_line(name, 200),  # shown everywhere: no escapes
                    section=clean_line(section_name, 200),
                    url=resolved,
                    home=home,
                    full_text=bool(section.get("full_text", source.get("full_text", False))),
                    fetch_pages=bool(section.get("fetch_pages", source.get("fetch_pages", True))),
                )
                if resolved in seen:
                    self.duplicate(spec, at, *seen[resolved])
                seen[resolved] = (spec, at)
                specs.append(spec)
        return tuple(specs)

    def duplicate(
        self, spec: FeedSpec, at: tuple[int, ...], first: FeedSpec, first_at: tuple[int, ...]
    ) -> NoReturn:
        line = _find_line(self.lines, "source.section", "url", first_at)
        where = f" at line {line}" if line else ""
        # The resolved URL: cleaned of controls, and what the two entries have in common.
        self.fail(
            "source.section",
            "url",
            f'"{spec.url}" is already the feed of {first.source} › {first.section}{where}',
            at,
        )

    def check_keys(
        self, table: str, data: dict[str, Any], known: dict[str, type], where: tuple[int, ...]
    ) -> None:
        for key, value in data.items():
            if key not in known:
                self.fail(table, key, f"unknown key (known: {', '.join(known)})", where)
            if not isinstance(value, known[key]):
                kind = {str: "a string", bool: "true or false", list: "a list"}[known[key]]
                self.fail(table, key, f"must be {kind}, not {value!r}", where)


def resolve_feed_url(url: str, base_dir: Path) -> str | None:
    """An http(s) URL as it is; a `demo:` name, a path or a file:// URL as a file:// URL."""
    url = url.strip()
    if url.startswith(DEMO_PREFIX):
        return (DEMO_DIR / url.removeprefix(DEMO_PREFIX)).resolve().as_uri()
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme in ("http", "https"):
        return safe_url(url)
    if scheme == "file":
        return Path(unquote(urlsplit(url).path)).resolve().as_uri()
    if scheme or not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\\/]", url):
        return None  # another scheme (exec:, ftp:, javascript:…)
    return (base_dir / Path(url).expanduser()).resolve().as_uri()


def _find_line(lines: list[str], table: str, key: str | None, index: tuple[int, ...]) -> int | None:
    """The 1-based line of `key` in `table` (the index-th [[array]] element), best effort."""
    header = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
    counts: dict[str, int] = {}
    current = ""
    current_index: tuple[int, ...] = ()
    table_line: int | None = None
    for number, line in enumerate(lines, start=1):
        match = header.match(line)
        if match:
            current = match.group(1)
            counts[current] = counts.get(current, -1) + 1
            if current == "source":
                counts.pop("source.section", None)
            current_index = (
                (counts.get("source", 0),)
                if current == "source"
                else (counts.get("source", 0), counts[current])
                if current == "source.section"
                else ()
            )
            if current == table and current_index == index and key is None:
                return number
            if current == table and current_index == index:
                table_line = number
            continue
        if (
            key is not None
            and current == table
            and current_index == index
            and re.match(rf"^\s*{re.escape(key)}\s*=", line)
        ):
            return number
    if table_line is not None:
        return table_line
    if not index:
        name = re.escape(key or table)
        for number, line in enumerate(lines, start=1):
            if re.match(rf"^\s*({name}\s*=|\[\[?\s*{name}\s*\])", line):
                return number
    return None
