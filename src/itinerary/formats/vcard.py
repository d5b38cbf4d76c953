"""The directory as vCards (RFC 6350, version 4.0) in an address book. Pure: records ⇄ bytes.

People and contacts are ``KIND:individual`` cards, venues ``KIND:location`` cards with their
address (ADR) and coordinates (GEO), so a phone that syncs the address book carries the
division's contacts and places. Korean names are a second FN (or TITLE) with ``LANGUAGE=ko``.
The travel legs (and an office's settings) are on one ``KIND:group`` card of the directory.
Every card carries X-ITINERARY-TEAM as events do (see :mod:`.teamics`): the record itself, and
a digest of each standard property, so that a phone's change of a name, a number or an address
maps to exactly the field it stands for. Imports vobject, the vCard library.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import vobject  # type: ignore[import-untyped]

from itinerary.formats.teamics import Team, decode, encode
from itinerary.model import Contact, Person, Venue

MAX_CARD_BYTES = 6 * 1024 * 1024
"""Largest card read."""
FIELDS = {
    "person": {"name": "name", "name_ko": "name_ko", "title": "title", "organisation": "org", "short_name": "nickname",
               "email": "email", "zone": "tz"},
    "contact": {"name": "name", "name_ko": "name_ko", "role": "title", "role_ko": "title_ko", "phone": "tel", "email": "email"},
    "venue": {"name": "name", "name_ko": "name_ko", "address": "street", "city": "city", "latitude": "geo", "longitude": "geo",
              "notes": "note"},
}
"""For each kind of card, each record field and the standard property that shows it."""


@dataclass(frozen=True)
class Card:
    """A card as read back."""

    uid: str
    """Its UID."""
    kind: str
    """KIND, lower case ('individual', 'location', 'group'; '' when absent)."""
    team: Team | None
    """What X-ITINERARY-TEAM carries, when present."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """The standard properties, by the names of :data:`FIELDS` ('name', 'tel', 'street', 'geo'…)."""

    def std(self) -> dict[str, str]:
        """A digest of each standard property."""
        return {name: _digest(value) for name, value in sorted(self.values.items())}

    def changed(self) -> tuple[str, ...]:
        """The standard properties another program changed since the record was written."""
        if self.team is None:
            return ()
        carried = self.team.std
        now = self.std()
        return tuple(sorted(name for name in carried.keys() | now.keys() if carried.get(name) != now.get(name)))


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _card(uid: str, kind: str, name: str) -> Any:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = uid
    card.add("kind").value = kind
    card.add("fn").value = name
    return card


def _korean(card: Any, name: str, value: str) -> None:
    if value:
        prop = card.add(name)
        prop.value = value
        prop.params["LANGUAGE"] = ["ko"]


def _add(card: Any, name: str, value: str) -> None:
    if value:
        card.add(name).value = value


def _finish(card: Any, team: Team) -> bytes:
    """The card's text, with X-ITINERARY-TEAM carrying the digests of what it says."""
    text = card.serialize()
    plain = read_card(text.encode("utf-8"))
    std = plain.std() if plain is not None else {}
    card.add("x-itinerary-team").value = encode(Team(team.kind, team.record, std, team.log, team.pos, team.books))
    return str(card.serialize()).encode("utf-8")


def person_card(person: Person, uid: str, team: Team) -> bytes:
    """A person's card."""
    card = _card(uid, "individual", person.name)
    _korean(card, "fn", person.name_ko)
    _add(card, "nickname", person.short_name)
    _add(card, "title", person.title)
    if person.organisation:
        card.add("org").value = [person.organisation]
    _add(card, "email", person.email)
    _add(card, "tz", person.zone)
    return _finish(card, team)


def contact_card(contact: Contact, uid: str, team: Team) -> bytes:
    """A contact's card: name, role, telephone and e-mail."""
    card = _card(uid, "individual", contact.name)
    _korean(card, "fn", contact.name_ko)
    _add(card, "title", contact.role)
    _korean(card, "title", contact.role_ko)
    if contact.phone:
        tel = card.add("tel")
        tel.value = contact.phone
        tel.params["TYPE"] = ["work"]
    _add(card, "email", contact.email)
    return _finish(card, team)


