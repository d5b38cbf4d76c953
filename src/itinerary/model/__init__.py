"""The domain of a visit: frozen values whose invariants are checked when they are made.

Nothing here reads files, the clock or the terminal. Submodules: :mod:`.checks` (ids and text),
:mod:`.times` (aware moments and zones), :mod:`.values` (visit, people, venues, legs, contacts,
outside commitments), :mod:`.papers` (source documents, handling lines), :mod:`.event`, :mod:`.programme` and
:mod:`.audience` (who sees what), :mod:`.office` (an office of many visits and the directory
they share).
"""

from itinerary.model.audience import AUDIENCES, FULL, PRIVATE_FIELDS, PUBLIC, Audience, shown, visible
from itinerary.model.checks import (
    ID_PATTERN,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    check_id,
    check_text,
    forbidden_character,
    is_id,
    one_of,
    slugify,
    without_forbidden,
)
from itinerary.model.event import (
    CONTENT_FIELDS,
    KINDS,
    PARTS_OF_DAY,
    PLANNING_FIELDS,
    PLANNING_LISTS,
    REFERENCES,
    RESTRICTABLE_FIELDS,
    SCHEMA_VERSION,
    STATUSES,
    VISIBILITIES,
    Attachment,
    Event,
    changed_fields,
    content,
    event_order,
    fact_sources,
)
from itinerary.model.office import Directory, Office, layered
from itinerary.model.papers import HANDLING_DEFAULTS, Document, Handling
from itinerary.model.programme import Programme
from itinerary.model.recipient import Mail, Recipient
from itinerary.model.times import (
    UTC,
    aware,
    elapsed,
    in_range,
    localize,
    maker,
    midnight,
    minutes,
    shift,
    utc,
    zone,
)
from itinerary.model.values import Busy, Contact, Person, TravelLeg, Venue, Visit

__all__ = [
    "AUDIENCES", "CONTENT_FIELDS", "HANDLING_DEFAULTS", "ID_PATTERN", "FULL", "KINDS", "MAX_NAME", "MAX_TEXT", "MAX_TITLE", "PRIVATE_FIELDS", "PUBLIC",
    "PARTS_OF_DAY", "PLANNING_FIELDS", "PLANNING_LISTS", "REFERENCES",
    "RESTRICTABLE_FIELDS", "SCHEMA_VERSION", "STATUSES", "UTC", "VISIBILITIES", "Attachment", "Audience", "Busy",
    "Contact", "Directory", "Document", "Event", "Handling", "Mail", "Person", "Recipient", "Programme", "TravelLeg", "Venue", "Visit", "aware", "changed_fields", "check_id",
    "check_text", "content", "elapsed", "event_order", "fact_sources", "forbidden_character", "in_range", "is_id", "localize", "midnight", "minutes", "Office", "layered", "one_of",
    "maker", "shift", "shown", "slugify", "utc", "visible", "without_forbidden", "zone",
]
