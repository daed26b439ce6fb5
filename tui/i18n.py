"""The reader's words in Indonesian and English, and dates, times and counts as each writes them.

`t(lang, key, **values)` (or `Strings(lang)(key, **values)`) returns plain text. Values are
substituted as they are, so a feed name or an error from a server stays untrusted: widgets must
show the result as `Content`/`Text`, never as markup.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "en"
SHORT_TIME_WIDTH = 10

__all__ = [
    "DEFAULT_LANGUAGE",
    "KEYS_HELP",
    "LANGUAGES",
    "SHORT_TIME_WIDTH",
    "STRINGS",
    "Strings",
    "comments_label",
    "format_count",
    "format_datetime",
    "format_relative",
    "format_time_short",
    "local_zone",
    "pick_language",
    "read_count_label",
    "t",
    "views_label",
    "zone_label",
]

_MONTHS = {
    "id": (
        "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    ).split(),
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
}
_MONTHS_SHORT = {
    "id": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}
# key: (Indonesian, English). `{name}` fields are filled by `t`; both languages use the same.
STRINGS: dict[str, dict[str, str]] = {
    key: {"id": indonesian, "en": english}
    for key, (indonesian, english) in {
        # Header
        "app.title": ("berita", "berita"),
        "header.online": ("Daring", "Online"),
        "header.offline": ("Luring", "Offline"),
        "header.updated": ("diperbarui {when}", "updated {when}"),
        "header.never_updated": ("belum pernah diperbarui", "never updated"),
        "header.refreshing": ("Memperbarui {done}/{total}", "Refreshing {done}/{total}"),
        "header.unread": ("{count} belum dibaca", "{count} unread"),
        "header.failed_one": ("{count} sumber gagal", "{count} feed failed"),
        "header.failed": ("{count} sumber gagal", "{count} feeds failed"),
        # Ticker
        "ticker.label": ("TRENDING", "TRENDING"),
        "ticker.empty": ("Belum ada yang trending", "Nothing trending yet"),
        # Section tree
        "sections.title": ("Rubrik", "Sections"),
        "sections.all": ("Semua", "All"),
        "sections.unread": ("Belum dibaca", "Unread"),
        "sections.starred": ("Berbintang", "Starred"),
        "sections.trending": ("Trending", "Trending"),
        "sections.search": ("Hasil pencarian", "Search results"),
        "sections.failed": ("gagal", "failed"),
        # Headline list
        "headlines.title": ("Berita", "Headlines"),
        "headlines.time": ("Waktu", "Time"),
        "headlines.source": ("Sumber", "Source"),
        "headlines.section": ("Rubrik", "Section"),
        "headlines.headline": ("Judul", "Headline"),
        "headlines.count": ("{shown} dari {total}", "{shown} of {total}"),
        # Article pane
        "article.reporter": ("Reporter", "Reporter"),
        "article.editor": ("Editor", "Editor"),
        "article.publisher": ("Penerbit", "Publisher"),
        "article.photographer": ("Fotografer", "Photographer"),
        "article.photo": ("Foto", "Photo"),
        "article.author": ("Penulis", "Author"),
        "article.published": ("Terbit", "Published"),
        "article.first_seen": ("Pertama terlihat", "First seen"),
        "article.sections": ("Rubrik", "Sections"),
        "article.categories": ("Topik", "Topics"),
        "article.read_never": ("Belum dibaca", "Not read yet"),
        "article.read_once": ("Dibaca 1 kali", "Read once"),
        "article.read_twice": ("Dibaca 2 kali", "Read twice"),
        "article.read_times": ("Dibaca {count} kali", "Read {count} times"),
        "article.views_one": ("Dilihat {count} kali di situs", "{count} view on the site"),
        "article.views": ("Dilihat {count} kali di situs", "{count} views on the site"),
        "article.comments_one": ("{count} komentar", "{count} comment"),
        "article.comments": ("{count} komentar", "{count} comments"),
        "article.more_in_section": ("Baca lainnya", "More in this section"),
        "article.trending_in": ("Trending di {section}", "Trending in {section}"),
        "article.reported_by": ("Diberitakan oleh {sources}", "Reported by {sources}"),
        "article.links": ("Tautan", "Links"),
        "article.starred": ("Berbintang", "Starred"),
        "article.none_selected": ("Pilih berita untuk membacanya", "Select a headline to read it"),
        "article.summary_only": (
            "Hanya ringkasan dari feed — tekan f untuk teks lengkap",
            "Feed summary only — press f for the full text",
        ),
        "article.full_text_loading": ("Mengambil teks lengkap…", "Fetching the full text…"),
        "article.full_text_failed": (
            "Teks lengkap tidak dapat diambil: {reason}",
            "Could not fetch the full text: {reason}",
        ),
        "article.read_on_site": ("Baca selengkapnya di {url}", "Read the full story at {url}"),
        # Key descriptions: footer and help screen
        "key.down": ("Turun", "Down"),
        "key.up": ("Naik", "Up"),
        "key.top": ("Paling atas", "Top"),
        "key.bottom": ("Paling bawah", "Bottom"),
        "key.open": ("Buka", "Open"),
        "key.switch_pane": ("Pindah panel", "Switch pane"),
        "key.next_unread": ("Berikutnya belum dibaca", "Next unread"),
        "key.previous_unread": ("Sebelumnya belum dibaca", "Previous unread"),
        "key.page_down": ("Gulir ke bawah", "Page down"),
        "key.browser": ("Buka di peramban", "Open in browser"),
        "key.copy_link": ("Salin tautan", "Copy link"),
        "key.toggle_read": ("Tandai dibaca", "Toggle read"),
        "key.star": ("Bintangi", "Star"),
        "key.refresh_feed": ("Perbarui rubrik", "Refresh section"),
        "key.refresh_all": ("Perbarui semua", "Refresh all"),
        "key.search": ("Cari", "Search"),
        "key.trending": ("Trending", "Trending"),
        "key.theme": ("Terang/Gelap", "Light/Dark"),
        "key.full_text": ("Teks lengkap", "Full text"),
        "key.help": ("Bantuan", "Help"),
        "key.quit": ("Keluar", "Quit"),
        "key.commands": ("Perintah", "Commands"),
        "key.back": ("Kembali", "Back"),
        "key.mark_all_read": ("Tandai semua dibaca", "Mark all read"),
        "key.unread_only": ("Hanya belum dibaca", "Unread only"),
        "help.title": ("Bantuan: tombol", "Help: keys"),
        "help.close": ("Tekan Esc atau ? untuk menutup", "Press Esc or ? to close"),
        "help.group.move": ("Navigasi", "Moving around"),
        "help.group.read": ("Membaca", "Reading"),
        "help.group.feeds": ("Sumber berita", "Feeds"),
        "help.group.app": ("Aplikasi", "App"),
        # Notifications
        "notify.link_copied": ("Tautan disalin", "Link copied"),
        "notify.no_link": ("Tidak ada tautan", "No link"),
        "notify.copy_failed": (
            "Tidak dapat menyalin ke papan klip",
            "Could not copy to the clipboard",
        ),
        "notify.browser_failed": ("Tidak dapat membuka peramban", "Could not open a browser"),
        "notify.feed_failed": ("{feed} gagal: {reason}", "{feed} failed: {reason}"),
        "notify.refresh_done_one": ("Selesai: {count} berita baru", "Done: {count} new headline"),
        "notify.refresh_done": ("Selesai: {count} berita baru", "Done: {count} new headlines"),
        "notify.refresh_none": ("Tidak ada berita baru", "No new headlines"),
        "notify.refresh_failed_one": (
            "{count} sumber gagal diperbarui",
            "{count} feed could not be refreshed",
        ),
        "notify.refresh_failed": (
            "{count} sumber gagal diperbarui",
            "{count} feeds could not be refreshed",
        ),
        "notify.refresh_running": ("Pembaruan sedang berjalan", "A refresh is already running"),
        "notify.offline": (
            "Tidak ada koneksi — menampilkan berita tersimpan",
            "No connection — showing saved headlines",
        ),
        "notify.marked_read": ("Ditandai sudah dibaca", "Marked as read"),
        "notify.marked_unread": ("Ditandai belum dibaca", "Marked as unread"),
        "notify.starred": ("Diberi bintang", "Starred"),
        "notify.unstarred": ("Bintang dihapus", "Star removed"),
        "notify.marked_all_read": (
            "{count} berita ditandai sudah dibaca",
            "{count} headlines marked as read",
        ),
        "notify.no_unread": ("Tidak ada berita yang belum dibaca", "No unread headlines"),
        "notify.theme": ("Tema: {name}", "Theme: {name}"),
        "notify.theme_problem": ("Tema tidak dimuat: {problem}", "Theme not loaded: {problem}"),
        # Empty states
        "empty.no_headlines": (
            "Belum ada berita — tekan R untuk memperbarui",
            "No headlines yet — press R to refresh",
        ),
        "empty.section": ("Rubrik ini belum punya berita", "No headlines in this section yet"),
        "empty.no_results": ("Tidak ada hasil untuk “{query}”", "No results for “{query}”"),
        "empty.no_starred": (
            "Belum ada berita berbintang — tekan s untuk memberi bintang",
            "No starred headlines yet — press s to star one",
        ),
        "empty.no_unread": ("Semua sudah dibaca", "All caught up"),
        "empty.no_feeds": (
            "Belum ada langganan — tambahkan sumber di {path}",
            "No subscriptions yet — add sources in {path}",
        ),
        "empty.no_trending": ("Belum ada yang trending", "Nothing trending yet"),
        # Search and trending screens
        "search.title": ("Cari", "Search"),
        "search.placeholder": ("Cari berita…", "Search headlines…"),
        "search.results": ("{count} hasil untuk “{query}”", "{count} results for “{query}”"),
        "trending.title": ("Trending", "Trending"),
        "trending.sources_one": ("{count} sumber", "{count} source"),
        "trending.sources": ("{count} sumber", "{count} sources"),
        "trending.articles_one": ("{count} berita", "{count} article"),
        "trending.articles": ("{count} berita", "{count} articles"),
        # Times
        "time.just_now": ("baru saja", "just now"),
        "time.ago": ("{span} lalu", "{span} ago"),
        "time.in": ("dalam {span}", "in {span}"),
        "time.today": ("hari ini", "today"),
        "time.yesterday": ("kemarin", "yesterday"),
        "time.minute_one": ("{count} menit", "{count} min"),
        "time.minute_many": ("{count} menit", "{count} min"),
        "time.hour_one": ("{count} jam", "{count} hour"),
        "time.hour_many": ("{count} jam", "{count} hours"),
        "time.day_one": ("{count} hari", "{count} day"),
        "time.day_many": ("{count} hari", "{count} days"),
        "time.week_one": ("{count} minggu", "{count} week"),
        "time.week_many": ("{count} minggu", "{count} weeks"),
        "time.month_one": ("{count} bulan", "{count} month"),
        "time.month_many": ("{count} bulan", "{count} months"),
        "time.year_one": ("{count} tahun", "{count} year"),
        "time.year_many": ("{count} tahun", "{count} years"),
    }.items()
}

# The help screen, in order: (group key, ((keys as shown, description key), …)).
KEYS_HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "help.group.move",
        (
            ("j ↓", "key.down"),
            ("k ↑", "key.up"),
            ("g", "key.top"),
            ("G", "key.bottom"),
            ("Tab", "key.switch_pane"),
            ("n", "key.next_unread"),
            ("p", "key.previous_unread"),
            ("Esc", "key.back"),
        ),
    ),
    (
        "help.group.read",
        (
            ("Enter", "key.open"),
            ("Space", "key.page_down"),
            ("f", "key.full_text"),
            ("o", "key.browser"),
            ("y", "key.copy_link"),
            ("m", "key.toggle_read"),
            ("s", "key.star"),
        ),
    ),
    (
        "help.group.feeds",
        (
            ("r", "key.refresh_feed"),
            ("R", "key.refresh_all"),
            ("/", "key.search"),
            ("t", "key.trending"),
        ),
    ),
    (
        "help.group.app",
        (
            ("d", "key.theme"),
            ("?", "key.help"),
            ("Ctrl+P", "key.commands"),
            ("q", "key.quit"),
        ),
    ),
)

# Indonesia's three zones by UTC offset in hours; used for fixed offsets such as a feed's +0700.
_INDONESIAN_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}
_INDONESIAN_ZONE_KEYS = frozenset(
    ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Ujung_Pandang", "Asia/Jayapura")
)
_SPANS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
)
_LOCALE_SPLIT = re.compile(r"[_.@-]")
_ZONE_ABBREVIATION = re.compile(r"^[A-Za-z]{2,6}$")


def pick_language(configured: str | None, env: Mapping[str, str] = os.environ) -> str:
    """ "id" or "en": the config's choice, else the locale (the first of LC_ALL, LC_MESSAGES,
    LANG that is set, as POSIX does) when it is Indonesian ("id…" or the old "in…"), else "en".
    """
    if configured and configured.strip():
        return "id" if _is_indonesian(configured) else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").strip()
        if value:
            return "id" if _is_indonesian(value) else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _is_indonesian(locale_name: str) -> bool:
    return _LOCALE_SPLIT.split(locale_name.strip().lower(), maxsplit=1)[0] in ("id", "in")


def t(lang: str, key: str, /, **values: object) -> str:
    """The text for `key` in `lang` (English when `lang` is unknown), with `{names}` filled in.

    An unknown key raises KeyError: a typo should fail in tests, not show a blank.
    """
    entry = STRINGS[key]
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


class Strings:
    """`t` bound to one language: `s = Strings("id"); s("notify.link_copied")`."""

    __slots__ = ("lang",)

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, /, **values: object) -> str:
        return t(self.lang, key, **values)

    def __repr__(self) -> str:
        return f"Strings({self.lang!r})"


def format_count(n: int, lang: str) -> str:
    """1284 → "1.284" (id) or "1,284" (en)."""
    grouped = f"{n:,}"
    return grouped.replace(",", ".") if lang == "id" else grouped


def read_count_label(n: int, lang: str) -> str:
    """How often the reader opened an article: "Dibaca 3 kali" / "Read 3 times" / "Read once"."""
    if n <= 0:
        return t(lang, "article.read_never")
    if lang != "id" and n in (1, 2):
        return t(lang, "article.read_once" if n == 1 else "article.read_twice")
    return t(lang, "article.read_times", count=format_count(n, lang))


def views_label(n: int, lang: str) -> str:
    """The site's own view counter: "Dilihat 1.284 kali di situs" / "1,284 views on the site"."""
    key = "article.views_one" if n == 1 else "article.views"
    return t(lang, key, count=format_count(n, lang))


