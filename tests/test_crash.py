"""kill -9 at random moments: after each, the next command sees the whole change or none of it,
and history and undo keep working.

Each operation is killed ``ITINERARY_CRASH_KILLS`` times (default 3; CI runs 30), at moments
drawn from a seeded generator over the time the operation takes when left alone.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest
from crashing import KILLS, killed, run, signalled_while_writing

from conftest import SHIPPED, records_hash

IMPORTED = 2000
pytestmark = pytest.mark.crash


def timed(data: Path, *args: str) -> float:
    start = time.monotonic()
    result = run(data, *args)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - start


def history(data: Path) -> list[dict[str, object]]:
    result = run(data, "history", "--json", "--limit", "100000")
    assert result.returncode == 0, result.stderr  # the next command always works
    return json.loads(result.stdout)


def imported(data: Path) -> int:
    return len([p for p in data.glob("call-*.toml")])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "events"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns(".*"))
    return target


@pytest.fixture(scope="module")
def big_calendar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//crash//EN"]
    for i in range(IMPORTED):
        day, hour, minute = 21 + i % 2, 8 + i % 10, (i * 7) % 60
        lines += ["BEGIN:VEVENT", f"UID:call-{i}@crash.test", "DTSTAMP:20260101T000000Z",
                  f"DTSTART;TZID=Asia/Seoul:202605{day}T{hour:02d}{minute:02d}00",
                  f"DTEND;TZID=Asia/Seoul:202605{day}T{hour + 1:02d}{minute:02d}00", f"SUMMARY:Call {i}", "END:VEVENT"]
    path = tmp_path_factory.mktemp("crash") / "calls.ics"
    path.write_text("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n")
    return path


def test_add_and_edit_killed_at_random_moments(folder: Path) -> None:
    rng = random.Random(18)
    span = timed(folder, "add", "--title", "Warm-up", "--id", "warm-up", "--start", "21 May 07:00", "--duration", "10m")
    for i in range(KILLS):
        code = killed(folder, rng.uniform(0, span), "add", "--title", f"Call {i}", "--id", f"call-{i}", "--start", "21 May 06:00",
                      "--duration", "5m")
        entries = [h["command"] for h in history(folder)]
        assert (folder / f"call-{i}.toml").exists() == (f"add call-{i}" in entries), (i, code)
        edits = entries.count("edit warm-up")
        title = f"Warm-up {i}"
        killed(folder, rng.uniform(0, span), "edit", "warm-up", "--title", title)
        entries = [h["command"] for h in history(folder)]
        changed = f'title = "{title}"' in (folder / "warm-up.toml").read_text()
        assert entries.count("edit warm-up") == edits + changed, i
    assert run(folder, "doctor").returncode == 0
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    for _ in history(folder):  # undo keeps working after all of it, back to the beginning
        assert run(folder, "undo").returncode == 0
    assert run(folder, "undo").returncode == 3
    assert records_hash(folder) == records_hash(SHIPPED)


def restore(folder: Path, snapshot: Path) -> None:
    shutil.rmtree(folder)
    shutil.copytree(snapshot, folder)


def test_import_of_two_thousand_events_and_its_undo_killed_at_random_moments(folder: Path, big_calendar: Path, tmp_path: Path) -> None:
    rng = random.Random(2000)
    before, after = tmp_path / "before", tmp_path / "after"  # the folder without, and with, the import
    shutil.copytree(folder, before)
    spans = {"import": timed(folder, "import", str(big_calendar))}
    assert imported(folder) == IMPORTED
    shutil.copytree(folder, after, ignore=shutil.ignore_patterns(".lock"))
    spans["undo"] = timed(folder, "undo")
    assert imported(folder) == 0
    cases = {"import": (before, ["import", str(big_calendar)], IMPORTED, 0), "undo": (after, ["undo"], 0, 1)}
    for i, operation in enumerate(("import", "undo") * KILLS):
        start, arguments, outcome, entries_before = cases[operation]
        restore(folder, start)
        # a moment anywhere in the run, mostly while records are written (late), sometimes after the end
        killed(folder, rng.uniform(0.3, 1.05) * spans[operation], *arguments)
        entries = history(folder)  # the next command: it finishes what the crash left
        count = imported(folder)
        assert count in (0, IMPORTED), (operation, count)  # the whole change or none of it
        finished = len(entries) == entries_before + 1
        assert finished == (count == outcome), (operation, count, len(entries), entries_before)
        if i % 4 < 2 and count:  # undo keeps working (checked on every other pair of kills)
            assert run(folder, "undo").returncode == 0 and imported(folder) == 0
    assert run(folder, "doctor").returncode == 0
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_import_killed_or_interrupted_while_its_threads_write_records_is_rolled_back_whole(folder: Path, big_calendar: Path) -> None:
    """An import of thousands of events writes its records on two threads: kill -9 at a moment
    while they write leaves a change the next command rolls back; Ctrl-C ends the command with
    exit code 130, no traceback, and the folder as before, written no more once it has ended."""
    rng = random.Random(3000)
    before = records_hash(folder)
    present = len(os.listdir(folder))
    for i in range(KILLS):
        for sig in (signal.SIGKILL, signal.SIGINT):
            files = present + rng.randrange(1, IMPORTED - 100)  # well before the last record
            result = signalled_while_writing(folder, files, sig, "import", str(big_calendar))
            if sig == signal.SIGINT:
                assert result.returncode == 130 and "Traceback" not in result.stderr, result.stderr
                ended = records_hash(folder)
                time.sleep(0.2)
                assert records_hash(folder) == ended == before, (i, files - present)  # rolled back, and nothing written after
            assert history(folder) == [], (i, sig)  # the next command: the change was not kept
            assert records_hash(folder) == before and imported(folder) == 0, (i, sig, files - present)
    assert run(folder, "doctor").returncode == 0
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
