"""The conflict engine: pure functions over a programme. No I/O, no clock.

Findings:

* ``overlap`` (error): one participant in two non-cancelled events at once. Intervals are
  half-open, so 10:00–11:00 and 11:00–12:00 do not overlap. Events marked ``overlap_ok`` and
  events whose time is still to be confirmed never take part.
* ``travel``: for each participant, an event at another venue than the one they come from,
  with less time between them than the travel time plus the visit's protocol buffer — an error
  when the gap is shorter than the travel itself, a warning when it covers travel but not the
  buffer; a leg with neither a table entry nor coordinates is a warning that it is unknown.
* ``venue`` (warning; error when the venue is exclusive): two events in one venue at once.
* ``busy`` (error): an event over a participant's outside commitment (busy calendar).
* ``outside`` (warning): an event (or planning window) before the visit's first day or after its
  last.
* ``unconfirmed`` (warning): an event whose time is TBC or whose status is tentative.

Cancelled events are ignored everywhere. Each check sorts once and sweeps: O(n log n) per
participant plus the number of findings, never all pairs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import heapq
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from itinerary.model import Event, Programme, Venue, utc

ERROR = "error"
WARNING = "warning"
KINDS = ("overlap", "busy", "travel", "venue", "outside", "unconfirmed")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem of the programme. Its message is written when first read."""

    kind: str
    """One of :data:`KINDS`."""
    severity: str
    """'error' or 'warning'."""
    events: tuple[str, ...]
    """Ids of the events involved, in programme order."""
    people: tuple[str, ...]
    """Ids of the people involved (empty for findings about an event as such)."""
    text: str | Callable[[], str] = field(compare=False, repr=False)
    """The message, or a function that writes it (see :attr:`message`)."""
    minutes: int | None = None
    """The overlap or the shortfall in minutes, where there is one."""

    @property
    def message(self) -> str:
        """What is wrong, with the numbers a person needs."""
        text = self.text
        if callable(text):
            text = text()
            object.__setattr__(self, "text", text)
        return text

    def keys(self) -> set[tuple[str, str, tuple[str, ...], str]]:
        """Identities that survive a change of numbers: (kind, severity, events, person)."""
        events = tuple(sorted(self.events))
        return {(self.kind, self.severity, events, p) for p in self.people or ("",)}


@dataclass(frozen=True)
class Busy:
    """An outside commitment of one person (from a busy calendar)."""

    person: str
    """Person id."""
    start: dt.datetime
    """Start, aware."""
    end: dt.datetime
    """End, aware, exclusive."""
    title: str = ""
    """Title from the calendar; shown only where asked for."""
    uid: str = ""
    """Identity in its calendar."""


@dataclass(frozen=True)
class Leg:
    """The travel between two venues as the engine sees it."""

    minutes: int | None
    """Travel minutes, or None when unknown."""
    estimate: bool = False
    """True when estimated from coordinates rather than taken from the table."""


@dataclass(frozen=True)
class Gap:
    """The time between two consecutive events of one person."""

    before: str
    """Id of the earlier event."""
    after: str
    """Id of the later event."""
    minutes: int
    """Minutes between the end of one and the start of the other."""
    leg: Leg | None
    """Travel between their venues; None when the venue is the same or not known."""
    buffer: int
    """The protocol buffer in minutes."""

    @property
    def spare(self) -> int | None:
        """Minutes left after travel and buffer (negative when short); None when travel is unknown."""
        if self.leg is None:
            return self.minutes - self.buffer
        if self.leg.minutes is None:
            return None
        return self.minutes - self.leg.minutes - self.buffer


# --- travel -----------------------------------------------------------------------------


def travel_table(programme: Programme) -> dict[tuple[str, str], int]:
    """Travel minutes by (from, to); a leg given one way holds both ways unless both are given."""
    table: dict[tuple[str, str], int] = {}
    for leg in programme.travel:
        table.setdefault((leg.destination, leg.origin), leg.minutes)
    for leg in programme.travel:
        table[(leg.origin, leg.destination)] = leg.minutes
    return table