def comments_label(n: int, lang: str) -> str:
    """ "12 komentar" / "12 comments" / "1 comment"."""
    key = "article.comments_one" if n == 1 else "article.comments"
    return t(lang, key, count=format_count(n, lang))


def local_zone() -> tzinfo:
    """The reader's zone: $TZ when it names a zone (read now, so a changed $TZ counts),
    else the system's local zone."""
    name = os.environ.get("TZ", "").strip().removeprefix(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass  # a POSIX TZ string such as "WIB-7": the C library understands it
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def _in_zone(dt: datetime, tz: tzinfo | None) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)  # a feed date without a zone: taken as UTC
    return dt.astimezone(tz if tz is not None else local_zone())


def zone_label(aware: datetime) -> str:
    """ "WIB"/"WITA"/"WIT" for Indonesian zones and the bare offsets +7/+8/+9, a zone's own
    abbreviation where it has a real one ("JST", "CET"), else "UTC+05:30"."""
    name = aware.tzname() or ""
    offset = aware.utcoffset() or timedelta(0)
    if _ZONE_ABBREVIATION.match(name):
        return name.upper()
    minutes = int(offset.total_seconds() // 60)
    # A bare offset ("+0700" from a feed, "+08" from libc) is taken as Indonesian; a named zone
    # only when it is one (Asia/Singapore is "+08" too, and is not WITA).
    named_zone = getattr(aware.tzinfo, "key", None)
    indonesian = named_zone is None or named_zone in _INDONESIAN_ZONE_KEYS
    if indonesian and minutes % 60 == 0 and minutes // 60 in _INDONESIAN_ZONES:
        return _INDONESIAN_ZONES[minutes // 60]
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def format_datetime(dt: datetime, lang: str, tz: tzinfo | None = None) -> str:
    """ "2 Mei 2025 16:57 WIB" (id) / "2 May 2025 16:57 WIB" (en), in `tz` (default: local)."""
    local = _in_zone(dt, tz)
    month = _MONTHS.get(lang, _MONTHS[DEFAULT_LANGUAGE])[local.month - 1]
    return f"{local.day} {month} {local.year} {local:%H:%M} {zone_label(local)}"


def format_time_short(dt: datetime, now: datetime, lang: str, tz: tzinfo | None = None) -> str:
    """The headline list's time column, at most SHORT_TIME_WIDTH cells: "16:57" today,
    "kemarin"/"yesterday", "2 Mei" this year, "2 Mei 2024" older ("12 Agu '24" when the day
    has two digits, to fit)."""
    zone = tz if tz is not None else local_zone()
    local = _in_zone(dt, zone)
    today = _in_zone(now, zone).date()
    day = local.date()
    if day == today:
        return f"{local:%H:%M}"
    if day == today - timedelta(days=1):
        return t(lang, "time.yesterday")
    month = _MONTHS_SHORT.get(lang, _MONTHS_SHORT[DEFAULT_LANGUAGE])[local.month - 1]
    if local.year == today.year:
        return f"{local.day} {month}"
    long_form = f"{local.day} {month} {local.year}"
    return long_form if len(long_form) <= SHORT_TIME_WIDTH else f"{local.day} {month} '{local:%y}"


def format_relative(dt: datetime, now: datetime, lang: str) -> str:
    """ "baru saja"/"just now", "5 menit lalu"/"5 min ago", "3 jam lalu", "2 hari lalu", …"""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = (now - dt).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return t(lang, "time.just_now")
    unit, size = next((unit, size) for unit, size in _SPANS if seconds >= size)
    count = int(seconds // size)
    plural = "one" if count == 1 else "many"
    text = t(lang, f"time.{unit}_{plural}", count=count)
    return t(lang, "time.in" if future else "time.ago", span=text)
