"""The cache: used when nothing changed, invalidated by every kind of change, never wrong."""

from __future__ import annotations

import json
import marshal
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import Cli
from itinerary.formats import codec
from itinerary.model import content
from itinerary.storage.cache import cache_path
from itinerary.storage.store import Store


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files parsed from their text (not taken from the cache)."""
    seen: list[str] = []
    original = codec.loads_event

    def counting(text, source):  # noqa: ANN001
        seen.append(Path(source).name)
        return original(text, source)

    monkeypatch.setattr(codec, "loads_event", counting)
    return seen


def same_as_records(data: Path) -> None:
    cached, direct = Store.at(data, cached=True).load(), Store.at(data).load()
    assert [content(e) for e in cached.events] == [content(e) for e in direct.events]
    assert [(e.id, e.revision) for e in cached.events] == [(e.id, e.revision) for e in direct.events]


def warm(data: Path, parses: list[str]) -> None:
    Store.at(data, cached=True).load()
    parses.clear()


def test_second_run_parses_nothing(data_dir: Path, parses: list[str]) -> None:
    Store.at(data_dir, cached=True).load()
    assert len(parses) == 6 and cache_path(data_dir).exists()
    parses.clear()
    Store.at(data_dir, cached=True).load()
    assert parses == []
    same_as_records(data_dir)


def test_edit_add_and_remove_reread_just_that_record(cli: Cli, data_dir: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m").exit_code == 0
    parses.clear()
    Store.at(data_dir, cached=True).load()
    assert parses == []  # the change gave the cache the event it wrote
    same_as_records(data_dir)
    parses.clear()
    (data_dir / "minister-meeting.toml").write_text((data_dir / "minister-meeting.toml").read_text().replace("Held after", "Right after"))
    Store.at(data_dir, cached=True).load()
    assert parses == ["minister-meeting.toml"]
    same_as_records(data_dir)
    cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "2h")
    (data_dir / "president-meeting.toml").unlink()
    same_as_records(data_dir)
    assert Store.at(data_dir, cached=True).load().event("president-meeting") is None


def test_a_record_changed_by_hand_right_after_a_change_is_read_again(cli: Cli, data_dir: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    record = data_dir / "president-meeting.toml"
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m").exit_code == 0
    written = record.stat()
    text = record.read_text().replace("title = ", "title = \"Courtesy call\"\n# was: ", 1)
    with record.open("r+") as f:  # in place, before any read: same inode
        f.write(text)
        f.truncate()
    os.utime(record, ns=(written.st_atime_ns, written.st_mtime_ns))
    parses.clear()
    programme = Store.at(data_dir, cached=True).load()
    assert parses == ["president-meeting.toml"]
    assert programme.event("president-meeting").title == "Courtesy call"
    same_as_records(data_dir)


def test_an_import_leaves_the_cache_warm_and_exact(cli: Cli, data_dir: Path, tmp_path: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    calendar = tmp_path / "other.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
        + "".join(
            f"BEGIN:VEVENT\r\nUID:other-{n}\r\nDTSTAMP:20260501T000000Z\r\nSUMMARY:오찬 {n}\r\n"
            f"DTSTART;TZID=Asia/Seoul:20260521T{8 + n % 10:02d}0000\r\nDURATION:PT30M\r\nLOCATION:Room {n}\r\n"
            "STATUS:TENTATIVE\r\nEND:VEVENT\r\n"
            for n in range(40)
        )
        + "END:VCALENDAR\r\n"
    )
    result = cli("import", str(calendar), "--force")
    assert result.exit_code == 0, result.output
    parses.clear()
    cached = Store.at(data_dir, cached=True).load()
    assert parses == [] and len(cached.events) == 46
    direct = Store.at(data_dir).load()
    assert cached.events == direct.events  # field for field, as a parse of the files gives them


def test_touch_rehashes_but_does_not_reparse(data_dir: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    os.utime(data_dir / "president-meeting.toml", ns=(1, 1_000_000_000))
    Store.at(data_dir, cached=True).load()
    assert parses == []
    same_as_records(data_dir)


def test_replacement_of_the_same_size_and_time_is_noticed(data_dir: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    record = data_dir / "president-meeting.toml"
    before = record.stat()
    text = record.read_text().replace("window_start = 2026-05-22 09:00:00", "window_start = 2026-05-22 10:00:00")
    assert len(text.encode()) == before.st_size
    replacement = data_dir / "replacement.tmp"
    replacement.write_text(text)
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, record)  # same size, same modification time: only ctime and inode differ
    assert record.stat().st_mtime_ns == before.st_mtime_ns and record.stat().st_size == before.st_size
    programme = Store.at(data_dir, cached=True).load()
    assert parses == ["president-meeting.toml"]
    assert programme.event("president-meeting").start.hour == 10


@pytest.mark.parametrize("damage", [b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 200])
def test_corrupt_cache_is_ignored_and_rebuilt(data_dir: Path, parses: list[str], damage: bytes) -> None:
    warm(data_dir, parses)
    cache_path(data_dir).write_bytes(damage)
    for suffix in ("-wal", "-shm"):
        Path(str(cache_path(data_dir)) + suffix).unlink(missing_ok=True)
    same_as_records(data_dir)
    parses.clear()
    Store.at(data_dir, cached=True).load()
    assert parses == []  # rebuilt, then used


def read_from_its_file_then_remade(data_dir: Path, parses: list[str]) -> None:
    """A full read takes the damaged row's event from its file, as the file says, and makes the row again."""
    programme = Store.at(data_dir, cached=True).load()
    assert parses == ["president-meeting.toml"]
    assert programme.event("president-meeting") == Store.at(data_dir).load().event("president-meeting")
    parses.clear()
    Store.at(data_dir, cached=True).load()
    assert parses == []  # the row was made again


