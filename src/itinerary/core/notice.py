"""Revision notices: who is owed which revision, what each may be told of it, and the send log's
steps. Pure, no I/O.

**The send log.** Every step of sending is a line of ``notices/log.jsonl``, appended and made
durable before the next step (:class:`Logged`):

1. ``edition`` — once per revision, before its first message: the SEQUENCE of each event of its
   calendars, so that every recipient, and every later run, sends the same numbers;
2. ``sending`` — before a message's transaction with the server starts: its Message-ID (one per
   revision and recipient, :func:`message_id`), its Date, the address and audience;
3. ``committing`` — when the whole message has gone out but for the final ``.`` that makes the
   server take it (a server takes no message whose connection ends before that ``.``);
4. ``accepted`` — when the server said it took it; ``refused`` — when it said no;
5. ``nothing`` — instead of 2–4, when nothing the recipient may see changed: no message.

**What a rerun concludes** (:func:`standing`): a ``sending`` without ``committing`` was never
delivered — send it; ``accepted`` and ``nothing`` are done — never again; a ``committing``
without an answer is *uncertain*: the run died, or the connection dropped, between the last
``.`` and the server's answer, and the server may have the message. It is sent again as the
very same message (same Message-ID and Date), so a mail system that keeps one message per
Message-ID keeps one; that second copy is the only way a recipient can get a revision twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from itinerary.core.revisions import Difference, diff
from itinerary.model import Audience, Event, Programme, midnight, shown, visible, zone

KINDS = ("edition", "sending", "committing", "accepted", "refused", "nothing")
"""The steps a line of the send log records."""
RANK = {"cancelled": 0, "removed": 1, "confirmed-time": 2, "moved": 3, "added": 4, "re-venued": 5, "status": 6, "re-staffed": 7,
        "retitled": 8}
"""Which change a subject names when several happened: the first of this order, then the
programme's order."""
HIDDEN = ("notes", "notes_ko", "agenda", "agenda_ko", "attachments", "contacts", "sources")
"""The fields of an event the public never sees (:data:`itinerary.model.PRIVATE_FIELDS`, with
their Korean versions)."""


@dataclass(frozen=True)
class Logged:
    """One line of the send log."""

    kind: str
    """One of :data:`KINDS`."""
    rev: int
    """The revision."""
    at: dt.datetime
    """When (UTC)."""
    to: str = ""
    """The recipient's id ('' for an edition)."""
    email: str = ""
    """The address the message went to."""
    audience: str = ""
    """The audience it was made for ('full', 'public', 'person:ID')."""
    since: int | None = None
    """The revision its changes were counted from (None: the whole programme, a first notice)."""
    message_id: str = ""
    """Its Message-ID."""
    date: dt.datetime | None = None
    """Its Date header (kept, so that a message sent again is the same message)."""
    reply: str = ""
    """What the server answered (accepted, refused)."""
    sequences: tuple[tuple[str, int], ...] = ()
    """For an edition: the SEQUENCE of each event in the revision's calendars."""
    by: str = ""
    """The officer who sent it."""


# --- where each recipient stands ----------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where one recipient stands with one revision."""

    state: str
    """'new' (never tried), 'unsent' (tried, never delivered), 'uncertain' (the server may have
    it), 'refused', 'sent' or 'current' (nothing to tell)."""
    first: Logged | None = None
    """The first ``sending`` line: the Message-ID and Date every attempt repeats."""
    reply: str = ""
    """The server's last answer."""

    @property
    def done(self) -> bool:
        """True when the recipient has this revision (or had nothing to be told of it)."""
        return self.state in ("sent", "current")


def standing(entries: Iterable[Logged], rev: int, recipient: str) -> Standing:
    """Where ``recipient`` stands with revision ``rev``, from the send log."""
    first: Logged | None = None
    attempts: list[str] = []
    """Each attempt's last step: 'sending', 'committing' (unanswered) or 'refused'."""
    reply = ""
    for entry in entries:
        if entry.rev != rev or entry.to != recipient:
            continue
        if entry.kind == "sending":
            first = first or entry
            attempts.append("sending")
        elif entry.kind == "accepted":
            return Standing("sent", first, entry.reply)
        elif entry.kind == "nothing":
            return Standing("current", first)
        elif entry.kind in ("committing", "refused") and attempts:
            attempts[-1] = entry.kind
            reply = entry.reply or reply
    if "committing" in attempts:  # an attempt whose final '.' left, and no answer came
        return Standing("uncertain", first, reply)
    if not attempts:
        return Standing("new")
    return Standing("refused" if attempts[-1] == "refused" else "unsent", first, reply)


