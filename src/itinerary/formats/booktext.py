"""The programme book's wording in English and Korean: labels, dates, times, zones, revisions
and changes. Pure (the Korean catalog is read, once, by :mod:`itinerary.i18n`).

Every phrase is a :class:`Words` pair (English, Korean); :meth:`Words.show` gives it in a book's
language: English, Korean, or both side by side ("Venue · 장소"). The book's own labels are
tabled here in English and said in Korean by the message catalog, as the interface's messages
are; Korean dates are written by :func:`itinerary.i18n.dates.korean` ("2026년 5월 21일(목)");
English dates, months and zone names come from Babel (the CLDR data: "Thursday 21 May 2026",
"Korean Standard Time", "한국 표준시").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval, get_timezone_location, get_timezone_name

from itinerary.i18n import N_, translator
from itinerary.i18n.dates import korean, korean_days
from itinerary.model import Event

LANGS = ("en", "ko", "both")
"""The languages a book is written in."""
SEPARATOR = " · "
"""Between the English and the Korean of one phrase in a book in both languages."""
ENGLISH = "en_GB"
"""Babel's locale for English: the day before the month, as in "Thursday 21 May 2026"."""
KOREAN = "ko"
"""Babel's locale for Korean."""
KOREAN_WORDS = translator("ko")
"""The book's words in Korean, from the catalog (read at the first Korean word a book needs)."""


@dataclass(frozen=True)
class Words:
    """One phrase in English and in Korean (the English stands in when there is no Korean)."""

    en: str
    """The English."""
    ko: str = ""
    """The Korean; empty when there is none (a proper name written one way)."""

    def show(self, lang: str) -> str:
        """The phrase in ``lang``: 'en', 'ko', or 'both' ("English · 한국어")."""
        if lang == "en" or not self.ko:
            return self.en
        if lang == "ko" or not self.en or self.en == self.ko:
            return self.ko
        return f"{self.en}{SEPARATOR}{self.ko}"

    def lines(self, lang: str) -> list[str]:
        """The phrase as lines: one, or in both languages the English over the Korean."""
        if lang == "both" and self.ko and self.en and self.en != self.ko:
            return [self.en, self.ko]
        return [self.show(lang)]


def same(text: str) -> Words:
    """A phrase written alike in both languages (a time, a number, a name)."""
    return Words(text, text)


def join(parts: Iterable[Words], separator: str = " ") -> Words:
    """The parts joined, each language on its own."""
    chosen = list(parts)
    return Words(separator.join(p.en for p in chosen), separator.join(p.ko or p.en for p in chosen))


LABELS: Mapping[str, str] = {
    "audience": N_("Audience"),
    "full": N_("Full programme"),
    "public": N_("Public programme"),
    "person": N_("Programme of {name}"),
    "glance": N_("Programme at a glance"),
    "changes_since": N_("Changes since {rev}"),
    "change": N_("Change"),
    "event": N_("Event"),
    "before": N_("Before"),
    "after": N_("After"),
    "no_changes": N_("No changes."),
    "office": N_("Office"),
    "contacts": N_("Contacts"),
    "venue": N_("Venue"),
    "participants": N_("Participants"),
    "agenda": N_("Agenda"),
    "notes": N_("Notes"),
    "sources": N_("Sources"),
    "tbc": N_("time to be confirmed"),
    "day_tbc": N_("Day to be confirmed"),
    "venue_tbc": N_("to be confirmed"),
    "window": N_("planning window"),
    "day_time_tbc": N_("{day}, time to be confirmed"),
    "with_window": N_("{when} (planning window {span})"),
    "confirmed": N_("confirmed"),
    "tentative": N_("tentative"),
    "cancelled": N_("cancelled"),
    "revision": N_("Rev. {n}"),
    "draft": N_("Draft"),
    "unresolved": N_("Printed with {n} unresolved conflict error(s): not a final programme"),
    "not_final": N_("not final"),
    "draft_after": N_("not yet published; last revision: {rev}"),
    "no_revision": N_("no revision published yet"),
    "published": N_("published {date}"),
    "as_of": N_("as of {when}"),
    "travel": N_("Travel"),
    "leave": N_("leave {at}"),
    "drive": N_("travel {n} min"),
    "drive_estimate": N_("travel about {n} min (estimate)"),
    "drive_unknown": N_("travel time unknown"),
    "arrive": N_("arrive {at}"),
    "early": N_("{n} min before the start (buffer {b} min)"),
    "short": N_("only {n} min before the start, {s} min short of the {b}-min buffer"),
    "late": N_("{n} min after the start"),
    "fallback": N_("(English)"),
}
"""The book's own labels: key → the English, whose Korean the catalog holds; ``{name}`` fields
are filled by :func:`label`."""

CHANGE_KINDS: Mapping[str, str] = {
    "added": N_("Added"),
    "cancelled": N_("Cancelled"),
    "removed": N_("Removed"),
    "moved": N_("Time changed"),
    "re-venued": N_("Venue changed"),
    "re-staffed": N_("Participants changed"),
    "retitled": N_("Title changed"),
    "status": N_("Status changed"),
}
"""How the change table names each kind of change (:data:`itinerary.core.revisions.KINDS`)."""

FALLBACK = ("\x0e", "\x0f")
"""Around an English text that stands in a Korean book for a Korean one the records lack: control
characters no record may hold, which the page turns into a marked span."""


