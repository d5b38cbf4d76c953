"""Taking in what changed on the server, as one journaled change of the folder.

Each record the server's copy changed is merged three ways with ours, field by field, against
its base (see :mod:`itinerary.core.recordmerge`):

* changed there only → taken, exactly as the copy has it (revision and time of change included,
  so every replica ends with the same bytes); changed on both sides, different fields → both
  kept, as a new revision (sent back by the publish that follows);
* a field both changed differently → a conflict: the record keeps ours, the server keeps theirs,
  and nothing is sent for it until the officer settles it (``--theirs`` or ``--ours``);
* deleted there and changed here (or removed here and changed there) → the change survives,
  flagged, and goes back to the server; deleted there and unchanged here → removed here;
* a record something here still names (a person, a venue, a contact, an event another event
  follows) is never removed by a deletion from elsewhere: it is kept, flagged, and sent again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from itinerary.changes.events import write_event
from itinerary.changes.library import Proposal
from itinerary.changes.teamread import Theirs, not_taken
from itinerary.changes.teamrecords import (
    Record,
    fields_of,
    ident,
    kind_of,
    local_records,
    localized,
    ordered,
    person_with_busy,
    rebuilt,
    record_of,
    text_of,
)
from itinerary.core import recordmerge
from itinerary.core.agenda import free_id
from itinerary.core.authored import Authored
from itinerary.core.fromcal import to_event
from itinerary.errors import InvalidData
from itinerary.formats import codec
from itinerary.formats.officefile import OFFICE_FILE, dumps_office
from itinerary.formats.teamstate import Item, Pending, TeamState
from itinerary.i18n import N_, _, pgettext
from itinerary.model import ID_PATTERN, Directory, Event, Programme, slugify
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE, Snapshot, Write, assemble

A_LEG = N_("a travel leg")
"""What names a venue when a travel leg does (an event names it by its id)."""


@dataclass(frozen=True)
class Outcome:
    """What a sync did to one record."""

    key: str
    """The record's key."""
    action: str
    """'added', 'updated', 'removed', 'restored', 'kept', 'conflict' or 'skipped' (the server's copy
    cannot be taken, the notes say why: the record and the copy both stay as they are)."""
    subject: str
    """The event's id, the person's, venue's or contact's id, 'visit', 'office' or 'directory'."""
    taken: tuple[str, ...] = ()
    """The fields taken from the server."""
    conflicts: tuple[tuple[str, str, str, str], ...] = ()
    """(field, ours, theirs, who set theirs) for each field waiting to be settled."""
    settled: tuple[tuple[str, str, str, str], ...] = ()
    """(field, ours, theirs, who set theirs) for each conflict this sync settled (--theirs or --ours)."""
    notes: tuple[str, ...] = ()
    """What the officer should know."""
    by: tuple[Authored, ...] = ()
    """The changes made elsewhere that it brings."""


@dataclass
class Pulled:
    """A pull's merge, before it is written: the records after it and what it did."""

    records: dict[str, Record]
    """Every shared record after the merge, by key."""
    items: dict[str, Item]
    """The state of every shared record after the merge."""
    outcomes: list[Outcome] = field(default_factory=list)
    """What it did, record by record."""
    by: dict[str, tuple[Authored, ...]] = field(default_factory=dict)
    """The changes from elsewhere each key brings."""
    hrefs: dict[str, str] = field(default_factory=dict)
    """Where each record shared before the merge is on the server."""
    unresolved: set[str] = field(default_factory=set)
    """Records named by events that neither the folder nor the server holds: placeholders here."""


def _who(log: Sequence[Authored], name: str) -> str:
    for change in reversed(log):
        if name in change.fields or not change.fields:
            return change.who
    return ""


def _new_log(base: Sequence[Authored], theirs: Sequence[Authored]) -> tuple[Authored, ...]:
    known = set(base)
    return tuple(a for a in theirs if a not in known)


def merge_all(snapshot: Snapshot, state: TeamState, theirs: Sequence[Theirs], *, resolve: str | None, now: dt.datetime) -> Pulled:
    """Every changed record merged with ours (see the module), and every pending conflict
    settled when ``resolve`` says how."""
    records = local_records(snapshot)
    items = {k: dataclasses.replace(v, pending=dict(v.pending)) for k, v in state.items.items()}
    pulled = Pulled(records, items, hrefs={k: v.href for k, v in state.items.items()}, unresolved=set(state.unresolved))
    tz = snapshot.programme.visit.tz
    changed = {t.key for t in theirs}
    for copy in theirs:
        _merge_key(snapshot.programme, pulled, copy, resolve=resolve, now=now, tz=tz)
    if resolve is not None:  # conflicts of records the server did not change this time
        for key, item in list(items.items()):
            if key in changed or not item.pending or not item.base:
                continue
            base = record_of(key, item.base, key)
            _merge_key(snapshot.programme, pulled, Theirs(key, item.href, item.etag, base, item.base, item.std, item.sequence, item.log,
                                                         item.pos), resolve=resolve, now=now, tz=tz)
    visit_id = snapshot.programme.visit.id
    for key, record in pulled.records.items():
        pulled.records[key] = localized(key, record, visit_id)
    return pulled


