"""Commands for a shared calendar on a CalDAV server: publish and pull.

The network is used before and after the folder's lock, never while holding it.
"""

from __future__ import annotations

import copy
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import MAX_EVENTS, emit, find_person, library, report_added, say
from itinerary.errors import ConflictError, InvalidData, UsageError
from itinerary.i18n import N_, _, ngettext
from itinerary.model import Audience, Programme

if TYPE_CHECKING:
    from itinerary.changes.library import Library
    from itinerary.sync.target import Target

_URL = typer.Option("--url", help=N_("The CalDAV server, e.g. https://cal.example.org/ (user name may be in it)."), show_default=False)
_CALENDAR = typer.Option("--calendar", help=N_("The calendar's name on the server (default: from the visit and the variant)."))
_USER = typer.Option("--user", help=N_("User name on the server (default: from the URL or ~/.netrc)."))
_PASSWORD_ENV = typer.Option("--password-env", help=N_("Name of the environment variable that holds the password (default: ~/.netrc)."))
_INSECURE = typer.Option("--insecure", help=N_("Allow plain http:// to a server that is not this machine."))


def _audience(programme: Programme, public: bool, person: str | None) -> Audience:
    if public and person:
        raise UsageError(_("choose --public or --person, not both"))
    person = find_person(programme, person)
    if person is not None:
        return Audience("person", person)
    return Audience("public") if public else Audience()


def _target(programme: Programme, audience: Audience, url: str, calendar: str | None, user: str | None, password_env: str | None, insecure: bool) -> Target:
    from itinerary.formats.ics import Variant, calendar_name
    from itinerary.sync.target import target

    name = calendar or calendar_name(programme, Variant(audience))
    return target(url, name, user=user, password_env=password_env, insecure=insecure)


