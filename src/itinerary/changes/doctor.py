"""The doctor: what is wrong with a data folder, what was repaired, and what to do about the rest.

It repairs only what is proven (see :mod:`itinerary.storage.journalfile`) and reads everything
else: the records, the journal line by line, every state file beside them (export state,
remote state, revisions, busy calendars), the cache, the exports. On a folder that cannot be
written (read-only media) it repairs nothing and says what it would have repaired.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itinerary.changes.library import Library
from itinerary.core import journal, journalread
from itinerary.core.journalread import Journal
from itinerary.errors import ExitCode, InvalidData, ItineraryError, NotFound, StorageError
from itinerary.formats import codec
from itinerary.i18n import N_, _
from itinerary.model import Visit
from itinerary.model.checks import printable
from itinerary.storage import journalfile
from itinerary.storage.backend import FolderBackend
from itinerary.storage.files import read_regular, temp_leftovers
from itinerary.storage.journalfile import Settlement
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
    texts: tuple[tuple[str, str], ...] = ()
    """Texts to show in full beneath the report, each with its heading (both sides of a conflict)."""


@dataclass(frozen=True)
class Report:
    """The doctor's report, and the exit code it ends with."""

    findings: tuple[Finding, ...]
    code: ExitCode


_RESTORE = N_("restore journal.jsonl from version control or a backup (or delete that line: every other line is read)")


def examine(library: Library, exports_of: Callable[[Visit], Path] | None, *, keep: bool = False) -> Report:
    """Check and repair what can be repaired: leftovers of interrupted writes (in the data folder
    and in the visit's exports folder, ``exports_of`` its visit), an interrupted change (rolled
    back where proven), the journal's end, changes whose close line was lost; with ``keep``,
    unfinished changes in conflict are closed and their files kept as they are."""
    store = library.store
    rows, settled = _repair(store, keep)
    code = ExitCode.STORAGE if settled.conflicts else ExitCode.OK
    rows += _cache(store)
    exports = None
    if exports_of is not None:
        with contextlib.suppress(ItineraryError):  # a visit.toml that cannot be read is reported below
            exports = exports_of(store.visit())
    if exports is not None and not store.read_only:
        rows += _export_leftovers(exports)
    broken = problems(store)
    for source, message in broken:
        if source:
            fix = _("correct {file} by hand (see the README for the format), or `itinerary undo` if a command made it", file=source)
        else:
            fix = _("correct the file by hand (see the README for the format), or `itinerary undo` if a command made it")
        rows.append(Finding("error", message, fix))
        code = ExitCode.INVALID_DATA
    try:
        loaded = store.journal()
    except ItineraryError as err:
        rows.append(Finding("error", str(err), _("restore the journal from version control or a backup; the records are not affected")))
        loaded = Journal()
        code = code or ExitCode.STORAGE
    found = journalread.problems(loaded)
    for problem in found:
        rows.append(Finding("error", _("{file}: {problem}", file=store.backend.describe(journal.JOURNAL_FILE), problem=problem), _(_RESTORE)))
        code = code or ExitCode.STORAGE
    rows += _drift(store, loaded, settled, lossy=bool(found))
    state, failed = _state_files(library, broken=bool(broken))
    rows += state
    code = code or failed
    if not broken and exports is not None and not failed:
        rows.extend(Finding("warning", problem, action) for problem, action in stale_exports(library, exports))
    return Report(tuple(rows), code)


def _repair(store: Store, keep: bool) -> tuple[list[Finding], Settlement]:
    """Repair under the folder's lock; on a folder that cannot be written, say what would be."""
    rows = []
    try:
        with store.locked():
            settled = journalfile.settle(store.backend, who=store.who, whole=True, keep=keep)
            store.repairs += settled.repairs
            for name in store.backend.leftovers():
                store.backend.delete(name)
                rows.append(Finding("fixed", _("{file} was left by an interrupted write", file=store.backend.describe(name)),
                                    _("removed; the file it was for is unchanged")))
    except StorageError as err:
        if store.backend.writable():
            raise
        store.read_only = True
        rows.append(Finding("warning", _("{folder} cannot be written ({error}): nothing was repaired", folder=store.backend.describe(""), error=err),
                            _("run `itinerary doctor` where the folder can be written to repair what is listed below")))
        settled = journalfile.settle(store.backend, who=store.who, whole=True, dry=True)
        rows += [Finding("warning", _("not repaired: {repair}", repair=line), _("run `itinerary doctor` where the folder can be written"))
                 for line in settled.repairs]
        rows += [Finding("warning", _("{file} was left by an interrupted write", file=store.backend.describe(name)), _("not removed (read-only)"))
                 for name in store.backend.leftovers()]
    fixed = [Finding("fixed", line, _("recorded in the journal; the folder holds each change whole or not at all")) for line in store.repairs]
    for outcome in settled.conflicts:
        texts = []
        for clash in outcome.clashes:
            texts.append((_("{file} — found {where}", file=clash.file, where=clash.where), _shown(clash.found)))
            texts.append((_("{file} — what change #{seq} left (its text after it)", file=clash.file, seq=outcome.entry.seq), _shown(clash.after)))
        rows.append(Finding("error", _("{file}: {problem}", file=store.backend.describe(journal.JOURNAL_FILE), problem=outcome.why),
                            _("nothing was overwritten: compare the texts below, correct the file if needed, then "
                              "`itinerary doctor --keep` keeps the files as they are and closes the change"), tuple(texts)))
    return fixed + rows, settled


