"""Three-way merges of whole records, field by field. Pure, no I/O.

A replica of a visit keeps, for every record it shares through a server — an event, the visit's
settings, a person, a venue, a contact, the travel legs — the *base*: the record as it last
agreed with the server. When the server's copy (*theirs*) and the replica's record (*ours*)
both moved on, each field is merged on its own: changed on one side only, that side's value is
taken; changed on both sides to the same value, it is that value; changed on both sides
differently, it is a :class:`FieldConflict`: the record keeps our value for that field, the
server keeps theirs, and nothing is sent for it until the officer settles it (``theirs`` or
``ours``).

The fields are the record's own: an event's status, whether its time is to be confirmed, its
time (start, end, zone and whole days together: a move changes them together), venue,
participants, each planning field, each source of a fact — never what a calendar app shows of
them. Bookkeeping (an event's revision and when it last changed) is not merged: a record taken
whole keeps theirs; a record merged from both sides is a new revision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from itinerary.i18n import _, dates, language, pgettext
from itinerary.model import Contact, Event, Person, TravelLeg, Venue, Visit

T = TypeVar("T")
Fields = dict[str, Any]
"""A record as its fields: name → a comparable value (absent: the field is empty)."""

EVENT_FIELDS = (
    "title", "title_ko", "kind", "status", "visibility", "time_tbc", "venue", "participants", "notes", "agenda", "attachments",
    "contacts", "overlap_ok", "restricted_fields", "alarm_minutes", "duration", "after", "before", "same_day", "min_gap",
    "prefer",
)
"""An event's fields merged as they are; ``time`` and each ``source:<fact>`` come besides."""
BOOKKEEPING = ("id", "uid", "revision", "updated")
"""What no merge compares: the record's identity (its id and UID) and its revision."""
SOURCE = "source:"
"""Prefix of the field that holds the source of one fact (``source:time``)."""


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed, differently."""

    field: str
    """The field ('status', 'time', 'source:time', 'leg:a→b'…)."""
    ours: Any
    """Our value (what the record keeps until it is settled)."""
    theirs: Any
    """Their value (what the server keeps until it is settled)."""


@dataclass(frozen=True)
class Merged:
    """The outcome of a three-way merge of one record's fields."""

    fields: Fields
    """The record's fields after the merge (ours where a conflict stands)."""
    taken: tuple[str, ...] = ()
    """Fields taken from their side."""
    sent: tuple[str, ...] = ()
    """Fields where our value now goes to the server (changed here only, or settled as ours)."""
    conflicts: tuple[FieldConflict, ...] = ()
    """Fields changed on both sides differently, not settled."""
    settled: tuple[FieldConflict, ...] = ()
    """Fields changed on both sides differently that ``resolve`` settled."""

    def outgoing(self, theirs: Fields) -> Fields:
        """What the server may be sent: the merged fields, with theirs where a conflict stands."""
        out = dict(self.fields)
        for conflict in self.conflicts:
            _put(out, conflict.field, theirs.get(conflict.field))
        return out


def _put(fields: Fields, name: str, value: Any) -> None:
    if value is None:
        fields.pop(name, None)
    else:
        fields[name] = value


def merge(base: Fields | None, ours: Fields, theirs: Fields, *, pending: Iterable[str] = (), resolve: str | None = None) -> Merged:
    """Merge ``ours`` and ``theirs`` field by field against ``base`` (None: they never agreed, so
    every field where they differ is a conflict). ``pending`` are fields in conflict since an
    earlier merge: ours differs from the server's there, and it is not sent until settled.
    ``resolve`` settles every conflict: 'theirs' takes their value, 'ours' keeps ours and sends it."""
    pending = set(pending)
    merged: Fields = {}
    taken: list[str] = []
    sent: list[str] = []
    conflicts: list[FieldConflict] = []
    settled: list[FieldConflict] = []
    for name in sorted(set(ours) | set(theirs) | set(base or {})):
        mine, yours = ours.get(name), theirs.get(name)
        if mine == yours:
            _put(merged, name, mine)
            continue
        was = None if base is None else base.get(name)
        if base is not None and mine == was and name not in pending:
            _put(merged, name, yours)
            taken.append(name)
        elif base is not None and yours == was and name not in pending:
            _put(merged, name, mine)
            sent.append(name)
        elif resolve == "theirs":
            _put(merged, name, yours)
            taken.append(name)
            settled.append(FieldConflict(name, mine, yours))
        elif resolve == "ours":
            _put(merged, name, mine)
            sent.append(name)
            settled.append(FieldConflict(name, mine, yours))
        else:
            _put(merged, name, mine)
            conflicts.append(FieldConflict(name, mine, yours))
    return Merged(merged, tuple(taken), tuple(sent), tuple(conflicts), tuple(settled))


# --- records as fields --------------------------------------------------------------------


def event_fields(event: Event) -> Fields:
    """An event's merged fields (empty values left out)."""
    out: Fields = {name: getattr(event, name) for name in EVENT_FIELDS}
    out["time"] = (event.start, event.end, event.zone, event.all_day)
    for fact, text in event.sources:
        out[SOURCE + fact] = text
    return {k: v for k, v in out.items() if not _empty(v)}


def _empty(value: Any) -> bool:
    """True for the values a record leaves out (None, '', an empty list, false; never 0)."""
    return value is None or value is False or (isinstance(value, (str, tuple)) and not value)


