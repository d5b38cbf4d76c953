"""The state of each shared calendar: ``remotes.json`` in the data folder. Pure, no I/O.

Per remote (URL and calendar): the sync token, and per event the resource's href and ETag, a
digest of the body last sent or taken, the fingerprint of our record when it was last in step
with the server, the SEQUENCE the server has, and the merge base (what iCalendar carried of it
then). Never a credential.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from itinerary.core.calview import View
from itinerary.errors import InvalidData
from itinerary.i18n import _

REMOTES_FILE = "remotes.json"
"""The remotes' state, in the data folder."""


@dataclass
class Published:
    """What we know of one event on a remote."""

    href: str
    """The resource's address on the server."""
    etag: str
    """Its ETag when we last wrote or read it."""
    sha: str
    """Digest of the body we last sent or took."""
    local: str
    """Fingerprint of our record when it was last in step with the server."""
    sequence: int = 0
    """The SEQUENCE the server has."""
    base: View | None = None
    """What iCalendar carried of the event when last in step (the base of a three-way merge)."""


@dataclass
class RemoteState:
    """A calendar's sync state."""

    url: str
    """Server URL, without credentials."""
    calendar: str
    """The calendar's name."""
    sync_token: str | None = None
    """The server's sync token after our last sync, where it gives one."""
    events: dict[str, Published] = field(default_factory=dict)
    """What we know of each event, by UID."""


def _published(data: dict[str, Any]) -> Published:
    base = data.get("base")
    return Published(
        str(data["href"]), str(data["etag"]), str(data["sha"]), str(data["local"]), int(data.get("sequence", 0)),
        View.from_json(base) if base is not None else None,
    )


def states_from_json(text: str, source: str) -> dict[str, RemoteState]:
    """The remotes' state from the text of remotes.json."""
    try:
        data = json.loads(text)
        return {
            str(key): RemoteState(str(r["url"]), str(r["calendar"]), r.get("sync_token"), {str(u): _published(p) for u, p in r["events"].items()})
            for key, r in data["remotes"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError):
        raise InvalidData(_("not a remotes state file (delete it to publish anew)"), source=source) from None


def states_to_json(states: dict[str, RemoteState]) -> str:
    """The text of remotes.json."""
    remotes = {}
    for key, state in sorted(states.items()):
        data = dataclasses.asdict(state)
        data["events"] = {
            uid: {**dataclasses.asdict(p), "base": None if p.base is None else p.base.to_json()} for uid, p in state.events.items()
        }
        remotes[key] = data
    return json.dumps({"schema": 1, "remotes": remotes}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def digest(body: bytes) -> str:
    """The digest of a calendar body kept in the state."""
    return hashlib.sha256(body).hexdigest()[:32]
