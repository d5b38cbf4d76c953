"""The ``itinerary`` command line: thin commands that load, call the library and render.

The commands live in :mod:`.reading`, :mod:`.editing`, :mod:`.calendar`, :mod:`.shared`,
:mod:`.records`, :mod:`.book`, :mod:`.visit`, :mod:`.directory`, :mod:`.office`, :mod:`.board` and :mod:`.planning`, each
module imported only when one of its commands runs (see :data:`.app.COMMANDS`).
"""

from itinerary.cli.app import app

__all__ = ["app"]
