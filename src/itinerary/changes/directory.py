"""Changes to what the events stand on: the visit's settings, people, venues, travel legs and the
office's contacts. Each one a proposal for the one change path (validated, guarded, journaled,
undoable); removing one that events still use is refused, naming those events."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from itinerary.changes.library import Applied, Library, Proposal
from itinerary.core.agenda import suggest
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.formats.officefile import OFFICE_FILE, dumps_office
from itinerary.i18n import N_, _
from itinerary.model import Contact, Person, Programme, TravelLeg, Venue, Visit
from itinerary.storage.files import write_file
from itinerary.storage.office import office_of
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE, Snapshot, Store, Write

T = TypeVar("T", Person, Venue, Contact)
KINDS = {"person": "people", "venue": "venues", "contact": "contacts"}


def _people(snapshot: Snapshot, people: tuple[Person, ...], changed: str) -> Proposal:
    after = snapshot.rebuilt(dataclasses.replace(snapshot.own, people=people))
    return Proposal(after, (Write(PEOPLE_FILE, codec.dumps_people(people).encode("utf-8"), (changed,)),), message=_where(snapshot))


def _venues(snapshot: Snapshot, venues: tuple[Venue, ...], travel: tuple[TravelLeg, ...], changed: str) -> Proposal:
    after = snapshot.rebuilt(dataclasses.replace(snapshot.own, venues=venues, travel=travel))
    return Proposal(after, (Write(VENUES_FILE, codec.dumps_venues(venues, travel).encode("utf-8"), (changed,)),), message=_where(snapshot))


def _visit(snapshot: Snapshot, visit: Visit, changed: tuple[str, ...]) -> Proposal:
    """visit.toml rewritten with ``visit``'s settings and the visit's own contacts only."""
    own = dataclasses.replace(visit, contacts=snapshot.own.contacts)
    after = Programme(dataclasses.replace(visit, contacts=snapshot.programme.visit.contacts), snapshot.programme.people,
                      snapshot.programme.venues, snapshot.programme.travel, snapshot.programme.events)
    return Proposal(after, (Write(VISIT_FILE, codec.dumps_visit(own).encode("utf-8"), changed),))


def _where(snapshot: Snapshot) -> str:
    """Where a directory change goes, when that is worth saying."""
    if snapshot.office is not None:
        return _("in the office's directory")
    if snapshot.shared is not None:
        return _("for this visit only")
    return ""


def find(items: tuple[T, ...], item_id: str, what: str, known: Iterable[str] = ()) -> T:
    """The item ``item_id`` of ``items`` (a 'person', 'venue' or 'contact'); NotFound naming the
    closest id (among ``items`` and ``known``) otherwise."""
    for item in items:
        if item.id == item_id:
            return item
    hint = suggest(item_id, [*(i.id for i in items), *known])
    if hint:
        raise NotFound(_(NO_SUCH_NEAR[what], id=item_id, hint=hint))
    raise NotFound(_(NO_SUCH[what], id=item_id))


NO_SUCH = {"person": N_("no person {id!r}"), "venue": N_("no venue {id!r}"), "contact": N_("no contact {id!r}")}
"""What an id that names nothing in the directory says."""
NO_SUCH_NEAR = {"person": N_("no person {id!r}; did you mean {hint!r}?"), "venue": N_("no venue {id!r}; did you mean {hint!r}?"),
                "contact": N_("no contact {id!r}; did you mean {hint!r}?")}
"""The same, with the closest id."""
TAKEN = {"person": N_("a person with id {id!r} already exists; choose another id"),
         "venue": N_("a venue with id {id!r} already exists; choose another id"),
         "contact": N_("a contact with id {id!r} already exists; choose another id")}
"""What a new entry of the directory whose id is taken says."""


def _replaced(items: tuple[T, ...], new: T) -> tuple[T, ...]:
    return tuple(new if item.id == new.id else item for item in items)


def _edited(item: T, fields: Mapping[str, object]) -> tuple[T, tuple[str, ...]]:
    changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
    return dataclasses.replace(item, **changed), tuple(sorted(changed))  # type: ignore[arg-type]


def _adding(library: Library, local: bool) -> Library:
    """Where something new goes: the office's directory (for every visit of the office), or the
    visit's own files with ``local`` or when the visit belongs to no office."""
    office = None if local else library.office_library()
    return office or library


def _owner(library: Library, kind: str, item_id: str) -> Library:
    """Where ``item_id`` is defined: the folder's own files first (they win), then the office's."""
    office = library.office_library()
    if office is None or item_id in library.read().own.ids(kind):
        return library
    return office if item_id in office.read().own.ids(kind) else library


def _change(library: Library, command: str, build: Callable[[Snapshot], Proposal], *, force: bool = False) -> Applied:
    return library.change(command, build, force=force)


# --- the visit -----------------------------------------------------------------------------------


