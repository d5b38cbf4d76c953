"""Reading the journal for what it is, whatever the file went through. Pure.

Lines may end with ``\\n``, ``\\r\\n`` or ``\\r`` (JSON escapes every control character, so
none of them can occur inside an entry, and U+0085 or U+2028 inside a text never splits one); a
byte order mark and spaces or tabs around a line are ignored. A line that is not what it claims
(a wrong checksum, not JSON, nested too deeply, the wrong shape) is *damaged*: it is set aside —
described, never read as an entry, never removed — and the lines around it are read. Only bytes
after the last line end that are not a whole line are a *torn* end (a write cut short). Lines
written before checksums existed (no tab) are read as finished changes; a checksummed line of a
kind this version does not know is kept and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itinerary.core.journal import ABORTED, DONE, JOURNAL_FILE, OPEN, REPAIR, Change, Entry, line_sum, sum_of
from itinerary.i18n import _

if TYPE_CHECKING:
    from itinerary.core.authored import Authored

BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"\r\n|\r|\n")
_BLANKS = b" \t"


@dataclass(frozen=True)
class Damaged:
    """A line set aside: kept where it is, never read as an entry."""

    line: int
    """Its number in the journal, from 1."""
    reason: str
    """What is wrong with it."""
    excerpt: str
    """Its first characters, for the officer to recognise it."""


@dataclass
class Journal:
    """A journal as read: its entries, its end, and the lines set aside."""

    entries: list[Entry] = field(default_factory=list)
    """Every intact entry, oldest first (finished, open and aborted)."""
    torn_at: int | None = None
    """Byte offset of a torn end (bytes after the last line end that are not a whole line):
    what a write cut short leaves. None when the journal ends with a whole line."""
    unterminated: bool = False
    """True when the last line is whole but lacks its line end (an editor dropped it): a line
    end must be added before anything is appended."""
    damaged: list[Damaged] = field(default_factory=list)
    """Lines set aside, in order."""
    orphans: list[tuple[int, int, str]] = field(default_factory=list)
    """Close lines of entries the journal does not hold: (line, seq, 'done' | 'aborted')."""
    repairs: list[tuple[int, str]] = field(default_factory=list)
    """Repair lines: (line, what was done)."""
    lines: dict[int, int] = field(default_factory=dict)
    """The line of each entry's intent, by seq."""
    sums: dict[int, str] = field(default_factory=dict)
    """The checksum of each entry's intent line, by seq (a change in progress names it)."""
    last_line: int = 0
    """The number of the last whole, non-blank line (0 for none), whatever it holds."""
    last_kind: str = ""
    """What that line is: 'intent', 'close', 'repair', 'other' or 'damaged' ('' for none)."""

    @property
    def done(self) -> list[Entry]:
        """The finished entries: what history shows and undo walks."""
        return [e for e in self.entries if e.state == DONE]

    @property
    def unfinished(self) -> list[Entry]:
        """The entries without a close line, oldest first."""
        return [e for e in self.entries if e.state == OPEN]

    @property
    def next_seq(self) -> int:
        """The seq a new entry takes."""
        return max((e.seq for e in self.entries), default=0) + 1

    def is_last(self, entry: Entry) -> bool:
        """True when nothing whole follows ``entry``'s intent line (only blank lines, or a torn end)."""
        return self.lines.get(entry.seq) == self.last_line


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError("expected text")


def _change(data: object) -> Change:
    if not isinstance(data, dict):
        raise TypeError("a change that is not an object")
    if "file" in data:
        name = data["file"]
    else:  # the first format named only events
        name = f"{data['event']}.toml"
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name.split("/"):
        raise ValueError("a file outside the data folder")
    fields = data.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise TypeError("fields")
    return Change(name, _text(data.get("before")), _text(data.get("after")), tuple(fields),
                  _text(data.get("before_sha256")), _text(data.get("after_sha256")), _authored(data.get("by")))


def _authored(value: object) -> tuple[Authored, ...]:
    """Who made a change taken from a server; what cannot be read of it is left out."""
    if not isinstance(value, list) or not value:
        return ()
    from itinerary.core.authored import Authored

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


