"""``team.json`` on disk: what a replica knows of the server it shares its visit through.

Bookkeeping like ``remotes.json``: written atomically under the folder's lock, after the records
of a change, never journaled (an undo reverts records; the next sync sends what the undo did).
A write is refused when the file changed since it was read (another sync ran meanwhile).
"""

from __future__ import annotations

from itinerary.errors import InvalidData, StorageError
from itinerary.formats.teamstate import TEAM_FILE, TeamState, state_from_json, state_to_json
from itinerary.i18n import _
from itinerary.storage.store import Store

MAX_TEAM_STATE_BYTES = 512 * 1024 * 1024
"""Largest state file read (it holds the merge base of every record)."""


def load(store: Store) -> tuple[TeamState | None, bytes | None]:
    """The replica's state (None when the folder shares nothing yet), and the bytes it was read from."""
    data = store.backend.read(TEAM_FILE, limit=MAX_TEAM_STATE_BYTES)
    if not data:
        return None, data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidData(_("not UTF-8 text (delete it and join the visit again)"), source=store.backend.describe(TEAM_FILE)) from None
    return state_from_json(text, store.backend.describe(TEAM_FILE)), data


def save(store: Store, state: TeamState, read: bytes | None) -> bytes:
    """Write ``state``, unless the file is no longer what was ``read``; returns the bytes written."""
    now = store.backend.read(TEAM_FILE, limit=MAX_TEAM_STATE_BYTES)
    if (now or None) != (read or None):
        raise StorageError(_("{file} changed meanwhile (another sync ran); run the sync again", file=store.backend.describe(TEAM_FILE)))
    data = state_to_json(state).encode("utf-8")
    if data != now:
        store.backend.write(TEAM_FILE, data)
    return data

