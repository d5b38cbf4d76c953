"""The planner's proposal as a timeline with what moved, and why nothing fits. Returns renderables."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core.plan.cost import Cost
from itinerary.core.plan.explain import Explanation
from itinerary.core.plan.notes import Note
from itinerary.core.plan.problem import Problem
from itinerary.core.plan.solve import Outcome
from itinerary.core.plan.words import Words
from itinerary.i18n import _, language, ngettext
from itinerary.model import Programme, utc
from itinerary.ui.detail import part_of_day
from itinerary.ui.marks import cell, day_heading


def proposal(programme: Programme, p: Problem, outcome: Outcome, cost: Cost, words: Words) -> RenderableType:
    """Each day of the plan: the planned events (with the window they came from) among the timed
    events of the same people, then what the plan costs."""
    words = words.speaking(language())
    people = {x for t in p.tasks for x in t.people}
    rows: list[tuple[int, int, str, str, str, bool]] = []
    for t in p.tasks:
        start = outcome.starts[t.id]
        was = _("held here (what-if)") if t.fixed_at is not None else _("planned; window {window}", window=words.when(*t.window))
        if t.prefer:
            part = part_of_day(t.prefer)
            was = _("{was}; {part} ✓", was=was, part=part) if t.id not in cost.missed else _("{was}; {part} missed", was=was, part=part)
        rows.append((start, start + t.duration, t.id, words.title(t.id, t.title), was, True))
    def date_of(minute: int) -> dt.date | None:
        day = p.day_of(minute)
        return day.date if day else None

    planned_days = {date_of(r[0]) for r in rows}
    for e in programme.events:
        if e.cancelled or e.time_tbc or e.id in p.by_id or not set(e.participants) & people:
            continue
        start = int((utc(e.start) - p.origin).total_seconds() // 60)
        if date_of(start) in planned_days:
            rows.append((start, start + int((utc(e.end) - utc(e.start)).total_seconds() // 60), e.id, words.title(e.id, e.title), "", False))
    rows.sort()
    parts: list[RenderableType] = []
    for day in sorted(d for d in planned_days if d is not None):
        table = Table.grid(padding=(0, 2))
        for _column in range(4):
            table.add_column()
        for start, end, event_id, title, was, moved in rows:
            if date_of(start) != day:
                continue
            style = "bold" if moved else "dim"
            table.add_row(Text(f"{words.clock(start)}–{words.clock(end)}", style=style), Text("→" if moved else " ", style=style),
                          cell(f"{title} ({event_id})", style=style), cell(was, style="cyan" if moved else "dim"))
        parts += [Text(day_heading(day), style="bold underline"), table, Text("")]
    if outcome.status == "optimal":
        status = _("the best plan (proven optimal)")
    else:
        gap = format(100 * (outcome.gap or 0), ".1f") + "%"  # the sign in the value: "%" in a message reads as a printf directive
        status = _("the best plan found in the time limit (within {gap} of the optimum)", gap=gap)
    preferring = sum(1 for t in p.tasks if t.prefer)
    summary = _("{events} placed: {status}. Preferences met {met} of {total}; {transfers} ({travel} min of travel); cost {cost}. "
                "Times are proposals: tentative until confirmed.",
                events=ngettext("{n} event", "{n} events", len(p.tasks), n=len(p.tasks)), status=status, met=preferring - len(cost.missed),
                total=preferring, transfers=ngettext("{n} transfer", "{n} transfers", cost.transfers, n=cost.transfers), travel=cost.travel,
                cost=outcome.objective)
    parts.append(Text(summary))
    parts += [Text(f"! {note.said() if isinstance(note, Note) else note}", style="yellow") for note in p.notes]
    return Group(*parts)


def explanation(found: Explanation, words: Words) -> RenderableType:
    """Why nothing fits: the constraints in conflict, and the single changes that would fit."""
    words = words.speaking(language())
    parts: list[RenderableType] = []
    if not found.proven:
        parts.append(Text(_("No plan was found within the time limit, and none was proven impossible: try a longer --time-limit.")))
        return Group(*parts)
    n = len(found.conflict)
    if n == 1:
        head = _("Nothing fits. This constraint cannot hold:")
    elif found.minimal:
        head = _("Nothing fits. These {n} constraints cannot all hold at once; each is part of the clash (without any one of them, the other "
                 "{others} can hold):", n=n, others=n - 1)
    else:
        head = _("Nothing fits. These {n} constraints cannot all hold at once:", n=n)
    parts.append(Text(head, style="bold"))
    parts += [Text(f"  ✗ {words.constraint(c)}") for c in found.conflict]
    if found.relaxations:
        parts.append(Text(_("Any one of these changes makes the whole plan fit:"), style="bold"))
        for r in found.relaxations:
            change, command = words.change(r)
            parts.append(Text(f"  → {change}"))
            if command:
                parts.append(Text(f"      {command}", style="cyan"))
    else:
        parts.append(Text(_("No single change to one of them makes the whole plan fit; several must change.")))
    return Group(*parts)
