"""The planner against a brute-force search on small random programmes, and its explanations.

The oracle here is written from the rules as the README states them, independently of
itinerary.core.plan.problem: every combination of starts on the 5-minute grid is tried, each checked
and priced; the planner must agree on whether anything fits, and its plan must break no rule
(by the oracle and by the conflict engine) and cost no more than the best combination.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from itinerary.core import engine
from itinerary.core.plan.cost import cost
from itinerary.core.plan.explain import explain
from itinerary.core.plan.problem import broken, problem
from itinerary.core.plan.solve import solve
from itinerary.model import Busy, Event, Person, Programme, TravelLeg, Venue, Visit

SEOUL = ZoneInfo("Asia/Seoul")
ORIGIN = dt.datetime(2026, 5, 21, tzinfo=SEOUL)
VENUES = ("hall", "ministry", "centre")
PEOPLE = ("guest", "minister", "aide")


def at(minute: int) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=minute)


@st.composite
def programmes(draw: st.DrawFn, most: int) -> tuple[Programme, list[Busy]]:
    buffer = draw(st.sampled_from((0, 10)))
    exclusive = draw(st.booleans())
    venues = tuple(Venue(v, v.title(), exclusive=exclusive and v == "hall") for v in VENUES)
    legs = tuple(TravelLeg(a, b, draw(st.integers(1, 12)) * 5) for a, b in itertools.combinations(VENUES, 2))
    people = tuple(Person(p, p.title()) for p in PEOPLE)
    visit = Visit(id="v", title="Visit", guest="guest", first_day=ORIGIN.date(), last_day=ORIGIN.date() + dt.timedelta(days=1), zone="Asia/Seoul",
                  guest_zone="Europe/Zurich", buffer_minutes=buffer)
    who = st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=2 if most <= 3 else 1, unique=True).map(tuple)
    where = st.sampled_from((None, *VENUES))
    events = []
    for n in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 1)) * 1440 + draw(st.integers(9 * 12, 16 * 12)) * 5
        events.append(Event(f"fixed-{n}", f"Fixed {n}", at(start), at(start + draw(st.integers(3, 18)) * 5), participants=draw(who),
                            venue=draw(where)))
    busy = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 1)) * 1440 + draw(st.integers(9 * 12, 16 * 12)) * 5
        busy.append(Busy(draw(st.sampled_from(PEOPLE)), at(start), at(start + draw(st.integers(3, 18)) * 5)))
    count = draw(st.integers(1, most))
    for n in range(count):
        day = draw(st.integers(0, 1)) * 1440
        lo = day + (draw(st.integers(9 * 12, 15 * 12)) * 5 if most <= 3 else draw(st.integers(8 * 4, 17 * 4)) * 15)
        if most <= 3:
            length = draw(st.integers(6, 24)) * 5
            duration = draw(st.integers(3, min(12, length // 5))) * 5
        else:  # a few starts each, so that every combination of six can be tried
            duration = draw(st.integers(3, 9)) * 5
            length = duration + draw(st.integers(0, 6)) * 5
        after = (f"open-{draw(st.integers(0, n - 1))}",) if n and draw(st.integers(0, 1 if most <= 3 else 5)) == 0 else ()
        same = (f"open-{draw(st.integers(0, n - 1))}",) if n and not after and draw(st.integers(0, 3)) == 0 else ()
        events.append(Event(f"open-{n}", f"Open {n}", at(lo), at(lo + length), time_tbc=True, duration=duration, participants=draw(who),
                            venue=draw(where), prefer=draw(st.sampled_from(("", "", "morning", "afternoon"))), after=after, same_day=same,
                            min_gap=draw(st.sampled_from((None, 0, 15))) if after else None))
    return Programme(visit, people, venues, legs, tuple(events)), busy


# --- the oracle: the README's rules, written out plainly ------------------------------------------


def minute(moment: dt.datetime) -> int:
    return int((moment - ORIGIN).total_seconds() // 60)


def travel(programme: Programme, a: str | None, b: str | None) -> int:
    if not a or not b or a == b:
        return 0
    return next(leg.minutes for leg in programme.travel if {leg.origin, leg.destination} == {a, b})


def fits(programme: Programme, busy: list[Busy], starts: dict[str, int]) -> bool:
    buffer = programme.visit.buffer_minutes
    placed = {e.id: (starts[e.id], starts[e.id] + (e.duration or 0)) for e in programme.events if e.id in starts}
    timed = {e.id: (minute(e.start), minute(e.end)) for e in programme.events if not e.time_tbc} | placed
    events = programme.events_by_id
    for event_id, (s, e) in placed.items():
        event = events[event_id]
        if not (minute(event.start) <= s and e <= minute(event.end)) or s // 1440 != (e - 1) // 1440 or not (8 * 60 <= s % 1440 and (e - 1) % 1440 < 20 * 60):
            return False
        for other_id, (s2, e2) in timed.items():
            if other_id == event_id:
                continue
            other = events[other_id]
            if set(event.participants) & set(other.participants):
                if not (e + buffer + travel(programme, event.venue, other.venue) <= s2 or e2 + buffer + travel(programme, other.venue, event.venue) <= s):
                    return False
            venue = programme.venues_by_id.get(event.venue or "")
            if venue is not None and venue.exclusive and other.venue == venue.id and s < e2 and s2 < e:
                return False
        for item in busy:
            if item.person in event.participants and not (e + buffer <= minute(item.start) or minute(item.end) + buffer <= s):
                return False
        for first in event.after:
            if first in timed and timed[first][1] + (event.min_gap or 0) > s:
                return False
        for other_id in event.same_day:
            if other_id in timed and timed[other_id][0] // 1440 != s // 1440:
                return False
    return True


def price(programme: Programme, starts: dict[str, int]) -> int:
    events = programme.events_by_id
    total = 0
    for event_id, s in starts.items():
        event = events[event_id]
        e = s + (event.duration or 0)
        lo, hi = {"morning": (0, 720), "afternoon": (720, 1080), "": (0, 1440)}[event.prefer]
        if not (lo <= s % 1440 and e - (s // 1440) * 1440 <= hi):
            total += 2000
        total += s // 5
    for person in sorted({p for e in programme.events if e.id in starts for p in e.participants}):
        line = sorted((starts[e.id] if e.id in starts else minute(e.start), (starts[e.id] + (e.duration or 0)) if e.id in starts else minute(e.end), e.id)
                      for e in programme.events if person in e.participants and (e.id in starts or not e.time_tbc))
        for (s1, _, a), (s2, _, b) in itertools.pairwise(line):
            va, vb = events[a].venue, events[b].venue
            if s1 // 1440 == s2 // 1440 and va and vb and va != vb:
                total += 60 + 2 * travel(programme, va, vb)
    return total


def brute_force(programme: Programme, busy: list[Busy]) -> tuple[int | None, int]:
    """The least cost of a plan that fits (None when nothing fits), and how many fit: every
    combination of starts, a partial one dropped as soon as it breaks a rule."""
    open_events = [e for e in programme.events if e.time_tbc]
    choices = [range(minute(e.start), minute(e.end) - (e.duration or 0) + 1, 5) for e in open_events]
    best: int | None = None
    count = 0

    def search(starts: dict[str, int], n: int) -> None:
        nonlocal best, count
        if n == len(open_events):
            count += 1
            value = price(programme, starts)
            best = value if best is None else min(best, value)
            return
        for start in choices[n]:
            trial = {**starts, open_events[n].id: start}
            if fits(programme, busy, trial):
                search(trial, n + 1)

    search({}, 0)
    return best, count


def placed(programme: Programme, starts: dict[str, int]) -> Programme:
    return programme.with_events(
        Event(e.id, e.title, at(starts[e.id]), at(starts[e.id] + (e.duration or 0)), participants=e.participants, venue=e.venue,
              after=e.after, same_day=e.same_day, min_gap=e.min_gap) if e.id in starts else e
        for e in programme.events
    )


def agree_with_brute_force(case: tuple[Programme, list[Busy]]) -> None:
    programme, busy = case
    best, count = brute_force(programme, busy)
    event(f"{sum(e.time_tbc for e in programme.events)} open events, " + ("nothing fits" if best is None else "a plan fits"))
    p = problem(programme, busy)
    outcome = solve(p)
    assert outcome.status in ("optimal", "infeasible")
    if best is None:
        assert outcome.status == "infeasible"
        found = explain(p, limit=5)
        assert found.proven and found.minimal and found.conflict
        return
    assert outcome.status == "optimal", f"brute force found a plan of cost {best}"
    starts = dict(outcome.starts)
    assert fits(programme, busy, starts), "the plan breaks a rule"
    assert broken(p, starts) == []
    assert price(programme, starts) <= best
    assert outcome.objective == cost(p, starts).total == price(programme, starts)
    findings = engine.find(placed(programme, starts), busy=busy)
    planned = set(starts)
    assert not [f.message for f in findings if f.severity == "error" and planned & set(f.events)], "the engine finds a conflict error in the plan"
    assert not [f.message for f in findings if f.kind == "travel" and planned & set(f.events)], "a plan keeps travel and buffer"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes(most=3))
def test_the_planner_agrees_with_a_brute_force_search(case: tuple[Programme, list[Busy]]) -> None:
    agree_with_brute_force(case)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes(most=6))
def test_the_planner_agrees_with_a_brute_force_search_up_to_six_events(case: tuple[Programme, list[Busy]]) -> None:
    agree_with_brute_force(case)
