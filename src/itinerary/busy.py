"""Busy calendars: people's outside commitments, read from .ics files in the data folder.

A person's ``busy`` field in ``people.toml`` names an .ics file or a folder of them, relative to
the data folder. Their events count as that person's busy time in checks and free slots; they
are never exported. Recurring events are expanded over the checked window. Parsed calendars are
cached (see :mod:`itinerary.cache`), so only the first run after a change pays for the parse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from itinerary.cache import Cache, digest, stat_key
from itinerary.conflicts import Busy
from itinerary.errors import InvalidData
from itinerary.model import Person, Programme, utc

CALENDARS_FOLDER = "calendars"
"""Where ``itinerary busy add`` keeps the calendars it is given, inside the data folder."""
MAX_BUSY_BYTES = 50 * 1024 * 1024
"""Largest busy calendar read (a ministry's whole year fits many times over)."""


def sources(root: Path, person: Person) -> list[Path]:
    """The .ics files of ``person``'s busy calendar; the path never leaves the data folder."""
    if not person.busy:
        return []
    relative = PurePosixPath(person.busy.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise InvalidData(
            f"busy calendar {person.busy!r} of {person.id} must be a path inside the data folder",
            source=str(root / "people.toml"), field="busy",
        )
    path = root.joinpath(*relative.parts)
    if path.is_dir():
        return sorted(p for p in path.glob("*.ics") if p.is_file())
    if not path.is_file():
        raise InvalidData(f"busy calendar {path} of {person.id} not found", source=str(root / "people.toml"), field="busy")
    return [path]


def parse(data: bytes, person: str, zone: str, window: tuple[dt.datetime, dt.datetime], source: str) -> list[Busy]:
    """The busy intervals of one calendar file inside ``window``."""
    from itinerary import icsread

    if len(data) > MAX_BUSY_BYTES:
        raise InvalidData(f"file of {len(data)} bytes is over the limit of {MAX_BUSY_BYTES}", source=source)
    try:
        items = icsread.read_calendar(data, default_zone=zone, window=window)
    except icsread.CalendarError as err:
        where = f"line {err.line}: " if err.line else ""
        raise InvalidData(f"{where}{err}", source=source) from None
    busy = []
    for item in items:
        if item.status == "CANCELLED" or item.transparent:
            continue  # free time, or an appointment that will not happen
        if utc(item.end) <= utc(window[0]) or utc(item.start) >= utc(window[1]):
            continue
        busy.append(Busy(person, item.start, item.end, item.summary, item.uid))
    return busy


def load(root: Path, programme: Programme, cache: Cache | None, window: tuple[dt.datetime, dt.datetime] | None = None) -> list[Busy]:
    """Every person's busy intervals inside ``window`` (default: the visit)."""
    window = window or programme.visit.bounds()
    key = f"{utc(window[0]).isoformat()}/{utc(window[1]).isoformat()}"
    zone = programme.visit.zone
    found: list[Busy] = []
    for person in programme.people:
        for path in sources(root, person):
            name = str(path.relative_to(root))
            st = stat_key(path)
            cached = cache.busy_source(name) if cache is not None else None
            if cached is not None and cached[0] == st and cached[2] == key:
                found.extend(b for b in cache.busy(name, zone) if b.person == person.id)  # type: ignore[union-attr]
                continue
            try:
                data = path.read_bytes()
            except OSError as err:
                raise InvalidData(f"cannot read: {err.strerror}", source=str(path)) from None
            sha = digest(data)
            if cache is not None and cached is not None and cached[1] == sha and cached[2] == key:
                cache.touch_busy(name, st)
                found.extend(b for b in cache.busy(name, zone) if b.person == person.id)
                continue
            items = parse(data, person.id, zone, window, str(path))
            if cache is not None:
                cache.store_busy(name, person.id, key, st, sha, items)
            found.extend(items)
    return found
