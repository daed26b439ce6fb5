from __future__ import annotations

from pathlib import Path

import pytest

from tui.model import FeedSpec
from tui.opml import OpmlError, parse_opml, to_opml


def load(directory: Path, name: str):
    return parse_opml((directory / name).read_bytes())


def test_nested_folders_become_sections(shared_opml: Path) -> None:
    result = load(shared_opml, "newsboat-example.opml")
    sections = {spec.source: spec.section for spec in result.feeds}
    assert sections["Notes by Mike"] == "friends"
    assert sections["Fred on everything"] == "eloquent"
    assert all(spec.url.startswith("https://") for spec in result.feeds)
    assert result.refused == ()


@pytest.mark.parametrize(
    ("name", "refused_words"),
    [
        ("newsboat-with_verbatim_exec_url.opml", "exec:"),
        ("newsboat-with_verbatim_filter_url.opml", "filter:"),
        ("newsboat-piped.opml", "command to pipe through"),
    ],
)
def test_commands_in_disguise_are_refused_and_the_normal_feed_kept(
    shared_opml: Path, name: str, refused_words: str
) -> None:
    result = load(shared_opml, name)
    assert [spec.url for spec in result.feeds] == ["https://example.com/feed.atom"]
    assert len(result.refused) == 1
    assert refused_words in result.refused[0] and "never run" in result.refused[0]


def test_filter_commands_are_dropped_with_a_note(shared_opml: Path) -> None:
    result = load(shared_opml, "newsboat-filtered.opml")
    assert "https://example.com/firehose" in [spec.url for spec in result.feeds]
    assert any("filter command" in note for note in result.notes)


def test_other_schemes_are_refused_one_line_each(shared_opml: Path) -> None:
    result = load(shared_opml, "newsboat-with_unsupported_schemas.opml")
    assert [spec.url for spec in result.feeds] == ["https://example.com/feed.atom"]
    assert sorted(line.split("'")[1].split(":")[0] for line in result.refused) == ["ftp", "nntp"]


def test_url_attribute_and_missing_address(shared_opml: Path) -> None:
    assert load(shared_opml, "newsboat-xmlurl-missing-but-url-exists.opml").feeds[0].url == (
        "https://example.com/feed.xml"
    )
    missing = load(shared_opml, "newsboat-xmlurl-and-url-missing.opml")
    assert len(missing.feeds) == 1
    assert "no feed address" in missing.refused[0]


@pytest.mark.parametrize(
    "name", ["newsboat-body-element-missing.opml", "newsboat-opml-element-missing.opml"]
)
def test_malformed_documents_import_nothing(shared_opml: Path, name: str) -> None:
    with pytest.raises(OpmlError, match="not OPML"):
        load(shared_opml, name)


def test_entity_bomb_is_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
        )
        + b']><opml version="2.0"><head/><body>'
        b'<outline text="&i;" xmlUrl="https://a.example/f"/></body></opml>'
    )
    with pytest.raises(OpmlError):
        parse_opml(bomb)


def test_export_round_trips_sections_and_sources() -> None:
    specs = [
        FeedSpec(source="ANTARA", section="Politik", url="https://a.example/politik.xml"),
        FeedSpec(source="ANTARA", section="Ekonomi", url="https://a.example/ekonomi.xml"),
        FeedSpec(source='Tempo "&" <Co>', section="Politik", url="https://t.example/p?a=1&b=2"),
    ]
    again = parse_opml(to_opml(specs).encode())
    assert sorted(again.feeds, key=lambda s: s.url) == sorted(
        [FeedSpec(s.source, s.section, s.url) for s in specs], key=lambda s: s.url
    )