def great_circle_km(a: Venue, b: Venue) -> float:
    """Distance between two venues with coordinates, in kilometres (haversine)."""
    assert a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


class Travel:
    """Looks up travel legs: the table first, then an estimate from coordinates."""

    def __init__(self, programme: Programme) -> None:
        self.table = travel_table(programme)
        self.venues = programme.venues_by_id
        self.speed = programme.visit.city_speed_kmh
        self.known: dict[tuple[str, str], Leg] = {}

    def leg(self, origin: str, destination: str) -> Leg:
        """The leg from ``origin`` to ``destination`` (venue ids)."""
        key = (origin, destination)
        if key not in self.known:
            self.known[key] = self._look_up(origin, destination)
        return self.known[key]

    def _look_up(self, origin: str, destination: str) -> Leg:
        if origin == destination:
            return Leg(0)
        if (origin, destination) in self.table:
            return Leg(self.table[(origin, destination)])
        a, b = self.venues.get(origin), self.venues.get(destination)
        if a and b and a.latitude is not None and b.latitude is not None:
            return Leg(math.ceil(great_circle_km(a, b) / self.speed * 60), estimate=True)
        return Leg(None)


# --- the engine -------------------------------------------------------------------------


def _clock(moment: dt.datetime, tz: dt.tzinfo, reference: dt.date | None = None) -> str:
    local = moment.astimezone(tz)
    return f"{local:%H:%M}" if reference is None or local.date() == reference else f"{local:%d %b %H:%M}"


class _Span:
    """An event reduced to what the sweeps need: instants as UTC seconds; local clock text is
    made only for the few spans that appear in a finding."""

    __slots__ = ("event", "index", "start", "end", "key", "tz", "_text")

    def __init__(self, event: Event, tz: dt.tzinfo, index: int) -> None:
        self.event = event
        self.index = index
        self.start = event.start.timestamp()
        self.end = event.end.timestamp()
        self.key = (self.start, self.end, event.id)
        self.tz = tz
        self._text: tuple[dt.date, dt.date, str, str] | None = None

    def _local(self) -> tuple[dt.date, dt.date, str, str]:
        if self._text is None:
            local_start, local_end = self.event.start.astimezone(self.tz), self.event.end.astimezone(self.tz)
            day, end_day = local_start.date(), local_end.date()
            end_text = f"{local_end:%H:%M}" if end_day == day else f"{local_end:%d %b %H:%M}"
            self._text = (day, end_day, f"{local_start:%H:%M}", end_text)
        return self._text

    @property
    def day(self) -> dt.date:
        """Local day of the start."""
        return self._local()[0]

    @property
    def end_day(self) -> dt.date:
        """Local day of the end."""
        return self._local()[1]

    @property
    def end_text(self) -> str:
        """The end as 'HH:MM' (with its date when it is on another day than the start)."""
        return self._local()[3]

    def start_on(self, day: dt.date) -> str:
        """The start as 'HH:MM', with its date when it is not on ``day``."""
        start_day, _, start_text, _ = self._local()
        return start_text if start_day == day else f"{start_day:%d %b} {start_text}"

    @property
    def times(self) -> str:
        """'10:00–11:00'."""
        _, _, start_text, end_text = self._local()
        return f"{start_text}–{end_text}"


def _spans(programme: Programme) -> list[_Span]:
    """The timed, non-cancelled, non-overlap_ok events: the only ones that can clash."""
    tz = programme.visit.tz
    return [_Span(e, tz, i) for i, e in enumerate(programme.events) if not (e.cancelled or e.time_tbc or e.overlap_ok)]


