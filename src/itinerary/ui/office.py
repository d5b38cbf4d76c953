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
from itinerary.i18n import _, ngettext, pgettext
from itinerary.i18n import dates as kdates
from itinerary.model import Programme
from itinerary.ui.marks import STATUS_MARKS, cell, korean, padded_long_day, people_names, titles, venue_name
from itinerary.ui.reports import SEVERITY_STYLE, counts, kind_word


def visits_table(folders: Sequence[str], programmes: Sequence[Programme], *, title: str) -> RenderableType:
    """One line per visit: its folder, id, days, title and number of events."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column(_("Folder"), no_wrap=True, min_width=max([6, *(len(f) for f in folders)]))
    table.add_column(_("Visit id"), no_wrap=True, min_width=max([8, *(len(p.visit.id) for p in programmes)]))
    table.add_column(_("Days"), no_wrap=True)
    table.add_column(pgettext("visit", "Title"), ratio=1)
    table.add_column(_("Events"), justify="right", no_wrap=True)
    for folder, programme in zip(folders, programmes, strict=True):
        visit = programme.visit
        if korean():
            days = kdates.korean_days(visit.first_day, visit.last_day)
        else:
            days = f"{visit.first_day:%d %b}–{visit.last_day:%d %b %Y}" if visit.last_day != visit.first_day else f"{visit.first_day:%d %b %Y}"
        first, second = (visit.title_ko, visit.title) if korean() and visit.title_ko else (visit.title, visit.title_ko)
        title_text = cell(first)
        if second:
            title_text.append(f"\n{second}", style="dim")
        table.add_row(Text(folder), Text(visit.id), days, title_text, str(sum(not e.cancelled for e in programme.events)))
    if not programmes:
        return Group(Text(title, style="bold"), Text(_("No visits yet: start one with `itinerary init FOLDER --title … --first-day …` inside the office.")))
    return table


def days_view(rows: Sequence[Placed], whole: Programme, tz: ZoneInfo, days: Sequence[dt.date], *, title: str) -> RenderableType:
    """The events of every visit, a table per day, on the office's clock."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    for day in days:
        start = dt.datetime.combine(day, dt.time(), tz)
        mine = [r for r in rows if r.event.start.astimezone(tz).date() == day or (r.event.start < start and day == days[0])]
        parts.append(Text(""))
        parts.append(Text(padded_long_day(day), style="bold"))
        if not mine:
            parts.append(Text("  " + _("No events."), style="dim"))
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("", no_wrap=True)
        table.add_column(_("Time"), no_wrap=True)
        table.add_column(_("Visit"), no_wrap=True, min_width=max(5, *(len(r.visit) for r in mine)))
        table.add_column(_("Event"), ratio=2)
        table.add_column(_("Where"), ratio=1)
        table.add_column(_("Who"), ratio=1)
        for row in mine:
            event = row.event
            mark, style = STATUS_MARKS["tbc" if event.time_tbc else event.status]
            when = span_text(event.start, event.end, tz, day)  # a window across days, as such
            first, second = titles(event)
            title_text = cell(first)
            if second:
                title_text.append(f"\n{second}", style="dim")
            who = cell(people_names(whole, event.participants))
            table.add_row(Text(mark, style=style), Text(_("{when} (TBC)", when=when) if event.time_tbc else when), Text(row.visit), title_text,
                          cell(venue_name(whole, event.venue)), who)
        parts.append(table)
    return Group(*parts)


def check_view(folders: Sequence[str], programmes: Sequence[Programme], each: Sequence[Sequence[Finding]],
               crossed: Sequence[Crossing], *, totals: tuple[int, int], title: str) -> RenderableType:
    """Each visit's count of errors and warnings (as ``check`` inside it counts them: those
    between it and another visit included), then every problem between visits, then the totals
    (each problem once)."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    table = Table(box=box.SIMPLE_HEAD, title=Text(_("Each visit"), style="bold"), title_justify="left")
    table.add_column(_("Folder"), no_wrap=True, min_width=max([6, *(len(f) for f in folders)]))
    table.add_column(_("Visit id"), no_wrap=True, min_width=max([8, *(len(p.visit.id) for p in programmes)]))
    table.add_column(_("Errors"), justify="right", no_wrap=True, min_width=6)
    table.add_column(_("Warnings"), justify="right", no_wrap=True, min_width=8)
    table.add_column(_("First error"), ratio=1)
    for folder, programme, found in zip(folders, programmes, each, strict=True):
        errors = engine.errors(found)
        table.add_row(Text(folder), Text(programme.visit.id), Text(str(len(errors)), style="bold red" if errors else ""),
                      str(len(found) - len(errors)), cell(errors[0].message if errors else ""))
    parts.extend([Text(""), table])
    between = Table(box=box.SIMPLE_HEAD, title=Text(_("Between visits ({n})", n=len(crossed)), style="bold"), title_justify="left")
    between.add_column("", no_wrap=True)
    between.add_column(_("Kind"), no_wrap=True)
    between.add_column(_("Events"), no_wrap=True, min_width=max([6, *(len(f"{v}/{e}") for c in crossed for v, e in c.events)]))
    between.add_column(_("What"), ratio=3)
    for crossing in crossed:
        symbol, style = SEVERITY_STYLE[crossing.severity]
        events = "\n".join(f"{v}/{e}" for v, e in crossing.events)
        between.add_row(Text(symbol, style=style), Text(kind_word(crossing.kind)), Text(events), cell(crossing.message))
    parts.extend([Text(""), between if crossed else Text(_("No problem between visits."), style="green")])
    n_errors, n_warnings = totals
    visits = ngettext("{n} visit", "{n} visits", len(programmes), n=len(programmes))
    if crossed:
        summary = _("{visits}: {counts} (a problem between two visits counted once)", visits=visits, counts=counts(n_errors, n_warnings))
    else:
        summary = _("{visits}: {counts}", visits=visits, counts=counts(n_errors, n_warnings))
    parts.extend([Text(""), Text(summary, style="bold red" if n_errors else ("yellow" if n_warnings else "bold green"))])
    return Group(*parts)


def adoption_table(outcomes: Sequence[tuple[str, str, str, str]], *, title: str) -> RenderableType:
    """What adopting a visit did with each record: (kind, id, action, detail)."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column(_("Record"), no_wrap=True)
    table.add_column(_("Id"), no_wrap=True, min_width=max([2, *(len(o[1]) for o in outcomes)]))
    table.add_column(_("Done"), no_wrap=True)
    table.add_column(_("Why"), ratio=1)
    styles = {"moved": "green", "merged": "cyan", "kept": "yellow", "renamed": "magenta"}
    done = {"moved": pgettext("adopted", "moved"), "merged": pgettext("adopted", "merged"), "kept": pgettext("adopted", "kept"),
            "renamed": pgettext("adopted", "renamed")}
    records = {"person": pgettext("record", "person"), "venue": pgettext("record", "venue"), "contact": pgettext("record", "contact"),
               "leg": pgettext("record", "leg")}
    for kind, item_id, action, detail in outcomes:
        table.add_row(Text(records.get(kind, kind)), Text(item_id), Text(done.get(action, action), style=styles.get(action, "")), cell(detail))
    if not outcomes:
        return Group(Text(title, style="bold"), Text(_("The visit has no people, venues, legs or contacts of its own.")))
    return table
