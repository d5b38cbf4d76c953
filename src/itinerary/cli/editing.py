"""Commands that change events: add, edit, cancel, remove. Each reads its options, calls the
library (:mod:`itinerary.changes.events`) and shows what the change did."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from itinerary.changes import events
from itinerary.changes.events import Edit
from itinerary.cli.app import commands
from itinerary.cli.options import (
    References,
    as_usage,
    build,
    day_option,
    duration_option,
    end_option,
    find_event,
    library,
    report_added,
    show_event,
    time_option,
    zone_option,
)
from itinerary.errors import UsageError
from itinerary.i18n import N_, _
from itinerary.model import MAX_TITLE, Event, check_id, check_text, slugify

KIND_HELP = N_("One of: meeting, ceremony, site-visit, transfer, meal, press, other.")
STATUS_HELP = N_("One of: confirmed, tentative, cancelled.")
VISIBILITY_HELP = N_("One of: public, restricted.")
PREFER_HELP = N_("Planning: the part of the day it should rather be in: morning, afternoon, evening.")
"""Help texts naming a closed set of values: ``tests/test_cli.py`` holds each to the model's set."""


_FORCE = typer.Option("--force", help=N_("Write even if the change adds conflict errors."))


app = commands()


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help=N_("Title in English."))],
    start: Annotated[str, typer.Option("--start", help=N_("Start, e.g. '2026-05-22 14:00', '22 May 14:00', or '14:00' with --day."))],
    end: Annotated[str | None, typer.Option("--end", help=N_("End (a time alone is on the start's day)."))] = None,
    duration: Annotated[str | None, typer.Option("--duration", help=N_("Length instead of --end: 45m, 1h30m, 90. With --tbc: the expected length."))] = None,
    day: Annotated[str | None, typer.Option("--day", help=N_("Day for times given without a date."))] = None,
    event_id: Annotated[str | None, typer.Option("--id", help=N_("Id (default: derived from the title)."))] = None,
    title_ko: Annotated[str, typer.Option("--title-ko", help=N_("Title in Korean."))] = "",
    venue: Annotated[str | None, typer.Option("--venue", help=N_("Venue: id or name (omit while the venue is to be confirmed)."))] = None,
    from_venue: Annotated[str | None, typer.Option("--from-venue", help=N_("For a transfer (--kind transfer): the venue it leaves from, id or name."))] = None,
    to_venue: Annotated[str | None, typer.Option("--to-venue", help=N_("For a transfer (--kind transfer): the venue it arrives at, id or name."))] = None,
    participants: Annotated[str | None, typer.Option("--with", help=N_("Participants, separated by commas: ids, names, surnames or roles."))] = None,
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)] = "meeting",
    status: Annotated[str, typer.Option("--status", help=STATUS_HELP)] = "tentative",
    visibility: Annotated[str, typer.Option("--visibility", help=VISIBILITY_HELP)] = "public",
    note: Annotated[str, typer.Option("--note", help=N_("Notes."))] = "",
    note_ko: Annotated[str, typer.Option("--note-ko", help=N_("Notes in Korean."))] = "",
    agenda: Annotated[list[str] | None, typer.Option("--agenda", help=N_("An agenda item (repeat for each, in order)."))] = None,
    agenda_ko: Annotated[list[str] | None, typer.Option("--agenda-ko", help=N_("The Korean of each agenda item, in the same order (repeat)."))] = None,
    contacts: Annotated[str | None, typer.Option("--contact", help=N_("Contacts separated by commas: ids or names."))] = None,
    zone_name: Annotated[str | None, typer.Option("--zone", help=N_("Zone of the times: IANA name or city (default: the visit's)."))] = None,
    tbc: Annotated[bool, typer.Option("--tbc", help=N_("Time not confirmed: --start/--end give the planning window, --duration the expected length."))] = False,
    overlap_ok: Annotated[bool, typer.Option("--overlap-ok", help=N_("May run alongside other events (standby, press holding)."))] = False,
    after: Annotated[str | None, typer.Option("--after", help=N_("Planning: event ids this one follows."))] = None,
    before: Annotated[str | None, typer.Option("--before", help=N_("Planning: event ids this one precedes."))] = None,
    same_day: Annotated[str | None, typer.Option("--same-day", help=N_("Planning: event ids held on the same day."))] = None,
    min_gap: Annotated[str | None, typer.Option("--min-gap", help=N_("Planning: time at least between this event and those of --after/--before."))] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help=PREFER_HELP)] = None,
    source: Annotated[str | None, typer.Option("--source", help=N_("Where the planning fields come from (default: recorded as a planning assumption)."))] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Add an event, checked and written atomically as a new record, then show it.

    New events are tentative until you say otherwise (--status confirmed). With --tbc the time
    is to be confirmed: --start and --end give its planning window and --duration its expected
    length; the planning fields (--after, --before, --same-day, --min-gap, --prefer) are set as
    with `edit`.

    Example: itinerary add --title "Working lunch" --start "22 May 12:00" --duration 1h --with houngbo,kim-younghoon --venue seoul-employment-center
    """
    lib = library(ctx)
    visit = lib.store.visit()
    zone_name = zone_option(zone_name or visit.zone, "--zone")
    the_day = day_option(visit, day)
    begin = time_option(visit, start, zone_name, the_day, "--start")
    if tbc and end is None:
        raise UsageError(_("--tbc: give the planning window with --start and --end (--duration is then the expected length)"))
    finish = end_option(visit, begin, end, None if tbc else duration, zone_name, the_day)
    if finish is None:
        raise UsageError(_("give --end or --duration"))
    # the directory and, only when rules name other events, every event (a day's read otherwise)
    ordered = any(x is not None for x in (after, before, same_day))
    refs = References(lib.programme() if ordered else lib.programme(window=(begin, finish)))
    people, place, whom = refs.people(participants), refs.venue(venue), refs.contacts(contacts)
    route = {"from_venue": refs.venue(from_venue, "--from-venue"), "to_venue": refs.venue(to_venue, "--to-venue")}
    planning = _planning(refs, after=after, before=before, same_day=same_day, min_gap=min_gap, prefer=prefer)
    refs.check()
    if tbc and duration is not None:
        planning["duration"] = _minutes(duration, "--duration")
    if event_id is not None:
        build(check_id, value=event_id, field_name="id")
    if source is not None:
        build(check_text, value=source, field_name="source", limit=MAX_TITLE * 4)
    event = build(
        Event,
        id=event_id or slugify(title), title=title, title_ko=title_ko, start=begin, end=finish, zone=zone_name, kind=kind,
        status=status, visibility=visibility, venue=place, participants=people, notes=note, **route,
        contacts=whom, time_tbc=tbc, overlap_ok=overlap_ok, notes_ko=note_ko, agenda=_items(agenda), agenda_ko=_items(agenda_ko), **{k: v for k, v in planning.items() if v not in (None, "")},
    )
    applied = events.add(lib, event, pick_id=event_id is None, force=force, source=source)
    added = next(e for e in applied.after.events if e.id not in applied.before.events_by_id)
    typer.echo(_("Added {id} ({file}).", id=added.id, file=lib.store.backend.describe(added.id + ".toml")))
    report_added(applied)
    show_event(applied.after, added)


@app.command()
def edit(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The event's id."))],
    title: Annotated[str | None, typer.Option("--title", help=N_("New title."))] = None,
    title_ko: Annotated[str | None, typer.Option("--title-ko", help=N_("New Korean title."))] = None,
    start: Annotated[str | None, typer.Option("--start", help=N_("New start; the length is kept unless --end/--duration."))] = None,
    end: Annotated[str | None, typer.Option("--end", help=N_("New end."))] = None,
    duration: Annotated[str | None, typer.Option("--duration", help=N_("New length: 45m, 1h30m, 90."))] = None,
    day: Annotated[str | None, typer.Option("--day", help=N_("Day for times given without a date."))] = None,
    venue: Annotated[str | None, typer.Option("--venue", help=N_("New venue: id or name ('tbc' when not yet known)."))] = None,
    from_venue: Annotated[str | None, typer.Option("--from-venue", help=N_("For a transfer (--kind transfer): the venue it leaves from, id or name. ('tbc' clears)"))] = None,
    to_venue: Annotated[str | None, typer.Option("--to-venue", help=N_("For a transfer (--kind transfer): the venue it arrives at, id or name. ('tbc' clears)"))] = None,
    participants: Annotated[str | None, typer.Option("--with", help=N_("New participants, separated by commas: ids, names, surnames or roles."))] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=KIND_HELP)] = None,
    status: Annotated[str | None, typer.Option("--status", help=STATUS_HELP)] = None,
    visibility: Annotated[str | None, typer.Option("--visibility", help=VISIBILITY_HELP)] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("New notes (replaces the old)."))] = None,
    note_ko: Annotated[str | None, typer.Option("--note-ko", help=N_("New notes in Korean (replaces the old)."))] = None,
    agenda: Annotated[list[str] | None, typer.Option("--agenda", help=N_("The agenda, item by item (repeat; replaces the old; '' clears)."))] = None,
    agenda_ko: Annotated[list[str] | None, typer.Option("--agenda-ko", help=N_("The Korean of each agenda item, in order (repeat; replaces the old; '' clears)."))] = None,
    contacts: Annotated[str | None, typer.Option("--contact", help=N_("New contacts, separated by commas: ids or names."))] = None,
    tbc: Annotated[bool | None, typer.Option("--tbc/--time-confirmed", help=N_("Mark the time as to be confirmed, or as confirmed."), show_default=False)] = None,
    overlap_ok: Annotated[bool | None, typer.Option("--overlap-ok/--no-overlap-ok", help=N_("May run alongside other events."), show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", help=N_("Where a confirmation comes from, e.g. 'Office of the President, call of 12 May'."))] = None,
    after: Annotated[str | None, typer.Option("--after", help=N_("Planning: event ids this one follows ('' clears)."))] = None,
    before: Annotated[str | None, typer.Option("--before", help=N_("Planning: event ids this one precedes ('' clears)."))] = None,
    same_day: Annotated[str | None, typer.Option("--same-day", help=N_("Planning: event ids held on the same day ('' clears)."))] = None,
    min_gap: Annotated[str | None, typer.Option("--min-gap", help=N_("Planning: time at least between this event and those of --after/--before ('none' clears)."))] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help=N_("Planning: the part of the day it should rather be in: morning, afternoon, evening ('none' clears)."))] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Change any field of an event, including moving it in time. Confirming its time (a start
    for a TBC event, --time-confirmed or --status confirmed) records where the confirmation came
    from (--source) as the source of the time.

    Giving a time for a TBC event confirms its time unless --tbc is given too. For an event whose
    time stays to be confirmed, --duration is its expected length (the planning window stays).
    The planning fields (--duration of a TBC event, --after, --before, --same-day, --min-gap,
    --prefer) cite --source, or are recorded as a planning assumption when it is not given.

    Example: itinerary edit president-meeting --start "22 May 15:00" --duration 45m --status confirmed
    """
    lib = library(ctx)
    programme = lib.programme()
    old = find_event(programme, event_id)
    visit = programme.visit
    the_day = day_option(visit, day)
    if the_day is not None and start is None and end is None:
        raise UsageError(_("--day needs --start or --end"))
    fields: dict[str, Any] = {}
    for name, value in (
        ("title", title), ("title_ko", title_ko), ("kind", kind), ("status", status),
        ("visibility", visibility), ("notes", note), ("time_tbc", tbc), ("overlap_ok", overlap_ok), ("notes_ko", note_ko),
    ):
        if value is not None:
            fields[name] = value
    refs = References(programme)
    for name, value, flag in (("venue", venue, "--venue"), ("from_venue", from_venue, "--from-venue"), ("to_venue", to_venue, "--to-venue")):
        if value is not None:
            fields[name] = None if value.lower() in ("tbc", "none", "") else refs.venue(value, flag)
    if participants is not None:
        fields["participants"] = refs.people(participants)
    if contacts is not None:
        fields["contacts"] = refs.contacts(contacts)
    fields |= {name: _items(items) for name, items in (("agenda", agenda), ("agenda_ko", agenda_ko)) if items is not None}
    fields |= _planning(refs, after=after, before=before, same_day=same_day, min_gap=min_gap, prefer=prefer)
    refs.check()
    begin = time_option(visit, start, old.zone, the_day, "--start") if start is not None else None
    finish = time_option(visit, end, old.zone, the_day or (begin or old.start).date(), "--end") if end is not None else None
    if end is not None and duration is not None:
        raise UsageError(_("give --end or --duration, not both"))
    length = duration_option(duration) if duration is not None else None
    if source is not None:
        build(check_text, value=source, field_name="source", limit=MAX_TITLE * 4)
    change = build(Edit, fields=fields, start=begin, end=finish, duration=length, source=source)
    applied = as_usage(lambda: events.edit(lib, event_id, change, force=force))
    if applied.entry is None:
        typer.echo(applied.message)
        return
    event = applied.after.events_by_id[event_id]
    fields_changed = applied.entry.changes[0].fields
    typer.echo(_("Changed {id}: {fields} (revision {revision}).", id=event.id, fields=", ".join(sorted(fields_changed)), revision=event.revision))
    report_added(applied)
    show_event(applied.after, event)


