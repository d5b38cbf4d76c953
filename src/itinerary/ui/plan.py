"""The planner's proposal as a timeline with what moved, and why nothing fits. Returns renderables."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core.plan.cost import Cost
from itinerary.core.plan.explain import Explanation
from itinerary.core.plan.problem import Problem
from itinerary.core.plan.solve import Outcome
from itinerary.core.plan.words import Words
from itinerary.model import Programme, utc
from itinerary.model.checks import counted
from itinerary.ui.marks import day_heading


def proposal(programme: Programme, p: Problem, outcome: Outcome, cost: Cost, words: Words) -> RenderableType:
    """Each day of the plan: the planned events (with the window they came from) among the timed
    events of the same people, then what the plan costs."""
    people = {x for t in p.tasks for x in t.people}
    rows: list[tuple[int, int, str, str, str, bool]] = []
    for t in p.tasks:
        start = outcome.starts[t.id]
        was = "held here (what-if)" if t.fixed_at is not None else f"planned; window {words.when(*t.window)}"
        if t.prefer:
            was += f"; {t.prefer} " + ("✓" if t.id not in cost.missed else "missed")
        rows.append((start, start + t.duration, t.id, t.title, was, True))
    def date_of(minute: int) -> dt.date | None:
        day = p.day_of(minute)
        return day.date if day else None

    planned_days = {date_of(r[0]) for r in rows}
    for e in programme.events:
        if e.cancelled or e.time_tbc or e.id in p.by_id or not set(e.participants) & people:
            continue
        start = int((utc(e.start) - p.origin).total_seconds() // 60)
        if date_of(start) in planned_days:
            rows.append((start, start + int((utc(e.end) - utc(e.start)).total_seconds() // 60), e.id, e.title, "", False))
    rows.sort()
    parts: list[RenderableType] = []
    for day in sorted(d for d in planned_days if d is not None):
        table = Table.grid(padding=(0, 2))
        for _ in range(4):
            table.add_column()
        for start, end, event_id, title, was, moved in rows:
            if date_of(start) != day:
                continue
            style = "bold" if moved else "dim"
            table.add_row(Text(f"{words.clock(start)}–{words.clock(end)}", style=style), Text("→" if moved else " ", style=style),
                          Text(f"{title} ({event_id})", style=style), Text(was, style="cyan" if moved else "dim"))
        parts += [Text(day_heading(day), style="bold underline"), table, Text("")]
    status = {"optimal": "the best plan (proven optimal)",
              "feasible": f"the best plan found in the time limit (within {100 * (outcome.gap or 0):.1f}% of the optimum)"}[outcome.status]
    met = sum(1 for t in p.tasks if t.prefer) - len(cost.missed)
    summary = (f"{counted(len(p.tasks), 'event')} placed: {status}. Preferences met {met} of {sum(1 for t in p.tasks if t.prefer)}; "
               f"{counted(cost.transfers, 'transfer')} ({cost.travel} min of travel); cost {outcome.objective}. "
               f"Times are proposals: tentative until confirmed.")
    parts.append(Text(summary))
    parts += [Text(f"! {note}", style="yellow") for note in p.notes]
    return Group(*parts)


def explanation(found: Explanation, words: Words) -> RenderableType:
    """Why nothing fits: the constraints in conflict, and the single changes that would fit."""
    parts: list[RenderableType] = []
    if not found.proven:
        parts.append(Text("No plan was found within the time limit, and none was proven impossible: try a longer --time-limit."))
        return Group(*parts)
    n = len(found.conflict)
    if n == 1:
        head = "This constraint cannot hold:"
    elif found.minimal:
        head = f"These {n} constraints cannot all hold at once; each is part of the clash (without any one of them, the other {n - 1} can hold):"
    else:
        head = f"These {n} constraints cannot all hold at once:"
    parts.append(Text(f"Nothing fits. {head}", style="bold"))
    parts += [Text(f"  ✗ {words.constraint(c)}") for c in found.conflict]
    if found.relaxations:
        parts.append(Text("Any one of these changes makes the whole plan fit:", style="bold"))
        for r in found.relaxations:
            change, command = words.change(r)
            parts.append(Text(f"  → {change}"))
            if command:
                parts.append(Text(f"      {command}", style="cyan"))
    else:
        parts.append(Text("No single change to one of them makes the whole plan fit; several must change."))
    return Group(*parts)
