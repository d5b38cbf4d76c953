"""Real CalDAV servers for the tests, started on loopback and stopped afterwards: Radicale (with
users and rights) and Xandikos (a second implementation, no authentication)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import icalendar
import pytest

USERS = {"officer": "s3cret-officer", "other": "s3cret-other"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _running(command: list[str], port: int, name: str, log: Path) -> Iterator[str]:
    # the server's log goes to a file: a pipe nobody reads fills up and stops the server
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=out)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"{name} did not start: {log.read_text(errors='replace')[-1000:]}")
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@contextlib.contextmanager
def radicale(folder: Path, users: dict[str, str] | None = None) -> Iterator[str]:
    """Radicale with htpasswd users (``USERS`` unless given), owner_only rights and no delay after a wrong password."""
    (folder / "users").write_text("".join(f"{u}:{p}\n" for u, p in (users or USERS).items()))
    port = free_port()
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\ndelay = 0\n"
        f"[rights]\ntype = owner_only\n[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[web]\ntype = none\n[logging]\nlevel = warning\n"
    )
    with _running([sys.executable, "-m", "radicale", "--config", str(folder / "config")], port, "Radicale", folder / "log") as url:
        yield url


@contextlib.contextmanager
def xandikos(folder: Path) -> Iterator[str]:
    """Xandikos serving one user's calendars (it has no authentication of its own)."""
    port = free_port()
    command = [sys.executable, "-m", "xandikos", "serve", "-d", str(folder / "data"), "--defaults", "-l", "127.0.0.1",
               "-p", str(port), "--state-dir", str(folder / "state"), "--no-detect-systemd"]
    with _running(command, port, "Xandikos", folder / "log") as url:
        yield url


@contextlib.contextmanager
def calendar(url: str, name: str, user: str = "officer") -> Iterator[caldav.Calendar]:
    """A calendar on the server, as another client (Thunderbird, DAVx⁵…) sees it."""
    from itinerary.model import slugify

    with caldav.DAVClient(url, username=user, password=USERS[user], auth_type="basic") as client:
        yield client.principal().calendar(cal_id=slugify(name))


def events(url: str, name: str) -> dict[str, icalendar.Event]:
    """The events of a calendar on the server, by UID."""
    found = {}
    with calendar(url, name) as cal:
        for obj in cal.events():
            component = obj.icalendar_component
            found[str(component["UID"])] = component
    return found


def cards(url: str, name: str, user: str = "officer") -> list[str]:
    """The vCards of an address book on the server, as text."""
    from itinerary.sync.dav import DavServer
    from itinerary.sync.target import Target

    with DavServer(Target(url, name, user, USERS[user])) as server:
        book = server.collection(name, book=True, create=False)
        listing = server.listing(book, None)
        return [body.decode("utf-8") for _, body in server.fetch(book, list(listing.changed)).values()]
