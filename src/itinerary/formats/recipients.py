"""The distribution list's file, ``notices/recipients.toml``: text ⇄ recipients. Pure.

Canonical like every record (reading and writing again gives the same bytes); every error names
the file and the field::

    schema = 1

    [[recipients]]
    id = "minister-aide"
    name = "Park Min-ji"
    name_ko = "박민지 비서관"
    email = "aide@moel.example"
    audience = "person:kim-younghoon"
    lang = "ko"
"""

from __future__ import annotations

from typing import Any

from itinerary.formats.toml import Fields, dumps, parse_toml, prune
from itinerary.model import SCHEMA_VERSION, Recipient
from itinerary.model.recipient import audience_text, check_recipients, parse_audience

RECIPIENTS_FILE = "notices/recipients.toml"
"""The distribution list, in the data folder."""


def loads_recipients(text: str | bytes, source: str = RECIPIENTS_FILE) -> tuple[Recipient, ...]:
    """The recipients listed in ``text``."""
    f = Fields(parse_toml(text, source), source)
    found = []
    for r in f.tables("recipients"):
        audience = r.text("audience", "full")
        recipient = r.build(
            Recipient, id=r.text("id", None), name=r.text("name", None), name_ko=r.text("name_ko"), email=r.text("email", None),
            audience=r.build(parse_audience, text=audience), lang=r.text("lang", "both"),
        )
        r.done()
        found.append(recipient)
    f.done("schema")
    return f.build(check_recipients, recipients=tuple(found))


def dumps_recipients(recipients: tuple[Recipient, ...]) -> str:
    """``recipients`` as the text of the file."""
    doc: dict[str, Any] = {"schema": SCHEMA_VERSION}
    if recipients:
        doc["recipients"] = [
            prune({"id": r.id, "name": r.name, "name_ko": r.name_ko, "email": r.email, "audience": audience_text(r.audience), "lang": r.lang})
            for r in recipients
        ]
    return dumps(doc)
