"""Commands for what events stand on: people, venues, travel legs and the office's contacts."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from itinerary.changes import directory
from itinerary.changes.library import Applied
from itinerary.cli.app import commands
from itinerary.cli.options import as_usage, build, library, report_added, zone_option
from itinerary.model import Contact, Person, TravelLeg, Venue

app = commands()
person_app = typer.Typer(help="The people of the visit.", no_args_is_help=True)
venue_app = typer.Typer(help="The venues of the visit.", no_args_is_help=True)
leg_app = typer.Typer(help="Travel times between venues.", no_args_is_help=True)
contact_app = typer.Typer(help="The office's contacts.", no_args_is_help=True)
app.add_typer(person_app, name="person")
app.add_typer(venue_app, name="venue")
app.add_typer(leg_app, name="leg")
app.add_typer(contact_app, name="contact")

_ID = typer.Argument(help="Its id: lower-case letters, digits and hyphens.", show_default=False)


_LOCAL = typer.Option("--local", help="In a visit of an office: for this visit only, not in the office's directory.")
_FORCE = typer.Option("--force", help="Write it even though it adds a conflict error (listed).")


def _said(applied: Applied, done: str) -> None:
    if applied.entry is None:
        typer.echo(applied.message)
        return
    typer.echo(f"{done.removesuffix('.')} ({applied.message})." if applied.message else done)
    report_added(applied)


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


# --- people ---------------------------------------------------------------------------------------


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    person_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help="Full name in Latin letters.")],
    name_ko: Annotated[str, typer.Option("--name-ko", help="Name in Korean, as the source writes it.")] = "",
    short: Annotated[str, typer.Option("--short", help="Short form for messages, e.g. Houngbo.")] = "",
    role: Annotated[str, typer.Option("--role", help="Position, e.g. Minister of Employment and Labor.")] = "",
    organisation: Annotated[str, typer.Option("--organisation", help="Organisation.")] = "",
    home_zone: Annotated[str, typer.Option("--home-zone", help="Home time zone: IANA name or city.")] = "Asia/Seoul",
    email: Annotated[str, typer.Option("--email", help="E-mail address.")] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add a person to the visit (in a visit of an office: to the office's directory, which
    every visit of the office shares, unless --local).

    Example: itinerary person add cormann --name "Mathias Cormann" --role "Secretary-General, OECD" --home-zone Europe/Paris
    """
    home_zone = zone_option(home_zone, "--home-zone")
    person = build(Person, id=person_id, name=name, name_ko=name_ko, short_name=short, title=role, organisation=organisation,
                   zone=home_zone, email=email)
    _said(as_usage(lambda: directory.add_person(library(ctx, office=True), person, local=local)), f"Added the person {person_id}.")


