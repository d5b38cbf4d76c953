"""A plan written into the records: one change through the change path, undone as one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from itinerary.changes.events import find_event, write_event
from itinerary.changes.library import Applied, Library, Proposal
from itinerary.errors import StorageError
from itinerary.i18n import _
from itinerary.storage.store import Snapshot


@dataclasses.dataclass(frozen=True)
class Placement:
    """Where the plan puts one event."""

    start: dt.datetime
    end: dt.datetime
    revision: int
    """The revision of the record the plan was made from: a record changed since is not overwritten."""
    held: bool = False
    """True for an event a what-if held at its time."""


def apply_plan(library: Library, placements: Mapping[str, Placement], *, force: bool = False) -> Applied:
    """Give each event its planned time. The time is a proposal: the event stays tentative until an
    officer confirms it (`itinerary edit ID --status confirmed --source …`), and the source of its
    time says it is the planner's, with the planning window it came from."""

    def propose(snapshot: Snapshot) -> Proposal:
        programme = snapshot.programme
        changed = []
        writes = []
        now = library.now()
        for event_id, place in placements.items():
            old = find_event(programme, event_id)
            if old.revision != place.revision:
                raise StorageError(_("{id} changed since the plan was made (revision {planned}, now {now}); nothing was written: "
                                     "run `itinerary plan` again", id=event_id, planned=place.revision, now=old.revision))
            tz = old.start.tzinfo or dt.UTC
            what = "held there by a what-if when planning" if place.held else "proposed by the planner"  # the record's source: data
            said = f"{what} ({library.who}, {now:%Y-%m-%d}); not confirmed"
            if old.time_tbc:
                said += f"; planning window was {old.start:%d %b %H:%M}–{old.end.astimezone(tz):%d %b %H:%M}"
            else:
                said += f"; was {old.start:%d %b %H:%M}–{old.end.astimezone(tz):%H:%M}"
            new = dataclasses.replace(
                old, start=place.start.astimezone(tz), end=place.end.astimezone(tz), time_tbc=False, status="tentative",
                sources=tuple({**dict(old.sources), "time": said}.items()), revision=old.revision + 1, updated=now,
            )
            changed.append(new)
            writes.append(write_event(new, old))
        return Proposal(programme.replacing(*changed), tuple(writes), command="plan --apply")

    return library.change("plan --apply", propose, force=force)
