"""Which visit wrote a file: the mark every calendar and book carries, read back. Pure.

A calendar carries its visit's id in ``X-ITINERARY-VISIT`` (in the calendar's header, before any
event, beside ``X-WR-CALNAME``, which names the visit); a book carries it in a ``<meta>`` of its
head (its cover names the visit); a revision notice written to look at (``notify --dry-run``) in
its ``X-Itinerary-Visit`` header. Reading the first :data:`HEAD_BYTES` of a file is enough. A
calendar written before it carried the mark is known by its UIDs (``…@<visit id>.itinerary``).
"""

from __future__ import annotations

import re

VISIT_PROPERTY = "X-ITINERARY-VISIT"
"""The calendar property that names the visit a calendar is from (its id)."""
VISIT_HEADER = "X-Itinerary-Visit"
"""The header of a revision notice that names the visit it is from (its id)."""
BOOK_META = "itinerary-visit"
"""The ``<meta name=…>`` of a book's head that names its visit (its id)."""
HEAD_BYTES = 64 * 1024
"""How much of a file's beginning holds its mark."""

_ICS = re.compile(rb"^X-ITINERARY-VISIT(?:;[^:\r\n]*)?:([a-z0-9-]{1,100})\r?$", re.M | re.I)
_UID = re.compile(rb"^UID(?:;[^:\r\n]*)?:[^\r\n@]*@([a-z0-9-]{1,100})\.itinerary\r?$", re.M | re.I)
"""A UID our exports give (``<event id>@<visit id>.itinerary``): the visit of a calendar written
before calendars carried their mark."""
_MESSAGE = re.compile(rb"[!-9;-~]+:")
"""The start of a message (``.eml``): a header field's name and its colon."""
_EML = re.compile(rb"^X-ITINERARY-VISIT:[ \t]*([a-z0-9-]{1,100})[ \t]*\r?$", re.M | re.I)
_HTML = re.compile(rb'<meta\s+name="itinerary-visit"\s+content="([a-z0-9-]{1,100})"\s*/?>', re.I)


def written_by(head: bytes) -> str | None:
    """The id of the visit whose mark the beginning of a file carries, or None (a file of an
    earlier version, or of another program)."""
    head = head[:HEAD_BYTES]
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"BEGIN:VCALENDAR"):
        unfolded = head.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
        found = _ICS.search(unfolded.split(b"BEGIN:VEVENT", 1)[0]) or _UID.search(unfolded)
    elif _MESSAGE.match(head):  # a message: the mark is one of its headers, before the first empty line
        found = _EML.search(re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0])
    else:
        found = _HTML.search(head.split(b"</head>", 1)[0])
    return found.group(1).decode("ascii").lower() if found else None
