"""Which data folder a command works on when none is named (``--data`` or ``ITINERARY_DATA``).

Its own module so that both the command line (:mod:`.app`) and shell completion
(:mod:`.completion`) find the folder the same way without importing each other.
"""

from __future__ import annotations

from pathlib import Path


def discover(start: Path) -> Path:
    """The data folder when none is named: the nearest folder upwards holding visit.toml or
    office.toml (as git finds .git), then ./events."""
    for folder in (start, *start.parents):
        if (folder / "visit.toml").is_file() or (folder / "office.toml").is_file():
            return folder
    return Path("events")
