"""Reading the event records of a folder through its cache: every file checked, or — for a
window of time on a folder that has not changed — only the files of that window.

**Every file checked** (every read of the whole programme: check, show, export, every change):
the folder is listed and each record file's size, modification time, change time and inode are
compared with the cache's; a file that differs is read and hashed again, and parsed again when
its content changed. Nothing can change a record without changing one of those four.

**A window on a quiet folder** (a day view, `timeline --day`): adding, removing or renaming a
file in a folder changes the folder itself (its modification time, change time and link
count). After each full check the cache keeps the folder's state — only when the folder had
been still for :data:`QUIET` seconds, so a change made within the same tick of the clock can
never hide. When the folder is as kept, no file was added, removed or renamed since (an editor
that saves under a new name, `git`, `cp` of a new file, `rsync`, `sed -i` and every change of
itinerary itself all rename or link into the folder), and the window reads only the files the
cache places in it, each checked as above. A record rewritten *in place* by another program
(no new name) is checked whenever it is in the window read, and otherwise found by the next
read of the whole programme; a change of the folder always means a full check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Generator, Iterator
from pathlib import Path

from itinerary.formats import codec
from itinerary.model import Event, utc
from itinerary.storage.backend import FolderBackend
from itinerary.storage.cache import (
    UNCHECKED,
    Cache,
    Encoded,
    Row,
    Stat,
    digest,
    event_from_row,
    row_proof,
    scan,
    stat_key,
)
from itinerary.storage.parallel import FAILED, Result, read_all, workers

QUIET = 2.0
"""Seconds a folder must have been unchanged before its state is trusted (clock ticks are coarse)."""
Window = tuple[dt.datetime, dt.datetime]
Folder = tuple[int, int, int, int]
"""(mtime_ns, ctime_ns, inode, link count) of a data folder."""


def folder_state(root: Path) -> Folder | None:
    """What changes whenever a file is added to, removed from or renamed in ``root``."""
    try:
        st = os.stat(root, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_nlink)


def _meets(event: Event, window: Window) -> bool:
    return utc(event.start) < utc(window[1]) and utc(event.end) > utc(window[0])


def read_records(cache: Cache, backend: FolderBackend, skip: tuple[str, ...], window: Window | None) -> tuple[list[Event], dict[str, str]] | None:
    """The events of the folder (with ``window``, those meeting it) and the content hash of each
    record file read, through ``cache``; None when the cache cannot be used now."""
    if cache.db is None:
        return None
    root = backend.root
    if window is not None:
        quick = _window_of_quiet_folder(cache, backend, window)
        if quick is not None:
            return quick
    before = folder_state(root)
    stats = scan(root, skip)
    shas: dict[str, str] = {}
    fresh: list[tuple[str, Stat, str, Event | Encoded]] = []
    touched: list[tuple[str, Stat]] = []
    events: list[Event] = []
    now = time.time_ns()
    pending: dict[str, Row | None] = {}
    """Cached files to read again, each with its row (None: a row that is not what was written for its file)."""
    gone: list[str] = []
    first, last = (window[0].timestamp(), window[1].timestamp()) if window is not None else (0.0, 0.0)
    for name, size, mtime, ctime, ino, sha, start, end, data, proof in cache.rows():
        st = stats.get(name)
        if st is None:
            gone.append(name)
            continue
        if row_proof(sha, start, end, data) != proof:
            pending[name] = None  # a row that is not what was written for its file: read the file
            continue
        if st == (size, mtime, ctime, ino):
            if window is not None and not (start < last and end > first):
                shas[name] = sha
                continue
            event = _decoded(data)
            if event is not None:
                shas[name] = sha
                events.append(event)
                continue
        pending[name] = Row((size, mtime, ctime, ino), sha, start, end, data, proof)
    todo = [(name, st, pending.get(name)) for name, st in stats.items() if name not in shas]  # in the folder's order
    processes = workers(len(todo))
    found = read_all(root, [(name, c.sha if c else None) for name, _, c in todo], processes) if processes else _unread(len(todo))
    with contextlib.closing(found):  # a bad record stops the read here: the workers are stopped here too, not by a collector
        _take(backend, todo, found, now, window, shas, fresh, touched, events)
    cache.store_events(fresh, touched, gone)
    after = folder_state(root)
    quiet = after is not None and time.time() - after[0] / 1e9 >= QUIET
    cache.keep_folder(after if before == after and quiet else None)
    return events, shas


def _unread(count: int) -> Generator[Result, None, None]:
    """``count`` results to be read in this process."""
    yield from [FAILED] * count


def _take(backend: FolderBackend, todo: list[tuple[str, Stat, Row | None]], found: Iterator[Result], now: int,
          window: Window | None, shas: dict[str, str], fresh: list[tuple[str, Stat, str, Event | Encoded]],
          touched: list[tuple[str, Stat]], events: list[Event]) -> None:
    """Take in what the workers read of each file of ``todo``, reading here what they could not."""
    first, last = (window[0].timestamp(), window[1].timestamp()) if window is not None else (0.0, 0.0)
    for (name, st, cached), result in zip(todo, found, strict=True):
        kept = _settled(st, now)  # a status within the clock's last tick may not tell a later change
        if isinstance(result, str):  # read here: one file at a time, or what a worker could not
            _read_one(backend, name, kept, cached, window, shas, fresh, touched, events)
        elif result is not None:  # (None: removed while we were reading)
            sha, row = result
            shas[name] = sha
            if row is None:  # the content the cache holds: no need to parse
                _read_one(backend, name, kept, cached, window, shas, fresh, touched, events, sha=sha)
            else:
                fresh.append((name, kept, sha, row))
                if window is None or (row[0] < last and row[1] > first):
                    events.append(event_from_row(row[2]))


def _read_one(backend: FolderBackend, name: str, kept: Stat, cached: Row | None, window: Window | None, shas: dict[str, str],
              fresh: list[tuple[str, Stat, str, Event | Encoded]], touched: list[tuple[str, Stat]], events: list[Event],
              *, sha: str | None = None) -> None:
    """Read the record file ``name`` (whose content hash is ``sha`` when a worker read it)."""
    data = None
    if sha is None:
        data = backend.read(name, limit=codec.MAX_RECORD_BYTES)
        if data is None:  # removed while we were reading
            return
        shas[name] = sha = digest(data)
    if cached is not None and cached.sha == sha:  # touched or copied, same content: no need to parse
        wanted = cached.meets(window)
        event = _decoded(cached.data) if wanted else None
        if not wanted or event is not None:
            touched.append((name, kept))
            if event is not None:
                events.append(event)
            return
    if data is None:
        data = backend.read(name, limit=codec.MAX_RECORD_BYTES)
        if data is None:
            shas.pop(name, None)
            return
        shas[name] = sha = digest(data)
    event = codec.loads_event(data, backend.describe(name))
    fresh.append((name, kept, sha, event))
    if window is None or _meets(event, window):
        events.append(event)


def _settled(st: Stat, now_ns: int) -> Stat:
    """``st``, or :data:`UNCHECKED` when the file changed less than :data:`QUIET` seconds ago: a
    change made within the same tick of the clock, without a change of size, would leave the
    same status, so the next read reads and hashes the file again (as git does with a racily
    clean index)."""
    return UNCHECKED if now_ns - max(st[1], st[2]) < QUIET * 1e9 else st


def _decoded(data: bytes) -> Event | None:
    """The event of a cached row's data; None when the row is damaged in any way (its file is
    parsed again: a cache is never a reason to fail)."""
    try:
        return event_from_row(data)
    except Exception:  # noqa: BLE001 - whatever a damaged row raises, the file itself is the answer
        return None


def _window_of_quiet_folder(cache: Cache, backend: FolderBackend, window: Window) -> tuple[list[Event], dict[str, str]] | None:
    """The window's events when the folder is as the cache kept it and each file of the window
    is unchanged and its row proven; None (read everything) otherwise."""
    kept = cache.kept_folder()
    if kept is None or folder_state(backend.root) != kept:
        return None
    rows = cache.window_rows(window)
    if rows is None:
        return None
    events, shas = [], {}
    root = str(backend.root)
    for name, size, mtime, ctime, ino, sha, start, end, data, proof in rows:
        try:
            if stat_key(os.path.join(root, name)) != (size, mtime, ctime, ino):
                return None
        except OSError:
            return None
        event = _decoded(data) if row_proof(sha, start, end, data) == proof else None
        if event is None:  # a damaged row: read everything
            return None
        events.append(event)
        shas[name] = sha
    return events, shas
