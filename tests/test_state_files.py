"""The files beside the records — revisions, export and remote state, busy calendars — checked by
the doctor, read-only media, and what a command prints: never a stray escape code, never an
internal error for want of a glyph."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SHIPPED, Cli, records_hash
from itinerary.core import journal
from itinerary.errors import ExitCode, StorageError
from itinerary.storage.backend import FolderBackend

WIDE = {"COLUMNS": "400"}


def installed() -> str:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found
    return found


# --- revisions numbered from their content -----------------------------------------------------


def published(cli: Cli, message: str) -> str:
    result = cli("revision", "publish", "-m", message)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_gap_in_the_revisions_is_numbered_past_not_retried_forever(cli: Cli, data_dir: Path) -> None:
    published(cli, "First")
    published(cli, "Second")
    published(cli, "Third")
    (data_dir / "revisions" / "0002.json").unlink()  # a gap: 1 and 3
    assert published(cli, "Fourth") == "Published Rev. 4: Fourth"
    assert published(cli, "Fifth") == "Published Rev. 5: Fifth"
    listed = json.loads(cli("revision", "list", "--json").stdout)
    assert [r["number"] for r in listed] == [1, 3, 4, 5]


def test_a_stray_copy_in_revisions_skips_no_number_and_is_reported(cli: Cli, data_dir: Path) -> None:
    published(cli, "First")
    folder = data_dir / "revisions"
    shutil.copy(folder / "0001.json", folder / "0001 (copy).json")
    (folder / "0003.json").write_text("{ not a revision")  # a broken file holding a name to come
    assert published(cli, "Second") == "Published Rev. 2: Second"
    assert published(cli, "Third") == "Published Rev. 4: Third"  # past the broken file, never onto it
    listed = json.loads(cli("revision", "list", "--json").stdout)
    assert [r["number"] for r in listed] == [1, 2, 4]
    doctor = cli("doctor", env=WIDE).stdout
    assert "0001 (copy).json: not a revision's name" in doctor
    assert "0003.json: not a revision file" in doctor
    shutil.copy(folder / "0001.json", folder / "0009.json")  # a copy under a revision's name
    assert "0009.json: holds revision 1, not 9 (a copy?)" in cli("doctor", env=WIDE).stdout
    assert published(cli, "Fourth") == "Published Rev. 5: Fourth"


# --- the doctor checks every state file --------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("remotes.json", "garbage"),
    ("remotes.json", "[" * 100_000 + "]" * 100_000),
    ("exports.json", '{"schema": 1, "events": {"x": "y"}}'),
], ids=["garbage remotes", "remotes nested deep", "export state of the wrong shape"])
def test_the_doctor_names_a_broken_state_file(cli: Cli, data_dir: Path, name: str, text: str) -> None:
    (data_dir / name).write_text(text)
    result = cli("doctor", env=WIDE)
    assert result.exit_code == ExitCode.INVALID_DATA and name in result.stdout and "internal error" not in result.output


def test_the_doctor_names_a_broken_busy_calendar(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "busy.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")
    assert cli("busy", "add", "kim-younghoon", str(calendar)).exit_code == 0
    (data_dir / "calendars" / "kim-younghoon.ics").write_text("BEGIN:VCALENDAR\r\nnot a calendar")
    result = cli("doctor", env=WIDE)
    assert result.exit_code == ExitCode.INVALID_DATA and "kim-younghoon.ics" in result.stdout


# --- read-only media ---------------------------------------------------------------------------


def _unwritable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder as on read-only media: no lock can be taken, nothing written."""

    @contextlib.contextmanager
    def refused(self: FolderBackend, *, timeout: float = 30.0) -> Iterator[None]:
        raise StorageError(f"cannot lock {self.root / '.lock'}: Read-only file system")
        yield

    monkeypatch.setattr(FolderBackend, "lock", refused)
    monkeypatch.setattr(FolderBackend, "writable", lambda self: False)


