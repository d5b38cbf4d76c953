"""The planner's command: propose a start for every open event, or say exactly why nothing fits."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import References, emit, emit_json, library, report_added, say, time_option
from itinerary.errors import ConflictError, UsageError
from itinerary.i18n import N_, _
from itinerary.model import Programme

app = commands()


def _what_if(programme: Programme, texts: list[str]) -> dict[str, dt.datetime]:
    """The events --what-if holds, with their starts."""
    refs = References(programme)
    held = []
    for text in texts:
        event, sep, when = text.partition("=")
        if not sep or not event.strip() or not when.strip():
            raise UsageError(_("--what-if: {text!r} is not ID=TIME (e.g. 'president-meeting=22 May 15:00')", text=text))
        held.append((refs.events(event.strip(), "--what-if"), when.strip()))
    refs.check()
    visit = programme.visit
    return {found[0]: time_option(visit, when, visit.zone, None, "--what-if") for found, when in held if found}


@app.command()
def plan(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(metavar="[ID]...", help=N_("Only these events (default: every event whose time is to be confirmed)."))] = None,
    what_if: Annotated[list[str] | None, typer.Option("--what-if", help=N_("Hold an event at a time and plan the rest: 'ID=22 May 15:00' (repeatable)."))] = None,
    apply: Annotated[bool, typer.Option("--apply", help=N_("Write the proposal (journaled; `itinerary undo` takes it back). Times stay tentative."))] = False,
    since: Annotated[str, typer.Option("--from", help=N_("Start of the working day."))] = "08:00",
    until: Annotated[str, typer.Option("--to", help=N_("End of the working day."))] = "20:00",
    limit: Annotated[float, typer.Option("--time-limit", help=N_("Search time in the solver's deterministic seconds."), min=0.1, max=3600)] = 10.0,
    workers: Annotated[int, typer.Option("--workers", help=N_("Solver threads; more than 1 is faster but not reproducible."), min=1, max=64)] = 1,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output (format itinerary.plan/1)."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Hold a --what-if outside the event's planning window; with --apply, write even if the conflict check objects."))] = False,
) -> None:
    """Propose a start for every event whose time is to be confirmed: inside its window and the
    working day, clear of every other event and busy time of its people (travel and buffer
    included), exclusive venues and the order the records state; preferring the part of the day
    each prefers, fewer and shorter transfers, and early, compact days. When nothing fits, name a
    minimal set of constraints that cannot hold together and the single changes that would fit.

    Needs the OR-Tools solver: pip install 'itinerary[plan]'.

    Example: itinerary plan --what-if "president-meeting=22 May 15:00"
    """
    from itinerary.core.plan import solve as plansolve

    plansolve.cp()  # the solver first: without it, nothing else is worth reading
    from itinerary.changes.planned import Placement, apply_plan
    from itinerary.core.plan.cost import cost
    from itinerary.core.plan.explain import explain
    from itinerary.core.plan.problem import broken, problem
    from itinerary.core.plan.words import Words
    from itinerary.formats.planjson import plan_json
    from itinerary.ui import plan as views

    lib = library(ctx)
    programme = lib.programme()
    visit = programme.visit
    hours = (time_option(visit, since, visit.zone, visit.first_day, "--from").time(), time_option(visit, until, visit.zone, visit.first_day, "--to").time())
    fixed = _what_if(programme, what_if or [])
    p = problem(programme, lib.commitments(programme), ids=ids or (), fixed=fixed, hours=hours, force=force)
    words = Words(p, people={x.id: x.label for x in programme.people}, venues={v.id: v.name for v in programme.venues},
                  records=programme.events_by_id, people_ko={x.id: x.korean for x in programme.people if x.korean},
                  venues_ko={v.id: v.name_ko for v in programme.venues if v.name_ko})
    outcome = plansolve.solve(p, workers=workers, limit=limit)
    if outcome.status in ("infeasible", "unknown"):
        found = explain(p, limit=limit)
        if as_json:
            emit_json(plan_json(p, outcome, zone=visit.zone, words=words, explanation=found))
        else:
            emit(views.explanation(found, words))
        raise ConflictError(_("nothing fits; nothing was written") if found.proven else _("no plan found; nothing was written"))
    priced = cost(p, outcome.starts)
    assert not broken(p, outcome.starts), "the solver's plan breaks a constraint"
    if as_json:
        emit_json(plan_json(p, outcome, zone=visit.zone, words=words, cost=priced))
    else:
        emit(views.proposal(programme, p, outcome, priced, words))
    if apply and p.tasks:
        placements = {t.id: Placement(p.moment(outcome.starts[t.id]), p.moment(outcome.starts[t.id] + t.duration),
                                      programme.events_by_id[t.id].revision, t.fixed_at is not None) for t in p.tasks}
        applied = apply_plan(lib, placements, force=force)
        say(_("Wrote the plan: {n} event(s), tentative until confirmed (`itinerary undo` takes it back).", n=len(placements)))
        report_added(applied)
