"""Record text ⇄ model: the TOML format of the data folder, with precise validation errors.

Only this module (with :mod:`.toml`) knows the format; nothing here touches files.
Every error names the source (the file name the caller passes in) and the field. Encoding is
canonical: decoding a record and encoding it again gives the same bytes, so a diff of the data
folder shows only real changes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from itinerary.errors import InvalidData
from itinerary.formats.toml import MAX_RECORD_BYTES, Fields, dumps, parse_toml, prune, unique, wall
from itinerary.i18n import _
from itinerary.model import (
    SCHEMA_VERSION,
    Attachment,
    Contact,
    Document,
    Event,
    Handling,
    Mail,
    Person,
    TravelLeg,
    Venue,
    Visit,
    check_id,
)

__all__ = ["MAX_RECORD_BYTES", "parse_toml"]

HANDLING_FIELDS = ("full", "full_ko", "public", "public_ko", "person", "person_ko")
"""The keys of visit.toml's ``[handling]`` table, in the order they are written."""

# --- visit.toml -------------------------------------------------------------------------


def loads_visit(text: str | bytes, source: str = "visit.toml") -> Visit:
    """The visit described by ``text``."""
    f = Fields(parse_toml(text, source), source)
    contacts = tuple(loads_contact(c) for c in f.tables("contacts"))
    documents = tuple(_document(d) for d in f.tables("documents"))
    unique([d.id for d in documents], source, "documents")
    visit = f.build(
        Visit,
        id=f.text("id", None),
        title=f.text("title", None),
        title_ko=f.text("title_ko"),
        first_day=f.take("first_day", dt.date),
        last_day=f.take("last_day", dt.date),
        zone=f.text("zone", None),
        guest=f.text("guest"),
        guest_zone=f.text("guest_zone", None),
        guest_zone_label=f.text("guest_zone_label"),
        guest_zone_label_ko=f.text("guest_zone_label_ko"),
        office=f.text("office"),
        office_ko=f.text("office_ko"),
        office_email=f.text("office_email"),
        contacts=contacts,
        buffer_minutes=f.take("buffer_minutes", int, 10),
        city_speed_kmh=float(f.take("city_speed_kmh", (int, float), 25.0)),
        alarm_minutes=f.take("alarm_minutes", int, None),
        notes=f.text("notes"),
        handling=_handling(f),
        documents=documents,
        mail=_mail(f),
    )
    f.done("schema")
    return visit


MAIL_FIELDS = ("server", "user", "password_env", "sender")  # the keys of visit.toml's [mail], in the order written


def _mail(f: Fields) -> Mail:
    m = Fields(f.take("mail", dict, {}), f.source, "mail.")
    mail = m.build(Mail, **{name: m.text(name) for name in MAIL_FIELDS})
    m.done()
    return mail


def _handling(f: Fields) -> Handling:
    h = Fields(f.take("handling", dict, {}), f.source, "handling.")
    handling = h.build(Handling, **{name: h.text(name) for name in HANDLING_FIELDS})
    h.done()
    return handling


def _document(f: Fields) -> Document:
    document = f.build(
        Document, id=f.text("id", None), title=f.text("title", None), title_ko=f.text("title_ko"), date=f.take("date", dt.date, None),
    )
    f.done()
    return document


def loads_contact(f: Fields) -> Contact:
    """One ``[[contacts]]`` table (of visit.toml or office.toml)."""
    contact = f.build(
        Contact,
        id=f.text("id", None),
        name=f.text("name", None),
        name_ko=f.text("name_ko"),
        role=f.text("role"),
        role_ko=f.text("role_ko"),
        phone=f.text("phone"),
        email=f.text("email"),
    )
    f.done()
    return contact


def dumps_visit(visit: Visit) -> str:
    """``visit`` as the text of ``visit.toml``."""
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "id": visit.id, "title": visit.title}
    doc |= prune({"title_ko": visit.title_ko})
    doc |= {"first_day": visit.first_day, "last_day": visit.last_day, "zone": visit.zone}
    doc |= prune({"guest": visit.guest})
    doc["guest_zone"] = visit.guest_zone
    doc |= prune({"guest_zone_label": visit.guest_zone_label, "guest_zone_label_ko": visit.guest_zone_label_ko})
    doc |= prune({"office": visit.office, "office_ko": visit.office_ko, "office_email": visit.office_email})
    doc["buffer_minutes"] = visit.buffer_minutes
    doc["city_speed_kmh"] = visit.city_speed_kmh
    doc |= prune({"alarm_minutes": visit.alarm_minutes, "notes": visit.notes})
    doc |= prune({"handling": prune({name: getattr(visit.handling, name) for name in HANDLING_FIELDS})})
    if visit.contacts:
        doc["contacts"] = [dumps_contact(c) for c in visit.contacts]
    doc |= prune({"mail": prune({name: getattr(visit.mail, name) for name in MAIL_FIELDS})})
    if visit.documents:
        doc["documents"] = [prune({"id": d.id, "title": d.title, "title_ko": d.title_ko, "date": d.date}) for d in visit.documents]
    return dumps(doc)


