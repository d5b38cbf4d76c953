"""What a replica sends the server: every shared record that changed here since it last agreed
with the server, each with who changed it and when.

A record is sent when its text differs from its base — except the fields of a conflict waiting
to be settled, which go out as the server has them. A record removed here is deleted there
(``prune``), guarded by its ETag like every write. Nothing here talks to the server: this
module says what to send, and what the state becomes once it is sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from itinerary.changes.teamrecords import (
    Record,
    body_of,
    fields_of,
    href_of,
    ident,
    kind_of,
    local_records,
    rebuilt,
    record_of,
    text_of,
)
from itinerary.core.authored import Authored
from itinerary.core.journal import Entry
from itinerary.errors import InvalidData
from itinerary.formats import teamics
from itinerary.formats.teamics import SEQUENCE_STEP, Team
from itinerary.formats.teamstate import LOG_KEPT, Item, TeamState
from itinerary.i18n import _
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE, Snapshot

SYNC_COMMANDS = ("sync", "pull", "join")
"""Journal entries that took changes in from the server: not ours to send again."""


@dataclass(frozen=True)
class Sending:
    """One write to the server."""

    key: str
    """The record's key."""
    href: str
    """The resource's path."""
    etag: str | None
    """The ETag the server's copy must still have (If-Match); None for a new resource."""
    body: bytes | None
    """What to store, or None to delete the resource."""
    item: Item
    """The record's state once the server has it (its ETag filled in then)."""


def digest(text: str) -> str:
    """The digest a state keeps of a record's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def outgoing(
    snapshot: Snapshot, state: TeamState, history: Sequence[Entry], *, prune: bool, who: str, now: dt.datetime, owner: str,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[Sending], list[str]]:
    """What to send, and what the officer should know (records held back, removals not sent)."""
    programme = snapshot.programme
    records = local_records(snapshot)
    calendar, book = state.calendar, state.books.get("office" if snapshot.office is not None else "visit", "")
    places = [i.pos for i in state.items.values() if i.pos is not None]
    next_place = max(places, default=-1) + 1
    travel: dict[str, int] | None = None
    sending: list[Sending] = []
    notes: list[str] = []
    for key, record in records.items():
        item = state.items.get(key)
        if (kind_of(key) != "event" and kind_of(key) != "visit" and not book) or key in skip:
            continue
        if key in state.unresolved and text_of(key, record) == text_of(key, _placeholder(key)):
            continue  # only its id is known here: nothing to tell the others
        if item is not None and item.blind:
            if text_of(key, record) != item.base:
                notes.append(_("{record}: not sent yet — its copy on the server lost the record it carried after changes "
                               "this folder never saw; it goes once a colleague who saw them syncs", record=ident(key) or key))
            continue
        sha = local_digest(snapshot, key, record)
        if item is not None and item.sha == sha and item.base and not item.refresh:
            continue
        out = record
        if item is not None and item.pending and item.base:
            base = record_of(key, item.base, key)
            fields = fields_of(key, record)
            theirs = fields_of(key, base)
            for name in item.pending:
                if name in theirs:
                    fields[name] = theirs[name]
                else:
                    fields.pop(name, None)
            try:
                out = rebuilt(key, record, fields, order=record)
            except (InvalidData, ValueError, TypeError):
                notes.append(_("{record}: not sent until its conflict is settled (its fields do not fit together without it)",
                               record=ident(key) or key))
                continue
        out_text = text_of(key, out)
        if item is not None and item.base == out_text and not item.refresh:
            continue  # in step
        pos = item.pos if item is not None else None
        if kind_of(key) in ("person", "venue", "contact") and pos is None:
            pos, next_place = next_place, next_place + 1
        log = (*(item.log if item else ()), *_authored(key, record, item, history, state.journal, who, now))
        if kind_of(key) == "event" and travel is None:
            travel = teamics.leg_minutes(programme)
        sequence = (item.sequence // SEQUENCE_STEP + 1) * SEQUENCE_STEP if item is not None and item.base else 0
        books = {**state.books, **({"office": state.shared} if state.shared else {})}
        team = Team(kind_of(key), out_text, log=tuple(log[-LOG_KEPT:]), pos=pos, books=books if kind_of(key) == "visit" else {})
        body, std = body_of(programme, key, out, team, owner=owner, sequence=sequence, stamp=now,
                            travel=(travel or {}).get(out.id) if kind_of(key) == "event" else None,
                            title=f"{programme.visit.title} — directory")
        href = item.href if item is not None and item.href else href_of(key, calendar, book, owner)
        fresh = Item(href, "", out_text, sha, std, sequence, team.log, pos, dict(item.pending) if item is not None else {})
        sending.append(Sending(key, href, item.etag if item is not None and item.etag else None, body, fresh))
    stale = []
    for key, item in state.items.items():
        if key in records or not item.base or key in skip:
            continue
        if not prune:
            stale.append(key)
            continue
        sending.append(Sending(key, item.href, item.etag, None, item))
    if stale:
        notes.append(_("{n} record(s) removed here are still on the server ({records}); --prune deletes them",
                       n=len(stale), records=", ".join(ident(k) or k for k in stale[:5])))
    return sending, notes


def in_step(state: TeamState, snapshot: Snapshot) -> dict[str, Item]:
    """The state's items with the digest of each record that is in step with its base, so the
    next sync compares no further."""
    items = dict(state.items)
    for key, record in local_records(snapshot).items():
        item = items.get(key)
        if item is None or not item.base or item.pending or item.refresh:
            continue
        sha = local_digest(snapshot, key, record)
        if item.sha != sha and text_of(key, record) == item.base:
            items[key] = dataclasses.replace(item, sha=sha)
    return items


def local_digest(snapshot: Snapshot, key: str, record: Record) -> str:
    """What tells that a record changed here: an event's file digest (the store has it at hand),
    or the digest of a directory record's text."""
    if kind_of(key) == "event":
        found = snapshot.digests.get(f"{record.id}.toml")
        if found:
            return found
    return digest(text_of(key, record))


