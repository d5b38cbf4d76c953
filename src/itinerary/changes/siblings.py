"""What the other visits of an office mean for a change: the same people's events elsewhere are
outside commitments, and a change of the shared directory must hold in every visit.

A change reads the other visits under their locks (:mod:`itinerary.storage.locks` takes them in
one order for every change), so no two changes made at once in two visits can each miss the
other: two adds of one person at one time in two visits, run together, give one success and one
refusal, as when run one after the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from itinerary.core import engine
from itinerary.core.finding import Finding
from itinerary.errors import InvalidData
from itinerary.model import Busy, Directory, Programme
from itinerary.storage.locks import same_folder
from itinerary.storage.store import Store, Window


def elsewhere(store: Store, *programmes: Programme, window: Window | None = None, siblings: Sequence[Store] | None = None) -> list[Busy]:
    """The events of the participants of ``programmes`` in the office's other visits, and their
    events at the exclusive venues ``programmes`` use, as read-only commitments named after their
    visit (none when the visit belongs to no office). A change passes the other visits it holds
    locked as ``siblings``; a reading command leaves them to be found."""
    if store.office is None:
        return []
    people = {p for programme in programmes for event in programme.events if not event.cancelled for p in event.participants}
    held = {v.id for programme in programmes for v in programme.venues if v.exclusive}
    venues = {e.venue for programme in programmes for e in programme.events if not e.cancelled and e.venue in held}
    if not people and not venues:
        return []
    out: list[Busy] = []
    for sibling in store.office.visits() if siblings is None else siblings:
        if same_folder(sibling, store):
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
        others = elsewhere(store, before, after, siblings=visits)  # a change of the directory moves no event of any visit
        new = engine.introduced(engine.find(before, busy=[*store.busy(before), *others]), engine.find(after, busy=[*store.busy(after), *others]))
        added.extend(dataclasses.replace(f, text=f"in the visit {name}: {f.message}") for f in new)
    return added