def test_the_doctor_runs_read_only_on_a_folder_that_cannot_be_written(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("edit", "president-meeting", "--title", "Courtesy call").exit_code == 0
    (data_dir / "remotes.json").write_text("garbage")
    path = data_dir / journal.JOURNAL_FILE
    path.write_bytes(path.read_bytes() + b'{"seq":2,"wh')  # a torn end: a repair it must not make
    before = (records_hash(data_dir), path.read_bytes())
    _unwritable(monkeypatch)
    result = cli("doctor", env=WIDE)
    assert "internal error" not in result.output and "cannot lock" not in result.output.split("\n")[0]
    assert "cannot be written" in result.stdout and "nothing was repaired" in result.stdout
    assert "not repaired: set aside 12 bytes" in result.stdout and "remotes.json" in result.stdout
    assert result.exit_code == ExitCode.INVALID_DATA
    assert (records_hash(data_dir), path.read_bytes()) == before
    shown = cli("timeline")  # a reading command reads through, and says what it could not repair
    assert shown.exit_code == 0 and "cannot be written, so this was not repaired" in shown.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="a read-only bind mount needs root")
def test_the_doctor_runs_on_read_only_media(tmp_path: Path) -> None:
    source, view = tmp_path / "source", tmp_path / "view"
    shutil.copytree(SHIPPED, source / "events", ignore=shutil.ignore_patterns(".*"))
    env = {**os.environ, "ITINERARY_CACHE": str(tmp_path / "cache")}
    subprocess.run([installed(), "--data", str(source / "events"), "edit", "president-meeting", "--title", "x"], env=env, check=True,
                   capture_output=True)
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        result = subprocess.run([installed(), "--data", str(view / "events"), "doctor"], capture_output=True, text=True,
                                env={**env, "COLUMNS": "300"})
        assert result.returncode in (0, ExitCode.INVALID_DATA), result.stderr
        assert "cannot be written" in result.stdout and "Traceback" not in result.stderr
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)


# --- what a command prints ----------------------------------------------------------------------


def test_a_login_name_holding_escape_codes_is_never_printed_raw(cli: Cli, data_dir: Path) -> None:
    evil = "lee\x1b[2J\x1b]0;owned\x07"
    result = cli("edit", "president-meeting", "--title", "Courtesy call", env={"LOGNAME": evil, "USER": evil})
    assert result.exit_code == 0
    shown = cli("history", env=WIDE).output
    assert "\x1b" not in shown and "\x07" not in shown and "lee\\x1b[2J" in shown
    path = data_dir / journal.JOURNAL_FILE  # a journal edited by hand: shown escaped all the same
    raw = path.read_bytes().replace(b'"who":"lee\\\\x1b[2J\\\\x1b]0;owned\\\\x07"', b'"who":"x\\u001b[31m"')
    lines = raw.splitlines()
    body = lines[0].rpartition(b"\t")[0]
    path.write_bytes(body + b"\t" + journal.sum_of(body) + b"\n" + b"\n".join(lines[1:]) + b"\n")
    shown = cli("history", env=WIDE).output
    assert "\x1b" not in shown and "x\\x1b[31m" in shown


@pytest.mark.e2e
def test_an_ascii_terminal_never_turns_a_written_change_into_an_internal_error(data_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "ITINERARY_CACHE": str(tmp_path / "cache")}
    run = [installed(), "--data", str(data_dir)]
    edited = subprocess.run([*run, "edit", "president-meeting", "--title", "Courtesy call"], capture_output=True, text=True, env=env)
    assert edited.returncode == 0, edited.stderr
    assert "\\ub300\\ud1b5\\ub839" in edited.stdout  # 대통령, escaped
    for args in (["timeline"], ["history"], ["check"], ["show", "president-meeting"]):
        result = subprocess.run([*run, *args], capture_output=True, text=True, env=env)
        assert result.returncode in (0, ExitCode.CONFLICT) and "internal error" not in result.stderr, (args, result.stderr)
    shown = subprocess.run([*run, "show", "president-meeting", "--json"], capture_output=True, text=True, env=env)
    assert json.loads(shown.stdout)["title_ko"] == "대통령 면담"  # JSON stays JSON
