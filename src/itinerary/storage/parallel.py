"""Reading many record files on every core: what a cold read of a large folder spends its time on.

Parsing and checking a record takes tens of microseconds of CPU; a folder of 100,000 records
read for the first time (a cleared cache, a new clone) takes seconds on one core. From
:data:`PARALLEL_FROM` files on, and where a process can be forked (Linux, with no other thread
running), worker processes read, hash, parse and check the files, each returning the event
as the cache keeps it (:data:`~itinerary.storage.cacherows.Encoded`), in the order asked; the
reading process decodes only the events it needs and writes the cache meanwhile.

A worker never says why a file is wrong: it answers :data:`FAILED`, and the reading process
reads that file itself, so the error (or the file, changed since) is exactly what a read on
one core finds. A pool that cannot be started, or that breaks, leaves the rest to that
process too. Nothing here writes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Sequence
from pathlib import Path

from itinerary.formats import codec
from itinerary.storage.backend import FolderBackend
from itinerary.storage.cacherows import Encoded, digest, encoded

PARALLEL_FROM = 1000
"""Files to read from which worker processes are started (below, starting them costs more)."""
CHUNK = 250
"""Files a worker reads per task."""
FAILED = "failed"
"""A file a worker could not read or parse: the reading process reads it itself."""
Result = tuple[str, Encoded | None] | str | None
"""What a worker found of one file: (content hash, the event encoded — None when the content
is the hash the cache already holds), None when the file is gone, or :data:`FAILED`."""


def workers(count: int) -> int:
    """How many worker processes to read ``count`` files with: 0 (read them here) below
    :data:`PARALLEL_FROM`, on one core, or where forking is not safe."""
    if count < PARALLEL_FROM or sys.platform != "linux":
        return 0
    import threading

    if threading.active_count() > 1:  # forking a process with threads may copy a held lock
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, 8) if cores > 1 else 0


def _read(root: Path, items: Sequence[tuple[str, str | None]]) -> list[Result]:
    """In a worker: each file of ``items`` (name, the content hash the cache holds for it)."""
    backend = FolderBackend(root)
    out: list[Result] = []
    for name, known in items:
        try:
            data = backend.read(name, limit=codec.MAX_RECORD_BYTES)
            if data is None:
                out.append(None)
                continue
            sha = digest(data)
            out.append((sha, None if sha == known else encoded(codec.loads_event(data, backend.describe(name)))))
        except Exception:  # noqa: BLE001 - the reading process reads it again and says what is wrong
            out.append(FAILED)
    return out


def read_all(root: Path, items: Sequence[tuple[str, str | None]], processes: int) -> Generator[Result, None, None]:
    """What :func:`_read` finds of each of ``items``, in their order, read by ``processes``
    worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    done = 0
    try:
        pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ValueError):
        yield from [FAILED] * len(items)
        return
    try:
        for found in pool.map(_read, [root] * len(chunks), chunks):
            done += len(found)
            yield from found
    except Exception:  # noqa: BLE001 - a broken pool (a worker killed): the rest is read here
        yield from [FAILED] * (len(items) - done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
