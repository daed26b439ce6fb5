"""The one exception the store raises for problems a person can act on."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database file, in words that name the file."""
