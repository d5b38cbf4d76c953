"""Commands about the records themselves: history, undo, redo, doctor, busy calendars, the cache."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.app import commands, group
from itinerary.cli.options import (
    build,
    data_folder,
    emit,
    emit_chunks,
    emit_json,
    exports_folder,
    find_person,
    library,
    read_input,
    say,
)
from itinerary.errors import NotFound, Reported
from itinerary.i18n import N_, _, language, ngettext, pgettext
from itinerary.model import check_id
from itinerary.model.checks import printable

if TYPE_CHECKING:
    from itinerary.changes.library import Applied
    from itinerary.core.journal import Entry


app = commands()
@app.command()
def history(
    ctx: typer.Context,
    event_id: Annotated[str | None, typer.Argument(metavar="[ID]", help=N_("Only changes to this event (or file)."))] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=N_("Show at most this many, newest last."))] = 50,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the changes made to the records: when (in the visit's zone, or UTC with --json),
    by whom, which command, and which fields of which records it changed.

    Example: itinerary history president-meeting
    """
    from itinerary.ui import reports

    lib = library(ctx, office=True)
    entries = lib.store.history()
    if event_id is not None:
        if not re.fullmatch(r"calendars/[a-z0-9-]{1,80}\.ics", event_id):
            build(check_id, value=event_id, field_name="id")
        entries = [e for e in entries if e.touches(event_id)]
        if not entries and lib.store.file_bytes(f"{event_id}.toml") is None:
            raise NotFound(_("no event {id!r} and no change to it in the history", id=event_id))
    entries = entries[-limit:]
    if as_json:
        emit_json([
            {"seq": e.seq, "when": e.when.isoformat(), "who": e.who, "command": e.command, "undoes": e.undoes, "redoes": e.redoes,
             "changes": [{"event": c.subject, "file": c.file, "action": c.action, "fields": list(c.fields),
                          **({"by": [{"who": a.who, "when": a.when.isoformat(), "fields": list(a.fields)} for a in c.by]} if c.by else {})}
                         for c in e.changes]}
            for e in entries
        ])
        return
    tz = lib.store.visit().tz if entries else None
    from itinerary.ui.plain import LONG

    if len(entries) > LONG:
        from itinerary.ui.plain import history_lines

        emit_chunks(history_lines(entries, tz, only=event_id))
        return
    emit(reports.history_table(entries, tz, only=event_id))


def _reverted(redo: bool, target: Entry, applied: Applied) -> str:
    """'Undid #3 (edit x, by lee): change x. Recorded as #4.', or what a dry run would do (for
    ``redo``, what a redo did or would do), with each event's change in words beneath."""
    from itinerary.core import revisions

    subjects = ", ".join(_done(c.action, c.subject) for c in target.changes[:8]) + (" …" if len(target.changes) > 8 else "")
    what = printable(_("#{seq} ({command}, by {who}): {subjects}.", seq=target.seq, command=target.command, who=target.who, subjects=subjects))
    details = "".join(f"\n  {_kind(d.kind)} {d.event}: {d.old or '—'} → {d.new or '—'}" for d in revisions.diff(applied.before, applied.after))
    if applied.entry is None:
        said = _("Would redo {what} Nothing was written (--dry-run).", what=what) if redo else \
            _("Would undo {what} Nothing was written (--dry-run).", what=what)
    else:
        said = _("Redid {what} Recorded as #{seq}.", what=what, seq=applied.entry.seq) if redo else \
            _("Undid {what} Recorded as #{seq}.", what=what, seq=applied.entry.seq)
    return said + details


def _done(action: str, subject: str) -> str:
    """What a change did to a record ('add', 'remove' or 'change', and the record), as the
    interface says it: 'change tea' / 'tea 변경'."""
    if action == "add":
        return pgettext("done to a record", "add {subject}", subject=subject)
    if action == "remove":
        return pgettext("done to a record", "remove {subject}", subject=subject)
    return pgettext("done to a record", "change {subject}", subject=subject)


def _kind(kind: str) -> str:
    """A kind of change to an event ('moved', 're-venued'…), as the interface says it."""
    if language() == "en":
        return kind
    from itinerary.formats.booktext import CHANGE_KINDS

    return _(CHANGE_KINDS[kind]) if kind in CHANGE_KINDS else kind


