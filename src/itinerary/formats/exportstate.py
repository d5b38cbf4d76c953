"""What was last exported of each event: SEQUENCE, fingerprint and merge base. Pure, no I/O.

Kept in the data folder's ``exports.json``, one line per event. SEQUENCE rises by one when,
and only when, what an export says of an event changed; the base (what iCalendar carried of it)
lets an import of a copy edited elsewhere merge field by field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from itinerary.core.calview import View, view_of
from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.model import CONTENT_FIELDS, FULL, Attachment, Event, Programme, content

EXPORT_STATE_FILE = "exports.json"
"""Export bookkeeping of the data folder."""


@dataclass(frozen=True)
class Exported:
    """What was last exported of one event (kept in the data folder's ``exports.json``)."""

    revision: int
    """The record's revision at that export."""
    sequence: int
    """The SEQUENCE it was exported with."""
    fingerprint: str
    """Digest of what the export said of it."""
    base: View | None = None
    """What iCalendar carried of it (the base of a three-way merge), when known."""


_LATER = ("all_day", "from_venue", "to_venue", "notes_ko", "agenda_ko")
"""Content fields added after the first exports: left out of the digest while unset, so that an
upgrade does not raise every event's SEQUENCE."""


def _earlier(name: str, value: object) -> object:
    """Attachments without a Korean title as the digest saw them before titles had one."""
    if name != "attachments" or not isinstance(value, tuple):
        return value
    return [repr(a).replace(", title_ko='')", ")") if isinstance(a, Attachment) else a for a in value]


def fingerprint(programme: Programme, event: Event) -> str:
    """A digest of everything the full export says of ``event``: its content, its venue, the
    names of its people and contacts, and the visit's fields it shows. Travel legs, which move
    with neighbouring events, are left out, as are DTSTAMP, LAST-MODIFIED and SEQUENCE."""
    visit = programme.visit
    venue = programme.venues_by_id.get(event.venue or "")
    payload = {
        "event": [str(v) if isinstance(v, dt.datetime) else _earlier(n, v) for n, v in zip(CONTENT_FIELDS, content(event), strict=True)
                  if n not in _LATER or v],
        "uid": programme.uid(event),
        "venue": None if venue is None else [venue.name, venue.address, venue.latitude, venue.longitude],
        "people": [
            [p.id, p.name, p.name_ko, p.email] for p in (programme.people_by_id.get(pid) for pid in event.participants) if p
        ],
        "contacts": [
            [c.id, c.name, c.name_ko, c.role, c.phone, c.email] for c in (visit.contact(cid) for cid in event.contacts) if c
        ],
        "visit": [visit.id, visit.zone, visit.office, visit.office_email, visit.alarm_minutes],
    }
    if event.time_tbc:
        payload["layout"] = "by-day"  # laid out on its window's days, free, without a reminder (once timed and busy)
    if event.from_venue or event.to_venue:  # a transfer's route, named in its LOCATION
        payload["route"] = [[v.name, v.address] if v else [] for v in (programme.venues_by_id.get(x or "") for x in (event.from_venue, event.to_venue))]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan_export(programme: Programme, state: Mapping[str, Exported]) -> tuple[dict[str, Exported], list[str]]:
    """The export state after exporting now, and the events whose SEQUENCE rises.

    An event exported for the first time gets SEQUENCE 0; an event whose exported content
    changed since its last export gets its SEQUENCE raised by one; nothing else changes. State
    of events that no longer exist is kept, so an id used again continues its SEQUENCE.
    """
    new_state = dict(state)
    raised = []
    for event in programme.events:
        before = state.get(event.id)
        if event.cancelled and before is None:
            continue
        digest = fingerprint(programme, event)
        base = view_of(programme, event, FULL)
        if before is not None and before.fingerprint == digest:
            if before.revision != event.revision or before.base != base:
                new_state[event.id] = dataclasses.replace(before, revision=event.revision, base=base)
            continue
        sequence = 0 if before is None else before.sequence + 1
        if before is not None:
            raised.append(event.id)
        new_state[event.id] = Exported(event.revision, sequence, digest, base)
    return new_state, raised


def state_to_json(state: Mapping[str, Exported]) -> str:
    """The export state as the text of ``exports.json`` (one line per event, sorted)."""
    lines = [
        f"  {json.dumps(event_id)}: "
        + json.dumps([e.revision, e.sequence, e.fingerprint, None if e.base is None else e.base.to_json()], ensure_ascii=False)
        for event_id, e in sorted(state.items())
    ]
    body = ",\n".join(lines)
    return '{"schema": 1, "events": {\n' + body + ("\n" if lines else "") + "}}\n"


def state_from_json(text: str, source: str) -> dict[str, Exported]:
    """The export state in the text of ``exports.json``."""
    try:
        data = json.loads(text)
        state = {}
        for key, row in data["events"].items():
            revision, sequence = int(row[0]), int(row[1])
            if not (0 <= sequence < 2**31 and 0 < revision < 2**31):
                raise ValueError("out of range")
            base = View.from_json(row[3]) if len(row) > 3 and row[3] is not None else None
            state[str(key)] = Exported(revision, sequence, str(row[2]), base)
        return state
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, OverflowError):
        raise InvalidData(_("not an export state file (delete it to start SEQUENCE numbers again)"), source=source) from None
