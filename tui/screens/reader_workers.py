"""The reader's slow work, in thread workers: refreshing, ranking trending stories, full text.

Workers post messages back (`post_message` is thread-safe); every worker error is reported by
the one `on_worker_state_changed` handler here, a database error through the screen's
`trouble` like any other (tui/screens/store_errors.py).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.messages import (
    FullTextFetched,
    PhotoLoaded,
    RefreshFinished,
    RefreshProgressed,
    TrendingReady,
)
from tui.model import Article
from tui.sanitize import clean_line
from tui.screens import reader_data
from tui.screens.store_errors import StoreTrouble, guarded
from tui.store.errors import StoreError
from tui.widgets import lead_photo

TICKER_LIMIT = 20
RELOAD_EVERY = 1.0  # seconds: while a refresh runs, new rows appear at most this often
SAVING_GROUPS = ("refresh", "full-text")  # workers that write (the others only read)


class ReaderWorkers:
    """Refresh, trending and full-text workers of ReaderScreen.

    A mixin: `self` is the ReaderScreen, whose widgets, store and helpers these methods use.
    Handlers follow the `on_<message>` naming (a mixin's `@on` decorators are not collected).
    """

    _reload_timer: Timer | None = None
    online: bool
    stories: list[Any]
    trouble: StoreTrouble

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker errors are reported (every worker of the reader runs here)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            if isinstance(error, StoreError):
                self.trouble.report(error, saving=event.worker.group in SAVING_GROUPS)
                return
            text = clean_line(f"{type(error).__name__}: {error}", 300)
            self.say(self.locale.t("worker_failed", error=text), severity="error")

    @work(thread=True, exclusive=True, exit_on_error=False, group="trending")
    def compute_trending(self) -> None:
        items, stories = reader_data.ticker_items(
            self.store,
            self.engine,
            self.context.clock(),
            self.locale,
            TICKER_LIMIT,
        )
        self.post_message(TrendingReady(items, stories))

    def on_trending_ready(self, event: TrendingReady) -> None:
        self.stories = list(event.stories)
        self.ticker.set_items(event.items)

    # -- refresh and full text --------------------------------------------------------------

    def _feed_ids(self) -> list[int] | None:
        view = self.base_filter
        if view.feed_id is not None:
            return [view.feed_id]
        if view.source is not None:
            return [f.id for f in self.store.feeds() if f.source == view.source]
        return None

    @guarded
    def _start_auto_refresh(self) -> None:
        minutes = self.context.refresh_minutes
        if self.context.refresh is None or minutes <= 0:
            return
        self.set_interval(minutes * 60, self.action_refresh_all)
        last = self.store.last_refresh()
        now = self.context.clock()
        if last is None or (now - last).total_seconds() >= minutes * 60:
            self.action_refresh_all()

    @guarded
    def action_refresh(self) -> None:
        self.start_refresh(self._feed_ids())

    @guarded
    def action_refresh_all(self) -> None:
        self.start_refresh(None)

    def start_refresh(self, feed_ids: list[int] | None) -> None:
        if self.context.refresh is None:
            self.online = False
            self.update_header()
            self.say(self.locale.t("refresh_unavailable"), severity="warning")
            return
        if any(w.group == "refresh" and w.is_running for w in self.workers):
            self.say(self.locale.t("refresh_running"))
            return
        self.header.progress = self.locale.t("refreshing_start")
        self.run_refresh(feed_ids)

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh")
    def run_refresh(self, feed_ids: list[int] | None) -> None:
        refresh = self.context.refresh
        assert refresh is not None
        try:
            report = refresh(
                feed_ids, lambda progress: self.post_message(RefreshProgressed(progress))
            )
        except BaseException:
            self.post_message(RefreshFinished(None))  # clears the progress; the app reports why
            raise
        self.post_message(RefreshFinished(report))

    def on_refresh_progressed(self, event: RefreshProgressed) -> None:
        progress = event.progress
        self.header.progress = self.locale.t("refreshing", done=progress.done, total=progress.total)
        outcome = progress.outcome
        if outcome is not None and (outcome.new or outcome.updated):
            self._schedule_reload()

    def _schedule_reload(self) -> None:
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(RELOAD_EVERY, self._reload_after_progress)

    @guarded
    def _reload_after_progress(self) -> None:
        self._reload_timer = None
        self.show_headlines(keep=True)
        self.load_sections()

    @guarded
    def on_refresh_finished(self, event: RefreshFinished) -> None:
        report = event.report
        self.header.progress = ""
        if report is None:
            return
        self.online = not report.offline
        text = self.locale.refresh_done(report.new, report.failed)
        self.say(text, severity="warning" if report.failed else "information")
        self.compute_trending()
        self.show_headlines(keep=True)  # read back: a failure leaves the list as it was
        self.load_sections()

    def action_full_text(self) -> None:
        article = self.shown_article
        if article is None:
            return
        if self.context.fetch_full is None:
            self.say(self.locale.t("full_unavailable"), severity="warning")
            return
        self.say(self.locale.t("full_fetching"))
        self.fetch_full_text(article.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="full-text")
    def fetch_full_text(self, article_id: int) -> None:
        fetch_full = self.context.fetch_full
        assert fetch_full is not None
        problem = fetch_full(article_id)
        self.post_message(
            FullTextFetched(article_id, problem if isinstance(problem, str) else None)
        )

    @guarded
    def on_full_text_fetched(self, event: FullTextFetched) -> None:
        if event.error:
            self.say(self.locale.t("worker_failed", error=event.error), severity="warning")
        else:
            self.say(self.locale.t("full_done"))
        if self._shown_id == event.article_id:  # read back: a failure leaves the article shown
            article = self.store.article(event.article_id)
            if article is not None:
                self._show_article(article, keep_scroll=True)

    # -- the lead photo ---------------------------------------------------------------------

    def show_lead_photo(self, article: Article) -> None:
        """Fetch and draw the article's photo, only where the terminal can show images."""
        image = article.image
        if image is None or lead_photo.image_protocol() is None or not self.context.fetch_image:
            return  # never fetched needlessly: the caption placeholder stays
        if self.article_view.photo_url != image.url:
            self.load_lead_photo(article)

    @work(thread=True, exclusive=True, exit_on_error=False, group="photo")
    def load_lead_photo(self, article: Article) -> None:
        fetch_image = self.context.fetch_image
        assert article.image is not None and fetch_image is not None
        found = fetch_image(article)
        photo = found if isinstance(found, str) else lead_photo.load_photo(found)
        problem = photo if isinstance(photo, str) else None
        loaded = None if isinstance(photo, str) else photo
        self.post_message(PhotoLoaded(article.id, article.image.url, loaded, problem))

    def on_photo_loaded(self, event: PhotoLoaded) -> None:
        if event.photo is not None:
            self.article_view.show_photo(event.article_id, event.url, event.photo)
        else:  # the caption and its "open the photo" key stay; no need to alarm the reader
            self.log.warning(f"photo of article {event.article_id}: {event.problem}")
