"""Changes to what the events stand on: the visit's settings, people, venues, travel legs and the
office's contacts. Each one a proposal for the one change path (validated, guarded, journaled,
undoable); removing one that events still use is refused, naming those events."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from itinerary.changes.library import Applied, Library, Proposal
from itinerary.core.agenda import suggest
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.model import Contact, Person, Programme, TravelLeg, Venue, Visit
from itinerary.storage.files import write_file
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE, Snapshot, Write

T = TypeVar("T", Person, Venue, Contact)


def _people(programme: Programme, people: tuple[Person, ...], changed: str) -> Proposal:
    after = Programme(programme.visit, people, programme.venues, programme.travel, programme.events)
    return Proposal(after, (Write(PEOPLE_FILE, codec.dumps_people(people).encode("utf-8"), (changed,)),))


def _venues(programme: Programme, venues: tuple[Venue, ...], travel: tuple[TravelLeg, ...], changed: str) -> Proposal:
    after = Programme(programme.visit, programme.people, venues, travel, programme.events)
    return Proposal(after, (Write(VENUES_FILE, codec.dumps_venues(venues, travel).encode("utf-8"), (changed,)),))


def _visit(programme: Programme, visit: Visit, changed: tuple[str, ...]) -> Proposal:
    after = Programme(visit, programme.people, programme.venues, programme.travel, programme.events)
    return Proposal(after, (Write(VISIT_FILE, codec.dumps_visit(visit).encode("utf-8"), changed),))


def _find(items: tuple[T, ...], item_id: str, what: str) -> T:
    for item in items:
        if item.id == item_id:
            return item
    hint = suggest(item_id, [i.id for i in items])
    raise NotFound(f"no {what} {item_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))


def _replaced(items: tuple[T, ...], new: T) -> tuple[T, ...]:
    return tuple(new if item.id == new.id else item for item in items)


def _edited(item: T, fields: Mapping[str, object]) -> tuple[T, tuple[str, ...]]:
    changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
    return dataclasses.replace(item, **changed), tuple(sorted(changed))  # type: ignore[arg-type]


def _change(library: Library, command: str, build: Callable[[Programme], Proposal]) -> Applied:
    return library.change(command, lambda snapshot: build(snapshot.programme))


# --- the visit -----------------------------------------------------------------------------------


def create(folder: Path, visit: Visit, *, people: tuple[Person, ...] = (), venues: tuple[Venue, ...] = (),
           travel: tuple[TravelLeg, ...] = ()) -> None:
    """Make a new data folder holding ``visit`` (and, copied from another visit, its people,
    venues and legs; never its events). Refuses a folder that already holds a visit."""
    if (folder / VISIT_FILE).exists() or (folder.exists() and any(folder.glob("*.toml"))):
        raise StorageError(f"{folder} already holds records; choose an empty or new folder")
    Programme(visit, people, venues, travel)  # the whole is checked before anything is written
    if visit.guest and visit.guest not in {p.id for p in people}:
        raise NotFound(f"no person {visit.guest!r} to be the guest (add people first, then `itinerary visit edit --guest`)")
    write_file(folder / PEOPLE_FILE, [codec.dumps_people(people).encode("utf-8")])
    write_file(folder / VENUES_FILE, [codec.dumps_venues(venues, travel).encode("utf-8")])
    write_file(folder / VISIT_FILE, [codec.dumps_visit(visit).encode("utf-8")])  # last: a folder is a visit once it is there


def edit_visit(library: Library, fields: Mapping[str, Any], *, force: bool = False) -> Applied:
    """Change the visit's settings (title, days, zones, guest, buffer, alarms, city speed…)."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        unknown = [k for k in fields if k not in Visit.__dataclass_fields__ or k in ("id", "contacts")]
        if unknown:
            raise InvalidData(f"{unknown[0]!r} is not a setting of the visit", field=unknown[0])
        visit, changed = _edited_visit(programme.visit, fields)
        if not changed:
            return Proposal(programme, (), message="Nothing to change in the visit.")
        return _visit(programme, visit, changed)

    return library.change("visit edit", propose, force=force)


def _edited_visit(visit: Visit, fields: Mapping[str, Any]) -> tuple[Visit, tuple[str, ...]]:
    changed = {k: v for k, v in fields.items() if getattr(visit, k) != v}
    return dataclasses.replace(visit, **changed), tuple(sorted(changed))


# --- people --------------------------------------------------------------------------------------


def add_person(library: Library, person: Person) -> Applied:
    """Add a person to the visit."""

    def build(programme: Programme) -> Proposal:
        if person.id in programme.people_by_id:
            raise InvalidData(f"a person with id {person.id!r} already exists; choose another id", field="id")
        return _people(programme, (*programme.people, person), person.id)

    return _change(library, f"person add {person.id}", build)


