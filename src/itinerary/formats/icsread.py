"""Reading iCalendar files (Outlook, Google, Apple, our own exports) into plain values. No I/O.

With :mod:`.ics` and :mod:`.vtimezone` (writing), the only modules that import icalendar. Windows zone names
become IANA zones, X-WR-TIMEZONE is honoured, floating times are placed in the calendar's zone,
recurring events are expanded over a window. Whatever a parser raises on a broken or hostile
file becomes a :class:`CalendarError` naming the line or the event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar

from itinerary.core.calview import Incoming
from itinerary.formats.recurrence import too_costly
from itinerary.model import shift, utc


class CalendarError(ValueError):
    """A calendar file that cannot be read; ``line`` is the content line at fault, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def located(self) -> str:
        """The message, with the line at fault in front when it is known."""
        return f"line {self.line}: {self}" if self.line else str(self)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a calendar file, and a notice when it was not plain UTF-8."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CalendarError("not UTF-8 text", line) from None


def _structure(data: bytes) -> None:
    """Line-level checks icalendar does not report with a line number."""
    text, _ = decode(data)
    logical: list[tuple[int, str]] = []  # unfolded content lines with the number of their first line
    for number, raw in enumerate(text.splitlines(), 1):
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    stack: list[tuple[str, int]] = []
    seen_content = False
    for number, raw in logical:
        seen_content = True
        if ":" not in raw:
            raise CalendarError(f"not a content line (no ':'): {raw[:60]!r}", number)
        name, _, value = raw.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "BEGIN":
            stack.append((value.strip().upper(), number))
        elif name == "END":
            if not stack or stack[-1][0] != value.strip().upper():
                expected = f"END:{stack[-1][0]}" if stack else "nothing"
                raise CalendarError(f"END:{value.strip()} does not close BEGIN (expected {expected})", number)
            stack.pop()
    if not seen_content:
        raise CalendarError("the file is empty", 1)
    if stack:
        what, number = stack[-1]
        raise CalendarError(f"BEGIN:{what} is never closed (the file is truncated?)", number)


@dataclass
class Reading:
    """What a calendar file holds, and what the officer should know about how it was read."""

    items: list[Incoming] = field(default_factory=list)
    """Its events (each occurrence of a series inside the window)."""
    notes: list[str] = field(default_factory=list)
    """What was not taken as it is, and why (a series too costly to expand…)."""

    def __iter__(self) -> Iterator[Incoming]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def read_calendar(data: bytes, *, default_zone: str, window: tuple[dt.datetime, dt.datetime]) -> Reading:
    """Every event of the calendar file ``data``.

    Windows zone names (Outlook) become IANA zones, X-WR-TIMEZONE (Google) is honoured,
    floating times are placed in that zone or ``default_zone``, and recurring events are
    expanded over ``window`` (a series too costly to expand is left out and named in the
    notes). Raises :class:`CalendarError` for a file that cannot be read.
    """
    _structure(data)
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as err:
        raise CalendarError(f"not a valid iCalendar file: {err}") from None
    if not calendars:
        raise CalendarError("no VCALENDAR in the file", 1)
    reading = Reading()
    for cal in calendars:
        try:
            reading.items.extend(_read_one(cal, default_zone, window, reading.notes))
        except CalendarError:
            raise
        except Exception as err:  # a third-party parser meeting hostile input may raise anything
            raise CalendarError(f"cannot be read: {type(err).__name__}: {str(err)[:200]}") from None
    return reading


def _read_one(cal: icalendar.Calendar, default_zone: str, window: tuple[dt.datetime, dt.datetime], notes: list[str]) -> Iterable[Incoming]:
    import recurring_ical_events  # type: ignore[import-untyped]
    import x_wr_timezone  # type: ignore[import-untyped]

    zone_name = str(cal.get("X-WR-TIMEZONE", "") or "").strip()
    if zone_name:
        try:
            ZoneInfo(zone_name)
        except (ValueError, KeyError, OSError):
            zone_name = ""
        else:
            cal = x_wr_timezone.to_standard(cal)
    zone_name = zone_name or default_zone
    events = cal.walk("VEVENT")
    recurring = {str(c.get("UID", "")) for c in events if c.get("RRULE") or c.get("RDATE")}
    costly = {}
    for c in events:
        uid = str(c.get("UID", ""))
        if uid in recurring and (c.get("RRULE") or c.get("RDATE")) and uid not in costly:
            reason = too_costly(c, window[1])
            if reason is not None:
                costly[uid] = reason
                notes.append(f"event {uid!r} ({str(c.get('SUMMARY', ''))[:40]!r}) skipped: {reason}")
    events = [c for c in events if str(c.get("UID", "")) not in costly]
    recurring -= set(costly)
    plain = [c for c in events if str(c.get("UID", "")) not in recurring]
    expanded = []
    if recurring:
        # only the series (with their overrides and the time zones) go through the expansion:
        # handing it the whole calendar would rebuild every single event as an occurrence
        series = icalendar.Calendar()
        for component in cal.subcomponents:
            if component.name == "VTIMEZONE" or (component.name == "VEVENT" and str(component.get("UID", "")) in recurring
                                                  and str(component.get("UID", "")) not in costly):
                series.add_component(component)
        try:
            expanded = list(recurring_ical_events.of(series).between(window[0], window[1]))
        except Exception as err:  # the library raises many kinds for broken rules
            raise CalendarError(f"a recurring event cannot be expanded: {err}") from None
    for component in [*plain, *(c for c in expanded if str(c.get("UID", "")) in recurring)]:
        try:
            yield _incoming(component, zone_name, recurring=str(component.get("UID", "")) in recurring)
        except CalendarError:
            raise
        except Exception as err:  # noqa: BLE001 - name the event, whatever the parser raised
            what = str(component.get("UID", "") or component.get("SUMMARY", "") or "?")[:60]
            raise CalendarError(f"event {what!r} cannot be read: {str(err)[:200]}") from None


