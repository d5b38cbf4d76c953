"""How a message names events, people, venues, days and times in the language it is written in.
Pure.

A finding's message is written for a translator (:mod:`.finding`): in English for ``--json``
whatever the interface speaks, in the interface's language on screen. So these helpers take the
language from the translator they are given, never from the interface: '05 Jun 09:00' in
English, '6월 5일(금) 09:00' in Korean; an event's, person's or venue's Korean name in Korean
where the records have one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from itinerary.i18n import N_, Translator
from itinerary.i18n.dates import korean
from itinerary.model import Event

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month abbreviations as ``%b`` writes them in English, whatever the locale, without
strftime's cost (a check of 100,000 events writes hundreds of thousands of messages)."""


def title(event: Event, tr: Translator) -> str:
    """The event's title in the translator's language: the Korean one in Korean, when recorded."""
    return event.title_ko if tr.lang == "ko" and event.title_ko else event.title


def listing(items: Iterable[str], tr: Translator) -> str:
    """Names listed as the language lists them: 'Houngbo, Kim' (Korean: '응보, 김영훈')."""
    return tr.pgettext("list separator", ", ").join(items)


def either(items: Sequence[str], tr: Translator) -> str:
    """Alternatives as the language offers them: 'a or b or c' (Korean 'a 또는 b 또는 c')."""
    text = items[0] if items else ""
    for other in items[1:]:
        text = tr.gettext(OR, one=text, other=other)
    return text


OR = N_("{one} or {other}")
"""Two alternatives."""


def hour_minute(moment: dt.datetime) -> str:
    """'09:05' (``%H:%M``), the same in both languages."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_month(day: dt.date, tr: Translator) -> str:
    """A day without its year: '05 Jun' (``%d %b``), Korean '6월 5일(금)'."""
    if tr.lang == "ko":
        return korean(day, year=False)
    return f"{day.day:02d} {MONTHS[day.month - 1]}"


def clock(moment: dt.datetime, tz: dt.tzinfo, tr: Translator, reference: dt.date | None = None) -> str:
    """``moment`` in ``tz`` as 'HH:MM', with its day when it is not on ``reference``."""
    local = moment.astimezone(tz)
    if reference is None or local.date() == reference:
        return hour_minute(local)
    return f"{day_month(local.date(), tr)} {hour_minute(local)}"


def span_text(start: dt.datetime, end: dt.datetime, tz: dt.tzinfo, tr: Translator, day: dt.date | None = None) -> str:
    """A stretch of time in ``tz``: '10:00–11:00' on ``day``; a start off ``day`` (or with no day
    given) carries its date, and an end carries its own when it falls on another day than the
    start, or off ``day``: '21 May 09:00–22 May 18:00', never '21 May 09:00–18:00'."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    first = hour_minute(a) if day is not None and a.date() == day else f"{day_month(a.date(), tr)} {hour_minute(a)}"
    plain_end = b.date() == a.date() and (day is None or a.date() == day)
    last = hour_minute(b) if plain_end else f"{day_month(b.date(), tr)} {hour_minute(b)}"
    return f"{first}–{last}"


def times(event: Event, tz: dt.tzinfo, tr: Translator) -> str:
    """An event's start and end on its own day: '10:00–11:00', the end with its day when it
    ends on another: '23:00–22 May 01:00'."""
    return span_text(event.start, event.end, tz, tr, event.start.astimezone(tz).date())


def start_on(event: Event, tz: dt.tzinfo, tr: Translator, day: dt.date) -> str:
    """An event's start as 'HH:MM', with its day when it is not ``day``."""
    return clock(event.start, tz, tr, day)


def end_text(event: Event, tz: dt.tzinfo, tr: Translator) -> str:
    """An event's end as 'HH:MM', with its day when it is not the day it starts."""
    return clock(event.end, tz, tr, event.start.astimezone(tz).date())