def _planning(refs: References, *, after: str | None, before: str | None, same_day: str | None, min_gap: str | None,
              prefer: str | None) -> dict[str, Any]:
    """The planning fields the options set (an empty list, 'none' or '' clears one)."""
    fields: dict[str, Any] = {name: refs.events(value, "--" + name.replace("_", "-"))
                              for name, value in (("after", after), ("before", before), ("same_day", same_day)) if value is not None}
    cleared = ("", "none")
    if min_gap is not None:
        fields["min_gap"] = None if min_gap.strip().lower() in cleared else _minutes(min_gap, "--min-gap")
    if prefer is not None:
        fields["prefer"] = "" if prefer.strip().lower() in cleared else prefer.strip().lower()
    return fields


def _items(values: list[str] | None) -> tuple[str, ...]:
    """The items of a repeated option ('--agenda A --agenda B'); a single '' clears them."""
    return () if not values or values == [""] else tuple(values)


def _minutes(text: str, flag: str) -> int:
    return 0 if text.strip() in ("0", "0m") else int(duration_option(text, flag).total_seconds() // 60)


@app.command()
def cancel(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The event's id."))],
    reason: Annotated[str, typer.Option("--reason", help=N_("Why, added to the notes."))] = "",
) -> None:
    """Mark an event cancelled. It stays on record (and in exports, so calendars drop it).

    Example: itinerary cancel business-leaders-meeting --reason "merged with the labour meeting"
    """
    build(check_text, value=reason, field_name="reason", limit=MAX_TITLE)
    applied = events.cancel(library(ctx), event_id, reason=reason)
    if applied.entry is None:
        typer.echo(applied.message)
        return
    typer.echo(_("Cancelled {id} (revision {revision}).", id=event_id, revision=applied.after.events_by_id[event_id].revision))


@app.command()
def remove(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The event's id."))],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))] = False,
) -> None:
    """Delete an event's record. Prefer `cancel` for an event that was announced.

    Example: itinerary remove working-lunch --yes
    """
    lib = library(ctx)
    event = find_event(lib.programme(), event_id)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(_("remove asks for confirmation; run it in a terminal or pass --yes to remove {id}", id=event_id))
        if not typer.confirm(_("Remove {id} ({title})?", id=event_id, title=event.title), default=False):
            typer.echo(_("Nothing removed."))
            return
    events.remove(lib, event_id)
    typer.echo(_("Removed {id} (`itinerary undo` brings it back).", id=event_id))
