"""A small, deterministic news cache for the reader's tests: a real Store in a temp dir.

Four sources, several sections, a story three newsrooms cover (so it trends), an article with a
photo, credits, a view count and a rich HTML body, and one feed whose last refresh failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.stored import save_entries as save_entries_as_fetched
from tui.config import Config, GeneralConfig
from tui.model import Credits, Entry, FeedSpec, FetchOutcome, Image
from tui.store import Store

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 5, 2, 10, 0, tzinfo=UTC)  # 17:00 WIB


def clock() -> datetime:
    return NOW.astimezone(JAKARTA)


def reader_config(**general: object) -> Config:
    values: dict[str, object] = {"refresh_minutes": 0, "language": "id", "ticker": True}
    values.update(general)
    return Config(general=GeneralConfig(**values))  # type: ignore[arg-type]


RICH_BODY = """
<p>Pemerintah Provinsi DKI Jakarta menetapkan status <b>siaga</b> setelah banjir rob merendam
permukiman di pesisir utara sejak Jumat pagi. Air laut pasang setinggi 40 sentimeter masuk ke
rumah warga di Muara Angke dan Kamal Muara.</p>
<h2>Warga mengungsi</h2>
<p>Sebanyak 312 warga mengungsi ke <a href="https://kota.example/posko">posko darurat</a>
yang didirikan di halaman kantor kelurahan. <i>"Airnya naik cepat sekali,"</i> kata Sumarni,
warga RT 05.</p>
<ul><li>Posko kesehatan dibuka 24 jam</li><li>Dapur umum menyiapkan 1.200 porsi</li></ul>
<blockquote>Kami minta warga tetap waspada hingga Minggu.</blockquote>
<p>BMKG memperkirakan pasang maksimum terjadi pada Sabtu malam.
<a href="https://bmkg.example/peringatan">Peringatan dini</a> masih berlaku.</p>
<script>alert("x")</script>
"""


@dataclass
class FeedData:
    source: str
    section: str
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None


def entry(
    guid: str,
    title: str,
    minutes_ago: float,
    *,
    body: str = "",
    summary: str = "",
    author: str | None = None,
    image: Image | None = None,
    credits: Credits | None = None,
    comments: int | None = None,
    link: str | None = None,
) -> Entry:
    return Entry(
        guid=guid,
        title=title,
        link=link if link is not None else f"https://berita.example/{guid}",
        published=NOW - timedelta(minutes=minutes_ago),
        author=author,
        summary=summary or title + ".",
        content_html=body or f"<p>{title}. Laporan lengkap menyusul.</p>",
        image=image,
        comments=comments,
        credits=credits or Credits(),
    )


def sample_feeds() -> list[FeedData]:
    flood = "Banjir rob rendam pesisir utara Jakarta, ratusan warga mengungsi"
    return [
        FeedData(
            "Kompas",
            "Megapolitan",
            [
                entry(
                    "kompas-1",
                    flood,
                    12,
                    body=RICH_BODY,
                    author="Asmadi",
                    image=Image(
                        "https://img.example/rob.jpg",
                        caption="Warga melintasi genangan rob di Muara Angke.",
                        credit="Asmadi",
                    ),
                    credits=Credits(reporter="Asmadi", editor="Budi Santoso", publisher="Kompas"),
                    comments=48,
                ),
                entry("kompas-2", "Tarif MRT Jakarta tidak naik hingga akhir tahun", 95),
                entry("kompas-3", "Pemprov DKI tambah 200 bus listrik Transjakarta", 240),
            ],
        ),
        FeedData(
            "Kompas",
            "Ekonomi",
            [
                entry("kompas-4", "Rupiah menguat ke Rp16.400 per dolar AS", 30),
                entry("kompas-5", "Harga beras medium turun di pasar induk Cipinang", 180),
            ],
        ),
        FeedData(
            "Tempo",
            "Nasional",
            [
                entry("tempo-1", "Banjir rob rendam pesisir Jakarta Utara, warga mengungsi", 20),
                entry("tempo-2", "DPR sahkan revisi undang-undang penyiaran", 70),
                entry("tempo-3", "KPK periksa mantan kepala dinas pendidikan", 300),
            ],
        ),
        FeedData(
            "Tempo",
            "Teknologi",
            [entry("tempo-4", "Startup logistik Indonesia raih pendanaan seri B", 150)],
        ),
        FeedData(
            "Antara",
            "Pemerintahan",
            [
                entry("antara-1", "Banjir rob pesisir utara Jakarta, BPBD dirikan posko", 25),
                entry("antara-2", "Presiden resmikan bendungan baru di Nusa Tenggara Timur", 60),
                entry("antara-3", "Menteri keuangan paparkan kerangka ekonomi makro 2026", 200),
            ],
        ),
        FeedData(
            "Detik",
            "Olahraga",
            [
                entry("detik-1", "Timnas U-23 lolos ke semifinal Piala Asia", 45),
                entry("detik-2", "Jadwal Liga 1 pekan ke-32 digeser karena cuaca", 400),
            ],
            error="HTTP 503 Service Unavailable",
        ),
    ]


def build_store(
    path: Path,
    feeds: Sequence[FeedData] | None = None,
    *,
    now: datetime = NOW,
    after: Callable[[Store], None] | None = None,
) -> Store:
    """A Store at `path` holding `feeds` (sample_feeds() by default), as a refresh would."""
    feeds = list(sample_feeds() if feeds is None else feeds)
    store = Store.open(path)
    specs = [
        FeedSpec(source=f.source, section=f.section, url=f"https://{f.source.lower()}.example/{i}")
        for i, f in enumerate(feeds)
    ]
    store.sync_feeds(specs)
    by_url = {feed.url: feed.id for feed in store.feeds()}
    for spec, data in zip(specs, feeds, strict=True):
        save_entries(store, by_url[spec.url], data, now=now)
    if after is not None:
        after(store)
    return store


def save_entries(store: Store, feed_id: int, data: FeedData, *, now: datetime = NOW) -> None:
    """Save `data.entries` as one successful fetch (then its error as a later failed one)."""
    save_entries_as_fetched(store, feed_id, data.entries, now=now, title=data.source)
    if data.error:
        store.save_fetch(
            feed_id,
            None,
            FetchOutcome(at=now, status=503, error=data.error),
            etag=None,
            last_modified=None,
            body_hash=None,
            failures=1,
            retry_at=None,
            now=now,
        )


def many_feeds(count: int, *, sources: int = 8, sections: int = 5) -> list[FeedData]:
    """`count` articles spread over sources × sections, one a minute (for benchmarks)."""
    feeds = [
        FeedData(f"Sumber {s + 1}", f"Rubrik {r + 1}")
        for s in range(sources)
        for r in range(sections)
    ]
    for number in range(count):
        feeds[number % len(feeds)].entries.append(
            entry(f"a-{number}", f"Berita nomor {number} tentang anggaran daerah", number)
        )
    return feeds
