"""The domain of a visit: frozen values whose invariants are checked when they are made.

Times are always aware. An event keeps its local wall time in the IANA zone it names
(``zone``); the zone's rules come from the IANA database through :mod:`zoneinfo`, so a meeting
at 14:00 Seoul time stays at 14:00 whatever the offset. Nothing here reads files, the clock or
the terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from itinerary.errors import InvalidData

T = TypeVar("T")

SCHEMA_VERSION = 1
"""Version of the record format; written into every record file."""

KINDS = ("meeting", "ceremony", "site-visit", "transfer", "meal", "press", "other")
STATUSES = ("confirmed", "tentative", "cancelled")
VISIBILITIES = ("public", "restricted")
RESTRICTABLE_FIELDS = ("notes", "agenda", "attachments", "contacts", "participants", "venue")
"""Fields of a public event that can be held back one by one (``restricted_fields``)."""

MAX_TEXT = 20_000
"""Longest text field accepted, in characters (an attachment may hold a full speech)."""
MAX_TITLE = 300
"""Longest title accepted, in characters."""

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


UTC = ZoneInfo("UTC")


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC: compare instants this way, never by wall time."""
    return moment.astimezone(UTC)


def zone(name: str, *, field_name: str = "zone") -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is invalid data."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name:
        raise InvalidData(f"unknown time zone {name!r}", field=field_name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidData(f"unknown time zone {name!r} (use an IANA name such as Asia/Seoul)", field=field_name) from None


def shift(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``moment`` plus an elapsed ``delta``, in the same zone (Python's ``+`` on an aware
    datetime adds wall-clock time, which is wrong across a change of offset)."""
    return (utc(moment) + delta).astimezone(moment.tzinfo)


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Elapsed time from ``start`` to ``end`` (not the difference of their wall times)."""
    return utc(end) - utc(start)


def trusted(cls: type[T], fields: Mapping[str, object]) -> T:
    """An instance of the frozen dataclass ``cls`` from fields that were validated when first
    made (a cache of parsed records): the checks of ``__post_init__`` are not run again."""
    instance = object.__new__(cls)
    for name in cls.__dataclass_fields__:  # type: ignore[attr-defined]
        object.__setattr__(instance, name, fields[name])
    return instance


def localize(wall: dt.datetime, zone_name: str, *, field_name: str = "start") -> dt.datetime:
    """The wall time ``wall`` (naive) in the zone ``zone_name``, refusing a time that zone skips.

    A wall time that occurs twice (the hour repeated when daylight saving ends) is taken at its
    first occurrence.
    """
    tz = zone(zone_name, field_name="zone")
    moment = wall.replace(tzinfo=tz, fold=0)
    if utc(moment).astimezone(tz).replace(tzinfo=None) != wall:
        raise InvalidData(f"{wall:%Y-%m-%d %H:%M} does not exist in {zone_name} (clocks skip it)", field=field_name)
    return moment


def check_id(value: str, *, field_name: str = "id") -> str:
    """``value`` if it is a valid id: lower-case letters, digits and inner hyphens, 1–80 long.

    Ids name files, so this also guarantees no id can point outside the data folder.
    """
    if not isinstance(value, str) or not _SLUG.match(value):
        raise InvalidData(
            f"{value!r} is not a valid id (lower-case letters, digits and hyphens, 1-80 characters)",
            field=field_name,
        )
    return value


def check_text(value: str, *, field_name: str, multiline: bool = False, limit: int = MAX_TEXT) -> str:
    """``value`` if it is acceptable text: no control characters, not over ``limit``."""
    if not isinstance(value, str):
        raise InvalidData(f"expected text, got {type(value).__name__}", field=field_name)
    if len(value) > limit:
        raise InvalidData(f"text of {len(value)} characters is over the limit of {limit}", field=field_name)
    pattern = _CONTROL if multiline else _CONTROL_IN_LINE
    bad = pattern.search(value)
    if bad:
        raise InvalidData(f"control character U+{ord(bad.group()):04X} is not allowed", field=field_name)
    return value


def slugify(text: str) -> str:
    """An id derived from a title: ASCII letters and digits joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = "-".join(words)[:80].strip("-")
    return slug or "event"


def _aware(value: dt.datetime, tz: ZoneInfo, field_name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InvalidData("expected a date and time", field=field_name)
    if value.tzinfo is None:
        raise InvalidData("time has no time zone", field=field_name)
    return value.astimezone(tz)


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone to call about the visit or an event."""

    id: str
    """Slug used by events to refer to this contact."""
    name: str
    """Name in Latin letters."""
    name_ko: str = ""
    """Name in Korean, exactly as the source writes it."""
    role: str = ""
    """Position, e.g. 'Director, International Cooperation Division'."""
    phone: str = ""
    """Telephone number in international form."""
    email: str = ""
    """E-mail address."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="contacts.id")
        for name in ("name", "name_ko", "role", "phone", "email"):
            check_text(getattr(self, name), field_name=f"contacts.{name}", limit=MAX_TITLE)
        if not self.name:
            raise InvalidData("a contact needs a name", field="contacts.name")


@dataclass(frozen=True)
class Visit:
    """The visit as a whole: its days, zones, guest and organising office."""

    id: str
    """Slug of the visit; part of every exported UID, so it never changes."""
    title: str
    """Title in English."""
    first_day: dt.date
    """First day of the visit (local)."""
    last_day: dt.date
    """Last day of the visit (local), inclusive."""
    guest: str
    """Person id of the principal guest."""
    title_ko: str = ""
    """Title in Korean."""
    zone: str = "Asia/Seoul"
    """The host's local IANA zone; new events default to it."""
    guest_zone: str = "Europe/Zurich"
    """The guest's home zone, shown beside local time."""
    guest_zone_label: str = ""
    """How to name the guest's zone on screen (e.g. 'Geneva'); the zone's city when empty."""
    office: str = ""
    """The organising office, in English."""
    office_ko: str = ""
    """The organising office, in Korean."""
    office_email: str = ""
    """The office's e-mail address (the ORGANIZER of exported events)."""
    contacts: tuple[Contact, ...] = ()
    """The office's contacts."""
    buffer_minutes: int = 10
    """Protocol buffer kept between consecutive events of one person, in minutes."""
    city_speed_kmh: float = 25.0
    """Average road speed used to estimate a travel leg from coordinates."""
    alarm_minutes: int | None = 30
    """Default reminder before each event in calendar exports; None for none."""
    notes: str = ""
    """Free notes about the visit."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        check_text(self.title, field_name="title", limit=MAX_TITLE)
        check_text(self.title_ko, field_name="title_ko", limit=MAX_TITLE)
        check_text(self.guest_zone_label, field_name="guest_zone_label", limit=40)
        check_text(self.office, field_name="office", limit=MAX_TITLE)
        check_text(self.office_ko, field_name="office_ko", limit=MAX_TITLE)
        check_text(self.notes, field_name="notes", multiline=True)
        check_id(self.guest, field_name="guest")
        zone(self.zone, field_name="zone")
        zone(self.guest_zone, field_name="guest_zone")
        if self.last_day < self.first_day:
            raise InvalidData("the last day is before the first day", field="last_day")
        if not 0 <= self.buffer_minutes <= 24 * 60:
            raise InvalidData("must be between 0 and 1440 minutes", field="buffer_minutes")
        if not 1 <= self.city_speed_kmh <= 300:
            raise InvalidData("must be between 1 and 300 km/h", field="city_speed_kmh")
        if self.alarm_minutes is not None and not 0 <= self.alarm_minutes <= 7 * 24 * 60:
            raise InvalidData("must be between 0 and 10080 minutes", field="alarm_minutes")
        ids = [c.id for c in self.contacts]
        if len(ids) != len(set(ids)):
            raise InvalidData("two contacts share an id", field="contacts")

    @cached_property
    def tz(self) -> ZoneInfo:
        """The local zone."""
        return ZoneInfo(self.zone)

    def contact(self, contact_id: str) -> Contact | None:
        """The contact with this id, if any."""
        return next((c for c in self.contacts if c.id == contact_id), None)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Start of the first day and end of the last day, local, as a half-open interval."""
        start = dt.datetime.combine(self.first_day, dt.time(), self.tz)
        end = dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time(), self.tz)
        return start, end


@dataclass(frozen=True, slots=True)
class Person:
    """A participant of the programme."""

    id: str
    """Slug; events list participants by it."""
    name: str
    """Name in Latin letters."""
    name_ko: str = ""
    """Name in Korean, exactly as the source writes it."""
    title: str = ""
    """Position."""
    organisation: str = ""
    """Organisation."""
    zone: str = "Asia/Seoul"
    """Home time zone."""
    short_name: str = ""
    """Short form used in messages (e.g. 'Houngbo'); the full name when empty."""
    email: str = ""
    """E-mail address, if known."""
    busy: str = ""
    """Path (relative to the data folder) of an .ics file or folder with outside commitments."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        for name in ("name", "name_ko", "title", "organisation", "short_name", "email", "busy"):
            check_text(getattr(self, name), field_name=name, limit=MAX_TITLE)
        if not self.name:
            raise InvalidData("a person needs a name", field="name")
        zone(self.zone, field_name="zone")

    @property
    def label(self) -> str:
        """How messages name this person."""
        return self.short_name or self.name


@dataclass(frozen=True, slots=True)
class Venue:
    """A place where events happen."""

    id: str
    """Slug; events name their venue by it."""
    name: str
    """Name in English."""
    name_ko: str = ""
    """Name in Korean."""
    address: str = ""
    """Street address, as far as known."""
    city: str = ""
    """City."""
    latitude: float | None = None
    """WGS 84 latitude in degrees, when known."""
    longitude: float | None = None
    """WGS 84 longitude in degrees, when known."""
    exclusive: bool = False
    """True when two events may never share the venue at once."""
    notes: str = ""
    """What is known and not known about the venue."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        for name in ("name", "name_ko", "address", "city"):
            check_text(getattr(self, name), field_name=name, limit=MAX_TITLE)
        check_text(self.notes, field_name="notes", multiline=True)
        if not self.name:
            raise InvalidData("a venue needs a name", field="name")
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidData("give both latitude and longitude, or neither", field="latitude")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise InvalidData("must be between -90 and 90", field="latitude")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise InvalidData("must be between -180 and 180", field="longitude")

    @property
    def location(self) -> str:
        """Name and address on one line."""
        return ", ".join(part for part in (self.name, self.address) if part)


@dataclass(frozen=True, slots=True)
class TravelLeg:
    """Planning time to travel from one venue to another."""

    origin: str
    """Venue id the leg starts at."""
    destination: str
    """Venue id the leg ends at."""
    minutes: int
    """Door-to-door travel time in minutes."""
    note: str = ""
    """Where the figure comes from."""

    def __post_init__(self) -> None:
        check_id(self.origin, field_name="travel.from")
        check_id(self.destination, field_name="travel.to")
        if self.origin == self.destination:
            raise InvalidData("a travel leg joins two different venues", field="travel.to")
        if not 0 <= self.minutes <= 48 * 60:
            raise InvalidData("must be between 0 and 2880 minutes", field="travel.minutes")
        check_text(self.note, field_name="travel.note", limit=MAX_TITLE)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A text that belongs to an event, such as the minister's remarks."""

    title: str
    """What the text is."""
    text: str
    """The text itself."""
    lang: str = ""
    """Language tag of the text (e.g. 'ko')."""

    def __post_init__(self) -> None:
        check_text(self.title, field_name="attachments.title", limit=MAX_TITLE)
        check_text(self.text, field_name="attachments.text", multiline=True)
        check_text(self.lang, field_name="attachments.lang", limit=16)
        if not self.title:
            raise InvalidData("an attachment needs a title", field="attachments.title")


@dataclass(frozen=True, slots=True)
class Event:
    """One item of the programme.

    ``start`` and ``end`` are aware datetimes in the event's ``zone``. When ``time_tbc`` is
    true they are not the event's time but the planning window it must fall in: the event is
    known to happen in that window, its exact time is to be confirmed.
    """

    id: str
    """Slug; also the record's file name."""
    title: str
    """Title in English."""
    start: dt.datetime
    """Start (or start of the planning window when ``time_tbc``)."""
    end: dt.datetime
    """End, exclusive (or end of the planning window when ``time_tbc``)."""
    zone: str = "Asia/Seoul"
    """IANA zone of the wall times."""
    title_ko: str = ""
    """Title in Korean."""
    kind: str = "meeting"
    """One of :data:`KINDS`."""
    time_tbc: bool = False
    """True when the time is not confirmed and start/end are a planning window."""
    venue: str | None = None
    """Venue id, or None when the venue is not yet known."""
    participants: tuple[str, ...] = ()
    """Person ids."""
    status: str = "confirmed"
    """One of :data:`STATUSES`."""
    visibility: str = "public"
    """One of :data:`VISIBILITIES`."""
    restricted_fields: tuple[str, ...] = ()
    """Fields withheld from public variants even though the event itself is public."""
    overlap_ok: bool = False
    """True for events that may run alongside others (a standby, a press holding)."""
    notes: str = ""
    """Free notes."""
    agenda: tuple[str, ...] = ()
    """Agenda items, in order."""
    attachments: tuple[Attachment, ...] = ()
    """Texts that belong to the event."""
    contacts: tuple[str, ...] = ()
    """Ids of the visit's contacts responsible for this event."""
    sources: tuple[tuple[str, str], ...] = ()
    """Where each fact comes from: (fact, source) pairs."""
    alarm_minutes: int | None = None
    """Reminder before the event in exports; None uses the visit's default."""
    uid: str = ""
    """UID of the event in the calendar it was imported from; empty for events made here,
    whose UID is derived from the visit and the event id."""
    revision: int = 1
    """Raised by one on every change of the record."""
    updated: dt.datetime | None = None
    """When the record last changed (UTC); exported as LAST-MODIFIED."""

    def __post_init__(self) -> None:
        check_id(self.id)
        check_text(self.title, field_name="title", limit=MAX_TITLE)
        if not self.title.strip():
            raise InvalidData("an event needs a title", field="title")
        check_text(self.title_ko, field_name="title_ko", limit=MAX_TITLE)
        tz = zone(self.zone)
        object.__setattr__(self, "start", _aware(self.start, tz, "start"))
        object.__setattr__(self, "end", _aware(self.end, tz, "end"))
        if utc(self.end) <= utc(self.start):
            raise InvalidData(
                f"end {self.end:%Y-%m-%d %H:%M} is not after start {self.start:%Y-%m-%d %H:%M}",
                field="window_end" if self.time_tbc else "end",
            )
        if elapsed(self.start, self.end) > dt.timedelta(days=31):
            raise InvalidData("an event cannot last more than 31 days", field="end")
        _one_of(self.kind, KINDS, "kind")
        _one_of(self.status, STATUSES, "status")
        _one_of(self.visibility, VISIBILITIES, "visibility")
        for name in self.restricted_fields:
            _one_of(name, RESTRICTABLE_FIELDS, "restricted_fields")
        if self.venue is not None:
            check_id(self.venue, field_name="venue")
        for person in self.participants:
            check_id(person, field_name="participants")
        if len(set(self.participants)) != len(self.participants):
            raise InvalidData("a participant is listed twice", field="participants")
        for contact in self.contacts:
            check_id(contact, field_name="contacts")
        check_text(self.notes, field_name="notes", multiline=True)
        for item in self.agenda:
            check_text(item, field_name="agenda", limit=MAX_TITLE * 4)
        for fact, text in self.sources:
            check_text(fact, field_name="source", limit=MAX_TITLE)
            check_text(text, field_name=f"source.{fact}", multiline=True, limit=MAX_TITLE * 4)
        if self.alarm_minutes is not None and not 0 <= self.alarm_minutes <= 7 * 24 * 60:
            raise InvalidData("must be between 0 and 10080 minutes", field="alarm_minutes")
        check_text(self.uid, field_name="uid", limit=MAX_TITLE)
        if self.revision < 1:
            raise InvalidData("must be 1 or more", field="revision")
        if self.updated is not None:
            object.__setattr__(self, "updated", _aware(self.updated, UTC, "updated"))

    @property
    def cancelled(self) -> bool:
        """True when the event will not take place."""
        return self.status == "cancelled"

    @property
    def confirmed(self) -> bool:
        """True when both the event and its time are confirmed."""
        return self.status == "confirmed" and not self.time_tbc

    def involves(self, person_id: str) -> bool:
        """True when ``person_id`` takes part."""
        return person_id in self.participants

    def public_field(self, name: str) -> bool:
        """True when ``name`` may be shown in public variants."""
        return self.visibility == "public" and name not in self.restricted_fields


CONTENT_FIELDS = (
    "title", "title_ko", "kind", "status", "visibility", "time_tbc", "zone", "start", "end", "venue", "participants",
    "notes", "agenda", "attachments", "contacts", "overlap_ok", "restricted_fields", "alarm_minutes", "sources",
)
"""The fields that make an event's content; bookkeeping (id, uid, revision, updated) is not content."""


def content(event: Event) -> tuple[object, ...]:
    """The event's content, for comparisons."""
    return tuple(getattr(event, name) for name in CONTENT_FIELDS)


def _one_of(value: str, allowed: Iterable[str], field_name: str) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidData(f"{value!r} is not one of {', '.join(allowed)}", field=field_name)


@dataclass(frozen=True)
class Programme:
    """Everything known about a visit: the visit, its people, venues, travel legs and events."""

    visit: Visit
    """The visit."""
    people: tuple[Person, ...] = ()
    """Its people, in file order."""
    venues: tuple[Venue, ...] = ()
    """Its venues, in file order."""
    travel: tuple[TravelLeg, ...] = ()
    """Planning times between venues."""
    events: tuple[Event, ...] = field(default=())
    """Its events, in start order."""

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.events, key=event_order))
        object.__setattr__(self, "events", ordered)

    @cached_property
    def people_by_id(self) -> Mapping[str, Person]:
        """People by id."""
        return {p.id: p for p in self.people}

    @cached_property
    def venues_by_id(self) -> Mapping[str, Venue]:
        """Venues by id."""
        return {v.id: v for v in self.venues}

    @cached_property
    def events_by_id(self) -> Mapping[str, Event]:
        """Events by id."""
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> Event | None:
        """The event with this id, if any."""
        return self.events_by_id.get(event_id)

    def with_events(self, events: Iterable[Event]) -> Programme:
        """The same programme with another set of events."""
        return Programme(self.visit, self.people, self.venues, self.travel, tuple(events))

    def replacing(self, event: Event) -> Programme:
        """The programme with ``event`` added, or replacing the event of the same id."""
        others = [e for e in self.events if e.id != event.id]
        return self.with_events([*others, event])

    def person_label(self, person_id: str) -> str:
        """The short name of a person, or the id when unknown."""
        person = self.people_by_id.get(person_id)
        return person.label if person else person_id

    def venue_label(self, venue_id: str | None) -> str:
        """The venue's name, or 'venue TBC'."""
        if venue_id is None:
            return "venue TBC"
        venue = self.venues_by_id.get(venue_id)
        return venue.name if venue else venue_id

    def references(self) -> list[tuple[str, str, str]]:
        """Dangling references as (event id, field, value): unknown people, venues, contacts."""
        problems = []
        for event in self.events:
            for person in event.participants:
                if person not in self.people_by_id:
                    problems.append((event.id, "participants", person))
            if event.venue is not None and event.venue not in self.venues_by_id:
                problems.append((event.id, "venue", event.venue))
            for contact in event.contacts:
                if self.visit.contact(contact) is None:
                    problems.append((event.id, "contacts", contact))
        return problems


def event_order(event: Event) -> tuple[dt.datetime, dt.datetime, str]:
    """Sort key of events: start instant, then end instant, then id."""
    return (utc(event.start), utc(event.end), event.id)
