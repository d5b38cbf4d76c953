"""The only module that builds rich renderables. It returns them; the CLI prints.

User text always goes through :class:`rich.text.Text`, so '[red]' in a title is shown as
written and never read as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.agenda import Day, local_days
from itinerary.conflicts import Busy, Finding, Gap, Slot
from itinerary.model import Contact, Event, Programme, elapsed, shift

if TYPE_CHECKING:  # only for annotations: importing merge would load icalendar for every view
    from itinerary.journal import Change, Entry
    from itinerary.merge import Plan

WEEKDAYS_KO = "월화수목금토일"

STATUS_MARKS = {
    "confirmed": ("✓", "green"),
    "tentative": ("~", "yellow"),
    "tbc": ("?", "magenta"),
    "cancelled": ("✗", "red"),
}
LEGEND = "✓ confirmed  ~ tentative  ? time TBC (planning window shown)  ✗ cancelled  ▒ busy elsewhere"


def zone_label(zone_name: str, label: str = "") -> str:
    """A short name for a zone column: the given label, or the zone's city."""
    return label or zone_name.rsplit("/", 1)[-1].replace("_", " ")


def day_heading(day: dt.date) -> str:
    """'Thursday 21 May 2026 · 5월 21일 (목)'."""
    return f"{day:%A} {day.day} {day:%B %Y} · {day.month}월 {day.day}일 ({WEEKDAYS_KO[day.weekday()]})"


def _status_keys(event: Event) -> list[str]:
    if event.cancelled:
        return ["cancelled"]
    keys = (["tbc"] if event.time_tbc else []) + (["tentative"] if event.status == "tentative" else [])
    return keys or ["confirmed"]


def status_mark(event: Event) -> Text:
    """The event's status as marks ('✓', '~', '?', '?~', '✗'), coloured."""
    keys = _status_keys(event)
    return Text("".join(STATUS_MARKS[k][0] for k in keys), style=STATUS_MARKS[keys[0]][1])


def status_words(event: Event) -> Text:
    """The event's status in words, with its mark: '? time TBC, tentative'."""
    keys = _status_keys(event)
    words = ", ".join({"tbc": "time TBC"}.get(k, k) for k in keys)
    return Text(f"{status_mark(event)} {words}", style=STATUS_MARKS[keys[0]][1])


def time_range(event: Event, tz: ZoneInfo, reference: dt.date | None) -> str:
    """'14:00–15:30' in ``tz``; a time off the ``reference`` day carries its date."""

    def stamp(moment: dt.datetime) -> str:
        moment = moment.astimezone(tz)
        return f"{moment:%H:%M}" if moment.date() == reference else f"{moment.day} {moment:%b} {moment:%H:%M}"

    start, end = stamp(event.start), stamp(event.end)
    return f"{start}–{end}" if len(start) == len(end) == 5 else f"{start} –\n{end}"


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
) -> RenderableType:
    """The programme as one table per day: time (local over second zone), status, title, venue, people.

    ``marks`` flags events with findings (event id → short text); ``gaps`` gives the line shown
    before an event (event id → e.g. '→ 25 min travel, 15 min spare').
    """
    marks = marks or {}
    gaps = gaps or {}
    visit = programme.visit
    tz = visit.tz
    other = ZoneInfo(second_zone) if second_zone else None
    header = zone_label(visit.zone) + (f" / {zone_label(second_zone, second_label)}" if second_zone else "")
    parts: list[RenderableType] = [Text(title or visit.title, style="bold")]
    busy_days: dict[dt.date, list[Busy]] = {}
    for item in busy:
        busy_days.setdefault(item.start.astimezone(tz).date(), []).append(item)
    known_days = {d.date for d in days}
    days = sorted([*days, *(Day(d, ()) for d in busy_days if d not in known_days)], key=lambda d: (d.date is None, d.date or dt.date.min))
    if not days:
        parts.append(Text("No events match.", style="dim"))
    for day in days:
        if day.date is None:
            first = min(local_days(e, tz)[0] for e in day.events)
            last = max(local_days(e, tz)[1] for e in day.events)
            heading = f"Day to be confirmed ({first.day}–{last.day} {last:%B %Y}) · 날짜 미정"
        else:
            heading = day_heading(day.date)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
        table.title = Text(heading, style="bold cyan")
        table.add_column(header, no_wrap=True)
        table.add_column("", no_wrap=True)
        table.add_column("Event", ratio=3)
        table.add_column("Venue", ratio=2)
        table.add_column("With", ratio=2)
        rows: list[tuple[dt.datetime, Event | Busy]] = [(e.start, e) for e in day.events]
        rows += [(b.start, b) for b in busy_days.get(day.date, []) if day.date is not None]
        rows.sort(key=lambda r: r[0].timestamp())
        for _, event in rows:
            if isinstance(event, Busy):
                table.add_row(*_busy_row(programme, event, tz, other, day.date, busy_titles))
                continue
            if event.id in gaps:
                table.add_row(Text(""), Text(""), Text(gaps[event.id], style="dim italic"), Text(""), Text(""))
            when = Text(time_range(event, tz, day.date))
            if other is not None:
                when.append("\n")
                when.append(time_range(event, other, day.date), style="dim")
            name = Text(event.title, style="strike" if event.cancelled else "bold")
            for extra, style in (
                (event.title_ko, ""),
                ("" if event.confirmed else status_words(event).plain, "italic " + STATUS_MARKS[_status_keys(event)[0]][1]),
                (f"⚠ {marks[event.id]}" if event.id in marks else "", "red"),
            ):
                if extra:
                    name.append("\n")
                    name.append(extra, style=style)
            table.add_row(
                when,
                status_mark(event),
                name,
                Text(programme.venue_label(event.venue), style="dim" if event.venue is None else ""),
                Text(", ".join(programme.person_label(p) for p in event.participants)),
            )
        parts.extend([Text(""), table])
    parts.append(Text(""))
    parts.append(Text(LEGEND, style="dim"))
    return Group(*parts)


