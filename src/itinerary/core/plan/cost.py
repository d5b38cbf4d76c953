"""What a plan that fits costs: the soft preferences, as points. Pure.

Among the plans that fit, the planner takes the one of least cost, the sum of:

* :data:`PREFER_POINTS` for each event outside the part of the day it prefers;
* for each transfer — two consecutive events of one person on one day at different venues —
  :data:`TRANSFER_POINTS` plus :data:`TRAVEL_POINTS` per minute of travel (counted for every
  person who makes it; timed events of the day count, busy time does not);
* one point per :data:`~itinerary.core.plan.problem.STEP` minutes from the start of the visit to the
  start of each planned event: the earliest, most compact days first.

A preference outweighs any lateness within the visit's days, and a transfer weighs as much as
starting a planned event some hours later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from itinerary.core.plan.problem import Problem

PREFER_POINTS = 2000
TRANSFER_POINTS = 60
TRAVEL_POINTS = 2


@dataclass(frozen=True)
class Cost:
    """A plan's cost, part by part."""

    missed: tuple[str, ...]
    """The events outside the part of the day they prefer."""
    transfers: int
    """Transfers, counted per person."""
    travel: int
    """Minutes of those transfers' travel (known legs)."""
    lateness: int
    """Steps from the start of the visit to the planned starts, summed."""

    @property
    def total(self) -> int:
        return PREFER_POINTS * len(self.missed) + TRANSFER_POINTS * self.transfers + TRAVEL_POINTS * self.travel + self.lateness


def meets_preference(p: Problem, task_id: str, start: int) -> bool:
    """True when the event, starting at ``start``, is inside the part of the day it prefers
    (or prefers none)."""
    task = p.by_id[task_id]
    day = p.day_of(start)
    if not task.prefer:
        return True
    if day is None:
        return False
    lo, hi = day.parts[task.prefer]
    return lo <= start and start + task.duration <= hi


def cost(p: Problem, starts: Mapping[str, int]) -> Cost:
    """The cost of the plan ``starts`` (task id → start minute)."""
    missed = tuple(t.id for t in p.tasks if not meets_preference(p, t.id, starts[t.id]))
    lateness = sum((starts[t.id] - p.days[0].midnight) // p.step for t in p.tasks)
    transfers = travel = 0
    for a_venue, b_venue in transfers_of(p, starts):
        transfers += 1
        travel += p.legs.get((a_venue, b_venue)) or 0
    return Cost(missed, transfers, travel, lateness)


def transfers_of(p: Problem, starts: Mapping[str, int]) -> list[tuple[str, str]]:
    """Every transfer of the plan, as (from venue, to venue), once per person who makes it."""
    people = sorted({x for t in p.tasks if not t.overlap_ok for x in t.people})
    found = []
    for person in people:
        line = [(starts[t.id], t.duration, t.id, t.venue) for t in p.tasks if person in t.people and not t.overlap_ok]
        line += [(i.start, i.end - i.start, i.key, i.venue) for i in p.items if person in i.people and not i.key.startswith("busy:")]
        line.sort(key=lambda x: (x[0], x[0] + x[1], x[2]))
        for (a_start, _, _, a_venue), (b_start, _, _, b_venue) in zip(line, line[1:], strict=False):
            day = p.day_of(a_start)
            if day is not None and day == p.day_of(b_start) and a_venue and b_venue and a_venue != b_venue:
                found.append((a_venue, b_venue))
    return found
