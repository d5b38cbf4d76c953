"""The ``itinerary`` command: thin commands that load, compute and render.

This is the only module that imports typer and the only place where an
:class:`~itinerary.errors.ItineraryError` becomes an exit code (:class:`_Group.invoke`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Optional, TypeVar

import typer
from typer.core import TyperGroup

from itinerary import __version__, agenda
from itinerary.errors import ExitCode, InvalidData, ItineraryError, NotFound, UsageError
from itinerary.model import KINDS, STATUSES, VISIBILITIES, Event, Programme, check_id, slugify, zone
from itinerary.store import Snapshot, Store

T = TypeVar("T")

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class _Group(TyperGroup):
    """Turns the project's errors into one-line messages and documented exit codes."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except ItineraryError as err:
            typer.echo(f"itinerary: {err}", err=True)
            raise typer.Exit(int(err.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("itinerary: interrupted; nothing more was written", err=True)
            raise typer.Exit(130) from None
        except Exception as err:  # a bug: say so without dumping visit data
            if os.environ.get("ITINERARY_DEBUG"):
                raise
            typer.echo(
                f"itinerary: internal error ({type(err).__name__}: {err}); please report it "
                "(set ITINERARY_DEBUG=1 for the traceback)",
                err=True,
            )
            raise typer.Exit(int(ExitCode.BUG)) from None


app = typer.Typer(
    cls=_Group,
    help="Plan an official visit: records, timeline, conflict checks and calendar exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


@dataclasses.dataclass
class _State:
    data: Path


def _version(value: bool) -> None:
    if value:
        typer.echo(f"itinerary {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[
        Path,
        typer.Option("--data", envvar="ITINERARY_DATA", help="Data folder of the visit (default ./events).", show_default=False),
    ] = Path("events"),
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Plan an official visit: records, timeline, conflict checks and calendar exports.

    Example: itinerary timeline --person houngbo
    """
    ctx.obj = _State(data)


# --- helpers ------------------------------------------------------------------------------


def _store(ctx: typer.Context) -> Store:
    return Store.at(ctx.obj.data)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _print(renderable: RenderableType) -> None:
    _console().print(renderable)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _event(programme: Programme, event_id: str) -> Event:
    event = programme.event(event_id)
    if event is None:
        hint = agenda.suggest(event_id, programme.events_by_id)
        raise NotFound(f"no event {event_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return event


def _person(programme: Programme, person_id: str | None) -> str | None:
    if person_id is not None and person_id not in programme.people_by_id:
        hint = agenda.suggest(person_id, programme.people_by_id)
        raise NotFound(f"no person {person_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return person_id


def _flag_zone(name: str, flag: str) -> str:
    """``name`` if it is a known IANA zone; the command line is at fault otherwise."""
    try:
        zone(name)
    except InvalidData as err:
        raise UsageError(f"{flag}: {err.reason}") from None
    return name


def _second_zone(programme: Programme, tz: str | None, hide: bool) -> tuple[str | None, str]:
    if hide:
        return None, ""
    if tz is None:
        return programme.visit.guest_zone, programme.visit.guest_zone_label
    return _flag_zone(tz, "--tz"), ""


def _check_references(programme: Programme, event: Event) -> None:
    for what, value, hint in agenda.unknown_references(programme, event):
        raise NotFound(f"unknown {what} {value!r}" + (f"; did you mean {hint!r}?" if hint else ""))


def _split(values: str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    return tuple(v.strip() for v in values.split(",") if v.strip())


def _day(programme: Programme, text: str | None) -> dt.date | None:
    if text is None:
        return None
    from itinerary.timeparse import parse_day

    return parse_day(text, year=programme.visit.first_day.year)


def _when(programme: Programme, text: str, zone_name: str, day: dt.date | None) -> dt.datetime:
    from itinerary.timeparse import parse_when

    return parse_when(text, zone_name, day=day, year=programme.visit.first_day.year)


def _end(programme: Programme, start: dt.datetime, end: str | None, duration: str | None, zone_name: str, day: dt.date | None) -> dt.datetime | None:
    if end is not None and duration is not None:
        raise UsageError("give --end or --duration, not both")
    if duration is not None:
        from itinerary.timeparse import parse_duration

        return (start.astimezone(dt.timezone.utc) + parse_duration(duration)).astimezone(start.tzinfo)
    if end is not None:
        return _when(programme, end, zone_name, day or start.date())
    return None


_FLAG_OF_FIELD = {"participants": "with", "notes": "note", "time_tbc": "tbc", "window_end": "end", "contacts": "contact"}


def _make(factory: Callable[..., T], **fields: Any) -> T:
    """``factory(**fields)``; a broken rule of the model names the flag that set it."""
    try:
        return factory(**fields)
    except InvalidData as err:
        field = (err.field or "value").split(".")[0]
        raise UsageError(f"--{_FLAG_OF_FIELD.get(field, field).replace('_', '-')}: {err.reason}") from None


def _show(programme: Programme, event: Event) -> None:
    from itinerary import views

    zone_name, label = _second_zone(programme, None, False)
    _print(views.event_detail(programme, event, second_zone=zone_name, second_label=label))


# --- reading ------------------------------------------------------------------------------


@app.command()
def timeline(
    ctx: typer.Context,
    day: Annotated[Optional[str], typer.Option("--day", help="Only this day, e.g. 2026-05-22 or '22 May'.")] = None,
    person: Annotated[Optional[str], typer.Option("--person", help="Only this person's programme (person id).")] = None,
    since: Annotated[Optional[str], typer.Option("--from", help="Only events ending after this time.")] = None,
    until: Annotated[Optional[str], typer.Option("--to", help="Only events starting before this time.")] = None,
    tz: Annotated[Optional[str], typer.Option("--tz", help="Second time zone (default: the guest's home zone).")] = None,
    no_second_zone: Annotated[bool, typer.Option("--no-second-zone", help="Show local time only.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include cancelled events.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (format itinerary.timeline/1).")] = False,
) -> None:
    """Show the programme by day, in local time and the guest's home time.

    Example: itinerary timeline --person houngbo --tz Europe/Zurich
    """
    programme = _store(ctx).load()
    visit = programme.visit
    zone_name, label = _second_zone(programme, tz, no_second_zone)
    chosen = agenda.select(
        programme.events,
        person=_person(programme, person),
        day=_day(programme, day),
        tz=visit.tz,
        start=_when(programme, since, visit.zone, visit.first_day) if since else None,
        end=_when(programme, until, visit.zone, visit.first_day) if until else None,
        include_cancelled=show_all,
    )
    days = agenda.by_day(chosen, visit.tz)
    if as_json:
        from itinerary import jsonout

        _print_json(jsonout.timeline(programme, days, second_zone=zone_name))
        return
    from itinerary import views

    title = visit.title + (f" — {programme.people_by_id[person].name}" if person else "")
    _print(views.timeline(programme, days, second_zone=zone_name, second_label=label, title=title))


@app.command()
def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show one event in full: times, people, venue, agenda, notes, contacts, attachments.

    Example: itinerary show minister-meeting
    """
    programme = _store(ctx).load()
    event = _event(programme, event_id)
    if as_json:
        from itinerary import jsonout

        _print_json(jsonout.event(programme, event, programme.visit.guest_zone, full=True))
        return
    _show(programme, event)


@app.command()
def people(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the people of the visit and the office's contacts.

    Example: itinerary people
    """
    programme = _store(ctx).load()
    if as_json:
        from itinerary import jsonout

        _print_json([jsonout.person(p) for p in programme.people])
        return
    from itinerary import views

    _print(views.people_table(programme))


@app.command()
def venues(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the venues of the visit and the travel legs between them.

    Example: itinerary venues
    """
    programme = _store(ctx).load()
    if as_json:
        from itinerary import jsonout

        _print_json([jsonout.venue(v) for v in programme.venues])
        return
    from itinerary import views

    _print(views.venues_table(programme))


# --- editing ------------------------------------------------------------------------------

_KIND_HELP = "One of: " + ", ".join(KINDS) + "."
_STATUS_HELP = "One of: " + ", ".join(STATUSES) + "."
_VISIBILITY_HELP = "One of: " + ", ".join(VISIBILITIES) + "."


def _commit(store: Store, snapshot: Snapshot, event: Event, *, new: bool) -> None:
    _check_references(snapshot.programme, event)
    if new:
        store.add(snapshot, event)
    else:
        store.update(snapshot, event)


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="Title in English.")],
    start: Annotated[str, typer.Option("--start", help="Start, e.g. '2026-05-22 14:00', '22 May 14:00', or '14:00' with --day.")],
    end: Annotated[Optional[str], typer.Option("--end", help="End (a time alone is on the start's day).")] = None,
    duration: Annotated[Optional[str], typer.Option("--duration", help="Length instead of --end: 45m, 1h30m, 90.")] = None,
    day: Annotated[Optional[str], typer.Option("--day", help="Day for times given without a date.")] = None,
    event_id: Annotated[Optional[str], typer.Option("--id", help="Id (default: derived from the title).")] = None,
    title_ko: Annotated[str, typer.Option("--title-ko", help="Title in Korean.")] = "",
    venue: Annotated[Optional[str], typer.Option("--venue", help="Venue id (omit while the venue is to be confirmed).")] = None,
    participants: Annotated[Optional[str], typer.Option("--with", help="Participants: person ids separated by commas.")] = None,
    kind: Annotated[str, typer.Option("--kind", help=_KIND_HELP)] = "meeting",
    status: Annotated[str, typer.Option("--status", help=_STATUS_HELP)] = "tentative",
    visibility: Annotated[str, typer.Option("--visibility", help=_VISIBILITY_HELP)] = "public",
    note: Annotated[str, typer.Option("--note", help="Notes.")] = "",
    contacts: Annotated[Optional[str], typer.Option("--contact", help="Contact ids separated by commas.")] = None,
    zone_name: Annotated[Optional[str], typer.Option("--zone", help="IANA zone of the times (default: the visit's).")] = None,
    tbc: Annotated[bool, typer.Option("--tbc", help="Time not confirmed: --start/--end give the planning window.")] = False,
    overlap_ok: Annotated[bool, typer.Option("--overlap-ok", help="May run alongside other events (standby, press holding).")] = False,
) -> None:
    """Add an event, checked and written atomically as a new record, then show it.

    New events are tentative until you say otherwise (--status confirmed).

    Example: itinerary add --title "Working lunch" --start "22 May 12:00" --duration 1h --with houngbo,kim-younghoon --venue seoul-employment-center
    """
    store = _store(ctx)
    with store.transaction() as snapshot:
        programme = snapshot.programme
        zone_name = _flag_zone(zone_name or programme.visit.zone, "--zone")
        the_day = _day(programme, day)
        begin = _when(programme, start, zone_name, the_day)
        finish = _end(programme, begin, end, duration, zone_name, the_day)
        if finish is None:
            raise UsageError("give --end or --duration")
        if event_id is not None:
            _make(check_id, value=event_id, field_name="id")
        new_id = event_id or agenda.free_id(slugify(title), programme.events_by_id)
        event = _make(
            Event,
            id=new_id, title=title, title_ko=title_ko, start=begin, end=finish, zone=zone_name, kind=kind,
            status=status, visibility=visibility, venue=venue, participants=_split(participants), notes=note,
            contacts=_split(contacts), time_tbc=tbc, overlap_ok=overlap_ok, updated=_now(),
        )
        _commit(store, snapshot, event, new=True)
    typer.echo(f"Added {event.id} ({store.backend.describe(event.id + '.toml')}).")
    _show(programme.replacing(event), event)


@app.command()
def edit(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    title: Annotated[Optional[str], typer.Option("--title", help="New title.")] = None,
    title_ko: Annotated[Optional[str], typer.Option("--title-ko", help="New Korean title.")] = None,
    start: Annotated[Optional[str], typer.Option("--start", help="New start; the length is kept unless --end/--duration.")] = None,
    end: Annotated[Optional[str], typer.Option("--end", help="New end.")] = None,
    duration: Annotated[Optional[str], typer.Option("--duration", help="New length: 45m, 1h30m, 90.")] = None,
    day: Annotated[Optional[str], typer.Option("--day", help="Day for times given without a date.")] = None,
    venue: Annotated[Optional[str], typer.Option("--venue", help="New venue id ('tbc' when not yet known).")] = None,
    participants: Annotated[Optional[str], typer.Option("--with", help="New participants, ids separated by commas.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help=_KIND_HELP)] = None,
    status: Annotated[Optional[str], typer.Option("--status", help=_STATUS_HELP)] = None,
    visibility: Annotated[Optional[str], typer.Option("--visibility", help=_VISIBILITY_HELP)] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="New notes (replaces the old).")] = None,
    contacts: Annotated[Optional[str], typer.Option("--contact", help="New contact ids, separated by commas.")] = None,
    tbc: Annotated[Optional[bool], typer.Option("--tbc/--time-confirmed", help="Mark the time as to be confirmed, or as confirmed.", show_default=False)] = None,
    overlap_ok: Annotated[Optional[bool], typer.Option("--overlap-ok/--no-overlap-ok", help="May run alongside other events.", show_default=False)] = None,
) -> None:
    """Change any field of an event, including moving it in time.

    Giving a time for a TBC event confirms its time unless --tbc is given too.

    Example: itinerary edit president-meeting --start "22 May 15:00" --duration 45m --status confirmed
    """
    store = _store(ctx)
    with store.transaction() as snapshot:
        programme = snapshot.programme
        old = _event(programme, event_id)
        changes: dict[str, Any] = {}
        the_day = _day(programme, day)
        if start is not None:
            changes["start"] = _when(programme, start, old.zone, the_day)
            changes["end"] = changes["start"] + (old.end - old.start)
            if tbc is None:
                changes["time_tbc"] = False
        if end is not None or duration is not None:
            begin = changes.get("start", old.start)
            changes["end"] = _end(programme, begin, end, duration, old.zone, the_day or begin.date())
        elif the_day is not None and start is None:
            raise UsageError("--day needs --start")
        for name, value in (
            ("title", title), ("title_ko", title_ko), ("kind", kind), ("status", status),
            ("visibility", visibility), ("notes", note), ("time_tbc", tbc), ("overlap_ok", overlap_ok),
        ):
            if value is not None:
                changes[name] = value
        if venue is not None:
            changes["venue"] = None if venue.lower() in ("tbc", "none", "") else venue
        if participants is not None:
            changes["participants"] = _split(participants)
        if contacts is not None:
            changes["contacts"] = _split(contacts)
        changed = {k: v for k, v in changes.items() if getattr(old, k) != v}
        if not changed:
            typer.echo(f"Nothing to change in {event_id}.")
            return
        event = _make(functools.partial(dataclasses.replace, old), **changed, revision=old.revision + 1, updated=_now())
        _commit(store, snapshot, event, new=False)
    typer.echo(f"Changed {event.id}: {', '.join(sorted(changed))} (revision {event.revision}).")
    _show(programme.replacing(event), event)


@app.command()
def cancel(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, added to the notes.")] = "",
) -> None:
    """Mark an event cancelled. It stays on record (and in exports, so calendars drop it).

    Example: itinerary cancel business-leaders-meeting --reason "merged with the labour meeting"
    """
    store = _store(ctx)
    with store.transaction() as snapshot:
        old = _event(snapshot.programme, event_id)
        if old.cancelled:
            typer.echo(f"{event_id} is already cancelled.")
            return
        notes = old.notes + (f"\nCancelled: {reason}" if reason else "")
        event = dataclasses.replace(old, status="cancelled", notes=notes.strip(), revision=old.revision + 1, updated=_now())
        store.update(snapshot, event)
    typer.echo(f"Cancelled {event_id} (revision {event.revision}).")


@app.command()
def remove(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an event's record. Prefer `cancel` for an event that was announced.

    Example: itinerary remove working-lunch --yes
    """
    store = _store(ctx)
    with store.transaction() as snapshot:
        event = _event(snapshot.programme, event_id)
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError(f"remove asks for confirmation; run it in a terminal or pass --yes to remove {event_id}")
            if not typer.confirm(f"Remove {event_id} ({event.title})?", default=False):
                typer.echo("Nothing removed.")
                return
        store.remove(snapshot, event_id)
    typer.echo(f"Removed {event_id}.")
