"""The board's clock: the real time, or a simulated one for rehearsals and tests.

A simulated clock starts at a given moment and runs ``speed`` times as fast as real time
(0 stops it). The board reads it and passes the moment into the core, which never reads a clock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from itinerary.i18n import _
from itinerary.model import shift


class Clock:
    """The time the board shows."""

    def __init__(
        self, start: dt.datetime | None = None, speed: float = 1.0, *,
        real: Callable[[], float] = time.monotonic, wall: Callable[[], dt.datetime] | None = None,
    ) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("a simulated clock starts at an aware moment")
        if speed < 0:
            raise ValueError("a clock cannot run backwards")
        self.start = start
        self.speed = speed
        self._real = real
        self._wall = wall or (lambda: dt.datetime.now(dt.UTC))
        self._origin = real()

    @property
    def simulated(self) -> bool:
        """True when the board runs at a simulated time."""
        return self.start is not None

    def now(self) -> dt.datetime:
        """The current moment (aware)."""
        if self.start is None:
            return self._wall()
        elapsed = (self._real() - self._origin) * self.speed
        return shift(self.start, dt.timedelta(seconds=elapsed))

    def note(self) -> str:
        """How the header names a simulated clock ('' for the real one)."""
        if self.start is None:
            return ""
        if self.speed == 0:
            return _("simulated time, stopped")
        return _("simulated time") if self.speed == 1 else _("simulated time, ×{speed}", speed=format(self.speed, "g"))