def _entry(data: dict[str, Any], state: str) -> Entry:
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


class _Damage(ValueError):
    """What is wrong with a line, in words."""


def _document(raw: bytes) -> tuple[dict[str, Any], bool]:
    """The JSON object of one journal line (spaces and tabs around it ignored), and whether the
    line carries its checksum (lines of the first format do not); ValueError or TypeError when
    the line is damaged, saying how."""
    raw = raw.strip(_BLANKS)
    body, tab, check = raw.rpartition(b"\t")
    if not tab:
        body = raw
    else:
        body = body.rstrip(_BLANKS)
        if sum_of(body) != check:
            raise _Damage(_("its checksum does not match"))
    try:
        doc = json.loads(body)
    except RecursionError:
        raise _Damage(_("nested deeper than a journal line can be")) from None
    except UnicodeDecodeError:
        raise _Damage(_("not UTF-8 text")) from None
    except ValueError:
        raise _Damage(_("not JSON")) from None
    if not isinstance(doc, dict):
        raise _Damage(_("not a JSON object"))
    return doc, bool(tab)


def _marker(doc: dict[str, Any]) -> tuple[str, int] | None:
    state = next((k for k in (DONE, ABORTED) if k in doc), None)
    if state is None:
        return None
    value = doc[state]
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Damage(_("a close line without an entry number"))
    return state, value


def _excerpt(raw: bytes) -> str:
    text = raw[:60].decode("utf-8", "replace")
    return "".join(c if c.isprintable() else "�" for c in text) + ("…" if len(raw) > 60 else "")


def split_lines(data: bytes) -> tuple[list[tuple[int, int, bytes]], int]:
    """The whole lines of ``data`` as (number, byte offset, bytes without the line end), and the
    offset where the bytes after the last line end begin (``len(data)`` when there are none).
    A byte order mark at the start is skipped."""
    out = []
    pos = len(BOM) if data.startswith(BOM) else 0
    for number, end in enumerate(_LINE_END.finditer(data, pos), 1):
        out.append((number, pos, data[pos:end.start()]))
        pos = end.end()
    return out, pos


def parse(data: bytes, source: str = JOURNAL_FILE) -> Journal:
    """The journal in ``data``: every line read for what it is (see the module's description)."""
    journal = Journal()
    by_seq: dict[int, int] = {}
    lines, end = split_lines(data)
    rest = data[end:]
    if rest.strip(_BLANKS):
        try:  # a last line that lost only its line end is whole
            _document(rest)
        except (ValueError, TypeError):
            journal.torn_at = end
        else:
            journal.unterminated = True
            lines.append((len(lines) + 1, end, rest))
    for number, _end, raw in lines:
        if not raw.strip(_BLANKS):
            continue
        journal.last_line, before = number, journal.last_line
        try:
            doc, checked = _document(raw)
            marker = _marker(doc) if checked else None
            if marker is not None:
                state, seq = marker
                index = by_seq.get(seq)
                if index is None:
                    journal.orphans.append((number, seq, state))
                else:
                    entry = journal.entries[index]
                    journal.entries[index] = Entry(entry.seq, entry.when, entry.who, entry.command, entry.changes,
                                                   entry.undoes, entry.redoes, state)
                journal.last_kind = "close"
                continue
            if checked and "changes" not in doc:
                repair = doc.get(REPAIR)
                if isinstance(repair, str):  # a repair made after an entry does not make it any less the last
                    journal.repairs.append((number, repair))
                    journal.last_line = before
                journal.last_kind = "repair" if isinstance(repair, str) else "other"
                continue  # a kind of line this version does not know: kept, skipped
            entry = _entry(doc, OPEN if checked else DONE)
        except _Damage as err:
            journal.damaged.append(Damaged(number, str(err), _excerpt(raw.strip(_BLANKS))))
            journal.last_kind = "damaged"
            continue
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            journal.damaged.append(Damaged(number, _("not a journal entry"), _excerpt(raw.strip(_BLANKS))))
            journal.last_kind = "damaged"
            continue
        by_seq[entry.seq] = len(journal.entries)
        journal.entries.append(entry)
        journal.lines[entry.seq] = number
        journal.sums[entry.seq] = line_sum(raw.strip(_BLANKS))
        journal.last_kind = "intent"
    return journal


