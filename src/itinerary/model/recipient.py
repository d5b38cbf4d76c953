"""Who is told of each revision, and how the office sends mail. Frozen, checked when made. Pure.

A :class:`Recipient` is one entry of the visit's distribution list (``notices/recipients.toml``
in the data folder): a name, an e-mail address, the audience whose programme they may see
(the office's ``full`` programme, the ``public`` one, or one person's) and the language they
read. :class:`Mail` is how the office reaches its mail server (``[mail]`` of ``visit.toml``):
an address, a user and the *name* of the environment variable that holds the password — never
the password itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.model.audience import FULL, Audience
from itinerary.model.checks import MAX_TITLE, check_id, check_text, closest

LANGS = ("ko", "en", "both")
"""The languages a recipient reads: Korean, English, or both (Korean first)."""
MAX_ADDRESS = 254
"""Longest e-mail address accepted (RFC 5321's limit on a path)."""
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}\Z")
_SCHEMES = ("smtp", "smtps")


def check_address(value: str, *, field_name: str = "email") -> str:
    """``value`` if it is one plain e-mail address (``name@example.org``): no display name, no
    comment, no second address, nothing a header could be made of."""
    check_text(value, field_name=field_name, limit=MAX_ADDRESS)
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    if not value.isascii():
        raise InvalidData(_("{value!r:.80}: write the address in ASCII letters (a domain in its xn-- form)", value=value), field=field_name)
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in value) or any(c in value for c in '<>,;"()[]\\'):
        raise InvalidData(_("{value!r:.80} is not an e-mail address (name@example.org)", value=value), field=field_name)
    try:
        parsed = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError, TypeError):
        raise InvalidData(_("{value!r:.80} is not an e-mail address (name@example.org)", value=value), field=field_name) from None
    if parsed.addr_spec != value or "." not in domain.strip("."):
        raise InvalidData(_("{value!r:.80} is not an e-mail address (name@example.org)", value=value), field=field_name)
    return value


def parse_audience(text: str, *, field_name: str = "audience") -> Audience:
    """'full', 'public' or 'person:ID' as an audience (whether the person exists is the
    programme's to say)."""
    if text in ("full", "public"):
        return Audience(text)
    if text.startswith("person:"):
        return Audience("person", check_id(text.split(":", 1)[1], field_name=field_name))
    hint = closest(text, ("full", "public"))
    if hint:
        raise InvalidData(_("{value!r:.60} is not an audience: full, public or person:ID; did you mean {hint!r}?", value=text, hint=hint),
                          field=field_name)
    raise InvalidData(_("{value!r:.60} is not an audience: full, public or person:ID", value=text), field=field_name)


def audience_text(audience: Audience) -> str:
    """How an audience is written: 'full', 'public' or 'person:ID'."""
    return f"person:{audience.person}" if audience.kind == "person" else audience.kind


@dataclass(frozen=True)
class Recipient:
    """Someone on the distribution list."""

    id: str
    """Slug the commands and the send log name them by."""
    name: str
    """Name, as the To line shows it to an English reader."""
    email: str
    """One e-mail address."""
    audience: Audience = FULL
    """The programme they may see: the office's full one, the public one, or one person's."""
    lang: str = "both"
    """What they read: 'ko', 'en' or 'both'."""
    name_ko: str = ""
    """Name in Korean, as the To line shows it to a Korean reader ('김영훈 장관')."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        check_text(self.name, field_name="name", limit=MAX_TITLE)
        check_text(self.name_ko, field_name="name_ko", limit=MAX_TITLE)
        if not self.name:
            raise InvalidData(_("a recipient needs a name"), field="name")
        check_address(self.email)
        if self.lang not in LANGS:
            hint = closest(self.lang, LANGS)
            if hint:
                raise InvalidData(_("{value!r:.40} is not one of ko, en, both; did you mean {hint!r}?", value=self.lang, hint=hint), field="lang")
            raise InvalidData(_("{value!r:.40} is not one of ko, en, both", value=self.lang), field="lang")
        if self.audience.kind not in ("full", "public", "person") or (self.audience.kind == "person") != bool(self.audience.person):
            raise InvalidData(_("must be full, public or person:ID"), field="audience")

    def display_name(self) -> str:
        """The name the To line shows: the Korean one for a reader of Korean, when known."""
        return self.name_ko if self.lang != "en" and self.name_ko else self.name


def check_recipients(recipients: tuple[Recipient, ...]) -> tuple[Recipient, ...]:
    """``recipients`` if no two share an id or an e-mail address."""
    ids: set[str] = set()
    addresses: dict[str, str] = {}
    for i, r in enumerate(recipients):
        if r.id in ids:
            raise InvalidData(_("{id!r} is listed twice", id=r.id), field=f"recipients[{i}].id")
        other = addresses.get(r.email.casefold())
        if other is not None:
            raise InvalidData(_("{email!r} is already the address of {other!r} (one message per address and revision)", email=r.email, other=other),
                              field=f"recipients[{i}].email")
        ids.add(r.id)
        addresses[r.email.casefold()] = r.id
    return recipients


@dataclass(frozen=True)
class Mail:
    """How the office sends its notices (``[mail]`` of visit.toml). No password: only the name
    of the environment variable that holds it."""

    server: str = ""
    """'smtp://host:587' (STARTTLS) or 'smtps://host:465' (TLS from the start)."""
    user: str = ""
    """User name on the server ('' for a server that needs no login)."""
    password_env: str = ""
    """Name of the environment variable holding the password."""
    sender: str = ""
    """The From address ('' for the visit's office_email)."""

    def __post_init__(self) -> None:
        check_text(self.server, field_name="mail.server", limit=MAX_TITLE)
        check_text(self.user, field_name="mail.user", limit=MAX_TITLE)
        if self.server:
            scheme = self.server.split("://", 1)[0] if "://" in self.server else ""
            if scheme not in _SCHEMES:
                raise InvalidData(_("{value!r:.80} is not smtp://HOST[:PORT] or smtps://HOST[:PORT]", value=self.server), field="mail.server")
            if "@" in self.server.split("://", 1)[1].split("/", 1)[0]:
                raise InvalidData(_("write the user in 'user', not in the address (and never a password)"), field="mail.server")
        if self.password_env and not _ENV_NAME.match(self.password_env):
            raise InvalidData(_("{value!r:.60} is not the name of an environment variable", value=self.password_env), field="mail.password_env")
        if self.sender:
            check_address(self.sender, field_name="mail.sender")

    @property
    def empty(self) -> bool:
        """True when nothing is set."""
        return not (self.server or self.user or self.password_env or self.sender)
