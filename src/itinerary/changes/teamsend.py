"""Sending what changed here to the server, for :func:`itinerary.changes.team.sync`: each record
with an If-Match (or If-None-Match) guard; what the server took recorded in the state — at once
when a write lost a race or the server failed, else once, with the sync tokens, at the end.

A record is never sent over a copy that holds text it lost: an event whose title or notes are
exactly as long as a record holds — what an earlier version left when it cut a longer text on a
pull — is compared with the server's copy first, and withheld when that copy holds the text whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinerary.changes.library import Library
from itinerary.changes.teambase import Report, Server, TooManyChanges, files, load_state, save_state
from itinerary.errors import StorageError
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.storage import teamfile
from itinerary.storage.store import Snapshot

if TYPE_CHECKING:
    from itinerary.changes.teampush import Sending


@dataclass
class Sent:
    """What one round of sending did, to be recorded in the state."""

    done: dict[str, object]
    """The state of each record the server took (None: deleted there), by key."""
    snapshot: Snapshot
    """The records it was sent from."""
    history: Sequence[object]
    """The journal then (its last change is where the next sync's changes of ours begin)."""
    lost: list[str]
    """The paths whose write lost a race."""
    complete: bool
    """True when everything that was to be sent was sent."""


def send(library: Library, server: Server, report: Report, *, prune: bool, sent: dict[str, str], gone: set[str],
         skip: frozenset[str] = frozenset(), held: Collection[str] = ()) -> Sent:
    """Send what changed here — but not the records whose copy on the server this sync could not
    take (``held``), nor those that lost text that copy holds: each is withheld, and said. What
    the server took is recorded at once when a write lost a race (the merge that follows needs
    it) or the server failed (so nothing is sent twice); else with the tokens, in one write, by
    :func:`finish`."""
    from itinerary.changes import teampush

    state, _raw = teamfile.load(library.store)
    if state is None:
        raise StorageError(_("the folder shares no visit yet"))
    snapshot = library.read()
    history = library.store.history()
    owner = snapshot.office.id if snapshot.office is not None else snapshot.programme.visit.id
    sending, notes = teampush.outgoing(snapshot, state, history, prune=prune, who=library.who, now=library.now(), owner=owner, skip=skip)
    report.events = len(snapshot.programme.events)
    report.notes.extend(n for n in notes if n not in report.notes)
    withheld = {s.key: _("its copy on the server cannot be taken (see above)") for s in sending if s.key in held}
    withheld |= _withheld(server, state, snapshot, [s for s in sending if s.key not in held])
    report.withheld.extend(w for w in withheld.items() if w not in report.withheld)
    outcome = Sent({}, snapshot, history, [], False)
    try:
        for item in sending:
            if item.key in withheld:
                continue
            if item.body is None:
                if server.delete(item.href, etag=item.etag or ""):
                    outcome.done[item.key] = None
                    gone.add(item.href)
                    report.sent.append(("deleted", item.key))
                else:
                    outcome.lost.append(item.href)
                continue
            stored, etag = server.put(item.href, item.body, etag=item.etag, card=not item.href.endswith(".ics"))
            if not stored:
                outcome.lost.append(item.href)
                continue
            item.item.etag = etag
            outcome.done[item.key] = item.item
            sent[item.href] = etag
            report.sent.append(("created" if item.etag is None else "updated", item.key))
    except BaseException:  # what the server has now is recorded even when the server vanished mid-way
        save_state(library, lambda current: _recorded(current, outcome))
        raise
    # complete only when everything the folder shares was sent: a one-way publish leaves the visit's
    # settings out, and the next sync must not take the folder as in step with the server
    outcome.complete = not outcome.lost and len(outcome.done) == len(sending) and not skip
    if outcome.lost:
        save_state(library, lambda current: _recorded(current, outcome))
    return outcome


def _withheld(server: Server, state: TeamState, snapshot: Snapshot, sending: Sequence[Sending]) -> dict[str, str]:
    """Why each record that lost text the server's copy holds is not sent, by key (see the
    module and :func:`~itinerary.core.calview.lost_text`). Only an event whose title or notes are
    exactly at a record's bound costs a request: its copy is fetched to compare."""
    from itinerary.changes.teamrecords import kind_of, local_records
    from itinerary.core.calview import lost_text, view_of, view_of_incoming
    from itinerary.formats import icsread, teamics
    from itinerary.model import FULL, MAX_TEXT, MAX_TITLE

    records = local_records(snapshot)
    programme = snapshot.programme
    views = {s.href: (s.key, view_of(programme, records[s.key], FULL)) for s in sending
             if s.body is not None and s.etag is not None and kind_of(s.key) == "event" and s.key in records}
    at_bound = {h: kv for h, kv in views.items() if len(kv[1].title) == MAX_TITLE or len(kv[1].notes or "") == MAX_TEXT}
    found: dict[str, str] = {}
    for href, (_etag, body) in (server.fetch(state.calendar, list(at_bound)) if at_bound else {}).items():
        if href not in at_bound:
            continue
        key, ours = at_bound[href]
        try:
            [item] = teamics.read_copy(body, programme.visit, limit=1).items
        except (icsread.CalendarError, ValueError):  # not one event: nothing of ours to compare with
            continue
        why = lost_text(ours, view_of_incoming(item, ours))
        if why is not None:
            found[key] = why
    return found


def _recorded(state: TeamState | None, outcome: Sent) -> TeamState:
    """``state`` with what a round of sending did."""
    from itinerary.changes import teampush

    assert state is not None
    for key, item in outcome.done.items():
        if item is None:
            state.items.pop(key, None)
        else:
            state.items[key] = item  # type: ignore[assignment]
    state.items = teampush.in_step(state, outcome.snapshot)
    state.unresolved = [k for k in state.unresolved if k not in outcome.done]  # completed here, and sent
    if outcome.complete:
        state.files = files(outcome.snapshot)
        state.journal = max((e.seq for e in outcome.history), default=state.journal)  # type: ignore[attr-defined]
    else:
        state.files = {}
    return state


def finish(library: Library, server: Server, outcome: Sent, sent: dict[str, str], gone: set[str], before: dict[str, str],
           limit: int) -> TeamState:
    """Record what was sent, and keep each collection's token only when every change since the
    last one is this sync's own (another officer's must reach the next sync), with what the
    one-request probe says of it: the probe is asked first, so a change it saw and the listing
    after it did not cannot exist. A collection nothing was sent to, whose probe still says what
    it said when the sync began, needs no listing: the sync's own listing came after that. A
    listing of more than our writes and ``limit`` others' keeps the token: the next sync meets them."""
    state = load_state(library)
    assert state is not None
    probes = server.probe(state.collections)
    tokens = dict(state.tokens)
    settled: dict[str, str] = {}
    known = {item.href: item.etag for item in state.items.values()} | {i.href: i.etag for i in outcome.done.values() if i is not None}  # type: ignore[attr-defined]
    for collection in state.collections:
        folder = collection.rstrip("/") + "/"
        touched = any(h.startswith(collection) for h in (*sent, *gone))
        if not touched and collection in tokens and folder in before and probes.get(folder) == before[folder]:
            settled[folder] = probes[folder]
            continue
        try:
            listing = server.listing(collection, state.tokens.get(collection), limit=limit + len(sent) + len(gone))
        except TooManyChanges:
            continue
        ours = all(sent.get(h) == etag or known.get(h) == etag for h, etag in listing.changed.items()) and set(listing.deleted) <= gone
        if listing.complete:  # everything listed: what we know of and is not listed must be what we deleted
            ours = ours and {h for h in known if h.startswith(collection) and h not in listing.changed} <= gone
        if ours and listing.token:
            tokens[collection] = listing.token
            if folder in probes:
                settled[folder] = probes[folder]

    def update(current: TeamState | None) -> TeamState:
        current = _recorded(current, outcome)
        current.tokens = tokens
        current.probes = settled if set(settled) == {c.rstrip("/") + "/" for c in current.collections} else {}
        return current

    return save_state(library, update)
