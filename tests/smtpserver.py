"""Real mail servers for the tests, started on loopback and stopped afterwards: aiosmtpd with
login and STARTTLS (or TLS from the start) under a throwaway certificate authority (trustme),
one that refuses a recipient, one that drops the connection after some messages, and a socket
that never answers. Every message a server accepts is kept, parsed, to be counted and read."""

from __future__ import annotations

import contextlib
import email
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "protocol", "s3cret-smtp-Pa55"
"""The one account of the servers that want a login."""


@dataclass
class Received:
    """A message as the server accepted it."""

    sender: str
    recipients: list[str]
    data: bytes
    tls: bool
    login: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Mailbox:
    """The handler: keeps what it accepts; refuses some recipients; drops the connection once it
    has accepted ``drop_after`` messages (at the next MAIL command, as a server going down)."""

    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    implicit: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        with self.lock:
            if self.drop_after is not None and len(self.received) >= self.drop_after:
                server.transport.close()
                return "421 4.3.2 going down"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        login = session.auth_data if isinstance(session.auth_data, str) else None
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content),
                                          session.ssl is not None or self.implicit, login))
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[Received]:
        """What was accepted for ``address``."""
        with self.lock:
            return [r for r in self.received if address in r.recipients]

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode():
            self.logins.append(USER)
            return AuthResult(success=True, auth_data=USER)
        return AuthResult(success=False, handled=False)


@dataclass
class Running:
    """A running server: where it is, how to trust it, and what it received."""

    url: str
    mailbox: Mailbox
    ca_file: Path | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def authority(folder: Path) -> tuple[trustme.CA, Path]:
    """A throwaway certificate authority, its certificate written where the client is told to look."""
    ca = trustme.CA()
    path = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


@contextlib.contextmanager
def mail_server(folder: Path, *, tls: str = "starttls", login: bool = True, mailbox: Mailbox | None = None) -> Iterator[Running]:
    """aiosmtpd on loopback: ``tls`` 'starttls' (required), 'implicit' (smtps://) or 'none'; with
    ``login`` the account :data:`USER` is required (over TLS only)."""
    box = mailbox or Mailbox()
    port = free_port()
    kwargs: dict[str, Any] = {}
    ca_file = None
    if tls != "none":
        ca, ca_file = authority(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        kwargs |= {"ssl_context": context} if tls == "implicit" else {"tls_context": context, "require_starttls": True}
    if login:  # over TLS only (aiosmtpd counts only STARTTLS as TLS: a TLS socket from the start is one too)
        kwargs |= {"authenticator": box.authenticate, "auth_required": True, "auth_require_tls": tls != "implicit"}
    box.implicit = tls == "implicit"
    controller = Controller(box, hostname="127.0.0.1", port=port, server_hostname="localhost", ready_timeout=10, **kwargs)
    controller.start()
    scheme = "smtps" if tls == "implicit" else "smtp"
    try:
        yield Running(f"{scheme}://127.0.0.1:{port}", box, ca_file)
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server() -> Iterator[str]:
    """A socket that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"smtp://127.0.0.1:{port}"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()
