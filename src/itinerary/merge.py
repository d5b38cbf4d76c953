"""Import planning: events read from a calendar file → changes to the records. Pure, no I/O.

Merge by UID: an unknown UID adds a record; a known UID whose content is the same changes
nothing; a known UID with a higher SEQUENCE updates the record; anything else is skipped with
the reason. People and venues are matched by name; what cannot be matched is reported, never
invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.agenda import free_id
from itinerary.errors import InvalidData
from itinerary.ics import TBC_MARK, Exported, uid
from itinerary.icsread import Incoming
from itinerary.model import (
    KINDS,
    MAX_TITLE,
    RESTRICTABLE_FIELDS,
    STATUSES,
    VISIBILITIES,
    Attachment,
    Event,
    Programme,
    content,
    slugify,
)

MAX_IMPORT_EVENTS = 5000
"""Most events one import may bring."""

_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

@dataclass(frozen=True)
class Change:
    """What an import does to one event."""

    action: str
    """'add', 'update', 'unchanged' or 'skip'."""
    event: Event
    """The event as the import would leave it."""
    old: Event | None = None
    """The record before, for updates and skips."""
    reason: str = ""
    """Why, for skips; what was not matched, for the others."""


@dataclass(frozen=True)
class Plan:
    """Everything an import would do."""

    changes: tuple[Change, ...]
    """One change per incoming event."""
    notes: tuple[str, ...] = ()
    """Things the officer should know: unknown people and venues, duplicate UIDs."""
    state: dict[str, Exported] | None = None
    """The export state after the import, when it changes (an update keeps SEQUENCE rising)."""

    @property
    def writes(self) -> list[Change]:
        """The changes that write a record."""
        return [c for c in self.changes if c.action in ("add", "update")]

    def apply(self, programme: Programme) -> Programme:
        """The programme as it would be after the import."""
        result = programme
        for change in self.writes:
            result = result.replacing(change.event)
        return result


def _clean_line(text: str) -> str:
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).strip()[:MAX_TITLE]


def _clean_text(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _match(text: str, candidates: Iterable[tuple[str, Sequence[str]]]) -> str | None:
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for key, names in candidates:
        if any(wanted == n.strip().casefold() for n in names if n):
            return key
    for key, names in candidates:  # 'Venue name, street address' from our own LOCATION
        if any(n and wanted.startswith(n.strip().casefold() + ",") for n in names):
            return key
    return None


def _text(record: Mapping[str, Any], key: str, default: str = "") -> str:
    value = record.get(key, default)
    return value if isinstance(value, str) else default


def _texts(record: Mapping[str, Any], key: str) -> list[str]:
    value = record.get(key, [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _pairs(record: Mapping[str, Any], key: str, size: int) -> list[list[str]]:
    value = record.get(key, [])
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, list) and len(v) == size and all(isinstance(x, str) for x in v)]


def to_event(programme: Programme, item: Incoming, event_id: str, now: dt.datetime) -> tuple[Event, list[str]]:
    """``item`` as an event with id ``event_id``, and notes about what could not be matched."""
    notes: list[str] = []
    record = item.record
    people = programme.people_by_id
    venue_id: str | None = None
    if record is not None:  # written by itinerary: X-ITINERARY-RECORD carries the record
        zone_name = _text(record, "zone")
        if zone_name and zone_name != item.zone:
            try:
                tz = ZoneInfo(zone_name)
            except (ValueError, KeyError, OSError):
                notes.append(f"zone {zone_name!r} is not an IANA zone; times kept in {item.zone}")
            else:
                item = dataclasses.replace(item, zone=zone_name, start=item.start.astimezone(tz), end=item.end.astimezone(tz))
        venue_id = _text(record, "venue") or None
        if venue_id and venue_id not in programme.venues_by_id:
            notes.append(f"venue {venue_id!r} is not in venues.toml")
            venue_id = None
        listed = list(dict.fromkeys(_texts(record, "participants")))
        notes.extend(f"person {p!r} is not in people.toml" for p in listed if p not in people)
        kind, status, visibility = _text(record, "kind", "meeting"), _text(record, "status", "tentative"), _text(record, "visibility", "public")
        alarm = record.get("alarm")
        time_tbc = record.get("time_tbc") is True
        title = item.summary.removesuffix(TBC_MARK) if time_tbc else item.summary
        contacts = {c.id for c in programme.visit.contacts}
        event = Event(
            id=event_id, title=title if title.strip() and not _LINE_BREAKS.search(title) else _clean_line(title) or "Untitled",
            title_ko=_text(record, "title_ko"),
            kind=kind if kind in KINDS else "other", status=status if status in STATUSES else "tentative",
            visibility=visibility if visibility in VISIBILITIES else "restricted",
            time_tbc=time_tbc, overlap_ok=record.get("overlap_ok") is True,
            restricted_fields=tuple(f for f in _texts(record, "restricted_fields") if f in RESTRICTABLE_FIELDS),
            alarm_minutes=alarm if isinstance(alarm, int) and not isinstance(alarm, bool) else None,
            zone=item.zone, start=item.start, end=item.end, venue=venue_id,
            participants=tuple(p for p in listed if p in people),
            notes=_text(record, "notes"), agenda=tuple(_texts(record, "agenda")),
            contacts=tuple(c for c in dict.fromkeys(_texts(record, "contacts")) if c in contacts),
            attachments=tuple(Attachment(t, x, lang) for t, lang, x in _pairs(record, "attachments", 3)),
            sources=tuple((f, x) for f, x in _pairs(record, "sources", 2)), uid=item.uid, updated=now,
        )
        return event, notes
    # a calendar from elsewhere: match by names, keep what does not match in the notes
    venues = [(v.id, (v.name, v.name_ko, v.location, v.id)) for v in programme.venues]
    if item.location:
        venue_id = _match(item.location, venues)
        if venue_id is None:
            notes.append(f"location {item.location!r} matches no venue")
    matched, unmatched = [], []
    person_names = [(p.id, (p.name, p.name_ko, p.short_name, p.id)) for p in programme.people]
    for name in item.attendees:
        pid = _match(name.removeprefix("mailto:"), person_names)
        if pid:
            matched.append(pid)
        elif name:
            unmatched.append(name)
    notes.extend(f"attendee {name!r} matches no person" for name in unmatched)
    extra = []
    if item.description:
        extra.append(_clean_text(item.description))
    if item.location and venue_id is None:
        extra.append(f"Location: {_clean_line(item.location)}")
    if unmatched:
        extra.append("Other attendees: " + ", ".join(_clean_line(n) for n in unmatched))
    if item.all_day:
        extra.append("All-day event in the source calendar.")
    if item.travel_minutes:
        extra.append(f"Travel time before it in the source calendar: {item.travel_minutes} min.")
    status = {"CANCELLED": "cancelled", "CONFIRMED": "confirmed"}.get(item.status, "tentative")
    event = Event(
        id=event_id, title=_clean_line(item.summary.removesuffix(TBC_MARK)) or "Untitled", kind="other", status=status,
        visibility="restricted" if item.private else "public", zone=item.zone, start=item.start, end=item.end,
        venue=venue_id, participants=tuple(dict.fromkeys(matched)), notes="\n\n".join(extra),
        overlap_ok=item.transparent or item.all_day, uid=item.uid, updated=now,
    )
    return event, notes


def plan_import(
    programme: Programme, items: Sequence[Incoming], *, now: dt.datetime, source: str = "", state: Mapping[str, Exported] | None = None
) -> Plan:
    """What importing ``items`` into ``programme`` would do."""
    if len(items) > MAX_IMPORT_EVENTS:
        raise InvalidData(f"{len(items)} events is over the limit of {MAX_IMPORT_EVENTS} per import", source=source)
    notes: list[str] = []
    by_uid: dict[str, Incoming] = {}
    for item in items:
        kept = by_uid.get(item.uid)
        if kept is not None:
            better = item if item.sequence >= kept.sequence else kept
            notes.append(f"UID {item.uid!r} appears twice in the file; the copy with SEQUENCE {better.sequence} is used")
            by_uid[item.uid] = better
        else:
            by_uid[item.uid] = item
    records = {uid(programme, e): e for e in programme.events}
    taken = set(programme.events_by_id)
    state = dict(state or {})
    new_state = dict(state)
    changes = []
    for item in by_uid.values():
        old = records.get(item.uid)
        if old is not None:
            event, unknown = _convert(programme, item, old.id, now, source)
            if content(event) == content(old):
                changes.append(Change("unchanged", old, old))
                continue
            ours = state.get(old.id)
            if ours is not None and item.sequence <= ours.sequence:
                changes.append(Change("skip", old, old, f"SEQUENCE {item.sequence} is not newer than ours ({ours.sequence})"))
                continue
            event = dataclasses.replace(event, uid=old.uid, revision=old.revision + 1)
            if ours is not None:  # our next export must go above the SEQUENCE just taken in
                new_state[old.id] = dataclasses.replace(ours, sequence=item.sequence)
            changes.append(Change("update", event, old, "; ".join(unknown)))
            continue
        wanted = _text(item.record, "id") if item.record is not None else ""
        base = wanted if wanted and re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?", wanted) else slugify(item.summary)
        event_id = free_id(base, taken)
        taken.add(event_id)
        event, unknown = _convert(programme, item, event_id, now, source)
        if item.record is not None and uid(programme, dataclasses.replace(event, uid="")) == item.uid:
            event = dataclasses.replace(event, uid="")
        changes.append(Change("add", event, None, "; ".join(unknown)))
    notes.extend(f"{c.event.id}: {c.reason}" for c in changes if c.reason and c.action != "skip")
    return Plan(tuple(changes), tuple(notes), new_state if new_state != state else None)


def _convert(programme: Programme, item: Incoming, event_id: str, now: dt.datetime, source: str) -> tuple[Event, list[str]]:
    try:
        return to_event(programme, item, event_id, now)
    except InvalidData as err:
        raise InvalidData(f"event {item.uid!r} ({item.summary[:40]!r}): {err.reason}", source=source, field=err.field) from None
