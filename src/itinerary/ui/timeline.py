"""The timeline: the programme by day, local time over a second zone. Returns renderables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core.agenda import Day, local_days
from itinerary.i18n import _
from itinerary.model import Busy, Event, Programme
from itinerary.ui.marks import (
    STATUS_MARKS,
    day_heading,
    days_span,
    guest_zone_label,
    legend,
    people_names,
    person_name,
    place_name,
    status_keys,
    status_mark,
    status_words,
    time_range,
    titles,
    visit_title,
    zone_label,
)


def timeline(
    programme: Programme,
    days: Sequence[Day],
    *,
    second_zone: str | None,
    second_label: str = "",
    marks: Mapping[str, str] | None = None,
    gaps: Mapping[str, str] | None = None,
    title: str = "",
    busy: Sequence[Busy] = (),
    busy_titles: bool = False,
    ids: bool = False,
) -> RenderableType:
    """The programme as one table per day: time (local over second zone), status, title, venue, people.
    With ``ids``, each event's id under its title (whole, never cut: it is what commands take).

    ``marks`` flags events with findings (event id → short text); ``gaps`` gives the line shown
    before an event (event id → e.g. '→ 25 min travel, 15 min spare').
    """
    marks = marks or {}
    gaps = gaps or {}
    visit = programme.visit
    tz = visit.tz
    other = ZoneInfo(second_zone) if second_zone else None
    header = zone_label(visit.zone) + (f" / {guest_zone_label(visit, second_zone, second_label)}" if second_zone else "")
    parts: list[RenderableType] = [Text(title or visit_title(visit), style="bold")]
    busy_days: dict[dt.date, list[Busy]] = {}
    for item in busy:
        busy_days.setdefault(item.start.astimezone(tz).date(), []).append(item)
    known_days = {d.date for d in days}
    days = sorted([*days, *(Day(d, ()) for d in busy_days if d not in known_days)], key=lambda d: (d.date is None, d.date or dt.date.min))
    if not days:
        parts.append(Text(_("No events match."), style="dim"))
    for day in days:
        if day.date is None:
            first = min(local_days(e, tz)[0] for e in day.events)
            last = max(local_days(e, tz)[1] for e in day.events)
            heading = _("Day to be confirmed ({days}) · 날짜 미정", days=days_span(first, last))
        else:
            heading = day_heading(day.date)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
        table.title = Text(heading, style="bold cyan")
        table.add_column(header, no_wrap=True)
        table.add_column("", no_wrap=True)
        widest = max([0, *(len(e.id) + 2 for e in day.events)]) if ids else 0
        table.add_column(_("Event"), ratio=3, overflow="fold", min_width=widest or None)
        table.add_column(_("Venue"), ratio=2, overflow="fold")
        table.add_column(_("With"), ratio=2, overflow="fold")
        rows: list[tuple[dt.datetime, Event | Busy]] = [(e.start, e) for e in day.events]
        rows += [(b.start, b) for b in (busy_days.get(day.date, []) if day.date is not None else [])]
        rows.sort(key=lambda r: r[0].timestamp())
        for _start, event in rows:
            if isinstance(event, Busy):
                table.add_row(*_busy_row(programme, event, tz, other, day.date, busy_titles))
                continue
            if event.id in gaps:
                table.add_row(Text(""), Text(""), Text(gaps[event.id], style="dim italic"), Text(""), Text(""))
            when = Text(time_range(event, tz, day.date))
            if other is not None:
                when.append("\n")
                when.append(time_range(event, other, day.date), style="dim")
            title, other_title = titles(event)
            name = Text(title, style="strike" if event.cancelled else "bold")
            for extra, style in (
                (other_title, ""),
                ("" if event.confirmed else status_words(event).plain, "italic " + STATUS_MARKS[status_keys(event)[0]][1]),
                (f"[{event.id}]" if ids else "", "dim"),
                (f"⚠ {marks[event.id]}" if event.id in marks else "", "red"),
            ):
                if extra:
                    name.append("\n")
                    name.append(extra, style=style)
            table.add_row(
                when,
                status_mark(event),
                name,
                Text(place_name(programme, event), style="dim" if event.start_venue is None else ""),
                Text(people_names(programme, event.participants)),
            )
        parts.extend([Text(""), table])
    parts.append(Text(""))
    parts.append(Text(legend(), style="dim"))
    return Group(*parts)


def _busy_row(programme: Programme, item: Busy, tz: ZoneInfo, other: ZoneInfo | None, day: dt.date | None, shown: bool) -> list[Text]:
    """A dimmed row for an outside commitment; its title only when asked for."""
    stamp = Event("busy", "busy", item.start, item.end)
    when = Text(time_range(stamp, tz, day), style="dim")
    if other is not None:
        when.append("\n" + time_range(stamp, other, day), style="dim")
    if item.origin:  # an event of another visit of the office: the office's own, so named
        name = Text(_("{title} (visit {visit})", title=item.title, visit=item.origin), style="dim italic")
    else:
        name = Text(item.title if shown and item.title else _("busy (outside commitment)"), style="dim italic")
    return [when, Text("▒", style="dim"), name, Text(""), Text(person_name(programme, item.person), style="dim")]


