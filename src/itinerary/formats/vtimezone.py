"""VTIMEZONE components that Outlook, Google, Apple and khal read alike. Imports icalendar.

Derived from the IANA database (zoneinfo) and checked against every transition of the period.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from itinerary.model import UTC


def _transitions(tz: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, dt.datetime]]:
    """The moments (UTC) the zone's offset or DST flag changes between ``start`` and ``end``,
    each with the local time just before and just after it."""

    def state(moment: dt.datetime) -> tuple[dt.timedelta | None, dt.timedelta | None]:
        local = moment.astimezone(tz)
        return local.utcoffset(), local.dst()

    found = []
    day = dt.timedelta(days=1)
    moment = start
    while moment < end:
        if state(moment) != state(moment + day):
            lo, hi = moment, moment + day  # binary search to the minute
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    mid = lo + dt.timedelta(minutes=1)
                if state(mid) == state(lo):
                    lo = mid
                else:
                    hi = mid
            found.append((hi, (hi - dt.timedelta(minutes=1)).astimezone(tz), hi.astimezone(tz)))
        moment += day
    return found


def _offset(moment: dt.datetime) -> dt.timedelta:
    return moment.utcoffset() or dt.timedelta(0)


def _byday(day: dt.date) -> str:
    """The day as an RRULE BYDAY: '-1SU' for the last Sunday of its month, '2SU' for the second."""
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
    next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if (next_month - day).days <= 7:
        return f"-1{weekday}"
    return f"{(day.day - 1) // 7 + 1}{weekday}"


def _observance(kind: str, start: dt.datetime, before: dt.datetime, after: dt.datetime, rule: dict[str, object] | None) -> icalendar.cal.Component:
    block = icalendar.TimezoneStandard() if kind == "STANDARD" else icalendar.TimezoneDaylight()
    block.add("dtstart", start)
    if rule:
        block.add("rrule", rule)
    block.add("tzoffsetfrom", before.utcoffset())
    block.add("tzoffsetto", after.utcoffset())
    block.add("tzname", after.tzname())
    return block


def vtimezone(zone_name: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """A VTIMEZONE for ``zone_name`` that Outlook reads correctly between ``first`` and ``last``.

    A zone without daylight saving in the period gets one STANDARD block. A zone with it gets
    one STANDARD and one DAYLIGHT block, each with a yearly RRULE derived from the IANA
    transitions, checked against every transition of the period (Outlook ignores RDATE and
    keeps one yearly rule). Where no single yearly rule fits, each transition gets its own block.
    """
    tz = ZoneInfo(zone_name)
    start = dt.datetime(first.year - 1, 1, 1, tzinfo=UTC)
    end = dt.datetime(last.year + 1, 12, 31, tzinfo=UTC)
    component = icalendar.Timezone()
    component.add("tzid", zone_name)
    changes = _transitions(tz, start, end)
    initial = start.astimezone(tz)
    if not changes:
        component.add_component(_observance("STANDARD", dt.datetime(1970, 1, 1), initial, initial, None))
        return component
    groups: dict[str, list[tuple[dt.datetime, dt.datetime, dt.datetime]]] = {}
    for moment, before, after in changes:
        groups.setdefault("DAYLIGHT" if after.dst() else "STANDARD", []).append((moment, before, after))
    rules: dict[str, dict[str, object]] = {}
    for kind, members in groups.items():
        keys = {
            (before.month, _byday(before.date()), before.time(), before.utcoffset(), after.utcoffset(), after.tzname())
            for _, before, after in members
        }
        if len(keys) != 1 or len(members) < 2:
            rules = {}
            break
        _, before, _ = members[0]
        rules[kind] = {"freq": "yearly", "bymonth": before.month, "byday": _byday(before.date())}
    if len(rules) == len(groups) == 2:
        for kind, members in sorted(groups.items()):
            _, before, after = members[0]
            local = (members[0][0] + _offset(before)).replace(tzinfo=None)  # wall time in TZOFFSETFROM
            component.add_component(_observance(kind, local, before, after, rules[kind]))
        return component
    # no single yearly rule: the state at the start, then one block per transition
    state = "DAYLIGHT" if initial.dst() else "STANDARD"
    component.add_component(_observance(state, initial.replace(tzinfo=None), initial, initial, None))
    for moment, before, after in changes:
        local = (moment + _offset(before)).replace(tzinfo=None)
        component.add_component(_observance("DAYLIGHT" if after.dst() else "STANDARD", local, before, after, None))
    return component
