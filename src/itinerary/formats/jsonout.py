"""The documented machine format of ``--json``: plain dicts, no rich, no I/O.

Format ``itinerary.timeline/1``: every moment is an object ``{"time": ISO 8601 with offset,
"zone": IANA name}``; ids are stable; fields are only ever added, never renamed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.core.agenda import Day
from itinerary.core.finding import Finding
from itinerary.core.office import Crossing, Placed
from itinerary.model import Busy, Event, Person, Programme, Venue, Visit

TIMELINE_FORMAT = "itinerary.timeline/1"


def moment(value: dt.datetime, zone_name: str) -> dict[str, str]:
    """``value`` in ``zone_name`` as {"time": ISO 8601 with offset, "zone": name}."""
    return {"time": value.astimezone(ZoneInfo(zone_name)).isoformat(), "zone": zone_name}


def visit(v: Visit) -> dict[str, Any]:
    """The visit's settings as plain data."""
    return {
        "id": v.id, "title": v.title, "title_ko": v.title_ko, "first_day": v.first_day.isoformat(), "last_day": v.last_day.isoformat(),
        "zone": v.zone, "guest": v.guest or None, "guest_zone": v.guest_zone, "guest_zone_label": v.guest_zone_label,
        "guest_zone_label_ko": v.guest_zone_label_ko,
        "office": v.office, "office_ko": v.office_ko, "office_email": v.office_email, "buffer_minutes": v.buffer_minutes,
        "alarm_minutes": v.alarm_minutes, "city_speed_kmh": v.city_speed_kmh, "notes": v.notes,
        "contacts": [{"id": c.id, "name": c.name, "name_ko": c.name_ko, "role": c.role, "phone": c.phone, "email": c.email}
                     for c in v.contacts],
    }


def person(p: Person) -> dict[str, Any]:
    """A person as plain data."""
    return {"id": p.id, "name": p.name, "name_ko": p.name_ko, "title": p.title, "title_ko": p.title_ko, "organisation": p.organisation,
            "zone": p.zone}


def venue(v: Venue) -> dict[str, Any]:
    """A venue as plain data."""
    return {
        "id": v.id, "name": v.name, "name_ko": v.name_ko, "address": v.address, "address_ko": v.address_ko, "city": v.city,
        "latitude": v.latitude, "longitude": v.longitude, "exclusive": v.exclusive,
    }


def event(programme: Programme, e: Event, second_zone: str | None, *, full: bool = False) -> dict[str, Any]:
    """An event as plain data; ``full`` adds notes, agenda, contacts, attachments and sources."""
    data: dict[str, Any] = {
        "id": e.id,
        "title": e.title,
        "title_ko": e.title_ko,
        "kind": e.kind,
        "status": e.status,
        "time_tbc": e.time_tbc,
        "all_day": e.all_day,
        "start": moment(e.start, e.zone),
        "end": moment(e.end, e.zone),
        "venue": venue(programme.venues_by_id[e.venue]) if e.venue is not None and e.venue in programme.venues_by_id else None,
        "participants": [
            {"id": pid, "name": programme.people_by_id[pid].name if pid in programme.people_by_id else pid}
            for pid in e.participants
        ],
        "visibility": e.visibility,
        "overlap_ok": e.overlap_ok,
        "revision": e.revision,
    }
    for name in ("from_venue", "to_venue"):  # a transfer's route (only when recorded: fields are only added)
        place = programme.venues_by_id.get(getattr(e, name) or "")
        if place is not None:
            data[name] = venue(place)
    if second_zone:
        data["second_zone"] = {"start": moment(e.start, second_zone), "end": moment(e.end, second_zone)}
    if full:
        data["notes"] = e.notes
        data["notes_ko"] = e.notes_ko
        data["agenda"] = list(e.agenda)
        data["agenda_ko"] = list(e.agenda_ko)
        data["contacts"] = [
            {"id": c.id, "name": c.name, "name_ko": c.name_ko, "role": c.role, "phone": c.phone, "email": c.email}
            for c in (programme.contacts_by_id.get(cid) for cid in e.contacts)
            if c is not None
        ]
        data["attachments"] = [{"title": a.title, "title_ko": a.title_ko, "lang": a.lang, "text": a.text} for a in e.attachments]
        data["sources"] = dict(e.sources)
    return data


