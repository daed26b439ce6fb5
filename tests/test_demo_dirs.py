"""`--demo` runs in a throwaway dir; dirs of demos that were killed are cleared by the next."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tui.cli import demo_root


def demo_dir(base: Path, name: str, pid: int | None) -> Path:
    path = base / f"berita-demo-{name}"
    (path / "data").mkdir(parents=True)
    if pid is not None:
        (path / "pid").write_text(str(pid))
    return path


def test_a_new_demo_clears_the_dirs_of_demos_that_are_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: its pid names no process now
    killed = demo_dir(tmp_path, "killed", gone.pid)
    running = demo_dir(tmp_path, "running", os.getpid())
    starting = demo_dir(tmp_path, "starting", None)
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()

    root = demo_root()

    assert not killed.exists()
    assert running.exists() and starting.exists() and unrelated.exists()
    assert root.parent == tmp_path and root.name.startswith("berita-demo-")
    assert (root / "pid").read_text() == str(os.getpid())