def create(folder: Path, visit: Visit, *, people: tuple[Person, ...] = (), venues: tuple[Venue, ...] = (),
           travel: tuple[TravelLeg, ...] = ()) -> None:
    """Make a new data folder holding ``visit`` (and, copied from another visit, its people,
    venues and legs; never its events). Refuses a folder that already holds a visit."""
    if (folder / VISIT_FILE).exists() or (folder.exists() and any(folder.glob("*.toml"))):
        raise StorageError(_("{folder} already holds records; choose an empty or new folder", folder=folder))
    Programme(visit, people, venues, travel)  # the whole is checked before anything is written
    office = office_of(folder)
    in_office = office is not None  # the office's directory serves it: its own files only when it has its own
    known = {p.id for p in people} | ({p.id for p in Store.at(office).directory()[1].people} if office is not None else set())
    if visit.guest and visit.guest not in known:
        raise NotFound(_("no person {value!r} to be the guest (add people first, then `itinerary visit edit --guest`)", value=visit.guest))
    if people or not in_office:
        write_file(folder / PEOPLE_FILE, [codec.dumps_people(people).encode("utf-8")])
    if venues or travel or not in_office:
        write_file(folder / VENUES_FILE, [codec.dumps_venues(venues, travel).encode("utf-8")])
    write_file(folder / VISIT_FILE, [codec.dumps_visit(visit).encode("utf-8")])  # last: a folder is a visit once it is there


def edit_visit(library: Library, fields: Mapping[str, Any], *, force: bool = False) -> Applied:
    """Change the visit's settings (title, days, zones, guest, buffer, alarms, city speed…)."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        unknown = [k for k in fields if k not in Visit.__dataclass_fields__ or k in ("id", "contacts")]
        if unknown:
            raise InvalidData(_("{field!r} is not a setting of the visit", field=unknown[0]), field=unknown[0])
        visit, changed = _edited_visit(programme.visit, fields)
        if not changed:
            return Proposal(programme, (), message=_("Nothing to change in the visit."))
        return _visit(snapshot, visit, changed)

    return library.change("visit edit", propose, force=force)


def _edited_visit(visit: Visit, fields: Mapping[str, Any]) -> tuple[Visit, tuple[str, ...]]:
    changed = {k: v for k, v in fields.items() if getattr(visit, k) != v}
    return dataclasses.replace(visit, **changed), tuple(sorted(changed))


# --- people --------------------------------------------------------------------------------------


def _exists(snapshot: Snapshot, kind: str, item_id: str) -> None:
    if item_id in snapshot.own.ids(kind):
        raise InvalidData(_(TAKEN[kind], id=item_id), field="id")


def add_person(library: Library, person: Person, *, local: bool = False) -> Applied:
    """Add a person: to the office's directory when the visit belongs to an office (unless
    ``local``), else to the visit."""

    def build(snapshot: Snapshot) -> Proposal:
        _exists(snapshot, "person", person.id)
        return _people(snapshot, (*snapshot.own.people, person), person.id)

    return _change(_adding(library, local), f"person add {person.id}", build)


def edit_person(library: Library, person_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a person's name, title, organisation, home zone… where the person is defined."""

    def build(snapshot: Snapshot) -> Proposal:
        person, changed = _edited(find(snapshot.own.people, person_id, "person", snapshot.programme.people_by_id), fields)
        if not changed:
            return Proposal(snapshot.programme, (), message=_("Nothing to change in {id}.", id=person_id))
        return _people(snapshot, _replaced(snapshot.own.people, person), f"{person_id}: {', '.join(changed)}")

    return _change(_owner(library, "person", person_id), f"person edit {person_id}", build)


def remove_person(library: Library, person_id: str) -> Applied:
    """Remove a person no event uses (refused otherwise, naming the events)."""

    def build(snapshot: Snapshot) -> Proposal:
        find(snapshot.own.people, person_id, "person", snapshot.programme.people_by_id)
        return _people(snapshot, tuple(p for p in snapshot.own.people if p.id != person_id), person_id)

    return _change(_owner(library, "person", person_id), f"person remove {person_id}", build)


# --- venues and travel legs ----------------------------------------------------------------------


def add_venue(library: Library, venue: Venue, *, local: bool = False) -> Applied:
    """Add a venue: to the office's directory when the visit belongs to an office (unless
    ``local``), else to the visit."""

    def build(snapshot: Snapshot) -> Proposal:
        _exists(snapshot, "venue", venue.id)
        return _venues(snapshot, (*snapshot.own.venues, venue), snapshot.own.travel, venue.id)

    return _change(_adding(library, local), f"venue add {venue.id}", build)


def edit_venue(library: Library, venue_id: str, fields: Mapping[str, object], *, force: bool = False) -> Applied:
    """Change a venue's name, address, coordinates, exclusivity… where the venue is defined."""

    def build(snapshot: Snapshot) -> Proposal:
        venue, changed = _edited(find(snapshot.own.venues, venue_id, "venue", snapshot.programme.venues_by_id), fields)
        if not changed:
            return Proposal(snapshot.programme, (), message=_("Nothing to change in {id}.", id=venue_id))
        return _venues(snapshot, _replaced(snapshot.own.venues, venue), snapshot.own.travel, f"{venue_id}: {', '.join(changed)}")

    return _change(_owner(library, "venue", venue_id), f"venue edit {venue_id}", build, force=force)


