"""The rows of the board's table for one day: each event with its marks, outside commitments,
and (following one person) the time between their events. Rich cells, no Textual."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rich.text import Text

from itinerary.core import agenda, travel
from itinerary.core.finding import Finding
from itinerary.i18n import _
from itinerary.model import Busy, Event, Programme, utc
from itinerary.ui.findingwords import finding_mark, gap_text
from itinerary.ui.marks import (
    STATUS_MARKS,
    korean,
    people_names,
    person_name,
    place_name,
    short_day,
    status_keys,
    status_mark,
    status_words,
    time_range,
    titles,
)
from itinerary.ui.reports import SEVERITY_STYLE

TIME_WIDTH = 13
"""Width of the time column: '21 May 09:00–' fits."""
TIME_WIDTH_KO = 15
"""Width of the time column in Korean: '5월 21일 09:00–' fits (a Hangul syllable takes two cells)."""
NOW_MARK = "▶"
CHANGED_MARK = "●"
FIXED_WIDTH = 2 + TIME_WIDTH + 2
"""Widths of the mark, time and status columns (in English)."""
PADDING = 2
"""Blank cells around each column."""
EVENT, BUSY, NOTE = "event:", "busy:", "note:"
"""How row keys start: an event (then its id), an outside commitment, a line of text."""

Row = tuple[str, list[Text]]
"""A row's key and its cells."""


