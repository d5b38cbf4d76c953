"""Has anything changed on the server? One PROPFIND (RFC 4918) per folder of collections, asking
each collection's CTag (the change tag CalDAV and CardDAV servers keep; the sync token of RFC 6578
where a server has none), with the standard library's HTTP client. One property only: a server
computes either from the collection's items, so asking both costs it twice.

This is what a sync with nothing to do costs: the calendar and the address books of a visit
usually live in one home folder, so one request answers for all of them. It is kept apart from
the CalDAV session so that such a sync starts no HTTP library of size: the caldav library is
loaded only when there is something to fetch or send. Bounded like every read of a server: the
answer's size, and the time (``ITINERARY_TIMEOUT``).
"""

from __future__ import annotations

import base64
import http.client
import ssl
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from itinerary.errors import RemoteAuthError, RemoteServerError, RemoteTimeout, RemoteUnreachable
from itinerary.i18n import _
from itinerary.sync.target import Target, timeout
from itinerary.sync.transport import in_time

MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""Largest answer read."""
_CTAG = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">'
    "<D:prop><CS:getctag/></D:prop></D:propfind>"
)
_TOKEN = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>'


def path_of(href: str) -> str:
    """A server path as compared everywhere: without scheme and host, percent-decoded."""
    return urllib.parse.unquote(urllib.parse.urlsplit(href).path)


def parent(collection: str) -> str:
    """The folder a collection is in."""
    return collection.rstrip("/").rsplit("/", 1)[0] + "/"


def probe(where: Target, collections: Sequence[str]) -> dict[str, str]:
    """Each collection's CTag (or sync token when the server keeps no CTag), by path."""
    found: dict[str, str] = {}
    wanted = {c.rstrip("/") + "/" for c in collections}
    for folder in sorted({parent(c) for c in wanted}):
        answer = _ask(where, folder, _CTAG)
        if not wanted <= answer.keys():  # no CTag there: the sync token
            answer |= _ask(where, folder, _TOKEN)
        found.update({k: v for k, v in answer.items() if k in wanted})
    return found


def _ask(where: Target, folder: str, body: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(where.url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or ""
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout(), context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout())
    headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
    if where.user is not None:
        token = base64.b64encode(f"{where.user}:{where.password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    def exchange() -> tuple[int, bytes]:
        try:
            connection.request("PROPFIND", urllib.parse.quote(folder, safe="/@:+,;=-._~"), body.encode("utf-8"), headers)
            response = connection.getresponse()
            return response.status, response.read(MAX_ANSWER_BYTES + 1)
        except TimeoutError:
            raise RemoteTimeout(_("{server}: no answer within {seconds:g} s", server=where.url, seconds=timeout())) from None
        except (http.client.LineTooLong, http.client.HTTPException) as err:
            if isinstance(err, http.client.LineTooLong) or "headers" in str(err):
                raise RemoteServerError(_("{server}: the answer's headers are over the limit", server=where.url)) from None
            raise RemoteServerError(_("{server}: the server's answer could not be understood", server=where.url)) from None
        except (ConnectionError, OSError):
            raise RemoteUnreachable(_("{server}: cannot connect (is the server running and the address right?)", server=where.url)) from None

    try:  # the whole answer within ITINERARY_TIMEOUT, not each read: a server trickling bytes is not waited on
        status, data = in_time(exchange, time.monotonic() + timeout(), where.url, timeout())
    finally:
        connection.close()
    if status in (401, 403):
        raise RemoteAuthError(_("{server}: not allowed", server=where.url) if status == 403 else
                              _("{server}: user name or password refused", server=where.url))
    if len(data) > MAX_ANSWER_BYTES:
        raise RemoteServerError(_("{server}: the server's answer is over the limit of {n} MB", server=where.url, n=MAX_ANSWER_BYTES // (1024 * 1024)))
    if status != 207:
        raise RemoteServerError(_("{server}: the server answered with an error (HTTP {status})", server=where.url, status=status))
    return _tokens(data, where.url)


def _tokens(data: bytes, url: str) -> dict[str, str]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise RemoteServerError(_("{server}: the server's answer could not be understood", server=url)) from None
    found = {}
    for response in root.iter("{DAV:}response"):
        href = response.findtext("{DAV:}href") or ""
        values = {}
        for propstat in response.iter("{DAV:}propstat"):
            if "200" not in (propstat.findtext("{DAV:}status") or ""):
                continue
            for name in ("{DAV:}sync-token", "{http://calendarserver.org/ns/}getctag"):
                text = propstat.findtext(f"{{DAV:}}prop/{name}")
                if text:
                    values[name] = text.strip()
        value = values.get("{DAV:}sync-token") or values.get("{http://calendarserver.org/ns/}getctag")
        if value:
            found[path_of(href).rstrip("/") + "/"] = value
    return found