app = commands()
@app.command()
def publish(
    ctx: typer.Context,
    url: Annotated[str, _URL],
    calendar: Annotated[str | None, _CALENDAR] = None,
    public: Annotated[bool, typer.Option("--public", help=N_("Publish the public version."))] = False,
    person: Annotated[str | None, typer.Option("--person", help=N_("Publish only this person's programme."))] = None,
    prune: Annotated[bool, typer.Option("--prune", help=N_("Delete from the server the events removed here."))] = False,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Publish even with conflict errors (the calendar's description says so)."))] = False,
    max_events: Annotated[int, MAX_EVENTS] = 5000,
) -> None:
    """Publish the programme to a calendar on a CalDAV server (made when missing), writing only
    the events whose content changed since the last publish. Cancelled events go out as
    cancelled; events removed here are deleted there only with --prune.

    Example: ITINERARY_PASSWORD=… itinerary publish --url https://cal.example.org/ --user protocol --password-env ITINERARY_PASSWORD --public
    """
    from itinerary.changes.calendars import record_export, save_remote
    from itinerary.core.calview import view_of
    from itinerary.formats import ics
    from itinerary.formats.exportstate import fingerprint
    from itinerary.formats.remotes import RemoteState
    from itinerary.sync import caldav
    from itinerary.ui.sync import publish_summary

    lib = library(ctx)
    if not public and person is None:
        _team_publish(lib, url, calendar, user, password_env, insecure, prune=prune, force=force, limit=max_events)
        return
    sharing = record_export(lib, force=force, what="published")  # SEQUENCE numbers in step with the exports
    programme, state, revision = sharing.programme, sharing.state, sharing.revision
    audience = _audience(programme, public, person)
    where = _target(programme, audience, url, calendar, user, password_env, insecure)
    outgoing = [
        caldav.Outgoing(programme.uid(e), body, fingerprint(programme, e), state[e.id].sequence if e.id in state else 0,
                        view_of(programme, e, audience))
        for e, body in ics.event_calendars(programme, ics.Variant(audience), state)
    ]
    remote = lib.sides().remotes().get(where.key) or RemoteState(where.url, where.calendar)
    known, token_before = copy.deepcopy(remote.events), remote.sync_token
    with caldav.Session(where) as session:  # a refused or unreachable server stops here: nothing written
        if len(outgoing) > 50 and sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task(_("Publishing"), total=len(outgoing))
                result = caldav.publish(session, remote, outgoing, prune=prune, limit=max_events, advance=lambda: bar.advance(task))
        else:
            result = caldav.publish(session, remote, outgoing, prune=prune, limit=max_events)
        description = programme.visit.title + (f". Programme {revision}." if revision else "") + (f" {said}" if (said := sharing.warning_for(audience)) else "")
        session.describe(where.calendar + (f" — {revision}" if revision else ""), description)
        heard = session.heard

    def update(current: RemoteState | None) -> RemoteState:
        merged = current or RemoteState(where.url, where.calendar)
        for uid in set(known) | set(remote.events):  # only the entries this publish touched
            if remote.events.get(uid) != known.get(uid):
                if uid in remote.events:
                    merged.events[uid] = remote.events[uid]
                else:
                    merged.events.pop(uid, None)
        if current is None or current.sync_token == token_before:  # nobody else synced meanwhile
            merged.sync_token = remote.sync_token
        return merged

    save_remote(lib, where.key, update)
    emit(publish_summary(where.url, where.calendar, result))
    if heard:
        say(_("! the caldav library adjusted what the server sent back ({n} time(s): {first})", n=len(heard), first=heard[0]))
    if result.conflicts:
        n = len(result.conflicts)
        raise ConflictError(ngettext("{n} event changed on the server since the last sync; run `itinerary pull` first",
                                     "{n} events changed on the server since the last sync; run `itinerary pull` first", n, n=n))
    if result.withheld:
        n = len(result.withheld)
        raise ConflictError(ngettext(
            "{n} event not sent: the server's copy holds text the record lost (cut by an earlier version); shorten that text on the server "
            "and pull, or change the record's text",
            "{n} events not sent: the server's copy holds text the record lost (cut by an earlier version); shorten that text on the server "
            "and pull, or change the record's text", n, n=n))


@app.command()
def pull(
    ctx: typer.Context,
    url: Annotated[str, _URL],
    calendar: Annotated[str | None, _CALENDAR] = None,
    public: Annotated[bool, typer.Option("--public", help=N_("The calendar was published with --public."))] = False,
    person: Annotated[str | None, typer.Option("--person", help=N_("The calendar was published with --person."))] = None,
    theirs: Annotated[bool, typer.Option("--theirs", help=N_("In a conflict, take the server's version."))] = False,
    ours: Annotated[bool, typer.Option("--ours", help=N_("In a conflict, keep ours (the next publish sends it)."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Take the changes even if they add conflict errors."))] = False,
    max_events: Annotated[int, MAX_EVENTS] = 5000,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
) -> None:
    """Bring into the records what others changed on the server since the last sync, through
    the same checks as import. An event changed both here and there is a conflict: both
    versions are shown and neither is overwritten until --theirs or --ours decides.

    Example: itinerary pull --url https://cal.example.org/ --user protocol --password-env ITINERARY_PASSWORD
    """
    from itinerary.changes.calendars import Fetched
    from itinerary.changes.calendars import pull as merge_pull
    from itinerary.core.calview import Incoming
    from itinerary.formats import icsread
    from itinerary.formats.remotes import RemoteState
    from itinerary.sync import caldav
    from itinerary.ui.sync import merge_table, pull_notes

    if theirs and ours:
        raise UsageError(_("choose --theirs or --ours, not both"))
    lib = library(ctx)
    if not public and person is None:
        _team_pull(lib, url, calendar, user, password_env, insecure, resolve="theirs" if theirs else ("ours" if ours else None),
                   limit=max_events)
        return
    programme = lib.programme()
    audience = _audience(programme, public, person)
    where = _target(programme, audience, url, calendar, user, password_env, insecure)
    remote = lib.sides().remotes().get(where.key) or RemoteState(where.url, where.calendar)
    token_before = remote.sync_token
    with caldav.Session(where) as session:
        changed, token = caldav.pull(session, remote, limit=max_events)
        heard = session.heard
    if heard:
        say(_("! the caldav library adjusted what the server sent ({n} time(s): {first})", n=len(heard), first=heard[0]))
    visit = programme.visit
    fetched = []
    for item in changed:
        items: tuple[Incoming, ...] = ()
        error = ""
        notes: tuple[str, ...] = ()
        series: tuple[str, ...] = ()
        if item.body is not None:
            try:
                reading = icsread.read_calendar(item.body, default_zone=visit.zone, window=visit.bounds(), limit=max_events)
                items, notes, series = tuple(reading.items), tuple(reading.notes), tuple(sorted(reading.series))
            except icsread.TooManyEvents as err:  # as an import of as many: refused, nothing changed
                raise InvalidData(_("{problem}; nothing was changed", problem=err), source=where.url) from None
            except icsread.CalendarError as err:
                error = err.located()
        fetched.append(Fetched(item.uid, item.href, item.etag, item.body, items, error, notes, series))
    pulled = merge_pull(lib, where.key, fetched, token, token_before, url=where.url, calendar=where.calendar, audience=audience,
                        resolve="theirs" if theirs else ("ours" if ours else None), force=force, limit=max_events)
    plan = pulled.merged.plan
    hint = _("Decide with `itinerary pull … --theirs` (take the server's) or `--ours` (keep ours; publish sends it).")
    emit(merge_table(plan, title=_("Pulled from {url} ({calendar})", url=where.url, calendar=where.calendar), verb="pull", resolve_hint=hint))
    emit(pull_notes(programme, pulled.deleted, pulled.unreadable))
    report_added(pulled.merged.applied)
    if plan.conflicts:
        n = len(plan.conflicts)
        raise ConflictError(ngettext("{n} event changed both here and on the server: left as they are",
                                     "{n} events changed both here and on the server: left as they are", n, n=n))


# --- the full programme: the calendar a team shares (see `itinerary sync`) ---------------------


def _team_publish(lib: Library, url: str, calendar: str | None, user: str | None, password_env: str | None, insecure: bool, *,
                  prune: bool, force: bool, limit: int) -> None:
    """Send what changed here to the team's calendar and address book, one way: every event and
    the directory, each with its whole record; nothing is taken in."""
    from itinerary.changes import team
    from itinerary.changes.calendars import guard_sharing
    from itinerary.formats.ics import Variant, calendar_name
    from itinerary.sync.dav import DavServer
    from itinerary.sync.remote import shared
    from itinerary.ui.team import published, withheld

    guard_sharing(lib, lib.programme(), "published", force=force)
    state, where = shared(lib, url, calendar, user=user, password_env=password_env, insecure=insecure,
                          default_name=lambda: calendar_name(lib.programme(), Variant()))
    with DavServer(where) as server:
        done = team.sync_visit(lib, server, state, pull=False, prune=prune, settings=False, command="publish", limit=limit)
    emit(published(done, where=f"{where.url} ({where.calendar})"))
    if done.lost:
        n = len(done.lost)
        raise ConflictError(ngettext("{n} record changed on the server since the last sync: not overwritten; run `itinerary pull` first",
                                     "{n} records changed on the server since the last sync: not overwritten; run `itinerary pull` first",
                                     n, n=n))
    if done.withheld:
        raise ConflictError(withheld(len(done.withheld)))


def _team_pull(lib: Library, url: str, calendar: str | None, user: str | None, password_env: str | None, insecure: bool, *,
               resolve: str | None, limit: int) -> None:
    """Take in what changed on the team's calendar and address book, one way (merged field by
    field, as a sync does); nothing is sent."""
    from itinerary.changes import team
    from itinerary.formats.ics import Variant, calendar_name
    from itinerary.sync.dav import DavServer
    from itinerary.sync.remote import shared
    from itinerary.ui.team import report

    state, where = shared(lib, url, calendar, user=user, password_env=password_env, insecure=insecure,
                          default_name=lambda: calendar_name(lib.programme(), Variant()))
    with DavServer(where) as server:
        done = team.sync_visit(lib, server, state, push=False, resolve=resolve, settings=False, command="pull", limit=limit)
    settle = N_("Decide with `itinerary pull … --theirs` (take the server's) or `--ours` (keep ours; publish sends it).")
    emit(report(done, where=f"{where.url} ({where.calendar})", verb="Pulled", settle=settle))
    for applied in done.applied:
        report_added(applied)
    if done.pending:
        n = len({pending[0] for pending in done.pending})
        raise ConflictError(ngettext("{n} record changed both here and on the server: left as they are",
                                     "{n} records changed both here and on the server: left as they are", n, n=n))
