"""Benchmark of an office of many visits (not part of the test run).

    pip install . && python bench/office.py                  # 50 visits x 200 events
    python bench/office.py --visits 10 --events 100          # a quicker look

It generates under bench/data/office-V-E/ an office whose V visits of E events each share one
directory (200 people, 50 venues, 5 exclusive): a visit of 7 days every 5 days (each overlaps
the next by two days), each with a delegation of 4, and one event in four joined by one of 20
ministers and officials every visit shares. It prints the wall time (median of
runs) and peak memory of `office check` and `office timeline --day` (and `--person`), cold
(every cache cleared) and warm, and of one `add` inside a visit (which reads the office's other
visits to guard against clashes), beside the floor `python -c "import typer, rich"`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CACHE, DATA, itinerary_script, line, run  # noqa: E402

from itinerary.formats import codec  # noqa: E402
from itinerary.formats.officefile import dumps_office  # noqa: E402
from itinerary.model import Event, Office, Person, TravelLeg, Venue, Visit  # noqa: E402

SEOUL = ZoneInfo("Asia/Seoul")


def write_office(folder: Path, visits: int, events: int, *, seed: int = 2026) -> None:
    """An office of ``visits`` visits of ``events`` events each, over the same four weeks."""
    rng = random.Random(seed)
    people = tuple(Person(f"p{i:03d}", f"Person {i}", f"사람 {i}") for i in range(200))
    venues = tuple(Venue(f"v{i:02d}", f"Venue {i}", f"장소 {i}", exclusive=i < 5,
                         latitude=37.45 + rng.random() * 0.2, longitude=126.85 + rng.random() * 0.3) for i in range(50))
    legs = tuple(TravelLeg(f"v{i:02d}", f"v{(i + 1) % 50:02d}", rng.randint(10, 60)) for i in range(50))
    folder.mkdir(parents=True)
    (folder / "office.toml").write_text(dumps_office(Office("bench-office", "Bench office", "벤치 사무실")), encoding="utf-8")
    (folder / "people.toml").write_text(codec.dumps_people(people), encoding="utf-8")
    (folder / "venues.toml").write_text(codec.dumps_venues(venues, legs), encoding="utf-8")
    for v in range(visits):
        visit_folder = folder / f"visit-{v:03d}"
        visit_folder.mkdir()
        first = dt.date(2026, 1, 5) + dt.timedelta(days=5 * v)
        delegation = [people[100 + (4 * v + k) % 100] for k in range(4)]
        visit = Visit(f"visit-{v:03d}", f"Visit {v}", first, first + dt.timedelta(days=6), delegation[0].id, title_ko=f"방한 {v}")
        (visit_folder / "visit.toml").write_text(codec.dumps_visit(visit), encoding="utf-8")
        for e in range(events):
            day = rng.randrange(7)
            start = dt.datetime.combine(first + dt.timedelta(days=day), dt.time(8), SEOUL) + dt.timedelta(minutes=rng.randrange(0, 11 * 60, 15))
            shared = [rng.choice(people[:20]).id] if rng.random() < 0.25 else []  # ministers and officials every visit meets
            event = Event(f"e{e:04d}", f"Meeting {e}", start, start + dt.timedelta(minutes=rng.choice((30, 45, 60, 90))),
                          title_ko=f"면담 {e}", venue=rng.choice(venues).id, participants=(rng.choice(delegation).id, *shared),
                          status="confirmed", updated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            (visit_folder / f"{event.id}.toml").write_text(codec.dumps_event(event), encoding="utf-8")
    (folder / ".complete").write_text("ok")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visits", type=int, default=50)
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args()
    command = itinerary_script()
    folder = DATA / f"office-{args.visits}-{args.events}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  (generating {args.visits} visits of {args.events} events…)", flush=True)
        write_office(folder, args.visits, args.events)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    floor = run(["-c", "import typer, rich"], 7)
    line("floor: python -c 'import typer, rich'", *floor)
    print(f"office of {args.visits} visits x {args.events} events ({args.visits * args.events} events, one directory):")
    clear = ["-c", f"import shutil; shutil.rmtree({str(CACHE)!r}, ignore_errors=True)"]
    for label, argv in (
        ("office check", ["office", "check", "--json"]),
        ("office timeline --day 2026-05-15", ["office", "timeline", "--day", "2026-05-15"]),
        ("office timeline --week 2026-05-15 --person p001", ["office", "timeline", "--week", "2026-05-15", "--person", "p001"]),
    ):
        cold = run([command, "--data", str(folder), *argv], 3, before=clear)
        line(f"{label} (cold)", *cold)
        warm = run([command, "--data", str(folder), *argv], 5)
        line(f"{label} (warm)", *warm)
    visit = folder / "visit-026"
    add = [command, "--data", str(visit), "add", "--id", "bench-added", "--title", "Added", "--start", "2026-05-15 07:00",
           "--duration", "15m", "--with", "p000", "--force"]
    remove = [command, "--data", str(visit), "remove", "bench-added", "--yes"]
    timeline = run([command, "--data", str(visit), "timeline", "--day", "2026-05-15"], 5)
    line("timeline --day of one visit (sees the others' commitments)", *timeline)
    added = run(add, 3, before=[*remove], memory=False)
    line("add in one visit (guarded against every other visit)", *added)
    run(remove, 1, memory=False)


if __name__ == "__main__":
    main()
