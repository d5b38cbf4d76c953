"""Dates, times and durations as Korean officers write them. Pure.

:mod:`.timeparse` hands over any text that holds Hangul:

- a day: "5월 22일", "2026년 5월 22일(금)", "5월 22일 금요일", "2026. 5. 22.(금)", "5. 22.(금)", or
  the day of the month alone ("22일(금)": the month of ``--day`` when given, else the one month
  of the year whose 22nd is that weekday);
- a time: "14:00", "14시", "14시 30분", "오후 2시", "오후 2시 30분", "오후 2시 반", "오전 9:30",
  "아침 8시", "저녁 7시", "정오";
- a duration: "1시간 30분", "1시간 반", "90분", "2시간".

It refuses what English input refuses, and what only Korean can leave open: a weekday that is
not the date's, an hour from 1 to 11 written with 시 and no 오전 or 오후 ("2시": two at night or
in the afternoon?), a day of the month whose month nothing tells, and hours or minutes out of
range. A time on the 24-hour clock with a colon ("9:30") is read as English input reads it.
"""

from __future__ import annotations

import datetime as dt
import re

from itinerary.errors import UsageError
from itinerary.i18n import _
from itinerary.i18n.dates import day_text, korean, month_text, weekday_text

HANGUL = re.compile("[\u3131-\u318e\uac00-\ud7a3]")
"""A Hangul letter: a text holding one is read here."""
WEEKDAYS = "월화수목금토일"
"""The weekdays' Korean names, Monday first (as :meth:`datetime.date.weekday` counts)."""

_DATE = (
    r"(?:(?P<y>\d{4})\s*년\s*)?(?:(?P<m>\d{1,2})\s*월\s*)?(?P<d>\d{1,2})\s*일"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?:(?P<dy>\d{4})\s*\.\s*)?(?P<dm>\d{1,2})\s*\.\s*(?P<dd>\d{1,2})\s*\."
)
_WEEKDAY = rf"\s*(?:\(\s*(?P<w1>[{WEEKDAYS}])(?:요일)?\s*\)|(?P<w2>[{WEEKDAYS}])요일)"
_TIME = (
    r"(?P<noon>정오)"
    r"|(?:(?P<period>오전|오후|새벽|아침|낮|저녁|밤)\s*)?"
    r"(?:(?P<h>\d{1,2})\s*시(?:\s*(?P<half>반)|\s*(?P<mi>\d{1,2})\s*분)?|(?P<ch>\d{1,2}):(?P<cm>\d{2}))"
)
_WHEN = rf"^\s*(?:(?:{_DATE})(?:{_WEEKDAY})?)?\s*(?:{_TIME})?\s*$"
_DURATION = r"^\s*(?:(?P<h>\d{1,4})\s*시간)?\s*(?:(?P<m>\d{1,6})\s*분|(?P<half>반))?\s*(?:간|동안)?\s*$"
"""The grammars of a moment and of a length (compiled at their first use: English input never pays for them)."""
_MORNING, _EVENING = ("오전", "새벽", "아침"), ("오후", "낮", "저녁", "밤")


def is_korean(text: str) -> bool:
    """True when ``text`` holds Hangul (and is read here)."""
    return HANGUL.search(text) is not None


def _match(text: str) -> re.Match[str]:
    found = re.match(_WHEN, text)
    if found is None or not any(found.group(k) for k in ("d", "id", "dd", "noon", "h", "ch")):
        raise UsageError(_("cannot read {text!r} as a date and time (try '5월 22일 14:00', '22일(금) 오후 2시' or '오후 2시 30분')", text=text))
    return found


def _day(found: re.Match[str], text: str, *, year: int, near: dt.date | None) -> dt.date | None:
    """The day the match names, checked against its weekday; None when it names none."""
    g = found.group
    if g("d"):
        y, m, d = g("y"), g("m"), g("d")
    elif g("id"):
        y, m, d = g("iy"), g("im"), g("id")
    elif g("dd"):
        y, m, d = g("dy"), g("dm"), g("dd")
    else:
        return None
    weekday = g("w1") or g("w2")
    if m is None and y is not None:
        raise UsageError(_("{text!r} names a year and a day but no month: write '{year}년 5월 {day}일'", text=text, year=y, day=d))
    if m is None:
        day = _month_of(int(d), weekday, text, year=year, near=near)
    else:
        day = _calendar_day(int(y) if y else year, int(m), int(d), text)
    if weekday and WEEKDAYS[day.weekday()] != weekday:
        raise UsageError(_("{text!r}: {date} is a {weekday}, not a {written}", text=text, date=day_text(day),
                           weekday=weekday_text(day.weekday()), written=weekday_text(WEEKDAYS.index(weekday))))
    return day


