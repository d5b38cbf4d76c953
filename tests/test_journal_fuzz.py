"""The journal fuzzed: random changes (one maybe left interrupted, as a crash leaves it), then
what files go through — truncations, line-ending conversions, a byte order mark, trailing
spaces, byte flips, deleted lines, a line nested thousands deep —, then any command, then the
doctor. No record ever ends older than its last committed change unless the doctor reports a
conflict naming it, and no command ends in an internal error.

The default run takes a few dozen examples; ``-m slow`` runs many more."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHIPPED, Cli
from itinerary.changes import events
from itinerary.changes.calendars import set_busy
from itinerary.changes.events import Edit
from itinerary.changes.library import Library
from itinerary.core import journal, journalread
from itinerary.core.journal import Change, Entry
from itinerary.errors import ExitCode, ItineraryError
from itinerary.model import Event
from itinerary.storage import journalfile
from itinerary.storage.backend import FolderBackend

SEOUL = ZoneInfo("Asia/Seoul")
CLOCK = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
IDS = ("president-meeting", "minister-meeting", "business-leaders-meeting")
BUSY = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Asia/Seoul:20260521T070000\r\nDTEND;TZID=Asia/Seoul:20260521T073000\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n")

changes = st.lists(st.one_of(
    st.tuples(st.just("title"), st.integers(0, 2)),
    st.tuples(st.just("move"), st.integers(0, 2)),
    st.tuples(st.just("add"), st.integers(0, 99)),
    st.tuples(st.just("remove"), st.integers(0, 2)),
    st.tuples(st.just("busy"), st.just(0)),
    st.tuples(st.just("undo"), st.just(0)),
), min_size=1, max_size=5)
damages = st.lists(st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("cut at a line"), st.floats(0, 1)),
    st.tuples(st.sampled_from(["crlf", "cr", "bom", "spaces", "nested"]), st.just(0.0)),
    st.tuples(st.just("flip"), st.floats(0, 1)),
    st.tuples(st.just("delete a line"), st.floats(0, 1)),
), min_size=1, max_size=3)
COMMANDS = (
    ("timeline",), ("history",), ("check",), ("show", "minister-meeting"), ("people",), ("revision", "list"),
    ("export", "-o", "-"), ("book",), ("undo",), ("redo",), ("edit", "minister-meeting", "--title", "Fuzzed"),
    ("add", "--title", "Fuzz", "--id", "fuzz", "--start", "21 May 07:00", "--duration", "10m", "--force"),
    ("cancel", "business-leaders-meeting"),
)


def change(library: Library, kind: str, n: int) -> None:
    """One change through the library; a refusal (a clash, an event gone) is a change not made."""
    try:
        if kind == "title":
            events.edit(library, IDS[n], Edit({"title": f"Title {n} {library.now():%S%f}"}), force=True)
        elif kind == "move":
            events.edit(library, IDS[n], Edit(start=dt.datetime(2026, 5, 21, 8 + n, 15, tzinfo=SEOUL)), force=True)
        elif kind == "add":
            event = Event(id=f"added-{n}", title=f"Added {n}", start=dt.datetime(2026, 5, 21, 6, n % 60, tzinfo=SEOUL),
                          end=dt.datetime(2026, 5, 21, 6, n % 60, tzinfo=SEOUL) + dt.timedelta(minutes=5))
            events.add(library, event, pick_id=True, force=True)
        elif kind == "remove":
            events.remove(library, IDS[n])
        elif kind == "busy":
            set_busy(library, "kim-younghoon", BUSY, source="busy.ics")
        else:
            events.undo(library)
    except ItineraryError:
        pass


def records(folder: Path) -> dict[str, bytes]:
    """Every record file: the events, visit, people and venues, and busy calendars."""
    found = {p.name: p.read_bytes() for p in folder.glob("*.toml")}
    found |= {f"calendars/{p.name}": p.read_bytes() for p in folder.glob("calendars/*.ics")}
    return found


def interrupt(folder: Path) -> dict[str, bytes]:
    """A change killed after its first file was written: returns what that file now holds."""
    backend = FolderBackend(folder)
    name = "venues.toml"
    before = (folder / name).read_bytes()
    after = before + b"\n# an interrupted change\n"
    seq = journalfile.next_seq(backend)
    entry = Entry(seq, CLOCK, "Lee", "venue edit", (Change(name, before.decode(), after.decode()),), state=journal.OPEN)
    journalfile.begin(backend, entry)
    backend.write(name, after)
    return {name: after}


def damaged(data: bytes, kind: str, where: float) -> bytes:
    lines = data.splitlines(keepends=True)
    at = min(int(where * len(data)), max(len(data) - 1, 0))
    if kind == "cut":
        return data[:at]
    if kind == "cut at a line":
        return b"".join(lines[: int(where * len(lines))])
    if kind == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "spaces":
        return data.replace(b"\n", b" \t \n")
    if kind == "nested":
        body = b'{"seq":99,"changes":' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        return data + body + b"\t" + journal.sum_of(body) + b"\n"
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ (1 << int(where * 997) % 8)]) + data[at + 1:] if data else data
    gone = min(int(where * len(lines)), len(lines) - 1)
    return b"".join(lines[:gone] + lines[gone + 1:])


def written_by(before: journalread.Journal, after: journalread.Journal) -> dict[str, set[bytes | None]]:
    """The texts the entries a command added leave, by file."""
    known = {(e.seq, e.when, e.command) for e in before.entries}
    out: dict[str, set[bytes | None]] = {}
    for entry in after.entries:
        if (entry.seq, entry.when, entry.command) not in known:
            for c in entry.changes:
                out.setdefault(c.file, set()).add(None if c.after is None else c.after.encode())
    return out


def check_one(operations: list[tuple[str, int]], interrupted: bool, damage: list[tuple[str, float]], command: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "events"
        shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(".*"))
        ticks = iter(range(10_000))
        library = Library.open(folder, who="Lee", clock=lambda: CLOCK + dt.timedelta(seconds=next(ticks)))
        for kind, n in operations:
            change(library, kind, n)
        committed = records(folder)
        allowed: dict[str, set[bytes | None]] = {name: {data} for name, data in committed.items()}
        if interrupted:
            for name, data in interrupt(folder).items():
                allowed[name].add(data)
        path = folder / journal.JOURNAL_FILE
        data = path.read_bytes() if path.exists() else b""
        for kind, where in damage:
            data = damaged(data, kind, where)
        path.write_bytes(data)
        seen = journalread.parse(data)
        cli = Cli(folder)
        result = cli(*command, env={"COLUMNS": "400"})
        assert result.exit_code != ExitCode.BUG and "internal error" not in result.output, (command, result.output)
        for name, texts in written_by(seen, journalfile.load(FolderBackend(folder))).items():
            allowed.setdefault(name, set()).update(texts)
        doctor = cli("doctor", env={"COLUMNS": "400"})
        assert doctor.exit_code != ExitCode.BUG and "internal error" not in doctor.output, doctor.output
        now = records(folder)
        for name in sorted(set(allowed) | set(now)):
            current = now.get(name)
            if current not in allowed.get(name, {None}):
                assert "never finished" in doctor.stdout and name in doctor.stdout, (name, command, doctor.stdout)


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


@settings(max_examples=30, **SETTINGS)
@given(changes, st.booleans(), damages, st.sampled_from(COMMANDS))
def test_no_damage_to_the_journal_takes_back_a_committed_change(operations: list[tuple[str, int]], interrupted: bool,
                                                                 damage: list[tuple[str, float]], command: tuple[str, ...]) -> None:
    check_one(operations, interrupted, damage, command)


@pytest.mark.slow
@settings(max_examples=400, **SETTINGS)
@given(changes, st.booleans(), damages, st.sampled_from(COMMANDS))
def test_no_damage_to_the_journal_takes_back_a_committed_change_many_more(operations: list[tuple[str, int]], interrupted: bool,
                                                                           damage: list[tuple[str, float]], command: tuple[str, ...]) -> None:
    check_one(operations, interrupted, damage, command)