def fallback(text: str) -> str:
    """``text`` marked as the English standing in for a missing Korean text."""
    return f"{FALLBACK[0]}{text}{FALLBACK[1]}" if text else text


def unmarked(text: str) -> str:
    """``text`` without fallback marks."""
    return text.replace(FALLBACK[0], "").replace(FALLBACK[1], "")


def label(key: str, **values: Words | str | int) -> Words:
    """The label ``key`` with its fields filled, each language with its own words."""
    message = LABELS[key]
    return Words(
        message.format(**{k: v.en if isinstance(v, Words) else v for k, v in values.items()}),
        KOREAN_WORDS.gettext(message, **{k: (v.ko or v.en) if isinstance(v, Words) else v for k, v in values.items()}),
    )


def change_kind(kind: str) -> Words:
    """'Time changed' / '시간 변경'; an unknown kind as it is."""
    message = CHANGE_KINDS.get(kind)
    return Words(message, KOREAN_WORDS.gettext(message)) if message else same(kind)


def status(value: str) -> Words:
    """'confirmed' / '확정', 'tentative' / '잠정', 'cancelled' / '취소'."""
    return label(value) if value in ("confirmed", "tentative", "cancelled") else same(value)


def revision(number: int) -> Words:
    """'Rev. 2' / '2차본'."""
    return label("revision", n=number)


# --- dates and times ------------------------------------------------------------------------


def long_day(day: dt.date) -> Words:
    """'Thursday 21 May 2026' / '2026년 5월 21일(목)'."""
    return Words(format_date(day, "EEEE d MMMM y", locale=ENGLISH), korean(day))


def short_day(day: dt.date) -> Words:
    """'Thu 21 May' / '5월 21일(목)'."""
    return Words(format_date(day, "EEE d MMM", locale=ENGLISH), korean(day, year=False))


def full_date(day: dt.date) -> Words:
    """'21 May 2026' / '2026년 5월 21일'."""
    return Words(format_date(day, "d MMMM y", locale=ENGLISH), korean(day, day_of_week=False))


def visit_days(first: dt.date, last: dt.date) -> Words:
    """'21 – 22 May 2026' / '2026년 5월 21일(목)~22일(금)': the visit's days."""
    if first == last:
        return long_day(first)
    return Words(format_interval(first, last, "yMMMMd", locale=ENGLISH), korean_days(first, last))


def clock(moment: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> Words:
    """'14:00' on ``day``; with the date on any other day ('23 May 01:00' / '5월 23일 01:00')."""
    local = moment.astimezone(tz)
    if local.date() == day:
        return same(f"{local:%H:%M}")
    return Words(format_datetime(local, "d MMM HH:mm", locale=ENGLISH), korean(local, year=False, day_of_week=False))


def times(start: dt.datetime, end: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> Words:
    """'14:00–15:00' (an end at midnight or on another day carries its date, and so does any
    end after a start off ``day``: '21 May 09:00 – 22 May 18:00', never '21 May 09:00 – 18:00')."""
    on_day = start.astimezone(tz).date() == day
    begin, finish = clock(start, tz, day), clock(end, tz, day if on_day else None)
    dash = "–" if start.astimezone(tz).date() == day == end.astimezone(tz).date() else " – "
    return Words(f"{begin.en}{dash}{finish.en}", f"{begin.ko}{dash}{finish.ko}")


def city(zone_name: str, en: str = "", ko: str = "") -> Words:
    """A zone named by its city: the given names, else Babel's ('Zurich' / '취리히')."""
    return Words(
        en or get_timezone_location(zone_name, locale=ENGLISH, return_city=True),
        ko or get_timezone_location(zone_name, locale=KOREAN, return_city=True),
    )


def zone_name(moment: dt.datetime) -> Words:
    """The zone's name at ``moment``: 'Korean Standard Time' / '한국 표준시'."""
    return Words(get_timezone_name(moment, "long", locale=ENGLISH), get_timezone_name(moment, "long", locale=KOREAN))


def as_of(moment: dt.datetime, tz: ZoneInfo) -> Words:
    """'as of 20 May 2026, 18:00 (Korean Standard Time)' / '2026년 5월 20일(수) 18:00 (한국 표준시) 기준'."""
    local = moment.astimezone(tz)
    zone = zone_name(local)
    return label(
        "as_of",
        when=Words(
            f"{format_datetime(local, 'd MMMM y, HH:mm', locale=ENGLISH)} ({zone.en})",
            f"{korean(local)} ({zone.ko})",
        ),
    )


def event_day(event: Event, tz: ZoneInfo) -> dt.date | None:
    """The local day of an event, or None when its planning window spans several days."""
    first = event.start.astimezone(tz).date()
    last = (event.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    return first if first == last else None


def when(event: Event, tz: ZoneInfo, *, window: bool) -> Words:
    """When an event takes place, for a list of changes: 'Fri 22 May 15:00–15:45'; a time to be
    confirmed as such ('Fri 22 May, time to be confirmed', or 'Day to be confirmed' when its
    window spans days), followed by its planning window only when ``window``."""
    day = event_day(event, tz)
    span = times(event.start, event.end, tz, day)
    if not event.time_tbc:
        return join([short_day(day), span]) if day else span
    text = label("day_time_tbc", day=short_day(day)) if day else label("day_tbc")
    return label("with_window", when=text, span=span) if window else text
