"""Independent iCalendar parsers, run by the tests on what we export: icalendar (strict: no
property it could not read), vobject (validating), ical (pydantic models), recurring-ical-events
(expansion) and khal (its own `import`, into a fresh vdir). All are test dependencies: no test
needs a file outside the repository."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KHAL_CONFIG = """[calendars]
[[check]]
path = {cal}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC
[sqlite]
path = {db}
[default]
default_calendar = check
"""


def icalendar_strict(data: bytes) -> list[str]:
    """What icalendar could not read (it keeps going and notes errors per component)."""
    import icalendar

    problems = []
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        for prop, err in getattr(component, "errors", []) or []:
            problems.append(f"{component.name}.{prop}: {err}")
    return problems


def vobject_events(data: bytes) -> int:
    """Events vobject reads, validating every component; raises on a problem."""
    import vobject

    count = 0
    for component in vobject.readComponents(data.decode("utf-8"), validate=True):
        for event in component.contents.get("vevent", []):
            count += 1
            _ = event.dtstart.value
            if hasattr(event, "dtend"):
                _ = event.dtend.value
        component.serialize()
    return count


def ical_events(data: bytes) -> list[tuple[str, dt.datetime | dt.date]]:
    """(UID, start) of each event the ical library reads (strict pydantic models)."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return [(str(e.uid), e.dtstart) for e in calendar.events]


def recurring_occurrences(data: bytes, start: dt.date, end: dt.date) -> list[tuple[str, dt.datetime | dt.date]]:
    """(UID, start) of each occurrence recurring-ical-events finds between two days."""
    import icalendar
    import recurring_ical_events

    cal = icalendar.Calendar.from_ical(data)
    return [(str(o["UID"]), o["DTSTART"].dt) for o in recurring_ical_events.of(cal).between(start, end)]


def khal_import(path: Path) -> tuple[int, str]:
    """khal's own `import --batch` into a fresh vdir: (events stored, what it printed)."""
    command = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")
    base = [command] if command else [sys.executable, "-m", "khal"]
    with tempfile.TemporaryDirectory(prefix="itinerary-khal-") as folder:
        root = Path(folder)
        (root / "cal").mkdir()
        config = root / "config"
        config.write_text(KHAL_CONFIG.format(cal=root / "cal", db=root / "khal.db"))
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_CACHE_HOME": folder,
               "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        result = subprocess.run([*base, "-c", str(config), "import", "--batch", "-a", "check", str(path.resolve())],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180, env=env)
        stored = sum(f.read_text("utf-8").count("BEGIN:VEVENT") for f in (root / "cal").glob("*.ics"))
        if result.returncode != 0:
            raise AssertionError(f"khal import failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return stored, result.stderr


def problems(*files: Path) -> list[str]:
    """What any of the five parsers finds wrong with each file, or where they disagree on how
    many events it holds; [] when every parser reads every file alike."""
    found = []
    for path in files:
        data = path.read_bytes()
        try:
            found += [f"{path.name}: icalendar: {p}" for p in icalendar_strict(data)]
            counts = {"icalendar": data.count(b"BEGIN:VEVENT"), "vobject": vobject_events(data), "ical": len(ical_events(data))}
            counts["khal"] = khal_import(path)[0]
        except Exception as err:  # noqa: BLE001 - any parser's failure is a finding
            found.append(f"{path.name}: {type(err).__name__}: {str(err)[:300]}")
            continue
        if len(set(counts.values())) != 1:
            found.append(f"{path.name}: the parsers disagree on the number of events: {counts}")
        try:
            recurring_occurrences(data, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
        except Exception as err:  # noqa: BLE001
            found.append(f"{path.name}: recurring-ical-events: {type(err).__name__}: {str(err)[:300]}")
    return found
