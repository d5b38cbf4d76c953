"""Long reports as plain lines, written as they are made.

rich lays a table out whole before it prints its first line (every cell measured, every column
balanced): right for a screenful, slow for ten thousand rows. A report longer than
:data:`LONG` rows is written instead as one line per row, columns separated by two spaces and
padded to the widths of its first rows (a longer value widens its own line, never cut: ids stay
whole), Korean counted as two cells. The same information as the tables, in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from rich.cells import cell_len

from itinerary.core.agenda import Day
from itinerary.core.finding import Finding
from itinerary.core.journal import Entry
from itinerary.model import Busy, Event, Programme
from itinerary.model.checks import counted, printable
from itinerary.ui.marks import LEGEND, day_heading, status_keys, status_words, time_range, zone_label

LONG = 100
"""From this many rows on, a report is written as plain lines (see the module's description)."""
SAMPLE = 200
"""How many rows set the column widths."""
MARKS = {"confirmed": "✓", "tentative": "~", "tbc": "?", "cancelled": "✗"}


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def columns(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """``rows`` under ``header``, padded to the widths of the first :data:`SAMPLE` rows."""
    pending: list[Sequence[str]] = []
    iterator = iter(rows)
    for row in iterator:
        pending.append(row)
        if len(pending) >= SAMPLE:
            break
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in pending)]) for i, h in enumerate(header)]

    def line(row: Sequence[str]) -> str:
        cells = [_pad(value, widths[i]) for i, value in enumerate(row[:-1])]
        return "  ".join([*cells, row[-1]]).rstrip() + "\n"

    yield line(header)
    yield "  ".join("─" * w for w in widths).rstrip() + "\n"
    for row in pending:
        yield line(row)
    for row in iterator:
        yield line(row)


def findings_lines(findings: Sequence[Finding], *, title: str, everything: bool = False) -> Iterator[str]:
    """The check report, errors first, one row per line (warnings of a kind with many findings
    as one row, as in the table, unless ``everything``), then the count."""
    from itinerary.ui.reports import group_row, shown

    yield title + "\n\n"
    n_errors = sum(f.severity == "error" for f in findings)

    def row(item: Finding | tuple[str, list[Finding]]) -> tuple[str, str, str, str]:
        if isinstance(item, Finding):
            return ("✗" if item.severity == "error" else "!", item.kind, ", ".join(item.events), item.message)
        first, what = group_row(*item)
        return ("!", item[0], ", ".join([*first, "…"]), what)

    yield from columns(("", "Kind", "Events", "What"), map(row, shown(findings, everything)))
    yield f"\n{counted(n_errors, 'error')}, {counted(len(findings) - n_errors, 'warning')}\n"


def history_lines(entries: Sequence[Entry], tz: ZoneInfo | None, *, only: str | None = None) -> Iterator[str]:
    """The journal, one line per change (its file changes joined by '; ')."""
    from itinerary.ui.reports import describe_change

    zone_name = str(tz) if tz else "UTC"
    yield "History" + (f" of {only}" if only else "") + "\n\n"
    rows = (
        (str(e.seq), f"{(e.when.astimezone(tz) if tz else e.when):%Y-%m-%d %H:%M}", printable(e.who), printable(e.command),
         printable("; ".join(f"{c.action} {c.subject}{describe_change(c)}" for c in e.changes if only is None or c.subject == only)))
        for e in entries
    )
    yield from columns(("#", f"When ({zone_name})", "Who", "Command", "Changes"), rows)


def timeline_lines(programme: Programme, days: Sequence[Day], *, second_zone: str | None, second_label: str = "",
                   title: str = "", busy: Sequence[Busy] = (), ids: bool = False, marks: Mapping[str, str] | None = None) -> Iterator[str]:
    """The programme by day, one line per event: local time (second zone in brackets), status
    mark, title (Korean title, status, id), venue, people."""
    tz = programme.visit.tz
    other = ZoneInfo(second_zone) if second_zone else None
    header = zone_label(programme.visit.zone) + (f" ({zone_label(second_zone, second_label)})" if second_zone else "")
    yield (title or programme.visit.title) + "\n"
    busy_days: dict[dt.date, list[Busy]] = {}
    for item in busy:
        busy_days.setdefault(item.start.astimezone(tz).date(), []).append(item)
    for day in days:
        heading = day_heading(day.date) if day.date is not None else "Day to be confirmed · 날짜 미정"
        yield f"\n{heading}\n"
        items: list[tuple[float, Event | Busy]] = [(e.start.timestamp(), e) for e in day.events]
        items += [(b.start.timestamp(), b) for b in (busy_days.get(day.date, []) if day.date is not None else [])]
        items.sort(key=lambda pair: pair[0])
        rows = (_timeline_row(programme, item, tz, other, day.date, ids, marks or {}) for _, item in items)
        yield from columns((header, "", "Event", "Venue", "With", "Findings"), rows)
    yield "\n" + LEGEND + "\n"


def _timeline_row(programme: Programme, item: Event | Busy, tz: ZoneInfo, other: ZoneInfo | None, day: dt.date | None, ids: bool,
                  marks: Mapping[str, str]) -> tuple[str, ...]:
    if isinstance(item, Busy):
        stamp = Event("busy", "busy", item.start, item.end)
        when = time_range(stamp, tz, day) + (f" ({time_range(stamp, other, day)})" if other else "")
        name = f"{item.title} (visit {item.origin})" if item.origin else "busy (outside commitment)"
        return when, "▒", name, "", programme.person_label(item.person), ""
    when = time_range(item, tz, day) + (f" ({time_range(item, other, day)})" if other else "")
    name = " / ".join(x for x in (item.title, item.title_ko) if x)
    if not item.confirmed:
        name += f" — {status_words(item).plain}"
    if ids:
        name += f" [{item.id}]"
    mark = "".join(MARKS[k] for k in status_keys(item))
    flags = f"⚠ {marks[item.id]}" if item.id in marks else ""
    return when, mark, name, programme.place_label(item), ", ".join(programme.person_label(p) for p in item.participants), flags