def _spans_by(spans: Iterable[_Span], group: str) -> dict[str, list[_Span]]:
    """Spans per person or per venue, each list sorted by (start, end, id)."""
    groups: dict[str, list[_Span]] = {}
    for span in spans:
        event = span.event
        for name in event.participants if group == "person" else ([event.venue] if event.venue else []):
            groups.setdefault(name, []).append(span)
    by_key = operator.attrgetter("key")
    for members in groups.values():
        members.sort(key=by_key)
    return groups


def overlapping_pairs(spans: Sequence[_Span]) -> Iterable[tuple[_Span, _Span]]:
    """Every pair of overlapping spans of a sorted list: a sweep with a heap of open spans."""
    open_spans: list[tuple[float, tuple[float, float, str], _Span]] = []
    for span in spans:
        while open_spans and open_spans[0][0] <= span.start:
            heapq.heappop(open_spans)
        for _, _, other in open_spans:  # every open span comes earlier in order
            yield other, span
        heapq.heappush(open_spans, (span.end, span.key, span))


def predecessors(spans: Sequence[_Span]) -> Iterable[tuple[_Span, _Span]]:
    """(previous, span) for each span of a sorted list, where previous is the earlier span that
    ends last (ties: the later in order): where the person comes from."""
    best: _Span | None = None
    for span in spans:
        if best is not None:
            yield best, span
        if best is None or (span.end, span.key) > (best.end, best.key):
            best = span


