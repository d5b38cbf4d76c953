"""Concurrent officers, crashes, history and undo, doctor."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli
from itinerary.changes.events import write_event
from itinerary.changes.library import Library, Proposal
from itinerary.errors import ExitCode, StorageError
from itinerary.storage import batch
from itinerary.storage.backend import FolderBackend
from itinerary.storage.store import Snapshot, Store


def command() -> list[str]:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found, "the itinerary command is not installed"
    return [found]


def start(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "ITINERARY_DATA"}
    return subprocess.Popen([*command(), "--data", str(data), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.e2e
def test_twenty_officers_adding_at_once_lose_nothing(data_dir: Path) -> None:
    processes = [
        start(data_dir, "--by", f"officer-{i}", "add", "--title", f"Courtesy call {i}", "--id", f"call-{i:02d}",
              "--start", f"21 May {8 + i // 4:02d}:{(i % 4) * 15:02d}", "--duration", "10m")
        for i in range(20)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    store = Store.at(data_dir)
    programme = store.load()
    assert all(programme.event(f"call-{i:02d}") for i in range(20))
    entries = store.history()
    assert len(entries) == 20 and sorted(e.who for e in entries) == sorted(f"officer-{i}" for i in range(20))
    assert [e.seq for e in entries] == list(range(1, 21))
    assert not FolderBackend(data_dir).leftovers()


@pytest.mark.e2e
def test_two_clashing_additions_at_once_exactly_one_wins(data_dir: Path) -> None:
    processes = [
        start(data_dir, "add", "--title", f"Interview {name}", "--start", "21 May 07:00", "--duration", "1h", "--with", "houngbo")
        for name in ("KBS", "Yonhap")
    ]
    codes = sorted(p.wait(timeout=120) for p in processes)
    assert codes == [0, ExitCode.CONFLICT]
    programme = Store.at(data_dir).load()
    assert len([e for e in programme.events if e.title.startswith("Interview")]) == 1


def calls_calendar(path: Path, office: str, count: int) -> Path:
    """A calendar file of ``count`` calls of ``office`` on the visit's days."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{office}//calls//EN"]
    for i in range(count):
        day, hour, minute = 21 + i % 2, 8 + i % 10, (i * 7) % 60
        lines += ["BEGIN:VEVENT", f"UID:{office}-{i}@calls.test", "DTSTAMP:20260101T000000Z",
                  f"DTSTART;TZID=Asia/Seoul:202605{day}T{hour:02d}{minute:02d}00",
                  f"DTEND;TZID=Asia/Seoul:202605{day}T{hour:02d}{minute:02d}00", f"SUMMARY:Call {office} {i}", "END:VEVENT"]
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n")
    return path


@pytest.mark.e2e
def test_two_officers_importing_large_calendars_at_once_are_taken_one_after_the_other(data_dir: Path, tmp_path: Path) -> None:
    """Each import writes its records on two threads (from batch.FROM files on); the folder's
    lock still takes the two officers' changes one after the other, each whole."""
    count = batch.FROM + 50
    files = [calls_calendar(tmp_path / f"{office}.ics", office, count) for office in ("seoul", "geneva")]
    processes = [start(data_dir, "--by", f"officer-{n}", "import", str(path)) for n, path in enumerate(files)]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    store = Store.at(data_dir)
    titles = [e.title for e in store.load().events]
    assert all(f"Call {office} {i}" in titles for office in ("seoul", "geneva") for i in range(count))
    entries = store.history()
    assert len(entries) == 2 and sorted(e.who for e in entries) == ["officer-0", "officer-1"]
    assert [len(e.changes) for e in entries] == [count, count] and not FolderBackend(data_dir).leftovers()
    assert subprocess.run([*command(), "--data", str(data_dir), "doctor"], capture_output=True, text=True).returncode == 0


def test_crash_between_temporary_file_and_rename(cli: Cli, data_dir: Path) -> None:
    record = data_dir / "president-meeting.toml"
    before = record.read_bytes()
    # what a crash leaves: the new text written and fsynced to a temporary file, never renamed
    leftover = data_dir / ".president-meeting.toml.x1y2z3.tmp"
    leftover.write_bytes(before.replace(b"Meeting", b"Half-written"))
    assert leftover.exists() and record.read_bytes() == before
    assert cli("timeline").exit_code == 0  # the old record is intact and readable
    result = cli("doctor")
    assert result.exit_code == 0 and "interrupted write" in result.output and "removed" in result.output
    assert not leftover.exists() and record.read_bytes() == before


def test_remove_then_undo_restores_the_record_byte_for_byte(cli: Cli, data_dir: Path) -> None:
    record = data_dir / "minister-meeting.toml"
    before = record.read_bytes()
    assert cli("--by", "Lee Kang-yeon", "remove", "minister-meeting", "--yes").exit_code == 0
    assert not record.exists()
    result = cli("--by", "Jung Hye-jin", "undo")
    assert result.exit_code == 0 and "Undid #1 (remove minister-meeting, by Lee Kang-yeon)" in result.output
    assert record.read_bytes() == before
    history = json.loads(cli("history", "--json").output)
    assert [(h["command"], h["who"], h["undoes"]) for h in history] == [
        ("remove minister-meeting", "Lee Kang-yeon", None),
        ("undo #1 (remove minister-meeting)", "Jung Hye-jin", 1),
    ]
    assert cli("undo").exit_code == ExitCode.NOT_FOUND  # nothing left: undo does not undo an undo


