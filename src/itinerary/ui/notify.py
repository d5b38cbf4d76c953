"""The distribution list, who has which revision, and what a run of ``notify`` did (returned,
never printed)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.changes.notify import Outcome
from itinerary.core.notice import Status
from itinerary.i18n import _
from itinerary.model import Recipient
from itinerary.model.recipient import audience_text

MARKS = {"sent": ("✓", "green"), "resent": ("✓", "yellow"), "written": ("✎", "cyan"), "current": ("=", "dim"), "has": ("=", "dim"),
         "later": ("=", "dim"), "refused": ("✗", "bold red"), "failed": ("✗", "bold red"), "unsent": ("·", "yellow")}


def recipients_table(recipients: Sequence[Recipient]) -> RenderableType:
    """The distribution list."""
    if not recipients:
        return Text(_("No recipients yet (itinerary recipient add ID --name NAME --email ADDRESS --audience full|public|person:ID)."))
    table = Table(box=box.SIMPLE_HEAD)
    for name in (_("Id"), _("Name"), _("E-mail"), _("Audience"), _("Language")):
        table.add_column(name)
    for r in recipients:
        name = r.name + (f" ({r.name_ko})" if r.name_ko else "")
        table.add_row(Text(r.id), Text(name), Text(r.email), Text(audience_text(r.audience)), Text(r.lang))
    return table


def status_table(rows: Sequence[Status], recipients: Sequence[Recipient], latest: int, tz: ZoneInfo) -> RenderableType:
    """Who has which revision, and who is behind."""
    by_id = {r.id: r for r in recipients}
    table = Table(box=box.SIMPLE_HEAD, title=Text(_("Revision notices: the latest revision is Rev. {n}", n=latest), style="bold"),
                  title_justify="left")
    for name in (_("Recipient"), _("E-mail"), _("Has"), _("Rev. {n}", n=latest), _("Last accepted")):
        table.add_column(name)
    words = {"sent": _("sent"), "current": _("nothing to tell"), "uncertain": _("uncertain: sent again by the next run"),
             "refused": _("refused"), "unsent": _("not sent"), "new": _("not sent")}
    for row in rows:
        recipient = by_id.get(row.recipient)
        has = _("Rev. {n}", n=row.has) if row.has is not None else _("none")
        state = words[row.latest.state] + (f" ({row.latest.reply})" if row.latest.state == "refused" else "")
        style = "green" if row.latest.done else ("red" if row.latest.state in ("refused", "uncertain") else "yellow")
        table.add_row(Text(row.recipient), Text(recipient.email if recipient else ""), Text(has), Text(state, style=style),
                      Text(row.when.astimezone(tz).strftime("%Y-%m-%d %H:%M") if row.when else ""))
    return table


def outcome_line(outcome: Outcome, number: int) -> Text:
    """One recipient's line in the report of a run."""
    mark, style = MARKS.get(outcome.state, ("?", ""))
    r = outcome.recipient
    since = _("changes since Rev. {n}", n=outcome.since) if outcome.since is not None else _("the whole programme")
    said = {
        "sent": _("sent Rev. {n} ({since}); the server said {reply}", n=number, since=since, reply=outcome.detail),
        "resent": _("sent Rev. {n} again: the last run stopped while the server took it, so it may have it already "
                    "(the same message: one Message-ID); the server said {reply}", n=number, reply=outcome.detail),
        "written": _("would send Rev. {n} ({since})", n=number, since=since),
        "current": _("nothing they may see changed in Rev. {n}: no message", n=number),
        "has": _("has Rev. {n} already", n=number),
        "later": _("has a later revision already ({detail})", detail=outcome.detail),
        "refused": _("NOT sent: {reply}", reply=outcome.detail),
        "failed": _("NOT sent: {reply}", reply=outcome.detail),
        "unsent": _("not sent: {reason}", reason=outcome.detail),
    }[outcome.state]
    line = Text(f"{mark} ", style=style)
    line.append(f"{r.id} <{r.email}>: ")
    line.append(said)
    return line
