"""A new event from a calendar copy: match people and venues by name, keep what does not match.
Pure, no I/O.

A copy our own export wrote carries the whole record (X-ITINERARY-RECORD): it comes back whole.
A copy from elsewhere gives what iCalendar carries; a location or an attendee that matches no
venue or person is kept in the notes and reported, never invented. Text is never cut: a title
or notes longer than a record holds is refused by the record's own checks, naming the field and
its length, so nothing is taken in part (and published back in part).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.core.calview import TBC_MARK, Incoming, window_on_days
from itinerary.i18n import _
from itinerary.model import (
    KINDS,
    MAX_TITLE,
    RESTRICTABLE_FIELDS,
    STATUSES,
    VISIBILITIES,
    Attachment,
    Event,
    Programme,
    forbidden_character,
    without_forbidden,
)

_LINE_BREAKS = re.compile(r"[\r\n\t\u0085\u2028\u2029]+")


def clean_line(text: str) -> str:
    """Text from another program as one line: line breaks become spaces, characters a record
    refuses are removed; never cut (a line too long for its field is refused by the record)."""
    return without_forbidden(_LINE_BREAKS.sub(" ", text)).strip()


def kept_line(text: str) -> str:
    """Text our own export carried: as it was when a record accepts it, cleaned otherwise."""
    if text.strip() and forbidden_character(text) is None and len(text) <= MAX_TITLE:
        return text
    return clean_line(text)


def clean_text(text: str) -> str:
    """Text from another program as a multi-line text, characters a record refuses removed;
    never cut (a text too long for its field is refused by the record)."""
    return without_forbidden(text, multiline=True)


def match(text: str, candidates: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The key whose names include ``text`` (case and spacing aside), or None."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    exact, folded = _names(tuple((key, tuple(names)) for key, names in candidates))
    if wanted in exact:
        return exact[wanted]
    for key, names in folded:  # 'Venue name, street address' from our own LOCATION
        if any(wanted.startswith(n + ",") for n in names):
            return key
    return None


@functools.lru_cache(maxsize=8)
def _names(candidates: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """The candidates' names folded once (an import matches thousands of events against the
    same venues and people): each name's first key, and each key's names in order."""
    folded = [(key, [n.strip().casefold() for n in names if n]) for key, names in candidates]
    exact: dict[str, str] = {}
    for key, names in folded:
        for name in names:
            exact.setdefault(name, key)
    return exact, folded


def venue_for(programme: Programme, location: str) -> str | None:
    """The venue a LOCATION names (its name, Korean name, 'name, address' or id), or None."""
    return match(location, [(v.id, (v.name, v.name_ko, v.location, v.id)) for v in programme.venues])


def people_for(programme: Programme, names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(person ids, names that match nobody) for ATTENDEE names or addresses."""
    candidates = [(p.id, (p.name, p.name_ko, p.short_name, p.id, p.email)) for p in programme.people]
    matched: list[str] = []
    unmatched: list[str] = []
    for name in names:
        pid = match(name.removeprefix("mailto:"), candidates)
        if pid:
            if pid not in matched:
                matched.append(pid)
        elif name:
            unmatched.append(name)
    return matched, unmatched


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


def _attachments(record: Mapping[str, Any]) -> tuple[Attachment, ...]:
    """The attachments a record carries, with their Korean titles when it carries one per attachment."""
    found = _pairs(record, "attachments", 3)
    titles = _texts(record, "attachments_ko")
    korean = [kept_line(t) for t in titles] if len(titles) == len(found) else [""] * len(found)
    return tuple(Attachment(t, x, lang, title_ko=ko) for (t, lang, x), ko in zip(found, korean, strict=True))


def _korean(record: Mapping[str, Any]) -> dict[str, Any]:
    """The Korean notes and agenda a record carries (the agenda only when it pairs with the English one)."""
    agenda_ko = _texts(record, "agenda_ko")
    pairs = len(agenda_ko) == len(_texts(record, "agenda"))
    return {"notes_ko": clean_text(_text(record, "notes_ko")), "agenda_ko": tuple(kept_line(a) for a in agenda_ko) if pairs else ()}


