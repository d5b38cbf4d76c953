"""One storage contract, run against the folder backend and the in-memory fake."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA, SHIPPED
from itinerary.core import journal
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.storage import journalfile
from itinerary.storage.backend import FolderBackend, MemoryBackend
from itinerary.storage.store import Store, Write

NOW = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)


@pytest.fixture(params=["folder", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "folder":
        shutil.copytree(SHIPPED, tmp_path / "events")
        return Store(FolderBackend(tmp_path / "events"))
    return Store(MemoryBackend({p.name: p.read_bytes() for p in SHIPPED.glob("*.toml")}))


def retitled(store: Store, event_id: str, title: str) -> Write:
    event = store.load().event(event_id)
    assert event is not None
    import dataclasses

    return Write(f"{event_id}.toml", codec.dumps_event(dataclasses.replace(event, title=title)).encode(), ("title",))


class TestStoreContract:
    def test_reads_the_shipped_visit(self, store: Store) -> None:
        programme = store.load()
        assert len(programme.events) == 6
        assert programme.visit.guest == "houngbo"

    def test_commit_writes_and_journals(self, store: Store) -> None:
        write = retitled(store, "president-meeting", "Courtesy call")
        with store.locked():
            entry = store.commit(store.read(), [write], command="edit president-meeting", who="tester", now=NOW)
        assert store.load().event("president-meeting").title == "Courtesy call"
        [done] = store.history()
        assert done == entry and done.state == journal.DONE and done.changes[0].fields == ("title",)
        assert done.changes[0].before == (SHIPPED / "president-meeting.toml").read_text()

    def test_commits_are_refused_outside_the_lock(self, store: Store) -> None:
        with pytest.raises(StorageError, match="lock"):
            store.commit(store.read(), [retitled(store, "president-meeting", "X")], command="x", who="", now=NOW)

    def test_create_never_clobbers(self, store: Store) -> None:
        before = store.file_bytes("minister-meeting.toml")
        with store.locked(), pytest.raises(InvalidData, match="already exists"):
            store.commit(store.read(), [Write("minister-meeting.toml", b"x", create=True)], command="add", who="", now=NOW)
        assert store.file_bytes("minister-meeting.toml") == before
        assert store.history() == []

    def test_changed_since_read_is_not_overwritten(self, store: Store) -> None:
        hand_edit = store.file_bytes("president-meeting.toml").replace(b"Meeting with the President", b"Hand edit")
        write = retitled(store, "president-meeting", "Mine")
        with store.locked():
            snapshot = store.read()
            store.backend.write("president-meeting.toml", hand_edit)
            with pytest.raises(StorageError, match="changed on disk"):
                store.commit(snapshot, [write], command="edit", who="", now=NOW)
        assert store.file_bytes("president-meeting.toml") == hand_edit
        assert store.history() == []

    def test_an_interrupted_change_is_rolled_back_by_the_next_reader(self, store: Store) -> None:
        original = store.file_bytes("president-meeting.toml")
        write = retitled(store, "president-meeting", "Half done")
        entry = journal.Entry(1, NOW, "tester", "edit", (journal.Change(write.file, original.decode(), write.data.decode()),),
                              state=journal.OPEN)
        journalfile.begin(store.backend, entry)  # the intent is durable …
        store.backend.write(write.file, write.data)  # … the file written, then the process died
        assert store.load().event("president-meeting").title == "Meeting with the President"
        assert store.file_bytes("president-meeting.toml") == original
        loaded = store.journal()
        assert [e.state for e in loaded.entries] == [journal.ABORTED] and store.history() == []

    def test_a_torn_journal_tail_is_cut_off_and_the_rest_kept(self, store: Store) -> None:
        with store.locked():
            store.commit(store.read(), [retitled(store, "president-meeting", "One")], command="first", who="", now=NOW)
        store.backend.append(journal.JOURNAL_FILE, b'{"seq":2,"when":"2026-05-20T')
        assert [e.command for e in store.history()] == ["first"]
        with store.locked():
            pass
        assert store.backend.read(journal.JOURNAL_FILE).endswith(b"\n")
        assert [e.command for e in store.history()] == ["first"]

    def test_unknown_person_names_file_and_field(self, store: Store) -> None:
        store.backend.write("bad-record.toml", (DATA / "invalid" / "unknown_person.toml").read_bytes())
        with pytest.raises(InvalidData, match=r"bad-record\.toml: participants: unknown person 'nobody'"):
            store.load()


def test_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="data folder"):
        Store.at(tmp_path / "nowhere").load()


def test_folder_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events")
    store = Store.at(tmp_path / "events")
    with store.locked():
        store.commit(store.read(), [retitled(store, "president-meeting", "X")], command="edit", who="", now=NOW)
    assert [n for n in os.listdir(tmp_path / "events") if n.endswith(".tmp")] == []


def test_record_folder_instead_of_file(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events")
    (tmp_path / "events" / "odd.toml").mkdir()
    with pytest.raises(InvalidData, match="is a folder"):
        Store.at(tmp_path / "events").load()


def test_a_permission_error_at_write_time_is_a_storage_error_naming_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events")
    store = Store.at(tmp_path / "events")
    before = (tmp_path / "events" / "president-meeting.toml").read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with store.locked(), pytest.raises(StorageError, match=r"cannot write .*president-meeting\.toml: Permission denied"):
        store.commit(store.read(), [retitled(store, "president-meeting", "X")], command="edit", who="", now=NOW)
    monkeypatch.undo()
    assert (tmp_path / "events" / "president-meeting.toml").read_bytes() == before
    assert store.history() == []


@pytest.fixture(params=["unnamed", "temporary name", "memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> FolderBackend | MemoryBackend:
    """A folder whose new files are created unnamed then linked (where the system can), the same
    folder made to write by a temporary name (as on a system or file system without unnamed
    files), and the in-memory fake: one contract for new files."""
    if request.param == "memory":
        return MemoryBackend()
    folder = FolderBackend(tmp_path)
    folder._unnamed = request.param == "unnamed" and folder._unnamed
    return folder


class TestNewFiles:
    def test_a_new_file_holds_every_byte_and_leaves_nothing_else(self, backend: FolderBackend | MemoryBackend) -> None:
        data = "제목 = \"기자회견\"\n".encode() * 5000
        backend.write("press.toml", data, create=True)
        backend.write("calendars/kim.ics", b"BEGIN:VCALENDAR\r\n", create=True, durable=False)
        assert backend.read("press.toml") == data and backend.read("calendars/kim.ics") == b"BEGIN:VCALENDAR\r\n"
        assert backend.leftovers() == []
        if isinstance(backend, FolderBackend):
            assert sorted(os.listdir(backend.root)) == ["calendars", "press.toml"]
            umask = os.umask(0)
            os.umask(umask)
            assert os.stat(backend.root / "press.toml").st_mode & 0o777 == 0o666 & ~umask

    def test_a_new_file_never_replaces_one_of_the_same_name(self, backend: FolderBackend | MemoryBackend) -> None:
        backend.write("press.toml", b"kept", create=True)
        with pytest.raises(FileExistsError):
            backend.write("press.toml", b"other", create=True)
        assert backend.read("press.toml") == b"kept" and backend.leftovers() == []

    def test_a_symbolic_link_of_that_name_is_never_followed(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside.txt"
        outside.write_bytes(b"not ours")
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "press.toml").symlink_to(outside)
        with pytest.raises(FileExistsError):
            FolderBackend(tmp_path / "data").write("press.toml", b"x", create=True)
        assert outside.read_bytes() == b"not ours"

    @pytest.mark.skipif(not getattr(os, "O_TMPFILE", 0) or not os.path.isdir("/proc/self/fd"), reason="no unnamed files on this system")
    def test_where_the_system_allows_it_a_new_file_is_created_unnamed(self, tmp_path: Path) -> None:
        folder = FolderBackend(tmp_path)
        folder.write("press.toml", b"whole", create=True)
        assert folder._unnamed and (tmp_path / "press.toml").read_bytes() == b"whole"
