"""Numbered revisions of the programme and what changed between two of them. Pure, no I/O.

A revision is a snapshot of the records with who published it, when and why. The difference
between two programmes is told the way a protocol office tells it: events added, cancelled,
removed, moved or retimed, re-venued, re-staffed, retitled, or confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.model import Audience, Event, Programme, content, utc, visible

KINDS = ("added", "cancelled", "removed", "moved", "re-venued", "re-staffed", "retitled", "status")
"""The kinds of change, in the order a notice lists them."""


@dataclass(frozen=True)
class Revision:
    """A published revision of the programme."""

    number: int
    """1, 2, 3…"""
    when: dt.datetime
    """When it was published (UTC)."""
    who: str
    """Who published it."""
    message: str
    """Why."""


@dataclass(frozen=True)
class Difference:
    """One change between two programmes."""

    kind: str
    """One of :data:`KINDS`."""
    event: str
    """The event's id."""
    title: str
    """Its title (the new one where it changed)."""
    title_ko: str
    """Its Korean title."""
    old: str
    """The old value, as a person reads it ('' for an addition)."""
    new: str
    """The new value ('' for a removal)."""


def when(event: Event, programme: Programme) -> str:
    """'Fri 22 May 15:00–15:45', or the planning window marked TBC."""
    tz = programme.visit.tz
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    same_day = start.date() == (end - dt.timedelta(microseconds=1)).date()
    text = f"{start:%a %d %b %H:%M}–{end:%H:%M}" if same_day else f"{start:%a %d %b %H:%M}–{end:%a %d %b %H:%M}"
    return f"{text} (time TBC)" if event.time_tbc else text


def _people(event: Event, programme: Programme) -> str:
    return ", ".join(programme.person_label(p) for p in event.participants) or "—"


def diff(old: Programme, new: Programme) -> list[Difference]:
    """What changed from ``old`` to ``new``, event by event, in the new programme's order."""
    out: list[Difference] = []
    before = old.events_by_id
    for event in new.events:
        prior = before.get(event.id)
        if prior is None:
            if not event.cancelled:
                out.append(Difference("added", event.id, event.title, event.title_ko, "", when(event, new)))
            continue
        if event.cancelled and not prior.cancelled:
            out.append(Difference("cancelled", event.id, event.title, event.title_ko, when(prior, old), "cancelled"))
            continue
        if event.cancelled:
            continue
        if (utc(prior.start), utc(prior.end), prior.time_tbc) != (utc(event.start), utc(event.end), event.time_tbc):
            out.append(Difference("moved", event.id, event.title, event.title_ko, when(prior, old), when(event, new)))
        if prior.venue != event.venue:
            out.append(Difference("re-venued", event.id, event.title, event.title_ko, old.venue_label(prior.venue), new.venue_label(event.venue)))
        if prior.participants != event.participants:
            out.append(Difference("re-staffed", event.id, event.title, event.title_ko, _people(prior, old), _people(event, new)))
        if (prior.title, prior.title_ko) != (event.title, event.title_ko):
            out.append(Difference("retitled", event.id, event.title, event.title_ko, prior.title, event.title))
        if prior.status != event.status:
            out.append(Difference("status", event.id, event.title, event.title_ko, prior.status, event.status))
    for event_id, prior in before.items():
        if event_id not in new.events_by_id and not prior.cancelled:
            out.append(Difference("removed", event_id, prior.title, prior.title_ko, when(prior, old), ""))
    return out


def markdown(differences: Sequence[Difference], *, title: str) -> str:
    """The changes as Markdown, for an e-mail to the staff."""
    lines = [f"## {title}", ""]
    if not differences:
        lines.append("No changes.")
    for d in differences:
        name = f"**{d.title}**" + (f" ({d.title_ko})" if d.title_ko else "")
        if d.kind == "added":
            lines.append(f"- Added: {name}, {d.new}")
        elif d.kind in ("removed", "cancelled"):
            lines.append(f"- {d.kind.capitalize()}: {name} (was {d.old})")
        else:
            lines.append(f"- {d.kind.capitalize()}: {name}: {d.old} → {d.new}")
    return "\n".join(lines) + "\n"


def for_audience(differences: Sequence[Difference], old: Programme, new: Programme, audience: Audience) -> list[Difference]:
    """The changes an audience may read of: never one about an event it may not see."""

    def seen(event_id: str) -> bool:
        event = new.event(event_id) or old.event(event_id)
        return event is not None and visible(event, audience, cancelled=True)

    return [d for d in differences if seen(d.event)]


def same(a: Programme, b: Programme) -> bool:
    """True when two programmes hold the same events with the same content."""
    return {e.id: content(e) for e in a.events} == {e.id: content(e) for e in b.events}
