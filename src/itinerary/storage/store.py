"""The records of a data folder: read them whole, commit changes to them through the journal.

A :class:`Store` reads a :class:`~itinerary.model.Programme` (through the cache of parsed
records when it has one) and commits a set of file writes as one change: under the folder's
lock, each file checked unchanged since it was read, the change's intent written ahead to the
journal, the files written, the change marked done. A change a crash interrupted is rolled
back before anything else reads or writes the folder. The rules of *what* may change live in
:mod:`itinerary.changes`; this module only keeps them on disk faithfully.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from itinerary.core import journal
from itinerary.core.journal import Change, Entry
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.model import Busy, Event, Programme, Visit, utc
from itinerary.storage import journalfile
from itinerary.storage.backend import Backend, FolderBackend, MemoryBackend

if TYPE_CHECKING:
    from itinerary.storage.cache import Cache

VISIT_FILE = "visit.toml"
PEOPLE_FILE = "people.toml"
VENUES_FILE = "venues.toml"
SPECIAL_FILES = (VISIT_FILE, PEOPLE_FILE, VENUES_FILE)
RESERVED_IDS = tuple(name.removesuffix(".toml") for name in SPECIAL_FILES)
BATCH_SYNC = 32
"""From this many files on, a change writes them all and then syncs once, rather than each."""
Window = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Snapshot:
    """A programme as read, with the digest of each file it came from."""

    programme: Programme
    """What the records say."""
    digests: dict[str, str] = field(default_factory=dict)
    """sha256 of each file at reading, by file name."""


@dataclass(frozen=True)
class Write:
    """One file a change writes."""

    file: str
    """Name in the data folder."""
    data: bytes | None
    """Its new bytes, or None to delete it."""
    fields: tuple[str, ...] = ()
    """What changed in it, for the history."""
    create: bool = False
    """True when the file must not exist yet (a new record never clobbers another)."""


def _meets(event: Event, window: Window) -> bool:
    return utc(event.start) < utc(window[1]) and utc(event.end) > utc(window[0])


def digest(data: bytes) -> str:
    """The content digest that tells a changed file."""
    return hashlib.sha256(data).hexdigest()


class Store:
    """The records of one visit."""

    def __init__(self, backend: Backend, cache: Cache | None = None) -> None:
        self.backend = backend
        self.cache = cache
        self._locked = False
        self.settled: list[str] = []
        """What the last recovery did (an interrupted change rolled back), for the officer."""

    @classmethod
    def at(cls, root: Path, *, cached: bool = False) -> Store:
        """The store of the data folder ``root``; with ``cached``, parsed records are cached."""
        if cached and root.is_dir():
            from itinerary.storage.cache import Cache, cache_path

            return cls(FolderBackend(root), Cache(cache_path(root)))
        return cls(FolderBackend(root))

    @property
    def root(self) -> Path | None:
        """The folder on disk, if the store has one."""
        return self.backend.root if isinstance(self.backend, FolderBackend) else None

    # --- reading -------------------------------------------------------------------------

    def _required(self, name: str) -> bytes:
        if not self.backend.exists():
            raise NotFound(f"data folder {self.backend.describe('')} not found: run inside a visit's folder, name one with --data DIR, or start one with `itinerary init`")
        data = self.backend.read(name, limit=codec.MAX_RECORD_BYTES)
        if data is None:
            raise NotFound(f"{self.backend.describe(name)} not found: this folder holds no visit (name one with --data DIR, "
                           "or start one here with `itinerary init`)")
        return data

    def _settle(self) -> None:
        """Finish what a crash left before reading: it takes the lock only when needed."""
        if self._locked or journalfile.is_settled(self.backend):
            return
        with self.locked():
            pass

    def read(self, *, window: Window | None = None) -> Snapshot:
        """Every record, checked: the visit, people, venues and each event.

        With ``window``, only the events that meet it (read by the cache's index on time when
        there is a cache); every record file is still checked for changes.
        """
        self._settle()
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
        digests |= {name: digest(data) for name, data in specials.items()}
        if visit.guest and visit.guest not in programme.people_by_id:
            raise InvalidData(f"unknown person {visit.guest!r}", source=describe(VISIT_FILE), field="guest")
        for event_id, name, value in programme.references(events=window is None):
            what = {"participants": "person", "venue": "venue", "contacts": "contact"}.get(name, "event")
            raise InvalidData(f"unknown {what} {value!r}", source=describe(f"{event_id}.toml"), field=name)
        return Snapshot(programme, digests)

    def _read_all(self, window: Window | None) -> tuple[list[Event], dict[str, str]]:
        events, digests = [], {}
        for name in self.backend.names():
            if name in SPECIAL_FILES:
                continue
            data = self.backend.read(name, limit=codec.MAX_RECORD_BYTES)
            if data is None:  # removed while we were reading
                continue
            event = codec.loads_event(data, self.backend.describe(name))
            digests[name] = digest(data)
            if window is None or _meets(event, window):
                events.append(event)
        return events, digests

    def _read_cached(self, cache: Cache, backend: FolderBackend, window: Window | None) -> tuple[list[Event], dict[str, str]]:
        from itinerary.storage.cache import scan

        if cache.db is None:  # the cache cannot be used now: read everything
            return self._read_all(window)
        stats = scan(backend.root, SPECIAL_FILES)
        known = cache.known()
        shas: dict[str, str] = {}
        changed: dict[str, Event] = {}
        fresh, touched = [], []
        for name, st in stats.items():
            cached = known.get(name)
            if cached is not None and cached[0] == st:
                shas[name] = cached[1]
                continue
            data = backend.read(name, limit=codec.MAX_RECORD_BYTES)
            if data is None:  # removed while we were reading
                continue
            shas[name] = sha = digest(data)
            if cached is not None and cached[1] == sha:
                touched.append((name, st))  # touched or copied, same content: no need to parse
                continue
            changed[name] = event = codec.loads_event(data, backend.describe(name))
            fresh.append((name, st, sha, event))
        cache.store_events(fresh, touched, [name for name in known if name not in stats])
        # events of changed files come from this read, never from rows the cache may not have taken
        events = {n: e for n, e in cache.events(window=window).items() if n in shas and n not in changed}
        events.update({n: e for n, e in changed.items() if window is None or _meets(e, window)})
        return list(events.values()), shas

    def visit(self) -> Visit:
        """The visit alone (to know its days and zone before reading a window of events)."""
        self._settle()
        return codec.loads_visit(self._required(VISIT_FILE), self.backend.describe(VISIT_FILE))

    def load(self, *, window: Window | None = None) -> Programme:
        """Every record, checked (with ``window``, only the events that meet it)."""
        return self.read(window=window).programme

    def busy(self, programme: Programme, window: Window | None = None) -> list[Busy]:
        """The people's outside commitments inside ``window`` (default: the visit)."""
        if not any(p.busy for p in programme.people):
            return []
        from itinerary.storage import busyfiles

        return busyfiles.load(self.backend, programme, self.cache, window)

    def file_bytes(self, name: str) -> bytes | None:
        """A file of the data folder as it is on disk."""
        return self.backend.read(name)

    # --- changing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The folder's lock, with whatever a crash left finished first (see :attr:`settled`)."""
        if self._locked:
            yield
            return
        with self.backend.lock():
            self._locked = True
            try:
                self.settled = journalfile.settle(self.backend)
                yield
            finally:
                self._locked = False

    def journal(self) -> journal.Journal:
        """The journal as it is on disk."""
        self._settle()
        return journalfile.load(self.backend)

    def history(self) -> list[Entry]:
        """Every finished change, oldest first."""
        return self.journal().done

    def commit(
        self, snapshot: Snapshot, writes: Sequence[Write], *, command: str, who: str, now: dt.datetime,
        undoes: int | None = None, redoes: int | None = None,
    ) -> Entry:
        """Write ``writes`` as one journaled change (inside :meth:`locked`).

        A file that changed since ``snapshot`` read it is never overwritten: StorageError, and
        nothing is written.
        """
        if not self._locked:
            raise StorageError("records are only changed under the folder's lock")
        changes = []
        for write in writes:
            before = self.backend.read(write.file)
            expected = snapshot.digests.get(write.file)
            if expected is not None and (before is None or digest(before) != expected):
                raise StorageError(
                    f"{self.backend.describe(write.file)} changed on disk since it was read; nothing was written, run the command again"
                )
            if write.create and before is not None:
                raise InvalidData(f"{self.backend.describe(write.file)} already exists", field="id")
            source = self.backend.describe(write.file)
            changes.append(Change(write.file, journalfile.text_of(before, source), journalfile.text_of(write.data, source), write.fields))
        loaded = journalfile.load(self.backend)
        entry = Entry(loaded.next_seq, now, who or "unknown", command or "change", tuple(changes), undoes, redoes, journal.OPEN)
        journalfile.begin(self.backend, entry)
        try:
            batch = len(writes) >= BATCH_SYNC
            for write in writes:
                if write.data is None:
                    self.backend.delete(write.file, durable=not batch)
                else:
                    self.backend.write(write.file, write.data, create=write.create, durable=not batch)
            if batch:
                self.backend.sync()
        except BaseException:
            with contextlib.suppress(Exception):  # put back what was written; if that fails too,
                journalfile.roll_back(self.backend, entry)  # the next command finishes it
                journalfile.finish(self.backend, entry.seq, journal.ABORTED)
            raise
        journalfile.finish(self.backend, entry.seq, journal.DONE)
        return Entry(entry.seq, entry.when, entry.who, entry.command, entry.changes, undoes, redoes, journal.DONE)

    # --- checking the folder -------------------------------------------------------------

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
                codec.loads_event(self.backend.read(name, limit=codec.MAX_RECORD_BYTES) or b"", self.backend.describe(name))
            except (InvalidData, StorageError) as err:
                if str(err) not in {message for _, message in found}:
                    found.append((self.backend.describe(name), str(err)))
        return found

    def clean_leftovers(self) -> list[str]:
        """Remove the temporary files a crashed write left; under the lock no write is running."""
        with self.locked():
            names = self.backend.leftovers()
            for name in names:
                self.backend.delete(name)
        return names


def memory_store(files: dict[str, bytes]) -> Store:
    """A store over files held in memory (revisions are read this way)."""
    return Store(MemoryBackend(files))
