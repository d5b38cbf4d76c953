"""The only module that imports icalendar: a programme ⇄ iCalendar (RFC 5545) bytes. No I/O.

Export is streamed: :func:`calendar_chunks` yields the calendar's header, one VTIMEZONE per zone
used, then each VEVENT as bytes, so a large programme is never held as one calendar object.
Escaping, folding (75 octets, never inside a UTF-8 character) and CRLF line ends are
icalendar's. The same records always give the same bytes: DTSTAMP and LAST-MODIFIED come from
the records, UIDs from the visit and the event id, SEQUENCE from the records' export state.

Everything a record holds travels in X-ITINERARY-* properties as well, so an export imported
again gives back the same events; variants leave out what their audience may not see, in the
standard and the X- properties alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from itinerary import __version__
from itinerary.conflicts import Travel
from itinerary.model import UTC, Event, Programme, shift, utc

PRODID = f"-//itinerary//itinerary {__version__}//EN"
"""PRODID of every calendar written here (also how an import recognises our own files)."""
_UUID_NAMESPACE = uuid.UUID("6f1c2a52-8a1e-5d1e-9a59-6d2f7f0b3c11")
TBC_MARK = " (time TBC)"
"""Added to the SUMMARY of an event whose time is to be confirmed."""
_VOLATILE = (b"SEQUENCE:", b"DTSTAMP:", b"LAST-MODIFIED:", b"X-APPLE-TRAVEL-DURATION")


@dataclass(frozen=True)
class Variant:
    """Which programme a calendar carries, and for whom."""

    audience: str = "full"
    """'full' (everything), 'public' (public events, no notes or contacts) or 'person'."""
    person: str | None = None
    """The person whose programme it is (audience 'person')."""
    alarms: bool = True
    """Whether events carry reminders (VALARM)."""

    @property
    def public(self) -> bool:
        """True for the public variant."""
        return self.audience == "public"


def uid(programme: Programme, event: Event) -> str:
    """The event's UID: the one it was imported with, or one derived from visit and event id."""
    return event.uid or f"{event.id}@{programme.visit.id}.itinerary"


def _address(kind: str, programme: Programme, key: str, email: str = "") -> str:
    if email:
        return f"mailto:{email}"
    return "urn:uuid:" + str(uuid.uuid5(_UUID_NAMESPACE, f"{programme.visit.id}/{kind}/{key}"))


# --- time zones ---------------------------------------------------------------------------


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
    rules = {}
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
            local = (members[0][0] + before.utcoffset()).replace(tzinfo=None)  # wall time in TZOFFSETFROM
            component.add_component(_observance(kind, local, before, after, rules[kind]))
        return component
    # no single yearly rule: the state at the start, then one block per transition
    state = "DAYLIGHT" if initial.dst() else "STANDARD"
    component.add_component(_observance(state, initial.replace(tzinfo=None), initial, initial, None))
    for moment, before, after in changes:
        local = (moment + before.utcoffset()).replace(tzinfo=None)
        component.add_component(_observance("DAYLIGHT" if after.dst() else "STANDARD", local, before, after, None))
    return component


# --- events -------------------------------------------------------------------------------


def included(programme: Programme, event: Event, variant: Variant) -> bool:
    """Whether ``event`` belongs in the calendar of ``variant``.

    A cancelled event is included only if it was exported before, so that apps remove it.
    """
    if event.cancelled and not event.exported_revision:
        return False
    if variant.public and event.visibility != "public":
        return False
    if variant.audience == "person" and not event.involves(variant.person or ""):
        return False
    return True


PRIVATE_FIELDS = ("notes", "agenda", "attachments", "contacts")
"""Fields the public variant never shows; ``restricted_fields`` can withhold more per event."""


def _shown(event: Event, variant: Variant, name: str) -> bool:
    if not variant.public:
        return True
    return name not in PRIVATE_FIELDS and event.public_field(name)


