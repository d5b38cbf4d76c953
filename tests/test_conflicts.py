"""The conflict engine on named data sets, and against brute-force oracles on random programmes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, SHIPPED
from itinerary.core import engine as conflicts
from itinerary.core.slots import free_slots
from itinerary.core.travel import Travel, gaps
from itinerary.model import Busy, Event, Person, Programme, TravelLeg, Venue, Visit
from itinerary.storage.backend import MemoryBackend
from itinerary.storage.store import Store

SETS = DATA / "sets"
SEOUL = ZoneInfo("Asia/Seoul")


def load_set(name: str) -> Programme:
    files = {p.name: p.read_bytes() for p in (SETS / "base").glob("*.toml")}
    files |= {p.name: p.read_bytes() for p in (SETS / name).glob("*.toml")}
    return Store(MemoryBackend(files)).load()


def kinds(findings: list[conflicts.Finding]) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in findings]


def test_shipped_visit_has_no_errors_and_warns_of_each_unconfirmed_item() -> None:
    programme = Store.at(SHIPPED).load()
    found = conflicts.find(programme)
    assert conflicts.errors(found) == []
    unconfirmed = {e.id for e in programme.events if e.time_tbc or e.status == "tentative"}
    assert {f.events[0] for f in found} == unconfirmed
    assert all(f.kind == "unconfirmed" and f.severity == "warning" for f in found)


def test_adjacent_events_do_not_conflict() -> None:
    assert conflicts.find(load_set("adjacent")) == []


def test_one_minute_overlap_is_an_error() -> None:
    found = conflicts.find(load_set("one_minute_overlap"))
    assert kinds(found) == [("overlap", "error"), ("venue", "warning")]
    overlap = found[0]
    assert overlap.events == ("first", "second") and overlap.people == ("houngbo",) and overlap.minutes == 1
    assert "overlap by 1 min" in overlap.message


@pytest.mark.parametrize("name", ["cancelled_overlap", "overlap_ok"])
def test_cancelled_and_overlap_ok_events_never_conflict(name: str) -> None:
    assert conflicts.find(load_set(name)) == []


def test_travel_shortfall_reported_with_its_minutes() -> None:
    found = conflicts.find(load_set("travel_shortfall"))
    assert kinds(found) == [("travel", "error")]
    assert found[0].message == (
        "Houngbo: 'Business leaders' ends 15:30 at Seoul Employment Center; 'Meeting with the President' starts 15:40 "
        "at Presidential Office; needs 25 min travel + 10 min buffer, has 10 min (25 min short)"
    )
    assert found[0].minutes == 25


def test_travel_covered_but_not_the_buffer_is_a_warning() -> None:
    found = conflicts.find(load_set("travel_buffer_short"))
    assert kinds(found) == [("travel", "warning")] and found[0].minutes == 5


def test_unknown_leg_is_a_warning() -> None:
    found = conflicts.find(load_set("unknown_leg"))
    assert kinds(found) == [("travel", "warning")] and "unknown" in found[0].message


def test_leg_estimated_from_coordinates_is_labelled() -> None:
    found = conflicts.find(load_set("estimated_leg"))
    # City Hall to Seoul Station is about 1.4 km: 3 min at 30 km/h, + 10 min buffer > 5 min gap
    assert kinds(found) == [("travel", "warning")]
    assert "estimated travel" in found[0].message and "needs 3 min" in found[0].message


def test_event_after_the_visit_is_a_warning() -> None:
    found = conflicts.find(load_set("day_after_visit"))
    assert kinds(found) == [("outside", "warning")] and "after the visit's last day" in found[0].message


def test_clash_between_two_other_people_does_not_involve_the_guest() -> None:
    programme = load_set("others_clash")
    found = conflicts.find(programme)
    overlaps = [f for f in found if f.kind == "overlap"]
    assert [f.people for f in overlaps] == [("president",)]
    assert [f for f in conflicts.find(programme, person="houngbo") if f.kind == "overlap"] == []


def test_venue_double_booking_warning_and_exclusive_error() -> None:
    assert kinds(conflicts.find(load_set("venue_double"))) == [("venue", "warning")]
    assert kinds(conflicts.find(load_set("exclusive_venue"))) == [("venue", "error")]


def test_busy_time_is_an_error_for_that_person_only() -> None:
    programme = load_set("adjacent")
    busy = [Busy("houngbo", dt.datetime(2026, 5, 22, 11, 30, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 13, tzinfo=SEOUL), "Dentist")]
    found = conflicts.find(programme, busy=busy)
    assert kinds(found) == [("busy", "error")] and found[0].events == ("second",)
    assert "Dentist" not in found[0].message
    assert conflicts.find(programme, busy=[Busy("kim-younghoon", busy[0].start, busy[0].end)]) == []


def test_introduced_ignores_existing_findings_with_new_numbers() -> None:
    programme = load_set("travel_shortfall")
    before = conflicts.find(programme)
    moved = programme.replacing(
        Event("president", "Meeting with the President", dt.datetime(2026, 5, 22, 15, 35, tzinfo=SEOUL),
              dt.datetime(2026, 5, 22, 16, 30, tzinfo=SEOUL), venue="office", participants=("houngbo", "president"))
    )
    assert conflicts.introduced(before, conflicts.find(moved)) == []


def test_gaps_describe_the_time_between_events() -> None:
    found = gaps(load_set("travel_buffer_short"), "houngbo")
    assert len(found) == 1 and found[0].minutes == 30 and found[0].leg.minutes == 25 and found[0].spare == -5


# --- oracles -------------------------------------------------------------------------------

PEOPLE = ("p0", "p1", "p2", "p3")
VENUES = ("v0", "v1", "v2", "v3", "v4")
BASE = dt.datetime(2026, 5, 21, 0, 0, tzinfo=SEOUL)


def _venues() -> tuple[Venue, ...]:
    return (
        Venue("v0", "Zero"), Venue("v1", "One"), Venue("v2", "Two", exclusive=True),
        Venue("v3", "Three", latitude=37.56, longitude=126.97), Venue("v4", "Four", latitude=37.50, longitude=127.03),
    )


LEGS = (TravelLeg("v0", "v1", 20), TravelLeg("v1", "v0", 35), TravelLeg("v1", "v2", 45), TravelLeg("v0", "v3", 15))


@st.composite
def programmes(draw: st.DrawFn) -> Programme:
    n = draw(st.integers(0, 14))
    events = []
    for i in range(n):
        start = draw(st.integers(0, 2 * 24 * 12)) * 5
        length = draw(st.integers(1, 36)) * 5
        zone = draw(st.sampled_from(["Asia/Seoul", "Asia/Seoul", "Europe/Zurich"]))
        tz = ZoneInfo(zone)
        events.append(
            Event(
                f"e{i}", f"Event {i}", (BASE + dt.timedelta(minutes=start)).astimezone(tz),
                (BASE + dt.timedelta(minutes=start + length)).astimezone(tz), zone=zone,
                venue=draw(st.sampled_from((None, *VENUES))),
                participants=tuple(draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))),
                status=draw(st.sampled_from(["confirmed", "confirmed", "tentative", "cancelled"])),
                overlap_ok=draw(st.booleans()) and draw(st.booleans()),
                time_tbc=draw(st.integers(0, 9)) == 0,
            )
        )
    visit = Visit("t", "T", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "p0", buffer_minutes=draw(st.sampled_from([0, 10, 15])))
    return Programme(visit, tuple(Person(p, p.upper()) for p in PEOPLE), _venues(), LEGS, tuple(events))


def _timed(programme: Programme, person: str) -> list[Event]:
    return [e for e in programme.events if e.involves(person) and not (e.cancelled or e.time_tbc or e.overlap_ok)]


def oracle_overlaps(programme: Programme) -> set[tuple[frozenset[str], str]]:
    found = set()
    for person in PEOPLE:
        mine = _timed(programme, person)
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if a.start < b.end and b.start < a.end:
                    found.add((frozenset((a.id, b.id)), person))
    return found


def oracle_travel(programme: Programme) -> set[tuple[str, str, str, str, int | None]]:
    travel, buffer = Travel(programme), programme.visit.buffer_minutes
    found = set()

    def key(e: Event) -> tuple[float, float, str]:
        return (e.start.timestamp(), e.end.timestamp(), e.id)

    for person in PEOPLE:
        mine = _timed(programme, person)
        for b in mine:
            earlier = [a for a in mine if key(a) < key(b)]
            if not earlier:
                continue
            a = max(earlier, key=lambda a: (a.end.timestamp(), key(a)))
            there, here = a.end_venue, b.start_venue  # where a ends (a transfer's destination), where b starts
            if a.end > b.start or not there or not here or there == here:
                continue
            gap = int((b.start - a.end).total_seconds() // 60)
            leg = travel.leg(there, here).minutes
            tz = programme.visit.tz
            if b.start.astimezone(tz).date() > a.end.astimezone(tz).date():  # a night between: no move of one day
                if leg is not None and gap < leg:
                    found.add((a.id, b.id, person, "error", leg + buffer - gap))
                continue
            if leg is None:
                found.add((a.id, b.id, person, "warning", None))
            elif gap < leg:
                found.add((a.id, b.id, person, "error", leg + buffer - gap))
            elif gap < leg + buffer:
                found.add((a.id, b.id, person, "warning", leg + buffer - gap))
    return found


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_overlaps_agree_with_brute_force(programme: Programme) -> None:
    found = {(frozenset(f.events), p) for f in conflicts.find(programme) if f.kind == "overlap" for p in f.people}
    assert found == oracle_overlaps(programme)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_travel_agrees_with_brute_force(programme: Programme) -> None:
    found = {(f.events[0], f.events[1], p, f.severity, f.minutes) for f in conflicts.find(programme) if f.kind == "travel" for p in f.people}
    assert found == oracle_travel(programme)


def oracle_venues(programme: Programme) -> set[tuple[frozenset[str], str]]:
    exclusive = {v.id for v in programme.venues if v.exclusive}
    timed = [e for e in programme.events if e.venue and not (e.cancelled or e.time_tbc or e.overlap_ok)]
    found = set()
    for i, a in enumerate(timed):
        for b in timed[i + 1 :]:
            if a.venue == b.venue and a.start < b.end and b.start < a.end:
                found.add((frozenset((a.id, b.id)), "error" if a.venue in exclusive else "warning"))
    return found


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_venues_agree_with_brute_force(programme: Programme) -> None:
    found = [f for f in conflicts.find(programme) if f.kind == "venue"]
    assert {(frozenset(f.events), f.severity) for f in found} == oracle_venues(programme)
    assert all(f.people == () and f.minutes is None for f in found)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes(), st.sampled_from((None, *PEOPLE)))
def test_findings_come_errors_first_then_by_kind_then_in_programme_order(programme: Programme, person: str | None) -> None:
    found = conflicts.find(programme, person=person)
    position = {e.id: i for i, e in enumerate(programme.events)}

    def place(f: conflicts.Finding) -> tuple[int, int, tuple[int, ...], tuple[str, ...]]:
        return (f.severity != "error", conflicts.KINDS.index(f.kind), tuple(position[e] for e in f.events), f.people)

    assert [place(f) for f in found] == sorted(place(f) for f in found)
    # one finding per pair of events and kind: the people who meet it are named together
    pairs = [(f.kind, f.events) for f in found if f.kind in ("overlap", "travel", "venue")]
    assert len(pairs) == len(set(pairs))
    if person is not None:
        assert all(person in f.people for f in found if f.kind in ("overlap", "travel"))
        # a person's check: the findings of the whole programme that are theirs (named alone) or
        # about their events, double-booked venues aside
        whole = [f for f in conflicts.find(programme) if f.kind != "venue" and (person in f.people or (not f.people and any(
            programme.events_by_id[e].involves(person) for e in f.events)))]
        assert [(f.kind, f.severity, f.events, f.minutes) for f in found] == [(f.kind, f.severity, f.events, f.minutes) for f in whole]
        assert all(f.people in ((), (person,)) for f in found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    programmes(),
    st.sampled_from(PEOPLE),
    st.sampled_from((None, *VENUES)),
    st.integers(1, 24).map(lambda n: dt.timedelta(minutes=5 * n)),
    st.sampled_from([dt.date(2026, 5, 21), dt.date(2026, 5, 22)]),
)
def test_free_never_proposes_a_slot_that_check_rejects(programme, person, venue, duration, day) -> None:
    window = (dt.datetime.combine(day, dt.time(8), SEOUL), dt.datetime.combine(day, dt.time(20), SEOUL))
    before = conflicts.find(programme)
    for slot in free_slots(programme, person, window, duration, venue=venue):
        assert slot.end - slot.start >= duration
        for start in (slot.start, slot.end - duration):
            new = Event("new-event", "New", start, start + duration, venue=venue, participants=(person,))
            added = conflicts.errors(conflicts.introduced(before, conflicts.find(programme.replacing(new))))
            assert added == [], (slot, added)


def test_free_on_the_travel_set() -> None:
    programme = load_set("travel_shortfall")
    window = (dt.datetime(2026, 5, 22, 8, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 20, tzinfo=SEOUL))
    slots = free_slots(programme, "houngbo", window, dt.timedelta(minutes=45), venue="office")
    # the business meeting at the employment centre ends 15:30, needs 25 min travel + 10 buffer
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in slots] == [("08:00", "13:55"), ("16:40", "20:00")]


def test_engine_does_not_look_at_all_pairs() -> None:
    # 3,000 back-to-back events of one person: all pairs would be 4.5 million comparisons
    events = tuple(
        Event(f"e{i}", "E", BASE + dt.timedelta(minutes=10 * i), BASE + dt.timedelta(minutes=10 * i + 10), venue="v0", participants=("p0",))
        for i in range(3000)
    )
    visit = Visit("t", "T", dt.date(2026, 5, 21), dt.date(2026, 6, 30), "p0")
    programme = Programme(visit, (Person("p0", "P"),), _venues(), (), events)
    assert conflicts.find(programme) == []




@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31)))
def test_messages_write_times_as_strftime_would(moment: dt.datetime) -> None:
    from itinerary.core.spans import day_month, hour_minute

    assert hour_minute(moment) == f"{moment:%H:%M}"
    assert day_month(moment.date()) == f"{moment:%d %b}"