def dumps_contact(c: Contact) -> dict[str, Any]:
    """One contact as its ``[[contacts]]`` table."""
    return prune({"id": c.id, "name": c.name, "name_ko": c.name_ko, "role": c.role, "role_ko": c.role_ko, "phone": c.phone, "email": c.email})


# --- people.toml ------------------------------------------------------------------------


def loads_people(text: str | bytes, source: str = "people.toml") -> tuple[Person, ...]:
    """The people listed in ``text``."""
    f = Fields(parse_toml(text, source), source)
    people = []
    for p in f.tables("people"):
        people.append(
            p.build(
                Person,
                id=p.text("id", None),
                name=p.text("name", None),
                name_ko=p.text("name_ko"),
                title=p.text("title"),
                organisation=p.text("organisation"),
                zone=p.text("zone", "Asia/Seoul"),
                short_name=p.text("short_name"),
                email=p.text("email"),
                busy=p.text("busy"),
                title_ko=p.text("title_ko"),
            )
        )
        p.done()
    f.done("schema")
    unique([p.id for p in people], source, "people")
    return tuple(people)


def dumps_people(people: tuple[Person, ...]) -> str:
    """``people`` as the text of ``people.toml``."""
    rows = [
        prune(
            {
                "id": p.id,
                "name": p.name,
                "name_ko": p.name_ko,
                "short_name": p.short_name,
                "title": p.title,
                "title_ko": p.title_ko,
                "organisation": p.organisation,
                "zone": p.zone,
                "email": p.email,
                "busy": p.busy,
            }
        )
        for p in people
    ]
    return dumps({"schema": SCHEMA_VERSION, "people": rows})


# --- venues.toml ------------------------------------------------------------------------


def loads_venues(text: str | bytes, source: str = "venues.toml") -> tuple[tuple[Venue, ...], tuple[TravelLeg, ...]]:
    """The venues and travel legs listed in ``text``."""
    f = Fields(parse_toml(text, source), source)
    venues = []
    for v in f.tables("venues"):
        lat = v.take("latitude", (int, float), None)
        lon = v.take("longitude", (int, float), None)
        venues.append(
            v.build(
                Venue,
                id=v.text("id", None),
                name=v.text("name", None),
                name_ko=v.text("name_ko"),
                address=v.text("address"),
                address_ko=v.text("address_ko"),
                city=v.text("city"),
                latitude=None if lat is None else float(lat),
                longitude=None if lon is None else float(lon),
                exclusive=v.take("exclusive", bool, False),
                notes=v.text("notes"),
            )
        )
        v.done()
    unique([v.id for v in venues], source, "venues")
    known = {v.id for v in venues}
    legs = []
    for t in f.tables("travel"):
        leg = t.build(
            TravelLeg,
            origin=t.text("from", None),
            destination=t.text("to", None),
            minutes=t.take("minutes", int),
            note=t.text("note"),
            one_way=t.take("one_way", bool, False),
        )
        for key, venue in (("from", leg.origin), ("to", leg.destination)):
            if venue not in known:
                raise t.fail(key, _("unknown venue {value!r}", value=venue))
        t.done()
        legs.append(leg)
    unique([(leg.origin, leg.destination) for leg in legs], source, "travel")
    f.done("schema")
    return tuple(venues), tuple(legs)


def dumps_venues(venues: tuple[Venue, ...], travel: tuple[TravelLeg, ...] = ()) -> str:
    """``venues`` and ``travel`` as the text of ``venues.toml``."""
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION}
    doc["venues"] = [
        prune(
            {
                "id": v.id,
                "name": v.name,
                "name_ko": v.name_ko,
                "address": v.address,
                "address_ko": v.address_ko,
                "city": v.city,
                "latitude": v.latitude,
                "longitude": v.longitude,
                "exclusive": v.exclusive or None,
                "notes": v.notes,
            }
        )
        for v in venues
    ]
    if travel:
        doc["travel"] = [
            prune({"from": t.origin, "to": t.destination, "minutes": t.minutes, "note": t.note, "one_way": t.one_way or None})
            for t in travel
        ]
    return dumps(doc)


# --- events/<id>.toml -------------------------------------------------------------------


