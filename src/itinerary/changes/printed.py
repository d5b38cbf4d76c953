"""What the printed programme needs from the records: the revision it is, and what changed."""

from __future__ import annotations

from itinerary.changes.library import Library
from itinerary.core import revisions
from itinerary.core.revisions import Difference, Revision
from itinerary.model import Audience, Programme


def book_changes(library: Library, programme: Programme, audience: Audience) -> tuple[Revision | None, bool, list[Difference], int | None]:
    """(last published revision, whether the records are still exactly it, the changes the
    audience may read of since the revision before, and that revision's number)."""
    sides = library.sides()
    published = sides.revisions()
    if not published:
        return None, False, [], None
    last, last_programme = sides.revision(published[-1].number)
    current = revisions.same(last_programme, programme)
    if current and last.number > 1:
        _, before = sides.revision(last.number - 1)
        return last, current, revisions.for_audience(revisions.diff(before, last_programme), before, last_programme, audience), last.number - 1
    if not current:
        return last, current, revisions.for_audience(revisions.diff(last_programme, programme), last_programme, programme, audience), last.number
    return last, current, [], None
