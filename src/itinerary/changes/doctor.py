"""The doctor: what is wrong with a data folder, what was repaired, and what to do about the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from itinerary.changes.library import Library
from itinerary.core import journal
from itinerary.errors import ExitCode, InvalidData, ItineraryError, NotFound, StorageError
from itinerary.formats import codec
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


def examine(library: Library, exports: Path | None) -> Report:
    """Check and repair what can be repaired: leftovers of interrupted writes (in the data folder
    and in ``exports``), an interrupted change (rolled back), a torn journal line."""
    store = library.store
    rows: list[Finding] = []
    code = ExitCode.OK
    with store.locked():
        for line in store.settled:
            rows.append(Finding("fixed", line, "the folder holds the whole change or none of it"))
        for name in store.backend.leftovers():
            store.backend.delete(name)
            rows.append(Finding("fixed", f"{store.backend.describe(name)} was left by an interrupted write", "removed; the file it was for is unchanged"))
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
        rows.extend(Finding("warning", problem, "run `itinerary export --all`") for problem in stale_exports(library, exports))
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


def stale_exports(library: Library, folder: Path) -> list[str]:
    """What is out of date in the exports: the export state, or a file of ``export --all``."""
    from itinerary.changes.calendars import revision_label
    from itinerary.formats import ics
    from itinerary.formats.exportstate import plan_export
    from itinerary.model import Audience

    programme = library.programme()
    sides = library.sides()
    before = sides.exports()
    state, _ = plan_export(programme, before)
    if state != before:
        return ["the exports are older than the records"]
    revision = revision_label(sides, programme)
    expected = [("visit.ics", Audience()), ("visit-public.ics", Audience("public"))]
    expected += [(f"{p.id}.ics", Audience("person", p.id)) for p in programme.taking_part()]
    for name, audience in expected:
        path = folder / name
        try:
            current = read_regular(path, limit=256 * 1024 * 1024)
        except (OSError, InvalidData):
            current = None
        if current != ics.calendar_bytes(programme, ics.Variant(audience), state, revision=revision):
            return [f"{path} is missing or older than the records"]
    return []
