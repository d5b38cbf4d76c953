"""The server's copies read as records: what each changed resource now says, in the terms of the
record it carries (see :mod:`itinerary.formats.teamics` and :mod:`itinerary.formats.vcard`).

A copy a replica wrote carries the whole record; what a calendar app or a phone changed since
in its standard properties is laid over it, field by field (:mod:`itinerary.core.foreign`).
A copy that lost its X-ITINERARY-TEAM (an app that drops unknown properties) is read against
the record as it last agreed with the server. An event another app made is a new record of
its own, its people and venue matched by name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from itinerary.changes.teamrecords import DIRECTORY_KINDS, Record, key_of_card, kind_of, record_of, text_of
from itinerary.core.authored import Authored
from itinerary.core.foreign import overlay
from itinerary.errors import InvalidData
from itinerary.formats import icsread, teamics, vcard
from itinerary.formats.teamstate import TeamState
from itinerary.i18n import _
from itinerary.model import Contact, Event, Person, Programme, Venue


@dataclass(frozen=True)
class Remote:
    """A resource that changed on the server since the last sync."""

    href: str
    """Its path."""
    etag: str
    """Its ETag now ('' when deleted)."""
    body: bytes | None
    """What it holds now, or None when it was deleted there."""


@dataclass(frozen=True)
class Theirs:
    """What the server's copy of one record says now."""

    key: str
    """The record's key (see :mod:`.teamrecords`)."""
    href: str
    """The resource's path."""
    etag: str
    """Its ETag."""
    record: Record | None = None
    """The record as the copy gives it, what other programs changed laid over it (None: deleted there)."""
    text: str = ""
    """The record's canonical text as the copy carries it: the next merge base."""
    std: Mapping[str, str] | None = None
    """Digests of the copy's standard properties (None: not a copy that has them)."""
    sequence: int = 0
    """The copy's SEQUENCE."""
    log: tuple[Authored, ...] = ()
    """Who changed it, as the copy says."""
    pos: int | None = None
    """A directory record's place in its list."""
    notes: tuple[str, ...] = ()
    """What the officer should know about how it was read."""
    foreign: Any = None
    """An event another app made (an :class:`~itinerary.core.calview.Incoming`), to be made a record here."""
    refresh: bool = False
    """True when the copy lost the record it carried (an app dropped X-ITINERARY-TEAM): ours goes back whole."""
    blind: bool = False
    """True when the copy lost its record after versions this folder never saw (see :class:`Item`)."""
    refused: str = ""
    """Why the copy cannot be taken ('' when it can): a text over what a record holds is never cut.
    The record stays as it is here, its copy there as it is, and neither is sent over the other."""


def not_taken(err: InvalidData) -> str:
    """Why a copy is not taken: it says what a record cannot hold (a text over its bound), named."""
    if err.field:
        return _("their {field} cannot be taken: {reason}", field=err.field, reason=err.reason)
    return _("their copy cannot be taken: {reason}", reason=err.reason)


def read(programme: Programme, state: TeamState, remote: Remote, *, limit: int) -> Theirs | str:
    """The record ``remote`` holds, or why it is left alone. A calendar copy that would make more
    than ``limit`` events (a series repeating every second) is refused: InvalidData naming the
    event and the bound, as an import of as many."""
    known = state.by_href().get(remote.href)
    if remote.body is None:
        return Theirs(known, remote.href, "") if known else _("deleted there; not a record of this folder")
    if state.calendar and remote.href.startswith(state.calendar):
        return _calendar(programme, state, remote, known, limit)
    card = vcard.read_card(remote.body)
    if card is None:
        return _("not a vCard that can be read")
    key = key_of_card(card) or (known if known and card.team is None and state.items[known].base else None)
    if key is None:
        return _("a card itinerary did not write (left on the server)")
    team = card.team
    base = state.items[key].base if key in state.items else ""
    text = team.record if team is not None else base
    try:
        record = record_of(key, text, remote.href)
        if kind_of(key) in DIRECTORY_KINDS and card.changed():
            data = {k: v for k, v in json.loads(text).items() if k != "busy"}
            data = vcard.from_card(kind_of(key), card, data)
            factory = {"person": Person, "venue": Venue, "contact": Contact}[kind_of(key)]
            record = factory(**data)
    except (InvalidData, TypeError, ValueError) as err:
        return _("its record cannot be read ({error})", error=err)
    return Theirs(key, remote.href, remote.etag, record, text, card.std(), log=team.log if team else (),
                  pos=team.pos if team else None)


def _calendar(programme: Programme, state: TeamState, remote: Remote, known: str | None, limit: int) -> Theirs | str:
    body = remote.body or b""
    try:
        reading = teamics.read_copy(body, programme.visit, limit=limit)
    except icsread.TooManyEvents as err:
        raise InvalidData(_("{error}; nothing was changed", error=err), source=state.url.rstrip("/") + remote.href) from None
    except icsread.CalendarError as err:
        return _("cannot be read: {error}", error=err.located())
    items = reading.items
    if reading.series or reading.costly:
        return _("a recurring event made in another app: left on the server")
    if not items:
        team = teamics.read_visit(body)
        if team is None:
            return _("holds no event")
        try:
            record = record_of("visit", team.record, remote.href)
        except InvalidData as err:
            return _("the visit's settings cannot be read ({error})", error=err)
        return Theirs("visit", remote.href, remote.etag, record, team.record, log=team.log, pos=None, std=None)
    if len(items) > 1:
        return _("{n} events in one resource, made in another app: left on the server", n=len(items))
    [item] = items
    key = f"event:{item.uid}"
    team = teamics.decode(item.team) if item.team else None
    refresh = blind = False
    if team is not None and team.kind == "event":
        text, carried, log = team.record, dict(team.std), team.log
    elif key in state.items and state.items[key].base:
        seen = state.items[key]
        text, carried, log = seen.base, dict(seen.std), seen.log
        # our base is the version the app stripped when no replica wrote since we saw it (its SEQUENCE
        # in the same hundred); else versions came between that only the colleagues who saw them know
        refresh = not seen.blind and seen.sequence <= item.sequence and item.sequence // teamics.SEQUENCE_STEP == seen.sequence // teamics.SEQUENCE_STEP
        blind = not refresh
    else:
        mine = next((e for e in programme.events if programme.uid(e) == item.uid), None)
        if mine is None:
            return Theirs(key, remote.href, remote.etag, None, "", teamics.std_of(item), item.sequence, foreign=item)
        text, carried, log = "", {}, ()  # a copy of ours, published before copies carried the record
    try:
        recorded: Event = record_of(key, text, remote.href) if text else next(
            e for e in programme.events if programme.uid(e) == item.uid)
    except InvalidData as err:
        return _("its record cannot be read ({error})", error=err)
    changed = teamics.changed_std(item, carried) if carried else ()
    try:
        effective, notes = overlay(programme, recorded, item, changed)
    except InvalidData as err:  # e.g. a text longer than a record holds: never cut, so not taken at all
        return Theirs(key, remote.href, remote.etag, recorded, refused=not_taken(err))
    std = teamics.std_of(item)
    if changed:  # another app's change: the merge base is the record with it; ours goes back where our copy says more
        text = text_of(key, effective)
        ours = teamics.event_resource(programme, effective, teamics.Team("event", text), sequence=item.sequence)[1]
        refresh = (refresh or ours != std) and not blind
    return Theirs(key, remote.href, remote.etag, effective, text, std, item.sequence, log, notes=notes, refresh=refresh, blind=blind)
