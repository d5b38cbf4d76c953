"""Across the visits of an office: what no single visit's check can see. Pure, no I/O.

* ``overlap`` (error): one person in events of two visits at once.
* ``travel``: one person's consecutive events in two visits, at venues too far apart for the
  time between them (error when shorter than the travel itself, warning when the office's
  buffer is not kept, or when the travel time is unknown).
* ``venue`` (error): an exclusive venue booked by two visits at once.
* ``staff`` (warning): an officer named as the contact of events of two visits at once.

Findings inside one visit are that visit's own check; here only pairs from two visits count.
Each check sorts once and sweeps (the sweeps of :mod:`.spans`), never all pairs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from itinerary.core import wording
from itinerary.core.finding import Finding, Writer, written
from itinerary.core.spans import Span, overlapping_pairs, predecessors
from itinerary.core.travel import ERROR, WARNING, Gap, Travel, across_night, judge
from itinerary.i18n import N_, Translator
from itinerary.model import Contact, Event, Office, Person, Programme, TravelLeg, Venue

KINDS = ("overlap", "travel", "venue", "staff")
PEOPLE = N_("{people}: {finding}")
"""A problem of some people (or officers): whom it concerns, then what."""
SAID = N_("'{title}' ({visit}, {day} {times})")
"""An event of one of the office's visits, as a problem between visits names it."""


@dataclass(frozen=True)
class Crossing:
    """A problem between two visits of the office. Its message is written when first read."""

    kind: str
    """One of :data:`KINDS`."""
    severity: str
    """'error' or 'warning'."""
    events: tuple[tuple[str, str], ...]
    """The events involved, as (visit, event id), earlier first."""
    people: tuple[str, ...]
    """The people (or, for ``staff``, the officers) involved."""
    text: Writer = field(compare=False, repr=False)
    """The function that writes the message (see :attr:`message`)."""
    minutes: int | None = None
    """The overlap or the shortfall in minutes, where there is one."""
    said: tuple[str, str] | None = field(default=None, init=False, compare=False, repr=False)
    """The last message written, with its language (kept by :func:`~.finding.written`)."""

    @property
    def message(self) -> str:
        """What is wrong, with the numbers a person needs, in the interface's language."""
        return written(self)

    @property
    def english(self) -> str:
        """The message in English, as ``--json`` gives it whatever the interface speaks."""
        return written(self, "en")


@dataclass(frozen=True)
class Placed:
    """One event of one visit, on the office's clock."""

    visit: str
    """The visit's name (its folder in the office)."""
    event: Event
    """The event."""


def combined(office: Office, programmes: Sequence[Programme]) -> Programme:
    """One programme standing for the whole office's directory: every person, venue, leg and
    contact any visit knows (the first definition of an id wins), and no events."""
    people: dict[str, Person] = {}
    venues: dict[str, Venue] = {}
    contacts: dict[str, Contact] = {}
    travel: list[TravelLeg] = []
    for programme in programmes:
        for person in programme.people:
            people.setdefault(person.id, person)
        for venue in programme.venues:
            venues.setdefault(venue.id, venue)
        for contact in programme.visit.contacts:
            contacts.setdefault(contact.id, contact)
        travel.extend(leg for leg in programme.travel if leg not in travel)
    visit = dataclasses.replace(office.as_visit(), contacts=tuple(contacts.values()))
    return Programme(visit, tuple(people.values()), tuple(venues.values()), tuple(travel))


class _Sweep:
    """The spans of every visit on the office's clock, each knowing its visit."""

    def __init__(self, office: Office, programmes: Sequence[Programme], names: Sequence[str]) -> None:
        self.directory = combined(office, programmes)
        tz = self.directory.visit.tz
        self.spans: list[Span] = []
        self.visit_of: dict[int, str] = {}
        for programme, name in zip(programmes, names, strict=True):
            for index, event in enumerate(programme.events):
                if event.cancelled or event.time_tbc or event.overlap_ok:
                    continue
                span = Span(event, tz, index)
                span.key = (span.start, span.end, f"{name}/{event.id}")  # unique across visits
                self.spans.append(span)
                self.visit_of[id(span)] = name
        self.spans.sort(key=lambda s: s.key)

    def groups(self, of: str) -> dict[str, list[Span]]:
        """The spans per person, venue or contact, in order."""
        groups: dict[str, list[Span]] = {}
        for span in self.spans:
            event = span.event
            names: Iterable[str] = {"person": event.participants, "venue": [event.venue] if event.venue else [], "contact": event.contacts}[of]
            for name in names:
                groups.setdefault(name, []).append(span)
        return groups

    def apart(self, a: Span, b: Span) -> bool:
        """True when two spans are events of different visits."""
        return self.visit_of[id(a)] != self.visit_of[id(b)]

    def ids(self, *spans: Span) -> tuple[tuple[str, str], ...]:
        return tuple((self.visit_of[id(s)], s.event.id) for s in spans)

    def said(self, span: Span, tr: Translator) -> str:
        """'Title' (visit, 21 May 10:00–11:00), in the language of ``tr``."""
        event = span.event
        return tr.gettext(SAID, title=wording.title(event, tr), visit=self.visit_of[id(span)], day=wording.day_month(span.day, tr),
                          times=wording.times(event, span.tz, tr))


