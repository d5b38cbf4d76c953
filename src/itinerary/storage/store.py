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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from itinerary.core import journal
from itinerary.core.journal import Change, Entry
from itinerary.core.journalread import Journal
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.formats.officefile import OFFICE_FILE, loads_office
from itinerary.i18n import N_, _
from itinerary.model import Busy, Directory, Event, Office, Person, Programme, TravelLeg, Venue, Visit, utc
from itinerary.model.event import REFERENCES
from itinerary.storage import journalfile
from itinerary.storage.backend import LOCK_TIMEOUT, Backend, FolderBackend, MemoryBackend
from itinerary.storage.batch import Refused, write_files
from itinerary.storage.snapshot import Snapshot, Write, assemble

__all__ = ["SPECIAL_FILES", "Snapshot", "Store", "Write", "assemble", "digest", "memory_store"]

if TYPE_CHECKING:
    from itinerary.storage.cache import Cache

VISIT_FILE = "visit.toml"
PEOPLE_FILE = "people.toml"
VENUES_FILE = "venues.toml"
SPECIAL_FILES = (VISIT_FILE, PEOPLE_FILE, VENUES_FILE, OFFICE_FILE)
UNKNOWN = {"person": N_("unknown person {value!r}"), "venue": N_("unknown venue {value!r}"), "contact": N_("unknown contact {value!r}"),
           "event": N_("unknown event {value!r}")}
"""What a record naming a person, venue, contact or event that is not on record says."""
RESERVED_IDS = tuple(name.removesuffix(".toml") for name in SPECIAL_FILES)
BATCH_SYNC = 32
"""From this many files on, a change writes them all and then syncs once, rather than each."""
Window = tuple[dt.datetime, dt.datetime]


def _meets(event: Event, window: Window) -> bool:
    return utc(event.start) < utc(window[1]) and utc(event.end) > utc(window[0])


def digest(data: bytes) -> str:
    """The content digest that tells a changed file."""
    return hashlib.sha256(data).hexdigest()


