"""One contract, run against the folder backend and the in-memory fake."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA, SHIPPED
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.store import FolderBackend, MemoryBackend, Store


@pytest.fixture(params=["folder", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "folder":
        shutil.copytree(SHIPPED, tmp_path / "events")
        return Store(FolderBackend(tmp_path / "events"))
    return Store(MemoryBackend({p.name: p.read_bytes() for p in SHIPPED.glob("*.toml")}))


class TestStoreContract:
    def test_reads_the_shipped_visit(self, store: Store) -> None:
        programme = store.load()
        assert len(programme.events) == 6
        assert programme.visit.guest == "houngbo"

    def test_add_then_read_back(self, store: Store) -> None:
        with store.transaction("add dinner", "tester") as snapshot:
            base = snapshot.programme.event("minister-meeting")
            new = dataclasses.replace(base, id="dinner", title="Dinner")
            store.add(snapshot, new)
        assert store.load().event("dinner") == new
        [entry] = store.history()
        assert entry.command == "add dinner" and entry.who == "tester" and entry.changes[0].before is None

    def test_writes_outside_a_transaction_are_refused(self, store: Store) -> None:
        snapshot = store.read()
        with pytest.raises(StorageError, match="transaction"):
            store.update(snapshot, dataclasses.replace(snapshot.programme.event("minister-meeting"), title="X"))

    def test_add_never_clobbers(self, store: Store) -> None:
        before = store.event_bytes("minister-meeting")
        with pytest.raises(InvalidData, match="already exists"), store.transaction("add") as snapshot:
            event = snapshot.programme.event("minister-meeting")
            store.add(snapshot, dataclasses.replace(event, title="Other"))
        assert store.event_bytes("minister-meeting") == before
        assert store.history() == []

    def test_reserved_ids_are_refused(self, store: Store) -> None:
        with pytest.raises(InvalidData, match="reserved"), store.transaction("add") as snapshot:
            store.add(snapshot, dataclasses.replace(snapshot.programme.event("minister-meeting"), id="visit"))

    def test_update_remove_and_undo(self, store: Store) -> None:
        original = store.event_bytes("president-meeting")
        with store.transaction("edit") as snapshot:
            event = snapshot.programme.event("president-meeting")
            store.update(snapshot, dataclasses.replace(event, title="Courtesy call", revision=2))
        assert store.load().event("president-meeting").title == "Courtesy call"
        with store.transaction("remove") as snapshot:
            store.remove(snapshot, "president-meeting")
        assert store.load().event("president-meeting") is None
        target, entry = store.undo("tester")
        assert target.command == "remove" and entry.undoes == 2
        assert store.load().event("president-meeting").title == "Courtesy call"
        store.undo("tester")
        assert store.event_bytes("president-meeting") == original
        with pytest.raises(NotFound, match="nothing to undo"):
            store.undo("tester")

    def test_changed_since_read_is_not_overwritten(self, store: Store) -> None:
        hand_edit = store.event_bytes("president-meeting").replace(b"Meeting with the President", b"Hand edit")
        with store.transaction("edit") as snapshot:
            event = snapshot.programme.event("president-meeting")
            store.backend.replace("president-meeting.toml", hand_edit)
            with pytest.raises(StorageError, match="changed on disk"):
                store.update(snapshot, dataclasses.replace(event, title="Mine"))
            with pytest.raises(StorageError, match="changed on disk"):
                store.remove(snapshot, "president-meeting")
        assert store.event_bytes("president-meeting") == hand_edit

    def test_undo_refuses_when_the_record_changed_since(self, store: Store) -> None:
        with store.transaction("edit") as snapshot:
            store.update(snapshot, dataclasses.replace(snapshot.programme.event("president-meeting"), title="Mine"))
        store.backend.replace("president-meeting.toml", store.event_bytes("president-meeting") + b"# hand edit\n")
        with pytest.raises(StorageError, match="changed since change #1"):
            store.undo("tester")
        assert len(store.history()) == 1

    def test_unknown_person_names_file_and_field(self, store: Store) -> None:
        store.backend.replace("bad-record.toml", (DATA / "invalid" / "unknown_person.toml").read_bytes())
        with pytest.raises(InvalidData, match=r"bad-record\.toml: participants: unknown person 'nobody'"):
            store.load()


def test_missing_folder_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="data folder"):
        Store.at(tmp_path / "nowhere").load()


def test_folder_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events")
    store = Store.at(tmp_path / "events")
    with store.transaction("edit") as snapshot:
        event = snapshot.programme.event("president-meeting")
        store.update(snapshot, dataclasses.replace(event, title="X"))
    leftovers = [n for n in os.listdir(tmp_path / "events") if n.endswith(".tmp")]
    assert leftovers == []


def test_record_folder_instead_of_file(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events")
    (tmp_path / "events" / "odd.toml").mkdir()
    with pytest.raises(InvalidData, match="is a folder"):
        Store.at(tmp_path / "events").load()
