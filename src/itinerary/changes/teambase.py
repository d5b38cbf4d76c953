"""What every step of a team's sync shares: the server's interface, what a sync reports, and the
folder's team state (``team.json``).

The server is anything with the small interface :class:`Server` (the CalDAV/CardDAV session of
:mod:`itinerary.sync.dav`, or a fake in the tests). The steps are :mod:`.team` (the sync and what
it takes in), :mod:`.teamsend` (what it sends) and :mod:`.teamjoin`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from itinerary.changes.library import Applied, Library
from itinerary.errors import InvalidData
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.storage import teamfile
from itinerary.storage.store import Snapshot

if TYPE_CHECKING:
    from itinerary.changes.teampull import Outcome


@dataclass(frozen=True)
class Listing:
    """What changed in a collection since a sync token."""

    changed: dict[str, str]
    """Resources added or changed: path → ETag."""
    deleted: tuple[str, ...] = ()
    """Resources deleted."""
    token: str | None = None
    """The token after these changes."""
    complete: bool = False
    """True when every resource is listed (no token, or an expired one): one not listed is gone."""


class TooManyChanges(InvalidData):
    """A collection lists more resources than a sync takes at once (counted before any is fetched)."""

    def __init__(self, count: int) -> None:
        super().__init__(_("{n} resources listed", n=f"{count:,}"))
        self.count = count


class Server(Protocol):
    """A calendar server as a sync needs it. Paths are the server's (``/officer/visit/x.ics``)."""

    def probe(self, collections: Sequence[str]) -> dict[str, str]:
        """In one request where the server allows: each collection's sync token (or CTag)."""
        ...

    def listing(self, collection: str, token: str | None, *, limit: int | None = None) -> Listing:
        """What changed in ``collection`` since ``token`` (everything when None or expired);
        :class:`TooManyChanges` when it lists more than ``limit`` resources, counted from the
        answer before it is read further (a hostile answer listing 100,000 costs one request)."""
        ...

    def fetch(self, collection: str, hrefs: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """The resources' ETags and bodies (one missing from the answer is gone)."""
        ...

    def put(self, href: str, body: bytes, *, etag: str | None, card: bool) -> tuple[bool, str]:
        """Store ``body``: only over ``etag`` (If-Match), or only when absent (None). Returns
        (stored, new ETag); False when another write came first."""
        ...

    def delete(self, href: str, *, etag: str) -> bool:
        """Delete while it still has ``etag``; False when another write came first."""
        ...

    def collection(self, name: str, *, book: bool, create: bool) -> str:
        """The path of the calendar (or address book) ``name``, made when missing and ``create``."""
        ...


@dataclass
class Report:
    """What a sync did."""

    outcomes: list[Outcome] = field(default_factory=list)
    """What taking in the server's changes did, record by record."""
    sent: list[tuple[str, str]] = field(default_factory=list)
    """Records sent: ('created' | 'updated' | 'deleted', key)."""
    events: int = 0
    """How many events the folder shares."""
    unchanged: bool = False
    """True when nothing had changed on either side (one request was made)."""
    races: int = 0
    """Writes that lost a race with another officer (merged again and retried)."""
    lost: list[str] = field(default_factory=list)
    """A one-way publish's writes refused because the server's copy changed (not retried)."""
    withheld: list[tuple[str, str]] = field(default_factory=list)
    """(key, why) of records not sent: the server's copy holds text the record lost (an earlier
    version cut it on a pull); sending would cut it there too."""
    notes: list[str] = field(default_factory=list)
    """What the officer should know."""
    applied: list[Applied] = field(default_factory=list)
    """The journaled changes made."""
    pending: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    """Conflicts waiting to be settled: (record, field, ours, theirs, who set theirs)."""

    subjects: dict[str, str] = field(default_factory=dict)
    """How the officer names each record of a conflict, by key."""

    def subject(self, key: str) -> str:
        """How the officer names the record ``key``."""
        found = self.subjects.get(key) or next((o.subject for o in self.outcomes if o.key == key), "")
        return found or key.split(":", 1)[-1]

    @property
    def settled(self) -> list[tuple[str, str, str, str, str]]:
        """Conflicts this sync settled (--theirs or --ours): (record, field, ours, theirs, who set theirs)."""
        return [(o.key, *row) for o in self.outcomes for row in o.settled]

    def absorb(self, other: Report) -> None:
        """Add what another sync did (the office's directory's, before a visit's)."""
        self.outcomes = [*other.outcomes, *self.outcomes]
        self.sent = [*other.sent, *self.sent]
        self.races += other.races
        self.notes = [*other.notes, *self.notes]
        self.applied = [*other.applied, *self.applied]
        self.pending = [*other.pending, *self.pending]
        self.subjects = {**other.subjects, **self.subjects}
        self.unchanged = self.unchanged and other.unchanged
        self.lost = [*other.lost, *self.lost]
        self.withheld = [*other.withheld, *self.withheld]

    def count(self, action: str, *, events: bool | None = None) -> int:
        """How many records were sent with ``action`` (only events, or only the others)."""
        return sum(a == action and (events is None or events == k.startswith("event:")) for a, k in self.sent)

    @property
    def skipped(self) -> list[str]:
        """The records whose copy on the server was left alone (see :class:`~itinerary.changes.teampull.Outcome`)."""
        return [o.key for o in self.outcomes if o.action == "skipped"]

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def deleted(self) -> int:
        return self.count("deleted")


def load_state(library: Library) -> TeamState | None:
    """The folder's team state, if it shares a visit."""
    return teamfile.load(library.store)[0]


def save_state(library: Library, update: Callable[[TeamState | None], TeamState]) -> TeamState:
    """Change the team state under the folder's lock (``update`` gets it, and returns it changed).
    Bookkeeping like the export state: no record changes, so no record is read."""
    with library.store.locked():
        state, raw = teamfile.load(library.store)
        changed = update(state)
        teamfile.save(library.store, changed, raw)
    return changed


def files(snapshot: Snapshot) -> dict[str, str]:
    """The digest of every record file, as the state keeps them."""
    return dict(sorted(snapshot.digests.items()))
