"""Commands about the records themselves: history, undo, doctor, busy calendars, the cache."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from itinerary.cli.common import app, build, changing, emit, emit_json, find_person, open_store
from itinerary.errors import ExitCode, InvalidData, NotFound
from itinerary.model import check_id


@app.command()
def history(
    ctx: typer.Context,
    event_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Only changes to this event.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many, newest last.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the changes made to the records: when, by whom, which command, and what changed.

    Example: itinerary history president-meeting
    """
    from itinerary import views

    store = open_store(ctx)
    entries = store.history()
    if event_id is not None:
        build(check_id, value=event_id, field_name="id")
        entries = [e for e in entries if any(c.event == event_id for c in e.changes)]
        if not entries and store.event_bytes(event_id) is None:
            raise NotFound(f"no event {event_id!r} and no change to it in the history")
    entries = entries[-limit:]
    if as_json:
        emit_json([
            {"seq": e.seq, "when": e.when.isoformat(), "who": e.who, "command": e.command, "undoes": e.undoes,
             "changes": [{"event": c.event, "action": c.action} for c in e.changes]}
            for e in entries
        ])
        return
    emit(views.history_table(entries, store.load().visit.tz if entries else None, only=event_id))


@app.command()
def undo(ctx: typer.Context) -> None:
    """Revert the last change that has not been undone (the undo is itself recorded, so it can be
    undone in turn by editing again). Refuses when a record changed since.

    Example: itinerary undo
    """
    target, entry = open_store(ctx).undo(ctx.obj.by)
    names = ", ".join(c.event for c in target.changes)
    typer.echo(f"Undid #{target.seq} ({target.command}, by {target.who}): {names}. Recorded as #{entry.seq}.")


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the data folder: every record parses, no leftovers of an interrupted write, the
    history is consistent, the exports are up to date. Says what to do about each problem and
    removes leftovers of interrupted writes.

    Example: itinerary doctor
    """
    from itinerary import journal, views

    store = open_store(ctx)
    rows: list[tuple[str, str, str]] = []  # (severity, problem, what to do)
    for name in store.clean_leftovers():
        rows.append(("fixed", f"{store.backend.describe(name)} was left by an interrupted write", "removed; the record it was for is unchanged"))
    broken = store.check()
    for source, message in broken:
        rows.append(("error", message, f"correct {source or 'the file'} by hand (see the README for the format), or `itinerary undo` if a command made it"))
    code = ExitCode.INVALID_DATA if broken else ExitCode.OK
    try:
        entries = store.history()
    except Exception as err:  # noqa: BLE001 - any damage to the journal is reported, not raised
        rows.append(("error", str(err), "restore the journal from version control or a backup; the records are not affected"))
        entries = []
        code = code or ExitCode.STORAGE
    for problem in journal.problems(entries):
        rows.append(("error", f"journal: {problem}", "restore the journal from version control or a backup"))
        code = code or ExitCode.STORAGE
    for event_id, text in sorted(journal.latest(entries).items()):
        current = store.event_bytes(event_id)
        if (None if current is None else current.decode("utf-8", "replace")) != text:
            rows.append(("warning", f"{event_id}: the record changed outside itinerary since its last recorded change",
                         "fine if intended (a hand edit); `undo` will not revert across it"))
    if not broken:
        rows.extend(_stale_exports(ctx, store))
    emit(views.doctor_table(rows, folder=str(ctx.obj.data)))
    if code:
        raise typer.Exit(int(code))


def _stale_exports(ctx: typer.Context, store: object) -> list[tuple[str, str, str]]:
    from itinerary import ics
    from itinerary.cli.book import revision_label
    from itinerary.cli.calendar import exports_folder
    from itinerary.store import Store

    assert isinstance(store, Store)
    programme = store.load()
    before = store.export_state()
    state, _ = ics.plan_export(programme, before)
    if state != before:
        return [("warning", "the exports are older than the records", "run `itinerary export --all`")]
    folder = exports_folder(ctx)
    expected = ["visit.ics", "visit-public.ics", *(f"{p.id}.ics" for p in programme.people)]
    variants = [ics.Variant(), ics.Variant("public"), *(ics.Variant("person", p.id) for p in programme.people)]
    for name, variant in zip(expected, variants, strict=True):
        path = folder / name
        if not path.exists() or path.read_bytes() != ics.calendar_bytes(programme, variant, state, revision=revision_label(store, programme)):
            return [("warning", f"{path} is missing or older than the records", "run `itinerary export --all`")]
    return []


busy_app = typer.Typer(help="Outside commitments of people: busy calendars.", no_args_is_help=True)
app.add_typer(busy_app, name="busy")
cache_app = typer.Typer(help="The cache of parsed records and busy calendars.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@busy_app.command("add")
def busy_add(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The person (id).", show_default=False)],
    file: Annotated[Path, typer.Argument(help="An .ics file of their other commitments.", show_default=False)],
) -> None:
    """Give a person a busy calendar: the file is checked, copied into the data folder
    (calendars/<person>.ics) and named in people.toml. Its events then count as that person's
    busy time in check, add, free and the timeline; they are never exported.

    Example: itinerary busy add kim-younghoon ministry-calendar.ics
    """
    from itinerary import busy
    from itinerary.store import write_file

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{file}: no such file") from None
    except OSError as err:
        raise InvalidData(f"cannot read: {err.strerror}", source=str(file)) from None
    store, transaction = changing(ctx)
    with transaction as snapshot:
        programme = snapshot.programme
        find_person(programme, person)
        items = busy.parse(data, person, programme.visit.zone, programme.visit.bounds(), str(file))
        relative = f"{busy.CALENDARS_FOLDER}/{person}.ics"
        write_file(Path(ctx.obj.data) / busy.CALENDARS_FOLDER / f"{person}.ics", [data])
        people = tuple(dataclasses.replace(p, busy=relative) if p.id == person else p for p in programme.people)
        if people != programme.people:
            store.update_people(snapshot, people)
    typer.echo(f"{programme.person_label(person)}: {len(items)} outside commitment{'s' * (len(items) != 1)} during the visit, from {relative}.")


@busy_app.command("list")
def busy_list(ctx: typer.Context) -> None:
    """List who has a busy calendar and how many commitments fall in the visit.

    Example: itinerary busy list
    """
    store = open_store(ctx)
    programme = store.load()
    items = store.busy(programme)
    for person in programme.people:
        if person.busy:
            count = sum(b.person == person.id for b in items)
            typer.echo(f"{person.id}: {person.busy} ({count} during the visit)")


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Delete the cache of this data folder; the next command rebuilds it from the records.

    Example: itinerary cache clear
    """
    from itinerary.cache import clear

    typer.echo("Cache cleared." if clear(Path(ctx.obj.data)) else "There was no cache.")