def test_every_writing_command_is_journaled(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "2h")
    cli("edit", "dinner", "--start", "21 May 19:30")
    cli("export", "-o", str(tmp_path / "v.ics"))  # writes no record (its bookkeeping goes to exports.json)
    cli("import", str(tmp_path / "v.ics"))  # our own export again: changes nothing, writes nothing
    cli("cancel", "dinner")
    cli("remove", "dinner", "--yes")
    commands = [h["command"] for h in json.loads(cli("history", "--json").output)]
    assert commands == ["add dinner", "edit dinner", "cancel dinner", "remove dinner"]
    shown = cli("history", "dinner").output
    assert "change dinner: end, start" in shown and "remove dinner" in shown


def test_undo_refuses_after_a_hand_edit(cli: Cli, data_dir: Path) -> None:
    cli("edit", "president-meeting", "--title", "Call on the President")
    record = data_dir / "president-meeting.toml"
    record.write_bytes(record.read_bytes().replace(b"Call on the President", b"Courtesy call"))
    result = cli("undo")
    assert result.exit_code == ExitCode.STORAGE and "changed since change #1" in result.output
    assert b"Courtesy call" in record.read_bytes()
    assert "changed outside itinerary" in cli("doctor").output


def test_doctor_reports_broken_records_journal_and_stale_exports(cli: Cli, data_dir: Path) -> None:
    healthy = cli("doctor")
    assert healthy.exit_code == 0 and "exports are older" not in healthy.output
    cli("edit", "president-meeting", "--title", "Call on the President")
    assert "run `itinerary export --all`" in cli("doctor").output
    (data_dir / "bad.toml").write_text('schema = 1\nid = "bad"\n')
    result = cli("doctor")
    assert result.exit_code == ExitCode.INVALID_DATA and "bad.toml" in result.output and "correct" in result.output
    (data_dir / "bad.toml").unlink()
    with (data_dir / "journal.jsonl").open("a") as journal:
        journal.write("not json\n")  # a damaged line, the last one too, is set aside and kept: never cut
    result = cli("doctor", env={"COLUMNS": "400"})
    assert result.exit_code == ExitCode.STORAGE and "line 3 is damaged (not JSON)" in result.output
    assert b"\nnot json\n" in (data_dir / "journal.jsonl").read_bytes()
    cli("edit", "president-meeting", "--title", "Call on the President, again")
    journal = data_dir / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    journal.write_bytes(b"\n".join([*lines[:2], b"{not json", *lines[2:]]))  # damage inside the journal
    result = cli("doctor", env={"COLUMNS": "400"})
    assert result.exit_code == ExitCode.STORAGE and "line 3 is damaged (not JSON)" in result.output
    assert "line 4 is damaged (not JSON)" in result.output
    listed = cli("history", "--json")
    assert [h["command"] for h in json.loads(listed.stdout)] == [
        "edit president-meeting", "edit president-meeting"]  # the entries around it are still read
    assert "2 line(s) damaged" in listed.stderr  # and the officer is told


def test_a_record_changed_by_hand_while_a_command_runs_is_not_overwritten(data_dir: Path) -> None:
    library = Library.open(data_dir, who="me")
    record = data_dir / "president-meeting.toml"

    def propose(snapshot: Snapshot) -> Proposal:
        record.write_bytes(record.read_bytes() + b"# a colleague's note\n")  # while the command works
        old = snapshot.programme.events_by_id["president-meeting"]
        new = dataclasses.replace(old, title="Mine")
        return Proposal(snapshot.programme.replacing(new), (write_event(new, old),))

    with pytest.raises(StorageError, match="changed on disk"):
        library.change("edit", propose)
    assert record.read_bytes().endswith(b"# a colleague's note\n")
    assert library.store.history() == []


def test_a_change_takes_the_number_after_the_highest_even_in_a_merged_journal(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    from itinerary.storage import journalfile

    backend = FolderBackend(data_dir)
    assert journalfile.next_seq(backend) == 1  # no journal yet
    other = tmp_path / "other"
    shutil.copytree(data_dir, other)
    record = data_dir / "president-meeting.toml"
    assert cli("edit", "president-meeting", "--duration", "30m").exit_code == 0
    after_first = record.read_bytes()
    assert cli("edit", "president-meeting", "--duration", "45m").exit_code == 0
    assert Cli(other)("edit", "business-leaders-meeting", "--note", "Seated by sector.").exit_code == 0
    # two copies of the folder merged (by hand or by version control): ours, then their #1
    journal = data_dir / "journal.jsonl"
    journal.write_bytes(journal.read_bytes() + (other / "journal.jsonl").read_bytes())
    shutil.copy(other / "business-leaders-meeting.toml", data_dir / "business-leaders-meeting.toml")
    assert journalfile.next_seq(backend) == journalfile.load(backend).next_seq == 3
    assert cli("edit", "president-meeting", "--duration", "50m").exit_code == 0
    assert [e.seq for e in journalfile.load(backend).entries] == [1, 2, 1, 3]
    for _ in range(3):  # #3, their #1, then our #2: each change stays undoable
        result = cli("undo")
        assert result.exit_code == 0, result.output
    assert record.read_bytes() == after_first
    assert "Seated by sector." not in (data_dir / "business-leaders-meeting.toml").read_text()


def test_a_note_that_looks_like_a_journal_number_is_not_taken_for_one(cli: Cli, data_dir: Path) -> None:
    from itinerary.storage import journalfile

    assert cli("edit", "president-meeting", "--note", 'The log said "seq": 99 and {"seq":98}.').exit_code == 0
    assert journalfile.next_seq(FolderBackend(data_dir)) == 2