def _busy_row(programme: Programme, item: Busy, tz: ZoneInfo, other: ZoneInfo | None, day: dt.date | None, titles: bool) -> list[Text]:
    """A dimmed row for an outside commitment; its title only when asked for."""
    stamp = Event("busy", "busy", item.start, item.end)
    when = Text(time_range(stamp, tz, day), style="dim")
    if other is not None:
        when.append("\n" + time_range(stamp, other, day), style="dim")
    name = Text(item.title if titles and item.title else "busy (outside commitment)", style="dim italic")
    return [when, Text("▒", style="dim"), name, Text(""), Text(programme.person_label(item.person), style="dim")]


def _field(table: Table, name: str, value: str | Text) -> None:
    if value:
        table.add_row(Text(name, style="bold"), value if isinstance(value, Text) else Text(value))


def event_detail(programme: Programme, event: Event, *, second_zone: str | None, second_label: str = "") -> RenderableType:
    """One event in full: times, people, venue, agenda, notes, contacts, attachments, sources."""
    tz = programme.visit.tz
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    _field(table, "Title", event.title)
    _field(table, "Korean title", event.title_ko)
    _field(table, "Id", event.id)
    _field(table, "Kind", event.kind)
    _field(table, "Status", status_words(event))
    day = event.start.astimezone(tz).date()
    when = f"{day_heading(day)}, {time_range(event, tz, day)} ({event.zone})"
    if event.time_tbc:
        when = f"time to be confirmed; planning window {when}"
    _field(table, "When", when)
    if second_zone:
        other = ZoneInfo(second_zone)
        other_day = event.start.astimezone(other).date()
        _field(table, zone_label(second_zone, second_label), f"{other_day:%a} {other_day.day} {other_day:%b}, {time_range(event, other, other_day)} ({second_zone})")
    venue = programme.venues_by_id.get(event.venue or "")
    if venue:
        _field(table, "Venue", "\n".join(x for x in (venue.location, venue.name_ko) if x))
    else:
        _field(table, "Venue", "to be confirmed")
    people = []
    for pid in event.participants:
        person = programme.people_by_id.get(pid)
        people.append(f"{person.name} ({person.name_ko}), {person.title}" if person else pid)
    _field(table, "Participants", "\n".join(people))
    _field(table, "Visibility", event.visibility + (f" (withheld: {', '.join(event.restricted_fields)})" if event.restricted_fields else ""))
    if event.overlap_ok:
        _field(table, "Overlap", "may run alongside other events")
    _field(table, "Agenda", "\n".join(f"{i}. {item}" for i, item in enumerate(event.agenda, 1)))
    _field(table, "Notes", event.notes)
    contacts = [programme.visit.contact(c) for c in event.contacts]
    _field(table, "Contacts", "\n".join(contact_line(c) for c in contacts if c))
    _field(table, "Sources", "\n".join(f"{fact}: {text}" for fact, text in event.sources))
    _field(table, "Revision", str(event.revision) + (f", updated {event.updated:%Y-%m-%d %H:%M} UTC" if event.updated else ""))
    parts: list[RenderableType] = [table]
    for attachment in event.attachments:
        parts.append(Text(""))
        parts.append(Text(f"Attachment: {attachment.title}", style="bold"))
        parts.append(Text(attachment.text))
    return Group(*parts)