def crossings(office: Office, programmes: Sequence[Programme], names: Sequence[str] | None = None) -> list[Crossing]:
    """Every problem between two visits of the office, errors first, then in time order. Visits
    are named by ``names`` (their folders), or by their ids."""
    sweep = _Sweep(office, programmes, names or [p.visit.id for p in programmes])
    directory = sweep.directory
    found: dict[tuple[str, str, int, int], tuple[Span, Span, Writer, int | None, list[str]]] = {}

    def add(kind: str, severity: str, a: Span, b: Span, who: str, text: Writer, minutes: int | None = None) -> None:
        key = (kind, severity, id(a), id(b))
        if key in found:
            found[key][4].append(who)
        else:
            found[key] = (a, b, text, minutes, [who] if who else [])

    by_person = sweep.groups("person")
    for person, members in by_person.items():
        for a, b in overlapping_pairs(members):
            if sweep.apart(a, b):
                minutes = int((min(a.end, b.end) - b.start) // 60)
                add("overlap", ERROR, a, b, person, functools.partial(_overlap_text, sweep, a, b, minutes), minutes)
    travel = Travel(directory)
    for person, members in by_person.items():
        for a, b in predecessors(members):
            va, vb = a.event.end_venue, b.event.start_venue
            if not va or not vb or va == vb or a.end > b.start or not sweep.apart(a, b):
                continue
            gap = Gap(a.event.id, b.event.id, int((b.start - a.end) // 60), travel.leg(va, vb), office.buffer_minutes, across_night(a, b))
            verdict = judge(gap)
            if verdict:
                add("travel", verdict[0], a, b, person, functools.partial(_travel_text, sweep, directory, a, b, gap), verdict[1])
    for venue_id, members in sweep.groups("venue").items():
        venue = directory.venues_by_id.get(venue_id)
        if venue is None or not venue.exclusive:
            continue
        for a, b in overlapping_pairs(members):
            if sweep.apart(a, b):
                add("venue", ERROR, a, b, "", functools.partial(_venue_text, sweep, venue, a, b))
    for contact, members in sweep.groups("contact").items():
        for a, b in overlapping_pairs(members):
            if sweep.apart(a, b):
                add("staff", WARNING, a, b, contact, functools.partial(_staff_text, sweep, a, b))
    rank = {kind: i for i, kind in enumerate(KINDS)}
    ordered = sorted(found.items(), key=lambda item: (item[0][1] != ERROR, item[1][0].key, rank[item[0][0]], item[1][1].key))
    out = []
    for (kind, severity, _, _), (a, b, text, amount, who) in ordered:
        out.append(Crossing(kind, severity, sweep.ids(a, b), tuple(who), functools.partial(_signed, directory, kind, tuple(who), text), amount))
    return out


def as_finding(crossing: Crossing, visit: str) -> Finding:
    """A problem between two visits as a finding of the visit named ``visit``: the same kind,
    severity, people, minutes and words; its own event by id, the other visit's as 'visit/id'."""
    events = tuple(e if v == visit else f"{v}/{e}" for v, e in crossing.events)
    return Finding(crossing.kind, crossing.severity, events, crossing.people, lambda tr: written(crossing, tr.lang), crossing.minutes)


def involves(crossing: Crossing, visit: str) -> bool:
    """True when one of the crossing's events is the visit ``visit``'s."""
    return any(v == visit for v, _ in crossing.events)


def between(office: Office, visit: str, programme: Programme, others: Sequence[tuple[str, Programme]],
            *, person: str | None = None) -> list[Finding]:
    """The problems between the visit named ``visit`` and the office's ``others`` (name,
    programme), as findings of that visit — exactly those :func:`crossings` finds for the whole
    office that involve it. Only the other visits' events that share a person, venue or contact
    with this visit's events can pair with them: the rest is left out before the sweep. With
    ``person``, only the problems that involve that person or their events."""
    mine = [e for e in programme.events if not e.cancelled]
    people = {p for e in mine for p in e.participants}
    venues = {e.venue for e in mine if e.venue}
    contacts = {c for e in mine for c in e.contacts}
    if not mine:
        return []
    ordered = sorted([(visit, programme), *((name, other.with_events([
        e for e in other.events
        if not e.cancelled and (people.intersection(e.participants) or e.venue in venues or contacts.intersection(e.contacts))
    ])) for name, other in others)], key=lambda pair: pair[0])  # the office's own order: its directory is made alike
    found = crossings(office, [p for _, p in ordered], [n for n, _ in ordered])
    own = programme.events_by_id
    out = []
    for crossing in found:
        if not involves(crossing, visit):
            continue
        if person is not None and person not in crossing.people and not any(
                v == visit and e in own and own[e].involves(person) for v, e in crossing.events):
            continue
        out.append(as_finding(crossing, visit))
    return out


def _signed(directory: Programme, kind: str, who: tuple[str, ...], text: Writer, tr: Translator) -> str:
    said = text(tr)
    if not who:
        return said
    labels = wording.listing((_label(directory, kind, w, tr.lang) for w in who), tr)
    return tr.gettext(PEOPLE, people=labels, finding=said)


def _overlap_text(sweep: _Sweep, a: Span, b: Span, minutes: int, tr: Translator) -> str:
    _ = tr.gettext
    return _("{a} and {b} overlap by {minutes} min", a=sweep.said(a, tr), b=sweep.said(b, tr), minutes=minutes)


def _venue_text(sweep: _Sweep, venue: Venue, a: Span, b: Span, tr: Translator) -> str:
    _ = tr.gettext
    return _("{venue} (exclusive) is booked by two visits at once: {a} and {b}", venue=venue.named(tr.lang), a=sweep.said(a, tr),
             b=sweep.said(b, tr))


def _staff_text(sweep: _Sweep, a: Span, b: Span, tr: Translator) -> str:
    _ = tr.gettext
    return _("the contact of {a} and of {b} at once", a=sweep.said(a, tr), b=sweep.said(b, tr))


def _label(directory: Programme, kind: str, who: str, lang: str) -> str:
    if kind == "staff":
        contact = directory.contacts_by_id.get(who)
        if contact is None:
            return who
        return contact.name_ko if lang == "ko" and contact.name_ko else contact.name
    return directory.person_label(who, lang)


def _travel_text(sweep: _Sweep, directory: Programme, a: Span, b: Span, gap: Gap, tr: Translator) -> str:
    _ = tr.gettext
    origin, destination = a.event.end_venue, b.event.start_venue
    where = {"a": sweep.said(a, tr), "from_venue": directory.venue_label(origin, tr.lang),
             "b": sweep.said(b, tr), "to_venue": directory.venue_label(destination, tr.lang)}
    assert gap.leg is not None
    if gap.leg.minutes is None:
        return _("{a} at {from_venue}, then {b} at {to_venue}; travel time between them is unknown: "
                 "itinerary leg add {origin} {destination} --minutes N", **where, origin=origin, destination=destination)
    numbers = {"travel": gap.leg.minutes, "buffer": gap.buffer, "gap": gap.minutes}
    if gap.leg.estimate:
        return _("{a} at {from_venue}, then {b} at {to_venue}; needs {travel} min estimated travel + {buffer} min buffer, has {gap} min",
                 **where, **numbers)
    return _("{a} at {from_venue}, then {b} at {to_venue}; needs {travel} min travel + {buffer} min buffer, has {gap} min",
             **where, **numbers)


def on_day(programmes: Sequence[Programme], names: Sequence[str], day: dt.date, tz: dt.tzinfo, *, person: str | None = None) -> list[Placed]:
    """The events of every visit (named by ``names``) that meet ``day`` (local to ``tz``), in
    time order; with ``person``, only theirs. Cancelled events are left out."""
    start = dt.datetime.combine(day, dt.time(), tz)
    end = start + dt.timedelta(days=1)
    rows = [
        Placed(name, event)
        for programme, name in zip(programmes, names, strict=True)
        for event in programme.events
        if not event.cancelled and event.start < end and event.end > start and (person is None or event.involves(person))
    ]
    rows.sort(key=lambda p: (p.event.start.timestamp(), p.event.end.timestamp(), p.visit, p.event.id))
    return rows
