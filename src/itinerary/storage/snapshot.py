"""The values a read of the records and a change to them pass around: what was read (with the
digest of each file it came from) and what a change writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from itinerary.model import Directory, Event, Office, Programme, Visit, layered

if TYPE_CHECKING:
    from itinerary.core.authored import Authored


@dataclass(frozen=True)
class Snapshot:
    """A programme as read, with the digest of each file it came from."""

    programme: Programme
    """What the records say (for a visit of an office, with the office's directory under its own)."""
    digests: dict[str, str] = field(default_factory=dict)
    """sha256 of each file at reading, by file name."""
    own: Directory = field(default_factory=Directory)
    """The people, venues, legs and contacts the folder's own files hold."""
    shared: Directory | None = None
    """The directory of the office the visit belongs to, if it belongs to one."""
    office: Office | None = None
    """The office, when the folder is an office (its programme is its directory, with no events)."""

    def rebuilt(self, own: Directory | None = None, *, shared: Directory | None = None) -> Programme:
        """The programme with another own directory (or another office directory) under the
        same visit and events: what a change of the directory would make of it."""
        return assemble(self.programme.visit, self.own if own is None else own, self.shared if shared is None else shared,
                        self.programme.events)


def assemble(visit: Visit, own: Directory, shared: Directory | None, events: tuple[Event, ...]) -> Programme:
    """The programme of ``visit`` and ``events`` under the folder's own directory, laid over the
    office's ``shared`` one when the visit belongs to an office."""
    merged = own if shared is None else layered(shared, own)
    if visit.contacts != merged.contacts:
        visit = dataclasses.replace(visit, contacts=merged.contacts)
    return Programme(visit, merged.people, merged.venues, merged.travel, events)


@dataclass(frozen=True)
class Write:
    """One file a change writes."""

    file: str
    """Name in the data folder."""
    data: bytes | None
    """Its new bytes, or None to delete it."""
    fields: tuple[str, ...] = ()
    """What changed in it, for the history."""
    create: bool = False
    """True when the file must not exist yet (a new record never clobbers another)."""
    by: tuple[Authored, ...] = ()
    """For a change taken from a shared server: who made it there, when, and which fields."""
