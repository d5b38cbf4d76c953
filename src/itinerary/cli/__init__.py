"""The ``itinerary`` command line: thin commands that load, compute and render.

The commands live in :mod:`~itinerary.cli.reading` and :mod:`~itinerary.cli.editing`; importing
them registers them on :data:`app`.
"""

from itinerary.cli import editing, reading  # noqa: F401  (registers the commands)
from itinerary.cli.common import app

__all__ = ["app"]
