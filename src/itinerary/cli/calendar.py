"""Commands that speak iCalendar: export and import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from itinerary.cli.common import app, changing, emit, find_person, guard, now, report_added
from itinerary.errors import InvalidData, NotFound, UsageError
from itinerary.model import Programme
from itinerary.store import write_file

MAX_IMPORT_BYTES = 5 * 1024 * 1024
"""Largest calendar file an import reads."""


def exports_folder(ctx: typer.Context) -> Path:
    """Where exports go by default: ``exports/`` beside the data folder."""
    return Path(ctx.obj.data).parent / "exports"


def _targets(ctx: typer.Context, programme: Programme, output: Path | None, person: str | None, public: bool, everything: bool, alarms: bool) -> list[tuple[object, Path | None]]:
    from itinerary.ics import Variant

    folder = exports_folder(ctx)
    if everything:
        folder = output or folder
        variants = [(Variant("full", alarms=alarms), folder / "visit.ics"), (Variant("public", alarms=alarms), folder / "visit-public.ics")]
        variants += [(Variant("person", p.id, alarms=alarms), folder / f"{p.id}.ics") for p in programme.people]
        return variants
    if person is not None:
        find_person(programme, person)
        variant, default = Variant("person", person, alarms=alarms), folder / f"{person}.ics"
    elif public:
        variant, default = Variant("public", alarms=alarms), folder / "visit-public.ics"
    else:
        variant, default = Variant("full", alarms=alarms), folder / "visit.ics"
    if output is not None and str(output) == "-":
        return [(variant, None)]
    return [(variant, output or default)]


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write ('-' for standard output); a folder with --all.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Only this person's programme.")] = None,
    public: Annotated[bool, typer.Option("--public", help="Public version: no restricted events, notes, contacts or agenda.")] = False,
    everything: Annotated[bool, typer.Option("--all", help="The whole visit, the public version and one file per person.")] = False,
    no_alarms: Annotated[bool, typer.Option("--no-alarms", help="Leave out reminders.")] = False,
) -> None:
    """Export the programme as iCalendar (.ics) for Google Calendar, Outlook, Apple Calendar and
    Thunderbird. An event whose content changed since the last export gets its SEQUENCE raised.

    Example: itinerary export --all
    """
    from itinerary import ics

    if sum((person is not None, public, everything)) > 1:
        raise UsageError("choose one of --person, --public and --all")
    store, transaction = changing(ctx)
    with transaction as snapshot:
        programme = snapshot.programme
        state, raised = ics.plan_export(programme, store.export_state())
        from itinerary.cli.book import revision_label

        revision = revision_label(store, programme)
        targets = _targets(ctx, programme, output, person, public, everything, not no_alarms)
        for variant, target in targets:
            assert isinstance(variant, ics.Variant)
            chunks = ics.calendar_chunks(programme, variant, state, revision=revision)
            if target is None:
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.flush()
            else:
                write_file(target, chunks)
        if state != store.export_state():
            store.save_export_state(state)
    for variant, target in targets:
        assert isinstance(variant, ics.Variant)
        if target is not None:
            count = sum(ics.included(e, variant, state) for e in programme.events)
            typer.echo(f"Wrote {target} ({count} event{'s' * (count != 1)}).", err=True)
    if raised:
        typer.echo(f"SEQUENCE raised for: {', '.join(raised)}.", err=True)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .ics file to import.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Import even if it adds conflict errors.")] = False,
) -> None:
    """Import events from an .ics file (Outlook, Google, Apple, or our own exports), merging by
    UID: a new UID adds a record, a higher SEQUENCE updates it, the same content changes nothing.

    Example: itinerary import ministry-calendar.ics --dry-run
    """
    from itinerary import icsread, merge, views

    name = str(file)
    try:
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InvalidData(f"file of {size} bytes is over the limit of {MAX_IMPORT_BYTES}", source=name)
        data = file.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidData("is a folder, not an .ics file", source=name) from None
    except OSError as err:
        raise InvalidData(f"cannot read: {err.strerror}", source=name) from None
    store, transaction = changing(ctx)
    with transaction as snapshot:
        programme = snapshot.programme
        try:
            items = icsread.read_calendar(data, default_zone=programme.visit.zone, window=programme.visit.bounds())
        except icsread.CalendarError as err:
            where = f"line {err.line}: " if err.line else ""
            raise InvalidData(f"{where}{err}", source=name) from None
        plan = merge.plan_import(programme, items, now=now(), source=name, state=store.export_state())
        added = guard(programme, plan.apply(programme), busy=store.busy(programme), force=force)
        emit(views.import_table(plan, title=f"{'Would import' if dry_run else 'Import of'} {file.name}"))
        if dry_run:
            report_added(added, forced=False)
            return
        for change in plan.writes:
            if change.action == "add":
                store.add(snapshot, change.event)
            else:
                store.update(snapshot, change.event)
        if plan.state is not None:
            store.save_export_state(plan.state)
    report_added(added, forced=force)
