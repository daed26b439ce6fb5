"""Where berita keeps its files: platformdirs' user dirs (which honour the XDG_* variables)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "berita"
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILES = PACKAGE_DIR / "data"


@dataclass(frozen=True, slots=True)
class Paths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    state_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "berita.sqlite3"

    @property
    def user_themes(self) -> Path:
        return self.config_dir / "themes"

    @classmethod
    def from_platform(cls) -> Paths:
        dirs = PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            config_dir=Path(dirs.user_config_dir),
            data_dir=Path(dirs.user_data_dir),
            cache_dir=Path(dirs.user_cache_dir),
            state_dir=Path(dirs.user_state_dir),
        )

    @classmethod
    def under(cls, root: Path) -> Paths:
        """Every directory below one root: used by `--demo` and by tests."""
        return cls(root / "config", root / "data", root / "cache", root / "state")


def bundled_themes_dir() -> Path:
    """Themes inside an installed wheel, else the repository's top-level `themes/`."""
    inside = PACKAGE_DIR / "themes"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "themes"
