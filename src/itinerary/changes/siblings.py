"""What the other visits of an office mean for a change: the same people's events elsewhere are
outside commitments, and a change of the shared directory must hold in every visit.

A change reads the other visits under their locks (:mod:`itinerary.storage.locks` takes them in
one order for every change), so no two changes made at once in two visits can each miss the
other: two adds of one person at one time in two visits, run together, give one success and one
refusal, as when run one after the other.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from itinerary.core import engine
from itinerary.core.finding import Finding, written
from itinerary.errors import InvalidData
from itinerary.i18n import N_, Translator, _
from itinerary.model import Busy, Directory, Programme
from itinerary.storage.locks import same_folder
from itinerary.storage.store import Store, Window

STILL_USED = {
    "participants": N_("person {value!r} is still used in the visit {visit} by {events}; change those events first"),
    "venue": N_("venue {value!r} is still used in the visit {visit} by {events}; change those events first"),
    "contacts": N_("contact {value!r} is still used in the visit {visit} by {events}; change those events first"),
}
"""What a change of the office's directory that would leave a visit's events naming nothing says."""
Others = list[tuple[str, Programme]]
"""The office's other visits of a visit: (folder name, programme) of each."""


def others(store: Store, *, window: Window | None = None, stores: Sequence[Store] | None = None) -> Others:
    """The office's other visits, each read through its own cache (none when the visit belongs
    to no office). A change passes the other visits it holds locked as ``stores``; a reading
    command leaves them to be found."""
    if store.office is None:
        return []
    out: Others = []
    for sibling in store.office.visits() if stores is None else stores:
        if same_folder(sibling, store):
            continue
        try:
            other = sibling.read(window=window).programme
        except InvalidData as err:
            raise InvalidData(_("cannot see the office's visit {folder} to check for clashes: {error} (`itinerary --data {folder} doctor`)",
                                folder=sibling.root, error=err)) from None
        out.append((sibling.root.name if sibling.root is not None else other.visit.id, other))
    return out


def name_of(store: Store, programme: Programme) -> str:
    """How the office names a visit: its folder's name."""
    return store.root.name if store.root is not None else programme.visit.id


def between_visits(store: Store, programme: Programme, siblings: Others, *, person: str | None = None) -> list[Finding]:
    """The problems between this visit and the office's other visits, as findings of this visit:
    the very findings ``office check`` lists for it (none outside an office)."""
    if store.office is None or not siblings:
        return []
    from itinerary.core.office import between  # only a visit of an office pays for the office's rules

    return between(store.office.directory()[0], name_of(store, programme), programme, siblings, person=person)


def elsewhere(store: Store, *programmes: Programme, window: Window | None = None, siblings: Others | None = None) -> list[Busy]:
    """The events of the participants of ``programmes`` in the office's other visits, and their
    events at the exclusive venues ``programmes`` use, as read-only commitments named after their
    visit (none when the visit belongs to no office): what a person's day holds elsewhere, for
    the timeline, free time and the planner. (The conflicts with them are :func:`between_visits`.)"""
    if store.office is None:
        return []
    people = {p for programme in programmes for event in programme.events if not event.cancelled for p in event.participants}
    held = {v.id for programme in programmes for v in programme.venues if v.exclusive}
    venues = {e.venue for programme in programmes for e in programme.events if not e.cancelled and e.venue in held}
    if not people and not venues:
        return []
    out: list[Busy] = []
    for name, other in (others(store, window=window) if siblings is None else siblings):
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
    person, venue or contact it names; otherwise the conflict findings it would add (between
    visits too), each message naming its visit."""
    read = [(store, store.read()) for store in visits]
    before_all = [(name_of(store, snapshot.programme), snapshot.programme) for store, snapshot in read]
    after_all = []
    for (name, _before), (_store, snapshot) in zip(before_all, read, strict=True):
        after = snapshot.rebuilt(shared=directory)
        problems = after.references()
        if problems:
            _event, field, value = problems[0]
            users = sorted({e for e, f, v in problems if (f, v) == (field, value)})
            events = ", ".join(users[:10]) + (" …" if len(users) > 10 else "")  # ids
            raise InvalidData(_(STILL_USED[field], value=value, visit=name, events=events))
        after_all.append((name, after))
    added: list[Finding] = []
    for index, (store, _snapshot) in enumerate(read):  # a change of the directory moves no event, but may make a venue exclusive
        (name, before), (_name, after) = before_all[index], after_all[index]
        new = engine.introduced(
            [*engine.find(before, busy=store.busy(before)), *between_visits(store, before, before_all[:index] + before_all[index + 1:])],
            [*engine.find(after, busy=store.busy(after)), *between_visits(store, after, after_all[:index] + after_all[index + 1:])],
        )
        added.extend(dataclasses.replace(f, text=functools.partial(_in_visit, name, f)) for f in new)
    return added


def _in_visit(name: str, finding: Finding, tr: Translator) -> str:
    """A finding's message naming the visit it is found in."""
    _ = tr.gettext
    return _("in the visit {visit}: {finding}", visit=name, finding=written(finding, tr.lang))
