"""What an iCalendar copy of an event says, in the terms of a record. Pure, no I/O.

A calendar app can change only what iCalendar carries: the title, the time, the location, the
attendees, the status, the class, transparency and the description. :class:`View` holds exactly
those, taken from a record (what we export: :func:`view_of`) or from a copy that came back
(:func:`view_of_incoming`), so the three-way merge compares like with like. The exporter builds
the same properties from the same functions, so a copy nobody touched always equals its base.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.core.notes import current as current_notes
from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.model import MAX_TEXT, MAX_TITLE, Audience, Event, Programme, localize, shown, utc

TBC_MARK = " (time TBC)"
"""Added to the SUMMARY of an event whose time is to be confirmed."""
NOTES_HEADING = "Notes:"
"""The line after which a description carries the event's notes (always last)."""


@dataclass(frozen=True)
class Incoming:
    """One event read from a calendar file, in plain values."""

    uid: str
    """Its UID (for an occurrence of a series: UID and RECURRENCE-ID, see :attr:`occurrence`)."""
    sequence: int
    """Its SEQUENCE (0 when absent)."""
    summary: str
    """SUMMARY as written (an export of a TBC event adds :data:`TBC_MARK`)."""
    start: dt.datetime
    """Start, aware."""
    end: dt.datetime
    """End, aware."""
    zone: str
    """IANA zone the times are in (or the TZID the file defined for them)."""
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
    klass: str = ""
    """CLASS as written, upper case ('' when absent)."""
    series: str = ""
    """For an occurrence of a recurring event: the series' UID."""
    occurrence: dt.datetime | None = None
    """For an occurrence: its RECURRENCE-ID, the start the series gave it."""
    derived_uid: bool = False
    """True when the file gave no UID and one was derived from the event's content."""
    outside: bool = False
    """True when the event does not meet the visit's days."""
    legacy_uid: str = ""
    """For an occurrence: the identity earlier versions gave it (UID and start), to find it again."""
    record: dict[str, Any] | None = field(default=None, compare=False)
    """The record our own exports carry in X-ITINERARY-RECORD (JSON), when present."""
    team: str = field(default="", compare=False)
    """What a replica of the visit wrote in X-ITINERARY-TEAM (see :mod:`itinerary.formats.teamics`), when present."""


@dataclass(frozen=True)
class View:
    """The fields of an event a calendar copy carries; None where the copy does not show one."""

    title: str
    """SUMMARY without the TBC mark."""
    start: str
    """DTSTART as a UTC instant (ISO 8601)."""
    end: str
    """DTEND as a UTC instant (ISO 8601)."""
    zone: str
    """The zone the times are written in."""
    status: str | None
    """STATUS: CONFIRMED, TENTATIVE or CANCELLED."""
    visibility: str | None
    """CLASS: PUBLIC, CONFIDENTIAL or PRIVATE."""
    transparent: bool
    """TRANSP:TRANSPARENT."""
    location: str | None = None
    """LOCATION ('' for none), or None when the copy's audience does not see the venue."""
    attendees: tuple[str, ...] | None = None
    """Attendee names, sorted, or None when the copy's audience does not see them."""
    notes: str | None = None
    """The notes part of DESCRIPTION, or None when the audience does not see notes."""
    description: str = ""
    """DESCRIPTION as a whole (what the notes were read from)."""

    def to_json(self) -> dict[str, Any]:
        """Plain data for a state file."""
        data = {f.name: getattr(self, f.name) for f in _VIEW_FIELDS}  # every value is plain: no deep copy
        data["attendees"] = None if self.attendees is None else list(self.attendees)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> View:
        """The view a state file kept; TypeError/ValueError when it is not one."""
        names = {f.name for f in fields(cls)}
        if not isinstance(data, Mapping) or not set(data) <= names:
            raise ValueError("not a view")
        values = dict(data)
        if values.get("attendees") is not None:
            values["attendees"] = tuple(str(a) for a in values["attendees"])
        for key in ("title", "start", "end", "zone", "description"):
            if not isinstance(values.get(key, ""), str):
                raise TypeError(key)
        return cls(**values)


_VIEW_FIELDS = fields(View)

MERGED_FIELDS = ("title", "time", "location", "attendees", "status", "visibility", "transparent", "notes")
"""The fields the three-way merge compares, in the order a summary lists them."""


def value(view: View, name: str) -> object:
    """The value of a merged field of ``view`` (``time`` is start, end and zone together)."""
    if name == "time":
        return (view.start, view.end, view.zone)
    return getattr(view, name)


