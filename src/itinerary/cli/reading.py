"""Commands that read the programme: timeline, show, people, venues, check, free."""

# Annotations are evaluated where a command is defined (no `from __future__ import annotations`):
# typer reads the signature of the command it builds, and would otherwise compile each
# annotation's text twice at every start (inspect, then typing).

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import (
    References,
    duration_option,
    emit,
    emit_chunks,
    emit_json,
    filter_day,
    find_event,
    find_person,
    library,
    say,
    second_zone_option,
    show_event,
    time_option,
    when_text,
)
from itinerary.core import agenda
from itinerary.errors import ConflictError, UsageError
from itinerary.i18n import N_, _, ngettext, pgettext
from itinerary.model import midnight

if TYPE_CHECKING:  # for annotations only
    from itinerary.core.finding import Finding
    from itinerary.model import Programme

WINDOW_MARGIN = dt.timedelta(days=3)
"""Events this far around a timeline's window are read too, so findings at its edges are exact
(a travel leg or a protocol buffer never spans more)."""


app = commands()
@app.command()
def timeline(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--day", help=N_("Only this day, e.g. 2026-05-22 or '22 May'."))] = None,
    person: Annotated[str | None, typer.Option("--person", help=N_("Only this person's programme: id, name, surname or role."))] = None,
    since: Annotated[str | None, typer.Option("--from", help=N_("Only events ending after this time."))] = None,
    until: Annotated[str | None, typer.Option("--to", help=N_("Only events starting before this time."))] = None,
    tz: Annotated[str | None, typer.Option("--tz", help=N_("Second time zone (default: the guest's home zone)."))] = None,
    no_second_zone: Annotated[bool, typer.Option("--no-second-zone", help=N_("Show local time only."))] = False,
    show_all: Annotated[bool, typer.Option("--all", help=N_("Include cancelled events."))] = False,
    show_busy_titles: Annotated[bool, typer.Option("--show-busy-titles", help=N_("Show the titles of outside commitments."))] = False,
    ids: Annotated[bool, typer.Option("--ids", help=N_("Show each event's id (what edit, show and cancel take)."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output (format itinerary.timeline/1)."))] = False,
) -> None:
    """Show the programme by day, in local time and the guest's home time. Outside commitments
    from busy calendars are shown dimmed, without their titles unless asked.

    Example: itinerary timeline --person houngbo --tz Europe/Zurich
    """
    lib = library(ctx)
    visit = lib.store.visit()
    the_day = filter_day(visit, day)
    # a bare time is on --day; on a visit of one day, that day; otherwise it must say its day
    on = the_day or (visit.first_day if visit.first_day == visit.last_day else None)
    start = time_option(visit, since, visit.zone, on, "--from") if since else None
    end = time_option(visit, until, visit.zone, on, "--to") if until else None
    if start and end and end <= start:
        raise UsageError(_("--to ({end}) must be after --from ({start})", end=when_text(end, "%d %b %H:%M", year=False, day_of_week=False),
                           start=when_text(start, "%d %b %H:%M", year=False, day_of_week=False)))
    if the_day is not None:
        start = max(start, midnight(the_day, visit.tz)) if start else midnight(the_day, visit.tz)
        end = min(end, midnight(the_day + dt.timedelta(days=1), visit.tz)) if end else midnight(the_day + dt.timedelta(days=1), visit.tz)
        if end <= start:
            raise UsageError(_("--from and --to leave nothing of {day} (--day)", day=when_text(the_day, "%d %B %Y")))
    window = (start - WINDOW_MARGIN, end + WINDOW_MARGIN) if start and end else None
    programme = lib.programme(window=window)
    refs = References(programme)
    person = refs.person(person)
    second = refs.zone(tz, "--tz")
    refs.check()
    zone_name, label = second_zone_option(programme, second, no_second_zone)
    chosen = agenda.select(
        programme.events, person=person, day=the_day, tz=visit.tz, start=start, end=end,
        include_cancelled=show_all,
    )
    days = agenda.by_day(chosen, visit.tz)
    siblings = lib.siblings()
    busy = lib.commitments(programme, siblings=siblings)
    from itinerary.core import engine, travel

    by_event = engine.involved(lib.findings(programme, person=person, commitments=busy, siblings=siblings))
    shown_busy = [
        b for b in busy
        if b.person and (person is None or b.person == person) and (start is None or b.end > start) and (end is None or b.start < end)
    ]
    if as_json:
        from itinerary.formats import jsonout

        found = {e: [jsonout.finding(f) for f in fs] for e, fs in by_event.items()}
        emit_json(jsonout.timeline(programme, days, second_zone=zone_name, findings=found, busy=shown_busy, busy_titles=show_busy_titles))
        return
    from itinerary.ui.findingwords import finding_mark, gap_text
    from itinerary.ui.marks import heading
    from itinerary.ui.plain import LONG

    shown = {event.id for d in days for event in d.events}  # the window's margin holds more: their marks are never printed
    marks = {e: "; ".join(finding_mark(f) for f in fs) for e, fs in by_event.items() if e in shown}
    gaps = {g.after: gap_text(g) for g in travel.gaps(programme, person) if not g.overnight} if person else {}
    title = heading(programme, person)
    if sum(len(d.events) for d in days) + len(shown_busy) > LONG:  # lines of text: rich's console and tables are never loaded
        from itinerary.ui.plain import timeline_lines

        emit_chunks(timeline_lines(programme, days, second_zone=zone_name, second_label=label, title=title, busy=shown_busy, ids=ids, marks=marks))
        return
    from itinerary.ui import timeline as views

    emit(views.timeline(programme, days, second_zone=zone_name, second_label=label, title=title, marks=marks, gaps=gaps,
                        busy=shown_busy, busy_titles=show_busy_titles, ids=ids))


@app.command()
def show(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help=N_("The event's id."))],
    attachments: Annotated[bool, typer.Option("--attachments", help=N_("Print the text of its attachments too (otherwise each is named)."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """Show one event in full: times, people, venue, agenda, notes, contacts; its attachments
    are named (title, language, length), and printed with --attachments.

    Example: itinerary show minister-meeting --attachments
    """
    programme = library(ctx).programme()
    event = find_event(programme, event_id)
    if as_json:
        from itinerary.formats import jsonout

        emit_json(jsonout.event(programme, event, programme.visit.guest_zone, full=True))
        return
    show_event(programme, event, attachments=attachments)


@app.command()
def people(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the people of the visit and the office's contacts (in a visit of an office: where
    each is kept; in an office: its directory).

    Example: itinerary people
    """
    snapshot = library(ctx, office=True).read()
    programme = snapshot.programme
    if as_json:
        from itinerary.formats import jsonout

        emit_json([jsonout.person(p) for p in programme.people])
        return
    from itinerary.ui import detail

    emit(detail.people_table(programme, own=snapshot.own.ids("person") if snapshot.shared is not None else None))


@app.command()
def venues(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the venues of the visit and the travel legs between them (in a visit of an office:
    where each is kept; in an office: its directory).

    Example: itinerary venues
    """
    snapshot = library(ctx, office=True).read()
    programme = snapshot.programme
    if as_json:
        from itinerary.formats import jsonout

        emit_json([jsonout.venue(v) for v in programme.venues])
        return
    from itinerary.ui import detail

    emit(detail.venues_table(programme, own=snapshot.own.ids("venue") if snapshot.shared is not None else None))




@app.command()
def check(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option("--person", help=N_("Only findings that involve this person."))] = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
    everything: Annotated[bool, typer.Option("--all", help=N_("List every warning (by default a kind of warning with many findings is counted, with its first examples)."))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output, every finding (format itinerary.check/1)."))] = False,
) -> None:
    """Check the programme: overlaps, travel time, double-booked venues, events outside the
    visit, and times not yet confirmed. Every error is listed; a kind of warning with many
    findings is counted, with its first examples (--all lists every one). Exits 5 when there are
    errors (or warnings, with --strict).

    Example: itinerary check --person houngbo
    """
    lib = library(ctx)
    programme = lib.programme()
    person = find_person(programme, person)
    found = lib.findings(programme, person=person)
    n_errors = sum(f.severity == "error" for f in found)
    from itinerary.core.paused import collector_paused

    with collector_paused():  # a message for each finding shown: many small objects, no cycles
        _report(programme, found, person=person, everything=everything, as_json=as_json)
    from itinerary.core.idonly import bare

    missing = bare(programme)
    kinds = {"person": pgettext("record", "person"), "venue": pgettext("record", "venue"), "contact": pgettext("record", "contact")}
    for kind, ident in missing:  # a reference a sync kept though the shared directory lacks it
        say(_("! warning: {kind} {id!r} is named by events but not in the shared directory: only its id is known "
              "(complete it with `itinerary {command} edit {id} --name …`, or it comes with the next sync)",
              kind=kinds.get(kind, kind), id=ident, command=kind))
    if n_errors:
        raise ConflictError(ngettext("{n} conflict error", "{n} conflict errors", n_errors, n=n_errors))
    if strict and (found or missing):
        n_warnings = len(found) + len(missing)
        raise ConflictError(ngettext("{n} warning (--strict)", "{n} warnings (--strict)", n_warnings, n=n_warnings))


def _report(programme: "Programme", found: "list[Finding]", *, person: str | None, everything: bool, as_json: bool) -> None:
    """The findings of a check: JSON, a table, or plain lines when there are many."""
    if as_json:
        from itinerary.formats import jsonout

        emit_chunks(jsonout.check_chunks(found))
        return
    from itinerary.ui import reports
    from itinerary.ui.marks import visit_title
    from itinerary.ui.plain import LONG

    title = _("Check of {visit}", visit=visit_title(programme.visit)) + (f" — {programme.person_label(person)}" if person else "")
    if len(reports.shown(found, everything)) > LONG:
        from itinerary.ui.plain import findings_lines

        emit_chunks(findings_lines(found, title=title, everything=everything))
    else:
        emit(reports.findings_table(found, title=title, everything=everything))


@app.command()
def free(
    ctx: typer.Context,
    person: Annotated[str, typer.Option("--person", help=N_("Whose free time: id, name, surname or role."))],
    day: Annotated[str, typer.Option("--day", help=N_("The day, e.g. 2026-05-22 or '22 May'."))],
    duration: Annotated[str, typer.Option("--duration", help=N_("Length of the event to fit: 45m, 1h30m, 90."))],
    venue: Annotated[str | None, typer.Option("--venue", help=N_("Where the event would be (travel is counted)."))] = None,
    since: Annotated[str, typer.Option("--from", help=N_("Start of the working day."))] = "08:00",
    until: Annotated[str, typer.Option("--to", help=N_("End of the working day."))] = "20:00",
) -> None:
    """Find the free slots in a person's day where an event of the given length fits,
    travel and the protocol buffer included.

    Example: itinerary free --person houngbo --day "22 May" --duration 45m --venue seoul-employment-center
    """
    from itinerary.core.slots import free_slots
    from itinerary.ui import reports

    lib = library(ctx)
    programme = lib.programme()
    visit = programme.visit
    refs = References(programme)
    who, venue = refs.person(person), refs.venue(venue)
    refs.check()
    assert who is not None
    person = who
    the_day = filter_day(visit, day)
    assert the_day is not None
    start, end = time_option(visit, since, visit.zone, the_day, "--from"), time_option(visit, until, visit.zone, the_day, "--to")
    if end <= start:
        raise UsageError(_("--to must be after --from"))
    length = duration_option(duration)
    slots = free_slots(programme, person, (start, end), length, venue=venue, busy=lib.commitments(programme))
    minutes, on = int(length / dt.timedelta(minutes=1)), when_text(the_day, "%A %d %B %Y")
    if venue:
        title = _("Free for {person} on {day}, {minutes} min at {venue}", person=programme.person_label(person), day=on, minutes=minutes,
                  venue=programme.venue_label(venue))
    else:
        title = _("Free for {person} on {day}, {minutes} min", person=programme.person_label(person), day=on, minutes=minutes)
    guest, label = second_zone_option(programme, None, False)
    emit(reports.slots_table(slots, length, visit.tz, guest, title=title, second_label=label))
