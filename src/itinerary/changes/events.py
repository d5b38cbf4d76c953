"""Changes to events, and undo and redo: each one a proposal for the one change path."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from itinerary.changes.library import Applied, Library, Proposal
from itinerary.core import journal
from itinerary.core.agenda import free_id, suggest, window_text
from itinerary.core.journal import Entry
from itinerary.errors import InvalidData, NotFound, StorageError, UsageError
from itinerary.formats import codec
from itinerary.i18n import _
from itinerary.model import PLANNING_FIELDS, Event, Programme, changed_fields, elapsed, shift
from itinerary.storage.store import PEOPLE_FILE, RESERVED_IDS, VENUES_FILE, VISIT_FILE, Snapshot, Write


@dataclass(frozen=True)
class Edit:
    """What an edit changes. ``start`` alone moves the event and keeps its length."""

    fields: Mapping[str, object] = field(default_factory=dict)
    """New values of plain fields (title, venue, participants, status…)."""
    start: dt.datetime | None = None
    """A new start; on an event whose time is TBC it confirms the time unless ``time_tbc`` is set."""
    end: dt.datetime | None = None
    """A new end."""
    duration: dt.timedelta | None = None
    """A new length (instead of ``end``); for an event whose time stays to be confirmed, its
    expected length (the planning window is kept)."""
    source: str | None = None
    """Where a confirmation comes from ('Office of the President, call of 12 May'): recorded as
    the source of the time when the edit confirms it, and of each planning field it sets."""
    revision: int | None = None
    """The revision the edit was made against (a view open on a screen): when the record has
    another one now, someone changed it meanwhile and the edit is refused (StorageError)."""


def find_event(programme: Programme, event_id: str) -> Event:
    """The event ``event_id``; NotFound naming the closest id otherwise."""
    event = programme.event(event_id)
    if event is None:
        hint = suggest(event_id, programme.events_by_id)
        if hint:
            raise NotFound(_("no event {id!r}; did you mean {hint!r}?", id=event_id, hint=hint))
        raise NotFound(_("no event {id!r}", id=event_id))
    return event


def _file(event_id: str) -> str:
    return codec.event_file_name(event_id)


def write_event(event: Event, old: Event | None) -> Write:
    """The write of ``event``'s record (new when there is no ``old``)."""
    fields = changed_fields(old, event) if old is not None else ()
    return Write(_file(event.id), codec.dumps_event(event).encode("utf-8"), fields, create=old is None)


def add(library: Library, event: Event, *, pick_id: bool = False, force: bool = False, source: str | None = None) -> Applied:
    """Add ``event`` as a new record. With ``pick_id``, an id already taken becomes ``id-2``…
    Each planning field it sets cites ``source``, or is recorded as a planning assumption."""
    planning = [name for name in PLANNING_FIELDS if getattr(event, name) not in (None, (), "") and name not in dict(event.sources)]
    if planning:
        values = {name: getattr(event, name) for name in planning}
        event = dataclasses.replace(event, sources=planning_sources(dict(event.sources), values, planning, source, library))

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        new = event
        if pick_id:
            new = dataclasses.replace(event, id=free_id(event.id, {*programme.events_by_id, *RESERVED_IDS}))
        if new.id in RESERVED_IDS:
            raise InvalidData(_("{id!r} is reserved for {file}; choose another id", id=new.id, file=f"{new.id}.toml"), field="id")
        if new.id in programme.events_by_id:
            raise InvalidData(_("an event with id {id!r} already exists; choose another --id", id=new.id), field="id")
        new = dataclasses.replace(new, revision=1, updated=library.now())
        return Proposal(programme.replacing(new), (write_event(new, None),), command=f"add {new.id}")

    return library.change(f"add {event.id}", propose, force=force)


