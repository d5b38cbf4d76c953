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
* ``busy`` (error): an event over a participant's outside commitment (their busy calendar).
  Clashes with the office's other visits are not busy time: they are the office's findings
  between visits (:mod:`.office`), which a visit's check lists beside these.
* ``order`` (error): two timed events against a rule one of them records (``after``, ``before``
  with ``min_gap``, ``same_day``).
* ``outside`` (warning): an event (or planning window) before the visit's first day or after its
  last.
* ``unconfirmed`` (warning): an event whose time is TBC or whose status is tentative.
* ``stale`` (warning): notes that still say a time or venue is open after it was set.

Cancelled events are ignored everywhere. Each check sorts once and sweeps: O(n log n) per
participant plus the number of findings, never all pairs.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

from itinerary.core import sweep, wording
from itinerary.core.finding import Finding, saying
from itinerary.core.paused import collector_paused
from itinerary.core.single import per_event
from itinerary.core.spans import Span
from itinerary.core.travel import ERROR, WARNING, Gap
from itinerary.i18n import N_, Translator
from itinerary.model import Busy, Event, Programme, maker

KINDS = ("overlap", "busy", "travel", "venue", "order", "outside", "unconfirmed", "stale")
PEOPLE = N_("{people}: {finding}")
"""A finding of some people: whom it concerns, then what."""
_AFTER, _BEFORE, _SAME_DAY = attrgetter("after"), attrgetter("before"), attrgetter("same_day")


