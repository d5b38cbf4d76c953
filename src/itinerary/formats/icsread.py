"""Reading iCalendar files (Outlook, Exchange, Google, Apple, Windows, our own exports) into plain
values: right times or a clear refusal, never a silent guess. No I/O.

With :mod:`.ics` and :mod:`.vtimezone` (writing), the only modules that import icalendar.
Encodings are :mod:`.icstext`'s job and time zones :mod:`.icszones`'. RFC 5545 §3.6.1 defaults
apply: a date-time DTSTART alone is a moment (a zero-length event), a date alone lasts one day,
and a DTEND equal to a date DTSTART is one day. Recurring events are expanded over the window
(a series too costly to expand is judged from its rule and left out, see :mod:`.recurrence`);
each occurrence is identified by its UID and RECURRENCE-ID, so a moved occurrence updates the one
it replaces. An event without a UID gets one derived from its content. Whatever a parser raises
on a broken or hostile file becomes a :class:`CalendarError` naming the line or the event.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import icalendar

from itinerary.core.calview import Incoming
from itinerary.formats.icstext import CalendarError, decode, line_quoted, structure, uid_of
from itinerary.formats.icszones import Placed, Zones, definitions, iana_zone
from itinerary.formats.recurrence import as_list, in_window, too_costly
from itinerary.i18n import _, ngettext
from itinerary.model import utc

__all__ = ["CalendarError", "Incoming", "Reading", "TooManyEvents", "iana_zone", "read_calendar", "uid_of"]

DAILY_OR_LONGER = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_get = dict.get  # a property by its upper-case name: components keep names upper-cased, so this is component.get(NAME), cheaper
Window = tuple[dt.datetime, dt.datetime]


@dataclass
class Reading:
    """What a calendar file holds, and what the officer should know about how it was read."""

    items: list[Incoming] = field(default_factory=list)
    """Its events (each occurrence of a series inside the window read)."""
    notes: list[str] = field(default_factory=list)
    """How it was read where that was not plain (encoding, zones, floating times, derived UIDs,
    a series too costly to expand)."""
    others: dict[str, int] = field(default_factory=dict)
    """Components that are not events, by kind: 'tasks' (VTODO), 'journal entries' (VJOURNAL)."""
    series_without_occurrence: int = 0
    """Recurring events with no occurrence in the window read."""
    series: set[str] = field(default_factory=set)
    """The UIDs of the recurring events the file holds (expanded over :attr:`expanded`)."""
    costly: set[str] = field(default_factory=set)
    """The UIDs of the recurring events too costly to expand: left out, each with a note."""
    expanded: Window | None = None
    """The stretch of time the recurring events were expanded over."""

    def __iter__(self) -> Iterator[Incoming]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Progress = Callable[[str, int, int], None]
"""Told how far a long task is: (what, done, total); a total of 0 means not yet known."""


class TooManyEvents(CalendarError):
    """More events meet the window than the limit of one import or pull."""


def read_calendar(
    data: bytes, *, default_zone: str, window: Window, assume_zone: str | None = None, expand: Window | None = None,
    progress: Progress | None = None, limit: int | None = None, brief: bool = False,
) -> Reading:
    """Every event of the calendar file ``data``.

    Floating times are placed in the calendar's X-WR-TIMEZONE or ``default_zone``; a TZID that is
    no known zone and not defined in the file is refused unless ``assume_zone``. Recurring events
    are expanded over ``expand`` (default ``window``); each item says whether it meets ``window``.
    ``progress`` hears how far the reading is. With ``limit``, more events meeting ``window``
    are refused (:class:`TooManyEvents`) as soon as they are counted: a series that could give
    more is expanded one occurrence at a time, and stopped there. ``brief``: a busy time's fields only.
    """
    tell = progress or (lambda what, done, total: None)
    tell(_("Parsing the calendar"), 0, 0)
    text, notice = decode(data)
    structure(text)
    reading = Reading(expanded=expand or window)
    if notice:
        reading.notes.append(notice)
    with warnings.catch_warnings():  # icalendar's guesses become our own notes (see icszones), not noise
        warnings.simplefilter("ignore")
        try:
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
        except (ValueError, KeyError, IndexError, TypeError, RecursionError) as err:
            raise CalendarError(_("not a valid iCalendar file: {error}", error=err), line_quoted(text, str(err))) from None
        if not calendars:
            raise CalendarError(_("no VCALENDAR in the file"), 1)
        for cal in calendars:
            try:
                _read_one(cal, Reader(default_zone, assume_zone, window, expand or window, text, brief), reading, tell, limit)
            except CalendarError:
                raise
            except Exception as err:  # a third-party parser meeting hostile input may raise anything
                raise CalendarError(_("cannot be read: {kind}: {error}", kind=type(err).__name__, error=str(err)[:200])) from None
    return reading


class Reader:
    """The settings of one calendar's reading."""

    def __init__(self, default_zone: str, assume_zone: str | None, window: Window, expand: Window, text: str, brief: bool = False) -> None:
        self.default_zone, self.brief = default_zone, brief
        self.assume_zone = assume_zone
        self.window = window
        self.window_utc = (utc(window[0]), utc(window[1]))  # compared as instants, never by wall time
        self.expand = expand
        self.text = text
        self.zone_notes: dict[str, int] = {}
        self.derived = 0

    def line_of(self, uid: str, name: str = "") -> int | None:
        """The line of a UID in the file — or of the property ``name`` of that event — for a
        refusal that names the line."""
        index = self.text.find(uid) if uid else -1
        if index < 0:
            return None
        if name:
            begin = self.text.rfind("BEGIN:VEVENT", 0, index)
            end = self.text.find("END:VEVENT", index)
            at = self.text.find(f"\n{name}", max(begin, 0), end if end >= 0 else None)
            if at >= 0:
                index = at + 1
        return self.text.count("\n", 0, index) + 1


