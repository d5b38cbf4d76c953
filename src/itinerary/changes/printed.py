"""What the printed programme needs from the records: the revision it is, and what changed."""

from __future__ import annotations

from itinerary.changes.library import Library
from itinerary.core import revisions
from itinerary.core.finding import Finding
from itinerary.formats.book import Edition
from itinerary.model import Audience, Programme


def book_edition(library: Library, programme: Programme, audience: Audience, *, forced: tuple[Finding, ...] = ()) -> Edition:
    """The edition a book of ``programme`` for ``audience`` is: the last published revision,
    whether the records are still exactly it, and the changes the audience may read of — since
    the revision before it, or, for a draft, since it — with the two programmes they join, and
    the conflict errors it is ``forced`` to be printed with."""
    sides = library.sides()
    published = sides.revisions()
    if not published:
        return Edition(forced=forced)
    last, last_programme = sides.revision(published[-1].number)
    if not revisions.same(last_programme, programme):
        before, after, since = last_programme, programme, last.number
        current = False
    elif last.number > 1:
        _, before = sides.revision(last.number - 1)
        after, since, current = last_programme, last.number - 1, True
    else:
        return Edition(last, current=True, forced=forced)
    changes = revisions.for_audience(revisions.diff(before, after), before, after, audience)
    return Edition(last, current=current, since=since, changes=tuple(changes), before=before, after=after, forced=forced)