def lost_text(ours: View, theirs: View) -> str | None:
    """Why sending ``ours`` over ``theirs`` would lose text, or None: our title or notes are
    theirs cut at the length a record holds (what an earlier version did on a pull). Such a copy
    is never sent back over the whole one."""
    for name, limit in (("title", MAX_TITLE), ("notes", MAX_TEXT)):
        mine, whole = getattr(ours, name), getattr(theirs, name)
        if isinstance(mine, str) and isinstance(whole, str) and len(mine) == limit < len(whole) and whole.startswith(mine):
            if name == "title":
                return _("title cut at {limit} characters here, {length} on the server", limit=f"{limit:,}", length=f"{len(whole):,}")
            return _("notes cut at {limit} characters here, {length} on the server", limit=f"{limit:,}", length=f"{len(whole):,}")
    return None


def instant(moment: dt.datetime, all_day: bool = False) -> str:
    """A moment as the UTC instant text views keep; for whole days, the local date."""
    if all_day:
        return moment.date().isoformat()
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


MARKER_LENGTH = dt.timedelta(minutes=1)
"""How long a moment (a zero-length event) lasts in an export: Outlook refuses a VEVENT without
an end, and an end equal to the start is invalid; our own record says it is a moment."""


def exported_end(event: Event) -> dt.datetime:
    """The end an export writes: the event's, or for a moment, one minute after it."""
    return event.end + MARKER_LENGTH if event.marker else event.end


def laid_out_by_day(event: Event) -> bool:
    """True when a calendar shows ``event`` as an all-day item on the days of its planning
    window: an event whose time is to be confirmed, so that it sits at the top of those days,
    makes nobody busy and rings for no time (a window is not a time)."""
    return event.time_tbc and not event.all_day


def window_days(event: Event) -> tuple[dt.date, dt.date]:
    """The days an all-day item of ``event`` covers, in its own zone: its first day and the day
    after its last (DTEND of a whole-day VEVENT is exclusive)."""
    first = event.start.date()
    last = max(first, (event.end - dt.timedelta(microseconds=1)).date())
    return first, last + dt.timedelta(days=1)


def window_on_days(start: dt.datetime, end: dt.datetime, first: dt.date, after: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime] | None:
    """A planning window (``start``–``end``, wall times in ``zone_name``) moved onto the days
    ``first`` to ``after`` (exclusive), as an app moved or stretched the all-day item that
    showed it: its start by as many days as the first day moved, its end by as many as the last
    did, the hours kept. None when those days cannot hold it (nothing would be left of it)."""
    tz = ZoneInfo(zone_name)
    start, end = start.astimezone(tz), end.astimezone(tz)
    old_first = start.date()
    old_after = max(old_first, (end - dt.timedelta(microseconds=1)).date()) + dt.timedelta(days=1)
    try:
        moved = (localize(start.replace(tzinfo=None) + (first - old_first), zone_name),
                 localize(end.replace(tzinfo=None) + (after - old_after), zone_name, field_name="end"))
    except (InvalidData, OverflowError):
        return None
    return moved if utc(moved[0]) < utc(moved[1]) else None


def transparent_of(event: Event) -> bool:
    """TRANSP:TRANSPARENT: the event makes nobody busy (it may overlap others, or its time is
    still to be confirmed)."""
    return event.overlap_ok or event.time_tbc


def status_of(event: Event) -> str:
    """STATUS of the exported event: a TBC time is tentative whatever the event's status."""
    if event.cancelled:
        return "CANCELLED"
    return "TENTATIVE" if event.time_tbc or event.status == "tentative" else "CONFIRMED"


def class_of(event: Event, audience: Audience) -> str:
    """CLASS of the exported event."""
    return "PUBLIC" if audience.public or event.visibility == "public" else "CONFIDENTIAL"


def location_of(programme: Programme, event: Event) -> str:
    """LOCATION of the exported event: the venue's name and address ('' when TBC); for a
    transfer between two venues, where it goes from and to ('Lotte Hotel Seoul → Ministry of
    Employment and Labor')."""
    venues = programme.venues_by_id
    if event.from_venue or event.to_venue:
        ends = [venues[v].name if v in venues else v for v in (event.from_venue, event.to_venue) if v]
        if event.from_venue and event.to_venue:
            return " → ".join(ends)
        return f"from {ends[0]}" if event.from_venue else f"to {ends[0]}"
    venue = venues.get(event.venue or "")
    return venue.location if venue else ""


def attendee_names(programme: Programme, event: Event) -> tuple[str, ...]:
    """The CN of each ATTENDEE, in the event's order."""
    return tuple(programme.people_by_id[p].name if p in programme.people_by_id else p for p in event.participants)


