"""The calendar and address books a team shares, on a CalDAV/CardDAV server, as a sync needs
them (the :class:`itinerary.changes.team.Server` interface).

What changed is asked with a sync-collection REPORT (RFC 6578) where the server keeps sync
tokens, and resources are fetched in batches (calendar-multiget, addressbook-multiget). Every
write carries If-Match with the ETag last read (If-None-Match for a new resource), so a write
that another officer's came before is refused by the server, never lost. Address books are
made with an extended MKCOL (RFC 5689) in the user's address-book home, as CardDAV servers
(Radicale, Xandikos, Nextcloud) and phones expect them. The caldav library carries the
requests (authentication, connection, timeouts); it is loaded only when a sync has something
to fetch or send — the one-request question whether anything changed is :mod:`.probe`'s.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Sequence
from html import escape
from typing import Any

from itinerary.changes.teambase import Listing, TooManyChanges
from itinerary.errors import NotFound, RemoteServerError
from itinerary.i18n import _
from itinerary.sync import probe as quick
from itinerary.sync.probe import path_of
from itinerary.sync.target import Target, timeout
from itinerary.sync.transport import Bounded, TooManyItems, bound, listing

BATCH = 100
"""Resources fetched per multiget."""
MAX_ANSWER_BYTES = 64 * 1024 * 1024
"""Largest answer believed."""
D, C, CR = "DAV:", "urn:ietf:params:xml:ns:caldav", "urn:ietf:params:xml:ns:carddav"
_XML = {"Content-Type": "application/xml; charset=utf-8"}


class DavServer:
    """One officer's session with the server."""

    def __init__(self, where: Target) -> None:
        self.where = where
        self._client: Any = None
        self._bounds: list[Bounded] = []
        self._homes: dict[str, str] = {}
        self.books: set[str] = set()
        """The collections that are address books (the others are calendars)."""
        self.requests = 0
        """How many requests this session made (for the benchmark)."""

    def __enter__(self) -> DavServer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            from itinerary.sync.caldav import _translated

            with _translated(self.where.url, self._bounds):
                self._client.close()

    def _connect(self) -> None:
        """The caldav library's client, every request it makes held to a deadline and to sizes."""
        if self._client is None:
            from caldav.davclient import DAVClient

            from itinerary.sync.caldav import _translated

            with _translated(self.where.url):
                self._client = DAVClient(self.where.url, username=self.where.user, password=self.where.password, auth_type="basic",
                                         timeout=math.ceil(timeout()))
                self._bounds = bound(self._client.session)

    def _request(self, path: str, method: str, body: str = "", headers: dict[str, str] | None = None) -> Any:
        from itinerary.sync.caldav import _translated

        self._connect()
        with _translated(self.where.url, self._bounds):
            self.requests += 1
            response = self._client.request(self._url(path), method, body, headers or {})
        if len(getattr(response, "_raw", b"") or b"") > MAX_ANSWER_BYTES:
            raise RemoteServerError(_("{server}: the server's answer is too large", server=self.where.url))
        return response

    def _url(self, path: str) -> str:
        parts = urllib.parse.urlsplit(self.where.url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, urllib.parse.quote(path, safe="/@:+,;=-._~"), "", ""))

    # --- the interface ------------------------------------------------------------------------

    def probe(self, collections: Sequence[str]) -> dict[str, str]:
        self.requests += len({quick.parent(c) for c in collections})
        return quick.probe(self.where, collections)

    def listing(self, collection: str, token: str | None, *, limit: int | None = None) -> Listing:
        if limit is None:
            return self._listing(collection, token)
        self._connect()
        try:
            with listing(self._bounds, limit + 1):  # the collection's own entry besides its resources
                return self._listing(collection, token)
        except TooManyItems as err:  # counted from the answer's bytes, before it is parsed
            raise TooManyChanges(err.count) from None

    def _listing(self, collection: str, token: str | None) -> Listing:
        body = (f'<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="{D}"><D:sync-token>{escape(token or "")}'
                "</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>")
        response = self._request(collection, "REPORT", body, {**_XML, "Depth": "1"})
        if response.status in (403, 409, 412) and token:  # the token expired: list everything
            return self._listing(collection, None)
        if response.status != 207:
            return self._everything(collection)
        changed, deleted = {}, []
        for href, status, props in _responses(response):
            path = path_of(href)
            if path.rstrip("/") == collection.rstrip("/"):
                continue
            if status == 404:
                deleted.append(path)
            elif props.get(f"{{{D}}}getetag") is not None:
                changed[path] = props[f"{{{D}}}getetag"]
        new_token = response.tree.findtext(f"{{{D}}}sync-token") if response.tree is not None else None
        return Listing(changed, tuple(deleted), new_token, complete=not token)

    def _everything(self, collection: str) -> Listing:
        """Every resource and its ETag (a server without sync tokens)."""
        body = f'<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="{D}"><D:prop><D:getetag/></D:prop></D:propfind>'
        response = self._request(collection, "PROPFIND", body, {**_XML, "Depth": "1"})
        if response.status != 207:
            raise RemoteServerError(_("{server}: listing {collection} failed (HTTP {status})", server=self.where.url, collection=collection,
                                       status=response.status))
        changed = {path_of(h): p[f"{{{D}}}getetag"] for h, s, p in _responses(response)
                   if path_of(h).rstrip("/") != collection.rstrip("/") and p.get(f"{{{D}}}getetag")}
        return Listing(changed, (), None, complete=True)

    def fetch(self, collection: str, hrefs: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        book = collection in self.books or any(h.endswith(".vcf") for h in hrefs)
        ns, query, data = (CR, "addressbook-multiget", "address-data") if book else (C, "calendar-multiget", "calendar-data")
        found: dict[str, tuple[str, bytes]] = {}
        for start in range(0, len(hrefs), BATCH):
            refs = "".join(f"<D:href>{escape(urllib.parse.quote(h, safe='/@:+,;=-._~'))}</D:href>" for h in hrefs[start:start + BATCH])
            body = (f'<?xml version="1.0" encoding="utf-8"?><X:{query} xmlns:D="{D}" xmlns:X="{ns}"><D:prop><D:getetag/>'
                    f"<X:{data}/></D:prop>{refs}</X:{query}>")
            self._connect()
            with listing(self._bounds, len(hrefs[start:start + BATCH]) + 1):  # an answer for each asked, no more
                response = self._request(collection, "REPORT", body, {**_XML, "Depth": "1"})
            if response.status != 207:
                raise RemoteServerError(_("{server}: fetching from {collection} failed (HTTP {status})", server=self.where.url,
                                           collection=collection, status=response.status))
            for href, status, props in _responses(response):
                text = props.get(f"{{{ns}}}{data}")
                etag = props.get(f"{{{D}}}getetag")
                if status == 200 and text is not None and etag:
                    found[path_of(href)] = (etag, text.encode("utf-8"))
        return found

    def put(self, href: str, body: bytes, *, etag: str | None, card: bool) -> tuple[bool, str]:
        headers = {"Content-Type": "text/vcard; charset=utf-8" if card else "text/calendar; charset=utf-8"}
        headers["If-None-Match" if etag is None else "If-Match"] = "*" if etag is None else etag
        response = self._request(href, "PUT", body.decode("utf-8"), headers)
        if response.status in (412, 404) or (response.status == 409 and etag is None):
            return False, ""
        if response.status not in (200, 201, 204):
            raise RemoteServerError(_("{server}: storing {href} failed (HTTP {status})", server=self.where.url, href=href, status=response.status))
        return True, str(response.headers.get("ETag", "") or "")

    def delete(self, href: str, *, etag: str) -> bool:
        response = self._request(href, "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status == 412:
            return False
        if response.status not in (200, 204, 404):
            raise RemoteServerError(_("{server}: deleting {href} failed (HTTP {status})", server=self.where.url, href=href, status=response.status))
        return True

    def collection(self, name: str, *, book: bool, create: bool) -> str:
        from itinerary.model import slugify

        home = self._home("addressbook-home-set" if book else "calendar-home-set", CR if book else C)
        path = home.rstrip("/") + "/" + slugify(name) + "/"
        response = self._request(path, "PROPFIND", f'<D:propfind xmlns:D="{D}"><D:prop><D:resourcetype/></D:prop></D:propfind>',
                                 {**_XML, "Depth": "0"})
        missing = response.status == 404 or (response.status == 207 and not any(st == 200 for _href, st, _props in _responses(response)))
        if missing:
            if not create:
                raise NotFound(_("{server}: no address book {name!r} there; the visit was not published to it", server=self.where.url, name=name)
                               if book else _("{server}: no calendar {name!r} there; the visit was not published to it",
                                              server=self.where.url, name=name))
            kind = f'<D:collection/><R:addressbook xmlns:R="{CR}"/>' if book else f'<D:collection/><X:calendar xmlns:X="{C}"/>'
            made = self._request(path, "MKCOL", f'<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="{D}"><D:set><D:prop>'
                                 f"<D:resourcetype>{kind}</D:resourcetype><D:displayname>{escape(name)}</D:displayname>"
                                 "</D:prop></D:set></D:mkcol>", _XML)
            if made.status not in (200, 201) and not book:
                made = self._request(path, "MKCALENDAR", "", {})
            if made.status not in (200, 201):
                raise RemoteServerError(_("{server}: making {name!r} failed (HTTP {status})", server=self.where.url, name=name, status=made.status))
        elif response.status != 207:
            raise RemoteServerError(_("{server}: looking for {name!r} failed (HTTP {status})", server=self.where.url, name=name,
                                       status=response.status))
        if book:
            self.books.add(path)
        return path

    def _home(self, prop: str, ns: str) -> str:
        if prop not in self._homes:
            from itinerary.sync.caldav import _translated

            with _translated(self.where.url):
                if self._client is None:
                    self._request("/", "OPTIONS")
                principal = self._client.principal()
            body = f'<D:propfind xmlns:D="{D}" xmlns:X="{ns}"><D:prop><X:{prop}/></D:prop></D:propfind>'
            response = self._request(path_of(str(principal.url)), "PROPFIND", body, {**_XML, "Depth": "0"})
            home = ""
            if response.tree is not None:
                for element in response.tree.iter(f"{{{ns}}}{prop}"):
                    home = element.findtext(f"{{{D}}}href") or ""
            self._homes[prop] = path_of(home) if home else path_of(str(principal.url))
        return self._homes[prop]

    def calendars(self) -> list[tuple[str, str]]:
        """The user's calendars: (path, name)."""
        home = self._home("calendar-home-set", C)
        body = f'<D:propfind xmlns:D="{D}"><D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>'
        response = self._request(home, "PROPFIND", body, {**_XML, "Depth": "1"})
        found = []
        for href, _status, props in _responses(response):
            kinds = props.get("resourcetype-children", "")
            if f"{{{C}}}calendar" in kinds:
                found.append((path_of(href).rstrip("/") + "/", props.get(f"{{{D}}}displayname") or ""))
        return found


def _responses(response: Any) -> list[tuple[str, int, dict[str, str]]]:
    """(href, status, {property: text}) of each response of a multistatus answer."""
    tree = response.tree
    if tree is None:
        return []
    out = []
    for element in tree.iter(f"{{{D}}}response"):
        href = element.findtext(f"{{{D}}}href") or ""
        status_text = element.findtext(f"{{{D}}}status") or ""
        props: dict[str, str] = {}
        ok = False
        for propstat in element.iter(f"{{{D}}}propstat"):
            if "200" not in (propstat.findtext(f"{{{D}}}status") or ""):
                continue
            ok = True
            for prop in propstat.iter(f"{{{D}}}prop"):
                for child in prop:
                    if child.tag == f"{{{D}}}resourcetype":
                        props["resourcetype-children"] = " ".join(str(c.tag) for c in child)
                    props[str(child.tag)] = child.text or ""
        status = 404 if "404" in status_text else (200 if ok or not status_text else int(status_text.split()[1]))
        out.append((href, status, props))
    return out
