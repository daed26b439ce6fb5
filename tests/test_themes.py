from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static

from tui.paths import bundled_themes_dir
from tui.themes import (
    BERITA_TOKENS,
    ThemeProblem,
    contrast_ratio,
    light_dark_pair,
    load_themes,
    resolve_colour,
    theme_variable_defaults,
)

SHIPPED = ("koran", "mode-gelap")
# Tokens drawn as text: body-text contrast (WCAG AA, 4.5:1) on every background they can sit on.
TEXT_TOKENS = (
    "berita-unread",
    "berita-section",
    "berita-credit",
    "berita-link",
    "berita-muted",
    "berita-failed",
)
# A glyph or large accent: 3:1 is enough.
ACCENT_TOKENS = ("berita-starred",)
# Foreground / background pairs that are drawn together.
PAIRS = (
    ("berita-ticker-foreground", "berita-ticker-background", 4.5),
    ("berita-ticker-label-foreground", "berita-ticker-label", 4.5),
    ("berita-masthead-foreground", "berita-masthead-background", 4.5),
    ("block-cursor-foreground", "block-cursor-background", 4.5),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background", 4.5),
    ("footer-key-foreground", "footer-background", 4.5),
    ("footer-description-foreground", "footer-background", 4.5),
    ("foreground", "background", 4.5),
    ("border", "background", 3.0),  # the focus ring: a UI component, WCAG 1.4.11
    ("accent", "background", 3.0),
)


def shipped_themes() -> dict[str, Theme]:
    themes, problems = load_themes(bundled_themes_dir(), None)
    assert problems == []
    return {theme.name: theme for theme in themes}


def colour_of(theme: Theme, name: str) -> Color:
    background = Color.parse(theme.background or "#000000")
    value = theme.variables.get(name) or getattr(theme, name.replace("-", "_"))
    return resolve_colour(value, background)


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_themes_load_without_problems() -> None:
    themes = shipped_themes()
    assert set(SHIPPED) <= set(themes)
    assert themes["koran"].dark is False
    assert themes["mode-gelap"].dark is True


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_theme_sets_every_berita_token_itself(name: str) -> None:
    data = tomllib.loads((bundled_themes_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    assert set(BERITA_TOKENS) <= set(data["variables"])


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("token", TEXT_TOKENS + ACCENT_TOKENS + ("foreground",))
def test_text_tokens_are_legible_on_every_background(name: str, token: str) -> None:
    theme = shipped_themes()[name]
    minimum = 3.0 if token in ACCENT_TOKENS else 4.5
    text = colour_of(theme, token)
    for background in (
        "background",
        "surface",
        "panel",
        "block-cursor-background",  # the selected row
        "block-cursor-blurred-background",
    ):
        ratio = contrast_ratio(text, colour_of(theme, background))
        assert ratio >= minimum, f"{name}: {token} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_drawn_pairs_are_legible(name: str, foreground: str, background: str, minimum: float):
    theme = shipped_themes()[name]
    ratio = contrast_ratio(colour_of(theme, foreground), colour_of(theme, background))
    assert ratio >= minimum, f"{name}: {foreground} on {background} is {ratio:.2f}:1"


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio(Color(119, 119, 119), Color(255, 255, 255)) == pytest.approx(4.48, 0.01)
    assert contrast_ratio(Color(10, 20, 30), Color(10, 20, 30)) == pytest.approx(1.0)


def test_bad_colour_is_a_problem_with_file_and_line_and_the_theme_is_left_out(
    tmp_path: Path,
) -> None:
    user = tmp_path / "themes"
    write(user, "mytheme.toml", 'name = "mine"\ndark = true\nprimary = "blurple"\n')
    write(user, "fine.toml", 'name = "fine"\nprimary = "#336699"\n')
    themes, problems = load_themes(bundled_themes_dir(), user)
    names = {theme.name for theme in themes}
    assert "mine" not in names
    assert {"fine", *SHIPPED} <= names
    assert len(problems) == 1
    problem = problems[0]
    assert isinstance(problem, ThemeProblem)
    assert problem.path == user / "mytheme.toml"
    assert problem.line == 3
    assert problem.message == "mytheme.toml:3: 'primary' is not a colour: 'blurple'"


def test_bad_toml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, "broken.toml", 'name = "broken"\nprimary = "#ff0000\n')
    themes, problems = load_themes(tmp_path, None)
    assert themes == []
    assert len(problems) == 1
    assert problems[0].message.startswith("broken.toml:2: not valid TOML")


def test_unknown_key_is_reported_and_the_theme_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "typo.toml", 'name = "typo"\nprimary = "#336699"\nacent = "#ff0000"\n')
    themes, problems = load_themes(tmp_path, None)
    assert [theme.name for theme in themes] == ["typo"]
    assert [p.message for p in problems] == ["typo.toml:3: unknown key 'acent' (ignored)"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ('berita-unread = "nope"', "variable 'berita-unread' is not a colour: 'nope'"),
        ("berita-unread = 12", "variable 'berita-unread' must be a string, not 12"),
        ('block-cursor-text-style = "shiny"', "is not a text style: 'shiny'"),
    ],
)
def test_bad_variable_leaves_the_theme_out(tmp_path: Path, variables: str, expected: str) -> None:
    write(tmp_path, "v.toml", f'name = "v"\nprimary = "#336699"\n[variables]\n{variables}\n')
    themes, problems = load_themes(tmp_path, None)
    assert themes == []
    assert len(problems) == 1
    assert problems[0].message.startswith("v.toml:4: ")
    assert expected in problems[0].message


