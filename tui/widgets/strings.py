"""The reader's words: `tui.i18n` wherever it has them, plus the few only the reader needs.

Widgets and screens ask `Locale.t(key, ...)` with the keys below; each key is either an i18n key
(with its value names mapped) or a local pair. Results are plain text that widgets put into
`Content`/`Text`, so a value substituted from a feed can never become markup, and every text
value is passed through `literal_line` first: values are feed words, server errors and URLs,
and a message must not carry their terminal controls to the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from tui import i18n
from tui.widgets.safe import literal_line

# reader key → (i18n key, {reader value name: i18n value name})
_FROM_I18N: dict[str, tuple[str, dict[str, str]]] = {
    "all": ("sections.all", {}),
    "starred": ("sections.starred", {}),
    "online": ("header.online", {}),
    "offline": ("header.offline", {}),
    "updated": ("header.updated", {"time": "when"}),
    "never_updated": ("header.never_updated", {}),
    "refreshing": ("header.refreshing", {}),
    "refresh_unavailable": ("notify.offline", {}),
    "trending": ("ticker.label", {}),
    "trending_empty": ("ticker.empty", {}),
    "more_in_section": ("article.more_in_section", {}),
    "trending_in": ("article.trending_in", {}),
    "reporter": ("article.reporter", {}),
    "editor": ("article.editor", {}),
    "publisher": ("article.publisher", {}),
    "photographer": ("article.photographer", {}),
    "photo": ("article.photo", {}),
    "links": ("article.links", {}),
    "pick_article": ("article.none_selected", {}),
    "summary_only": ("article.summary_only", {}),
    "full_text_error": ("article.full_text_failed", {"error": "reason"}),
    "full_fetching": ("article.full_text_loading", {}),
    "no_headlines": ("empty.section", {}),
    "no_feeds_yet": ("empty.no_headlines", {}),
    "no_starred": ("empty.no_starred", {}),
    "no_results": ("empty.no_results", {}),
    "search_placeholder": ("search.placeholder", {}),
    "search_title": ("search.results", {"n": "count"}),
    "feed_failed": ("notify.feed_failed", {"error": "reason"}),
    "no_link": ("notify.no_link", {}),
    "link_copied": ("notify.link_copied", {}),
    "no_unread": ("notify.no_unread", {}),
    "refresh_running": ("notify.refresh_running", {}),
    "marked_all_read": ("notify.marked_all_read", {"n": "count"}),
    "theme_now": ("notify.theme", {}),
    "theme_problem": ("notify.theme_problem", {}),
    "help_title": ("help.title", {}),
    "help_footer": ("help.close", {}),
}

# Only the reader needs these: (Indonesian, English).
_LOCAL: dict[str, tuple[str, str]] = {
    "refreshing_start": ("Memperbarui…", "Refreshing…"),
    "photo_credit": ("Foto: {credit}", "Photo: {credit}"),
    "open_photo_hint": ("tekan i untuk membuka foto", "press i to open the photo"),
    "no_body": (
        "Feed ini tidak menyertakan isi berita — tekan o untuk membukanya di peramban"
        " atau f untuk mengambil teks lengkap",
        "This feed carries no article text — press o to open it in the browser"
        " or f to fetch the full text",
    ),
    "feed_ok": (
        "{source} · {section}: diperbarui tanpa masalah",
        "{source} · {section}: no problems",
    ),
    "no_photo": ("Berita ini tidak punya foto", "This article has no photo"),
    "opening": ("Membuka {url}", "Opening {url}"),
    "full_unavailable": (
        "Teks lengkap tidak tersedia di sini",
        "Fetching the full text is not available here",
    ),
    "full_done": ("Teks lengkap dimuat", "Full text loaded"),
    "worker_failed": ("Gagal: {error}", "Failed: {error}"),
    "store_save_failed": ("Gagal menyimpan: {error}", "Could not save: {error}"),
    "store_read_failed": (
        "Gagal membaca basis data: {error}",
        "Could not read the database: {error}",
    ),
    "store_readonly": (
        "Hanya-baca: tanda dibaca dan bintang tidak disimpan",
        "Read-only: read marks and stars are not saved",
    ),
    "store_readonly_short": ("Hanya-baca: tidak disimpan", "Read-only: not saved"),
    "group_general": ("Umum", "General"),
    "group_reading": ("Membaca", "Reading"),
    "group_headlines": ("Daftar berita", "Headlines"),
    "group_article": ("Artikel", "Article"),
    "group_sections": ("Rubrik", "Sections"),
    "group_trending": ("Trending", "Trending"),
    "pick_theme": ("Pilih tema", "Pick a theme"),
    "pick_theme_help": ("Semua tema yang terpasang", "Every installed theme"),
}

# Key binding descriptions by binding id: an i18n key, or a local pair (shorter ones for keys
# shown in the footer).
BINDING_TEXT: dict[str, str | tuple[str, str]] = {
    "app.quit": "key.quit",
    "app.help": "key.help",
    "app.dark": "key.theme",
    "app.palette": "key.commands",
    "app.next_pane": "key.switch_pane",
    "app.previous_pane": ("Panel sebelumnya", "Previous pane"),
    "reader.next_unread": ("Berikutnya", "Next unread"),
    "reader.prev_unread": "key.previous_unread",
    "reader.page": ("Gulir", "Page"),
    "reader.browser": ("Peramban", "Browser"),
    "reader.copy": "key.copy_link",
    "reader.toggle_read": "key.toggle_read",
    "reader.star": "key.star",
    "reader.refresh": ("Perbarui", "Refresh"),
    "reader.refresh_all": "key.refresh_all",
    "reader.search": "key.search",
    "reader.clear": "key.back",
    "reader.ticker": "key.trending",
    "reader.ticker_toggle": ("Tampilkan/sembunyikan trending", "Show/hide trending"),
    "reader.full": "key.full_text",
    "reader.photo": ("Buka foto", "Open photo"),
    "reader.mark_all": "key.mark_all_read",
    "headlines.down": "key.down",
    "headlines.up": "key.up",
    "headlines.top": "key.top",
    "headlines.bottom": "key.bottom",
    "headlines.page_down": ("Halaman bawah", "Page down"),
    "headlines.page_up": ("Halaman atas", "Page up"),
    "headlines.open": "key.open",
    "article.down": "key.down",
    "article.up": "key.up",
    "article.top": "key.top",
    "article.bottom": "key.bottom",
    "article.back": "key.back",
    "sections.down": "key.down",
    "sections.up": "key.up",
    "sections.open": ("Buka rubrik", "Open section"),
    "sections.info": ("Info sumber", "Feed info"),
    "ticker.previous": ("Sebelumnya", "Previous"),
    "ticker.next": ("Berikutnya", "Next"),
    "ticker.open": "key.open",
    "ticker.leave": "key.back",
    "help.close": "key.back",
    "story.close": "key.back",
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def binding_text(binding_id: str, language: str, default: str) -> str:
    entry = BINDING_TEXT.get(binding_id)
    if entry is None:
        return default
    return i18n.t(language, entry) if isinstance(entry, str) else _pick(entry, language)


def tr(key: str, language: str = "id", /, **values: object) -> str:
    """The reader's string `key` in `language` ("id" or "en"), `{name}` values filled in."""
    values = {k: literal_line(v) if isinstance(v, str) else v for k, v in values.items()}
    if key in _FROM_I18N:
        i18n_key, names = _FROM_I18N[key]
        return i18n.t(language, i18n_key, **{names.get(k, k): v for k, v in values.items()})
    template = _pick(_LOCAL[key], language)
    return template.format(**values) if values else template