def _placeholder(key: str) -> Record:
    from itinerary.changes.teampull import placeholder

    return placeholder(key)


def _waiting(name: str, pending: Mapping[str, object]) -> bool:
    """True when a field a change names (as the journal names it) is one whose conflict waits:
    it is not sent, so no change of it is told."""
    return name in pending or (name in ("start", "end", "zone", "all_day") and "time" in pending) or (
        name == "sources" and any(p.startswith("source:") for p in pending))


def _authored(key: str, record: Record, item: Item | None, history: Sequence[Entry], since: int, who: str,
              now: dt.datetime) -> list[Authored]:
    """Who changed the record here since the last sync, from the journal (the officer running the
    sync, now, when the journal does not say: a file edited by hand)."""
    kind = kind_of(key)
    files = {"event": f"{getattr(record, 'id', '')}.toml", "visit": VISIT_FILE, "person": PEOPLE_FILE, "venue": VENUES_FILE,
             "directory": VENUES_FILE, "contact": VISIT_FILE, "office": "office.toml"}
    wanted = files.get(kind, "")
    found = []
    for entry in history:
        if entry.seq <= since or entry.command.split(" ")[0] in SYNC_COMMANDS:
            continue
        for change in entry.changes:
            if change.file != wanted:
                continue
            if kind in ("person", "venue", "contact") and not any(f == ident(key) or f.startswith(f"{ident(key)}:") or
                                                                   f.startswith(f"contacts: {ident(key)}") for f in change.fields):
                continue
            fields = tuple(f for f in change.fields if not _waiting(f, item.pending if item is not None else {}))
            found.append(Authored(entry.who, entry.when, fields))
    if found:
        return found
    base_fields: Mapping[str, object] = {}
    if item is not None and item.base:
        try:
            base_fields = fields_of(key, record_of(key, item.base, key))
        except InvalidData:
            base_fields = {}
    mine = fields_of(key, record)
    changed = tuple(sorted(n for n in mine.keys() | base_fields.keys() if mine.get(n) != base_fields.get(n)))
    return [Authored(who, now, changed)]
