"""The engine's sweeps over a programme's events, by their positions in the programme. Pure.

A check of 100,000 events walks 180,000 participations: these walks hold positions and the
programme's instants (UTC seconds) only; the engine makes a :class:`~itinerary.core.spans.Span`
(with its local times) for an event only when a finding's message names it. The programme's
events are sorted by (start, end, id), so a list of positions in programme order is sorted too.

A pair of events is found as one number, its *place*: ``first * size + second`` (``size`` the
number of events of the programme), which orders pairs as the pairs of positions would. A
finding about a pair is the same whoever meets it, so a second person meeting it joins the
first.

An event's open overlaps are the earlier events still running at its start. Events start in
order, so once the latest end so far is behind a start, nothing earlier is open: the list of
open events is emptied, and only events inside an overlap compare with more than one other.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping
from typing import Any

from itinerary.core.travel import ERROR, WARNING, Gap, Leg, Travel, judge
from itinerary.model import Programme, maker

_gap = maker(Gap)


def groups(programme: Programme, person: str | None) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The positions of the events that can clash (timed, not cancelled, not ``overlap_ok``), per
    person and per venue, each list in programme order; with ``person``, that person's only
    (and no venues: a person's check leaves double-booked venues out)."""
    by_person: dict[str, list[int]] = {}
    by_venue: dict[str, list[int]] = {}
    of_person, of_venue = by_person.get, by_venue.get
    for index, event in enumerate(programme.events):
        if event.status == "cancelled" or event.time_tbc or event.overlap_ok:
            continue
        for name in event.participants:
            members = of_person(name)
            if members is None:
                by_person[name] = [index]
            else:
                members.append(index)
        venue = event.venue
        if venue:
            members = of_venue(venue)
            if members is None:
                by_venue[venue] = [index]
            else:
                members.append(index)
    if person is not None:
        return {person: by_person.get(person, [])}, {}
    return by_person, by_venue


def instants(programme: Programme) -> tuple[array[float], array[float]]:
    """The starts and the ends of the programme's events, in UTC seconds, by position: packed in
    two arrays, a walk reads them from consecutive memory rather than from 100,000 pairs of
    numbers wherever they were made."""
    pairs = programme.instants
    return array("d", [start for start, _ in pairs]), array("d", [end for _, end in pairs])


def people(programme: Programme, by_person: Mapping[str, list[int]], bounds: tuple[array[float], array[float]],
           ) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    """Overlaps and short travel of each person, in one walk over their events: by place,
    overlaps as [people, minutes shared] and travel as [people, severity, minutes short, gap].

    Overlap: an event with each earlier one still running at its start (intervals are
    half-open). Travel: an event and the one the person comes from (the earlier event that ends
    last; a tie goes to the later in order), when it ends at another venue than this one starts
    and they do not overlap, judged by :func:`~itinerary.core.travel.judge`."""
    (starts, ends), events, size = bounds, programme.events, len(programme.events)
    leaving = [e.to_venue or e.venue for e in events]  # where its people are when it ends
    arriving = [e.from_venue or e.venue for e in events]  # where they must be when it starts
    travel, buffer = Travel(programme), programme.visit.buffer_minutes
    # per leg, a gap in seconds that surely leaves nothing to say: a minute more than travel and
    # buffer (a gap is counted in whole minutes: judge() decides below that); none when unknown
    enough: dict[str, dict[str, float]] = {}
    overlaps: dict[int, list[Any]] = {}
    short: dict[int, list[Any]] = {}
    for person, members in by_person.items():
        open_now: list[int] = []
        best, best_end = -1, -math.inf
        for b in members:
            start, end = starts[b], ends[b]
            if best_end > start:  # some earlier event is still running
                open_now = [a for a in open_now if ends[a] > start]
                for a in open_now:
                    place = a * size + b
                    known = overlaps.get(place)
                    if known is None:
                        overlaps[place] = [[person], int((min(ends[a], end) - start) // 60)]
                    else:
                        known[0].append(person)
                open_now.append(b)
            else:
                open_now = [b]
                if best >= 0:
                    va, vb = leaving[best], arriving[b]
                    if va != vb and va and vb:
                        try:
                            limit = enough[va][vb]
                        except KeyError:
                            minutes = travel.leg(va, vb).minutes
                            limit = enough.setdefault(va, {})[vb] = math.inf if minutes is None else (minutes + buffer + 1) * 60
                        if start - best_end < limit:
                            place = best * size + b
                            known = short.get(place)
                            if known is not None:  # the same two events: the same finding
                                known[0].append(person)
                            else:
                                found = _travel(programme, travel.leg(va, vb), best, b, int((start - best_end) // 60))
                                if found is not None:
                                    short[place] = [[person], *found]
            if end >= best_end:
                best, best_end = b, end
    return overlaps, short


def _travel(programme: Programme, leg: Leg, a: int, b: int, gap: int) -> tuple[str, int | None, Gap] | None:
    """(severity, minutes short, the gap) going from event ``a`` to event ``b``, if too short."""
    tz, events = programme.visit.tz, programme.events
    first, second = events[a], events[b]
    overnight = second.start.astimezone(tz).date() > first.end.astimezone(tz).date()  # as across_night() says of their spans
    detail = _gap(first.id, second.id, gap, leg, programme.visit.buffer_minutes, overnight)
    verdict = judge(detail)
    return None if verdict is None else (verdict[0], verdict[1], detail)


def venues(programme: Programme, by_venue: Mapping[str, list[int]], bounds: tuple[array[float], array[float]]) -> dict[str, list[int]]:
    """Each venue's events that overlap, by place: errors where the venue is exclusive, else
    warnings."""
    (starts, ends), venues_by_id, size = bounds, programme.venues_by_id, len(programme.events)
    found: dict[str, list[int]] = {ERROR: [], WARNING: []}
    for venue_id, members in by_venue.items():
        venue = venues_by_id.get(venue_id)
        places = found[ERROR if venue is not None and venue.exclusive else WARNING]
        open_now: list[int] = []
        latest = -math.inf
        for b in members:
            start, end = starts[b], ends[b]
            if latest > start:
                open_now = [a for a in open_now if ends[a] > start]
                places += [a * size + b for a in open_now]
                open_now.append(b)
            else:
                open_now = [b]
            if end > latest:
                latest = end
    return found
