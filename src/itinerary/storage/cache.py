"""A cache of parsed records and busy calendars that makes repeated runs cheap and is never wrong.

One SQLite file per data folder in the user's cache directory (``$XDG_CACHE_HOME/itinerary`` or
``~/.cache/itinerary``; ``ITINERARY_CACHE`` names another folder): only its owner writes it, and
it never travels with the shared data folder. Every run stats every source file; a file whose
size, modification time, change time or inode differ from the cached ones is read and hashed
again, and parsed again only when its content hash changed. A missing, corrupt or older-version
cache is rebuilt silently; a cache that cannot be written is simply not used. The cache is never
the source of truth and is never exported.

Events are stored as rows of plain values (see :func:`event_to_row`) with their UTC start and end indexed, so the events of one day are
read by an index on time rather than by loading everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from itinerary.errors import ItineraryError, NotFound, StorageError
from itinerary.i18n import _
from itinerary.model import Busy, Event, utc
from itinerary.storage.cacherows import Encoded, Row, Stat, digest, event_from_row, event_to_row, row_proof, typed

__all__ = ["UNCHECKED", "Cache", "Encoded", "Row", "Stat", "cache_path", "clear", "digest", "event_from_row", "event_to_row", "row_proof", "scan", "stat_key"]

if TYPE_CHECKING:
    from itinerary.storage.backend import FolderBackend

CACHE_VERSION = "9"
"""Bump when the cached format changes: older caches are rebuilt."""

UNCHECKED: Stat = (-1, -1, -1, -1)
"""The stat key of a cached row whose file has not been looked at: it matches no file, so the
file is read and hashed, and its cached event used only when the hash matches."""
COLUMNS = "name, size, mtime, ctime, ino, sha, start, end, data, proof"
"""A record file's row, as :meth:`Cache.rows` and :meth:`Cache.window_rows` give it."""
TYPED = ("(typeof(start) IN ('real', 'integer') AND typeof(end) IN ('real', 'integer') AND typeof(data) = 'blob'"
         " AND typeof(proof) = 'blob' AND typeof(sha) = 'text' AND length(sha) = 64 AND length(CAST(sha AS BLOB)) = 64)")
"""True for a row of the types :func:`~itinerary.storage.cacherows.typed` asks for (its hash 64
characters of ASCII: as many bytes as characters), checked by SQLite."""


