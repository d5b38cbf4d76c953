"""Where an office's folders are: the office a visit folder belongs to, and its visits.

An office folder holds ``office.toml``, the shared directory (``people.toml``, ``venues.toml``)
and one sub-folder per visit (a folder holding ``visit.toml``). Symbolic links are never
followed into or out of an office.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from itinerary.errors import StorageError
from itinerary.formats.officefile import OFFICE_FILE
from itinerary.i18n import _

VISIT_FILE = "visit.toml"


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False
    except OSError as err:
        raise StorageError(_("cannot use {path}: {reason}", path=path, reason=err.strerror)) from None


def is_office(folder: Path) -> bool:
    """True when ``folder`` is an office (it holds office.toml and is not itself a visit)."""
    return _regular(folder / OFFICE_FILE) and not _regular(folder / VISIT_FILE)


def office_of(visit_folder: Path) -> Path | None:
    """The office a visit folder belongs to (its parent, when that is an office), if any."""
    folder = Path(os.path.abspath(visit_folder))
    if folder.parent == folder or os.path.islink(folder):
        return None
    return folder.parent if is_office(folder.parent) else None


def visit_folders(office: Path) -> list[Path]:
    """The visits of an office, sorted by folder name (symbolic links are not visits)."""
    try:
        entries = sorted(os.scandir(office), key=lambda e: e.name)
    except OSError as err:
        raise StorageError(_("cannot read the office folder {folder}: {reason}", folder=office, reason=err.strerror)) from None
    return [Path(e.path) for e in entries
            if not e.name.startswith(".") and e.is_dir(follow_symlinks=False) and _regular(Path(e.path) / VISIT_FILE)]
