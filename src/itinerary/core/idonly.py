"""References known by their id alone. Pure, no I/O.

A sync keeps a person, venue or contact the events name but the shared directory lacks as a
record whose name is its id and which says nothing else (see :mod:`itinerary.core.recordmerge`);
``check`` reports each. Apart from the merge, so that a check does not load it.
"""

from __future__ import annotations

from itinerary.model import Contact, Person, Programme, Venue


def bare(programme: Programme) -> list[tuple[str, str]]:
    """The people, venues and contacts the programme's events name of which only the id is known,
    as (kind, id). The events are looked through only when such a record exists."""
    people = [p for p in programme.people if p.name == p.id and p == Person(p.id, p.id)]
    venues = [v for v in programme.venues if v.name == v.id and v == Venue(v.id, v.id)]
    contacts = [c for c in programme.visit.contacts if c.name == c.id and c == Contact(c.id, c.id)]
    if not (people or venues or contacts):
        return []
    named = {p for e in programme.events for p in e.participants} if people else set()
    placed = {e.venue for e in programme.events} if venues else set()
    reached = {c for e in programme.events for c in e.contacts} if contacts else set()
    return ([("person", p.id) for p in people if p.id in named] + [("venue", v.id) for v in venues if v.id in placed]
            + [("contact", c.id) for c in contacts if c.id in reached])
