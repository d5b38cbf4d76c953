"""The library under every front end: one change path for every write to a data folder.

Every change — an event added, edited, cancelled or removed, an import, a pull, an undo, a busy
calendar, a person, venue or travel leg — goes through :meth:`Library.change`:

1. **read** the records under the folder's lock — in an office, under the office's and every
   visit's, taken in one order (an interrupted change is rolled back first);
2. **propose**: the operation computes the programme as it would be and the files to write;
3. **validate**: every reference resolves (people, venues, contacts), naming the closest id;
4. **guard**: the conflict engine runs on the programme before and after, outside commitments
   included; a change that adds a conflict error is refused unless forced;
5. **journal and write**: the intent goes to the journal, the files are written atomically,
   the change is marked done; bookkeeping (export and remote state) follows.

The command line, the board and the planner call the operations of :mod:`.events`,
:mod:`.calendars` and :mod:`.directory`; none of them writes a file itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from itinerary.changes.siblings import Others, between_visits, elsewhere, in_visits, others
from itinerary.core import engine, wording
from itinerary.core.agenda import suggest
from itinerary.core.finding import Finding, ranked
from itinerary.errors import ConflictError, InvalidData, NotFound
from itinerary.i18n import N_, _, language, ngettext, translator
from itinerary.model import REFERENCES, Busy, Directory, Programme
from itinerary.storage.locks import office_change
from itinerary.storage.store import VISIT_FILE, Snapshot, Store, Write

if TYPE_CHECKING:
    from itinerary.core.journal import Entry
    from itinerary.storage.sidefiles import Sides

Window = tuple[dt.datetime, dt.datetime]


def unknown_reference(programme: Programme, name: str, value: str) -> str:
    """Why the reference ``value`` of the field ``name`` names nothing: what it could mean (by id,
    name, surname or role: :mod:`itinerary.core.lookup`), or — only when it resembles nothing
    the records hold, so never a near-duplicate — the command that adds it."""
    from itinerary.core import lookup

    kind = REFERENCES.get(name, "event")
    found = {"person": lambda: lookup.people(value, programme.people), "venue": lambda: lookup.venues(value, programme.venues),
             "contact": lambda: lookup.contacts(value, programme.contacts_by_id.values())}.get(
        kind, lambda: lookup.events(value, programme.events))()
    candidates = found.matches or found.near
    if candidates:
        tr = translator(language())
        return _(UNKNOWN_NEAR[found.what], value=value, near=wording.either([m.said(tr) for m in candidates], tr))
    return _(UNKNOWN_ADD[found.what], value=value)


UNKNOWN_NEAR = {
    "person": N_("unknown person {value!r}; did you mean {near}?"), "venue": N_("unknown venue {value!r}; did you mean {near}?"),
    "contact": N_("unknown contact {value!r}; did you mean {near}?"), "event": N_("unknown event {value!r}; did you mean {near}?"),
}
"""What a reference that names nothing says, with what it could mean."""
UNKNOWN_ADD = {
    "person": N_("unknown person {value!r} (add it with `itinerary person add {value}`)"),
    "venue": N_("unknown venue {value!r} (add it with `itinerary venue add {value}`)"),
    "contact": N_("unknown contact {value!r} (add it with `itinerary contact add {value}`)"),
    "event": N_("unknown event {value!r} (add it with `itinerary add --id {value}`)"),
}
"""The same, when it resembles nothing on record: the command that adds it."""
STILL_USED = {
    "person": N_("person {value!r} is still used by {events}; change those events first"),
    "venue": N_("venue {value!r} is still used by {events}; change those events first"),
    "contact": N_("contact {value!r} is still used by {events}; change those events first"),
    "event": N_("event {value!r} is still used by {events}; change those events first"),
}
"""What removing a record that events still name says."""


@dataclass(frozen=True)
class Proposal:
    """What an operation would do: the programme after it, and the files to write."""

    after: Programme
    """The programme as it would be."""
    writes: tuple[Write, ...]
    """The record files to write, in order."""
    bookkeeping: Callable[[Sides], None] | None = None
    """What to record in the export or remote state once the records are written."""
    guard: bool = True
    """Run the conflict guard (False for changes no finding can depend on)."""
    message: str = ""
    """What the operation wants to tell (e.g. 'nothing to change')."""
    command: str = ""
    """How the journal names the change, when the operation knows better than its caller."""
    undoes: int | None = None
    """For an undo, the entry it reverts."""
    redoes: int | None = None
    """For a redo, the undo it reverts."""
    busy: Mapping[str, Sequence[Busy]] | None = None
    """Outside commitments the change gives people (by person id), before they are on disk."""
    outside_ok: bool = False
    """Let the change put events outside the visit's days (an import asked for every date)."""


