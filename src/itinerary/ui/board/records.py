"""The records behind the board: read once, then kept up to date from the journal's change feed.

:class:`Records` holds the programme, its findings and the outside commitments, and tells, at
each refresh, which events changed (their content compared before and after) and which
finished changes it learnt of. It does no drawing and no waiting: the board calls it from one
worker thread (the cache's database belongs to the thread that opened it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from itinerary.changes.events import with_files
from itinerary.changes.library import Library
from itinerary.core import engine
from itinerary.core.finding import Finding
from itinerary.errors import InvalidData, ItineraryError
from itinerary.formats import codec
from itinerary.i18n import _, pgettext
from itinerary.model import REFERENCES, Busy, Event, Programme, content
from itinerary.storage.store import SPECIAL_FILES, Snapshot, Write
from itinerary.storage.watch import Seen, Signal, Watcher

T = TypeVar("T")


@dataclass(frozen=True)
class View:
    """The records as the board shows them."""

    programme: Programme
    """Every record."""
    findings: tuple[Finding, ...]
    """What the conflict engine finds, outside commitments included."""
    busy: tuple[Busy, ...] = ()
    """Outside commitments of the people (busy calendars)."""
    changed: frozenset[str] = frozenset()
    """Events added or changed by the refresh that made this view."""
    gone: tuple[Event, ...] = ()
    """Events the refresh found removed."""
    seen: tuple[Seen, ...] = ()
    """The finished changes the refresh learnt of."""
    problem: str = ""
    """Why the records could not be read again (the view is the last one that could)."""
    by_event: dict[str, list[Finding]] = field(default_factory=dict, compare=False)
    """Findings by event id (the kinds shown beside events)."""


def _view(programme: Programme, lib: Library, **extra: object) -> View:
    siblings = lib.siblings()
    busy = tuple(lib.commitments(programme, siblings=siblings))
    findings = tuple(lib.findings(programme, commitments=busy, siblings=siblings))
    return View(programme, findings, busy, by_event=engine.involved(findings), **extra)  # type: ignore[arg-type]


def differences(before: Programme, after: Programme) -> tuple[frozenset[str], tuple[Event, ...]]:
    """(ids of events new or changed in content, events removed) from ``before`` to ``after``."""
    old = before.events_by_id
    changed = frozenset(e.id for e in after.events if e.id not in old or content(old[e.id]) != content(e))
    gone = tuple(e for e in before.events if e.id not in after.events_by_id)
    return changed, gone


class Records:
    """The records of one data folder, kept up to date."""

    def __init__(self, library: Library, watcher: Watcher | None) -> None:
        self.library = library
        self.watcher = watcher
        self.view: View | None = None
        self._snapshot: Snapshot | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="itinerary-records")

    def run(self, call: Callable[[], T]) -> Future[T]:
        """Run ``call`` on the one thread that touches the data folder (and its cache)."""
        return self._thread.submit(call)

    def close(self) -> None:
        """Let the thread finish what it was given, and end it."""
        self._thread.shutdown(wait=True)

    def load(self) -> View:
        """Read everything (the first time, and when asked)."""
        self._snapshot = self.library.read()
        self.view = _view(self._snapshot.programme, self.library)
        return self.view

    def look(self) -> View | None:
        """A new view when the watcher saw a change, else None."""
        if self.watcher is None:
            return None
        try:
            signal = self.watcher.look()
        except ItineraryError as err:  # the journal unreadable (a symbolic link, permissions)
            old = self.view
            if old is None or old.problem == str(err):
                return None
            self.view = dataclasses.replace(old, changed=frozenset(), gone=(), seen=(), problem=str(err))
            return self.view
        return None if signal is None else self.refresh(signal)

    def reload(self) -> View:
        """Read everything again now (the officer asked)."""
        return self.refresh(Signal(full=True, reason="asked for"))

    def refresh(self, signal: Signal) -> View:
        """The view after ``signal``: only the event files it names are read again, unless it
        asks for everything (or names the visit, people or venues)."""
        old = self.view
        if old is None:
            return self.load()
        try:
            if signal.full or any(name in SPECIAL_FILES for name in signal.files) or self._snapshot is None:
                self._snapshot = self.library.read()
                programme = self._snapshot.programme
            else:
                programme = self._patched(old.programme, signal.files)
        except ItineraryError as err:  # a record broken by hand, the folder gone: keep the last good view
            self.view = dataclasses.replace(old, changed=frozenset(), gone=(), seen=signal.changes, problem=str(err))
            return self.view
        changed, gone = differences(old.programme, programme)
        self.view = _view(programme, self.library, changed=changed, gone=gone, seen=signal.changes)
        return self.view

    def _patched(self, programme: Programme, files: Sequence[str] | frozenset[str]) -> Programme:
        """``programme`` with the event files ``files`` read again from disk."""
        backend = self.library.store.backend
        writes = [Write(name, backend.read(name, limit=codec.MAX_RECORD_BYTES)) for name in sorted(files)
                  if "/" not in name and name.endswith(".toml")]
        if not writes:
            return programme
        base = self._snapshot or self.library.read()  # the visit and directory the events stand on
        after = with_files(dataclasses.replace(base, programme=programme), writes, backend.describe)
        for event_id, name, value in after.references():
            if f"{event_id}.toml" in {w.file for w in writes}:
                what = record_word(REFERENCES.get(name, "event"))
                raise InvalidData(_("unknown {what} {value!r}", what=what, value=value), source=backend.describe(f"{event_id}.toml"), field=name)
        return after


def record_word(kind: str) -> str:
    """What a reference names ('person', 'venue', 'contact', 'event') in the interface's language."""
    words = {"person": pgettext("record", "person"), "venue": pgettext("record", "venue"), "contact": pgettext("record", "contact"),
             "event": pgettext("record", "event")}
    return words.get(kind, kind)
