from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.feeds import item, rss
from tests.support.server import FeedServer
from tui.cli import main
from tui.paths import Paths


def write_config(server: FeedServer, extra: str = "") -> Path:
    politik = server.route(
        "/politik.xml",
        rss(
            [
                item(1, title="Gubernur resmikan jembatan [@click=app.quit]x[/]", guid="a1"),
                item(2, title="DPRD bahas anggaran banjir", guid="a2", author="Dewi Lestari"),
            ]
        ),
    )
    ekonomi = server.route(
        "/ekonomi.xml",
        rss(
            [
                item(2, title="DPRD bahas anggaran banjir", guid="a2", author="Dewi Lestari"),
                item(3, guid="a3"),
            ]
        ),
    )
    path = Paths.from_platform().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""
[retention]
days = 30

[[source]]
name = "Kabar"
home = "https://kabar.example"
fetch_pages = false

  [[source.section]]
  name = "Politik"
  url = "{politik}"

  [[source.section]]
  name = "Ekonomi"
  url = "{ekonomi}"
{extra}""",
        encoding="utf-8",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_fetch_then_list_as_json(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(server)
    code, _, err = run(capsys, "fetch")
    assert code == 0, err
    assert "2 feeds: 3 new" in err
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 3, "an article in two sections is one article"
    keys = {"id", "title", "url", "source", "sections", "published", "author"}
    assert keys | {"read_count", "read", "starred"} <= set(rows[0])
    shared = next(row for row in rows if row["title"] == "DPRD bahas anggaran banjir")
    assert sorted(shared["sections"]) == ["Ekonomi", "Politik"]
    assert shared["author"] == "Dewi Lestari"
    assert shared["published"].endswith("+00:00")
    literal = next(row for row in rows if "Gubernur" in row["title"])
    assert literal["title"].endswith("[@click=app.quit]x[/]")


def test_list_filters_by_section_and_unread(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(server)
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--section", "Ekonomi", "--json")
    assert {row["title"] for row in json.loads(out)} == {
        "DPRD bahas anggaran banjir",
        "Berita nomor 3",
    }
    _, out, _ = run(capsys, "list", "--unread", "--limit", "1")
    assert len(out.strip().splitlines()) == 1


def test_show_as_text_and_json(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(server)
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--json")
    article_id = next(row["id"] for row in json.loads(out) if row["author"] == "Dewi Lestari")
    code, out, _ = run(capsys, "show", str(article_id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["text"].startswith("Isi berita nomor 2")
    assert shown["credits"] == {
        "reporter": "Dewi Lestari",
        "editor": None,
        "publisher": None,
        "photographer": None,
    }
    assert shown["view_count"] is None and "image" in shown
    code, out, _ = run(capsys, "show", str(article_id))
    assert "DPRD bahas anggaran banjir" in out and "Reporter: Dewi Lestari" in out
    code, _, err = run(capsys, "show", "999999")
    assert code == 1 and "no article with id 999999" in err


def test_search_finds_body_words(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(server)
    run(capsys, "fetch")
    code, out, _ = run(capsys, "search", "jembatan", "--json")
    assert code == 0
    assert [row["title"][:8] for row in json.loads(out)] == ["Gubernur"]
    code, out, _ = run(capsys, "search", '"AND (*')
    assert code == 0


def test_sources_report_failures(server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(
        server,
        extra=f"""
  [[source.section]]
  name = "Hilang"
  url = "{server.url("/hilang.xml")}"
""",
    )
    code, _, err = run(capsys, "fetch")
    assert code == 1
    assert "Kabar › Hilang: HTTP 404" in err
    _, out, _ = run(capsys, "sources", "--json")
    by_section = {row["section"]: row for row in json.loads(out)}
    assert "404" in by_section["Hilang"]["last"]["error"]
    assert by_section["Politik"]["last"]["seen"] == 2


def test_sources_say_when_a_feed_was_cut_at_the_item_cap(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """A feed of 1,234 items keeps its first 1,000, and says so; a 304 does not forget it."""
    long_feed = rss([item(number, guid=f"p{number}") for number in range(1234)], title="Panjang")
    write_config(
        server,
        extra=f"""
  [[source.section]]
  name = "Panjang"
  url = "{server.route("/panjang.xml", long_feed, etag='"v1"')}"
