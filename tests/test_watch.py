"""The change feed (storage/watch.py, core/journal.feed): a view that stays open learns of every
change from a handful of file statuses and the journal's new lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from itinerary.changes import events
from itinerary.changes.events import Edit
from itinerary.changes.library import Library
from itinerary.core import journal, journalread
from itinerary.core.journal import Change, Entry
from itinerary.model import Event
from itinerary.storage.watch import Watcher
from itinerary.ui.board.records import Records

SEOUL = ZoneInfo("Asia/Seoul")
CLOCK = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, 22, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def library(data_dir: Path) -> Library:
    return Library.open(data_dir, who="Jung Hye-jin", clock=lambda: CLOCK)


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_feed_reads_intents_and_closes_from_any_line_on() -> None:
    entry = Entry(3, CLOCK, "lee", "edit x", (Change("x.toml", "a", "b", ("title",)),))
    lines = journal.intent_line(entry) + b"garbage\tdeadbeef\n" + journal.marker_line(3, journal.DONE) + journal.marker_line(2, journal.ABORTED)
    found, closed = journalread.feed(lines)
    assert [(e.seq, e.command, [c.file for c in e.changes], e.state) for e in found] == [(3, "edit x", ["x.toml"], journal.OPEN)]
    assert closed == {3: "done", 2: "aborted"}  # 2 began before these lines: the feed still says it closed
    old_format = b'{"seq": 1, "when": "2026-05-20T09:00:00+00:00", "who": "a", "command": "add y", "changes": [{"event": "y"}]}\n'
    assert [(e.seq, e.state) for e in journalread.feed(old_format)[0]] == [(1, journal.DONE)]


def test_nothing_changed_is_nothing_to_say(data_dir: Path) -> None:
    watcher = Watcher(data_dir, clock=Ticks())
    assert watcher.look() is None
    assert watcher.look() is None


def test_a_change_through_the_library_names_its_files(library: Library, data_dir: Path) -> None:
    watcher = Watcher(data_dir, clock=Ticks())
    events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=45)))
    signal = watcher.look()
    assert signal is not None and not signal.full
    assert signal.files == {"president-meeting.toml"}
    assert [(s.seq, s.who, s.command, s.state) for s in signal.changes] == [(1, "Jung Hye-jin", "edit president-meeting", "done")]
    assert watcher.look() is None


def test_a_change_seen_half_way_is_named_when_it_closes(library: Library, data_dir: Path) -> None:
    watcher = Watcher(data_dir, clock=Ticks())
    entry = Entry(1, CLOCK, "lee", "edit president-meeting", (Change("president-meeting.toml", "x", "y"),))
    with library.store.locked():
        library.store.backend.append(journal.JOURNAL_FILE, journal.intent_line(entry))
        signal = watcher.look()
        assert signal is None  # an open change: its files may be half written
        library.store.backend.append(journal.JOURNAL_FILE, journal.marker_line(1, journal.DONE))
    signal = watcher.look()
    assert signal is not None and signal.files == {"president-meeting.toml"} and not signal.full


def test_a_line_still_being_written_waits_for_its_end(library: Library, data_dir: Path) -> None:
    events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=45)))
    watcher = Watcher(data_dir, clock=Ticks())
    entry = Entry(2, CLOCK, "lee", "edit minister-meeting", (Change("minister-meeting.toml", "x", "y"),))
    line = journal.intent_line(entry) + journal.marker_line(2, journal.DONE)
    with (data_dir / journal.JOURNAL_FILE).open("ab") as out:
        out.write(line[:40])
    assert watcher.look() is None
    with (data_dir / journal.JOURNAL_FILE).open("ab") as out:
        out.write(line[40:])
    signal = watcher.look()
    assert signal is not None and signal.files == {"minister-meeting.toml"}


def test_what_the_journal_cannot_tell_asks_for_everything(library: Library, data_dir: Path) -> None:
    ticks = Ticks()
    watcher = Watcher(data_dir, clock=ticks, full_every=30)
    # a record copied in by hand (a new name in the folder)
    (data_dir / "dinner.toml").write_bytes((data_dir / "president-meeting.toml").read_bytes().replace(b"president-meeting", b"dinner"))
    signal = watcher.look()
    assert signal is not None and signal.full and "added, removed or replaced" in signal.reason
    # the people changed by hand
    people = data_dir / "people.toml"
    people.write_bytes(people.read_bytes() + b"\n")
    signal = watcher.look()
    assert signal is not None and signal.full
    # a record edited in place: nothing to see until the periodic full look
    record = data_dir / "minister-meeting.toml"
    record.write_bytes(record.read_bytes().replace(b"Minister Kim", b"Minister Kim Young-hoon"))
    assert watcher.look() is None
    ticks.now += 30
    signal = watcher.look()
    assert signal is not None and signal.full and signal.reason == "the periodic full look"
    assert watcher.look() is None
    watcher.expect_full("asked for")
    signal = watcher.look()
    assert signal is not None and signal.full and signal.reason == "asked for"


def test_a_journal_cut_or_replaced_asks_for_everything(library: Library, data_dir: Path) -> None:
    events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=45)))
    watcher = Watcher(data_dir, clock=Ticks())
    path = data_dir / journal.JOURNAL_FILE
    path.write_bytes(path.read_bytes()[:10] + b"\n")
    signal = watcher.look()
    assert signal is not None and signal.full and "replaced or cut" in signal.reason


def test_a_change_that_began_before_the_watcher_asks_for_everything(library: Library, data_dir: Path) -> None:
    entry = Entry(1, CLOCK, "lee", "edit president-meeting", (Change("president-meeting.toml", "x", "y"),))
    with library.store.locked():
        library.store.backend.append(journal.JOURNAL_FILE, journal.intent_line(entry))
        watcher = Watcher(data_dir, clock=Ticks())
        library.store.backend.append(journal.JOURNAL_FILE, journal.marker_line(1, journal.DONE))
    signal = watcher.look()
    assert signal is not None and signal.full


def test_the_journal_through_a_symbolic_link_is_refused(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.jsonl"
    outside.write_bytes(b"")
    watcher = Watcher(data_dir, clock=Ticks())
    os.symlink(outside, data_dir / journal.JOURNAL_FILE)
    outside.write_bytes(b"x\n" * 10)
    from itinerary.errors import StorageError

    with pytest.raises(StorageError, match="symbolic link"):
        watcher.look()


def test_records_say_the_journal_cannot_be_read_and_keep_the_view(data_dir: Path, tmp_path: Path) -> None:
    records = Records(Library.open(data_dir, who="board"), Watcher(data_dir, clock=Ticks()))
    try:
        good = records.run(records.load).result()
        outside = tmp_path / "elsewhere.jsonl"
        outside.write_bytes(b"x\n" * 10)
        os.symlink(outside, data_dir / journal.JOURNAL_FILE)
        view = records.run(records.look).result()
        assert view is not None and view.programme == good.programme and "symbolic link" in view.problem
        assert records.run(records.look).result() is None  # said once, not at every look
    finally:
        records.close()


# --- the board's records, refreshed from the feed ------------------------------------------------


def test_records_read_again_only_the_files_a_change_names(library: Library, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = Records(Library.open(data_dir, who="board"), Watcher(data_dir, clock=Ticks()))
    try:
        first = records.run(records.load).result()
        assert "president-meeting" in first.programme.events_by_id and not first.changed
        events.edit(library, "president-meeting", Edit(start=at(15), duration=dt.timedelta(minutes=45)))
        events.cancel(library, "labour-leaders-meeting")
        read: list[str] = []
        backend = records.library.store.backend
        real = backend.read

        def counting(name: str, **kw: object) -> bytes | None:
            read.append(name)
            return real(name, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(backend, "read", counting)
        view = records.run(records.look).result()
        assert view is not None
        assert sorted(read) == ["labour-leaders-meeting.toml", "president-meeting.toml"]  # not every record
        assert view.changed == {"president-meeting", "labour-leaders-meeting"}
        assert view.programme.events_by_id["president-meeting"].start == at(15)
        assert [s.command for s in view.seen] == ["edit president-meeting", "cancel labour-leaders-meeting"]
        assert view.programme == Library.open(data_dir).programme()  # the same as reading everything
    finally:
        records.close()


def test_a_record_broken_by_hand_keeps_the_last_good_view_and_says_why(data_dir: Path) -> None:
    records = Records(Library.open(data_dir, who="board"), Watcher(data_dir, clock=Ticks()))
    try:
        good = records.run(records.load).result()
        (data_dir / "president-meeting.toml").write_text("schema = 1\nid = 'president-meeting'\ntitle = \n", encoding="utf-8")
        view = records.run(records.reload).result()
        assert view.programme == good.programme and "president-meeting.toml" in view.problem
        (data_dir / "president-meeting.toml").unlink()
        view = records.run(records.reload).result()
        assert not view.problem and [e.id for e in view.gone] == ["president-meeting"]
    finally:
        records.close()


def test_an_event_added_by_another_officer_is_marked_changed(library: Library, data_dir: Path) -> None:
    records = Records(Library.open(data_dir, who="board"), Watcher(data_dir, clock=Ticks()))
    try:
        records.run(records.load).result()
        lunch = Event("working-lunch", "Working lunch", at(12), at(13), participants=("houngbo",), venue="seoul-employment-center")
        events.add(library, dataclasses.replace(lunch, title_ko="오찬"))
        view = records.run(records.look).result()
        assert view is not None and view.changed == {"working-lunch"} and not view.gone
        assert records.run(records.look).result() is None
    finally:
        records.close()
