"""The ``itinerary`` command line: thin commands that load, compute and render.

The commands live in :mod:`~itinerary.cli.reading`, :mod:`~itinerary.cli.editing` and
:mod:`~itinerary.cli.calendar`; importing
them registers them on :data:`app`.
"""

from itinerary.cli import book, calendar, editing, reading, records, shared  # noqa: F401  (registers the commands)
from itinerary.cli.common import app

__all__ = ["app"]
