"""A programme: the visit with its people, venues, travel legs and events. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

from itinerary.i18n import N_, language, translator
from itinerary.model.event import PLANNING_LISTS, Event, event_order
from itinerary.model.values import Contact, Person, TravelLeg, Venue, Visit

VENUE_TBC = N_("venue TBC")
"""How a message names the venue of an event whose venue is not known yet."""


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
        keyed = sorted([(event_order(e), e) for e in self.events], key=itemgetter(0))
        object.__setattr__(self, "events", tuple([e for _, e in keyed]))
        object.__setattr__(self, "_instants", [key[:2] for key, _ in keyed])

    @property
    def instants(self) -> Sequence[tuple[float, float]]:
        """(start, end) of each event as POSIX seconds, in the order of :attr:`events` (made
        while sorting them: the sweeps need them for every event)."""
        instants: Sequence[tuple[float, float]] = self.__dict__["_instants"]
        return instants

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

    @cached_property
    def contacts_by_id(self) -> Mapping[str, Contact]:
        """The office's contacts by id."""
        return {c.id: c for c in self.visit.contacts}

    def event(self, event_id: str) -> Event | None:
        """The event with this id, if any."""
        return self.events_by_id.get(event_id)

    def with_events(self, events: Iterable[Event]) -> Programme:
        """The same programme with another set of events."""
        return Programme(self.visit, self.people, self.venues, self.travel, tuple(events))

    def replacing(self, *events: Event) -> Programme:
        """The programme with ``events`` added, or replacing the events of the same ids."""
        ids = {e.id for e in events}
        return self.with_events([*(e for e in self.events if e.id not in ids), *events])

    def without(self, event_id: str) -> Programme:
        """The programme without the event ``event_id``."""
        return self.with_events(e for e in self.events if e.id != event_id)

    def uid(self, event: Event) -> str:
        """The event's iCalendar UID: the one it was imported with, or one derived from the
        visit and the event id (so it never changes)."""
        return event.uid or f"{event.id}@{self.visit.id}.itinerary"

    def taking_part(self) -> tuple[Person, ...]:
        """The people a personal programme is made for: the guest and everyone named in an event
        (a cancelled one too, so their calendar carries the cancellation), in directory order.
        In an office, the directory's other people have no programme in this visit."""
        named = {p for event in self.events for p in event.participants} | {self.visit.guest}
        return tuple(p for p in self.people if p.id in named)

    def person_label(self, person_id: str, lang: str | None = None) -> str:
        """How a message in ``lang`` names a person (the interface's language when None): the
        short name (Korean: the Korean name and title, :meth:`Person.named`), or the id when
        unknown."""
        person = self.people_by_id.get(person_id)
        return person.named(lang) if person else person_id

    def venue_label(self, venue_id: str | None, lang: str | None = None) -> str:
        """The venue's name in ``lang`` (the interface's language when None; the Korean name
        in Korean, when recorded), or 'venue TBC'."""
        if venue_id is None:
            return translator(lang or language()).gettext(VENUE_TBC)
        venue = self.venues_by_id.get(venue_id)
        return venue.named(lang) if venue else venue_id

    def place_label(self, event: Event, lang: str | None = None) -> str:
        """Where an event is: its venue's name, 'venue TBC', or for a transfer 'A → B'."""
        if event.from_venue or event.to_venue:
            return f"{self.venue_label(event.from_venue, lang)} → {self.venue_label(event.to_venue, lang)}"
        return self.venue_label(event.venue, lang)

    def references(self, *, events: bool = True) -> list[tuple[str, str, str]]:
        """Dangling references as (event id, field, value): unknown people, venues, contacts and
        (unless ``events`` is false, as for a programme read in part) events."""
        people, venues, contacts = self.people_by_id.__contains__, self.venues_by_id.__contains__, self.contacts_by_id.__contains__
        problems: list[tuple[str, str, str]] = []
        for event in self.events:  # the common case, everything known, checked without a list per event
            if (all(map(people, event.participants)) and (event.venue is None or venues(event.venue))
                    and (event.from_venue is None or venues(event.from_venue)) and (event.to_venue is None or venues(event.to_venue))
                    and all(map(contacts, event.contacts)) and not (events and (event.after or event.before or event.same_day))):
                continue
            problems.extend((event.id, name, value) for name, value in self.unknown_in(event, events=events))
        return problems

    def unknown_in(self, event: Event, *, events: bool = True) -> list[tuple[str, str]]:
        """The references of ``event`` this programme does not know, as (field, value)."""
        problems = [("participants", p) for p in event.participants if p not in self.people_by_id]
        for name in ("venue", "from_venue", "to_venue"):
            value = getattr(event, name)
            if value is not None and value not in self.venues_by_id:
                problems.append((name, value))
        problems.extend(("contacts", c) for c in event.contacts if c not in self.contacts_by_id)
        if events:
            problems.extend((name, e) for name in PLANNING_LISTS for e in getattr(event, name) if e not in self.events_by_id)
        return problems
