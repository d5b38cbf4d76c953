"""Changes that come from or go to calendars: import, pull, the export and publish bookkeeping,
and busy calendars. Each is a proposal for the one change path.

Reading a file or talking to a server happens before the lock is taken; only the merge and the
writes happen under it, so no colleague waits on a slow file or network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from itinerary.changes.events import write_event
from itinerary.changes.library import Applied, Library, Proposal
from itinerary.core import engine, merge
from itinerary.core.calview import Incoming, View, view_of
from itinerary.core.finding import Finding
from itinerary.core.merge import Plan
from itinerary.core.revisions import Revision
from itinerary.errors import ConflictError, InvalidData, NotFound, StorageError
from itinerary.formats import codec
from itinerary.formats.exportstate import Exported, fingerprint, plan_export
from itinerary.formats.remotes import Published, RemoteState, digest
from itinerary.i18n import _, ngettext
from itinerary.model import FULL, Audience, Programme, visible
from itinerary.model.checks import MAX_IMPORT_EVENTS, counted
from itinerary.storage import busyfiles
from itinerary.storage.sidefiles import Sides
from itinerary.storage.store import PEOPLE_FILE, Snapshot, Write


@dataclass(frozen=True)
class Merged:
    """What an import or a pull did: the merge plan and the change it made."""

    plan: Plan
    """Event by event, what the merge decided."""
    applied: Applied
    """The change (no entry in a dry run, or when nothing was to be written)."""


def _bases(programme: Programme, state: dict[str, Exported]) -> dict[str, View]:
    bases = {}
    for event in programme.events:
        known = state.get(event.id)
        if known is not None and known.base is not None:
            bases[programme.uid(event)] = known.base
    return bases


def import_items(
    library: Library, items: Sequence[Incoming], *, source: str, dry_run: bool = False, force: bool = False,
    resolve: str | None = None, limit: int = MAX_IMPORT_EVENTS, command: str = "import", notes: Sequence[str] = (),
    all_dates: bool = False, series: Sequence[str] = (), expanded: tuple[dt.datetime, dt.datetime] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Merged:
    """Merge events read from a calendar file into the records (see :mod:`itinerary.core.merge`)."""
    plans: list[Plan] = []

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        state = library.sides().exports()
        plan = merge.plan(
            programme, items, now=library.now(), source=source, bases=_bases(programme, state),
            sequences={k: v.sequence for k, v in state.items()}, resolve=resolve, where=_("in {source}", source=source), limit=limit,
            all_dates=all_dates, series=series, expanded=expanded,
        )
        plan = dataclasses.replace(plan, notes=(*notes, *plan.notes))
        plans.append(plan)
        writes = tuple(write_event(c.event, c.old) for c in plan.writes)

        def bookkeeping(sides: Sides) -> None:
            current = sides.exports()
            updated = dict(current)
            for c in plan.changes:
                if c.base is None or c.action not in ("add", "update", "unchanged"):
                    continue
                old = current.get(c.event.id)
                sequence = max(c.sequence, old.sequence if old else 0)
                fresh = Exported(c.event.revision, sequence, old.fingerprint if old else "", c.base)
                updated[c.event.id] = fresh
            if updated != current:
                sides.save_exports(updated)

        return Proposal(plan.apply(programme), writes, bookkeeping, outside_ok=all_dates)

    applied = library.change(command, propose, force=force, dry_run=dry_run, progress=progress)
    return Merged(plans[-1], applied)


@dataclass(frozen=True)
class Sharing:
    """What an export or a publish shares: exactly this programme and export state."""

    programme: Programme
    state: dict[str, Exported]
    """The export state after it (saved)."""
    raised: list[str]
    """Events whose SEQUENCE rose."""
    revision: str
    """'Rev. 2', 'draft after Rev. 2', or '' (in English: what is shared reads the same whoever
    shares it)."""
    forced: tuple[Finding, ...] = ()
    """The conflict errors shared anyway (--force), to be said in what is shared."""

    def warning_for(self, audience: Audience) -> str:
        """The line that goes into a calendar shared with ``audience`` when errors were forced
        ('' otherwise), in English, like the calendar it goes into."""
        return shared_warning(self.programme, self.forced, audience)


def forced_for(programme: Programme, forced: Sequence[Finding], audience: Audience) -> tuple[Finding, ...]:
    """The forced errors ``audience`` may know of: those about events it sees (all for the office)."""
    if audience.kind == "full":
        return tuple(forced)
    events = programme.events_by_id
    return tuple(f for f in forced if all(e in events and visible(events[e], audience) for e in f.events))


def shared_warning(programme: Programme, forced: Sequence[Finding], audience: Audience) -> str:
    """The line a calendar shared with conflict errors carries in its description ('' without
    any), in English like the calendar it goes into: the errors themselves for the office, only
    the number of those about events it sees for anyone else — an error names events and
    people a public or personal calendar must not show."""
    known = forced_for(programme, forced, audience)
    if not known:
        return ""
    said = f"Shared with {counted(len(known), 'unresolved conflict error')}"
    return said + (": " + "; ".join(f.english for f in known) if audience.kind == "full" else ".")


def guard_sharing(library: Library, programme: Programme, what: str, *, force: bool) -> tuple[Finding, ...]:
    """The conflict errors of ``programme``; refused (exit 5, listing them) before anything is
    shared with others — unless ``force``, and then returned, to be said in what is shared.
    ``what`` is 'exported', 'published', 'printed' or 'sent'."""
    errors = engine.errors(library.findings(programme))
    if errors and not force:
        lines = "\n".join(f"  ✗ {f.message}" for f in errors)
        n = len(errors)
        if what == "printed":
            raise ConflictError(ngettext("the programme has {n} conflict error; nothing was printed (--force shares it anyway, and says so "
                                         "in what is shared):\n{lines}",
                                         "the programme has {n} conflict errors; nothing was printed (--force shares it anyway, and says "
                                         "so in what is shared):\n{lines}", n, n=n, lines=lines))
        if what == "published":
            raise ConflictError(ngettext("the programme has {n} conflict error; nothing was published (--force shares it anyway, and says "
                                         "so in what is shared):\n{lines}",
                                         "the programme has {n} conflict errors; nothing was published (--force shares it anyway, and "
                                         "says so in what is shared):\n{lines}", n, n=n, lines=lines))
        if what == "sent":
            raise ConflictError(ngettext("the programme has {n} conflict error; nothing was sent (--force shares it anyway, and says so in "
                                         "what is shared):\n{lines}",
                                         "the programme has {n} conflict errors; nothing was sent (--force shares it anyway, and says so "
                                         "in what is shared):\n{lines}", n, n=n, lines=lines))
        raise ConflictError(ngettext("the programme has {n} conflict error; nothing was exported (--force shares it anyway, and says so in "
                                     "what is shared):\n{lines}",
                                     "the programme has {n} conflict errors; nothing was exported (--force shares it anyway, and says so "
                                     "in what is shared):\n{lines}", n, n=n, lines=lines))
    return tuple(errors)


def record_export(library: Library, *, force: bool = False, what: str = "exported") -> Sharing:
    """Under the lock: the programme to export (refused while it has conflict errors, unless
    forced), its export state (saved), and what the files say of it. The files themselves are
    written afterwards, outside the lock, from exactly this programme and state."""
    out: list[Sharing] = []

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        forced = guard_sharing(library, programme, what, force=force)
        sides = library.sides()
        before = sides.exports()
        state, raised = plan_export(programme, before)
        out.append(Sharing(programme, state, raised, revision_label(sides, programme), forced))

        def bookkeeping(sides: Sides) -> None:
            if state != sides.exports():
                sides.save_exports(state)

        return Proposal(programme, (), bookkeeping if state != before else None)

    library.change("export", propose)
    return out[-1]


def revision_label(sides: Sides, programme: Programme) -> str:
    """'Rev. 2' when the records are revision 2, 'draft after Rev. 2' when they changed since."""
    from itinerary.core import revisions

    published = sides.revisions()
    if not published:
        return ""
    last, last_programme = sides.revision(published[-1].number)
    return f"Rev. {last.number}" if revisions.same(last_programme, programme) else f"draft after Rev. {last.number}"  # in the calendars: English


# --- a shared calendar -----------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """What a server holds that changed since our last sync (see :mod:`itinerary.sync`)."""

    uid: str
    href: str
    etag: str
    body: bytes | None
    """The server's calendar data, or None when it was deleted there."""
    items: tuple[Incoming, ...] = ()
    """The body, read."""
    error: str = ""
    """Why the body could not be read, when it could not."""
    notes: tuple[str, ...] = ()
    """What was left out of the body, and why."""
    series: tuple[str, ...] = ()
    """The recurring events the body holds."""


