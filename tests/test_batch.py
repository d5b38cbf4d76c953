"""A large change's files written on two threads: the same files as on one, and a failure
raised only once no thread writes any more, the change then rolled back whole."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SHIPPED
from itinerary.core import journal
from itinerary.errors import InvalidData, StorageError
from itinerary.formats import codec
from itinerary.storage import batch, journalfile
from itinerary.storage.backend import FolderBackend
from itinerary.storage.store import Store, Write

NOW = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
COUNT = batch.FROM + 101  # written on threads, an odd number split between them


def folder_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file() and not p.name.startswith(".")}


def mixed_writes(root: Path) -> list[Write]:
    """New files, rewritten ones and deleted ones, interleaved."""
    for n in range(0, COUNT, 3):
        (root / f"r{n}.toml").write_bytes(b"old\n")
    writes = []
    for n in range(COUNT):
        if n % 3 == 0:
            writes.append(Write(f"r{n}.toml", None if n % 2 else f"rewritten {n}\n".encode()))
        else:
            writes.append(Write(f"r{n}.toml", f"new {n}\n".encode(), create=True))
    return writes


def test_threads_write_exactly_what_one_thread_writes(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for root, threshold in ((one, 10**9), (two, batch.FROM)):
        root.mkdir()
        writes = mixed_writes(root)
        batch.FROM, saved = threshold, batch.FROM
        try:
            batch.write_files(FolderBackend(root), writes, durable=False)
        finally:
            batch.FROM = saved
    assert folder_files(two) == folder_files(one)
    assert len(folder_files(one)) == COUNT - len(range(3, COUNT, 6))  # every deleted one gone, every other there


def test_progress_is_told_by_the_calling_thread_and_ends_at_every_file(tmp_path: Path) -> None:
    heard: list[tuple[int, int, str]] = []
    caller = threading.get_ident()
    writes = [Write(f"r{n}.toml", b"x\n", create=True) for n in range(COUNT)]
    batch.write_files(FolderBackend(tmp_path), writes, durable=False,
                      progress=lambda what, done, total: heard.append((done, total, "caller" if threading.get_ident() == caller else "other")))
    assert heard and heard[-1][:2] == (COUNT, COUNT) and {who for *_, who in heard} == {"caller"}


class FailingAt(FolderBackend):
    """A folder whose disk fills up at one file."""

    def __init__(self, root: Path, fail: str) -> None:
        super().__init__(root)
        self.fail = fail

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        if name == self.fail:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().write(name, data, create=create, durable=durable)


def test_a_failure_is_raised_once_no_thread_writes(tmp_path: Path) -> None:
    backend = FailingAt(tmp_path, "r150.toml")
    threads = threading.active_count()
    writes = [Write(f"r{n}.toml", b"x\n", create=True) for n in range(COUNT)]
    with pytest.raises(OSError, match="No space left"):
        batch.write_files(backend, writes, durable=False)
    assert threading.active_count() == threads  # both writers have ended
    written = len(folder_files(tmp_path))
    assert written < COUNT - 1  # the failing thread wrote none of its files after the failure
    assert len(folder_files(tmp_path)) == written  # and nothing is written afterwards


def visit_copy(tmp_path: Path) -> Path:
    """A copy of the shipped visit, for a change to be written into."""
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    return tmp_path / "events"


def new_calls(store: Store, count: int = COUNT) -> list[Write]:
    """An import-sized change: ``count`` new records (call-0 …), copies of the President's meeting."""
    event = store.load().event("president-meeting")
    assert event is not None
    return [Write(f"call-{n}.toml", codec.dumps_event(dataclasses.replace(event, id=f"call-{n}")).encode(), create=True)
            for n in range(count)]