def venue_card(venue: Venue, uid: str, team: Team) -> bytes:
    """A venue's card: KIND:location, with its address and coordinates."""
    card = _card(uid, "location", venue.name)
    _korean(card, "fn", venue.name_ko)
    if venue.address or venue.city:
        card.add("adr").value = vobject.vcard.Address(street=venue.address, city=venue.city)
    if venue.latitude is not None and venue.longitude is not None:
        card.add("geo").value = f"geo:{venue.latitude:.6f},{venue.longitude:.6f}"
    _add(card, "note", venue.notes)
    return _finish(card, team)


def office_card(name: str, name_ko: str, uid: str, team: Team) -> bytes:
    """An office's own card (KIND:org): its name, and its settings for the team."""
    card = _card(uid, "org", name)
    _korean(card, "fn", name_ko)
    return _finish(card, team)


def directory_card(name: str, uid: str, team: Team) -> bytes:
    """The directory's own card (KIND:group): its travel legs (and an office's settings)."""
    return _finish(_card(uid, "group", name), team)


def read_card(body: bytes) -> Card | None:
    """A card as read back, or None when the body is not one vCard."""
    if len(body) > MAX_CARD_BYTES:
        return None
    try:
        card = vobject.readOne(body.decode("utf-8"))
        if card.name != "VCARD":
            return None
        contents = card.contents
        values: dict[str, Any] = {}
        for prop in contents.get("fn", []):
            key = "name_ko" if _lang(prop) == "ko" else "name"
            values.setdefault(key, str(prop.value))
        for prop in contents.get("title", []):
            key = "title_ko" if _lang(prop) == "ko" else "title"
            values.setdefault(key, str(prop.value))
        for name, key in (("nickname", "nickname"), ("email", "email"), ("tel", "tel"), ("tz", "tz"), ("note", "note"), ("geo", "geo")):
            if name in contents:
                values[key] = str(contents[name][0].value)
        if "org" in contents:
            org = contents["org"][0].value
            values["org"] = ";".join(org) if isinstance(org, list) else str(org)
        if "adr" in contents:
            adr = contents["adr"][0].value
            values["street"] = _joined(getattr(adr, "street", ""))
            values["city"] = _joined(getattr(adr, "city", ""))
        uid = str(contents["uid"][0].value) if "uid" in contents else ""
        kind = str(contents["kind"][0].value).lower() if "kind" in contents else ""
        carried = contents.get("x-itinerary-team")
        team = decode(str(carried[0].value).strip()) if carried else None
    except Exception:  # noqa: BLE001 - vobject meeting a malformed card may raise anything
        return None
    return Card(uid, kind, team, values)


def _lang(prop: Any) -> str:
    return str(prop.params.get("LANGUAGE", [""])[0]).lower()


def _joined(value: object) -> str:
    return " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")


def from_card(kind: str, card: Card, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` of a record (a person's, a contact's or a venue's) with what a program other
    than itinerary changed on its card taken in, field by field."""
    changed = set(card.changed())
    out = dict(fields)
    for name, prop in FIELDS[kind].items():
        if prop not in changed:
            continue
        value = card.values.get(prop, "")
        if prop == "geo":
            out.update(_coordinates(str(value)))
        elif value:
            out[name] = value
        elif name not in ("name",):
            out.pop(name, None)
    return out


def _coordinates(text: str) -> dict[str, Any]:
    """Latitude and longitude from a GEO value ('geo:37.56,126.97' or '37.56;126.97')."""
    body = text.removeprefix("geo:").replace(";", ",")
    try:
        lat, lon = (float(part) for part in body.split(",")[:2])
    except ValueError:
        return {}
    return {"latitude": lat, "longitude": lon}
