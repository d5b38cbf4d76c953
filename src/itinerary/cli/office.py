"""Commands for an office of many visits: start one, list its visits, see its days across every
visit, check the visits against each other, find a person's free time, adopt a visit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from itinerary.cli.app import commands, group
from itinerary.cli.options import as_usage, data_folder, duration_option, emit, emit_json, say, when_text, zone_option
from itinerary.errors import ConflictError, UsageError
from itinerary.i18n import N_, _, ngettext
from itinerary.model import Programme

app = commands()
office_app = group(N_("An office of many visits: its shared directory, its days across visits, clashes between visits."))
app.add_typer(office_app, name="office")


def _day(text: str, flag: str) -> dt.date:
    from itinerary.core.timeparse import parse_day
    from itinerary.model import in_range

    day: dt.date = as_usage(lambda: parse_day(text, year=dt.date.today().year))
    as_usage(lambda: in_range(day, flag.lstrip("-")))
    return day


@office_app.command("init")
def office_init(
    folder: Annotated[Path, typer.Argument(help=N_("The new office's folder."), show_default=False)],
    name: Annotated[str, typer.Option("--name", help=N_("The office's name in English."))],
    name_ko: Annotated[str, typer.Option("--name-ko", help=N_("The office's name in Korean."))] = "",
    office_id: Annotated[str | None, typer.Option("--id", help=N_("The office's id (default: from the name)."))] = None,
    zone_name: Annotated[str, typer.Option("--zone", help=N_("The office's IANA time zone: its views across visits use it."))] = "Asia/Seoul",
    buffer: Annotated[int, typer.Option("--buffer", help=N_("Protocol buffer between two visits' events of one person, in minutes."))] = 10,
) -> None:
    """Start an office: a folder whose visits (one sub-folder each) share one directory of people,
    venues, travel legs and contacts, and are checked against each other.

    Example: itinerary office init protocol --name "International Cooperation Division" --name-ko "국제협력담당관실"
    """
    from itinerary.changes.office import create_office
    from itinerary.model import Office, slugify

    zone_name = zone_option(zone_name, "--zone")
    office = as_usage(lambda: Office(office_id or slugify(name), name, name_ko=name_ko, zone=zone_name, buffer_minutes=buffer))
    create_office(folder, office)
    typer.echo(_("Started the office {id} in {folder}.", id=office.id, folder=folder))
    say(_("Next: itinerary --data {folder} person add ID --name NAME; venue add; then itinerary init {folder}/VISIT --title … "
          "--first-day …, or itinerary --data {folder} office adopt VISIT-FOLDER", folder=folder))


@office_app.command("visits")
def office_visits(ctx: typer.Context) -> None:
    """List the office's visits: folder, id, days, title and number of events.

    Example: itinerary office visits
    """
    from itinerary.changes.office import read_visits
    from itinerary.ui.office import visits_table

    visits = read_visits(data_folder(ctx))
    emit(visits_table(visits.names, visits.programmes, title=_("Visits of {office}", office=visits.office.name)))


def _taken(whole: Programme, text: str | None, flag: str, what: str = "person") -> str | None:
    """The id a reference the office found named, said when it was not the id itself."""
    if text is None:
        return None
    from itinerary.core import lookup

    found = lookup.people(text, whole.people) if what == "person" else lookup.venues(text, whole.venues)
    if found.id is not None and not found.as_typed:
        say(f"{flag} {text} → {found.matches[0]}")
    return found.id


@office_app.command("timeline")
def office_timeline(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--day", help=N_("The day, e.g. 2026-05-21 or '21 May' (this year)."))] = None,
    week: Annotated[str | None, typer.Option("--week", help=N_("The week (Monday to Sunday) holding this day."))] = None,
    person: Annotated[str | None, typer.Option("--person", help=N_("Only this person's events, in every visit."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """Every visit's events on one day (or one week), on the office's clock, marked with their
    visit: the minister's week at a glance. Without --day or --week: this week.

    Example: itinerary office timeline --week "18 May" --person kim-younghoon
    """
    from itinerary.changes.office import day_of_office

    if day and week:
        raise UsageError(_("give --day or --week, not both"))
    if day:
        first, count = _day(day, "--day"), 1
    else:
        anchor = _day(week, "--week") if week else dt.date.today()
        first, count = anchor - dt.timedelta(days=anchor.weekday()), 7
    visits, rows = day_of_office(data_folder(ctx), first, person=person, days=count)
    whole = visits.whole
    person = _taken(whole, person, "--person")
    if as_json:
        from itinerary.formats import jsonout

        emit_json(jsonout.office_day(rows, whole))
        return
    from zoneinfo import ZoneInfo

    from itinerary.ui.office import days_view

    n = len(visits.programmes)
    day = when_text(first, "%d %B %Y")
    span = day if count == 1 else _("the week of {day}", day=day)
    who = f" — {whole.person_label(person)}" if person else ""
    title = ngettext("{office}: {span}{who} ({n} visit, times in {zone})", "{office}: {span}{who} ({n} visits, times in {zone})", n,
                     office=visits.office.name, span=span, who=who, n=n, zone=visits.office.zone)
    days = [first + dt.timedelta(days=n) for n in range(count)]
    emit(days_view(rows, whole, ZoneInfo(visits.office.zone), days, title=title))


@office_app.command("check")
def office_check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output (format itinerary.office-check/1)."))] = False,
) -> None:
    """Check every visit of the office, and the visits against each other: one person (or an
    exclusive venue) in two visits at once, too little travel between two visits' events, an
    officer the contact of two visits' events at once. Each visit's row counts exactly what
    `check` inside it reports. Exits 5 when there are errors.

    Example: itinerary office check
    """
    from itinerary.changes.office import check_office

    found = check_office(data_folder(ctx))
    visits = found.visits
    each = [found.of_visit(i) for i in range(len(visits.programmes))]
    if as_json:
        from itinerary.formats import jsonout

        emit_json(jsonout.office_check(visits.names, visits.programmes, each, found.crossings, totals=(found.errors, found.warnings)))
    else:
        from itinerary.ui.office import check_view

        emit(check_view(visits.names, visits.programmes, each, found.crossings, totals=(found.errors, found.warnings),
                        title=_("Check of {visit}", visit=visits.office.name)))
    if found.errors:
        raise ConflictError(ngettext("{n} conflict error", "{n} conflict errors", found.errors, n=found.errors))


@office_app.command("free")
def office_free(
    ctx: typer.Context,
    person: Annotated[str, typer.Option("--person", help=N_("Whose free time (person id)."))],
    day: Annotated[str, typer.Option("--day", help=N_("The day, e.g. 2026-05-22 or '22 May' (this year)."))],
    duration: Annotated[str, typer.Option("--duration", help=N_("Length of the event to fit: 45m, 1h30m, 90."))],
    venue: Annotated[str | None, typer.Option("--venue", help=N_("Where the event would be (travel is counted)."))] = None,
    since: Annotated[str, typer.Option("--from", help=N_("Start of the working day."))] = "08:00",
    until: Annotated[str, typer.Option("--to", help=N_("End of the working day."))] = "20:00",
) -> None:
    """Find where an event of the given length fits in a person's day across every visit of the
    office, their busy calendars, travel and the office's buffer included.

    Example: itinerary office free --person kim-younghoon --day "21 May" --duration 45m
    """
    from zoneinfo import ZoneInfo

    from itinerary.changes.office import free_in_office, office_root
    from itinerary.core.timeparse import parse_when
    from itinerary.storage.store import Store
    from itinerary.ui import reports

    the_day = _day(day, "--day")
    office = Store.at(office_root(data_folder(ctx))).directory()[0]
    start = as_usage(lambda: parse_when(since, office.zone, day=the_day))
    end = as_usage(lambda: parse_when(until, office.zone, day=the_day))
    if end <= start:
        raise UsageError(_("--to must be after --from"))
    length = duration_option(duration)
    visits, slots = free_in_office(data_folder(ctx), person, (start, end), length, venue=venue)
    whole = visits.whole
    person = _taken(whole, person, "--person") or person
    venue = _taken(whole, venue, "--venue", what="venue")
    n, on, minutes = len(visits.programmes), when_text(the_day, "%A %d %B %Y"), int(length / dt.timedelta(minutes=1))
    if venue:
        title = ngettext("Free for {person} on {day} across {n} visit, {minutes} min at {venue}",
                         "Free for {person} on {day} across {n} visits, {minutes} min at {venue}", n,
                         person=whole.person_label(person), day=on, n=n, minutes=minutes, venue=whole.venue_label(venue))
    else:
        title = ngettext("Free for {person} on {day} across {n} visit, {minutes} min", "Free for {person} on {day} across {n} visits, {minutes} min",
                         n, person=whole.person_label(person), day=on, n=n, minutes=minutes)
    emit(reports.slots_table(slots, length, ZoneInfo(office.zone), None, title=title))


@office_app.command("adopt")
def office_adopt(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help=N_("The visit's folder (a visit of its own, or one already moved into the office)."), show_default=False)],
    name: Annotated[str | None, typer.Option("--as", help=N_("Its folder name in the office (default: its own name)."))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show what would be moved, merged, kept or renamed; change nothing."))] = False,
) -> None:
    """Move a visit into the office: its people, venues, travel legs and contacts join the
    office's directory by id — moved, merged with the office's same record, kept as the visit's
    own where they differ, or renamed where the office uses the id for someone else — and nothing
    is lost. Each step is journaled; an interrupted adoption is finished by running it again.

    Example: itinerary --data protocol office adopt events --as ilo-dg-2026-05
    """
    from itinerary.changes.adopt import adopt
    from itinerary.ui.office import adoption_table

    target, found = adopt(data_folder(ctx), folder, name=name, who=ctx.obj.by, dry_run=dry_run)
    rows = [(o.kind, o.id, o.action, o.detail) for o in found.outcomes]
    if dry_run:
        title = _("Would adopt {folder} as {target}", folder=folder, target=target)
    else:
        title = _("Adopted {folder} as {target}", folder=folder, target=target)
    emit(adoption_table(rows, title=title))
    if dry_run:
        say(_("Nothing was changed (--dry-run)."))
