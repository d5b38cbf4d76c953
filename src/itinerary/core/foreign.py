"""What a calendar app changed in a copy of an event: each standard property it changed mapped to
exactly the record field it stands for. Pure, no I/O.

A replica's copy of an event carries the whole record, and a digest of what each standard
property said when it was written (see :mod:`itinerary.formats.teamics`). An app that renames,
moves, relocates or cancels the event changes SUMMARY, DTSTART/DTEND, LOCATION or STATUS and
leaves the record as it was: the digests that no longer match name the properties it changed,
and only those are read back into the record — the title, the time (a time to be confirmed
stays to be confirmed, its planning window moved), the venue (matched by name), the
participants (matched by name), the status, the visibility, overlap, or the notes. A property
the app dropped changes nothing. A value the record cannot hold (a text longer than its bound)
refuses the copy, naming the field: never cut, never taken in part.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from itinerary.core.calview import Incoming, value, view_of, view_of_incoming
from itinerary.core.merge import _take
from itinerary.i18n import _
from itinerary.model import FULL, Event, Programme


def overlay(programme: Programme, recorded: Event, item: Incoming, changed: Sequence[str], *, where: str = "") -> tuple[Event, tuple[str, ...]]:
    """``recorded`` with what another program ``changed`` in ``item`` (standard properties, by the
    field each stands for), and what the officer should know about it; InvalidData (naming the
    field) when the record cannot hold what the copy says. ``where`` says where the copy is, for the
    notes (by default 'on the server', in the interface's language)."""
    if not changed:
        return recorded, ()
    theirs = view_of_incoming(item, view_of(programme, recorded, FULL))
    names = [name for name in changed if value(theirs, name) is not None]
    fields, notes = _take(programme, recorded, theirs, item, names, where or _("on the server"))
    fields = {k: v for k, v in fields.items() if getattr(recorded, k) != v}
    if not fields:
        return recorded, tuple(notes)
    return dataclasses.replace(recorded, **fields), tuple(notes)  # type: ignore[arg-type]