def to_event(programme: Programme, item: Incoming, event_id: str, now: dt.datetime) -> tuple[Event, list[str]]:
    """``item`` as an event with id ``event_id``, and notes about what could not be matched."""
    notes: list[str] = []
    record = item.record
    people = programme.people_by_id
    venue_id: str | None = None
    if record is not None:  # written by itinerary: X-ITINERARY-RECORD carries the record
        if record.get("marker") is True:
            item = dataclasses.replace(item, end=item.start)
        zone_name = _text(record, "zone")
        if zone_name and zone_name != item.zone:
            try:
                tz = ZoneInfo(zone_name)
            except (ValueError, KeyError, OSError):
                notes.append(_("zone {zone!r} is not an IANA zone; times kept in {kept}", zone=zone_name, kept=item.zone))
            else:
                item = in_zone(item, zone_name, tz)
        venue_id = _text(record, "venue") or None
        if venue_id and venue_id not in programme.venues_by_id:
            notes.append(_("venue {id!r} is not in venues.toml", id=venue_id))
            venue_id = None
        route = {name: _text(record, name) or None for name in ("from_venue", "to_venue")}
        for name, value in route.items():
            if value and value not in programme.venues_by_id:
                notes.append(_("venue {id!r} is not in venues.toml", id=value))
                route[name] = None
        listed = list(dict.fromkeys(_texts(record, "participants")))
        notes.extend(_("person {id!r} is not in people.toml", id=p) for p in listed if p not in people)
        kind, status, visibility = _text(record, "kind", "meeting"), _text(record, "status", "tentative"), _text(record, "visibility", "public")
        alarm = record.get("alarm")
        time_tbc = record.get("time_tbc") is True
        if time_tbc and item.all_day:  # laid out on its window's days: the window is in the record
            item = by_window(item, record.get("window"))
        title = item.summary.removesuffix(TBC_MARK) if time_tbc else item.summary
        contacts = set(programme.contacts_by_id)
        event = Event(
            id=event_id, title=kept_line(title) or "Untitled", title_ko=kept_line(_text(record, "title_ko")) if _text(record, "title_ko") else "",
            kind=kind if kind in KINDS else "other", status=status if status in STATUSES else "tentative",
            visibility=visibility if visibility in VISIBILITIES else "restricted",
            time_tbc=time_tbc and not item.all_day, all_day=item.all_day, overlap_ok=record.get("overlap_ok") is True,
            restricted_fields=tuple(f for f in _texts(record, "restricted_fields") if f in RESTRICTABLE_FIELDS),
            alarm_minutes=alarm if isinstance(alarm, int) and not isinstance(alarm, bool) else None,
            zone=item.zone, start=item.start, end=item.end, venue=venue_id,
            from_venue=route["from_venue"] if kind == "transfer" else None, to_venue=route["to_venue"] if kind == "transfer" else None,
            participants=tuple(p for p in listed if p in people),
            notes=clean_text(_text(record, "notes")), agenda=tuple(kept_line(a) for a in _texts(record, "agenda")),
            contacts=tuple(c for c in dict.fromkeys(_texts(record, "contacts")) if c in contacts),
            attachments=_attachments(record),
            sources=tuple((f, x) for f, x in _pairs(record, "sources", 2)), uid=item.uid, updated=now,
            **_korean(record),
        )
        return event, notes
    # a calendar from elsewhere: match by names, keep what does not match in the notes
    if item.location:
        venue_id = venue_for(programme, item.location)
        if venue_id is None:
            notes.append(_("location {location!r} matches no venue", location=item.location))
    matched, unmatched = people_for(programme, item.attendees)
    notes.extend(_("attendee {name!r} matches no person", name=name) for name in unmatched)
    extra = []
    if item.description:
        extra.append(clean_text(item.description))
    if item.location and venue_id is None:  # what goes into the record's (English) notes: data
        extra.append(f"Location: {clean_line(item.location)}")
    if unmatched:
        extra.append("Other attendees: " + ", ".join(clean_line(n) for n in unmatched))
    if item.travel_minutes:
        extra.append(f"Travel time before it in the source calendar: {item.travel_minutes} min.")
    status = {"CANCELLED": "cancelled", "CONFIRMED": "confirmed"}.get(item.status, "tentative")
    event = Event(
        id=event_id, title=clean_line(item.summary.removesuffix(TBC_MARK)) or "Untitled", kind="other", status=status,
        visibility="restricted" if item.private else "public", zone=item.zone, start=item.start, end=item.end,
        venue=venue_id, participants=tuple(matched), notes=clean_text("\n\n".join(extra)), all_day=item.all_day,
        overlap_ok=item.transparent or item.all_day, uid=item.uid, updated=now,
    )
    return event, notes


def by_window(item: Incoming, window: object) -> Incoming:
    """A copy of an event whose time is to be confirmed, laid out on its window's days, as the
    timed window the record carries, moved onto the copy's days if an app moved them; without a
    window (a public calendar) or when the days cannot hold it, the whole of those days."""
    item = dataclasses.replace(item, all_day=False)
    if not (isinstance(window, list) and len(window) == 2 and all(isinstance(w, str) and len(w) <= 40 for w in window)):
        return item
    try:
        start, end = (dt.datetime.fromisoformat(w) for w in window)
        if start.tzinfo is None or end.tzinfo is None:
            return item
        placed = window_on_days(start, end, item.start.date(), item.end.date(), item.zone)
    except (ValueError, KeyError, OSError, OverflowError):
        return item
    if placed is None:
        return item
    return dataclasses.replace(item, start=placed[0], end=placed[1])


def in_zone(item: Incoming, zone_name: str, tz: ZoneInfo) -> Incoming:
    """``item`` kept in the zone ``zone_name``: the same instants, or for whole days the same dates."""
    if item.all_day:
        start = dt.datetime.combine(item.start.date(), dt.time(), tz)
        end = dt.datetime.combine(item.end.date(), dt.time(), tz)
        return dataclasses.replace(item, zone=zone_name, start=start, end=end)
    return dataclasses.replace(item, zone=zone_name, start=item.start.astimezone(tz), end=item.end.astimezone(tz))


