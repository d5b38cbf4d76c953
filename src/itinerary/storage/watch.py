"""Knowing cheaply when the records of a data folder changed, for a view that stays open.

Every change made through the library appends to the folder's journal, so the journal is a
change feed: a :class:`Watcher` looks at the status of a handful of files — the journal, the
visit, people and venues files and the folder itself — never at every record. When the journal
grew, it reads only the new whole lines and names the files of each change once the change is
closed (done or rolled back). What the journal cannot tell is answered by reading everything
again (through the cache, which parses only files whose content changed):

* the journal shrank or was replaced (repaired, restored from a copy);
* a top-level file changed, or a file appeared, vanished or was renamed in the folder, with
  no change of the journal open to explain it (a ``git pull``, a copy, an editor's save);
* the periodic full look is due (``full_every`` seconds), which also catches a record edited
  in place by hand; :meth:`Watcher.expect_full` asks for it at once.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from itinerary.core import journal, journalread
from itinerary.errors import StorageError
from itinerary.i18n import _
from itinerary.storage.store import SPECIAL_FILES

FULL_EVERY = 30.0
"""Seconds between two full looks at the records."""
MAX_FEED_BYTES = 64 * 1024 * 1024
"""Most of the journal's growth read in one look; beyond it, everything is read again."""

Status = tuple[int, int, int] | None
"""(size, mtime_ns, inode) of a file, or None when it does not exist."""


@dataclass(frozen=True)
class Seen:
    """One finished change the journal told about."""

    seq: int
    """Its number in the journal."""
    who: str
    """The officer who made it."""
    command: str
    """What was run, e.g. 'edit president-meeting'."""
    state: str
    """'done', or 'aborted' when it was rolled back."""


@dataclass(frozen=True)
class Signal:
    """What changed since the previous look."""

    files: frozenset[str] = frozenset()
    """Files that finished changes wrote (names relative to the folder)."""
    changes: tuple[Seen, ...] = ()
    """Those changes, oldest first."""
    full: bool = False
    """True when everything must be read again (see the module's description)."""
    reason: str = ""
    """Why everything must be read again."""


@dataclass
class _Open:
    """A change whose intent the journal holds and whose close it does not hold yet."""

    entry: journal.Entry
    files: frozenset[str] = field(default_factory=frozenset)


def _status(path: Path) -> Status:
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StorageError(_("cannot look at {path}: {reason}", path=path, reason=err.strerror)) from None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _read_from(path: Path, offset: int, size: int) -> bytes:
    """``size`` bytes of ``path`` from ``offset`` (never through a symbolic link)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return b""
    except OSError as err:
        reason = _("it is a symbolic link, which the data folder does not follow") if err.errno == errno.ELOOP else err.strerror
        raise StorageError(_("cannot read {path}: {reason}", path=path, reason=reason)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StorageError(_("cannot read {path}: {reason}", path=path, reason=_("not a regular file")))
        chunks = []
        while size > 0:
            chunk = os.pread(fd, min(size, 1024 * 1024), offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
            size -= len(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise StorageError(_("cannot read {path}: {reason}", path=path, reason=err.strerror)) from None
    finally:
        os.close(fd)


class Watcher:
    """Looks at a data folder for changes; make it before the first read of the records, so a
    change made in between is seen at the first look."""

    def __init__(self, root: Path, *, full_every: float = FULL_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.root = root
        self.full_every = full_every
        self._clock = clock
        self._journal = root / journal.JOURNAL_FILE
        self._tops = {name: _status(root / name) for name in SPECIAL_FILES}
        self._folder = _status(root)
        status = _status(self._journal)
        self._journal_status = status
        self._offset = status[0] if status else 0
        self._open: dict[int, _Open] = {}
        self._last_full = clock()
        self._full_asked = ""

    def expect_full(self, reason: str = "asked for") -> None:
        """Make the next look read everything again."""
        self._full_asked = reason

    def look(self) -> Signal | None:
        """What changed since the previous look; None when nothing did."""
        full = self._full_asked
        self._full_asked = ""
        files: set[str] = set()
        seen: list[Seen] = []
        journal_moved = False
        status = _status(self._journal)
        old = self._journal_status
        if status != old:
            journal_moved = True
            self._journal_status = status
            if status is None or (old is not None and status[2] != old[2]) or status[0] < self._offset:
                full = full or "the journal was replaced or cut"
                self._offset = status[0] if status else 0
                self._open.clear()
            elif status[0] - self._offset > MAX_FEED_BYTES:
                full = full or "the journal grew by more than can be followed"
                self._offset = status[0]
                self._open.clear()
            elif status[0] > self._offset:
                try:
                    full = self._follow(status[0], files, seen) or full
                except StorageError:
                    self._journal_status = old  # look again next time, and say it again
                    raise
        tops = {name: _status(self.root / name) for name in SPECIAL_FILES}
        if tops != self._tops:
            self._tops = tops
            full = full or "the visit, people or venues changed"
        folder = _status(self.root)
        if folder != self._folder:
            self._folder = folder
            if folder is None:
                full = full or "the data folder is gone"
            elif not journal_moved and not self._open:
                full = full or "a file of the folder was added, removed or replaced"
        if not full and self._clock() - self._last_full >= self.full_every:
            full = "the periodic full look"
        if full:
            self._last_full = self._clock()
        if not full and not files and not seen:
            return None
        return Signal(frozenset(files), tuple(seen), bool(full), full)

    def _follow(self, end: int, files: set[str], seen: list[Seen]) -> str:
        """Read the journal's new whole lines; returns why everything must be read again, if so."""
        data = _read_from(self._journal, self._offset, end - self._offset)
        whole = data[: max(data.rfind(b"\n"), data.rfind(b"\r")) + 1]  # a line still being written: at the next look
        self._offset += len(whole)
        entries, closed = journalread.feed(whole)
        for entry in entries:
            names = frozenset(c.file for c in entry.changes)
            if entry.state == journal.DONE:  # a line of the first format: finished when written
                files.update(names)
                seen.append(Seen(entry.seq, entry.who, entry.command, journal.DONE))
            else:
                self._open[entry.seq] = _Open(entry, names)
        unknown = False
        for seq, state in closed.items():
            found = self._open.pop(seq, None)
            if found is None:
                unknown = True  # closes a change that began before this watcher looked
                continue
            files.update(found.files)
            seen.append(Seen(seq, found.entry.who, found.entry.command, state))
        return "a change began before the board looked" if unknown else ""
