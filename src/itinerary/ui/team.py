"""What a sync or a join did: the records taken from the server (with who changed them there),
what was sent, and every conflict waiting to be settled, our value beside theirs."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.changes.teambase import Report
from itinerary.i18n import N_, _, ngettext, pgettext

STYLES = {"added": "green", "updated": "cyan", "removed": "magenta", "restored": "yellow", "kept": "yellow", "conflict": "bold red",
          "skipped": "bold yellow"}
ACTIONS = {"added": N_("added"), "updated": N_("updated"), "removed": N_("removed"), "restored": N_("restored"), "kept": N_("kept"),
           "conflict": N_("conflict"), "skipped": N_("skipped")}
"""What a sync did to a record, as the table says it (translated where shown)."""
SETTLE = N_("Settle with `itinerary sync --theirs` (take theirs) or `itinerary sync --ours` (keep ours; it is sent).")


def _by(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(n for n in names if n))


def action_word(action: str) -> str:
    """What a sync did to a record ('added', 'conflict', …) in the interface's language."""
    return _(ACTIONS[action]) if action in ACTIONS else action


def report(result: Report, *, where: str, verb: str = "Synced", settle: str = SETTLE) -> RenderableType:
    """The report of a sync (``verb``: 'Synced', 'Joined', 'Pulled'; ``settle``: how to settle a
    conflict, marked for the catalog and translated here)."""
    if result.unchanged:
        return Text(_("Nothing changed here or on {where}.", where=where), style="bold")
    parts = _taken(result, where, _(settle))
    taken = sum(o.action in ("added", "updated", "removed", "restored") for o in result.outcomes)
    if verb == "Pulled":
        summary = (ngettext("Pulled from {where}: took {n} change.", "Pulled from {where}: took {n} changes.", taken, where=where, n=taken)
                   if taken else _("Pulled from {where}: nothing to pull.", where=where))
    else:
        summary = _sent(result, verb, where, taken)
    said = [summary]
    if result.races:
        said.append(ngettext("{n} write lost a race with another officer: merged again and sent.",
                             "{n} writes lost a race with another officer: merged again and sent.", result.races, n=result.races))
    if result.pending:
        said.append(ngettext("{n} conflict to settle.", "{n} conflicts to settle.", len(result.pending), n=len(result.pending)))
    if result.skipped:
        n = len(set(result.skipped))
        said.append(ngettext("{n} copy on the server not taken (see above).", "{n} copies on the server not taken (see above).", n, n=n))
    parts.append(Text(" ".join(said), style="bold"))
    return Group(*parts)


def _sent(result: Report, verb: str, where: str, taken: int) -> str:
    """'Synced with …: took 3 changes; sent 1 created, 2 updated, 0 deleted.' (or 'Joined …')."""
    counts = {"n": taken, "where": where, "created": result.created, "updated": result.updated, "deleted": result.deleted}
    if verb == "Joined":
        return ngettext("Joined with {where}: took {n} change; sent {created} created, {updated} updated, {deleted} deleted.",
                        "Joined with {where}: took {n} changes; sent {created} created, {updated} updated, {deleted} deleted.", taken, **counts)
    return ngettext("Synced with {where}: took {n} change; sent {created} created, {updated} updated, {deleted} deleted.",
                    "Synced with {where}: took {n} changes; sent {created} created, {updated} updated, {deleted} deleted.", taken, **counts)


def withheld(n: int) -> str:
    """Why a publish or a sync ends with ``n`` records not sent: the server's copy holds a text
    longer than a record holds (cut here by an earlier version, or never taken), kept whole there."""
    return ngettext("{n} record not sent, so as not to cut the server's copy (see above): it holds a text longer than a record "
                    "holds; shorten that text on the server, then pull",
                    "{n} records not sent, so as not to cut the server's copy (see above): it holds a text longer than a record "
                    "holds; shorten that text on the server, then pull", n, n=n)


def published(result: Report, *, where: str) -> RenderableType:
    """What a publish did: the events sent (as a publish of other calendars says it), then the directory."""
    parts = _taken(result, where, _(SETTLE))
    created, updated, deleted = (result.count(a, events=True) for a in ("created", "updated", "deleted"))
    unchanged = result.events - created - updated
    parts.append(Text(_("Published to {where}: {created} created, {updated} updated, {unchanged} unchanged, {deleted} deleted.",
                        where=where, created=created, updated=updated, unchanged=unchanged, deleted=deleted), style="bold"))
    others = len(result.sent) - created - updated - deleted
    if others:
        parts.append(Text(ngettext("The directory and settings: {n} record sent.", "The directory and settings: {n} records sent.", others,
                                   n=others), style="dim"))
    return Group(*parts)


def _taken(result: Report, where: str, settle: str) -> list[RenderableType]:
    """What was taken from the server, the conflicts waiting to be settled, and the notes."""
    parts: list[RenderableType] = []
    rows = [o for o in result.outcomes if o.action != "conflict" or not o.conflicts]
    if rows:
        table = Table(box=box.SIMPLE_HEAD, title=Text(_("From {where}", where=where), style="bold"), title_justify="left")
        for name in (_("Action"), _("Record"), _("What"), pgettext("change", "By")):
            table.add_column(name)
        for outcome in rows[:200]:
            what = ", ".join(outcome.taken) if outcome.taken else ""
            what = "; ".join(x for x in (what, *outcome.notes) if x)
            table.add_row(Text(action_word(outcome.action), style=STYLES.get(outcome.action, "")), Text(outcome.subject), Text(what),
                          Text(_by([a.who for a in outcome.by])))
        if len(rows) > 200:
            table.add_row(Text("…"), Text(_("and {n} more", n=len(rows) - 200)), Text(""), Text(""))
        parts.append(table)
    if result.pending:
        both = Table(box=box.SIMPLE_HEAD, title=Text(_("Conflicts: changed here and there (each side keeps its value)"), style="bold red"),
                     title_justify="left")
        for name in (_("Record"), _("Field"), _("Ours"), _("Theirs"), pgettext("change", "By")):
            both.add_column(name)
        for key, name, ours, theirs, who in result.pending:
            both.add_row(Text(result.subject(key)), Text(name), Text(ours), Text(theirs), Text(who))
        parts.extend([both, Text(settle, style="dim")])
    if result.settled:
        done = Table(box=box.SIMPLE_HEAD, title=Text(_("Conflicts settled"), style="bold"), title_justify="left")
        for name in (_("Record"), _("Field"), _("Ours"), _("Theirs"), pgettext("change", "By"), pgettext("conflict", "Kept")):
            done.add_column(name)
        for key, name, ours, theirs, who in result.settled:
            kept = pgettext("conflict", "theirs") if any(o.key == key and name in o.taken for o in result.outcomes) else pgettext("conflict", "ours")
            done.add_row(Text(result.subject(key)), Text(name), Text(ours), Text(theirs), Text(who), Text(kept))
        parts.append(done)
    parts.extend(Text(f"! {note}", style="yellow") for note in result.notes[:30])
    parts.extend(Text(_("✗ {uid} not sent: {why}; the server's copy is kept whole", uid=key.split(":", 1)[-1], why=why), style="red")
                 for key, why in result.withheld)
    return parts
