"""Files berita may not read or write: a clean exit with one line naming the path and the cause.

Root ignores file modes, so these run `berita` through util-linux's `setpriv` without the
capabilities that let root override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the kernel
then checks modes and owners as for any user. Skipped where that is not possible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import EXIT_OK, EXIT_STORE, main
from tui.model import FeedSpec
from tui.paths import Paths
from tui.store import Store

ROOT = Path(__file__).resolve().parents[1]
SETPRIV = shutil.which("setpriv")
DROP = "-dac_override,-dac_read_search"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or SETPRIV is None,
    reason="needs root and util-linux setpriv to run berita without root's file overrides",
)


def berita_unprivileged(*args: str) -> tuple[int, str, str]:
    assert SETPRIV is not None
    result = subprocess.run(
        [SETPRIV, f"--inh-caps={DROP}", f"--bounding-set={DROP}",
         sys.executable, "-m", "tui", *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def database(isolated_dirs: Path) -> Path:
    path = Paths.from_platform().database
    config = Paths.from_platform().config_file
    config.parent.mkdir(parents=True)
    config.write_text("", encoding="utf-8")
    with Store.open(path) as store:
        store.add_feed(FeedSpec("Lokal", "Utama", "https://lokal.example/rss"))
    return path


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_a_database_nobody_may_read(database: Path) -> None:
    database.chmod(0)
    for command in ("list", "fetch"):
        code, _out, err = berita_unprivileged(command)
        line = one_line(err)
        assert code == EXIT_STORE
        assert str(database) in line and "permission denied" in line and "mode 000" in line


def test_a_database_owned_by_another_user_is_read_only(database: Path) -> None:
    os.chown(database, 4321, 4321)
    os.chown(database.parent, 4321, 4321)
    code, out, err = berita_unprivileged("sources")
    assert code == EXIT_OK and "Lokal" in out
    assert err.count("read-only") == 1 and "owned by uid 4321" in err
    for command in (["fetch"], ["mark", "1", "--star"]):
        code, _out, err = berita_unprivileged(*command)
        assert code == EXIT_STORE and str(database) in err and "cannot change it" in err


def test_a_directory_in_place_of_the_database_says_so(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Paths.from_platform().database
    path.mkdir(parents=True)
    assert main(["list"]) == EXIT_STORE
    line = one_line(capsys.readouterr().err)
    assert str(path) in line and "is a directory" in line


def test_a_read_only_config_folder_on_first_run(isolated_dirs: Path) -> None:
    folder = Paths.from_platform().config_file.parent
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    code, _out, err = berita_unprivileged("list")
    assert code == EXIT_OK
    assert "cannot write the default config" in err and str(folder) in err
    assert not Paths.from_platform().config_file.exists()


def test_a_data_folder_that_cannot_be_created(isolated_dirs: Path) -> None:
    data = Paths.from_platform().database.parent.parent
    data.mkdir(parents=True)
    data.chmod(0o555)
    code, _out, err = berita_unprivileged("list")
    line = one_line(err)
    assert code == EXIT_STORE and "cannot create the folder" in line
    assert "Permission denied" in line
