"""The planner's notes to the officer (what it left out, and why), kept in English — what
``plan --json`` carries — and said in the interface's language where they are shown. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itinerary.i18n import N_, _, language, translator


class Note(str):
    """A note for the officer about what the planner left out: the English text (what it is as a
    string, and what ``plan --json`` carries), which :meth:`said` gives in the interface's language."""

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, /, **values: Any) -> Note:
        note = super().__new__(cls, translator("en").gettext(message, **values))
        note.message, note.values = message, values
        return note

    def said(self) -> str:
        """The note in the interface's language."""
        return _(self.message, **self.values)


def moment_text(moment: dt.datetime) -> str:
    """'21 May 09:00' / '5월 21일 09:00', for messages."""
    if language() == "ko":
        from itinerary.i18n.dates import korean

        return korean(moment, year=False, day_of_week=False)
    return f"{moment:%d %b %H:%M}"


RULE_NOT_APPLIED = {
    "after": N_("the rule that {event} is after {other} is not applied: {open} is not planned here and its time is to be confirmed"),
    "before": N_("the rule that {event} is before {other} is not applied: {open} is not planned here and its time is to be confirmed"),
    "same_day": N_("the rule that {event} is same day {other} is not applied: {open} is not planned here and its time is to be confirmed"),
}
"""The note on a rule left out because the event on its other side is not planned and has no time."""
