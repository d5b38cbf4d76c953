"""A visit on a shared calendar as its team keeps it. Pure: records ⇄ bytes.

Each event is a resource of its own, written as every export writes it (:mod:`.ics`), so every
calendar app and phone reads it; besides, one X-ITINERARY-TEAM property (base64 JSON, so no
client's escaping can reach it) carries what a replica of the visit needs:

``record``
    the record's canonical text, exactly as its file holds it;
``std``
    a digest of what each standard property said when the record was written (SUMMARY,
    DTSTART/DTEND, LOCATION, ATTENDEE, STATUS, CLASS, TRANSP, DESCRIPTION): a calendar app that
    changes one of them leaves the record as it was, and the digest that no longer matches
    names the one field it changed;
``log``
    who changed which fields, and when (the last :data:`LOG_KEPT` changes);
``books``
    (the visit's own entry only) where the directory is kept.

The visit's settings are one journal entry (VJOURNAL, which calendar apps do not show) of the
same calendar, carrying the same property. People, venues and contacts are vCards in an address
book (:mod:`.vcard`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import icalendar

from itinerary.core.authored import Authored
from itinerary.core.calview import TBC_MARK, Incoming
from itinerary.formats import icsread
from itinerary.formats.ics import PRODID, Exporter, Variant, vevent
from itinerary.formats.teamstate import LOG_KEPT, log_entry, read_log
from itinerary.model import FULL, UTC, Event, Programme, Visit

MAX_TEAM_BYTES = 4 * 1024 * 1024
"""Largest X-ITINERARY-TEAM value believed (a record is at most 5 MB of text, base64 adds a third)."""
SEQUENCE_STEP = 100
"""A replica's write takes an event's SEQUENCE to the next hundred; a calendar app's edit adds a
few. So a copy an app stripped of its record tells whether a replica wrote it since a version:
the same hundred, no replica did (and that version is the record the app stripped)."""
VISIT_UID = "visit@{visit}.itinerary"
"""UID of the visit's settings on the calendar."""
VISIT_RESOURCE = "itinerary-visit.ics"
"""The name of the visit's settings in the calendar."""
STD_FIELDS = ("title", "time", "location", "attendees", "status", "visibility", "transparent", "notes")
"""The standard properties a digest is kept of, by the name of the field each stands for."""
_FOREVER = (dt.datetime(1900, 1, 1, tzinfo=UTC), dt.datetime(2200, 1, 1, tzinfo=UTC))
_NO_VISIT = Visit("zones", "zones", dt.date(2000, 1, 1), dt.date(2000, 1, 1), "")


@dataclass(frozen=True)
class Team:
    """What X-ITINERARY-TEAM carries."""

    kind: str
    """'event', 'visit', 'person', 'venue', 'contact' or 'directory'."""
    record: str
    """The record's canonical text (TOML for events and the visit, JSON for the directory)."""
    std: Mapping[str, str] = field(default_factory=dict)
    """Digest of each standard property when it was written, by the field it stands for."""
    log: tuple[Authored, ...] = ()
    """Who changed which fields, and when, oldest first."""
    pos: int | None = None
    """A directory record's place in its list."""
    books: Mapping[str, str] = field(default_factory=dict)
    """The visit's entry: where its directory is kept ('visit', 'office': address book paths)."""


def encode(team: Team) -> str:
    """The value of X-ITINERARY-TEAM."""
    data: dict[str, Any] = {"v": 1, "kind": team.kind, "record": team.record}
    if team.std:
        data["std"] = dict(team.std)
    if team.log:
        data["log"] = [log_entry(a) for a in team.log[-LOG_KEPT:]]
    if team.pos is not None:
        data["pos"] = team.pos
    if team.books:
        data["books"] = dict(team.books)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode(value: str) -> Team | None:
    """What an X-ITINERARY-TEAM value carries, or None when it is not one (too large, not
    base64 JSON of the expected shape)."""
    if not value or len(value) > MAX_TEAM_BYTES:
        return None
    try:
        data = json.loads(base64.b64decode(value, validate=True).decode("utf-8"))
        if not isinstance(data, dict) or data.get("v") != 1 or not isinstance(data.get("record"), str):
            return None
        std = data.get("std", {})
        pos = data.get("pos")
        books = data.get("books", {})
        return Team(
            str(data["kind"]), data["record"],
            {str(k): str(v) for k, v in std.items()} if isinstance(std, dict) else {},
            read_log(data.get("log")),
            pos if isinstance(pos, int) and not isinstance(pos, bool) else None,
            {str(k): str(v) for k, v in books.items()} if isinstance(books, dict) else {},
        )
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, binascii.Error, UnicodeDecodeError):
        return None


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def std_of(item: Incoming) -> dict[str, str]:
    """A digest of each standard property of a copy, by the field it stands for."""
    values: dict[str, object] = {
        "title": item.summary.removesuffix(TBC_MARK), "time": [item.start.isoformat(), item.end.isoformat(), item.zone, item.all_day],
        "location": item.location, "attendees": sorted(item.attendees), "status": item.status, "visibility": item.klass,
        "transparent": item.transparent, "notes": item.description,
    }
    return {name: _digest(values[name]) for name in STD_FIELDS}


