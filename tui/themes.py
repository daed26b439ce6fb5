"""berita's themes: TOML files mapped onto Textual's `Theme`, validated before Textual sees them.

A theme file is one TOML table with the fields of `textual.theme.Theme` (name, primary,
secondary, accent, foreground, background, surface, panel, boost, warning, error, success,
dark, luminosity_spread, text_alpha, ansi) and a `[variables]` table. Textual copies every
variable into the CSS variables of the app, so `app.tcss` can say `color: $berita-unread;`.
A variable the CSS uses must exist in every theme or the stylesheet fails to parse, so
`load_themes` fills in the berita tokens a theme leaves out, and the app's
`get_theme_variable_defaults()` should return `theme_variable_defaults(self.current_theme)` for
Textual's built-in themes.

berita's design tokens (all colours):

    berita-masthead-background   the top bar with the app name and status
    berita-masthead-foreground   text on it
    berita-ticker-background     the trending ticker band
    berita-ticker-foreground     ticker text
    berita-ticker-label          background of the red "TRENDING" tag at the start of the ticker
    berita-ticker-label-foreground  text of that tag
    berita-unread                unread mark (●) and unread headline text
    berita-starred               the star (★); a glyph, so 3:1 contrast is enough
    berita-section               the kicker above an article title ("POLITIK")
    berita-credit                reporter / editor / photographer lines, photo captions
    berita-link                  link references in article text ([1]) and the links list
    berita-muted                 times, source names, counts, secondary text
    berita-failed                a feed whose last refresh failed, and its reason

The shipped themes also set Textual's own `block-cursor-*` (the selected row), `border`
(focus) and `footer-key-foreground`, so that every berita token stays legible on the
selected row as well as on background, surface and panel (tests/test_themes.py checks it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.design import ColorSystem
from textual.theme import Theme

from tui.sanitize import clean_line

BERITA_TOKENS: tuple[str, ...] = (
    "berita-masthead-background",
    "berita-masthead-foreground",
    "berita-ticker-background",
    "berita-ticker-foreground",
    "berita-ticker-label",
    "berita-ticker-label-foreground",
    "berita-unread",
    "berita-starred",
    "berita-section",
    "berita-credit",
    "berita-link",
    "berita-muted",
    "berita-failed",
)
DEFAULT_LIGHT = "koran"
DEFAULT_DARK = "mode-gelap"
MAX_THEME_BYTES = 64 * 1024

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
_THEME_KEYS = frozenset(f.name for f in fields(Theme))
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_VARIABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_STYLE_WORDS = frozenset(
    "b blink bold dim i italic none not o overline reverse strike u underline uu".split()
)
_WITH_ALPHA = re.compile(r"^(.+?)\s+(\d{1,3}(?:\.\d+)?)%$")
_TOML_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)")
_BLACK = Color(0, 0, 0)
_WHITE = Color(255, 255, 255)


@dataclass(frozen=True, slots=True)
class ThemeProblem:
    """Something wrong in one theme file, phrased for the user (`file:line: what`)."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.message


