"""Running one risky call in a fresh Python process, measuring its wall time and peak memory.

The peak is the child's own VmHWM (/proc/self/status), not ru_maxrss: on Linux ru_maxrss keeps
the high-water mark of the process image before exec, i.e. of the forked pytest (~85 MB), and
`getrusage(RUSAGE_CHILDREN)` would also carry over the heaviest earlier case. Child processes of
the child (a parse pool's workers) are not counted. Arguments and results cross as pickles.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import importlib, pickle, sys, time, traceback
with open(sys.argv[1], "rb") as handle:
    target, args, kwargs = pickle.load(handle)
module, _, name = target.partition(":")
function = getattr(importlib.import_module(module), name)
started = time.monotonic()
try:
    value, error = function(*args, **kwargs), None
except BaseException as exc:  # reported to the parent, which decides
    value, error = None, f"{type(exc).__name__}: {exc}"
    traceback.print_exc()
elapsed = time.monotonic() - started
peak = 0
try:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
with open(sys.argv[2], "wb") as handle:
    pickle.dump((value, error, elapsed, peak), handle)
"""


class ChildFailed(AssertionError):
    """The child died (a signal, a timeout) instead of returning."""


@dataclass(frozen=True, slots=True)
class Measured:
    value: Any
    error: str | None  # "Type: message" of an exception the call raised, else None
    seconds: float  # the call alone, timed in the child with time.monotonic
    wall: float  # the whole child process, interpreter start-up included
    peak_bytes: int  # the child's peak resident set (VmHWM)

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20


def run_isolated(
    target: str,
    *args: Any,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    **kwargs: Any,
) -> Measured:
    """Call `module:function(*args, **kwargs)` in a new interpreter; kill it after `timeout`."""
    with tempfile.TemporaryDirectory(prefix="berita-isolated-") as scratch:
        request, answer = Path(scratch) / "in.pickle", Path(scratch) / "out.pickle"
        request.write_bytes(pickle.dumps((target, args, kwargs)))
        stderr_path = Path(scratch) / "stderr"
        with stderr_path.open("wb") as stderr:
            started = time.monotonic()
            child = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(request), str(answer)],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env={**os.environ, **(env or {})},
                start_new_session=True,  # its own group, so a timeout ends its helpers too
            )
            timer = threading.Timer(timeout, _kill_group, (child.pid,))
            timer.start()
            try:
                _, status = os.waitpid(child.pid, 0)
            finally:
                timer.cancel()
            child.returncode = os.waitstatus_to_exitcode(status)
            _kill_group(child.pid)  # helpers it left behind (a forkserver), if any
        wall = time.monotonic() - started
        log = stderr_path.read_text(errors="replace")[-3000:]
        if not answer.exists():
            raise ChildFailed(
                f"{target} died after {wall:.1f} s (exit {child.returncode}; timeout {timeout} s)"
                f"\n{log}"
            )
        value, error, seconds, peak = pickle.loads(answer.read_bytes())
    return Measured(value, error, seconds, wall, peak)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
