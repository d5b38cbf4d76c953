"""A pause of Python's cyclic garbage collector around work that makes objects by the
hundred thousand and no cycles: the conflict engine's findings, and the report of a check that
writes a message for each of them. The collector would walk the whole programme again and again
meanwhile (a third of the engine's time at 100,000 events)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the work in the block. On resuming, the
    objects made meanwhile go straight to the oldest generation (``freeze`` then ``unfreeze``,
    as the gc module documents them): they are results, not garbage. Where the caller froze objects on purpose,
    or paused the collector itself, it is left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