def _merge_key(programme: Programme, pulled: Pulled, copy: Theirs, *, resolve: str | None, now: dt.datetime, tz: dt.tzinfo) -> None:
    key = copy.key
    subject = ident(key) or key
    ours = pulled.records.get(key)
    item = pulled.items.get(key)
    base = record_of(key, item.base, key) if item is not None and item.base else None
    if kind_of(key) == "event" and (ours is not None or copy.record is not None):
        subject = getattr(ours if ours is not None else copy.record, "id", subject)
    if copy.refused:
        pulled.outcomes.append(Outcome(key, "skipped", subject, notes=(copy.refused,)))
        return
    if copy.foreign is not None and ours is None:  # an event another app made, or a replica's without its record
        taken = {e.id for e in pulled.records.values() if isinstance(e, Event)}
        own = re.fullmatch(rf"({ID_PATTERN})@{re.escape(programme.visit.id)}\.itinerary", copy.foreign.uid)
        try:
            event, notes = to_event(programme, copy.foreign, own.group(1) if own and own.group(1) not in taken else
                                    free_id(slugify(copy.foreign.summary), taken), now)
        except InvalidData as err:  # e.g. a text longer than a record holds: never cut, so not taken at all
            pulled.outcomes.append(Outcome(key, "skipped", copy.foreign.uid, notes=(not_taken(err),)))
            return
        if own:  # another replica's event whose copy lost its record: theirs comes back whole when they sync
            event = dataclasses.replace(event, uid="") if event.id == own.group(1) else event
            notes = [*notes, _("its copy on the server lost the record it carried (an app dropped it): what the calendar shows is "
                               "taken until the officer who has it syncs")]
        pulled.records[key] = event
        pulled.items[key] = Item(copy.href, copy.etag, text_of(key, event) if own else "", "", dict(copy.std or {}), copy.sequence,
                                 blind=bool(own))
        pulled.outcomes.append(Outcome(key, "added", event.id, notes=(*notes, *(() if own else (_("made in another calendar app"),)))))
        return
    new_item = Item(copy.href, copy.etag, copy.text, "", dict(copy.std or {}), copy.sequence, copy.log,
                    copy.pos if copy.pos is not None else (item.pos if item else None), refresh=copy.refresh, blind=copy.blind)
    fresh = _new_log(item.log if item else (), copy.log)
    if copy.record is None:  # deleted on the server
        _deleted(pulled, key, subject, ours, base, item)
        return
    theirs = copy.record
    if ours is None:
        if base is not None and fields_of(key, theirs) != fields_of(key, base):
            pulled.outcomes.append(Outcome(key, "restored", subject, notes=(_("removed here, but changed on the server since: kept"),), by=fresh))
        elif base is not None:
            pulled.items[key] = new_item  # removed here: the removal goes to the server (If-Match this copy)
            return
        else:
            pulled.outcomes.append(Outcome(key, "added", subject, notes=copy.notes, by=fresh))
        pulled.records[key] = theirs
        pulled.items[key] = new_item
        pulled.by[key] = fresh
        return
    if key in pulled.unresolved and ours == placeholder(key):  # the directory has it now: taken whole
        base = ours
        pulled.unresolved.discard(key)
    if kind_of(key) == "person":
        theirs = person_with_busy(theirs, ours.busy)
    mine, yours = fields_of(key, ours), fields_of(key, theirs)
    pending = item.pending if item is not None else {}
    merged = recordmerge.merge(None if base is None else fields_of(key, base), mine, yours, pending=pending, resolve=resolve)
    result = _result(key, ours, theirs, merged, now)
    conflicts = merged.conflicts
    if result is None:  # the merge makes no valid record: every field the two sides differ in waits
        conflicts = tuple(recordmerge.FieldConflict(n, mine.get(n), yours.get(n)) for n in sorted(mine.keys() | yours.keys())
                          if mine.get(n) != yours.get(n))
        result = ours
    new_item.pending = {c.field: Pending(recordmerge.shown(c.ours, tz), recordmerge.shown(c.theirs, tz), _who(copy.log, c.field), subject)
                        for c in conflicts}
    pulled.records[key] = result
    pulled.items[key] = new_item
    pulled.by[key] = fresh
    rows = tuple((c.field, recordmerge.shown(c.ours, tz), recordmerge.shown(c.theirs, tz), _who(copy.log, c.field)) for c in conflicts)
    settled = tuple((c.field, recordmerge.shown(c.ours, tz), recordmerge.shown(c.theirs, tz),
                     pending[c.field].who if c.field in pending else _who(copy.log, c.field)) for c in merged.settled)
    if conflicts:
        pulled.outcomes.append(Outcome(key, "conflict", subject, merged.taken, rows, notes=copy.notes, by=fresh, settled=settled))
    elif result != ours or settled:
        pulled.outcomes.append(Outcome(key, "updated", subject, merged.taken, notes=copy.notes, by=fresh, settled=settled))
    elif copy.notes:
        pulled.outcomes.append(Outcome(key, "kept", subject, notes=copy.notes))