def test_variables_accept_what_textual_css_accepts(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ok.toml",
        'name = "ok"\nprimary = "#336699"\n[variables]\n'
        'input-selection-background = "#81a1c1 35%"\n'
        'block-cursor-foreground = "auto 90%"\n'
        'block-cursor-text-style = "bold not underline"\n'
        'berita-link = "rgb(10, 20, 200)"\n'
        'link-background = "initial"\n',
    )
    themes, problems = load_themes(tmp_path, None)
    assert problems == []
    assert themes[0].variables["berita-link"] == "rgb(10, 20, 200)"


def test_unknown_berita_token_is_reported(tmp_path: Path) -> None:
    write(
        tmp_path, "t.toml", 'name = "t"\nprimary = "#336699"\n[variables]\nberita-unred = "#f00"\n'
    )
    themes, problems = load_themes(tmp_path, None)
    assert [theme.name for theme in themes] == ["t"]
    assert "unknown berita variable 'berita-unred'" in problems[0].message


def test_user_theme_overrides_a_bundled_one_by_name(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    write(user, "my-koran.toml", 'name = "koran"\ndark = false\nprimary = "#004488"\n')
    themes, problems = load_themes(bundled_themes_dir(), user)
    assert problems == []
    by_name = {theme.name: theme for theme in themes}
    assert [theme.name for theme in themes].count("koran") == 1
    assert by_name["koran"].primary == "#004488"


def test_name_defaults_to_the_file_name_and_must_be_plain(tmp_path: Path) -> None:
    write(tmp_path, "senja.toml", 'primary = "#aa5500"\n')
    write(tmp_path, "odd.toml", 'name = "[@click=app.quit]x"\nprimary = "#aa5500"\n')
    themes, problems = load_themes(tmp_path, None)
    assert [theme.name for theme in themes] == ["senja"]
    assert len(problems) == 1 and problems[0].path.name == "odd.toml"


def test_problem_messages_carry_no_control_characters(tmp_path: Path) -> None:
    write(tmp_path, "esc.toml", 'name = "esc"\nprimary = "\\u001b]52;c;aGk=\\u0007red"\n')
    _, problems = load_themes(tmp_path, None)
    assert len(problems) == 1
    assert "\x1b" not in problems[0].message and "\x07" not in problems[0].message


def test_unreadable_and_oversized_files_are_problems(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes(b'name = "caf\xe9"\nprimary = "#123456"\n')
    (tmp_path / "huge.toml").write_text("# x\n" * 40_000, encoding="utf-8")
    themes, problems = load_themes(tmp_path, None)
    assert themes == []
    messages = sorted(p.message for p in problems)
    assert messages[0].startswith("huge.toml: larger than")
    assert messages[1].startswith("latin1.toml: not UTF-8")


def test_missing_user_dir_is_fine(tmp_path: Path) -> None:
    themes, problems = load_themes(bundled_themes_dir(), tmp_path / "absent")
    assert problems == [] and {t.name for t in themes} >= set(SHIPPED)


def test_partial_user_theme_gets_legible_berita_tokens(tmp_path: Path) -> None:
    write(tmp_path, "min.toml", 'name = "min"\nprimary = "#3355aa"\nbackground = "#fafafa"\n')
    (theme,), _ = load_themes(tmp_path, None)
    assert set(BERITA_TOKENS) <= set(theme.variables)
    background = Color.parse("#fafafa")
    for token in TEXT_TOKENS:
        assert contrast_ratio(Color.parse(theme.variables[token]), background) >= 4.5, token


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_defaults_for_textual_builtin_themes_are_valid_colours(name: str) -> None:
    defaults = theme_variable_defaults(BUILTIN_THEMES[name])
    assert set(defaults) == set(BERITA_TOKENS)
    for value in defaults.values():
        Color.parse(value)


def test_light_dark_pair() -> None:
    themes = list(shipped_themes().values()) + list(BUILTIN_THEMES.values())
    assert light_dark_pair(themes, "koran", "koran", "mode-gelap") == "mode-gelap"
    assert light_dark_pair(themes, "mode-gelap", "koran", "mode-gelap") == "koran"
    # A theme picked from the palette switches by its own darkness.
    assert light_dark_pair(themes, "nord", "koran", "mode-gelap") == "koran"
    assert light_dark_pair(themes, "textual-light", "koran", "mode-gelap") == "mode-gelap"
    # A configured theme that does not exist: the first known theme of the wanted darkness.
    light_only = [t for t in themes if not t.dark]
    assert light_dark_pair(themes, "koran", "koran", "gone") in {t.name for t in themes if t.dark}
    assert light_dark_pair(light_only, "koran", "koran", "gone") == "koran"


class TokenApp(App[None]):
    """Every berita token used in CSS, the way app.tcss will use them."""

    CSS = "\n".join(
        f"#{token} {{ color: ${token}; background: $background; }}" for token in BERITA_TOKENS
    )

    def compose(self) -> ComposeResult:
        for token in BERITA_TOKENS:
            yield Static(token, id=token)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return theme_variable_defaults(self.current_theme)


async def test_textual_resolves_every_token_in_both_themes_and_a_builtin_one() -> None:
    app = TokenApp()
    themes = shipped_themes()
    async with app.run_test() as pilot:
        for theme in themes.values():
            app.register_theme(theme)
        for name in (*SHIPPED, "nord"):
            app.theme = name
            await pilot.pause()
            expected = app.current_theme.variables | {}
            if name == "nord":
                expected = theme_variable_defaults(BUILTIN_THEMES["nord"])
            for token in BERITA_TOKENS:
                drawn = app.query_one(f"#{token}", Static).styles.color
                assert drawn == Color.parse(expected[token]), (name, token)
