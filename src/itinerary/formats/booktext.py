"""The programme book's wording in English and Korean: labels, dates, times, zones, revisions
and changes. Pure.

Every phrase is a :class:`Words` pair (English, Korean); :meth:`Words.show` gives it in a book's
language: English, Korean, or both side by side ("Venue · 장소"). Dates, weekdays, months and
zone names come from Babel (the CLDR data: "Thursday 21 May 2026", "2026년 5월 21일 (목)",
"Korean Standard Time", "한국 표준시"); only the book's own labels are tabled here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval, get_timezone_location, get_timezone_name

from itinerary.model import Event

LANGS = ("en", "ko", "both")
"""The languages a book is written in."""
SEPARATOR = " · "
"""Between the English and the Korean of one phrase in a book in both languages."""
ENGLISH = "en_GB"
"""Babel's locale for English: the day before the month, as in "Thursday 21 May 2026"."""
KOREAN = "ko"


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


LABELS: Mapping[str, tuple[str, str]] = {
    "audience": ("Audience", "대상"),
    "full": ("Full programme", "전체 일정"),
    "public": ("Public programme", "공개 일정"),
    "person": ("Programme of {name}", "{name} 일정"),
    "glance": ("Programme at a glance", "일정 개요"),
    "changes_since": ("Changes since {rev}", "{rev} 이후 변경 사항"),
    "change": ("Change", "구분"),
    "event": ("Event", "일정"),
    "before": ("Before", "변경 전"),
    "after": ("After", "변경 후"),
    "no_changes": ("No changes.", "변경 사항 없음"),
    "office": ("Office", "담당 부서"),
    "contacts": ("Contacts", "연락처"),
    "venue": ("Venue", "장소"),
    "participants": ("Participants", "참석자"),
    "agenda": ("Agenda", "안건"),
    "notes": ("Notes", "비고"),
    "sources": ("Sources", "출처"),
    "tbc": ("time to be confirmed", "시간 미정"),
    "day_tbc": ("Day to be confirmed", "날짜 미정"),
    "venue_tbc": ("to be confirmed", "미정"),
    "window": ("planning window", "예정 시간대"),
    "day_time_tbc": ("{day}, time to be confirmed", "{day} 시간 미정"),
    "with_window": ("{when} (planning window {span})", "{when} (예정 시간대 {span})"),
    "confirmed": ("confirmed", "확정"),
    "tentative": ("tentative", "잠정"),
    "cancelled": ("cancelled", "취소"),
    "revision": ("Rev. {n}", "개정 {n}"),
    "draft": ("Draft", "초안"),
    "unresolved": ("Printed with {n} unresolved conflict error(s): not a final programme", "해결되지 않은 일정 충돌 {n}건이 있는 상태로 인쇄됨: 확정된 일정이 아님"),
    "not_final": ("not final", "확정 아님"),
    "draft_after": ("not yet published; last revision: {rev}", "미발행 (최근 개정: {rev})"),
    "no_revision": ("no revision published yet", "발행된 개정 없음"),
    "published": ("published {date}", "{date} 발행"),
    "as_of": ("as of {when}", "{when} 기준"),
    "travel": ("Travel", "이동"),
    "leave": ("leave {at}", "{at} 출발"),
    "drive": ("travel {n} min", "이동 {n}분"),
    "drive_estimate": ("travel about {n} min (estimate)", "이동 약 {n}분 (추정)"),
    "drive_unknown": ("travel time unknown", "이동 시간 미상"),
    "arrive": ("arrive {at}", "{at} 도착"),
    "early": ("{n} min before the start (buffer {b} min)", "시작 {n}분 전 (여유 {b}분)"),
    "short": ("only {n} min before the start, {s} min short of the {b}-min buffer", "시작 {n}분 전, 여유 {b}분에 {s}분 부족"),
    "late": ("{n} min after the start", "시작 {n}분 후"),
}
"""The book's own labels: key → (English, Korean); ``{name}`` fields are filled by :func:`label`."""

CHANGE_KINDS: Mapping[str, tuple[str, str]] = {
    "added": ("Added", "추가"),
    "cancelled": ("Cancelled", "취소"),
    "removed": ("Removed", "삭제"),
    "moved": ("Time changed", "시간 변경"),
    "re-venued": ("Venue changed", "장소 변경"),
    "re-staffed": ("Participants changed", "참석자 변경"),
    "retitled": ("Title changed", "명칭 변경"),
    "status": ("Status changed", "상태 변경"),
}
"""How the change table names each kind of change (:data:`itinerary.core.revisions.KINDS`)."""


def label(key: str, **values: Words | str | int) -> Words:
    """The label ``key`` with its fields filled, each language with its own words."""
    en, ko = LABELS[key]
    return Words(
        en.format(**{k: v.en if isinstance(v, Words) else v for k, v in values.items()}),
        ko.format(**{k: (v.ko or v.en) if isinstance(v, Words) else v for k, v in values.items()}),
    )


def change_kind(kind: str) -> Words:
    """'Time changed' / '시간 변경'; an unknown kind as it is."""
    return Words(*CHANGE_KINDS.get(kind, (kind, kind)))


def status(value: str) -> Words:
    """'confirmed' / '확정', 'tentative' / '잠정', 'cancelled' / '취소'."""
    return label(value) if value in ("confirmed", "tentative", "cancelled") else same(value)


def revision(number: int) -> Words:
    """'Rev. 2' / '개정 2'."""
    return label("revision", n=number)


# --- dates and times ------------------------------------------------------------------------


def long_day(day: dt.date) -> Words:
    """'Thursday 21 May 2026' / '2026년 5월 21일 (목)'."""
    return Words(format_date(day, "EEEE d MMMM y", locale=ENGLISH), format_date(day, "y년 M월 d일 (E)", locale=KOREAN))


def short_day(day: dt.date) -> Words:
    """'Thu 21 May' / '5월 21일 (목)'."""
    return Words(format_date(day, "EEE d MMM", locale=ENGLISH), format_date(day, "M월 d일 (E)", locale=KOREAN))


def full_date(day: dt.date) -> Words:
    """'21 May 2026' / '2026년 5월 21일'."""
    return Words(format_date(day, "d MMMM y", locale=ENGLISH), format_date(day, "y년 M월 d일", locale=KOREAN))


def visit_days(first: dt.date, last: dt.date) -> Words:
    """'21 – 22 May 2026' / '2026년 5월 21일 (목)~22일 (금)': the visit's days."""
    if first == last:
        return long_day(first)
    return Words(format_interval(first, last, "yMMMMd", locale=ENGLISH), format_interval(first, last, "yMMMEd", locale=KOREAN))


def clock(moment: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> Words:
    """'14:00' on ``day``; with the date on any other day ('23 May 01:00' / '5월 23일 01:00')."""
    local = moment.astimezone(tz)
    if local.date() == day:
        return same(f"{local:%H:%M}")
    return Words(format_datetime(local, "d MMM HH:mm", locale=ENGLISH), format_datetime(local, "M월 d일 HH:mm", locale=KOREAN))


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
    """'as of 20 May 2026, 18:00 (Korean Standard Time)' / '2026년 5월 20일 18:00 (한국 표준시) 기준'."""
    local = moment.astimezone(tz)
    zone = zone_name(local)
    return label(
        "as_of",
        when=Words(
            f"{format_datetime(local, 'd MMMM y, HH:mm', locale=ENGLISH)} ({zone.en})",
            f"{format_datetime(local, 'y년 M월 d일 HH:mm', locale=KOREAN)} ({zone.ko})",
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