def received(entries: Iterable[Logged], recipient: str, audience: str) -> int | None:
    """The latest revision ``recipient`` received a message of, as ``audience`` (a message made
    for another audience does not count: the changes are told from what they saw)."""
    found = [e.rev for e in entries if e.kind == "accepted" and e.to == recipient and e.audience == audience]
    return max(found, default=None)


def up_to(entries: Iterable[Logged], recipient: str) -> int | None:
    """The latest revision ``recipient`` has (received, or had nothing to be told of)."""
    return max((e.rev for e in entries if e.kind in ("accepted", "nothing") and e.to == recipient), default=None)


def edition(entries: Iterable[Logged], rev: int) -> dict[str, int] | None:
    """The SEQUENCE of each event in revision ``rev``'s calendars, once fixed."""
    for entry in entries:
        if entry.kind == "edition" and entry.rev == rev:
            return dict(entry.sequences)
    return None


def message_id(visit: str, rev: int, published: dt.datetime, recipient: str, email: str) -> str:
    """The Message-ID of revision ``rev``'s notice to a recipient: the same every time it is
    made, unique to the visit, the revision (and when it was published) and the address."""
    token = hashlib.sha256(f"{visit}\0{rev}\0{published.isoformat()}\0{recipient}\0{email}".encode()).hexdigest()[:16]
    return f"<rev{rev}.{recipient}.{token}@{visit}.itinerary>"


# --- what an audience may be told ---------------------------------------------------------------


def _seen(event: Event, audience: Audience, bounds: tuple[dt.datetime, dt.datetime]) -> Event:
    """``event`` with only what ``audience`` may see of it; for the public, a time still to be
    confirmed as the day it falls on (or the visit's days), never its planning window."""
    cleared: dict[str, object] = {"duration": None, "after": (), "before": (), "same_day": (), "min_gap": None, "prefer": ""}
    if audience.public:
        cleared |= {name: "" if isinstance(getattr(event, name), str) else () for name in HIDDEN}
        for name, empty in (("venue", None), ("participants", ())):
            if not shown(event, audience, name):
                cleared[name] = empty
        cleared["restricted_fields"] = ()
        if event.time_tbc:
            tz = zone(event.zone)
            first, last = event.start.date(), (event.end - dt.timedelta(microseconds=1)).date()
            if first == last:
                cleared |= {"start": midnight(first, tz), "end": midnight(first + dt.timedelta(days=1), tz)}
            else:
                cleared |= {"start": bounds[0], "end": min(bounds[1], bounds[0] + dt.timedelta(days=31))}
    return dataclasses.replace(event, **cleared)  # type: ignore[arg-type]


def view(programme: Programme, audience: Audience) -> Programme:
    """The programme as ``audience`` sees it: only the events it may see (cancelled ones too,
    so that their cancellation can be told), each with only the fields it may see. Everything a
    notice says and attaches is made from this view."""
    bounds = programme.visit.bounds()
    return programme.with_events(_seen(e, audience, bounds) for e in programme.events if visible(e, audience, cancelled=True))


def changes(old: Programme, new: Programme, audience: Audience) -> list[Difference]:
    """What changed from ``old`` to ``new`` as ``audience`` sees the two: an event it can no
    longer see is 'removed' for it, one it now sees 'added'; nothing is said of an event it
    never saw, nor of a field it may not see."""
    return diff(view(old, audience), view(new, audience))


def headline(differences: Sequence[Difference], old: Programme, new: Programme) -> tuple[str, Difference] | None:
    """The change a subject names, and its kind ('confirmed-time' for a time that was to be
    confirmed and now is): the first by :data:`RANK`, then by the programme's order."""
    ranked = []
    for n, d in enumerate(differences):
        kind = d.kind
        if kind == "moved":
            before, after = old.event(d.event), new.event(d.event)
            if before is not None and after is not None and before.time_tbc and not after.time_tbc:
                kind = "confirmed-time"
        ranked.append((RANK.get(kind, len(RANK)), n, kind, d))
    if not ranked:
        return None
    _, _, kind, chosen = min(ranked, key=lambda r: (r[0], r[1]))
    return kind, chosen


# --- who has which revision ---------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Where one recipient stands with the revisions."""

    recipient: str
    has: int | None
    """The latest revision they have (received, or had nothing to be told of)."""
    latest: Standing
    """Where they stand with the latest published revision."""
    when: dt.datetime | None
    """When the server accepted the last message to them."""


def statuses(entries: Sequence[Logged], recipients: Iterable[str], latest: int) -> list[Status]:
    """Who has which revision, and where each stands with revision ``latest``."""
    out = []
    for rid in recipients:
        accepted = [e.at for e in entries if e.kind == "accepted" and e.to == rid]
        out.append(Status(rid, up_to(entries, rid), standing(entries, latest, rid), max(accepted, default=None)))
    return out
