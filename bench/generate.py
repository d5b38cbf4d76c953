"""Synthetic programmes for the benchmarks: 200 people, 50 venues, one year, Korean titles.

    python bench/generate.py 10000 bench/data/10k
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from itinerary.formats import codec
from itinerary.model import Event, Person, Programme, TravelLeg, Venue, Visit

SEOUL = ZoneInfo("Asia/Seoul")
TITLES = ("면담", "오찬", "현장 방문", "기자회견", "간담회", "Bilateral talks", "Working lunch", "Site visit", "Press briefing")


def programme(n_events: int, *, people: int = 200, venues: int = 50, seed: int = 2026) -> Programme:
    """A year of ``n_events`` events; the same arguments always give the same programme."""
    rng = random.Random(seed)
    visit = Visit("bench-year", "Office year 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "p000",
                  title_ko="2026년 일정", buffer_minutes=10, city_speed_kmh=25.0)
    persons = tuple(Person(f"p{i:03d}", f"Person {i}", f"사람 {i}", short_name=f"P{i}") for i in range(people))
    places = tuple(
        Venue(f"v{i:02d}", f"Venue {i}", f"장소 {i}", latitude=37.45 + rng.random() * 0.2, longitude=126.85 + rng.random() * 0.3)
        for i in range(venues)
    )
    legs = tuple(TravelLeg(f"v{i:02d}", f"v{(i + 1) % venues:02d}", rng.randint(10, 60)) for i in range(venues))
    start_of_year = dt.datetime(2026, 1, 1, tzinfo=SEOUL)
    # Each event goes into a free stretch of its lead participant's day, with time to travel;
    # the others join it wherever they are, so clashes come from co-participants, as in a real
    # office, and stay a small share of the year.
    diary: dict[tuple[str, int], list[tuple[int, int]]] = {}
    events = []
    for i in range(n_events):
        lead, *others = rng.sample(persons, rng.randint(1, 3))
        length = rng.choice((30, 45, 60, 90, 120))
        for _attempt in range(20):
            day = rng.randrange(365)
            minute = rng.randrange(8 * 60, 19 * 60, 15)
            booked = diary.setdefault((lead.id, day), [])
            if all(minute + length + 40 <= s or e + 40 <= minute for s, e in booked):
                break
        booked.append((minute, minute + length))
        start = start_of_year + dt.timedelta(days=day, minutes=minute)
        events.append(
            Event(
                f"e{i:06d}", f"{rng.choice(TITLES)} {i}", start, start + dt.timedelta(minutes=length),
                title_ko=f"{rng.choice(TITLES[:5])} {i}", venue=rng.choice(places).id,
                participants=(lead.id, *(p.id for p in others)),
                status=rng.choice(("confirmed",) * 8 + ("tentative", "cancelled")),
                updated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )
        )
    return Programme(visit, persons, places, legs, tuple(events))


def write(prog: Programme, folder: Path) -> None:
    """The programme as a data folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "visit.toml").write_text(codec.dumps_visit(prog.visit), encoding="utf-8")
    (folder / "people.toml").write_text(codec.dumps_people(prog.people), encoding="utf-8")
    (folder / "venues.toml").write_text(codec.dumps_venues(prog.venues, prog.travel), encoding="utf-8")
    for event in prog.events:
        (folder / f"{event.id}.toml").write_text(codec.dumps_event(event), encoding="utf-8")


def busy_calendar(n_events: int, *, seed: int = 7) -> bytes:
    """An outside calendar of ``n_events`` over the year (one in twenty a weekly series)."""
    import icalendar

    rng = random.Random(seed)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//busy//EN")
    cal.add("version", "2.0")
    start_of_year = dt.datetime(2026, 1, 1, tzinfo=SEOUL)
    for i in range(n_events):
        start = start_of_year + dt.timedelta(days=rng.randrange(365), minutes=rng.randrange(7 * 60, 21 * 60, 30))
        event = icalendar.Event()
        event.add("uid", f"busy-{i}@ministry.example")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=rng.choice((30, 60, 90))))
        event.add("summary", f"{rng.choice(TITLES)} (ministry) {i}")
        if i % 20 == 0:
            event.add("rrule", {"freq": "weekly", "count": 8})
        cal.add_component(event)
    return cal.to_ical()


def write_vdir(prog: Programme, folder: Path) -> None:
    """One .ics file per event, as khal keeps a calendar."""
    from itinerary.formats import ics

    for event in prog.events:
        single = prog.with_events([event])
        (folder / f"{event.id}.ics").write_bytes(ics.calendar_bytes(single, ics.Variant(alarms=False)))


def time_parse(path: Path) -> float:
    """Seconds icalendar takes to parse the file once."""
    import time

    import icalendar

    data = path.read_bytes()
    start = time.perf_counter()
    icalendar.Calendar.from_ical(data)
    return time.perf_counter() - start


if __name__ == "__main__":
    write(programme(int(sys.argv[1])), Path(sys.argv[2]))
