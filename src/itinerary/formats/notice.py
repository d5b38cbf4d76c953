"""A revision notice as an e-mail message (RFC 5322, MIME): made by the standard library's
``email`` package, never by hand. Pure.

The message is ``multipart/mixed``: the text and its HTML alternative, then the programme book
(PDF, or HTML where no browser could print it) and the calendar (``text/calendar;
method=PUBLISH``, which calendar apps apply by UID and SEQUENCE). The same inputs give the same
bytes: the Message-ID and Date are given, and the MIME boundaries derive from the Message-ID.

**Headers.** Every header is set through the package's policy (``policy.SMTP``: CRLF, non-ASCII
encoded per RFC 2047, a line break in a value refused), with two corrections for what the
package of Python 3.11 gets wrong, each held by a test:

* it *decodes* text that looks like an encoded word when it stores a header, so a display name
  written ``=?utf-8?b?…?=`` became "Bcc: someone@else" in the To line, another recipient: a name
  holding ``=?`` is left out of the address header (the address alone is written);
* its folding loses text: the space at a fold between two encoded words (a long Korean subject
  lost a space), and the quotes of a long display name with commas (the office's name became
  three addresses): the Subject is written by the package's own ``email.header`` encoder (every
  character inside an encoded word, the literal ``=?`` of a title included), and the address of
  From and To by ``email.utils.formataddr``.

Then every message is read back before it is returned (:func:`_checked`): exactly one sender,
one recipient — the one meant — the subject as written, the Message-ID given; otherwise it is
refused, never sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr
from typing import Any

from itinerary.errors import InvalidData
from itinerary.formats.marks import VISIT_HEADER
from itinerary.formats.noticehtml import render
from itinerary.formats.noticetext import Wording, plain_text, subject
from itinerary.i18n import _
from itinerary.model import Recipient, Visit


class _Policy(EmailPolicy):
    """``policy.SMTP`` with the Subject kept as written and encoded by ``email.header``."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if name.lower() == "subject" and isinstance(value, str):
            if "\r" in value or "\n" in value:
                raise ValueError("Header values may not contain linefeed or carriage return characters")
            return name, value  # as written: never decoded as if it held encoded words
        return super().header_store_parse(name, value)

    def _own(self, name: str, value: Any) -> str | None:
        """The Subject, and the one address of From and To, as ``email.header`` and
        ``email.utils.formataddr`` write them (None: as the policy writes it)."""
        if name.lower() == "subject" and isinstance(value, str) and (not value.isascii() or "=?" in value):
            return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=self.linesep)}{self.linesep}"
        addresses = getattr(value, "addresses", None)
        if name.lower() in ("from", "to") and addresses is not None and len(addresses) == 1:
            address = addresses[0]
            return f"{name}: {formataddr((address.display_name, address.addr_spec), charset='utf-8')}{self.linesep}"
        return None

    def fold(self, name: str, value: Any) -> str:
        return self._own(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        folded = self._own(name, value)
        return folded.encode("ascii") if folded is not None else super().fold_binary(name, value)


POLICY = _Policy(linesep="\r\n")
"""How messages are written: RFC 5322 with CRLF line ends, non-ASCII headers encoded (RFC 2047)."""


def _display(name: str) -> str:
    """A display name the package will write as it is: '' for one holding ``=?``."""
    return "" if "=?" in name else name


@dataclass(frozen=True)
class Attachment:
    """A file the message carries."""

    filename: str
    data: bytes
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Message:
    """A notice ready to send."""

    message_id: str
    sender: str
    """The envelope sender (MAIL FROM)."""
    to: str
    """The one envelope recipient (RCPT TO)."""
    subject: str
    data: bytes
    """The whole message, CRLF line ends."""


def list_id(visit: Visit) -> str:
    """The List-Id (RFC 2919) mail rules can sort the visit's notices by."""
    return f"<notices.{visit.id}.itinerary>"


def compose(
    wordings: Sequence[Wording], *, recipient: Recipient, sender: str, visit: Visit, message_id: str, date: dt.datetime,
    attachments: Sequence[Attachment],
) -> Message:
    """The message of ``wordings`` to ``recipient``, from ``sender`` (an address)."""
    title = subject(wordings)
    msg = EmailMessage(policy=POLICY)
    office = (visit.office_ko or visit.office) if wordings[0].lang == "ko" else (visit.office or visit.office_ko)
    try:
        msg["From"] = Address(display_name=_display(office), addr_spec=sender)
        msg["To"] = Address(display_name=_display(recipient.display_name()), addr_spec=recipient.email)
        msg["Subject"] = title
        msg["Date"] = format_datetime(date.astimezone(visit.tz))
        msg["Message-ID"] = message_id
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
        msg["List-Id"] = f"{visit.id} {list_id(visit)}"
        msg[VISIT_HEADER] = visit.id  # whose notice this is: an .eml of --dry-run is never written over by another visit's
        msg["Content-Language"] = ", ".join(w.lang for w in wordings)
    except (ValueError, TypeError, IndexError) as err:  # a value the policy will not put in a header
        raise InvalidData(_("cannot be written in a mail header ({reason})", reason=err), field=f"recipient {recipient.id}") from None
    msg.set_content(plain_text(wordings), subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(render(wordings, title), subtype="html", charset="utf-8", cte="quoted-printable")
    for item in attachments:
        msg.add_attachment(item.data, maintype=item.maintype, subtype=item.subtype, filename=item.filename, params=dict(item.params))
    seed = hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:24]
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_itinerary_{seed}_{n}")
    data = msg.as_bytes(policy=POLICY)
    _checked(data, sender=sender, to=recipient.email, subject=title, message_id=message_id, where=f"recipient {recipient.id}")
    return Message(message_id, sender, recipient.email, title, data)


def _checked(data: bytes, *, sender: str, to: str, subject: str, message_id: str, where: str) -> None:
    """Refuse a message whose headers, read back, are not exactly the ones meant."""
    back = message_from_bytes(data, policy=policy.default)
    problems = []
    for name, wanted in (("From", [sender]), ("To", [to])):
        found = [a.addr_spec for h in back.get_all(name, []) for a in h.addresses]
        if found != wanted:
            problems.append(_("{header} reads {found}", header=name, found=found))
    for name in ("Cc", "Bcc", "Reply-To", "Sender", "Resent-To", "Resent-Cc", "Resent-Bcc"):
        if back.get_all(name):
            problems.append(_("it has a {header} header", header=name))
    if str(back.get("Subject", "")) != subject:
        problems.append(_("its subject reads otherwise"))
    if str(back.get("Message-ID", "")).strip() != message_id:
        problems.append(_("its Message-ID reads otherwise"))
    if problems:
        raise InvalidData(_("the message was not sent, because read back {problems}", problems="; ".join(problems)), field=where)
