"""The locks a change holds, always taken in one order: an office's folder first, then its visits
by folder name.

A change of one visit of an office reads the office's other visits (their events are the same
people's commitments), and a change of the office's directory is checked in every visit: each
holds the lock of every folder it reads, so no colleague can change one of them between the
check and the write. Taken in the same order by every change, two changes never each hold a lock
the other waits for; all the locks of one change are waited for within one deadline, and a
change that cannot have them all in time stops with exit code 6, naming the folder.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from itinerary.errors import StorageError
from itinerary.i18n import _
from itinerary.storage.backend import LOCK_TIMEOUT, LockTimeout

if TYPE_CHECKING:
    from itinerary.storage.store import Store


def same_folder(a: Store, b: Store) -> bool:
    """True when two stores are the same folder on disk."""
    return a.root is not None and b.root is not None and os.path.realpath(a.root) == os.path.realpath(b.root)


@contextlib.contextmanager
def in_order(stores: Sequence[Store], *, timeout: float | None = None) -> Iterator[None]:
    """The lock of each of ``stores``, taken in the order given (the office's, then its visits by
    folder name), all within ``timeout`` seconds (default :data:`LOCK_TIMEOUT`); released in the
    reverse order."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    with contextlib.ExitStack() as held:
        for store in stores:
            try:
                held.enter_context(store.locked(timeout=max(0.0, deadline - time.monotonic())))
            except LockTimeout as err:
                raise StorageError(_("{root} is locked by another change: waited {seconds:.0f} s for the folders this change must read "
                                     "({n}, taken in order); nothing was written, try again", root=err.root, seconds=timeout, n=len(stores))) from None
        yield


@contextlib.contextmanager
def office_change(store: Store) -> Iterator[list[Store]]:
    """The locks a change of ``store`` holds, and the office's other visits it may read (each
    locked, and seeing the locked office):

    * a visit of its own: its folder alone;
    * a visit of an office: the office, then every visit of the office — this one in its place;
    * an office (its shared directory): the office, then every visit.
    """
    office = store.office
    if office is not None:
        visits = [store if same_folder(v, store) else v for v in office.visits()]
        if not any(v is store for v in visits):
            visits.append(store)  # a folder the office does not list as a visit: no other change reads it
        with in_order([office, *visits]):
            yield [v for v in visits if v is not store]
    elif store.root is not None and store.is_office:
        visits = store.visits()
        with in_order([store, *visits]):
            yield visits
    else:
        with store.locked():
            yield []