@app.command()
def undo(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show what would be reverted; write nothing."))] = False,
) -> None:
    """Revert the last change still in effect, and show what it reverted. Repeated, it walks
    further back; `redo` re-applies what an undo reverted. Refuses when a record changed since.

    Example: itinerary undo --dry-run
    """
    from itinerary.changes.events import undo as revert

    target, applied = revert(library(ctx, office=True), dry_run=dry_run)
    typer.echo(_reverted(False, target, applied))


@app.command()
def redo(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show what would be re-applied; write nothing."))] = False,
) -> None:
    """Re-apply what the last undo reverted (only while no other change came after it).

    Example: itinerary redo
    """
    from itinerary.changes.events import redo as revert

    target, applied = revert(library(ctx, office=True), dry_run=dry_run)
    typer.echo(_reverted(True, target, applied))


@app.command()
def doctor(
    ctx: typer.Context,
    keep: Annotated[bool, typer.Option("--keep", help=N_("Close every unfinished change in conflict, keeping its files as they are now."))] = False,
) -> None:
    """Check the data folder and repair what can be repaired. An interrupted change is rolled
    back (only where each file still holds what it wrote), leftovers of interrupted writes are
    removed (in the data folder and in exports/); every record and state file must parse, the
    journal be whole, the cache match the records, the exports be up to date. A change the
    journal cannot prove is shown with both texts and never overwritten: --keep keeps its files
    as they are. On a folder that cannot be written, nothing is repaired. Says what to do about
    each problem it cannot repair.

    Example: itinerary doctor
    """
    from itinerary.changes.doctor import examine
    from itinerary.ui import reports

    lib = library(ctx, office=True, notices=False)
    report = examine(lib, None if lib.store.is_office else lambda visit: exports_folder(ctx, visit), keep=keep)
    rows = [(f.severity, f.problem, f.action) for f in report.findings]
    emit(reports.doctor_table(rows, folder=str(data_folder(ctx))))
    for finding in report.findings:
        for heading, text in finding.texts:
            emit(reports.full_text(heading, text))
    if report.code:
        raise Reported(_("the data folder has problems (see above)"), report.code)


busy_app = group(N_("Outside commitments of people: busy calendars."))
app.add_typer(busy_app, name="busy")
cache_app = group(N_("The cache of parsed records and busy calendars."))
app.add_typer(cache_app, name="cache")


@busy_app.command("add")
def busy_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=N_("The person: id, name, surname or role."), show_default=False)],
    file: Annotated[Path, typer.Argument(help=N_("An .ics file of their other commitments."), show_default=False)],
) -> None:
    """Give a person a busy calendar: the file is checked, copied into the data folder
    (calendars/<person>.ics) and named in people.toml, as one change in the history (undo
    removes it). Its events then count as that person's busy time in check, add, free and the
    timeline; they are never exported.

    Example: itinerary busy add kim-younghoon ministry-calendar.ics
    """
    from itinerary.changes.calendars import decode_calendar, set_busy
    from itinerary.storage.busyfiles import MAX_BUSY_BYTES

    lib = library(ctx)
    person = find_person(lib.programme(), person, "PERSON") or person
    text, notice = decode_calendar(read_input(file, MAX_BUSY_BYTES), str(file))
    if notice:
        say(_("! {file}: {notice}; kept as UTF-8", file=file, notice=notice))
    done = set_busy(lib, person, text, source=str(file))
    relative = f"calendars/{person}.ics"
    count = done.count
    typer.echo(ngettext("{person}: {n} outside commitment during the visit, from {file}.",
                        "{person}: {n} outside commitments during the visit, from {file}.", count,
                        person=done.applied.after.person_label(person), n=count, file=relative))
    for note in done.notes:
        say(f"! {note}")


@busy_app.command("list")
def busy_list(ctx: typer.Context) -> None:
    """List who has a busy calendar and how many commitments fall in the visit.

    Example: itinerary busy list
    """
    lib = library(ctx)
    programme = lib.programme()
    items = lib.store.busy(programme)
    for person in programme.people:
        if person.busy:
            count = sum(b.person == person.id for b in items)
            typer.echo(_("{person}: {file} ({n} during the visit)", person=person.id, file=person.busy, n=count))


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Delete the cache of this data folder; the next command rebuilds it from the records.

    Example: itinerary cache clear
    """
    from itinerary.storage.cache import clear

    say(_("Cache cleared.") if clear(data_folder(ctx)) else _("There was no cache."))