@dataclass(frozen=True)
class Pulled:
    """What a pull did."""

    merged: Merged
    deleted: tuple[str, ...]
    """UIDs deleted on the server (kept here)."""
    unreadable: tuple[tuple[str, str], ...]
    """(UID, why) for server copies that could not be read."""


def pull(
    library: Library, key: str, fetched: Sequence[Fetched], token: str | None, token_before: str | None, *,
    url: str, calendar: str, audience: Audience = FULL, resolve: str | None = None, force: bool = False,
    limit: int = MAX_IMPORT_EVENTS,
) -> Pulled:
    """Merge what others changed on a server into the records, three ways, and keep the
    remote's state in step (``key`` names the remote in ``remotes.json``). At most ``limit``
    events, as an import: a series expanded into more is refused."""
    plans: list[Plan] = []
    deleted = tuple(f.uid for f in fetched if f.body is None)
    unreadable = tuple((f.uid, f.error) for f in fetched if f.error) + tuple((f.uid, n) for f in fetched for n in f.notes)

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        remote = library.sides().remotes().get(key) or RemoteState(url, calendar)
        if remote.sync_token != token_before:
            raise StorageError(_("another sync of this calendar ran meanwhile; run pull again"))
        items = [i for f in fetched if f.body is not None and not f.error for i in f.items]
        bases = {u: p.base for u, p in remote.events.items() if p.base is not None}
        plan = merge.plan(
            programme, items, now=library.now(), source=remote.url, bases=bases, audience=audience, resolve=resolve,
            where=_("on the server"), stale_check=False, limit=limit,
            series=[s for f in fetched for s in f.series], expanded=programme.visit.bounds(),
        )
        plans.append(plan)
        after = plan.apply(programme)
        writes = tuple(write_event(c.event, c.old) for c in plan.writes)
        by_uid = {f.uid: f for f in fetched}

        def bookkeeping(sides: Sides) -> None:
            states = sides.remotes()
            state = states.get(key) or RemoteState(remote.url, remote.calendar)
            exported = sides.exports()
            updated = dict(exported)
            for c in plan.changes:
                item = by_uid.get(c.uid)
                if item is None or c.action in ("conflict", "skip"):
                    continue
                event = after.event(c.event.id)
                if event is None:
                    continue
                in_step = c.base is not None and view_of(after, event, audience) == c.base
                local = fingerprint(after, event)
                old = exported.get(event.id)
                sequence = max(c.sequence, old.sequence if old else 0)
                state.events[c.uid] = Published(item.href, item.etag, digest(item.body or b""), local if in_step else "", sequence, c.base)
                if in_step:
                    updated[event.id] = Exported(event.revision, sequence, local, old.base if old else None)
                elif old is not None:
                    updated[event.id] = dataclasses.replace(old, sequence=sequence)
            for uid in deleted:
                state.events.pop(uid, None)
            if not plan.conflicts:
                state.sync_token = token  # unresolved conflicts come back at the next pull
            states[key] = state
            sides.save_remotes(states)
            if updated != exported:
                sides.save_exports(updated)

        return Proposal(after, writes, bookkeeping)

    applied = library.change("pull", propose, force=force)
    return Pulled(Merged(plans[-1], applied), deleted, unreadable)


