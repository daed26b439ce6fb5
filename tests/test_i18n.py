from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from string import Formatter
from zoneinfo import ZoneInfo

import pytest

from tui.i18n import (
    KEYS_HELP,
    SHORT_TIME_WIDTH,
    STRINGS,
    Strings,
    comments_label,
    format_count,
    format_datetime,
    format_relative,
    format_time_short,
    pick_language,
    read_count_label,
    t,
    views_label,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
# 2 May 2025 16:57 in Jakarta.
MAY_2 = datetime(2025, 5, 2, 9, 57, tzinfo=UTC)


@pytest.mark.parametrize(
    ("configured", "env", "expected"),
    [
        ("id", {"LANG": "en_US.UTF-8"}, "id"),
        ("en", {"LANG": "id_ID.UTF-8"}, "en"),
        ("ID", {}, "id"),
        (None, {"LANG": "id_ID.UTF-8"}, "id"),
        (None, {"LANG": "in_ID"}, "id"),  # the old ISO code, still sent by some systems
        (None, {"LANG": "id"}, "id"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        (None, {"LC_ALL": "C.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
        (None, {"LC_MESSAGES": "id_ID", "LANG": "en_US"}, "id"),
        (None, {"LC_ALL": "", "LANG": "id_ID"}, "id"),  # empty means unset
        ("", {"LANG": "id_ID"}, "id"),
        (None, {"LANG": "ido"}, "en"),  # Ido is not Indonesian: the language part must match
    ],
)
def test_pick_language(configured: str | None, env: dict[str, str], expected: str) -> None:
    assert pick_language(configured, env) == expected


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    for key, entry in STRINGS.items():
        assert set(entry) == {"id", "en"}, key
        assert entry["id"].strip() and entry["en"].strip(), key
        assert placeholders(entry["id"]) == placeholders(entry["en"]), key


def test_help_covers_the_readers_keys_with_known_strings() -> None:
    shown = {keys for _, rows in KEYS_HELP for keys, _ in rows}
    for needed in ("j ↓", "k ↑", "g", "G", "Enter", "Tab", "n", "p", "Space", "o", "y", "m"):
        assert needed in shown
    for needed in ("s", "r", "R", "/", "t", "d", "f", "?", "q", "Ctrl+P"):
        assert needed in shown
    for group, rows in KEYS_HELP:
        assert group in STRINGS
        for _, key in rows:
            assert key in STRINGS


@pytest.mark.parametrize(
    ("key", "values", "indonesian", "english"),
    [
        ("sections.all", {}, "Semua", "All"),
        ("sections.starred", {}, "Berbintang", "Starred"),
        ("header.refreshing", {"done": 12, "total": 40}, "Memperbarui 12/40", "Refreshing 12/40"),
        ("header.updated", {"when": "5 menit lalu"}, "diperbarui 5 menit lalu", None),
        ("ticker.label", {}, "TRENDING", "TRENDING"),
        ("article.publisher", {}, "Penerbit", "Publisher"),
        ("article.photographer", {}, "Fotografer", "Photographer"),
        ("article.photo", {}, "Foto", "Photo"),
        ("article.more_in_section", {}, "Baca lainnya", "More in this section"),
        ("article.trending_in", {"section": "Pemerintahan"}, "Trending di Pemerintahan", None),
        ("article.links", {}, "Tautan", "Links"),
        ("key.open", {}, "Buka", "Open"),
        ("key.next_unread", {}, "Berikutnya belum dibaca", "Next unread"),
        ("notify.link_copied", {}, "Tautan disalin", "Link copied"),
        ("notify.no_link", {}, "Tidak ada tautan", "No link"),
        (
            "notify.feed_failed",
            {"feed": "ANTARA", "reason": "HTTP 503"},
            "ANTARA gagal: HTTP 503",
            "ANTARA failed: HTTP 503",
        ),
        (
            "empty.no_headlines",
            {},
            "Belum ada berita — tekan R untuk memperbarui",
            "No headlines yet — press R to refresh",
        ),
    ],
)
def test_strings(key: str, values: dict, indonesian: str, english: str | None) -> None:
    assert t("id", key, **values) == indonesian
    if english is not None:
        assert t("en", key, **values) == english


def test_values_are_not_reinterpreted() -> None:
    # A feed name with braces or markup is substituted as it is, never formatted again.
    assert t("en", "notify.feed_failed", feed="{x} [b]", reason="{0}") == "{x} [b] failed: {0}"


def test_unknown_language_falls_back_to_english_and_unknown_key_raises() -> None:
    assert t("fr", "sections.all") == "All"
    assert Strings("xx")("sections.all") == "All"
    assert Strings("id")("sections.all") == "Semua"
    with pytest.raises(KeyError):
        t("id", "no.such.key")


@pytest.mark.parametrize(
    ("tz", "indonesian", "english"),
    [
        (JAKARTA, "2 Mei 2025 16:57 WIB", "2 May 2025 16:57 WIB"),
        (ZoneInfo("Asia/Pontianak"), "2 Mei 2025 16:57 WIB", None),
        (ZoneInfo("Asia/Makassar"), "2 Mei 2025 17:57 WITA", "2 May 2025 17:57 WITA"),
        (ZoneInfo("Asia/Jayapura"), "2 Mei 2025 18:57 WIT", None),
        (timezone(timedelta(hours=7)), "2 Mei 2025 16:57 WIB", None),  # a feed's bare +0700
        (timezone(timedelta(hours=8)), "2 Mei 2025 17:57 WITA", None),
        (timezone(timedelta(hours=9)), "2 Mei 2025 18:57 WIT", None),
        (UTC, "2 Mei 2025 09:57 UTC", "2 May 2025 09:57 UTC"),
        (ZoneInfo("Asia/Kolkata"), "2 Mei 2025 15:27 IST", None),
        (timezone(timedelta(hours=5, minutes=30)), "2 Mei 2025 15:27 UTC+05:30", None),
        (timezone(timedelta(hours=-3)), "2 Mei 2025 06:57 UTC-03:00", None),
        (ZoneInfo("Asia/Tokyo"), "2 Mei 2025 18:57 JST", None),  # +9 but not WIT
        (ZoneInfo("Asia/Singapore"), "2 Mei 2025 17:57 UTC+08:00", None),  # +8 but not WITA
        (ZoneInfo("Europe/Berlin"), "2 Mei 2025 11:57 CEST", None),
    ],
)
def test_format_datetime(tz, indonesian: str, english: str | None) -> None:
    assert format_datetime(MAY_2, "id", tz) == indonesian
    if english is not None:
        assert format_datetime(MAY_2, "en", tz) == english


def test_format_datetime_months() -> None:
    august = datetime(2025, 8, 17, 3, 0, tzinfo=UTC)
    assert format_datetime(august, "id", JAKARTA) == "17 Agustus 2025 10:00 WIB"
    assert format_datetime(august, "en", JAKARTA) == "17 August 2025 10:00 WIB"


def test_naive_datetime_is_taken_as_utc() -> None:
    assert format_datetime(datetime(2025, 5, 2, 9, 57), "id", JAKARTA) == "2 Mei 2025 16:57 WIB"


@pytest.fixture
def restore_tz(monkeypatch: pytest.MonkeyPatch):
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Makassar", "2 Mei 2025 17:57 WITA"), (":Asia/Jayapura", "2 Mei 2025 18:57 WIT")],
)
def test_local_zone_honours_tz(restore_tz: pytest.MonkeyPatch, zone: str, expected: str) -> None:
    restore_tz.setenv("TZ", zone)
    assert format_datetime(MAY_2, "id") == expected


def test_posix_tz_string_goes_through_the_c_library(restore_tz: pytest.MonkeyPatch) -> None:
    restore_tz.setenv("TZ", "WIB-7")
    time.tzset()
    assert format_datetime(MAY_2, "id") == "2 Mei 2025 16:57 WIB"


NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 WIB


@pytest.mark.parametrize(
    ("published", "indonesian", "english"),
    [
        (datetime(2026, 11, 20, 1, 15, tzinfo=UTC), "08:15", "08:15"),
        (datetime(2026, 11, 19, 17, 1, tzinfo=UTC), "00:01", "00:01"),  # today in Jakarta
        (datetime(2026, 11, 19, 16, 59, tzinfo=UTC), "kemarin", "yesterday"),
        (datetime(2026, 11, 18, 16, 59, tzinfo=UTC), "18 Nov", "18 Nov"),
        (datetime(2026, 8, 2, 3, 0, tzinfo=UTC), "2 Agu", "2 Aug"),
        (datetime(2024, 5, 2, 3, 0, tzinfo=UTC), "2 Mei 2024", "2 May 2024"),
        (datetime(2024, 8, 12, 3, 0, tzinfo=UTC), "12 Agu '24", "12 Aug '24"),
    ],
)
def test_format_time_short(published: datetime, indonesian: str, english: str) -> None:
    assert format_time_short(published, NOW, "id", JAKARTA) == indonesian
    assert format_time_short(published, NOW, "en", JAKARTA) == english


@pytest.mark.parametrize("lang", ["id", "en"])
def test_format_time_short_always_fits_the_column(lang: str) -> None:
    start = datetime(2024, 1, 1, 3, 0, tzinfo=UTC)
    widths = {
        len(format_time_short(start + timedelta(days=day), NOW, lang, JAKARTA))
        for day in range(0, 1050, 1)
    }
    assert max(widths) <= SHORT_TIME_WIDTH


@pytest.mark.parametrize(
    ("ago", "indonesian", "english"),
    [
        (timedelta(seconds=20), "baru saja", "just now"),
        (timedelta(minutes=1), "1 menit lalu", "1 min ago"),
        (timedelta(minutes=5, seconds=40), "5 menit lalu", "5 min ago"),
        (timedelta(hours=1), "1 jam lalu", "1 hour ago"),
        (timedelta(hours=3, minutes=59), "3 jam lalu", "3 hours ago"),
        (timedelta(days=2, hours=5), "2 hari lalu", "2 days ago"),
        (timedelta(days=15), "2 minggu lalu", "2 weeks ago"),
        (timedelta(days=65), "2 bulan lalu", "2 months ago"),
        (timedelta(days=800), "2 tahun lalu", "2 years ago"),
        (timedelta(minutes=-10), "dalam 10 menit", "in 10 min"),  # a clock or feed ahead
    ],
)
def test_format_relative(ago: timedelta, indonesian: str, english: str) -> None:
    assert format_relative(NOW - ago, NOW, "id") == indonesian
    assert format_relative(NOW - ago, NOW, "en") == english


@pytest.mark.parametrize(
    ("n", "indonesian", "english"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (1284, "1.284", "1,284"),
        (1_234_567, "1.234.567", "1,234,567"),
        (-4500, "-4.500", "-4,500"),
    ],
)
def test_format_count(n: int, indonesian: str, english: str) -> None:
    assert format_count(n, "id") == indonesian
    assert format_count(n, "en") == english


@pytest.mark.parametrize(
    ("n", "indonesian", "english"),
    [
        (0, "Belum dibaca", "Not read yet"),
        (1, "Dibaca 1 kali", "Read once"),
        (2, "Dibaca 2 kali", "Read twice"),
        (3, "Dibaca 3 kali", "Read 3 times"),
        (1284, "Dibaca 1.284 kali", "Read 1,284 times"),
    ],
)
def test_read_count_label(n: int, indonesian: str, english: str) -> None:
    assert read_count_label(n, "id") == indonesian
    assert read_count_label(n, "en") == english


def test_views_and_comments_labels() -> None:
    assert views_label(1284, "id") == "Dilihat 1.284 kali di situs"
    assert views_label(1284, "en") == "1,284 views on the site"
    assert views_label(1, "en") == "1 view on the site"
    assert comments_label(1, "en") == "1 comment"
    assert comments_label(12, "id") == "12 komentar"


def test_i18n_does_not_import_textual_or_rich() -> None:
    code = "import sys, tui.i18n; sys.exit(bool({'textual', 'rich'} & set(sys.modules)))"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, cwd=root
    )
    assert result.returncode == 0, result.stderr