class Locale:
    """How the reader reads: language, time zone, and dates, times and counts as it writes them."""

    def __init__(self, language: str, tz: tzinfo, now: Callable[[], datetime]) -> None:
        self.language = "en" if language == "en" else "id"
        self.tz = tz
        self.now = now

    def t(self, key: str, /, **values: object) -> str:
        return tr(key, self.language, **values)

    def count(self, number: int) -> str:
        return i18n.format_count(number, self.language)

    def datetime(self, dt: datetime) -> str:
        """`2 Mei 2025 16:57 WIB` in the reader's zone."""
        return i18n.format_datetime(dt, self.language, self.tz)

    def time_short(self, dt: datetime) -> str:
        """`16:57` today, `kemarin`, `2 Mei` this year, `2 Mei 2024` before."""
        return i18n.format_time_short(dt, self.now(), self.language, self.tz)

    def read_count(self, count: int) -> str:
        return i18n.read_count_label(count, self.language)

    def views(self, count: int) -> str:
        return i18n.views_label(count, self.language)

    def comments(self, count: int) -> str:
        return i18n.comments_label(count, self.language)

    def sources(self, count: int) -> str:
        key = "trending.sources_one" if count == 1 else "trending.sources"
        return i18n.t(self.language, key, count=self.count(count))

    def articles(self, count: int) -> str:
        key = "trending.articles_one" if count == 1 else "trending.articles"
        return i18n.t(self.language, key, count=self.count(count))

    def refresh_done(self, new: int, failed: int) -> str:
        if new == 0:
            done = i18n.t(self.language, "notify.refresh_none")
        else:
            key = "notify.refresh_done_one" if new == 1 else "notify.refresh_done"
            done = i18n.t(self.language, key, count=self.count(new))
        if not failed:
            return done
        key = "notify.refresh_failed_one" if failed == 1 else "notify.refresh_failed"
        return f"{done} · {i18n.t(self.language, key, count=self.count(failed))}"
