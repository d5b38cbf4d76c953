"""Where a visit's calendars and books go, and whose a file there is.

One rule for a visit of its own and a visit of an office: a visit's exports go to
``exports/<visit id>/`` beside its folder (for a visit of an office, beside the office's visits),
so two visits kept side by side never meet in one file. Every calendar and book says which
visit wrote it (:mod:`itinerary.formats.marks`); writing over a file that another visit wrote is
refused unless forced, and the doctor names the visit a file belongs to.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from itinerary.errors import ConflictError
from itinerary.formats.marks import HEAD_BYTES, written_by
from itinerary.i18n import _
from itinerary.model import Visit
from itinerary.storage.files import read_head

EXPORTS = "exports"
"""The folder beside a visit (or beside an office's visits) that holds every visit's exports."""


def exports_folder(data: Path, visit: Visit) -> Path:
    """Where the visit kept in ``data`` writes its calendars and books by default."""
    beside = data.parent if data.name not in ("", ".", "..") else Path(os.path.abspath(data)).parent
    return beside / EXPORTS / visit.id


def owner(path: Path, *, follow: bool = False) -> str | None:
    """The id of the visit that wrote ``path``, or None (no such file, or no mark in it)."""
    head = read_head(path, HEAD_BYTES, follow=follow)
    return None if head is None else written_by(head)


def claim(paths: Iterable[Path], visit: Visit, *, force: bool = False, follow: bool = False) -> list[tuple[Path, str]]:
    """Make sure the visit may write ``paths``: a file another visit wrote is refused
    (ConflictError, nothing written) unless ``force``; returns what ``force`` replaces."""
    others = [(path, who) for path in paths if (who := owner(path, follow=follow)) is not None and who != visit.id]
    if others and not force:
        listed = "\n".join("  ✗ " + _("{path} is the visit {visit}'s", path=path, visit=who) for path, who in others)
        raise ConflictError(_("would write over {n} file(s) another visit wrote; nothing was written (--force replaces them with the "
                              "visit {visit}'s):\n{listed}", n=len(others), visit=visit.id, listed=listed))
    return others
