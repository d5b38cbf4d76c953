"""What imports, pulls and publishes did: changes event by event, conflicts side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core.merge import Plan
from itinerary.core.spans import span_text
from itinerary.model import Event, Programme
from itinerary.model.checks import counted
from itinerary.sync.caldav import PublishResult

if TYPE_CHECKING:
    from itinerary.formats.icsread import Reading

ACTION_STYLES = {"add": "green", "update": "cyan", "unchanged": "dim", "skip": "yellow", "conflict": "bold red"}
NOTES_SHOWN = 20
"""How many of a merge's notes on single events are printed (the rest are counted)."""
ROWS_PER_ACTION = 20
"""Events listed one by one for each action (every conflict and skip is always listed)."""


def when(event: Event) -> str:
    """An event's time in its own zone: '22 May 10:00–11:00 Asia/Seoul'."""
    return f"{span_text(event.start, event.end, event.start.tzinfo or dt.UTC)} {event.zone}"


def merge_table(plan: Plan, *, title: str, verb: str = "import", resolve_hint: str = "", nothing: str = "") -> RenderableType:
    """What a merge does (or would do), event by event; what the officer must know; conflicts."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column("Action")
    table.add_column("Id", no_wrap=True, min_width=max([2, *(len(c.event.id) for c in plan.changes[:200])]))
    for name in ("Title", "When", "What"):
        table.add_column(name)
    shown: dict[str, int] = {}
    for change in plan.changes:
        shown[change.action] = shown.get(change.action, 0) + 1
        if shown[change.action] > ROWS_PER_ACTION and change.action not in ("conflict", "skip"):
            continue
        event = change.event
        what = change.reason or (f"took {', '.join(change.taken)}" if change.taken else "")
        if change.conflicts:
            what = "changed on both sides: " + ", ".join(c.field for c in change.conflicts)
        table.add_row(Text(change.action, style=ACTION_STYLES[change.action]), Text(event.id), Text(event.title), Text(when(event)), Text(what))
    for action, count in shown.items():
        if count > ROWS_PER_ACTION and action not in ("conflict", "skip"):
            table.add_row(Text(action, style=ACTION_STYLES[action]), Text(f"… and {count - ROWS_PER_ACTION:,} more"), Text(""), Text(""), Text(""))
    parts: list[RenderableType] = [table] if plan.changes else [Text(title, style="bold")]
    noted = [*plan.notes, *(f"{change.event.id}: {note}" for change in plan.changes for note in change.notes)]
    parts.extend(Text(f"! {note}", style="yellow") for note in noted[:NOTES_SHOWN])
    if len(noted) > NOTES_SHOWN:
        parts.append(Text(f"! … and {counted(len(noted) - NOTES_SHOWN, 'more note')} like these", style="yellow"))
    conflicts = plan.conflicts
    if conflicts:
        both = Table(box=box.SIMPLE_HEAD, title=Text("Conflicts: changed on both sides (nothing overwritten)", style="bold red"),
                     title_justify="left")
        for name in ("Event", "Field", "Ours", "Theirs"):
            both.add_column(name)
        for change in conflicts:
            for c in change.conflicts:
                both.add_row(Text(change.event.id), Text(c.field), Text(c.ours), Text(c.theirs))
        parts.extend([Text(""), both])
        if resolve_hint:
            parts.append(Text(resolve_hint, style="dim"))
    counts = {a: sum(c.action == a for c in plan.changes) for a in ACTION_STYLES}
    summary = ", ".join(f"{n} {a}" for a, n in counts.items() if n)
    if plan.outside:
        summary += (", " if summary else "") + f"{plan.outside} outside the visit's days (left out; --all-dates takes them)"
    if not plan.writes and nothing and not plan.conflicts:
        summary = nothing if not summary or set(counts) == {"unchanged"} else f"{summary}; {nothing}"
    parts.append(Text(summary or f"nothing to {verb}", style="bold"))
    return Group(*parts)


def publish_summary(url: str, calendar: str, result: PublishResult) -> RenderableType:
    """What a publish did: counts, then conflicts and events left on the server."""
    counts = f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, {result.deleted} deleted"
    parts: list[RenderableType] = [Text(f"Published to {url} ({calendar}): {counts}.", style="bold")]
    for uid in result.conflicts:
        parts.append(Text(f"✗ {uid} changed on the server since the last sync: not overwritten; run pull", style="red"))
    for uid, why in result.withheld:
        parts.append(Text(f"✗ {uid} not sent: {why}; the server's copy is kept whole", style="red"))
    if result.stale:
        parts.append(Text(f"! {len(result.stale)} event(s) on the server are no longer in the programme; --prune deletes them", style="yellow"))
    return Group(*parts)


def pull_notes(programme: Programme, deleted: Sequence[str], unreadable: Sequence[tuple[str, str]]) -> RenderableType:
    """Events deleted on the server (kept here) and server copies that could not be read."""
    by_uid = {programme.uid(e): e.id for e in programme.events}
    parts: list[RenderableType] = []
    for uid in deleted:
        parts.append(Text(f"! deleted on the server: {by_uid.get(uid, uid)} (kept here; remove or cancel it if that was meant)", style="yellow"))
    for uid, why in unreadable:
        parts.append(Text(f"! the server's copy of {by_uid.get(uid, uid)} cannot be read: {why}", style="yellow"))
    return Group(*parts)


def nothing_to_import(reading: Reading, outside: int) -> str:
    """Why a file brings nothing, in words: no event at all, only tasks or journal entries, no
    occurrence of its series inside the visit, or every event outside the visit."""
    others = ", ".join(f"{n} {kind}" for kind, n in reading.others.items())
    if not reading.items:
        if reading.series_without_occurrence:
            return f"nothing to import: its {reading.series_without_occurrence} recurring event(s) have no occurrence during the visit"
        if others:
            return f"nothing to import: the file holds no event, only {others}"
        return "nothing to import: the file holds no event"
    if outside == len(reading.items):
        years = sorted({i.start.year for i in reading.items})
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        return f"nothing to import: all {outside} events are outside the visit's days (from {span}); --all-dates imports them"
    return "nothing to import: every event is already here as it is"
