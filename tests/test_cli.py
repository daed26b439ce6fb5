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


@pytest.mark.parametrize(
    ("setting", "where"),
    [
        ("[trending]\nwindow_hours = inf\n", ":3: trending.window_hours: must be a number > 0"),
        ("[fetch]\ndeadline = nan\n", ":3: fetch.deadline: must be a number > 0, not nan"),
    ],
)
@pytest.mark.parametrize("command", [["trending"], ["list", "--json"], ["mark", "1", "--read"], []])
def test_a_bad_number_stops_every_command(
    capsys: pytest.CaptureFixture[str], setting: str, where: str, command: list[str]
) -> None:
    paths = Paths.from_platform()
    paths.config_file.parent.mkdir(parents=True)
    paths.config_file.write_text("# mine\n" + setting, encoding="utf-8")
    code, out, err = run(capsys, *command)  # [] is the reader: stopped before it starts
    assert code == 2
    assert err.startswith(f"berita: config: {paths.config_file}{where}"), err
    assert "Nothing was changed." in err and "Traceback" not in err and out == ""
    assert not paths.database.exists()


def test_the_same_feed_url_twice_stops_with_both_lines(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    politik = server.url("/politik.xml")
    path = write_config(
        server,
        extra=f"""
[[source]]
name = "Warta"

  [[source.section]]
  name = "Nasional"
  url = "{politik}"
""",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = (number for number, line in enumerate(lines, 1) if politik in line)
    code, out, err = run(capsys, "trending")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err == (
        f'berita: config: {path}:{second}: source.section.url: "{politik}" is already the feed'
        f" of Kabar › Politik at line {first}\nNothing was changed.\n"
    )


def marks(capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[bool, bool]]:
    """Each article's (read, starred), by title, as `berita list --json` tells them."""
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    return {row["title"][:8]: (row["read"], row["starred"]) for row in json.loads(out)}


def test_mark_sets_read_and_star_quietly(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(server)
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--json")
    ids = {row["title"][:8]: str(row["id"]) for row in json.loads(out)}
    gubernur, dprd, nomor = ids["Gubernur"], ids["DPRD bah"], ids["Berita n"]
    assert set(marks(capsys).values()) == {(False, False)}

    assert run(capsys, "mark", gubernur, dprd, "--read") == (0, "", "")
    assert run(capsys, "mark", dprd, nomor, "--star") == (0, "", "")
    assert marks(capsys) == {
        "Gubernur": (True, False),
        "DPRD bah": (True, True),
        "Berita n": (False, True),
    }
    assert run(capsys, "mark", dprd, "--unread", "--unstar") == (0, "", "")
    assert run(capsys, "mark", gubernur, "--read", "--star") == (0, "", "")
    assert marks(capsys) == {
        "Gubernur": (True, True),
        "DPRD bah": (False, False),
        "Berita n": (False, True),
    }
    _, out, _ = run(capsys, "list", "--unread", "--json")
    assert {row["title"][:8] for row in json.loads(out)} == {"DPRD bah", "Berita n"}


def test_mark_reports_unknown_ids_and_still_marks_the_others(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(server)
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--json")
    known = str(next(row["id"] for row in json.loads(out) if row["title"].startswith("Gub")))
    huge = str(2**70)  # no SQLite integer: still just an unknown id
    code, out, err = run(capsys, "mark", "999999", known, huge, "--read", "--star")
    assert code == 1 and out == ""
    assert err == f"berita: no article 999999\nberita: no article {huge}\n"
    assert marks(capsys)["Gubernur"] == (True, True)


@pytest.mark.parametrize(
    "args", [["mark", "1"], ["mark", "1", "--read", "--unread"], ["mark", "--star"]]
)
def test_mark_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert not Paths.from_platform().database.exists()
