"""The journal of changes: its line format, what is unfinished, and what undo and redo take. Pure.

The journal (``journal.jsonl`` in the data folder) is written ahead of every change. A change is
one *intent* line — when, who, which command, and for every file its exact text before and
after — written and made durable before any file is touched; then the files are written; then a
short *done* line. A change whose intent has no done line was interrupted: the next command
rolls it back (restores every "before") and appends an *aborted* line, so the folder holds the
whole change or none of it.

Each line is JSON, a tab and a checksum of the JSON, ended by ``\\n`` — only ``\\n`` separates
lines (JSON escapes every control character; U+0085 or U+2028 inside a text never splits an
entry). A last line without its ``\\n`` or with a wrong checksum is a torn tail: it is dropped
and the entries before it stay good. Lines written before checksums existed (no tab) are read
as finished changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from itinerary.errors import InvalidData

JOURNAL_FILE = "journal.jsonl"
"""File name of the journal in the data folder."""
DONE, OPEN, ABORTED = "done", "open", "aborted"


@dataclass(frozen=True)
class Authored:
    """A change made on another replica of the visit and taken in by a sync: who, when, which fields."""

    who: str
    """The officer who made it (their --by)."""
    when: dt.datetime
    """When they made it (UTC)."""
    fields: tuple[str, ...] = ()
    """The fields it changed."""


@dataclass(frozen=True)
class Change:
    """One file changed by a command."""

    file: str
    """The file, relative to the data folder (``president-meeting.toml``, ``people.toml``,
    ``calendars/kim-younghoon.ics``)."""
    before: str | None
    """Its text before, or None when the command created it."""
    after: str | None
    """Its text after, or None when the command removed it."""
    fields: tuple[str, ...] = ()
    """What changed in it: an event's fields, or the ids changed in people.toml / venues.toml."""
    by: tuple[Authored, ...] = ()
    """For a change taken from a shared server: the changes made elsewhere that it brings."""

    @property
    def action(self) -> str:
        """'add', 'remove' or 'change'."""
        return "add" if self.before is None else ("remove" if self.after is None else "change")

    @property
    def subject(self) -> str:
        """What the file holds, as history names it: the event id, or the file's name."""
        if "/" not in self.file and self.file.endswith(".toml"):
            return self.file.removesuffix(".toml")
        return self.file

    def reverted(self) -> Change:
        """The change that undoes this one."""
        return Change(self.file, self.after, self.before, self.fields)

    def to_json(self) -> dict[str, object]:
        """The change as its intent line holds it."""
        data: dict[str, object] = {"file": self.file, "before": self.before, "after": self.after, "fields": list(self.fields)}
        if self.by:
            data["by"] = [{"who": a.who, "when": a.when.astimezone(dt.UTC).isoformat(), "fields": list(a.fields)} for a in self.by]
        return data


@dataclass(frozen=True)
class Entry:
    """Everything one command changed."""

    seq: int
    """Position in the journal, from 1."""
    when: dt.datetime
    """When (UTC)."""
    who: str
    """The officer: --by, or the user of the operating system."""
    command: str
    """What was run, e.g. 'edit president-meeting'."""
    changes: tuple[Change, ...]
    """The files it changed."""
    undoes: int | None = None
    """For an undo, the seq of the entry it reverted."""
    redoes: int | None = None
    """For a redo, the seq of the undo it reverted."""
    state: str = DONE
    """'done', 'open' (interrupted, or running now) or 'aborted' (rolled back)."""

    def touches(self, subject: str) -> bool:
        """True when the entry changed the event or file ``subject``."""
        return any(c.subject == subject for c in self.changes)


@dataclass
class Journal:
    """A journal as read: its entries, where a torn tail starts, and lines that are damaged."""

    entries: list[Entry] = field(default_factory=list)
    """Every intact entry, oldest first (finished, open and aborted)."""
    torn_at: int | None = None
    """Byte offset of a torn last line, to be cut off; None when the end is clean."""
    damaged: list[str] = field(default_factory=list)
    """What is wrong with lines before the end (they are skipped, the rest is read)."""

    @property
    def done(self) -> list[Entry]:
        """The finished entries: what history shows and undo walks."""
        return [e for e in self.entries if e.state == DONE]

    @property
    def unfinished(self) -> Entry | None:
        """The newest entry whose files may be half written, if any."""
        for entry in reversed(self.entries):
            if entry.state == OPEN:
                return entry
        return None

    @property
    def next_seq(self) -> int:
        """The seq a new entry takes."""
        return max((e.seq for e in self.entries), default=0) + 1