def contact_line(contact: Contact) -> str:
    """'Lee Kang-yeon (이강연), Director …, +82-…'."""
    name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
    return ", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x)


def people_table(programme: Programme) -> RenderableType:
    """Every person of the visit."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("People", style="bold"), title_justify="left")
    for name in ("Id", "Name", "Korean", "Title", "Organisation", "Home zone"):
        table.add_column(name)
    for p in programme.people:
        table.add_row(*(Text(x) for x in (p.id, p.name, p.name_ko, p.title, p.organisation, p.zone)))
    visit = programme.visit
    contacts = Table(box=box.SIMPLE_HEAD, title=Text(f"Contacts: {visit.office}", style="bold"), title_justify="left")
    for name in ("Id", "Name", "Korean", "Role", "Phone"):
        contacts.add_column(name)
    for c in visit.contacts:
        contacts.add_row(*(Text(x) for x in (c.id, c.name, c.name_ko, c.role, c.phone)))
    return Group(table, contacts)


def venues_table(programme: Programme) -> RenderableType:
    """Every venue of the visit, and the travel legs between them."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("Venues", style="bold"), title_justify="left")
    for name in ("Id", "Name", "Korean", "Address", "City", "Notes"):
        table.add_column(name)
    for v in programme.venues:
        table.add_row(*(Text(x) for x in (v.id, v.name, v.name_ko, v.address, v.city, v.notes)))
    parts: list[RenderableType] = [table]
    if programme.travel:
        travel = Table(box=box.SIMPLE_HEAD, title=Text("Travel legs", style="bold"), title_justify="left")
        for name in ("From", "To", "Minutes", "Note"):
            travel.add_column(name)
        for leg in programme.travel:
            travel.add_row(Text(leg.origin), Text(leg.destination), Text(str(leg.minutes)), Text(leg.note))
        parts.append(travel)
    return Group(*parts)


SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow")}


def finding_mark(finding: Finding) -> str:
    """A short label for a finding beside an event: 'error: travel, 25 min short'."""
    label = {"overlap": "overlap", "busy": "outside commitment", "travel": "travel", "venue": "venue booked twice", "outside": "outside the visit"}
    extra = ""
    if finding.minutes is not None:
        extra = f", {finding.minutes} min " + ("overlap" if finding.kind == "overlap" else "short")
    return f"{finding.severity}: {label.get(finding.kind, finding.kind)}{extra}"


