"""The library under every front end: :class:`Library` and its operations.

``Library.open(folder)`` gives a data folder; :mod:`.events` (add, edit, cancel, remove, undo,
redo), :mod:`.calendars` (import, pull, export and publish bookkeeping, busy calendars,
revisions) and :mod:`.directory` (people, venues, travel legs, contacts) change it, every one
through :meth:`Library.change`.
"""

from itinerary.changes.library import Applied, Library, Proposal

__all__ = ["Applied", "Library", "Proposal"]
