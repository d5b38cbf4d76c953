"""Pure queries over a programme: selection, days, people, suggestions. No I/O."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from itinerary.core import wording
from itinerary.i18n import language, translator
from itinerary.model import Event, utc


@dataclass(frozen=True)
class Day:
    """The events of one local day; ``date`` is None for events whose day is still open."""

    date: dt.date | None
    """The local day, or None for a planning window over several days."""
    events: tuple[Event, ...]
    """Its events, in start order."""


def local_days(event: Event, tz: dt.tzinfo) -> tuple[dt.date, dt.date]:
    """The first and last local day in ``tz`` that the event (or its planning window) touches."""
    first = event.start.astimezone(tz).date()
    last = (event.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    return first, max(first, last)


def select(
    events: Iterable[Event],
    *,
    person: str | None = None,
    day: dt.date | None = None,
    tz: ZoneInfo | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    include_cancelled: bool = False,
) -> list[Event]:
    """The events that pass every filter given.

    ``day`` is a local day in ``tz``; an event is on it when the event (or its planning window)
    touches it. ``start``/``end`` keep the events that overlap that half-open interval.
    """
    chosen = []
    for event in events:
        if event.cancelled and not include_cancelled:
            continue
        if person is not None and not event.involves(person):
            continue
        if day is not None:
            first, last = local_days(event, tz or event.start.tzinfo or dt.UTC)
            if not first <= day <= last:
                continue
        if start is not None and utc(event.end) <= utc(start):
            continue
        if end is not None and utc(event.start) >= utc(end):
            continue
        chosen.append(event)
    return chosen


def by_day(events: Sequence[Event], tz: ZoneInfo) -> list[Day]:
    """Events grouped by local day in ``tz``, days in order.

    A TBC event whose planning window covers more than one day belongs to no single day: such
    events come last, in a group whose ``date`` is None.
    """
    days: dict[dt.date, list[Event]] = {}
    open_days: list[Event] = []
    for event in events:
        first, last = local_days(event, tz)
        if event.time_tbc and last != first:
            open_days.append(event)
        else:
            days.setdefault(first, []).append(event)
    groups = [Day(day, tuple(days[day])) for day in sorted(days)]
    if open_days:
        groups.append(Day(None, tuple(open_days)))
    return groups


def window_text(event: Event) -> str:
    """An event's span in its own zone: '22 May 09:30–11:30', or '21 May 09:00–22 May 18:00'
    across days (a planning window, for messages), in the interface's language ('5월 22일(금)
    09:30–11:30')."""
    return wording.span_text(event.start, event.end, event.start.tzinfo or dt.UTC, translator(language()))


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The closest of ``candidates`` to a mistyped ``value``, if any is close."""
    matches = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class FreeIds:
    """Ids not yet taken: :meth:`take` gives ``base``, or ``base-2``, ``base-3``… the first not
    taken, and takes it. The next number to try is kept per stem, so giving n ids that share
    one stem (a series of thousands of occurrences with one title) costs O(n) in all, not
    O(n²): a number once passed is never tried again, because taken ids are never given back."""

    def __init__(self, taken: Iterable[str]) -> None:
        self._taken = set(taken)
        self._next: dict[str, int] = {}

    def __contains__(self, item: object) -> bool:
        return item in self._taken

    def take(self, base: str) -> str:
        """``base`` or the first free ``base-N``, now taken."""
        if base not in self._taken:
            self._taken.add(base)
            return base
        stem = base[:75]
        n = self._next.get(stem, 2)
        while f"{stem}-{n}" in self._taken:
            n += 1
        self._next[stem] = n + 1
        found = f"{stem}-{n}"
        self._taken.add(found)
        return found


def free_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not in ``taken`` (one id; to give many,
    use :class:`FreeIds`, which never tries a number twice)."""
    if base not in taken:
        return base
    n = 2
    while f"{base[:75]}-{n}" in taken:
        n += 1
    return f"{base[:75]}-{n}"
