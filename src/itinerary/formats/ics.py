"""Writing iCalendar (RFC 5545): a programme → calendar bytes. Imports icalendar. No I/O.

Export is streamed: :func:`calendar_chunks` yields the calendar's header, one VTIMEZONE per zone
used, then each VEVENT as bytes, so a large programme is never held as one calendar object.
Escaping, folding (75 octets, never inside a UTF-8 character) and CRLF line ends are
icalendar's. The same records always give the same bytes: DTSTAMP and LAST-MODIFIED come from
the records, UIDs from the visit and the event id, SEQUENCE from the records' export state.
SUMMARY, LOCATION, STATUS, CLASS and DESCRIPTION come from :mod:`itinerary.core.calview`, the
same functions the three-way merge compares a returning copy with.

Everything a record holds travels in one X-ITINERARY-RECORD property (JSON) as well, so an
export imported into another data folder gives back the same events; each output leaves out
what its audience may not see (:func:`itinerary.model.shown`), in the standard properties and
the record alike.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import icalendar

from itinerary import __version__
from itinerary.core.calview import (
    TBC_MARK,
    attendee_names,
    class_of,
    description_of,
    exported_end,
    laid_out_by_day,
    location_of,
    status_of,
    transparent_of,
    window_days,
)
from itinerary.core.travel import all_gaps
from itinerary.formats.exportstate import Exported, plan_export
from itinerary.formats.marks import VISIT_PROPERTY
from itinerary.formats.vtimezone import vtimezone
from itinerary.model import FULL, UTC, Audience, Event, Programme, fact_sources, shown, visible

PRODID = f"-//itinerary//itinerary {__version__}//EN"
"""PRODID of every calendar written here (also how an import recognises our own files)."""
_UUID_NAMESPACE = uuid.UUID("6f1c2a52-8a1e-5d1e-9a59-6d2f7f0b3c11")


@dataclass(frozen=True)
class Variant:
    """Which programme a calendar carries, for whom, and whether with reminders."""

    audience: Audience = FULL
    """Who the calendar is for."""
    alarms: bool = True
    """Whether events carry reminders (VALARM)."""


def _address(kind: str, programme: Programme, key: str, email: str = "") -> str:
    if email:
        return f"mailto:{email}"
    return "urn:uuid:" + str(uuid.uuid5(_UUID_NAMESPACE, f"{programme.visit.id}/{kind}/{key}"))


# --- events -------------------------------------------------------------------------------


def included(event: Event, variant: Variant, state: Mapping[str, Exported]) -> bool:
    """Whether ``event`` belongs in the calendar of ``variant``: what its audience sees, and a
    cancelled event only if it was exported before, so that apps remove it."""
    return visible(event, variant.audience, cancelled=event.id in state)


def _ambiguous(moment: dt.datetime) -> bool:
    """True when ``moment``'s wall time occurs twice (the hour repeated when clocks go back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _written_in_utc(event: Event) -> bool:
    """True when the event's times go out in UTC rather than with its TZID."""
    return not event.all_day and (_ambiguous(event.start) or _ambiguous(exported_end(event)))


def _needs_zone(event: Event) -> bool:
    """True when the event's times carry its TZID (so the calendar needs its VTIMEZONE)."""
    return not event.all_day and not laid_out_by_day(event) and not _written_in_utc(event)


def vevent(programme: Programme, event: Event, variant: Variant, *, sequence: int, travel_minutes: int | None = None) -> icalendar.Event:
    """The VEVENT of ``event`` as ``variant`` shows it."""
    visit = programme.visit
    stamp = event.updated or dt.datetime.combine(visit.first_day, dt.time(), UTC)
    out = icalendar.Event()
    out.add("uid", programme.uid(event))
    out.add("dtstamp", stamp)
    if event.all_day:  # whole days stay whole days, wherever the subscriber is
        out.add("dtstart", event.start.date())
        out.add("dtend", event.end.date())
    elif laid_out_by_day(event):  # a time to be confirmed: at the top of its window's days, never across them
        first, after = window_days(event)
        out.add("dtstart", first)
        out.add("dtend", after)
    elif _written_in_utc(event):
        # a wall time that occurs twice is read differently by different apps (the RFC says
        # the first occurrence, khal takes the second): UTC is read alike by all of them
        out.add("dtstart", event.start.astimezone(UTC))
        out.add("dtend", exported_end(event).astimezone(UTC))
    else:
        out.add("dtstart", event.start)
        out.add("dtend", exported_end(event))
    out.add("summary", event.title + (TBC_MARK if event.time_tbc else ""))
    audience = variant.audience
    venue = programme.venues_by_id.get(event.venue or "")
    if (venue or event.from_venue or event.to_venue) and shown(event, audience, "venue"):
        out.add("location", location_of(programme, event))
        if venue and venue.latitude is not None and venue.longitude is not None:
            out.add("geo", (venue.latitude, venue.longitude))
    description = description_of(programme, event, audience)
    if description:
        out.add("description", description)
    out.add("categories", [event.kind.upper()])
    out.add("status", status_of(event))
    out.add("class", class_of(event, audience))
    out.add("transp", "TRANSPARENT" if transparent_of(event) else "OPAQUE")
    out.add("sequence", sequence)
    out.add("last-modified", stamp)
    out.add("organizer", _address("office", programme, "office", visit.office_email),
            parameters={"CN": visit.office or visit.title})
    if shown(event, audience, "participants"):
        for pid, name in zip(event.participants, attendee_names(programme, event), strict=True):
            person = programme.people_by_id.get(pid)
            out.add(
                "attendee", _address("person", programme, pid, person.email if person else ""),
                parameters={"CN": name, "CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"},
            )
    if travel_minutes:
        out.add("x-apple-travel-duration", dt.timedelta(minutes=travel_minutes), parameters={"VALUE": "DURATION"})
    _machine_record(out, event, audience)
    alarm = event.alarm_minutes if event.alarm_minutes is not None else visit.alarm_minutes
    if variant.alarms and alarm is not None and not event.cancelled and not event.time_tbc:  # no time, nothing to ring for
        reminder = icalendar.Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", event.title)
        reminder.add("trigger", dt.timedelta(minutes=-alarm))
        out.add_component(reminder)
    return out


