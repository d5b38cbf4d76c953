"""Events as the rows of the cache, and what binds a row to the file it was made from. Pure.

A row holds the values of an event's fields in order, instants as POSIX timestamps (the zone is
a field beside them), written by :mod:`marshal`: plain strings, numbers and tuples only, read
back without a parser written in Python. See :mod:`itinerary.storage.cache`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import marshal
import struct
from collections.abc import Callable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from itinerary.model import Attachment, Event, maker

Stat = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a source file."""
Encoded = tuple[float, float, bytes]
"""An event as the cache keeps it: its UTC start and end (POSIX seconds) and its row."""


def digest(data: bytes) -> str:
    """The content hash used for records and busy calendars."""
    return hashlib.sha256(data).hexdigest()


_TIMES = struct.Struct("<dd").pack
_BLAKE = hashlib.blake2b


def row_proof(sha: str, start: float, end: float, data: bytes) -> bytes:
    """What binds a cached row to the content hash of the file it was made from: a keyed hash
    (BLAKE2b) of its event and its times under that content hash (64 hex digits). A row whose
    proof does not hold (its event, times or hash changed since it was written) is never taken:
    its file is read."""
    return _BLAKE(data, digest_size=16, key=sha.encode(), salt=_TIMES(start, end)).digest()


# --- events as rows ----------------------------------------------------------------------

_FIELDS = tuple(field.name for field in dataclasses.fields(Event))
_START, _END, _UPDATED, _ATTACHMENTS, _ZONE = (_FIELDS.index(name) for name in ("start", "end", "updated", "attachments", "zone"))
_ZONES: dict[str, ZoneInfo] = {}
_MAKE: list[Callable[..., Event] | None] = [None]
"""Makes an event from its fields without checking them again (made on first use)."""


def event_to_row(event: Event) -> bytes:
    """The event as one cache row: the values of its fields in order, instants as POSIX
    timestamps (the zone is a field beside them), written by :mod:`marshal` (plain strings,
    numbers and tuples only, read back without a parser written in Python)."""
    values: list[Any] = [getattr(event, name) for name in _FIELDS]
    values[_START], values[_END] = event.start.timestamp(), event.end.timestamp()
    if event.updated is not None:
        values[_UPDATED] = event.updated.timestamp()
    values[_ATTACHMENTS] = tuple((a.title, a.text, a.lang, a.title_ko) for a in event.attachments)
    return marshal.dumps(tuple(values))


def event_from_row(row: bytes) -> Event:
    """The event cached as ``row``; it was validated when first parsed, so it is not again."""
    values = list(marshal.loads(row))
    if len(values) != len(_FIELDS):
        raise ValueError("a cache row of another shape")
    make = _MAKE[0]
    if make is None:
        make = _MAKE[0] = maker(Event)
    name = values[_ZONE]
    tz = _ZONES.get(name) or _ZONES.setdefault(name, ZoneInfo(name))
    values[_START] = dt.datetime.fromtimestamp(values[_START], tz)
    values[_END] = dt.datetime.fromtimestamp(values[_END], tz)
    if values[_UPDATED] is not None:
        values[_UPDATED] = dt.datetime.fromtimestamp(values[_UPDATED], dt.UTC)
    if values[_ATTACHMENTS]:
        values[_ATTACHMENTS] = tuple(Attachment(*a) for a in values[_ATTACHMENTS])
    return make(*values)


class Row(NamedTuple):
    """A cached record file."""

    stat: Stat
    sha: str
    start: float
    """The event's start, POSIX seconds."""
    end: float
    data: bytes
    """The event (see :func:`event_from_row`)."""
    proof: bytes
    """See :func:`row_proof`."""

    def proven(self) -> bool:
        """True when the row is what was written for the file content ``sha``."""
        return row_proof(self.sha, self.start, self.end, self.data) == self.proof

    def meets(self, window: tuple[dt.datetime, dt.datetime] | None) -> bool:
        """Whether the event meets ``window`` (any event, without one)."""
        return window is None or (self.start < window[1].timestamp() and self.end > window[0].timestamp())


def typed(row: Row) -> bool:
    """True when every value of the row has the type it should (a damaged cache may hold anything)."""
    return (isinstance(row.start, float | int) and isinstance(row.end, float | int) and isinstance(row.data, bytes)
            and isinstance(row.sha, str) and len(row.sha) == 64 and row.sha.isascii() and isinstance(row.proof, bytes))


def encoded(event: Event) -> Encoded:
    """``event`` as the cache keeps it (see :data:`Encoded`)."""
    return event.start.timestamp(), event.end.timestamp(), event_to_row(event)
