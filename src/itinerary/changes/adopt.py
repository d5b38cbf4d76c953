"""Moving a visit of its own into an office: its people, venues, legs and contacts join the
office's directory by id, and nothing is lost.

For each record of the visit's own directory:

* **moved**: the office has no such id: it joins the office's directory;
* **merged**: the office has the same record under the same id: the visit uses the office's;
* **kept**: the office has the id for the same person or place with other details: the visit
  keeps its own (it wins in this visit), and the differences are listed;
* **renamed**: the office uses the id for someone or something else (another name): the visit's
  record joins the office under a free id, and the visit's events follow it.

Three steps, each safe to interrupt and each re-run by running ``office adopt`` again: the
office's directory gains the moved and renamed records (one change of the office); the folder
is renamed into the office (one rename, atomic); the visit drops what the office now holds and
renames what was renamed (one change of the visit). Between two steps every record is still
defined somewhere, so no event ever loses a person or a venue.
"""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from itinerary.changes.library import Library, Proposal
from itinerary.changes.office import office_root
from itinerary.core.agenda import FreeIds
from itinerary.errors import StorageError, UsageError
from itinerary.formats import codec
from itinerary.formats.officefile import OFFICE_FILE, dumps_office
from itinerary.i18n import _
from itinerary.model import Contact, Directory, Person, Venue, forbidden_character
from itinerary.model.office import leg_pairs
from itinerary.storage.office import office_of
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE, Snapshot, Store, Write

T = TypeVar("T", Person, Venue, Contact)


@dataclass(frozen=True)
class Outcome:
    """What adopting did with one record of the visit."""

    kind: str
    """'person', 'venue', 'leg' or 'contact'."""
    id: str
    """Its id in the visit ('from → to' for a leg)."""
    action: str
    """'moved', 'merged', 'kept' or 'renamed'."""
    detail: str = ""
    """The differences kept, the new id, or a likely duplicate under another id."""


@dataclass(frozen=True)
class Plan:
    """What adopting a visit will do."""

    outcomes: tuple[Outcome, ...]
    """One per record of the visit's own directory."""
    joins: Directory
    """What the office's directory gains."""
    keeps: Directory
    """What the visit keeps as its own (renamed ids applied)."""
    renames: dict[str, dict[str, str]]
    """Old id → new id, per kind."""


def _name(item: Person | Venue | Contact) -> set[str]:
    names = {item.name.casefold()}
    if item.name_ko:
        names.add(item.name_ko)
    return names


def _differences(a: T, b: T) -> list[str]:
    return [f.name for f in dataclasses.fields(a) if getattr(a, f.name) != getattr(b, f.name)]


def _sort(kind: str, own: Sequence[T], shared: Sequence[T], taken: set[str]) -> tuple[list[Outcome], list[T], list[T], dict[str, str]]:
    office = {item.id: item for item in shared}
    free = FreeIds(taken)
    outcomes, joins, keeps, renames = [], [], [], {}
    for item in own:
        theirs = office.get(item.id)
        if theirs is None:
            twin = next((o.id for o in shared if _name(o) & _name(item)), None)
            detail = _("the office has the same name as {twin!r}: merge them by hand if they are one", twin=twin) if twin else ""
            outcomes.append(Outcome(kind, item.id, "moved", detail))
            joins.append(item)
        elif theirs == item:
            outcomes.append(Outcome(kind, item.id, "merged"))
        elif _name(theirs) & _name(item):
            outcomes.append(Outcome(kind, item.id, "kept", _("differs in {fields}", fields=", ".join(_differences(theirs, item)))))
            keeps.append(item)
        else:
            new = free.take(item.id)
            renames[item.id] = new
            outcomes.append(Outcome(kind, item.id, "renamed", _("now {new!r}: the office's {id!r} is {name}", new=new, id=item.id, name=theirs.name)))
            joins.append(dataclasses.replace(item, id=new))
    return outcomes, joins, keeps, renames