def _read_one(cal: icalendar.Calendar, reader: Reader, reading: Reading, tell: Progress, limit: int | None) -> None:
    named = str(cal.get("X-WR-TIMEZONE", "") or "").strip()
    zone_name = iana_zone(named) if named else None
    if zone_name:
        import x_wr_timezone  # type: ignore[import-untyped]  # loaded only for a calendar that names its zone so
        cal = x_wr_timezone.to_standard(cal)
    zones = Zones(zone_name or reader.default_zone, reader.assume_zone, definitions(cal))
    for kind, label in (("VTODO", "tasks"), ("VJOURNAL", "journal entries")):
        count = len(cal.walk(kind))
        if count:
            reading.others[label] = reading.others.get(label, 0) + count
    events = cal.walk("VEVENT")
    uids = {id(c): _uid(c, reader) for c in events}
    for n, c in enumerate(events):  # what cannot be read is refused naming the event, before anything is expanded
        _check(c, uids[id(c)], zones, reader)
        if n % 250 == 0:
            tell(_("Checking events"), n, len(events))
    series = {uids[id(c)] for c in events if _get(c, "RRULE") or _get(c, "RDATE")}
    costly = {}
    for c in events:
        uid = uids[id(c)]
        if uid in series and (_get(c, "RRULE") or _get(c, "RDATE")) and uid not in costly:
            reason = too_costly(c, reader.expand[1])
            if reason is not None:
                costly[uid] = reason
                reading.costly.add(uid)
                reading.notes.append(_("{event} skipped: {reason}", event=_what(c, uid), reason=reason))
    frequency = {uids[id(c)]: _frequency(c) for c in events if _get(c, "RRULE")}
    plain = [c for c in events if uids[id(c)] not in series]
    for n, component in enumerate(plain):
        reading.items.append(_named(component, uids[id(component)], zones, reader, None))
        if n % 250 == 0:
            tell(_("Reading events"), n, len(plain))
    live = series - set(costly)
    reading.series |= live
    if live:
        import recurring_ical_events  # type: ignore[import-untyped]  # 13 ms, loaded only for a file with a series
        # only the series (with their overrides and the time zones) go through the expansion
        calendar = icalendar.Calendar()
        for component in cal.subcomponents:
            if component.name == "VTIMEZONE" or (component.name == "VEVENT" and uids[id(component)] in live):
                calendar.add_component(component)
        room = None if limit is None else limit - sum(not i.outside for i in reading.items)
        lazy = room is not None and sum(in_window(c, *reader.window) for c in calendar.walk("VEVENT")) > room
        seen = set()
        try:  # the library raises many kinds for broken rules
            query = recurring_ical_events.of(calendar)
            for component in query.after(reader.expand[0]) if lazy else query.between(reader.expand[0], reader.expand[1]):
                uid = _uid(component, reader)
                item = _named(component, uid, zones, reader, frequency.get(uid, ""))
                if lazy and utc(item.start) >= utc(reader.expand[1]):
                    break  # in order of start: the rest are after the window
                seen.add(uid)
                reading.items.append(item)
                if room is not None and not item.outside and (room := room - 1) < 0:
                    raise TooManyEvents(_("more than {limit} events meet the visit's days ({event} alone may give more); "
                                          "over the limit of {limit} at once (--max-events raises it)", limit=f"{limit:,}", event=_what(component, uid)),
                                        reader.line_of(uid))
        except CalendarError:
            raise
        except Exception as err:  # noqa: BLE001
            raise CalendarError(_("a recurring event cannot be expanded: {error}", error=str(err)[:200])) from None
        reading.series_without_occurrence += len(live - seen)
    for note, count in reader.zone_notes.items():
        reading.notes.append(ngettext("{note} ({n} time)", "{note} ({n} times)", count, note=note, n=count))
    if reader.derived:
        reading.notes.append(ngettext("{n} event without a UID: given one derived from their start, end, title and place, so importing the file "
                                      "again finds them",
                                      "{n} events without a UID: given one derived from their start, end, title and place, so importing the file "
                                      "again finds them", reader.derived, n=reader.derived))
        reader.derived = 0


