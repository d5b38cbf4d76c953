"""Dates, times and durations as Korean officers write them, wherever a date, time or duration is
accepted, refused where they leave something open as English input is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Cli, records_hash
from itinerary.core.timeparse import parse_day, parse_duration, parse_when
from itinerary.errors import ExitCode, UsageError
from itinerary.i18n.dates import korean

FRIDAY = dt.date(2026, 5, 22)


@pytest.mark.parametrize(("text", "expected"), [
    ("5월 22일 14:00", "2026-05-22T14:00:00+09:00"),
    ("22일(금) 오후 2시", "2026-05-22T14:00:00+09:00"),
    ("2026년 5월 22일(금) 14:00", "2026-05-22T14:00:00+09:00"),
    ("2026년 5월 22일 (금요일) 오후 2시 30분", "2026-05-22T14:30:00+09:00"),
    ("5월 22일 금요일 오후 2시 반", "2026-05-22T14:30:00+09:00"),
    ("5월22일 14시 5분", "2026-05-22T14:05:00+09:00"),
    ("2026. 5. 22.(금) 오전 9:30", "2026-05-22T09:30:00+09:00"),
    ("5. 22.(금) 15:00", "2026-05-22T15:00:00+09:00"),
    ("2026-05-22 오후 3시", "2026-05-22T15:00:00+09:00"),
    ("5월 22일 정오", "2026-05-22T12:00:00+09:00"),
    ("5월 22일 오전 12시", "2026-05-22T00:00:00+09:00"),
    ("5월 22일 오후 12시 30분", "2026-05-22T12:30:00+09:00"),
    ("5월 22일 아침 8시", "2026-05-22T08:00:00+09:00"),
    ("5월 22일 저녁 7시", "2026-05-22T19:00:00+09:00"),
    ("5월 22일 9:30", "2026-05-22T09:30:00+09:00"),  # a colon: the 24-hour clock, as English input reads it
    ("5월 22일 0시", "2026-05-22T00:00:00+09:00"),
])
def test_korean_forms_of_a_moment(text: str, expected: str) -> None:
    assert parse_when(text, "Asia/Seoul", year=2026).isoformat() == expected


def test_a_time_alone_takes_the_day_and_a_day_of_the_month_its_month() -> None:
    assert parse_when("오후 2시 30분", "Asia/Seoul", day=FRIDAY).isoformat() == "2026-05-22T14:30:00+09:00"
    assert parse_when("21일 오전 10시", "Asia/Seoul", day=FRIDAY).isoformat() == "2026-05-21T10:00:00+09:00"
    assert parse_when("오후 2시", "Europe/Zurich", day=FRIDAY).isoformat() == "2026-05-22T14:00:00+02:00"
    assert parse_day("5월 22일", year=2026) == FRIDAY and parse_day("22일(금)", year=2026) == FRIDAY
    assert parse_day("2026년 5월 21일(목)", year=1999) == dt.date(2026, 5, 21)


@pytest.mark.parametrize(("text", "words"), [
    ("5월 22일(목) 14:00", "22 May 2026 is a Friday, not a Thursday"),
    ("22일(목) 14:00", "could be any of '2026년 1월 22일(목)', '2026년 10월 22일(목)'"),
    ("22일 14:00", "has no month"),
    ("31일(수) 14:00", "no month of 2026 has a Wednesday on day 31"),
    ("5월 22일 2시", "in the morning (오전) or the afternoon (오후)? Write '오후 2시' or '14시'"),
    ("5월 22일 오후 14시", "with 오후 the hour is from 1 to 12"),
    ("5월 22일 밤 12시", "write midnight as '0시'"),
    ("5월 22일 25시", "the hour is from 0 to 23"),
    ("5월 22일 14시 75분", "the minutes are from 0 to 59"),
    ("2월 30일 10:00", "February 2026 has 28 days"),
    ("13월 1일 10:00", "there are 12 months"),
    ("5월 22일", "has no time of day"),
    ("오후 2시", "has no day"),
    ("다음 주 화요일", "cannot read"),
    ("2026년 22일 14:00", "no month"),
])
def test_what_korean_input_leaves_open_is_refused(text: str, words: str) -> None:
    with pytest.raises(UsageError, match=words.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        parse_when(text, "Asia/Seoul", year=2026)


def test_a_day_is_not_a_time() -> None:
    with pytest.raises(UsageError, match="is a time, not a day"):
        parse_day("5월 22일 14:00", year=2026)


@pytest.mark.parametrize(("text", "minutes"), [("1시간 30분", 90), ("1시간30분", 90), ("1시간 반", 90), ("90분", 90), ("2시간", 120),
                                               ("45분간", 45), ("3시간 동안", 180)])
def test_korean_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["0분", "시간", "1시간 반 30분", "한 시간", "99999시간"])
def test_bad_korean_durations(text: str) -> None:
    with pytest.raises(UsageError):
        parse_duration(text)


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_what_korean_writes_reads_back(moment: dt.datetime) -> None:
    """Every moment written in the Korean convention reads back as itself (to the minute)."""
    moment = moment.replace(second=0, microsecond=0)
    back = parse_when(korean(moment), "UTC", year=1999)
    assert back.replace(tzinfo=None) == moment


def test_korean_input_on_the_command_line(cli: Cli, data_dir: Path) -> None:
    added = cli("add", "--id", "lunch", "--title", "Working lunch", "--title-ko", "업무 오찬", "--start", "22일(금) 오후 12시 30분",
                "--duration", "1시간 반", "--with", "houngbo,kim-younghoon")
    assert added.exit_code == 0, added.output
    shown = json.loads(cli("show", "lunch", "--json").output)
    assert (shown["start"]["time"], shown["end"]["time"]) == ("2026-05-22T12:30:00+09:00", "2026-05-22T14:00:00+09:00")
    moved = cli("edit", "lunch", "--day", "5월 22일", "--start", "오후 1시", "--end", "오후 2시 30분")
    assert moved.exit_code == 0, moved.output
    shown = json.loads(cli("show", "lunch", "--json").output)
    assert (shown["start"]["time"], shown["end"]["time"]) == ("2026-05-22T13:00:00+09:00", "2026-05-22T14:30:00+09:00")
    assert "lunch" in cli("timeline", "--day", "5월 22일(금)").output


def test_korean_input_that_leaves_something_open_changes_nothing(cli: Cli, data_dir: Path) -> None:
    before = records_hash(data_dir)
    for args in (["--start", "5월 22일(목) 12:30"], ["--start", "5월 22일 2시"], ["--start", "5월 22일 14:00", "--duration", "한 시간"]):
        result = cli("add", "--title", "Working lunch", *args, *([] if "--duration" in args else ["--duration", "1h"]))
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "Traceback" not in result.output and result.output.startswith("itinerary: --"), result.output
    assert records_hash(data_dir) == before
