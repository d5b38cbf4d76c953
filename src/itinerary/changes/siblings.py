"""What the other visits of an office mean for a change: the same people's events elsewhere are
outside commitments, and a change of the shared directory must hold in every visit.

The other visits are only read (through their caches), never locked, by a change of one visit:
two officers changing two visits never wait for each other. A change of the office's directory
holds every visit's lock while it checks them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence

from itinerary.core import engine
from itinerary.core.finding import Finding
from itinerary.errors import InvalidData
from itinerary.model import Busy, Directory, Programme
from itinerary.storage.store import Store, Window


def _same_folder(a: Store, b: Store) -> bool:
    return a.root is not None and b.root is not None and os.path.realpath(a.root) == os.path.realpath(b.root)


def elsewhere(store: Store, *programmes: Programme, window: Window | None = None) -> list[Busy]:
    """The events of the participants of ``programmes`` in the office's other visits, and their
    events at the exclusive venues ``programmes`` use, as read-only commitments named after their
    visit (none when the visit belongs to no office)."""
    if store.office is None:
        return []
    people = {p for programme in programmes for event in programme.events if not event.cancelled for p in event.participants}
    held = {v.id for programme in programmes for v in programme.venues if v.exclusive}
    venues = {e.venue for programme in programmes for e in programme.events if not e.cancelled and e.venue in held}
    if not people and not venues:
        return []
    out: list[Busy] = []
    for sibling in store.office.visits():
        if _same_folder(sibling, store):
            continue
        try:
            other = sibling.read(window=window).programme
        except InvalidData as err:
            raise InvalidData(f"cannot see the office's visit {sibling.root} to check for clashes: {err} "
                              f"(`itinerary --data {sibling.root} doctor`)") from None
        name = sibling.root.name if sibling.root is not None else other.visit.id
        for event in other.events:
            if event.cancelled or event.time_tbc or event.overlap_ok:
                continue
            for person in people.intersection(event.participants):
                out.append(Busy(person, event.start, event.end, event.title, event.id, name))
            if event.venue in venues:
                out.append(Busy("", event.start, event.end, event.title, event.id, name, venue=event.venue))
    return out


def in_visits(visits: Sequence[Store], directory: Directory) -> list[Finding]:
    """What a new office directory would do to each visit: InvalidData when an event would lose a
    person, venue or contact it names; otherwise the conflict findings it would add, each message
    naming its visit."""
    added: list[Finding] = []
    for store in visits:
        snapshot = store.read()
        before = snapshot.programme
        after = snapshot.rebuilt(shared=directory)
        name = store.root.name if store.root is not None else before.visit.id
        problems = after.references()
        if problems:
            _, field, value = problems[0]
            what = {"participants": "person", "venue": "venue", "contacts": "contact"}[field]
            users = sorted({e for e, f, v in problems if (f, v) == (field, value)})
            raise InvalidData(f"{what} {value!r} is still used in the visit {name} by {', '.join(users[:10])}"
                              + (" …" if len(users) > 10 else "") + "; change those events first")
        others = elsewhere(store, before, after)  # a change of the directory moves no event of any visit
        new = engine.introduced(engine.find(before, busy=[*store.busy(before), *others]), engine.find(after, busy=[*store.busy(after), *others]))
        added.extend(dataclasses.replace(f, text=f"in the visit {name}: {f.message}") for f in new)
    return added
