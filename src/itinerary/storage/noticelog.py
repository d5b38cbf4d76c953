"""The send log of revision notices on disk (``notices/log.jsonl``), and the lock that lets one
run send at a time.

Each step is appended and made durable (``fsync``) before the next one is taken — the order is
the whole guarantee (:mod:`itinerary.core.notice`). The log is never rewritten, and it is not a
record: an undo reverts records, never what was sent. Sending holds its own lock
(``notices/.lock``), not the folder's, so colleagues keep changing the records while mail goes
out; a second run waits a few seconds for it, then stops with exit code 6.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator

from itinerary.core.notice import Logged
from itinerary.errors import StorageError
from itinerary.formats.noticelog import LOG_FILE, line, parse
from itinerary.i18n import _
from itinerary.storage.backend import Backend, FolderBackend

MAX_LOG_BYTES = 64 * 1024 * 1024
"""Largest send log read."""
LOCK_NAME = "notices/.lock"
"""The lock one sending run holds."""
LOCK_WAIT = 5.0
"""Seconds a run waits for another one to finish before it gives up."""


class SendLog:
    """The send log of one data folder."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.damaged: list[str] = []
        """What was wrong with lines the last read skipped."""

    def read(self) -> list[Logged]:
        """Every intact entry, oldest first."""
        data = self.backend.read(LOG_FILE, limit=MAX_LOG_BYTES) or b""
        entries, self.damaged = parse(data, self.backend.describe(LOG_FILE))
        return entries

    def append(self, entry: Logged) -> None:
        """Add ``entry`` and make it durable before returning. A last line a crash cut short
        (it never counted) is cut off first."""
        data = self.backend.read(LOG_FILE, limit=MAX_LOG_BYTES)
        if data is None:
            self.backend.write(LOG_FILE, b"")  # made with its folder, durably, before the first line
        elif data and not data.endswith(b"\n"):
            self.backend.truncate(LOG_FILE, data.rfind(b"\n") + 1)
        self.backend.append(LOG_FILE, line(entry))

    @contextlib.contextmanager
    def locked(self, *, wait: float | None = None) -> Iterator[None]:
        """Held while a run sends: one run at a time per data folder (another run waits
        :data:`LOCK_WAIT` seconds for it)."""
        if not isinstance(self.backend, FolderBackend):
            yield
            return
        import filelock

        path = self.backend.root / LOCK_NAME
        try:
            path.parent.mkdir(exist_ok=True)
            if not stat.S_ISDIR(os.lstat(path.parent).st_mode):
                raise StorageError(_("{path} is not a folder (a symbolic link?); remove it", path=path.parent))
            if path.is_symlink():
                raise StorageError(_("{path} is a symbolic link, which the data folder does not follow; remove it", path=path))
        except OSError as err:
            raise StorageError(_("cannot lock {path}: {reason}", path=path, reason=err.strerror)) from None
        try:
            with filelock.FileLock(path, timeout=LOCK_WAIT if wait is None else wait):
                yield
        except filelock.Timeout:
            raise StorageError(_("another `itinerary notify` is sending for {folder}; let it finish, then run it again", folder=self.backend.root)) from None
        except OSError as err:
            raise StorageError(_("cannot lock {path}: {reason}", path=path, reason=err.strerror)) from None
