"""The values of a visit besides its events: the visit itself, people, venues, travel legs,
contacts and outside commitments (its papers are in :mod:`.papers`). Frozen; invariants checked
when made. Pure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from itinerary.errors import InvalidData
from itinerary.i18n import _, language
from itinerary.i18n.dates import korean_days
from itinerary.model.checks import ID_PATTERN, MAX_TITLE, check_id, check_text
from itinerary.model.papers import Document, Handling
from itinerary.model.recipient import Mail
from itinerary.model.times import in_range, zone


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
    role_ko: str = ""
    """Position in Korean, e.g. '국제협력담당관'."""
    phone: str = ""
    """Telephone number in international form."""
    email: str = ""
    """E-mail address."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="contacts.id")
        for name in ("name", "name_ko", "role", "role_ko", "phone", "email"):
            check_text(getattr(self, name), field_name=f"contacts.{name}", limit=MAX_TITLE)
        if not self.name:
            raise InvalidData(_("a contact needs a name"), field="contacts.name")


_CITATION = re.compile(rf"({ID_PATTERN})(?::\s*(.*))?\Z", re.S)
"""A source text that starts with a document id: 'id' or 'id: the rest'."""


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
    """Person id of the principal guest ('' while the visit has no people yet)."""
    title_ko: str = ""
    """Title in Korean."""
    zone: str = "Asia/Seoul"
    """The host's local IANA zone; new events default to it."""
    guest_zone: str = "Europe/Zurich"
    """The guest's home zone, shown beside local time."""
    guest_zone_label: str = ""
    """How to name the guest's zone on screen (e.g. 'Geneva'); the zone's city when empty."""
    guest_zone_label_ko: str = ""
    """The same in Korean (e.g. '제네바'); the zone's city in Korean when empty."""
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
    handling: Handling = field(default_factory=Handling)
    """The handling line printed on each audience's programme book."""
    documents: tuple[Document, ...] = ()
    """The documents the records' facts come from, cited by id in event sources."""
    mail: Mail = field(default_factory=Mail)
    """How revision notices are sent (``[mail]``: server, user, the password's variable, sender)."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        check_text(self.title, field_name="title", limit=MAX_TITLE)
        check_text(self.title_ko, field_name="title_ko", limit=MAX_TITLE)
        check_text(self.guest_zone_label, field_name="guest_zone_label", limit=40)
        check_text(self.guest_zone_label_ko, field_name="guest_zone_label_ko", limit=40)
        check_text(self.office, field_name="office", limit=MAX_TITLE)
        check_text(self.office_ko, field_name="office_ko", limit=MAX_TITLE)
        check_text(self.notes, field_name="notes", multiline=True)
        if self.guest:
            check_id(self.guest, field_name="guest")
        zone(self.zone, field_name="zone")
        zone(self.guest_zone, field_name="guest_zone")
        in_range(self.first_day, "first_day")
        in_range(self.last_day, "last_day")
        if self.last_day < self.first_day:
            raise InvalidData(_("the last day is before the first day"), field="last_day")
        if not 0 <= self.buffer_minutes <= 24 * 60:
            raise InvalidData(_("must be between {low} and {high} minutes", low=0, high=1440), field="buffer_minutes")
        if not 1 <= self.city_speed_kmh <= 300:
            raise InvalidData(_("must be between {low} and {high} km/h", low=1, high=300), field="city_speed_kmh")
        if self.alarm_minutes is not None and not 0 <= self.alarm_minutes <= 7 * 24 * 60:
            raise InvalidData(_("must be between {low} and {high} minutes", low=0, high=10080), field="alarm_minutes")
        ids = [c.id for c in self.contacts]
        if len(ids) != len(set(ids)):
            raise InvalidData(_("two contacts share an id"), field="contacts")
        documents = [d.id for d in self.documents]
        if len(documents) != len(set(documents)):
            raise InvalidData(_("two documents share an id"), field="documents")

    @cached_property
    def tz(self) -> ZoneInfo:
        """The local zone."""
        return ZoneInfo(self.zone)

    def contact(self, contact_id: str) -> Contact | None:
        """The contact with this id, if any."""
        return next((c for c in self.contacts if c.id == contact_id), None)

    def document(self, document_id: str) -> Document | None:
        """The source document with this id, if any."""
        return next((d for d in self.documents if d.id == document_id), None)

    def cited(self, text: str) -> tuple[Document | None, str]:
        """(the document a source text cites, the rest of the text): ``"moel-release: 'quote'"``
        gives the document ``moel-release`` and ``"'quote'"``; a text citing no known document
        gives (None, the text)."""
        found = _CITATION.match(text)
        document = self.document(found.group(1)) if found else None
        if found is None or document is None:
            return None, text
        return document, found.group(2)

    def cite(self, text: str, lang: str = "en") -> str:
        """A source text as people read it: the cited document's title and date for its id
        ("MoEL press release, 2026-05-21: 'quote'"); a text citing no document as it is."""
        document, rest = self.cited(text)
        if document is None:
            return text
        return f"{document.label(lang)}: {rest}" if rest else document.label(lang)

    @property
    def days_text(self) -> str:
        """The visit's days as a person writes them, in the interface's language: '21–22 May
        2026', '30 May–2 Jun 2026' (Korean '2026년 5월 21일(목)~22일(금)')."""
        return self.days_said()

    def days_said(self, lang: str | None = None) -> str:
        """The visit's days as :attr:`days_text` writes them, in ``lang`` (the interface's
        language when None)."""
        first, last = self.first_day, self.last_day
        if (lang or language()) == "ko":
            return korean_days(first, last)
        end = f"{last.day} {last:%b} {last.year}"
        if first == last:
            return end
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{end}"
        return f"{first.day} {first:%b}" + (f" {first.year}" if first.year != last.year else "") + f"–{end}"

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
    title_ko: str = ""
    """Position or form of address in Korean, as Korean names the person after the name
    ('장관': "김영훈 장관"; '사무총장')."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        for name in ("name", "name_ko", "title", "organisation", "short_name", "email", "busy", "title_ko"):
            check_text(getattr(self, name), field_name=name, limit=MAX_TITLE)
        if not self.name:
            raise InvalidData(_("a person needs a name"), field="name")
        zone(self.zone, field_name="zone")

    @property
    def label(self) -> str:
        """How messages name this person."""
        return self.short_name or self.name

    def named(self, lang: str | None = None) -> str:
        """How a message in ``lang`` names this person (the interface's language when None):
        :attr:`label`, in Korean :attr:`korean` ("김영훈 장관") when the records have it."""
        if (lang or language()) == "ko" and self.name_ko:
            return self.korean
        return self.label

    @property
    def korean(self) -> str:
        """How Korean names this person: the Korean name and title ("김영훈 장관"); the title
        alone when it is the name ("대통령"); '' without a Korean name."""
        if not self.name_ko:
            return ""
        if not self.title_ko or self.name_ko.endswith(self.title_ko):
            return self.name_ko
        return f"{self.name_ko} {self.title_ko}"


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
    address_ko: str = ""
    """The address in Korean, as Korean writes it."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        for name in ("name", "name_ko", "address", "city", "address_ko"):
            check_text(getattr(self, name), field_name=name, limit=MAX_TITLE)
        check_text(self.notes, field_name="notes", multiline=True)
        if not self.name:
            raise InvalidData(_("a venue needs a name"), field="name")
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidData(_("give both latitude and longitude, or neither"), field="latitude")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise InvalidData(_("must be between {low} and {high}", low=-90, high=90), field="latitude")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise InvalidData(_("must be between {low} and {high}", low=-180, high=180), field="longitude")

    def named(self, lang: str | None = None) -> str:
        """The venue's name in ``lang`` (the interface's language when None): the Korean name
        in Korean, when recorded."""
        return self.name_ko if (lang or language()) == "ko" and self.name_ko else self.name

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
    one_way: bool = False
    """True when the figure holds only from ``origin`` to ``destination`` (the way back is
    unknown unless a leg gives it); a leg holds both ways otherwise."""

    def __post_init__(self) -> None:
        check_id(self.origin, field_name="travel.from")
        check_id(self.destination, field_name="travel.to")
        if self.origin == self.destination:
            raise InvalidData(_("a travel leg joins two different venues"), field="travel.to")
        if not 0 <= self.minutes <= 48 * 60:
            raise InvalidData(_("must be between {low} and {high} minutes", low=0, high=2880), field="travel.minutes")
        check_text(self.note, field_name="travel.note", limit=MAX_TITLE)


@dataclass(frozen=True, slots=True)
class Busy:
    """An outside commitment of one person (from a busy calendar, or another visit's event), or
    an exclusive venue held by another visit of the office."""

    person: str
    """Person id ('' for a venue held elsewhere)."""
    start: dt.datetime
    """Start, aware."""
    end: dt.datetime
    """End, aware, exclusive."""
    title: str = ""
    """Title from the calendar; shown only where asked for."""
    uid: str = ""
    """Identity in its calendar."""
    origin: str = ""
    """Where the commitment comes from: '' for a busy calendar, or the other visit's name."""
    venue: str = ""
    """The exclusive venue the other visit's event holds, when it is the venue that is busy."""
