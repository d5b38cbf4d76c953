"""Korean dates and times, written the way a Korean ministry writes them: "2026년 5월 22일(금)
14:00" — year, month and day with their counters, the weekday in brackets right after the day,
and the time on the 24-hour clock. One function writes them all (:func:`korean`); the weekday's
name comes from Babel (CLDR), read only when a Korean date is written.
"""

from __future__ import annotations

import datetime as dt


def weekday(day: dt.date) -> str:
    """The weekday's short Korean name: '금' for a Friday."""
    from babel.dates import format_date

    return str(format_date(day, "E", locale="ko"))


def korean(value: dt.date | dt.datetime, *, year: bool = True, month: bool = True, day_of_week: bool = True, time: bool = True) -> str:
    """``value`` in Korean: '2026년 5월 22일(금) 14:00' for a datetime (in its own zone: convert it
    first), '2026년 5월 22일(금)' for a date. ``year``, ``day_of_week`` and ``time`` leave out the
    year ('5월 22일(금) 14:00'), the weekday ('2026년 5월 22일 14:00') or the time; ``month``
    the month and the year ('22일(금)', the end of a span within one month)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    parts = [f"{day.year}년"] if year and month else []
    parts += [f"{day.month}월"] if month else []
    text = " ".join([*parts, f"{day.day}일"])
    if day_of_week:
        text += f"({weekday(day)})"
    if time and isinstance(value, dt.datetime):
        text += f" {value:%H:%M}"
    return text


def korean_days(first: dt.date, last: dt.date) -> str:
    """Consecutive days: '2026년 5월 21일(목)~22일(금)', '2026년 5월 31일(일)~6월 1일(월)'; one day
    alone: '2026년 5월 21일(목)'."""
    if first == last:
        return korean(first)
    end = korean(last, year=first.year != last.year, month=(first.year, first.month) != (last.year, last.month))
    return f"{korean(first)}~{end}"


def day_text(day: dt.date) -> str:
    """A day inside a message, as the interface's language writes it: '22 May 2026' (English),
    '2026년 5월 22일(금)' (Korean)."""
    from itinerary.i18n.catalog import language

    return korean(day) if language() == "ko" else f"{day.day} {day:%B %Y}"


def weekday_text(index: int) -> str:
    """A weekday's name inside a message (Monday is 0): 'Friday' / '금요일'."""
    import calendar

    from itinerary.i18n.catalog import language

    return f"{'월화수목금토일'[index]}요일" if language() == "ko" else calendar.day_name[index]


def month_text(month: int, year: int) -> str:
    """A month of a year inside a message: 'February 2026' / '2026년 2월'."""
    import calendar

    from itinerary.i18n.catalog import language

    return f"{year}년 {month}월" if language() == "ko" else f"{calendar.month_name[month]} {year}"