@dataclass(frozen=True)
class Columns:
    """The widths of the flexible columns at one screen width."""

    event: int
    venue: int
    people: int

    @classmethod
    def fit(cls, width: int) -> Columns:
        """Share what the fixed columns and padding leave: half for the event, a quarter each for
        the venue and the people (never narrower than 8 cells)."""
        free = max(24, width - (2 + time_width() + 2) - 6 * PADDING - 1)
        event = max(8, free // 2)
        venue = max(8, (free - event) // 2)
        return cls(event, venue, max(8, free - event - venue))


def time_width() -> int:
    """Width of the time column in the interface's language."""
    return TIME_WIDTH_KO if korean() else TIME_WIDTH


def time_cell(event: Event, tz: ZoneInfo, other: ZoneInfo | None, day: dt.date, style: str = "") -> Text:
    """Local time over the guest's home time; a planning window that leaves the day, with its
    dates and in local time only (it is not a time yet)."""
    start, end = event.start.astimezone(tz), event.end.astimezone(tz)
    if event.time_tbc and not (start.date() == day == (end - dt.timedelta(microseconds=1)).date()):
        return Text(f"{short_day(start.date())} {start:%H:%M}–\n{short_day(end.date())} {end:%H:%M}", style=style)
    text = Text(time_range(event, tz, day), style=style)
    if other is not None and not event.all_day:
        text.append("\n")
        text.append(time_range(event, other, day), style="dim")
    return text


def event_cells(
    programme: Programme, event: Event, *, day: dt.date, now: dt.datetime, other: ZoneInfo | None,
    findings: Sequence[Finding] = (), changed: bool = False,
) -> list[Text]:
    """The cells of one event's row: mark, time, status, event, venue, people."""
    tz = programme.visit.tz
    moment = utc(now)
    timed = not (event.time_tbc or event.cancelled or event.all_day)
    running = timed and utc(event.start) <= moment < utc(event.end)
    past = timed and utc(event.end) <= moment
    base = "dim" if (past or event.cancelled) else ""
    mark = Text(NOW_MARK if running else " ", style="bold green")
    mark.append(CHANGED_MARK if changed else " ", style="bold magenta")
    title, other_title = titles(event)
    name = Text(title, style=("strike " if event.cancelled else "") + ("dim" if base else "bold"))
    extras: list[tuple[str, str]] = [(other_title, base)]
    if not event.confirmed:
        extras.append((status_words(event).plain, "italic " + STATUS_MARKS[status_keys(event)[0]][1]))
    for finding in findings:
        symbol, style = SEVERITY_STYLE[finding.severity]
        extras.append((f"{symbol} {finding_mark(finding)}", style))
    for extra, style in extras:
        if extra:
            name.append("\n")
            name.append(extra, style=style)
    venue = Text(place_name(programme, event), style="dim" if event.start_venue is None or base else "")
    people = Text(people_names(programme, event.participants), style=base)
    status = status_mark(event)
    if base:
        status.stylize("dim")
    return [mark, time_cell(event, tz, other, day, "bold" if running else base), status, name, venue, people]


def busy_cells(programme: Programme, item: Busy, *, day: dt.date, other: ZoneInfo | None) -> list[Text]:
    """A dimmed row for an outside commitment (its title is never shown on the board)."""
    stamp = Event("busy", "busy", item.start, item.end)
    when = time_cell(stamp, programme.visit.tz, other, day, "dim")
    return [Text("  "), when, Text("▒", style="dim"), Text(_("busy (outside commitment)"), style="dim italic"), Text(""),
            Text(person_name(programme, item.person), style="dim")]


def note_cells(text: str, style: str = "dim italic") -> list[Text]:
    """A row that only says something (the time between two events, a heading)."""
    return [Text(""), Text(""), Text(""), Text(text, style=style), Text(""), Text("")]


def day_rows(
    programme: Programme, day: dt.date, *, now: dt.datetime, person: str | None = None,
    findings: Mapping[str, Sequence[Finding]] | None = None, changed: Collection[str] = (), busy: Sequence[Busy] = (),
) -> list[Row]:
    """The rows of ``day``: events with a time (and outside commitments) in order, cancelled
    ones struck through; following ``person``, the time between their events before each; then
    the events whose time is still to be confirmed."""
    visit = programme.visit
    tz = visit.tz
    other = ZoneInfo(visit.guest_zone) if visit.guest_zone != visit.zone else None
    findings = findings or {}
    chosen = agenda.select(programme.events, person=person, day=day, tz=tz, include_cancelled=True)
    gaps = {g.after: gap_text(g) for g in travel.gaps(programme, person) if not g.overnight} if person else {}
    timed: list[tuple[dt.datetime, Row]] = []
    for event in chosen:
        if event.time_tbc:
            continue
        cells = event_cells(programme, event, day=day, now=now, other=other, findings=findings.get(event.id, ()), changed=event.id in changed)
        if event.id in gaps:
            timed.append((utc(event.start), (f"{NOTE}gap:{event.id}", note_cells(gaps[event.id]))))
        timed.append((utc(event.start), (EVENT + event.id, cells)))
    for index, item in enumerate(busy):
        first, last = item.start.astimezone(tz).date(), (item.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
        if (person is None or item.person == person) and first <= day <= max(first, last):
            timed.append((utc(item.start), (f"{BUSY}{index}", busy_cells(programme, item, day=day, other=other))))
    rows = [row for _start, row in sorted(timed, key=lambda pair: pair[0])]
    open_time = [e for e in chosen if e.time_tbc]
    if open_time:
        rows.append((f"{NOTE}tbc", note_cells("\n" + _("time to be confirmed:"), "bold")))
        rows += [(EVENT + e.id, event_cells(programme, e, day=day, now=now, other=other, findings=findings.get(e.id, ()),
                                            changed=e.id in changed)) for e in open_time]
    return rows


def landing(programme: Programme, keys: Sequence[str], now: dt.datetime) -> int:
    """The row the cursor starts on: the event in progress, else the next one to start, else
    the first row (a day that is over)."""
    moment = utc(now)
    timed = [(n, e) for n, e in ((n, programme.event(k.removeprefix(EVENT))) for n, k in enumerate(keys) if k.startswith(EVENT))
             if e is not None and not (e.time_tbc or e.cancelled or e.all_day)]
    current = next((n for n, e in timed if utc(e.start) <= moment < utc(e.end)), None)
    if current is not None:
        return current
    return next((n for n, e in timed if utc(e.start) > moment), 0)
