"""The only module that imports icalendar: a programme ⇄ iCalendar (RFC 5545) bytes. No I/O.

Export is streamed: :func:`calendar_chunks` yields the calendar's header, one VTIMEZONE per zone
used, then each VEVENT as bytes, so a large programme is never held as one calendar object.
Escaping, folding (75 octets, never inside a UTF-8 character) and CRLF line ends are
icalendar's. The same records always give the same bytes: DTSTAMP and LAST-MODIFIED come from
the records, UIDs from the visit and the event id, SEQUENCE from the records' export state.

Everything a record holds travels in one X-ITINERARY-RECORD property (JSON) as well, so an
export imported again gives back the same events; variants leave out what their audience may
not see, in the standard properties and the record alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from itinerary import __version__
from itinerary.agenda import Variant, shown
from itinerary.conflicts import gaps
from itinerary.model import UTC, Event, Programme, content

PRODID = f"-//itinerary//itinerary {__version__}//EN"
"""PRODID of every calendar written here (also how an import recognises our own files)."""
_UUID_NAMESPACE = uuid.UUID("6f1c2a52-8a1e-5d1e-9a59-6d2f7f0b3c11")
TBC_MARK = " (time TBC)"
"""Added to the SUMMARY of an event whose time is to be confirmed."""


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


def included(event: Event, variant: Variant, state: Mapping[str, Exported]) -> bool:
    """Whether ``event`` belongs in the calendar of ``variant``.

    A cancelled event is included only if it was exported before, so that apps remove it.
    """
    if event.cancelled and event.id not in state:
        return False
    if variant.public and event.visibility != "public":
        return False
    if variant.audience == "person" and not event.involves(variant.person or ""):
        return False
    return True


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
    if event.participants and shown(event, variant, "participants"):
        names = []
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            names.append(f"{person.name} ({person.name_ko})" if person and person.name_ko else (person.name if person else pid))
        lines.append("Participants: " + "; ".join(names))
    if event.agenda and shown(event, variant, "agenda"):
        lines.append("Agenda:")
        lines.extend(f"{i}. {item}" for i, item in enumerate(event.agenda, 1))
    if event.notes and shown(event, variant, "notes"):
        lines.extend(["Notes:", event.notes])
    if event.contacts and shown(event, variant, "contacts"):
        lines.append("Contacts:")
        for cid in event.contacts:
            contact = programme.visit.contact(cid)
            if contact:
                name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
                lines.append(", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x))
    if event.attachments and shown(event, variant, "attachments"):
        lines.extend(f"Attachment: {a.title}" for a in event.attachments)
    return "\n".join(lines)


def travel_legs(programme: Programme, person: str | None) -> dict[str, int]:
    """Minutes of the travel leg that leads to each of ``person``'s events, where one is known
    (the engine's notion of the previous event; one sweep for the whole programme)."""
    if person is None:
        return {}
    return {
        gap.after: gap.leg.minutes
        for gap in gaps(programme, person)
        if gap.leg is not None and gap.leg.minutes
    }


def _ambiguous(moment: dt.datetime) -> bool:
    """True when ``moment``'s wall time occurs twice (the hour repeated when clocks go back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _written_in_utc(event: Event) -> bool:
    """True when the event's times go out in UTC rather than with its TZID."""
    return _ambiguous(event.start) or _ambiguous(event.end)


def vevent(programme: Programme, event: Event, variant: Variant, *, sequence: int, travel_minutes: int | None = None) -> icalendar.Event:
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
    if venue and shown(event, variant, "venue"):
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
    if shown(event, variant, "participants"):
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            out.add(
                "attendee", _address("person", programme, pid, person.email if person else ""),
                parameters={"CN": person.name if person else pid, "CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT",
                            "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"},
            )
    if travel_minutes:
        out.add("x-apple-travel-duration", dt.timedelta(minutes=travel_minutes), parameters={"VALUE": "DURATION"})
    _machine_record(out, event, variant)
    alarm = event.alarm_minutes if event.alarm_minutes is not None else visit.alarm_minutes
    if variant.alarms and alarm is not None and not event.cancelled:
        reminder = icalendar.Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", event.title)
        reminder.add("trigger", dt.timedelta(minutes=-alarm))
        out.add_component(reminder)
    return out


def _machine_record(out: icalendar.Event, event: Event, variant: Variant) -> None:
    """The record's fields as one JSON text, X-ITINERARY-RECORD, as the variant allows.

    One long property rather than many short ones: a server that re-folds what it stores
    (Radicale through vobject counts characters, not octets, on short lines) keeps it valid.
    """
    record: dict[str, object] = {
        "id": event.id, "zone": event.zone, "kind": event.kind, "status": event.status, "visibility": event.visibility,
    }
    optional: dict[str, object] = {
        "title_ko": event.title_ko, "time_tbc": event.time_tbc, "overlap_ok": event.overlap_ok, "alarm": event.alarm_minutes,
        "venue": event.venue if shown(event, variant, "venue") else None,
        "participants": list(event.participants) if shown(event, variant, "participants") else [],
    }
    if not variant.public:
        optional |= {
            "restricted_fields": list(event.restricted_fields), "notes": event.notes, "agenda": list(event.agenda),
            "contacts": list(event.contacts), "attachments": [[a.title, a.lang, a.text] for a in event.attachments],
            "sources": [list(pair) for pair in event.sources],
        }
    record |= {k: v for k, v in optional.items() if v is not None and v is not False and v != "" and v != []}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    out.add("x-itinerary-record", icalendar.vText(text), parameters={"VALUE": "TEXT"})


# --- SEQUENCE and change tracking ---------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """What was last exported of one event (kept in the data folder's ``exports.json``)."""

    revision: int
    """The record's revision at that export."""
    sequence: int
    """The SEQUENCE it was exported with."""
    fingerprint: str
    """Digest of what the export said of it."""


def fingerprint(programme: Programme, event: Event) -> str:
    """A digest of everything the full export says of ``event``: its content, its venue, the
    names of its people and contacts, and the visit's fields it shows. Travel legs, which move
    with neighbouring events, are left out, as are DTSTAMP, LAST-MODIFIED and SEQUENCE."""
    visit = programme.visit
    venue = programme.venues_by_id.get(event.venue or "")
    payload = {
        "event": [str(v) if isinstance(v, dt.datetime) else v for v in content(event)],
        "uid": uid(programme, event),
        "venue": None if venue is None else [venue.name, venue.address, venue.latitude, venue.longitude],
        "people": [
            [p.id, p.name, p.name_ko, p.email] for p in (programme.people_by_id.get(pid) for pid in event.participants) if p
        ],
        "contacts": [
            [c.id, c.name, c.name_ko, c.role, c.phone, c.email] for c in (visit.contact(cid) for cid in event.contacts) if c
        ],
        "visit": [visit.id, visit.zone, visit.office, visit.office_email, visit.alarm_minutes],
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan_export(programme: Programme, state: Mapping[str, Exported]) -> tuple[dict[str, Exported], list[str]]:
    """The export state after exporting now, and the events whose SEQUENCE rises.

    An event exported for the first time gets SEQUENCE 0; an event whose exported content
    changed since its last export gets its SEQUENCE raised by one; nothing else changes. State
    of events that no longer exist is kept, so an id used again continues its SEQUENCE.
    """
    new_state = dict(state)
    raised = []
    for event in programme.events:
        before = state.get(event.id)
        if event.cancelled and before is None:
            continue
        digest = fingerprint(programme, event)
        if before is not None and before.fingerprint == digest:
            if before.revision != event.revision:
                new_state[event.id] = dataclasses.replace(before, revision=event.revision)
            continue
        sequence = 0 if before is None else before.sequence + 1
        if before is not None:
            raised.append(event.id)
        new_state[event.id] = Exported(event.revision, sequence, digest)
    return new_state, raised


def state_to_json(state: Mapping[str, Exported]) -> str:
    """The export state as the text of ``exports.json`` (one line per event, sorted)."""
    lines = [
        f"  {json.dumps(event_id)}: {json.dumps([e.revision, e.sequence, e.fingerprint])}"
        for event_id, e in sorted(state.items())
    ]
    body = ",\n".join(lines)
    return '{"schema": 1, "events": {\n' + body + ("\n" if lines else "") + "}}\n"


def state_from_json(text: str, source: str) -> dict[str, Exported]:
    """The export state in the text of ``exports.json``."""
    from itinerary.errors import InvalidData

    try:
        data = json.loads(text)
        return {str(k): Exported(int(v[0]), int(v[1]), str(v[2])) for k, v in data["events"].items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise InvalidData("not an export state file (delete it to start SEQUENCE numbers again)", source=source) from None


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


def calendar_chunks(
    programme: Programme, variant: Variant, state: Mapping[str, Exported], *, revision: str = ""
) -> Iterator[bytes]:
    """The variant's calendar as bytes, piece by piece: header, time zones, events, footer.

    ``state`` is the export state after :func:`plan_export`: it gives each event its SEQUENCE.
    """
    events = [e for e in programme.events if included(e, variant, state)]
    header = icalendar.Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    header.add("calscale", "GREGORIAN")
    header.add("method", "PUBLISH")
    header.add("x-wr-calname", calendar_name(programme, variant) + (f" — {revision}" if revision else ""))
    if all(e.zone == programme.visit.zone for e in events):
        # a hint for floating times (we write none); a hint that disagrees with the TZIDs
        # used would only mislead, so it is given when every event is in the visit's zone
        header.add("x-wr-timezone", programme.visit.zone)
    header.add("x-wr-caldesc", programme.visit.title + (f". Programme {revision}." if revision else ""))
    head = header.to_ical()
    yield head[: head.rindex(b"END:VCALENDAR")]
    if events:
        first = min(e.start.date() for e in events) - dt.timedelta(days=1)
        last = max(e.end.date() for e in events) + dt.timedelta(days=1)
        for zone_name in sorted({e.zone for e in events if not _written_in_utc(e)}):
            yield vtimezone(zone_name, first, last).to_ical()
    legs = travel_legs(programme, variant.person or (None if variant.public else programme.visit.guest))
    for event in events:
        exported = state.get(event.id)
        sequence = exported.sequence if exported else 0
        yield vevent(programme, event, variant, sequence=sequence, travel_minutes=legs.get(event.id)).to_ical()
    yield b"END:VCALENDAR\r\n"


def calendar_bytes(programme: Programme, variant: Variant, state: Mapping[str, Exported] | None = None, *, revision: str = "") -> bytes:
    """The whole calendar of ``variant`` as bytes (exporting now, when no state is given)."""
    if state is None:
        state, _ = plan_export(programme, {})
    return b"".join(calendar_chunks(programme, variant, state, revision=revision))


def event_calendars(programme: Programme, variant: Variant, state: Mapping[str, Exported]) -> Iterator[tuple[Event, bytes]]:
    """Each event of the variant as a calendar of its own (with its VTIMEZONE), as a CalDAV
    server keeps them: one resource per UID."""
    legs = travel_legs(programme, variant.person or (None if variant.public else programme.visit.guest))
    events = [e for e in programme.events if included(e, variant, state)]
    if not events:
        return
    first = min(e.start.date() for e in events) - dt.timedelta(days=1)
    last = max(e.end.date() for e in events) + dt.timedelta(days=1)
    zones = {z: vtimezone(z, first, last).to_ical() for z in {e.zone for e in events if not _written_in_utc(e)}}
    header = icalendar.Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    head = header.to_ical()
    head = head[: head.rindex(b"END:VCALENDAR")]
    for event in events:
        parts = [head]
        if not _written_in_utc(event):
            parts.append(zones[event.zone])
        exported = state.get(event.id)
        parts.append(vevent(programme, event, variant, sequence=exported.sequence if exported else 0, travel_minutes=legs.get(event.id)).to_ical())
        parts.append(b"END:VCALENDAR\r\n")
        yield event, b"".join(parts)