def _frequency(component: Any) -> str:
    rules = component.get("RRULE")
    rule = rules[0] if isinstance(rules, list) else rules
    values = rule.get("FREQ") if rule is not None else None
    return str(values[0]).upper() if values else ""


def _what(component: Any, uid: str) -> str:
    return _("event {uid!r} ({title!r})", uid=uid, title=str(component.get("SUMMARY", "") or "")[:40])


def _uid(component: Any, reader: Reader) -> str:
    """The event's UID, or one derived from its content (stable across imports of the file)."""
    uid = str(_get(component, "UID", "") or "").strip()
    if uid:
        return uid
    parts = [str(component.get(name, "")) for name in ("DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION")]
    for name in ("DTSTART", "DTEND"):
        prop = component.get(name)
        if prop is not None:
            parts.append(f"{getattr(prop, 'dt', '')}/{prop.params.get('TZID', '')}")
    reader.derived += 1
    return "derived-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24] + "@itinerary"


def _check(component: Any, uid: str, zones: Zones, reader: Reader) -> None:
    """Refuse, naming the event and its line, what of an event cannot be read: a property
    given twice or broken, a rule that cannot be read, a TZID that is neither known nor defined.
    (The line and the event's name are made only for a refusal: a line costs a pass over the file.)"""
    what = functools.partial(_what, component, uid)

    def line(name: str) -> int | None:
        return reader.line_of(uid, name) or reader.line_of(str(component.get("SUMMARY", "") or ""))

    for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "DURATION"):
        prop = _get(component, name)
        if prop is None:
            continue
        if isinstance(prop, list):
            raise CalendarError(_("{event} has {name} {n} times", event=what(), name=name, n=len(prop)), line(name))
        try:
            value = getattr(prop, "dt", None)
        except Exception as err:  # noqa: BLE001 - icalendar reports a broken value this way
            raise CalendarError(_("{event}: {name} cannot be read ({reason})", event=what(), name=name, reason=_reason(err)), line(name)) from None
        if name != "DURATION" and isinstance(value, dt.datetime) and value.tzinfo is None and prop.params.get("TZID"):
            try:
                zones.place(value, str(prop.params["TZID"]), what)
            except CalendarError as err:
                raise CalendarError(str(err), line(name)) from None
    for name, attribute in (("RRULE", "get"), ("RDATE", "dts"), ("EXDATE", "dts")):
        for prop in as_list(_get(component, name)):
            try:
                getattr(prop, attribute)("FREQ") if attribute == "get" else getattr(prop, attribute)
            except Exception as err:  # noqa: BLE001
                raise CalendarError(_("{event}: {name} cannot be read ({reason})", event=what(), name=name, reason=_reason(err)),
                                    reader.line_of(uid, name)) from None


def _reason(err: Exception) -> str:
    text = str(err)
    return (text.split("): ", 1)[1] if "): " in text else text)[:160]


def _named(component: Any, uid: str, zones: Zones, reader: Reader, occurrence_of: str | None) -> Incoming:
    """:func:`_incoming`, with whatever a parser raises turned into a refusal naming the event."""
    try:
        return _incoming(component, uid, zones, reader, occurrence_of=occurrence_of)
    except CalendarError:
        raise
    except Exception as err:  # noqa: BLE001 - hostile input may make a parser raise anything
        raise CalendarError(_("{event} cannot be read: {reason}", event=_what(component, uid), reason=_reason(err)), reader.line_of(uid)) from None


def _placed(component: Any, name: str, zones: Zones, what: Callable[[], str], reader: Reader) -> Placed | dt.date | None:
    prop = _get(component, name)
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, dt.datetime):
        return value if isinstance(value, dt.date) else None
    tzid = prop.params.get("TZID")
    placed = zones.place(value, str(tzid) if tzid else None, what)
    if placed.note:
        reader.zone_notes[placed.note] = reader.zone_notes.get(placed.note, 0) + 1
    return placed


