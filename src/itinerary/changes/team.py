"""A visit shared by a team through a calendar server: sync (pull, then publish) and join.

The server is anything with the small interface :class:`~itinerary.changes.teambase.Server` (the
CalDAV/CardDAV session of :mod:`itinerary.sync.dav`, or a fake in the tests). A sync:

1. asks the server, in one request, whether any of its collections changed, and compares the
   digest of every record file with the last sync's: nothing changed on either side, it stops;
2. takes in what changed there (:mod:`.teampull`), as one journaled change of the folder,
   through the change path (references checked; new conflict errors reported, not refused —
   they are the team's, and hiding them here would not remove them there);
3. sends what changed here (:mod:`.teampush`), every write guarded by the ETag the last read
   gave; a write that loses a race with another officer is merged again and retried;
4. keeps the server's sync tokens only when every change since them is its own.

Every step leaves the folder whole: the records change only in step 2, atomically; the state
(``team.json``) is saved after each step, so an interrupted sync is completed by the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from itinerary.changes.library import Library, Proposal
from itinerary.changes.teambase import Listing, Report, Server, TooManyChanges, files, load_state, save_state
from itinerary.errors import InvalidData, NotFound, RemoteServerError
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.model.checks import MAX_IMPORT_EVENTS
from itinerary.storage import teamfile
from itinerary.storage.store import Snapshot

if TYPE_CHECKING:  # a sync with nothing to do loads none of the merge and the formats it needs
    from itinerary.changes.teampull import Outcome
    from itinerary.changes.teamread import Remote

__all__ = ["Report", "Server", "listed", "load_state", "save_state", "sync", "sync_visit"]
"""The sync, and what its callers meet (the rest of its terms are :mod:`.teambase`'s)."""

RACE_ROUNDS = 4
"""How many times a sync merges again and retries after losing a race with another officer."""


def sync(library: Library, server: Server, state: TeamState, *, pull: bool = True, push: bool = True, prune: bool = True,
         resolve: str | None = None, command: str = "sync", settings: bool = True, limit: int = MAX_IMPORT_EVENTS) -> Report:
    """Pull, then publish (see the module). ``state`` is the folder's (or a new one: the first sync).
    Without ``settings``, the visit's settings are neither taken nor sent (a one-way publish or pull).
    At most ``limit`` changes of a collection are taken at once, and a copy that would make more
    events than that (a series repeating every second) is refused: InvalidData, nothing changed."""
    report = Report()
    skip = frozenset() if settings else frozenset({"visit"})
    snapshot = library.read()
    before: dict[str, str] = {}
    if state.items and pull and push and resolve is None and state.pending == 0 and state.probes:
        before = server.probe(state.collections)
        if files(snapshot) == state.files and before == state.probes:
            report.unchanged = True
            return report
    _collections(library, server, state, snapshot, create=push)
    sent: dict[str, str] = {}
    gone: set[str] = set()
    if pull:
        remotes, tokens = _changes(server, state, skip, unchanged={c for c, v in before.items() if state.probes.get(c) == v},
                                   limit=limit)
        _take(library, state, remotes, tokens, resolve, report, command, limit)
    from itinerary.changes.teamsend import Sent, finish, send

    outcome: Sent | None = None
    for _round in range(RACE_ROUNDS if push else 0):
        outcome = send(library, server, report, prune=prune, sent=sent, gone=gone, skip=skip, held=set(report.skipped))
        if not outcome.lost:
            break
        if not pull:  # a one-way publish takes nothing in: what changed there waits for a pull
            report.lost = outcome.lost
            break
        report.races += len(outcome.lost)
        from itinerary.changes.teamread import Remote

        state = load_state(library) or state
        remotes = []
        for collection in state.collections:
            mine = [h for h in outcome.lost if h.startswith(collection)]
            fetched = server.fetch(collection, mine) if mine else {}
            remotes += [Remote(h, *fetched[h]) if h in fetched else Remote(h, "", None) for h in mine]
        _take(library, state, remotes, {}, resolve, report, command, limit)
    else:
        if push:
            raise RemoteServerError(_("other officers kept changing the same records while this sync ran; run it again"))
    final = finish(library, server, outcome, sent, gone, before, limit) if outcome is not None and not outcome.lost else load_state(library)
    if final is not None:
        report.pending = [(k, f, p.ours, p.theirs, p.who) for k, i in sorted(final.items.items()) for f, p in sorted(i.pending.items())]
        report.subjects = {k: p.subject for k, i in final.items.items() for p in i.pending.values() if p.subject}
    return report


def sync_visit(library: Library, server: Server, state: TeamState, **options: object) -> Report:
    """A visit's sync; for a visit of an office, the office's directory first — shared once for
    all its visits, in the office's own address book, each change journaled in the office's folder."""
    office = library.office_library()
    if office is None:
        return sync(library, server, state, **options)  # type: ignore[arg-type]
    shared = load_state(office)
    if shared is None:
        settings = office.store.directory()[0]
        shared = TeamState(state.url, state.user, state.password_env, name=settings.name)
    first = sync(office, server, shared, **{k: v for k, v in options.items() if k != "settings"})  # type: ignore[arg-type]
    book = (load_state(office) or shared).books.get("office", "")
    if book and state.shared != book:
        state.shared = book
        if load_state(library) is not None:
            _write_state(library, state)
    report = sync(library, server, state, **options)  # type: ignore[arg-type]
    report.absorb(first)
    return report


def _collections(library: Library, server: Server, state: TeamState, snapshot: Snapshot, *, create: bool) -> None:
    """The calendar and address book, made when missing (publishing), and saved in the state."""
    changed = False
    if snapshot.office is None and not state.calendar:
        state.calendar = server.collection(state.name, book=False, create=create)
        changed = True
    own = "office" if snapshot.office is not None else "visit"
    needed = snapshot.office is not None or snapshot.shared is None or bool(
        snapshot.own.people or snapshot.own.venues or snapshot.own.travel or snapshot.own.contacts)
    if own not in state.books and needed:
        try:
            state.books[own] = server.collection(f"{state.name} — directory", book=True, create=create)
            changed = True
        except NotFound:  # a calendar published without its directory: its events alone
            pass
    if changed:
        _write_state(library, state)


def _write_state(library: Library, state: TeamState) -> None:
    def update(current: TeamState | None) -> TeamState:
        if current is not None:
            current.calendar, current.books, current.shared = state.calendar, dict(state.books), state.shared
            return current
        return state

    save_state(library, update)


def listed(server: Server, state: TeamState, collection: str, token: str | None, limit: int) -> Listing:
    """What changed in ``collection`` since ``token``: at most ``limit`` resources, counted before
    any is fetched; more is refused, naming the bound (InvalidData, as an import of as many)."""
    try:
        found = server.listing(collection, token, limit=limit)
        count = len(found.changed) + len(found.deleted)
    except TooManyChanges as err:
        count = err.count
    if count > limit:
        if collection == state.calendar:
            refused = _("{n} events changed on the calendar, over the limit of {limit} at once (--max-events raises it); nothing was changed",
                        n=f"{count:,}", limit=f"{limit:,}")
        else:
            refused = _("{n} records changed in the address book, over the limit of {limit} at once (--max-events raises it); "
                        "nothing was changed", n=f"{count:,}", limit=f"{limit:,}")
        raise InvalidData(refused, source=state.url)
    return found


def _changes(server: Server, state: TeamState, skip: frozenset[str] = frozenset(), *,
             unchanged: set[str] | frozenset[str] = frozenset(), limit: int = MAX_IMPORT_EVENTS) -> tuple[list[Remote], dict[str, str]]:
    """What changed on the server since the last sync (own writes, known by their ETags, and the
    records of the kinds in ``skip``, left out); a collection the probe found ``unchanged`` since
    the last sync is not asked. At most ``limit`` changes of a collection (see :func:`listed`)."""
    from itinerary.changes.teamread import Remote
    from itinerary.formats.teamics import VISIT_RESOURCE

    remotes: list[Remote] = []
    tokens: dict[str, str] = {}
    known = {item.href: item.etag for item in state.items.values()}
    for collection in state.collections:
        if collection.rstrip("/") + "/" in unchanged and state.tokens.get(collection):
            continue
        listing = listed(server, state, collection, state.tokens.get(collection), limit)
        if listing.token:
            tokens[collection] = listing.token
        wanted = [h for h, etag in listing.changed.items() if not (etag and known.get(h) == etag)
                  and not ("visit" in skip and h.endswith("/" + VISIT_RESOURCE))]
        deleted = set(listing.deleted)
        if listing.complete:
            deleted |= {h for h in known if h.startswith(collection) and h not in listing.changed}
        fetched = server.fetch(collection, wanted) if wanted else {}
        remotes += [Remote(h, *fetched[h]) if h in fetched else Remote(h, "", None) for h in wanted]
        remotes += [Remote(h, "", None) for h in sorted(deleted) if h in known]
    return remotes, tokens


def _take(library: Library, state: TeamState, remotes: Sequence[Remote], tokens: dict[str, str], resolve: str | None,
          report: Report, command: str, limit: int) -> None:
    """Merge what the server's copies say into the records, as one journaled change. A copy left
    alone (a text over what a record holds) keeps its collection's token where it was, so the
    next sync tells it again until the server's copy changes."""
    from itinerary.changes import teampull, teamread
    from itinerary.changes.teamread import Theirs
    from itinerary.changes.teamrecords import local_records

    if not remotes and resolve is None and all(state.tokens.get(c) == t for c, t in tokens.items()):
        return
    outcomes: list[Outcome] = []

    def propose(snapshot: Snapshot) -> Proposal:
        current, raw = teamfile.load(library.store)
        current = current or state
        theirs: list[Theirs] = []
        for remote in remotes:
            read = teamread.read(snapshot.programme, current, remote, limit=limit)
            if isinstance(read, str):
                report.notes.append(f"{remote.href}: {read}")
            else:
                theirs.append(read)
        pulled = teampull.merge_all(snapshot, current, theirs, resolve=resolve, now=library.now())
        bases = {k: i.base for k, i in current.items.items()}
        teampull.keep_named(pulled, local_records(snapshot), bases, snapshot.programme.visit.id)
        report.notes.extend(teampull.unresolved(pulled, snapshot.shared))
        outcomes.extend(pulled.outcomes)

        hrefs = {t.key: t.href for t in theirs}
        held = [hrefs[o.key] for o in pulled.outcomes if o.action == "skipped" and o.key in hrefs]

        def bookkeeping(_sides: object) -> None:
            current.items = pulled.items
            current.unresolved = sorted(pulled.unresolved)
            current.tokens.update({c: t for c, t in tokens.items() if not any(h.startswith(c) for h in held)})
            teamfile.save(library.store, current, raw)

        return teampull.proposal(snapshot, pulled, bookkeeping, command)

    applied = library.change(command, propose, force=True)
    report.outcomes.extend(outcomes)
    report.applied.append(applied)
