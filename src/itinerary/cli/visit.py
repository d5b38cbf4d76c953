"""Commands that start a visit and set its settings: init, visit show, visit edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from itinerary.cli.app import commands, group
from itinerary.cli.options import (
    as_usage,
    data_folder,
    day_option,
    emit,
    emit_json,
    find_person,
    library,
    report_added,
    say,
    zone_option,
)
from itinerary.errors import UsageError
from itinerary.i18n import N_, _, ngettext
from itinerary.model import Person, TravelLeg, Venue, Visit, slugify

app = commands()
visit_app = group(N_("The visit's own settings: its days, zones, guest, buffer, reminders."))
app.add_typer(visit_app, name="visit")


@app.command()
def init(
    ctx: typer.Context,
    folder: Annotated[Path | None, typer.Argument(help=N_("The new visit's folder (default: the --data folder, ./events)."), show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help=N_("The visit's title in English."))] = None,
    title_ko: Annotated[str, typer.Option("--title-ko", help=N_("The visit's title in Korean."))] = "",
    first_day: Annotated[str | None, typer.Option("--first-day", help=N_("First day, e.g. 2026-06-15."))] = None,
    last_day: Annotated[str | None, typer.Option("--last-day", help=N_("Last day (default: the first day)."))] = None,
    zone_name: Annotated[str, typer.Option("--zone", help=N_("The host's IANA time zone."))] = "Asia/Seoul",
    home_zone: Annotated[str | None, typer.Option("--home-zone", help=N_("The guest's home time zone (default: the host's)."))] = None,
    home_label: Annotated[str, typer.Option("--home-label", help=N_("How to name the home zone on screen, e.g. Geneva."))] = "",
    home_label_ko: Annotated[str, typer.Option("--home-label-ko", help=N_("The same in Korean, e.g. 제네바."))] = "",
    office: Annotated[str, typer.Option("--office", help=N_("The organising office."))] = "",
    office_ko: Annotated[str, typer.Option("--office-ko", help=N_("The organising office in Korean."))] = "",
    visit_id: Annotated[str | None, typer.Option("--id", help=N_("The visit's id, part of every exported UID and the name of its exports folder (default: from the title and the month it starts in)."))] = None,
    source: Annotated[Path | None, typer.Option("--from", help=N_("Another visit's folder: copy its people, venues and travel legs (no events)."))] = None,
) -> None:
    """Start a new visit: a data folder with its settings and, with --from, the people, venues
    and travel legs of another visit. An empty programme is a valid visit: add people, venues and
    events next.

    Example: itinerary init visits/oecd-2026-06 --title "Visit of the OECD Secretary-General" --first-day 2026-06-15 --last-day 2026-06-17 --home-zone Europe/Paris --office "International Cooperation Bureau"
    """
    from itinerary.changes.directory import create
    from itinerary.changes.library import Library

    if title is None or first_day is None:
        raise UsageError(_("init needs --title and --first-day (and --last-day for a visit of several days)"))
    target = folder or data_folder(ctx)
    first = _day(first_day, "--first-day")
    last = _day(last_day, "--last-day") if last_day else first
    zone_name = zone_option(zone_name, "--zone")
    people: tuple[Person, ...] = ()
    venues: tuple[Venue, ...] = ()
    travel: tuple[TravelLeg, ...] = ()
    if source is not None:
        other = Library.open(source, cached=False).programme()
        people, venues, travel = other.people, other.venues, other.travel
    visit = as_usage(lambda: Visit(
        id=visit_id or default_id(title, first), title=title, title_ko=title_ko, first_day=first, last_day=last, guest="", zone=zone_name,
        guest_zone=zone_option(home_zone or zone_name, "--home-zone"), guest_zone_label=home_label, office=office, office_ko=office_ko,
        guest_zone_label_ko=home_label_ko,
    ))
    as_usage(lambda: create(target, visit, people=people, venues=venues, travel=travel))
    if source:
        typer.echo(_("Started the visit {id} in {folder} with {people}, {venues} and {legs} from {source}.", id=visit.id, folder=target,
                     people=ngettext("{n} person", "{n} people", len(people), n=len(people)),
                     venues=ngettext("{n} venue", "{n} venues", len(venues), n=len(venues)),
                     legs=ngettext("{n} travel leg", "{n} travel legs", len(travel), n=len(travel)), source=source))
    else:
        typer.echo(_("Started the visit {id} in {folder}.", id=visit.id, folder=target))
    say(_("Next: itinerary --data {folder} person add ID --name NAME; then visit edit --guest ID; venue add; add", folder=target))


def _handling(visit: Visit, lines: list[str], korean: list[str]) -> Any:
    """The visit's handling lines with those --handling and --handling-ko set ('full=TEXT')."""
    import dataclasses

    from itinerary.errors import InvalidData

    changed: dict[str, str] = {}
    handling = visit.handling
    for flag, given, suffix in (("--handling", lines, ""), ("--handling-ko", korean, "_ko")):
        for text in given:
            audience, sep, line = text.partition("=")
            if not sep or audience.strip() not in ("full", "public", "person"):
                raise UsageError(_("{flag}: {text!r} is not AUDIENCE=TEXT (full, public or person, e.g. 'public=Embargoed until 21 May')",
                                   flag=flag, text=text))
            try:
                changed[audience.strip() + suffix] = line.strip()
                handling = dataclasses.replace(visit.handling, **changed)
            except InvalidData as err:
                raise UsageError(f"{flag}: {err.reason}") from None
    return handling