@person_app.command("edit")
def person_edit(
    ctx: typer.Context,
    person_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help="Name in Korean.")] = None,
    short: Annotated[str | None, typer.Option("--short", help="Short form for messages.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Position.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help="Organisation.")] = None,
    home_zone: Annotated[str | None, typer.Option("--home-zone", help="Home time zone: IANA name or city.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
) -> None:
    """Change a person's name, role, organisation, home zone or e-mail.

    Example: itinerary person edit kim-younghoon --role "Minister of Employment and Labor"
    """
    if home_zone is not None:
        home_zone = zone_option(home_zone, "--home-zone")
    fields = _given(name=name, name_ko=name_ko, short_name=short, title=role, organisation=organisation, zone=home_zone, email=email)
    _said(as_usage(lambda: directory.edit_person(library(ctx, office=True), person_id, fields)), f"Changed the person {person_id}.")


@person_app.command("remove")
def person_remove(ctx: typer.Context, person_id: Annotated[str, _ID]) -> None:
    """Remove a person no event uses (refused otherwise, naming the events).

    Example: itinerary person remove interpreter-2
    """
    _said(directory.remove_person(library(ctx, office=True), person_id), f"Removed the person {person_id}.")


# --- venues ---------------------------------------------------------------------------------------


@venue_app.command("add")
def venue_add(
    ctx: typer.Context,
    venue_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help="Name in English.")],
    name_ko: Annotated[str, typer.Option("--name-ko", help="Name in Korean.")] = "",
    address: Annotated[str, typer.Option("--address", help="Street address.")] = "",
    city: Annotated[str, typer.Option("--city", help="City.")] = "",
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (WGS 84), for travel estimates.")] = None,
    lon: Annotated[float | None, typer.Option("--lon", help="Longitude (WGS 84).")] = None,
    exclusive: Annotated[bool, typer.Option("--exclusive", help="Two events may never share it at once.")] = False,
    note: Annotated[str, typer.Option("--note", help="What is known and not known about it.")] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add a venue to the visit (in a visit of an office: to the office's directory, unless
    --local).

    Example: itinerary venue add presidential-office --name "Presidential Office" --name-ko "대통령실" --city Seoul --exclusive
    """
    venue = build(Venue, id=venue_id, name=name, name_ko=name_ko, address=address, city=city, latitude=lat, longitude=lon,
                  exclusive=exclusive, notes=note)
    _said(as_usage(lambda: directory.add_venue(library(ctx, office=True), venue, local=local)), f"Added the venue {venue_id}.")


@venue_app.command("edit")
def venue_edit(
    ctx: typer.Context,
    venue_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help="Name in English.")] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help="Name in Korean.")] = None,
    address: Annotated[str | None, typer.Option("--address", help="Street address.")] = None,
    city: Annotated[str | None, typer.Option("--city", help="City.")] = None,
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude.")] = None,
    lon: Annotated[float | None, typer.Option("--lon", help="Longitude.")] = None,
    exclusive: Annotated[bool | None, typer.Option("--exclusive/--shared", help="Whether two events may share it at once.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help="Notes.")] = None,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Change a venue's name, address, coordinates or exclusivity (checked: an exclusive venue
    booked twice is a conflict error).

    Example: itinerary venue edit seoul-employment-center --lat 37.5665 --lon 126.978
    """
    fields = _given(name=name, name_ko=name_ko, address=address, city=city, latitude=lat, longitude=lon, exclusive=exclusive, notes=note)
    _said(as_usage(lambda: directory.edit_venue(library(ctx, office=True), venue_id, fields, force=force)), f"Changed the venue {venue_id}.")


@venue_app.command("remove")
def venue_remove(ctx: typer.Context, venue_id: Annotated[str, _ID]) -> None:
    """Remove a venue no event and no travel leg uses (refused otherwise, naming them).

    Example: itinerary venue remove old-hotel
    """
    _said(directory.remove_venue(library(ctx, office=True), venue_id), f"Removed the venue {venue_id}.")


# --- travel legs ----------------------------------------------------------------------------------


@leg_app.command("add")
def leg_add(
    ctx: typer.Context,
    origin: Annotated[str, typer.Argument(metavar="FROM", help="The venue it starts at.", show_default=False)],
    destination: Annotated[str, typer.Argument(metavar="TO", help="The venue it ends at.", show_default=False)],
    minutes: Annotated[int, typer.Option("--minutes", help="Door-to-door travel time, in minutes.")],
    one_way: Annotated[bool, typer.Option("--one-way", help="Only from FROM to TO (otherwise it holds both ways).")] = False,
    note: Annotated[str, typer.Option("--note", help="Where the figure comes from.")] = "",
    local: Annotated[bool, _LOCAL] = False,
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Set the travel time between two venues (replacing what was there): checked, so a shorter
    leg never hides and a longer one shows a new travel conflict.

    Example: itinerary leg add seoul-employment-center presidential-office --minutes 25 --note "Police escort, planning figure"
    """
    leg = build(TravelLeg, origin=origin, destination=destination, minutes=minutes, note=note, one_way=one_way)
    way = "from" if one_way else "between"
    _said(as_usage(lambda: directory.add_leg(library(ctx, office=True), leg, local=local, force=force)), f"Travel {way} {origin} and {destination}: {minutes} min.")


@leg_app.command("remove")
def leg_remove(
    ctx: typer.Context,
    origin: Annotated[str, typer.Argument(metavar="FROM", help="One venue.", show_default=False)],
    destination: Annotated[str, typer.Argument(metavar="TO", help="The other venue.", show_default=False)],
    force: Annotated[bool, _FORCE] = False,
) -> None:
    """Remove the travel time between two venues (estimates from coordinates take over).

    Example: itinerary leg remove seoul-employment-center presidential-office
    """
    _said(directory.remove_leg(library(ctx, office=True), origin, destination, force=force), f"Removed the travel leg between {origin} and {destination}.")


# --- contacts -------------------------------------------------------------------------------------


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    contact_id: Annotated[str, _ID],
    name: Annotated[str, typer.Option("--name", help="Name in Latin letters.")],
    name_ko: Annotated[str, typer.Option("--name-ko", help="Name in Korean.")] = "",
    role: Annotated[str, typer.Option("--role", help="Position.")] = "",
    phone: Annotated[str, typer.Option("--phone", help="Telephone, international form.")] = "",
    email: Annotated[str, typer.Option("--email", help="E-mail address.")] = "",
    local: Annotated[bool, _LOCAL] = False,
) -> None:
    """Add one of the office's contacts (events name them with --contact); in a visit of an
    office, to the office's directory unless --local.

    Example: itinerary contact add park-jiwon --name "Park Ji-won" --role "Protocol officer" --phone "+82-44-202-7130"
    """
    contact = build(Contact, id=contact_id, name=name, name_ko=name_ko, role=role, phone=phone, email=email)
    _said(as_usage(lambda: directory.add_contact(library(ctx, office=True), contact, local=local)), f"Added the contact {contact_id}.")


@contact_app.command("edit")
def contact_edit(
    ctx: typer.Context,
    contact_id: Annotated[str, _ID],
    name: Annotated[str | None, typer.Option("--name", help="Name.")] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help="Name in Korean.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Position.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Telephone.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
) -> None:
    """Change a contact's name, role, phone or e-mail.

    Example: itinerary contact edit jung-hyejin --phone "+82-44-202-7133"
    """
    fields = _given(name=name, name_ko=name_ko, role=role, phone=phone, email=email)
    _said(as_usage(lambda: directory.edit_contact(library(ctx, office=True), contact_id, fields)), f"Changed the contact {contact_id}.")


@contact_app.command("remove")
def contact_remove(ctx: typer.Context, contact_id: Annotated[str, _ID]) -> None:
    """Remove a contact no event names (refused otherwise, naming the events).

    Example: itinerary contact remove park-jiwon
    """
    _said(directory.remove_contact(library(ctx, office=True), contact_id), f"Removed the contact {contact_id}.")
