"""The journal of changes: its format and the choice of what to undo. Pure, no I/O.

The journal is a JSON-lines file in the data folder, one entry per command that changed
records: when, who, which command, and for each record its exact text before and after (None
where the record did not exist). Entries are only ever appended; an undo is itself an entry
that names the entry it undid.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from itinerary.errors import InvalidData

JOURNAL_FILE = "journal.jsonl"
"""File name of the journal in the data folder."""


@dataclass(frozen=True)
class Change:
    """One record changed by a command."""

    event: str
    """The event id (the record is ``<event>.toml``)."""
    before: str | None
    """The record's text before, or None when the command created it."""
    after: str | None
    """The record's text after, or None when the command removed it."""

    @property
    def action(self) -> str:
        """'add', 'remove' or 'change'."""
        return "add" if self.before is None else ("remove" if self.after is None else "change")


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
    """The records it changed."""
    undoes: int | None = None
    """For an undo, the seq of the entry it reverted."""


def dumps(entry: Entry) -> str:
    """``entry`` as one line of JSON (no newline)."""
    return json.dumps(
        {
            "seq": entry.seq,
            "when": entry.when.astimezone(dt.UTC).isoformat(),
            "who": entry.who,
            "command": entry.command,
            "undoes": entry.undoes,
            "changes": [{"event": c.event, "before": c.before, "after": c.after} for c in entry.changes],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def loads(text: str, source: str) -> list[Entry]:
    """Every entry of a journal's text; a broken line is invalid data naming the line."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            entry = Entry(
                seq=int(data["seq"]),
                when=dt.datetime.fromisoformat(data["when"]),
                who=str(data["who"]),
                command=str(data["command"]),
                changes=tuple(
                    Change(str(c["event"]), _text(c["before"]), _text(c["after"])) for c in data["changes"]
                ),
                undoes=None if data.get("undoes") is None else int(data["undoes"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InvalidData(f"line {number} is not a journal entry", source=source) from None
        if entry.when.tzinfo is None:
            raise InvalidData(f"line {number}: time without a zone", source=source)
        entries.append(entry)
    return entries


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError("expected text")


def undo_target(entries: list[Entry]) -> Entry | None:
    """The entry an undo reverts: the newest one that is neither an undo nor undone already."""
    undone = {e.undoes for e in entries if e.undoes is not None}
    for entry in reversed(entries):
        if entry.undoes is None and entry.seq not in undone:
            return entry
    return None


def problems(entries: list[Entry]) -> list[str]:
    """What is inconsistent in the journal itself: numbering, time order, undo references."""
    found = []
    seqs = [e.seq for e in entries]
    if seqs != list(range(1, len(entries) + 1)):
        found.append("entries are not numbered 1, 2, 3… in order (lines lost or edited by hand)")
    known = set(seqs)
    for entry in entries:
        if entry.undoes is not None and entry.undoes not in known:
            found.append(f"entry {entry.seq} undoes entry {entry.undoes}, which is not in the journal")
    for earlier, later in zip(entries, entries[1:], strict=False):
        if later.when < earlier.when:
            found.append(f"entry {later.seq} is older than entry {earlier.seq}")
            break
    return found


def latest(entries: list[Entry]) -> dict[str, str | None]:
    """For each event the journal knows, the text its last change left."""
    state: dict[str, str | None] = {}
    for entry in entries:
        for change in entry.changes:
            state[change.event] = change.after
    return state
