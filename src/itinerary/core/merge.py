"""Merging calendar copies into the records, field by field, three ways. Pure, no I/O.

For each copy that comes back (from a file or a server) there are three versions of what
iCalendar carries: the *base* (what we last exported, published or took in), *ours* (the record
now) and *theirs* (the copy). Field by field (:data:`~itinerary.core.calview.MERGED_FIELDS`):
changed on their side only → theirs is taken; on ours only → ours stays; on both, differently →
a conflict, shown with both values and settled only by ``resolve`` ('theirs' or 'ours'). What
iCalendar cannot carry — Korean title, kind, agenda, contacts, attachments, sources, restricted
fields, the TBC state — always stays as the record has it, whatever an app did to our
``X-ITINERARY-*`` properties. A UID the records do not know adds an event.

Without a base (a file exported before bases were kept), the copy counts only when its SEQUENCE
is above ours, and then every field it changed is taken — still only what iCalendar carries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from itinerary.core import wording
from itinerary.core.agenda import FreeIds
from itinerary.core.calview import MERGED_FIELDS, Incoming, View, value, view_of, view_of_incoming, window_on_days
from itinerary.core.fromcal import clean_line, clean_text, in_zone, people_for, to_event, venue_for
from itinerary.errors import InvalidData
from itinerary.i18n import _, language, translator
from itinerary.model import ID_PATTERN, Audience, Event, Programme, slugify
from itinerary.model.checks import MAX_IMPORT_EVENTS


@dataclass(frozen=True)
class Conflict:
    """A field changed on both sides, differently."""

    field: str
    """One of :data:`MERGED_FIELDS`."""
    ours: str
    """Our value, as a person reads it."""
    theirs: str
    """Their value, as a person reads it."""


@dataclass(frozen=True)
class Change:
    """What a merge does to one event."""

    action: str
    """'add', 'update', 'unchanged', 'skip' or 'conflict'."""
    event: Event
    """The event as the merge would leave it (for 'conflict' and 'skip': as it is)."""
    uid: str
    """The copy's UID."""
    old: Event | None = None
    """The record before, when there was one."""
    reason: str = ""
    """Why, for skips; what could not be matched, for the others."""
    taken: tuple[str, ...] = ()
    """The merged fields taken from their copy."""
    conflicts: tuple[Conflict, ...] = ()
    """Fields changed on both sides."""
    notes: tuple[str, ...] = ()
    """What the officer must know about this event (a TBC event moved, a venue not matched)."""
    base: View | None = None
    """The base to keep after the merge (their copy's view), or None to keep the old one."""
    sequence: int = 0
    """Their SEQUENCE."""


@dataclass(frozen=True)
class Plan:
    """Everything a merge would do."""

    changes: tuple[Change, ...]
    """One change per copy."""
    notes: tuple[str, ...] = ()
    """Things the officer should know about the file as a whole."""
    outside: int = 0
    """Events left out because they do not meet the visit's days."""

    @property
    def writes(self) -> list[Change]:
        """The changes that write a record."""
        return [c for c in self.changes if c.action in ("add", "update")]

    @property
    def conflicts(self) -> list[Change]:
        """The events left unchanged because both sides changed a field."""
        return [c for c in self.changes if c.action == "conflict"]

    def apply(self, programme: Programme) -> Programme:
        """The programme as it would be after the merge."""
        return programme.replacing(*(c.event for c in self.writes))


