"""The records a data folder shares through a server, each under a key, with its canonical text,
its fields for a merge, and the resource that carries it.

=================  =====================================  ========================================
key                the record                             on the server
=================  =====================================  ========================================
``event:<uid>``    an event                               the calendar: a VEVENT (``<uid>.ics``)
``visit``          the visit's settings (not contacts)    the calendar: a VJOURNAL
``office``         an office's settings (not contacts)    the office's address book: a ``KIND:org`` card
``person:<id>``    a person of the folder's directory     the address book: a card (``person-<id>.vcf``)
``venue:<id>``     a venue                                 a ``KIND:location`` card
``contact:<id>``   a contact                               a card
``directory``      the folder's travel legs                the address book's group card
=================  =====================================  ========================================

A visit's folder shares its events, its settings and its own directory; an office's folder
shares its settings and the directory all its visits use, once for all of them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from itinerary.core import recordmerge
from itinerary.core.recordmerge import Fields
from itinerary.errors import InvalidData
from itinerary.formats import codec, teamics, vcard
from itinerary.formats.officefile import dumps_office, loads_office
from itinerary.formats.teamics import Team
from itinerary.i18n import N_, _
from itinerary.model import Contact, Person, Programme, TravelLeg, Venue
from itinerary.storage.store import Snapshot

Record = Any
"""An Event, Visit, Office, Person, Venue, Contact, or the travel legs (a tuple of TravelLeg)."""
PERSON_SKIP = ("id", "busy")
"""What a person's shared record leaves out: the id, and the busy calendar (a file of this folder)."""
DIRECTORY_KINDS = ("person", "venue", "contact")


def kind_of(key: str) -> str:
    """'event', 'visit', 'office', 'person', 'venue', 'contact' or 'directory'."""
    return key.split(":", 1)[0]


def ident(key: str) -> str:
    """The UID or id a key names ('' for the visit, the office and the legs)."""
    return key.split(":", 1)[1] if ":" in key else ""


def local_records(snapshot: Snapshot) -> dict[str, Record]:
    """Every record the folder shares, by key: a visit's events, settings and own directory, or an
    office's settings and directory."""
    programme, own = snapshot.programme, snapshot.own
    out: dict[str, Record] = {}
    if snapshot.office is not None:
        out["office"] = dataclasses.replace(snapshot.office, contacts=())
    else:
        out["visit"] = dataclasses.replace(programme.visit, contacts=())
        for event in programme.events:
            out[f"event:{programme.uid(event)}"] = event
    for person in own.people:
        out[f"person:{person.id}"] = person
    for venue in own.venues:
        out[f"venue:{venue.id}"] = venue
    for contact in own.contacts:
        out[f"contact:{contact.id}"] = contact
    if own.travel or snapshot.office is not None or own.people or own.venues or own.contacts:
        out["directory"] = tuple(own.travel)
    return out