def _calendar_day(year: int, month: int, day: int, text: str) -> dt.date:
    import calendar

    if not 1 <= month <= 12:
        raise UsageError(_("{text!r} is not a day of the calendar (there are 12 months)", text=text))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise UsageError(_("{text!r}: {month} has {days} days", text=text, month=month_text(month, year),
                           days=calendar.monthrange(year, month)[1])) from None


def _month_of(day: int, weekday: str | None, text: str, *, year: int, near: dt.date | None) -> dt.date:
    """The day of the month ``day`` alone: in the month of ``near`` when given; else, with a
    weekday, in the one month of ``year`` where that day is that weekday."""
    if near is not None:
        return _calendar_day(near.year, near.month, day, text)
    if weekday:
        months = []
        for month in range(1, 13):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if WEEKDAYS[candidate.weekday()] == weekday:
                months.append(candidate)
        if len(months) == 1:
            return months[0]
        if months:
            choices = ", ".join(f"'{korean(m)}'" for m in months)
            raise UsageError(_("{text!r} could be any of {choices}: write the month", text=text, choices=choices))
        raise UsageError(_("{text!r}: no month of {year} has a {weekday} on day {day}", text=text, year=year, day=day,
                           weekday=weekday_text(WEEKDAYS.index(weekday))))
    raise UsageError(_("{text!r} has no month: write it ('5월 {day}일'), or give --day", text=text, day=day))


def _clock(found: re.Match[str], text: str) -> dt.time | None:
    """The time of day the match names; None when it names none."""
    g = found.group
    if g("noon"):
        return dt.time(12, 0)
    if g("ch"):
        hour, minute, colon = int(g("ch")), int(g("cm")), True
    elif g("h"):
        hour, minute, colon = int(g("h")), 30 if g("half") else int(g("mi") or 0), False
    else:
        return None
    period = g("period")
    if period:
        if not 1 <= hour <= 12:
            raise UsageError(_("{text!r}: with {period} the hour is from 1 to 12 (오후 2시, or 14시 without it)", text=text, period=period))
        if period in _MORNING:
            hour %= 12
        elif period in ("저녁", "밤") and hour == 12:
            raise UsageError(_("{text!r}: write midnight as '0시' of the day it begins", text=text))
        else:
            hour = hour % 12 + 12
    elif not colon and 1 <= hour <= 11:
        raise UsageError(_("{text!r}: in the morning (오전) or the afternoon (오후)? Write '오후 {hour}시' or '{later}시' (or '오전 {hour}시')",
                           text=text, hour=hour, later=hour + 12))
    if not 0 <= hour <= 23:
        raise UsageError(_("{text!r}: the hour is from 0 to 23", text=text))
    if not 0 <= minute <= 59:
        raise UsageError(_("{text!r}: the minutes are from 0 to 59", text=text))
    return dt.time(hour, minute)


def parse_day(text: str, *, year: int, near: dt.date | None = None) -> dt.date:
    """The day a Korean text names ('5월 22일', '2026년 5월 22일(금)', '22일(금)')."""
    found = _match(text)
    if _clock(found, text) is not None:
        raise UsageError(_("{text!r} is a time, not a day", text=text))
    day = _day(found, text, year=year, near=near)
    if day is None:
        raise UsageError(_("{text!r} does not name a day (try '5월 22일')", text=text))
    return day


def parse_when(text: str, *, day: dt.date | None, year: int) -> dt.datetime:
    """The local wall time a Korean text names ('5월 22일 14:00', '22일(금) 오후 2시'; '오후 2시
    30분' on ``day``), naive: the caller gives it its zone."""
    found = _match(text)
    clock = _clock(found, text)
    if clock is None:
        raise UsageError(_("{text!r} has no time of day (try '{text} 14:00')", text=text.strip()))
    date = _day(found, text, year=year, near=day)
    if date is None:
        if day is None:
            raise UsageError(_("{text!r} has no day and the visit has several: give one ('5월 22일 {text}') or --day", text=text.strip()))
        date = day
    return dt.datetime.combine(date, clock)


def parse_minutes(text: str) -> int:
    """The minutes a Korean length names ('1시간 30분', '1시간 반', '90분')."""
    found = re.match(_DURATION, text)
    if found is None or not (found["h"] or found["m"] or found["half"]):
        raise UsageError(_("cannot read {text!r} as a duration (try '45분', '1시간 30분' or '90분')", text=text))
    return int(found["h"] or 0) * 60 + (30 if found["half"] else int(found["m"] or 0))
