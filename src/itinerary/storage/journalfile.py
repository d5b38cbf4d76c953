"""The journal on disk: written ahead of every change, and repaired after a crash.

:mod:`itinerary.core.journal` says what the lines mean; this module appends them (every byte
checked, fsynced), reads them, and — under the folder's lock — finishes what a crash left: a
torn last line is cut off, and a change whose intent has no done line is rolled back, file by
file, to its "before" texts, then closed with an aborted line. Rolling back twice (a crash
during the repair) does no harm.
"""

from __future__ import annotations

from itinerary.core import journal
from itinerary.core.journal import ABORTED, DONE, Entry, Journal
from itinerary.errors import InvalidData
from itinerary.storage.backend import Backend

TAIL_BYTES = 4096
"""How much of the journal's end a reading command looks at to know all is finished."""
MAX_JOURNAL_BYTES = 1024 * 1024 * 1024
"""Largest journal read (a journal grows with every change; archive it long before this)."""


def is_settled(backend: Backend) -> bool:
    """True when the journal ends with a finished change (cheap: reads only its end)."""
    clean = journal.tail_is_clean(backend.read_tail(journal.JOURNAL_FILE, TAIL_BYTES))
    if clean is None:
        loaded = load(backend)
        return loaded.torn_at is None and loaded.unfinished is None
    return clean


def load(backend: Backend) -> Journal:
    """The journal as it is on disk."""
    data = backend.read(journal.JOURNAL_FILE, limit=MAX_JOURNAL_BYTES) or b""
    return journal.parse(data, backend.describe(journal.JOURNAL_FILE))


def begin(backend: Backend, entry: Entry) -> None:
    """Record ``entry``'s intent durably, before any of its files is written."""
    backend.append(journal.JOURNAL_FILE, journal.intent_line(entry))


def finish(backend: Backend, seq: int, state: str = DONE) -> None:
    """Close entry ``seq``: its files are all written ('done') or all restored ('aborted')."""
    backend.append(journal.JOURNAL_FILE, journal.marker_line(seq, state))


def roll_back(backend: Backend, entry: Entry) -> None:
    """Restore every file ``entry`` changed to its text before, newest change first (made
    durable once at the end, before the change is marked aborted)."""
    for change in reversed(entry.changes):
        before = None if change.before is None else change.before.encode("utf-8")
        if backend.read(change.file) == before:
            continue
        if before is None:
            backend.delete(change.file, durable=False)
        else:
            backend.write(change.file, before, durable=False)
    backend.sync()


def next_seq(backend: Backend) -> int:
    """The seq a new entry takes: one more than the highest any entry has (a journal merged
    from two copies need not end with its highest), found without parsing the entries."""
    data = backend.read(journal.JOURNAL_FILE, limit=MAX_JOURNAL_BYTES) or b""
    return journal.highest_seq(data) + 1


def settle(backend: Backend) -> list[str]:
    """Under the lock: repair a torn tail and roll back an interrupted change. Returns what
    was done, for the officer (empty when the journal was in order). Only the last entry can be
    unfinished (each change settles the journal before it begins), so a journal whose end is
    in order is not read further."""
    if journal.tail_is_clean(backend.read_tail(journal.JOURNAL_FILE, TAIL_BYTES)) is True:
        return []
    loaded = load(backend)
    done = []
    if loaded.torn_at is not None:
        backend.truncate(journal.JOURNAL_FILE, loaded.torn_at)
        done.append("cut off a journal line that a crash left half written")
    for entry in loaded.entries:
        if entry.state == journal.OPEN:
            roll_back(backend, entry)
            finish(backend, entry.seq, ABORTED)
            names = ", ".join(c.subject for c in entry.changes[:5]) + (" …" if len(entry.changes) > 5 else "")
            done.append(f"rolled back change #{entry.seq} ({entry.command}) that was interrupted: {names}")
    return done


def text_of(data: bytes | None, source: str) -> str | None:
    """A file's bytes as journal text (every file the journal holds is UTF-8)."""
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidData("not UTF-8 text; it cannot be changed by a command", source=source) from None
