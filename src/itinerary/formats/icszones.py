"""Which time zone a calendar file's time is in: right, or refused — never guessed. Pure.

A TZID that is an IANA name (with stray spaces or quotes, or behind a vendor prefix such as
``/mozilla.org/20050126_1/``) or a Windows name (Outlook) is that zone. Otherwise the file's own
VTIMEZONE of that TZID defines it: its rules give the instants, and the IANA zone whose offsets
agree all year is named for it (or, for a fixed offset, ``Etc/GMT±h``; failing both, the
calendar's zone shows the right instants, and the notice says so). A TZID that is neither is
refused, unless the officer says which zone to assume. A time without a TZID is floating: it is
placed in the calendar's zone (X-WR-TIMEZONE) or the visit's, and the notice says so.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from itinerary.formats.icstext import CalendarError
from itinerary.i18n import _

REGIONS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


def definitions(cal: Any) -> dict[str, dt.tzinfo]:
    """The own VTIMEZONEs of the calendar ``cal`` (an icalendar Calendar) as tzinfos, by TZID
    (one that cannot be read defines nothing)."""
    import icalendar

    found: dict[str, dt.tzinfo] = {}
    for component in cal.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", "") or "").strip().strip('"')
        if not isinstance(component, icalendar.Timezone):
            continue
        try:
            found[tzid] = component.to_tz()
        except Exception:  # noqa: BLE001,S112 - an unreadable definition: its TZID stays undefined
            continue
    return found


@functools.cache
def _windows() -> dict[str, str]:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return {k.casefold(): v for k, v in WINDOWS_TO_OLSON.items()}


@functools.lru_cache(maxsize=1024)
def _is_zone(name: str) -> bool:
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


@functools.lru_cache(maxsize=1024)
def iana_zone(tzid: str) -> str | None:
    """The IANA zone a TZID names: itself, a Windows name's zone, or the zone behind a vendor
    prefix; None when it names none."""
    name = tzid.strip().strip('"').strip()
    if _is_zone(name):
        return name
    windows = _windows().get(name.casefold())
    if windows:
        return windows
    parts = [p for p in name.split("/") if p]
    for size in (3, 2):
        if len(parts) > size:
            tail = "/".join(parts[-size:])
            if _is_zone(tail):
                return tail
    return None


@functools.cache
def _candidates() -> tuple[str, ...]:
    """IANA zones to match a file's own VTIMEZONE against: the main zones first (those Windows
    names stand for), then every other regional zone, each group sorted."""
    main = sorted(set(_windows().values()))
    rest = sorted(z for z in available_timezones() if z.startswith(REGIONS) and z not in main)
    return tuple(z for z in (*main, *rest) if _is_zone(z))


def _samples(year: int) -> list[dt.datetime]:
    start = dt.datetime(year, 1, 1, 12, tzinfo=dt.UTC)
    return [start + dt.timedelta(days=d) for d in range(0, 366, 3)]


def suggested(tzid: str) -> tuple[str, ...]:
    """IANA zones a TZID's words point to: the zones of Windows names like it ('Eastern Time
    (custom)' → America/New_York), then zones whose city it names ('… Bangkok, Hanoi' → Asia/Bangkok)."""
    import difflib

    windows = _windows()
    close = difflib.get_close_matches(tzid.casefold(), list(windows), n=5, cutoff=0.45)
    found = [windows[name] for name in close]
    words = {w.strip(" ,()").casefold() for w in tzid.replace("/", " ").replace(",", " ").split()}
    found += [z for z in _candidates() if z.rsplit("/", 1)[-1].replace("_", " ").casefold() in words]
    return tuple(dict.fromkeys(found))