def shown_value(name: str, view: View, tz: dt.tzinfo) -> str:
    """A merged field's value as a person reads it, in the interface's language."""
    tr = translator(language())
    if name == "time":
        if "T" not in view.start:  # whole days
            first, after = dt.date.fromisoformat(view.start), dt.date.fromisoformat(view.end)
            last = after - dt.timedelta(days=1)
            if last <= first:
                return _("{day}, all day", day=wording.day_month(first, tr))
            return _("{first}–{last}, all day", first=wording.day_month(first, tr), last=wording.day_month(last, tr))
        start = dt.datetime.fromisoformat(view.start.replace("Z", "+00:00"))
        end = dt.datetime.fromisoformat(view.end.replace("Z", "+00:00"))
        return wording.span_text(start, end, tz, tr) + (f" ({view.zone})" if str(tz) != view.zone else "")
    found = value(view, name)
    if isinstance(found, tuple):
        return wording.listing(found, tr) or _("(none)")
    if isinstance(found, bool):
        return _("free (transparent)") if found else _("busy")
    return str(found) if found else _("(none)")


def _take(programme: Programme, old: Event, theirs: View, item: Incoming, names: Sequence[str], where: str) -> tuple[dict[str, object], list[str]]:
    """The record fields that taking ``names`` from their copy sets, and what to tell about it."""
    fields: dict[str, object] = {}
    notes: list[str] = []
    for name in names:
        if name == "title":
            fields["title"] = clean_line(theirs.title) or old.title
        elif name == "time":
            if old.time_tbc and item.all_day:  # its all-day item moved: the window moves by as many days
                window = window_on_days(old.start, old.end, item.start.date(), item.end.date(), old.zone)
                if window is None:
                    notes.append(_("moved {where} to days that cannot hold its planning window; window kept", where=where))
                    continue
                fields.update(start=window[0], end=window[1])
                start, end = window
            else:
                placed = in_zone(item, old.zone, ZoneInfo(old.zone)) if item.all_day else item
                fields.update(start=placed.start, end=placed.end, zone=placed.zone, all_day=item.all_day)
                start, end = item.start, item.end
            if old.time_tbc:
                tz, tr = programme.visit.tz, translator(language())
                local = start.astimezone(tz)
                span = f"{wording.day_month(local.date(), tr)} {wording.hour_minute(local)}–{wording.clock(end, tz, tr, local.date())}"
                notes.append(_("moved {where}: planning window now {window}; still TBC — confirm with `itinerary edit {id} --time-confirmed`",
                               where=where, window=span, id=old.id))
        elif name == "location":
            venue = venue_for(programme, theirs.location or "") if theirs.location else None
            if theirs.location and venue is None:
                notes.append(_("location {location!r} {where} matches no venue; venue kept (add it with `itinerary venue add`)",
                               location=theirs.location, where=where))
            else:
                fields["venue"] = venue
        elif name == "attendees":
            matched, unmatched = people_for(programme, theirs.attendees or ())
            fields["participants"] = tuple(matched)
            notes.extend(_("attendee {name!r} {where} matches no person; not added", name=n, where=where) for n in unmatched)
        elif name == "status":
            status = {"CANCELLED": "cancelled", "CONFIRMED": "confirmed", "TENTATIVE": "tentative"}.get(theirs.status or "")
            if status is not None:
                fields["status"] = status
                if status == "confirmed" and old.time_tbc:
                    notes.append(_("confirmed {where}; its time is still to be confirmed (`itinerary edit {id} --time-confirmed`)", where=where,
                                   id=old.id))
        elif name == "visibility":
            fields["visibility"] = "public" if theirs.visibility == "PUBLIC" else "restricted"
        elif name == "transparent":
            fields["overlap_ok"] = theirs.transparent
        elif name == "notes":
            fields["notes"] = clean_text(theirs.notes or "")
    return fields, notes