def _incoming(component: Any, uid: str, zones: Zones, reader: Reader, *, occurrence_of: str | None) -> Incoming:
    what = functools.partial(_what, component, uid)  # made only for a refusal
    start = _placed(component, "DTSTART", zones, what, reader)
    if start is None:
        raise CalendarError(_("{event} has no DTSTART", event=what()), reader.line_of(uid))
    end = _placed(component, "DTEND", zones, what, reader)
    duration = getattr(_get(component, "DURATION"), "dt", None)
    if isinstance(start, Placed):
        zone, moment = start.zone, start.moment
        if isinstance(end, Placed):
            finish = end.moment.astimezone(moment.tzinfo)
        elif isinstance(duration, dt.timedelta):
            finish = (utc(moment) + duration).astimezone(moment.tzinfo)
        else:
            finish = moment  # RFC 5545 §3.6.1: a date-time DTSTART alone is a moment
        all_day, floating = False, start.how == "floating"
    else:  # a date: the event's days, in the calendar's zone
        from zoneinfo import ZoneInfo

        zone = zones.default
        tz = ZoneInfo(zone)
        last = end.moment.date() if isinstance(end, Placed) else end
        if isinstance(duration, dt.timedelta) and last is None:
            last = start + dt.timedelta(days=max(1, duration.days))
        if last is None or last <= start:  # a date alone, or DTEND equal to DTSTART: one day
            last = start + dt.timedelta(days=1)
        moment = dt.datetime.combine(start, dt.time(), tz)
        finish = dt.datetime.combine(last, dt.time(), tz)
        all_day, floating = True, False
    begins, ends = utc(moment), utc(finish)
    if ends < begins:
        raise CalendarError(_("{event} ends before it starts", event=what()), reader.line_of(uid))
    series, occurrence, legacy = "", None, ""
    if occurrence_of is not None:
        recurrence = _placed(component, "RECURRENCE-ID", zones, what, reader)
        original = recurrence.moment if isinstance(recurrence, Placed) else moment
        occurrence = original
        series = uid
        if occurrence_of in DAILY_OR_LONGER or isinstance(recurrence, dt.date):
            day = recurrence if isinstance(recurrence, dt.date) and not isinstance(recurrence, dt.datetime) else original.date()
            key = f"{day:%Y%m%d}"
        else:
            key = f"{utc(original):%Y%m%dT%H%M%SZ}"
        legacy = f"{uid}/{begins:%Y%m%dT%H%M%SZ}"
        uid = f"{uid}/{key}"
    first, after = reader.window_utc
    outside = ends <= first or begins >= after
    if ends == begins:
        outside = not first <= begins < after
    summary = str(_get(component, "SUMMARY", "") or "")
    status = str(_get(component, "STATUS", "") or "").upper()
    transparent = str(_get(component, "TRANSP", "")).upper() == "TRANSPARENT"
    if reader.brief:  # a busy time: no place, description, people, class, travel or carried record is built
        return Incoming(uid, 0, summary, moment, finish, zone, all_day, floating, status,
                        transparent=transparent, series=series, occurrence=occurrence, outside=outside)
    sequence = str(_get(component, "SEQUENCE", 0)).strip()
    travel = getattr(_get(component, "X-APPLE-TRAVEL-DURATION"), "dt", None)
    klass = _get(component, "CLASS")
    return Incoming(
        uid=uid, sequence=int(sequence) if sequence.isdigit() and len(sequence) < 10 else 0, summary=summary,
        start=moment, end=finish, zone=zone, all_day=all_day, floating=floating, status=status,
        location=str(_get(component, "LOCATION", "") or ""),
        description=str(_get(component, "DESCRIPTION", "") or ""),
        attendees=tuple(str(getattr(a, "params", {}).get("CN", "") or a).strip() for a in as_list(_get(component, "ATTENDEE"))),
        transparent=transparent,
        travel_minutes=int(travel.total_seconds() // 60) if isinstance(travel, dt.timedelta) else None,
        private=str("PUBLIC" if klass is None else klass).upper() not in ("PUBLIC", ""),
        klass=str(klass or "").upper(),
        series=series, occurrence=occurrence, derived_uid=uid.startswith("derived-"), outside=outside, legacy_uid=legacy,
        record=_record(_get(component, "X-ITINERARY-RECORD")), team=_team(_get(component, "X-ITINERARY-TEAM")),
    )


def _team(carried: Any) -> str:
    """What a replica of the visit carries in X-ITINERARY-TEAM (read by :mod:`.teamics`), or ''."""
    if carried is None or isinstance(carried, list):
        return ""
    raw = carried.to_ical() if hasattr(carried, "to_ical") else str(carried)
    return (raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw).strip()


def _record(carried: Any) -> dict[str, Any] | None:
    """The record our own export carries: base64 JSON (or plain JSON, from older exports)."""
    if carried is None or isinstance(carried, list):
        return None
    raw = carried.to_ical() if hasattr(carried, "to_ical") else str(carried).encode("utf-8")
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    text = raw.decode("utf-8", "replace").strip()
    try:
        if text.startswith("{") or text.startswith("\\{"):
            value = json.loads(str(icalendar.vText.from_ical(text)))
        else:
            value = json.loads(base64.b64decode(text, validate=True).decode("utf-8"))
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None
