"""Commands that read the programme: timeline, show, people, venues, check, free."""

from __future__ import annotations

from typing import Annotated

import typer

from itinerary import agenda
from itinerary.cli.common import (
    app,
    day_option,
    emit,
    emit_json,
    find_event,
    find_person,
    open_store,
    second_zone_option,
    show_event,
    time_option,
)


@app.command()
def timeline(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--day", help="Only this day, e.g. 2026-05-22 or '22 May'.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Only this person's programme (person id).")] = None,
    since: Annotated[str | None, typer.Option("--from", help="Only events ending after this time.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Only events starting before this time.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Second time zone (default: the guest's home zone).")] = None,
    no_second_zone: Annotated[bool, typer.Option("--no-second-zone", help="Show local time only.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include cancelled events.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (format itinerary.timeline/1).")] = False,
) -> None:
    """Show the programme by day, in local time and the guest's home time.

    Example: itinerary timeline --person houngbo --tz Europe/Zurich
    """
    programme = open_store(ctx).load()
    visit = programme.visit
    zone_name, label = second_zone_option(programme, tz, no_second_zone)
    chosen = agenda.select(
        programme.events,
        person=find_person(programme, person),
        day=day_option(programme, day),
        tz=visit.tz,
        start=time_option(programme, since, visit.zone, visit.first_day) if since else None,
        end=time_option(programme, until, visit.zone, visit.first_day) if until else None,
        include_cancelled=show_all,
    )
    days = agenda.by_day(chosen, visit.tz)
    if as_json:
        from itinerary import jsonout

        emit_json(jsonout.timeline(programme, days, second_zone=zone_name))
        return
    from itinerary import views

    title = visit.title + (f" — {programme.people_by_id[person].name}" if person else "")
    emit(views.timeline(programme, days, second_zone=zone_name, second_label=label, title=title))


@app.command()
def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show one event in full: times, people, venue, agenda, notes, contacts, attachments.

    Example: itinerary show minister-meeting
    """
    programme = open_store(ctx).load()
    event = find_event(programme, event_id)
    if as_json:
        from itinerary import jsonout

        emit_json(jsonout.event(programme, event, programme.visit.guest_zone, full=True))
        return
    show_event(programme, event)


@app.command()
def people(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the people of the visit and the office's contacts.

    Example: itinerary people
    """
    programme = open_store(ctx).load()
    if as_json:
        from itinerary import jsonout

        emit_json([jsonout.person(p) for p in programme.people])
        return
    from itinerary import views

    emit(views.people_table(programme))


@app.command()
def venues(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the venues of the visit and the travel legs between them.

    Example: itinerary venues
    """
    programme = open_store(ctx).load()
    if as_json:
        from itinerary import jsonout

        emit_json([jsonout.venue(v) for v in programme.venues])
        return
    from itinerary import views

    emit(views.venues_table(programme))


