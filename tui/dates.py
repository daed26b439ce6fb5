"""Dates as feeds write them, in English, Indonesian and a few other languages, to aware UTC.

feedparser reads RFC 822 and ISO 8601 well but treats unknown zone names such as WIB as UTC,
accepts offsets like +9999 and years like 9999, and gives up on `Jumat, 02 Mei 2025 16:57 WIB`
or `03 Apr 02 1500 GMT`. This parser is the one `parse` trusts; it answers None rather than a
wrong date.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
MIN_YEAR = 1980  # earlier dates in feeds are placeholders (epoch 0, year 1, …)
MAX_YEAR = 2100
_MAX_INPUT = 120
_MAX_OFFSET_MINUTES = 14 * 60

# Zone names feeds actually use; anything else unknown is ignored (treated as no zone).
_ZONES: dict[str, int] = {
    "z": 0,
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "wib": 7 * 60,
    "wita": 8 * 60,
    "wit": 9 * 60,
    "est": -5 * 60,
    "edt": -4 * 60,
    "cst": -6 * 60,
    "cdt": -5 * 60,
    "mst": -7 * 60,
    "mdt": -6 * 60,
    "pst": -8 * 60,
    "pdt": -7 * 60,
    "bst": 60,
    "cet": 60,
    "cest": 2 * 60,
    "eet": 2 * 60,
    "eest": 3 * 60,
    "sgt": 8 * 60,
    "myt": 8 * 60,
    "jst": 9 * 60,
    "ist": 5 * 60 + 30,
    "aest": 10 * 60,
}


def _months() -> dict[str, int]:
    names = {
        1: "jan january januari janeiro enero janvier januar janv ιαν ιανουαριος ιανουαριου",
        2: "feb february februari fevereiro fev febrero febr fevrier februar φεβ φεβρουαριος",
        3: "mar march maret marco marzo mars marz mrz mrt μαρ μαρτιος μαρτιου",
        4: "apr april abril abr avril avr απρ απριλιος απριλιου",
        5: "may mei maio mai mayo μαι μαιος μαιου",
        6: "jun june juni junho junio juin ιουν ιουνιος ιουνιου",
        7: "jul july juli julho julio juillet juil ιουλ ιουλιος ιουλιου",
        8: "aug august agustus agu agt ags agosto ago aout αυγ αυγουστος αυγουστου",
        9: "sep sept september setembro set septiembre setiembre septembre σεπ σεπτεμβριος",
        10: "oct october oktober okt outubro out octubre octobre οκτ οκτωβριος οκτωβριου",
        11: "nov november nopember nop novembro noviembre novembre νοε νοεμβριος νοεμβριου",
        12: "dec december desember des dezembro dez diciembre dic decembre dezember δεκ",
    }
    return {word: month for month, words in names.items() for word in words.split()}


_MONTHS = _months()

_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?",
    re.IGNORECASE,
)
_TOKEN = re.compile(
    r"(?P<ymd>\d{4})([./-])(?P<ymd_m>\d{1,2})\2(?P<ymd_d>\d{1,2})(?!\d)"
    r"|(?P<dmy>\d{1,2})([./-])(?P<dmy_m>\d{1,2})\6(?P<dmy_y>\d{4}|\d{2})(?!\d)"
    r"|(?P<time>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2})(?:[.,]\d+)?)?(?!\d)"
    r"|(?P<offset>[+-]\d{2}:?\d{2})(?!\d)"
    r"|(?P<number>\d+)"
    r"|(?P<word>[^\W\d_]+)"
)
_SHORT_OFFSET = re.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?$")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _offset_minutes(text: str) -> int | None:
    """Minutes east of UTC for '+0700', '+07:00', '-03', or None when malformed or absurd."""
    match = _SHORT_OFFSET.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes >= 60:
        return None
    total = hours * 60 + minutes
    if total > _MAX_OFFSET_MINUTES:
        return None
    return -total if match.group(1) == "-" else total


def _build(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    offset: int | None,
    default_tz: timezone,
) -> datetime | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    second = min(second, 59)  # a leap second is not worth a None
    tz = default_tz if offset is None else timezone(timedelta(minutes=offset))
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    return moment.astimezone(UTC)


def _full_year(year: int, digits: int) -> int:
    if digits > 2:
        return year
    return 2000 + year if year < 50 else 1900 + year


def _parse_iso(match: re.Match[str], default_tz: timezone) -> datetime | None:
    """An ISO 8601 / W3CDTF date."""
    year, month, day, hour, minute, second, zone = match.groups()
    offset: int | None = None
    if zone:
        if zone[0] in "+-":
            offset = _offset_minutes(zone)
            if offset is None:
                return None
        elif zone.casefold() in _ZONES:
            offset = _ZONES[zone.casefold()]
        else:
            return None
    return _build(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        offset,
        default_tz,
    )


def _parse_words(text: str, default_tz: timezone) -> datetime | None:
    """RFC 822 and its many local variants: pick out day, month, year, time and zone."""
    year = month = day = None
    year_digits = 4
    clock: tuple[int, int, int] | None = None
    offset: int | None = None
    exact_month: int | None = None
    prefix_month: int | None = None
    numbers: list[str] = []
    pm: bool | None = None
    previous_zone = False  # a sign after GMT/UTC ("GMT+7") is the zone's offset
    for match in _TOKEN.finditer(text):
        start = match.start()
        sign = text[start - 1] if start > 0 and text[start - 1] in "+-" else ""
        if match.group("ymd"):
            year, month = int(match.group("ymd")), int(match.group("ymd_m"))
            day = int(match.group("ymd_d"))
        elif match.group("dmy"):
            # Day first, as Indonesia and most of the world write it.
            day, month = int(match.group("dmy")), int(match.group("dmy_m"))
            year, year_digits = int(match.group("dmy_y")), len(match.group("dmy_y"))
        elif match.group("time"):
            second = int(match.group("second") or 0)
            clock = (int(match.group("time")), int(match.group("minute")), second)
        elif match.group("offset"):
            offset = _offset_minutes(match.group("offset"))
            if offset is None:
                return None
        elif match.group("number"):
            digits = match.group("number")
            # "GMT+7", or "16:57 -03": a short signed number after a zone or a time.
            if sign and (previous_zone or (clock is not None and len(digits) <= 2)):
                offset = _offset_minutes(sign + digits)
                if offset is None:
                    return None
            else:
                numbers.append(digits)
        else:
            word = _fold(match.group("word"))
            previous_zone = word in ("gmt", "utc", "ut")
            if word in _ZONES:
                offset = _ZONES[word] if offset is None else offset
            elif word in ("am", "pm"):
                pm = word == "pm"
            elif word in _MONTHS:
                exact_month = exact_month or _MONTHS[word]
            elif len(word) > 3 and word[:3] in _MONTHS:
                prefix_month = _MONTHS[word[:3]]  # the last one wins: a day name comes first
            continue
        previous_zone = False
    if month is None:
        month = exact_month or prefix_month
        if month is None:
            return None
    for digits in numbers:
        value = int(digits)
        if day is None and len(digits) <= 2 and 1 <= value <= 31:
            day = value
        elif year is None and (len(digits) == 4 or (len(digits) <= 2 and day is not None)):
            year, year_digits = value, len(digits)
        elif clock is None and len(digits) == 4:
            clock = (value // 100, value % 100, 0)  # '1500' as in '03 Apr 02 1500 GMT'
        elif clock is None and len(digits) == 6:
            clock = (value // 10000, value // 100 % 100, value % 100)
        else:
            return None  # a number we cannot place: better no date than a wrong one
    if year is None or day is None:
        return None
    hour, minute, second = clock or (0, 0, 0)
    if pm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    return _build(
        _full_year(year, year_digits), month, day, hour, minute, second, offset, default_tz
    )


def parse_date(text: str | None, *, default_tz: timezone = WIB) -> datetime | None:
    """`text` as an aware UTC datetime, or None when it is not a plausible date.

    A date without a zone is taken to be in `default_tz`. Unknown leading words (day names
    in any language) are ignored; absurd values (year 0 or 9999, offsets like +99:99,
    31 February) give None.
    """
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > _MAX_INPUT:
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        return _parse_iso(iso, default_tz)
    return _parse_words(text, default_tz)
