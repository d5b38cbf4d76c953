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
from itinerary.model import KINDS, MAX_TITLE, PARTS_OF_DAY, STATUSES, VISIBILITIES, Event, check_id, check_text, slugify

_KIND_HELP = "One of: " + ", ".join(KINDS) + "."
_STATUS_HELP = "One of: " + ", ".join(STATUSES) + "."
_VISIBILITY_HELP = "One of: " + ", ".join(VISIBILITIES) + "."


_FORCE = typer.Option("--force", help="Write even if the change adds conflict errors.")


app = commands()
_FROM_HELP = "For a transfer (--kind transfer): the venue it leaves from, id or name."
_TO_HELP = "For a transfer (--kind transfer): the venue it arrives at, id or name."
_AFTER = "Planning: event ids this one follows"
_BEFORE = "Planning: event ids this one precedes"
_SAME_DAY = "Planning: event ids held on the same day"
_MIN_GAP = "Planning: time at least between this event and those of --after/--before"
_PREFER = "Planning: the part of the day it should rather be in: " + ", ".join(PARTS_OF_DAY)


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="Title in English.")],
    start: Annotated[str, typer.Option("--start", help="Start, e.g. '2026-05-22 14:00', '22 May 14:00', or '14:00' with --day.")],
    end: Annotated[str | None, typer.Option("--end", help="End (a time alone is on the start's day).")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="Length instead of --end: 45m, 1h30m, 90. With --tbc: the expected length.")] = None,
    day: Annotated[str | None, typer.Option("--day", help="Day for times given without a date.")] = None,
    event_id: Annotated[str | None, typer.Option("--id", help="Id (default: derived from the title).")] = None,
    title_ko: Annotated[str, typer.Option("--title-ko", help="Title in Korean.")] = "",
    venue: Annotated[str | None, typer.Option("--venue", help="Venue: id or name (omit while the venue is to be confirmed).")] = None,
    from_venue: Annotated[str | None, typer.Option("--from-venue", help=_FROM_HELP)] = None,
    to_venue: Annotated[str | None, typer.Option("--to-venue", help=_TO_HELP)] = None,
    participants: Annotated[str | None, typer.Option("--with", help="Participants, separated by commas: ids, names, surnames or roles.")] = None,
    kind: Annotated[str, typer.Option("--kind", help=_KIND_HELP)] = "meeting",
    status: Annotated[str, typer.Option("--status", help=_STATUS_HELP)] = "tentative",
    visibility: Annotated[str, typer.Option("--visibility", help=_VISIBILITY_HELP)] = "public",
    note: Annotated[str, typer.Option("--note", help="Notes.")] = "",
    contacts: Annotated[str | None, typer.Option("--contact", help="Contacts separated by commas: ids or names.")] = None,
    zone_name: Annotated[str | None, typer.Option("--zone", help="Zone of the times: IANA name or city (default: the visit's).")] = None,
    tbc: Annotated[bool, typer.Option("--tbc", help="Time not confirmed: --start/--end give the planning window, --duration the expected length.")] = False,
    overlap_ok: Annotated[bool, typer.Option("--overlap-ok", help="May run alongside other events (standby, press holding).")] = False,
    after: Annotated[str | None, typer.Option("--after", help=_AFTER + ".")] = None,
    before: Annotated[str | None, typer.Option("--before", help=_BEFORE + ".")] = None,
    same_day: Annotated[str | None, typer.Option("--same-day", help=_SAME_DAY + ".")] = None,
    min_gap: Annotated[str | None, typer.Option("--min-gap", help=_MIN_GAP + ".")] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help=_PREFER + ".")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the planning fields come from (default: recorded as a planning assumption).")] = None,
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
        raise UsageError("--tbc: give the planning window with --start and --end (--duration is then the expected length)")
    finish = end_option(visit, begin, end, None if tbc else duration, zone_name, the_day)
    if finish is None:
        raise UsageError("give --end or --duration")
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
        contacts=whom, time_tbc=tbc, overlap_ok=overlap_ok, **{k: v for k, v in planning.items() if v not in (None, "")},
    )
    applied = events.add(lib, event, pick_id=event_id is None, force=force, source=source)
    added = next(e for e in applied.after.events if e.id not in applied.before.events_by_id)
    typer.echo(f"Added {added.id} ({lib.store.backend.describe(added.id + '.toml')}).")
    report_added(applied)
    show_event(applied.after, added)


