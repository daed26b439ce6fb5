"""Soak: the reader, two cron fetches and `berita list` at once, round after round, on the farm.

    python tests/bench/soak_concurrency.py [--rounds 30] [--feeds 300] [--items 50]

Uses the shared farm (`../shared/tools/feedfarm.py`): each round first advances it (10% of the
feeds gain 3 items), then starts at once a reader-like process (its own store, plus the second
store each refresh opens, marking articles read and starred between refreshes), two
`berita fetch` and one `berita list`, all on one data dir. After every round it checks
`PRAGMA integrity_check`, that every item the farm now serves is stored exactly once, and that
every mark the reader set is still there; it stops at the first failure.

Then the salvage check of issue 9: 8 × 4 KB of random bytes in the middle of the store, the
damage found and set aside, and the share of articles, read and starred marks saved; then a
plain `berita fetch` and how many of the served articles are back. Prints one line per round
and a summary a person can compare run to run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FARM = ROOT.parent / "shared" / "tools" / "feedfarm.py"
READER = (Path(__file__).resolve().parents[1] / "test_store_concurrency.py").read_text()
READER = READER.split('READER = """', 1)[1].split('"""', 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--items", type=int, default=50)
    options = parser.parse_args()
    if not FARM.is_file():
        print(f"the shared farm is missing: {FARM}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="berita-soak-") as folder:
        home = Path(folder)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for name in ("CONFIG", "DATA", "CACHE", "STATE"):
            env[f"XDG_{name}_HOME"] = str(home / name.lower())
        farm, port = start_farm(home, options.feeds, options.items)
        try:
            urls = [f"http://127.0.0.1:{port}/feed/{n}.xml" for n in range(options.feeds)]
            write_config(home, urls)
            database = home / "data" / "berita" / "berita.sqlite3"
            marks = soak(options.rounds, port, urls, database, env)
            if marks is None:
                return 1
            salvage_check(database, urls, marks, env)
        finally:
            farm.send_signal(signal.SIGTERM)
            farm.wait(timeout=10)
    return 0


def start_farm(home: Path, feeds: int, items: int) -> tuple[subprocess.Popen[str], int]:
    log = home / "farm.log"
    farm = subprocess.Popen(
        [sys.executable, str(FARM), "serve", "--port", "0", "--feeds", str(feeds),
         "--items", str(items), "--max-seconds", "3600"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return farm, int(found.group(1))
        time.sleep(0.1)
    farm.kill()
    raise SystemExit("the farm did not start")


def write_config(home: Path, urls: list[str]) -> None:
    config = home / "config" / "berita" / "config.toml"
    config.parent.mkdir(parents=True)
    sections = "".join(
        f'[[source.section]]\nname = "Rubrik {n}"\nurl = "{url}"\n' for n, url in enumerate(urls)
    )
    config.write_text(
        f'[retention]\ndays = 3650\nper_feed = 5000\n[[source]]\nname = "Farm"\n'
        f"fetch_pages = false\n{sections}",
        encoding="utf-8",
    )


def soak(
    rounds: int, port: int, urls: list[str], database: Path, env: dict[str, str]
) -> dict[str, set[str]] | None:
    marks: dict[str, set[str]] = {"read": set(), "starred": set()}
    for number in range(rounds):
        if number:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_farm/advance").read()
        started = time.monotonic()
        processes = [
            run(env, "-c", READER),
            run(env, "-m", "tui", "fetch", "--quiet"),
            run(env, "-m", "tui", "fetch", "--quiet"),
            run(env, "-m", "tui", "list", "--limit", "5"),
        ]
        results = [process.communicate(timeout=600) for process in processes]
        codes = [process.returncode for process in processes]
        if any(codes) or any("Traceback" in err for _out, err in results):
            print(f"round {number}: exits {codes}")
            for _out, err in results:
                print(err[-3000:])
            return None
        reader = json.loads(results[0][0])
        marks["read"].update(reader["read"])
        marks["starred"].update(reader["starred"])
        problem = check(database, urls, marks)
        seconds = time.monotonic() - started
        print(f"round {number + 1:2}/{rounds}: {seconds:5.1f} s, {problem or 'ok'}", flush=True)
        if problem:
            return None
    print(f"soak: {rounds} rounds ok; {len(marks['read'])} read and "
          f"{len(marks['starred'])} starred marks kept")  # fmt: skip
    return marks


def run(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def served(urls: list[str]) -> set[str]:
    guids: set[str] = set()
    for url in urls:
        body = urllib.request.urlopen(url).read().decode()
        guids.update(re.findall(r"<guid[^>]*>([^<]+)</guid>", body))
    return guids


def check(database: Path, urls: list[str], marks: dict[str, set[str]]) -> str | None:
    connection = sqlite3.connect(database)
    try:
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return "integrity_check failed"
        guids = [row[0] for row in connection.execute("SELECT guid FROM articles")]
        if len(guids) != len(set(guids)):
            return "an item is stored twice"
        missing = served(urls) - set(guids)
        if missing:
            return f"{len(missing)} served items not stored"
        state = dict(connection.execute(
            "SELECT a.guid, r.read | (r.starred << 1) FROM articles a"
            " JOIN reading r ON r.article_id = a.id"
        ))  # fmt: skip
        if not all(state.get(guid, 0) & 1 for guid in marks["read"]):
            return "a read mark was lost"
        if not all(state.get(guid, 0) & 2 for guid in marks["starred"]):
            return "a star was lost"
    finally:
        connection.close()
    return None


def salvage_check(
    database: Path, urls: list[str], marks: dict[str, set[str]], env: dict[str, str]
) -> None:
    connection = sqlite3.connect(database)
    before = {row[0] for row in connection.execute("SELECT guid FROM articles")}
    connection.close()
    rng = random.Random(8)
    size = database.stat().st_size
    with database.open("r+b") as file:
        for _ in range(8):
            file.seek(rng.randrange(size // 4, 3 * size // 4))
            file.write(rng.randbytes(4096))
    started = time.monotonic()
    codes = []
    for _ in range(3):  # the first reads that meet the damage leave a marker; then it salvages
        result = subprocess.run(
            [sys.executable, "-m", "tui", "list", "--limit", "100000", "--json"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        codes.append(result.returncode)
        if "damaged" in result.stderr and result.returncode == 0:
            print("salvage:", result.stderr.strip().splitlines()[-1])
            break
    seconds = time.monotonic() - started
    connection = sqlite3.connect(database)
    state = dict(connection.execute(
        "SELECT a.guid, r.read | (r.starred << 1) FROM articles a"
        " JOIN reading r ON r.article_id = a.id"
    ))  # fmt: skip
    connection.close()
    kept_articles = len(before & state.keys()) / len(before)
    kept_read = sum(1 for g in marks["read"] if state.get(g, 0) & 1) / max(1, len(marks["read"]))
    kept_starred = sum(1 for g in marks["starred"] if state.get(g, 0) & 2) / max(
        1, len(marks["starred"])
    )
    print(f"salvage: exits {codes} in {seconds:.1f} s; kept {kept_articles:.1%} of "
          f"{len(before)} articles, {kept_read:.1%} of read marks, {kept_starred:.1%} of stars "
          "(goal >= 95% each)")  # fmt: skip
    subprocess.run([sys.executable, "-m", "tui", "fetch", "--quiet"], cwd=ROOT, env=env,
                   check=False)  # fmt: skip
    connection = sqlite3.connect(database)
    stored = {row[0] for row in connection.execute("SELECT guid FROM articles")}
    connection.close()
    now_served = served(urls)
    print(f"refill: {len(now_served & stored)} of {len(now_served)} served articles stored "
          "after one plain fetch (goal: all)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
