"""Views of an office of many visits: the visits, the days across them, their check, and the
adoption report. Returns renderables, never prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core import engine
from itinerary.core.finding import Finding
from itinerary.core.office import Crossing, Placed
from itinerary.core.spans import span_text
from itinerary.model import Programme
from itinerary.model.checks import counted
from itinerary.ui.marks import STATUS_MARKS
from itinerary.ui.reports import SEVERITY_STYLE


def visits_table(folders: Sequence[str], programmes: Sequence[Programme], *, title: str) -> RenderableType:
    """One line per visit: its folder, id, days, title and number of events."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column("Folder", no_wrap=True, min_width=max([6, *(len(f) for f in folders)]))
    table.add_column("Visit id", no_wrap=True, min_width=max([8, *(len(p.visit.id) for p in programmes)]))
    table.add_column("Days", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Events", justify="right", no_wrap=True)
    for folder, programme in zip(folders, programmes, strict=True):
        visit = programme.visit
        days = f"{visit.first_day:%d %b}–{visit.last_day:%d %b %Y}" if visit.last_day != visit.first_day else f"{visit.first_day:%d %b %Y}"
        title_text = Text(visit.title)
        if visit.title_ko:
            title_text.append(f"\n{visit.title_ko}", style="dim")
        table.add_row(Text(folder), Text(visit.id), days, title_text, str(sum(not e.cancelled for e in programme.events)))
    if not programmes:
        return Group(Text(title, style="bold"), Text("No visits yet: start one with `itinerary init FOLDER --title … --first-day …` inside the office."))
    return table


def days_view(rows: Sequence[Placed], whole: Programme, tz: ZoneInfo, days: Sequence[dt.date], *, title: str) -> RenderableType:
    """The events of every visit, a table per day, on the office's clock."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    for day in days:
        start = dt.datetime.combine(day, dt.time(), tz)
        mine = [r for r in rows if r.event.start.astimezone(tz).date() == day or (r.event.start < start and day == days[0])]
        parts.append(Text(""))
        parts.append(Text(f"{day:%A %d %B %Y}", style="bold"))
        if not mine:
            parts.append(Text("  No events.", style="dim"))
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column("Time", no_wrap=True)
        table.add_column("Visit", no_wrap=True, min_width=max(5, *(len(r.visit) for r in mine)))
        table.add_column("Event", ratio=2)
        table.add_column("Where", ratio=1)
        table.add_column("Who", ratio=1)
        for row in mine:
            event = row.event
            mark, style = STATUS_MARKS["tbc" if event.time_tbc else event.status]
            when = span_text(event.start, event.end, tz, day)  # a window across days, as such
            title_text = Text(event.title)
            if event.title_ko:
                title_text.append(f"\n{event.title_ko}", style="dim")
            who = Text(", ".join(whole.person_label(p) for p in event.participants))
            table.add_row(Text(mark, style=style), Text(when + (" (TBC)" if event.time_tbc else "")), Text(row.visit), title_text,
                          Text(whole.venue_label(event.venue)), who)
        parts.append(table)
    return Group(*parts)


def check_view(folders: Sequence[str], programmes: Sequence[Programme], each: Sequence[Sequence[Finding]],
               crossed: Sequence[Crossing], *, totals: tuple[int, int], title: str) -> RenderableType:
    """Each visit's count of errors and warnings (as ``check`` inside it counts them: those
    between it and another visit included), then every problem between visits, then the totals
    (each problem once)."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    table = Table(box=box.SIMPLE_HEAD, title=Text("Each visit", style="bold"), title_justify="left")
    table.add_column("Folder", no_wrap=True, min_width=max([6, *(len(f) for f in folders)]))
    table.add_column("Visit id", no_wrap=True, min_width=max([8, *(len(p.visit.id) for p in programmes)]))
    table.add_column("Errors", justify="right", no_wrap=True, min_width=6)
    table.add_column("Warnings", justify="right", no_wrap=True, min_width=8)
    table.add_column("First error", ratio=1)
    for folder, programme, found in zip(folders, programmes, each, strict=True):
        errors = engine.errors(found)
        table.add_row(Text(folder), Text(programme.visit.id), Text(str(len(errors)), style="bold red" if errors else ""),
                      str(len(found) - len(errors)), Text(errors[0].message if errors else ""))
    parts.extend([Text(""), table])
    between = Table(box=box.SIMPLE_HEAD, title=Text(f"Between visits ({len(crossed)})", style="bold"), title_justify="left")
    between.add_column("", no_wrap=True)
    between.add_column("Kind", no_wrap=True)
    between.add_column("Events", no_wrap=True, min_width=max([6, *(len(f"{v}/{e}") for c in crossed for v, e in c.events)]))
    between.add_column("What", ratio=3)
    for crossing in crossed:
        symbol, style = SEVERITY_STYLE[crossing.severity]
        events = "\n".join(f"{v}/{e}" for v, e in crossing.events)
        between.add_row(Text(symbol, style=style), Text(crossing.kind), Text(events), Text(crossing.message))
    parts.extend([Text(""), between if crossed else Text("No problem between visits.", style="green")])
    n_errors, n_warnings = totals
    once = " (a problem between two visits counted once)" if crossed else ""
    parts.extend([Text(""), Text(f"{counted(len(programmes), 'visit')}: {counted(n_errors, 'error')}, {counted(n_warnings, 'warning')}{once}",
                                 style="bold red" if n_errors else ("yellow" if n_warnings else "bold green"))])
    return Group(*parts)


def adoption_table(outcomes: Sequence[tuple[str, str, str, str]], *, title: str) -> RenderableType:
    """What adopting a visit did with each record: (kind, id, action, detail)."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column("Record", no_wrap=True)
    table.add_column("Id", no_wrap=True, min_width=max([2, *(len(o[1]) for o in outcomes)]))
    table.add_column("Done", no_wrap=True)
    table.add_column("Why", ratio=1)
    styles = {"moved": "green", "merged": "cyan", "kept": "yellow", "renamed": "magenta"}
    for kind, item_id, action, detail in outcomes:
        table.add_row(Text(kind), Text(item_id), Text(action, style=styles.get(action, "")), Text(detail))
    if not outcomes:
        return Group(Text(title, style="bold"), Text("The visit has no people, venues, legs or contacts of its own."))
    return table