def damaged(data_dir: Path, change: str, value: object) -> None:
    """The president's meeting's cache row damaged by ``change`` (an SQL assignment; ``value`` its parameter, if any)."""
    with sqlite3.connect(cache_path(data_dir)) as db:
        db.execute(f"UPDATE events SET {change} WHERE name = 'president-meeting.toml'", () if value is None else (value,))  # noqa: S608


@pytest.mark.parametrize("damage", [
    ("data = ?", b"\x00not a row"),
    ("data = ?", marshal.dumps(("x",) * 3)),
    ("data = CAST(replace(data, CAST('Asia/Seoul' AS BLOB), CAST('Asia/Nowhe' AS BLOB)) AS BLOB)", None),
    ("start = ?", "not a number"),
    ("data = ?", "text, not bytes"),
])
def test_a_damaged_row_is_read_from_its_file_again(data_dir: Path, parses: list[str], damage: tuple[str, object]) -> None:
    warm(data_dir, parses)
    damaged(data_dir, *damage)
    read_from_its_file_then_remade(data_dir, parses)


def test_cache_of_another_version_is_rebuilt(data_dir: Path, parses: list[str]) -> None:
    warm(data_dir, parses)
    with sqlite3.connect(cache_path(data_dir)) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    Store.at(data_dir, cached=True).load()
    assert len(parses) == 6
    same_as_records(data_dir)


