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
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from itinerary import codec, journal
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.model import Event, Person, Programme, Visit, utc
from itinerary.revisions import Revision

if TYPE_CHECKING:
    from itinerary.cache import Cache
    from itinerary.conflicts import Busy
    from itinerary.ics import Exported

REVISIONS_FOLDER = "revisions"
"""Published revisions of the programme, one JSON file each (0001.json, 0002.json…)."""
EXPORT_STATE_FILE = "exports.json"
"""Export bookkeeping of the data folder: per event, the revision, SEQUENCE and fingerprint last exported."""
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

    def append(self, name: str, data: bytes) -> None:
        """Append ``data`` to a file (created when missing) and make it durable."""

    def read_all(self, name: str) -> bytes | None:
        """A file of any size (the journal), or None when it does not exist."""

    def leftovers(self) -> list[str]:
        """Temporary files a write left behind (only possible after a crash)."""

    def listing(self, folder: str) -> list[str]:
        """Names of the files in a sub-folder (e.g. 'revisions'), sorted; [] when it is missing."""

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
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        try:
            os.fchmod(fd, _mode_for(target))
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

    def append(self, name: str, data: bytes) -> None:
        try:
            fd = os.open(self.root / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as err:
            raise StorageError(f"cannot append to {self.describe(name)}: {err.strerror}") from None

    def leftovers(self) -> list[str]:
        try:
            return sorted(n for n in os.listdir(self.root) if n.startswith(".") and n.endswith(TEMP_SUFFIX))
        except OSError:
            return []

    def listing(self, folder: str) -> list[str]:
        try:
            return sorted(n for n in os.listdir(self.root / folder) if not n.startswith("."))
        except FileNotFoundError:
            return []
        except OSError as err:
            raise StorageError(f"cannot read {self.root / folder}: {err.strerror}") from None

    def scan(self) -> dict[str, tuple[int, int, int, int]]:
        """Every record file with its stat key (size, mtime, ctime, inode), in one pass."""
        from itinerary.cache import stat_key

        try:
            with os.scandir(self.root) as entries:
                return {
                    e.name: stat_key(e)
                    for e in entries
                    if e.name.endswith(".toml") and not e.name.startswith(".") and e.name not in SPECIAL_FILES
                }
        except FileNotFoundError:
            raise NotFound(f"data folder {self.root} not found (choose one with --data or ITINERARY_DATA)") from None
        except OSError as err:
            raise StorageError(f"cannot read the data folder {self.root}: {err.strerror}") from None

    def read_all(self, name: str) -> bytes | None:
        try:
            return (self.root / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StorageError(f"cannot read {self.describe(name)}: {err.strerror}") from None

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

    def append(self, name: str, data: bytes) -> None:
        self.files[name] = self.files.get(name, b"") + data

    def read_all(self, name: str) -> bytes | None:
        return self.files.get(name)

    def leftovers(self) -> list[str]:
        return sorted(n for n in self.files if n.startswith(".") and n.endswith(TEMP_SUFFIX))

    def listing(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return sorted(n[len(prefix):] for n in self.files if n.startswith(prefix) and "/" not in n[len(prefix):])

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


def _meets(event: Event, window: tuple[dt.datetime, dt.datetime]) -> bool:
    return utc(event.start) < utc(window[1]) and utc(event.end) > utc(window[0])


def _text_of(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8")


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

    def __init__(self, backend: Backend, cache: Cache | None = None) -> None:
        self.backend = backend
        self.cache = cache
        self._pending: list[journal.Change] | None = None
        self._sides_read: dict[str, bytes | None] = {}

    @classmethod
    def at(cls, root: Path, *, cached: bool = False) -> Store:
        """The store of the data folder ``root``; with ``cached``, parsed records are cached."""
        if cached and root.is_dir():
            from itinerary.cache import Cache, cache_path

            return cls(FolderBackend(root), Cache(cache_path(root)))
        return cls(FolderBackend(root))

    def _required(self, name: str) -> bytes:
        data = self.backend.read(name)
        if data is None:
            raise NotFound(f"{self.backend.describe(name)} not found: is this a data folder? (see --data)")
        return data

    def read(self, *, window: tuple[dt.datetime, dt.datetime] | None = None) -> Snapshot:
        """Every record, checked: the visit, people, venues and each event.

        With ``window``, only the events that meet it (read by the cache's index on time when
        there is a cache); every record file is still checked for changes.
        """
        describe = self.backend.describe
        specials = {name: self._required(name) for name in SPECIAL_FILES}
        visit = codec.loads_visit(specials[VISIT_FILE], describe(VISIT_FILE))
        people = codec.loads_people(specials[PEOPLE_FILE], describe(PEOPLE_FILE))
        venues, travel = codec.loads_venues(specials[VENUES_FILE], describe(VENUES_FILE))
        if self.cache is not None and isinstance(self.backend, FolderBackend):
            events, digests = self._read_cached(self.cache, self.backend, window)
        else:
            events, digests = self._read_all(window)
        programme = Programme(visit, people, venues, travel, tuple(events))
        digests |= {name.removesuffix(".toml"): _digest(data) for name, data in specials.items()}
        if visit.guest not in programme.people_by_id:
            raise InvalidData(f"unknown person {visit.guest!r}", source=describe(VISIT_FILE), field="guest")
        for event_id, field, value in programme.references():
            what = {"participants": "person", "venue": "venue", "contacts": "contact"}[field]
            raise InvalidData(f"unknown {what} {value!r}", source=describe(f"{event_id}.toml"), field=field)
        return Snapshot(programme, digests)

    def _read_all(self, window: tuple[dt.datetime, dt.datetime] | None) -> tuple[list[Event], dict[str, str]]:
        events, digests = [], {}
        for name in self.backend.names():
            if name in SPECIAL_FILES:
                continue
            data = self.backend.read(name)
            if data is None:  # removed while we were reading
                continue
            event = codec.loads_event(data, self.backend.describe(name))
            digests[event.id] = _digest(data)
            if window is None or _meets(event, window):
                events.append(event)
        return events, digests

    def _read_cached(self, cache: Cache, backend: FolderBackend, window: tuple[dt.datetime, dt.datetime] | None) -> tuple[list[Event], dict[str, str]]:
        if cache.db is None:  # the cache cannot be used now: read everything
            return self._read_all(window)
        stats = backend.scan()
        known = cache.known()
        shas: dict[str, str] = {}
        changed: dict[str, Event] = {}
        fresh, touched = [], []
        for name, st in stats.items():
            cached = known.get(name)
            if cached is not None and cached[0] == st:
                shas[name] = cached[1]
                continue
            data = backend.read(name)
            if data is None:  # removed while we were reading
                continue
            shas[name] = sha = _digest(data)
            if cached is not None and cached[1] == sha:
                touched.append((name, st))  # touched or copied, same content: no need to parse
                continue
            changed[name] = event = codec.loads_event(data, backend.describe(name))
            fresh.append((name, st, sha, event))
        cache.store_events(fresh, touched, [name for name in known if name not in stats])
        # events of changed files come from this read, never from rows the cache may not have taken
        events = {n: e for n, e in cache.events(window=window).items() if n in shas and n not in changed}
        events.update({n: e for n, e in changed.items() if window is None or _meets(e, window)})
        return list(events.values()), {n.removesuffix(".toml"): sha for n, sha in shas.items()}

    def visit(self) -> Visit:
        """The visit alone (to know its days and zone before reading a window of events)."""
        return codec.loads_visit(self._required(VISIT_FILE), self.backend.describe(VISIT_FILE))

    def busy(self, programme: Programme, window: tuple[dt.datetime, dt.datetime] | None = None) -> list[Busy]:
        """The people's outside commitments inside ``window`` (default: the visit)."""
        if not isinstance(self.backend, FolderBackend) or not any(p.busy for p in programme.people):
            return []
        from itinerary import busy

        return busy.load(self.backend.root, programme, self.cache, window)

    def load(self, *, window: tuple[dt.datetime, dt.datetime] | None = None) -> Programme:
        """Every record, checked (with ``window``, only the events that meet it)."""
        return self.read(window=window).programme

    @contextlib.contextmanager
    def transaction(self, command: str = "", who: str = "", *, now: dt.datetime | None = None) -> Iterator[Snapshot]:
        """The records read under the folder's lock, held until the block ends.

        Every record written in the block is journaled as one entry (``command`` by ``who``),
        even when the block fails halfway, so nothing changes without a trace.
        """
        with self.backend.lock():
            self._pending = []
            try:
                yield self.read()
            finally:
                changes, self._pending = self._pending, None
                if changes:
                    self._journal(command, who, tuple(changes), now=now)

    def _journal(self, command: str, who: str, changes: tuple[journal.Change, ...], *, now: dt.datetime | None, undoes: int | None = None) -> journal.Entry:
        entries = self.history()
        entry = journal.Entry(
            seq=len(entries) + 1, when=now or dt.datetime.now(dt.UTC).replace(microsecond=0), who=who or "unknown",
            command=command or "change", changes=changes, undoes=undoes,
        )
        self.backend.append(journal.JOURNAL_FILE, (journal.dumps(entry) + "\n").encode("utf-8"))
        return entry

    def _record(self, event_id: str, before: bytes | None, after: bytes | None) -> None:
        if self._pending is None:
            raise StorageError("records are only changed inside a transaction")
        self._pending.append(journal.Change(event_id, _text_of(before), _text_of(after)))

    def history(self) -> list[journal.Entry]:
        """Every journaled change, oldest first."""
        data = self.backend.read_all(journal.JOURNAL_FILE)
        if not data:
            return []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidData("not UTF-8 text", source=self.backend.describe(journal.JOURNAL_FILE)) from None
        return journal.loads(text, self.backend.describe(journal.JOURNAL_FILE))

    def undo(self, who: str = "", *, now: dt.datetime | None = None) -> tuple[journal.Entry, journal.Entry]:
        """Revert the newest change not yet undone; returns (that entry, the undo's entry).

        Refuses when a record it touched changed since (by hand or by a later command).
        """
        with self.backend.lock():
            target = journal.undo_target(self.history())
            if target is None:
                raise NotFound("nothing to undo")
            for change in target.changes:
                name = codec.event_file_name(change.event)
                current = self.backend.read(name)
                expected = None if change.after is None else change.after.encode("utf-8")
                if current != expected:
                    raise StorageError(
                        f"{self.backend.describe(name)} changed since change #{target.seq} ({target.command}); nothing was undone"
                    )
            reverted = []
            for change in reversed(target.changes):
                name = codec.event_file_name(change.event)
                if change.before is None:
                    self.backend.delete(name)
                elif change.after is None:
                    self.backend.create(name, change.before.encode("utf-8"))
                else:
                    self.backend.replace(name, change.before.encode("utf-8"))
                reverted.append(journal.Change(change.event, change.after, change.before))
            entry = self._journal(f"undo #{target.seq} ({target.command})", who, tuple(reverted), now=now, undoes=target.seq)
            return target, entry

    def _check_unchanged(self, snapshot: Snapshot, event_id: str) -> bytes | None:
        """The record's bytes, if they are still those ``snapshot`` read; StorageError otherwise."""
        name = codec.event_file_name(event_id)
        data = self.backend.read(name)
        expected = snapshot.digests.get(event_id)
        actual = None if data is None else _digest(data)
        if actual != expected:
            raise StorageError(
                f"{self.backend.describe(name)} changed on disk since it was read; nothing was written, run the command again"
            )
        return data

    def add(self, snapshot: Snapshot, event: Event) -> None:
        """Write ``event`` as a new record; an existing record of that id is never touched."""
        if event.id in RESERVED_IDS:
            raise InvalidData(f"{event.id!r} is reserved for {event.id}.toml; choose another id", field="id")
        name = codec.event_file_name(event.id)
        data = codec.dumps_event(event).encode("utf-8")
        try:
            self.backend.create(name, data)
        except FileExistsError:
            raise InvalidData(f"an event with id {event.id!r} already exists ({self.backend.describe(name)})", field="id") from None
        self._record(event.id, None, data)

    def update(self, snapshot: Snapshot, event: Event) -> None:
        """Replace the record of ``event.id``, unless it changed since ``snapshot`` was read."""
        before = self._check_unchanged(snapshot, event.id)
        data = codec.dumps_event(event).encode("utf-8")
        self.backend.replace(codec.event_file_name(event.id), data)
        self._record(event.id, before, data)

    def remove(self, snapshot: Snapshot, event_id: str) -> None:
        """Delete the record of ``event_id``, unless it changed since ``snapshot`` was read."""
        before = self._check_unchanged(snapshot, event_id)
        self.backend.delete(codec.event_file_name(event_id))
        self._record(event_id, before, None)

    def check(self) -> list[tuple[str, str]]:
        """Every problem of the records as (file, message), not only the first one."""
        found: list[tuple[str, str]] = []
        try:
            self.read()
        except (InvalidData, NotFound) as err:
            found.append((getattr(err, "source", None) or "", str(err)))
        else:
            return found
        for name in self.backend.names():
            if name in SPECIAL_FILES:
                continue
            try:
                codec.loads_event(self.backend.read(name) or b"", self.backend.describe(name))
            except InvalidData as err:
                if str(err) not in {message for _, message in found}:
                    found.append((self.backend.describe(name), str(err)))
        return found

    def clean_leftovers(self) -> list[str]:
        """Remove the temporary files a crashed write left; under the lock no write is running."""
        with self.backend.lock():
            names = self.backend.leftovers()
            for name in names:
                self.backend.delete(name)
        return names

    def read_side(self, name: str) -> str:
        """The text of a bookkeeping file beside the records (exports.json, remotes.json); ''
        when it does not exist yet."""
        data = self.backend.read_all(name)
        self._sides_read[name] = data
        return "" if not data else data.decode("utf-8", "replace")

    def write_side(self, name: str, text: str) -> None:
        """Write a bookkeeping file atomically, unless it changed since :meth:`read_side` read it."""
        if self._pending is None:
            raise StorageError(f"{name} is only changed inside a transaction")
        if name not in self._sides_read or self.backend.read_all(name) != self._sides_read[name]:
            raise StorageError(f"{self.backend.describe(name)} changed since it was read; nothing was written")
        data = text.encode("utf-8")
        self.backend.replace(name, data)
        self._sides_read[name] = data

    def export_state(self) -> dict[str, Exported]:
        """What was last exported of each event (``exports.json``; empty before the first export)."""
        from itinerary.ics import state_from_json

        text = self.read_side(EXPORT_STATE_FILE)
        return state_from_json(text, self.backend.describe(EXPORT_STATE_FILE)) if text else {}

    def save_export_state(self, state: dict[str, Exported]) -> None:
        """Write ``exports.json``, unless it changed since :meth:`export_state` read it."""
        from itinerary.ics import state_to_json

        self.write_side(EXPORT_STATE_FILE, state_to_json(state))

    # --- revisions

    def revisions(self) -> list[Revision]:
        """The published revisions, oldest first."""
        return [self._revision_file(name)[0] for name in self.backend.listing(REVISIONS_FOLDER) if name.endswith(".json")]

    def _revision_file(self, name: str) -> tuple[Revision, dict[str, str]]:
        source = self.backend.describe(f"{REVISIONS_FOLDER}/{name}")
        data = self.backend.read_all(f"{REVISIONS_FOLDER}/{name}") or b""
        try:
            doc = json.loads(data)
            revision = Revision(int(doc["number"]), dt.datetime.fromisoformat(doc["when"]), str(doc["who"]), str(doc["message"]))
            records = {str(k): str(v) for k, v in doc["records"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InvalidData("not a revision file", source=source) from None
        return revision, records

    def revision(self, number: int) -> tuple[Revision, Programme]:
        """Revision ``number`` and the programme it recorded."""
        name = f"{number:04d}.json"
        if name not in self.backend.listing(REVISIONS_FOLDER):
            known = [r.number for r in self.revisions()]
            raise NotFound(f"no revision {number}" + (f" (published: {', '.join(map(str, known))})" if known else " (none published yet)"))
        revision, records = self._revision_file(name)
        frozen = Store(MemoryBackend({k: v.encode("utf-8") for k, v in records.items()}))
        return revision, frozen.load()

    def publish_revision(self, message: str, who: str, *, now: dt.datetime) -> Revision:
        """Record the current records as the next numbered revision (never overwriting one)."""
        if self._pending is None:
            raise StorageError("a revision is only published inside a transaction")
        number = len(self.revisions()) + 1
        records = {name: (self.backend.read(name) or b"").decode("utf-8") for name in self.backend.names()}
        revision = Revision(number, now, who or "unknown", message)
        doc = {"schema": 1, "number": number, "when": now.isoformat(), "who": revision.who, "message": message, "records": records}
        try:
            self.backend.create(f"{REVISIONS_FOLDER}/{number:04d}.json", json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
        except FileExistsError:
            raise StorageError(f"revision {number} was published by someone else meanwhile; run the command again") from None
        return revision

    def update_people(self, snapshot: Snapshot, people: tuple[Person, ...]) -> None:
        """Rewrite people.toml, unless it changed since ``snapshot`` was read."""
        before = self._check_unchanged(snapshot, "people")
        data = codec.dumps_people(people).encode("utf-8")
        self.backend.replace(PEOPLE_FILE, data)
        self._record("people", before, data)

    def event_bytes(self, event_id: str) -> bytes | None:
        """The record file of ``event_id`` as it is on disk."""
        return self.backend.read(codec.event_file_name(event_id))
