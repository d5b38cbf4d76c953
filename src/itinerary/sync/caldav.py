"""A shared calendar on a CalDAV server: the only module that imports caldav.

``publish`` writes the chosen variant of the programme to a calendar, one resource per UID, and
only what changed since the last publish (compared by content, guarded by ETag). ``pull``
reads what others changed since the last sync (sync token where the server has one, ETags
otherwise). The state of each remote — URL, calendar, sync token, per-event href, ETag and
what we last sent — is kept in ``remotes.json`` in the data folder, never in the records, and
never holds a credential.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from itinerary.core.calview import View, lost_text
from itinerary.errors import (
    InvalidData,
    ItineraryError,
    RemoteAuthError,
    RemoteServerError,
    RemoteTimeout,
    RemoteUnreachable,
)
from itinerary.formats.remotes import Published, RemoteState, digest
from itinerary.i18n import _
from itinerary.sync.target import Target, timeout
from itinerary.sync.transport import Bounded, TooManyItems, bound, listing

# --- talking to the server ----------------------------------------------------------------


@contextlib.contextmanager
def _translated(where: str, bounds: Sequence[Bounded] = ()) -> Iterator[None]:
    """The library's and the network's failures as our errors, with no credential in them; a
    bound the transport found broken is raised even when the library swallowed it."""
    import caldav.lib.error as dav_error
    import niquests.exceptions as http_error

    try:
        yield
        for held in bounds:
            if held.broken is not None:
                raise held.broken
    except dav_error.AuthorizationError as err:
        if "Forbidden" in str(err):
            raise RemoteAuthError(_("{server}: not allowed", server=where)) from None
        raise RemoteAuthError(_("{server}: user name or password refused", server=where)) from None
    except http_error.Timeout:
        raise RemoteTimeout(_("{server}: no answer within {seconds:g} s", server=where, seconds=timeout())) from None
    except http_error.ConnectionError:
        raise RemoteUnreachable(_("{server}: cannot connect (is the server running and the address right?)", server=where)) from None
    except (dav_error.DAVError, http_error.RequestException) as err:
        raise RemoteServerError(_("{server}: the server answered with an error ({kind})", server=where, kind=type(err).__name__)) from None
    except (ItineraryError, KeyboardInterrupt):
        raise
    except Exception as err:  # noqa: BLE001 - an answer the library cannot parse (garbage XML, a bad header)
        raise RemoteServerError(_("{server}: the server's answer could not be understood ({kind})", server=where, kind=type(err).__name__)) from None


class _Heard(logging.Handler):
    """Keeps what the caldav library logs, so that it never reaches the terminal raw."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().split("\n", 1)[0][:200])