def test_unwritable_cache_folder_is_no_obstacle(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ITINERARY_CACHE", str(blocked))
    same_as_records(data_dir)


def test_window_reads_only_the_events_that_meet_it(cli: Cli, data_dir: Path) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    assert cli("add", "--title", "Farewell", "--start", "2026-06-30 10:00", "--duration", "1h", "--force").exit_code == 0  # outside the visit
    seoul = ZoneInfo("Asia/Seoul")
    window = (dt.datetime(2026, 6, 30, tzinfo=seoul), dt.datetime(2026, 7, 1, tzinfo=seoul))
    for cached in (True, False):
        programme = Store.at(data_dir, cached=cached).load(window=window)
        assert [e.id for e in programme.events] == ["farewell"]


def test_cache_clear_command(cli: Cli, data_dir: Path) -> None:
    cli("timeline")
    assert cache_path(data_dir).exists()
    assert "Cache cleared." in cli("cache", "clear").output
    assert not cache_path(data_dir).exists()
    assert "There was no cache." in cli("cache", "clear").output


# --- a window (the day view) on a quiet folder: only the window's files are looked at ------------

def day_window() -> tuple:
    import datetime as dt
    from zoneinfo import ZoneInfo

    seoul = ZoneInfo("Asia/Seoul")
    return (dt.datetime(2026, 5, 22, tzinfo=seoul), dt.datetime(2026, 5, 23, tzinfo=seoul))


def window_ids(data: Path, *, cached: bool) -> list[tuple[str, str]]:
    programme = Store.at(data, cached=cached).load(window=day_window())
    return [(e.id, e.title) for e in programme.events]


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder counts as quiet at once (tests change it faster than any clock tick)."""
    from itinerary.storage import records

    monkeypatch.setattr(records, "QUIET", 0.0)


@pytest.fixture
def no_listing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full listings of the folder (the window's fast path makes none)."""
    from itinerary.storage import records

    listings: list[int] = []
    original = records.scan

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        listings.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(records, "scan", counting)
    return listings


def test_a_window_on_a_quiet_folder_lists_nothing_and_parses_nothing(data_dir: Path, parses: list[str], quiet: None, no_listing: list[int]) -> None:
    warm(data_dir, parses)
    no_listing.clear()
    shown = window_ids(data_dir, cached=True)
    assert parses == [] and no_listing == []  # neither parsed nor listed
    assert shown == window_ids(data_dir, cached=False) and shown


def test_a_folder_changed_just_now_is_not_trusted(data_dir: Path, parses: list[str], no_listing: list[int]) -> None:
    _by_hand(data_dir, "add")
    warm(data_dir, parses)  # the folder was written a moment ago: not quiet yet
    no_listing.clear()
    window_ids(data_dir, cached=True)
    assert no_listing == [1]


def _by_hand(data: Path, change: str) -> None:
    record = data / "president-meeting.toml"
    text = record.read_text()
    if change == "add":
        (data / "late-call.toml").write_text(text.replace('id = "president-meeting"', 'id = "late-call"').replace("Meeting with", "Call with"))
    elif change == "remove":
        record.unlink()
    elif change == "rename":
        os.rename(record, data / "president-meeting.toml.old")  # no longer a record
    elif change == "in place":
        record.write_text(text.replace("window_start = 2026-05-22 09:00:00", "window_start = 2026-05-22 10:00:00"))
    elif change == "same size and time":
        before = record.stat()
        changed = text.replace("window_start = 2026-05-22 09:00:00", "window_start = 2026-05-22 10:00:00")
        with open(record, "r+", encoding="utf-8") as f:
            f.write(changed)
        os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "moved out of the day":
        (data / "move.tmp").write_text(text.replace("2026-05-22", "2026-05-21"))
        os.replace(data / "move.tmp", record)


@pytest.mark.parametrize("change", ["add", "remove", "rename", "in place", "same size and time", "moved out of the day"])
def test_a_window_sees_every_change_by_hand(data_dir: Path, parses: list[str], quiet: None, change: str) -> None:
    warm(data_dir, parses)
    window_ids(data_dir, cached=True)
    _by_hand(data_dir, change)
    assert window_ids(data_dir, cached=True) == window_ids(data_dir, cached=False)
    same_as_records(data_dir)
    assert window_ids(data_dir, cached=True) == window_ids(data_dir, cached=False)


@pytest.mark.parametrize("args", [
    ["edit", "president-meeting", "--start", "21 May 15:00", "--duration", "45m"],
    ["edit", "minister-meeting", "--start", "22 May 08:00", "--duration", "45m"],
    ["add", "--title", "Early call", "--start", "22 May 07:00", "--duration", "15m"],
    ["cancel", "president-meeting"],
    ["remove", "president-meeting", "--yes"],
    ["undo"],
])
def test_a_window_sees_every_change_of_itinerary(cli: Cli, data_dir: Path, parses: list[str], quiet: None, args: list[str]) -> None:
    cli("add", "--title", "Breakfast", "--start", "22 May 07:30", "--duration", "30m")
    warm(data_dir, parses)
    window_ids(data_dir, cached=True)
    assert cli(*args).exit_code in (0, 5)
    assert window_ids(data_dir, cached=True) == window_ids(data_dir, cached=False)


def test_an_in_place_rewrite_outside_the_window_is_seen_by_the_next_full_read(data_dir: Path, parses: list[str], quiet: None) -> None:
    """The documented limit: a record rewritten in place (no new name) by another program is
    checked when it is in the window read; one outside it is found by the next full read."""
    warm(data_dir, parses)
    record = data_dir / "minister-meeting.toml"
    moved = record.read_text().replace("2026-05-21", "2026-05-22")
    with open(record, "w", encoding="utf-8") as f:  # in place: same inode, the folder unchanged
        f.write(moved)
    Store.at(data_dir, cached=True).load()  # any full read: check, show, export, every change
    assert window_ids(data_dir, cached=True) == window_ids(data_dir, cached=False)
    assert "minister-meeting" in [i for i, _ in window_ids(data_dir, cached=True)]


def test_a_cached_event_equals_the_parsed_one_field_for_field(cli: Cli, data_dir: Path) -> None:
    assert cli("edit", "minister-meeting", "--duration", "40m", "--after", "global-ai-hub-ceremony", "--min-gap", "20").exit_code == 0
    Store.at(data_dir, cached=True).load()  # fills the cache
    assert Store.at(data_dir, cached=True).load().events == Store.at(data_dir).load().events


def test_an_imported_time_the_zone_skips_is_kept_as_the_moment_it_means(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "gap.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VEVENT\r\nUID:gap-1\r\nDTSTAMP:20260101T000000Z\r\n"
        "SUMMARY:Call to New York\r\nDTSTART;TZID=America/New_York:20260308T023000\r\n"
        "DTEND;TZID=America/New_York:20260308T040000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert cli("import", str(calendar), "--all-dates").exit_code == 0
    cached = next(e for e in Store.at(data_dir, cached=True).load().events if e.title == "Call to New York")
    direct = next(e for e in Store.at(data_dir).load().events if e.title == "Call to New York")
    assert cached == direct and cached.start.timestamp() == direct.start.timestamp()
    assert f"{direct.start:%H:%M %Z}" == "03:30 EDT"  # 02:30 does not exist that day: read with the offset before the gap


# --- the cache proves its rows ---------------------------------------------------------------------


def _shifted_row(data: Path, name: str, hours: int) -> None:
    """Rewrite a cached row so that it still decodes, but with the event an hour off (its file,
    content hash and status unchanged)."""
    import dataclasses
    import datetime as dt

    from itinerary.storage.cache import event_from_row, event_to_row

    with sqlite3.connect(cache_path(data)) as db:
        (row,) = db.execute("SELECT data FROM events WHERE name = ?", (name,)).fetchone()
        event = event_from_row(row)
        moved = dataclasses.replace(event, start=event.start + dt.timedelta(hours=hours), end=event.end + dt.timedelta(hours=hours))
        db.execute("UPDATE events SET data = ? WHERE name = ?", (event_to_row(moved), name))


@pytest.mark.parametrize("settled", [True, False], ids=["file long unchanged", "file changed just now"])
def test_a_row_that_decodes_but_is_wrong_is_never_believed(cli: Cli, data_dir: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch,
                                                            settled: bool) -> None:
    from itinerary.storage import records

    if settled:
        monkeypatch.setattr(records, "QUIET", 0.0)
    original = Store.at(data_dir).load().event("minister-meeting")
    warm(data_dir, parses)
    _shifted_row(data_dir, "minister-meeting.toml", 1)
    doctor = cli("doctor", env={"COLUMNS": "300"})
    assert "the cache's row for minister-meeting.toml did not match its file" in doctor.output
    _shifted_row(data_dir, "minister-meeting.toml", 1)
    shown = cli("timeline", "--day", "21 May")
    assert shown.exit_code == 0
    assert cli("edit", "minister-meeting", "--title", "Talks with the Minister").exit_code == 0
    written = Store.at(data_dir).load().event("minister-meeting")
    assert (written.start, written.end) == (original.start, original.end)  # the record was not moved
    history = json.loads(cli("history", "--json").stdout)
    assert history[-1]["changes"][0]["fields"] == ["title"]


@pytest.mark.parametrize("damage", [
    ("sha = ?", "가" * 64),  # 64 characters, but not 64 bytes of ASCII
    ("sha = ?", "0" * 63),
    ("sha = ?", "0" * 32 + "\x00" + "0" * 31),
    ("sha = CAST(sha AS BLOB)", None),
    ("proof = ?", "text, not bytes"),
    ("end = ?", "not a number"),
])
@pytest.mark.parametrize("window", [False, True], ids=["full read", "day on a quiet folder"])
def test_a_row_of_the_wrong_types_is_read_from_its_file_again(data_dir: Path, parses: list[str], quiet: None, damage: tuple[str, object],
                                                              window: bool) -> None:
    warm(data_dir, parses)
    damaged(data_dir, *damage)
    if window:
        shown = window_ids(data_dir, cached=True)
        assert parses == ["president-meeting.toml"]
        assert ("president-meeting", Store.at(data_dir).load().event("president-meeting").title) in shown
        assert shown == window_ids(data_dir, cached=False)
        parses.clear()
        Store.at(data_dir, cached=True).load()
        assert parses == []  # the row was made again
    else:
        read_from_its_file_then_remade(data_dir, parses)