def loads_event(text: str | bytes, source: str) -> Event:
    """The event recorded in ``text``; ``source`` is its file name (``<id>.toml``)."""
    f = Fields(parse_toml(text, source), source)
    time_tbc = f.take("time_tbc", bool, False)
    all_day = f.take("all_day", bool, False)
    if "zone" not in f.data and any(k in f.data for k in ("start", "end", "window_start", "window_end")):
        raise f.fail("zone", _("missing: the times are local wall times and need an IANA zone (zone = \"Asia/Seoul\")"))
    zone_name = f.text("zone", None)
    begin, finish = ("window_start", "window_end") if time_tbc else ("start", "end")
    for wrong in ("start", "end") if time_tbc else ("window_start", "window_end"):
        if wrong in f.data:
            if time_tbc:
                raise f.fail(wrong, _("not used here (a TBC event has window_start/window_end)"))
            raise f.fail(wrong, _("not used here (set time_tbc = true for a planning window)"))
    if all_day:
        if "end" in f.data:
            raise f.fail("end", _("not used for an all-day event (give its last day: last_day = 2026-05-22)"))
        start, end = f.days("start", "last_day", zone_name)
    else:
        start = f.wall_time(begin, zone_name)
        end = f.wall_time(finish, zone_name)
    attachments = []
    for a in f.tables("attachments"):
        attachments.append(
            a.build(Attachment, title=a.text("title", None), title_ko=a.text("title_ko"), text=a.text("text"), lang=a.text("lang"))
        )
        a.done()
    sources = f.take("source", dict, {})
    for fact, value in sources.items():
        if not isinstance(value, str):
            raise f.fail(f"source.{fact}", _("expected text, got {value!r:.60}", value=value))
    updated = f.take("updated", dt.datetime, None)
    if updated is not None and updated.tzinfo is None:
        raise f.fail("updated", _("needs an offset (UTC, e.g. 2026-05-20T09:00:00Z)"))
    venue = f.text("venue", None) if "venue" in f.data else None
    route = {name: f.text(name, None) if name in f.data else None for name in ("from_venue", "to_venue")}
    event = f.build(
        Event,
        id=f.text("id", None),
        title=f.text("title", None),
        title_ko=f.text("title_ko"),
        kind=f.text("kind", "meeting"),
        status=f.text("status", None),
        visibility=f.text("visibility", "public"),
        time_tbc=time_tbc,
        all_day=all_day,
        zone=zone_name,
        start=start,
        end=end,
        venue=venue,
        from_venue=route["from_venue"],
        to_venue=route["to_venue"],
        participants=f.texts("participants"),
        contacts=f.texts("contacts"),
        overlap_ok=f.take("overlap_ok", bool, False),
        restricted_fields=f.texts("restricted_fields"),
        alarm_minutes=f.take("alarm_minutes", int, None),
        uid=f.text("uid"),
        revision=f.take("revision", int, 1),
        updated=updated,
        notes=f.text("notes"),
        notes_ko=f.text("notes_ko"),
        agenda=f.texts("agenda"),
        agenda_ko=f.texts("agenda_ko"),
        attachments=tuple(attachments),
        sources=tuple(sources.items()),
        duration=f.take("duration", int, None),
        after=f.texts("after"),
        before=f.texts("before"),
        same_day=f.texts("same_day"),
        min_gap=f.take("min_gap", int, None),
        prefer=f.text("prefer"),
    )
    f.done("schema")
    expected = f"{event.id}.toml"
    name = re.split(r"[/\\:]", source)[-1]
    if name.endswith(".toml") and name != expected:
        raise InvalidData(_("id {id!r} does not match the file name (expected {expected})", id=event.id, expected=expected), source=source,
                          field="id")
    return event


def dumps_event(event: Event) -> str:
    """``event`` as the text of ``events/<id>.toml``."""
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "id": event.id, "title": event.title}
    doc |= prune({"title_ko": event.title_ko})
    doc |= {"kind": event.kind, "status": event.status, "visibility": event.visibility}
    if event.time_tbc:
        doc["time_tbc"] = True
    if event.all_day:
        doc["all_day"] = True
    doc["zone"] = event.zone
    if event.all_day:
        doc["start"] = event.start.date()
        last = (event.end - dt.timedelta(days=1)).date()
        if last != event.start.date():
            doc["last_day"] = last
    else:
        begin, finish = ("window_start", "window_end") if event.time_tbc else ("start", "end")
        doc[begin] = wall(event.start)
        doc[finish] = wall(event.end)
    doc |= prune(
        {
            "venue": event.venue,
            "from_venue": event.from_venue,
            "to_venue": event.to_venue,
            "participants": list(event.participants),
            "contacts": list(event.contacts),
            "overlap_ok": event.overlap_ok or None,
            "restricted_fields": list(event.restricted_fields),
            "alarm_minutes": event.alarm_minutes,
            "uid": event.uid,
        }
    )
    doc |= prune({"duration": event.duration, "after": list(event.after), "before": list(event.before),
                  "same_day": list(event.same_day), "min_gap": event.min_gap, "prefer": event.prefer})
    doc["revision"] = event.revision
    doc |= prune({"updated": event.updated, "notes": event.notes, "notes_ko": event.notes_ko, "agenda": list(event.agenda),
                  "agenda_ko": list(event.agenda_ko)})
    if event.sources:
        doc["source"] = dict(event.sources)
    if event.attachments:
        doc["attachments"] = [prune({"title": a.title, "title_ko": a.title_ko, "lang": a.lang, "text": a.text}) for a in event.attachments]
    return dumps(doc)


def event_file_name(event_id: str) -> str:
    """The file name of the record of ``event_id``."""
    return f"{check_id(event_id)}.toml"