def event_from(template: Event, fields: Mapping[str, Any], order: Iterable[str] = ()) -> Event:
    """``template`` with ``fields`` (InvalidData when they do not make a valid event). Sources come
    in the order of ``order`` (fact names), then any others in name order."""
    values: dict[str, Any] = {name: fields.get(name, _EMPTY_EVENT[name]) for name in EVENT_FIELDS}
    start, end, zone, all_day = fields.get("time", (template.start, template.end, template.zone, template.all_day))
    facts = {k.removeprefix(SOURCE): v for k, v in fields.items() if k.startswith(SOURCE)}
    ordered = [f for f in dict.fromkeys(order) if f in facts] + sorted(f for f in facts if f not in set(order))
    return dataclasses.replace(template, **values, start=start, end=end, zone=zone, all_day=all_day,
                               sources=tuple((f, facts[f]) for f in ordered))


_EMPTY_EVENT = {f.name: (f.default if f.default is not dataclasses.MISSING else None) for f in dataclasses.fields(Event)}


def plain_fields(item: object, skip: tuple[str, ...] = ("id",)) -> Fields:
    """The fields of a directory record (a person, a venue, a contact, the visit's settings),
    empty values left out."""
    assert dataclasses.is_dataclass(item)
    out = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name not in skip}
    return {k: v for k, v in out.items() if not _empty(v)}


def plain_from(template: T, fields: Mapping[str, Any], skip: tuple[str, ...] = ("id",)) -> T:
    """``template`` with ``fields`` (InvalidData when they do not make a valid record)."""
    assert dataclasses.is_dataclass(template) and not isinstance(template, type)
    values = {f.name: fields.get(f.name, _empty_like(getattr(template, f.name))) for f in dataclasses.fields(template) if f.name not in skip}
    return dataclasses.replace(template, **values)


def _empty_like(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, tuple):
        return ()
    if isinstance(value, bool):
        return False
    return None


VISIT_SKIP = ("id", "contacts")
"""What the visit's settings record leaves out: its identity, and the contacts (records of their own)."""


MAIL = "mail."
"""The prefix of the visit's mail settings, a field each ('mail.server'), as ``[mail]`` names them."""


def visit_fields(visit: Visit) -> Fields:
    """The visit's settings as fields (its contacts travel as records of their own); each mail
    setting a field of its own, so two officers who set different ones both keep theirs."""
    out = plain_fields(visit, VISIT_SKIP + ("mail",))
    return out | {MAIL + k: v for k, v in plain_fields(visit.mail, ()).items()}


def visit_from(template: Visit, fields: Mapping[str, Any]) -> Visit:
    """``template`` with the visit's settings ``fields`` (InvalidData when they make no valid visit)."""
    mail = plain_from(template.mail, {k.removeprefix(MAIL): v for k, v in fields.items() if k.startswith(MAIL)}, ())
    return dataclasses.replace(plain_from(template, fields, VISIT_SKIP + ("mail",)), mail=mail)


def leg_key(leg: TravelLeg) -> str:
    """The field that holds one travel leg in the legs record."""
    return f"leg:{leg.origin}→{leg.destination}"


def legs_fields(legs: Iterable[TravelLeg]) -> Fields:
    """Travel legs as one record: a field per leg (its minutes, note and whether one-way)."""
    return {leg_key(leg): (leg.minutes, leg.note, leg.one_way) for leg in legs}


def legs_from(fields: Mapping[str, Any], order: Iterable[str] = ()) -> tuple[TravelLeg, ...]:
    """The legs a legs record holds, in the order of ``order`` (field names), then the others."""
    keys = [k for k in dict.fromkeys(order) if k in fields] + sorted(k for k in fields if k not in set(order))
    legs = []
    for key in keys:
        origin, destination = key.removeprefix("leg:").split("→", 1)
        minutes, note, one_way = fields[key]
        legs.append(TravelLeg(origin, destination, minutes, note, one_way))
    return tuple(legs)


def shown(value: Any, tz: dt.tzinfo | None = None) -> str:
    """A field's value as a person reads it in a conflict, in the interface's language."""
    korean = language() == "ko"
    if value is None or value == () or value == "":
        return _("(none)")
    if isinstance(value, tuple) and len(value) == 4 and isinstance(value[0], dt.datetime):
        start, end, zone, all_day = value
        if all_day:
            last = end - dt.timedelta(days=1)
            first, final = (dates.korean(d.date(), year=False) if korean else f"{d:%d %b}" for d in (start, last))
            return _("{day}, all day", day=first) if last.date() <= start.date() else _("{first}–{last}, all day", first=first, last=final)
        here = (start.astimezone(tz), end.astimezone(tz)) if tz is not None else (start, end)
        begins = dates.korean(here[0], year=False) if korean else f"{here[0]:%d %b %H:%M}"
        return f"{begins}–{here[1]:%H:%M}" + (f" ({zone})" if tz is not None and str(tz) != zone else "")
    if isinstance(value, bool):
        return pgettext("field value", "yes") if value else pgettext("field value", "no")
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # the handling lines, a source document
        said = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return "; ".join(f"{name}: {shown(v, tz)}" for name, v in said if not _empty(v)) or _("(none)")
    if isinstance(value, tuple) and value and all(dataclasses.is_dataclass(v) for v in value):
        return " | ".join(shown(v, tz) for v in value)
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], int):  # a travel leg
        minutes, note, one_way = value
        return (_("{minutes} min one way", minutes=minutes) if one_way else _("{minutes} min", minutes=minutes)) + (f" ({note})" if note else "")
    return str(value)


KINDS: dict[type, str] = {Person: "person", Venue: "venue", Contact: "contact"}
"""The kind of each directory record, as keys name it ('person:houngbo')."""
