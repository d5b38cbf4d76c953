"""Now and next (core/now.py): what a principal is doing at a moment, what comes next, and when
to leave for it; the board's clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.changes.library import Library
from itinerary.core import now as nownext
from itinerary.core import travel
from itinerary.model import Event, Programme, TravelLeg, Venue, Visit
from itinerary.ui.board.clock import Clock

SEOUL = ZoneInfo("Asia/Seoul")


def at(hour: int, minute: int = 0, day: int = 22) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def rehearsal(rehearsal_dir: Path) -> Programme:
    return Library.open(rehearsal_dir).programme()


def test_in_a_meeting_with_the_next_one_across_town(rehearsal: Programme) -> None:
    here = nownext.standing(rehearsal, "houngbo", at(9, 40))
    assert here.current is not None and here.current.id == "president-meeting"
    assert here.next is not None and here.next.id == "seoul-employment-center-visit"
    assert here.ends_in(at(9, 40)) == 35 and here.starts_in(at(9, 40)) == 80
    way = here.departure
    assert way is not None and (way.origin, way.destination) == ("presidential-office", "seoul-employment-center")
    assert way.leg.minutes == 25 and way.buffer == 10
    assert way.leave_at == at(10, 25) and way.leave_in(at(9, 40)) == 45 and way.planned_buffer == 10


def test_past_the_time_to_leave_the_buffer_shrinks_then_goes_negative(rehearsal: Programme) -> None:
    way = nownext.standing(rehearsal, "houngbo", at(10, 30)).departure
    assert way is not None
    assert way.leave_in(at(10, 30)) == -5 and way.buffer_left(at(10, 30)) == 5
    assert way.buffer_left(at(10, 40)) == -5  # leaving now arrives 5 min after the start
    assert way.buffer_left(at(10, 0)) == 10  # before the time to leave, the whole buffer is there


def test_a_meeting_that_ends_late_is_left_when_it_ends(rehearsal: Programme) -> None:
    meeting = rehearsal.events_by_id["president-meeting"]
    late = rehearsal.replacing(dataclasses.replace(meeting, end=at(10, 40)))
    way = nownext.standing(late, "houngbo", at(10)).departure
    assert way is not None and way.leave_at == at(10, 40)
    assert way.planned_buffer == -5  # 20 minutes for 25 minutes of travel


def test_the_president_stays_put_and_the_minister_has_nothing_that_day(rehearsal: Programme) -> None:
    president = nownext.standing(rehearsal, "president", at(9, 40))
    assert president.current is not None and president.next is None and president.departure is None
    assert nownext.principals(rehearsal, at(9, 40)) == ["houngbo", "president"]
    assert nownext.principals(rehearsal, at(10, 30)) == ["houngbo"]  # the guest always; the President is done


def test_events_without_a_time_never_count(rehearsal: Programme) -> None:
    # the labour and business meetings are TBC over both days: neither in progress nor next
    here = nownext.standing(rehearsal, "houngbo", at(12, 30))
    assert here.current is None and here.next is None
    cancelled = rehearsal.replacing(dataclasses.replace(rehearsal.events_by_id["president-meeting"], status="cancelled"))
    assert nownext.standing(cancelled, "houngbo", at(9, 40)).current is None
    whole_day = Event("press-day", "Press day", at(0), at(0, day=23), all_day=True, participants=("houngbo",))
    assert nownext.standing(rehearsal.replacing(whole_day), "houngbo", at(12, 30)).current is None


def test_a_standby_is_in_progress_only_when_nothing_else_is(rehearsal: Programme) -> None:
    standby = Event("car-standby", "Car on standby", at(9), at(13), participants=("houngbo",), overlap_ok=True)
    programme = rehearsal.replacing(standby)
    here = nownext.standing(programme, "houngbo", at(9, 40))
    assert here.current is not None and here.current.id == "president-meeting"
    assert nownext.standing(programme, "houngbo", at(9, 10)).current == standby
    assert nownext.standing(programme, "houngbo", at(9, 10)).next.id == "president-meeting"  # type: ignore[union-attr]


def test_no_departure_across_a_night_nor_at_the_same_venue(rehearsal: Programme) -> None:
    dinner = Event("dinner", "Dinner", at(19, day=21), at(21, day=21), participants=("houngbo",), venue="moel-sejong")
    programme = rehearsal.replacing(dinner)
    assert nownext.standing(programme, "houngbo", at(8)).departure is None  # where he sleeps is not recorded
    lunch = Event("lunch", "Lunch", at(12, 30), at(13, 30), participants=("houngbo",), venue="seoul-employment-center")
    assert nownext.standing(programme.replacing(lunch), "houngbo", at(12, 10)).departure is None


def test_an_unknown_leg_has_no_time_to_leave(rehearsal: Programme) -> None:
    lunch = Event("lunch", "Lunch", at(13), at(14), participants=("houngbo",), venue="moel-sejong")
    way = nownext.standing(rehearsal.replacing(lunch), "houngbo", at(12, 10)).departure
    assert way is not None and way.leg.minutes == 120  # Sejong is in the table
    far = Venue("busan-port", "Port of Busan")
    trip = Event("port", "Port visit", at(16), at(17), participants=("houngbo",), venue="busan-port")
    programme = Programme(rehearsal.visit, rehearsal.people, (*rehearsal.venues, far), rehearsal.travel,
                          (*rehearsal.events, lunch, trip))
    unknown = nownext.standing(programme, "houngbo", at(14, 10)).departure
    assert unknown is not None and unknown.leg.minutes is None and unknown.leave_at is None and unknown.leave_in(at(14, 10)) is None


def test_the_days_a_board_steps_through(rehearsal: Programme) -> None:
    assert nownext.days(rehearsal) == [dt.date(2026, 5, 21), dt.date(2026, 5, 22)]
    early = Event("advance-team", "Advance team arrives", at(10, day=19), at(11, day=19))
    assert nownext.days(rehearsal.replacing(early))[0] == dt.date(2026, 5, 19)


def test_a_simulated_clock_runs_at_its_speed_and_stops_at_zero() -> None:
    real = [100.0]
    start = at(9, 40)
    fast = Clock(start, 60, real=lambda: real[0])
    stopped = Clock(start, 0, real=lambda: real[0])
    real[0] += 2.5
    assert fast.now() == at(9, 42, ) + dt.timedelta(seconds=30)
    assert stopped.now() == start and stopped.note() == "simulated time, stopped"
    assert "×60" in fast.note()
    wall = Clock(wall=lambda: start)
    assert not wall.simulated and wall.now() == start and wall.note() == ""
    with pytest.raises(ValueError):
        Clock(dt.datetime(2026, 5, 22, 9, 40))


VENUES = ("a", "b", "c", "d")
STEP = dt.timedelta(minutes=5)


@st.composite
def days_of_one_person(draw: st.DrawFn) -> tuple[Programme, dt.datetime]:
    visit = Visit("v", "Visit", dt.date(2026, 5, 21), dt.date(2026, 5, 22), guest="p", buffer_minutes=draw(st.integers(0, 30)))
    venues = tuple(Venue(v, v.upper()) for v in VENUES)
    legs = tuple(TravelLeg(a, b, draw(st.integers(0, 90))) for i, a in enumerate(VENUES) for b in VENUES[i + 1:] if draw(st.booleans()))
    from itinerary.model import Person

    events = []
    for i in range(draw(st.integers(0, 8))):
        start = at(7) + STEP * draw(st.integers(0, 12 * 24))
        length = STEP * draw(st.integers(1, 36))
        events.append(Event(f"e{i}", f"Event {i}", start, start + length, participants=("p",),
                            venue=draw(st.sampled_from((*VENUES, None))), overlap_ok=draw(st.booleans()) and i % 3 == 0,
                            time_tbc=draw(st.booleans()) and i % 4 == 0))
    now = at(7) + dt.timedelta(minutes=draw(st.integers(0, 48 * 60)))
    return Programme(visit, (Person("p", "P"),), venues, legs, tuple(events)), now


@settings(max_examples=300, deadline=None)
@given(days_of_one_person())
def test_now_and_next_agree_with_the_programme_and_the_engine(case: tuple[Programme, dt.datetime]) -> None:
    programme, now = case
    here = nownext.standing(programme, "p", now)
    assert nownext.standings(programme, ["p"], now) == [here]
    timed = [e for e in programme.events if not e.time_tbc]
    running = [e for e in timed if e.start <= now < e.end]
    assert (here.current is None) == (not running)
    if here.current is not None:
        assert here.current in running and (here.current.overlap_ok <= all(e.overlap_ok for e in running))
    ahead = [e for e in timed if e.start > now and not e.overlap_ok]
    assert here.next == (min(ahead, key=lambda e: (e.start, e.end, e.id)) if ahead else None)
    way = here.departure
    if way is None or way.leave_at is None:
        return
    assert here.next is not None and way.arrive_by == here.next.start and way.destination == here.next.venue
    assert way.leave_at >= way.free_from and way.leave_at <= here.next.start
    assert way.planned_buffer is not None and way.planned_buffer <= way.buffer
    assert (way.planned_buffer == way.buffer) == (way.free_from <= here.next.start - dt.timedelta(minutes=way.leg.minutes + way.buffer))  # type: ignore[operator]
    # the leg and the place the person comes from are the conflict engine's, where it sees a gap
    gap = next((g for g in travel.gaps(programme, "p") if g.after == here.next.id), None)
    if gap is not None and gap.leg is not None:
        assert gap.leg == way.leg and programme.events_by_id[gap.before].venue == way.origin


def test_the_standings_of_several_people_in_one_pass_are_each_one_s(rehearsal: Programme) -> None:
    people = ["houngbo", "president", "kim-younghoon"]
    for moment in (at(8), at(9, 40), at(10, 30), at(12, 30), at(15, day=21)):
        assert nownext.standings(rehearsal, people, moment) == [nownext.standing(rehearsal, p, moment) for p in people]
