"""What a replica knows of the server it shares a visit through: ``team.json`` in the data
folder. Pure, no I/O.

The server (address, user, the name of the environment variable holding the password — never
a password), the calendar and address books, and the sync token of each; the digest of every
record file when the last sync ended (a sync that finds them all the same, and the server's
tokens the same, asks nothing more); and per shared record its *base* — the record as it last
agreed with the server, the merge base of the next sync — with the resource's address and
ETag, the conflicts waiting to be settled, and who changed it there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from itinerary.core.authored import Authored
from itinerary.errors import InvalidData
from itinerary.i18n import _

TEAM_FILE = "team.json"
"""The replica's state, in the data folder."""
LOG_KEPT = 20
"""How many changes of a record its copy on the server names."""


def log_entry(change: Authored) -> dict[str, Any]:
    """One change of a log as plain data."""
    return {"by": change.who, "at": change.when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "fields": list(change.fields)}


def read_log(value: object) -> tuple[Authored, ...]:
    """A log as carried; entries that cannot be read are left out."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value[-LOG_KEPT:]:
        try:
            when = dt.datetime.fromisoformat(str(item["at"]).replace("Z", "+00:00"))
            if when.tzinfo is None:
                continue
            found.append(Authored(str(item["by"])[:200], when, tuple(str(f)[:100] for f in item.get("fields", [])[:100])))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return tuple(found)


@dataclass
class Pending:
    """A field both sides changed differently, waiting for ``--theirs`` or ``--ours``."""

    ours: str
    """Our value, as a person reads it."""
    theirs: str
    """Theirs, as a person reads it."""
    who: str = ""
    """Who set theirs, when known."""
    subject: str = ""
    """The record, as the officer names it (an event's id, a person's…)."""


@dataclass
class Item:
    """One shared record and its resource on the server."""

    href: str
    """The resource's path on the server."""
    etag: str = ""
    """Its ETag when we last wrote or read it."""
    base: str = ""
    """The record's canonical text when it last agreed with the server ('' for none)."""
    sha: str = ""
    """Digest of our record file (or entry) when it was last found in step."""
    std: dict[str, str] = field(default_factory=dict)
    """Digests of the standard properties of the server's copy (see :mod:`.teamics`)."""
    sequence: int = 0
    """The SEQUENCE of the server's copy (events)."""
    log: tuple[Authored, ...] = ()
    """Who changed the record, as the server's copy names them."""
    pos: int | None = None
    """A directory record's place in its list."""
    pending: dict[str, Pending] = field(default_factory=dict)
    """Conflicts waiting to be settled, by field."""
    refresh: bool = False
    """True when the server's copy lacks the record (an app dropped it): ours goes back whole."""
    blind: bool = False
    """True when the server's copy lost the record after versions this folder never saw: what it
    shows is taken, and ours is not sent until a colleague who saw them sends the record again."""


@dataclass
class TeamState:
    """A replica's state."""

    url: str
    """The server, without credentials."""
    user: str | None = None
    """The user name there."""
    password_env: str | None = None
    """The environment variable that holds the password (None: ~/.netrc)."""
    calendar: str = ""
    """The calendar's path on the server ('' for an office, which has none)."""
    name: str = ""
    """The calendar's (or the office's address book's) name."""
    books: dict[str, str] = field(default_factory=dict)
    """Address books by whose directory they hold: 'visit' (the folder's own) or 'office'."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Each collection's sync token after the last sync."""
    probes: dict[str, str] = field(default_factory=dict)
    """What the server said of each collection when the last sync ended (sync token or CTag)."""
    files: dict[str, str] = field(default_factory=dict)
    """Digest of every record file when the last sync ended."""
    journal: int = 0
    """The journal's last change when the last sync ended (changes after it are sent as ours)."""
    items: dict[str, Item] = field(default_factory=dict)
    """Every shared record, by key ('event:<uid>', 'visit', 'person:<id>', 'directory'…)."""
    unresolved: list[str] = field(default_factory=list)
    """Records events name that the server's directory does not hold (only their id is known):
    kept here as placeholders, never sent, reported by check until the directory has them."""
    shared: str = ""
    """For a visit of an office: the office's address book, synced by the office's folder, named
    in the visit's settings so that a colleague joining the visit finds it."""

    @property
    def collections(self) -> list[str]:
        """The calendar and address books, in that order."""
        return [c for c in (self.calendar, *self.books.values()) if c]

    def by_href(self) -> dict[str, str]:
        """Keys by resource path."""
        return {item.href: key for key, item in self.items.items()}

    @property
    def pending(self) -> int:
        """How many fields wait to be settled."""
        return sum(len(i.pending) for i in self.items.values())


def state_from_json(text: str, source: str) -> TeamState:
    """The state in the text of team.json."""
    try:
        data = json.loads(text)
        if data.get("schema") != 1:
            raise ValueError("schema")
        items = {str(k): _item(v) for k, v in data["items"].items()}
        return TeamState(
            str(data["url"]), _opt(data.get("user")), _opt(data.get("password_env")), str(data.get("calendar", "")),
            str(data.get("name", "")), _texts(data.get("books", {})), _texts(data.get("tokens", {})), _texts(data.get("probes", {})),
            _texts(data.get("files", {})), int(data.get("journal", 0)), items, [str(k) for k in data.get("unresolved", [])],
            str(data.get("shared", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError):
        raise InvalidData(_("not a team state file (delete it and join the visit again)"), source=source) from None


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("a table")
    return {str(k): str(v) for k, v in value.items()}


def _item(data: dict[str, Any]) -> Item:
    pending = {str(k): Pending(str(v["ours"]), str(v["theirs"]), str(v.get("who", "")), str(v.get("subject", "")))
               for k, v in data.get("pending", {}).items()}
    pos = data.get("pos")
    return Item(
        str(data["href"]), str(data.get("etag", "")), str(data.get("base", "")), str(data.get("sha", "")), _texts(data.get("std", {})),
        int(data.get("sequence", 0)), read_log(data.get("log")), pos if isinstance(pos, int) else None, pending,
        data.get("refresh") is True, data.get("blind") is True,
    )


def state_to_json(state: TeamState) -> str:
    """The text of team.json."""
    items = {}
    for key, item in sorted(state.items.items()):
        data: dict[str, Any] = {"href": item.href, "etag": item.etag, "base": item.base, "sha": item.sha}
        if item.std:
            data["std"] = item.std
        if item.sequence:
            data["sequence"] = item.sequence
        if item.log:
            data["log"] = [log_entry(a) for a in item.log]
        if item.pos is not None:
            data["pos"] = item.pos
        if item.pending:
            data["pending"] = {k: dataclasses.asdict(v) for k, v in sorted(item.pending.items())}
        if item.refresh:
            data["refresh"] = True
        if item.blind:
            data["blind"] = True
        items[key] = data
    doc = {
        "schema": 1, "url": state.url, "user": state.user, "password_env": state.password_env, "calendar": state.calendar,
        "name": state.name, "books": state.books, "tokens": state.tokens, "probes": state.probes, "files": state.files,
        "journal": state.journal, "items": items, "shared": state.shared, "unresolved": sorted(state.unresolved),
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