def generated_lines(programme: Programme, event: Event, audience: Audience) -> list[str]:
    """The lines of DESCRIPTION made from the record's fields (everything but the notes)."""
    tz = programme.visit.tz
    lines = []
    if event.title_ko:
        lines.append(event.title_ko)
    if event.time_tbc and audience.public:
        lines.append("Time to be confirmed.")  # the planning window is the office's, as in the public book
    elif event.time_tbc:
        lines.append(
            f"Time to be confirmed: planning window {event.start.astimezone(tz):%d %b %H:%M}–"
            f"{event.end.astimezone(tz):%d %b %H:%M} ({programme.visit.zone})."
        )
    if event.status == "tentative":
        lines.append("Status: tentative.")
    if event.participants and shown(event, audience, "participants"):
        names = []
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            names.append(f"{person.name} ({person.name_ko})" if person and person.name_ko else (person.name if person else pid))
        lines.append("Participants: " + "; ".join(names))
    if event.agenda and shown(event, audience, "agenda"):
        lines.append("Agenda:")
        lines.extend(f"{i}. {item}" + (f" ({ko})" if ko else "") for i, (item, ko) in enumerate(event.agenda_pairs, 1))
    if event.contacts and shown(event, audience, "contacts"):
        lines.append("Contacts:")
        for cid in event.contacts:
            contact = programme.contacts_by_id.get(cid)
            if contact:
                name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
                lines.append(", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x))
    if event.attachments and shown(event, audience, "attachments"):
        lines.extend(f"Attachment: {a.title}" + (f" ({a.title_ko})" if a.title_ko else "") for a in event.attachments)
    return lines


def description_of(programme: Programme, event: Event, audience: Audience) -> str:
    """DESCRIPTION of the exported event: the generated lines, then the notes, last."""
    lines = generated_lines(programme, event, audience)
    text = current_notes(event)
    if text and shown(event, audience, "notes"):
        lines.extend([NOTES_HEADING, text])
    return "\n".join(lines)


def view_of(programme: Programme, event: Event, audience: Audience) -> View:
    """What our export of ``event`` for ``audience`` says."""
    if laid_out_by_day(event):
        first, after = window_days(event)
        start, end, zone = first.isoformat(), after.isoformat(), ""
    else:
        start, end = instant(event.start, event.all_day), instant(exported_end(event), event.all_day)
        zone = "" if event.all_day else event.zone
    return View(
        title=event.title, start=start, end=end, zone=zone,
        status=status_of(event), visibility=class_of(event, audience), transparent=transparent_of(event),
        location=location_of(programme, event) if shown(event, audience, "venue") else None,
        attendees=tuple(sorted(attendee_names(programme, event))) if shown(event, audience, "participants") else None,
        notes=current_notes(event) if shown(event, audience, "notes") else None,
        description=description_of(programme, event, audience),
    )


def notes_in(description: str, base: View | None) -> str:
    """The notes part of a description that came back.

    Our descriptions end with a 'Notes:' line and the notes. When that line is gone (an app
    rewrote the text), what follows the lines we generated — or, failing that, every line we
    did not generate — is taken as the notes.
    """
    text = description.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if NOTES_HEADING in lines:
        return "\n".join(lines[lines.index(NOTES_HEADING) + 1:]).strip("\n")
    ours = base.description.split("\n") if base is not None else []
    if NOTES_HEADING in ours:
        ours = ours[: ours.index(NOTES_HEADING)]
    if lines[: len(ours)] == ours:
        return "\n".join(lines[len(ours):]).strip("\n")
    generated = set(ours)
    return "\n".join(line for line in lines if line not in generated).strip("\n")


def view_of_incoming(item: Incoming, base: View | None) -> View:
    """What a copy that came back says.

    A property the copy lacks altogether is read as unchanged, not as cleared: apps drop
    STATUS, CLASS, every ATTENDEE or the DESCRIPTION when they import a file, and an officer's
    participants or notes must not vanish with them.
    """
    title = item.summary.removesuffix(TBC_MARK)
    status = item.status or (base.status if base else None)
    klass = item.klass or (base.visibility if base else None)
    attendees: tuple[str, ...] | None = tuple(sorted(item.attendees))
    if not attendees and base is not None and base.attendees:
        attendees = None
    notes: str | None = notes_in(item.description, base)
    if not notes and base is not None and base.notes and NOTES_HEADING not in item.description.splitlines():
        notes = None  # the notes are gone with their heading: a copy that does not carry them
    return View(
        title=title, start=instant(item.start, item.all_day), end=instant(item.end, item.all_day),
        zone="" if item.all_day else item.zone, status=status, visibility=klass,
        transparent=item.transparent, location=item.location, attendees=attendees, notes=notes,
        description=item.description,
    )


def views_to_json(views: Mapping[str, View]) -> str:
    """Views by key as compact JSON (for a state file)."""
    return json.dumps({k: v.to_json() for k, v in views.items()}, ensure_ascii=False, sort_keys=True)