def edit_person(library: Library, person_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a person's name, title, organisation, home zone…"""

    def build(programme: Programme) -> Proposal:
        person, changed = _edited(_find(programme.people, person_id, "person"), fields)
        if not changed:
            return Proposal(programme, (), message=f"Nothing to change in {person_id}.")
        return _people(programme, _replaced(programme.people, person), f"{person_id}: {', '.join(changed)}")

    return _change(library, f"person edit {person_id}", build)


def remove_person(library: Library, person_id: str) -> Applied:
    """Remove a person no event uses (refused otherwise, naming the events)."""

    def build(programme: Programme) -> Proposal:
        _find(programme.people, person_id, "person")
        return _people(programme, tuple(p for p in programme.people if p.id != person_id), person_id)

    return _change(library, f"person remove {person_id}", build)


# --- venues and travel legs ----------------------------------------------------------------------


def add_venue(library: Library, venue: Venue) -> Applied:
    """Add a venue to the visit."""

    def build(programme: Programme) -> Proposal:
        if venue.id in programme.venues_by_id:
            raise InvalidData(f"a venue with id {venue.id!r} already exists; choose another id", field="id")
        return _venues(programme, (*programme.venues, venue), programme.travel, venue.id)

    return _change(library, f"venue add {venue.id}", build)


def edit_venue(library: Library, venue_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a venue's name, address, coordinates, exclusivity…"""

    def build(programme: Programme) -> Proposal:
        venue, changed = _edited(_find(programme.venues, venue_id, "venue"), fields)
        if not changed:
            return Proposal(programme, (), message=f"Nothing to change in {venue_id}.")
        return _venues(programme, _replaced(programme.venues, venue), programme.travel, f"{venue_id}: {', '.join(changed)}")

    return _change(library, f"venue edit {venue_id}", build)


def remove_venue(library: Library, venue_id: str) -> Applied:
    """Remove a venue no event and no travel leg uses (refused otherwise, naming them)."""

    def build(programme: Programme) -> Proposal:
        _find(programme.venues, venue_id, "venue")
        return _venues(programme, tuple(v for v in programme.venues if v.id != venue_id), programme.travel, venue_id)

    return _change(library, f"venue remove {venue_id}", build)


def add_leg(library: Library, leg: TravelLeg) -> Applied:
    """Add (or replace) the travel time between two venues; it holds both ways unless one-way."""

    def build(programme: Programme) -> Proposal:
        for end in (leg.origin, leg.destination):
            _find(programme.venues, end, "venue")
        others = tuple(t for t in programme.travel if (t.origin, t.destination) != (leg.origin, leg.destination))
        if not leg.one_way:  # both ways: a leg given the other way is replaced too
            others = tuple(t for t in others if (t.origin, t.destination) != (leg.destination, leg.origin))
        return _venues(programme, programme.venues, (*others, leg), f"{leg.origin} → {leg.destination}")

    return _change(library, f"leg add {leg.origin} {leg.destination}", build)


def remove_leg(library: Library, origin: str, destination: str) -> Applied:
    """Remove the travel leg from ``origin`` to ``destination`` (and back, if given that way)."""

    def build(programme: Programme) -> Proposal:
        pairs = {(origin, destination), (destination, origin)}
        kept = tuple(t for t in programme.travel if (t.origin, t.destination) not in pairs)
        if len(kept) == len(programme.travel):
            raise NotFound(f"no travel leg between {origin} and {destination} (see `itinerary venues`)")
        return _venues(programme, programme.venues, kept, f"{origin} → {destination}")

    return _change(library, f"leg remove {origin} {destination}", build)


# --- the office's contacts -----------------------------------------------------------------------


def _with_contacts(programme: Programme, contacts: tuple[Contact, ...], changed: str) -> Proposal:
    return _visit(programme, dataclasses.replace(programme.visit, contacts=contacts), (f"contacts: {changed}",))


def add_contact(library: Library, contact: Contact) -> Applied:
    """Add one of the office's contacts."""

    def build(programme: Programme) -> Proposal:
        if contact.id in programme.contacts_by_id:
            raise InvalidData(f"a contact with id {contact.id!r} already exists; choose another id", field="id")
        return _with_contacts(programme, (*programme.visit.contacts, contact), contact.id)

    return _change(library, f"contact add {contact.id}", build)


def edit_contact(library: Library, contact_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a contact's name, role, phone or e-mail."""

    def build(programme: Programme) -> Proposal:
        contact, changed = _edited(_find(programme.visit.contacts, contact_id, "contact"), fields)
        if not changed:
            return Proposal(programme, (), message=f"Nothing to change in {contact_id}.")
        return _with_contacts(programme, _replaced(programme.visit.contacts, contact), f"{contact_id}: {', '.join(changed)}")

    return _change(library, f"contact edit {contact_id}", build)


def remove_contact(library: Library, contact_id: str) -> Applied:
    """Remove a contact no event names (refused otherwise, naming the events)."""

    def build(programme: Programme) -> Proposal:
        _find(programme.visit.contacts, contact_id, "contact")
        return _with_contacts(programme, tuple(c for c in programme.visit.contacts if c.id != contact_id), contact_id)

    return _change(library, f"contact remove {contact_id}", build)
