"""What the board draws, as rich renderables: the clock, now and next per principal, the rows of
a day, and one event in full. No Textual here: these are tested on a plain console.

User text is always wrapped in :class:`~rich.text.Text`, never read as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from itinerary.core.finding import Finding
from itinerary.core.now import Departure, Standing
from itinerary.core.travel import Gap
from itinerary.i18n import _, ngettext
from itinerary.i18n import dates as kdates
from itinerary.model import Event, Programme, utc
from itinerary.ui.detail import event_detail
from itinerary.ui.findingwords import gap_text
from itinerary.ui.marks import (
    day_heading,
    event_title,
    guest_zone_label,
    korean,
    long_day,
    person_name,
    status_mark,
    venue_name,
    weekday_day,
    zone_label,
)
from itinerary.ui.reports import SEVERITY_STYLE

NOW_MARK = "▶"


class Colourless:
    """A renderable drawn without its colours (bold, italic, dim, strike and reverse stay): what
    the board shows under NO_COLOR, where a red error turned grey would be unreadable."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from Segment.remove_color(console.render(self.inner, options))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.inner)


def minutes_words(minutes: int) -> str:
    """'35 min', '1 h 20 min', '2 h', '1 d 3 h' (of a non-negative count)."""
    if minutes < 60:
        return _("{n} min", n=minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{days} d {hours} h", days=days, hours=hours) if hours else _("{days} d", days=days)
    return _("{hours} h {minutes} min", hours=hours, minutes=mins) if mins else _("{hours} h", hours=hours)


def clock(moment: dt.datetime, tz: ZoneInfo, today: dt.date) -> str:
    """'10:15', or 'Thu 21 May 10:15' ('5월 21일(목) 10:15') when not on ``today``."""
    local = moment.astimezone(tz)
    return f"{local:%H:%M}" if local.date() == today else f"{weekday_day(local.date())} {local:%H:%M}"


def clock_line(programme: Programme, now: dt.datetime, note: str = "") -> Text:
    """'09:40 Seoul · 02:40 Geneva · Friday 22 May 2026', with a note on the clock if simulated.

    The space between two words of different styles ends the first run, never starts the next:
    a run is drawn at its own column, and a viewer that trims a run's leading space (of the
    board's SVG, or of a copy of the screen) would otherwise run '09:40' into 'Seoul'."""
    visit = programme.visit
    local = now.astimezone(visit.tz)
    line = Text()
    line.append(f"{local:%H:%M} ", style="bold")
    line.append(zone_label(visit.zone))
    if visit.guest_zone != visit.zone:
        home = now.astimezone(ZoneInfo(visit.guest_zone))
        line.append(" · ")
        line.append(f"{home:%H:%M} ", style="bold")
        line.append(guest_zone_label(visit, visit.guest_zone, visit.guest_zone_label))
        if home.date() != local.date():
            line.append(f" ({kdates.weekday(home.date()) if korean() else f'{home:%a}'})")
    line.append(f" · {long_day(local.date())}" + ("  " if note else ""))
    if note:
        line.append(note, style="italic")
    return line


def departure_text(programme: Programme, way: Departure, now: dt.datetime) -> Text:
    """'leave in 12 min (10:25) for the Presidential Office — 25 min travel, 10 min buffer',
    or that it is time to leave, or late, or that the travel time is unknown."""
    venue = venue_name(programme, way.destination)
    if way.leg.minutes is None:
        return Text(_("travel time to {venue} unknown: itinerary leg add {origin} {destination} --minutes N", venue=venue, origin=way.origin,
                      destination=way.destination), style="yellow")
    if way.leg.estimate:
        travel = _("{n} min estimated travel", n=way.leg.minutes)
    else:
        travel = _("{n} min travel", n=way.leg.minutes)
    tz = programme.visit.tz
    leave_in = way.leave_in(now)
    assert leave_in is not None and way.leave_at is not None
    if leave_in > 0:
        planned = way.planned_buffer
        short = planned is not None and planned < way.buffer
        buffer = _("{n} min buffer of {of}", n=planned, of=way.buffer) if short else _("{n} min buffer", n=planned)
        return Text(_("leave in {wait} ({at}) for {venue} — {travel}, {buffer}", wait=minutes_words(leave_in),
                      at=clock(way.leave_at, tz, now.astimezone(tz).date()), venue=venue, travel=travel, buffer=buffer),
                    style="yellow" if short else "")
    left = way.buffer_left(now)
    assert left is not None
    if left >= 0:
        return Text(_("leave now for {venue} — {travel}, {n} min buffer left", venue=venue, travel=travel, n=left), style="bold yellow")
    return Text(_("late for {venue}: leaving now arrives {late} after the start ({travel})", venue=venue, late=minutes_words(-left),
                  travel=travel), style="bold red")


def standing_text(programme: Programme, standing: Standing, now: dt.datetime) -> Text:
    """A principal's now and next, on as many lines as it takes."""
    tz = programme.visit.tz
    today = now.astimezone(tz).date()
    text = Text()
    if standing.current is not None:
        event = standing.current
        text.append(f"{NOW_MARK} ", style="bold green")
        text.append(f"{event_title(event)} ", style="bold")  # the space ends the bold run (see clock_line)
        text.append(_("until {time} ({left} left)", time=clock(event.end, tz, today), left=minutes_words(standing.ends_in(now) or 0)))
    if standing.next is not None:
        if text:
            text.append("\n")
        event = standing.next
        text.append(_("next") + " ", style="dim")
        text.append(f"{clock(event.start, tz, today)} ")
        if not event.confirmed:
            text.append_text(status_mark(event) + " ")
        text.append(event_title(event))
        text.append(_(", in {wait}", wait=minutes_words(standing.starts_in(now) or 0)))
        if standing.departure is not None:
            text.append("\n")
            text.append_text(departure_text(programme, standing.departure, now))
    if not text:
        text.append(_("nothing ahead with a time"), style="dim")
    return text


def principal_rows(programme: Programme, standings: Sequence[Standing], now: dt.datetime) -> RenderableType:
    """Each principal's name beside their now and next."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=not korean(), max_width=16)  # a Korean name and title ('질베르 응보 사무총장') takes two lines
    grid.add_column(overflow="fold")
    for standing in standings:
        grid.add_row(Text(person_name(programme, standing.person), style="bold"), standing_text(programme, standing, now))
    return grid


def now_panel(programme: Programme, standings: Sequence[Standing], now: dt.datetime, *, note: str = "", more: int = 0) -> RenderableType:
    """The visit, the clock, then each principal's now and next."""
    visit = programme.visit
    title = visit.title_ko if korean() and visit.title_ko else visit.title
    parts: list[RenderableType] = [Text(title, style="bold", no_wrap=True, overflow="ellipsis"),
                                   clock_line(programme, now, note)]
    if standings:
        parts.append(principal_rows(programme, standings, now))
    if more:
        parts.append(Text(_("… and {n} more with events today (p: follow one)", n=more), style="dim"))
    return Group(*parts)


def day_line(day: dt.date, *, events: int, findings: Sequence[Finding], person: str = "") -> Text:
    """'Friday 22 May 2026 · 5월 22일 (금) — 4 events, 1 error' (and the person shown)."""
    line = Text(day_heading(day), style="bold")
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    line.append(" — " + ngettext("{n} event", "{n} events", events, n=events))
    if errors:
        line.append(", " + ngettext("{n} error", "{n} errors", errors, n=errors), style="bold red")
    if warnings:
        line.append(", " + ngettext("{n} warning", "{n} warnings", warnings, n=warnings), style="yellow")
    if person:
        line.append(" — ")
        line.append(person, style="bold")
    return line


def event_in_full(
    programme: Programme, event: Event, *, findings: Iterable[Finding], gaps: Mapping[str, Sequence[Gap]], now: dt.datetime,
) -> RenderableType:
    """One event in full (as ``itinerary show`` prints it), then its findings and the travel
    before and after it for each participant."""
    visit = programme.visit
    parts: list[RenderableType] = []
    tz = visit.tz
    if not (event.time_tbc or event.cancelled or event.all_day):
        moment = utc(now)
        if utc(event.start) <= moment < utc(event.end):
            parts.append(Text(f"{NOW_MARK} " + _("in progress, ends {time}", time=clock(event.end, tz, now.astimezone(tz).date())),
                              style="bold green"))
        elif utc(event.start) > moment:
            left = int((utc(event.start) - moment).total_seconds() + 59) // 60
            parts.append(Text(_("starts in {wait}", wait=minutes_words(left)), style="bold"))
    parts.append(event_detail(programme, event, second_zone=visit.guest_zone, second_label=visit.guest_zone_label))
    found = list(findings)
    if found:
        parts.append(Text(""))
        parts.append(Text(_("Findings"), style="bold"))
        for finding in found:
            symbol, style = SEVERITY_STYLE[finding.severity]
            line = Text(f"{symbol} ", style=style)
            line.append(finding.message)
            parts.append(line)
    lines = []
    for person in event.participants:
        for gap in gaps.get(person, ()):
            if event.id in (gap.before, gap.after) and not gap.overnight:
                other = gap.after if gap.before == event.id else gap.before
                title = event_title(programme.events_by_id[other]) if other in programme.events_by_id else other
                values = {"person": person_name(programme, person), "title": title, "gap": gap_text(gap)}
                lines.append(Text(_("{person}, after it: {title} {gap}", **values) if gap.before == event.id
                                  else _("{person}, before it: {title} {gap}", **values)))
    if lines:
        parts.append(Text(""))
        parts.append(Text(_("Travel"), style="bold"))
        parts.extend(lines)
    return Group(*parts)
