"""Free slots: where an event of a given length fits in one person's day. Pure, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.core.travel import Travel
from itinerary.model import Busy, Programme, utc


@dataclass(frozen=True)
class Slot:
    """A free stretch of one person's day: an event of the asked length may start anywhere
    from ``start`` to ``end`` minus that length."""

    start: dt.datetime
    """Earliest start."""
    end: dt.datetime
    """Latest end."""
    unknown_legs: tuple[str, ...] = ()
    """Event ids next to the slot whose travel leg is unknown (only the buffer was kept)."""


def free_slots(
    programme: Programme,
    person: str,
    window: tuple[dt.datetime, dt.datetime],
    duration: dt.timedelta,
    *,
    venue: str | None = None,
    busy: Sequence[Busy] = (),
) -> list[Slot]:
    """Where an event of ``duration`` fits for ``person`` inside ``window``.

    Every timed event of the person blocks its own time, widened by the travel to or from
    ``venue`` and the protocol buffer; outside commitments block their time plus the buffer;
    other events at ``venue`` block their time. An event placed in a slot therefore adds no
    overlap, travel, busy or venue finding.
    """
    travel = Travel(programme)
    buffer = dt.timedelta(minutes=programme.visit.buffer_minutes)
    tz = window[0].tzinfo
    # all arithmetic and comparisons on UTC instants: wall-clock arithmetic breaks across DST
    blocked: list[tuple[dt.datetime, dt.datetime, str | None]] = []
    unknown: set[str] = set()
    for event in programme.events:
        if event.cancelled or event.time_tbc or event.overlap_ok:
            continue
        if event.involves(person):
            before = after = dt.timedelta(0)
            leaves, arrives = event.end_venue, event.start_venue  # a transfer ends where it goes
            if venue and leaves and arrives and (leaves != venue or arrives != venue):
                to_slot = travel.leg(leaves, venue).minutes if leaves != venue else 0
                from_slot = travel.leg(venue, arrives).minutes if arrives != venue else 0
                if to_slot is None or from_slot is None:
                    unknown.add(event.id)
                after = buffer + dt.timedelta(minutes=to_slot or 0)
                before = buffer + dt.timedelta(minutes=from_slot or 0)
            else:
                before = after = buffer
            blocked.append((utc(event.start) - before, utc(event.end) + after, event.id))
        elif venue is not None and event.venue == venue:
            blocked.append((utc(event.start), utc(event.end), None))
    for item in busy:
        if item.person and item.person == person:
            blocked.append((utc(item.start) - buffer, utc(item.end) + buffer, None))
        elif item.venue and item.venue == venue:  # an exclusive venue another visit holds
            blocked.append((utc(item.start), utc(item.end), None))
    blocked.sort(key=lambda b: (b[0], b[1]))
    slots = []
    cursor, last = utc(window[0]), utc(window[1])
    neighbours: list[str] = []
    for start, end, event_id in blocked:
        if end <= cursor:
            if event_id:
                neighbours = [event_id]
            continue
        if start >= last:
            break
        if start - cursor >= duration:
            near = [e for e in (*neighbours, event_id) if e in unknown]
            slots.append(Slot(cursor.astimezone(tz), start.astimezone(tz), tuple(near)))
        if end > cursor:
            cursor = end
            neighbours = [event_id] if event_id else []
    if last - cursor >= duration:
        slots.append(Slot(cursor.astimezone(tz), last.astimezone(tz), tuple(e for e in neighbours if e in unknown)))
    return slots
