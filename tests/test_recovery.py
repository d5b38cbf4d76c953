"""Recovery that proves before it restores, and a journal read for what it is: what a journal goes
through (cut short, a damaged or flipped line, CRLF or CR line ends, a BOM, trailing spaces, a
line nested thousands deep) never takes back a committed change, never shortens the journal,
and never ends a command in an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Cli
from itinerary.core import journal
from itinerary.core.journal import Change, Entry
from itinerary.errors import ExitCode
from itinerary.storage import journalfile
from itinerary.storage.backend import FolderBackend
from itinerary.storage.watch import Watcher

RECORD = "president-meeting.toml"
WIDE = {"COLUMNS": "400"}


def moved_twice(cli: Cli, data_dir: Path) -> bytes:
    """The issue's steps: the meeting moved to 15:00, then to 16:00; the record's newest bytes."""
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m").exit_code == 0
    assert cli("edit", "president-meeting", "--start", "22 May 16:00").exit_code == 0
    newest = (data_dir / RECORD).read_bytes()
    assert b"start = 2026-05-22 16:00:00" in newest
    return newest


def journal_lines(data_dir: Path) -> list[bytes]:
    return (data_dir / journal.JOURNAL_FILE).read_bytes().splitlines(keepends=True)


def flip(line: bytes, at: int) -> bytes:
    return line[:at] + bytes([line[at] ^ 0x01]) + line[at + 1:]


def commands(cli: Cli) -> list[str]:
    result = cli("history", "--json")
    assert result.exit_code == 0, result.output
    return [h["command"] for h in json.loads(result.stdout)]


# --- recovery that proves before it restores ---------------------------------------------------


def test_a_journal_cut_short_never_takes_back_newer_work(cli: Cli, data_dir: Path) -> None:
    newest = moved_twice(cli, data_dir)
    (data_dir / journal.JOURNAL_FILE).write_bytes(journal_lines(data_dir)[0])  # head -n1 journal.jsonl
    shown = cli("timeline")
    assert shown.exit_code == 0 and "16:00" in shown.stdout  # read through: the newest work
    assert "change #1 (edit president-meeting) was never finished" in shown.stderr and "itinerary doctor" in shown.stderr
    assert (data_dir / RECORD).read_bytes() == newest
    doctor = cli("doctor", env=WIDE)
    assert doctor.exit_code == ExitCode.STORAGE
    assert "president-meeting.toml — found in the file now" in doctor.stdout  # both texts, in full
    assert "president-meeting.toml — what change #1 left" in doctor.stdout
    assert "start = 2026-05-22 16:00:00" in doctor.stdout and "start = 2026-05-22 15:00:00" in doctor.stdout
    assert (data_dir / RECORD).read_bytes() == newest
    kept = cli("doctor", "--keep", env=WIDE)
    assert "closed change #1 (edit president-meeting) as not in effect" in kept.stdout
    assert (data_dir / RECORD).read_bytes() == newest
    assert cli("doctor").exit_code == 0
    assert cli("edit", "president-meeting", "--title", "Courtesy call").exit_code == 0  # and work goes on


def test_one_damaged_done_line_followed_by_a_later_change_takes_nothing_back(cli: Cli, data_dir: Path) -> None:
    newest = moved_twice(cli, data_dir)
    lines = journal_lines(data_dir)
    lines[1] = flip(lines[1], 3)  # {"done":1} of the first change, one bit flipped
    (data_dir / journal.JOURNAL_FILE).write_bytes(b"".join(lines))
    assert cli("timeline").exit_code == 0
    assert (data_dir / RECORD).read_bytes() == newest
    assert commands(cli) == ["edit president-meeting", "edit president-meeting"]  # both in effect, as they are
    doctor = cli("doctor", env=WIDE)
    assert "line 2 is damaged (its checksum does not match)" in doctor.stdout
    assert "changed outside itinerary" not in doctor.stdout  # no hand edit blamed
    assert (data_dir / RECORD).read_bytes() == newest
    assert cli("undo").exit_code == 0  # undo walks the history the files show
    assert b"start = 2026-05-22 15:00:00" in (data_dir / RECORD).read_bytes()


def test_a_flipped_last_done_marker_never_takes_back_a_finished_change(cli: Cli, data_dir: Path) -> None:
    assert cli("edit", "president-meeting", "--title", "Courtesy call").exit_code == 0
    finished = (data_dir / RECORD).read_bytes()
    lines = journal_lines(data_dir)
    lines[-1] = flip(lines[-1], 5)
    (data_dir / journal.JOURNAL_FILE).write_bytes(b"".join(lines))
    shown = cli("show", "president-meeting")
    assert shown.exit_code == 0 and "Courtesy call" in shown.stdout
    assert (data_dir / RECORD).read_bytes() == finished
    assert commands(cli) == ["edit president-meeting"]
    assert "line 2 is damaged" in cli("doctor", env=WIDE).stdout
    assert (data_dir / RECORD).read_bytes() == finished


def interrupt(data_dir: Path, title: str) -> tuple[bytes, bytes]:
    """What a crash between a change's first file and its close leaves: the change named in
    progress, its intent written, its file written. Returns (before, after)."""
    backend = FolderBackend(data_dir)
    before = (data_dir / RECORD).read_bytes()
    after = before.replace(b"Meeting with the President", title.encode())
    entry = Entry(1, journal.dt.datetime(2026, 5, 20, 9, tzinfo=journal.dt.UTC), "Lee", "edit president-meeting",
                  (Change(RECORD, before.decode(), after.decode(), ("title",)),), state=journal.OPEN)
    journalfile.begin(backend, entry)
    backend.write(RECORD, after)
    return before, after


def test_an_interrupted_change_is_rolled_back_and_the_repair_said_by_the_command_that_made_it(cli: Cli, data_dir: Path) -> None:
    before, _ = interrupt(data_dir, "Half done")
    result = cli("edit", "minister-meeting", "--title", "Minister")  # it reads the records before its change
    assert result.exit_code == 0
    assert "Repaired first: rolled back change #1 (edit president-meeting), which was interrupted" in result.stderr
    assert (data_dir / RECORD).read_bytes() == before
    assert commands(cli) == ["edit minister-meeting"]
    assert b'"aborted":1' in (data_dir / journal.JOURNAL_FILE).read_bytes()  # the repair is journaled
    assert not (data_dir / journalfile.PENDING_FILE).exists()


def test_a_read_only_command_says_the_repair_it_made(cli: Cli, data_dir: Path) -> None:
    before, _ = interrupt(data_dir, "Half done")
    result = cli("timeline")
    assert result.exit_code == 0 and "Repaired first: rolled back change #1" in result.stderr
    assert (data_dir / RECORD).read_bytes() == before


def test_an_interrupted_change_whose_file_changed_since_is_never_overwritten(cli: Cli, data_dir: Path) -> None:
    _, after = interrupt(data_dir, "Half done")
    hand = after.replace(b"Half done", b"Typed by hand after the crash")
    (data_dir / RECORD).write_bytes(hand)
    result = cli("timeline")
    assert result.exit_code == 0 and "was never finished" in result.stderr
    assert (data_dir / RECORD).read_bytes() == hand
    doctor = cli("doctor", env=WIDE)
    assert doctor.exit_code == ExitCode.STORAGE and "Typed by hand after the crash" in doctor.stdout and "Half done" in doctor.stdout
    assert (data_dir / RECORD).read_bytes() == hand
    assert cli("doctor", "--keep").exit_code == 0
    assert (data_dir / RECORD).read_bytes() == hand and cli("doctor").exit_code == 0


def test_a_torn_end_is_kept_aside_and_the_journal_keeps_every_whole_line(cli: Cli, data_dir: Path) -> None:
    moved_twice(cli, data_dir)
    whole = (data_dir / journal.JOURNAL_FILE).read_bytes()
    (data_dir / journal.JOURNAL_FILE).write_bytes(whole + b'{"seq":3,"when":"2026-05-20T0')
    result = cli("history")
    assert result.exit_code == 0 and "set aside 29 bytes" in result.stderr
    assert (data_dir / journal.JOURNAL_FILE).read_bytes().startswith(whole)
    assert b'{"seq":3,"when":"2026-05-20T0' in (data_dir / journalfile.QUARANTINE_FILE).read_bytes()
    assert commands(cli) == ["edit president-meeting", "edit president-meeting"]


def test_a_last_line_that_lost_its_line_end_is_kept(cli: Cli, data_dir: Path) -> None:
    moved_twice(cli, data_dir)
    path = data_dir / journal.JOURNAL_FILE
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # an editor that drops the final newline
    assert commands(cli) == ["edit president-meeting", "edit president-meeting"]
    assert cli("edit", "president-meeting", "--title", "Courtesy call").exit_code == 0
    assert commands(cli) == ["edit president-meeting"] * 3


# --- a journal that survives what files go through ----------------------------------------------


CONVERSIONS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr": lambda data: data.replace(b"\n", b"\r"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "trailing spaces": lambda data: data.replace(b"\n", b"  \t\n"),
    "crlf, bom and spaces": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b" \r\n"),
}


@pytest.mark.parametrize("conversion", CONVERSIONS)
def test_a_journal_converted_by_an_editor_or_git_is_read_whole_and_never_shortened(cli: Cli, data_dir: Path, conversion: str) -> None:
    newest = moved_twice(cli, data_dir)
    path = data_dir / journal.JOURNAL_FILE
    converted = CONVERSIONS[conversion](path.read_bytes())
    path.write_bytes(converted)
    for _ in range(3):  # each command once dropped the last line as half written
        assert cli("timeline").exit_code == 0
        assert commands(cli) == ["edit president-meeting", "edit president-meeting"]
    assert path.read_bytes().startswith(converted)
    assert (data_dir / RECORD).read_bytes() == newest
    doctor = cli("doctor", env=WIDE)
    assert "journal.jsonl:" not in doctor.stdout and doctor.exit_code == 0
    assert cli("edit", "president-meeting", "--title", "Courtesy call").exit_code == 0
    assert cli("undo").exit_code == 0 and cli("undo").exit_code == 0
    assert b"start = 2026-05-22 15:00:00" in (data_dir / RECORD).read_bytes()


def test_a_damaged_line_in_the_middle_is_set_aside_and_kept(cli: Cli, data_dir: Path) -> None:
    moved_twice(cli, data_dir)
    lines = journal_lines(data_dir)
    lines[2] = flip(lines[2], 40)  # the second change's intent
    damaged = b"".join(lines)
    (data_dir / journal.JOURNAL_FILE).write_bytes(damaged)
    assert commands(cli) == ["edit president-meeting"]
    assert (data_dir / journal.JOURNAL_FILE).read_bytes().startswith(damaged)
    doctor = cli("doctor", env=WIDE)
    assert doctor.exit_code == ExitCode.STORAGE and "line 3 is damaged (its checksum does not match)" in doctor.stdout
    assert "line 4 closes change #2 (done), which the journal does not hold" in doctor.stdout


def test_a_line_nested_thousands_deep_is_set_aside_naming_the_journal(cli: Cli, data_dir: Path) -> None:
    moved_twice(cli, data_dir)
    body = b'{"seq":3,"changes":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with (data_dir / journal.JOURNAL_FILE).open("ab") as out:
        out.write(body + b"\t" + journal.sum_of(body) + b"\n")
    watcher = Watcher(data_dir)
    for args in (["timeline"], ["history"], ["check"], ["edit", "president-meeting", "--title", "Courtesy call"]):
        result = cli(*args)
        assert result.exit_code in (0, ExitCode.STORAGE) and "internal error" not in result.output, (args, result.output)
    doctor = cli("doctor", env=WIDE)
    assert "internal error" not in doctor.output and "line 5 is damaged (nested deeper than a journal line can be)" in doctor.stdout
    assert watcher.look() is not None  # the board's change feed reads past it
