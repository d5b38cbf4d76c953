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
from itinerary.i18n import _, ngettext, pgettext
from itinerary.model import Event, Programme
from itinerary.sync.caldav import PublishResult
from itinerary.ui.marks import cell, event_title

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


def action_word(action: str) -> str:
    """What a merge does with an event ('add', 'update', 'unchanged', 'skip', 'conflict') in the
    interface's language."""
    words = {"add": pgettext("merge", "add"), "update": pgettext("merge", "update"), "unchanged": pgettext("merge", "unchanged"),
             "skip": pgettext("merge", "skip"), "conflict": pgettext("merge", "conflict")}
    return words.get(action, action)


def merge_table(plan: Plan, *, title: str, verb: str = "import", resolve_hint: str = "", nothing: str = "") -> RenderableType:
    """What a merge does (or would do), event by event; what the officer must know; conflicts."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    table.add_column(_("Action"))
    table.add_column(_("Id"), no_wrap=True, min_width=max([2, *(len(c.event.id) for c in plan.changes[:200])]))
    for name in (pgettext("event", "Title"), _("When"), _("What")):
        table.add_column(name)
    shown: dict[str, int] = {}
    for change in plan.changes:
        shown[change.action] = shown.get(change.action, 0) + 1
        if shown[change.action] > ROWS_PER_ACTION and change.action not in ("conflict", "skip"):
            continue
        event = change.event
        what = change.reason or (_("took {fields}", fields=", ".join(change.taken)) if change.taken else "")
        if change.conflicts:
            what = _("changed on both sides: {fields}", fields=", ".join(c.field for c in change.conflicts))
        table.add_row(Text(action_word(change.action), style=ACTION_STYLES[change.action]), Text(event.id), cell(event_title(event)),
                      Text(when(event)), cell(what))
    for action, count in shown.items():
        if count > ROWS_PER_ACTION and action not in ("conflict", "skip"):
            left = format(count - ROWS_PER_ACTION, ",")
            table.add_row(Text(action_word(action), style=ACTION_STYLES[action]), Text(_("… and {n} more", n=left)), Text(""), Text(""), Text(""))
    parts: list[RenderableType] = [table] if plan.changes else [Text(title, style="bold")]
    noted = [*plan.notes, *(f"{change.event.id}: {note}" for change in plan.changes for note in change.notes)]
    parts.extend(Text(f"! {note}", style="yellow") for note in noted[:NOTES_SHOWN])
    if len(noted) > NOTES_SHOWN:
        more = len(noted) - NOTES_SHOWN
        parts.append(Text(ngettext("! … and {n} more note like these", "! … and {n} more notes like these", more, n=more), style="yellow"))
    conflicts = plan.conflicts
    if conflicts:
        both = Table(box=box.SIMPLE_HEAD, title=Text(_("Conflicts: changed on both sides (nothing overwritten)"), style="bold red"),
                     title_justify="left")
        for name in (_("Event"), _("Field"), _("Ours"), _("Theirs")):
            both.add_column(name)
        for change in conflicts:
            for c in change.conflicts:
                both.add_row(Text(change.event.id), Text(c.field), cell(c.ours), cell(c.theirs))
        parts.extend([Text(""), both])
        if resolve_hint:
            parts.append(Text(resolve_hint, style="dim"))
    counts = {a: sum(c.action == a for c in plan.changes) for a in ACTION_STYLES}
    said = [_("{n} {action}", n=n, action=action_word(a)) for a, n in counts.items() if n]
    if plan.outside:
        said.append(_("{n} outside the visit's days (left out; --all-dates takes them)", n=plan.outside))
    summary = ", ".join(said)
    if not plan.writes and nothing and not plan.conflicts:
        summary = nothing if not summary or set(counts) == {"unchanged"} else f"{summary}; {nothing}"
    parts.append(Text(summary or (_("nothing to pull") if verb == "pull" else _("nothing to import")), style="bold"))
    return Group(*parts)


def publish_summary(url: str, calendar: str, result: PublishResult) -> RenderableType:
    """What a publish did: counts, then conflicts and events left on the server."""
    parts: list[RenderableType] = [Text(_("Published to {url} ({calendar}): {created} created, {updated} updated, {unchanged} unchanged, "
                                            "{deleted} deleted.", url=url, calendar=calendar, created=result.created, updated=result.updated,
                                            unchanged=result.unchanged, deleted=result.deleted), style="bold")]
    for uid in result.conflicts:
        parts.append(Text(_("✗ {uid} changed on the server since the last sync: not overwritten; run pull", uid=uid), style="red"))
    for uid, why in result.withheld:
        parts.append(Text(_("✗ {uid} not sent: {why}; the server's copy is kept whole", uid=uid, why=why), style="red"))
    if result.stale:
        parts.append(Text(_("! {n} event(s) on the server are no longer in the programme; --prune deletes them", n=len(result.stale)),
                          style="yellow"))
    return Group(*parts)


def pull_notes(programme: Programme, deleted: Sequence[str], unreadable: Sequence[tuple[str, str]]) -> RenderableType:
    """Events deleted on the server (kept here) and server copies that could not be read."""
    by_uid = {programme.uid(e): e.id for e in programme.events}
    parts: list[RenderableType] = []
    for uid in deleted:
        parts.append(Text(_("! deleted on the server: {event} (kept here; remove or cancel it if that was meant)", event=by_uid.get(uid, uid)),
                          style="yellow"))
    for uid, why in unreadable:
        parts.append(Text(_("! the server's copy of {event} cannot be read: {why}", event=by_uid.get(uid, uid), why=why), style="yellow"))
    return Group(*parts)


def nothing_to_import(reading: Reading, outside: int) -> str:
    """Why a file brings nothing, in words: no event at all, only tasks or journal entries, no
    occurrence of its series inside the visit, or every event outside the visit."""
    others = ", ".join(_other(kind, n) for kind, n in reading.others.items())
    if not reading.items:
        if reading.series_without_occurrence:
            return _("nothing to import: its {n} recurring event(s) have no occurrence during the visit", n=reading.series_without_occurrence)
        if others:
            return _("nothing to import: the file holds no event, only {others}", others=others)
        return _("nothing to import: the file holds no event")
    if outside == len(reading.items):
        years = sorted({i.start.year for i in reading.items})
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        return _("nothing to import: all {n} events are outside the visit's days (from {years}); --all-dates imports them", n=outside, years=span)
    return _("nothing to import: every event is already here as it is")


def _other(kind: str, n: int) -> str:
    """'3 tasks', '1 journal entries' (what a calendar file holds besides events, counted as the
    reader labels it)."""
    if kind == "tasks":
        return _("{n} tasks", n=n)
    if kind == "journal entries":
        return _("{n} journal entries", n=n)
    return _("{n} {kind}", n=n, kind=kind)
