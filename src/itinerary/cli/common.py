"""The typer application, its global options, and the helpers every command shares.

:class:`_Group.invoke` is the only place where an :class:`~itinerary.errors.ItineraryError`
becomes a message and an exit code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from itinerary import __version__, agenda
from itinerary.errors import ConflictError, ExitCode, InvalidData, ItineraryError, NotFound, UsageError
from itinerary.model import Event, Programme, Visit, check_text, shift, zone
from itinerary.store import Snapshot, Store

T = TypeVar("T")

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from itinerary.conflicts import Busy, Finding


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
    by: str


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
    by: Annotated[
        str | None,
        typer.Option("--by", envvar="ITINERARY_BY", help="Your name in the history of changes (default: your login).", show_default=False),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Plan an official visit: records, timeline, conflict checks and calendar exports.

    Example: itinerary timeline --person houngbo
    """
    if by is not None:
        try:
            check_text(by, field_name="--by", limit=80)
        except InvalidData as err:
            raise typer.BadParameter(err.reason, param_hint="--by") from None
    ctx.obj = _State(data, by or _login())


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


# --- helpers ------------------------------------------------------------------------------


def open_store(ctx: typer.Context) -> Store:
    """The data folder's store, with its cache."""
    return Store.at(ctx.obj.data, cached=True)


def changing(ctx: typer.Context) -> tuple[Store, contextlib.AbstractContextManager[Snapshot]]:
    """The store and a transaction on it, journaled as this command by this officer."""
    store = open_store(ctx)
    label = " ".join(str(x) for x in (ctx.info_name, ctx.params.get("event_id"), ctx.params.get("file")) if x)
    return store, store.transaction(label, ctx.obj.by)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def emit(renderable: RenderableType) -> None:
    console().print(renderable)


def emit_json(data: Any) -> None:
    """Machine output: compact JSON on one line (the C encoder; indentation is for people)."""
    typer.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def emit_chunks(chunks: Iterable[str]) -> None:
    """Machine output written piece by piece, so a large result is never held whole."""
    out = sys.stdout
    for chunk in chunks:
        out.write(chunk)
    out.write("\n")
    out.flush()


def find_event(programme: Programme, event_id: str) -> Event:
    event = programme.event(event_id)
    if event is None:
        hint = agenda.suggest(event_id, programme.events_by_id)
        raise NotFound(f"no event {event_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return event


def find_person(programme: Programme, person_id: str | None) -> str | None:
    if person_id is not None and person_id not in programme.people_by_id:
        hint = agenda.suggest(person_id, programme.people_by_id)
        raise NotFound(f"no person {person_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return person_id


def find_venue(programme: Programme, venue_id: str | None) -> str | None:
    if venue_id is not None and venue_id not in programme.venues_by_id:
        hint = agenda.suggest(venue_id, programme.venues_by_id)
        raise NotFound(f"unknown venue {venue_id!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    return venue_id


def zone_option(name: str, flag: str) -> str:
    """``name`` if it is a known IANA zone; the command line is at fault otherwise."""
    try:
        zone(name)
    except InvalidData as err:
        raise UsageError(f"{flag}: {err.reason}") from None
    return name


def second_zone_option(programme: Programme, tz: str | None, hide: bool) -> tuple[str | None, str]:
    if hide:
        return None, ""
    if tz is None:
        return programme.visit.guest_zone, programme.visit.guest_zone_label
    return zone_option(tz, "--tz"), ""


def check_references(programme: Programme, event: Event) -> None:
    for what, value, hint in agenda.unknown_references(programme, event):
        raise NotFound(f"unknown {what} {value!r}" + (f"; did you mean {hint!r}?" if hint else ""))


def split_ids(values: str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    return tuple(v.strip() for v in values.split(",") if v.strip())


def day_option(programme: Programme, text: str | None) -> dt.date | None:
    """The day a --day option names (the visit's year when none is given)."""
    return day_option_for(programme.visit, text)


def day_option_for(visit: Visit, text: str | None) -> dt.date | None:
    """The day a --day option names (the visit's year when none is given)."""
    if text is None:
        return None
    from itinerary.timeparse import parse_day

    return parse_day(text, year=visit.first_day.year)


def time_option(programme: Programme, text: str, zone_name: str, day: dt.date | None) -> dt.datetime:
    """The moment a time option names."""
    return time_option_for(programme.visit, text, zone_name, day)


def time_option_for(visit: Visit, text: str, zone_name: str, day: dt.date | None) -> dt.datetime:
    """The moment a time option names (the visit's year when none is given)."""
    from itinerary.timeparse import parse_when

    return parse_when(text, zone_name, day=day, year=visit.first_day.year)


def end_option(programme: Programme, start: dt.datetime, end: str | None, duration: str | None, zone_name: str, day: dt.date | None) -> dt.datetime | None:
    if end is not None and duration is not None:
        raise UsageError("give --end or --duration, not both")
    if duration is not None:
        from itinerary.timeparse import parse_duration

        return shift(start, parse_duration(duration))
    if end is not None:
        return time_option(programme, end, zone_name, day or start.date())
    return None


FLAG_OF_FIELD = {"participants": "with", "notes": "note", "time_tbc": "tbc", "window_end": "end", "contacts": "contact"}


def build(factory: Callable[..., T], **fields: Any) -> T:
    """``factory(**fields)``; a broken rule of the model names the flag that set it."""
    try:
        return factory(**fields)
    except InvalidData as err:
        field = (err.field or "value").split(".")[0]
        raise UsageError(f"--{FLAG_OF_FIELD.get(field, field).replace('_', '-')}: {err.reason}") from None


def show_event(programme: Programme, event: Event) -> None:
    from itinerary import views

    zone_name, label = second_zone_option(programme, None, False)
    emit(views.event_detail(programme, event, second_zone=zone_name, second_label=label))




def findings(programme: Programme, busy: Sequence[Busy], *, person: str | None = None) -> list[Finding]:
    """Every finding of the programme, outside commitments included."""
    from itinerary import conflicts

    return conflicts.find(programme, busy=busy, person=person)


def guard(before: Programme, after: Programme, *, busy: Sequence[Busy], force: bool) -> list[Finding]:
    """The findings a change adds; refuses (ConflictError) a change that adds an error, unless forced."""
    from itinerary import conflicts

    added = conflicts.introduced(conflicts.find(before, busy=busy), conflicts.find(after, busy=busy))
    blocking = conflicts.errors(added)
    if blocking and not force:
        lines = "\n".join(f"  ✗ {f.message}" for f in blocking)
        count = f"{len(blocking)} conflict error{'s' * (len(blocking) != 1)}"
        raise ConflictError(f"the change would add {count}; nothing was written (--force writes anyway):\n{lines}", tuple(blocking))
    return added


def report_added(added: list[Finding], *, forced: bool) -> None:
    """Tell the officer what a written change added: forced errors and new warnings."""
    for finding in added:
        mark = "✗ error" if finding.severity == "error" else "! warning"
        typer.echo(f"{mark}: {finding.message}", err=True)
    n_errors = sum(f.severity == "error" for f in added)
    if forced and n_errors:
        typer.echo(f"Written despite {n_errors} conflict error{'s' * (n_errors != 1)} (--force).", err=True)
