"""Who made a change on another replica of the visit, as a sync takes it in. Pure.

Apart from :mod:`.journal`, whose changes may carry it (``Change.by``): only a team's sync and a
journal line that holds one build it, so a command that does neither never builds its class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Authored:
    """A change made on another replica of the visit and taken in by a sync: who, when, which fields."""

    who: str
    """The officer who made it (their --by)."""
    when: dt.datetime
    """When they made it (UTC)."""
    fields: tuple[str, ...] = ()
    """The fields it changed."""