def _result(key: str, ours: Record, theirs: Record, merged: recordmerge.Merged, now: dt.datetime) -> Record | None:
    """The record after a merge: theirs exactly when it took everything of theirs, ours when it
    took nothing, else a new revision of both (None when the fields make no valid record)."""
    if not merged.conflicts and merged.fields == fields_of(key, theirs):
        return theirs
    if merged.fields == fields_of(key, ours):
        return ours
    try:
        out = rebuilt(key, ours, merged.fields, order=theirs)
        if isinstance(out, Event):
            out = dataclasses.replace(out, revision=max(ours.revision, theirs.revision) + 1, updated=now)
        return out
    except (InvalidData, ValueError, TypeError):
        return None


def _deleted(pulled: Pulled, key: str, subject: str, ours: Record | None, base: Record | None, item: Item | None) -> None:
    """The server's copy was deleted: removed here too, unless changed here since (then kept, flagged, sent again)."""
    if ours is None:
        pulled.items.pop(key, None)
        return
    if base is not None and fields_of(key, ours) == fields_of(key, base):
        del pulled.records[key]
        pulled.items.pop(key, None)
        pulled.outcomes.append(Outcome(key, "removed", subject, notes=(_("deleted on the server"),)))
        return
    changed = sorted(k for k in fields_of(key, ours).keys() | (fields_of(key, base).keys() if base else set())
                     if base is None or fields_of(key, ours).get(k) != fields_of(key, base).get(k))
    pulled.items[key] = Item(item.href if item else "", "", "", "", pos=item.pos if item else None)
    pulled.outcomes.append(Outcome(key, "kept", subject, notes=(_("deleted on the server, but changed here ({fields}): kept, and sent again", fields=", ".join(changed[:6])),)))


def keep_named(pulled: Pulled, before: Mapping[str, Record], bases: Mapping[str, str], visit_id: str) -> None:
    """Bring back every record that something still names and that a deletion (pulled, or made
    here while the server's copy came to name it) removed: as it was here, or as it last agreed."""
    ids = {r.id: k for k, r in before.items() if isinstance(r, Event)}
    for key, text in bases.items():
        if kind_of(key) == "event" and text and key not in pulled.records:
            found = re.search(r'^id = "([a-z0-9-]+)"$', text, re.M)
            if found:
                ids.setdefault(found.group(1), key)
    for _round in range(len(before) + len(bases) + 1):
        named = _named(pulled.records, ids)
        lost = [k for k in named if k not in pulled.records and (k in before or bases.get(k))]
        if not lost:
            return
        for key in lost:
            pulled.records[key] = before[key] if key in before else localized(key, record_of(key, bases[key], key), visit_id)
            old = pulled.items.get(key)
            if old is None or not old.base:  # deleted on the server: made there again
                pulled.items[key] = Item(old.href if old else pulled.hrefs.get(key, ""), "", "", "", pos=old.pos if old else None)
                why = _("deleted on the server, but {named} still names it: kept, and sent again", named=_named_by(named[key]))
            else:
                why = _("removed here, but {named} names it on the server: kept", named=_named_by(named[key]))
            subject = getattr(pulled.records[key], "id", key)
            pulled.outcomes = [o for o in pulled.outcomes if not (o.key == key and o.action == "removed")]
            pulled.outcomes.append(Outcome(key, "kept", subject, notes=(why,)))


def unresolved(pulled: Pulled, shared: Directory | None) -> list[str]:
    """Keep every reference no record answers (not here, not on the server): a placeholder that
    carries only the id, never sent, reported by check — a reference is never dropped."""
    have = set(pulled.records)
    if shared is not None:
        have |= {f"person:{p.id}" for p in shared.people} | {f"venue:{v.id}" for v in shared.venues} | {
            f"contact:{c.id}" for c in shared.contacts}
    notes = []
    kinds = {"person": pgettext("record", "person"), "venue": pgettext("record", "venue"), "contact": pgettext("record", "contact")}
    for key, who in sorted(_named(pulled.records, {}).items()):
        if key in have or kind_of(key) not in ("person", "venue", "contact"):
            continue
        pulled.records[key] = placeholder(key)
        pulled.unresolved.add(key)
        notes.append(_("{kind} {id!r}, named by {who}, is not in the shared directory: kept by its id alone "
                       "(`itinerary check` reports it until its record comes)", kind=kinds[kind_of(key)], id=ident(key), who=_named_by(who)))
    pulled.unresolved &= set(pulled.records)
    return notes


