"""The findings about single events (outside the visit, unconfirmed, stale notes), in
programme order, each message written when first read. Pure."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from itinerary.core import notes
from itinerary.core.finding import Finding
from itinerary.core.spans import clock
from itinerary.core.travel import WARNING
from itinerary.model import Event, Programme, Visit, utc


def per_event(programme: Programme, events: Iterable[tuple[int, Event]]) -> dict[str, list[tuple[tuple[int, ...], Finding]]]:
    """The findings about single events, by kind, each list in programme order."""
    visit = programme.visit
    first, last = (moment.timestamp() for moment in visit.bounds())
    out: dict[str, list[tuple[tuple[int, ...], Finding]]] = {"outside": [], "unconfirmed": [], "stale": []}
    outside, unconfirmed, stale = out["outside"], out["unconfirmed"], out["stale"]
    instants = programme.instants
    for index, event in events:
        if event.cancelled:
            continue
        start, end = instants[index]
        if start < first or end > last:
            text = functools.partial(_outside_text, visit, event)
            outside.append(((index,), Finding("outside", WARNING, (event.id,), (), text)))
        if event.time_tbc or event.status == "tentative":
            text = functools.partial(_unconfirmed_text, visit, event)
            unconfirmed.append(((index,), Finding("unconfirmed", WARNING, (event.id,), (), text)))
        if event.notes and notes.stale(event):
            stale.append(((index,), Finding("stale", WARNING, (event.id,), (), functools.partial(_stale_text, event))))
    return out


def _outside_text(visit: Visit, event: Event) -> str:
    first, last = (utc(moment) for moment in visit.bounds())
    start = event.start.astimezone(visit.tz)
    if utc(event.start) < first:
        side = "is before the visit's first day" if utc(event.end) <= first else "starts before the visit's first day"
    else:
        side = "is after the visit's last day" if utc(event.start) >= last else "runs past the visit's last day"
    what = "planning window " if event.time_tbc else ""
    return f"'{event.title}' ({what}{start:%d %b %H:%M}–{clock(event.end, visit.tz, start.date())}) {side} ({visit.days_text})"


def _unconfirmed_text(visit: Visit, event: Event) -> str:
    reasons = []
    if event.time_tbc:
        start = event.start.astimezone(visit.tz)
        length = f", expected {event.duration} min" if event.duration else ""
        reasons.append(f"time to be confirmed (planning window {start:%d %b %H:%M}–{clock(event.end, visit.tz, start.date())}{length})")
    if event.status == "tentative":
        reasons.append("status tentative")
    return f"'{event.title}': {'; '.join(reasons)}"


def _stale_text(event: Event) -> str:
    old = notes.stale(event)
    what = "the time" if not event.time_tbc and any(notes.mentions_time(s) for s in old) else "the venue"
    return (f"'{event.title}': its notes still say {what} is open, though it is set: "
            + "; ".join(f"'{s[:120]}'" for s in old) + f" (left out of books and calendars; `itinerary edit {event.id} --note` to rewrite)")