def remove_venue(library: Library, venue_id: str) -> Applied:
    """Remove a venue no event and no travel leg uses (refused otherwise, naming them)."""

    def build(snapshot: Snapshot) -> Proposal:
        find(snapshot.own.venues, venue_id, "venue", snapshot.programme.venues_by_id)
        return _venues(snapshot, tuple(v for v in snapshot.own.venues if v.id != venue_id), snapshot.own.travel, venue_id)

    return _change(_owner(library, "venue", venue_id), f"venue remove {venue_id}", build)


def add_leg(library: Library, leg: TravelLeg, *, local: bool = False, force: bool = False) -> Applied:
    """Add (or replace) the travel time between two venues; it holds both ways unless one-way.
    In an office's visit it goes to the office's directory unless ``local`` or one of its
    venues is the visit's own."""

    def build(snapshot: Snapshot) -> Proposal:
        for end in (leg.origin, leg.destination):
            find(snapshot.programme.venues, end, "venue")
        travel = snapshot.own.travel
        others = tuple(t for t in travel if (t.origin, t.destination) != (leg.origin, leg.destination))
        if not leg.one_way:  # both ways: a leg given the other way is replaced too
            others = tuple(t for t in others if (t.origin, t.destination) != (leg.destination, leg.origin))
        return _venues(snapshot, snapshot.own.venues, (*others, leg), f"{leg.origin} → {leg.destination}")

    own_venues = library.read().own.ids("venue") if library.office_library() is not None and not local else set()
    target = library if {leg.origin, leg.destination} & own_venues else _adding(library, local)
    return _change(target, f"leg add {leg.origin} {leg.destination}", build, force=force)


def remove_leg(library: Library, origin: str, destination: str, *, force: bool = False) -> Applied:
    """Remove the travel leg from ``origin`` to ``destination`` (and back, if given that way),
    where it is defined."""
    pairs = {(origin, destination), (destination, origin)}

    def build(snapshot: Snapshot) -> Proposal:
        kept = tuple(t for t in snapshot.own.travel if (t.origin, t.destination) not in pairs)
        if len(kept) == len(snapshot.own.travel):
            raise NotFound(_("no travel leg between {origin} and {destination} (see `itinerary venues`)", origin=origin, destination=destination))
        return _venues(snapshot, snapshot.own.venues, kept, f"{origin} → {destination}")

    target = library
    office = library.office_library()
    if office is not None and not any((t.origin, t.destination) in pairs for t in library.read().own.travel):
        target = office
    return _change(target, f"leg remove {origin} {destination}", build, force=force)


# --- the office's contacts -----------------------------------------------------------------------


def _with_contacts(snapshot: Snapshot, contacts: tuple[Contact, ...], changed: str) -> Proposal:
    """The contacts in the file that holds them: office.toml in an office, else visit.toml."""
    after = snapshot.rebuilt(dataclasses.replace(snapshot.own, contacts=contacts))
    if snapshot.office is not None:
        office = dataclasses.replace(snapshot.office, contacts=contacts)
        return Proposal(after, (Write(OFFICE_FILE, dumps_office(office).encode("utf-8"), (f"contacts: {changed}",)),), message=_where(snapshot))
    visit = dataclasses.replace(snapshot.programme.visit, contacts=contacts)  # the file holds the visit's own only
    return Proposal(after, (Write(VISIT_FILE, codec.dumps_visit(visit).encode("utf-8"), (f"contacts: {changed}",)),), message=_where(snapshot))


def add_contact(library: Library, contact: Contact, *, local: bool = False) -> Applied:
    """Add a contact: to the office when the visit belongs to one (unless ``local``)."""

    def build(snapshot: Snapshot) -> Proposal:
        _exists(snapshot, "contact", contact.id)
        return _with_contacts(snapshot, (*snapshot.own.contacts, contact), contact.id)

    return _change(_adding(library, local), f"contact add {contact.id}", build)


def edit_contact(library: Library, contact_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a contact's name, role, phone or e-mail, where the contact is defined."""

    def build(snapshot: Snapshot) -> Proposal:
        contact, changed = _edited(find(snapshot.own.contacts, contact_id, "contact", snapshot.programme.contacts_by_id), fields)
        if not changed:
            return Proposal(snapshot.programme, (), message=_("Nothing to change in {id}.", id=contact_id))
        return _with_contacts(snapshot, _replaced(snapshot.own.contacts, contact), f"{contact_id}: {', '.join(changed)}")

    return _change(_owner(library, "contact", contact_id), f"contact edit {contact_id}", build)


def remove_contact(library: Library, contact_id: str) -> Applied:
    """Remove a contact no event names (refused otherwise, naming the events)."""

    def build(snapshot: Snapshot) -> Proposal:
        find(snapshot.own.contacts, contact_id, "contact", snapshot.programme.contacts_by_id)
        return _with_contacts(snapshot, tuple(c for c in snapshot.own.contacts if c.id != contact_id), contact_id)

    return _change(_owner(library, "contact", contact_id), f"contact remove {contact_id}", build)