def plan(own: Directory, shared: Directory) -> Plan:
    """How the visit's own directory joins the office's. Pure."""
    outcomes: list[Outcome] = []
    people = _sort("person", own.people, shared.people, shared.ids("person") | own.ids("person"))
    venues = _sort("venue", own.venues, shared.venues, shared.ids("venue") | own.ids("venue"))
    contacts = _sort("contact", own.contacts, shared.contacts, shared.ids("contact") | own.ids("contact"))
    renamed_venues = venues[3]
    kept_venues = {v.id for v in venues[2]}
    legs_in, legs_kept = [], []
    office_pairs = {(leg.origin, leg.destination): leg for leg in shared.travel}
    for leg in own.travel:
        moved = dataclasses.replace(leg, origin=renamed_venues.get(leg.origin, leg.origin), destination=renamed_venues.get(leg.destination, leg.destination))
        label = f"{leg.origin} → {leg.destination}"
        if {leg.origin, leg.destination} & kept_venues:
            outcomes.append(Outcome("leg", label, "kept", _("one of its venues stays the visit's own")))
            legs_kept.append(leg)
        elif office_pairs.get((moved.origin, moved.destination)) == moved:
            outcomes.append(Outcome("leg", label, "merged"))
        elif leg_pairs((moved,)) & leg_pairs(shared.travel):
            outcomes.append(Outcome("leg", label, "kept", _("the office gives another time for these venues")))
            legs_kept.append(moved)
        else:
            outcomes.append(Outcome("leg", label, "moved" if moved == leg else "renamed",
                                    "" if moved == leg else _("now {origin} → {destination}", origin=moved.origin, destination=moved.destination)))
            legs_in.append(moved)
    for found in (people, venues, contacts):
        outcomes.extend(found[0])
    order = {"person": 0, "venue": 1, "leg": 2, "contact": 3}
    outcomes.sort(key=lambda o: order[o.kind])
    return Plan(
        tuple(outcomes),
        Directory(tuple(people[1]), tuple(venues[1]), tuple(legs_in), tuple(contacts[1])),
        Directory(tuple(people[2]), tuple(venues[2]), tuple(legs_kept), tuple(contacts[2])),
        {"person": people[3], "venue": venues[3], "contact": contacts[3]},
    )


def _folder_name(name: str, *, given: bool) -> str:
    """``name`` if it can be a visit's folder in the office: one name, never a path out of it
    (a name starting with a dot would be a hidden folder, which is no visit)."""
    bad = (not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\\0")
           or forbidden_character(name) is not None or len(name.encode("utf-8", "surrogatepass")) > 255)
    if bad:
        if given:
            raise UsageError(_("--as {name!r} cannot name a visit's folder in the office: give one folder name, not a path "
                               "(no '/', no '..', not starting with '.'), e.g. --as ilo-dg-2026-05", name=name))
        raise UsageError(_("the folder name {name!r} cannot name a visit's folder in the office: give one folder name, not a path "
                           "(no '/', no '..', not starting with '.'), e.g. --as ilo-dg-2026-05", name=name))
    return name


def adopt(office_folder: Path, folder: Path, *, name: str | None = None, who: str = "", dry_run: bool = False) -> tuple[Path, Plan]:
    """Move the visit in ``folder`` into the office (as the sub-folder ``name``, default the
    folder's own name) and join its directory to the office's. Returns where the visit now is
    and what was done (or, with ``dry_run``, what would be)."""
    office = office_root(office_folder)
    folder = Path(os.path.abspath(folder))
    inside = office_of(folder)
    if inside is not None and os.path.realpath(inside) != os.path.realpath(office):
        raise UsageError(_("{folder} is a visit of another office ({office})", folder=folder, office=inside))
    target = folder if inside is not None else Path(os.path.abspath(office)) / _folder_name(name or folder.name, given=name is not None)
    if inside is None and target.exists():
        raise UsageError(_("{folder} already exists in the office; choose another name with --as", folder=target))
    snapshot = Store.at(folder).read()
    office_library = Library.open(office, who=who)
    found = plan(snapshot.own, office_library.read().own)
    if dry_run:
        return target, found
    _join(office_library, found.joins)
    if inside is None:
        _move(folder, target)
    _settle(Library.open(target, who=who), found)
    return target, found