class _Collector:
    """Merges the per-person findings about the same events; messages are written on demand."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.venue_names = {v.id: v.name for v in programme.venues}
        self.labels = {p.id: p.label for p in programme.people}
        self.found: dict[tuple[object, ...], list[str]] = {}
        self.details: dict[tuple[object, ...], tuple[int | None, object]] = {}

    def add(self, kind: str, severity: str, spans: tuple[_Span, ...], person: str, minutes: int | None, detail: object = None) -> None:
        """Record a finding of ``person`` (empty for venue findings); ``detail`` is kind-specific."""
        key = (kind, severity, spans, detail if kind == "busy" else None)
        people = self.found.get(key)
        if people is None:
            self.found[key] = [person]
            self.details[key] = (minutes, detail)
        else:
            people.append(person)

    def findings(self) -> list[tuple[tuple[int, ...], Finding]]:
        """The findings, each with the programme positions of its events."""
        out = []
        for key, people in self.found.items():
            kind, severity, spans, _ = key
            minutes, detail = self.details[key]
            if len(spans) == 2:
                events, positions = (spans[0].event.id, spans[1].event.id), (spans[0].index, spans[1].index)
            else:
                events, positions = (spans[0].event.id,), (spans[0].index,)
            whom = () if people == [""] else tuple(people)
            text = functools.partial(self.write, kind, spans, whom, minutes, detail)
            out.append((positions, Finding(kind, severity, events, whom, text, minutes)))
        return out

    def write(self, kind: str, spans: tuple[_Span, ...], people: tuple[str, ...], minutes: int | None, detail: object) -> str:
        """The message of one finding."""
        text: str = getattr(self, f"_{kind}")(spans, minutes, detail)
        if not people:
            return text
        return ", ".join(self.labels.get(p, p) for p in people) + ": " + text

    def _overlap(self, spans: tuple[_Span, ...], minutes: int | None, detail: object) -> str:
        a, b = spans
        return f"'{a.event.title}' ({a.times}) and '{b.event.title}' ({b.times}) overlap by {minutes} min"

    def _venue(self, spans: tuple[_Span, ...], minutes: int | None, detail: object) -> str:
        a, b = spans
        tail = " and the venue is exclusive" if detail else ""
        name = self.programme.venue_label(a.event.venue)
        return f"{name} is booked twice: '{a.event.title}' ({a.times}) and '{b.event.title}' ({b.times}){tail}"

    def _travel(self, spans: tuple[_Span, ...], minutes: int | None, detail: object) -> str:
        a, b = spans
        assert isinstance(detail, Gap) and detail.leg is not None
        names = self.venue_names
        va, vb = names.get(a.event.venue or "", a.event.venue), names.get(b.event.venue or "", b.event.venue)
        where = f"'{a.event.title}' ends {a.end_text} at {va}; '{b.event.title}' starts {b.start_on(a.end_day)} at {vb}"
        leg = detail.leg
        if leg.minutes is None:
            return f"{where}; travel time between them is unknown (add a leg to venues.toml)"
        label = "estimated travel" if leg.estimate else "travel"
        return f"{where}; needs {leg.minutes} min {label} + {detail.buffer} min buffer, has {detail.minutes} min ({minutes} min short)"

    def _busy(self, spans: tuple[_Span, ...], minutes: int | None, detail: object) -> str:
        (span,) = spans
        assert isinstance(detail, Busy)
        tz = self.programme.visit.tz
        return (
            f"'{span.event.title}' ({span.times}) falls on an outside commitment "
            f"({_clock(detail.start, tz, span.day)}–{_clock(detail.end, tz, span.day)}, from the busy calendar)"
        )


def _overlaps(by_person: Mapping[str, list[_Span]], collect: _Collector) -> None:
    for person, spans in by_person.items():
        for a, b in overlapping_pairs(spans):
            collect.add("overlap", ERROR, (a, b), person, int((min(a.end, b.end) - b.start) // 60))


def _travel(programme: Programme, by_person: Mapping[str, list[_Span]], collect: _Collector) -> None:
    travel = Travel(programme)
    known, buffer = travel.known, programme.visit.buffer_minutes
    for person, spans in by_person.items():
        # the predecessor walk of predecessors(), inlined: this loop runs once per participation
        best: _Span | None = None
        for b in spans:
            a = best
            if a is None or (b.end, b.key) > (a.end, a.key):
                best = b
            if a is None:
                continue
            va, vb = a.event.venue, b.event.venue
            if not va or not vb or va == vb or a.end > b.start:
                continue  # no leg to judge, or an overlap (reported as such)
            leg = known.get((va, vb)) or travel.leg(va, vb)
            gap = int((b.start - a.end) // 60)
            if leg.minutes is not None and gap >= leg.minutes + buffer:
                continue
            found = Gap(a.event.id, b.event.id, gap, leg, buffer)
            verdict = _judge(found)
            if verdict:
                collect.add("travel", verdict[0], (a, b), person, verdict[1], found)


def _gaps(programme: Programme, spans: Sequence[_Span], travel: Travel) -> Iterable[tuple[_Span, _Span, Gap]]:
    buffer = programme.visit.buffer_minutes
    for a, b in predecessors(spans):
        if a.end > b.start:
            continue  # an overlap, reported as such
        va, vb = a.event.venue, b.event.venue
        leg = travel.leg(va, vb) if va and vb and va != vb else None
        yield a, b, Gap(a.event.id, b.event.id, int((b.start - a.end) // 60), leg, buffer)


def _judge(gap: Gap) -> tuple[str, int | None] | None:
    """(severity, minutes short) when the gap is too short for its leg, else None."""
    if gap.leg is None:
        return None
    if gap.leg.minutes is None:
        return WARNING, None
    need = gap.leg.minutes + gap.buffer
    if gap.minutes >= need:
        return None
    return (ERROR if gap.minutes < gap.leg.minutes else WARNING), need - gap.minutes


def _venues(programme: Programme, spans: Sequence[_Span], collect: _Collector) -> None:
    for venue_id, members in _spans_by(spans, "venue").items():
        venue = programme.venues_by_id.get(venue_id)
        exclusive = venue is not None and venue.exclusive
        for a, b in overlapping_pairs(members):
            collect.add("venue", ERROR if exclusive else WARNING, (a, b), "", None, exclusive)


def _busy(programme: Programme, by_person: Mapping[str, list[_Span]], busy: Sequence[Busy], collect: _Collector) -> None:
    per_person: dict[str, list[Busy]] = {}
    for item in busy:
        if item.person in by_person:
            per_person.setdefault(item.person, []).append(item)
    for person, items in per_person.items():
        for span, item in _crossing(by_person[person], items):
            collect.add("busy", ERROR, (span,), person, None, item)


def _crossing(spans: Sequence[_Span], items: Sequence[Busy]) -> Iterable[tuple[_Span, Busy]]:
    """Every (event, busy interval) pair that overlaps: one sweep over both, sorted by start."""
    points: list[tuple[float, int, int]] = [(s.start, 0, i) for i, s in enumerate(spans)]
    points += [(b.start.timestamp(), 1, i) for i, b in enumerate(items)]
    points.sort()
    open_spans: list[tuple[float, int]] = []
    open_items: list[tuple[float, int]] = []
    for moment, side, index in points:
        for heap in (open_spans, open_items):
            while heap and heap[0][0] <= moment:
                heapq.heappop(heap)
        if side == 0:
            for _, other in sorted(open_items, key=lambda x: x[1]):
                yield spans[index], items[other]
            heapq.heappush(open_spans, (spans[index].end, index))
        else:
            for _, other in sorted(open_spans, key=lambda x: x[1]):
                yield spans[other], items[index]
            heapq.heappush(open_items, (items[index].end.timestamp(), index))


def _per_event(programme: Programme, events: Iterable[tuple[int, Event]]) -> list[tuple[tuple[int, ...], Finding]]:
    visit = programme.visit
    tz = visit.tz
    first, last = visit.bounds()
    out = []
    for index, event in events:
        if event.cancelled:
            continue
        if utc(event.start) < utc(first) or utc(event.end) > utc(last):
            side = "before the visit's first day" if utc(event.start) < utc(first) else "after the visit's last day"
            text = f"'{event.title}' ({event.start.astimezone(tz):%d %b %H:%M}) is {side} ({visit.first_day:%d %b}–{visit.last_day:%d %b %Y})"
            out.append(((index,), Finding("outside", WARNING, (event.id,), (), text)))
        reasons = []
        if event.time_tbc:
            window = f"{event.start.astimezone(tz):%d %b %H:%M}–{_clock(event.end, tz, event.start.astimezone(tz).date())}"
            reasons.append(f"time to be confirmed (planning window {window})")
        if event.status == "tentative":
            reasons.append("status tentative")
        if reasons:
            out.append(((index,), Finding("unconfirmed", WARNING, (event.id,), (), f"'{event.title}': {'; '.join(reasons)}")))
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the engine allocates findings.

    The engine creates many small objects and no reference cycles; without the pause the
    collector walks the whole programme again and again (a third of the time at 100,000 events).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find(programme: Programme, *, busy: Sequence[Busy] = (), person: str | None = None) -> list[Finding]:
    """Every finding of the programme, errors first, then in programme order.

    With ``person``, only findings that involve that person or their events.
    """
    with _collector_paused():
        spans = _spans(programme)
        by_person = _spans_by(spans, "person")
        if person is not None:
            by_person = {person: by_person.get(person, [])}
        collect = _Collector(programme)
        _overlaps(by_person, collect)
        _busy(programme, by_person, busy, collect)
        _travel(programme, by_person, collect)
        if person is None:
            _venues(programme, spans, collect)
        placed = collect.findings()
        events = enumerate(programme.events)
        if person is not None:
            events = ((i, e) for i, e in events if e.involves(person))
        placed += _per_event(programme, events)
        rank = {kind: i for i, kind in enumerate(KINDS)}
        placed.sort(key=lambda item: (item[1].severity != ERROR, rank[item[1].kind], item[0], item[1].people))
        return [finding for _, finding in placed]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are errors."""
    return [f for f in findings if f.severity == ERROR]


