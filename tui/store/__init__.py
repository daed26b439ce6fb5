"""The local SQLite store: subscriptions, articles, reading state, search, settings."""

from __future__ import annotations

from tui.store.core import Store
from tui.store.errors import StoreError

__all__ = ["Store", "StoreError"]
