"""The real `berita` under a pseudo-terminal: keys in, every byte it writes to the terminal out,
and a reading of those bytes as the escape sequences a terminal would act on.

`run_in_pty` starts `python -m tui ARGS` with a pty as stdin/stdout/stderr (so Textual sees a
real terminal of the given size), sends keys with pauses, and returns everything written.
`sequences` splits that output into what a terminal executes (CSI, OSC, DCS/APC/PM/SOS, other
ESC sequences, C1 controls, BEL), so a run can be compared with a run on harmless text.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.isolate import ROOT

ESC = "\x1b"
ENTER, TAB, SHIFT_TAB, ESCAPE = "\r", "\t", "\x1b[Z", "\x1b"

# One escape sequence as a terminal parses it (ECMA-48): CSI, string commands ended by BEL or
# ST (OSC, DCS, SOS, PM, APC), or ESC plus one final byte (with intermediates).
_SEQUENCE = re.compile(
    r"\x1b\[(?P<csi_params>[0-?]*)(?P<csi_inter>[ -/]*)(?P<csi_final>[@-~])"
    r"|\x1b(?P<string>[\]PX^_])(?P<body>[^\x07\x1b]*)(?:\x07|\x1b\\)?"
    r"|\x1b(?P<inter>[ -/]*)(?P<final>[0-~])"
    r"|(?P<c1>[\x80-\x9f])"
    r"|(?P<bel>\x07)"
    r"|(?P<lone_esc>\x1b)"
)
# Pauses after a key. A lone ESC needs longer: Textual waits to tell it from the start of a
# sequence (an Alt+key or an arrow).
KEY_PAUSE = 0.15
ESCAPE_PAUSE = 0.4


@dataclass(frozen=True, slots=True)
class PtyRun:
    output: bytes
    exit_code: int | None  # None: it had to be killed
    first_output: float  # seconds from start to the first byte written
    seconds: float  # start to exit
    marks: tuple[int, ...] = ()  # len(output) after each key: where each key's effect ends
    peak_bytes: int = 0  # the app's peak resident set (VmHWM) before the last key

    @property
    def text(self) -> str:
        return self.output.decode("utf-8")  # strict: Textual writes UTF-8 only


def mouse_click(column: int, row: int) -> str:
    """An SGR mouse click (press and release of the left button) at 0-based column/row."""
    return f"\x1b[<0;{column + 1};{row + 1}M\x1b[<0;{column + 1};{row + 1}m"


def run_in_pty(
    args: Sequence[str],
    keys: Sequence[str | float],
    env: dict[str, str],
    *,
    size: tuple[int, int] = (100, 30),
    startup: float = 20.0,
    settle: float = 1.0,
    timeout: float = 30.0,
) -> PtyRun:
    """Run `python -m tui *args` in a pty of `size` (columns, rows) and type `keys`.

    Keys are sent once the app has drawn its first screen (and `settle` seconds more); a float
    in `keys` is an extra pause. The app must exit by itself after the last key (q), within
    `timeout` seconds of the start; otherwise its process group is killed.
    """
    columns, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    marks: list[int] = []
    peak = 0
    first_output = -1.0
    try:
        _read(master, output, until=lambda: bool(output), limit=startup)
        first_output = time.monotonic() - started
        _read(master, output, seconds=settle)
        for key in keys:
            if isinstance(key, float | int):
                _read(master, output, seconds=float(key))
                marks.append(len(output))
                continue
            peak = max(peak, _peak_rss(child.pid))
            os.write(master, key.encode())
            _read(master, output, seconds=ESCAPE_PAUSE if key == ESCAPE else KEY_PAUSE)
            marks.append(len(output))
        remaining = max(0.1, timeout - (time.monotonic() - started))
        _read(master, output, until=lambda: child.poll() is not None, limit=remaining)
        try:
            code: int | None = child.wait(timeout=max(0.1, timeout - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            code = None
        _read(master, output, seconds=0.05)
    finally:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        os.close(master)
    seconds = time.monotonic() - started
    return PtyRun(bytes(output), code, first_output, seconds, tuple(marks), peak)


def _peak_rss(pid: int) -> int:
    """VmHWM of a running process (its own peak since exec), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _read(
    master: int,
    into: bytearray,
    *,
    seconds: float | None = None,
    until: Callable[[], bool] | None = None,
    limit: float = 0.0,
) -> None:
    """Read what the app writes for `seconds`, or until `until()` is true (at most `limit` s)."""
    deadline = time.monotonic() + (seconds if seconds is not None else limit)
    while time.monotonic() < deadline:
        if until is not None and until():
            return
        ready, _, _ = select.select([master], [], [], 0.02)
        if not ready:
            continue
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the app closed the terminal (it exited)
            if until is None:
                time.sleep(min(0.02, max(0.0, deadline - time.monotonic())))
                continue
            return
        if not data:
            return
        into.extend(data)


@dataclass(frozen=True, slots=True)
class Control:
    kind: str  # "CSI ?h", "OSC 22", "ESC =", "C1 9b", "BEL", "DCS", "ESC (lone)"
    raw: str
    position: int


def sequences(text: str) -> list[Control]:
    """Every control sequence in `text`, in order, with a kind to compare runs by."""
    found: list[Control] = []
    for match in _SEQUENCE.finditer(text):
        groups = match.groupdict()
        if groups["csi_final"] is not None:
            private = "".join(c for c in groups["csi_params"] if c in "<=>?")
            kind = f"CSI {private}{groups['csi_inter']}{groups['csi_final']}"
        elif groups["string"] is not None:
            name = {"]": "OSC", "P": "DCS", "X": "SOS", "^": "PM", "_": "APC"}[groups["string"]]
            number = groups["body"].split(";", 1)[0] if name == "OSC" else ""
            kind = f"{name} {number}".strip()
        elif groups["final"] is not None:
            kind = f"ESC {groups['inter']}{groups['final']}"
        elif groups["c1"] is not None:
            kind = f"C1 {ord(groups['c1']):02x}"
        elif groups["bel"] is not None:
            kind = "BEL"
        else:
            kind = "ESC (lone)"
        found.append(Control(kind, match.group(), match.start()))
    return found


def kinds(text: str) -> Counter[str]:
    return Counter(sequence.kind for sequence in sequences(text))


def xdg_env(root: Path) -> dict[str, str]:
    """The environment of a child: this one's, with XDG dirs and HOME under `root`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(root / name.lower())
    env["HOME"] = str(root)
    env["LANG"] = "C.UTF-8"
    env.pop("BERITA_CONFIG", None)
    env.pop("TEXTUAL", None)  # no devtools
    return env
