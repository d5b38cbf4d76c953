"""Commands for what events stand on: people, venues, travel legs and the office's contacts."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from itinerary.changes import directory
from itinerary.changes.library import Applied
from itinerary.cli.app import commands, group
from itinerary.cli.options import as_usage, build, library, report_added, zone_option
from itinerary.i18n import N_, _
from itinerary.model import Contact, Person, TravelLeg, Venue

app = commands()
person_app = group(N_("The people of the visit."))
venue_app = group(N_("The venues of the visit."))
leg_app = group(N_("Travel times between venues."))
contact_app = group(N_("The office's contacts."))
app.add_typer(person_app, name="person")
app.add_typer(venue_app, name="venue")
app.add_typer(leg_app, name="leg")
app.add_typer(contact_app, name="contact")

_ID = typer.Argument(help=N_("Its id: lower-case letters, digits and hyphens."), show_default=False)


_LOCAL = typer.Option("--local", help=N_("In a visit of an office: for this visit only, not in the office's directory."))
_FORCE = typer.Option("--force", help=N_("Write it even though it adds a conflict error (listed)."))


def _said(applied: Applied, done: str) -> None:
    """What a change did: ``done`` (a sentence), with the library's word on it in brackets."""
    if applied.entry is None:
        typer.echo(applied.message)
        return
    typer.echo(_("{done} ({note}).", done=done.removesuffix("."), note=applied.message) if applied.message else done)
    report_added(applied)


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# --- people ---------------------------------------------------------------------------------------


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    person_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help=N_("Full name in Latin letters."))],
    name_ko: Annotated[str, typer.Option("--name-ko", help=N_("Name in Korean, as the source writes it."))] = "",
    short: Annotated[str, typer.Option("--short", help=N_("Short form for messages, e.g. Houngbo."))] = "",
    role: Annotated[str, typer.Option("--role", help=N_("Position, e.g. Minister of Employment and Labor."))] = "",
    role_ko: Annotated[str, typer.Option("--role-ko", "--title-ko", help=N_("Position or form of address in Korean, said after the name: 장관, 사무총장."))] = "",
    organisation: Annotated[str, typer.Option("--organisation", help=N_("Organisation."))] = "",
    home_zone: Annotated[str, typer.Option("--home-zone", help=N_("Home time zone: IANA name or city."))] = "Asia/Seoul",
    email: Annotated[str, typer.Option("--email", help=N_("E-mail address."))] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add a person to the visit (in a visit of an office: to the office's directory, which
    every visit of the office shares, unless --local).

    Example: itinerary person add cormann --name "Mathias Cormann" --role "Secretary-General, OECD" --home-zone Europe/Paris
    """
    home_zone = zone_option(home_zone, "--home-zone")
    person = build(Person, id=person_id, name=name, name_ko=name_ko, short_name=short, title=role, organisation=organisation,
                   zone=home_zone, email=email, title_ko=role_ko)
    _said(as_usage(lambda: directory.add_person(library(ctx, office=True), person, local=local)), _("Added the person {id}.", id=person_id))


@person_app.command("edit")
def person_edit(
    ctx: typer.Context,
    person_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help=N_("Full name."))] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help=N_("Name in Korean."))] = None,
    short: Annotated[str | None, typer.Option("--short", help=N_("Short form for messages."))] = None,
    role: Annotated[str | None, typer.Option("--role", help=N_("Position."))] = None,
    role_ko: Annotated[str | None, typer.Option("--role-ko", "--title-ko", help=N_("Position or form of address in Korean (장관)."))] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help=N_("Organisation."))] = None,
    home_zone: Annotated[str | None, typer.Option("--home-zone", help=N_("Home time zone: IANA name or city."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=N_("E-mail address."))] = None,
) -> None:
    """Change a person's name, role, organisation, home zone or e-mail.

    Example: itinerary person edit kim-younghoon --role "Minister of Employment and Labor"
    """
    if home_zone is not None:
        home_zone = zone_option(home_zone, "--home-zone")
    fields = _given(name=name, name_ko=name_ko, short_name=short, title=role, organisation=organisation, zone=home_zone, email=email,
                    title_ko=role_ko)
    _said(as_usage(lambda: directory.edit_person(library(ctx, office=True), person_id, fields)), _("Changed the person {id}.", id=person_id))


@person_app.command("remove")
def person_remove(ctx: typer.Context, person_id: Annotated[str, _ID]) -> None:
    """Remove a person no event uses (refused otherwise, naming the events).

    Example: itinerary person remove interpreter-2
    """
    _said(directory.remove_person(library(ctx, office=True), person_id), _("Removed the person {id}.", id=person_id))


# --- venues ---------------------------------------------------------------------------------------


@venue_app.command("add")
def venue_add(
    ctx: typer.Context,
    venue_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help=N_("Name in English."))],
    name_ko: Annotated[str, typer.Option("--name-ko", help=N_("Name in Korean."))] = "",
    address: Annotated[str, typer.Option("--address", help=N_("Street address."))] = "",
    address_ko: Annotated[str, typer.Option("--address-ko", help=N_("The address in Korean."))] = "",
    city: Annotated[str, typer.Option("--city", help=N_("City."))] = "",
    lat: Annotated[float | None, typer.Option("--lat", help=N_("Latitude (WGS 84), for travel estimates."))] = None,
    lon: Annotated[float | None, typer.Option("--lon", help=N_("Longitude (WGS 84)."))] = None,
    exclusive: Annotated[bool, typer.Option("--exclusive", help=N_("Two events may never share it at once."))] = False,
    note: Annotated[str, typer.Option("--note", help=N_("What is known and not known about it."))] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add a venue to the visit (in a visit of an office: to the office's directory, unless
    --local).

    Example: itinerary venue add presidential-office --name "Presidential Office" --name-ko "대통령실" --city Seoul --exclusive
    """
    venue = build(Venue, id=venue_id, name=name, name_ko=name_ko, address=address, city=city, latitude=lat, longitude=lon,
                  exclusive=exclusive, notes=note, address_ko=address_ko)
    _said(as_usage(lambda: directory.add_venue(library(ctx, office=True), venue, local=local)), _("Added the venue {id}.", id=venue_id))


