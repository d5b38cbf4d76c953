"""Busy calendars: outside commitments count in checks, are shown dimmed, are never exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, folder_hash
from itinerary.errors import ExitCode
from itinerary.storage.store import Store

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Ministry//Calendar//EN\r
BEGIN:VEVENT\r
UID:cabinet@moel.example\r
DTSTAMP:20260501T000000Z\r
DTSTART;TZID=Asia/Seoul:20260522T100000\r
DTEND;TZID=Asia/Seoul:20260522T120000\r
SUMMARY:Cabinet meeting on the budget\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:morning-briefing@moel.example\r
DTSTAMP:20260501T000000Z\r
DTSTART;TZID=Asia/Seoul:20260518T080000\r
DTEND;TZID=Asia/Seoul:20260518T083000\r
RRULE:FREQ=DAILY;COUNT=10\r
SUMMARY:Morning briefing with the vice-minister\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:lunch-free@moel.example\r
DTSTAMP:20260501T000000Z\r
DTSTART;TZID=Asia/Seoul:20260522T120000\r
DTEND;TZID=Asia/Seoul:20260522T130000\r
TRANSP:TRANSPARENT\r
SUMMARY:Lunch (free)\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def minister_busy(cli: Cli, tmp_path: Path) -> Path:
    source = tmp_path / "ministry.ics"
    source.write_text(CALENDAR)
    result = cli("busy", "add", "kim-younghoon", str(source))
    assert result.exit_code == 0, result.output
    assert "3 outside commitments during the visit" in result.output  # cabinet + two briefings (21, 22 May)
    return source


def test_busy_add_copies_the_calendar_and_names_it(cli: Cli, data_dir: Path, minister_busy: Path) -> None:
    assert (data_dir / "calendars" / "kim-younghoon.ics").read_bytes() == minister_busy.read_bytes()
    assert 'busy = "calendars/kim-younghoon.ics"' in (data_dir / "people.toml").read_text()
    assert "people" in cli("history").output
    assert "kim-younghoon: calendars/kim-younghoon.ics (3 during the visit)" in cli("busy", "list").output


def test_recurring_busy_event_is_expanded(data_dir: Path, minister_busy: Path) -> None:
    store = Store.at(data_dir, cached=True)
    items = store.busy(store.load())
    briefings = sorted(b.start.day for b in items if "briefing" in b.title)
    assert briefings == [21, 22]  # the daily series, inside the visit only
    assert not any("Lunch" in b.title for b in items)  # transparent: free time


def test_event_over_a_busy_time_is_an_error_for_that_person(cli: Cli, data_dir: Path, minister_busy: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Joint press conference", "--start", "22 May 11:00", "--duration", "1h", "--with", "houngbo,kim-younghoon")
    assert result.exit_code == ExitCode.CONFLICT and "Minister Kim" in result.output and "outside commitment" in result.output
    assert "Cabinet" not in result.output  # the titles of outside commitments stay private
    assert folder_hash(data_dir) == before
    # the guest has no busy calendar: the same time is free for him alone
    assert cli("add", "--title", "Interview", "--start", "22 May 11:00", "--duration", "1h", "--with", "houngbo").exit_code == 0
    free = cli("free", "--person", "kim-younghoon", "--day", "22 May", "--duration", "30m")
    assert "08:40–09:50" in free.output and "12:10–20:00" in free.output


def test_timeline_shows_busy_time_dimmed_and_titles_only_when_asked(cli: Cli, minister_busy: Path) -> None:
    shown = cli("timeline", "--person", "kim-younghoon", "--day", "22 May").output
    assert "busy (outside commitment)" in shown and "Cabinet" not in shown
    titled = cli("timeline", "--person", "kim-younghoon", "--day", "22 May", "--show-busy-titles").output
    assert "Cabinet meeting on the budget" in titled


def test_busy_titles_never_reach_an_export(cli: Cli, data_dir: Path, minister_busy: Path, tmp_path: Path) -> None:
    cli("export", "--all", "-o", str(tmp_path / "out"))
    for path in (tmp_path / "out").glob("*.ics"):
        text = path.read_text()
        assert "Cabinet" not in text and "briefing with the vice-minister" not in text and "moel.example" not in text


def test_changed_busy_calendar_is_read_again(cli: Cli, data_dir: Path, minister_busy: Path) -> None:
    store = Store.at(data_dir, cached=True)
    assert len(store.busy(store.load())) == 3
    calendar = data_dir / "calendars" / "kim-younghoon.ics"
    calendar.write_text(CALENDAR.replace("COUNT=10", "COUNT=4"))  # the series now ends on 21 May
    assert len(Store.at(data_dir, cached=True).busy(store.load())) == 2


def test_busy_path_must_stay_inside_the_data_folder(cli: Cli, data_dir: Path) -> None:
    people = data_dir / "people.toml"
    people.write_text(people.read_text().replace('id = "kim-younghoon"', 'id = "kim-younghoon"\nbusy = "../../etc/passwd"'))
    result = cli("check")
    assert result.exit_code == ExitCode.INVALID_DATA and "inside the data folder" in result.output


def test_broken_busy_calendar_is_refused_with_its_line(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    before = folder_hash(data_dir)
    result = cli("busy", "add", "kim-younghoon", str(broken))
    assert result.exit_code == ExitCode.INVALID_DATA and "line 2" in result.output
    assert folder_hash(data_dir) == before


def test_a_time_to_be_confirmed_in_another_visit_s_calendar_makes_nobody_busy(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    """The minister's calendar of this visit, given as his busy calendar in another visit: the
    meeting whose time is still to be confirmed (21 May, 12:00–18:00 window) holds no hour."""
    assert cli("export", "--person", "kim-younghoon", "-o", str(tmp_path / "minister.ics")).exit_code == 0
    other = tmp_path / "oecd"
    assert cli("init", str(other), "--title", "OECD visit", "--first-day", "2026-05-21").exit_code == 0
    visit = Cli(other)
    assert visit("person", "add", "kim-younghoon", "--name", "Kim Young-hoon").exit_code == 0
    assert visit("busy", "add", "kim-younghoon", str(tmp_path / "minister.ics")).exit_code == 0
    added = visit("add", "--title", "Call on the Minister", "--start", "21 May 14:00", "--duration", "30m", "--with", "kim-younghoon")
    assert added.exit_code == 0, added.output
    assert "outside commitment" not in added.output