def feed(data: bytes) -> tuple[list[Entry], dict[int, str]]:
    """What whole journal lines read from any line on say (the change feed a running board
    follows): (the entries whose intent they record, as open; ``{seq: 'done' | 'aborted'}`` for
    the entries they close). A line of the first format (no checksum) is a finished entry;
    damaged lines and lines of other kinds are skipped."""
    entries: list[Entry] = []
    closed: dict[int, str] = {}
    for _number, _end, raw in split_lines(data)[0]:
        if not raw.strip(_BLANKS):
            continue
        try:
            doc, checked = _document(raw)
            marker = _marker(doc) if checked else None
            if marker is not None:
                closed[marker[1]] = marker[0]
            elif not checked or "changes" in doc:
                entries.append(_entry(doc, OPEN if checked else DONE))
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            continue
    return entries, closed


def tail_is_clean(tail: bytes, *, whole: bool = False) -> bool | None:
    """From the last bytes of a journal (``whole`` when they are all of it): True when its end
    is settled — a whole last line that closes an entry or records a repair —, False when the
    last entry is open, the end torn or damaged, or the last line lacks its line end; None when
    the tail is too short to tell (read the whole journal)."""
    if not tail.strip(_BLANKS + b"\r\n"):
        return True if whole or not tail else None
    if not tail.rstrip(_BLANKS).endswith((b"\n", b"\r")):
        return False
    lines, _ = split_lines(tail)
    found = [(n, raw) for n, _, raw in lines if raw.strip(_BLANKS)]
    number, raw = found[-1]
    if number == 1 and not whole:
        return None  # the line may begin before the tail
    try:
        doc, checked = _document(raw)
        if not checked:
            return None  # a line of the first format: read everything
        return _marker(doc) is not None or "changes" not in doc
    except (ValueError, TypeError):
        return False


_SEQ = re.compile(rb'"seq"\s*:\s*(\d+)')


def highest_seq(data: bytes) -> int:
    """The highest seq of the entries in a journal's bytes (0 for none). Every entry's line
    holds its seq as the key ``"seq"``, which no text inside a line can imitate (a quote in
    JSON text is escaped), so one scan of the bytes finds them all."""
    return max((int(m.group(1)) for m in _SEQ.finditer(data)), default=0)


def problems(journal: Journal) -> list[str]:
    """What is inconsistent in the journal itself: lines set aside, close lines of missing
    entries, numbering, undo references."""
    found = [_("line {line} is damaged ({reason}): set aside, kept where it is — {excerpt}", line=d.line, reason=d.reason, excerpt=d.excerpt)
             for d in journal.damaged]
    for line, seq, state in journal.orphans:
        if state == DONE:
            found.append(_("line {line} closes change #{seq} (done), which the journal does not hold (its line lost or damaged)", line=line, seq=seq))
        else:
            found.append(_("line {line} closes change #{seq} (aborted), which the journal does not hold (its line lost or damaged)",
                           line=line, seq=seq))
    seqs = [e.seq for e in journal.entries]
    if seqs != list(range(1, len(seqs) + 1)):
        found.append(_("entries are not numbered 1, 2, 3… in order (lines lost or edited by hand)"))
    known = set(seqs)
    for entry in journal.entries:
        if entry.undoes is not None and entry.undoes not in known:
            found.append(_("entry {seq} undoes entry {other}, which is not in the journal", seq=entry.seq, other=entry.undoes))
        if entry.redoes is not None and entry.redoes not in known:
            found.append(_("entry {seq} redoes entry {other}, which is not in the journal", seq=entry.seq, other=entry.redoes))
    entries = journal.entries
    for earlier, later in zip(entries, entries[1:], strict=False):
        if later.when < earlier.when - dt.timedelta(minutes=5):
            found.append(_("entry {later} is older than entry {earlier}", later=later.seq, earlier=earlier.seq))
            break
    return found


