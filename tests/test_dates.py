"""Dates as the officer types them: read without a guess, and never outside the visit unsaid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import Cli, folder_hash
from itinerary.core.timeparse import parse_day, parse_when
from itinerary.errors import ExitCode, UsageError


@pytest.mark.parametrize("text", [
    "2026-05-22 14:00", "22 May 14:00", "22 May 2026 14:00", "May 22 2pm", "2026-05-22T14:00", "22/05/2026 14:00",
    "2026/05/22 14:00", "2026.5.22 14:00", "22.05.2026 14:00", "22/5 14:00", "Fri 22 May 14:00", "5월 22일 14:00",
    "2026년 5월 22일 (금) 14:00",
])
def test_every_form_the_readme_lists_reads_the_same_moment(text: str) -> None:
    assert parse_when(text, "Asia/Seoul", year=2026).isoformat() == "2026-05-22T14:00:00+09:00"


@pytest.mark.parametrize("text,first,second", [
    ("05/06/2026 14:00", "5 June 2026", "6 May 2026"), ("05-06-2026 14:00", "5 June 2026", "6 May 2026"),
    ("6/5 10:00", "6 May 2026", "5 June 2026"), ("03.04.2026 10:00", "3 April 2026", "4 March 2026"),
])
def test_a_numeric_date_two_conventions_read_differently_is_refused_with_both_readings(text: str, first: str, second: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_when(text, "Asia/Seoul", year=2026)
    assert f"{first} read day first and {second} read month first" in str(refused.value)


@pytest.mark.parametrize("text", ["26/05/22 14:00", "22-05-26 14:00"])
def test_a_two_digit_year_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="two-digit year"):
        parse_when(text, "Asia/Seoul", year=2026)


def test_the_same_day_either_way_is_no_guess() -> None:
    assert parse_day("05/05/2026", year=2000) == dt.date(2026, 5, 5)


@pytest.mark.parametrize("text", ["Thu 22 May 2026 14:00", "5월 22일 (목) 14:00"])
def test_a_weekday_that_is_not_the_date_s_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="22 May 2026 is a Friday, not a Thursday"):
        parse_when(text, "Asia/Seoul", year=2026)


def test_add_with_an_ambiguous_date_is_a_usage_error_and_writes_nothing(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Briefing", "--start", "05/06/2026 14:00", "--duration", "30m")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "5 June 2026 read day first and 6 May 2026 read month first" in result.output
    assert folder_hash(data_dir) == before


def test_add_outside_the_visit_is_refused_naming_its_days_and_visit_edit(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    refused = cli("add", "--title", "Farewell", "--start", "25 May 14:00", "--duration", "30m", "--with", "houngbo")
    assert refused.exit_code == ExitCode.CONFLICT, refused.output
    assert "outside the visit's days (21–22 May 2026)" in refused.output and "itinerary visit edit" in refused.output
    assert "'Farewell' (25 May 14:00–14:30) is after the visit's last day" in refused.output
    assert folder_hash(data_dir) == before
    forced = cli("add", "--title", "Farewell", "--start", "25 May 14:00", "--duration", "30m", "--with", "houngbo", "--force")
    assert forced.exit_code == 0 and "warning: 'Farewell' (25 May 14:00–14:30) is after the visit's last day" in forced.output


def test_edit_moving_an_event_out_of_the_visit_is_refused(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    moved = cli("edit", "president-meeting", "--start", "23 May 10:00", "--duration", "45m")
    assert moved.exit_code == ExitCode.CONFLICT and "outside the visit's days" in moved.output
    assert folder_hash(data_dir) == before


def test_a_shorter_visit_that_leaves_events_outside_is_refused(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    shrunk = cli("visit", "edit", "--last-day", "21 May")
    assert shrunk.exit_code == ExitCode.CONFLICT and "Move or cancel those events first" in shrunk.output
    assert "'Meeting with the President' (planning window 22 May 09:00–18:00) is after the visit's last day" in shrunk.output
    assert folder_hash(data_dir) == before


def test_a_day_filter_outside_the_visit_says_so(cli: Cli) -> None:
    result = cli("timeline", "--day", "23 May")
    assert result.exit_code == 0
    assert "23 May 2026 is outside the visit's days (21–22 May 2026)" in result.output
    inside = cli("timeline", "--day", "22 May")
    assert "outside the visit" not in inside.output
    free = cli("free", "--person", "houngbo", "--day", "20 May", "--duration", "30m")
    assert "20 May 2026 is outside the visit's days" in free.output
