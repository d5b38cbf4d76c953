"""A careful tester's attacks, one test per attack: text that breaks journals, full disks,
read-only folders, hostile calendars, special files, symbolic links, extreme dates, broken pipes,
garbage from servers, broken state files, and export --all at scale. (Kills: test_crash.py.)"""

from __future__ import annotations

import contextlib
import errno
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SHIPPED, Cli, folder_hash, records_hash
from itinerary.errors import ExitCode

NEL, LS, RLO = "\u0085", "\u2028", "\u202e"
RULE_FROM_1900 = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:storm@x\r\nDTSTAMP:19000101T000000Z\r\n"
    "DTSTART:19000101T000000Z\r\nDTEND:19000101T000001Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Every second\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def installed() -> str:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found
    return found


# --- text that broke the journal ------------------------------------------------------------


@pytest.mark.parametrize("bad", [NEL, LS, RLO, "\x9b", "\u200b"])
def test_control_and_format_characters_are_refused_everywhere_naming_the_field(cli: Cli, data_dir: Path, bad: str) -> None:
    cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "1h")
    before = folder_hash(data_dir)
    attempts = {
        "--title": ["add", "--title", f"Talks{bad}now", "--start", "22 May 10:00", "--duration", "1h"],
        "--note": ["edit", "dinner", "--note", f"a{bad}b"],
        "--by": ["--by", f"officer{bad}", "remove", "dinner", "--yes"],
        "--reason": ["cancel", "dinner", "--reason", f"merged{bad}"],
    }
    for flag, args in attempts.items():
        result = cli(*args)
        assert result.exit_code == ExitCode.USAGE, (flag, result.output)
        assert flag in result.output and f"U+{ord(bad):04X}" in result.output, result.output
    assert folder_hash(data_dir) == before
    assert (data_dir / "dinner.toml").exists() and cli("history").exit_code == 0


def test_a_journal_holding_a_line_separator_inside_a_text_still_reads(cli: Cli, data_dir: Path) -> None:
    cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "1h")
    record = data_dir / "dinner.toml"  # a hand edit puts U+2028 in a record the journal will quote
    record.write_text(record.read_text().replace('title = "Dinner"', 'title = "Dinner\u2028for two"'))
    assert cli("timeline").exit_code == ExitCode.INVALID_DATA  # refused when read, naming the field
    record.write_text(record.read_text().replace("\u2028", " "))
    assert cli("edit", "dinner", "--title", "Dinner for three").exit_code == 0
    assert [h["command"] for h in json.loads(cli("history", "--json").output)] == ["add dinner", "edit dinner"]


# --- a full disk and a read-only folder --------------------------------------------------------


