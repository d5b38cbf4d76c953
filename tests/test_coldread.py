"""A first read of many records on every core gives exactly what a read on one core gives; a
read of an unchanged folder writes nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import Cli
from itinerary.errors import InvalidData
from itinerary.formats import codec
from itinerary.model import Event, content
from itinerary.storage import records
from itinerary.storage.cache import cache_path, clear
from itinerary.storage.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
MANY = 1200


@pytest.fixture
def many(data_dir: Path) -> Path:
    """The shipped visit with 1,200 more records (Korean titles, some over a change of day)."""
    first = dt.datetime(2026, 5, 21, 7, tzinfo=SEOUL)
    for n in range(MANY):
        start = first + dt.timedelta(minutes=7 * n)
        event = Event(f"extra-{n:04d}", f"Extra meeting {n}", start, start + dt.timedelta(minutes=30 + n % 90), title_ko=f"추가 면담 {n}",
                      participants=("houngbo",) if n % 3 else (), status="tentative" if n % 5 else "confirmed",
                      updated=dt.datetime(2026, 5, 1, tzinfo=dt.UTC), agenda=("One", "Two") if n % 7 == 0 else ())
        (data_dir / f"{event.id}.toml").write_text(codec.dumps_event(event), encoding="utf-8")
    return data_dir


def read(data: Path, processes: int, monkeypatch: pytest.MonkeyPatch, **window: object) -> tuple[list[Event], dict[str, str]]:
    clear(data)
    monkeypatch.setattr(records, "workers", lambda count: processes)
    snapshot = Store.at(data, cached=True).read(**window)  # type: ignore[arg-type]
    return list(snapshot.programme.events), snapshot.digests


@pytest.mark.parametrize("window", [None, (dt.datetime(2026, 5, 21, 12, tzinfo=SEOUL), dt.datetime(2026, 5, 22, tzinfo=SEOUL))])
def test_a_cold_read_on_two_cores_gives_what_one_core_gives(many: Path, monkeypatch: pytest.MonkeyPatch,
                                                            window: tuple[dt.datetime, dt.datetime] | None) -> None:
    serial, serial_digests = read(many, 0, monkeypatch, window=window)
    parallel, parallel_digests = read(many, 2, monkeypatch, window=window)
    assert len(serial) == len(parallel) > (100 if window else MANY)
    assert [content(e) for e in parallel] == [content(e) for e in serial]
    assert [(e.start, e.end, e.start.tzinfo, e.updated) for e in parallel] == [(e.start, e.end, e.start.tzinfo, e.updated) for e in serial]
    assert parallel_digests == serial_digests
    # and the cache the workers' events went into gives them back, parsing nothing
    monkeypatch.setattr(codec, "loads_event", lambda *args: pytest.fail("parsed again"))
    warm = Store.at(many, cached=True).read(window=window).programme.events
    assert [content(e) for e in warm] == [content(e) for e in serial]


@pytest.mark.parametrize("damage", ["title = \n", "status = \"maybe\"\n", "\x00"])
def test_a_bad_record_among_many_is_refused_in_the_same_words(many: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    bad = many / "extra-0600.toml"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace('status = "confirmed"\n', damage).replace('status = "tentative"\n', damage), encoding="utf-8")
    refusals = []
    for processes in (0, 2):
        with pytest.raises(InvalidData) as caught:
            read(many, processes, monkeypatch)
        refusals.append(str(caught.value))
        # the refusal stopped the workers itself (while the refusal is still held), not a collector later
        assert multiprocessing.active_children() == []
    assert refusals[0] == refusals[1]
    assert "extra-0600.toml" in refusals[0]


def test_a_record_removed_while_workers_read_is_left_out(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = records.read_all

    def removing(root: Path, items: list[tuple[str, str | None]], processes: int):  # noqa: ANN202
        (root / "extra-0007.toml").unlink()
        return original(root, items, processes)

    monkeypatch.setattr(records, "read_all", removing)
    events, digests = read(many, 2, monkeypatch)
    assert "extra-0007" not in {e.id for e in events} and "extra-0007.toml" not in digests
    assert "extra-0008" in {e.id for e in events}


def test_a_read_of_an_unchanged_folder_writes_nothing_to_its_cache(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "QUIET", 0.0)  # the files were written just now: trust their status at once
    assert cli("timeline").exit_code == 0
    assert cli("check").exit_code in (0, 5)
    cache = cache_path(data_dir)
    files = [Path(f"{cache}{suffix}") for suffix in ("", "-wal")]
    before = [(f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()]
    for args in (["timeline"], ["check"], ["show", "minister-meeting"], ["timeline", "--day", "2026-05-22"]):
        assert cli(*args).exit_code in (0, 5)
    assert [(f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()] == before
    os.utime(data_dir / "minister-meeting.toml")  # touched: its new status is kept, once
    assert cli("check").exit_code in (0, 5)
    assert [(f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()] != before