def load_themes(bundled_dir: Path, user_dir: Path | None) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every valid `*.toml` theme in the bundled dir, then the user's (same name → user wins).

    A theme with a bad value is left out; an unknown key is reported and ignored; nothing
    raises. The returned themes carry every berita token in `variables`.
    """
    by_name: dict[str, Theme] = {}
    problems: list[ThemeProblem] = []
    for directory in (bundled_dir, user_dir):
        if directory is None or not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            theme = _load_theme(path, problems)
            if theme is not None:
                by_name[theme.name] = theme
    return list(by_name.values()), problems


def light_dark_pair(themes: list[Theme], current: str, light: str, dark: str) -> str:
    """The theme `d` switches to: the configured opposite of the current theme.

    Pass every theme the app knows (`app.available_themes.values()`). A current theme that is
    neither configured one switches by its own darkness. When the wanted theme is missing,
    the first known theme of the wanted darkness is used, else nothing changes.
    """
    known = {theme.name: theme for theme in themes}
    if current == dark:
        want_dark = False
    elif current == light:
        want_dark = True
    else:
        theme = known.get(current)
        want_dark = not theme.dark if theme is not None else True
    wanted = dark if want_dark else light
    if wanted in known:
        return wanted
    for theme in themes:
        if theme.dark == want_dark and theme.name != current:
            return theme.name
    return current


def theme_variable_defaults(theme: Theme) -> dict[str, str]:
    """Legible values of every berita token, derived from a theme's base colours.

    For themes that do not set the tokens (Textual's built-in ones, partial user themes).
    """
    base = _base_colours(theme)
    background = base["background"]
    foreground = base["foreground"]

    def legible(minimum: float, *candidates: str) -> str:
        for name in candidates:
            colour = base[name]
            if contrast_ratio(colour, background) >= minimum:
                return colour.hex
        return foreground.hex

    muted = foreground.blend(background, 0.3)
    muted_hex = muted.hex if contrast_ratio(muted, background) >= 4.5 else foreground.hex
    primary = base["primary"]
    return {
        "berita-masthead-background": primary.hex,
        "berita-masthead-foreground": _contrasting_text(primary).hex,
        "berita-ticker-background": foreground.hex,
        "berita-ticker-foreground": background.hex,
        "berita-ticker-label": primary.hex,
        "berita-ticker-label-foreground": _contrasting_text(primary).hex,
        "berita-unread": legible(4.5, "accent", "primary"),
        "berita-starred": legible(3.0, "warning", "accent"),
        "berita-section": legible(4.5, "primary", "accent"),
        "berita-credit": muted_hex,
        "berita-link": legible(4.5, "secondary", "primary"),
        "berita-muted": muted_hex,
        "berita-failed": legible(4.5, "error"),
    }


def contrast_ratio(first: Color, second: Color) -> float:
    """The WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def resolve_colour(value: str, under: Color) -> Color:
    """A theme colour value (`#rrggbb`, `#rrggbbaa`, `#rrggbb 40%`, a name) as drawn on `under`."""
    colour_text, percent = _split_alpha(value)
    colour = Color.parse(colour_text)
    if percent is not None:
        colour = colour.multiply_alpha(percent / 100)
    return under + colour if colour.a < 1 else colour


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def _contrasting_text(background: Color) -> Color:
    if contrast_ratio(_WHITE, background) >= contrast_ratio(_BLACK, background):
        return _WHITE
    return _BLACK


def _base_colours(theme: Theme) -> dict[str, Color]:
    generated = ColorSystem(
        primary=theme.primary,
        secondary=theme.secondary,
        warning=theme.warning,
        error=theme.error,
        success=theme.success,
        accent=theme.accent,
        foreground=theme.foreground,
        background=theme.background,
        surface=theme.surface,
        panel=theme.panel,
        boost=theme.boost,
        dark=theme.dark,
        luminosity_spread=theme.luminosity_spread,
        text_alpha=theme.text_alpha,
    ).generate()
    background = Color.parse(generated["background"])
    names = ("primary", "secondary", "accent", "foreground", "warning", "error", "success")
    return {"background": background} | {
        name: resolve_colour(generated[name], background) for name in names
    }


def _load_theme(path: Path, problems: list[ThemeProblem]) -> Theme | None:
    report = _Reporter(path, problems)
    try:
        if path.stat().st_size > MAX_THEME_BYTES:
            report(f"larger than {MAX_THEME_BYTES // 1024} KiB; not a theme file")
            return None
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        report(f"not UTF-8 text ({error.reason} at byte {error.start})")
        return None
    except OSError as error:
        report(f"cannot read: {error.strerror or error}")
        return None
    report.lines = text.splitlines()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        line = int(match.group(1)) if match else None
        report(f"not valid TOML: {_TOML_LINE.sub('', str(error))}", line=line)
        return None
    return _theme_from_table(data, path.stem, report)


class _Reporter:
    """Collects problems of one file, finding the line of a key when it can."""

    def __init__(self, path: Path, problems: list[ThemeProblem]) -> None:
        self.path = path
        self.problems = problems
        self.lines: list[str] = []

    def __call__(self, message: str, *, key: str | None = None, line: int | None = None) -> None:
        if line is None and key is not None:
            line = self.line_of(key)
        where = f"{self.path.name}:{line}" if line else self.path.name
        self.problems.append(ThemeProblem(self.path, f"{where}: {message}", line))

    def line_of(self, key: str) -> int | None:
        pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None


def _shown(value: Any) -> str:
    """A value from the file, safe and short enough to put in a message."""
    return (
        repr(clean_line(str(value), 60)) if isinstance(value, str) else clean_line(repr(value), 60)
    )


def _theme_from_table(data: dict[str, Any], stem: str, report: _Reporter) -> Theme | None:
    values: dict[str, Any] = {}
    valid = True
    for key, value in data.items():
        if key not in _THEME_KEYS:
            report(f"unknown key {_shown(key)} (ignored)", key=key)
            continue
        checked = _check_field(key, value, report)
        if checked is None:
            valid = False
        else:
            values[key] = checked
    values.setdefault("name", stem)
    if not _NAME.match(values["name"]):
        report(f"'name' must be letters, digits, '-', '_' or '.': {_shown(values['name'])}")
        valid = False
    if "primary" not in values and valid:
        report("'primary' is required", key="primary")
        valid = False
    if not valid:
        return None
    theme = Theme(**values)
    theme.variables = theme_variable_defaults(theme) | theme.variables
    return theme


def _check_field(key: str, value: Any, report: _Reporter) -> Any | None:
    """The value if it is valid for `key`, else None (after reporting why)."""
    if key == "name":
        if isinstance(value, str):
            return value
        report(f"'name' must be a string, not {_shown(value)}", key=key)
    elif key in _COLOUR_FIELDS:
        if isinstance(value, str) and _is_colour(value):
            return value
        report(f"{key!r} is not a colour: {_shown(value)}", key=key)
    elif key in ("dark", "ansi"):
        if isinstance(value, bool):
            return value
        report(f"{key!r} must be true or false, not {_shown(value)}", key=key)
    elif key in ("luminosity_spread", "text_alpha"):
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        report(f"{key!r} must be a number from 0 to 1, not {_shown(value)}", key=key)
    elif key == "variables":
        if isinstance(value, dict):
            return _check_variables(value, report)
        report("'variables' must be a table ([variables])", key=key)
    return None


def _check_variables(variables: dict[str, Any], report: _Reporter) -> dict[str, str] | None:
    checked: dict[str, str] = {}
    valid = True
    for name, value in variables.items():
        if not _VARIABLE_NAME.match(name):
            report(f"variable {_shown(name)} is not a valid name", key=name)
            valid = False
        elif name.startswith("berita-") and name not in BERITA_TOKENS:
            report(f"unknown berita variable {_shown(name)} (ignored)", key=name)
        elif not isinstance(value, str):
            report(f"variable {name!r} must be a string, not {_shown(value)}", key=name)
            valid = False
        elif name.endswith("-style"):
            if set(value.split()) <= _STYLE_WORDS and value.strip():
                checked[name] = value
            else:
                report(f"variable {name!r} is not a text style: {_shown(value)}", key=name)
                valid = False
        elif _is_variable_colour(value):
            checked[name] = value
        else:
            report(f"variable {name!r} is not a colour: {_shown(value)}", key=name)
            valid = False
    return checked if valid else None


def _is_colour(value: str) -> bool:
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def _split_alpha(value: str) -> tuple[str, float | None]:
    """`"#81a1c1 35%"` → ("#81a1c1", 35.0); a value without a percentage → (value, None)."""
    match = _WITH_ALPHA.match(value.strip())
    if match is None:
        return value.strip(), None
    return match.group(1), float(match.group(2))


def _is_variable_colour(value: str) -> bool:
    """A colour as Textual CSS accepts it in a variable: `#hex`, `#hex 40%`, `auto 80%`."""
    head, percent = _split_alpha(value)
    if head == "initial":
        return percent is None
    return head == "auto" or _is_colour(head)