def _sum(text: bytes) -> bytes:
    return hashlib.sha256(text).hexdigest()[:16].encode("ascii")


def _line(data: dict[str, object]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return text + b"\t" + _sum(text) + b"\n"


def intent_line(entry: Entry) -> bytes:
    """The line that records ``entry`` before its files are written."""
    return _line({
        "seq": entry.seq,
        "when": entry.when.astimezone(dt.UTC).isoformat(),
        "who": entry.who,
        "command": entry.command,
        "undoes": entry.undoes,
        "redoes": entry.redoes,
        "changes": [c.to_json() for c in entry.changes],
    })


def marker_line(seq: int, state: str) -> bytes:
    """The line that closes entry ``seq``: 'done' or 'aborted'."""
    return _line({state: seq})


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError("expected text")


def _change(data: dict[str, object]) -> Change:
    if "file" in data:
        name = data["file"]
    else:  # the first format named only events
        name = f"{data['event']}.toml"
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name.split("/"):
        raise ValueError("a file outside the data folder")
    fields = data.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise TypeError("fields")
    return Change(name, _text(data.get("before")), _text(data.get("after")), tuple(fields), _authored(data.get("by")))


def _authored(value: object) -> tuple[Authored, ...]:
    """Who made a change taken from a server; what cannot be read of it is left out."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value[:100]:
        try:
            when = dt.datetime.fromisoformat(str(item["when"]))
            fields = tuple(str(f) for f in item.get("fields", [])[:100])
            if when.tzinfo is not None:
                found.append(Authored(str(item["who"])[:200], when, fields))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return tuple(found)


def _entry(data: dict[str, object], state: str) -> Entry:
    when = dt.datetime.fromisoformat(str(data["when"]))
    if when.tzinfo is None:
        raise ValueError("a time without a zone")
    changes = data["changes"]
    if not isinstance(changes, list):
        raise TypeError("changes")
    undoes, redoes = data.get("undoes"), data.get("redoes")
    return Entry(
        seq=int(str(data["seq"])), when=when, who=str(data["who"]), command=str(data["command"]),
        changes=tuple(_change(c) for c in changes), undoes=None if undoes is None else int(str(undoes)),
        redoes=None if redoes is None else int(str(redoes)), state=state,
    )


def _document(raw: bytes) -> tuple[dict[str, Any], bool]:
    """The JSON object of one journal line, and whether the line carries its checksum (lines
    of the first format do not); ValueError or TypeError when the line is damaged."""
    body, tab, check = raw.rpartition(b"\t")
    if not tab:
        body = raw
    elif _sum(body) != check:
        raise ValueError("checksum")
    doc = json.loads(body)
    if not isinstance(doc, dict):
        raise TypeError("not an object")
    return doc, bool(tab)


def parse(data: bytes, source: str) -> Journal:
    """The journal in ``data``. A torn last line is noted (``torn_at``), damaged lines before it
    are skipped and described; neither makes the entries around them unreadable."""
    journal = Journal()
    by_seq: dict[int, int] = {}
    offset = 0
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, 1):
        start, offset = offset, offset + len(raw) + 1
        last = number == len(lines)
        if last:
            if raw.strip():
                journal.torn_at = start  # no final newline: the write was cut short
            break
        if not raw.strip():
            continue
        try:
            doc, checked = _document(raw)
            marker = next((k for k in (DONE, ABORTED) if k in doc), None)
            if marker is not None and checked:
                index = by_seq.get(int(doc[marker]))
                if index is None:
                    raise ValueError("closes an unknown entry")
                entry = journal.entries[index]
                journal.entries[index] = Entry(entry.seq, entry.when, entry.who, entry.command, entry.changes,
                                               entry.undoes, entry.redoes, marker)
                continue
            entry = _entry(doc, OPEN if checked else DONE)
        except (ValueError, KeyError, TypeError, AttributeError):
            if number == len(lines) - 1:
                journal.torn_at = start  # the last line, torn or garbled: cut it off
                break
            journal.damaged.append(f"line {number} is not a journal entry (skipped): {source}")
            continue
        by_seq[entry.seq] = len(journal.entries)
        journal.entries.append(entry)
    return journal


def feed(data: bytes) -> tuple[list[Entry], dict[int, str]]:
    """What whole journal lines read from any line on say (the change feed a running board
    follows): (the entries whose intent they record, as open; ``{seq: 'done' | 'aborted'}`` for
    the entries they close). A line of the first format (no checksum) is a finished entry;
    damaged lines are skipped."""
    entries: list[Entry] = []
    closed: dict[int, str] = {}
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            doc, checked = _document(raw)
            marker = next((k for k in (DONE, ABORTED) if k in doc), None)
            if marker is not None and checked:
                closed[int(doc[marker])] = marker
                continue
            entries.append(_entry(doc, OPEN if checked else DONE))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return entries, closed


def tail_is_clean(tail: bytes) -> bool | None:
    """From the last bytes of a journal: True when its last entry is closed, False when it is
    open or torn, None when the tail is too short to tell (read the whole journal)."""
    if not tail:
        return True
    if not tail.endswith(b"\n"):
        return False
    body = tail[:-1].rpartition(b"\n")
    if not body[1] and len(tail) >= 4096:
        return None  # one long line: an intent, or a line of the first format
    line = body[2]
    payload, tab, check = line.rpartition(b"\t")
    if not tab:
        return None
    if _sum(payload) != check:
        return False
    try:
        doc = json.loads(payload)
    except ValueError:
        return False
    return isinstance(doc, dict) and (DONE in doc or ABORTED in doc)


_SEQ = re.compile(rb'"seq"\s*:\s*(\d+)')


def highest_seq(data: bytes) -> int:
    """The highest seq of the entries in a journal's bytes (0 for none). Every entry's line
    holds its seq as the key ``"seq"``, which no text inside a line can imitate (a quote in
    JSON text is escaped), so one scan of the bytes finds them all."""
    return max((int(m.group(1)) for m in _SEQ.finditer(data)), default=0)


def stacks(entries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(applied, undone): the finished entries whose effect is on disk, and the undos that redo
    can revert, each newest last."""
    applied: list[Entry] = []
    undone: list[Entry] = []
    for entry in entries:
        if entry.state != DONE:
            continue
        if entry.undoes is not None:
            applied = [e for e in applied if e.seq != entry.undoes]
            undone.append(entry)
        elif entry.redoes is not None:
            undone = [e for e in undone if e.seq != entry.redoes]
            applied.append(entry)
        else:
            applied.append(entry)
            undone.clear()
    return applied, undone


def undo_target(entries: Sequence[Entry]) -> Entry | None:
    """The entry an undo reverts: the newest change whose effect is still on disk."""
    applied, _ = stacks(entries)
    return applied[-1] if applied else None


def redo_target(entries: Sequence[Entry]) -> Entry | None:
    """The undo a redo reverts: the newest undo with no new change after it."""
    _, undone = stacks(entries)
    return undone[-1] if undone else None


def problems(journal: Journal) -> list[str]:
    """What is inconsistent in the journal itself: damaged lines, numbering, undo references."""
    found = list(journal.damaged)
    seqs = [e.seq for e in journal.entries]
    if seqs != list(range(1, len(seqs) + 1)):
        found.append("entries are not numbered 1, 2, 3… in order (lines lost or edited by hand)")
    known = set(seqs)
    for entry in journal.entries:
        for name, other in (("undoes", entry.undoes), ("redoes", entry.redoes)):
            if other is not None and other not in known:
                found.append(f"entry {entry.seq} {name} entry {other}, which is not in the journal")
    entries = journal.entries
    for earlier, later in zip(entries, entries[1:], strict=False):
        if later.when < earlier.when - dt.timedelta(minutes=5):
            found.append(f"entry {later.seq} is older than entry {earlier.seq}")
            break
    return found


def latest(entries: Iterable[Entry]) -> dict[str, str | None]:
    """For each file the journal knows, the text its last finished change left."""
    state: dict[str, str | None] = {}
    for entry in entries:
        if entry.state == DONE:
            for change in entry.changes:
                state[change.file] = change.after
    return state


def check_source(path: str) -> str:
    """``path`` if it may be named in the journal (relative, inside the data folder)."""
    if not path or path.startswith(("/", ".")) or ".." in path.split("/") or "\\" in path:
        raise InvalidData(f"{path!r} is not a file inside the data folder")
    return path
