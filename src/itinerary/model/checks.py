"""The rules every id and every text of a record obeys. Pure, no I/O.

Ids name files, so an id can never name a path outside the data folder. Texts refuse control
characters (C0 and C1), line and paragraph separators, bidirectional overrides and other
invisible format characters: they can reorder what a reader sees, break a terminal, or end a
line where a reader of the journal does not expect one.
"""

from __future__ import annotations

import re
import unicodedata

from itinerary.errors import InvalidData
from itinerary.i18n import _

MAX_TEXT = 20_000
"""Longest text field accepted, in characters (an attachment may hold a full speech)."""
MAX_TITLE = 300
"""Longest title accepted, in characters."""
MAX_NAME = 80
"""Longest officer name (``--by``) accepted."""
MAX_IMPORT_EVENTS = 5000
"""Most events one import, pull or sync may bring at once, unless asked for more (``--max-events``)."""

ID_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?"
_SLUG = re.compile(rf"^{ID_PATTERN}$")
_ALLOWED_FORMAT = {"\u200c", "\u200d"}
"""Zero-width non-joiner and joiner: format characters that scripts and emoji need."""


def check_id(value: str, *, field_name: str = "id") -> str:
    """``value`` if it is a valid id: lower-case letters, digits and inner hyphens, 1–80 long."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise InvalidData(
            _("{value!r:.90} is not a valid id (lower-case letters, digits and hyphens, 1-80 characters)", value=value),
            field=field_name,
        )
    return value


def is_id(value: object) -> bool:
    """True when ``value`` is a valid id."""
    return isinstance(value, str) and bool(_SLUG.match(value))


_FORBIDDEN = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2\\u180e\\u200b\\u200e-\\u200f"
    "\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ud800-\\udfff\\ufeff\\ufff9-\\ufffb\\U000110bd\\U000110cd"
    "\\U00013430-\\U0001343f\\U0001bca0-\\U0001bca3\\U0001d173-\\U0001d17a\\U000e0001\\U000e0020-\\U000e007f]"
)
"""Every control (Cc), format (Cf), surrogate (Cs), line (Zl) and paragraph (Zp) separator
character, except the zero-width joiner and non-joiner (a test holds it to :mod:`unicodedata`)."""
_FORBIDDEN_IN_TEXT = re.compile(_FORBIDDEN.pattern.replace("\\x00-\\x1f", "\\x00-\\x08\\x0b-\\x1f"))
"""The same, but a tab and a line break are allowed in a text of several lines."""


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character ``value`` may not hold (see :data:`_FORBIDDEN`), or None."""
    found = (_FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN).search(value)
    return None if found is None else found.group()


def without_forbidden(value: str, *, multiline: bool = False) -> str:
    """``value`` with every forbidden character removed (for text taken from another program)."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (_FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN).sub("", value)


def printable(value: str, *, multiline: bool = False) -> str:
    """``value`` safe to show on a terminal: each character text may not hold (an escape code,
    a bidirectional override…) written as its escape, ``\\x1b`` or ``\\u202e``. For text read
    from a file an officer may have edited, or from the system (a login name)."""
    return (_FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN).sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def check_text(value: str, *, field_name: str, multiline: bool = False, limit: int = MAX_TEXT) -> str:
    """``value`` if it is acceptable text: no control or format characters, not over ``limit``."""
    if not isinstance(value, str):
        raise InvalidData(_("expected text, got {kind}", kind=type(value).__name__), field=field_name)
    if len(value) > limit:
        raise InvalidData(_("text of {n} characters is over the limit of {limit}", n=len(value), limit=limit), field=field_name)
    bad = forbidden_character(value, multiline=multiline)
    if bad is not None:
        name = unicodedata.name(bad, "").lower() or _("control character")
        raise InvalidData(_("character U+{code:04X} ({name}) is not allowed", code=ord(bad), name=name), field=field_name)
    return value


def slugify(text: str) -> str:
    """An id derived from a title: ASCII letters and digits joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = "-".join(words)[:80].strip("-")
    return slug or "event"


WORDS = {
    "lunch": "meal", "dinner": "meal", "breakfast": "meal", "banquet": "meal", "reception": "ceremony",
    "visit": "site-visit", "tour": "site-visit", "call": "meeting", "talks": "meeting", "briefing": "press",
    "interview": "press", "drive": "transfer", "flight": "transfer", "car": "transfer",
    "ok": "confirmed", "done": "confirmed", "maybe": "tentative", "tbc": "tentative", "off": "cancelled", "canceled": "cancelled",
    "private": "restricted", "internal": "restricted", "open": "public",
}
"""Words officers type for the values of closed sets, and the value they mean."""


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 event', '3 events': a count with its noun ('1 person', '2 people' given the plural), in
    English only (a message counts with ``ngettext``)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def closest(value: str, allowed: tuple[str, ...]) -> str | None:
    """The value of ``allowed`` meant by ``value``: a known word for it, or the closest spelling."""
    import difflib

    meant = WORDS.get(str(value).strip().casefold())
    if meant in allowed:
        return meant
    for candidate in allowed:
        if candidate.casefold() == str(value).strip().casefold():
            return candidate
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5)
    return close[0] if close else None


def one_of(value: str, allowed: tuple[str, ...], field_name: str) -> None:
    """Refuse ``value`` unless it is one of ``allowed``, naming the one probably meant."""
    if value not in allowed:
        close = closest(value, allowed)
        if close:
            raise InvalidData(_("{value!r:.60} is not one of {allowed}; did you mean {close!r}?", value=value, allowed=", ".join(allowed),
                                close=close), field=field_name)
        raise InvalidData(_("{value!r:.60} is not one of {allowed}", value=value, allowed=", ".join(allowed)), field=field_name)