class _Collector:
    """Merges the per-person findings about the same events; messages are written on demand."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.venue_names = {v.id: v.name for v in programme.venues}
        self.labels = {p.id: p.label for p in programme.people}
        self.found: dict[tuple[str, str, tuple[int, ...], object], list[Any]] = {}
        self.made: dict[int, Span] = {}
        self._ids: list[str] | None = None
        self._events, self._instants, self._tz = programme.events, programme.instants, programme.visit.tz

    def span(self, index: int) -> Span:
        """The span of the event at ``index`` in the programme, made once, when first needed."""
        made = self.made.get(index)
        if made is None:
            made = self.made[index] = Span(self._events[index], self._tz, index, self._instants[index])
        return made

    def ids(self) -> list[str]:
        """The ids of the programme's events, by position (made once)."""
        if self._ids is None:
            self._ids = [e.id for e in self._events]
        return self._ids

    def add(self, kind: str, severity: str, spans: tuple[Span, ...], person: str, minutes: int | None, detail: object = None) -> None:
        """Record a finding of ``person`` (empty for findings of no one); ``detail`` is kind-specific."""
        key = (kind, severity, tuple([s.index for s in spans]), detail if kind in ("busy", "order") else None)
        known = self.found.get(key)
        if known is None:
            self.found[key] = [[person], minutes, detail]
        else:
            known[0].append(person)

    def findings(self) -> dict[tuple[str, str], list[Finding]]:
        """The findings :meth:`add` recorded, by (severity, kind), each list in the order of the
        positions of their events, then of their people."""
        found, self.found = self.found, {}
        placed: dict[tuple[str, str], list[tuple[tuple[tuple[int, ...], tuple[str, ...]], Finding]]] = {}
        for (kind, severity, positions, _), (people, minutes, detail) in found.items():
            whom = () if people == [""] else tuple(people)
            events = tuple([self._events[i].id for i in positions])
            finding = Finding(kind, severity, events, whom, functools.partial(self.write, kind, positions, whom, minutes, detail), minutes)
            placed.setdefault((severity, kind), []).append(((positions, whom), finding))
        return {key: [finding for _, finding in sorted(items, key=itemgetter(0))] for key, items in placed.items()}

    def pairs(self, kind: str, severity: str, found: Mapping[int, list[Any]]) -> list[Finding]:
        """The overlaps or the short travel of ``severity`` the sweep found (see :func:`.sweep.people`),
        in the order of their places."""
        ids, size = self.ids(), len(self._events)
        make, write, partial = maker(Finding), self.write, functools.partial  # tens of thousands: no __init__, no lookups
        out: list[Finding] = []
        append = out.append
        for place in sorted(found):
            if kind == "travel":
                people, of_severity, minutes, detail = found[place]
                if of_severity != severity:
                    continue
            else:
                (people, minutes), detail = found[place], None
            a, b = divmod(place, size)
            whom = () if people == [""] else tuple(people)
            append(make(kind, severity, (ids[a], ids[b]), whom, partial(write, kind, (a, b), whom, minutes, detail), minutes, None))
        return out

    def venues(self, severity: str, places: Sequence[int]) -> list[Finding]:
        """The venues booked twice the sweep found (see :func:`.sweep.venues`), in the order of their places."""
        ids, size, exclusive = self.ids(), len(self._events), severity == ERROR
        make, write, partial = maker(Finding), self.write, functools.partial
        out: list[Finding] = []
        for place in sorted(places):
            a, b = divmod(place, size)
            out.append(make("venue", severity, (ids[a], ids[b]), (), partial(write, "venue", (a, b), (), None, exclusive), None, None))
        return out

    def write(self, kind: str, positions: tuple[int, ...], people: tuple[str, ...], minutes: int | None, detail: object,
              tr: Translator) -> str:
        """The message of one finding, in the language of ``tr``."""
        made = self.made  # the spans of its events, most of them made already
        spans = tuple([made.get(i) or self.span(i) for i in positions])
        text: str = _WRITERS[kind](self, tr, spans, minutes, detail)
        if not people:
            return text
        if tr.lang == "en":
            labels = self.labels
            return PEOPLE.format(people=", ".join(map(labels.get, people, people)), finding=text)  # English: the message itself
        named = self.programme.person_label
        return tr.gettext(PEOPLE, people=wording.listing([named(p, tr.lang) for p in people], tr), finding=text)

    @staticmethod
    def _pair(tr: Translator, spans: tuple[Span, ...]) -> dict[str, str]:
        """The titles and times of two spans' events, in the language of ``tr``."""
        a, b = spans
        if tr.lang == "en":  # the texts the spans keep (a check writes a message for every finding of --json)
            return {"a": a.event.title, "a_times": a.times, "b": b.event.title, "b_times": b.times}
        return {"a": wording.title(a.event, tr), "a_times": wording.times(a.event, a.tz, tr),
                "b": wording.title(b.event, tr), "b_times": wording.times(b.event, b.tz, tr)}

    def _overlap(self, tr: Translator, spans: tuple[Span, ...], minutes: int | None, detail: object) -> str:
        _ = saying(tr)
        return _("'{a}' ({a_times}) and '{b}' ({b_times}) overlap by {minutes} min", **self._pair(tr, spans), minutes=minutes)

    def _venue(self, tr: Translator, spans: tuple[Span, ...], minutes: int | None, detail: object) -> str:
        _ = saying(tr)
        venue = spans[0].event.venue or ""
        name = self.venue_names.get(venue, venue) if tr.lang == "en" else self.programme.venue_label(venue, tr.lang)
        if detail:
            return _("{venue} is booked twice: '{a}' ({a_times}) and '{b}' ({b_times}) and the venue is exclusive",
                     venue=name, **self._pair(tr, spans))
        return _("{venue} is booked twice: '{a}' ({a_times}) and '{b}' ({b_times})", venue=name, **self._pair(tr, spans))

    def _travel(self, tr: Translator, spans: tuple[Span, ...], minutes: int | None, detail: object) -> str:
        _ = saying(tr)
        a, b = spans
        assert isinstance(detail, Gap) and detail.leg is not None
        origin, destination = a.event.end_venue or "", b.event.start_venue or ""
        if tr.lang == "en":
            names = self.venue_names
            va, vb = names.get(origin, origin), names.get(destination, destination)
            ends, starts = a.end_text, b.start_on(a.end_day)
        else:
            va, vb = (self.programme.venue_label(v, tr.lang) for v in (origin, destination))
            ends, starts = wording.end_text(a.event, a.tz, tr), wording.start_on(b.event, b.tz, tr, a.end_day)
        where = {"a": wording.title(a.event, tr), "ends": ends, "from_venue": va,
                 "b": wording.title(b.event, tr), "starts": starts, "to_venue": vb}
        leg = detail.leg
        if leg.minutes is None:
            return _("'{a}' ends {ends} at {from_venue}; '{b}' starts {starts} at {to_venue}; travel time between them is unknown: "
                     "itinerary leg add {origin} {destination} --minutes N", **where, origin=origin, destination=destination)
        numbers = {"travel": leg.minutes, "buffer": detail.buffer, "gap": detail.minutes, "short": minutes}
        if leg.estimate:
            return _("'{a}' ends {ends} at {from_venue}; '{b}' starts {starts} at {to_venue}; needs {travel} min estimated travel "
                     "+ {buffer} min buffer, has {gap} min ({short} min short)", **where, **numbers)
        return _("'{a}' ends {ends} at {from_venue}; '{b}' starts {starts} at {to_venue}; needs {travel} min travel "
                 "+ {buffer} min buffer, has {gap} min ({short} min short)", **where, **numbers)

    def _order(self, tr: Translator, spans: tuple[Span, ...], minutes: int | None, detail: object) -> str:
        _ = saying(tr)
        a, b = spans
        rule, gap = detail if isinstance(detail, tuple) else ("", 0)
        pair = self._pair(tr, spans)
        first = _("'{title}' ({day} {times})", title=pair["a"], day=wording.day_month(a.day, tr), times=pair["a_times"])
        second = _("'{title}' ({day} {times})", title=pair["b"], day=wording.day_month(b.day, tr), times=pair["b_times"])
        if rule == "same_day":
            return _("{first} and {second} should be on the same day ({event} records it)", first=first, second=second, event=a.event.id)
        recorder = (b if rule == "after" else a).event.id
        if gap:
            return _("{second} should follow {first} by at least {gap} min ({minutes} min short; {event} records it)",
                     second=second, first=first, gap=gap, minutes=minutes, event=recorder)
        return _("{second} should follow {first} ({minutes} min short; {event} records it)",
                 second=second, first=first, minutes=minutes, event=recorder)

    def _busy(self, tr: Translator, spans: tuple[Span, ...], minutes: int | None, detail: object) -> str:
        _ = saying(tr)
        (span,) = spans
        assert isinstance(detail, Busy)
        tz = self.programme.visit.tz
        title, times = (span.event.title, span.times) if tr.lang == "en" else (wording.title(span.event, tr), wording.times(span.event, span.tz, tr))
        busy = f"{wording.clock(detail.start, tz, tr, span.day)}–{wording.clock(detail.end, tz, tr, span.day)}"
        return _("'{title}' ({times}) falls on an outside commitment ({busy}, from the busy calendar)", title=title, times=times, busy=busy)


