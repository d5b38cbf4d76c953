"""Who may see what: the one rule every output follows (calendars, books, revisions, views).

An audience is the full office, the public, or one person. The public never sees a restricted
event, nor the private fields of any event (notes, agenda, attachments, contacts), nor a field an
event withholds (``restricted_fields``). A person sees their own events. Nobody sees a cancelled
event, except where an output must say it was cancelled (``cancelled=True``).
"""

from __future__ import annotations

from dataclasses import dataclass

from itinerary.model.event import Event

AUDIENCES = ("full", "public", "person")
PRIVATE_FIELDS = ("notes", "agenda", "attachments", "contacts", "sources")
"""Fields the public never sees; ``restricted_fields`` can withhold more per event."""


@dataclass(frozen=True)
class Audience:
    """Who an output is for."""

    kind: str = "full"
    """'full' (the office: everything), 'public', or 'person'."""
    person: str | None = None
    """The person whose programme it is (kind 'person')."""

    @property
    def public(self) -> bool:
        """True for the public."""
        return self.kind == "public"

    @property
    def name(self) -> str:
        """For file names: full, public, or the person's id."""
        return self.person if self.kind == "person" and self.person else self.kind


FULL = Audience()
PUBLIC = Audience("public")


def visible(event: Event, audience: Audience, *, cancelled: bool = False) -> bool:
    """Whether ``audience`` sees ``event`` at all (a cancelled one only with ``cancelled``)."""
    if event.cancelled and not cancelled:
        return False
    if audience.public and event.visibility != "public":
        return False
    return audience.kind != "person" or event.involves(audience.person or "")


def shown(event: Event, audience: Audience, field_name: str) -> bool:
    """Whether ``audience`` sees the field ``field_name`` of an event it sees."""
    if not audience.public:
        return True
    return field_name not in PRIVATE_FIELDS and event.visibility == "public" and field_name not in event.restricted_fields