def test_a_large_change_that_fails_midway_is_rolled_back_whole(tmp_path: Path) -> None:
    before = folder_files(visit_copy(tmp_path))
    store = Store(FailingAt(tmp_path / "events", "call-250.toml"))
    event = store.load().event("president-meeting")
    assert event is not None
    writes = new_calls(store)
    writes.append(Write("president-meeting.toml", codec.dumps_event(dataclasses.replace(event, title="Moved")).encode(), ("title",)))
    with store.locked(), pytest.raises((OSError, StorageError)):
        store.commit(store.read(), writes, command="import", who="tester", now=NOW)
    after = folder_files(tmp_path / "events")
    assert after.pop(journal.JOURNAL_FILE) and after == before  # every record as it was; the journal says why
    [aborted] = store.journal().entries
    assert aborted.state == journal.ABORTED and len(aborted.changes) == COUNT + 1


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in the calling thread, as in the command (whatever handler
    an earlier test left in this process)."""
    saved = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, saved)


class HeldAt(FolderBackend):
    """A folder whose write of one file takes as long as the test holds it."""

    def __init__(self, root: Path, held: str) -> None:
        super().__init__(root)
        self.held, self.entered, self.release = held, threading.Event(), threading.Event()

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        if name == self.held:
            self.entered.set()
            self.release.wait(10)
        super().write(name, data, create=create, durable=durable)


def test_ctrl_c_while_a_thread_writes_its_file_waits_for_that_write_before_the_roll_back(tmp_path: Path, ctrl_c: None) -> None:
    """Ctrl-C (twice, as an impatient officer presses it) while a writer is in the middle of a
    file. The roll-back must come after that write ends, or the file it makes stays in a folder
    whose journal says the change was rolled back. (Python 3.11 takes a thread whose join was
    interrupted for ended, so a wait by join alone returns at once: Ctrl-C once is enough there.)"""
    before = folder_files(visit_copy(tmp_path))
    backend = HeldAt(tmp_path / "events", "call-150.toml")
    store = Store(backend)
    writes = new_calls(store)
    main = threading.main_thread().ident
    assert main is not None and threading.get_ident() == main
    returned = threading.Event()

    def officer() -> None:  # presses Ctrl-C, then again while the held file is still being written
        backend.entered.wait(10)
        for _press in range(2):
            time.sleep(0.1)
            if not returned.is_set():
                signal.pthread_kill(main, signal.SIGINT)
        time.sleep(0.2)
        backend.release.set()

    presser = threading.Thread(target=officer)
    presser.start()
    try:
        with store.locked(), pytest.raises(KeyboardInterrupt):
            try:
                store.commit(store.read(), writes, command="import", who="tester", now=NOW)
            finally:
                returned.set()
        written_while_held = folder_files(tmp_path / "events")
    finally:
        backend.release.set()
        while presser.is_alive():
            with contextlib.suppress(KeyboardInterrupt):  # a press that comes after the command ended
                presser.join()
    assert not [t for t in threading.enumerate() if t.name.startswith("itinerary-write-")]  # none writes any more
    after = folder_files(tmp_path / "events")
    assert after == written_while_held  # nothing was written once the command had ended
    assert after.pop(journal.JOURNAL_FILE) and after == before  # the held file too was rolled back
    [aborted] = store.journal().entries
    assert aborted.state == journal.ABORTED


class CtrlCTwice(FolderBackend):
    """A folder where the officer presses Ctrl-C while a file is written, and again while the
    change is being rolled back."""

    def __init__(self, root: Path, at: str) -> None:
        super().__init__(root)
        self.at, self.pressed = at, 0

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        super().write(name, data, create=create, durable=durable)
        if name == self.at and not self.pressed:
            self.pressed = 1
            raise KeyboardInterrupt  # as the calling thread would raise it

    def delete(self, name: str, *, durable: bool = True) -> None:
        if self.pressed == 1:
            self.pressed = 2
            signal.raise_signal(signal.SIGINT)  # raised in the calling thread, within the roll-back
        super().delete(name, durable=durable)


def test_ctrl_c_pressed_again_during_the_roll_back_still_leaves_the_folder_as_before(tmp_path: Path, ctrl_c: None) -> None:
    """The command says "interrupted; nothing more was written": the folder must then be as it
    was, not half rolled back until the next command."""
    before = folder_files(visit_copy(tmp_path))
    backend = CtrlCTwice(tmp_path / "events", "call-250.toml")
    store = Store(backend)
    writes = new_calls(store)
    with store.locked(), pytest.raises(KeyboardInterrupt):
        store.commit(store.read(), writes, command="import", who="tester", now=NOW)
    assert backend.pressed == 2
    after = folder_files(tmp_path / "events")
    assert after.pop(journal.JOURNAL_FILE) and after == before
    assert journalfile.pending(backend) is None
    [aborted] = store.journal().entries
    assert aborted.state == journal.ABORTED


class Intruded(FolderBackend):
    """A folder where a program that takes no lock (a file sync, an editor) makes a record's
    file just before the change creates it."""

    def __init__(self, root: Path, at: str) -> None:
        super().__init__(root)
        self.at = at

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        if name == self.at:
            (self.root / name).write_bytes(b"made elsewhere\n")
        super().write(name, data, create=create, durable=durable)


@pytest.mark.parametrize("count", [batch.FROM - 1, COUNT], ids=["one-thread", "two-threads"])
def test_a_record_made_meanwhile_by_another_program_is_named_and_never_overwritten(tmp_path: Path, count: int) -> None:
    store = Store(Intruded(visit_copy(tmp_path), "call-150.toml"))
    writes = new_calls(store, count)
    with pytest.raises(InvalidData, match=r"call-150\.toml already exists"), store.locked():  # not "cannot lock .lock"
        store.commit(store.read(), writes, command="import", who="tester", now=NOW)
    assert (tmp_path / "events" / "call-150.toml").read_bytes() == b"made elsewhere\n"
    # the change is closed, rolled back: every record it wrote is gone, the other program's file stays
    assert [entry.state for entry in store.journal().entries] == [journal.ABORTED]
    assert sorted(p.name for p in (tmp_path / "events").glob("call-*.toml")) == ["call-150.toml"]