class Session:
    """One connection to a calendar. What the caldav library logs (it warns, with a diff of the
    data, when it "repairs" a server's copy) is kept in :attr:`heard`, not printed."""

    def __init__(self, where: Target) -> None:
        from caldav.davclient import DAVClient

        self._heard = _Heard()
        library_log = logging.getLogger("caldav")
        library_log.addHandler(self._heard)
        library_log.propagate = False
        self.target = where
        self._bounds: list[Bounded] = []
        with self._talk():
            self.client = DAVClient(
                where.url, username=where.user, password=where.password, auth_type="basic", timeout=math.ceil(timeout())
            )
            self._bounds = bound(self.client.session)  # every request held to a deadline and to sizes
            self.principal: Any = self.client.principal()  # type: ignore[no-untyped-call]
        self._calendar: Any = None

    def _talk(self) -> contextlib.AbstractContextManager[None]:
        return _translated(self.target.url, self._bounds)

    @property
    def heard(self) -> list[str]:
        """What the caldav library warned about during this session (first line of each)."""
        return list(self._heard.messages)

    def close(self) -> None:
        """Close the connection (a server with few workers must not keep one waiting)."""
        with contextlib.suppress(Exception):
            self.client.close()
        logging.getLogger("caldav").removeHandler(self._heard)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def calendar(self, *, create: bool) -> Any:
        """The calendar, made when missing and ``create``."""
        import caldav.lib.error as dav_error

        if self._calendar is None:
            with self._talk():
                calendar = self.principal.calendar(cal_id=self.target.calendar_id)
                try:
                    calendar.get_display_name()
                except dav_error.NotFoundError:
                    if not create:
                        raise RemoteServerError(_("{server}: no calendar {calendar!r} there; publish first", server=self.target.url,
                                                  calendar=self.target.calendar)) from None
                    calendar = self.principal.make_calendar(name=self.target.calendar, cal_id=self.target.calendar_id)
                self._calendar = calendar
        return self._calendar

    def describe(self, display_name: str, description: str) -> None:
        """Set the calendar's name and description as apps show them (e.g. with the revision)."""
        from caldav.elements import cdav, dav

        with self._talk():
            self.calendar(create=True).set_properties([dav.DisplayName(display_name), cdav.CalendarDescription(description)])

    def put(self, href: str, body: bytes, *, etag: str | None) -> tuple[int, str]:
        """PUT a resource: created when ``etag`` is None (never over an existing one), replaced
        only while it still has ``etag``. Returns (status, new ETag)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-None-Match" if etag is None else "If-Match"] = "*" if etag is None else etag
        with self._talk():
            response = self.client.put(href, body.decode("utf-8"), headers)
        if response.status not in (200, 201, 204, 412):
            raise RemoteServerError(_("{server}: storing an event failed (HTTP {status})", server=self.target.url, status=response.status))
        return response.status, str(response.headers.get("ETag", "") or "")

    def delete(self, href: str, *, etag: str) -> int:
        """DELETE a resource while it still has ``etag``; returns the status."""
        with self._talk():
            response = self.client.request(href, "DELETE", "", {"If-Match": etag})
        return int(response.status)

    def _too_many(self, count: int, limit: int) -> InvalidData:
        return InvalidData(_("{n} events changed on the calendar, over the limit of {limit} at once (--max-events raises it); nothing was changed",
                             n=f"{count:,}", limit=f"{limit:,}"), source=self.target.url)

    def changes(self, sync_token: str | None, *, limit: int) -> tuple[list[tuple[str, str | None, bytes | None]], str | None]:
        """What changed since ``sync_token`` (everything without one): (href, ETag, body or None
        when deleted), and the new token. Servers without sync tokens are listed in full.

        The changes are counted from their list before any is fetched: more than ``limit`` is
        refused (InvalidData, as an import of as many), so a server listing 100,000 events costs one request, not 100,000."""
        import caldav.lib.error as dav_error

        calendar = self.calendar(create=False)
        with self._talk():
            gone: set[Any] = set()
            try:
                with listing(self._bounds, limit + 1):  # a deleted collection's own entry besides the events
                    try:
                        collection = calendar.objects_by_sync_token(sync_token=sync_token, load_objects=False)
                        token = collection.sync_token
                        objects = list(collection)
                        gone = set(getattr(collection, "deleted_urls", None) or ())
                        listed = True
                    except ItineraryError:
                        raise
                    except Exception:  # noqa: BLE001 - no sync support here: list everything, compare ETags
                        objects, token, listed = list(calendar.events()), None, False
            except TooManyItems as err:
                raise self._too_many(err.count, limit) from None
            if len(objects) > limit:
                raise self._too_many(len(objects), limit)
            out = []
            for obj in objects:
                if listed and obj.url.canonical() not in gone:
                    with contextlib.suppress(dav_error.NotFoundError):  # deleted since it was listed
                        obj.load()
                data = getattr(obj, "data", None)
                body = data.encode("utf-8") if isinstance(data, str) else data
                out.append((str(obj.url), getattr(obj, "etag", None), body))
        return out, token


# --- publish ------------------------------------------------------------------------------


@dataclass
class PublishResult:
    """What a publish did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: list[str] = field(default_factory=list)
    """UIDs changed on the server since our last sync: not overwritten."""
    stale: list[str] = field(default_factory=list)
    """UIDs on the server that the programme no longer has (deleted only with --prune)."""
    withheld: list[tuple[str, str]] = field(default_factory=list)
    """(UID, why) for events not sent because our copy lost text the server's holds."""


@dataclass(frozen=True)
class Outgoing:
    """One event to publish."""

    uid: str
    body: bytes
    """The event as a calendar of its own."""
    local: str
    """Fingerprint of our record."""
    sequence: int
    """Its SEQUENCE."""
    base: View
    """What iCalendar carries of it (kept as the merge base once the server has it)."""


