"""A finding's words beside an event and the time between two events, as one line of text:
what a long timeline prints without loading rich's console or tables (:mod:`.reports` draws
the tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinerary.i18n import N_, _, pgettext

if TYPE_CHECKING:  # for annotations only
    from itinerary.core.finding import Finding
    from itinerary.core.travel import Gap


def severity_word(severity: str) -> str:
    """'error', 'warning' (and the doctor's 'fixed') in the interface's language."""
    words = {"error": pgettext("severity", "error"), "warning": pgettext("severity", "warning"), "fixed": pgettext("severity", "fixed")}
    return words.get(severity, severity)


MARK_LABELS = {"overlap": N_("overlap"), "busy": N_("outside commitment"), "travel": N_("travel"), "venue": N_("venue booked twice"),
               "order": N_("order rule"), "outside": N_("outside the visit"), "stale": N_("notes say the time is open")}
"""How a finding's kind is named beside an event."""


def finding_mark(finding: Finding) -> str:
    """A short label for a finding beside an event: 'error: travel, 25 min short'."""
    label = MARK_LABELS.get(finding.kind)
    kind = _(label) if label else finding.kind
    severity = severity_word(finding.severity)
    if finding.minutes is None:
        return _("{severity}: {kind}", severity=severity, kind=kind)
    if finding.kind == "overlap":
        return _("{severity}: {kind}, {n} min overlap", severity=severity, kind=kind, n=finding.minutes)
    return _("{severity}: {kind}, {n} min short", severity=severity, kind=kind, n=finding.minutes)


def gap_text(gap: Gap) -> str:
    """'→ 25 min travel + 10 min buffer, 15 min spare' for the time between two events."""
    if gap.leg is None:
        return _("→ {n} min between", n=gap.minutes)
    if gap.leg.minutes is None:
        return _("→ {n} min between; travel time unknown", n=gap.minutes)
    spare = gap.spare or 0
    values = {"travel": gap.leg.minutes, "buffer": gap.buffer, "spare": abs(spare)}
    if gap.leg.estimate:
        if spare >= 0:
            return _("→ {travel} min estimated travel + {buffer} min buffer, {spare} min spare", **values)
        return _("→ {travel} min estimated travel + {buffer} min buffer, {spare} min short", **values)
    if spare >= 0:
        return _("→ {travel} min travel + {buffer} min buffer, {spare} min spare", **values)
    return _("→ {travel} min travel + {buffer} min buffer, {spare} min short", **values)
