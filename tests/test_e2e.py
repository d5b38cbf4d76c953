"""The installed ``itinerary`` command, run as an officer would run it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def _command() -> list[str]:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found, "the itinerary command is not installed (pip install '.[test]')"
    return [found]


def run(*args: str, data: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "ITINERARY_DATA")}
    full_env.update(env or {})
    return subprocess.run([*_command(), "--data", str(data), *args], capture_output=True, text=True, env=full_env, timeout=60)


def test_installed_command_pipes_plain_text(data_dir: Path) -> None:
    result = run("timeline", data=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Friday 22 May 2026" in result.stdout
    assert "\x1b[" not in result.stdout


def test_no_color_and_forced_terminal(data_dir: Path) -> None:
    coloured = run("timeline", data=data_dir, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout
    plain = run("timeline", data=data_dir, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[3" not in plain.stdout  # no colour codes


def test_exit_codes_and_json_through_the_real_process(data_dir: Path) -> None:
    assert run("show", "nope", data=data_dir).returncode == 3
    result = run("timeline", "--json", data=data_dir)
    assert json.loads(result.stdout)["zone"] == "Asia/Seoul"
    bad = run("add", "--title", "x", "--start", "22 May 10:00", "--end", "09:00", data=data_dir)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_python_dash_m(data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "itinerary", "--data", str(data_dir), "people"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Houngbo" in result.stdout


TEAM = ("vobject", "niquests", "itinerary.sync", "itinerary.changes.team", "itinerary.changes.teambase", "itinerary.changes.teampull",
        "itinerary.changes.teamread", "itinerary.core.recordmerge", "itinerary.core.foreign", "itinerary.formats.teamics",
        "itinerary.formats.teamstate", "itinerary.formats.vcard", "itinerary.storage.teamfile")
"""What only a team's sync uses: a visit's reading commands never load it."""


@pytest.mark.parametrize(
    "args,forbidden",
    [
        (["timeline"], ("icalendar", "dateutil", "caldav", "jinja2", "textual", "ortools", "numpy", *TEAM)),
        (["show", "minister-meeting"], ("icalendar", "dateutil", "caldav", "jinja2", "textual", "ortools", "numpy", *TEAM)),
        (["check"], ("icalendar", "dateutil", "caldav", "jinja2", "textual", "ortools", "numpy", *TEAM)),
        (["timeline", "--json"], ("rich", "icalendar", "dateutil", "ortools", *TEAM)),
        (["check", "--json"], ("rich", "icalendar", "dateutil", "ortools", *TEAM)),
    ],
)
def test_visit_sized_commands_import_only_what_they_use(data_dir: Path, args: list[str], forbidden: tuple[str, ...]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ITINERARY_DATA"}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "itinerary", "--data", str(data_dir), *args],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    loaded = {name for name in imported for f in forbidden if name == f or name.startswith(f + ".")}
    assert not loaded, loaded


def test_the_board_starts_in_a_terminal_paints_and_quits_on_q(rehearsal_dir: Path) -> None:
    """The installed command in a real pseudo-terminal of 80×24: the board paints the day and
    the now and next, and q leaves it with exit code 0."""
    import fcntl
    import select
    import struct
    import termios
    import time

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ITINERARY_DATA")} | {"TERM": "xterm-256color"}
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    board = subprocess.Popen([*_command(), "--data", str(rehearsal_dir), "board", "--clock", "2026-05-22 09:40", "--speed", "0"],
                             stdin=child, stdout=child, stderr=child, env=env, start_new_session=True)
    os.close(child)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"Houngbo" not in seen or b"Seoul/Geneva" not in seen:
            assert time.monotonic() < deadline and board.poll() is None, seen[-2000:]
            if select.select([main], [], [], 0.2)[0]:
                seen += os.read(main, 65536)
        os.write(main, b"q")
        deadline = time.monotonic() + 30
        while board.poll() is None:  # keep reading: a terminal whose output is not read blocks its writer
            assert time.monotonic() < deadline, seen[-2000:]
            if select.select([main], [], [], 0.2)[0]:
                with contextlib.suppress(OSError):
                    seen += os.read(main, 65536)
        assert board.wait(timeout=1) == 0
    finally:
        if board.poll() is None:
            board.kill()
        os.close(main)
    assert b"Traceback" not in seen and b"internal error" not in seen
