"""Every HTTP exchange with a server, bounded in time and size: the one place where the network
is held to limits.

The caldav library speaks HTTP through a niquests session. :func:`bound` wraps each transport
adapter of such a session, so every request it sends — the library's own requests, redirects
and retries included — is held to the same limits:

* **A total deadline.** The whole answer, headers and body, must arrive within
  ``ITINERARY_TIMEOUT`` seconds of the request (default 30). This is a deadline for the exchange,
  not a timeout for each read: a server sending one byte a second ends at the deadline too.
* **Headers** of at most :data:`MAX_HEADER_BYTES`, a **body** of at most :data:`MAX_BODY_BYTES`
  (after decompression): a body announced larger is refused before it is read, one that grows
  larger is cut off as it arrives, never held whole in memory.
* **Redirects**: at most :data:`MAX_REDIRECTS` for one request.
* **Items**: while :func:`listing` says so, a WebDAV answer listing more resources than a limit
  is refused from its bytes, before the library builds an object for each (100,000 of them
  would take it minutes).

Each exchange runs in a worker thread while the caller waits for the deadline, so nothing the
server does (nor a read that never returns) can hold the command past it; a worker still blocked
when the command ends is a daemon and ends with it. A broken bound is an error naming the bound
(exit code 9 for time, 10 for size), and once one is broken the session refuses every later
request at once: a library that catches an error and tries again never waits twice.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from itinerary.errors import InvalidData, ItineraryError, RemoteServerError, RemoteTimeout
from itinerary.i18n import _
from itinerary.sync.target import timeout

T = TypeVar("T")

MAX_BODY_BYTES = 50 * 1024 * 1024
"""Largest body of one answer (a calendar of thousands of events is a few megabytes)."""
MAX_HEADER_BYTES = 16 * 1024
"""Largest header block of one answer (also what the HTTP/1.1 parser itself holds to)."""
MAX_REDIRECTS = 5
"""Most redirects followed for one request."""
_RESPONSE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?response[\s>/]")
"""The opening tag of one resource of a WebDAV multistatus answer, whatever its prefix."""
_GRACE = 0.25
"""Seconds the caller waits past the deadline for a worker that is ending by itself."""


def _origin(url: str) -> str:
    """The server of ``url`` as messages name it (no path, no credentials)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or _("the server")
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


class TooManyItems(InvalidData):
    """A WebDAV answer lists more resources than the limit of the moment."""

    def __init__(self, where: str, count: int, limit: int) -> None:
        super().__init__(_("the answer lists {n} items, over the limit of {limit}", n=f"{count:,}", limit=f"{limit:,}"), source=where)
        self.count = count
        self.limit = limit