def _shown(text: str | None) -> str:
    return _("(no file)") if text is None else printable(text, multiline=True)


def _export_leftovers(exports: Path) -> list[Finding]:
    rows = []
    for path in temp_leftovers(exports):
        try:
            path.unlink()
        except OSError as err:
            rows.append(Finding("error", _("{file} was left by an interrupted export", file=path), _("remove it by hand ({reason})", reason=err.strerror)))
        else:
            rows.append(Finding("fixed", _("{file} was left by an interrupted export", file=path), _("removed")))
    return rows


def _drift(store: Store, loaded: Journal, settled: Settlement, *, lossy: bool) -> list[Finding]:
    """Files whose text is not the one their last recorded change left."""
    rows = []
    in_conflict = {clash.file for outcome in settled.conflicts for clash in outcome.clashes}
    last = {c.file: e.seq for e in loaded.done for c in e.changes}
    for name, text in sorted(journal.latest(loaded.entries).items()):
        if name in in_conflict:
            continue
        try:
            current = store.file_bytes(name)
        except (InvalidData, StorageError, NotFound) as err:
            rows.append(Finding("warning", str(err), _("see the error above")))
            continue
        if (None if current is None else current.decode("utf-8", "replace")) != text:
            subject = name.removesuffix(".toml")
            if lossy:
                action = _("the journal has lines damaged or missing (see above), or a hand edit: fine if intended; `undo` will not revert across it")
            else:
                action = _("a hand edit: fine if intended; `undo` will not revert across it")
            rows.append(Finding("warning", _("{subject}: the file changed outside itinerary since its last recorded change (#{seq})",
                                             subject=subject, seq=last[name]), action))
    return rows


def _state_files(library: Library, *, broken: bool) -> tuple[list[Finding], ExitCode]:
    """Every state file beside the records: export state, remote state, revisions, busy calendars."""
    sides = library.sides()
    rows: list[Finding] = []
    code = ExitCode.OK
    for read, remedy in ((sides.exports, _("delete it: the next export starts SEQUENCE numbers again")),
                         (sides.remotes, _("delete it: the next publish sends every event again"))):
        try:
            read()
        except ItineraryError as err:
            rows.append(Finding("error", str(err), remedy))
            code = ExitCode.INVALID_DATA
    try:
        strays = sides.stray_revisions()
    except ItineraryError as err:
        rows.append(Finding("error", str(err), _("see the error")))
        strays = []
    for name, why in strays:
        rows.append(Finding("warning", _("{file}: {problem}", file=library.store.backend.describe(name), problem=why),
                            _("move it out of revisions/ (it is not read; revisions are numbered past it)")))
    if not broken and not library.store.is_office:
        try:
            programme = library.programme()
            library.store.busy(programme)
        except ItineraryError as err:
            rows.append(Finding("error", str(err), _("correct the busy calendar, or give the person another (`itinerary busy add`)")))
            code = code or ExitCode.INVALID_DATA
    return rows, code


def _cache(store: Store) -> list[Finding]:
    """Every row of the cache checked against its file, before anything reads through it."""
    if store.cache is None or not isinstance(store.backend, FolderBackend):
        return []
    return [Finding("fixed", _("the cache's row for {file} did not match its file", file=name), _("dropped: the file is read instead"))
            for name in store.cache.audit(store.backend)]


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
            if str(err) not in {message for _file, message in found}:
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
    export, forced = _("run `itinerary export --all`"), _("run `itinerary export --all --force`")
    state, _raised = plan_export(programme, before)
    if state != before:
        return [(_("the exports of the visit {visit} are older than the records", visit=visit.id), export)]
    found = []
    revision = revision_label(sides, programme)
    expected = [("visit.ics", Audience()), ("visit-public.ics", Audience("public"))]
    expected += [(f"{p.id}.ics", Audience("person", p.id)) for p in programme.taking_part()]
    for name, audience in expected:
        path = folder / name
        who = owner(path)
        if who is not None and who != visit.id:
            found.append((_("{file} was written by the visit {other}, not by this one ({visit})", file=path, other=who, visit=visit.id), forced))
            continue
        try:
            current = read_regular(path, limit=256 * 1024 * 1024)
        except (OSError, InvalidData):
            current = None
        if current != ics.calendar_bytes(programme, ics.Variant(audience), state, revision=revision):
            found.append((_("{file} (the visit {visit}'s) is missing or older than the records", file=path, visit=visit.id), export))
            break
    found += [(_("{file} in the visit {visit}'s exports was written by the visit {other}", file=path, visit=visit.id, other=who),
               _("move it to that visit's exports, or remove it"))
              for path, who in _marked(folder) if who != visit.id]
    try:
        elsewhere = sorted(p for p in folder.parent.iterdir() if p.is_dir() and not p.is_symlink() and p.name != folder.name)
    except OSError:
        elsewhere = []
    for place in [folder.parent, *elsewhere[:100]]:  # flat, or in a folder named otherwise (an office's visit folder)
        found += [(_("{file} is the visit {visit}'s, from before its exports went to {folder}", file=path, visit=visit.id, folder=folder),
                   _("remove it: it is no longer updated"))
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