def placeholder(key: str) -> Record:
    """What stands for a record only its id is known of."""
    from itinerary.model import Contact, Person, Venue

    factory = {"person": Person, "venue": Venue, "contact": Contact}[kind_of(key)]
    return factory(ident(key), ident(key))


def _named_by(who: str) -> str:
    """Who names a record, as a note says it: an event's id, or 'a travel leg' in the interface's language."""
    return _(A_LEG) if who == A_LEG else who


def _named(records: Mapping[str, Record], known: Mapping[str, str]) -> dict[str, str]:
    """Every record something names, by key, with who names it (``known``: the keys of events by
    id, those gone included)."""
    events = {**known, **{r.id: k for k, r in records.items() if isinstance(r, Event)}}
    named: dict[str, str] = {}
    for record in records.values():
        if isinstance(record, Event):
            for person in record.participants:
                named.setdefault(f"person:{person}", record.id)
            if record.venue:
                named.setdefault(f"venue:{record.venue}", record.id)
            for contact in record.contacts:
                named.setdefault(f"contact:{contact}", record.id)
            for other in (*record.after, *record.before, *record.same_day):
                if other in events:
                    named.setdefault(events[other], record.id)
        elif isinstance(record, tuple):  # the travel legs
            for leg in record:
                named.setdefault(f"venue:{leg.origin}", A_LEG)
                named.setdefault(f"venue:{leg.destination}", A_LEG)
    return named


def proposal(snapshot: Snapshot, pulled: Pulled, bookkeeping: object, command: str = "sync") -> Proposal:
    """The change that writes what the merge made: event records, and the folder's directory and
    settings files where they changed."""
    before = local_records(snapshot)
    records = pulled.records
    writes: list[Write] = []
    old_events = {e.id: e for e in snapshot.programme.events}
    new_events = {r.id: (k, r) for k, r in records.items() if kind_of(k) == "event"}
    for event_id, (key, event) in sorted(new_events.items()):
        old = old_events.get(event_id)
        if old is not None and codec.dumps_event(old) == codec.dumps_event(event):
            continue
        write = write_event(event, old)
        writes.append(dataclasses.replace(write, by=pulled.by.get(key, ())))
    for event_id in sorted(set(old_events) - set(new_events)):
        writes.append(Write(codec.event_file_name(event_id), None, ("removed",)))
    places = {ident(k): i.pos for k, i in pulled.items.items() if kind_of(k) in ("person", "venue", "contact")}
    own = Directory(
        ordered((r for k, r in records.items() if kind_of(k) == "person"), places),
        ordered((r for k, r in records.items() if kind_of(k) == "venue"), places),
        tuple(records.get("directory", ())),
        ordered((r for k, r in records.items() if kind_of(k) == "contact"), places),
    )
    settings = records.get("office") or records.get("visit")
    if own.people != snapshot.own.people:
        writes.append(Write(PEOPLE_FILE, codec.dumps_people(own.people).encode("utf-8"), _changed_ids(before, records, "person")))
    if own.venues != snapshot.own.venues or own.travel != snapshot.own.travel:
        writes.append(Write(VENUES_FILE, codec.dumps_venues(own.venues, own.travel).encode("utf-8"),
                            _changed_ids(before, records, "venue") + (("travel",) if own.travel != snapshot.own.travel else ())))
    visit = snapshot.programme.visit
    if snapshot.office is not None:
        office = dataclasses.replace(settings or snapshot.office, contacts=own.contacts)
        if office != snapshot.office:
            writes.append(Write(OFFICE_FILE, dumps_office(office).encode("utf-8"), ("office",)))
        after = Programme(office.as_visit(), own.people, own.venues, own.travel)
    else:
        new_visit = dataclasses.replace(settings or visit, contacts=own.contacts)
        if new_visit != dataclasses.replace(visit, contacts=snapshot.own.contacts):
            writes.append(Write(VISIT_FILE, codec.dumps_visit(new_visit).encode("utf-8"), ("visit",)))
        events = tuple(r for _key, r in new_events.values())
        after = assemble(new_visit, own, snapshot.shared, events)
    return Proposal(after, tuple(writes), bookkeeping, command=command)  # type: ignore[arg-type]


def _changed_ids(before: Mapping[str, Record], after: Mapping[str, Record], kind: str) -> tuple[str, ...]:
    keys = {k for k in before.keys() | after.keys() if kind_of(k) == kind}
    return tuple(sorted(ident(k) for k in keys if before.get(k) != after.get(k)))
