"""What the reader screen is given: the store, the config, and the callables that do slow work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.screens.store_errors import StoreTrouble
from tui.widgets.strings import Locale


@dataclass(slots=True)
class ReaderContext:
    config: Any  # tui.config.Config
    store: Any  # tui.store.Store (thread-safe: the trending worker reads it too)
    locale: Locale
    trouble: StoreTrouble  # reports the store's errors (tui/screens/store_errors.py)
    clock: Callable[[], datetime]
    refresh: Callable[..., Any] | None = None  # tui.refresh.RefreshFn (blocking)
    fetch_full: Callable[[int], Any] | None = None  # blocking
    # blocking: an Article → the cached lead photo's Path, or the problem as a string
    fetch_image: Callable[[Any], Any] | None = None
    ticker_shown: bool = True
    refresh_minutes: float = 0.0
