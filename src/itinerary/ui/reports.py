"""Reports: findings, free slots, history, doctor, revision changes. Returns renderables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.core.finding import Finding
from itinerary.model import elapsed, shift
from itinerary.model.checks import counted, printable
from itinerary.ui.marks import zone_label

if TYPE_CHECKING:  # for annotations only: a timeline or a check imports none of them
    from itinerary.core.journal import Change, Entry
    from itinerary.core.revisions import Difference
    from itinerary.core.slots import Slot
    from itinerary.core.travel import Gap

SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow")}


def finding_mark(finding: Finding) -> str:
    """A short label for a finding beside an event: 'error: travel, 25 min short'."""
    label = {"overlap": "overlap", "busy": "outside commitment", "travel": "travel", "venue": "venue booked twice", "order": "order rule",
             "outside": "outside the visit", "stale": "notes say the time is open"}
    extra = ""
    if finding.minutes is not None:
        extra = f", {finding.minutes} min " + ("overlap" if finding.kind == "overlap" else "short")
    return f"{finding.severity}: {label.get(finding.kind, finding.kind)}{extra}"


GROUP_AFTER = 10
"""A kind of warning with more findings than this is shown as its count and first examples."""
EXAMPLES = 3
"""How many examples a grouped kind of warning shows."""
GROUPED = {"outside": "events outside the visit's days", "unconfirmed": "events not yet confirmed (time to be confirmed or tentative)",
           "travel": "short travel warnings", "venue": "venues booked twice", "stale": "notes that still say a time or venue is open",
           "busy": "outside commitments crossed"}


def grouped(findings: Sequence[Finding]) -> list[Finding | tuple[str, list[Finding]]]:
    """The findings as shown by default: every error, and the warnings of each kind one by one
    up to :data:`GROUP_AFTER`, or else as (kind, all of them) in the place of the first."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.severity != "error":
            counts[f.kind] = counts.get(f.kind, 0) + 1
    out: list[Finding | tuple[str, list[Finding]]] = []
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity == "error" or counts[f.kind] <= GROUP_AFTER:
            out.append(f)
        elif f.kind in groups:
            groups[f.kind].append(f)
        else:
            groups[f.kind] = [f]
            out.append((f.kind, groups[f.kind]))
    return out


def shown(findings: Sequence[Finding], everything: bool) -> list[Finding | tuple[str, list[Finding]]]:
    """The rows of a check report: every finding with ``everything``, else :func:`grouped`."""
    return list(findings) if everything else grouped(findings)


def group_row(kind: str, members: Sequence[Finding]) -> tuple[list[str], str]:
    """The first events and the words of one grouped kind of warning."""
    first = [e for m in members[:EXAMPLES] for e in m.events]
    what = (f"{len(members):,} {GROUPED.get(kind, kind + ' warnings')} — first: " + "; ".join(m.message for m in members[:EXAMPLES])
            + "; `itinerary check --all` lists every one")
    return first, what


def findings_table(findings: Sequence[Finding], *, title: str, everything: bool = False) -> RenderableType:
    """Findings grouped by severity (errors first), then a summary line. Warnings of one kind
    beyond :data:`GROUP_AFTER` are one row, their count and first examples, unless ``everything``."""
    n_errors = sum(f.severity == "error" for f in findings)
    n_warnings = len(findings) - n_errors
    parts: list[RenderableType] = [Text(title, style="bold")]
    items = shown(findings, everything)
    for severity, heading in (("error", "Errors"), ("warning", "Warnings")):
        rows = [f for f in items if (f.severity if isinstance(f, Finding) else "warning") == severity]
        if not rows:
            continue
        count = n_errors if severity == "error" else n_warnings
        symbol, style = SEVERITY_STYLE[severity]
        table = Table(box=box.SIMPLE_HEAD, title=Text(f"{heading} ({count})", style=style), title_justify="left")
        table.add_column("", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Events", no_wrap=True, min_width=max([6, *(len(e) for f in rows if isinstance(f, Finding) for e in f.events)]))
        table.add_column("What", ratio=3)
        for f in rows:
            if isinstance(f, Finding):
                table.add_row(Text(symbol, style=style), Text(f.kind), Text("\n".join(f.events)), Text(f.message))
                continue
            first, what = group_row(*f)
            table.add_row(Text(symbol, style=style), Text(f[0]), Text("\n".join([*first, "…"])), Text(what))
        parts.extend([Text(""), table])
    summary = f"{counted(n_errors, 'error')}, {counted(n_warnings, 'warning')}"
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


def history_table(entries: Sequence[Entry], tz: ZoneInfo | None, *, only: str | None = None) -> RenderableType:
    """The journal: one row per change, with what each file change touched; times in ``tz``
    (the visit's zone, named in the heading) or UTC."""
    if not entries:
        return Text("No changes recorded yet.", style="dim")
    zone_name = str(tz) if tz else "UTC"
    table = Table(box=box.SIMPLE_HEAD, title=Text("History" + (f" of {only}" if only else ""), style="bold"), title_justify="left")
    for name in ("#", f"When ({zone_name})", "Who", "Command", "Changes"):
        table.add_column(name, no_wrap=name == "#")
    for entry in entries:
        when = entry.when.astimezone(tz) if tz else entry.when
        lines = [f"{c.action} {c.subject}{describe_change(c)}" for c in entry.changes if only is None or c.subject == only]
        table.add_row(Text(str(entry.seq)), Text(f"{when:%Y-%m-%d %H:%M}"), Text(printable(entry.who)), Text(printable(entry.command)),
                      Text(printable("\n".join(lines), multiline=True)))
    return table


def describe_change(change: Change) -> str:
    """': end, start' — what a change touched (from the journal; a rough diff of the record's
    top-level keys for entries written before the journal said); for a change taken from a
    shared server, who made it there, when, and which fields ('(by park 05-12 10:04: status)')."""
    if change.by:
        made = "; ".join(f"by {a.who} {a.when:%m-%d %H:%M}Z" + (f": {', '.join(a.fields)}" if a.fields else "") for a in change.by[-5:])
        return f"{_plain(change)} ({made})"
    return _plain(change)


def _plain(change: Change) -> str:
    if change.fields:
        return f": {', '.join(sorted(change.fields))}" if change.action == "change" else ""
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


def full_text(heading: str, text: str) -> RenderableType:
    """A text shown whole beneath a heading (a file's text, as the doctor shows both sides of a
    conflict), never read as markup."""
    return Group(Text(f"── {heading}", style="bold"), Text(text.rstrip("\n") or "(empty)"), Text(""))


def changes_table(changes: Sequence[Difference], *, title: str) -> RenderableType:
    """Changes between two revisions, old and new side by side."""
    if not changes:
        return Group(Text(title, style="bold"), Text("No changes.", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    for name in ("Change", "Event", "Before", "Now"):
        table.add_column(name)
    for c in changes:
        name = c.title + (f"\n{c.title_ko}" if c.title_ko else "")
        table.add_row(Text(c.kind), Text(name), Text(c.old), Text(c.new))
    return table
