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
from itinerary.i18n import N_, _, ngettext, pgettext
from itinerary.model import elapsed, shift
from itinerary.model.checks import printable
from itinerary.ui.findingwords import severity_word
from itinerary.ui.marks import cell, korean, timestamp, zone_label

if TYPE_CHECKING:  # for annotations only: a timeline or a check imports none of them
    from itinerary.core.journal import Change, Entry
    from itinerary.core.revisions import Difference
    from itinerary.core.slots import Slot

SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow")}


def kind_word(kind: str) -> str:
    """A finding's kind as a check report's column names it: the kind itself ('overlap', what
    the JSON says) in English, its name in Korean."""
    words = {"overlap": pgettext("finding", "overlap"), "busy": pgettext("finding", "busy"), "travel": pgettext("finding", "travel"),
             "venue": pgettext("finding", "venue"), "order": pgettext("finding", "order"), "outside": pgettext("finding", "outside"),
             "unconfirmed": pgettext("finding", "unconfirmed"), "stale": pgettext("finding", "stale"), "staff": pgettext("finding", "staff")}
    return words.get(kind, kind)


GROUP_AFTER = 10
"""A kind of warning with more findings than this is shown as its count and first examples."""
EXAMPLES = 3
"""How many examples a grouped kind of warning shows."""
GROUPED = {"outside": N_("events outside the visit's days"), "unconfirmed": N_("events not yet confirmed (time to be confirmed or tentative)"),
           "travel": N_("short travel warnings"), "venue": N_("venues booked twice"), "stale": N_("notes that still say a time or venue is open"),
           "busy": N_("outside commitments crossed")}


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
    phrase = GROUPED.get(kind)
    what = _(phrase) if phrase else _("{kind} warnings", kind=kind)
    examples = "; ".join(m.message for m in members[:EXAMPLES])
    # always more than GROUP_AFTER of them: the plural
    return first, _("{n} {what} — first: {examples}; `itinerary check --all` lists every one", n=format(len(members), ","), what=what,
                    examples=examples)


def counts(n_errors: int, n_warnings: int) -> str:
    """'1 error, 3 warnings'."""
    return _("{errors}, {warnings}", errors=ngettext("{n} error", "{n} errors", n_errors, n=n_errors),
             warnings=ngettext("{n} warning", "{n} warnings", n_warnings, n=n_warnings))


def findings_table(findings: Sequence[Finding], *, title: str, everything: bool = False) -> RenderableType:
    """Findings grouped by severity (errors first), then a summary line. Warnings of one kind
    beyond :data:`GROUP_AFTER` are one row, their count and first examples, unless ``everything``."""
    n_errors = sum(f.severity == "error" for f in findings)
    n_warnings = len(findings) - n_errors
    parts: list[RenderableType] = [Text(title, style="bold")]
    items = shown(findings, everything)
    for severity in ("error", "warning"):
        rows = [f for f in items if (f.severity if isinstance(f, Finding) else "warning") == severity]
        if not rows:
            continue
        count = n_errors if severity == "error" else n_warnings
        heading = _("Errors ({n})", n=count) if severity == "error" else _("Warnings ({n})", n=count)
        symbol, style = SEVERITY_STYLE[severity]
        table = Table(box=box.SIMPLE_HEAD, title=Text(heading, style=style), title_justify="left")
        table.add_column("", no_wrap=True)
        table.add_column(_("Kind"), no_wrap=True)
        table.add_column(_("Events"), no_wrap=True, min_width=max([6, *(len(e) for f in rows if isinstance(f, Finding) for e in f.events)]))
        table.add_column(_("What"), ratio=3)
        for f in rows:
            if isinstance(f, Finding):
                table.add_row(Text(symbol, style=style), Text(kind_word(f.kind)), Text("\n".join(f.events)), cell(f.message))
                continue
            first, what = group_row(*f)
            table.add_row(Text(symbol, style=style), Text(kind_word(f[0])), Text("\n".join([*first, "…"])), cell(what))
        parts.extend([Text(""), table])
    summary = counts(n_errors, n_warnings)
    parts.append(Text(""))
    parts.append(Text(summary, style="bold red" if n_errors else ("yellow" if n_warnings else "bold green")))
    return Group(*parts)


