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
from itinerary.i18n import _
from itinerary.model import Busy, Event, Programme
from itinerary.model.checks import printable
from itinerary.ui.marks import (
    day_heading,
    guest_zone_label,
    legend,
    people_names,
    person_name,
    place_name,
    status_keys,
    status_words,
    time_range,
    timestamp,
    titles,
    visit_title,
    zone_label,
)

LONG = 100
"""From this many rows on, a report is written as plain lines (see the module's description)."""
SAMPLE = 200
"""How many rows set the column widths."""
MARKS = {"confirmed": "✓", "tentative": "~", "tbc": "?", "cancelled": "✗"}


def _pad(text: str, width: int) -> str:
    cells = len(text) if text.isascii() and text.isprintable() else cell_len(text)  # printable ASCII: a cell each
    return text + " " * max(0, width - cells)


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
    from itinerary.ui.reports import counts, group_row, kind_word, shown

    yield title + "\n\n"
    n_errors = sum(f.severity == "error" for f in findings)
    words: dict[str, str] = {}  # each kind's word, looked up once (not once per row)

    def word(kind: str) -> str:
        found = words.get(kind)
        if found is None:
            found = words[kind] = kind_word(kind)
        return found

    def row(item: Finding | tuple[str, list[Finding]]) -> tuple[str, str, str, str]:
        if isinstance(item, Finding):
            return ("✗" if item.severity == "error" else "!", word(item.kind), ", ".join(item.events), item.message)
        first, what = group_row(*item)
        return ("!", word(item[0]), ", ".join([*first, "…"]), what)

    yield from columns(("", _("Kind"), _("Events"), _("What")), map(row, shown(findings, everything)))
    yield f"\n{counts(n_errors, len(findings) - n_errors)}\n"


def history_lines(entries: Sequence[Entry], tz: ZoneInfo | None, *, only: str | None = None) -> Iterator[str]:
    """The journal, one line per change (its file changes joined by '; ')."""
    from itinerary.ui.reports import change_line, history_columns, history_title

    yield history_title(only) + "\n\n"
    rows = (
        (str(e.seq), timestamp(e.when.astimezone(tz) if tz else e.when), printable(e.who), printable(e.command),
         printable("; ".join(change_line(c) for c in e.changes if only is None or c.subject == only)))
        for e in entries
    )
    yield from columns(history_columns(tz), rows)


def timeline_lines(programme: Programme, days: Sequence[Day], *, second_zone: str | None, second_label: str = "",
                   title: str = "", busy: Sequence[Busy] = (), ids: bool = False, marks: Mapping[str, str] | None = None) -> Iterator[str]:
    """The programme by day, one line per event: local time (second zone in brackets), status
    mark, title (Korean title, status, id), venue, people."""
    tz = programme.visit.tz
    other = ZoneInfo(second_zone) if second_zone else None
    header = zone_label(programme.visit.zone) + (f" ({guest_zone_label(programme.visit, second_zone, second_label)})" if second_zone else "")
    yield (title or visit_title(programme.visit)) + "\n"
    busy_days: dict[dt.date, list[Busy]] = {}
    for item in busy:
        busy_days.setdefault(item.start.astimezone(tz).date(), []).append(item)
    for day in days:
        heading = day_heading(day.date) if day.date is not None else _("Day to be confirmed · 날짜 미정")
        yield f"\n{heading}\n"
        items: list[tuple[float, Event | Busy]] = [(e.start.timestamp(), e) for e in day.events]
        items += [(b.start.timestamp(), b) for b in (busy_days.get(day.date, []) if day.date is not None else [])]
        items.sort(key=lambda pair: pair[0])
        rows = (_timeline_row(programme, item, tz, other, day.date, ids, marks or {}) for _start, item in items)
        yield from columns((header, "", _("Event"), _("Venue"), _("With"), _("Findings")), rows)
    yield "\n" + legend() + "\n"


def _timeline_row(programme: Programme, item: Event | Busy, tz: ZoneInfo, other: ZoneInfo | None, day: dt.date | None, ids: bool,
                  marks: Mapping[str, str]) -> tuple[str, ...]:
    if isinstance(item, Busy):
        stamp = Event("busy", "busy", item.start, item.end)
        when = time_range(stamp, tz, day) + (f" ({time_range(stamp, other, day)})" if other else "")
        name = _("{title} (visit {visit})", title=item.title, visit=item.origin) if item.origin else _("busy (outside commitment)")
        return when, "▒", name, "", person_name(programme, item.person), ""
    when = time_range(item, tz, day) + (f" ({time_range(item, other, day)})" if other else "")
    name = " / ".join(x for x in titles(item) if x)
    if not item.confirmed:
        name += f" — {status_words(item).plain}"
    if ids:
        name += f" [{item.id}]"
    mark = "".join(MARKS[k] for k in status_keys(item))
    flags = f"⚠ {marks[item.id]}" if item.id in marks else ""
    return when, mark, name, place_name(programme, item), people_names(programme, item.participants), flags