def test_a_short_write_to_the_journal_is_never_taken_as_written(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    calls = {"n": 0}

    def short(fd: int, data: bytes | memoryview) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real(fd, bytes(data)[: max(1, len(data) // 3)])  # the disk took a third …
        raise OSError(errno.ENOSPC, "No space left on device")  # … and then nothing more

    before = records_hash(data_dir)
    monkeypatch.setattr(os, "write", short)
    result = cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "1h")
    monkeypatch.undo()
    assert result.exit_code == ExitCode.STORAGE and "No space left" in result.output
    assert records_hash(data_dir) == before
    assert cli("history").exit_code == 0 and "Dinner" not in cli("timeline").output
    assert cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "1h").exit_code == 0  # the torn line is cut


@contextlib.contextmanager
def mounted(target: Path, *options: str) -> Iterator[None]:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip()}); the error paths are also tested without a mount")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small file system needs root")
def test_a_full_disk_at_every_fill_level_gives_exit_6_or_success_and_never_a_torn_change(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    with mounted(disk, "-t", "tmpfs", "-o", "size=1m", "tmpfs"):
        shutil.copytree(SHIPPED, disk / "events", ignore=shutil.ignore_patterns(".*"))
        env = {**os.environ, "ITINERARY_CACHE": str(tmp_path / "cache")}
        for level in range(12):
            filler = disk / f"filler-{level}"
            free = shutil.disk_usage(disk).free
            with contextlib.suppress(OSError):
                filler.write_bytes(b"\0" * max(0, free - 4096 * (12 - level) * 3))
            result = subprocess.run([installed(), "--data", str(disk / "events"), "add", "--title", f"Call {level}",
                                     "--id", f"call-{level}", "--start", "21 May 07:00", "--duration", "5m", "--force"],
                                    capture_output=True, text=True, env=env)
            assert result.returncode in (0, ExitCode.STORAGE), result.stderr
            assert "Traceback" not in result.stderr
            filler.unlink()
            listed = subprocess.run([installed(), "--data", str(disk / "events"), "history", "--json"], capture_output=True,
                                    text=True, env=env)
            assert listed.returncode == 0, listed.stderr
            commands = [h["command"] for h in json.loads(listed.stdout)]
            assert (disk / "events" / f"call-{level}.toml").exists() == (f"add call-{level}" in commands)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small file system needs root")
def test_a_disk_that_fills_while_two_threads_write_an_import_gives_exit_6_and_every_record_as_before(tmp_path: Path) -> None:
    """An import of 3,000 events writes its records on two threads; the disk fills while they
    write: one thread fails, the other stops, and the change is rolled back whole."""
    disk, calendar = tmp_path / "disk", tmp_path / "calls.ics"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//full//EN"]
    for i in range(3000):
        lines += ["BEGIN:VEVENT", f"UID:call-{i}@full.test", "DTSTAMP:20260101T000000Z", f"DTSTART;TZID=Asia/Seoul:20260521T{8 + i % 10:02d}0000",
                  f"DTEND;TZID=Asia/Seoul:20260521T{9 + i % 10:02d}0000", f"SUMMARY:Call {i}", "END:VEVENT"]
    calendar.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n")
    with mounted(disk, "-t", "tmpfs", "-o", "size=3m", "tmpfs"):
        shutil.copytree(SHIPPED, disk / "events", ignore=shutil.ignore_patterns(".*"))
        before = records_hash(disk / "events")
        env = {**os.environ, "ITINERARY_CACHE": str(tmp_path / "cache")}
        result = subprocess.run([installed(), "--data", str(disk / "events"), "import", str(calendar), "--all-dates"],
                                capture_output=True, text=True, env=env)
        assert result.returncode == ExitCode.STORAGE and "No space left" in result.stderr and "Traceback" not in result.stderr
        assert "call-" in result.stderr.splitlines()[-1]  # a record failed, not the journal: while the threads wrote
        assert records_hash(disk / "events") == before
        doctor = subprocess.run([installed(), "--data", str(disk / "events"), "doctor"], capture_output=True, text=True, env=env)
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        assert records_hash(disk / "events") == before


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="a read-only bind mount needs root")
def test_a_read_only_folder_gives_exit_6_for_every_writing_command(tmp_path: Path) -> None:
    source, view = tmp_path / "source", tmp_path / "view"
    shutil.copytree(SHIPPED, source / "events", ignore=shutil.ignore_patterns(".*"))
    calendar = tmp_path / "busy.ics"
    calendar.write_text(RULE_FROM_1900.replace("RRULE:FREQ=SECONDLY\r\n", ""))
    with mounted(view, "--bind", str(source)):
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        env = {**os.environ, "ITINERARY_CACHE": str(tmp_path / "cache")}
        data = view / "events"
        commands = [
            ["add", "--title", "x", "--start", "21 May 07:00", "--duration", "5m"], ["edit", "president-meeting", "--title", "x"],
            ["cancel", "president-meeting"], ["remove", "president-meeting", "--yes"], ["undo"], ["redo"],
            ["import", str(SHIPPED.parent / "exports" / "ilo-dg-korea-2026" / "visit.ics")], ["export"], ["export", "--all"], ["book"],
            ["busy", "add", "kim-younghoon", str(calendar)], ["revision", "publish", "-m", "x"], ["doctor"],
            ["timeline"], ["check"], ["history"], ["show", "president-meeting"],
        ]
        for args in commands:
            result = subprocess.run([installed(), "--data", str(data), *args], capture_output=True, text=True, env=env)
            assert "Traceback" not in result.stderr and result.returncode != ExitCode.BUG, (args, result.stderr)
            assert result.returncode in (0, ExitCode.STORAGE, ExitCode.NOT_FOUND, ExitCode.CONFLICT), (args, result.stderr)
            if args[0] in ("add", "edit", "cancel", "remove", "busy", "revision", "export", "book"):
                assert result.returncode == ExitCode.STORAGE and "Read-only" in result.stderr, (args, result.stderr)
        assert records_hash(source / "events") == records_hash(SHIPPED)