_WRITERS = {"overlap": _Collector._overlap, "venue": _Collector._venue, "travel": _Collector._travel, "order": _Collector._order,
            "busy": _Collector._busy}
"""Who writes the message of each kind of finding the collector holds."""


def _order(programme: Programme, person: str | None, collect: _Collector) -> None:
    """The rules events record about each other (after, before, same day), where both are timed."""
    timed = {e.id: collect.span(i) for i, e in enumerate(programme.events) if not (e.cancelled or e.time_tbc)}
    for span in timed.values():
        event = span.event
        gap = event.min_gap or 0
        for rule, others in (("after", event.after), ("before", event.before), ("same_day", event.same_day)):
            for other in (timed[o] for o in others if o in timed):
                if person is not None and not (event.involves(person) or other.event.involves(person)):
                    continue
                if rule == "same_day":
                    if span.day != other.day:
                        pair = (span, other) if span.key < other.key else (other, span)
                        collect.add("order", ERROR, pair, "", None, (rule, 0))
                    continue
                first, second = (other, span) if rule == "after" else (span, other)
                short = gap - int((second.start - first.end) // 60)
                if short > 0:
                    collect.add("order", ERROR, (first, second), "", short, (rule, gap))


def _busy(by_person: Mapping[str, list[int]], busy: Sequence[Busy], collect: _Collector) -> None:
    per_person: dict[str, list[Busy]] = {}
    for item in busy:
        if item.person in by_person and not item.venue:
            per_person.setdefault(item.person, []).append(item)
    for person, items in per_person.items():
        for span, item in _crossing([collect.span(i) for i in by_person[person]], items):
            collect.add("busy", ERROR, (span,), person, None, item)


def _crossing(events: Sequence[Span], items: Sequence[Busy]) -> Iterable[tuple[Span, Busy]]:
    """Every (event, busy interval) pair that overlaps: one sweep over both, sorted by start."""
    points: list[tuple[float, int, int]] = [(s.start, 0, i) for i, s in enumerate(events)]
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
                yield events[index], items[other]
            heapq.heappush(open_spans, (events[index].end, index))
        else:
            for _, other in sorted(open_spans, key=lambda x: x[1]):
                yield events[other], items[index]
            heapq.heappush(open_items, (items[index].end.timestamp(), index))


def find(programme: Programme, *, busy: Sequence[Busy] = (), person: str | None = None) -> list[Finding]:
    """Every finding of the programme, errors first, then in programme order.

    With ``person``, only findings that involve that person or their events.
    """
    with collector_paused():
        return _find(programme, busy, person)


def _find(programme: Programme, busy: Sequence[Busy], person: str | None) -> list[Finding]:
    """The work of :func:`find`; its intermediate lists are gone when the collector resumes."""
    by_person, by_venue = sweep.groups(programme, person)
    bounds = sweep.instants(programme)
    overlaps, travel = sweep.people(programme, by_person, bounds)
    venues = sweep.venues(programme, by_venue, bounds)
    collect = _Collector(programme)
    _busy(by_person, busy, collect)
    events = programme.events
    if any(map(_AFTER, events)) or any(map(_BEFORE, events)) or any(map(_SAME_DAY, events)):
        _order(programme, person, collect)
    recorded = collect.findings()
    chosen: Iterable[tuple[int, Event]] = enumerate(events)
    if person is not None:
        chosen = ((i, e) for i, e in enumerate(events) if e.involves(person))
    single = per_event(programme, chosen)
    # errors first, then by kind, then in programme order: the sweeps' findings come in the
    # order of their places, the others sorted by the collector, and the findings about single
    # events are made in programme order
    ordered: list[Finding] = []
    for severity in (ERROR, WARNING):
        for kind in KINDS:
            if kind == "overlap":
                ordered += collect.pairs(kind, severity, overlaps) if severity == ERROR else []
            elif kind == "travel":
                ordered += collect.pairs(kind, severity, travel)
            elif kind == "venue":
                ordered += collect.venues(severity, venues[severity])
            else:
                ordered += recorded.get((severity, kind), [])
            if severity == WARNING and kind in single:
                ordered += [finding for _, finding in single[kind]]
    return ordered


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are errors."""
    return [f for f in findings if f.severity == ERROR]


def introduced(before: Iterable[Finding], after: Iterable[Finding]) -> list[Finding]:
    """The findings of ``after`` that ``before`` did not have (by kind, events and person)."""
    known: set[tuple[str, str, tuple[str, ...], str]] = set()
    for finding in before:
        known |= finding.keys()
    return [f for f in after if not f.keys() <= known]


def involved(
    findings: Iterable[Finding], *, include: Sequence[str] = ("overlap", "busy", "travel", "venue", "order", "outside", "stale"),
) -> dict[str, list[Finding]]:
    """Findings by event id (only the kinds in ``include``)."""
    by_event: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.kind in include:
            for event_id in finding.events:
                by_event.setdefault(event_id, []).append(finding)
    return by_event
