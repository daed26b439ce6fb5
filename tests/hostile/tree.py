"""Running the real `berita` command in a child and measuring its whole process tree's memory.

`isolate.run_isolated` counts one process; a refresh that parses large bodies in worker
processes (a forkserver, its workers, the resource tracker) is several. Here /proc is sampled
every few milliseconds while the command runs, and two peaks are kept:

- **RSS**: the largest sum of the resident sets of every process of the tree at one instant,
  and never less than the command's own high-water mark (its VmHWM, which it reports as it
  exits, so a spike between samples in the main process is not missed). Pages shared between
  processes (the modules a forkserver preloads for its workers) count once per process, so
  this overstates; the one exception is a child of the command that still runs the command's
  own program, i.e. forked and not yet exec'd (how multiprocessing starts its helpers): all
  its pages are the command's, so it counts nothing.
- **PSS**: the same sum of proportional set sizes (shared pages split among their sharers):
  what the tree really takes.

A spike shorter than a sampling interval in a worker can be missed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 0.005

_CHILD = """
import sys
from tui.cli import main
code = main(sys.argv[2:])
peak = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024
with open(sys.argv[1], "w") as handle:
    handle.write(str(peak))
sys.exit(code)
"""


@dataclass(frozen=True, slots=True)
class TreeRun:
    code: int
    stdout: str
    stderr: str
    seconds: float  # wall time of the whole command, interpreter start-up included
    peak_bytes: int  # the tree's largest summed RSS seen, at least the command's own VmHWM
    pss_peak_bytes: int  # the tree's largest summed PSS seen
    own_peak_bytes: int  # the command's own VmHWM
    most_processes: int  # the most processes of the tree alive at one sample
    at_peak: tuple[tuple[str, int], ...]  # (process, RSS) at the RSS peak, largest first

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _rss_pss(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith(b"Rss:"):
            rss = int(line.split()[1]) * 1024
        elif line.startswith(b"Pss:"):
            pss = int(line.split()[1]) * 1024
    return rss, pss


def _name(pid: int) -> str:
    words = _read(f"/proc/{pid}/cmdline").split(b"\0")
    if b"-c" in words:  # python -c "…": the first words of the program
        words = [b"-c", words[words.index(b"-c") + 1][:60].replace(b"\n", b" ")]
    return b" ".join(words)[:80].decode(errors="replace")


@dataclass
class _Sample:
    rss: int
    pss: int
    processes: list[tuple[int, int]]  # (pid, rss)


def _sample(root: int, root_command: bytes) -> _Sample:
    """Summed RSS and PSS of `root` and all its descendants, now."""
    children = _children()
    sample = _Sample(0, 0, [])
    pending = [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, ()))
        forked = pid != root and pid in children.get(root, ())
        if forked and _read(f"/proc/{pid}/cmdline") == root_command:
            continue  # forked and not yet exec'd: the command's own pages
        rss, pss = _rss_pss(pid)
        sample.rss += rss
        sample.pss += pss
        sample.processes.append((pid, rss))
    return sample


def run_berita(args: list[str], env: dict[str, str], timeout: float) -> TreeRun:
    """`berita *args` (tui.cli.main) in a child with `env`; killed with its group after timeout."""
    with tempfile.TemporaryDirectory(prefix="berita-tree-") as scratch:
        answer = Path(scratch) / "peak"
        out_path, err_path = Path(scratch) / "out", Path(scratch) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.monotonic()
            child = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(answer), *args],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=env,
                start_new_session=True,
            )
            timer = threading.Timer(timeout, _kill_group, (child.pid,))
            timer.start()
            peak = pss_peak = most = 0
            at_peak: tuple[tuple[str, int], ...] = ()
            try:
                command = _read(f"/proc/{child.pid}/cmdline")
                while child.poll() is None:
                    sample = _sample(child.pid, command)
                    if sample.rss > peak:
                        peak = sample.rss
                        at_peak = tuple(
                            sorted(((_name(p), r) for p, r in sample.processes), key=_second)
                        )
                    pss_peak = max(pss_peak, sample.pss)
                    most = max(most, len(sample.processes))
                    time.sleep(INTERVAL)
            finally:
                timer.cancel()
                _kill_group(child.pid)  # helpers it left behind, if any
            seconds = time.monotonic() - started
        own = int(answer.read_text() or 0) if answer.exists() else 0
        return TreeRun(
            code=child.returncode,
            stdout=out_path.read_text(errors="replace"),
            stderr=err_path.read_text(errors="replace"),
            seconds=seconds,
            peak_bytes=max(peak, own),
            pss_peak_bytes=pss_peak,
            own_peak_bytes=own,
            most_processes=most,
            at_peak=at_peak,
        )


def _second(named: tuple[str, int]) -> int:
    return -named[1]


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
