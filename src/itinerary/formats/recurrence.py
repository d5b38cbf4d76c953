"""How much a recurring event would cost to expand, judged before expanding it. Imports icalendar
types only to read them; pure.

A rule such as ``FREQ=SECONDLY`` from 1900 gives billions of occurrences before a visit in 2026;
expanding it would hold the folder's lock for minutes and gigabytes. Each series is estimated
from its rule alone (frequency, interval, BY-parts, COUNT, UNTIL and its start), an upper bound
computed in microseconds; a series over :data:`MAX_OCCURRENCES` is not expanded, and the reader
says so.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from itinerary.i18n import N_, _

MAX_OCCURRENCES = 200_000
"""Most occurrences a series may have from its start to the end of the window read."""
HOW = {"secondly": N_("secondly"), "minutely": N_("minutely"), "hourly": N_("hourly"), "daily": N_("daily"), "weekly": N_("weekly"),
       "monthly": N_("monthly"), "yearly": N_("yearly"), "often": N_("often")}
"""How often a series repeats, by its FREQ, as a refusal to expand it says it."""
PERIOD_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86_400, "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400, "YEARLY": 365 * 86_400,
}
"""The shortest length of each frequency's period (a month of 28 days, a year of 365)."""
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS")
_DAYS_IN = {"MONTHLY": 5, "YEARLY": 53}
"""How often a weekday without an ordinal can occur in one period of that frequency."""


def as_list(value: Any) -> list[Any]:
    """A property's values as a list: icalendar gives one value alone, several as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _instant(value: Any) -> dt.datetime | None:
    """A DTSTART or UNTIL as an aware instant (floating and all-day ones taken as UTC)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), dt.UTC)
    return None


def estimate(rule: Any, start: dt.datetime, until: dt.datetime) -> float:
    """An upper bound of the occurrences of one RRULE from ``start`` to ``until``."""
    freq = str(as_list(rule.get("FREQ"))[0]).upper() if rule.get("FREQ") else ""
    if freq not in PERIOD_SECONDS:
        return 1.0
    try:
        interval = max(1, int(as_list(rule.get("INTERVAL"))[0])) if rule.get("INTERVAL") else 1
    except (ValueError, TypeError):
        interval = 1
    for end in as_list(rule.get("UNTIL")):
        moment = _instant(end)
        if moment is not None:
            until = min(until, moment)
    span = (until - start).total_seconds()
    if span < 0:
        return 0.0
    periods = math.floor(span / (PERIOD_SECONDS[freq] * interval)) + 1
    multiplicity = 1
    for part in _BY_PARTS:
        multiplicity *= max(1, len(as_list(rule.get(part))))
    days = len(as_list(rule.get("BYDAY")))
    if days:
        multiplicity *= days * _DAYS_IN.get(freq, 1)
    found = float(periods) * multiplicity
    counts = as_list(rule.get("COUNT"))
    if counts:
        try:
            found = min(found, float(int(counts[0])))
        except (ValueError, TypeError):
            pass
    return found


def too_costly(component: Any, window_end: dt.datetime) -> str | None:
    """Why the series ``component`` (a VEVENT with RRULE or RDATE) is not expanded, or None."""
    start_prop = component.get("DTSTART")
    start = _instant(getattr(start_prop, "dt", None))
    if start is None:
        return None
    total = 0.0
    for rule in as_list(component.get("RRULE")):
        total += estimate(rule, start, window_end)
    for rdate in as_list(component.get("RDATE")):
        total += len(getattr(rdate, "dts", []) or [1])
    if total <= MAX_OCCURRENCES:
        return None
    rule = as_list(component.get("RRULE"))
    freq = str(as_list(rule[0].get("FREQ"))[0]).lower() if rule and rule[0].get("FREQ") else "often"
    how = _(HOW[freq]) if freq in HOW else freq
    return _("it repeats {how} from {start}: about {total} occurrences before the end of the visit, over the limit of {limit}; not expanded",
             how=how, start=f"{start:%Y-%m-%d}", total=f"{total:,.0f}", limit=f"{MAX_OCCURRENCES:,}")


def in_window(component: Any, start: dt.datetime, end: dt.datetime) -> float:
    """An upper bound of the occurrences of the series ``component`` from ``start`` to ``end``:
    whether expanding it over that stretch could give more events than a limit allows."""
    first = _instant(getattr(component.get("DTSTART"), "dt", None))
    if first is None:
        return 0.0
    total = sum(estimate(rule, max(first, start), end) for rule in as_list(component.get("RRULE")))
    return total + sum(len(getattr(rdate, "dts", []) or [1]) for rdate in as_list(component.get("RDATE")))
