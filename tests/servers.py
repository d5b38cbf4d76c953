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


# --- a hostile server -------------------------------------------------------------------------


class Hostile:
    """A CalDAV server that misbehaves on request: a proxy on loopback in front of a real one,
    passing every exchange through until :attr:`mode` says how to answer instead — ``trickle``
    (the real answer, one byte every half second), ``huge-body`` (an answer that never ends),
    ``huge-header`` (a header of 50 MB), ``many`` (the listing of a calendar's changes names
    100,000 events). :attr:`only` limits the misbehaviour to one method (e.g. ``REPORT``)."""

    def __init__(self, upstream: str) -> None:
        import urllib.parse

        parts = urllib.parse.urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.mode: str | None = None
        self.only: str | None = None
        self.stopping = False
        self.served: list[tuple[str, str]] = []
        """(method, mode) of every request answered."""

    def answer(self, handler: object) -> None:  # noqa: C901 - one branch per kind of misbehaviour
        import http.client

        h = handler  # a BaseHTTPRequestHandler
        length = int(h.headers.get("Content-Length") or 0)  # type: ignore[attr-defined]
        body = h.rfile.read(length) if length else b""  # type: ignore[attr-defined]
        method, path = h.command, h.path  # type: ignore[attr-defined]
        mode = self.mode if self.only in (None, method) else None
        self.served.append((method, mode or ""))
        out = h.wfile  # type: ignore[attr-defined]
        if mode == "huge-header":
            out.write(b"HTTP/1.1 207 Multi-Status\r\nContent-Type: text/xml\r\nX-Padding: ")
            for _ in range(50):
                out.write(b"a" * (1024 * 1024))
            out.write(b"\r\nContent-Length: 0\r\n\r\n")
            return
        if mode == "huge-body":
            out.write(b"HTTP/1.1 207 Multi-Status\r\nContent-Type: text/xml; charset=utf-8\r\nConnection: close\r\n\r\n")
            out.write(b'<?xml version="1.0"?><multistatus xmlns="DAV:">')
            for _ in range(2048):  # 2 GB, unless the client stops reading first
                if self.stopping:
                    break
                out.write(b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->")
            return
        if mode == "many" and method == "REPORT":
            token = "http://radicale.org/ns/sync/hostile"
            rows = "".join(f'<response><href>{path.rstrip("/")}/e{i}.ics</href><propstat><prop><getetag>"{i}"</getetag></prop>'
                           "<status>HTTP/1.1 200 OK</status></propstat></response>" for i in range(100_000))
            data = f'<?xml version="1.0" encoding="utf-8"?><multistatus xmlns="DAV:">{rows}<sync-token>{token}</sync-token></multistatus>'.encode()
            out.write(b"HTTP/1.1 207 Multi-Status\r\nContent-Type: text/xml; charset=utf-8\r\n"
                      + f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
            return
        connection = http.client.HTTPConnection(*self.upstream, timeout=30)
        headers = {k: v for k, v in h.headers.items() if k.lower() not in ("host", "connection", "content-length")}  # type: ignore[attr-defined]
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        data = reply.read()
        connection.close()
        head = f"HTTP/1.1 {reply.status} {reply.reason}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in reply.getheaders() if k.lower() not in ("transfer-encoding", "connection", "content-length")
        ) + f"Content-Length: {len(data)}\r\n\r\n"
        whole = head.encode("latin-1") + data
        if mode == "trickle":
            for i in range(len(whole)):
                if self.stopping:
                    return
                out.write(whole[i:i + 1])
                out.flush()
                time.sleep(0.5)
            return
        out.write(whole)


@contextlib.contextmanager
def hostile(upstream: str) -> Iterator[tuple[str, Hostile]]:
    """A :class:`Hostile` server in front of ``upstream``, on a free port of loopback."""
    import http.server
    import threading

    server_state = Hostile(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_one_request(self) -> None:
            try:
                self.raw_requestline = self.rfile.readline(65537)
                if not self.raw_requestline or not self.parse_request():
                    self.close_connection = True
                    return
                server_state.answer(self)
                self.wfile.flush()
                if server_state.served[-1][1] in ("huge-body", "huge-header", "trickle"):
                    self.close_connection = True  # after a misbehaving answer only: a kept connection stays usable
            except OSError:  # the client gave up: what a hostile server meets
                self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server_state
    finally:
        server_state.stopping = True
        server.shutdown()
        server.server_close()
