"""An office of many visits: its settings and the directory its visits share. Pure.

An office folder holds ``office.toml`` and a directory of people, venues, travel legs and
contacts beside its visits (one sub-folder each). A visit of the office sees the office's
directory with its own records laid over it: where both define an id, the visit's own wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.model.checks import MAX_TITLE, check_id, check_text
from itinerary.model.times import zone
from itinerary.model.values import Contact, Person, TravelLeg, Venue, Visit

T = TypeVar("T", Person, Venue, Contact)

NO_DAYS = dt.date(2000, 1, 1)
"""The days of the office's own directory programme: it has no events and no days of its own."""


@dataclass(frozen=True)
class Office:
    """A protocol office: its name, its zone and the rules its visits share by default."""

    id: str
    """Slug of the office."""
    name: str
    """Name in English."""
    name_ko: str = ""
    """Name in Korean."""
    zone: str = "Asia/Seoul"
    """The office's local IANA zone: its cross-visit views are shown in it."""
    buffer_minutes: int = 10
    """Protocol buffer between two visits' events of one person, in minutes."""
    city_speed_kmh: float = 25.0
    """Road speed for travel estimated from coordinates between two visits' venues."""
    contacts: tuple[Contact, ...] = ()
    """The officers every visit of the office may name as contacts."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        check_text(self.name, field_name="name", limit=MAX_TITLE)
        if not self.name.strip():
            raise InvalidData(_("an office needs a name"), field="name")
        check_text(self.name_ko, field_name="name_ko", limit=MAX_TITLE)
        zone(self.zone, field_name="zone")
        self.as_visit()  # the buffer and speed obey the rules of a visit's
        ids = [c.id for c in self.contacts]
        if len(ids) != len(set(ids)):
            raise InvalidData(_("two contacts share an id"), field="contacts")

    def as_visit(self) -> Visit:
        """The office as the visit of its directory's programme: no days and no guest of its own
        (visit commands refuse an office folder; only its directory is read and changed)."""
        return Visit(
            self.id, self.name, NO_DAYS, NO_DAYS, "", title_ko=self.name_ko, zone=self.zone, office=self.name,
            office_ko=self.name_ko, contacts=self.contacts, buffer_minutes=self.buffer_minutes, city_speed_kmh=self.city_speed_kmh,
        )


@dataclass(frozen=True)
class Directory:
    """People, venues, travel legs and contacts: what events stand on."""

    people: tuple[Person, ...] = ()
    """People, in file order."""
    venues: tuple[Venue, ...] = ()
    """Venues, in file order."""
    travel: tuple[TravelLeg, ...] = ()
    """Travel legs, in file order."""
    contacts: tuple[Contact, ...] = ()
    """Contacts, in file order."""

    def ids(self, kind: str) -> set[str]:
        """The ids of one kind: 'person', 'venue' or 'contact'."""
        if kind == "person":
            return {p.id for p in self.people}
        if kind == "venue":
            return {v.id for v in self.venues}
        return {c.id for c in self.contacts}


def _over(shared: tuple[T, ...], own: tuple[T, ...]) -> tuple[T, ...]:
    mine = {item.id for item in own}
    kept: list[T] = [item for item in shared if item.id not in mine]
    return tuple(kept + list(own))


def leg_pairs(legs: Iterable[TravelLeg]) -> set[tuple[str, str]]:
    """The (from, to) pairs the legs give a time for: both ways, unless one-way."""
    pairs = set()
    for leg in legs:
        pairs.add((leg.origin, leg.destination))
        if not leg.one_way:
            pairs.add((leg.destination, leg.origin))
    return pairs


def layered(shared: Directory, own: Directory) -> Directory:
    """``own`` laid over ``shared``: an id both define is ``own``'s, and so is the travel between
    two venues that ``own`` gives a leg for (in either direction)."""
    given = leg_pairs(own.travel)
    travel = (*(leg for leg in shared.travel if not leg_pairs((leg,)) & given), *own.travel)
    return Directory(_over(shared.people, own.people), _over(shared.venues, own.venues), travel, _over(shared.contacts, own.contacts))
