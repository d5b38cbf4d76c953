"""Small pieces every view shares: status marks and words, zone labels, day headings, time ranges,
and how a view names a person, a venue and an event — each in the interface's language (Korean
names people by their Korean name and title, "김영훈 장관", where the record has them)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text

from itinerary.i18n import N_, _, language
from itinerary.i18n import dates as kdates
from itinerary.model import Event, Programme, Visit

WEEKDAYS_KO = "월화수목금토일"

STATUS_MARKS = {
    "confirmed": ("✓", "green"),
    "tentative": ("~", "yellow"),
    "tbc": ("?", "magenta"),
    "cancelled": ("✗", "red"),
}
STATUS_WORDS = {"confirmed": N_("confirmed"), "tentative": N_("tentative"), "tbc": N_("time TBC"), "cancelled": N_("cancelled")}
"""Each status key in words (translated where shown)."""
_LEGEND = N_("✓ confirmed  ~ tentative  ? time TBC (planning window shown)  ✗ cancelled  ▒ busy elsewhere")


def cell(value: str, style: str = "") -> Text:
    """``value`` as a table cell, never read as markup. A text with Hangul (or any character two
    cells wide) folds at the column's edge: with rich's default, a line that ends a wide word
    exactly at the edge keeps its trailing space, is taken for an overflow and loses that word to
    an ellipsis ('서울고용센 …') — a text cut short, in English views as in Korean."""
    return Text(value, style=style, overflow="fold" if cell_len(value) != len(value) else None)


def legend() -> str:
    """What the marks of a timeline mean, in the interface's language."""
    return _(_LEGEND)


def korean() -> bool:
    """True when the interface speaks Korean."""
    return language() == "ko"


def zone_label(zone_name: str, label: str = "", label_ko: str = "") -> str:
    """A short name for a zone column: the given label, or the zone's city. In Korean: the
    Korean label, else the zone's city in Korean — unless an English label is given without a
    Korean one (a Geneva home time in the zone of Zurich is never called 취리히)."""
    if korean():
        if label_ko:
            return label_ko
        if label:
            return label
        from itinerary.formats.booktext import city

        return city(zone_name).ko
    return label or zone_name.rsplit("/", 1)[-1].replace("_", " ")


def guest_zone_label(visit: Visit, zone_name: str, label: str = "") -> str:
    """:func:`zone_label` of a second zone: the visit's Korean label of it when it is the guest's
    home zone."""
    label_ko = visit.guest_zone_label_ko if zone_name == visit.guest_zone else ""
    return zone_label(zone_name, label, label_ko)


def day_heading(day: dt.date) -> str:
    """'Thursday 21 May 2026 · 5월 21일 (목)'; in Korean '2026년 5월 21일(목)'."""
    if korean():
        return kdates.korean(day)
    return f"{day:%A} {day.day} {day:%B %Y} · {day.month}월 {day.day}일 ({WEEKDAYS_KO[day.weekday()]})"


def short_day(day: dt.date) -> str:
    """'21 May' / '5월 21일'."""
    return kdates.korean(day, year=False, day_of_week=False) if korean() else f"{day.day} {day:%b}"


def weekday_day(day: dt.date) -> str:
    """'Thu 21 May' / '5월 21일(목)'."""
    return kdates.korean(day, year=False) if korean() else f"{day:%a} {day.day} {day:%b}"


def long_day(day: dt.date) -> str:
    """'Thursday 21 May 2026' / '2026년 5월 21일(목)'."""
    return kdates.korean(day) if korean() else f"{day:%A} {day.day} {day:%B %Y}"


def padded_long_day(day: dt.date) -> str:
    """'Thursday 21 May 2026' with a two-digit day ('Friday 05 June 2026') / '2026년 6월 5일(금)'."""
    return kdates.korean(day) if korean() else f"{day:%A %d %B %Y}"


def timestamp(moment: dt.datetime) -> str:
    """A moment as a record of when something was done: '2026-05-20 18:00' / '2026년 5월 20일(수) 18:00'."""
    return kdates.korean(moment) if korean() else f"{moment:%Y-%m-%d %H:%M}"


def days_span(first: dt.date, last: dt.date) -> str:
    """The days an undated event may fall on: '21–22 May 2026' / '2026년 5월 21일(목)~22일(금)'."""
    return kdates.korean_days(first, last) if korean() else f"{first.day}–{last.day} {last:%B %Y}"


def status_keys(event: Event) -> list[str]:
    if event.cancelled:
        return ["cancelled"]
    keys = (["tbc"] if event.time_tbc else []) + (["tentative"] if event.status == "tentative" else [])
    return keys or ["confirmed"]


