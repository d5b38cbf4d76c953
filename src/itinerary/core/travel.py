"""Travel between venues: the table of legs, estimates from coordinates, and the gaps between
a person's consecutive events. Pure, no I/O."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from itinerary.core.spans import Span, predecessors, spans, spans_by
from itinerary.model import Programme, Venue

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Leg:
    """The travel between two venues as the engine sees it."""

    minutes: int | None
    """Travel minutes, or None when unknown."""
    estimate: bool = False
    """True when estimated from coordinates rather than taken from the table."""


@dataclass(frozen=True, slots=True)
class Gap:
    """The time between two consecutive events of one person."""

    before: str
    """Id of the earlier event."""
    after: str
    """Id of the later event."""
    minutes: int
    """Minutes between the end of one and the start of the other."""
    leg: Leg | None
    """Travel between their venues; None when the venue is the same or not known."""
    buffer: int
    """The protocol buffer in minutes."""
    overnight: bool = False
    """True when a night lies between them (the later starts on a later local day than the
    earlier ends): the person does not go from one venue to the other, so the gap is neither
    travel nor time to spare."""

    @property
    def spare(self) -> int | None:
        """Minutes left after travel and buffer (negative when short); None when travel is
        unknown or a night lies between."""
        if self.overnight:
            return None
        if self.leg is None:
            return self.minutes - self.buffer
        if self.leg.minutes is None:
            return None
        return self.minutes - self.leg.minutes - self.buffer


def travel_table(programme: Programme) -> dict[tuple[str, str], int]:
    """Travel minutes by (from, to); a leg holds both ways (unless it is one-way, or the other way is
    given too)."""
    table: dict[tuple[str, str], int] = {}
    for leg in programme.travel:
        if not leg.one_way:
            table.setdefault((leg.destination, leg.origin), leg.minutes)
    for leg in programme.travel:
        table[(leg.origin, leg.destination)] = leg.minutes
    return table


def great_circle_km(a: Venue, b: Venue) -> float:
    """Distance between two venues with coordinates, in kilometres (haversine)."""
    assert a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class Travel:
    """Looks up travel legs: the table first, then an estimate from coordinates."""

    def __init__(self, programme: Programme) -> None:
        self.table = travel_table(programme)
        self.venues = programme.venues_by_id
        self.speed = programme.visit.city_speed_kmh
        self.known: dict[tuple[str, str], Leg] = {}

    def leg(self, origin: str, destination: str) -> Leg:
        """The leg from ``origin`` to ``destination`` (venue ids)."""
        key = (origin, destination)
        if key not in self.known:
            self.known[key] = self._look_up(origin, destination)
        return self.known[key]

    def _look_up(self, origin: str, destination: str) -> Leg:
        if origin == destination:
            return Leg(0)
        if (origin, destination) in self.table:
            return Leg(self.table[(origin, destination)])
        a, b = self.venues.get(origin), self.venues.get(destination)
        if a and b and a.latitude is not None and b.latitude is not None:
            return Leg(math.ceil(great_circle_km(a, b) / self.speed * 60), estimate=True)
        return Leg(None)


def across_night(a: Span, b: Span) -> bool:
    """True when ``b`` starts on a later local day than ``a`` ends: a night lies between them."""
    return b.day > a.end_day


def gaps_of(programme: Programme, spans: Sequence[Span], travel: Travel) -> Iterable[tuple[Span, Span, Gap]]:
    """The gap before each span from the one the person comes from, with the leg between
    where the one ends (a transfer's destination) and the other starts (a transfer's start)."""
    buffer = programme.visit.buffer_minutes
    for a, b in predecessors(spans):
        if a.end > b.start:
            continue  # an overlap, reported as such
        va, vb = a.event.end_venue, b.event.start_venue
        leg = travel.leg(va, vb) if va and vb and va != vb else None
        yield a, b, Gap(a.event.id, b.event.id, int((b.start - a.end) // 60), leg, buffer, across_night(a, b))


def judge(gap: Gap) -> tuple[str, int | None] | None:
    """(severity, minutes short) when the gap is too short for its leg, else None. Across a
    night only a known leg longer than the whole gap counts (an unknown leg, or a short buffer,
    is no move of that day)."""
    if gap.leg is None:
        return None
    if gap.overnight:
        if gap.leg.minutes is None or gap.minutes >= gap.leg.minutes:
            return None
        return ERROR, gap.leg.minutes + gap.buffer - gap.minutes
    if gap.leg.minutes is None:
        return WARNING, None
    need = gap.leg.minutes + gap.buffer
    if gap.minutes >= need:
        return None
    return (ERROR if gap.minutes < gap.leg.minutes else WARNING), need - gap.minutes


def gaps(programme: Programme, person: str) -> list[Gap]:
    """The gaps between consecutive timed events of ``person``, in order."""
    members = spans_by(spans(programme), "person").get(person, [])
    return [gap for _, _, gap in gaps_of(programme, members, Travel(programme))]


def all_gaps(programme: Programme) -> dict[str, list[Gap]]:
    """The gaps of every person, in one sweep over the programme."""
    travel = Travel(programme)
    return {person: [gap for _, _, gap in gaps_of(programme, members, travel)]
            for person, members in spans_by(spans(programme), "person").items()}
