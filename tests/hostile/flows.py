"""What the isolated children run: a refresh, summarised into plain picklable data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.config import Config


def refresh(config: Config, db: Path, **options: Any) -> dict[str, Any]:
    """`refresh_blocking` with thread parsing (so the child's peak RSS is the whole refresh)."""
    from tui.refresh import refresh_blocking

    options = {"fetch_pages": False, "parse_mode": "thread", **options}
    report = refresh_blocking(config, db, **options)
    return {
        "outcomes": {
            report.feeds[feed_id].section: outcome for feed_id, outcome in report.outcomes.items()
        },
        "new": report.new,
        "failed": report.failed,
        "skipped": report.skipped,
        "offline": report.offline,
    }
