"""User text → aware datetimes, days and durations. ``zone`` and defaults are parameters."""

from __future__ import annotations

import datetime as dt
import re

from itinerary.core import dayforms, koreantime
from itinerary.errors import InvalidData, UsageError
from itinerary.i18n import _
from itinerary.i18n.dates import month_text
from itinerary.model import localize, zone
from itinerary.model.times import wall_text

_PROBES = (dt.datetime(2001, 1, 1, 1), dt.datetime(2002, 2, 2, 2))
"""Two defaults that differ in date and hour: what the text leaves out shows as a difference."""
_DURATION = re.compile(r"^\s*(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:utes?|s)?)?)?\s*$", re.I)
_CLOCK = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<m>\d{2})\s*$")


def _parse(text: str, default: dt.datetime) -> dt.datetime:
    from dateutil import parser  # only when a time is given: it costs more to import than to run

    plain = dayforms.plain(text, default.year)
    try:
        found = parser.parse(plain, default=default, dayfirst=False)
    except (ValueError, OverflowError, TypeError) as err:
        if "day is out of range for month" in str(err):
            raise UsageError(_no_such_day(text, default.year)) from None
        raise UsageError(_("cannot read {text!r} as a date and time (try '2026-05-22 14:00' or '22 May 14:00')", text=text)) from None
    dayforms.same_weekday(text, found.date())
    return found


def _no_such_day(text: str, year: int) -> str:
    """'31 Feb': 'February 2026 has 28 days' (the year the text gives, or the default one)."""
    import calendar

    given = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", text)
    year = int(given.group()) if given else year
    for month in range(1, 13):
        names = {calendar.month_name[month].casefold(), calendar.month_abbr[month].casefold()}
        words = {w.strip(".,").casefold() for w in re.split(r"[\s/-]+", text)}
        if names & words:
            days = calendar.monthrange(year, month)[1]
            return _("{text!r}: {month} has {days} days", text=text, month=month_text(month, year), days=days)
    return _("{text!r} is not a day of the calendar", text=text)


def parse_day(text: str, *, year: int) -> dt.date:
    """A day such as '2026-05-22', '22 May' or 'May 22' (``year`` when none is given); or as
    Korean writes it, '5월 22일', '22일(금)' (:mod:`.koreantime`)."""
    if koreantime.is_korean(text):
        return koreantime.parse_day(text, year=year)
    if re.search(r"\d{1,2}:\d{2}", text):
        raise UsageError(_("{text!r} is a time, not a day", text=text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            import calendar

            y, m, _d = (int(x) for x in text.strip().split("-"))
            if 1 <= m <= 12:
                raise UsageError(_("{text!r}: {month} has {days} days", text=text, month=month_text(m, y), days=calendar.monthrange(y, m)[1])) from None
            raise UsageError(_("{text!r} is not a day of the calendar (there are 12 months)", text=text)) from None
    first = _parse(text, _PROBES[0].replace(year=year))
    second = _parse(text, _PROBES[1].replace(year=year))
    if (first.month, first.day) != (second.month, second.day):
        raise UsageError(_("{text!r} does not name a day (try '2026-05-22' or '22 May')", text=text))
    return first.date()


def parse_when(text: str, zone_name: str, *, day: dt.date | None = None, year: int | None = None) -> dt.datetime:
    """The moment ``text`` names, as an aware datetime in ``zone_name``.

    A text without a date ('14:00') takes ``day``; without a year it takes ``year``. A text
    with an explicit offset ('14:00+02:00') is converted to ``zone_name``. A wall time the zone
    skips is refused, and so is one it repeats (when the clocks go back) unless an offset says
    which of the two it is: the refusal gives both.
    """
    if not text or not text.strip():
        raise UsageError(_("empty date and time"))
    base_year = year or (day.year if day else dt.date.today().year)
    if koreantime.is_korean(text):  # '5월 22일 14:00', '22일(금) 오후 2시': read there, placed in the zone here
        text = koreantime.parse_when(text, day=day, year=base_year).isoformat(sep=" ")
    first = _parse(text, _PROBES[0].replace(year=base_year))
    second = _parse(text, _PROBES[1].replace(year=base_year))
    if first.date() != second.date():
        if day is None:
            raise UsageError(_("{text!r} has no day and the visit has several: give one ('22 May {time}') or --day", text=text, time=text.strip()))
        first = first.replace(year=day.year, month=day.month, day=day.day)
    if first.hour != second.hour:
        raise UsageError(_("{text!r} has no time of day (try '{text} 14:00')", text=text))
    tz = zone(zone_name)
    if first.tzinfo is not None:
        return first.astimezone(tz)
    try:
        moment = localize(first, zone_name)
    except InvalidData as err:
        raise UsageError(err.reason) from None
    second_time = moment.replace(fold=1)
    if second_time.utcoffset() != moment.utcoffset():
        earlier = _("'{time}' (the first, {abbreviation})", time=f"{first:%Y-%m-%d %H:%M}{_offset(moment)}", abbreviation=moment.tzname())
        later = _("'{time}' (the second, {abbreviation})", time=f"{first:%Y-%m-%d %H:%M}{_offset(second_time)}", abbreviation=second_time.tzname())
        raise UsageError(_("{text!r} is {time} in {zone}, a time that happens twice there (the clocks go back): say which, {first} or {second}",
                           text=text, time=wall_text(first), zone=zone_name, first=earlier, second=later))
    return moment


def _offset(moment: dt.datetime) -> str:
    """'+02:00': the UTC offset of ``moment`` as a time with an offset is written."""
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parse_duration(text: str) -> dt.timedelta:
    """A length such as '45m', '1h', '1h30m', '1:30' or '90' (minutes); or '1시간 30분'."""
    text = text.strip()
    if koreantime.is_korean(text):
        minutes = koreantime.parse_minutes(text)
    elif text.isdigit():
        minutes = int(text)
    elif m := _CLOCK.match(text):
        minutes = int(m["h"]) * 60 + int(m["m"])
    elif (m := _DURATION.match(text)) and (m["h"] or m["m"]):
        minutes = int(m["h"] or 0) * 60 + int(m["m"] or 0)
    else:
        raise UsageError(_("cannot read {text!r} as a duration (try '45m', '1h30m' or '90')", text=text))
    if not 0 < minutes <= 31 * 24 * 60:
        raise UsageError(_("duration {text!r} must be more than 0 and at most 31 days", text=text))
    return dt.timedelta(minutes=minutes)
