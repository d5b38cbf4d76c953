"""Numbered revisions of the programme and what changed between two of them. Pure, no I/O.

A revision is a snapshot of the records with who published it, when and why. The difference
between two programmes is told the way a protocol office tells it: events added, cancelled,
removed, moved or retimed, re-venued, re-staffed, retitled, or confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.core import wording
from itinerary.i18n import N_, Translator, _, language, translator
from itinerary.i18n.dates import korean
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


def when(event: Event, programme: Programme, lang: str | None = None) -> str:
    """'Fri 22 May 15:00–15:45', or the planning window marked TBC, in ``lang`` (the interface's
    language when None; Korean '5월 22일(금) 15:00–15:45')."""
    tz = programme.visit.tz
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    same_day = start.date() == (end - dt.timedelta(microseconds=1)).date()
    tr = translator(lang or language())
    if tr.lang == "ko":
        text = f"{korean(start, year=False)}–{end:%H:%M}" if same_day else f"{korean(start, year=False)}–{korean(end, year=False)}"
    else:
        text = f"{start:%a %d %b %H:%M}–{end:%H:%M}" if same_day else f"{start:%a %d %b %H:%M}–{end:%a %d %b %H:%M}"
    return tr.gettext(TBC, when=text) if event.time_tbc else text


TBC = N_("{when} (time TBC)")
"""A time still to be confirmed, as a change names it."""
STATUSES = {"confirmed": N_("confirmed"), "tentative": N_("tentative"), "cancelled": N_("cancelled")}
"""The statuses in words."""


def _people(event: Event, programme: Programme, tr: Translator) -> str:
    return wording.listing([programme.person_label(p, tr.lang) for p in event.participants], tr) or "—"


def _status(status: str, tr: Translator) -> str:
    return tr.gettext(STATUSES[status]) if status in STATUSES else status


def diff(old: Programme, new: Programme, *, lang: str | None = None) -> list[Difference]:
    """What changed from ``old`` to ``new``, event by event, in the new programme's order; the
    values in ``lang`` (the interface's language when None; ``--json`` asks for 'en')."""
    tr = translator(lang or language())
    out: list[Difference] = []
    before = old.events_by_id
    for event in new.events:
        prior = before.get(event.id)
        if prior is None:
            if not event.cancelled:
                out.append(Difference("added", event.id, event.title, event.title_ko, "", when(event, new, tr.lang)))
            continue
        if event.cancelled and not prior.cancelled:
            out.append(Difference("cancelled", event.id, event.title, event.title_ko, when(prior, old, tr.lang), _status("cancelled", tr)))
            continue
        if event.cancelled:
            continue
        if (utc(prior.start), utc(prior.end), prior.time_tbc) != (utc(event.start), utc(event.end), event.time_tbc):
            out.append(Difference("moved", event.id, event.title, event.title_ko, when(prior, old, tr.lang), when(event, new, tr.lang)))
        if prior.venue != event.venue:
            out.append(Difference("re-venued", event.id, event.title, event.title_ko, old.venue_label(prior.venue, tr.lang),
                                  new.venue_label(event.venue, tr.lang)))
        if prior.participants != event.participants:
            out.append(Difference("re-staffed", event.id, event.title, event.title_ko, _people(prior, old, tr), _people(event, new, tr)))
        if (prior.title, prior.title_ko) != (event.title, event.title_ko):
            out.append(Difference("retitled", event.id, event.title, event.title_ko, prior.title, event.title))
        if prior.status != event.status:
            out.append(Difference("status", event.id, event.title, event.title_ko, _status(prior.status, tr), _status(event.status, tr)))
    for event_id, prior in before.items():
        if event_id not in new.events_by_id and not prior.cancelled:
            out.append(Difference("removed", event_id, prior.title, prior.title_ko, when(prior, old, tr.lang), ""))
    return out


def markdown(differences: Sequence[Difference], *, title: str) -> str:
    """The changes as Markdown, for an e-mail to the staff, in the interface's language."""
    tr = translator(language())
    lines = [f"## {title}", ""]
    if not differences:
        lines.append(_("No changes."))
    for d in differences:
        if tr.lang == "ko" and d.title_ko:
            name = f"**{d.title_ko}** ({d.title})"
        else:
            name = f"**{d.title}**" + (f" ({d.title_ko})" if d.title_ko else "")
        if d.kind == "added":
            lines.append(_("- Added: {name}, {new}", name=name, new=d.new))
        elif d.kind == "removed":
            lines.append(_("- Removed: {name} (was {old})", name=name, old=d.old))
        elif d.kind == "cancelled":
            lines.append(_("- Cancelled: {name} (was {old})", name=name, old=d.old))
        elif d.kind in CHANGED:
            lines.append(_(CHANGED[d.kind], name=name, old=d.old, new=d.new))
        else:
            lines.append(f"- {d.kind.capitalize()}: {name}: {d.old} → {d.new}")
    return "\n".join(lines) + "\n"


CHANGED = {
    "moved": N_("- Moved: {name}: {old} → {new}"), "re-venued": N_("- Re-venued: {name}: {old} → {new}"),
    "re-staffed": N_("- Re-staffed: {name}: {old} → {new}"), "retitled": N_("- Retitled: {name}: {old} → {new}"),
    "status": N_("- Status: {name}: {old} → {new}"),
}
"""A change of one field, as a line of the Markdown notice."""


def for_audience(differences: Sequence[Difference], old: Programme, new: Programme, audience: Audience) -> list[Difference]:
    """The changes an audience may read of: never one about an event it may not see."""

    def seen(event_id: str) -> bool:
        event = new.event(event_id) or old.event(event_id)
        return event is not None and visible(event, audience, cancelled=True)

    return [d for d in differences if seen(d.event)]


def same(a: Programme, b: Programme) -> bool:
    """True when two programmes hold the same events with the same content."""
    return {e.id: content(e) for e in a.events} == {e.id: content(e) for e in b.events}