class Store:
    """The records of one visit (or of an office's directory)."""

    def __init__(self, backend: Backend, cache: Cache | None = None, *, office: Store | None = None) -> None:
        self.backend = backend
        self.cache = cache
        self.office = office
        """The store of the office the visit belongs to, if any (read for its directory)."""
        self._locked = False
        self._directory: tuple[tuple[bytes, ...], tuple[Office, Directory, dict[str, bytes]]] | None = None
        self.who = ""
        """The officer, as repairs of the journal name them."""
        self.settled: list[str] = []
        """What the last recovery did (an interrupted change rolled back), for the officer."""
        self.repairs: list[str] = []
        """Every repair made since the store was opened."""
        self.notices: list[str] = []
        """Everything the officer was told (repairs, and what could not be repaired), in order."""
        self.on_notice: Callable[[str], None] | None = None
        """Called with each notice as it is made (a command prints it at once)."""
        self.read_only = False
        """True once the folder was found unwritable: what needs repair is reported, not repaired."""
        self._dry: journalfile.Settlement | None = None

    @classmethod
    def at(cls, root: Path, *, cached: bool = False) -> Store:
        """The store of the data folder ``root``; with ``cached``, parsed records are cached."""
        from itinerary.storage.office import office_of

        office_root = office_of(root)
        office = cls(FolderBackend(office_root)) if office_root is not None else None
        if cached and root.is_dir():
            from itinerary.storage.cache import Cache, cache_path

            return cls(FolderBackend(root), Cache(cache_path(root)), office=office)
        return cls(FolderBackend(root), office=office)

    @property
    def is_office(self) -> bool:
        """True when the folder is an office rather than a visit."""
        limit = codec.MAX_RECORD_BYTES
        return self.backend.read(VISIT_FILE, limit=limit) is None and self.backend.read(OFFICE_FILE, limit=limit) is not None

    def visits(self) -> list[Store]:
        """The stores of an office's visits, each cached and seeing this office's directory."""
        from itinerary.storage.office import visit_folders

        root = self.root
        if root is None:
            return []
        out = []
        for folder in visit_folders(root):
            store = Store.at(folder, cached=True)
            store.office, store.who, store.on_notice = self, self.who, self.on_notice
            out.append(store)
        return out

    @property
    def root(self) -> Path | None:
        """The folder on disk, if the store has one."""
        return self.backend.root if isinstance(self.backend, FolderBackend) else None

    # --- reading -------------------------------------------------------------------------

    def _required(self, name: str) -> bytes:
        if not self.backend.exists():
            raise NotFound(_("data folder {folder} not found: run inside a visit's folder, name one with --data DIR, or start one with `itinerary init`",
                             folder=self.backend.describe("")))
        data = self.backend.read(name, limit=codec.MAX_RECORD_BYTES)
        if data is None:
            raise NotFound(_("{path} not found: this folder holds no visit (name one with --data DIR, or start one here with `itinerary init`)",
                             path=self.backend.describe(name)))
        return data

    def _tell(self, line: str) -> None:
        if line not in self.notices:
            self.notices.append(line)
            if self.on_notice is not None:
                self.on_notice(line)

    def _settle(self) -> None:
        """Finish what a crash left before reading: it takes the lock only when needed. On a
        folder that cannot be written (read-only media), the records are read as they are and
        what needs repair is said."""
        if self._locked or journalfile.is_settled(self.backend):
            return
        try:
            with self.locked():
                pass
        except StorageError:
            if self.backend.writable():
                raise
            self.read_only = True
            self._dry = journalfile.settle(self.backend, who=self.who, dry=True)
            where = self.backend.describe("")
            for line in self._dry.repairs:
                self._tell(_("! {folder} cannot be written, so this was not repaired (the records are read as they are): {line}", folder=where, line=line))
            self._tell_conflicts(self._dry)

    def _tell_conflicts(self, settled: journalfile.Settlement) -> None:
        for outcome in settled.conflicts:
            self._tell(_("! {journal}: {why}. See both texts with `itinerary doctor`; keep the files as they are with `itinerary doctor --keep`",
                         journal=self.backend.describe(journal.JOURNAL_FILE), why=outcome.why))

    def _directory_files(self, optional: bool) -> dict[str, bytes]:
        """The bytes of the people and venues files: required in a visit of its own, optional in
        an office and in an office's visit (a missing one holds nothing)."""
        files = {}
        for name in (PEOPLE_FILE, VENUES_FILE):
            data = self.backend.read(name, limit=codec.MAX_RECORD_BYTES) if optional else self._required(name)
            if data is not None:
                files[name] = data
        return files

    def _parse_directory(self, files: dict[str, bytes]) -> tuple[tuple[Person, ...], tuple[Venue, ...], tuple[TravelLeg, ...]]:
        describe = self.backend.describe
        people = codec.loads_people(files[PEOPLE_FILE], describe(PEOPLE_FILE)) if PEOPLE_FILE in files else ()
        venues, travel = codec.loads_venues(files[VENUES_FILE], describe(VENUES_FILE)) if VENUES_FILE in files else ((), ())
        return people, venues, travel

    def directory(self) -> tuple[Office, Directory, dict[str, bytes]]:
        """An office's settings and directory, with the bytes of the files they come from
        (parsed once for as long as those bytes stay the same: every visit of the office reads it)."""
        self._settle()
        data = self.backend.read(OFFICE_FILE, limit=codec.MAX_RECORD_BYTES)
        if data is None:
            raise NotFound(_("{path} not found: this folder is not an office", path=self.backend.describe(OFFICE_FILE)))
        files = self._directory_files(optional=True) | {OFFICE_FILE: data}
        raw = tuple(files.get(name) or b"" for name in (OFFICE_FILE, PEOPLE_FILE, VENUES_FILE))
        if self._directory is not None and self._directory[0] == raw:
            return self._directory[1]
        office = loads_office(data, self.backend.describe(OFFICE_FILE))
        people, venues, travel = self._parse_directory(files)
        found = (office, Directory(people, venues, travel, office.contacts), files)
        self._directory = (raw, found)
        return found

    def read(self, *, window: Window | None = None) -> Snapshot:
        """Every record, checked: the visit, people, venues and each event.

        With ``window``, only the events that meet it (read by the cache's index on time when
        there is a cache); every record file is still checked for changes. In an office's visit
        the office's directory lies under the visit's own; an office reads as its directory.
        """
        self._settle()
        visit_file = self.backend.read(VISIT_FILE, limit=codec.MAX_RECORD_BYTES) if self.backend.exists() else None
        if visit_file is None and self.backend.read(OFFICE_FILE, limit=codec.MAX_RECORD_BYTES) is not None:
            office, own, files = self.directory()
            programme = Programme(office.as_visit(), own.people, own.venues, own.travel)
            return Snapshot(programme, {name: digest(data) for name, data in files.items()}, own, None, office)
        describe = self.backend.describe
        specials = {VISIT_FILE: visit_file if visit_file is not None else self._required(VISIT_FILE)}
        visit = codec.loads_visit(specials[VISIT_FILE], describe(VISIT_FILE))
        files = self._directory_files(optional=self.office is not None)
        people, venues, travel = self._parse_directory(files)
        specials |= files
        own = Directory(people, venues, travel, visit.contacts)
        shared = self.office.directory()[1] if self.office is not None else None
        if self.cache is not None and isinstance(self.backend, FolderBackend):
            events, digests = self._read_cached(self.cache, self.backend, window)
        else:
            events, digests = self._read_all(window)
        programme = assemble(visit, own, shared, tuple(events))
        digests |= {name: digest(data) for name, data in specials.items()}
        if visit.guest and visit.guest not in programme.people_by_id:
            raise InvalidData(_("unknown person {value!r}", value=visit.guest), source=describe(VISIT_FILE), field="guest")
        for event_id, name, value in programme.references(events=window is None):
            raise InvalidData(_(UNKNOWN[REFERENCES.get(name, "event")], value=value), source=describe(f"{event_id}.toml"), field=name)
        return Snapshot(programme, digests, own, shared)

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
        from itinerary.storage.records import read_records

        found = read_records(cache, backend, SPECIAL_FILES, window)
        return found if found is not None else self._read_all(window)  # the cache cannot be used now: read everything

    def visit(self) -> Visit:
        """The visit alone (to know its days and zone before reading a window of events); for
        an office, the office as the visit of its directory."""
        self._settle()
        if self.is_office:
            return self.directory()[0].as_visit()
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
    def locked(self, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """The folder's lock (waiting at most ``timeout`` seconds for it), with whatever a crash
        left finished first (see :attr:`settled`)."""
        if self._locked:
            yield
            return
        with self.backend.lock(timeout=timeout):
            self._locked = True
            try:
                settled = journalfile.settle(self.backend, who=self.who)
                self.settled = settled.repairs
                self.repairs += settled.repairs
                for line in settled.repairs:
                    self._tell(_("Repaired first: {line}.", line=line))
                self._tell_conflicts(settled)
                yield
            finally:
                self._locked = False

    def journal(self) -> Journal:
        """The journal as it is on disk, with each change whose close line was lost read as
        what its files show it became (see :mod:`itinerary.core.recovery`)."""
        self._settle()
        loaded, conflicts = journalfile.resolved(self.backend, self._dry)
        self._tell_conflicts(journalfile.Settlement(conflicts=conflicts))
        lost = len(loaded.damaged) + len(loaded.orphans)
        if lost:
            self._tell(_("! {journal}: {n} line(s) damaged or without their entry, set aside (see `itinerary doctor`)",
                         journal=self.backend.describe(journal.JOURNAL_FILE), n=lost))
        return loaded

    def history(self) -> list[Entry]:
        """Every finished change, oldest first."""
        return self.journal().done

    def commit(
        self, snapshot: Snapshot, writes: Sequence[Write], *, command: str, who: str, now: dt.datetime,
        undoes: int | None = None, redoes: int | None = None, progress: Callable[[str, int, int], None] | None = None,
        events: Mapping[str, Event] | None = None,
    ) -> Entry:
        """Write ``writes`` as one journaled change (inside :meth:`locked`).

        A file that changed since ``snapshot`` read it is never overwritten: StorageError, and
        nothing is written. ``events`` (by id) are the events the written records hold: the
        cache keeps them, so the next read parses none of them again (see :meth:`_remember`).
        """
        if not self._locked:
            raise StorageError(_("records are only changed under the folder's lock"))
        changes = []
        # a new record's file is known to be missing from one listing of the folder (under the
        # lock), rather than from an attempt to open each: an import creates thousands
        listed = set(self.backend.names()) if sum(w.create for w in writes) >= BATCH_SYNC else None
        for write in writes:
            new_here = listed is not None and write.create and "/" not in write.file and write.file not in listed
            before = None if new_here else self.backend.read(write.file)
            expected = snapshot.digests.get(write.file)
            if expected is not None and (before is None or digest(before) != expected):
                raise StorageError(
                    _("{path} changed on disk since it was read; nothing was written, run the command again", path=self.backend.describe(write.file))
                )
            if write.create and before is not None:
                raise InvalidData(_("{path} already exists", path=self.backend.describe(write.file)), field="id")
            source = self.backend.describe(write.file)
            changes.append(Change(write.file, journalfile.text_of(before, source), journalfile.text_of(write.data, source), write.fields,
                                  None if before is None else digest(before), None if write.data is None else digest(write.data),
                                  write.by))
        entry = Entry(journalfile.next_seq(self.backend), now, who or "unknown", command or "change", tuple(changes), undoes, redoes, journal.OPEN)
        journalfile.begin(self.backend, entry)
        try:
            batch = len(writes) >= BATCH_SYNC
            write_files(self.backend, writes, durable=not batch, progress=progress)
            if batch:
                self.backend.sync()
        except BaseException as err:
            theirs = {err.file} if isinstance(err, Refused) else set()  # made by another program: left as it is
            with contextlib.suppress(Exception):  # put back what was written; if that fails too,
                if not set(_rolled_back(self.backend, entry)) - theirs:  # the next command finishes it
                    journalfile.finish(self.backend, entry.seq, journal.ABORTED)
            raise
        journalfile.finish(self.backend, entry.seq, journal.DONE)
        if events is not None:
            self._remember(writes, events)
        return Entry(entry.seq, entry.when, entry.who, entry.command, entry.changes, undoes, redoes, journal.DONE)

    def _remember(self, writes: Sequence[Write], events: Mapping[str, Event]) -> None:
        """Give the cache the events of the record files just written, each under the hash of
        the bytes written. Their stat is left unknown, so the next read still reads and hashes
        each of those files and takes the cached event only for the very bytes it was made
        from (a file changed since by anyone is parsed again): never wrong, and an import of
        thousands of records is not parsed back on the next read."""
        if self.cache is None or not isinstance(self.backend, FolderBackend):
            return
        from itinerary.storage.cache import UNCHECKED

        fresh, gone = [], []
        for write in writes:
            if "/" in write.file or write.file in SPECIAL_FILES:
                continue
            event = events.get(write.file.removesuffix(".toml"))
            if write.data is None:
                gone.append(write.file)
            elif event is not None:
                fresh.append((write.file, UNCHECKED, digest(write.data), event))
        self.cache.store_events(fresh, [], gone)


def _rolled_back(backend: Backend, entry: Entry) -> list[str]:
    """:func:`journalfile.roll_back` of a change that failed or was interrupted, to its end even
    when Ctrl-C is pressed again meanwhile: it is begun again (restoring by content, it passes
    over what it already restored), so the folder is as before when the command ends."""
    while True:
        try:
            return journalfile.roll_back(backend, entry)
        except KeyboardInterrupt:
            continue


def memory_store(files: dict[str, bytes]) -> Store:
    """A store over files held in memory (revisions are read this way)."""
    return Store(MemoryBackend(files))