def text_of(key: str, record: Record) -> str:
    """The record's canonical text (what a base keeps, what the server's copy carries). An
    event's carries its UID, whatever the visit's id in the folder that wrote it."""
    kind = kind_of(key)
    if kind == "event":
        return codec.dumps_event(dataclasses.replace(record, uid=ident(key)))
    if kind == "visit":
        return codec.dumps_visit(dataclasses.replace(record, contacts=()))
    if kind == "office":
        return dumps_office(dataclasses.replace(record, contacts=()))
    if kind == "directory":
        return json.dumps([[t.origin, t.destination, t.minutes, t.note, t.one_way] for t in record], ensure_ascii=False)
    data = dataclasses.asdict(record)
    data.pop("busy", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def localized(key: str, record: Record, visit_id: str) -> Record:
    """A record as this folder keeps it: an event's UID left out where the folder derives the
    same one from the event's id and the visit's."""
    if kind_of(key) != "event":
        return record
    uid = "" if f"{record.id}@{visit_id}.itinerary" == ident(key) else ident(key)
    return record if record.uid == uid else dataclasses.replace(record, uid=uid)


NOT_A = {"person": N_("not a person record"), "venue": N_("not a venue record"), "contact": N_("not a contact record"),
         "directory": N_("not a directory record")}
"""Why a shared text is not a record of its kind (the directory: the travel legs)."""

def record_of(key: str, text: str, where: str) -> Record:
    """The record a canonical text holds (InvalidData naming ``where`` when it holds none)."""
    kind = kind_of(key)
    if kind == "event":
        return codec.loads_event(text, where)
    if kind == "visit":
        return codec.loads_visit(text, where)
    if kind == "office":
        return loads_office(text, where)
    try:
        data = json.loads(text)
        if kind == "directory":
            return tuple(TravelLeg(str(o), str(d), int(m), str(n), bool(w)) for o, d, m, n, w in data)
        factory = {"person": Person, "venue": Venue, "contact": Contact}[kind]
        if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
            raise TypeError("not a record")
        return factory(**data)
    except InvalidData as err:
        raise err.located(where) from None
    except (ValueError, TypeError, KeyError, RecursionError):
        raise InvalidData(_(NOT_A.get(kind, NOT_A["directory"])), source=where) from None


def fields_of(key: str, record: Record) -> Fields:
    """The record's fields for a merge."""
    kind = kind_of(key)
    if kind == "event":
        return recordmerge.event_fields(record)
    if kind == "directory":
        return recordmerge.legs_fields(record)
    if kind == "visit":
        return recordmerge.visit_fields(record)
    return recordmerge.plain_fields(record, PERSON_SKIP if kind == "person" else ("id", "contacts"))


def rebuilt(key: str, template: Record, fields: Mapping[str, Any], order: Record | None = None) -> Record:
    """``template`` with ``fields`` (InvalidData when they make no valid record); ``order``, a
    version of the record whose list order (sources, legs) comes first."""
    kind = kind_of(key)
    if kind == "event":
        facts = [f for f, _ in (order or template).sources]
        return recordmerge.event_from(template, fields, facts)
    if kind == "directory":
        return recordmerge.legs_from(fields, [recordmerge.leg_key(t) for t in (order or template)])
    if kind == "visit":
        return recordmerge.visit_from(template, fields)
    return recordmerge.plain_from(template, fields, PERSON_SKIP if kind == "person" else ("id", "contacts"))


def event_href(calendar: str, uid: str) -> str:
    """Where an event's resource goes in the calendar: its UID, or a digest of a UID that is not
    a safe file name on every server."""
    name = uid if re.fullmatch(r"[A-Za-z0-9@._-]{1,120}", uid) and not uid.startswith(".") else hashlib.sha256(uid.encode()).hexdigest()[:32]
    return calendar.rstrip("/") + "/" + name + ".ics"


def card_uid(key: str, owner: str) -> str:
    """The UID of a directory record's card ('person-houngbo@ilo-dg-2026.itinerary')."""
    kind = kind_of(key)
    return f"{kind}-{ident(key)}@{owner}.itinerary" if ident(key) else f"{kind}@{owner}.itinerary"


def href_of(key: str, calendar: str, book: str, owner: str) -> str:
    """Where a record's resource goes."""
    kind = kind_of(key)
    if kind == "event":
        return event_href(calendar, ident(key))
    if kind == "visit":
        return calendar.rstrip("/") + "/" + teamics.VISIT_RESOURCE
    name = f"{kind}-{ident(key)}.vcf" if ident(key) else f"{kind}.vcf"
    return book.rstrip("/") + "/" + name


def body_of(programme: Programme, key: str, record: Record, team: Team, *, owner: str, sequence: int = 0,
            travel: int | None = None, stamp: Any = None, title: str = "") -> tuple[bytes, dict[str, str]]:
    """The resource that carries ``record`` (``team`` says what X-ITINERARY-TEAM adds), and the
    digests of its standard properties."""
    kind = kind_of(key)
    if kind == "event":
        return teamics.event_resource(programme, record, team, sequence=sequence, travel=travel)
    if kind == "visit":
        return teamics.visit_resource(programme.visit.id, record.title, team, stamp=stamp), {}
    uid = card_uid(key, owner)
    if kind == "person":
        body = vcard.person_card(record, uid, team)
    elif kind == "venue":
        body = vcard.venue_card(record, uid, team)
    elif kind == "contact":
        body = vcard.contact_card(record, uid, team)
    elif kind == "office":
        body = vcard.office_card(record.name, record.name_ko, uid, team)
    else:
        body = vcard.directory_card(title, uid, team)
    card = vcard.read_card(body)
    return body, card.std() if card is not None else {}


def key_of_card(card: vcard.Card) -> str | None:
    """The key of a directory record's card (None for a card itinerary did not write)."""
    team = card.team
    if team is None:
        return None
    if team.kind in ("directory", "office"):
        return team.kind
    if team.kind in DIRECTORY_KINDS:
        try:
            data = json.loads(team.record)
        except ValueError:
            return None
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            return f"{team.kind}:{data['id']}"
    return None


def ordered(records: Iterable[Any], places: Mapping[str, int | None]) -> tuple[Any, ...]:
    """Directory records in their shared order: by their place on the server, those without one
    (new here) after, in the folder's order."""
    items = list(records)
    return tuple(sorted(items, key=lambda r: (places.get(r.id) is None, places.get(r.id) or 0, items.index(r))))


def person_with_busy(person: Person, busy: str) -> Person:
    """A person taken from the server keeps this folder's busy calendar."""
    return dataclasses.replace(person, busy=busy) if busy != person.busy else person
