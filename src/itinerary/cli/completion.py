"""Shell completion (bash, zsh, fish: `itinerary --install-completion`) of what the data folder
holds: event ids, people, venues, contacts, and of zones and every closed set.

Completers read the folder cheaply (file names, the people and venue tables) and never fail:
a folder that cannot be read completes nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itinerary.cli.folder import discover
from itinerary.model import KINDS, STATUSES, VISIBILITIES

SPECIAL = ("visit", "people", "venues")


def _folder(ctx: Any) -> Path:
    root = ctx.find_root()
    data = (root.params or {}).get("data") or os.environ.get("ITINERARY_DATA")
    return Path(data) if data else discover(Path.cwd())


def _table(ctx: Any, name: str, key: str, file: str) -> list[str]:
    import tomllib  # only when completing: a command that runs never reads TOML with it

    with contextlib.suppress(OSError, tomllib.TOMLDecodeError, ValueError, AttributeError, TypeError):
        data = tomllib.loads((_folder(ctx) / file).read_text(encoding="utf-8"))
        return [str(row["id"]) for row in data.get(key, []) if isinstance(row, dict) and "id" in row]
    return []


def events(ctx: Any, incomplete: str) -> list[str]:
    """Event ids: the record files of the data folder."""
    with contextlib.suppress(OSError):
        names = sorted(p.stem for p in _folder(ctx).glob("*.toml") if not p.name.startswith("."))
        return [n for n in names if n not in SPECIAL and n.startswith(incomplete)]
    return []


def people(ctx: Any, incomplete: str) -> list[str]:
    """Person ids (a comma-separated list completes its last id)."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + p for p in _table(ctx, "people", "people", "people.toml") if p.startswith(last)]


def venues(ctx: Any, incomplete: str) -> list[str]:
    """Venue ids."""
    return [v for v in _table(ctx, "venues", "venues", "venues.toml") if v.startswith(incomplete)]


def contacts(ctx: Any, incomplete: str) -> list[str]:
    """The office's contact ids (a comma-separated list completes its last id)."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + c for c in _table(ctx, "contacts", "contacts", "visit.toml") if c.startswith(last)]


def zones(ctx: Any, incomplete: str) -> list[str]:
    """IANA zone names."""
    from zoneinfo import available_timezones

    folded = incomplete.casefold()
    return sorted(z for z in available_timezones() if z.casefold().startswith(folded))


def audiences(ctx: Any, incomplete: str) -> list[str]:
    """full, public, person:ID."""
    options = ["full", "public", *(f"person:{p}" for p in _table(ctx, "people", "people", "people.toml"))]
    return [o for o in options if o.startswith(incomplete)]


def one_of(values: tuple[str, ...]) -> Callable[[Any, str], list[str]]:
    """A completer of a closed set."""
    return lambda ctx, incomplete: [v for v in values if v.startswith(incomplete)]


OPTIONS: dict[str, Callable[[Any, str], list[str]]] = {
    "--person": people, "--with": people, "--guest": people, "--venue": venues, "--contact": contacts,
    "--tz": zones, "--zone": zones, "--home-zone": zones, "--second-zone": zones, "--assume-zone": zones,
    "--kind": one_of(KINDS), "--status": one_of(STATUSES), "--visibility": one_of(VISIBILITIES),
    "--audience": audiences, "--lang": one_of(("en", "ko", "both")), "--format": one_of(("table", "markdown")),
}
ARGUMENTS: dict[str, Callable[[Any, str], list[str]]] = {
    "event_id": events, "person_id": people, "venue_id": venues, "contact_id": contacts, "origin": venues, "destination": venues,
}


def attach(command: Any) -> None:
    """Give every parameter of ``command`` (and of its sub-commands) its completer."""
    for sub in getattr(command, "commands", {}).values():
        attach(sub)
    for param in getattr(command, "params", []):
        completer = ARGUMENTS.get(param.name) if param.param_type_name == "argument" else next(
            (OPTIONS[o] for o in param.opts if o in OPTIONS), None)
        if completer is not None and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = _wrapped(completer)


def _wrapped(completer: Callable[[Any, str], list[str]]) -> Callable[[Any, Any, str], list[str]]:
    return lambda ctx, param, incomplete: completer(ctx, incomplete)
