"""User text → aware datetimes and durations."""

from __future__ import annotations

import datetime as dt

import pytest

from itinerary.core.timeparse import parse_day, parse_duration, parse_when
from itinerary.errors import UsageError


@pytest.mark.parametrize("text", ["2026-05-22 14:00", "22 May 14:00", "May 22 2pm", "2026-05-22T14:00"])
def test_forms_of_one_moment(text: str) -> None:
    moment = parse_when(text, "Asia/Seoul", year=2026)
    assert moment.isoformat() == "2026-05-22T14:00:00+09:00"
    assert moment.tzinfo is not None


def test_time_alone_takes_the_day() -> None:
    assert parse_when("14:00", "Asia/Seoul", day=dt.date(2026, 5, 22)).isoformat() == "2026-05-22T14:00:00+09:00"
    with pytest.raises(UsageError, match="no day"):
        parse_when("14:00", "Asia/Seoul", year=2026)


def test_explicit_offset_is_converted() -> None:
    assert parse_when("2026-05-22 07:00+02:00", "Asia/Seoul").isoformat() == "2026-05-22T14:00:00+09:00"


@pytest.mark.parametrize("text", ["", "soon", "2026-05-22", "2026-13-01 10:00", "31 Feb 10:00"])
def test_malformed(text: str) -> None:
    with pytest.raises(UsageError):
        parse_when(text, "Asia/Seoul", year=2026)


def test_days() -> None:
    assert parse_day("22 May", year=2026) == dt.date(2026, 5, 22)
    assert parse_day("2026-05-21", year=1999) == dt.date(2026, 5, 21)
    with pytest.raises(UsageError):
        parse_day("14:00", year=2026)


@pytest.mark.parametrize("text,minutes", [("45m", 45), ("1h", 60), ("1h30m", 90), ("90", 90), ("1:15", 75), ("2 hours", 120)])
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "0", "-5", "abc", "1x", "99999h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UsageError):
        parse_duration(text)
