"""Now and next: what each principal is doing at a given moment, what comes next, and when to
leave for it. Pure: the moment is passed in, never read from a clock.

Only events with a time take part: not cancelled, not whole-day, time not to be confirmed.
Travel comes from :mod:`.travel` — the same legs, estimates and protocol buffer the conflict
engine judges by — so the board and ``itinerary check`` never disagree about a departure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.core.agenda import local_days
from itinerary.core.travel import Leg, Travel
from itinerary.model import Event, Programme, elapsed, shift, utc


@dataclass(frozen=True)
class Departure:
    """When a person has to leave one venue to reach the next event at another in time."""

    origin: str
    """Venue id of the event the person comes from."""
    destination: str
    """Venue id of the next event."""
    leg: Leg
    """The travel between them (minutes None when unknown)."""
    buffer: int
    """The visit's protocol buffer in minutes."""
    free_from: dt.datetime
    """When the person is free to leave: the end of the event they come from."""
    arrive_by: dt.datetime
    """The start of the next event."""

    @property
    def leave_at(self) -> dt.datetime | None:
        """When to leave: travel and the whole buffer before the next start, but never before the
        event they come from ends. None when the travel time is unknown."""
        if self.leg.minutes is None:
            return None
        ideal = shift(self.arrive_by, -dt.timedelta(minutes=self.leg.minutes + self.buffer))
        return max(ideal, self.free_from, key=utc)

    @property
    def planned_buffer(self) -> int | None:
        """Minutes to spare on arrival when leaving at :attr:`leave_at` (less than the protocol
        buffer, or negative, when the events are too close for it)."""
        leave = self.leave_at
        if leave is None or self.leg.minutes is None:
            return None
        return _minutes(elapsed(leave, self.arrive_by)) - self.leg.minutes

    def leave_in(self, now: dt.datetime) -> int | None:
        """Whole minutes from ``now`` until :attr:`leave_at` (negative once it has passed)."""
        leave = self.leave_at
        return None if leave is None else _minutes(elapsed(now, leave))

    def buffer_left(self, now: dt.datetime) -> int | None:
        """Minutes to spare on arrival when leaving at ``now`` (or at :attr:`leave_at`, if that
        is later); negative: arriving that many minutes after the start."""
        leave = self.leave_at
        if leave is None or self.leg.minutes is None:
            return None
        start = max(leave, now, key=utc)
        return _minutes(elapsed(start, self.arrive_by)) - self.leg.minutes


@dataclass(frozen=True)
class Standing:
    """Where one person is at a moment: the event in progress, the next one, and the way there."""

    person: str
    """Person id."""
    current: Event | None
    """The event in progress, if any."""
    next: Event | None
    """The next event to start, if any."""
    departure: Departure | None = None
    """The way to the next event, when it is at another venue than the one the person comes
    from, on the same day."""

    def ends_in(self, now: dt.datetime) -> int | None:
        """Whole minutes until the current event ends."""
        return None if self.current is None else _minutes_up(elapsed(now, self.current.end))

    def starts_in(self, now: dt.datetime) -> int | None:
        """Whole minutes until the next event starts."""
        return None if self.next is None else _minutes_up(elapsed(now, self.next.start))


def _minutes(delta: dt.timedelta) -> int:
    """Whole minutes, rounded towards minus infinity (a departure 30 s ago is 1 min ago)."""
    return int(delta.total_seconds() // 60)


def _minutes_up(delta: dt.timedelta) -> int:
    """Whole minutes, rounded up (an event 30 s away starts in 1 min, not in 0)."""
    return -int(-delta.total_seconds() // 60)


def timed(event: Event) -> bool:
    """True for an event with a time: not cancelled, not to be confirmed, not of whole days."""
    return not (event.cancelled or event.time_tbc or event.all_day)


def timed_events(programme: Programme, person: str) -> list[Event]:
    """The person's events with a time, in programme order."""
    return [e for e in programme.events if e.involves(person) and timed(e)]


def standing(programme: Programme, person: str, now: dt.datetime) -> Standing:
    """What ``person`` is doing at ``now``, what comes next, and when to leave for it."""
    return _standing(programme, person, timed_events(programme, person), now)


def standings(programme: Programme, people: Sequence[str], now: dt.datetime) -> list[Standing]:
    """:func:`standing` of each of ``people``, in one pass over the programme."""
    wanted: dict[str, list[Event]] = {person: [] for person in people}
    for event in programme.events:
        if timed(event):
            for person in event.participants:
                if person in wanted:
                    wanted[person].append(event)
    return [_standing(programme, person, wanted[person], now) for person in people]


def _standing(programme: Programme, person: str, events: Sequence[Event], now: dt.datetime) -> Standing:
    moment = utc(now)
    running = [e for e in events if utc(e.start) <= moment < utc(e.end)]
    # an event that may run alongside others (a standby) is in progress only when nothing else is
    current = next((e for e in running if not e.overlap_ok), running[0] if running else None)
    upcoming = next((e for e in events if utc(e.start) > moment and not e.overlap_ok), None)
    departure = _departure(programme, events, upcoming) if upcoming is not None else None
    return Standing(person, current, upcoming, departure)


def _departure(programme: Programme, events: Sequence[Event], upcoming: Event) -> Departure | None:
    """The way to ``upcoming`` from the event the person comes from: the earlier event that ends
    last (the conflict engine's predecessor), when it ends on the same day, at another venue."""
    earlier = [e for e in events if not e.overlap_ok and utc(e.end) <= utc(upcoming.start) and e.id != upcoming.id]
    if not earlier:
        return None
    origin = max(earlier, key=lambda e: (utc(e.end), utc(e.start), e.id))
    tz = programme.visit.tz
    if local_days(origin, tz)[1] != upcoming.start.astimezone(tz).date():
        return None  # the night in between: where the person starts the day is not recorded
    start, end = origin.end_venue, upcoming.start_venue
    if not start or not end or start == end:
        return None
    leg = Travel(programme).leg(start, end)
    return Departure(start, end, leg, programme.visit.buffer_minutes, origin.end, upcoming.start)


def principals(programme: Programme, now: dt.datetime) -> list[str]:
    """The people whose now and next matter at ``now``: the guest always, then everyone with an
    event in progress or still ahead on that local day, in the order of people.toml."""
    tz = programme.visit.tz
    today = now.astimezone(tz).date()
    moment = utc(now)
    busy_today: set[str] = set()
    for event in programme.events:
        if timed(event) and utc(event.end) > moment and event.start.astimezone(tz).date() <= today <= local_days(event, tz)[1]:
            busy_today.update(event.participants)
    guest = programme.visit.guest
    chosen = [guest] if guest and guest in programme.people_by_id else []
    chosen += [p.id for p in programme.people if p.id in busy_today and p.id != guest]
    return chosen


def days(programme: Programme) -> list[dt.date]:
    """The days a board steps through: the visit's days and every other local day an event with
    a time touches, in order."""
    visit = programme.visit
    found = {visit.first_day + dt.timedelta(days=i) for i in range((visit.last_day - visit.first_day).days + 1)}
    tz = visit.tz
    for event in programme.events:
        if event.time_tbc:
            continue
        first, last = local_days(event, tz)
        if (last - first).days <= 31:
            found.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(found)