def changed_std(item: Incoming, carried: Mapping[str, str]) -> tuple[str, ...]:
    """The fields whose standard property another program changed since the record was written."""
    now = std_of(item)
    return tuple(name for name in STD_FIELDS if name in carried and carried[name] != now[name])


# --- events -------------------------------------------------------------------------------------


def event_resource(programme: Programme, event: Event, team: Team, *, sequence: int, travel: int | None = None) -> tuple[bytes, dict[str, str]]:
    """The event as a calendar of its own (with its VTIMEZONE): what a calendar app reads, and
    X-ITINERARY-TEAM for the team (its ``std`` taken from what is written here); with the
    digests of its standard properties."""
    variant = Variant(FULL)
    component = vevent(programme, event, variant, sequence=sequence, travel_minutes=travel)
    head = _head()
    zone = b""
    if not event.all_day and component.get("DTSTART") is not None and "TZID" in component["DTSTART"].params:
        zone = _zone(event.zone, event.start.date() - dt.timedelta(days=1), event.end.date() + dt.timedelta(days=1))
    [item] = read_items(head + component.to_ical() + b"END:VCALENDAR\r\n", programme.visit.zone)  # TZIDs are IANA names
    std = std_of(item)
    component.add("x-itinerary-team", icalendar.vText(encode(Team(team.kind, team.record, std, team.log, team.pos))))
    return head + zone + component.to_ical() + b"END:VCALENDAR\r\n", std


_ZONES: dict[tuple[str, int, int], bytes] = {}


def _zone(name: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE of ``name`` for the years of ``first`` to ``last`` (made once per run, as an export makes it)."""
    key = (name, first.year, last.year)
    if key not in _ZONES:
        _ZONES[key] = Exporter(Programme(_NO_VISIT), {}).zone(name, first, last)
    return _ZONES[key]


def _head() -> bytes:
    header = icalendar.Calendar()
    header.add("prodid", PRODID)
    header.add("version", "2.0")
    text: bytes = header.to_ical()
    return text[: text.rindex(b"END:VCALENDAR")]


def read_items(body: bytes, zone: str) -> list[Incoming]:
    """The events of a resource a replica wrote (one, never recurring); :class:`icsread.CalendarError`
    when it cannot be read."""
    return icsread.read_calendar(body, default_zone=zone, window=_FOREVER).items


def read_copy(body: bytes, visit: Visit, *, limit: int) -> icsread.Reading:
    """What a resource on the server holds now, whoever wrote it: a recurring event (another
    app's) is expanded over the visit's days only, one occurrence at a time, and refused as soon
    as it gives more than ``limit`` events (:class:`icsread.TooManyEvents`, naming the event and
    the bound, as an import of as many); :class:`icsread.CalendarError` when it cannot be read."""
    return icsread.read_calendar(body, default_zone=visit.zone, window=visit.bounds(), limit=limit)


# --- the visit's settings -------------------------------------------------------------------


def visit_resource(visit_id: str, title: str, team: Team, *, stamp: dt.datetime) -> bytes:
    """The visit's settings as a journal entry of the calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    entry = icalendar.Journal()
    entry.add("uid", VISIT_UID.format(visit=visit_id))
    entry.add("dtstamp", stamp)
    entry.add("summary", f"{title} — settings of the visit (itinerary)")
    entry.add("description", "The visit's settings, kept by itinerary for the officers who work on it. Do not edit.")
    entry.add("x-itinerary-team", icalendar.vText(encode(team)))
    cal.add_component(entry)
    data: bytes = cal.to_ical()
    return data


def read_visit(body: bytes) -> Team | None:
    """What the visit's settings entry carries, or None when the body is not one."""
    try:
        cal = icalendar.Calendar.from_ical(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, KeyError, IndexError, TypeError, RecursionError):
        return None
    for component in cal.walk("VJOURNAL"):
        carried = component.get("X-ITINERARY-TEAM")
        if carried is not None and not isinstance(carried, list):
            team = decode(str(carried).strip())
            if team is not None and team.kind == "visit":
                return team
    return None


def leg_minutes(programme: Programme) -> dict[str, int]:
    """Minutes of the travel leg before each of the guest's events (as exports give them)."""
    return Exporter(programme, {}).legs(programme.visit.guest or None)