def status_mark(event: Event) -> Text:
    """The event's status as marks ('✓', '~', '?', '?~', '✗'), coloured."""
    keys = status_keys(event)
    return Text("".join(STATUS_MARKS[k][0] for k in keys), style=STATUS_MARKS[keys[0]][1])


def status_words(event: Event) -> Text:
    """The event's status in words, with its mark: '? time TBC, tentative' / '?~ 시간 미정, 잠정'."""
    keys = status_keys(event)
    words = ", ".join(_(STATUS_WORDS[k]) for k in keys)
    return Text(f"{status_mark(event)} {words}", style=STATUS_MARKS[keys[0]][1])


def time_range(event: Event, tz: ZoneInfo, reference: dt.date | None) -> str:
    """'14:00–15:30' in ``tz``; a time off the ``reference`` day carries its date, a time in an
    hour the clocks repeat its UTC offset ('02:30 +02:00'). Whole days read 'all day' (their
    dates are the same in every zone); a moment reads '14:00'."""
    if event.all_day:
        first, last = event.start.date(), (event.end - dt.timedelta(days=1)).date()
        if first == last:
            return _("all day") if first == reference else _("{day}, all day", day=short_day(first))
        return _("{first} – {last}, all day", first=short_day(first), last=short_day(last))

    def stamp(moment: dt.datetime, day: dt.date | None) -> str:
        moment = moment.astimezone(tz)
        text = f"{moment:%H:%M}" if moment.date() == day else f"{short_day(moment.date())} {moment:%H:%M}"
        if moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset():  # an hour the clocks repeat: which one
            offset = moment.strftime("%z")
            text += f" {offset[:3]}:{offset[3:]}"
        return text

    # an end on the reference day after a start before it carries its date too: a window of
    # 21 May 09:00 to 22 May 18:00 never reads '21 May 09:00–18:00'
    on_day = event.start.astimezone(tz).date() == reference
    start, end = stamp(event.start, reference), stamp(event.end, reference if on_day else None)
    if event.marker:
        return start
    return f"{start}–{end}" if len(start) == len(end) == 5 else f"{start} –\n{end}"


# --- how a view names people, venues and events -------------------------------------------------


def person_name(programme: Programme, person_id: str) -> str:
    """How a view names a person: the short name ('Minister Kim'); in Korean, the Korean name and
    title ('김영훈 장관') where the record has them."""
    if korean():
        person = programme.people_by_id.get(person_id)
        if person is not None and person.korean:
            return person.korean
    return programme.person_label(person_id)


def people_names(programme: Programme, people: tuple[str, ...] | list[str]) -> str:
    """Several people, as a list is written: 'Houngbo, Minister Kim' / '질베르 응보 사무총장, 김영훈 장관'."""
    return ", ".join(person_name(programme, p) for p in people)


def venue_name(programme: Programme, venue_id: str | None) -> str:
    """A venue's name ('venue TBC' when none is set); in Korean its Korean name where it has one."""
    if not korean():
        return programme.venue_label(venue_id)
    if venue_id is None:
        return _("venue TBC")
    venue = programme.venues_by_id.get(venue_id)
    return (venue.name_ko or venue.name) if venue else venue_id


def place_name(programme: Programme, event: Event) -> str:
    """Where an event is: its venue's name, 'venue TBC', or for a transfer 'A → B'."""
    if not korean():
        return programme.place_label(event)
    if event.from_venue or event.to_venue:
        return f"{venue_name(programme, event.from_venue)} → {venue_name(programme, event.to_venue)}"
    return venue_name(programme, event.venue)


def titles(event: Event) -> tuple[str, str]:
    """An event's title and the other language's beside it: (English, Korean); in Korean
    (Korean, English) when it has a Korean title."""
    if korean() and event.title_ko:
        return event.title_ko, event.title
    return event.title, event.title_ko


def event_title(event: Event) -> str:
    """An event's title in the interface's language (the English one when it has no Korean)."""
    return titles(event)[0]


def visit_title(visit: Visit) -> str:
    """The visit's title in the interface's language (the English one when it has no Korean)."""
    return visit.title_ko if korean() and visit.title_ko else visit.title


def heading(programme: Programme, person: str | None = None) -> str:
    """The timeline's title: the visit's, and the person it follows ('… — Gilbert F. Houngbo'); in
    Korean the visit's Korean title and the person's Korean name and title."""
    title = visit_title(programme.visit)
    if person is None:
        return title
    found = programme.people_by_id[person]
    return f"{title} — {found.korean if korean() and found.korean else found.name}"
