"""Memory of one refresh under many hostile feeds at once, across its whole process tree.

Each hostile body is bounded on its own (test_network.py); here they come all at once, as many
as the fetcher takes at a time, so what is bounded is their sum: the refresh's memory budget
(tui/budget.py), the parse pool (one worker, a fresh one per large body) and what a parse
costs. The real `berita fetch` runs in a child and its tree (the command, the forkserver, a
parse worker, the resource tracker) is sampled by tests/hostile/tree.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile import bodies
from tests.hostile.conftest import Bounds
from tests.hostile.tree import run_berita
from tests.support.server import FeedServer, endless
from tui.cli import main
from tui.parse import MAX_ENTRIES

TOO_LARGE = "too large: more than 20000000 bytes"


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return bodies.gzip_bomb()


@pytest.fixture(scope="module")
def long_feed() -> bytes:
    return bodies.long_feed(18 * bodies.MIB)


def good_feed(number: int) -> bytes:
    return bodies.rss(
        "".join(bodies.item(10**6 + 10 * number + n, guid=f"baik-{number}-{n}") for n in range(3))
    )


def write_config(path: Path, urls: dict[str, str]) -> None:
    """One source; every feed on one host, and the fetcher allowed 16 of them at once."""
    sections = "".join(
        f'\n  [[source.section]]\n  name = "{name}"\n  url = "{url}"\n'
        for name, url in urls.items()
    )
    path.write_text(
        "[fetch]\nconcurrency = 16\nper_host = 16\n\n[retention]\ndays = 3650\n\n"
        f'[[source]]\nname = "Kabar"\nfetch_pages = false\n{sections}',
        encoding="utf-8",
    )


def test_a_flood_of_hostile_feeds_at_once(
    server: FeedServer,
    tmp_path: Path,
    bounds: Bounds,
    capsys: pytest.CaptureFixture[str],
    gzip_bomb: bytes,
    long_feed: bytes,
) -> None:
    """12 gzip bombs, 12 endless bodies, 8 × 18 MB feeds, 4 good ones at once: tree < 250 MB."""
    urls: dict[str, str] = {}
    for n in range(12):
        urls[f"Bom {n}"] = server.route(
            f"/bom-{n}.xml", gzip_bomb, headers={"Content-Encoding": "gzip"}
        )
        urls[f"Tanpa akhir {n}"] = server.route(f"/tanpa-akhir-{n}.xml", handler=endless)
    for n in range(8):
        urls[f"Raksasa {n}"] = server.route(f"/raksasa-{n}.xml", long_feed)
    for n in range(4):
        urls[f"Baik {n}"] = server.route(f"/baik-{n}.xml", good_feed(n))
    config = tmp_path / "config.toml"
    write_config(config, urls)

    # The XDG dirs this test's process uses (tests/conftest.py), so both see one database.
    run = run_berita(["--config", str(config), "fetch", "--quiet"], dict(os.environ), 90)
    assert run.code == 1, run.stderr[-3000:]  # the hostile feeds fail, as they should
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    bounds.seconds(run.seconds, 45)
    bounds.memory(run.peak_bytes, 250, "tree")  # RSS summed over the tree; PSS is lower

    assert main(["--config", str(config), "sources", "--json"]) == 0
    by_section = {row["section"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(by_section) == set(urls)
    total = long_feed.count(b"</item>")
    for section, row in by_section.items():
        error = row["last"]["error"]
        if section.startswith(("Bom", "Tanpa akhir")):
            assert error == TOO_LARGE, section
        elif section.startswith("Raksasa"):
            assert error is None, (section, error)
            assert row["last"]["seen"] == MAX_ENTRIES
            assert row["items_dropped"] == total - MAX_ENTRIES
            assert row["note"] == f"kept the first 1,000 of {total:,} items"
        else:
            assert error is None and row["last"]["new"] == 3, (section, error)
    notes = [line for line in run.stderr.splitlines() if ": note: kept the first 1,000" in line]
    assert len(notes) == 8
    print(
        f"tree peak RSS {run.peak_mb:.0f} MB (PSS {run.pss_peak_bytes / 2**20:.0f} MB, "
        f"the command alone {run.own_peak_bytes / 2**20:.0f} MB), {run.seconds:.1f} s; at the "
        "peak: " + ", ".join(f"{name[:30]} {rss / 2**20:.0f} MB" for name, rss in run.at_peak)
    )