@venue_app.command("edit")
def venue_edit(
    ctx: typer.Context,
    venue_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help=N_("Name in English."))] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help=N_("Name in Korean."))] = None,
    address: Annotated[str | None, typer.Option("--address", help=N_("Street address."))] = None,
    address_ko: Annotated[str | None, typer.Option("--address-ko", help=N_("The address in Korean."))] = None,
    city: Annotated[str | None, typer.Option("--city", help=N_("City."))] = None,
    lat: Annotated[float | None, typer.Option("--lat", help=N_("Latitude."))] = None,
    lon: Annotated[float | None, typer.Option("--lon", help=N_("Longitude."))] = None,
    exclusive: Annotated[bool | None, typer.Option("--exclusive/--shared", help=N_("Whether two events may share it at once."), show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("Notes."))] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Change a venue's name, address, coordinates or exclusivity (checked: an exclusive venue
    booked twice is a conflict error).

    Example: itinerary venue edit seoul-employment-center --lat 37.5665 --lon 126.978
    """
    fields = _given(name=name, name_ko=name_ko, address=address, city=city, latitude=lat, longitude=lon, exclusive=exclusive, notes=note,
                    address_ko=address_ko)
    _said(as_usage(lambda: directory.edit_venue(library(ctx, office=True), venue_id, fields, force=force)), _("Changed the venue {id}.", id=venue_id))


@venue_app.command("remove")
def venue_remove(ctx: typer.Context, venue_id: Annotated[str, _ID]) -> None:
    """Remove a venue no event and no travel leg uses (refused otherwise, naming them).

    Example: itinerary venue remove old-hotel
    """
    _said(directory.remove_venue(library(ctx, office=True), venue_id), _("Removed the venue {id}.", id=venue_id))


# --- travel legs ----------------------------------------------------------------------------------


@leg_app.command("add")
def leg_add(
    ctx: typer.Context,
    origin: Annotated[str, typer.Argument(metavar="FROM", help=N_("The venue it starts at."), show_default=False)],
    destination: Annotated[str, typer.Argument(metavar="TO", help=N_("The venue it ends at."), show_default=False)],
    minutes: Annotated[int, typer.Option("--minutes", help=N_("Door-to-door travel time, in minutes."))],
    one_way: Annotated[bool, typer.Option("--one-way", help=N_("Only from FROM to TO (otherwise it holds both ways)."))] = False,
    note: Annotated[str, typer.Option("--note", help=N_("Where the figure comes from."))] = "",
    local: Annotated[bool, _LOCAL] = False,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Set the travel time between two venues (replacing what was there): checked, so a shorter
    leg never hides and a longer one shows a new travel conflict.

    Example: itinerary leg add seoul-employment-center presidential-office --minutes 25 --note "Police escort, planning figure"
    """
    leg = build(TravelLeg, origin=origin, destination=destination, minutes=minutes, note=note, one_way=one_way)
    if one_way:
        done = _("Travel from {origin} and {destination}: {minutes} min.", origin=origin, destination=destination, minutes=minutes)
    else:
        done = _("Travel between {origin} and {destination}: {minutes} min.", origin=origin, destination=destination, minutes=minutes)
    _said(as_usage(lambda: directory.add_leg(library(ctx, office=True), leg, local=local, force=force)), done)


