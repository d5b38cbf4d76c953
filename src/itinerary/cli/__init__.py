"""The ``itinerary`` command line: thin commands that load, call the library and render.

The commands live in :mod:`.reading`, :mod:`.editing`, :mod:`.calendar`, :mod:`.shared`,
:mod:`.records` and :mod:`.book`; importing them registers them on :data:`app`.
"""

from itinerary.cli import book, calendar, directory, editing, planning, reading, records, shared, visit  # noqa: F401  (registers the commands)
from itinerary.cli.app import app

__all__ = ["app"]
