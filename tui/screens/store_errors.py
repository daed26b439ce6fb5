"""The one place a database error meets the reader: a line on the screen, never a crash.

Disk full, a locked or read-only file, a damaged page: the store raises `StoreError`, and the
reader must go on showing what it showed. Three pieces, all reporting through `StoreTrouble`:

- `guarded` wraps the reader's entry points (keys, messages, timers, watchers): a StoreError
  stops that one handler and becomes a notification; the app runs on.
- `StoreTrouble.save` runs a write the action depends on (star, read/unread, mark all read):
  when it fails the action stops before the screen changes, so the list only ever shows what
  was saved.
- `StoreTrouble.remember` runs a write the action does not depend on (the read count of an
  opened article, the theme, the ticker): when it fails the action goes on, unsaved.

Worker errors reach `report` from the screen's one `on_worker_state_changed` handler, and the
headline list's page reads (made while drawing, outside any handler) from the screen's loader.

A read-only store says so once when the reader starts. Writes a reader only implies (opening an
article, a theme) are then not attempted; a refused star or mark explains once more, then each
later one gets a short line.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from textual.notifications import SeverityLevel

from tui.sanitize import clean_line
from tui.store.errors import StoreError
from tui.widgets.strings import Locale

P = ParamSpec("P")
R = TypeVar("R")

ERROR_SECONDS = 6.0  # how long a failure stays up; the same line is not shown again meanwhile
READONLY_SECONDS = 8.0
SHORT_SECONDS = 2.0
ERROR_LIMIT = 300  # characters of the store's message (it names the file)


class Notify(Protocol):
    def __call__(
        self, message: str, *, severity: SeverityLevel, timeout: float, markup: bool
    ) -> None: ...


class NotSaved(StoreError):
    """A write failed and was reported already: the handler stops here, quietly."""


class StoreTrouble:
    """Turns the store's errors into one localised line each, without repeating itself."""

    def __init__(
        self,
        store: Any,
        locale: Locale,
        notify: Notify,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.locale = locale
        self._notify = notify
        self._clock = clock
        self._shown: dict[str, float] = {}  # text → when it stops being on screen
        self._refusals = 0  # writes a read-only store refused

    @property
    def readonly(self) -> bool:
        return bool(getattr(self.store, "readonly", False))

    def started(self) -> None:
        """Once, when the reader starts: a read-only store says what that means."""
        if self.readonly:
            self._say(self.locale.t("store_readonly"), "warning", READONLY_SECONDS)

    def report(self, error: BaseException, *, saving: bool) -> None:
        """One line for a failed read or write."""
        if isinstance(error, NotSaved):
            return
        key = "store_save_failed" if saving else "store_read_failed"
        text = self.locale.t(key, error=clean_line(str(error), ERROR_LIMIT))
        self._say(text, "error", ERROR_SECONDS)

    def save(self, write: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """A write the action depends on; failed, it is reported and raises NotSaved, which
        `guarded` swallows: the action stops before it changes the screen.

        A read-only store is not asked: the first refusal explains, later ones are short."""
        if self.readonly:
            self._refusals += 1
            if self._refusals == 1:
                self._say(self.locale.t("store_readonly"), "warning", READONLY_SECONDS)
            else:
                self._say(self.locale.t("store_readonly_short"), "warning", SHORT_SECONDS)
            raise NotSaved(f"{getattr(self.store, 'path', 'the database')} is open read-only")
        try:
            return write(*args, **kwargs)
        except NotSaved:
            raise
        except StoreError as error:
            self.report(error, saving=True)
            raise NotSaved(str(error)) from error

    def remember(self, write: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """A write the action does not depend on: None when it failed (reported) or the store
        is read-only (not attempted: the start said so)."""
        if self.readonly:
            return None
        try:
            return write(*args, **kwargs)
        except StoreError as error:
            self.report(error, saving=True)
            return None

    def _say(self, text: str, severity: SeverityLevel, timeout: float) -> None:
        now = self._clock()
        if self._shown.get(text, 0.0) > now:
            return  # still on screen: a held key or a timer does not stack copies of it
        self._shown = {t: until for t, until in self._shown.items() if until > now}
        self._shown[text] = now + timeout
        self._notify(text, severity=severity, timeout=timeout, markup=False)


class HasTrouble(Protocol):
    trouble: StoreTrouble


S = TypeVar("S", bound=HasTrouble)


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | None]:
    """For an entry point of the reader (a key, a message, a timer, a watcher): a StoreError
    inside it is reported through `self.trouble` and ends the handler; the app runs on."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except StoreError as error:
            self.trouble.report(error, saving=False)  # a NotSaved was reported already
            return None

    return wrapper
