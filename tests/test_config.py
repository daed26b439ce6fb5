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
