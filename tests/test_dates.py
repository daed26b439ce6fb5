from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui.dates import WIB, parse_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


READABLE = [
    # Indonesian portals: day and month names, WIB/WITA/WIT, missing seconds, dotted times.
    ("Jumat, 02 Mei 2025 16:57 WIB", utc(2025, 5, 2, 9, 57)),
    ("Senin, 24 Agu 2018 08:00:00 +0700", utc(2018, 8, 24, 1, 0)),
    ("Sen, 24 Agt 2018 08:00", utc(2018, 8, 24, 1, 0)),  # no zone: WIB by default
    ("Rabu, 1 Okt 2025 | 10:30 WIB", utc(2025, 10, 1, 3, 30)),
    ("Kamis, 02/10/2025 16.57 WITA", utc(2025, 10, 2, 8, 57)),
    ("2 Nop 2025 07:00 WIT", utc(2025, 11, 1, 22, 0)),
    ("Minggu, 7 Desember 2025 06:05 WIB", utc(2025, 12, 6, 23, 5)),
    ("Sabtu, 15 Des 2024 23:59:59 WIB", utc(2024, 12, 15, 16, 59, 59)),
    ("1 Januari 2025", utc(2024, 12, 31, 17, 0)),
    ("GMT+7 2 Mei 2025 10:00", utc(2025, 5, 2, 3, 0)),
    # RFC 822 as feeds write it, with its quirks.
    ("Tue, 23 Aug 2016 19:17:53 +0700", utc(2016, 8, 23, 12, 17, 53)),
    ("Fri, 28 Apr 2017 08:33:21 +0800", utc(2017, 4, 28, 0, 33, 21)),
    ("Sun, 17 Oct 2021 13:11:33 GMT", utc(2021, 10, 17, 13, 11, 33)),
    ("Wed, 01 Feb 2023 05:00:00 -0000", utc(2023, 2, 1, 5, 0)),
    ("Sat, 21 Mar 2020 06:29:51 -0400", utc(2020, 3, 21, 10, 29, 51)),
    ("Fri, 02 May 2025 16:57 EST", utc(2025, 5, 2, 21, 57)),
    ("03 Apr 02 1500 GMT", utc(2002, 4, 3, 15, 0)),  # 2-digit year, HHMM time
    ("Fri May  2 16:57:00 2025 UTC", utc(2025, 5, 2, 16, 57)),  # asctime
    ("May 2, 2025 4:57 PM GMT", utc(2025, 5, 2, 16, 57)),
    # Other languages: an unknown day name is ignored, months are known.
    ("Seg, 24 Set 2018 19:42:40 -0300", utc(2018, 9, 24, 22, 42, 40)),  # Portuguese
    ("Τρι, 29 Ιούν 2004 12:53:00 GMT", utc(2004, 6, 29, 12, 53)),  # Greek
    ("Martes, 02 Mayo 2025 10:00 UTC", utc(2025, 5, 2, 10, 0)),  # Spanish
    # ISO 8601 / W3CDTF.
    ("2025-05-02T16:57:00+07:00", utc(2025, 5, 2, 9, 57)),
    ("2025-05-02T16:57:00.123Z", utc(2025, 5, 2, 16, 57)),
    ("2017-06-15T10:29:47-07:00", utc(2017, 6, 15, 17, 29, 47)),
    ("2025-05-02 16:57", utc(2025, 5, 2, 9, 57)),
    ("2025-05-02 16:57 WIB", utc(2025, 5, 2, 9, 57)),
    ("20250502T165700Z", utc(2025, 5, 2, 16, 57)),
    ("  2025-05-02T16:57:00Z \n", utc(2025, 5, 2, 16, 57)),
]

UNREADABLE = [
    None,
    "",
    "   ",
    "yesterday",
    "5 menit yang lalu",
    "Mei 2025",  # no day
    "Fri, 02 May 9999 16:57 GMT",  # absurd year
    "0000-00-00T00:00:00Z",  # year 0
    "Thu, 01 Jan 1970 00:00:00 +0000",  # the epoch: a placeholder, not a date
    "Fri, 02 May 2025 16:57 +9999",  # absurd offset
    "Fri, 02 May 2025 16:57 +99:99",
    "2025-05-02T16:57:00+25:00",
    "Mon, 31 Feb 2025 10:00:00 GMT",  # no such day
    "Fri, 02 May 2025 25:61 GMT",  # no such time
    "2025-13-02T10:00:00Z",  # no such month
    "Fri, 02 May 2025 16:57 " + "9" * 500,  # long garbage
]


@pytest.mark.parametrize(("text", "expected"), READABLE)
def test_readable_dates_become_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_or_absurd_dates_are_none(text: str | None) -> None:
    assert parse_date(text) is None


def test_a_date_without_zone_uses_the_default_zone() -> None:
    assert parse_date("2 Mei 2025 10:00") == utc(2025, 5, 2, 3, 0)
    assert parse_date("2 Mei 2025 10:00", default_tz=UTC) == utc(2025, 5, 2, 10, 0)
    tokyo = timezone(timedelta(hours=9))
    assert parse_date("2025-05-02 10:00", default_tz=tokyo) == utc(2025, 5, 2, 1, 0)


def test_an_explicit_zone_beats_the_default() -> None:
    assert parse_date("2 Mei 2025 10:00 WITA", default_tz=UTC) == utc(2025, 5, 2, 2, 0)
    assert WIB.utcoffset(None) == timedelta(hours=7)
