"""Commands for a team working on one visit through a calendar server: join and sync.

The network is used before and after the folder's lock, never while holding it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import MAX_EVENTS, emit, library, report_added
from itinerary.errors import ConflictError, NotFound, UsageError
from itinerary.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from itinerary.changes.library import Library

_CALENDAR = typer.Option("--calendar", help=N_("The calendar's name on the server (default: the visit's title)."))
_USER = typer.Option("--user", help=N_("User name on the server (default: from the URL or ~/.netrc)."))
_PASSWORD_ENV = typer.Option("--password-env", help=N_("Name of the environment variable that holds the password (default: ~/.netrc)."))
_INSECURE = typer.Option("--insecure", help=N_("Allow plain http:// to a server that is not this machine."))

app = commands()


def _default_name(lib: Library) -> Callable[[], str]:
    """The calendar's name when none is given: the visit's title (a publish's default)."""

    def name() -> str:
        from itinerary.formats.ics import Variant, calendar_name

        return calendar_name(lib.programme(), Variant())

    return name


@app.command()
def join(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help=N_("The server, e.g. https://cal.example.org/ (user name may be in it)."), show_default=False)],
    folder: Annotated[Path, typer.Argument(help=N_("A new (or empty) folder for the replica."), show_default=False)],
    calendar: Annotated[str | None, _CALENDAR] = None,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
    max_events: Annotated[int, MAX_EVENTS] = 5000,
) -> None:
    """Join a visit a colleague shares through a calendar server: a new folder that is a whole replica of it.

    Its settings, people, venues, travel legs, contacts and every event, to work on and
    `itinerary sync`. Without --calendar, the one visit shared on the server.

    Example: itinerary join https://cal.example.org/ ilo-visit --user park --password-env ITINERARY_PASSWORD
    """
    from itinerary.changes.teamjoin import join as join_visit
    from itinerary.formats import teamics
    from itinerary.formats.teamstate import TeamState
    from itinerary.sync.dav import DavServer
    from itinerary.sync.target import target
    from itinerary.ui.team import report

    where = target(url, calendar or "", user=user, password_env=password_env, insecure=insecure)
    with DavServer(where) as server:
        if calendar:
            path, name = server.collection(calendar, book=False, create=False), calendar
        else:
            shared = [(p, n) for p, n in server.calendars()
                      if p.rstrip("/") + "/" + teamics.VISIT_RESOURCE in server.fetch(p, [p.rstrip("/") + "/" + teamics.VISIT_RESOURCE])]
            if not shared:
                raise NotFound(_("{server}: no visit is shared there by itinerary", server=where.url))
            if len(shared) > 1:
                raise UsageError(_("several visits are shared there; choose one with --calendar: {names}",
                                   names=", ".join(repr(n) for _p, n in shared)))
            path, name = shared[0]
        state = TeamState(where.url, where.user, password_env, calendar=path, name=name)
        done = join_visit(folder, server, state, who=ctx.obj.by, limit=max_events)
    emit(report(done, where=f"{where.url} ({name})", verb="Joined"))
    typer.echo(_("{folder} is now a replica of the visit; work in it and run `itinerary --data {folder} sync`.", folder=folder))


@app.command()
def sync(
    ctx: typer.Context,
    url: Annotated[str | None, typer.Option("--url", help=N_("The server, the first time this folder shares its visit."))] = None,
    calendar: Annotated[str | None, _CALENDAR] = None,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help=N_("Settle every conflict with the server's value."))] = False,
    ours: Annotated[bool, typer.Option("--ours", help=N_("Settle every conflict with our value (it is sent)."))] = False,
    max_events: Annotated[int, MAX_EVENTS] = 5000,
) -> None:
    """Take in what the team changed on the server, then send what changed here.

    Each record is merged field by field, as one journaled change (undo takes it back), and
    every write is guarded by its ETag. A field changed here and there differently is a conflict: both values are shown,
    each side keeps its own until --theirs or --ours settles it. Safe to run at any moment;
    an interrupted sync is completed by the next. The first time, --url (and --user,
    --password-env) say where; they are remembered, the password never.

    Example: itinerary sync --url https://cal.example.org/ --user lee --password-env ITINERARY_PASSWORD
    """
    from itinerary.changes import team
    from itinerary.sync.dav import DavServer
    from itinerary.sync.remote import shared

    if theirs and ours:
        raise UsageError(_("choose --theirs or --ours, not both"))
    lib = library(ctx)
    state, where = shared(lib, url, calendar, user=user, password_env=password_env, insecure=insecure, default_name=_default_name(lib))
    with DavServer(where) as server:
        done = team.sync_visit(lib, server, state, resolve="theirs" if theirs else ("ours" if ours else None), limit=max_events)
    if done.unchanged:  # the one-request answer: no table to build
        typer.echo(_("Nothing changed here or on {where}.", where=f"{state.url} ({state.name})"))
        return
    from itinerary.ui.team import report, withheld

    emit(report(done, where=f"{state.url} ({state.name})"))
    for applied in done.applied:
        report_added(applied)
    if done.pending:
        n = len(done.pending)
        raise ConflictError(ngettext("{n} field changed both here and on the server: each side keeps its value until settled",
                                     "{n} fields changed both here and on the server: each side keeps its value until settled", n, n=n))
    if done.withheld:
        raise ConflictError(withheld(len(done.withheld)))