def save_remote(library: Library, key: str, update: Callable[[RemoteState | None], RemoteState], *, exports: dict[str, Exported] | None = None) -> None:
    """Record a remote's state after a publish (``update`` gets the state as it is now)."""

    def propose(snapshot: Snapshot) -> Proposal:
        def bookkeeping(sides: Sides) -> None:
            states = sides.remotes()
            states[key] = update(states.get(key))
            sides.save_remotes(states)
            if exports is not None and exports != sides.exports():
                sides.save_exports(exports)

        return Proposal(snapshot.programme, (), bookkeeping)

    library.change("publish", propose)


# --- busy calendars ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BusySet:
    """What giving a person a busy calendar did."""

    applied: Applied
    count: int
    """Commitments during the visit."""
    notes: tuple[str, ...]
    """What was left out of the calendar, and why."""


def set_busy(library: Library, person: str, text: str, *, source: str) -> BusySet:
    """Give ``person`` the busy calendar ``text`` (already read and decoded): copied into the
    data folder as calendars/<person>.ics and named in people.toml, as one journaled change.
    The calendar is read before the folder is locked."""
    visit = library.store.visit()
    data = text.encode("utf-8")
    items, notes = busyfiles.parse(data, person, visit.zone, visit.bounds(), source)

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        if person not in programme.people_by_id:
            from itinerary.core.agenda import suggest

            hint = suggest(person, programme.people_by_id)
            if hint:
                raise NotFound(_("no person {id!r}; did you mean {hint!r}?", id=person, hint=hint))
            raise NotFound(_("no person {id!r}", id=person))
        relative = f"{busyfiles.CALENDARS_FOLDER}/{person}.ics"
        # the calendar belongs to this visit's folder: a person of the office's directory gets
        # the visit's own entry (the same person, with the calendar) that wins in this visit
        own = snapshot.own.people
        mine = programme.people_by_id[person]
        given = dataclasses.replace(mine, busy=relative)
        people = tuple(given if p.id == person else p for p in own) if person in snapshot.own.ids("person") else (*own, given)
        writes = [Write(relative, data, ("busy calendar",))]
        if people != own:
            writes.append(Write(PEOPLE_FILE, codec.dumps_people(people).encode("utf-8"), (f"{person}.busy",)))
        after = snapshot.rebuilt(dataclasses.replace(snapshot.own, people=people))
        return Proposal(after, tuple(writes), busy={person: items})

    applied = library.change(f"busy add {person}", propose)
    return BusySet(applied, len(items), tuple(notes))


def publish_revision(library: Library, message: str, *, force: bool = False) -> Revision:
    """Record the current records as the next numbered revision (refused while the programme
    has conflict errors, unless forced: the revision then says so)."""
    published: list[Revision] = []

    def propose(snapshot: Snapshot) -> Proposal:
        forced = guard_sharing(library, snapshot.programme, "published", force=force)
        said = message + (f" [published with {len(forced)} unresolved conflict error(s)]" if forced else "")  # the revision's record: data

        def bookkeeping(sides: Sides) -> None:
            published.append(sides.publish_revision(said, library.who, now=library.now()))

        return Proposal(snapshot.programme, (), bookkeeping)

    library.change("revision publish", propose)
    return published[-1]


def decode_calendar(data: bytes, source: str) -> tuple[str, str]:
    """A calendar file's text, and a notice when it was not UTF-8 (see :mod:`itinerary.formats.icstext`)."""
    from itinerary.formats import icstext

    try:
        return icstext.decode(data)
    except icstext.CalendarError as err:
        raise InvalidData(err.located(), source=source) from None
