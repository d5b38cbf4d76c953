"""Benchmark of `itinerary plan`: 50 open events over 5 days, 20 people, busy calendars of 2,000
events, 25 timed events and 8 venues; the time to build the problem, to solve it (to a proven
optimum, or the best found and its gap) with 1 worker (reproducible) and 2, and to explain a
visit that has no plan. Random visits of this density sometimes have none (an event whose
window its people's calendars fill): those are timed as explanations. Not part of the test run.

    pip install '.[plan]' && python bench/plan.py [--seeds 10] [--limit 10]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import time
from zoneinfo import ZoneInfo

from itinerary.core.plan.cost import cost
from itinerary.core.plan.explain import explain
from itinerary.core.plan.problem import broken, problem
from itinerary.core.plan.solve import solve
from itinerary.model import Busy, Event, Person, Programme, TravelLeg, Venue, Visit

SEOUL = ZoneInfo("Asia/Seoul")
FIRST = dt.date(2026, 6, 15)
DAYS = 5


def visit_of(seed: int) -> tuple[Programme, list[Busy]]:
    rng = random.Random(seed)
    people = tuple(Person(f"p{n:02d}", f"Person {n}") for n in range(20))
    venues = tuple(Venue(f"v{n}", f"Venue {n}", latitude=37.50 + rng.random() * 0.1, longitude=126.90 + rng.random() * 0.15,
                         exclusive=n == 0) for n in range(8))
    legs = (TravelLeg("v0", "v1", 25), TravelLeg("v2", "v5", 40))
    visit = Visit(id="bench", title="Bench visit", guest="p00", first_day=FIRST, last_day=FIRST + dt.timedelta(days=DAYS - 1),
                  zone="Asia/Seoul", guest_zone="Europe/Zurich", buffer_minutes=10)

    def at(day: int, minutes: int) -> dt.datetime:
        return dt.datetime.combine(FIRST + dt.timedelta(days=day), dt.time(), SEOUL) + dt.timedelta(minutes=minutes)

    def who(guest: float = 0.3) -> tuple[str, ...]:
        chosen = rng.sample([p.id for p in people[1:]], rng.randint(1, 2))
        return tuple(["p00", *chosen] if rng.random() < guest else chosen)

    events = []
    for n in range(25):
        day, start = rng.randrange(DAYS), rng.randrange(9 * 12, 17 * 12) * 5
        events.append(Event(f"fixed-{n:02d}", f"Fixed {n}", at(day, start), at(day, start + rng.choice((30, 45, 60))),
                            participants=who(guest=0.1), venue=rng.choice(venues).id))
    for n in range(50):
        day = rng.randrange(DAYS)
        wide = rng.random() < 0.2
        half = not wide and rng.random() < 0.1
        lo, hi = rng.choice(((9 * 60, 13 * 60), (13 * 60, 18 * 60))) if half else (9 * 60, 18 * 60)
        last = min(DAYS - 1, day + 1) if wide else day
        after = (f"open-{n - 1:02d}",) if n % 5 == 4 and not wide else ()
        length = rng.choice((30, 45)) if half else rng.choice((30, 45, 60, 90))
        events.append(Event(f"open-{n:02d}", f"Open {n}", at(day, lo), at(last, hi), time_tbc=True, duration=length,
                            participants=who(), venue=rng.choice(venues).id,
                            prefer=rng.choice(("", "", "morning", "afternoon")) if hi - lo > 300 else "", after=after))
    for e in events:  # the order rule holds only between events of one day
        if e.after and events[-50:][int(e.after[0][-2:])].start.date() != e.start.date():
            events[events.index(e)] = dataclasses.replace(e, after=())
    busy = []
    for person in people:
        for _ in range(100):
            day = rng.randrange(-30, DAYS + 30)  # two months of outside commitments around the visit
            start = rng.randrange(7 * 4, 21 * 4) * 15
            busy.append(Busy(person.id, at(day, start), at(day, start + rng.choice((30, 45, 60)))))
    return Programme(visit, people, venues, legs, tuple(events)), busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many random visits (seeds 1, 2, …)")
    parser.add_argument("--limit", type=float, default=10.0, help="the solver's time limit (deterministic seconds)")
    parser.add_argument("--wall", type=float, default=4.5, help="and on the clock (seconds)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; each visit: 50 open events over {DAYS} days, 25 timed events, 20 people, 8 venues, "
          "busy calendars of 2,000 events (two months around the visit)")
    print("seed  build  items  status      cost (bound, gap)          1 worker   2 workers  explain")
    for seed in range(1, args.seeds + 1):
        programme, busy = visit_of(seed)
        began = time.perf_counter()
        p = problem(programme, busy)
        built = time.perf_counter() - began
        walls, outcome = [], None
        for workers in (1, 2):
            began = time.perf_counter()
            outcome = solve(p, workers=workers, limit=args.limit, wall=args.wall)
            walls.append(time.perf_counter() - began)
            if outcome.starts:
                assert not broken(p, outcome.starts)
                assert outcome.objective == cost(p, outcome.starts).total
        assert outcome is not None
        told = ""
        if outcome.status == "infeasible":
            began = time.perf_counter()
            found = explain(p, limit=args.limit)
            told = f"{time.perf_counter() - began:.2f} s ({len(found.conflict)} constraints, {len(found.relaxations)} relaxations)"
        gap = "" if outcome.objective is None else f"{outcome.objective} ({outcome.bound}, {100 * (outcome.gap or 0):.2f}%)"
        print(f"{seed:>4}  {built:.2f}s  {len(p.items):>5}  {outcome.status:<10}  {gap:<25}  {walls[0]:>6.2f} s  {walls[1]:>6.2f} s   {told}")


if __name__ == "__main__":
    main()
