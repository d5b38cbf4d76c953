"""An office of many visits: start one, read all its visits, check them against each other,
find a person's free time across them.

Reading an office reads each visit through its own cache; nothing here writes a record except
:func:`create_office` (a new folder, before any journal exists). Moving a visit into an office
is :mod:`.adopt`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from itinerary.changes.library import Library
from itinerary.core import engine
from itinerary.core.finding import Finding, ranked
from itinerary.core.office import Crossing, Placed, as_finding, combined, crossings, involves, on_day
from itinerary.core.slots import Slot, free_slots
from itinerary.errors import InvalidData, NotFound, StorageError, UsageError
from itinerary.formats import codec
from itinerary.formats.officefile import OFFICE_FILE, dumps_office
from itinerary.i18n import _
from itinerary.model import Busy, Directory, Office, Programme
from itinerary.storage.files import write_file
from itinerary.storage.office import is_office, office_of
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, Store, Window


def office_root(folder: Path) -> Path:
    """The office a data folder names: the folder itself when it is an office, else the office
    the visit belongs to; UsageError when it is neither."""
    if is_office(folder):
        return folder
    found = office_of(folder)
    if found is None:
        raise UsageError(_("{folder} is not an office nor a visit of one (start one with `itinerary office init DIR --name NAME`)", folder=folder))
    return found


def create_office(folder: Path, office: Office) -> None:
    """Make a new office folder: office.toml and an empty shared directory. Refuses a folder that
    already holds records."""
    if folder.exists() and (any(folder.glob("*.toml")) or not folder.is_dir()):
        raise StorageError(_("{folder} already holds records; choose an empty or new folder", folder=folder))
    write_file(folder / PEOPLE_FILE, [codec.dumps_people(()).encode("utf-8")])
    write_file(folder / VENUES_FILE, [codec.dumps_venues(()).encode("utf-8")])
    write_file(folder / OFFICE_FILE, [dumps_office(office).encode("utf-8")])  # last: a folder is an office once it is there


@dataclass(frozen=True)
class Visits:
    """An office and the programmes of its visits, as read."""

    office: Office
    """The office."""
    directory: Directory
    """Its shared directory."""
    stores: tuple[Store, ...]
    """Each visit's store, in folder order."""
    programmes: tuple[Programme, ...]
    """Each visit's programme, in folder order (events only in the window, when one is given)."""

    @property
    def names(self) -> list[str]:
        """Each visit's folder name: how the office's views name a visit."""
        return [store.root.name if store.root is not None else programme.visit.id for store, programme in zip(self.stores, self.programmes, strict=True)]

    @property
    def whole(self) -> Programme:
        """Every person, venue, leg and contact any visit knows, as one event-less programme."""
        return combined(self.office, self.programmes)


def read_visits(folder: Path, *, window: Window | None = None) -> Visits:
    """The office ``folder`` names (an office, or a visit of one) with every visit read."""
    store = Store.at(office_root(folder))
    office, directory, _files = store.directory()
    stores = tuple(store.visits())
    programmes = []
    for visit in stores:
        try:
            programmes.append(visit.read(window=window).programme)
        except (InvalidData, NotFound) as err:
            raise InvalidData(_("the office's visit {folder} cannot be read: {error}", folder=visit.root, error=err)) from None
    ids: dict[str, Path | None] = {}
    for visit, programme in zip(stores, programmes, strict=True):
        if programme.visit.id in ids:
            raise InvalidData(_("two visits of the office have the id {id!r} ({one} and {other}): the office tells its visits apart by id, "
                                "and a visit's id is in every UID it exported", id=programme.visit.id, one=ids[programme.visit.id], other=visit.root))
        ids[programme.visit.id] = visit.root
    return Visits(office, directory, stores, tuple(programmes))