def match(tz: dt.tzinfo, year: int, prefer: str = "", tzid: str = "") -> str | None:
    """The IANA zone whose offsets equal ``tz``'s through ``year``: one the TZID's words point
    to first, then ``prefer``, then the main zones; a fixed offset no zone has: Etc/GMT±h."""
    samples = _samples(year)
    wanted = [moment.astimezone(tz).utcoffset() for moment in samples]
    first = wanted[0]
    for name in suggested(tzid) + ((prefer,) if prefer else ()) + _candidates():
        zone = ZoneInfo(name)
        if samples[0].astimezone(zone).utcoffset() != first:
            continue
        if all(m.astimezone(zone).utcoffset() == w for m, w in zip(samples, wanted, strict=True)):
            return name
    if first is not None and len(set(wanted)) == 1 and first.total_seconds() % 3600 == 0:
        hours = int(first.total_seconds() // 3600)
        name = "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX sign: Etc/GMT-9 is UTC+9
        return name if _is_zone(name) else None
    return None


def _renamed(tzid: str | None, zone: str) -> str:
    """A note when a TZID is not the IANA name it was read as (a Windows name, a vendor prefix)."""
    if not tzid or tzid.strip().strip('"').strip() == zone:
        return ""
    if tzid.strip().strip('"').strip().casefold() in _windows():
        return _("TZID {tzid!r} (a Windows name) read as {zone}", tzid=tzid, zone=zone)
    return _("TZID {tzid!r} (behind a vendor prefix) read as {zone}", tzid=tzid, zone=zone)


@dataclass(frozen=True)
class Placed:
    """A time of the file, placed: the aware moment, the IANA zone to keep it in, and how."""

    moment: dt.datetime
    zone: str
    how: str
    """'zone' (an IANA, Windows or prefixed name), 'defined' (the file's VTIMEZONE), 'utc',
    'floating', or 'assumed'."""
    note: str = ""


class Zones:
    """Places the times of one calendar: its default zone, and what the officer assumes."""

    def __init__(self, default: str, assume: str | None = None, defined: dict[str, dt.tzinfo] | None = None) -> None:
        self.default = default
        self.assume = assume
        self.defined = defined or {}
        """The file's own VTIMEZONEs by TZID: only these define a TZID (a parser's memory of
        another file's definition never does)."""
        self._matched: dict[tuple[str, int], str | None] = {}

    def place(self, value: dt.datetime, tzid: str | None, what: Callable[[], str]) -> Placed:
        """``value`` (as icalendar read it) in a zone; ``what()`` names the event for a refusal
        (made only then: most times are placed without one)."""
        own = self.defined.get(tzid.strip().strip('"')) if tzid else None
        key = getattr(value.tzinfo, "key", None)
        if value.tzinfo is not None and not (isinstance(key, str) and _is_zone(key)) and own is None and tzid:
            value = value.replace(tzinfo=None)  # a definition this file does not hold: not to be trusted
        if own is not None and iana_zone(tzid or "") is None:
            value = value.replace(tzinfo=own)  # the wall time, with this file's own rules
        if value.tzinfo is None:
            if tzid:
                zone = iana_zone(tzid)
                if zone is not None:
                    return Placed(value.replace(tzinfo=ZoneInfo(zone)), zone, "zone", _renamed(tzid, zone))
                if self.assume is None:
                    raise CalendarError(_("{what}: TZID {tzid!r} is neither a known time zone nor defined in the file "
                                          "(--assume-zone ZONE says which zone its times are in)", what=what(), tzid=tzid))
                return Placed(value.replace(tzinfo=ZoneInfo(self.assume)), self.assume, "assumed",
                              _("TZID {tzid!r} is not defined: read as {zone} (--assume-zone)", tzid=tzid, zone=self.assume))
            return Placed(value.replace(tzinfo=ZoneInfo(self.default)), self.default, "floating",
                          _("floating, read as {zone}", zone=self.default))
        key = getattr(value.tzinfo, "key", None)
        if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT") or (isinstance(value.tzinfo, dt.timezone) and value.utcoffset() == dt.timedelta(0)):
            # UTC ('Z'): the instant is exact; it is kept in the calendar's zone, where people read it
            return Placed(value.astimezone(ZoneInfo(self.default)), self.default, "utc")
        if isinstance(key, str) and _is_zone(key):
            return Placed(value, key, "zone", _renamed(tzid, key))
        if tzid:
            zone = iana_zone(tzid)
            if zone is not None:
                return Placed(value.astimezone(ZoneInfo(zone)), zone, "zone", _renamed(tzid, zone))
        # the file's own VTIMEZONE (or a fixed offset): its rules give the instant
        name = tzid or str(value.tzinfo)
        cache_key = (name, value.year)
        if cache_key not in self._matched:
            self._matched[cache_key] = match(value.tzinfo, value.year, prefer=self.default, tzid=name)
        matched = self._matched[cache_key]
        if matched is not None:
            return Placed(value.astimezone(ZoneInfo(matched)), matched, "defined",
                          _("TZID {tzid!r} defined in the file: read with its own rules, kept as {zone}", tzid=name, zone=matched))
        return Placed(value.astimezone(ZoneInfo(self.default)), self.default, "defined",
                      _("TZID {tzid!r} defined in the file: read with its own rules (no IANA zone has the same), shown in {zone}",
                        tzid=name, zone=self.default))