def test_without_a_mount_a_read_only_error_is_exit_6_naming_the_path(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and str(path).endswith(".tmp"):  # a new file, as every write makes one first
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    result = cli("edit", "president-meeting", "--title", "x")
    assert result.exit_code == ExitCode.STORAGE and "Read-only file system" in result.output and "president-meeting" in result.output


# --- hostile calendars and special files --------------------------------------------------------


def test_a_rule_repeating_every_second_since_1900_is_refused_in_milliseconds(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    storm = tmp_path / "storm.ics"
    storm.write_text(RULE_FROM_1900)
    before = folder_hash(data_dir)
    for args in (["import", str(storm), "--dry-run"], ["import", str(storm)], ["busy", "add", "kim-younghoon", str(storm)]):
        started = time.monotonic()
        result = cli(*args, env={"COLUMNS": "300"})
        assert time.monotonic() - started < 10  # not minutes: the rule is judged before it is expanded
        assert result.exit_code == 0, result.output
        assert "repeats secondly from 1900-01-01" in result.output and "not expanded" in result.output
    assert "storm" not in cli("timeline").output
    assert records_hash(data_dir) != before  # busy add did copy the calendar: with the rule left out


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_special_files_are_refused_before_anything_is_read(cli: Cli, data_dir: Path, tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe.ics"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path / "folder.ics"
        path.mkdir()
    before = folder_hash(data_dir)
    for args in (["import", str(path)], ["busy", "add", "kim-younghoon", str(path)]):
        result = cli(*args)
        assert result.exit_code == ExitCode.INVALID_DATA, result.output
        assert "not a regular file" in result.output or "is a folder" in result.output
    assert folder_hash(data_dir) == before


def test_a_huge_file_is_refused_from_its_size_alone(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as out:
        out.truncate(200 * 1024 * 1024)  # 200 MB, sparse: reading it would take the time the limit saves
    for args in (["import", str(huge)], ["busy", "add", "kim-younghoon", str(huge)]):
        result = cli(*args)
        assert result.exit_code == ExitCode.INVALID_DATA and "over the limit" in result.output


# --- symbolic links: the data folder is a closed world -----------------------------------------


@pytest.mark.parametrize("name", ["journal.jsonl", "revisions", "calendars", ".lock", "president-meeting.toml"])
def test_symbolic_links_inside_the_data_folder_are_never_followed(cli: Cli, data_dir: Path, tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    (data_dir / name).unlink(missing_ok=True) if name != "revisions" and name != "calendars" else None
    (data_dir / name).symlink_to(outside)  # dangling: a write through it would create it
    calendar = tmp_path / "busy.ics"
    calendar.write_text(RULE_FROM_1900.replace("RRULE:FREQ=SECONDLY\r\n", ""))
    for args in (["add", "--title", "x", "--start", "21 May 07:00", "--duration", "5m"], ["revision", "publish", "-m", "x"],
                 ["busy", "add", "kim-younghoon", str(calendar)]):
        result = cli(*args)
        assert result.exit_code != ExitCode.BUG and "Traceback" not in result.output, (args, result.output)
    assert not outside.exists(), f"a write followed {name} out of the data folder"


def test_export_writes_only_a_regular_file_or_a_link_the_officer_named(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    for target in ("/dev/full", str(fifo), str(tmp_path)):
        result = cli("export", "-o", target)
        assert result.exit_code == ExitCode.STORAGE, (target, result.output)
    assert Path("/dev/full").exists() and not Path("/dev/full").is_file()
    assert fifo.is_fifo()
    exports = data_dir.parent / "exports" / "ilo-dg-korea-2026"
    exports.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.ics"
    (exports / "visit.ics").symlink_to(elsewhere)
    assert cli("export").exit_code == ExitCode.STORAGE and not elsewhere.exists()  # not named: not followed
    named = tmp_path / "named.ics"
    named.symlink_to(elsewhere)
    assert cli("export", "-o", str(named)).exit_code == 0 and elsewhere.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert named.is_symlink()


# --- extreme dates, broken pipes, garbage ------------------------------------------------------


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_have_their_exit_code_everywhere(cli: Cli, data_dir: Path, tmp_path: Path, when: str) -> None:
    assert cli("add", "--title", "x", "--start", f"{when} 10:00", "--duration", "1h").exit_code == ExitCode.USAGE
    assert cli("timeline", "--day", when).exit_code == ExitCode.USAGE
    assert cli("free", "--person", "houngbo", "--day", when, "--duration", "1h").exit_code == ExitCode.USAGE
    calendar = tmp_path / "far.ics"
    stamp = when.replace("-", "")
    calendar.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:far@x\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Asia/Seoul:{stamp}T100000\r\nDTEND;TZID=Asia/Seoul:{stamp}T110000\r\nSUMMARY:Far\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert cli("import", str(calendar)).exit_code in (0, ExitCode.INVALID_DATA)
    record = data_dir / "president-meeting.toml"
    record.write_text(record.read_text().replace("2026-05-22 09:00:00", f"{when} 09:00:00", 1))
    for args in (["timeline"], ["check"], ["doctor"]):
        result = cli(*args)
        assert result.exit_code == ExitCode.INVALID_DATA and "president-meeting.toml" in result.output, (args, result.output)


def test_a_closed_pipe_ends_quietly(data_dir: Path) -> None:
    shell = f"'{installed()}' --data '{data_dir}' export -o - | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True)
    assert result.stdout == "BEGIN:VCALENDAR\n" or result.stdout.startswith("BEGIN:VCALENDAR")
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr and result.returncode == 0


def test_garbage_from_a_calendar_server_is_exit_10(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:  # noqa: N802
            self.send_response(207)
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?><d:multistatus xmlns:d='DAV:'><d:response><<<garbage")

        do_GET = do_OPTIONS = do_REPORT = do_PROPFIND  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PW", "x")
    before = folder_hash(data_dir)
    try:
        result = cli("publish", "--url", f"http://127.0.0.1:{server.server_address[1]}/", "--user", "u", "--password-env", "PW")
    finally:
        server.shutdown()
    assert result.exit_code == ExitCode.SERVER and "Traceback" not in result.output, result.output
    assert folder_hash(data_dir) == before


@pytest.mark.parametrize("text", ['{"schema": 1, "events": {"x": [1e999, 1, "f"]}}', "[" * 100_000 + "]" * 100_000,
                                  '{"schema": 1, "events": {"x": [99999999999999999999999, 1, "f"]}}'])
def test_a_broken_export_state_is_exit_4_naming_the_file(cli: Cli, data_dir: Path, text: str) -> None:
    (data_dir / "exports.json").write_text(text)
    result = cli("export", "-o", "-")
    assert result.exit_code == ExitCode.INVALID_DATA and "exports.json" in result.output, result.output


# --- export --all at scale, and what an interrupted export leaves ------------------------------


def test_export_all_walks_the_programme_once_for_every_person(cli: Cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from itinerary.formats import ics

    people = (data_dir / "people.toml").read_text()
    people += "".join(f'\n[[people]]\nid = "officer-{i}"\nname = "Officer {i}"\n' for i in range(300))
    (data_dir / "people.toml").write_text(people)
    officers = ", ".join(f'"officer-{i}"' for i in range(300))
    (data_dir / "staff-briefing.toml").write_text(
        'schema = 1\nid = "staff-briefing"\ntitle = "Staff briefing"\nkind = "meeting"\nstatus = "confirmed"\nvisibility = "public"\nstart = 2026-05-21 08:00:00\nend = 2026-05-21 08:30:00\n'
        f'zone = "Asia/Seoul"\nparticipants = [{officers}]\n'
    )
    calls = {"gaps": 0}
    real = ics.all_gaps

    def counted(programme: object) -> object:
        calls["gaps"] += 1
        return real(programme)  # type: ignore[arg-type]

    monkeypatch.setattr(ics, "all_gaps", counted)
    result = cli("export", "--all", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "all").glob("*.ics"))) == 305
    assert calls["gaps"] == 1


def test_doctor_removes_what_an_interrupted_export_left(cli: Cli, data_dir: Path) -> None:
    exports = data_dir.parent / "exports" / "ilo-dg-korea-2026"
    exports.mkdir(parents=True)
    leftover = exports / ".visit.ics.a1b2c3.tmp"
    leftover.write_bytes(b"BEGIN:VCALENDAR\r\n")
    result = cli("doctor", env={"COLUMNS": "300"})
    assert not leftover.exists() and "interrupted export" in result.output
