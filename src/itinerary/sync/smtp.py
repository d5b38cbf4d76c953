"""A session with a mail server (SMTP), through the standard library's ``smtplib``: the only
module that speaks to one.

``smtps://HOST[:465]`` is TLS from the first byte; ``smtp://HOST[:587]`` upgrades with STARTTLS,
which it requires — a server that does not offer it is refused, except one on this machine with
no login, or with ``insecure``. The server's certificate is always verified against the system's
authorities, and also against the ones of ``--ca-file`` (or ``ITINERARY_CA_FILE``) when given: an
office's own authority, or a test's. Every wait is bounded (``ITINERARY_TIMEOUT`` seconds,
default 30). The password comes from the environment variable ``--password-env`` names, or
``~/.netrc``; it is never printed, logged or written anywhere.

**The end of a message.** ``smtplib`` sends a message and its final ``.`` in one call; here the
message is sent, then ``committing()`` is called (the send log records it, durably), then the
``.`` that makes the server take it (the message dot-stuffed as ``smtplib`` does it). A server
delivers nothing of a transaction whose ``.`` it never received, so a run that dies before that
line is known not to have delivered the message (:mod:`itinerary.core.notice`).
"""

from __future__ import annotations

import contextlib
import netrc
import os
import re
import ssl
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from itinerary.errors import (
    ItineraryError,
    Refused,
    RemoteAuthError,
    RemoteServerError,
    RemoteTimeout,
    RemoteUnreachable,
    UsageError,
)
from itinerary.formats.notice import Message
from itinerary.i18n import _
from itinerary.sync.target import loopback, netloc, password_from, timeout

CA_ENV = "ITINERARY_CA_FILE"
"""Environment variable naming a file of certificate authorities to trust besides the system's."""


@dataclass(frozen=True)
class Server:
    """A mail server, and who we are there. The password never leaves this object."""

    url: str
    """smtp://HOST:PORT or smtps://HOST:PORT, without credentials."""
    host: str
    port: int
    implicit_tls: bool
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None
    insecure: bool = False