""",
    )
    note = "kept the first 1,000 of 1,234 items"
    code, _, err = run(capsys, "fetch")
    assert code == 0, err
    assert f"Kabar › Panjang: note: {note} ({server.url('/panjang.xml')})" in err
    run(capsys, "fetch")  # answered 304: the stored articles are still the first 1,000
    _, out, _ = run(capsys, "sources")
    lines = out.splitlines()
    where = next(n for n, line in enumerate(lines) if "Kabar › Panjang" in line)
    assert lines[where].endswith("unchanged")
    assert lines[where + 1] == f"     note: {note}"
    assert sum("note:" in line for line in lines) == 1  # the feeds that were not cut: none
    _, out, _ = run(capsys, "sources", "--json")
    by_section = {row["section"]: row for row in json.loads(out)}
    assert by_section["Panjang"]["note"] == note
    assert by_section["Panjang"]["items_dropped"] == 234
    assert by_section["Panjang"]["last"]["not_modified"] is True
    assert (by_section["Politik"]["note"], by_section["Politik"]["items_dropped"]) == (None, 0)


def test_everything_works_offline_from_the_cache(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(server)
    run(capsys, "fetch")
    server.stop()
    code, _, err = run(capsys, "fetch")
    assert code == 1 and "offline" in err
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 3


def test_add_discovers_the_feed_of_a_page(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(server)
    server.route("/daerah.xml", rss([item(9, title="Banjir di Jember", guid="d9")], title="Warta"))
    page = server.route(
        "/portal",
        '<html><head><link rel="alternate" type="application/rss+xml" '
        'href="/daerah.xml"></head></html>',
        headers={"Content-Type": "text/html"},
    )
    code, out, err = run(capsys, "add", page, "--section", "Daerah")
    assert code == 0, err
    assert "Warta › Daerah" in out and server.url("/daerah.xml") in out
    _, out, _ = run(capsys, "list", "--section", "Daerah", "--json")
    assert [row["title"] for row in json.loads(out)] == ["Banjir di Jember"]


def test_import_refuses_commands_and_export_round_trips(
    server: FeedServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_config(server)
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Daerah"><outline text="Warta" xmlUrl="https://warta.example/rss"/>'
        '<outline text="Evil" xmlUrl="exec:touch /tmp/pwned"/></outline></body></opml>'
    )
    code, out, err = run(capsys, "import", str(opml))
    assert code == 1
    assert "imported: Warta › Daerah" in out and "refused: Evil" in err
    code, out, _ = run(capsys, "export")
    assert code == 0
    assert 'xmlUrl="https://warta.example/rss"' in out and "exec:" not in out
    assert '<outline text="Daerah"' in out


def test_bad_config_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = Paths.from_platform().config_file
    path.parent.mkdir(parents=True)
    path.write_text('[general]\nrefresh_minutes = "x"\n', encoding="utf-8")
    code, out, err = run(capsys, "list")
    assert code == 2
    assert f"{path}:2: general.refresh_minutes" in err
    assert "Traceback" not in err and out == ""


def test_trending_json_ranks_stories_across_sources(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.config import DEMO_DIR

    demo = str(DEMO_DIR / "config.toml")
    code, _, err = run(capsys, "--config", demo, "fetch")
    assert code == 1 and "Warta Jatim › Ekonomi" in err  # the demo's deliberately broken feed
    code, out, _ = run(capsys, "--config", demo, "trending", "--json", "--limit", "3")
    assert code == 0
    stories = json.loads(out)
    assert len(stories) == 3
    top = stories[0]
    assert {"headline", "score", "components", "sources", "articles"} <= set(top)
    assert len(top["sources"]) >= 3, "the top story is one several newsrooms cover"
    assert top["score"] >= stories[1]["score"] >= stories[2]["score"]
    assert {"id", "title", "source", "published"} <= set(top["articles"][0])
    assert {article["source"] for article in top["articles"]} == set(top["sources"])
    code, out, _ = run(capsys, "--config", demo, "trending", "--section", "Olahraga", "--json")
    assert code == 0
    in_section = json.loads(out)
    assert in_section, "Trending di Olahraga"
    for story in in_section:
        assert any(a["source"] == "Warta Jatim" for a in story["articles"])
