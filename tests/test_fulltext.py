"""Full articles: teaser-only feeds get their pages fetched, extracted and kept for offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.feeds import item, rss
from tests.support.server import FeedServer, drip
from tui.cli import main
from tui.paths import Paths

PAGES = Path(__file__).parent / "data" / "pages"
TEASER = "<p>Bupati meninjau lokasi banjir di Kecamatan Sumbersari… Baca selengkapnya</p>"


def write_config(feed_url: str, *, fetch_pages: bool = True) -> None:
    path = Paths.from_platform().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""
[[source]]
name = "Berita Kota"
fetch_pages = {str(fetch_pages).lower()}
  [[source.section]]
  name = "Daerah"
  url = "{feed_url}"
""",
        encoding="utf-8",
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def shown(capsys: pytest.CaptureFixture[str], title: str) -> dict:
    _, out, _ = run(capsys, "list", "--json")
    article_id = next(row["id"] for row in json.loads(out) if row["title"] == title)
    code, out, err = run(capsys, "show", str(article_id), "--json")
    assert code == 0, err
    return json.loads(out)


def test_teaser_pages_are_fetched_and_read_offline(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = server.route(
        "/banjir.html",
        (PAGES / "wordpress_beritakota.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    feed = server.route(
        "/daerah.xml", rss([item(1, title="Banjir Sumbersari", link=page, body=TEASER)])
    )
    write_config(feed)
    code, _, err = run(capsys, "fetch")
    assert code == 0, err
    assert server.hits["/banjir.html"] == 1
    server.stop()  # everything below comes from the cache
    article = shown(capsys, "Banjir Sumbersari")
    assert article["credits"] == {
        "reporter": "Ahmad Suryadi",
        "editor": "Dewi Lestari",
        "publisher": "Rizal Fahmi",
        "photographer": "Asmadi",
    }
    assert article["view_count"] == 64
    assert len(article["text"]) > len(TEASER) * 2
    assert "Baca juga" not in article["text"]
    assert article["image"]["credit"] and "Asmadi" in article["image"]["credit"]


def test_show_full_fetches_on_demand_only_when_allowed(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = server.route(
        "/antara.html",
        (PAGES / "jsonld_antara.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    long_body = "<p>" + "Isi lengkap dari feed. " * 60 + "</p>"
    feed = server.route(
        "/f.xml", rss([item(2, title="Pangan nasional", link=page, body=long_body)])
    )
    write_config(feed)
    run(capsys, "fetch")
    assert server.hits["/antara.html"] == 0, "a full feed text needs no page fetch"
    _, out, _ = run(capsys, "list", "--json")
    article_id = json.loads(out)[0]["id"]
    code, out, err = run(capsys, "show", str(article_id), "--full", "--json")
    assert code == 0, err
    article = json.loads(out)
    assert server.hits["/antara.html"] == 1
    assert article["view_count"] == 1284
    assert article["credits"]["editor"]


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("png", "not HTML"),
        ("file", "file"),
        ("huge", "too large"),
        ("slow", "timed out"),
    ],
)
def test_hostile_pages_keep_the_feed_text_and_say_why(
    server: FeedServer, capsys: pytest.CaptureFixture[str], case: str, reason: str
) -> None:
    if case == "png":
        server.route(
            "/p", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, headers={"Content-Type": "image/png"}
        )
    elif case == "file":
        server.route("/p", status=302, headers={"Location": "file:///etc/passwd"})
    elif case == "huge":
        server.route("/p", b"<html>" + b"x" * 3_000_000, headers={"Content-Type": "text/html"})
    else:
        server.route("/p", handler=drip(b"<html><body>slow</body></html>", 1.0))
    feed = server.route(
        "/f.xml", rss([item(3, title="Teaser", link=server.url("/p"), body=TEASER)])
    )
    write_config(feed)
    path = Paths.from_platform().config_file
    path.write_text(
        path.read_text() + "\n[fetch]\nmax_bytes = 1000000\ndeadline = 2\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "fetch")
    assert code == 0, err
    article = shown(capsys, "Teaser")
    assert article["text"].startswith("Bupati meninjau"), "the feed's text is kept"
    assert reason in (article["full_text_error"] or ""), article["full_text_error"]


def test_page_fetching_can_be_turned_off_per_source(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = server.route(
        "/x.html", "<html><p>page</p></html>", headers={"Content-Type": "text/html"}
    )
    feed = server.route("/f.xml", rss([item(4, title="Off", link=page, body=TEASER)]))
    write_config(feed, fetch_pages=False)
    run(capsys, "fetch")
    _, out, _ = run(capsys, "list", "--json")
    article_id = json.loads(out)[0]["id"]
    _, _, err = run(capsys, "show", str(article_id), "--full")
    assert server.hits["/x.html"] == 0
    assert "turned off" in err
