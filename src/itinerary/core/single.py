"""The findings about single events (outside the visit, unconfirmed, stale notes), in
programme order, each message written when first read. Pure."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from itinerary.core import notes, wording
from itinerary.core.finding import Finding, saying
from itinerary.core.travel import WARNING
from itinerary.i18n import Translator
from itinerary.model import Event, Programme, Visit, maker, utc


def per_event(programme: Programme, events: Iterable[tuple[int, Event]]) -> dict[str, list[tuple[tuple[int, ...], Finding]]]:
    """The findings about single events, by kind, each list in programme order."""
    visit = programme.visit
    first, last = (moment.timestamp() for moment in visit.bounds())
    out: dict[str, list[tuple[tuple[int, ...], Finding]]] = {"outside": [], "unconfirmed": [], "stale": []}
    outside, unconfirmed, stale = out["outside"], out["unconfirmed"], out["stale"]
    instants = programme.instants
    make, partial = maker(Finding), functools.partial  # one in ten events of an office's year: no __init__
    for index, event in events:
        if event.status == "cancelled":  # Event.cancelled, without a call for each of 100,000 events
            continue
        start, end = instants[index]
        if start < first or end > last:
            outside.append(((index,), make("outside", WARNING, (event.id,), (), partial(_outside_text, visit, event), None, None)))
        if event.time_tbc or event.status == "tentative":
            unconfirmed.append(((index,), make("unconfirmed", WARNING, (event.id,), (), partial(_unconfirmed_text, visit, event), None, None)))
        if (event.notes and notes.stale(event)) or (event.notes_ko and notes.stale(event, korean=True)):
            stale.append(((index,), make("stale", WARNING, (event.id,), (), partial(_stale_text, event), None, None)))
    return out


def _outside_text(visit: Visit, event: Event, tr: Translator) -> str:
    _ = saying(tr)
    first, last = (utc(moment) for moment in visit.bounds())
    values = {"title": wording.title(event, tr), "when": _when(visit, event, tr), "days": visit.days_said(tr.lang)}
    if utc(event.start) < first:
        if event.time_tbc:
            if utc(event.end) <= first:
                return _("'{title}' (planning window {when}) is before the visit's first day ({days})", **values)
            return _("'{title}' (planning window {when}) starts before the visit's first day ({days})", **values)
        if utc(event.end) <= first:
            return _("'{title}' ({when}) is before the visit's first day ({days})", **values)
        return _("'{title}' ({when}) starts before the visit's first day ({days})", **values)
    if event.time_tbc:
        if utc(event.start) >= last:
            return _("'{title}' (planning window {when}) is after the visit's last day ({days})", **values)
        return _("'{title}' (planning window {when}) runs past the visit's last day ({days})", **values)
    if utc(event.start) >= last:
        return _("'{title}' ({when}) is after the visit's last day ({days})", **values)
    return _("'{title}' ({when}) runs past the visit's last day ({days})", **values)


def _when(visit: Visit, event: Event, tr: Translator) -> str:
    """The event's start with its day and its end ('21 May 09:00–22 May 18:00', '21 May 12:00–18:00')."""
    start = event.start.astimezone(visit.tz)
    return f"{wording.day_month(start.date(), tr)} {wording.hour_minute(start)}–{wording.clock(event.end, visit.tz, tr, start.date())}"


def _unconfirmed_text(visit: Visit, event: Event, tr: Translator) -> str:
    _ = saying(tr)
    title = wording.title(event, tr)
    if event.time_tbc:
        values = {"title": title, "window": _when(visit, event, tr), "minutes": event.duration}
        if event.status == "tentative":
            if event.duration:
                return _("'{title}': time to be confirmed (planning window {window}, expected {minutes} min); status tentative", **values)
            return _("'{title}': time to be confirmed (planning window {window}); status tentative", **values)
        if event.duration:
            return _("'{title}': time to be confirmed (planning window {window}, expected {minutes} min)", **values)
        return _("'{title}': time to be confirmed (planning window {window})", **values)
    return _("'{title}': status tentative", title=title)


def _stale_text(event: Event, tr: Translator) -> str:
    _ = saying(tr)
    old, korean = notes.stale(event), notes.stale(event, korean=True)
    quoted = "; ".join(f"'{s[:120]}'" for s in old + korean)
    flag = "--note" if not korean else "--note-ko" if not old else _("{flag} and {other}", flag="--note", other="--note-ko")
    values = {"title": wording.title(event, tr), "sentences": quoted, "id": event.id, "flag": flag}
    if not event.time_tbc and any(notes.mentions_time(s) for s in old + korean):
        return _("'{title}': its notes still say the time is open, though it is set: {sentences} "
                 "(left out of books and calendars; `itinerary edit {id} {flag}` to rewrite)", **values)
    return _("'{title}': its notes still say the venue is open, though it is set: {sentences} "
             "(left out of books and calendars; `itinerary edit {id} {flag}` to rewrite)", **values)
