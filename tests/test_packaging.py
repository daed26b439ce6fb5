"""berita must work installed as a wheel, not only from a checkout: its data travels inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("berita-*.whl")
    return built


def test_wheel_carries_themes_demo_feeds_and_default_config(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"tui/themes/koran.toml", "tui/themes/mode-gelap.toml"} <= names
    assert "tui/data/default_config.toml" in names
    assert "tui/data/demo/config.toml" in names
    demo_feeds = [
        n for n in names if n.startswith("tui/data/demo/") and n.endswith((".xml", ".json"))
    ]
    assert len(demo_feeds) >= 6
    assert "tui/app.tcss" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "berita = tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_the_demo_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import tui.paths, tui.config;"
        "assert str(tui.paths.PACKAGE_DIR).startswith(sys.argv[1]), tui.paths.PACKAGE_DIR;"
        "assert (tui.paths.bundled_themes_dir() / 'koran.toml').is_file();"
        "from tui.config import load_config_file, DEMO_DIR;"
        "c = load_config_file(DEMO_DIR / 'config.toml');"
        "assert all(f.url.startswith('file://' + sys.argv[1]) for f in c.feeds), c.feeds[0].url;"
        "print(len(c.feeds))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 6