def as_read_back(body: bytes, base: View) -> View:
    """The merge base as the caldav library will hand the server's copy back: it "repairs" some
    escapes (a backslash before a quote) on the way in, and a repair is not the other client's
    change. Our own view when the library leaves the body alone."""
    import caldav.lib.vcal as vcal

    from itinerary.core.calview import view_of_incoming
    from itinerary.formats import icsread

    try:
        fixed = vcal.fix(body.decode("utf-8"))  # type: ignore[no-untyped-call]
    except Exception:  # noqa: BLE001 - a library change of its own: keep our view
        return base
    fixed_bytes = fixed.encode("utf-8") if isinstance(fixed, str) else fixed
    if fixed_bytes.replace(b"\r\n", b"\n") == body.replace(b"\r\n", b"\n"):
        return base
    try:
        [item] = icsread.read_calendar(fixed_bytes, default_zone=base.zone or "UTC", window=_forever()).items
    except (icsread.CalendarError, ValueError):
        return base
    read_back = view_of_incoming(item, base)
    return View.from_json({
        **base.to_json(), "title": read_back.title, "notes": read_back.notes if base.notes is not None else None,
        "description": read_back.description, "location": read_back.location if base.location is not None else None,
    })


def _forever() -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(1900, 1, 1, tzinfo=dt.UTC), dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def publish(
    session: Session,
    state: RemoteState,
    outgoing: Sequence[Outgoing],
    *,
    prune: bool,
    limit: int,
    advance: Callable[[], None] = lambda: None,
) -> PublishResult:
    """Send what changed. An event is unchanged when the server has this fingerprint of it at
    this SEQUENCE (whether we sent it or pulled it from there).

    An event changed on the server since our last sync is not overwritten: it is reported as a
    conflict for ``pull`` to settle. Nor is one whose server copy holds text our record lost
    (see :func:`~itinerary.core.calview.lost_text`): it is withheld, and said.
    """
    calendar = session.calendar(create=True)
    result = PublishResult()
    base = str(calendar.url).rstrip("/") + "/"
    wanted = set()
    for item in outgoing:
        uid = item.uid
        wanted.add(uid)
        known = state.events.get(uid)
        sha = digest(item.body)
        if known is not None and (known.sha == sha or (known.local == item.local and known.sequence == item.sequence)):
            result.unchanged += 1
            if known.base is None:
                known.base = item.base
            advance()
            continue
        lost = lost_text(item.base, known.base) if known is not None and known.base is not None else None
        if lost is not None:
            result.withheld.append((uid, lost))
            advance()
            continue
        href = known.href if known else base + urllib.parse.quote(f"{uid}.ics", safe="")
        status, etag = session.put(href, item.body, etag=known.etag if known else None)
        if status == 412:
            result.conflicts.append(uid)
        else:
            if known is None:
                result.created += 1
            else:
                result.updated += 1
            state.events[uid] = Published(href, etag, sha, item.local, item.sequence, as_read_back(item.body, item.base))
        advance()
    for uid in sorted(set(state.events) - wanted):
        if not prune:
            result.stale.append(uid)
            continue
        status = session.delete(state.events[uid].href, etag=state.events[uid].etag)
        if status in (200, 204, 404):
            del state.events[uid]
            result.deleted += 1
        else:
            result.conflicts.append(uid)
    _refresh(session, state, limit=len(state.events) + limit)
    return result


def _refresh(session: Session, state: RemoteState, *, limit: int) -> None:
    """Learn the ETags the server gave our writes, and move the sync token past them, but only
    when nothing else changed meanwhile: others' changes must still reach the next pull."""
    items, token = session.changes(state.sync_token, limit=limit)
    by_href = {p.href: uid for uid, p in state.events.items()}
    others = False
    for href, etag, body in items:
        uid = by_href.get(href)
        if uid is not None and body is not None and etag and digest(body) == state.events[uid].sha:
            state.events[uid].etag = etag
        else:
            others = True
    if not others:
        state.sync_token = token


# --- pull ---------------------------------------------------------------------------------


@dataclass
class Pulled:
    """One event another client changed on the server."""

    uid: str
    href: str
    etag: str
    body: bytes | None
    """The server's calendar data, or None when it was deleted there."""


def pull(session: Session, state: RemoteState, *, limit: int) -> tuple[list[Pulled], str | None]:
    """What others changed on the server since our last sync (at most ``limit`` events), and
    the token after it."""
    from itinerary.formats import icsread

    items, token = session.changes(state.sync_token, limit=limit)
    by_href = {p.href: uid for uid, p in state.events.items()}
    changed = []
    for href, etag, body in items:
        uid = by_href.get(href)
        if body is None:
            if uid is not None:
                changed.append(Pulled(uid, href, etag or "", None))
            continue
        if uid is not None and (digest(body) == state.events[uid].sha or (etag and etag == state.events[uid].etag)):
            continue  # our own write
        if uid is None:
            uid = icsread.uid_of(body)
            if uid is None:
                continue
        changed.append(Pulled(uid, href, etag or "", body))
    return changed, token
