"""Refresh benchmark: `berita fetch` against a local farm of feeds, and newsboat on the same farm.

    python tests/bench/bench_refresh.py [--feeds 200] [--items 50] [--latency 0.02] [--runs 1]

A farm server (its own process) serves N RSS feeds × M items of 2–5 KB HTML each, with ETags and
a fixed latency per request. Each tool is run as a subprocess with its own empty data dir:
cold (empty cache), then warm (same feeds again: everything unchanged). Wall time, CPU time and
peak memory are measured over the whole process tree (berita parses in worker processes) by
sampling /proc. When newsboat is installed (`apt-get install newsboat`) it runs on the same farm
with `reload-threads 8`, and the ratio berita / newsboat is printed pair by pair, measured in
the same run (this machine is shared and noisy: compare ratios, not seconds).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WORDS = """
pemerintah daerah anggaran rapat dewan kota warga jalan banjir sekolah rumah sakit pasar harga
beras presiden menteri gubernur bupati wali polisi hakim sidang pemilu partai koalisi ekspor
impor rupiah bank saham inflasi investasi pabrik buruh petani nelayan pantai gunung
""".split()


def make_feed(number: int, items: int, rng: random.Random) -> bytes:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    entries = []
    for item in range(items):
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + "</p>"
            for _ in range(rng.randint(3, 6))
        )
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        published = format_datetime(now - timedelta(minutes=number * 7 + item * 13))
        entries.append(
            f"<item><title>{title}</title>"
            f"<link>http://farm.example/{number}/{item}.html</link>"
            f'<guid isPermaLink="false">farm-{number}-{item}</guid>'
            f"<pubDate>{published}</pubDate><dc:creator>Reporter {item % 7}</dc:creator>"
            f"<description><![CDATA[{paragraphs}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Farm {number}</title><link>http://farm.example/{number}</link>"
        f"<description>feed {number}</description>{''.join(entries)}</channel></rss>"
    ).encode()


def serve_farm(port_queue: multiprocessing.Queue, feeds: int, items: int, latency: float) -> None:
    rng = random.Random(42)
    bodies = [make_feed(number, items, rng) for number in range(feeds)]
    etags = [f'"{hashlib.sha1(body).hexdigest()}"' for body in bodies]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            try:
                number = int(self.path.strip("/").split(".")[0])
                body, etag = bodies[number], etags[number]
            except (ValueError, IndexError):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

    server = Server(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    code: int


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _sample(pid: int) -> tuple[float, float] | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        return cpu, rss
    except (OSError, IndexError):
        return None


def measure(command: list[str], env: dict[str, str], cwd: Path) -> Measure:
    """Wall, CPU (whole process tree) and peak tree RSS of one command, sampled every 20 ms."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    cpu_by_pid: dict[int, float] = {}
    peak = 0.0
    while process.poll() is None:
        total_rss = 0.0
        for pid in _tree(process.pid):
            sample = _sample(pid)
            if sample:
                cpu_by_pid[pid] = max(cpu_by_pid.get(pid, 0.0), sample[0])
                total_rss += sample[1]
        peak = max(peak, total_rss)
        time.sleep(0.02)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        print(f"  ! {command[0]} exited {process.returncode}: {stderr[-500:]}", file=sys.stderr)
    return Measure(wall, sum(cpu_by_pid.values()), peak, process.returncode)


def berita_config(path: Path, port: int, feeds: int) -> None:
    lines = ["[fetch]", "concurrency = 32", "per_host = 32", "[retention]", "days = 365"]
    for source in range(0, feeds, 20):
        lines += ["[[source]]", f'name = "Farm {source // 20}"']
        for number in range(source, min(source + 20, feeds)):
            lines += [
                "[[source.section]]",
                f'name = "Section {number}"',
                f'url = "http://127.0.0.1:{port}/{number}.xml"',
            ]
    path.write_text("\n".join(lines) + "\n")


def run_berita(root: Path, port: int, feeds: int) -> tuple[Measure, Measure]:
    config = root / "config.toml"
    berita_config(config, port, feeds)
    env = {
        **os.environ,
        **{f"XDG_{d}_HOME": str(root / d.lower()) for d in ("DATA", "CACHE", "STATE", "CONFIG")},
    }
    command = [sys.executable, "-m", "tui", "--config", str(config), "fetch", "--quiet"]
    return measure(command, env, root), measure(command, env, root)


def run_newsboat(root: Path, port: int, feeds: int) -> tuple[Measure, Measure] | None:
    newsboat = shutil.which("newsboat")
    if newsboat is None:
        return None
    urls = root / "urls"
    urls.write_text("".join(f"http://127.0.0.1:{port}/{n}.xml\n" for n in range(feeds)))
    config = root / "config"
    config.write_text("reload-threads 8\nshow-read-feeds yes\n")
    cache = root / "cache.db"
    env = {**os.environ, "HOME": str(root)}
    command = [newsboat, "-x", "reload", "-u", str(urls), "-c", str(cache), "-C", str(config)]
    return measure(command, env, root), measure(command, env, root)


def row(label: str, figures: Measure) -> str:
    return f"{label:<14}{figures.wall:8.2f}{figures.cpu:8.2f}{figures.peak_mb:9.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--runs", type=int, default=1, help="pairs to run")
    args = parser.parse_args()

    ports: multiprocessing.Queue = multiprocessing.Queue()
    farm = multiprocessing.Process(
        target=serve_farm, args=(ports, args.feeds, args.items, args.latency), daemon=True
    )
    farm.start()
    port = ports.get(timeout=120)
    print(f"farm: {args.feeds} feeds × {args.items} items, {args.latency * 1000:.0f} ms latency")
    print(f"{'run':<14}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}")
    try:
        for run in range(args.runs):
            with (
                tempfile.TemporaryDirectory() as berita_dir,
                tempfile.TemporaryDirectory() as nb_dir,
            ):
                cold, warm = run_berita(Path(berita_dir), port, args.feeds)
                print(row("berita cold", cold))
                print(row("berita warm", warm))
                newsboat = run_newsboat(Path(nb_dir), port, args.feeds)
                if newsboat is None:
                    print("newsboat not installed: no ratios (apt-get install newsboat)")
                    continue
                nb_cold, nb_warm = newsboat
                print(row("newsboat cold", nb_cold))
                print(row("newsboat warm", nb_warm))
                print(
                    f"run {run + 1}: wall berita/newsboat cold {cold.wall / nb_cold.wall:.2f} "
                    f"(goal ≤ 0.5), warm {warm.wall / nb_warm.wall:.2f} (goal ≤ 0.15)"
                )
    finally:
        farm.terminate()


if __name__ == "__main__":
    main()
