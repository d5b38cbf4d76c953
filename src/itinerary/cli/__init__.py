"""The ``itinerary`` command line: thin commands that load, call the library and render.

The commands live in :mod:`.reading`, :mod:`.editing`, :mod:`.calendar`, :mod:`.shared`,
:mod:`.records`, :mod:`.book`, :mod:`.visit`, :mod:`.directory`, :mod:`.office`, :mod:`.board` and :mod:`.planning`, each
module imported only when one of its commands runs (see :data:`.app.COMMANDS`).
"""

import gc

if gc.isenabled():
    # Importing the program makes tens of thousands of objects and no garbage: the cyclic
    # collector would only walk them again and again. It resumes when the command is found
    # (see app._Group.get_command), its module imported.
    gc.disable()
    from itinerary.cli import app as _app_module

    _app_module.PAUSED_FOR_IMPORTS = True

from itinerary.cli.app import app  # noqa: E402 - after the collector's pause

__all__ = ["app", "main"]


def main(prog_name: str | None = None) -> None:
    """The installed command: the app, then an exit that does not walk every object again.

    Python collects its cyclic garbage a last time as the process ends, walking every object
    the imports made (6 % of a reading command's instructions, the shipped visit's timeline
    included). Once the command is done, the young garbage is collected (its finalizers run)
    and everything left is frozen, so the collections at exit find nothing to walk. Only the
    process's own end does this: the app, called many times in one process (tests, a board),
    collects as usual."""
    try:
        app(prog_name=prog_name)
    finally:
        gc.collect(1)
        gc.freeze()
