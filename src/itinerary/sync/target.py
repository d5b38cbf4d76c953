"""Which calendar on which server, as whom: the address and credentials checked before any
connection is made. The password comes from the environment or ~/.netrc, never from the
command line, and never appears in a message."""

from __future__ import annotations

import contextlib
import ipaddress
import netrc
import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from itinerary.errors import UsageError
from itinerary.i18n import _


def timeout() -> float:
    """Seconds to wait for the server: ITINERARY_TIMEOUT, or 30."""
    try:
        return max(0.1, float(os.environ.get("ITINERARY_TIMEOUT", "30")))
    except ValueError:
        return 30.0


# --- where and who ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A calendar on a server, and who we are there. The password never leaves this object."""

    url: str
    """Server URL without credentials."""
    calendar: str
    """The calendar's display name."""
    user: str | None
    """User name."""
    password: str | None = field(default=None, repr=False)
    """Password (from the environment or ~/.netrc, never from the command line)."""

    @property
    def key(self) -> str:
        """How remotes.json names this calendar."""
        return f"{self.url}#{self.calendar}"

    @property
    def calendar_id(self) -> str:
        """The calendar's id on the server (a slug of its name)."""
        from itinerary.model import slugify

        return slugify(self.calendar)


def loopback(host: str) -> bool:
    """True when ``host`` is this machine."""
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def target(url: str, calendar: str, *, user: str | None, password_env: str | None, insecure: bool, netrc_file: Path | None = None) -> Target:
    """The calendar to talk to: credentials from --user or the URL, the password from the
    environment variable named by --password-env or from ~/.netrc. http:// only to this machine
    unless ``insecure``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(_("--url must be an http:// or https:// address, got {url!r}", url=_without_credentials(url)))
    if parts.scheme == "http" and not loopback(parts.hostname) and not insecure:
        raise UsageError(_("refusing to send a password over plain http:// to another machine; use https:// (or --insecure)"))
    if parts.password:
        raise UsageError(_("put no password in --url; use --password-env or ~/.netrc"))
    user = user or (urllib.parse.unquote(parts.username) if parts.username else None)
    password = None
    if password_env:
        password = password_from(password_env)
    else:
        with contextlib.suppress(OSError, netrc.NetrcParseError):
            found = netrc.netrc(str(netrc_file) if netrc_file else None).authenticators(parts.hostname)
            if found:
                user = user or found[0]
                password = found[2]
    clean = urllib.parse.urlunsplit((parts.scheme, netloc(parts.hostname, parts.port), parts.path or "/", "", ""))
    return Target(clean, calendar, user, password)


def password_from(variable: str) -> str:
    """The password in the environment variable ``variable`` (named by --password-env)."""
    if variable not in os.environ:
        raise UsageError(_("--password-env: the environment variable {name} is not set", name=variable))
    return os.environ[variable]


def netloc(host: str, port: int | None) -> str:
    """``host:port`` as a URL writes it: an IPv6 address in brackets, no port when None."""
    return (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")


def _without_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        return urllib.parse.urlunsplit((parts.scheme, netloc(parts.hostname or "", parts.port), parts.path, parts.query, ""))
    return url
