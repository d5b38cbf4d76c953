"""Events reduced to what the conflict sweeps need, and the two sweeps over them. Pure.

A span keeps an event's instants as UTC seconds; the local clock text is written only for the
few spans that appear in a finding. Both sweeps walk a list sorted by (start, end, id) once.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence

from itinerary.i18n import language
from itinerary.model import Event, Programme

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month abbreviations, as ``%b`` writes them in English (whatever the locale), without
strftime's cost: a check of 100,000 events writes hundreds of thousands."""


_CLOCKS: list[str] = []
"""'00:00' to '23:59', made on first use: a check writes a clock for each side of each finding."""


def hour_minute(moment: dt.datetime) -> str:
    """'09:05' (``%H:%M``)."""
    if not _CLOCKS:
        _CLOCKS.extend(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))
    return _CLOCKS[moment.hour * 60 + moment.minute]


def day_month(day: dt.date, lang: str | None = None) -> str:
    """'05 Jun' (``%d %b``); in Korean '6월 5일' (``lang``: the language, default the interface's)."""
    if (lang or language()) == "ko":
        return f"{day.month}월 {day.day}일"
    return f"{day.day:02d} {MONTHS[day.month - 1]}"


def clock(moment: dt.datetime, tz: dt.tzinfo, reference: dt.date | None = None, lang: str | None = None) -> str:
    local = moment.astimezone(tz)
    if reference is None or local.date() == reference:
        return hour_minute(local)
    return f"{day_month(local, lang)} {hour_minute(local)}"


def span_text(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo, day: dt.date | None = None, lang: str | None = None) -> str:
    """A stretch of time in ``tz`` as a person reads it: '10:00–11:00' on ``day``. A start off
    ``day`` (or with no day given) carries its date, and an end carries its own whenever the
    start does and it falls on another day, or whenever it is off ``day``:
    '21 May 09:00–22 May 18:00', never '21 May 09:00–18:00'."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    first = hour_minute(a) if day is not None and a.date() == day else f"{day_month(a.date(), lang)} {hour_minute(a)}"
    plain_end = b.date() == a.date() and (day is None or a.date() == day)
    last = hour_minute(b) if plain_end else f"{day_month(b.date(), lang)} {hour_minute(b)}"
    return f"{first}–{last}"


class Span:
    """An event reduced to what the sweeps need: instants as UTC seconds; local clock text is
    made only for the few spans that appear in a finding. The texts are English ('22 May 01:00'):
    a finding's message in English (``--json``) says them whatever the interface speaks; other
    languages write their own (:mod:`.wording`)."""

    __slots__ = ("event", "index", "start", "end", "key", "tz", "_text", "start_venue", "end_venue")

    def __init__(self, event: Event, tz: dt.tzinfo, index: int, instants: tuple[float, float] | None = None) -> None:
        self.event = event
        self.index = index
        self.start, self.end = instants or (event.start.timestamp(), event.end.timestamp())
        self.key = (self.start, self.end, event.id)
        self.tz = tz
        self._text: tuple[dt.date, dt.date, str, str, str] | None = None
        self.start_venue, self.end_venue = event.start_venue, event.end_venue  # read by the travel sweep for every pair

    def _local(self) -> tuple[dt.date, dt.date, str, str, str]:
        text = self._text
        if text is None:
            local_start, local_end = self.event.start.astimezone(self.tz), self.event.end.astimezone(self.tz)
            day, end_day = local_start.date(), local_end.date()
            start_text, end_text = hour_minute(local_start), hour_minute(local_end)
            if end_day != day:
                end_text = f"{day_month(end_day, 'en')} {end_text}"
            text = self._text = (day, end_day, start_text, end_text, f"{start_text}–{end_text}")
        return text

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
        start_day, _, start_text, _, _ = self._local()
        return start_text if start_day == day else f"{day_month(start_day, 'en')} {start_text}"

    @property
    def times(self) -> str:
        """'10:00–11:00'."""
        return self._local()[4]


def spans(programme: Programme) -> list[Span]:
    """The timed, non-cancelled, non-overlap_ok events (the only ones that can clash), sorted by
    (start, end, id)."""
    tz, instants = programme.visit.tz, programme.instants
    # the programme's events are in (start, end, id) order already, so these spans are too
    return [Span(e, tz, i, instants[i]) for i, e in enumerate(programme.events) if not (e.cancelled or e.time_tbc or e.overlap_ok)]


def spans_by(items: Iterable[Span], group: str) -> dict[str, list[Span]]:
    """Spans per person or per venue, each list in the order of ``items`` (sorted, as
    :func:`spans` returns them: grouping keeps the order, so no group is sorted again)."""
    groups: dict[str, list[Span]] = {}
    found = groups.get
    for span in items:
        event = span.event
        for name in event.participants if group == "person" else ((event.venue,) if event.venue else ()):
            members = found(name)
            if members is None:
                groups[name] = [span]
            else:
                members.append(span)
    return groups


def overlapping_pairs(items: Sequence[Span]) -> Iterable[tuple[Span, Span]]:
    """Every pair of overlapping spans of a sorted list: a sweep with a heap of open spans."""
    open_spans: list[tuple[float, tuple[float, float, str], Span]] = []
    for span in items:
        while open_spans and open_spans[0][0] <= span.start:
            heapq.heappop(open_spans)
        for _, _, other in open_spans:  # every open span comes earlier in order
            yield other, span
        heapq.heappush(open_spans, (span.end, span.key, span))


def predecessors(items: Sequence[Span]) -> Iterable[tuple[Span, Span]]:
    """(previous, span) for each span of a sorted list, where previous is the earlier span that
    ends last (ties: the later in order): where the person comes from."""
    best: Span | None = None
    for span in items:
        if best is not None:
            yield best, span
        if best is None or (span.end, span.key) > (best.end, best.key):
            best = span