@app.command()
def edit(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    title: Annotated[str | None, typer.Option("--title", help="New title.")] = None,
    title_ko: Annotated[str | None, typer.Option("--title-ko", help="New Korean title.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="New start; the length is kept unless --end/--duration.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="New end.")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="New length: 45m, 1h30m, 90.")] = None,
    day: Annotated[str | None, typer.Option("--day", help="Day for times given without a date.")] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="New venue: id or name ('tbc' when not yet known).")] = None,
    from_venue: Annotated[str | None, typer.Option("--from-venue", help=_FROM_HELP + " ('tbc' clears)")] = None,
    to_venue: Annotated[str | None, typer.Option("--to-venue", help=_TO_HELP + " ('tbc' clears)")] = None,
    participants: Annotated[str | None, typer.Option("--with", help="New participants, separated by commas: ids, names, surnames or roles.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=_KIND_HELP)] = None,
    status: Annotated[str | None, typer.Option("--status", help=_STATUS_HELP)] = None,
    visibility: Annotated[str | None, typer.Option("--visibility", help=_VISIBILITY_HELP)] = None,
    note: Annotated[str | None, typer.Option("--note", help="New notes (replaces the old).")] = None,
    contacts: Annotated[str | None, typer.Option("--contact", help="New contacts, separated by commas: ids or names.")] = None,
    tbc: Annotated[bool | None, typer.Option("--tbc/--time-confirmed", help="Mark the time as to be confirmed, or as confirmed.", show_default=False)] = None,
    overlap_ok: Annotated[bool | None, typer.Option("--overlap-ok/--no-overlap-ok", help="May run alongside other events.", show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where a confirmation comes from, e.g. 'Office of the President, call of 12 May'.")] = None,
    after: Annotated[str | None, typer.Option("--after", help=_AFTER + " ('' clears).")] = None,
    before: Annotated[str | None, typer.Option("--before", help=_BEFORE + " ('' clears).")] = None,
    same_day: Annotated[str | None, typer.Option("--same-day", help=_SAME_DAY + " ('' clears).")] = None,
    min_gap: Annotated[str | None, typer.Option("--min-gap", help=_MIN_GAP + " ('none' clears).")] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help=_PREFER + " ('none' clears).")] = None,
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
        raise UsageError("--day needs --start or --end")
    fields: dict[str, Any] = {}
    for name, value in (
        ("title", title), ("title_ko", title_ko), ("kind", kind), ("status", status),
        ("visibility", visibility), ("notes", note), ("time_tbc", tbc), ("overlap_ok", overlap_ok),
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
    fields |= _planning(refs, after=after, before=before, same_day=same_day, min_gap=min_gap, prefer=prefer)
    refs.check()
    begin = time_option(visit, start, old.zone, the_day, "--start") if start is not None else None
    finish = time_option(visit, end, old.zone, the_day or (begin or old.start).date(), "--end") if end is not None else None
    if end is not None and duration is not None:
        raise UsageError("give --end or --duration, not both")
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
    typer.echo(f"Changed {event.id}: {', '.join(sorted(fields_changed))} (revision {event.revision}).")
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


def _minutes(text: str, flag: str) -> int:
    return 0 if text.strip() in ("0", "0m") else int(duration_option(text, flag).total_seconds() // 60)


@app.command()
def cancel(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, added to the notes.")] = "",
) -> None:
    """Mark an event cancelled. It stays on record (and in exports, so calendars drop it).

    Example: itinerary cancel business-leaders-meeting --reason "merged with the labour meeting"
    """
    build(check_text, value=reason, field_name="reason", limit=MAX_TITLE)
    applied = events.cancel(library(ctx), event_id, reason=reason)
    if applied.entry is None:
        typer.echo(applied.message)
        return
    typer.echo(f"Cancelled {event_id} (revision {applied.after.events_by_id[event_id].revision}).")


@app.command()
def remove(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an event's record. Prefer `cancel` for an event that was announced.

    Example: itinerary remove working-lunch --yes
    """
    lib = library(ctx)
    event = find_event(lib.programme(), event_id)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"remove asks for confirmation; run it in a terminal or pass --yes to remove {event_id}")
        if not typer.confirm(f"Remove {event_id} ({event.title})?", default=False):
            typer.echo("Nothing removed.")
            return
    events.remove(lib, event_id)
    typer.echo(f"Removed {event_id} (`itinerary undo` brings it back).")
