"""What a change the journal leaves unfinished means, proven from the files before anything is
restored. Pure: the files are read through a function the caller passes.

An entry without a close line is one of two things:

* **A change interrupted** (a crash, a kill, a full disk): the change in progress named itself
  before it began (its seq and the checksum of its intent line, in a small file beside the
  journal that is removed once it is closed), and nothing whole follows its intent. It is
  rolled back — but only where each file still holds exactly the change's "after" bytes (its
  text and recorded sha256); a file that holds its "before" bytes is left as it is. A file that
  holds anything else makes the whole change a *conflict*: nothing is restored.
* **A change whose close line was lost** (a journal cut short, a damaged or deleted line, a
  flipped byte): it finished long ago, so it is never rolled back. What it became is read from
  the files — for each file, the text the next change to touch it found (its "before"), or the
  file as it is now: every file showing the change's "after" → it was done; every file showing
  its "before" → it was rolled back; anything else → a conflict, shown with both texts and
  never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from itinerary.core.journal import ABORTED, DONE, Change, Entry, Worded, worded
from itinerary.core.journalread import Journal
from itinerary.i18n import N_, _

ROLLBACK, CONFLICT = "rollback", "conflict"


@dataclass(frozen=True)
class Pending:
    """The change in progress, as it named itself before it began."""

    seq: int
    """Its entry's seq."""
    sum: str
    """The checksum of its intent line."""


@dataclass(frozen=True)
class Clash:
    """A file of an unfinished change that holds neither its text before nor after."""

    file: str
    """The file, relative to the data folder."""
    before: str | None
    """The change's text before (None: the change created the file)."""
    after: str | None
    """The change's text after (None: the change removed the file)."""
    found: str | None
    """The text found instead (None: no file)."""
    where: str
    """Where it was found: 'in the file now', or 'when change #9 began'."""


@dataclass(frozen=True)
class Outcome:
    """What to make of one unfinished entry."""

    entry: Entry
    """The entry."""
    verdict: str
    """'rollback' (an interrupted change, proven), 'done' or 'aborted' (a lost close line, read
    from the files), or 'conflict' (left alone)."""
    why: Worded
    """In words, for the officer (``str()`` of it) and the journal's repair line (its English)."""
    restore: tuple[Change, ...] = ()
    """For a rollback: the changes whose file holds their "after" bytes, to be given back
    their "before"."""
    clashes: tuple[Clash, ...] = ()
    """For a conflict: the files that hold something else."""


def _found(journal: Journal, entry: Entry, change: Change, read: Callable[[str], bytes | None]) -> tuple[bytes | None, str]:
    """The file's text just after ``entry`` (as bytes): what the next entry to touch the file
    found, or the file as it is now."""
    position = next(i for i, e in enumerate(journal.entries) if e is entry)
    for later in journal.entries[position + 1:]:
        for other in later.changes:
            if other.file == change.file:
                text = other.before
                return (None if text is None else text.encode("utf-8")), _("when change #{seq} began", seq=later.seq)
    return read(change.file), _("in the file now")


def _clash(change: Change, data: bytes | None, where: str) -> Clash:
    found = None if data is None else data.decode("utf-8", "replace")
    return Clash(change.file, change.before, change.after, found, where)


def _subjects(changes: tuple[Change, ...]) -> str:
    return ", ".join(c.subject for c in changes[:5]) + (" …" if len(changes) > 5 else "")  # ids, as the journal names them


def assess(journal: Journal, pending: Pending | None, read: Callable[[str], bytes | None]) -> list[Outcome]:
    """What to make of each entry of ``journal`` without a close line, oldest first (see the
    module's description). ``pending`` is what the change in progress said of itself (None when
    no change said so); ``read`` gives a file's bytes (None when there is no such file)."""
    outcomes = []
    for entry in journal.unfinished:
        label = {"seq": entry.seq, "command": entry.command}
        interrupted = (pending is not None and pending.seq == entry.seq and journal.sums.get(entry.seq) == pending.sum
                       and journal.is_last(entry))
        shown: list[str] = []
        restore: list[Change] = []
        clashes: list[Clash] = []
        for change in entry.changes:
            data, where = (read(change.file), _("in the file now")) if interrupted else _found(journal, entry, change, read)
            if change.holds(data, "after") and not change.holds(data, "before"):
                shown.append("after")
                restore.append(change)
            elif change.holds(data, "before"):
                shown.append("before" if not change.holds(data, "after") else "same")
            else:
                clashes.append(_clash(change, data, where))
        if interrupted and not clashes:
            why = worded(N_("rolled back change #{seq} ({command}), which was interrupted: {subjects}"), **label,
                         subjects=_subjects(entry.changes))
            outcomes.append(Outcome(entry, ROLLBACK, why, tuple(reversed(restore))))
        elif clashes or ("after" in shown and "before" in shown):
            if not clashes:  # some files done and some not, with no crash to explain it
                clashes = [_clash(c, *_found(journal, entry, c, read)) for c in entry.changes]
            names = ", ".join(c.file for c in clashes[:5]) + (" …" if len(clashes) > 5 else "")
            why = worded(N_("change #{seq} ({command}) was never finished, and {files} holds neither its text before nor after it: "
                            "left as it is"), **label, files=names)
            outcomes.append(Outcome(entry, CONFLICT, why, clashes=tuple(clashes)))
        elif "before" in shown:
            outcomes.append(Outcome(entry, ABORTED, worded(N_("change #{seq} ({command}) has lost its close line; its files hold their "
                                                              "text before it, so it was rolled back"), **label)))
        else:
            outcomes.append(Outcome(entry, DONE, worded(N_("change #{seq} ({command}) has lost its close line; its files hold its "
                                                           "result, so it was done"), **label)))
    return outcomes
