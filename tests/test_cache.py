"""The cache: used when nothing changed, invalidated by every kind of change, never wrong."""

from __future__ import annotations

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
    assert parses == ["president-meeting.toml"]  # just the changed record
    parses.clear()
    (data_dir / "minister-meeting.toml").write_text((data_dir / "minister-meeting.toml").read_text().replace("Held after", "Right after"))
    Store.at(data_dir, cached=True).load()
    assert parses == ["minister-meeting.toml"]
    same_as_records(data_dir)
    cli("add", "--title", "Dinner", "--start", "21 May 19:00", "--duration", "2h")
    (data_dir / "president-meeting.toml").unlink()
    same_as_records(data_dir)
    assert Store.at(data_dir, cached=True).load().event("president-meeting") is None


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

    cli("add", "--title", "Farewell", "--start", "2026-06-30 10:00", "--duration", "1h")
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