def edit(library: Library, event_id: str, change: Edit, *, force: bool = False) -> Applied:
    """Change fields of the event ``event_id`` (see :class:`Edit`)."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        old = find_event(programme, event_id)
        if change.revision is not None and old.revision != change.revision:
            raise StorageError(_("{id} changed since it was shown (revision {shown}, now {now}); nothing was written, look at it again",
                                 id=event_id, shown=change.revision, now=old.revision))
        values: dict[str, object] = dict(change.fields)
        if change.start is not None:
            values["start"] = change.start
            if "time_tbc" not in values and old.time_tbc:
                values["time_tbc"] = False
            values["end"] = shift(change.start, _length(old, change, confirms=old.time_tbc and values["time_tbc"] is False))
        elif old.time_tbc and values.get("time_tbc") is False and change.end is None and change.duration is None:
            _confirmable(old)
        begin = values.get("start", old.start)
        assert isinstance(begin, dt.datetime)
        if change.duration is not None and values.get("time_tbc", old.time_tbc):
            values["duration"] = int(change.duration.total_seconds() // 60)  # the expected length, not the window's
        elif change.duration is not None:
            values["end"] = shift(begin, change.duration)
        elif change.end is not None:
            values["end"] = change.end
        unknown = [k for k in values if k not in Event.__dataclass_fields__ or k in ("id", "revision", "updated", "uid")]
        if unknown:
            raise UsageError(_("{field!r} cannot be edited", field=unknown[0]))
        values = {k: v for k, v in values.items() if getattr(old, k) != v}
        planning = [k for k in values if k in PLANNING_FIELDS]
        confirms = (old.time_tbc and values.get("time_tbc") is False) or (old.status != "confirmed" and values.get("status") == "confirmed")
        if confirms or (change.source and len(planning) < len(values)):
            said = change.source or f"confirmed by {library.who} on {library.now():%Y-%m-%d} (no source given)"  # the record's source: data
            values["sources"] = tuple({**dict(old.sources), "time": said}.items())
        if planning:
            current = values.get("sources", old.sources)
            assert isinstance(current, tuple)
            values["sources"] = planning_sources(dict(current), values, planning, change.source, library)
        if not values:
            return Proposal(programme, (), message=_("Nothing to change in {id}.", id=event_id))
        new = dataclasses.replace(old, **values, revision=old.revision + 1, updated=library.now())  # type: ignore[arg-type]
        return Proposal(programme.replacing(new), (write_event(new, old),))

    return library.change(f"edit {event_id}", propose, force=force)


def _length(old: Event, change: Edit, *, confirms: bool) -> dt.timedelta:
    """The length an event moved to a new start keeps: its own, or — when the start confirms the
    time of a TBC event — its expected length, never its planning window's. An end or a length
    the edit gives replaces it afterwards."""
    if not confirms or change.end is not None or change.duration is not None:
        return elapsed(old.start, old.end)
    if old.duration is None:
        raise UsageError(_("the time of {id} is to be confirmed and no expected length is recorded: give its length with "
                           "--duration or its end with --end (its planning window, {window}, is not its length)", id=old.id, window=window_text(old)))
    return dt.timedelta(minutes=old.duration)


def _confirmable(old: Event) -> None:
    """Confirming a TBC event's time without a new start takes its window as its time: refused
    when the expected length recorded says the window is not the event."""
    if old.duration is not None and dt.timedelta(minutes=old.duration) != elapsed(old.start, old.end):
        raise UsageError(_("{id} is expected to last {minutes} min, and its planning window is {window}: give its start with --start to "
                           "confirm its time", id=old.id, minutes=old.duration, window=window_text(old)))


def planning_sources(
    sources: dict[str, str], values: Mapping[str, object], planning: Sequence[str], source: str | None, library: Library,
) -> tuple[tuple[str, str], ...]:
    """The sources after planning fields changed: each set field cites ``source``, or says it is
    a planning assumption of the officer's (never a fact of the source); a cleared one cites nothing."""
    said = source or f"planning assumption of {library.who}, {library.now():%Y-%m-%d}; not stated in the source"  # the record's source: data
    for name in planning:
        if values[name] in (None, (), ""):
            sources.pop(name, None)
        else:
            sources[name] = said
    return tuple(sources.items())


def cancel(library: Library, event_id: str, *, reason: str = "") -> Applied:
    """Mark the event cancelled, keeping it on record (and in exports, so calendars drop it)."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        old = find_event(programme, event_id)
        if old.cancelled:
            return Proposal(programme, (), message=_("{id} is already cancelled.", id=event_id))
        notes = (old.notes + (f"\nCancelled: {reason}" if reason else "")).strip("\n ")  # the English notes of the record: data
        new = dataclasses.replace(old, status="cancelled", notes=notes, revision=old.revision + 1, updated=library.now())
        return Proposal(programme.replacing(new), (write_event(new, old),), guard=False)

    return library.change(f"cancel {event_id}", propose)


def remove(library: Library, event_id: str) -> Applied:
    """Delete the event's record (the journal keeps its text: undo brings it back)."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        find_event(programme, event_id)
        return Proposal(programme.without(event_id), (Write(_file(event_id), None, ("removed",)),), guard=False)

    return library.change(f"remove {event_id}", propose)


