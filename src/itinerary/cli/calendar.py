"""Commands that speak iCalendar files: export and import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import (
    console,
    emit,
    exports_folder,
    find_person,
    library,
    read_input,
    report_added,
    say,
    zone_option,
)
from itinerary.errors import ConflictError, InvalidData, UsageError
from itinerary.i18n import N_, _, ngettext
from itinerary.model import Audience, Programme


def _targets(folder: Path, programme: Programme, output: Path | None, person: str | None, public: bool, everything: bool, alarms: bool) -> list[tuple[object, Path | None]]:
    from itinerary.formats.ics import Variant

    if everything:
        folder = output or folder
        variants: list[tuple[object, Path | None]] = [
            (Variant(Audience(), alarms), folder / "visit.ics"), (Variant(Audience("public"), alarms), folder / "visit-public.ics"),
        ]
        variants += [(Variant(Audience("person", p.id), alarms), folder / f"{p.id}.ics") for p in programme.taking_part()]
        return variants
    if person is not None:
        person = find_person(programme, person)
        assert person is not None
        variant, default = Variant(Audience("person", person), alarms), folder / f"{person}.ics"
    elif public:
        variant, default = Variant(Audience("public"), alarms), folder / "visit-public.ics"
    else:
        variant, default = Variant(Audience(), alarms), folder / "visit.ics"
    if output is not None and str(output) == "-":
        return [(variant, None)]
    return [(variant, output or default)]


app = commands()
@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("File to write ('-' for standard output); a folder with --all."))] = None,
    person: Annotated[str | None, typer.Option("--person", help=N_("Only this person's programme."))] = None,
    public: Annotated[bool, typer.Option("--public", help=N_("Public version: no restricted events, notes, contacts or agenda."))] = False,
    everything: Annotated[bool, typer.Option("--all", help=N_("The whole visit, the public version and one file per person."))] = False,
    no_alarms: Annotated[bool, typer.Option("--no-alarms", help=N_("Leave out reminders."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Export even with conflict errors (the calendars say so), or over a file another visit wrote."))] = False,
) -> None:
    """Export the programme as iCalendar (.ics) for Google Calendar, Outlook, Apple Calendar and
    Thunderbird, to exports/<visit id>/ beside the visit's folder. An event whose content changed
    since the last export gets its SEQUENCE raised. A file another visit wrote is not written over
    unless --force.

    Example: itinerary export --all
    """
    from itinerary.changes.calendars import record_export
    from itinerary.changes.outputs import claim
    from itinerary.formats import ics
    from itinerary.storage.files import write_file

    if sum((person is not None, public, everything)) > 1:
        raise UsageError(_("choose one of --person, --public and --all"))
    lib = library(ctx)
    programme = lib.programme()
    folder = exports_folder(ctx, programme.visit)
    files = [t for _, t in _targets(folder, programme, output, person, public, everything, not no_alarms) if t is not None]
    replaced = claim(files, programme.visit, force=force, follow=output is not None)  # before anything is written
    sharing = record_export(lib, force=force)
    programme, state, raised = sharing.programme, sharing.state, sharing.raised
    targets = _targets(folder, programme, output, person, public, everything, not no_alarms)
    exporter = ics.Exporter(programme, state, revision=sharing.revision, warning=sharing.warning_for)
    written = []
    for variant, target in targets:
        assert isinstance(variant, ics.Variant)
        chunks = exporter.chunks(variant)
        if target is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.flush()
        else:
            write_file(target, chunks, follow=output is not None)
            written.append((target, len(exporter.events(variant))))
    for target, count in written[:20]:
        say(ngettext("Wrote {path} ({n} event).", "Wrote {path} ({n} events).", count, path=target, n=count))
    if len(written) > 20:
        say(_("… and {n} more calendars in {folder}.", n=len(written) - 20, folder=written[-1][0].parent))
    if raised:
        say(_("SEQUENCE raised for: {ids}.", ids=", ".join(raised)))
    if sharing.forced:
        say(_("Exported despite {n} conflict error(s) (--force); the calendars' description says so.", n=len(sharing.forced)))
    for path, who in replaced:
        say(_("Replaced {path}, which the visit {visit} had written (--force).", path=path, visit=who))


PROGRESS_BYTES = 200_000
"""A calendar file larger than this (a few hundred events) shows its progress on a terminal."""


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The .ics file to import."), show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show what would change; write nothing."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Import even if it adds conflict errors."))] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help=N_("Where a field changed both here and in the file, take the file's."))] = False,
    ours: Annotated[bool, typer.Option("--ours", help=N_("Where a field changed both here and in the file, keep ours."))] = False,
    assume_zone: Annotated[str | None, typer.Option("--assume-zone", help=N_("IANA zone for times whose TZID the file neither names nor defines."))] = None,
    all_dates: Annotated[bool, typer.Option("--all-dates", help=N_("Also events outside the visit's days (series: a year either side)."))] = False,
    max_events: Annotated[int, typer.Option("--max-events", min=1, help=N_("Most events one import may bring."))] = 5000,
) -> None:
    """Import events from an .ics file (Outlook, Google, Apple, Windows, or our own exports),
    checked before anything is written. Merged by UID, field by field: a new UID adds a record;
    for a known one, what the file changed since our last export is taken, what we changed is
    kept, and a field changed on both sides is a conflict settled with --theirs or --ours. Events outside the visit's days are
    left out and counted (--all-dates takes them).

    Example: itinerary import ministry-calendar.ics --dry-run
    """
    from itinerary.changes.calendars import import_items
    from itinerary.formats import icsread
    from itinerary.ui.progress import progress_on
    from itinerary.ui.sync import merge_table, nothing_to_import

    if theirs and ours:
        raise UsageError(_("choose --theirs or --ours, not both"))
    if assume_zone is not None:
        assume_zone = zone_option(assume_zone, "--assume-zone")
    data = read_input(file)
    lib = library(ctx)
    visit = lib.store.visit()
    window = visit.bounds()
    expand = (window[0] - dt.timedelta(days=366), window[1] + dt.timedelta(days=366)) if all_dates else window
    with progress_on(console(stderr=True), enabled=len(data) > PROGRESS_BYTES) as progress:
        try:
            reading = icsread.read_calendar(data, default_zone=visit.zone, window=window, assume_zone=assume_zone, expand=expand, progress=progress,
                                            limit=max_events)
        except icsread.CalendarError as err:
            raise InvalidData(err.located(), source=str(file)) from None
        merged = import_items(lib, reading.items, source=str(file), dry_run=dry_run, force=force, notes=reading.notes, limit=max_events,
                              resolve="theirs" if theirs else ("ours" if ours else None), command=f"import {file.name}",
                              all_dates=all_dates, series=sorted(reading.series), expanded=reading.expanded, progress=progress)
    title = _("Would import {file}", file=file.name) if dry_run else _("Import of {file}", file=file.name)
    nothing = nothing_to_import(reading, merged.plan.outside)
    emit(merge_table(merged.plan, title=title, resolve_hint=_("Decide with `itinerary import FILE --theirs` or `--ours`."), nothing=nothing))
    report_added(merged.applied)
    if merged.plan.conflicts:
        n = len(merged.plan.conflicts)
        raise ConflictError(ngettext("{n} event changed both here and in {file}: left as they are",
                                     "{n} events changed both here and in {file}: left as they are", n, n=n, file=file.name))