def cache_folder() -> Path:
    """Where caches live for this user."""
    if os.environ.get("ITINERARY_CACHE"):
        return Path(os.environ["ITINERARY_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "itinerary"


def cache_path(data: Path) -> Path:
    """The cache file of the data folder ``data``."""
    key = hashlib.sha256(str(data.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_folder() / f"{data.resolve().name}-{key}.sqlite3"


def stat_key(path: Path | os.DirEntry[str] | str) -> Stat:
    """What tells a changed source file: size, mtime, ctime and inode (of the link itself: the
    data folder follows no symbolic link). A path given as text costs no Path to build."""
    st = os.stat(path, follow_symlinks=False) if isinstance(path, str) else path.stat(follow_symlinks=False)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def scan(root: Path, skip: tuple[str, ...]) -> dict[str, Stat]:
    """Every event record file of ``root`` with its stat key, in one pass over the folder."""
    try:
        with os.scandir(root) as entries:
            return {
                e.name: stat_key(e)
                for e in entries
                if e.name.endswith(".toml") and not e.name.startswith(".") and e.name not in skip
            }
    except FileNotFoundError:
        raise NotFound(_("data folder {folder} not found: run inside a visit's folder, name one with --data DIR, or start one with `itinerary init`",
                         folder=root)) from None
    except OSError as err:
        raise StorageError(_("cannot read the data folder {folder}: {reason}", folder=root, reason=err.strerror)) from None


# --- the cache ----------------------------------------------------------------------------


class Cache:
    """The cache of one data folder. Every method degrades to 'no cache' instead of failing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self._open()

    def _open(self) -> None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                version = self._version(db)
                if version != CACHE_VERSION:
                    self._create(db)
                self.db = db
                return
            except (sqlite3.DatabaseError, OSError):
                # corrupt, unreadable or from another version: start again from nothing, once
                with contextlib.suppress(OSError):
                    for suffix in ("", "-wal", "-shm"):
                        Path(str(self.path) + suffix).unlink(missing_ok=True)
                if attempt:
                    self.db = None

    @staticmethod
    def _version(db: sqlite3.Connection) -> str | None:
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(
            """
            DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS busy; DROP TABLE IF EXISTS sources;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE events (
                name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, sha TEXT NOT NULL,
                start REAL NOT NULL, end REAL NOT NULL, data BLOB NOT NULL, proof BLOB NOT NULL);
            CREATE INDEX events_start ON events (start, end);
            CREATE TABLE sources (
                path TEXT PRIMARY KEY, person TEXT NOT NULL, window TEXT NOT NULL,
                size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER, sha TEXT NOT NULL);
            CREATE TABLE busy (path TEXT NOT NULL, person TEXT NOT NULL, start REAL NOT NULL, end REAL NOT NULL,
                title TEXT NOT NULL, uid TEXT NOT NULL);
            CREATE INDEX busy_path ON busy (path);
            CREATE INDEX busy_start ON busy (start);
            """
        )
        db.execute("INSERT INTO meta VALUES ('version', ?)", (CACHE_VERSION,))
        db.execute("INSERT INTO meta VALUES ('longest', '0')")

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection | None]:
        """A write transaction, or None when the cache cannot be written now."""
        if self.db is None:
            yield None
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            yield None
            return
        try:
            yield self.db
            self.db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    # --- records

    def kept_folder(self) -> tuple[int, int, int, int] | None:
        """The state of the data folder after the last full check, when it was kept."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'folder'").fetchone()
            return None if row is None else tuple(json.loads(row[0]))
        except (sqlite3.Error, ValueError, TypeError, RecursionError):
            return None

    def keep_folder(self, state: tuple[int, int, int, int] | None) -> None:
        """Keep the state of the data folder after a full check (None: trust nothing). Kept
        as it is, the cache is not written (a read of an unchanged folder writes nothing)."""
        if self.kept_folder() == state:
            return
        with self._write() as db:
            if db is not None:
                db.execute("DELETE FROM meta WHERE key = 'folder'")
                if state is not None:
                    db.execute("INSERT INTO meta VALUES ('folder', ?)", (json.dumps(list(state)),))

    def _meeting(self, columns: str, window: tuple[dt.datetime, dt.datetime]) -> list[Any]:
        """Rows of the events meeting ``window``, found by the index on start: an event that
        meets it starts before its end and no earlier than its start less the longest event."""
        assert self.db is not None
        row = self.db.execute("SELECT value FROM meta WHERE key = 'longest'").fetchone()
        longest = float(row[0]) if row is not None else float("inf")
        first, last = utc(window[0]).timestamp(), utc(window[1]).timestamp()
        return self.db.execute(f"SELECT {columns} FROM events WHERE start < ? AND start >= ? AND end > ?",  # noqa: S608 - fixed column lists
                               (last, first - longest, first)).fetchall()

    def window_rows(self, window: tuple[dt.datetime, dt.datetime]) -> list[tuple[Any, ...]] | None:
        """The records meeting ``window``, each as :data:`COLUMNS`; None when a row is of the
        wrong types (the caller reads the files)."""
        if self.db is None:
            return []
        try:
            rows = self._meeting(f"{COLUMNS}, {TYPED}", window)
        except (sqlite3.Error, ValueError):
            return []
        return [row[:-1] for row in rows] if all(row[-1] for row in rows) else None

    def rows(self) -> list[tuple[Any, ...]]:
        """Every cached record file of the right types, each as :data:`COLUMNS` (a row of the
        wrong types is as good as missing: its file is read again). Checked by SQLite, so that
        100,000 rows are not each made a :class:`Row` to be read once; in the table's order (in
        the order of their events, through the index, it took longer than the sort it saves)."""
        if self.db is None:
            return []
        try:
            return self.db.execute(f"SELECT {COLUMNS} FROM events WHERE {TYPED}").fetchall()  # noqa: S608 - fixed texts
        except sqlite3.Error:
            return []

    def known(self) -> dict[str, Row]:
        """Every cached record file by name, in one pass over the table."""
        if self.db is None:
            return {}
        try:
            rows = self.db.execute("SELECT name, size, mtime, ctime, ino, sha, start, end, data, proof FROM events").fetchall()
        except sqlite3.Error:
            return {}
        found = {}
        for name, size, mtime, ctime, ino, sha, start, end, data, proof in rows:
            row = Row((size, mtime, ctime, ino), sha, start, end, data, proof)
            if typed(row):  # a row of the wrong types is as good as missing: its file is read again
                found[name] = row
        return found

    def audit(self, backend: FolderBackend) -> list[str]:
        """Check every cached record against its file, reading each one (slow: for the doctor):
        drop each row whose proof fails, or whose file has another content hash though its
        status is the one the row was kept under. Returns the files of the rows dropped."""
        bad = []
        for name, row in sorted(self.known().items()):
            try:
                current = stat_key(backend.root / name)
                data = backend.read(name) if current == row.stat else None
            except (OSError, ItineraryError):
                continue
            if not row.proven() or (data is not None and digest(data) != row.sha):
                bad.append(name)
        if self.db is not None:
            try:
                names = {r[0] for r in self.db.execute("SELECT name FROM events").fetchall()}
            except sqlite3.Error:
                names = set()
            bad += sorted(names - set(self.known()) - set(bad))  # rows of the wrong types
        self.store_events([], [], bad)
        return bad

    def store_events(self, fresh: Sequence[tuple[str, Stat, str, Event | Encoded]], touched: Sequence[tuple[str, Stat]], gone: Sequence[str]) -> None:
        """Record parsed files (each with its event, or the event already as a row: see
        :data:`Encoded`), files whose stat changed but content did not, and removed files
        (nothing to record: the cache is not written)."""
        if not (fresh or touched or gone):
            return
        with self._write() as db:
            if db is None:
                return
            longest = [0.0]

            def rows() -> Iterator[tuple[object, ...]]:  # made one at a time: 100,000 rows never sit in memory together
                # in the order of the table's key (stable: a name given twice keeps its last):
                # 100,000 new rows go in with a third less work than in the folder's order
                for name, st, sha, e in sorted(fresh, key=itemgetter(0)):
                    if isinstance(e, tuple):
                        start, end, data = e
                    else:
                        start, end, data = utc(e.start).timestamp(), utc(e.end).timestamp(), event_to_row(e)
                    longest[0] = max(longest[0], end - start)
                    yield (name, *st, sha, start, end, data, row_proof(sha, start, end, data))

            db.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
            # the longest event ever cached bounds the window queries (kept, never lowered: always safe)
            db.execute("UPDATE meta SET value = MAX(CAST(value AS REAL), ?) WHERE key = 'longest'", (longest[0],))
            db.executemany("UPDATE events SET size = ?, mtime = ?, ctime = ?, ino = ? WHERE name = ?", [(*st, name) for name, st in touched])
            db.executemany("DELETE FROM events WHERE name = ?", [(name,) for name in gone])

    # --- busy calendars

    def busy_source(self, path: str) -> tuple[Stat, str, str] | None:
        """(stat key, content hash, window) of a cached busy calendar."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT size, mtime, ctime, ino, sha, window FROM sources WHERE path = ?", (path,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else ((row[0], row[1], row[2], row[3]), row[4], row[5])

    def busy(self, path: str, zone: str) -> list[Busy]:
        """The busy intervals cached for ``path``, times in ``zone``."""
        if self.db is None:
            return []
        tz = ZoneInfo(zone)
        try:
            rows = self.db.execute("SELECT person, start, end, title, uid FROM busy WHERE path = ? ORDER BY start", (path,)).fetchall()
        except sqlite3.Error:
            return []
        return [
            Busy(person, dt.datetime.fromtimestamp(start, tz), dt.datetime.fromtimestamp(end, tz), title, uid)
            for person, start, end, title, uid in rows
        ]

    def store_busy(self, path: str, person: str, window: str, st: Stat, sha: str, items: Iterable[Busy]) -> None:
        """Replace what is cached for the busy calendar ``path``."""
        with self._write() as db:
            if db is None:
                return
            db.execute("DELETE FROM busy WHERE path = ?", (path,))
            db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (path, person, window, *st, sha))
            db.executemany(
                "INSERT INTO busy VALUES (?, ?, ?, ?, ?, ?)",
                [(path, b.person, utc(b.start).timestamp(), utc(b.end).timestamp(), b.title, b.uid) for b in items],
            )

    def touch_busy(self, path: str, st: Stat) -> None:
        """A busy calendar whose stat changed but whose content did not."""
        with self._write() as db:
            if db is not None:
                db.execute("UPDATE sources SET size = ?, mtime = ?, ctime = ?, ino = ? WHERE path = ?", (*st, path))


def clear(data: Path) -> bool:
    """Delete the cache of the data folder ``data``; True when there was one."""
    path = cache_path(data)
    existed = path.exists()
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)
    return existed
