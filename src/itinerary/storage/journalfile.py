"""The journal on disk: written ahead of every change, and repaired — only as far as it is proven.

:mod:`itinerary.core.journal` says what the lines mean and :mod:`itinerary.core.recovery` what an
unfinished change means; this module appends the lines (every byte checked, fsynced), reads
them, and — under the folder's lock — repairs what a crash or a damaged file left:

* bytes at the journal's end that are not a whole line (a write cut short) are moved to
  ``journal.quarantine`` (kept, never lost) and the journal ends again with its last whole
  line; a last line that only lost its line end gets one back;
* a change that was interrupted — it named itself in ``.journal-open`` before it began, and
  nothing follows its intent — is rolled back where each file holds exactly its "after" bytes;
* a change whose close line was lost is closed as what its files show it became;
* anything else is a conflict: nothing is written, and it is reported until an officer decides
  (``itinerary doctor --keep``).

Every repair appends a line that says what it did, when and by whom, and is returned for the
officer. Rolling back twice (a crash during the repair) does no harm.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from itinerary.core import journal, journalread
from itinerary.core.journal import ABORTED, DONE, Entry
from itinerary.core.journalread import Journal
from itinerary.errors import InvalidData
from itinerary.i18n import N_, _
from itinerary.storage.backend import Backend

if TYPE_CHECKING:  # what an unfinished change means is read only when there is one
    from itinerary.core.recovery import Outcome, Pending

TAIL_BYTES = 4096
"""How much of the journal's end a reading command looks at to know all is finished."""
MAX_JOURNAL_BYTES = 1024 * 1024 * 1024
"""Largest journal read (a journal grows with every change; archive it long before this)."""
PENDING_FILE = ".journal-open"
"""Names the change in progress (its seq and the checksum of its intent line) from before its
intent is written until it is closed: what tells an interrupted change from a lost close line."""
QUARANTINE_FILE = "journal.quarantine"
"""Where bytes set aside from the journal's end are kept."""


@dataclass
class Settlement:
    """What a look at the journal found and did."""

    repairs: list[str] = field(default_factory=list)
    """What was repaired (or, when the folder could not be written, what would have been)."""
    conflicts: list[Outcome] = field(default_factory=list)
    """Unfinished changes left alone: their files hold something else than they should."""
    journal: Journal | None = None
    """The journal as it was read, when it was read whole."""
    verdicts: dict[int, str] = field(default_factory=dict)
    """What each unfinished change was found to be, by seq ('rollback', 'done', 'aborted', 'conflict')."""


def pending(backend: Backend) -> Pending | None:
    """The change in progress, as it named itself (None when none did, or the note is unreadable)."""
    try:
        data = backend.read(PENDING_FILE, limit=4096)
        if data is None:
            return None
        doc = json.loads(data)
        from itinerary.core.recovery import Pending

        return Pending(int(doc["seq"]), str(doc["sum"]))
    except (InvalidData, ValueError, KeyError, TypeError, RecursionError):
        return None


def is_settled(backend: Backend) -> bool:
    """True when no change is in progress or was interrupted, and the journal ends with a whole
    line that closes an entry or records a repair (cheap: reads only the journal's end)."""
    if backend.read(PENDING_FILE, limit=4096) is not None:
        return False
    tail = backend.read_tail(journal.JOURNAL_FILE, TAIL_BYTES)
    clean = journalread.tail_is_clean(tail, whole=len(tail) < TAIL_BYTES)
    if clean is None:
        loaded = load(backend)
        return loaded.torn_at is None and not loaded.unterminated and not loaded.unfinished and loaded.last_kind != "damaged"
    return clean


def load(backend: Backend) -> Journal:
    """The journal as it is on disk."""
    data = backend.read(journal.JOURNAL_FILE, limit=MAX_JOURNAL_BYTES) or b""
    return journalread.parse(data, backend.describe(journal.JOURNAL_FILE))


def resolved(backend: Backend, dry: Settlement | None = None) -> tuple[Journal, list[Outcome]]:
    """The journal as it is on disk, with each change whose close line was lost, and which is
    not the last, taken as what its files show it became (only in what is returned: recording
    it is a repair, made under the lock). The last entry is left open: it is the change in
    progress, or one whose repair was refused. ``dry`` is what a look at a folder that cannot be
    written found: its verdicts are taken too. Returns the journal and the changes in conflict
    among those read."""
    note = pending(backend)
    loaded = load(backend)
    unfinished = [e for e in loaded.unfinished if not loaded.is_last(e)]
    verdicts = {} if dry is None or dry.journal is None else dict(dry.verdicts)
    conflicts = []
    if unfinished:
        from itinerary.core.recovery import CONFLICT, assess

        outcomes = [o for o in assess(loaded, note, backend.read) if not loaded.is_last(o.entry)]
        verdicts |= {o.entry.seq: o.verdict for o in outcomes}
        conflicts = [o for o in outcomes if o.verdict == CONFLICT]
    if verdicts:
        loaded.entries = [
            Entry(e.seq, e.when, e.who, e.command, e.changes, e.undoes, e.redoes, verdicts[e.seq])
            if e.state == journal.OPEN and verdicts.get(e.seq) in (DONE, ABORTED) else e
            for e in loaded.entries
        ]
    return loaded, conflicts


def begin(backend: Backend, entry: Entry) -> None:
    """Name the change in progress, then record ``entry``'s intent durably, before any of its
    files is written. (The note needs no sync of its own: the sync of the first file written
    makes the folder's names durable, the note's among them; a note that is lost or torn only
    makes the next command read the change's files as evidence instead of rolling it back.)"""
    line = journal.intent_line(entry)
    note = json.dumps({"seq": entry.seq, "sum": journal.line_sum(line)}).encode("ascii")
    backend.delete(PENDING_FILE, durable=False)
    backend.append(PENDING_FILE, note, durable=False)
    backend.append(journal.JOURNAL_FILE, line)


