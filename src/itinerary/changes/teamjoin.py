"""Join a visit a colleague shares through a server: a new folder that is a whole replica of it.

The visit's settings come from its entry in the calendar, which also says where its directory
is; the people, venues, travel legs and contacts from the address book; the events from the
calendar. The folder is made with the settings and the directory (in their shared order), then
every event is taken in as one journaled change, exactly as a sync takes changes in — so the
replica's records are the original's, byte for byte, and its state knows every record's base.
A join that was interrupted is completed by running it (or a sync) again. It takes at most
``limit`` records of a collection, as a sync does (see :func:`itinerary.changes.team.listed`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from itinerary.changes import directory
from itinerary.changes.library import Library
from itinerary.changes.team import listed, sync
from itinerary.changes.teambase import Report, Server
from itinerary.changes.teamrecords import key_of_card, kind_of, ordered, record_of
from itinerary.errors import NotFound, StorageError, UsageError
from itinerary.formats import teamics, vcard
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.model import Contact, Person, TravelLeg, Venue, Visit
from itinerary.model.checks import MAX_IMPORT_EVENTS
from itinerary.storage import teamfile
from itinerary.storage.office import office_of


def join(folder: Path, server: Server, state: TeamState, *, who: str, clock: Callable[[], dt.datetime] | None = None,
         limit: int = MAX_IMPORT_EVENTS) -> Report:
    """Make ``folder`` a replica of the visit shared in ``state``'s calendar (see the module)."""
    if (folder / "visit.toml").exists():
        library = Library.open(folder, who=who, clock=clock)
        known, _raw = teamfile.load(library.store)
        if known is None or known.calendar != state.calendar:
            raise StorageError(_("{folder} already holds a visit; join into a new or empty folder", folder=folder))
        return sync(library, server, known, command="join", limit=limit)
    href = state.calendar.rstrip("/") + "/" + teamics.VISIT_RESOURCE
    found = server.fetch(state.calendar, [href])
    team = teamics.read_visit(found[href][1]) if href in found else None
    if team is None:
        raise NotFound(_("{server}: the calendar {calendar!r} holds no visit shared by itinerary "
                         "(the officer who has it runs `itinerary sync --url …` first)", server=state.url, calendar=state.name))
    visit: Visit = record_of("visit", team.record, href)
    office_book = team.books.get("office", "")
    if office_book:
        _join_office(folder, server, state, office_book, who=who, clock=clock, limit=limit)
        state.shared = office_book
    state.books = {"visit": team.books["visit"]} if "visit" in team.books else {}
    people: list[tuple[Person, int | None]] = []
    venues: list[tuple[Venue, int | None]] = []
    contacts: list[tuple[Contact, int | None]] = []
    legs: tuple[TravelLeg, ...] = ()
    for book in state.books.values():
        listing = listed(server, state, book, None, limit)
        for path, (_etag, body) in sorted(server.fetch(book, list(listing.changed)).items()):
            card = vcard.read_card(body)
            key = key_of_card(card) if card is not None else None
            if card is None or key is None or card.team is None:
                continue
            record = record_of(key, card.team.record, path)
            kind = kind_of(key)
            if kind == "person":
                people.append((record, card.team.pos))
            elif kind == "venue":
                venues.append((record, card.team.pos))
            elif kind == "contact":
                contacts.append((record, card.team.pos))
            elif kind == "directory":
                legs = record
    places: dict[str, int | None] = {p.id: pos for p, pos in people} | {v.id: pos for v, pos in venues} | {c.id: pos for c, pos in contacts}
    own_contacts = ordered((c for c, _pos in contacts), places)
    folder.mkdir(parents=True, exist_ok=True)
    if office_book:
        visit = dataclasses.replace(visit, contacts=())  # the office's contacts come from the office's folder
    directory.create(folder, dataclasses.replace(visit, contacts=own_contacts), people=ordered((p for p, _pos in people), places),
                     venues=ordered((v for v, _pos in venues), places), travel=legs)
    library = Library.open(folder, who=who, clock=clock)
    teamfile.save(library.store, state, None)
    return sync(library, server, state, command="join", limit=limit)


def _join_office(folder: Path, server: Server, state: TeamState, book: str, *, who: str,
                 clock: Callable[[], dt.datetime] | None, limit: int) -> None:
    """A visit of an office joins into a folder of an office: the office's directory comes first,
    into that office (as its colleagues share it, the first time)."""
    office_root = office_of(folder)
    if office_root is None:
        raise UsageError(_("this visit belongs to an office whose people, venues and contacts are shared for all its visits: "
                           "make an office folder first (`itinerary office init OFFICE --name NAME`) and join into it "
                           "(`itinerary join {url} OFFICE/{folder} …`)", url=state.url, folder=folder.name))
    office = Library.open(office_root, who=who, clock=clock)
    known, _raw = teamfile.load(office.store)
    if known is not None:
        if known.books.get("office") != book:
            raise UsageError(_("the office folder {folder} shares its directory elsewhere ({server}); "
                               "join this visit into an office folder of its own office", folder=office_root, server=known.url))
        sync(office, server, known, command="join", limit=limit)
        return
    shared = TeamState(state.url, state.user, state.password_env, name=office.store.directory()[0].name, books={"office": book})
    teamfile.save(office.store, shared, None)
    sync(office, server, shared, command="join", resolve="theirs", limit=limit)  # a new office folder takes the office as it is shared
