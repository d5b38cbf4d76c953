"""Invariants of the domain values."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from itinerary.errors import InvalidData
from itinerary.model import Event, Person, Programme, TravelLeg, Venue, Visit, check_id, localize, slugify

SEOUL = ZoneInfo("Asia/Seoul")


def at(hour: int, minute: int = 0, day: int = 22) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=SEOUL)


def test_event_needs_end_after_start_or_is_a_moment() -> None:
    with pytest.raises(InvalidData, match="not after start") as err:
        Event("talks", "Talks", at(11), at(10))
    assert err.value.field == "end"
    assert Event("call", "Call", at(10), at(10)).marker  # a moment: an iCalendar DTSTART alone
    with pytest.raises(InvalidData, match="not after start"):
        Event("talks", "Talks", at(10), at(10), time_tbc=True)


def test_event_times_must_be_aware() -> None:
    with pytest.raises(InvalidData, match="no time zone"):
        Event("talks", "Talks", dt.datetime(2026, 5, 22, 10), at(11))


def test_event_times_are_kept_in_the_event_zone() -> None:
    event = Event("call", "Call", dt.datetime(2026, 5, 22, 3, tzinfo=dt.UTC), at(13), zone="Asia/Seoul")
    assert event.start.tzinfo == SEOUL
    assert event.start.hour == 12


@pytest.mark.parametrize("field,value", [("kind", "party"), ("status", "maybe"), ("visibility", "secret")])
def test_event_enumerations(field: str, value: str) -> None:
    with pytest.raises(InvalidData) as err:
        Event("talks", "Talks", at(10), at(11), **{field: value})
    assert err.value.field == field


@pytest.mark.parametrize("bad", ["", "Upper", "../etc", "a/b", "a b", "-x", "x-", "a\0b", "/abs", "é", "a" * 81])
def test_ids_cannot_name_paths(bad: str) -> None:
    with pytest.raises(InvalidData):
        check_id(bad)


def test_unknown_zone() -> None:
    with pytest.raises(InvalidData, match="unknown time zone"):
        Event("talks", "Talks", at(10), at(11), zone="Asia/Seol")
    with pytest.raises(InvalidData):
        Person("x", "X", zone="../../etc/passwd")


def test_control_characters_refused_in_titles() -> None:
    with pytest.raises(InvalidData, match="control character"):
        Event("talks", "Talks\nEND:VEVENT", at(10), at(11))
    with pytest.raises(InvalidData, match="control character"):
        Event("talks", "Talks\x1b[31m", at(10), at(11))
    # notes may hold line breaks, never escapes
    Event("talks", "Talks", at(10), at(11), notes="line one\nline two")
    with pytest.raises(InvalidData):
        Event("talks", "Talks", at(10), at(11), notes="\x1b[2J")


def test_a_blank_title_is_refused_in_either_language() -> None:
    with pytest.raises(InvalidData, match="needs a title"):
        Event("talks", "   ", at(10), at(11))
    with pytest.raises(InvalidData, match="only blanks"):
        Event("talks", "Talks", at(10), at(11), title_ko=" \u3000")
    assert Event("talks", "Talks", at(10), at(11), title_ko="").title_ko == ""


def test_participant_listed_twice() -> None:
    with pytest.raises(InvalidData, match="twice"):
        Event("talks", "Talks", at(10), at(11), participants=("houngbo", "houngbo"))


def test_localize_refuses_skipped_wall_time_and_takes_first_repeat() -> None:
    with pytest.raises(InvalidData, match="does not exist"):
        localize(dt.datetime(2026, 3, 29, 2, 30), "Europe/Zurich")
    repeated = localize(dt.datetime(2026, 10, 25, 2, 30), "Europe/Zurich")
    assert repeated.utcoffset() == dt.timedelta(hours=2)


def test_visit_bounds_are_local_half_open() -> None:
    visit = Visit("v", "Visit", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "houngbo")
    start, end = visit.bounds()
    assert start == at(0, day=21) and end == dt.datetime(2026, 5, 23, tzinfo=SEOUL)
    with pytest.raises(InvalidData):
        Visit("v", "Visit", dt.date(2026, 5, 22), dt.date(2026, 5, 21), "houngbo")


def test_venue_and_leg_rules() -> None:
    with pytest.raises(InvalidData, match="both latitude and longitude"):
        Venue("v", "V", latitude=37.5)
    with pytest.raises(InvalidData):
        TravelLeg("a", "a", 10)
    with pytest.raises(InvalidData):
        TravelLeg("a", "b", -1)


def test_programme_orders_events_by_instant_and_reports_dangling_references() -> None:
    visit = Visit("v", "Visit", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "houngbo")
    late = Event("late", "Late", at(12), at(13), participants=("ghost",), venue="nowhere")
    # 05:00 in Zurich is 12:00 in Seoul: same instant, earlier end sorts first
    early = Event("early", "Early", dt.datetime(2026, 5, 22, 5, tzinfo=ZoneInfo("Europe/Zurich")),
                  dt.datetime(2026, 5, 22, 5, 30, tzinfo=ZoneInfo("Europe/Zurich")), zone="Europe/Zurich")
    programme = Programme(visit, (Person("houngbo", "Gilbert F. Houngbo"),), (), (), (late, early))
    assert [e.id for e in programme.events] == ["early", "late"]
    assert ("late", "participants", "ghost") in programme.references()
    assert ("late", "venue", "nowhere") in programme.references()


def test_slugify() -> None:
    assert slugify("Meeting with the President!") == "meeting-with-the-president"
    assert slugify("대통령 면담") == "event"
    check_id(slugify("x" * 200))