def _join(library: Library, joins: Directory) -> None:
    """The office's directory gains the records that move in (those already there are skipped,
    so a second run after an interruption adds nothing twice)."""

    def propose(snapshot: Snapshot) -> Proposal:
        own = snapshot.own
        new = Directory(
            (*own.people, *(p for p in joins.people if p.id not in own.ids("person"))),
            (*own.venues, *(v for v in joins.venues if v.id not in own.ids("venue"))),
            (*own.travel, *(leg for leg in joins.travel if leg not in own.travel)),
            (*own.contacts, *(c for c in joins.contacts if c.id not in own.ids("contact"))),
        )
        writes = []
        if new.people != own.people:
            writes.append(Write(PEOPLE_FILE, codec.dumps_people(new.people).encode("utf-8"), ("adopted",)))
        if (new.venues, new.travel) != (own.venues, own.travel):
            writes.append(Write(VENUES_FILE, codec.dumps_venues(new.venues, new.travel).encode("utf-8"), ("adopted",)))
        if new.contacts != own.contacts and snapshot.office is not None:
            office = dataclasses.replace(snapshot.office, contacts=new.contacts)
            writes.append(Write(OFFICE_FILE, dumps_office(office).encode("utf-8"), ("adopted",)))
        return Proposal(snapshot.rebuilt(new), tuple(writes), message=_("the office's directory already holds them"))

    library.change("office adopt", propose)


def _move(folder: Path, target: Path) -> None:
    try:
        os.rename(folder, target)
    except OSError as err:
        if err.errno == errno.EXDEV:
            raise StorageError(_("{folder} is on another file system than the office: move it into {office} first, "
                                 "then run `itinerary office adopt {target}`", folder=folder, office=target.parent, target=target)) from None
        raise StorageError(_("cannot move {folder} to {target}: {reason}", folder=folder, target=target, reason=err.strerror)) from None


def _settle(library: Library, found: Plan) -> None:
    """The visit, now in the office, keeps only what is its own, with renamed ids followed."""
    renames = found.renames

    def renamed(kind: str) -> Callable[[str], str]:
        return lambda value: renames[kind].get(value, value)

    def propose(snapshot: Snapshot) -> Proposal:
        person, venue, contact = renamed("person"), renamed("venue"), renamed("contact")
        keeps = found.keeps
        writes: list[Write] = []
        own = snapshot.own
        if own.people != keeps.people:
            writes.append(_directory_file(PEOPLE_FILE, codec.dumps_people(keeps.people) if keeps.people else None))
        if (own.venues, own.travel) != (keeps.venues, keeps.travel):
            writes.append(_directory_file(VENUES_FILE, codec.dumps_venues(keeps.venues, keeps.travel) if keeps.venues or keeps.travel else None))
        visit = snapshot.programme.visit
        new_visit = dataclasses.replace(visit, guest=person(visit.guest) if visit.guest else "", contacts=keeps.contacts)
        if (new_visit.guest, own.contacts) != (visit.guest, keeps.contacts):
            writes.append(Write(VISIT_FILE, codec.dumps_visit(new_visit).encode("utf-8"), ("adopted",)))
        events = []
        now = library.now()
        for event in snapshot.programme.events:
            moved = dataclasses.replace(event, participants=tuple(map(person, event.participants)),
                                        venue=venue(event.venue) if event.venue else None, contacts=tuple(map(contact, event.contacts)),
                                        from_venue=venue(event.from_venue) if event.from_venue else None,
                                        to_venue=venue(event.to_venue) if event.to_venue else None)
            if moved != event:
                moved = dataclasses.replace(moved, revision=event.revision + 1, updated=now)
                writes.append(Write(codec.event_file_name(event.id), codec.dumps_event(moved).encode("utf-8"), ("adopted",)))
            events.append(moved)
        after = dataclasses.replace(snapshot, programme=snapshot.programme.with_events(events)).rebuilt(keeps)
        after = dataclasses.replace(after, visit=dataclasses.replace(after.visit, guest=new_visit.guest))
        return Proposal(after, tuple(writes), message=_("the visit already uses the office's directory"))

    library.change("office adopt", propose)


def _directory_file(name: str, text: str | None) -> Write:
    """The visit's own people or venues file: rewritten, or removed when it keeps nothing."""
    return Write(name, text.encode("utf-8") if text is not None else None, ("adopted",))