def finish(backend: Backend, seq: int, state: str = DONE, **notes: object) -> None:
    """Close entry ``seq``: its files are all written ('done') or all restored ('aborted')."""
    backend.append(journal.JOURNAL_FILE, journal.marker_line(seq, state, **notes))
    backend.delete(PENDING_FILE, durable=False)


def roll_back(backend: Backend, entry: Entry) -> list[str]:
    """Restore every file ``entry`` changed that holds exactly its "after" bytes to its text
    before, newest change first (made durable once at the end). Returns the files that hold
    something else: they are left as they are."""
    left = []
    for change in reversed(entry.changes):
        data = backend.read(change.file)
        if change.holds(data, "before"):
            continue
        if not change.holds(data, "after"):
            left.append(change.file)
            continue
        _restore(backend, change)
    backend.sync()
    return left


def _restore(backend: Backend, change: journal.Change) -> None:
    if change.before is None:
        backend.delete(change.file, durable=False)
    else:
        backend.write(change.file, change.before.encode("utf-8"), durable=False)


def next_seq(backend: Backend) -> int:
    """The seq a new entry takes: one more than the highest any entry has (a journal merged
    from two copies need not end with its highest), found without parsing the entries."""
    data = backend.read(journal.JOURNAL_FILE, limit=MAX_JOURNAL_BYTES) or b""
    return journalread.highest_seq(data) + 1


def _notes(who: str) -> dict[str, object]:
    return {"when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), "who": who or "unknown"}


def settle(backend: Backend, *, who: str = "", whole: bool = False, dry: bool = False, keep: bool = False) -> Settlement:
    """Under the lock: repair what is proven (see the module's description) and return what was
    done. Without ``whole``, a journal whose end is settled is not read further; with ``dry``,
    nothing is written (the folder cannot be: what would be done is returned); with ``keep``,
    unfinished changes in conflict are closed, every file kept as it is."""
    note = pending(backend)
    if not whole and note is None and is_settled(backend):
        return Settlement()
    from itinerary.core.recovery import CONFLICT, ROLLBACK, assess

    if note is None and backend.read(PENDING_FILE, limit=4096) is not None and not dry:
        backend.delete(PENDING_FILE, durable=False)  # unreadable: it proves nothing
    data = backend.read(journal.JOURNAL_FILE, limit=MAX_JOURNAL_BYTES) or b""
    loaded = journalread.parse(data, backend.describe(journal.JOURNAL_FILE))
    out = Settlement(journal=loaded)
    notes = _notes(who)
    if loaded.torn_at is not None:
        torn = data[loaded.torn_at:]
        what = journal.worded(N_("set aside {n} bytes at the journal's end that were not a whole line (a write cut short); "
                                 "they are kept in {file}"), n=len(torn), file=QUARANTINE_FILE)
        if not dry:
            header = f"# {notes['when']}: {len(torn)} bytes from byte {loaded.torn_at} of {journal.JOURNAL_FILE}\n".encode()
            backend.append(QUARANTINE_FILE, header + torn + b"\n")
            backend.truncate(journal.JOURNAL_FILE, loaded.torn_at)
            backend.append(journal.JOURNAL_FILE, journal.repair_line(what.english, **notes))
        out.repairs.append(what.said)
    elif loaded.unterminated:
        what = journal.worded(N_("gave the journal's last line back the line end it had lost"))
        if not dry:
            backend.append(journal.JOURNAL_FILE, b"\n" + journal.repair_line(what.english, **notes))
        out.repairs.append(what.said)
    closes: list[tuple[int, str, journal.Worded]] = []
    for outcome in assess(loaded, note, backend.read):
        seq = outcome.entry.seq
        out.verdicts[seq] = outcome.verdict
        if outcome.verdict == ROLLBACK:
            if not dry:
                for change in outcome.restore:
                    _restore(backend, change)
                backend.sync()
            closes.append((seq, ABORTED, outcome.why))
        elif outcome.verdict != CONFLICT:
            closes.append((seq, outcome.verdict, journal.worded(N_("closed {why}"), why=outcome.why)))
        elif keep:
            closes.append((seq, ABORTED, journal.worded(N_("closed change #{seq} ({command}) as not in effect, keeping its files "
                                                           "as they are (`itinerary doctor --keep`)"), seq=seq, command=outcome.entry.command)))
        else:
            out.conflicts.append(outcome)
    if loaded.last_kind == "damaged" and not closes and loaded.torn_at is None and not loaded.unterminated:
        what = journal.worded(N_("set aside line {line} of the journal, which is damaged (kept where it is: see `itinerary doctor`)"),
                              line=loaded.damaged[-1].line)
        if not dry:
            backend.append(journal.JOURNAL_FILE, journal.repair_line(what.english, line=loaded.damaged[-1].line, **notes))
        out.repairs.append(what.said)
    for seq, state, closing in closes:
        if not dry:
            backend.append(journal.JOURNAL_FILE, journal.marker_line(seq, state, repair=closing.english, **notes))
        out.repairs.append(closing.said)
    waiting = note is not None and any(c.entry.seq == note.seq for c in out.conflicts)
    if note is not None and not waiting and not dry:
        backend.delete(PENDING_FILE, durable=False)  # its change is closed, or it names none
    return out


def text_of(data: bytes | None, source: str) -> str | None:
    """A file's bytes as journal text (every file the journal holds is UTF-8)."""
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidData(_("not UTF-8 text; it cannot be changed by a command"), source=source) from None