@dataclass(frozen=True)
class OfficeCheck:
    """The check of a whole office: each visit's findings — exactly what ``check`` inside it
    says — and the problems between visits, each counted once in the totals."""

    visits: Visits
    """What was checked."""
    own: tuple[tuple[Finding, ...], ...]
    """Each visit's own findings (its busy calendars included), in folder order."""
    crossings: tuple[Crossing, ...]
    """Problems between two visits."""

    def of_visit(self, index: int) -> list[Finding]:
        """Every finding of the visit ``index`` (folder order): its own, then those between it
        and another visit, as ``check`` inside that visit lists them."""
        name = self.visits.names[index]
        return ranked([*self.own[index], *(as_finding(c, name) for c in self.crossings if involves(c, name))])

    @property
    def errors(self) -> int:
        """How many errors in all (a problem between two visits counted once)."""
        return sum(len(engine.errors(f)) for f in self.own) + sum(c.severity == "error" for c in self.crossings)

    @property
    def warnings(self) -> int:
        """How many warnings in all (a problem between two visits counted once)."""
        return sum(len(f) for f in self.own) + len(self.crossings) - self.errors


def check_office(folder: Path) -> OfficeCheck:
    """Check every visit of the office, and the visits against each other."""
    visits = read_visits(folder)
    own = tuple(tuple(engine.find(p, busy=s.busy(p))) for s, p in zip(visits.stores, visits.programmes, strict=True))
    return OfficeCheck(visits, own, tuple(crossings(visits.office, visits.programmes, visits.names)))


def day_of_office(folder: Path, day: dt.date, *, person: str | None = None, days: int = 1) -> tuple[Visits, list[Placed]]:
    """The events of every visit on ``day`` (and the ``days`` - 1 after it), on the office's
    clock; with ``person``, only theirs. Each visit reads only the events of those days."""
    office = Store.at(office_root(folder)).directory()[0]
    tz = office.as_visit().tz
    start = dt.datetime.combine(day, dt.time(), tz)
    visits = read_visits(folder, window=(start, start + dt.timedelta(days=days)))
    if person is not None:
        person = _known(visits.whole, person)
    rows = [row for n in range(days) for row in on_day(visits.programmes, visits.names, day + dt.timedelta(days=n), tz, person=person)]
    unique: dict[tuple[str, str], Placed] = {}
    for row in rows:  # an event over midnight meets two days: listed once, on its first
        unique.setdefault((row.visit, row.event.id), row)
    return visits, list(unique.values())


def _known(whole: Programme, person: str) -> str:
    """The person of the office ``person`` names (an id, a name, a surname, a role word)."""
    from itinerary.core.lookup import people

    found = people(person, whole.people)
    if found.id is None:
        raise NotFound(_("{problem} (in the office)", problem=found.problem()))
    return found.id


def free_in_office(folder: Path, person: str, window: tuple[dt.datetime, dt.datetime], duration: dt.timedelta,
                   *, venue: str | None = None) -> tuple[Visits, list[Slot]]:
    """Where an event of ``duration`` fits for ``person`` inside ``window``, every visit of the
    office and the person's busy calendars counted, with the office's buffer and travel legs."""
    visits = read_visits(folder, window=(window[0] - dt.timedelta(days=1), window[1] + dt.timedelta(days=1)))
    whole = visits.whole
    person = _known(whole, person)
    if venue is not None:
        from itinerary.core.lookup import venues

        place = venues(venue, whole.venues)
        if place.id is None:
            raise NotFound(_("{problem} (in the office)", problem=place.problem()))
        venue = place.id
    events = [e for p in visits.programmes for e in p.events if e.involves(person)]
    busy: dict[tuple[str, float], Busy] = {}
    for store, programme in zip(visits.stores, visits.programmes, strict=True):
        for item in store.busy(programme):
            if item.person == person:
                busy.setdefault((item.uid, item.start.timestamp()), item)
    everything = whole.with_events(events)
    return visits, free_slots(everything, person, window, duration, venue=venue, busy=list(busy.values()))


def open_office(folder: Path, *, who: str = "") -> Library:
    """The library of the office's directory (the office ``folder`` names)."""
    return Library.open(office_root(folder), who=who)
