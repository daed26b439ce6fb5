"""Data flows fetch → parse → store → UI: the core never imports the UI toolkit.

Each core module is imported alone in a fresh interpreter, which then reports whether textual
or rich got loaded. The UI modules (app, commands, messages, themes, screens, widgets) are the
only ones allowed to.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tui"
UI_MODULES = {"tui.app", "tui.commands", "tui.messages", "tui.themes", "tui.__main__"}


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        if name.startswith(("tui.screens", "tui.widgets")) or name in UI_MODULES:
            continue
        names.append(name)
    return names


def test_the_core_is_most_of_the_package() -> None:
    names = core_modules()
    assert {"tui.store", "tui.fetch", "tui.parse", "tui.refresh", "tui.cli"} <= set(names)


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "loaded = sorted({'textual', 'rich'} & {m.split('.')[0] for m in sys.modules}); "
        "print(','.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"
