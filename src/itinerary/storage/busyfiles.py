"""Busy calendars: people's outside commitments, read from .ics files in the data folder.

A person's ``busy`` field in ``people.toml`` names an .ics file or a folder of them, relative to
the data folder. Their events count as that person's busy time in checks and free slots; they
are never exported. Recurring events are expanded over the checked window only. Parsed
calendars are cached (see :mod:`.cache`), so only the first run after a change pays the parse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from itinerary.errors import InvalidData
from itinerary.i18n import _
from itinerary.model import Busy, Person, Programme, utc
from itinerary.storage.backend import Backend, FolderBackend
from itinerary.storage.cache import Cache, digest, stat_key
from itinerary.storage.files import check_name

CALENDARS_FOLDER = "calendars"
"""Where ``itinerary busy add`` keeps the calendars it is given, inside the data folder."""
MAX_BUSY_BYTES = 50 * 1024 * 1024
"""Largest busy calendar read (a ministry's whole year fits many times over)."""


def sources(backend: Backend, person: Person) -> list[str]:
    """The names of ``person``'s busy calendar files; never a path outside the data folder."""
    if not person.busy:
        return []
    relative = PurePosixPath(person.busy.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise InvalidData(
            _("busy calendar {path!r} of {person} must be a path inside the data folder", path=person.busy, person=person.id),
            source=backend.describe("people.toml"), field="busy",
        )
    name = check_name("/".join(relative.parts))
    inside = [f"{name}/{n}" for n in backend.listing(name) if n.endswith(".ics")]
    if inside:
        return inside
    if backend.read(name, limit=MAX_BUSY_BYTES) is None:
        raise InvalidData(_("busy calendar {path} of {person} not found", path=backend.describe(name), person=person.id), source=backend.describe("people.toml"),
                          field="busy")
    return [name]


def parse(data: bytes, person: str, zone: str, window: tuple[dt.datetime, dt.datetime], source: str) -> tuple[list[Busy], list[str]]:
    """The busy intervals of one calendar file inside ``window``, and what was left out (a series
    too costly to expand)."""
    from itinerary.formats import icsread

    if len(data) > MAX_BUSY_BYTES:
        raise InvalidData(_("file of {size} bytes is over the limit of {limit}", size=len(data), limit=MAX_BUSY_BYTES), source=source)
    try:
        reading = icsread.read_calendar(data, default_zone=zone, window=window, brief=True)
    except icsread.CalendarError as err:
        raise InvalidData(err.located(), source=source) from None
    busy = []
    first, after = utc(window[0]), utc(window[1])
    for item in reading.items:
        if item.status == "CANCELLED" or item.transparent:
            continue  # free time, or an appointment that will not happen
        if utc(item.end) <= first or utc(item.start) >= after:
            continue
        busy.append(Busy(person, item.start, item.end, item.summary, item.uid))
    return busy, reading.notes


def load(backend: Backend, programme: Programme, cache: Cache | None, window: tuple[dt.datetime, dt.datetime] | None = None) -> list[Busy]:
    """Every person's busy intervals inside ``window`` (default: the visit)."""
    window = window or programme.visit.bounds()
    key = f"{utc(window[0]).isoformat()}/{utc(window[1]).isoformat()}"
    zone = programme.visit.zone
    folder = backend.root if isinstance(backend, FolderBackend) else None
    if folder is None:
        cache = None
    found: list[Busy] = []
    for person in programme.people:
        for name in sources(backend, person):
            st = stat_key(folder / name) if folder is not None and cache is not None else None
            cached = cache.busy_source(name) if cache is not None else None
            if cache is not None and cached is not None and cached[0] == st and cached[2] == key:
                found.extend(b for b in cache.busy(name, zone) if b.person == person.id)
                continue
            data = backend.read(name, limit=MAX_BUSY_BYTES) or b""
            sha = digest(data)
            if cache is not None and st is not None and cached is not None and cached[1] == sha and cached[2] == key:
                cache.touch_busy(name, st)
                found.extend(b for b in cache.busy(name, zone) if b.person == person.id)
                continue
            items, _ = parse(data, person.id, zone, window, backend.describe(name))
            if cache is not None and st is not None:
                cache.store_busy(name, person.id, key, st, sha, items)
            found.extend(items)
    return found
