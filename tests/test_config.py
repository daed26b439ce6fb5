from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import ConfigError, load_config, load_config_file, resolve_feed_url
from tui.paths import Paths

GOOD = """
[general]
language = "id"
refresh_minutes = 15

[fetch]
concurrency = 8

[[source]]
name = "Kabar"
home = "https://kabar.example"

  [[source.section]]
  name = "Politik"
  url = "https://kabar.example/rss/politik.xml"

  [[source.section]]
  name = "Lokal"
  url = "feeds/lokal.xml"
  full_text = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_gives_feeds_with_resolved_urls(tmp_path: Path) -> None:
    config = load_config_file(write(tmp_path, GOOD))
    assert config.general.language == "id"
    assert config.general.refresh_minutes == 15.0
    assert config.fetch.concurrency == 8
    assert config.fetch.per_host == 4  # default kept
    politik, lokal = config.feeds
    assert (politik.source, politik.section, politik.url) == (
        "Kabar",
        "Politik",
        "https://kabar.example/rss/politik.xml",
    )
    assert lokal.url == (tmp_path / "feeds" / "lokal.xml").resolve().as_uri()
    assert lokal.full_text and not politik.full_text


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        (GOOD.replace("concurrency = 8", "concurency = 8"), 7, "fetch.concurency", "unknown key"),
        (
            GOOD.replace("refresh_minutes = 15", 'refresh_minutes = "soon"'),
            4,
            "refresh_minutes",
            "number",
        ),
        (GOOD.replace('language = "id"', 'language = "fr"'), 3, "general.language", "one of"),
        (
            GOOD.replace('"feeds/lokal.xml"', '"exec:rm -rf ~"'),
            19,
            "source.section.url",
            "not a feed URL",
        ),
        (
            GOOD.replace("full_text = true", 'full_text = "yes"'),
            20,
            "source.section.full_text",
            "true or false",
        ),
        (GOOD + "\n[colors]\nred = 1\n", 22, "colors", "unknown setting"),
    ],
)
def test_bad_config_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert key in message and words in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    ("table", "setting", "words"),
    [
        ("fetch", "deadline = 0", "fetch.deadline: must be a number > 0, not 0"),
        ("fetch", "deadline = nan", "fetch.deadline: must be a number > 0, not nan"),
        ("fetch", "deadline = inf", "fetch.deadline: must be a number > 0, not inf"),
        ("fetch", "deadline = -inf", "fetch.deadline: must be a number > 0, not -inf"),
        ("fetch", "connect_timeout = nan", "fetch.connect_timeout: must be a number > 0"),
        ("fetch", "read_timeout = -1", "fetch.read_timeout: must be a number > 0, not -1"),
        ("fetch", "read_timeout = true", "fetch.read_timeout: must be a number > 0, not true"),
        ("fetch", "concurrency = true", "fetch.concurrency: must be a whole number ≥ 1, not true"),
        ("fetch", "concurrency = 0", "fetch.concurrency: must be a whole number ≥ 1, not 0"),
        ("fetch", "per_host = 2.5", "fetch.per_host: must be a whole number ≥ 1, not 2.5"),
        ("fetch", "max_bytes = 0", "fetch.max_bytes: must be a whole number ≥ 1"),
        ("fetch", "max_bytes = 99_999_999_999", "fetch.max_bytes: must be a whole number ≥ 1"),
        ("fetch", "max_redirects = -1", "fetch.max_redirects: must be a whole number ≥ 0"),
        ("fetch", "concurrency = 99999999999999999999", "fetch.concurrency: must be a whole"),
        ("trending", "window_hours = inf", "trending.window_hours: must be a number > 0"),
        ("trending", "window_hours = 1e308", "trending.window_hours: must be a number > 0"),
        ("trending", "window_hours = 0", "trending.window_hours: must be a number > 0"),
        ("trending", "half_life_hours = nan", "trending.half_life_hours: must be a number > 0"),
        ("trending", "half_life_hours = 0", "trending.half_life_hours: must be a number > 0"),
        ("general", "refresh_minutes = -1", "general.refresh_minutes: must be a number ≥ 0"),
        ("general", "refresh_minutes = nan", "general.refresh_minutes: must be a number ≥ 0"),
        ("general", "refresh_minutes = 1e300", "general.refresh_minutes: must be a number ≥ 0"),
        ("retention", "days = -1", "retention.days: must be a whole number ≥ 0"),
        ("retention", "days = 1_000_000", "retention.days: must be a whole number ≥ 0"),
        ("retention", "per_feed = -5", "retention.per_feed: must be a whole number ≥ 0"),
        ("retention", "per_feed = false", "retention.per_feed: must be a whole number ≥ 0"),
    ],
)
def test_numbers_must_be_finite_and_in_range(
    tmp_path: Path, table: str, setting: str, words: str
) -> None:
    """TOML writes nan and inf as floats: a nan deadline failed every feed, inf hours crashed
    `berita trending`. Each is refused with the file, line and key."""
    path = write(tmp_path, f"# mine\n[{table}]\n{setting}\n")
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    assert str(caught.value).startswith(f"{path}:3: {words}"), caught.value


@pytest.mark.parametrize(
    "setting",
    [
        "[general]\nrefresh_minutes = 0",  # 0: refresh only on r/R
        "[fetch]\nmax_redirects = 0",  # 0: follow none
        "[fetch]\ndeadline = 0.5\nconnect_timeout = 1e3",
        "[retention]\ndays = 0\nper_feed = 0",  # drop read articles once no feed carries them
        "[trending]\nwindow_hours = 87600\nhalf_life_hours = 0.25",
    ],
)
def test_numbers_at_the_edges_are_accepted(tmp_path: Path, setting: str) -> None:
    load_config_file(write(tmp_path, setting + "\n"))


def test_every_number_setting_has_a_range() -> None:
    from dataclasses import fields

    from tui.config import _RANGES, _TABLES

    numbers = {
        f"{table}.{field.name}"
        for table, kind in _TABLES.items()
        for field in fields(kind)
        if "int" in str(field.type) or "float" in str(field.type)
    }
    assert numbers == set(_RANGES)


DUPLICATE = """
[[source]]
name = "ANTARA"

  [[source.section]]
  name = "Politik"
  url = "https://x.example/rss"

  [[source.section]]
  name = "Ekonomi"
  url = "https://x.example/ekonomi"