def server(url: str, *, user: str | None, password_env: str | None, cafile: str | None = None, insecure: bool = False,
           netrc_file: Path | None = None) -> Server:
    """The server ``url`` names, with the login of ``user`` and the password from the environment
    variable ``password_env`` (or ``~/.netrc``); checked before any connection is made."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise UsageError(_("--smtp must be smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT] (TLS), not {url!r}", url=_clean(url)))
    if parts.password:
        raise UsageError(_("put no password in --smtp; use --password-env or ~/.netrc"))
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise UsageError(_("--smtp: the port of {url!r} is not a number", url=_clean(url))) from None
    user = user or (urllib.parse.unquote(parts.username) if parts.username else None)
    password = None
    if password_env:
        password = password_from(password_env)
    elif user:
        with contextlib.suppress(OSError, netrc.NetrcParseError):
            found = netrc.netrc(str(netrc_file) if netrc_file else None).authenticators(parts.hostname)
            if found and (found[0] or user) == user:
                password = found[2]
    cafile = cafile or os.environ.get(CA_ENV) or None
    if cafile and not Path(cafile).is_file():
        raise UsageError(_("--ca-file: {path} is not a file of certificates", path=cafile))
    return Server(f"{parts.scheme}://{netloc(parts.hostname, port)}", parts.hostname, port, parts.scheme == "smtps", user, password, cafile, insecure)


def _clean(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", "")) if parts.username or parts.password else url


def _context(where: Server) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if where.cafile:
        try:
            context.load_verify_locations(cafile=where.cafile)
        except (OSError, ssl.SSLError) as err:
            raise UsageError(_("--ca-file: {path} holds no certificate authority that can be read ({error})", path=where.cafile,
                                 error=type(err).__name__)) from None
    return context


@contextlib.contextmanager
def _translated(url: str) -> Iterator[None]:
    """The network's and the server's failures as our errors, never with a credential in them."""
    import smtplib

    try:
        yield
    except (ItineraryError, KeyboardInterrupt):
        raise
    except smtplib.SMTPAuthenticationError as err:
        raise RemoteAuthError(_("mail server {server}: user name or password refused ({code})", server=url, code=err.smtp_code)) from None
    except smtplib.SMTPNotSupportedError:
        raise RemoteAuthError(_("mail server {server}: the server offers no login (AUTH) here", server=url)) from None
    except TimeoutError:
        raise RemoteTimeout(_("mail server {server}: no answer within {seconds:g} s", server=url, seconds=timeout())) from None
    except ssl.SSLCertVerificationError as err:
        raise RemoteUnreachable(_("mail server {server}: the server's certificate is not trusted ({reason}); name its authority with "
                                  "--ca-file or {variable}", server=url, reason=err.verify_message, variable=CA_ENV)) from None
    except smtplib.SMTPServerDisconnected as err:
        if "timed out" in str(err):  # smtplib reports a reply that never came this way
            raise RemoteTimeout(_("mail server {server}: no answer within {seconds:g} s", server=url, seconds=timeout())) from None
        raise RemoteUnreachable(_("mail server {server}: the server closed the connection", server=url)) from None
    except smtplib.SMTPResponseException as err:
        raise RemoteServerError(_("mail server {server}: the server answered {code} {reply}", server=url, code=err.smtp_code,
                                  reply=_text(err.smtp_error))) from None
    except (smtplib.SMTPException, ssl.SSLError) as err:
        raise RemoteServerError(_("mail server {server}: {error}", server=url, error=type(err).__name__)) from None
    except OSError as err:
        raise RemoteUnreachable(_("mail server {server}: cannot connect ({reason}; is the server running and the address right?)", server=url,
                                  reason=err.strerror or type(err).__name__)) from None


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:300]


class Session:
    """One connection to a mail server, opened at the first message and closed by :meth:`close`."""

    def __init__(self, where: Server) -> None:
        self.where = where
        self._smtp: object | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> object:
        import smtplib

        where, wait = self.where, timeout()
        with _translated(where.url):
            if where.implicit_tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(where.host, where.port, timeout=wait, context=_context(where))
            else:
                smtp = smtplib.SMTP(where.host, where.port, timeout=wait)
            try:
                smtp.ehlo()
                if not where.implicit_tls:
                    if smtp.has_extn("starttls"):
                        smtp.starttls(context=_context(where))
                        smtp.ehlo()
                    elif where.password or not (loopback(where.host) or where.insecure):
                        raise RemoteServerError(_("mail server {server}: offers no STARTTLS, so nothing is sent in the clear (use smtps://, "
                                                  "or --insecure)", server=where.url))
                if where.user:
                    if where.password is None:
                        raise UsageError(_("no password for {user}: name its environment variable with --password-env", user=where.user))
                    smtp.login(where.user, where.password)
            except BaseException:
                with contextlib.suppress(Exception):
                    smtp.close()
                raise
        self._smtp = smtp
        return smtp

    def send(self, message: Message, committing: Callable[[], None]) -> str:
        """Send ``message`` (see the module's description); the server's answer."""
        import smtplib

        smtp = self._smtp or self._open()
        assert isinstance(smtp, smtplib.SMTP)
        url = self.where.url
        with _translated(url):
            for command, argument, good in (("mail", message.sender, (250,)), ("rcpt", message.to, (250, 251))):
                code, reply = getattr(smtp, command)(argument)
                if code not in good:
                    self._reset(smtp, code)
                    raise Refused(_("mail server {server}: {address}: refused ({reply})", server=url, address=message.to,
                                    reply=f"{code} {_text(reply)}"), f"{code} {_text(reply)}")
            code, reply = smtp.docmd("data")
            if code != 354:
                self._reset(smtp, code)
                raise Refused(_("mail server {server}: {address}: refused ({reply})", server=url, address=message.to,
                                reply=f"{code} {_text(reply)}"), f"{code} {_text(reply)}")
            body = re.sub(rb"(?m)^\.", b"..", message.data)
            smtp.send(body if body.endswith(b"\r\n") else body + b"\r\n")
            committing()
            smtp.send(b".\r\n")
            code, reply = smtp.getreply()
            if code != 250:
                raise Refused(_("mail server {server}: {address}: the message was refused ({reply})", server=url, address=message.to,
                                reply=f"{code} {_text(reply)}"), f"{code} {_text(reply)}")
            return f"{code} {_text(reply)}"

    def _reset(self, smtp: object, code: int) -> None:
        """After a refusal, the session starts the next message afresh (or ends, when the server ends it)."""
        import smtplib

        assert isinstance(smtp, smtplib.SMTP)
        if code == 421:
            raise RemoteServerError(_("mail server {server}: closing the connection (421)", server=self.where.url))
        smtp.rset()

    def close(self) -> None:
        """End the session politely (QUIT), or just close it."""
        import smtplib

        smtp, self._smtp = self._smtp, None
        if isinstance(smtp, smtplib.SMTP):
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                with contextlib.suppress(Exception):
                    smtp.close()