@dataclass(frozen=True)
class Applied:
    """What a change did (or, in a dry run, would do)."""

    entry: Entry | None
    """The journal entry, or None when nothing was written."""
    before: Programme
    """The programme before."""
    after: Programme
    """The programme after."""
    added: tuple[Finding, ...] = ()
    """The findings the change added (errors among them only when forced)."""
    forced: bool = False
    """True when conflict errors were written because the change was forced."""
    message: str = ""
    """What the operation says about itself."""
    recovered: tuple[str, ...] = field(default=())
    """What was repaired since the folder was opened (an interrupted change rolled back), by this
    change or by a read before it."""

    @property
    def errors(self) -> list[Finding]:
        """The conflict errors the change added."""
        return engine.errors(self.added)


def refuse_conflicts(blocking: Sequence[Finding], *, outside: Sequence[Finding] = (), days: str = "",
                     visit_changed: bool = False) -> ConflictError:
    """The error for a change that adds conflict errors, listing each, or puts events outside
    the visit's ``days`` (saying how to widen the visit, or, when the change is of the visit's
    days itself, what to move)."""
    parts = []
    if blocking:
        lines = "\n".join(f"  ✗ {f.message}" for f in blocking)
        parts.append(ngettext("the change would add {n} conflict error; nothing was written (--force writes anyway):\n{lines}",
                              "the change would add {n} conflict errors; nothing was written (--force writes anyway):\n{lines}",
                              len(blocking), n=len(blocking), lines=lines))
    if outside:
        lines = "\n".join(f"  ✗ {f.message}" for f in outside)
        n = len(outside)
        if visit_changed:
            parts.append(ngettext("the change would put {n} event outside the visit's days ({days}); nothing was written:\n{lines}\n"
                                  "Move or cancel those events first, or --force writes it anyway.",
                                  "the change would put {n} events outside the visit's days ({days}); nothing was written:\n{lines}\n"
                                  "Move or cancel those events first, or --force writes it anyway.", n, n=n, days=days, lines=lines))
        else:
            parts.append(ngettext("the change would put {n} event outside the visit's days ({days}); nothing was written:\n{lines}\n"
                                  "Keep it within those days, or widen the visit first (`itinerary visit edit --first-day DAY --last-day DAY`); "
                                  "--force writes it anyway.",
                                  "the change would put {n} events outside the visit's days ({days}); nothing was written:\n{lines}\n"
                                  "Keep it within those days, or widen the visit first (`itinerary visit edit --first-day DAY --last-day DAY`); "
                                  "--force writes it anyway.", n, n=n, days=days, lines=lines))
    return ConflictError("\n".join(parts), (*blocking, *outside))