def merge_one(
    programme: Programme, old: Event, item: Incoming, *, base: View | None, our_sequence: int | None, audience: Audience,
    resolve: str | None, now: dt.datetime, where: str, stale_check: bool,
) -> Change:
    """Their copy ``item`` of the recorded event ``old``, merged three ways (see the module)."""
    ours = view_of(programme, old, audience)
    theirs = view_of_incoming(item, base)
    uid = programme.uid(old)

    def differs(a: View, b: View, name: str) -> bool:
        x, y = value(a, name), value(b, name)
        return x is not None and y is not None and x != y

    if base is None:
        if not any(differs(theirs, ours, n) for n in MERGED_FIELDS):
            return Change("unchanged", old, uid, old, base=theirs, sequence=item.sequence)
        if our_sequence is not None and item.sequence <= our_sequence:
            return Change("skip", old, uid, old, _("SEQUENCE {theirs} is not newer than ours ({ours})", theirs=item.sequence, ours=our_sequence))
        base = ours
    elif not any(differs(theirs, base, n) for n in MERGED_FIELDS):
        return Change("unchanged", old, uid, old, base=theirs, sequence=item.sequence)
    elif stale_check and our_sequence is not None and item.sequence < our_sequence:
        return Change("skip", old, uid, old, _("an older copy: SEQUENCE {theirs} is older than ours ({ours})", theirs=item.sequence,
                                               ours=our_sequence))
    taken: list[str] = []
    conflicts: list[Conflict] = []
    tz = programme.visit.tz
    for name in MERGED_FIELDS:
        if not differs(theirs, base, name):
            continue
        if not differs(ours, base, name) or not differs(ours, theirs, name) or resolve == "theirs":
            if differs(ours, theirs, name):
                taken.append(name)
        elif resolve != "ours":
            conflicts.append(Conflict(name, shown_value(name, ours, tz), shown_value(name, theirs, tz)))
    if conflicts:
        return Change("conflict", old, uid, old, conflicts=tuple(conflicts), sequence=item.sequence)
    fields, notes = _take(programme, old, theirs, item, taken, where)
    fields = {k: v for k, v in fields.items() if getattr(old, k) != v}
    if not fields:
        return Change("unchanged", old, uid, old, notes=tuple(notes), base=theirs, sequence=item.sequence)
    try:
        event = dataclasses.replace(old, **fields, revision=old.revision + 1, updated=now)  # type: ignore[arg-type]
    except InvalidData as err:
        if err.field:
            return Change("skip", old, uid, old, _("their {field} cannot be taken: {reason}", field=err.field, reason=err.reason))
        return Change("skip", old, uid, old, _("their copy cannot be taken: {reason}", reason=err.reason))
    return Change("update", event, uid, old, taken=tuple(taken), notes=tuple(notes), base=theirs, sequence=item.sequence)