[[source]]
name = "Tempo"

  [[source.section]]
  name = "Nasional"
  url = "https://x.example/rss "
"""


def test_the_same_feed_url_twice_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, DUPLICATE)
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    assert str(caught.value) == (
        f'{path}:18: source.section.url: "https://x.example/rss" is already the feed of'
        " ANTARA › Politik at line 7"
    )


def test_the_same_url_twice_in_one_source_and_as_a_path(tmp_path: Path) -> None:
    text = GOOD + '\n  [[source.section]]\n  name = "Lagi"\n  url = "./feeds/../feeds/lokal.xml"\n'
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:24: source.section.url: "), message
    assert message.endswith("is already the feed of Kabar › Lokal at line 19"), message


def test_invalid_toml_is_one_clear_message(tmp_path: Path) -> None:
    path = write(tmp_path, "[general\nlanguage = 'id'\n")
    with pytest.raises(ConfigError, match=rf"{path}: not valid TOML: .*line 1"):
        load_config_file(path)


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[general]\nlanguage = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config_file(path)


def test_default_config_is_written_once_and_never_overwritten(isolated_dirs: Path) -> None:
    paths = Paths.from_platform()
    assert str(paths.config_file).startswith(str(isolated_dirs))
    config = load_config(paths)
    assert paths.config_file.exists()
    assert 10 <= len(config.feeds) <= 20
    assert all(spec.url.startswith("https://") for spec in config.feeds)
    assert {"ANTARA", "Tempo", "Republika"} <= {spec.source for spec in config.feeds}
    paths.config_file.write_text("# mine\n", encoding="utf-8")
    assert load_config(paths).feeds == ()
    assert paths.config_file.read_text(encoding="utf-8") == "# mine\n"


def test_a_broken_config_is_left_as_it_is(isolated_dirs: Path) -> None:
    paths = Paths.from_platform()
    paths.config_file.parent.mkdir(parents=True)
    paths.config_file.write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(paths)
    assert paths.config_file.read_text(encoding="utf-8") == "[[source]\n"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/rss", "https://a.example/rss"),
        ("ftp://a.example/rss", None),
        ("javascript:alert(1)", None),
        ("exec:ls", None),
        ("filter:x:https://a.example", None),
        ("file:///tmp/x.xml", "file:///tmp/x.xml"),
        ("/tmp/x.xml", "file:///tmp/x.xml"),
    ],
)
def test_feed_urls_are_http_or_files(url: str, expected: str | None) -> None:
    assert resolve_feed_url(url, Path("/")) == expected