def uid_of(data: bytes) -> str | None:
    """The UID of the first event of a calendar body, read without expanding anything."""
    try:
        text, _ = decode(data)
    except CalendarError:
        return None
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "")
    inside = False
    for line in unfolded.splitlines():
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "BEGIN" and line.partition(":")[2].strip().upper() == "VEVENT":
            inside = True
        elif inside and name == "UID":
            return line.partition(":")[2].strip() or None
    return None


def iana_zone(tzid: str) -> str | None:
    """The IANA name for a TZID: itself, or the zone a Windows name (Outlook) stands for."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    tzid = tzid.strip().strip('"')
    candidate = WINDOWS_TO_OLSON.get(tzid, tzid)
    try:
        ZoneInfo(candidate)
    except (ValueError, KeyError, OSError):
        return None
    return candidate


def _moment(component: icalendar.Event, name: str, zone_name: str) -> tuple[dt.datetime | dt.date | None, bool]:
    """The property's value; a floating time is placed in ``zone_name`` (second value True), a
    time with a TZID that names an IANA or Windows zone is expressed in that IANA zone."""
    prop = component.get(name)
    if prop is None:
        return None, False
    value = prop.dt
    if not isinstance(value, dt.datetime):
        return value, False
    if value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(zone_name)), True
    iana = iana_zone(str(prop.params.get("TZID", "") or ""))
    if iana and getattr(value.tzinfo, "key", None) != iana:
        value = value.astimezone(ZoneInfo(iana))
    return value, False


def _incoming(component: icalendar.Event, zone_name: str, *, recurring: bool) -> Incoming:
    uid_value = str(component.get("UID", "") or "").strip()
    if not uid_value:
        raise CalendarError(f"an event has no UID ({str(component.get('SUMMARY', ''))[:40]!r})")
    start, floating = _moment(component, "DTSTART", zone_name)
    if start is None:
        raise CalendarError(f"event {uid_value!r} has no DTSTART")
    end, _ = _moment(component, "DTEND", zone_name)
    if end is None:
        duration = component.get("DURATION")
        if isinstance(start, dt.datetime):
            end = shift(start, duration.dt if duration is not None else dt.timedelta(0))
        else:
            end = start + (duration.dt if duration is not None else dt.timedelta(days=1))
    all_day = not isinstance(start, dt.datetime)
    if all_day:
        tz = ZoneInfo(zone_name)
        start = dt.datetime.combine(start, dt.time(), tz)
        end = dt.datetime.combine(end if not isinstance(end, dt.datetime) else end.date(), dt.time(), tz)
    assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    tz_key = getattr(start.tzinfo, "key", None)
    if tz_key is None:  # UTC or a fixed offset: keep the instant, show it in the calendar's zone
        start, end, tz_key = start.astimezone(ZoneInfo(zone_name)), end.astimezone(ZoneInfo(zone_name)), zone_name
    else:
        end = end.astimezone(start.tzinfo)
    if recurring:
        uid_value = f"{uid_value}/{utc(start):%Y%m%dT%H%M%SZ}"
    summary = str(component.get("SUMMARY", "") or "")
    attendees = tuple(
        str(getattr(a, "params", {}).get("CN", "") or a).strip()
        for a in _as_list(component.get("ATTENDEE"))
    )
    record = None
    carried = component.get("X-ITINERARY-RECORD")
    if carried is not None and not isinstance(carried, list):
        try:
            record = json.loads(_text(carried))
        except ValueError:
            record = None
        if not isinstance(record, dict):
            record = None
    sequence = component.get("SEQUENCE", 0)
    travel = getattr(component.get("X-APPLE-TRAVEL-DURATION"), "dt", None)
    travel_minutes = int(travel.total_seconds() // 60) if isinstance(travel, dt.timedelta) else None
    return Incoming(
        uid=uid_value,
        sequence=int(sequence) if str(sequence).strip().lstrip("-").isdigit() else 0,
        summary=summary,
        start=start,
        end=end,
        zone=tz_key,
        all_day=all_day,
        floating=floating,
        status=str(component.get("STATUS", "") or "").upper(),
        location=str(component.get("LOCATION", "") or ""),
        description=str(component.get("DESCRIPTION", "") or ""),
        attendees=attendees,
        transparent=str(component.get("TRANSP", "")).upper() == "TRANSPARENT",
        travel_minutes=travel_minutes,
        private=str(component.get("CLASS", "PUBLIC")).upper() not in ("PUBLIC", ""),
        klass=str(component.get("CLASS", "") or "").upper(),
        record=record,
    )


def _text(value: object) -> str:
    """A TEXT value as plain text (an X- property read without VALUE=TEXT is still escaped)."""
    if isinstance(value, icalendar.vText):
        return str(value)
    return str(icalendar.vText.from_ical(str(value)))


def _as_list(value: object) -> Sequence[object]:
    if value is None:
        return ()
    return value if isinstance(value, list) else [value]
