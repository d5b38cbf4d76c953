"""Aware moments and IANA zones: the only arithmetic on time the project does. Pure, no I/O.

An event keeps its local wall time in the IANA zone it names; the zone's rules come from the
IANA database through :mod:`zoneinfo`. Instants are compared and subtracted in UTC, never by
wall time, so a change of offset never shifts a meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from itinerary.errors import InvalidData
from itinerary.i18n import _, language
from itinerary.i18n.dates import korean

T = TypeVar("T")

UTC = ZoneInfo("UTC")
FIRST_YEAR = 1900
"""Earliest year a record, an option or an imported time may name."""
LAST_YEAR = 2200
"""Latest year a record, an option or an imported time may name."""


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC: compare instants this way, never by wall time."""
    return moment.astimezone(UTC)


CITIES = {
    "geneva": "Europe/Zurich", "bern": "Europe/Zurich", "lausanne": "Europe/Zurich", "washington": "America/New_York",
    "boston": "America/New_York", "ottawa": "America/Toronto", "san francisco": "America/Los_Angeles",
    "beijing": "Asia/Shanghai", "new delhi": "Asia/Kolkata", "delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
    "osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo", "busan": "Asia/Seoul", "sejong": "Asia/Seoul", "incheon": "Asia/Seoul",
    "hanoi": "Asia/Bangkok", "canberra": "Australia/Sydney", "the hague": "Europe/Amsterdam", "geneve": "Europe/Zurich",
    "frankfurt": "Europe/Berlin", "munich": "Europe/Berlin", "milan": "Europe/Rome", "barcelona": "Europe/Madrid",
    "strasbourg": "Europe/Paris", "new york": "America/New_York", "abu dhabi": "Asia/Dubai", "cape town": "Africa/Johannesburg",
}
"""Cities people name for a zone whose IANA name is another city's."""


def zone_hint(name: str) -> str | None:
    """The IANA zone probably meant by ``name``: its right spelling, the zone of a city named
    after the region ('Europe/Geneva' → Europe/Zurich), or a close spelling."""
    import difflib
    from zoneinfo import available_timezones

    text = str(name).strip()
    known = available_timezones()
    folded = {z.casefold(): z for z in known}
    if text.casefold() in folded:
        return folded[text.casefold()]
    city = text.rsplit("/", 1)[-1].replace("_", " ").casefold()
    if city in CITIES:
        return CITIES[city]
    close = difflib.get_close_matches(text, sorted(known), n=1, cutoff=0.8)
    return close[0] if close else None


def zone(name: str, *, field_name: str = "zone") -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is invalid data naming the zone probably meant."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name or "\x00" in name:
        raise InvalidData(_("unknown time zone {name!r:.60}", name=name), field=field_name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        hint = zone_hint(name)
        if hint:
            raise InvalidData(_("unknown time zone {name!r:.60} (did you mean {hint}?)", name=name, hint=hint), field=field_name) from None
        raise InvalidData(_("unknown time zone {name!r:.60} (use an IANA name such as Asia/Seoul)", name=name), field=field_name) from None


def in_range(value: dt.date, field_name: str) -> None:
    """Refuse a date outside the years :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidData(_("{value} is outside the years {first}-{last} this tool plans for", value=value.isoformat(), first=FIRST_YEAR,
                            last=LAST_YEAR), field=field_name)


def shift(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``moment`` plus an elapsed ``delta``, in the same zone (Python's ``+`` on an aware
    datetime adds wall-clock time, which is wrong across a change of offset)."""
    return (utc(moment) + delta).astimezone(moment.tzinfo)


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Elapsed time from ``start`` to ``end`` (not the difference of their wall times)."""
    return utc(end) - utc(start)


def minutes(delta: dt.timedelta) -> int:
    """Whole minutes of ``delta`` (rounded down)."""
    return int(delta.total_seconds() // 60)


def localize(wall: dt.datetime, zone_name: str, *, field_name: str = "start") -> dt.datetime:
    """The wall time ``wall`` (naive) in the zone ``zone_name``, refusing a time that zone skips.

    A wall time that occurs twice (the hour repeated when daylight saving ends) is taken at its
    first occurrence.
    """
    tz = zone(zone_name, field_name="zone")
    in_range(wall, field_name)
    moment = wall.replace(tzinfo=tz, fold=0)
    if utc(moment).astimezone(tz).replace(tzinfo=None) != wall:
        raise InvalidData(_("{time} does not exist in {zone} (clocks skip it)", time=wall_text(wall), zone=zone_name), field=field_name)
    return moment


def wall_text(moment: dt.datetime) -> str:
    """A wall time inside a message, as the interface's language writes it: '2026-05-22 14:00'
    (Korean '2026년 5월 22일(금) 14:00')."""
    return korean(moment) if language() == "ko" else f"{moment:%Y-%m-%d %H:%M}"


def midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The first moment of the local ``day`` in ``tz`` (a day may start at 01:00 where clocks skip midnight)."""
    moment = dt.datetime.combine(day, dt.time(), tz)
    if utc(moment).astimezone(tz).replace(tzinfo=None) != moment.replace(tzinfo=None):
        moment = utc(moment).astimezone(tz)
    return moment


def aware(value: object, tz: ZoneInfo, field_name: str) -> dt.datetime:
    """``value`` as an aware datetime in ``tz``; a naive or missing time is invalid data."""
    if not isinstance(value, dt.datetime):
        raise InvalidData(_("expected a date and time"), field=field_name)
    if value.tzinfo is None:
        raise InvalidData(_("time has no time zone"), field=field_name)
    in_range(value, field_name)
    # through UTC, so a wall time the zone skips (a calendar may name one) becomes the moment
    # it means, read with the offset before the gap as RFC 5545 says: the same time a record
    # of the event gives back
    return value.astimezone(dt.UTC).astimezone(tz)


_MAKERS: dict[type, Callable[..., object]] = {}


def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    """How to set one field of a frozen instance: its slot's own descriptor (twice as fast as
    ``object.__setattr__``), or ``object.__setattr__`` for a class without slots."""
    slot = cls.__dict__.get(name)
    if slot is not None and hasattr(slot, "__set__"):
        return slot.__set__  # type: ignore[no-any-return]
    return lambda instance, value: object.__setattr__(instance, name, value)


def _maker(cls: type) -> Callable[..., object]:
    """A function that makes an instance of ``cls`` from the values of its fields, setting each
    in one straight line (a loop over the fields costs three times as much: a warm read of
    100,000 events makes 100,000)."""
    setters = [_setter(cls, name) for name in cls.__dataclass_fields__]  # type: ignore[attr-defined]
    values = ", ".join(f"v{i}" for i in range(len(setters)))
    lines = "".join(f"    s{i}(o, v{i})\n" for i in range(len(setters)))
    scope: dict[str, object] = {"new": object.__new__, "cls": cls, **{f"s{i}": s for i, s in enumerate(setters)}}
    exec(f"def make({values}):\n    o = new(cls)\n{lines}    return o\n", scope)  # a fixed text: positions only
    return scope["make"]  # type: ignore[return-value]


def maker(cls: type[T]) -> Callable[..., T]:
    """A function that makes an instance of the frozen dataclass ``cls`` from the values of
    its fields, in their order, without ``__post_init__``: for values known to be right (a
    cache's, the engine's findings), made by the hundred thousand."""
    make = _MAKERS.get(cls)
    if make is None:
        make = _MAKERS[cls] = _maker(cls)
    return make  # type: ignore[return-value]
