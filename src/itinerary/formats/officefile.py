"""``office.toml`` ⇄ :class:`~itinerary.model.Office`: the file that makes a folder an office.

Canonical like every record (decoding and encoding again gives the same bytes); every error
names the file and the field.
"""

from __future__ import annotations

from typing import Any

from itinerary.formats.codec import dumps_contact, loads_contact
from itinerary.formats.toml import Fields, dumps, parse_toml, prune, unique
from itinerary.model import SCHEMA_VERSION, Office

OFFICE_FILE = "office.toml"
"""The file at the top of an office folder."""


def loads_office(text: str | bytes, source: str = OFFICE_FILE) -> Office:
    """The office described by ``text``."""
    f = Fields(parse_toml(text, source), source)
    contacts = tuple(loads_contact(c) for c in f.tables("contacts"))
    unique([c.id for c in contacts], source, "contacts")
    office = f.build(
        Office,
        id=f.text("id", None),
        name=f.text("name", None),
        name_ko=f.text("name_ko"),
        zone=f.text("zone", "Asia/Seoul"),
        buffer_minutes=f.take("buffer_minutes", int, 10),
        city_speed_kmh=float(f.take("city_speed_kmh", (int, float), 25.0)),
        contacts=contacts,
    )
    f.done("schema")
    return office


def dumps_office(office: Office) -> str:
    """``office`` as the text of ``office.toml``."""
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION, "id": office.id, "name": office.name}
    doc |= prune({"name_ko": office.name_ko})
    doc |= {"zone": office.zone, "buffer_minutes": office.buffer_minutes, "city_speed_kmh": office.city_speed_kmh}
    if office.contacts:
        doc["contacts"] = [dumps_contact(c) for c in office.contacts]
    return dumps(doc)
