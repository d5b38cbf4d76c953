"""The doctor: what is wrong with a data folder, what was repaired, and what to do about the rest."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itinerary.changes.library import Library
from itinerary.core import journal
from itinerary.errors import ExitCode, InvalidData, ItineraryError, NotFound, StorageError
from itinerary.formats import codec
from itinerary.model import Visit
from itinerary.storage.files import read_regular, temp_leftovers
from itinerary.storage.store import SPECIAL_FILES, Store


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    severity: str
    """'fixed', 'warning' or 'error'."""
    problem: str
    """What is (or was) wrong."""
    action: str
    """What to do about it (or what was done)."""


@dataclass(frozen=True)
class Report:
    """The doctor's report, and the exit code it ends with."""

    findings: tuple[Finding, ...]
    code: ExitCode


def examine(library: Library, exports_of: Callable[[Visit], Path] | None) -> Report:
    """Check and repair what can be repaired: leftovers of interrupted writes (in the data folder
    and in the visit's exports folder, ``exports_of`` its visit), an interrupted change (rolled
    back), a torn journal line."""
    store = library.store
    rows: list[Finding] = []
    code = ExitCode.OK
    with store.locked():
        for line in store.settled:
            rows.append(Finding("fixed", line, "the folder holds the whole change or none of it"))
        for name in store.backend.leftovers():
            store.backend.delete(name)
            rows.append(Finding("fixed", f"{store.backend.describe(name)} was left by an interrupted write", "removed; the file it was for is unchanged"))
    exports = None
    if exports_of is not None:
        with contextlib.suppress(ItineraryError):  # a visit.toml that cannot be read is reported below
            exports = exports_of(store.visit())
    if exports is not None:
        for path in temp_leftovers(exports):
            try:
                path.unlink()
            except OSError as err:
                rows.append(Finding("error", f"{path} was left by an interrupted export", f"remove it by hand ({err.strerror})"))
            else:
                rows.append(Finding("fixed", f"{path} was left by an interrupted export", "removed"))
    broken = problems(store)
    for source, message in broken:
        rows.append(Finding("error", message, f"correct {source or 'the file'} by hand (see the README for the format), or `itinerary undo` if a command made it"))
        code = ExitCode.INVALID_DATA
    try:
        loaded = store.journal()
    except ItineraryError as err:
        rows.append(Finding("error", str(err), "restore the journal from version control or a backup; the records are not affected"))
        loaded = journal.Journal()
        code = code or ExitCode.STORAGE
    for problem in journal.problems(loaded):
        rows.append(Finding("error", f"journal: {problem}", "restore the journal from version control or a backup"))
        code = code or ExitCode.STORAGE
    for name, text in sorted(journal.latest(loaded.entries).items()):
        try:
            current = store.file_bytes(name)
        except (InvalidData, StorageError, NotFound) as err:
            rows.append(Finding("warning", str(err), "see the error above"))
            continue
        if (None if current is None else current.decode("utf-8", "replace")) != text:
            subject = name.removesuffix(".toml")
            rows.append(Finding("warning", f"{subject}: the file changed outside itinerary since its last recorded change",
                                "fine if intended (a hand edit); `undo` will not revert across it"))
    if not broken and exports is not None:
        rows.extend(Finding("warning", problem, action) for problem, action in stale_exports(library, exports))
    return Report(tuple(rows), code)


def problems(store: Store) -> list[tuple[str, str]]:
    """Every problem of the records as (file, message), not only the first one."""
    found: list[tuple[str, str]] = []
    try:
        store.read()
    except (InvalidData, NotFound) as err:
        found.append((getattr(err, "source", None) or "", str(err)))
    else:
        return found
    for name in store.backend.names():
        if name in SPECIAL_FILES:
            continue
        try:
            codec.loads_event(store.backend.read(name, limit=codec.MAX_RECORD_BYTES) or b"", store.backend.describe(name))
        except (InvalidData, StorageError) as err:
            if str(err) not in {message for _, message in found}:
                found.append((store.backend.describe(name), str(err)))
    return found


def stale_exports(library: Library, folder: Path) -> list[tuple[str, str]]:
    """What is out of date in the exports, each naming its visit, and what to do about it: the
    export state, a file of ``export --all`` missing, older than the records or written by
    another visit, a file of another visit in this visit's folder, and this visit's files left
    where exports were kept before each visit had a folder of its own."""
    from itinerary.changes.calendars import revision_label
    from itinerary.changes.outputs import owner
    from itinerary.formats import ics
    from itinerary.formats.exportstate import plan_export
    from itinerary.model import Audience

    programme = library.programme()
    visit = programme.visit
    sides = library.sides()
    before = sides.exports()
    export = "run `itinerary export --all{}`"
    state, _ = plan_export(programme, before)
    if state != before:
        return [(f"the exports of the visit {visit.id} are older than the records", export.format(""))]
    found = []
    revision = revision_label(sides, programme)
    expected = [("visit.ics", Audience()), ("visit-public.ics", Audience("public"))]
    expected += [(f"{p.id}.ics", Audience("person", p.id)) for p in programme.taking_part()]
    for name, audience in expected:
        path = folder / name
        who = owner(path)
        if who is not None and who != visit.id:
            found.append((f"{path} was written by the visit {who}, not by this one ({visit.id})", export.format(" --force")))
            continue
        try:
            current = read_regular(path, limit=256 * 1024 * 1024)
        except (OSError, InvalidData):
            current = None
        if current != ics.calendar_bytes(programme, ics.Variant(audience), state, revision=revision):
            found.append((f"{path} (the visit {visit.id}'s) is missing or older than the records", export.format("")))
            break
    found += [(f"{path} in the visit {visit.id}'s exports was written by the visit {who}", "move it to that visit's exports, or remove it")
              for path, who in _marked(folder) if who != visit.id]
    try:
        elsewhere = sorted(p for p in folder.parent.iterdir() if p.is_dir() and not p.is_symlink() and p.name != folder.name)
    except OSError:
        elsewhere = []
    for place in [folder.parent, *elsewhere[:100]]:  # flat, or in a folder named otherwise (an office's visit folder)
        found += [(f"{path} is the visit {visit.id}'s, from before its exports went to {folder}", "remove it: it is no longer updated")
                  for path, who in _marked(place) if who == visit.id]
    return found


def _marked(folder: Path) -> list[tuple[Path, str]]:
    """The calendars and books directly in ``folder`` that say which visit wrote them."""
    from itinerary.changes.outputs import owner

    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix in (".ics", ".html"))
    except OSError:
        return []
    return [(path, who) for path in paths[:1000] if (who := owner(path)) is not None]