class Bounded:
    """A transport adapter of a niquests session, held to the bounds (see the module)."""

    def __init__(self, inner: Any, seconds: float, *, max_body: int = MAX_BODY_BYTES, max_header: int = MAX_HEADER_BYTES) -> None:
        self.inner = inner
        self.seconds = seconds
        self.max_body = max_body
        self.max_header = max_header
        self.max_items: int | None = None
        """Most resources one WebDAV answer may list (None: no limit); see :func:`listing`."""
        self.broken: ItineraryError | None = None
        """The bound a former exchange broke: every later one is refused with it."""
        self._busy: threading.Thread | None = None

    _OWN = frozenset({"inner", "seconds", "max_body", "max_header", "max_items", "broken", "_busy"})

    def __getattr__(self, name: str) -> Any:  # what the session reads and sets of its adapters (caches, gather)
        if name in Bounded._OWN:
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Bounded._OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.inner, name, value)

    def send(self, request: Any, **kwargs: Any) -> Any:
        """Send ``request`` and read its whole answer within the bounds; the answer comes back
        with its body read (``content``), whatever ``stream`` asked for."""
        if self.broken is not None:
            raise self.broken
        where = _origin(str(request.url))
        deadline = time.monotonic() + self.seconds
        worker: list[threading.Thread] = []
        try:
            return in_time(lambda: self._exchange(request, kwargs, where, deadline), deadline, where, self.seconds, started=worker.append)
        except ItineraryError as err:
            self.broken = err
            raise
        finally:
            self._busy = worker[0] if worker and worker[0].is_alive() else None

    def _exchange(self, request: Any, kwargs: dict[str, Any], where: str, deadline: float) -> Any:
        import niquests

        connected: list[bool] = []
        told: Callable[[Any], None] | None = kwargs.get("on_post_connection")

        def on_connection(info: Any) -> None:
            connected.append(True)
            if told is not None:
                told(info)

        left = max(0.1, deadline - time.monotonic())
        try:
            answer = self.inner.send(request, **{**kwargs, "stream": True, "timeout": (left, left), "on_post_connection": on_connection})
        except niquests.exceptions.ConnectionError as err:
            if not connected and not any(s in str(err) for s in ("buffer too long", "unexpectedly closed")):
                raise
            reason = str(err.args[0] if err.args else err)
            if "buffer too long" in reason:
                raise RemoteServerError(_("{server}: the answer's headers are over the limit of {limit}", server=where, limit=_size(self.max_header))) from None
            raise RemoteServerError(_("{server}: the connection broke while the server answered ({reason})", server=where, reason=reason[:120])) from None
        headers = sum(len(str(k)) + len(str(v)) + 4 for k, v in answer.headers.items())
        if headers > self.max_header:
            answer.close()
            raise RemoteServerError(_("{server}: the answer's headers ({size}) are over the limit of {limit}", server=where, size=_size(headers),
                                      limit=_size(self.max_header)))
        try:
            announced = int(answer.headers.get("Content-Length", "") or -1)
        except ValueError:
            announced = -1
        if announced > self.max_body:
            answer.close()
            raise RemoteServerError(_("{server}: the answer of {size} is over the limit of {limit}", server=where, size=_size(announced),
                                      limit=_size(self.max_body)))
        body = bytearray()
        for chunk in answer.iter_content(-1):
            body += chunk
            if len(body) > self.max_body:
                answer.close()
                raise RemoteServerError(_("{server}: the answer is over the limit of {limit}", server=where, limit=_size(self.max_body)))
            if time.monotonic() > deadline:
                answer.close()
                raise RemoteTimeout(_("{server}: no whole answer within {seconds:g} s (ITINERARY_TIMEOUT)", server=where, seconds=self.seconds))
        if self.max_items is not None and answer.status_code == 207:
            count = len(_RESPONSE.findall(body))
            if count > self.max_items:
                raise TooManyItems(where, count, self.max_items)
        answer._content = bytes(body)  # noqa: SLF001 - the body read, as a non-streamed answer holds it
        answer._content_consumed = True  # noqa: SLF001
        return answer

    def close(self) -> None:
        """Close the connections (left to the end of the command while a worker still uses one)."""
        if self._busy is None or not self._busy.is_alive():
            self.inner.close()


def in_time(work: Callable[[], T], deadline: float, where: str, seconds: float,
            *, started: Callable[[threading.Thread], object] | None = None) -> T:
    """What ``work()`` returns (or raises), run in a worker thread, by ``deadline`` (a
    :func:`time.monotonic` moment, ``seconds`` after the request began): RemoteTimeout after
    it, whatever the server does or a read that never returns (the worker is a daemon and ends
    with the command)."""
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["answer"] = work()
        except BaseException as err:  # noqa: BLE001 - handed to the caller, who raises it
            outcome["error"] = err
        finally:
            finished.set()

    worker = threading.Thread(target=run, name="itinerary-http", daemon=True)
    if started is not None:
        started(worker)
    worker.start()
    if not finished.wait(max(0.0, deadline - time.monotonic()) + _GRACE):
        raise RemoteTimeout(_("{server}: no whole answer within {seconds:g} s (ITINERARY_TIMEOUT)", server=where, seconds=seconds))
    if "error" in outcome:
        raise outcome["error"]
    answer: T = outcome["answer"]
    return answer


@contextlib.contextmanager
def listing(bounds: Sequence[Bounded], limit: int) -> Iterator[None]:
    """While listing a collection: an answer naming more than ``limit`` resources is refused
    (:class:`TooManyItems`, raised even when a library swallowed it). Such a refusal breaks the
    session only while listing: the answer was read whole, in time and size, so the requests
    after it (a listing of the next collection) go on."""
    for held in bounds:
        held.max_items = limit
    refused: ItineraryError | None = None
    try:
        yield
    finally:
        for held in bounds:
            held.max_items = None
            if isinstance(held.broken, TooManyItems):
                refused, held.broken = held.broken, None
    if refused is not None:
        raise refused


def bound(session: Any, seconds: float | None = None) -> list[Bounded]:
    """Hold every adapter of the niquests ``session`` to the bounds, for ``seconds`` (default:
    ``ITINERARY_TIMEOUT``); returns the bounded adapters (to ask whether one was broken)."""
    limit = timeout() if seconds is None else seconds
    session.max_redirects = MAX_REDIRECTS
    wrapped = []
    for prefix, adapter in list(session.adapters.items()):
        held = adapter if isinstance(adapter, Bounded) else Bounded(adapter, limit)
        session.mount(prefix, held)
        wrapped.append(held)
    return wrapped


def bounded_session(seconds: float | None = None) -> tuple[Any, list[Bounded]]:
    """A new niquests session held to the bounds (for a server spoken to without the caldav
    library), and its bounded adapters."""
    import niquests

    session = niquests.Session()
    return session, bound(session, seconds)