def plan(
    programme: Programme,
    items: Sequence[Incoming],
    *,
    now: dt.datetime,
    source: str = "",
    bases: Mapping[str, View] | None = None,
    sequences: Mapping[str, int] | None = None,
    audience: Audience = Audience(),
    resolve: str | None = None,
    where: str = "",
    stale_check: bool = True,
    limit: int = MAX_IMPORT_EVENTS,
    all_dates: bool = False,
    series: Sequence[str] = (),
    expanded: tuple[dt.datetime, dt.datetime] | None = None,
) -> Plan:
    """What merging ``items`` into ``programme`` would do.

    ``bases`` are the views last exchanged, by UID; ``sequences`` the SEQUENCE we last
    exported, by event id. ``where`` says where their copy is, for the notes ('on the server';
    'in the file' when not given), in the interface's language.
    An event the records do not have yet is added only when it meets the visit's days, unless
    ``all_dates``; one they have is merged wherever it has moved. An occurrence of a series that
    the records have and the file no longer holds (an EXDATE, a deleted occurrence) inside the
    stretch the file was ``expanded`` over is cancelled; ``series`` names the file's series.
    """
    where = where or _("in the file")
    records = {programme.uid(e): e for e in programme.events}
    kept_items = [i for i in items if all_dates or not i.outside or i.uid in records or i.legacy_uid in records]
    outside = len(items) - len(kept_items)
    if len(kept_items) > limit:
        raise InvalidData(_("{n} events is over the limit of {limit} at once (--max-events raises it); nothing was changed", n=len(kept_items),
                            limit=limit), source=source)
    notes: list[str] = []
    by_uid: dict[str, Incoming] = {}
    for item in kept_items:
        kept = by_uid.get(item.uid)
        if kept is not None:
            better = item if item.sequence >= kept.sequence else kept
            notes.append(_("UID {uid!r} appears twice; the copy with SEQUENCE {sequence} is used", uid=item.uid, sequence=better.sequence))
            by_uid[item.uid] = better
        else:
            by_uid[item.uid] = item
    free = FreeIds(programme.events_by_id)
    bases, sequences = bases or {}, sequences or {}
    changes = []
    for uid, item in by_uid.items():
        old = records.get(uid) or records.get(item.legacy_uid)
        try:
            if old is not None:
                changes.append(_known(programme, old, item, uid, bases, sequences, audience, resolve, now, where, stale_check))
                continue
            wanted = item.record.get("id") if item.record is not None else None
            stem = wanted if isinstance(wanted, str) and re.fullmatch(ID_PATTERN, wanted) else slugify(item.summary)
            event_id = free.take(stem)
            event, unknown = to_event(programme, item, event_id, now)
        except InvalidData as err:
            raise InvalidData(_("event {uid!r} ({title!r}): {reason}", uid=item.uid, title=item.summary[:40], reason=err.reason), source=source,
                              field=err.field) from None
        if item.record is not None and programme.uid(dataclasses.replace(event, uid="")) == uid:
            event = dataclasses.replace(event, uid="")  # our own UID, derived again from the id
        changes.append(Change("add", event, uid, None, "; ".join(unknown), base=view_of_incoming(item, None), sequence=item.sequence))
    changes.extend(_dropped_occurrences(programme, items, set(series) | {i.series for i in items if i.series}, expanded, now, where))
    notes.extend(_("{event}: {note}", event=c.event.id, note=c.reason) for c in changes if c.reason and c.action not in ("skip", "update"))
    return Plan(tuple(changes), tuple(notes), outside)


def _known(
    programme: Programme, old: Event, item: Incoming, uid: str, bases: Mapping[str, View], sequences: Mapping[str, int],
    audience: Audience, resolve: str | None, now: dt.datetime, where: str, stale_check: bool,
) -> Change:
    """The merge of a copy of an event the records have (found by its UID or, for an occurrence
    imported by an older version, by the identity that version gave it)."""
    change = merge_one(
        programme, old, item, base=bases.get(uid) or bases.get(item.legacy_uid), our_sequence=sequences.get(old.id),
        audience=audience, resolve=resolve, now=now, where=where, stale_check=stale_check,
    )
    if old.uid and old.uid != uid and change.action in ("update", "unchanged"):  # keep the new identity from now on
        event = dataclasses.replace(change.event, uid=uid, revision=old.revision + 1, updated=now)
        return dataclasses.replace(change, action="update", event=event)
    return change


def _dropped_occurrences(
    programme: Programme, items: Sequence[Incoming], series: set[str], expanded: tuple[dt.datetime, dt.datetime] | None,
    now: dt.datetime, where: str,
) -> list[Change]:
    """Occurrences the records have of a series in the file that the file no longer holds."""
    if not series or expanded is None:
        return []
    present = {i.uid for i in items} | {i.legacy_uid for i in items if i.legacy_uid}
    dropped = []
    for event in programme.events:
        head, slash, _occurrence = event.uid.partition("/")
        if not slash or head not in series or event.uid in present or event.cancelled:
            continue
        if not (expanded[0] <= event.start < expanded[1]):
            continue  # outside the stretch the series was read for: no judgement
        cancelled = dataclasses.replace(event, status="cancelled", revision=event.revision + 1, updated=now)
        dropped.append(Change("update", cancelled, event.uid, event, taken=("status",),
                              notes=(_("no longer in its series {where} (an EXDATE, or a deleted occurrence): cancelled", where=where),)))
    return dropped