class Library:
    """One data folder, and every way to change it."""

    def __init__(self, store: Store, *, who: str = "", clock: Callable[[], dt.datetime] | None = None) -> None:
        self.store = store
        self.who = who or "unknown"
        self._clock = clock
        store.who = store.who or self.who

    @classmethod
    def open(cls, data: Path, *, who: str = "", clock: Callable[[], dt.datetime] | None = None, cached: bool = True) -> Library:
        """The library of the data folder ``data``."""
        return cls(Store.at(data, cached=cached), who=who, clock=clock)

    def now(self) -> dt.datetime:
        """The time changes are stamped with (UTC, whole seconds)."""
        moment = self._clock() if self._clock else dt.datetime.now(dt.UTC)
        return moment.astimezone(dt.UTC).replace(microsecond=0)

    # --- reading -------------------------------------------------------------------------

    def read(self, *, window: Window | None = None) -> Snapshot:
        """The records (with ``window``, only the events that meet it)."""
        return self.store.read(window=window)

    def programme(self, *, window: Window | None = None) -> Programme:
        """The programme (with ``window``, only the events that meet it)."""
        return self.store.load(window=window)

    def office_library(self) -> Library | None:
        """The library of the office the visit belongs to (its shared directory), if any."""
        if self.store.office is None:
            return None
        return Library(self.store.office, who=self.who, clock=self._clock)

    def commitments(self, programme: Programme, window: Window | None = None, *, siblings: Others | None = None) -> list[Busy]:
        """Everything that makes people busy outside the programme: their busy calendars and,
        in an office, their events in the office's other visits."""
        return [*self.store.busy(programme, window), *elsewhere(self.store, programme, window=window, siblings=siblings)]

    def siblings(self) -> Others:
        """The office's other visits, as read now (none outside an office)."""
        return others(self.store)

    def findings(self, programme: Programme, *, person: str | None = None, commitments: Sequence[Busy] | None = None,
                 siblings: Others | None = None) -> list[Finding]:
        """Every finding of ``programme``: the engine's, its people's busy calendars included,
        and in a visit of an office the problems between it and the office's other visits — the
        very findings ``office check`` lists for this visit, in the same words. (Of
        ``commitments``, only the busy calendars count here: another visit's event is one side
        of a problem between visits, not a busy time.)"""
        calendars = self.store.busy(programme) if commitments is None else [b for b in commitments if not b.origin]
        crossed = between_visits(self.store, programme, self.siblings() if siblings is None else siblings, person=person)
        return ranked([*engine.find(programme, busy=calendars, person=person), *crossed])

    def sides(self) -> Sides:
        """The bookkeeping files (export state, remote state, revisions)."""
        from itinerary.storage.sidefiles import Sides  # only bookkeeping needs it

        return Sides(self.store)

    # --- the one change path ---------------------------------------------------------------

    def change(self, command: str, propose: Callable[[Snapshot], Proposal], *, force: bool = False, dry_run: bool = False,
               progress: Callable[[str, int, int], None] | None = None) -> Applied:
        """Read, propose, validate, guard, journal and write: see the module's description.

        In an office, the change holds the office's lock and every visit's, always in that order
        (:mod:`itinerary.storage.locks`): a change of one visit guards against the other visits'
        events as they are and stay until it is written, and a change of the office's directory
        is validated and guarded in each visit."""
        with office_change(self.store) as locked:
            recovered = tuple(self.store.repairs)
            snapshot = self.store.read()
            before = snapshot.programme
            visits = locked if snapshot.office is not None else []
            proposal = propose(snapshot)
            after = proposal.after
            self.validate(after, proposal.writes)
            added: list[Finding] = []
            if visits and proposal.writes:
                added = in_visits(visits, Directory(after.people, after.venues, after.travel, after.visit.contacts))
                if engine.errors(added) and not force and not dry_run:
                    raise refuse_conflicts(engine.errors(added))
            elif proposal.guard and proposal.writes:
                siblings = others(self.store, stores=locked)  # read once for both sides, under their locks
                busy_before = self.store.busy(before)
                busy_after = self._commitments_after(proposal)
                added = engine.introduced(self.findings(before, commitments=busy_before, siblings=siblings),
                                          self.findings(after, commitments=busy_after, siblings=siblings))
                blocking = engine.errors(added)
                outside = [] if proposal.outside_ok else [f for f in added if f.kind == "outside"]
                if (blocking or outside) and not force and not dry_run:
                    visit = after.visit
                    raise refuse_conflicts(blocking, outside=outside, days=visit.days_text,
                                           visit_changed=any(w.file == VISIT_FILE for w in proposal.writes))
            entry = None
            if proposal.writes and not dry_run:
                entry = self.store.commit(
                    snapshot, proposal.writes, command=proposal.command or command, who=self.who, now=self.now(),
                    undoes=proposal.undoes, redoes=proposal.redoes, progress=progress, events=after.events_by_id,
                )
            if proposal.bookkeeping is not None and not dry_run:
                proposal.bookkeeping(self.sides())
            forced = bool(engine.errors(added)) and force
            return Applied(entry, before, after, tuple(added), forced, proposal.message, recovered)

    def _commitments_after(self, proposal: Proposal) -> list[Busy]:
        """The busy calendars after the change (a change may give a person a new one)."""
        after = proposal.after
        if proposal.busy is None:
            return self.store.busy(after)
        kept = Programme(after.visit, tuple(p for p in after.people if p.id not in proposal.busy), after.venues, after.travel)
        return [*self.store.busy(kept), *(b for items in proposal.busy.values() for b in items)]

    def validate(self, after: Programme, writes: Sequence[Write]) -> None:
        """Every reference of the programme after the change resolves; NotFound otherwise,
        naming the closest id (for an unknown id) or the events that still use one."""
        written = {w.file.removesuffix(".toml") for w in writes}
        problems = after.references()
        unknown = [unknown_reference(after, name, value) for event_id, name, value in problems if event_id in written]
        if unknown:
            unknown = list(dict.fromkeys(unknown))
            if len(unknown) == 1:
                raise NotFound(unknown[0])
            raise NotFound(_("{n} unknown references: {problems}", n=len(unknown), problems="; ".join(unknown)))
        for _event, name, value in problems:
            users = sorted({e for e, n, v in problems if (n, v) == (name, value)})
            events = ", ".join(users[:10]) + (" …" if len(users) > 10 else "")  # ids
            raise InvalidData(_(STILL_USED[REFERENCES.get(name, "event")], value=value, events=events))  # after, before, same_day: events
        if after.visit.guest and after.visit.guest not in after.people_by_id:
            hint = suggest(after.visit.guest, after.people_by_id)
            if "visit.toml" in {w.file for w in writes}:
                if hint:
                    raise NotFound(_("no person {value!r} to be the guest; did you mean {hint!r}?", value=after.visit.guest, hint=hint))
                raise NotFound(_("no person {value!r} to be the guest", value=after.visit.guest))
            raise InvalidData(_("person {value!r} is the visit's guest; choose another guest first (`itinerary visit edit --guest ID`)",
                                value=after.visit.guest))
        venues = after.venues_by_id
        for leg in after.travel:
            for end in (leg.origin, leg.destination):
                if end not in venues:
                    raise InvalidData(_("venue {value!r} is still in the travel leg {origin} → {destination}; "
                                        "remove it first (`itinerary leg remove {origin} {destination}`)",
                                        value=end, origin=leg.origin, destination=leg.destination))