def _description(programme: Programme, event: Event, variant: Variant) -> str:
    tz = programme.visit.tz
    lines = []
    if event.title_ko:
        lines.append(event.title_ko)
    if event.time_tbc:
        lines.append(
            f"Time to be confirmed: planning window {event.start.astimezone(tz):%d %b %H:%M}–"
            f"{event.end.astimezone(tz):%d %b %H:%M} ({programme.visit.zone})."
        )
    if event.status == "tentative":
        lines.append("Status: tentative.")
    if event.participants and _shown(event, variant, "participants"):
        names = []
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            names.append(f"{person.name} ({person.name_ko})" if person and person.name_ko else (person.name if person else pid))
        lines.append("Participants: " + "; ".join(names))
    if event.agenda and _shown(event, variant, "agenda"):
        lines.append("Agenda:")
        lines.extend(f"{i}. {item}" for i, item in enumerate(event.agenda, 1))
    if event.notes and _shown(event, variant, "notes"):
        lines.extend(["Notes:", event.notes])
    if event.contacts and _shown(event, variant, "contacts"):
        lines.append("Contacts:")
        for cid in event.contacts:
            contact = programme.visit.contact(cid)
            if contact:
                name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
                lines.append(", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x))
    if event.attachments and _shown(event, variant, "attachments"):
        lines.extend(f"Attachment: {a.title}" for a in event.attachments)
    return "\n".join(lines)


def _travel_before(programme: Programme, event: Event, person: str | None, travel: Travel) -> dt.timedelta | None:
    """The travel leg that leads to ``event`` for ``person``, if one is known."""
    if person is None or event.venue is None or event.time_tbc or not event.involves(person):
        return None
    earlier = [
        e for e in programme.events
        if e.involves(person) and e.venue and not (e.cancelled or e.time_tbc or e.overlap_ok) and e.id != event.id
        and utc(e.end) <= utc(event.start)
    ]
    if not earlier:
        return None
    previous = max(earlier, key=lambda e: (utc(e.end), e.id))
    if previous.venue == event.venue or previous.venue is None:
        return None
    minutes = travel.leg(previous.venue, event.venue).minutes
    return dt.timedelta(minutes=minutes) if minutes else None


def _ambiguous(moment: dt.datetime) -> bool:
    """True when ``moment``'s wall time occurs twice (the hour repeated when clocks go back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _written_in_utc(event: Event) -> bool:
    """True when the event's times go out in UTC rather than with its TZID."""
    return _ambiguous(event.start) or _ambiguous(event.end)


def vevent(programme: Programme, event: Event, variant: Variant, *, sequence: int, travel: Travel | None = None) -> icalendar.Event:
    """The VEVENT of ``event`` as ``variant`` shows it."""
    visit = programme.visit
    stamp = event.updated or dt.datetime.combine(visit.first_day, dt.time(), UTC)
    out = icalendar.Event()
    out.add("uid", uid(programme, event))
    out.add("dtstamp", stamp)
    if _written_in_utc(event):
        # a wall time that occurs twice is read differently by different apps (the RFC says
        # the first occurrence, khal takes the second): UTC is read alike by all of them
        out.add("dtstart", event.start.astimezone(UTC))
        out.add("dtend", event.end.astimezone(UTC))
    else:
        out.add("dtstart", event.start)
        out.add("dtend", event.end)
    out.add("summary", event.title + (TBC_MARK if event.time_tbc else ""))
    venue = programme.venues_by_id.get(event.venue or "")
    if venue and _shown(event, variant, "venue"):
        out.add("location", venue.location)
        if venue.latitude is not None and venue.longitude is not None:
            out.add("geo", (venue.latitude, venue.longitude))
    description = _description(programme, event, variant)
    if description:
        out.add("description", description)
    out.add("categories", [event.kind.upper()])
    out.add("status", "CANCELLED" if event.cancelled else ("TENTATIVE" if event.time_tbc or event.status == "tentative" else "CONFIRMED"))
    out.add("class", "PUBLIC" if variant.public or event.visibility == "public" else "CONFIDENTIAL")
    out.add("transp", "TRANSPARENT" if event.overlap_ok else "OPAQUE")
    out.add("sequence", sequence)
    out.add("last-modified", stamp)
    out.add("organizer", _address("office", programme, "office", visit.office_email),
            parameters={"CN": visit.office or visit.title})
    if _shown(event, variant, "participants"):
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            out.add(
                "attendee", _address("person", programme, pid, person.email if person else ""),
                parameters={"CN": person.name if person else pid, "CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT",
                            "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"},
            )
    traveller = variant.person or (None if variant.public else visit.guest)
    leg = _travel_before(programme, event, traveller, travel or Travel(programme))
    if leg:
        out.add("x-apple-travel-duration", leg, parameters={"VALUE": "DURATION"})
    _machine_fields(out, event, variant)
    alarm = event.alarm_minutes if event.alarm_minutes is not None else visit.alarm_minutes
    if variant.alarms and alarm is not None and not event.cancelled:
        reminder = icalendar.Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", event.title)
        reminder.add("trigger", dt.timedelta(minutes=-alarm))
        out.add_component(reminder)
    return out


def _machine_fields(out: icalendar.Event, event: Event, variant: Variant) -> None:
    """The record's fields as X-ITINERARY-* text properties, as the variant allows."""

    def put(name: str, value: str) -> None:
        # VALUE=TEXT makes readers (icalendar included) unescape it as TEXT, not leave it raw
        out.add(f"x-itinerary-{name}", icalendar.vText(value), parameters={"VALUE": "TEXT"})

    put("id", event.id)
    put("zone", event.zone)
    if event.title_ko:
        put("title-ko", event.title_ko)
    put("kind", event.kind)
    put("status", event.status)
    put("visibility", event.visibility)
    if event.time_tbc:
        put("time-tbc", "TRUE")
    if event.overlap_ok:
        put("overlap-ok", "TRUE")
    if event.restricted_fields and not variant.public:
        put("restricted", ",".join(event.restricted_fields))
    if event.alarm_minutes is not None:
        put("alarm", str(event.alarm_minutes))
    if event.venue and _shown(event, variant, "venue"):
        put("venue", event.venue)
    if event.participants and _shown(event, variant, "participants"):
        put("participants", ",".join(event.participants))
    if variant.public:
        return
    if event.notes:
        put("notes", event.notes)
    for item in event.agenda:
        put("agenda", item)
    if event.contacts:
        put("contacts", ",".join(event.contacts))
    for attachment in event.attachments:
        put("attachment-title", attachment.title)
        put("attachment-lang", attachment.lang or "-")
        put("attachment-text", attachment.text)
    for fact, text in event.sources:
        put("source-fact", fact)
        put("source-text", text)


# --- SEQUENCE and change tracking ---------------------------------------------------------


def fingerprint(programme: Programme, event: Event) -> str:
    """A digest of what the full export says of ``event``, bookkeeping lines left out."""
    content = vevent(programme, event, Variant(), sequence=0).to_ical()
    kept = [line for line in content.split(b"\r\n") if not line.startswith(_VOLATILE)]
    return hashlib.sha256(b"\r\n".join(kept)).hexdigest()[:32]


def plan_export(programme: Programme) -> list[Event]:
    """The events whose export state changes now, with their new state.

    An event exported for the first time gets SEQUENCE 0; an event whose exported content
    changed since its last export gets its SEQUENCE raised by one; nothing else changes.
    """
    changed = []
    for event in programme.events:
        if event.cancelled and not event.exported_revision:
            continue
        digest = fingerprint(programme, event)
        if event.exported_fingerprint == digest:
            if event.exported_revision != event.revision:
                changed.append(dataclasses.replace(event, exported_revision=event.revision))
            continue
        sequence = event.exported_sequence + 1 if event.exported_fingerprint else event.exported_sequence
        changed.append(
            dataclasses.replace(event, exported_revision=event.revision, exported_sequence=sequence, exported_fingerprint=digest)
        )
    return changed


# --- calendars ----------------------------------------------------------------------------


def calendar_name(programme: Programme, variant: Variant) -> str:
    """X-WR-CALNAME of the variant."""
    title = programme.visit.title
    if variant.public:
        return f"{title} (public programme)"
    if variant.audience == "person":
        person = programme.people_by_id.get(variant.person or "")
        return f"{title} — {person.name if person else variant.person}"
    return title


def calendar_chunks(programme: Programme, variant: Variant, *, description: str = "") -> Iterator[bytes]:
    """The variant's calendar as bytes, piece by piece: header, time zones, events, footer."""
    events = [e for e in programme.events if included(programme, e, variant)]
    header = icalendar.Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    header.add("calscale", "GREGORIAN")
    header.add("method", "PUBLISH")
    header.add("x-wr-calname", calendar_name(programme, variant))
    if all(e.zone == programme.visit.zone for e in events):
        # a hint for floating times (we write none); a hint that disagrees with the TZIDs
        # used would only mislead, so it is given when every event is in the visit's zone
        header.add("x-wr-timezone", programme.visit.zone)
    header.add("x-wr-caldesc", description or programme.visit.title)
    head = header.to_ical()
    yield head[: head.rindex(b"END:VCALENDAR")]
    if events:
        first = min(e.start.date() for e in events) - dt.timedelta(days=1)
        last = max(e.end.date() for e in events) + dt.timedelta(days=1)
        for zone_name in sorted({e.zone for e in events if not _written_in_utc(e)}):
            yield vtimezone(zone_name, first, last).to_ical()
    travel = Travel(programme)
    for event in events:
        yield vevent(programme, event, variant, sequence=event.exported_sequence, travel=travel).to_ical()
    yield b"END:VCALENDAR\r\n"


def calendar_bytes(programme: Programme, variant: Variant, *, description: str = "") -> bytes:
    """The whole calendar of ``variant`` as bytes."""
    return b"".join(calendar_chunks(programme, variant, description=description))


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """One event read from a calendar file, in plain values (see :mod:`itinerary.merge`)."""

    uid: str
    """Its UID."""
    sequence: int
    """Its SEQUENCE (0 when absent)."""
    summary: str
    """SUMMARY as written (an export of a TBC event adds :data:`TBC_MARK`)."""
    start: dt.datetime
    """Start, aware."""
    end: dt.datetime
    """End, aware."""
    zone: str
    """IANA zone the times are in."""
    all_day: bool = False
    """True for a DATE (all-day) event."""
    floating: bool = False
    """True when the file gave a floating time, placed in the calendar's or visit's zone."""
    status: str = ""
    """STATUS, upper case."""
    location: str = ""
    """LOCATION text."""
    description: str = ""
    """DESCRIPTION text."""
    attendees: tuple[str, ...] = ()
    """CN (or address) of each ATTENDEE."""
    transparent: bool = False
    """TRANSP:TRANSPARENT."""
    travel_minutes: int | None = None
    """X-APPLE-TRAVEL-DURATION in minutes, where given."""
    private: bool = False
    """CLASS other than PUBLIC."""
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Our X-ITINERARY-* properties: (name without the prefix, lower case; its values in order)."""


class CalendarError(ValueError):
    """A calendar file that cannot be read; ``line`` is the content line at fault, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _structure(data: bytes) -> None:
    """Line-level checks icalendar does not report with a line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CalendarError("not UTF-8 text", line) from None
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


def read_calendar(data: bytes, *, default_zone: str, window: tuple[dt.datetime, dt.datetime]) -> list[Incoming]:
    """Every event of the calendar file ``data``.

    Windows zone names (Outlook) become IANA zones, X-WR-TIMEZONE (Google) is honoured,
    floating times are placed in that zone or ``default_zone``, and recurring events are
    expanded over ``window``. Raises :class:`CalendarError` for a file that cannot be read.
    """
    _structure(data)
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise CalendarError(f"not a valid iCalendar file: {err}") from None
    if not calendars:
        raise CalendarError("no VCALENDAR in the file", 1)
    out: list[Incoming] = []
    for cal in calendars:
        try:
            out.extend(_read_one(cal, default_zone, window))
        except CalendarError:
            raise
        except Exception as err:  # a third-party parser meeting hostile input may raise anything
            raise CalendarError(f"cannot be read: {type(err).__name__}: {str(err)[:200]}") from None
    return out


def _read_one(cal: icalendar.Calendar, default_zone: str, window: tuple[dt.datetime, dt.datetime]) -> Iterable[Incoming]:
    import recurring_ical_events
    import x_wr_timezone

    zone_name = str(cal.get("X-WR-TIMEZONE", "") or "").strip()
    if zone_name:
        try:
            ZoneInfo(zone_name)
        except (ValueError, KeyError, OSError):
            zone_name = ""
        else:
            cal = x_wr_timezone.to_standard(cal)
    zone_name = zone_name or default_zone
    masters = [c for c in cal.walk("VEVENT")]
    recurring = {str(c.get("UID", "")) for c in masters if c.get("RRULE") or c.get("RDATE")}
    plain = [c for c in masters if str(c.get("UID", "")) not in recurring]
    try:
        expanded = list(recurring_ical_events.of(cal).between(window[0], window[1])) if recurring else []
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
        str(a.params.get("CN", "") or a).strip()
        for a in _as_list(component.get("ATTENDEE"))
    )
    fields = tuple(
        (name[len("X-ITINERARY-"):].lower(), tuple(_text(v) for v in _as_list(value)))
        for name, value in component.items()
        if name.upper().startswith("X-ITINERARY-")
    )
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
        fields=fields,
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
