"""Commands for a shared calendar on a CalDAV server: publish and pull."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from itinerary.cli.common import app, changing, emit, find_person, guard, now, report_added
from itinerary.errors import ConflictError, UsageError

REMOTES_HELP = "The calendar's name on the server (default: from the visit and the variant)."
_URL = typer.Option("--url", help="The CalDAV server, e.g. https://cal.example.org/ (user name may be in it).", show_default=False)
_CALENDAR = typer.Option("--calendar", help=REMOTES_HELP)
_USER = typer.Option("--user", help="User name on the server (default: from the URL or ~/.netrc).")
_PASSWORD_ENV = typer.Option("--password-env", help="Name of the environment variable that holds the password (default: ~/.netrc).")
_INSECURE = typer.Option("--insecure", help="Allow plain http:// to a server that is not this machine.")


def _target(url: str, calendar: str | None, default: str, user: str | None, password_env: str | None, insecure: bool):  # noqa: ANN202
    from itinerary import remote

    return remote.target(url, calendar or default, user=user, password_env=password_env, insecure=insecure)


def _states(store):  # noqa: ANN001, ANN202
    from itinerary import remote

    text = store.read_side(remote.REMOTES_FILE)
    return remote.states_from_json(text, store.backend.describe(remote.REMOTES_FILE)) if text else {}


@app.command()
def publish(
    ctx: typer.Context,
    url: Annotated[str, _URL],
    calendar: Annotated[str | None, _CALENDAR] = None,
    public: Annotated[bool, typer.Option("--public", help="Publish the public version.")] = False,
    person: Annotated[str | None, typer.Option("--person", help="Publish only this person's programme.")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Delete from the server the events removed here.")] = False,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
) -> None:
    """Publish the programme to a calendar on a CalDAV server (made when missing), writing only
    the events whose content changed since the last publish. Cancelled events go out as
    cancelled; events removed here are deleted there only with --prune.

    Example: ITINERARY_PASSWORD=… itinerary publish --url https://cal.example.org/ --user protocol --password-env ITINERARY_PASSWORD --public
    """
    from itinerary import ics, remote, views

    if public and person:
        raise UsageError("choose --public or --person, not both")
    store, transaction = changing(ctx)
    with transaction as snapshot:
        programme = snapshot.programme
        if person is not None:
            find_person(programme, person)
        variant = ics.Variant("public" if public else ("person" if person else "full"), person)
        where = _target(url, calendar, ics.calendar_name(programme, variant), user, password_env, insecure)
        exported = store.export_state()
        state, _ = ics.plan_export(programme, exported)
        bodies = [
            (ics.uid(programme, event), body, ics.fingerprint(programme, event), state[event.id].sequence if event.id in state else 0)
            for event, body in ics.event_calendars(programme, variant, state)
        ]
        states = _states(store)
        remote_state = states.get(where.key) or remote.RemoteState(where.url, where.calendar)
        session = remote.Session(where)  # a refused or unreachable server stops here: nothing written
        if len(bodies) > 50 and sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Publishing", total=len(bodies))
                result = remote.publish(session, remote_state, bodies, prune=prune, advance=lambda: bar.advance(task))
        else:
            result = remote.publish(session, remote_state, bodies, prune=prune)
        from itinerary.cli.book import revision_label

        revision = revision_label(store, programme)
        session.describe(where.calendar + (f" — {revision}" if revision else ""), programme.visit.title + (f". Programme {revision}." if revision else ""))
        states[where.key] = remote_state
        store.write_side(remote.REMOTES_FILE, remote.states_to_json(states))
        if state != exported:
            store.save_export_state(state)
    emit(views.publish_summary(where.url, where.calendar, result))
    if result.conflicts:
        raise typer.Exit(int(ConflictError.exit_code))


@app.command()
def pull(
    ctx: typer.Context,
    url: Annotated[str, _URL],
    calendar: Annotated[str | None, _CALENDAR] = None,
    public: Annotated[bool, typer.Option("--public", help="The calendar was published with --public.")] = False,
    person: Annotated[str | None, typer.Option("--person", help="The calendar was published with --person.")] = None,
    theirs: Annotated[bool, typer.Option("--theirs", help="In a conflict, take the server's version.")] = False,
    ours: Annotated[bool, typer.Option("--ours", help="In a conflict, keep ours (the next publish sends it).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Take the changes even if they add conflict errors.")] = False,
    user: Annotated[str | None, _USER] = None,
    password_env: Annotated[str | None, _PASSWORD_ENV] = None,
    insecure: Annotated[bool, _INSECURE] = False,
) -> None:
    """Bring into the records what others changed on the server since the last sync, through
    the same checks as import. An event changed both here and there is a conflict: both
    versions are shown and neither is overwritten until --theirs or --ours decides.

    Example: itinerary pull --url https://cal.example.org/ --user protocol --password-env ITINERARY_PASSWORD
    """
    from itinerary import ics, icsread, merge, remote, views

    if theirs and ours:
        raise UsageError("choose --theirs or --ours, not both")
    store, transaction = changing(ctx)
    with transaction as snapshot:
        programme = snapshot.programme
        variant = ics.Variant("public" if public else ("person" if person else "full"), person)
        where = _target(url, calendar, ics.calendar_name(programme, variant), user, password_env, insecure)
        states = _states(store)
        remote_state = states.get(where.key) or remote.RemoteState(where.url, where.calendar)
        session = remote.Session(where)
        changed, token = remote.pull(session, remote_state)
        records = {ics.uid(programme, e): e for e in programme.events}
        incoming, taken, conflicts, deleted = [], [], [], []
        for item in changed:
            local, known = records.get(item.uid), remote_state.events.get(item.uid)
            if item.body is None:
                deleted.append(item.uid)
                remote_state.events.pop(item.uid, None)
                continue
            try:
                theirs_items = icsread.read_calendar(item.body, default_zone=programme.visit.zone, window=programme.visit.bounds())
            except icsread.CalendarError as err:
                conflicts.append((local, None, f"the server's copy cannot be read: {err}"))
                continue
            ours_changed = local is not None and known is not None and ics.fingerprint(programme, local) != known.local
            if ours_changed and not theirs:
                if ours:  # keep ours: the server's copy is seen, the next publish replaces it
                    known.etag, known.sha = item.etag, remote.digest(item.body)
                else:
                    conflicts.append((local, theirs_items[0] if theirs_items else None, ""))
                continue
            incoming.extend(theirs_items)
            taken.append(item)
        plan = merge.plan_import(programme, incoming, now=now(), source=where.url)
        added = guard(programme, plan.apply(programme), busy=store.busy(programme), force=force)
        for change in plan.writes:
            (store.add if change.action == "add" else store.update)(snapshot, change.event)
        after = plan.apply(programme)
        exported = store.export_state()
        state = dict(exported)
        by_uid = {ics.uid(after, e): e for e in after.events}
        sequences = {i.uid: i.sequence for i in incoming}
        for item in taken:
            event = by_uid.get(item.uid)
            if event is None:
                continue
            # in step with the server now: its SEQUENCE is ours, and exports continue above it
            fingerprint = ics.fingerprint(after, event)
            old = state.get(event.id)
            sequence = max(sequences.get(item.uid, 0), old.sequence if old else 0)
            state[event.id] = ics.Exported(event.revision, sequence, fingerprint)
            remote_state.events[item.uid] = remote.Published(item.href, item.etag, remote.digest(item.body or b""), fingerprint, sequence)
        if not conflicts:
            remote_state.sync_token = token  # unresolved conflicts come back at the next pull
        states[where.key] = remote_state
        store.write_side(remote.REMOTES_FILE, remote.states_to_json(states))
        if state != exported:
            store.save_export_state(state)
    emit(views.import_table(plan, title=f"Pulled from {where.url} ({where.calendar})"))
    for uid in deleted:
        typer.echo(f"! deleted on the server: {uid} (kept here; remove or cancel it if that was meant)", err=True)
    report_added(added, forced=force)
    if conflicts:
        emit(views.sync_conflicts(programme, conflicts))
        raise typer.Exit(int(ConflictError.exit_code))
