"""Writing the files of one large change: on two threads, where the disk's own work can overlap.

Creating a record's file is mostly the system's work (a new inode, a name in the folder), and
on some file systems that work is slow and uneven: ext4 without a journal passes over the
inodes freed in the last minutes for every new one, so 5,000 new records took from 0.2 s to
2.5 s of system time on the same disk within the hour. The system does that work with the
interpreter's lock released, so two threads writing alternate files of the change do it on two
cores at once (measured: 1.75–2.1 s → 1.1–1.3 s on a slow minute; 0.16 → 0.11 s on a quick one).

Nothing else changes: the files are the same, the change is journaled before (its roll-back
restores each file by its own content, whatever order the files were written in), and the
folder is synced once after. When one write fails the other thread stops at its next file,
both are waited for, and the failure is raised as it would have been on one thread — so the
roll-back never races a write still under way; so does Ctrl-C, pressed once or again during
that wait (it is raised once both have stopped). Only a :class:`FolderBackend` is written so;
a change of fewer than :data:`FROM` files is written in order on the calling thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.storage.backend import Backend, FolderBackend
from itinerary.storage.snapshot import Write

FROM = 200
"""Files from which a change is written on :data:`THREADS` threads (below, starting them costs
more than the overlap gains)."""
THREADS = 2
POLL = 0.1
"""Seconds between two reports of progress while the threads write."""
WAIT = 0.01
"""Seconds between two looks of the calling thread at whether the threads have ended."""

Progress = Callable[[str, int, int], None]


def write_files(backend: Backend, writes: Sequence[Write], *, durable: bool, progress: Progress | None = None) -> None:
    """Write (or delete) every file of ``writes`` (see the module's description); the first
    failure is raised once nothing is being written any more."""
    if len(writes) < FROM or not isinstance(backend, FolderBackend):
        for n, write in enumerate(writes):
            if progress is not None and n % 100 == 0:
                progress(_("Writing records"), n, len(writes))
            _one(backend, write, durable)
        return
    # plain flags rather than Thread.join or an Event's wait: Ctrl-C interrupts those waits, and
    # Python 3.11 takes a thread whose join was interrupted for ended (its next join returns at
    # once), so the roll-back would race the write under way. Reading a flag cannot be broken.
    stop = [False]
    begun = [False] * THREADS
    ended = [False] * THREADS
    failures: list[tuple[int, BaseException]] = []
    done = [0] * THREADS

    def work(k: int) -> None:
        begun[k] = True  # before the first look at stop: one not begun when stop is set writes nothing
        try:
            for n in range(k, len(writes), THREADS):
                if stop[0]:
                    return
                try:
                    _one(backend, writes[n], durable)
                except BaseException as err:  # noqa: BLE001 - raised by the calling thread, below
                    failures.append((n, err))
                    stop[0] = True
                    return
                done[k] += 1
        finally:
            ended[k] = True

    threads: list[threading.Thread] = []
    try:
        for k in range(THREADS):
            threads.append(threading.Thread(target=work, args=(k,), name=f"itinerary-write-{k}", daemon=True))
            threads[-1].start()  # one that cannot start is raised, once the started ones stop
        told = time.monotonic()
        while not all(ended):
            time.sleep(WAIT)
            if progress is not None and time.monotonic() - told >= POLL:
                progress(_("Writing records"), sum(done), len(writes))
                told = time.monotonic()
        if progress is not None:
            progress(_("Writing records"), sum(done), len(writes))
    finally:  # an interrupt of the calling thread stops the others at their next file, and waits
        stop[0] = True
        _wait(begun, ended)
    for thread in threads:
        thread.join()  # every write has ended: only the thread's own end is waited for
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]


def _wait(begun: list[bool], ended: list[bool]) -> None:
    """Until every thread that has begun has ended; a Ctrl-C meanwhile is raised after (a
    writer stops at its next file: the wait is that of one file)."""
    interrupted: KeyboardInterrupt | None = None
    for k in range(len(begun)):
        while begun[k] and not ended[k]:
            try:
                time.sleep(WAIT)
            except KeyboardInterrupt as err:
                interrupted = err
    if interrupted is not None:
        raise interrupted


def _one(backend: Backend, write: Write, durable: bool) -> None:
    if write.data is None:
        backend.delete(write.file, durable=durable)
        return
    try:
        backend.write(write.file, write.data, create=write.create, durable=durable)
    except FileExistsError:  # made meanwhile by a program that does not take the folder's lock
        raise Refused(write.file, _("{path} already exists", path=backend.describe(write.file))) from None


class Refused(InvalidData):
    """A new record's file that another program made while the change was written: never
    overwritten, and not the change's to put back when it is rolled back."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(message, field="id")
        self.file = file
