"""The ways an officer writes a day, read without guessing. Pure, no I/O.

Dates typed on the command line are read by dateutil, which takes ``05/06/2026`` as 6 May and
``22/05/2026`` as 22 May: two conventions silently mixed. Before dateutil sees a text,
:func:`plain` rewrites each numeric date in it as ISO 8601, or refuses it:

* year first (``2026-05-22``, ``2026/5/22``, ``2026.05.22``): the one order in use, ISO and Korean;
* day and month before a four-digit year, or alone with a slash (``22/05/2026``, ``22/5``): the
  one reading that is a day of the calendar; when both orders make a day and they differ
  (``05/06/2026``: 5 June day first, 6 May month first), refused with both readings;
* a two-digit year (``26/05/22``: 2026, 2022 or 2026 again, by convention): refused.

A weekday written beside a date (``Fri 22 May``) must be that date's weekday. Text in Korean
(``5월 22일 (금)``) never comes here: :mod:`.koreantime` reads it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from itinerary.errors import UsageError
from itinerary.i18n import _
from itinerary.i18n.dates import day_text, weekday_text

_NUMERIC = re.compile(r"(?<![\w:.+/-])(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?(?![\w:/])")
"""A date of numbers: a, b and perhaps c, one separator between them."""
_WEEKDAY = re.compile(
    r"\b(?P<w>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?", re.I)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None




def _numeric(match: re.Match[str], year: int) -> str:
    """The ISO form of one numeric date, or UsageError when it cannot be read without a guess."""
    a, b, c, sep = match["a"], match["b"], match["c"], match["sep"]
    written = match.group()
    if len(a) == 4:  # year first: ISO, and the Korean 2026.05.22
        if c is None:
            return written  # '2026-05': no day; dateutil says so
        found = _day(int(a), int(b), int(c))
        if found is None:
            raise UsageError(_("{text!r} is not a day of the calendar", text=written))
        return found.isoformat()
    if c is None and sep != "/":
        return written  # '14.30', '5-6': not a date of ours; dateutil decides
    if c is not None and len(c) != 4:
        raise UsageError(_("{text!r}: a two-digit year is read as day, month or year by different conventions; "
                           "write the year in full, or the month by name ('22 May 2026')", text=written))
    on = int(c) if c is not None else year
    day_first, month_first = _day(on, int(b), int(a)), _day(on, int(a), int(b))
    readings = {r for r in (day_first, month_first) if r is not None}
    if not readings:
        raise UsageError(_("{text!r} is not a day of the calendar", text=written))
    if len(readings) == 2:
        assert day_first is not None and month_first is not None
        tail = f" {on}" if c is not None else ""
        raise UsageError(_(
            "{text!r} is {day_first} read day first and {month_first} read month first: write the month by name ('{by_name}' or "
            "'{other_by_name}') or the date as ISO ('{iso}')", text=written, day_first=day_text(day_first), month_first=day_text(month_first),
            by_name=f"{day_first.day} {calendar.month_abbr[day_first.month]}{tail}",  # an input to type: English month names
            other_by_name=f"{month_first.day} {calendar.month_abbr[month_first.month]}{tail}", iso=day_first.isoformat(),
        ))
    (only,) = readings
    return only.isoformat()


def plain(text: str, year: int) -> str:
    """``text`` with its numeric dates written as ISO 8601 (``year`` where a date has none);
    UsageError for a numeric date that would be a guess (see the module)."""
    return _NUMERIC.sub(lambda m: _numeric(m, year), text)


def same_weekday(text: str, day: dt.date) -> None:
    """UsageError when ``text`` names a weekday that ``day`` is not ('Thu 22 May 2026')."""
    named: list[int] = []
    for match in _WEEKDAY.finditer(text):
        word = match["w"].casefold()
        named.append(next(i for i, name in enumerate(calendar.day_name) if name.casefold().startswith(word[:3])))
    for weekday in named:
        if weekday != day.weekday():
            raise UsageError(_("{text!r}: {date} is a {weekday}, not a {written}", text=text, date=day_text(day),
                               weekday=weekday_text(day.weekday()), written=weekday_text(weekday)))