def default_id(title: str, first: Any) -> str:
    """A visit's id when none is given: its title and the month it starts in, so that the same
    guest's visit of another year has other UIDs and another exports folder."""
    month = f"{first:%Y-%m}"
    slug = slugify(title)[: 79 - len(month)].strip("-")
    return slug if slug.endswith(month) else f"{slug}-{month}"


def _day(text: str, flag: str) -> Any:
    import datetime as dt

    from itinerary.core.timeparse import parse_day
    from itinerary.model import in_range

    day = as_usage(lambda: parse_day(text, year=dt.date.today().year))
    as_usage(lambda: in_range(day, flag.lstrip("-").replace("-", "_")))
    return day


@visit_app.command("show")
def visit_show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """Show the visit's settings.

    Example: itinerary visit show
    """
    from itinerary.formats import jsonout
    from itinerary.ui import detail

    visit = library(ctx).store.visit()
    if as_json:
        emit_json(jsonout.visit(visit))
        return
    emit(detail.visit_table(visit))


@visit_app.command("edit")
def visit_edit(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option("--title", help=N_("Title in English."))] = None,
    title_ko: Annotated[str | None, typer.Option("--title-ko", help=N_("Title in Korean."))] = None,
    first_day: Annotated[str | None, typer.Option("--first-day", help=N_("First day."))] = None,
    last_day: Annotated[str | None, typer.Option("--last-day", help=N_("Last day."))] = None,
    guest: Annotated[str | None, typer.Option("--guest", help=N_("The principal guest: id, name or surname."))] = None,
    home_zone: Annotated[str | None, typer.Option("--home-zone", "--second-zone", help=N_("The second zone shown beside local time (the guest's home)."))] = None,
    home_label: Annotated[str | None, typer.Option("--home-label", help=N_("How to name that zone on screen, e.g. Geneva."))] = None,
    home_label_ko: Annotated[str | None, typer.Option("--home-label-ko", help=N_("The same in Korean, e.g. 제네바 (else the zone's city: 취리히)."))] = None,
    office: Annotated[str | None, typer.Option("--office", help=N_("The organising office."))] = None,
    office_ko: Annotated[str | None, typer.Option("--office-ko", help=N_("The organising office in Korean."))] = None,
    office_email: Annotated[str | None, typer.Option("--office-email", help=N_("The office's e-mail (ORGANIZER of exports)."))] = None,
    buffer: Annotated[int | None, typer.Option("--buffer", help=N_("Protocol buffer between a person's events, in minutes."))] = None,
    alarm: Annotated[int | None, typer.Option("--alarm", help=N_("Reminder before each event in exports, in minutes (-1: none)."))] = None,
    speed: Annotated[float | None, typer.Option("--city-speed", help=N_("Road speed for travel estimates, km/h."))] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("Notes about the visit."))] = None,
    handling: Annotated[list[str] | None, typer.Option("--handling", help=N_("The line on one audience's book: full=TEXT, public=TEXT or person=TEXT ({name}: the person; '' after = restores the default). Repeatable."))] = None,
    handling_ko: Annotated[list[str] | None, typer.Option("--handling-ko", help=N_("The same line in Korean: person='{name} 개인 일정 — 대외 배포 금지'. Repeatable."))] = None,
    mail_server: Annotated[str | None, typer.Option("--mail-server", help=N_("Mail server of revision notices: smtp://HOST:587 (STARTTLS) or smtps://HOST:465."))] = None,
    mail_user: Annotated[str | None, typer.Option("--mail-user", help=N_("User name on the mail server."))] = None,
    mail_password_env: Annotated[str | None, typer.Option("--mail-password-env", help=N_("Name of the environment variable holding the mail password (the password itself is never stored)."))] = None,
    mail_from: Annotated[str | None, typer.Option("--mail-from", help=N_("The From address of revision notices (default: --office-email)."))] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Write even if the change adds conflict errors (e.g. a smaller buffer does not; a shorter visit may)."))] = False,
) -> None:
    """Change the visit's settings: days, guest, zones, office, protocol buffer, reminders, city
    speed. Checked like any change (a shorter visit may leave events outside it), journaled and
    undoable.

    Example: itinerary visit edit --buffer 15 --alarm 20 --guest houngbo
    """
    from itinerary.changes.directory import edit_visit

    fields: dict[str, Any] = {}
    if guest is not None:
        guest = find_person(library(ctx).programme(), guest, "--guest")
    for name, value in (("title", title), ("title_ko", title_ko), ("guest", guest), ("guest_zone_label", home_label), ("guest_zone_label_ko", home_label_ko),
                        ("office", office), ("office_ko", office_ko), ("office_email", office_email), ("buffer_minutes", buffer),
                        ("city_speed_kmh", speed), ("notes", note)):
        if value is not None:
            fields[name] = value
    if home_zone is not None:
        fields["guest_zone"] = zone_option(home_zone, "--home-zone")
    if alarm is not None:
        fields["alarm_minutes"] = None if alarm < 0 else alarm
    visit = library(ctx).store.visit()
    if handling or handling_ko:
        fields["handling"] = _handling(visit, handling or [], handling_ko or [])
    mail = {k: v for k, v in (("server", mail_server), ("user", mail_user), ("password_env", mail_password_env), ("sender", mail_from)) if v is not None}
    if mail:
        fields["mail"] = _mail(visit, mail)
    if first_day is not None:
        fields["first_day"] = day_option(visit, first_day, "--first-day")
    if last_day is not None:
        fields["last_day"] = day_option(visit, last_day, "--last-day")
    applied = as_usage(lambda: edit_visit(library(ctx), fields, force=force))
    if applied.entry is None:
        typer.echo(applied.message)
        return
    typer.echo(_("Changed the visit: {fields}.", fields=", ".join(applied.entry.changes[0].fields)))
    report_added(applied)


def _mail(visit: Visit, changes: dict[str, str]) -> Any:
    """The visit's mail settings with ``changes``; a bad value names its flag."""
    import dataclasses

    from itinerary.errors import InvalidData

    try:
        return dataclasses.replace(visit.mail, **changes)
    except InvalidData as err:
        flag = {"mail.server": "--mail-server", "mail.user": "--mail-user", "mail.password_env": "--mail-password-env",
                "mail.sender": "--mail-from"}.get(err.field or "", "--mail-server")
        raise UsageError(f"{flag}: {err.reason}") from None
