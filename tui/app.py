"""BeritaApp: themes, language, the reader screen; database errors become lines, not crashes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import App

from tui.commands import BeritaCommands
from tui.i18n import local_zone, pick_language
from tui.paths import Paths, bundled_themes_dir
from tui.sanitize import clean_line
from tui.screens.context import ReaderContext
from tui.screens.reader import ReaderScreen
from tui.screens.store_errors import StoreTrouble, guarded
from tui.store.errors import StoreError
from tui.widgets.localize import localized
from tui.widgets.strings import Locale

FALLBACK_LIGHT = "textual-light"
FALLBACK_DARK = "textual-dark"


class BeritaApp(App[None]):
    """The reader. Everything slow (refresh, full text) is a blocking callable handed in,
    run in a thread worker; the store is read on the event loop (its queries are indexed).

    Its store errors are reported by `trouble` (tui/screens/store_errors.py). One that still
    gets out of a handler ends the app as any error does, with `store_error` set: `berita`
    then prints it as one line and exits 3 (tui/cli.py).
    """

    CSS_PATH = "app.tcss"
    TITLE = "berita"
    COMMANDS = App.COMMANDS | {BeritaCommands}
    _theme_chosen = False  # True once __init__ has set the starting theme

    def __init__(
        self,
        *,
        config: Any,
        store: Any,
        refresh: Callable[..., Any] | None = None,
        fetch_full: Callable[[int], Any] | None = None,
        fetch_image: Callable[[Any], Any] | None = None,
        clock: Callable[[], datetime] | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        general = config.general
        if clock is None:
            zone = local_zone()
            clock = lambda: datetime.now(zone)  # noqa: E731
        zone = clock().tzinfo or local_zone()
        self.locale = Locale(pick_language(language or general.language), zone, clock)
        # Through a lambda: tests (and anything else) may replace `notify` after this.
        self.trouble = StoreTrouble(
            store, self.locale, lambda message, **kwargs: self.notify(message, **kwargs)
        )
        self.store_error: StoreError | None = None
        ticker_setting = store.get_setting("ticker")
        self.context = ReaderContext(
            config=config,
            store=store,
            locale=self.locale,
            trouble=self.trouble,
            clock=clock,
            refresh=refresh,
            fetch_full=fetch_full,
            fetch_image=fetch_image,
            ticker_shown=general.ticker if ticker_setting is None else ticker_setting == "on",
            refresh_minutes=float(general.refresh_minutes or 0),
        )
        self.theme_problems: list[Any] = []
        self._register_themes()
        stored = store.get_setting("theme")
        for name in (stored, general.theme, FALLBACK_LIGHT):
            if name and name in self.available_themes:
                self.theme = name
                break
        self._theme_chosen = True  # from now on a new theme is the reader's choice: saved

    def _register_themes(self) -> None:
        from tui.themes import load_themes

        themes, self.theme_problems = load_themes(
            bundled_themes_dir(), Paths.from_platform().user_themes
        )
        for theme in themes:
            self.register_theme(theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from tui.themes import theme_variable_defaults

        return theme_variable_defaults(self.current_theme)

    def on_mount(self) -> None:
        self.push_screen(localized(ReaderScreen, self.locale.language)(self.context))
        for problem in self.theme_problems:
            text = self.locale.t("theme_problem", problem=clean_line(str(problem)))
            self.notify(text, severity="warning", markup=False, timeout=10)
        self.trouble.started()

    def toggle_dark(self) -> str:
        """Switch between the configured light and dark themes (remembered by watch_theme)."""
        from tui.themes import light_dark_pair

        general = self.config.general
        light = general.light_theme if general.light_theme in self.available_themes else None
        dark = general.dark_theme if general.dark_theme in self.available_themes else None
        name = light_dark_pair(
            list(self.available_themes.values()),
            self.theme,
            light or FALLBACK_LIGHT,
            dark or FALLBACK_DARK,
        )
        self.theme = name
        return name

    @guarded
    def watch_theme(self, theme: str) -> None:
        # `d` or the command palette: the theme changes now, and is remembered when it can be.
        # Not the one set while starting (App.is_mounted is a method, always true: no use here).
        if self._theme_chosen:
            self.trouble.remember(self.store.set_setting, "theme", theme)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's last resort for an error no handler caught: the app exits with code 1 and a
        # traceback. A StoreError is the database's problem, not a bug to trace: it is kept for
        # `berita` to print as one line (exit 3) in place of the traceback.
        drawn = len(self._exit_renderables)
        super()._handle_exception(error)
        if isinstance(error, StoreError):
            if self.store_error is None:
                self.store_error = error
            del self._exit_renderables[drawn:]