@leg_app.command("remove")
def leg_remove(
    ctx: typer.Context,
    origin: Annotated[str, typer.Argument(metavar="FROM", help=N_("One venue."), show_default=False)],
    destination: Annotated[str, typer.Argument(metavar="TO", help=N_("The other venue."), show_default=False)],
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Remove the travel time between two venues (estimates from coordinates take over).

    Example: itinerary leg remove seoul-employment-center presidential-office
    """
    _said(directory.remove_leg(library(ctx, office=True), origin, destination, force=force), _("Removed the travel leg between {origin} and {destination}.", origin=origin, destination=destination))


# --- contacts -------------------------------------------------------------------------------------


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    contact_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help=N_("Name in Latin letters."))],
    name_ko: Annotated[str, typer.Option("--name-ko", help=N_("Name in Korean."))] = "",
    role: Annotated[str, typer.Option("--role", help=N_("Position."))] = "",
    phone: Annotated[str, typer.Option("--phone", help=N_("Telephone, international form."))] = "",
    email: Annotated[str, typer.Option("--email", help=N_("E-mail address."))] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add one of the office's contacts (events name them with --contact); in a visit of an
    office, to the office's directory unless --local.

    Example: itinerary contact add park-jiwon --name "Park Ji-won" --role "Protocol officer" --phone "+82-44-202-7130"
    """
    contact = build(Contact, id=contact_id, name=name, name_ko=name_ko, role=role, phone=phone, email=email)
    _said(as_usage(lambda: directory.add_contact(library(ctx, office=True), contact, local=local)), _("Added the contact {id}.", id=contact_id))


@contact_app.command("edit")
def contact_edit(
    ctx: typer.Context,
    contact_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help=N_("Name."))] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help=N_("Name in Korean."))] = None,
    role: Annotated[str | None, typer.Option("--role", help=N_("Position."))] = None,
    phone: Annotated[str | None, typer.Option("--phone", help=N_("Telephone."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=N_("E-mail address."))] = None,
) -> None:
    """Change a contact's name, role, phone or e-mail.

    Example: itinerary contact edit jung-hyejin --phone "+82-44-202-7133"
    """
    fields = _given(name=name, name_ko=name_ko, role=role, phone=phone, email=email)
    _said(as_usage(lambda: directory.edit_contact(library(ctx, office=True), contact_id, fields)), _("Changed the contact {id}.", id=contact_id))


@contact_app.command("remove")
def contact_remove(ctx: typer.Context, contact_id: Annotated[str, _ID]) -> None:
    """Remove a contact no event names (refused otherwise, naming the events).

    Example: itinerary contact remove park-jiwon
    """
    _said(directory.remove_contact(library(ctx, office=True), contact_id), _("Removed the contact {id}.", id=contact_id))