def timeline(
    programme: Programme,
    days: Sequence[Day],
    *,
    second_zone: str | None,
    findings: Mapping[str, list[dict[str, Any]]] | None = None,
    busy: Sequence[Busy] = (),
    busy_titles: bool = False,
) -> dict[str, Any]:
    """The timeline as plain data, grouped by local day (``date`` null for an open day)."""
    findings = findings or {}
    visit = programme.visit
    out_days = []
    for day in days:
        events = []
        for e in day.events:
            data = event(programme, e, second_zone)
            data["findings"] = findings.get(e.id, [])
            events.append(data)
        out_days.append(
            {"date": day.date.isoformat() if day.date else None,
             "weekday": f"{day.date:%A}" if day.date else None,
             "events": events}
        )
    zone = programme.visit.zone
    busy_out = [
        {"person": b.person, "start": moment(b.start, zone), "end": moment(b.end, zone)} | ({"title": b.title} if busy_titles else {})
        for b in busy
    ]
    return {
        "format": TIMELINE_FORMAT,
        "visit": {"id": visit.id, "title": visit.title, "title_ko": visit.title_ko,
                  "first_day": visit.first_day.isoformat(), "last_day": visit.last_day.isoformat()},
        "zone": visit.zone,
        "second_zone": second_zone,
        "days": out_days,
        "busy": busy_out,
    }


CHECK_FORMAT = "itinerary.check/1"
OFFICE_CHECK_FORMAT = "itinerary.office-check/1"


def finding(f: Finding) -> dict[str, Any]:
    """A finding as plain data (its message in English, whatever the interface speaks)."""
    return {"kind": f.kind, "severity": f.severity, "events": list(f.events), "people": list(f.people),
            "message": f.english, "minutes": f.minutes}


def check_chunks(findings: Sequence[Finding]) -> Iterator[str]:
    """The result of a check (format itinerary.check/1) as JSON text, written finding by finding."""
    n_errors = sum(f.severity == "error" for f in findings)
    head = {"format": CHECK_FORMAT, "errors": n_errors, "warnings": len(findings) - n_errors}
    encode = _COMPACT.encode  # one encoder for every finding (json.dumps makes one per call)
    yield encode(head)[:-1] + ',"findings":['
    for i in range(0, len(findings), _BATCH):  # a batch's array without its brackets: its findings, comma-separated
        yield ("," if i else "") + encode([finding(f) for f in findings[i : i + _BATCH]])[1:-1]
    yield "]}"


_BATCH = 1000
"""Findings encoded in one call of the encoder (one call per finding costs a third of the time)."""


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def crossing(c: Crossing) -> dict[str, Any]:
    """A problem between two visits of an office as plain data."""
    return {"kind": c.kind, "severity": c.severity, "events": [{"visit": v, "event": e} for v, e in c.events],
            "people": list(c.people), "message": c.english, "minutes": c.minutes}


def office_check(folders: Sequence[str], programmes: Sequence[Programme], each: Sequence[Sequence[Finding]],
                 crossings: Sequence[Crossing], *, totals: tuple[int, int]) -> dict[str, Any]:
    """The check of an office (format itinerary.office-check/1): each visit's findings (those
    between it and another visit included, as ``check --json`` inside it gives them), the
    totals (a problem between two visits counted once), then the problems between visits."""
    visits: list[dict[str, Any]] = []
    for folder, programme, found in zip(folders, programmes, each, strict=True):
        n_errors = sum(f.severity == "error" for f in found)
        visits.append({"folder": folder, "visit": programme.visit.id, "errors": n_errors, "warnings": len(found) - n_errors,
                       "findings": [finding(f) for f in found]})
    return {"format": OFFICE_CHECK_FORMAT, "errors": totals[0], "warnings": totals[1], "visits": visits,
            "between_visits": [crossing(c) for c in crossings]}


def office_day(rows: Sequence[Placed], whole: Programme) -> list[dict[str, Any]]:
    """The events of an office's days as plain data, each with its visit."""
    return [{"visit": row.visit, **event(whole, row.event, None)} for row in rows]
