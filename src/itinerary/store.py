"""The only module that touches the data folder.

A :class:`Store` reads a whole :class:`~itinerary.model.Programme` and writes single events,
over a small byte-level :class:`Backend`: :class:`FolderBackend` for a real folder and
:class:`MemoryBackend` for tests. Guarantees of the folder backend:

* every write goes to a temporary file in the same folder, is fsynced, then renamed into place;
  a new record is linked into place, so an existing file is never clobbered;
* every change happens under a lock on the folder (``.lock``, via filelock), around
  read → check → write, so two officers' changes never interleave;
* a record that changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from itinerary import codec
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.model import Event, Programme

VISIT_FILE = "visit.toml"
PEOPLE_FILE = "people.toml"
VENUES_FILE = "venues.toml"
SPECIAL_FILES = (VISIT_FILE, PEOPLE_FILE, VENUES_FILE)
RESERVED_IDS = tuple(name.removesuffix(".toml") for name in SPECIAL_FILES)
TEMP_SUFFIX = ".tmp"
LOCK_FILE = ".lock"
LOCK_TIMEOUT = 30.0
"""Seconds a command waits for another officer's change to finish."""


def _mode_for(path: Path) -> int:
    """The permissions a rewritten ``path`` keeps, or those of a new file under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class Backend(Protocol):
    """Bytes of named files in one folder; names are plain file names, never paths."""

    def describe(self, name: str) -> str:
        """How messages name the file ``name``."""

    def names(self) -> list[str]:
        """Names of the record files (``*.toml``), sorted."""

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None when it does not exist."""

    def create(self, name: str, data: bytes) -> None:
        """Write a new file; FileExistsError when one exists."""

    def replace(self, name: str, data: bytes) -> None:
        """Replace (or create) a file atomically."""

    def delete(self, name: str) -> None:
        """Delete a file."""

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Exclusive lock on the folder."""


class FolderBackend:
    """Record files in a folder on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self, name: str) -> str:
        return str(self.root / name)

    def names(self) -> list[str]:
        try:
            entries = os.listdir(self.root)
        except FileNotFoundError:
            raise NotFound(f"data folder {self.root} not found (choose one with --data or ITINERARY_DATA)") from None
        except OSError as err:
            raise StorageError(f"cannot read the data folder {self.root}: {err.strerror}") from None
        return sorted(n for n in entries if n.endswith(".toml") and not n.startswith("."))

    def read(self, name: str) -> bytes | None:
        path = self.root / name
        try:
            size = path.stat().st_size
            if size > codec.MAX_RECORD_BYTES:
                raise InvalidData(f"file of {size} bytes is over the limit of {codec.MAX_RECORD_BYTES}", source=str(path))
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise InvalidData("is a folder, not a record file", source=str(path)) from None
        except OSError as err:
            raise StorageError(f"cannot read {path}: {err.strerror}") from None

    def _temp(self, name: str, data: bytes) -> Path:
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=f".{name}.", suffix=TEMP_SUFFIX)
        try:
            os.fchmod(fd, _mode_for(self.root / name))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            os.unlink(temp)
            raise
        return Path(temp)

    def _sync_folder(self) -> None:
        with contextlib.suppress(OSError):
            fd = os.open(self.root, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def create(self, name: str, data: bytes) -> None:
        temp = self._write_guarded(name, data)
        try:
            os.link(temp, self.root / name)
        finally:
            os.unlink(temp)
        self._sync_folder()

    def replace(self, name: str, data: bytes) -> None:
        temp = self._write_guarded(name, data)
        try:
            os.replace(temp, self.root / name)
        except BaseException:
            os.unlink(temp)
            raise
        self._sync_folder()

    def _write_guarded(self, name: str, data: bytes) -> Path:
        try:
            return self._temp(name, data)
        except OSError as err:
            raise StorageError(f"cannot write {self.describe(name)}: {err.strerror}") from None

    def delete(self, name: str) -> None:
        (self.root / name).unlink()
        self._sync_folder()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        import filelock

        if not self.root.is_dir():
            raise NotFound(f"data folder {self.root} not found (choose one with --data or ITINERARY_DATA)")
        try:
            with filelock.FileLock(self.root / LOCK_FILE, timeout=LOCK_TIMEOUT):
                yield
        except filelock.Timeout:
            raise StorageError(
                f"{self.root} is locked by another change for over {LOCK_TIMEOUT:.0f} s; try again"
            ) from None


class MemoryBackend:
    """Record files held in memory: the fake for tests of everything above storage."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = dict(files or {})

    def describe(self, name: str) -> str:
        return f"memory:{name}"

    def names(self) -> list[str]:
        return sorted(n for n in self.files if n.endswith(".toml"))

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def create(self, name: str, data: bytes) -> None:
        if name in self.files:
            raise FileExistsError(name)
        self.files[name] = data

    def replace(self, name: str, data: bytes) -> None:
        self.files[name] = data

    def delete(self, name: str) -> None:
        del self.files[name]

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        yield


@dataclass(frozen=True)
class Snapshot:
    """A programme as read, with the digest of each event file it came from."""

    programme: Programme
    """What the records say."""
    digests: dict[str, str]
    """sha256 of each event's file at reading, by event id."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_file(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` atomically: a temporary file beside it, fsynced, then renamed.

    Readers see the old file or the new one, never a half-written one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as err:
        raise StorageError(f"cannot write {path}: {err.strerror}") from None
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise StorageError(f"cannot write {path}: {err.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class Store:
    """The records of one visit: read them all, change one event at a time."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @classmethod
    def at(cls, root: Path) -> Store:
        """The store of the data folder ``root``."""
        return cls(FolderBackend(root))

    def _required(self, name: str) -> bytes:
        data = self.backend.read(name)
        if data is None:
            raise NotFound(f"{self.backend.describe(name)} not found: is this a data folder? (see --data)")
        return data

    def read(self) -> Snapshot:
        """Every record, checked: the visit, people, venues and each event."""
        describe = self.backend.describe
        visit = codec.loads_visit(self._required(VISIT_FILE), describe(VISIT_FILE))
        people = codec.loads_people(self._required(PEOPLE_FILE), describe(PEOPLE_FILE))
        venues, travel = codec.loads_venues(self._required(VENUES_FILE), describe(VENUES_FILE))
        events, digests = [], {}
        for name in self.backend.names():
            if name in SPECIAL_FILES:
                continue
            data = self.backend.read(name)
            if data is None:  # removed while we were reading
                continue
            event = codec.loads_event(data, describe(name))
            events.append(event)
            digests[event.id] = _digest(data)
        programme = Programme(visit, people, venues, travel, tuple(events))
        if visit.guest not in programme.people_by_id:
            raise InvalidData(f"unknown person {visit.guest!r}", source=describe(VISIT_FILE), field="guest")
        for event_id, field, value in programme.references():
            what = {"participants": "person", "venue": "venue", "contacts": "contact"}[field]
            raise InvalidData(f"unknown {what} {value!r}", source=describe(f"{event_id}.toml"), field=field)
        return Snapshot(programme, digests)

    def load(self) -> Programme:
        """Every record, checked."""
        return self.read().programme

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Snapshot]:
        """The records read under the folder's lock, held until the block ends."""
        with self.backend.lock():
            yield self.read()

    def _check_unchanged(self, snapshot: Snapshot, event_id: str) -> None:
        name = codec.event_file_name(event_id)
        data = self.backend.read(name)
        expected = snapshot.digests.get(event_id)
        actual = None if data is None else _digest(data)
        if actual != expected:
            raise StorageError(
                f"{self.backend.describe(name)} changed on disk since it was read; nothing was written, run the command again"
            )

    def add(self, snapshot: Snapshot, event: Event) -> None:
        """Write ``event`` as a new record; an existing record of that id is never touched."""
        if event.id in RESERVED_IDS:
            raise InvalidData(f"{event.id!r} is reserved for {event.id}.toml; choose another id", field="id")
        name = codec.event_file_name(event.id)
        try:
            self.backend.create(name, codec.dumps_event(event).encode("utf-8"))
        except FileExistsError:
            raise InvalidData(f"an event with id {event.id!r} already exists ({self.backend.describe(name)})", field="id") from None

    def update(self, snapshot: Snapshot, event: Event) -> None:
        """Replace the record of ``event.id``, unless it changed since ``snapshot`` was read."""
        self._check_unchanged(snapshot, event.id)
        self.backend.replace(codec.event_file_name(event.id), codec.dumps_event(event).encode("utf-8"))

    def remove(self, snapshot: Snapshot, event_id: str) -> None:
        """Delete the record of ``event_id``, unless it changed since ``snapshot`` was read."""
        self._check_unchanged(snapshot, event_id)
        self.backend.delete(codec.event_file_name(event_id))

    def event_bytes(self, event_id: str) -> bytes | None:
        """The record file of ``event_id`` as it is on disk."""
        return self.backend.read(codec.event_file_name(event_id))