def _machine_record(out: icalendar.Event, event: Event, audience: Audience) -> None:
    """The record's fields as one JSON text, X-ITINERARY-RECORD, as the variant allows.

    One property rather than many: a server that re-folds what it stores (Radicale through
    vobject counts characters, not octets, on short lines) keeps it valid. The JSON goes out in
    base64: escapes a client library "repairs" (the caldav library unescapes every backslash
    before a quote) cannot reach it, and it stays ASCII whatever the text. (A plain value: vobject
    fails on ENCODING=BASE64 for a property it does not know.)
    """
    record: dict[str, object] = {
        "id": event.id, "zone": event.zone, "kind": event.kind, "status": event.status, "visibility": event.visibility,
    }
    optional: dict[str, object] = {
        "title_ko": event.title_ko, "time_tbc": event.time_tbc, "all_day": event.all_day, "marker": event.marker,
        "overlap_ok": event.overlap_ok,
        "alarm": event.alarm_minutes,
        "venue": event.venue if shown(event, audience, "venue") else None,
        # the planning window of an event laid out by day (its DTSTART/DTEND give only the days),
        # for the office: the public never sees a window, as in the public book
        "window": [event.start.isoformat(), event.end.isoformat()] if laid_out_by_day(event) and not audience.public else None,
        "from_venue": event.from_venue if shown(event, audience, "venue") else None,
        "to_venue": event.to_venue if shown(event, audience, "venue") else None,
        "participants": list(event.participants) if shown(event, audience, "participants") else [],
    }
    if not audience.public:
        optional |= {
            "restricted_fields": list(event.restricted_fields), "notes": event.notes, "agenda": list(event.agenda),
            "contacts": list(event.contacts), "attachments": [[a.title, a.lang, a.text] for a in event.attachments],
            "sources": [list(pair) for pair in fact_sources(event)],
            "notes_ko": event.notes_ko, "agenda_ko": list(event.agenda_ko),
            "attachments_ko": [a.title_ko for a in event.attachments] if any(a.title_ko for a in event.attachments) else [],
        }
    record |= {k: v for k, v in optional.items() if v is not None and v is not False and v != "" and v != []}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    out.add("x-itinerary-record", icalendar.vText(base64.b64encode(text.encode("utf-8")).decode("ascii")))


# --- calendars ----------------------------------------------------------------------------


def calendar_name(programme: Programme, variant: Variant) -> str:
    """X-WR-CALNAME of the variant."""
    title = programme.visit.title
    audience = variant.audience
    if audience.public:
        return f"{title} (public programme)"
    if audience.kind == "person":
        person = programme.people_by_id.get(audience.person or "")
        return f"{title} — {person.name if person else audience.person}"
    return title