# --- undo and redo --------------------------------------------------------------------------


def with_files(snapshot: Snapshot, writes: Sequence[Write], describe: Callable[[str], str]) -> Programme:
    """The programme as it is once ``writes`` are on disk (only the written files are parsed;
    in an office's visit, the office's directory still lies under the visit's own)."""
    from itinerary.formats.officefile import OFFICE_FILE, loads_office

    visit, own = snapshot.programme.visit, snapshot.own
    events = dict(snapshot.programme.events_by_id)
    for write in writes:
        name, data = write.file, write.data
        if "/" in name or not name.endswith(".toml"):
            continue
        if name == VISIT_FILE and data is not None:
            visit = codec.loads_visit(data, describe(name))
            own = dataclasses.replace(own, contacts=visit.contacts)
        elif name == OFFICE_FILE and data is not None:
            office = loads_office(data, describe(name))
            visit, own = office.as_visit(), dataclasses.replace(own, contacts=office.contacts)
        elif name == PEOPLE_FILE:
            own = dataclasses.replace(own, people=codec.loads_people(data, describe(name)) if data is not None else ())
        elif name == VENUES_FILE:
            venues, travel = codec.loads_venues(data, describe(name)) if data is not None else ((), ())
            own = dataclasses.replace(own, venues=venues, travel=travel)
        elif name not in (VISIT_FILE, PEOPLE_FILE, VENUES_FILE, OFFICE_FILE):
            event_id = name.removesuffix(".toml")
            if data is None:
                events.pop(event_id, None)
            else:
                events[event_id] = codec.loads_event(data, describe(name))
    moved = dataclasses.replace(snapshot, programme=Programme(visit, events=tuple(events.values())))
    return moved.rebuilt(own)


def _revert(library: Library, *, undo: bool, dry_run: bool, expect: int | None = None) -> tuple[Entry, Applied]:
    """Write back the "before" of every file the target changed (under the lock, the target
    chosen there), refusing when one of them changed since, or when the target is not the
    change ``expect`` names (the one the officer was shown)."""
    chosen: list[Entry] = []

    def propose(snapshot: Snapshot) -> Proposal:
        history = library.store.history()
        target = journal.undo_target(history) if undo else journal.redo_target(history)
        if target is None:
            raise NotFound(_("nothing to undo") if undo else _("nothing to redo (only an undo with no change after it can be redone)"))
        if expect is not None and target.seq != expect:
            values = {"seq": target.seq, "command": target.command, "who": target.who, "expected": expect}
            if undo:
                raise StorageError(_("the change to undo is now #{seq} ({command} by {who}), not #{expected}; nothing was undone", **values))
            raise StorageError(_("the change to redo is now #{seq} ({command} by {who}), not #{expected}; nothing was redone", **values))
        chosen.append(target)
        writes = []
        for change in reversed(target.changes):
            current = library.store.file_bytes(change.file)
            expected = None if change.after is None else change.after.encode("utf-8")
            if current != expected:
                values = {"path": library.store.backend.describe(change.file), "seq": target.seq, "command": target.command}
                if undo:
                    raise StorageError(_("{path} changed since change #{seq} ({command}); nothing was undone", **values))
                raise StorageError(_("{path} changed since change #{seq} ({command}); nothing was redone", **values))
            data = None if change.before is None else change.before.encode("utf-8")
            writes.append(Write(change.file, data, change.fields, create=change.after is None))
        after = with_files(snapshot, writes, library.store.backend.describe)
        if undo:
            return Proposal(after, tuple(writes), guard=False, command=f"undo #{target.seq} ({target.command})", undoes=target.seq)
        return Proposal(after, tuple(writes), guard=False, command="redo " + target.command.removeprefix("undo "), redoes=target.seq)

    applied = library.change("undo" if undo else "redo", propose, dry_run=dry_run)
    return chosen[0], applied


def undo(library: Library, *, dry_run: bool = False, expect: int | None = None) -> tuple[Entry, Applied]:
    """Revert the newest change still in effect; returns (that change, what the undo did).
    With ``expect``, only when that change is entry ``expect`` (the one shown before asking)."""
    return _revert(library, undo=True, dry_run=dry_run, expect=expect)


def redo(library: Library, *, dry_run: bool = False) -> tuple[Entry, Applied]:
    """Revert the newest undo, if no change came after it; returns (that undo, what the redo did)."""
    return _revert(library, undo=False, dry_run=dry_run)