def introduced(before: Iterable[Finding], after: Iterable[Finding]) -> list[Finding]:
    """The findings of ``after`` that ``before`` did not have (by kind, events and person)."""
    known: set[tuple[str, str, tuple[str, ...], str]] = set()
    for finding in before:
        known |= finding.keys()
    return [f for f in after if not f.keys() <= known]


def gaps(programme: Programme, person: str) -> list[Gap]:
    """The gaps between consecutive timed events of ``person``, in order."""
    spans = _spans_by(_spans(programme), "person").get(person, [])
    return [gap for _, _, gap in _gaps(programme, spans, Travel(programme))]


def involved(findings: Iterable[Finding], *, include: Sequence[str] = ("overlap", "busy", "travel", "venue", "outside")) -> dict[str, list[Finding]]:
    """Findings by event id (only the kinds in ``include``)."""
    by_event: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.kind in include:
            for event_id in finding.events:
                by_event.setdefault(event_id, []).append(finding)
    return by_event


@dataclass(frozen=True)
class Slot:
    """A free stretch of one person's day: an event of the asked length may start anywhere
    from ``start`` to ``end`` minus that length."""

    start: dt.datetime
    """Earliest start."""
    end: dt.datetime
    """Latest end."""
    unknown_legs: tuple[str, ...] = ()
    """Event ids next to the slot whose travel leg is unknown (only the buffer was kept)."""


