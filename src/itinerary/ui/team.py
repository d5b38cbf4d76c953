"""What a sync or a join did: the records taken from the server (with who changed them there),
what was sent, and every conflict waiting to be settled, our value beside theirs."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.changes.teambase import Report
from itinerary.i18n import ngettext
from itinerary.model.checks import counted

STYLES = {"added": "green", "updated": "cyan", "removed": "magenta", "restored": "yellow", "kept": "yellow", "conflict": "bold red",
          "skipped": "bold yellow"}
SETTLE = "Settle with `itinerary sync --theirs` (take theirs) or `itinerary sync --ours` (keep ours; it is sent)."


def _by(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(n for n in names if n))


def report(result: Report, *, where: str, verb: str = "Synced", settle: str = SETTLE) -> RenderableType:
    """The report of a sync (``verb``: 'Synced', 'Joined', 'Pulled')."""
    if result.unchanged:
        return Text(f"Nothing changed here or on {where}.", style="bold")
    parts = _taken(result, where, settle)
    taken = sum(o.action in ("added", "updated", "removed", "restored") for o in result.outcomes)
    sent = f"{result.created} created, {result.updated} updated, {result.deleted} deleted"
    summary = f"{verb} with {where}: took {counted(taken, 'change')}; sent {sent}."
    if verb == "Pulled":
        summary = f"Pulled from {where}: took {counted(taken, 'change')}." if taken else f"Pulled from {where}: nothing to pull."
    if result.races:
        summary += f" {counted(result.races, 'write')} lost a race with another officer: merged again and sent."
    if result.pending:
        summary += f" {counted(len(result.pending), 'conflict')} to settle."
    if result.skipped:
        summary += f" {counted(len(set(result.skipped)), 'copy', 'copies')} on the server not taken (see above)."
    parts.append(Text(summary, style="bold"))
    return Group(*parts)


def withheld(n: int) -> str:
    """Why a publish or a sync ends with ``n`` records not sent: the server's copy holds a text
    longer than a record holds (cut here by an earlier version, or never taken), kept whole there."""
    return ngettext("{n} record not sent, so as not to cut the server's copy (see above): it holds a text longer than a record "
                    "holds; shorten that text on the server, then pull",
                    "{n} records not sent, so as not to cut the server's copy (see above): it holds a text longer than a record "
                    "holds; shorten that text on the server, then pull", n, n=n)


def published(result: Report, *, where: str) -> RenderableType:
    """What a publish did: the events sent (as a publish of other calendars says it), then the directory."""
    parts = _taken(result, where, SETTLE)
    created, updated, deleted = (result.count(a, events=True) for a in ("created", "updated", "deleted"))
    unchanged = result.events - created - updated
    parts.append(Text(f"Published to {where}: {created} created, {updated} updated, {unchanged} unchanged, {deleted} deleted.", style="bold"))
    others = len(result.sent) - created - updated - deleted
    if others:
        parts.append(Text(f"The directory and settings: {counted(others, 'record')} sent.", style="dim"))
    return Group(*parts)


def _taken(result: Report, where: str, settle: str) -> list[RenderableType]:
    """What was taken from the server, the conflicts waiting to be settled, and the notes."""
    parts: list[RenderableType] = []
    rows = [o for o in result.outcomes if o.action != "conflict" or not o.conflicts]
    if rows:
        table = Table(box=box.SIMPLE_HEAD, title=Text(f"From {where}", style="bold"), title_justify="left")
        for name in ("Action", "Record", "What", "By"):
            table.add_column(name)
        for outcome in rows[:200]:
            what = ", ".join(outcome.taken) if outcome.taken else ""
            what = "; ".join(x for x in (what, *outcome.notes) if x)
            table.add_row(Text(outcome.action, style=STYLES.get(outcome.action, "")), Text(outcome.subject), Text(what),
                          Text(_by([a.who for a in outcome.by])))
        if len(rows) > 200:
            table.add_row(Text("…"), Text(f"and {len(rows) - 200} more"), Text(""), Text(""))
        parts.append(table)
    if result.pending:
        both = Table(box=box.SIMPLE_HEAD, title=Text("Conflicts: changed here and there (each side keeps its value)", style="bold red"),
                     title_justify="left")
        for name in ("Record", "Field", "Ours", "Theirs", "By"):
            both.add_column(name)
        for key, name, ours, theirs, who in result.pending:
            both.add_row(Text(result.subject(key)), Text(name), Text(ours), Text(theirs), Text(who))
        parts.extend([both, Text(settle, style="dim")])
    if result.settled:
        done = Table(box=box.SIMPLE_HEAD, title=Text("Conflicts settled", style="bold"), title_justify="left")
        for name in ("Record", "Field", "Ours", "Theirs", "By", "Kept"):
            done.add_column(name)
        for key, name, ours, theirs, who in result.settled:
            kept = "theirs" if any(o.key == key and name in o.taken for o in result.outcomes) else "ours"
            done.add_row(Text(result.subject(key)), Text(name), Text(ours), Text(theirs), Text(who), Text(kept))
        parts.append(done)
    parts.extend(Text(f"! {note}", style="yellow") for note in result.notes[:30])
    parts.extend(Text(f"✗ {key.split(':', 1)[-1]} not sent: {why}; the server's copy is kept whole", style="red")
                 for key, why in result.withheld)
    return parts