class Exporter:
    """Many calendars of one programme in one pass: each event's VEVENT is written once per
    audience and reminder setting and shared by every file that holds it, the events of each
    person and the travel legs before them are found in one sweep, each time zone written once.
    ``export --all`` for thousands of people costs little more than the full calendar."""

    def __init__(self, programme: Programme, state: Mapping[str, Exported], *, revision: str = "",
                 warning: Callable[[Audience], str] | None = None) -> None:
        self.programme = programme
        self.state = state
        self.revision = revision
        self.warning = warning
        """The line a calendar's description carries for its audience (errors shared with --force)."""
        self._by_person: dict[str, list[Event]] | None = None
        self._legs: dict[str, dict[str, int]] | None = None
        self._vevents: dict[tuple[str, bool, bool, int | None], bytes] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def events(self, variant: Variant) -> list[Event]:
        """The events of ``variant``'s calendar, in programme order."""
        audience = variant.audience
        if audience.kind == "person":
            if self._by_person is None:
                self._by_person = {}
                for event in self.programme.events:
                    for person in event.participants:
                        self._by_person.setdefault(person, []).append(event)
            candidates: Iterable[Event] = self._by_person.get(audience.person or "", [])
        else:
            candidates = self.programme.events
        return [e for e in candidates if included(e, variant, self.state)]

    def legs(self, person: str | None) -> dict[str, int]:
        """Minutes of the travel leg that leads to each of ``person``'s events, where one is known."""
        if person is None:
            return {}
        if self._legs is None:
            self._legs = {
                who: {gap.after: gap.leg.minutes for gap in found if gap.leg is not None and gap.leg.minutes and not gap.overnight}
                for who, found in all_gaps(self.programme).items()
            }
        return self._legs.get(person, {})

    def vevent(self, event: Event, variant: Variant, travel: int | None) -> bytes:
        """The VEVENT bytes of ``event`` in ``variant`` (a person's calendar shows what the full one does)."""
        key = (event.id, variant.audience.public, variant.alarms, travel)
        found = self._vevents.get(key)
        if found is None:
            exported = self.state.get(event.id)
            sequence = exported.sequence if exported else 0
            found = vevent(self.programme, event, variant, sequence=sequence, travel_minutes=travel).to_ical()
            self._vevents[key] = found
        return found

    def zone(self, name: str, first: dt.date, last: dt.date) -> bytes:
        """The VTIMEZONE of ``name`` for the years of ``first`` to ``last``."""
        key = (name, first.year, last.year)
        if key not in self._zones:
            self._zones[key] = vtimezone(name, first, last).to_ical()
        return self._zones[key]

    def chunks(self, variant: Variant) -> Iterator[bytes]:
        """The variant's calendar as bytes, piece by piece: header, time zones, events, footer."""
        programme, revision = self.programme, self.revision
        events = self.events(variant)
        header = icalendar.Calendar()
        header.add("prodid", PRODID)
        header.add("version", "2.0")
        header.add("calscale", "GREGORIAN")
        header.add("method", "PUBLISH")
        header.add("x-wr-calname", calendar_name(programme, variant) + (f" — {revision}" if revision else ""))
        header.add(VISIT_PROPERTY, programme.visit.id)  # whose calendar this is: never written over by another visit's
        if all(e.zone == programme.visit.zone for e in events):
            # a hint for floating times (we write none); a hint that disagrees with the TZIDs
            # used would only mislead, so it is given when every event is in the visit's zone
            header.add("x-wr-timezone", programme.visit.zone)
        said = self.warning(variant.audience) if self.warning else ""
        header.add("x-wr-caldesc", programme.visit.title + (f". Programme {revision}." if revision else "") + (f" {said}" if said else ""))
        head = header.to_ical()
        yield head[: head.rindex(b"END:VCALENDAR")]
        if events:
            first = min(e.start.date() for e in events) - dt.timedelta(days=1)
            last = max(e.end.date() for e in events) + dt.timedelta(days=1)
            for zone_name in sorted({e.zone for e in events if _needs_zone(e)}):
                yield self.zone(zone_name, first, last)
        audience = variant.audience
        legs = self.legs(audience.person or (None if audience.public else programme.visit.guest))
        for event in events:
            yield self.vevent(event, variant, legs.get(event.id))
        yield b"END:VCALENDAR\r\n"


def calendar_chunks(
    programme: Programme, variant: Variant, state: Mapping[str, Exported], *, revision: str = ""
) -> Iterator[bytes]:
    """The variant's calendar as bytes, piece by piece (see :class:`Exporter`).

    ``state`` is the export state after :func:`plan_export`: it gives each event its SEQUENCE.
    """
    return Exporter(programme, state, revision=revision).chunks(variant)


def calendar_bytes(programme: Programme, variant: Variant, state: Mapping[str, Exported] | None = None, *, revision: str = "") -> bytes:
    """The whole calendar of ``variant`` as bytes (exporting now, when no state is given)."""
    if state is None:
        state, _ = plan_export(programme, {})
    return b"".join(calendar_chunks(programme, variant, state, revision=revision))


def event_calendars(programme: Programme, variant: Variant, state: Mapping[str, Exported]) -> Iterator[tuple[Event, bytes]]:
    """Each event of the variant as a calendar of its own (with its VTIMEZONE), as a CalDAV
    server keeps them: one resource per UID."""
    exporter = Exporter(programme, state)
    events = exporter.events(variant)
    if not events:
        return
    audience = variant.audience
    legs = exporter.legs(audience.person or (None if audience.public else programme.visit.guest))
    first = min(e.start.date() for e in events) - dt.timedelta(days=1)
    last = max(e.end.date() for e in events) + dt.timedelta(days=1)
    header = icalendar.Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    head = header.to_ical()
    head = head[: head.rindex(b"END:VCALENDAR")]
    for event in events:
        parts = [head]
        if _needs_zone(event):
            parts.append(exporter.zone(event.zone, first, last))
        parts.append(exporter.vevent(event, variant, legs.get(event.id)))
        parts.append(b"END:VCALENDAR\r\n")
        yield event, b"".join(parts)