def slots_table(
    slots: Sequence[Slot], duration: dt.timedelta, tz: ZoneInfo, second_zone: str | None, *, title: str, second_label: str = ""
) -> RenderableType:
    """Free slots: from when to when an event of ``duration`` can start, in both zones."""
    parts: list[RenderableType] = [Text(title, style="bold")]
    if not slots:
        parts.append(Text(_("No free slot fits."), style="yellow"))
        return Group(*parts)
    second = ZoneInfo(second_zone) if second_zone else None
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(_("Free"), no_wrap=True)
    table.add_column(_("Start between"), no_wrap=True)
    if second_zone:
        table.add_column(zone_label(second_zone, second_label), no_wrap=True, style="dim")
    table.add_column(_("Note"))
    for slot in slots:
        latest = shift(slot.end, -duration)
        minutes = int(elapsed(slot.start, slot.end).total_seconds() // 60)
        start, end, last = (format(m.astimezone(tz), "%H:%M") for m in (slot.start, slot.end, latest))
        row = [Text(_("{start}–{end} ({n} min)", start=start, end=end, n=minutes)), Text(_("{first} and {last}", first=start, last=last))]
        if second is not None:
            there, last_there = (format(m.astimezone(second), "%H:%M") for m in (slot.start, latest))
            row.append(Text(_("{first} and {last}", first=there, last=last_there)))
        note = _("travel time unknown next to {venues}; only the buffer is kept", venues=", ".join(slot.unknown_legs)) if slot.unknown_legs else ""
        row.append(Text(note, style="yellow"))
        table.add_row(*row)
    parts.append(table)
    return Group(*parts)


def history_table(entries: Sequence[Entry], tz: ZoneInfo | None, *, only: str | None = None) -> RenderableType:
    """The journal: one row per change, with what each file change touched; times in ``tz``
    (the visit's zone, named in the heading) or UTC."""
    if not entries:
        return Text(_("No changes recorded yet."), style="dim")
    table = Table(box=box.SIMPLE_HEAD, title=Text(history_title(only), style="bold"), title_justify="left")
    for name in history_columns(tz):
        table.add_column(name, no_wrap=name == "#")
    for entry in entries:
        when = entry.when.astimezone(tz) if tz else entry.when
        lines = [change_line(c) for c in entry.changes if only is None or c.subject == only]
        table.add_row(Text(str(entry.seq)), Text(timestamp(when)), Text(printable(entry.who)), Text(printable(entry.command)),
                      cell(printable("\n".join(lines), multiline=True)))
    return table


def history_title(only: str | None) -> str:
    """'History', or 'History of president-meeting'."""
    return _("History of {subject}", subject=only) if only else _("History")


def history_columns(tz: ZoneInfo | None) -> tuple[str, ...]:
    """The columns of the history: '#', 'When (Asia/Seoul)', 'Who', 'Command', 'Changes'."""
    return "#", _("When ({zone})", zone=str(tz) if tz else "UTC"), pgettext("history", "Who"), _("Command"), _("Changes")


def change_line(change: Change) -> str:
    """'change president-meeting: end, start' — one file a journal entry changed."""
    fields = describe_change(change)
    if change.action == "add":
        return _("add {subject}{fields}", subject=change.subject, fields=fields)
    if change.action == "remove":
        return _("remove {subject}{fields}", subject=change.subject, fields=fields)
    return _("change {subject}{fields}", subject=change.subject, fields=fields)


def describe_change(change: Change) -> str:
    """': end, start' — what a change touched (from the journal; a rough diff of the record's
    top-level keys for entries written before the journal said); for a change taken from a
    shared server, who made it there, when, and which fields ('(by park 05-12 10:04: status)')."""
    if change.by:
        made = "; ".join(_("by {who} {when}Z: {fields}", who=a.who, when=format(a.when, "%m-%d %H:%M"), fields=", ".join(a.fields))
                         if a.fields else _("by {who} {when}Z", who=a.who, when=format(a.when, "%m-%d %H:%M")) for a in change.by[-5:])
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
        return Text(_("{folder}: all records parse, no leftovers, history consistent, exports up to date.", folder=folder), style="green")
    table = Table(box=box.SIMPLE_HEAD, title=Text(_("Doctor: {folder}", folder=folder), style="bold"), title_justify="left")
    for name in ("", _("Problem"), _("What to do")):
        table.add_column(name)
    styles = {"error": "bold red", "warning": "yellow", "fixed": "green"}
    for severity, problem, action in rows:
        table.add_row(Text(severity_word(severity), style=styles.get(severity, "")), cell(problem), cell(action))
    return table


def full_text(heading: str, text: str) -> RenderableType:
    """A text shown whole beneath a heading (a file's text, as the doctor shows both sides of a
    conflict), never read as markup."""
    return Group(Text(f"── {heading}", style="bold"), Text(text.rstrip("\n") or _("(empty)")), Text(""))


def changes_table(changes: Sequence[Difference], *, title: str) -> RenderableType:
    """Changes between two revisions, old and new side by side."""
    if not changes:
        return Group(Text(title, style="bold"), Text(_("No changes."), style="dim"))
    table = Table(box=box.SIMPLE_HEAD, title=Text(title, style="bold"), title_justify="left")
    for name in (_("Change"), _("Event"), _("Before"), _("Now")):
        table.add_column(name)
    for c in changes:
        first, second = (c.title_ko, c.title) if korean() and c.title_ko else (c.title, c.title_ko)
        name = first + (f"\n{second}" if second else "")
        table.add_row(Text(change_kind(c.kind)), cell(name), cell(c.old), cell(c.new))
    return table


def change_kind(kind: str) -> str:
    """A kind of change between revisions: the kind itself in English ('moved', 're-venued'), in
    Korean as the book's table of changes names it ('시간 변경')."""
    if not korean():
        return kind
    from itinerary.formats.booktext import CHANGE_KINDS

    return _(CHANGE_KINDS[kind]) if kind in CHANGE_KINDS else kind