def findings_table(findings: Sequence[Finding], *, title: str) -> RenderableType:
    """Findings grouped by severity (errors first), then a summary line."""
    n_errors = sum(f.severity == "error" for f in findings)
    n_warnings = len(findings) - n_errors
    parts: list[RenderableType] = [Text(title, style="bold")]
    for severity, heading in (("error", "Errors"), ("warning", "Warnings")):
        rows = [f for f in findings if f.severity == severity]
        if not rows:
            continue
        symbol, style = SEVERITY_STYLE[severity]
        table = Table(box=box.SIMPLE_HEAD, title=Text(f"{heading} ({len(rows)})", style=style), title_justify="left")
        table.add_column("", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Events", ratio=1)
        table.add_column("What", ratio=3)
        for f in rows:
            table.add_row(Text(symbol, style=style), Text(f.kind), Text("\n".join(f.events)), Text(f.message))
        parts.extend([Text(""), table])
    summary = f"{n_errors} error{'s' * (n_errors != 1)}, {n_warnings} warning{'s' * (n_warnings != 1)}"
    parts.append(Text(""))
    parts.append(Text(summary, style="bold red" if n_errors else ("yellow" if n_warnings else "bold green")))
    return Group(*parts)


def gap_text(gap: Gap) -> str:
    """'→ 25 min travel + 10 min buffer, 15 min spare' for the time between two events."""
    if gap.leg is None:
        return f"→ {gap.minutes} min between"
    if gap.leg.minutes is None:
        return f"→ {gap.minutes} min between; travel time unknown"
    spare = gap.spare or 0
    travel = f"{gap.leg.minutes} min {'estimated ' if gap.leg.estimate else ''}travel + {gap.buffer} min buffer"
    return f"→ {travel}, {spare} min spare" if spare >= 0 else f"→ {travel}, {-spare} min short"


def slots_table(
    slots: Sequence[Slot], duration: dt.timedelta, tz: ZoneInfo, second_zone: str | None, *, title: str, second_label: str = ""
) -> RenderableType:
    """Free slots: from when to when an event of ``duration`` can start, in both zones."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    if not slots:
        parts.append(Text("No free slot fits.", style="yellow"))
        return Group(*parts)
    second = ZoneInfo(second_zone) if second_zone else None
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Free", no_wrap=True)
    table.add_column("Start between", no_wrap=True)
    if second_zone:
        table.add_column(zone_label(second_zone, second_label), no_wrap=True, style="dim")
    table.add_column("Note")
    for slot in slots:
        latest = shift(slot.end, -duration)
        minutes = int(elapsed(slot.start, slot.end).total_seconds() // 60)
        row = [Text(f"{slot.start.astimezone(tz):%H:%M}–{slot.end.astimezone(tz):%H:%M} ({minutes} min)"),
               Text(f"{slot.start.astimezone(tz):%H:%M} and {latest.astimezone(tz):%H:%M}")]
        if second is not None:
            row.append(Text(f"{slot.start.astimezone(second):%H:%M} and {latest.astimezone(second):%H:%M}"))
        note = f"travel time unknown next to {', '.join(slot.unknown_legs)}; only the buffer is kept" if slot.unknown_legs else ""
        row.append(Text(note, style="yellow"))
        table.add_row(*row)
    parts.append(table)
    return Group(*parts)


def import_table(plan: Plan, *, title: str) -> RenderableType:
    """What an import does (or would do), event by event, then what could not be matched."""
    counts = {a: sum(c.action == a for c in plan.changes) for a in ("add", "update", "unchanged", "skip")}
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    for name in ("Action", "Id", "Title", "When", "Why"):
        table.add_column(name)
    styles = {"add": "green", "update": "cyan", "unchanged": "dim", "skip": "yellow"}
    for change in plan.changes:
        event = change.event
        when = f"{event.start:%d %b %H:%M}–{event.end:%H:%M} {event.zone}"
        table.add_row(Text(change.action, style=styles[change.action]), Text(event.id), Text(event.title), Text(when), Text(change.reason))
    parts: list[RenderableType] = [table]
    parts.extend(Text(f"! {note}", style="yellow") for note in plan.notes)
    parts.append(Text(", ".join(f"{n} {a}" for a, n in counts.items() if n) or "nothing to import", style="bold"))
    return Group(*parts)


def history_table(entries: Sequence[Entry], tz: ZoneInfo | None, *, only: str | None = None) -> RenderableType:
    """The journal: one row per change, with the fields each record change touched."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("History" + (f" of {only}" if only else ""), style="bold"), title_justify="left")
    for name in ("#", "When", "Who", "Command", "Changes"):
        table.add_column(name)
    for entry in entries:
        when = entry.when.astimezone(tz) if tz else entry.when
        lines = [f"{c.action} {c.event}{describe_change(c)}" for c in entry.changes if only is None or c.event == only]
        table.add_row(Text(str(entry.seq)), Text(f"{when:%Y-%m-%d %H:%M}"), Text(entry.who), Text(entry.command), Text("\n".join(lines)))
    if not entries:
        return Text("No changes recorded yet.", style="dim")
    return table


def describe_change(change: Change) -> str:
    """': start, end' — the record fields a change touched (top-level TOML keys)."""
    if change.before is None or change.after is None:
        return ""
    before, after = _keys(change.before), _keys(change.after)
    touched = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k) and k not in ("revision", "updated"))
    return f": {', '.join(touched)}" if touched else ""