def free_slots(
    programme: Programme,
    person: str,
    window: tuple[dt.datetime, dt.datetime],
    duration: dt.timedelta,
    *,
    venue: str | None = None,
    busy: Sequence[Busy] = (),
) -> list[Slot]:
    """Where an event of ``duration`` fits for ``person`` inside ``window``.

    Every timed event of the person blocks its own time, widened by the travel to or from
    ``venue`` and the protocol buffer; outside commitments block their time plus the buffer;
    other events at ``venue`` block their time. An event placed in a slot therefore adds no
    overlap, travel, busy or venue finding.
    """
    travel = Travel(programme)
    buffer = dt.timedelta(minutes=programme.visit.buffer_minutes)
    tz = window[0].tzinfo
    # all arithmetic and comparisons on UTC instants: wall-clock arithmetic breaks across DST
    blocked: list[tuple[dt.datetime, dt.datetime, str | None]] = []
    unknown: set[str] = set()
    for event in programme.events:
        if event.cancelled or event.time_tbc or event.overlap_ok:
            continue
        if event.involves(person):
            before = after = dt.timedelta(0)
            if venue and event.venue and event.venue != venue:
                to_slot, from_slot = travel.leg(event.venue, venue).minutes, travel.leg(venue, event.venue).minutes
                if to_slot is None or from_slot is None:
                    unknown.add(event.id)
                after = buffer + dt.timedelta(minutes=to_slot or 0)
                before = buffer + dt.timedelta(minutes=from_slot or 0)
            else:
                before = after = buffer
            blocked.append((utc(event.start) - before, utc(event.end) + after, event.id))
        elif venue is not None and event.venue == venue:
            blocked.append((utc(event.start), utc(event.end), None))
    for item in busy:
        if item.person == person:
            blocked.append((utc(item.start) - buffer, utc(item.end) + buffer, None))
    blocked.sort(key=lambda b: (b[0], b[1]))
    slots = []
    cursor, last = utc(window[0]), utc(window[1])
    neighbours: list[str] = []
    for start, end, event_id in blocked:
        if end <= cursor:
            if event_id:
                neighbours = [event_id]
            continue
        if start >= last:
            break
        if start - cursor >= duration:
            near = [e for e in (*neighbours, event_id) if e in unknown]
            slots.append(Slot(cursor.astimezone(tz), start.astimezone(tz), tuple(near)))
        if end > cursor:
            cursor = end
            neighbours = [event_id] if event_id else []
    if last - cursor >= duration:
        slots.append(Slot(cursor.astimezone(tz), last.astimezone(tz), tuple(e for e in neighbours if e in unknown)))
    return slots
