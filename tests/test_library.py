"""The one change path, used directly as a library (no command line): validate, guard, journal, write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import SHIPPED, Cli, folder_hash, records_hash
from itinerary.changes import calendars, events
from itinerary.changes.events import Edit
from itinerary.changes.library import Library
from itinerary.errors import ConflictError, ExitCode, NotFound, StorageError, UsageError
from itinerary.model import Event

SEOUL = ZoneInfo("Asia/Seoul")
CLOCK = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)


@pytest.fixture
def library(data_dir: Path) -> Library:
    return Library.open(data_dir, who="Lee Kang-yeon", clock=lambda: CLOCK)


def at(hour: int, minute: int = 0, day: int = 22) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=SEOUL)


def lunch(**changes: object) -> Event:
    event = Event("working-lunch", "Working lunch", at(12), at(13), participants=("houngbo",), venue="seoul-employment-center")
    return dataclasses.replace(event, **changes)  # type: ignore[arg-type]


def test_an_unknown_reference_is_refused_with_the_closest_id(library: Library, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    with pytest.raises(NotFound, match="unknown venue 'seoul-employment-centre'; did you mean 'seoul-employment-center'"):
        events.add(library, lunch(venue="seoul-employment-centre"))
    with pytest.raises(NotFound, match="unknown person 'hongbo'; did you mean 'houngbo'"):
        events.add(library, lunch(participants=("hongbo",)))
    assert folder_hash(data_dir) == before


def test_a_clash_is_refused_unless_forced_and_then_said(library: Library, data_dir: Path) -> None:
    events.add(library, lunch())
    before = folder_hash(data_dir)
    clash = lunch(id="press-briefing", title="Press briefing", start=at(12, 30), end=at(13, 30))
    with pytest.raises(ConflictError, match="overlap by 30 min") as refused:
        events.add(library, clash)
    assert refused.value.exit_code == ExitCode.CONFLICT and folder_hash(data_dir) == before
    applied = events.add(library, clash, force=True)
    assert applied.forced and [f.kind for f in applied.errors] == ["overlap"]
    assert applied.entry is not None and applied.entry.who == "Lee Kang-yeon" and applied.entry.when == CLOCK


def test_the_journal_names_every_changed_field(library: Library) -> None:
    events.add(library, lunch())
    applied = events.edit(library, "working-lunch", Edit({"venue": None, "title": "Lunch"}, start=at(12, 30)))
    assert applied.entry is not None
    assert set(applied.entry.changes[0].fields) == {"venue", "title", "start", "end"}


def test_a_start_confirms_a_tbc_event_with_its_expected_length_never_its_window(library: Library, data_dir: Path) -> None:
    before = records_hash(data_dir)
    with pytest.raises(UsageError, match=r"no expected length is recorded: give its length with --duration or its end with --end "
                                         r"\(its planning window, 22 May 09:00–18:00, is not its length\)"):
        events.edit(library, "president-meeting", Edit(start=at(15)))
    assert records_hash(data_dir) == before
    events.edit(library, "president-meeting", Edit(duration=dt.timedelta(minutes=40)))  # the expected length; still TBC
    moved = events.edit(library, "president-meeting", Edit(start=at(15))).after.events_by_id["president-meeting"]
    assert not moved.time_tbc and moved.start == at(15) and moved.end - moved.start == dt.timedelta(minutes=40)
    timed = events.edit(library, "president-meeting", Edit(start=at(16))).after.events_by_id["president-meeting"]
    assert timed.end - timed.start == dt.timedelta(minutes=40)  # a timed event keeps its own length


def test_busy_calendars_go_through_the_journal_and_undo(library: Library, data_dir: Path) -> None:
    before = records_hash(data_dir)
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260522T030000Z\r\nDTEND:20260522T040000Z\r\nSUMMARY:Cabinet\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    done = calendars.set_busy(library, "kim-younghoon", calendar, source="ministry.ics")
    applied = done.applied
    assert done.count == 1 and applied.entry is not None
    assert sorted(c.file for c in applied.entry.changes) == ["calendars/kim-younghoon.ics", "people.toml"]
    assert [e.command for e in library.store.history()] == ["busy add kim-younghoon"]
    events.undo(library)
    assert records_hash(data_dir) == before


def test_a_busy_calendar_that_makes_a_clash_is_refused(library: Library, data_dir: Path) -> None:
    events.add(library, lunch(participants=("houngbo", "kim-younghoon")))
    before = folder_hash(data_dir)
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260522T030000Z\r\nDTEND:20260522T040000Z\r\nSUMMARY:Cabinet\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(ConflictError, match="outside commitment"):
        calendars.set_busy(library, "kim-younghoon", calendar, source="ministry.ics")
    assert folder_hash(data_dir) == before


def test_undo_and_redo_walk_the_history(library: Library, data_dir: Path) -> None:
    start = records_hash(data_dir)
    events.add(library, lunch())
    after_add = records_hash(data_dir)
    events.cancel(library, "working-lunch", reason="merged")
    events.undo(library)
    assert records_hash(data_dir) == after_add
    events.undo(library)
    assert records_hash(data_dir) == start
    target, redone = events.redo(library)
    assert target.command.startswith("undo #1") and records_hash(data_dir) == after_add
    assert redone.entry is not None and redone.entry.redoes == target.seq
    events.edit(library, "working-lunch", Edit({"title": "Lunch"}))
    with pytest.raises(NotFound, match="nothing to redo"):
        events.redo(library)


def test_a_failed_write_leaves_every_record_as_it_was(library: Library, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = records_hash(data_dir)
    real = os.replace

    def refuse(src: str, dst: str) -> None:
        if str(dst).endswith("president-meeting.toml"):
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError, match=r"cannot write .*president-meeting\.toml: Permission denied"):
        events.edit(library, "president-meeting", Edit({"title": "X"}))
    monkeypatch.undo()
    assert records_hash(data_dir) == before and library.store.history() == []


def test_a_permission_error_from_the_command_line_is_exit_6_naming_the_path(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = records_hash(data_dir)

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = cli("edit", "president-meeting", "--title", "X")
    monkeypatch.undo()
    assert result.exit_code == ExitCode.STORAGE and "president-meeting.toml" in result.output and "Traceback" not in result.output
    assert records_hash(data_dir) == before


def test_every_write_path_is_in_the_history_and_undoable(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    start = records_hash(data_dir)
    calendar = tmp_path / "ministry.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b1@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260521T000000Z\r\nDTEND:20260521T010000Z\r\nSUMMARY:Cabinet\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    steps = [
        ("add", "--title", "Working lunch", "--start", "22 May 12:00", "--duration", "1h", "--with", "houngbo"),
        ("edit", "working-lunch", "--venue", "seoul-employment-center"),
        ("cancel", "working-lunch"),
        ("busy", "add", "kim-younghoon", str(calendar)),
        ("remove", "working-lunch", "--yes"),
    ]
    for step in steps:
        assert cli(*step).exit_code == 0, step
    history = cli("history", env={"COLUMNS": "200"}).output
    assert "change working-lunch: venue" in history and "busy add kim-younghoon" in history
    for _ in steps:
        assert cli("undo").exit_code == 0
    assert records_hash(data_dir) == start


def test_the_library_works_on_a_folder_copied_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(SHIPPED, folder)
    library = Library.open(folder, who="x", cached=False)
    assert len(library.programme().events) == 6


def test_an_edit_made_against_an_old_revision_is_refused(library: Library, data_dir: Path) -> None:
    shown = library.programme().events_by_id["president-meeting"]
    events.edit(library, "president-meeting", Edit({"title": "Meeting with the President of Korea"}))
    before = folder_hash(data_dir)
    with pytest.raises(StorageError, match=r"changed since it was shown \(revision 2, now 3\)"):
        events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=40), revision=shown.revision))
    assert folder_hash(data_dir) == before
    applied = events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=40), revision=3))
    assert applied.after.events_by_id["president-meeting"].revision == 4


def test_an_undo_of_another_change_than_the_one_shown_is_refused(library: Library, data_dir: Path) -> None:
    events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=40)))
    shown, _ = events.undo(library, dry_run=True)
    events.cancel(library, "labour-leaders-meeting")  # a colleague's change comes in meanwhile
    before = folder_hash(data_dir)
    with pytest.raises(StorageError, match=r"the change to undo is now #2 \(cancel labour-leaders-meeting by Lee Kang-yeon\), not #1"):
        events.undo(library, expect=shown.seq)
    assert folder_hash(data_dir) == before
    target, _ = events.undo(library, expect=2)
    assert target.command == "cancel labour-leaders-meeting"