def _keys(text: str) -> dict[str, str]:
    """Top-level keys of a record and their raw lines, for a rough diff."""
    out: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line and not line[0].isspace() and "=" in line and not line.startswith("["):
            key = line.split("=", 1)[0].strip()
            out[key] = line
        elif line.startswith("["):
            key = line.strip("[] ")
            out[key] = out.get(key, "") + line
        elif key:
            out[key] = out.get(key, "") + "\n" + line
    return out


def doctor_table(rows: Sequence[tuple[str, str, str]], *, folder: str) -> RenderableType:
    """Doctor's findings: severity, problem, what to do."""
    if not rows:
        return Text(f"{folder}: all records parse, no leftovers, history consistent, exports up to date.", style="green")
    table = Table(box=box.SIMPLE_HEAD, title=Text(f"Doctor: {folder}", style="bold"), title_justify="left")
    for name in ("", "Problem", "What to do"):
        table.add_column(name)
    styles = {"error": "bold red", "warning": "yellow", "fixed": "green"}
    for severity, problem, action in rows:
        table.add_row(Text(severity, style=styles.get(severity, "")), Text(problem), Text(action))
    return table


def publish_summary(url: str, calendar: str, result: object) -> RenderableType:
    """What a publish did: counts, then conflicts and events left on the server."""
    r = result  # remote.PublishResult, kept loose so views does not import the network module
    counts = f"{r.created} created, {r.updated} updated, {r.unchanged} unchanged, {r.deleted} deleted"  # type: ignore[attr-defined]
    parts: list[RenderableType] = [Text(f"Published to {url} ({calendar}): {counts}.", style="bold")]
    for uid in r.conflicts:  # type: ignore[attr-defined]
        parts.append(Text(f"✗ {uid} changed on the server since the last sync: not overwritten; run pull", style="red"))
    if r.stale:  # type: ignore[attr-defined]
        parts.append(Text(f"! {len(r.stale)} event(s) on the server are no longer in the programme; --prune deletes them", style="yellow"))  # type: ignore[attr-defined]
    return Group(*parts)


def sync_conflicts(programme: Programme, conflicts: Sequence[tuple[Event | None, object | None, str]]) -> RenderableType:
    """Events changed both here and on the server: both versions side by side."""
    tz = programme.visit.tz
    table = Table(box=box.SIMPLE_HEAD, title=Text("Conflicts: changed here and on the server (nothing overwritten)", style="bold red"),
                  title_justify="left")
    for name in ("Event", "Ours", "Theirs (server)"):
        table.add_column(name)

    def describe(title: str, start: dt.datetime, end: dt.datetime, where: str) -> Text:
        return Text(f"{title}\n{start.astimezone(tz):%d %b %H:%M}–{end.astimezone(tz):%H:%M}\n{where}")

    for ours, theirs, note in conflicts:
        mine = describe(ours.title, ours.start, ours.end, programme.venue_label(ours.venue)) if ours else Text("(not here)")
        if theirs is not None:
            other = describe(theirs.summary, theirs.start, theirs.end, theirs.location or "venue TBC")  # type: ignore[attr-defined]
        else:
            other = Text(note)
        table.add_row(Text(ours.id if ours else "?"), mine, other)
    hint = Text("Decide with `itinerary pull … --theirs` (take the server's) or `--ours` (keep ours; publish sends it).", style="dim")
    return Group(table, hint)


def changes_table(changes: Sequence[object], *, title: str) -> RenderableType:
    """Changes between two revisions, old and new side by side."""
    if not changes:
        return Group(Text(title, style="bold"), Text("No changes.", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    for name in ("Change", "Event", "Before", "Now"):
        table.add_column(name)
    for c in changes:
        name = c.title + (f"\n{c.title_ko}" if c.title_ko else "")  # type: ignore[attr-defined]
        table.add_row(Text(c.kind), Text(name), Text(c.old), Text(c.new))  # type: ignore[attr-defined]
    return table
