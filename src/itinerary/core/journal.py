"""The journal of changes: its entries, the lines that record them, and what undo and redo take. Pure.

The journal (``journal.jsonl`` in the data folder) is written ahead of every change. A change is
one *intent* line — when, who, which command, and for every file its exact text before and
after with the sha256 of each — written and made durable before any file is touched; then the
files are written; then a short *close* line (``{"done": 7}``, or ``{"aborted": 7}`` when it was
rolled back). A *repair* line (``{"repair": "…"}``) records what a repair of the journal did
when it closed no entry; a close line made by a repair says so in the same key.

Each line is JSON, a tab and a checksum of the JSON, ended by ``\\n``. How lines are read —
whatever a file goes through — is :mod:`.journalread`; what a change left unfinished means is
:mod:`.recovery`. Readers tolerate what they do not know, so the format can grow: unknown keys
of any line are ignored, and a checksummed line of an unknown kind is kept and skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinerary.errors import InvalidData
from itinerary.i18n import _, translator

if TYPE_CHECKING:  # made only by a team's sync: a reading command does not build its class
    from itinerary.core.authored import Authored

JOURNAL_FILE = "journal.jsonl"
"""File name of the journal in the data folder."""
DONE, OPEN, ABORTED = "done", "open", "aborted"
REPAIR = "repair"
"""Key of a line that records a repair of the journal."""


def text_digest(text: str | None) -> str | None:
    """The sha256 (hex) of a file's text as the journal keeps it (None for no file)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    before_sha256: str | None = None
    """The sha256 of its bytes before, as the journal recorded it (None: not recorded, or no file)."""
    after_sha256: str | None = None
    """The sha256 of its bytes after, as the journal recorded it (None: not recorded, or no file)."""
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
        return Change(self.file, self.after, self.before, self.fields, self.after_sha256, self.before_sha256)

    def holds(self, data: bytes | None, side: str) -> bool:
        """True when ``data`` (a file's bytes, None for no file) is exactly this change's text
        ``side`` ('before' or 'after'), its recorded sha256 included."""
        text: str | None = getattr(self, side)
        if text is None or data is None:
            return text is None and data is None
        said: str | None = getattr(self, f"{side}_sha256")
        return data == text.encode("utf-8") and (said is None or hashlib.sha256(data).hexdigest() == said)

    def to_json(self) -> dict[str, object]:
        """The change as its intent line holds it."""
        data: dict[str, object] = {"file": self.file, "before": self.before, "after": self.after, "fields": list(self.fields),
                                   "before_sha256": self.before_sha256 or text_digest(self.before),
                                   "after_sha256": self.after_sha256 or text_digest(self.after)}
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


def sum_of(text: bytes) -> bytes:
    """The checksum of a line's JSON text, as the line carries it after its tab."""
    return hashlib.sha256(text).hexdigest()[:16].encode("ascii")


def _line(data: dict[str, object]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return text + b"\t" + sum_of(text) + b"\n"


def line_sum(line: bytes) -> str:
    """The checksum a line written by this module carries (what a change in progress names)."""
    return line.rstrip(b"\r\n").rpartition(b"\t")[2].decode("ascii", "replace")


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


def marker_line(seq: int, state: str, **notes: object) -> bytes:
    """The line that closes entry ``seq``: 'done' or 'aborted', with ``notes`` (a repair says
    why it closed the entry: ``repair``, ``when``, ``who``)."""
    return _line({**notes, state: seq})


def repair_line(what: str, **notes: object) -> bytes:
    """The line that records a repair of the journal that closes no entry."""
    return _line({**notes, REPAIR: what})


@dataclass(frozen=True)
class Worded:
    """What a repair did, in words twice: in English for the journal's line (the journal is one
    record, read by anyone, whatever language they work in), and in the interface's language
    for the officer."""

    english: str
    """For the journal."""
    said: str
    """For the officer."""

    def __str__(self) -> str:
        return self.said


def worded(message: str, /, **values: object) -> Worded:
    """``message`` (marked for the catalog with ``N_``) filled with ``values``, in English and in
    the interface's language (a value that is itself :class:`Worded` in the same language)."""
    english = {k: v.english if isinstance(v, Worded) else v for k, v in values.items()}
    said = {k: v.said if isinstance(v, Worded) else v for k, v in values.items()}
    return Worded(translator("en").gettext(message, **english), _(message, **said))


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
        raise InvalidData(_("{name!r} is not a file inside the data folder", name=path))
    return path
