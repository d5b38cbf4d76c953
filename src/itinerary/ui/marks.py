"""Small pieces every view shares: status marks, zone labels, day headings, time ranges."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rich.text import Text

from itinerary.model import Event

WEEKDAYS_KO = "월화수목금토일"

STATUS_MARKS = {
    "confirmed": ("✓", "green"),
    "tentative": ("~", "yellow"),
    "tbc": ("?", "magenta"),
    "cancelled": ("✗", "red"),
}
LEGEND = "✓ confirmed  ~ tentative  ? time TBC (planning window shown)  ✗ cancelled  ▒ busy elsewhere"


def zone_label(zone_name: str, label: str = "") -> str:
    """A short name for a zone column: the given label, or the zone's city."""
    return label or zone_name.rsplit("/", 1)[-1].replace("_", " ")


def day_heading(day: dt.date) -> str:
    """'Thursday 21 May 2026 · 5월 21일 (목)'."""
    return f"{day:%A} {day.day} {day:%B %Y} · {day.month}월 {day.day}일 ({WEEKDAYS_KO[day.weekday()]})"


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
    """The event's status in words, with its mark: '? time TBC, tentative'."""
    keys = status_keys(event)
    words = ", ".join({"tbc": "time TBC"}.get(k, k) for k in keys)
    return Text(f"{status_mark(event)} {words}", style=STATUS_MARKS[keys[0]][1])


def time_range(event: Event, tz: ZoneInfo, reference: dt.date | None) -> str:
    """'14:00–15:30' in ``tz``; a time off the ``reference`` day carries its date, a time in an
    hour the clocks repeat its UTC offset ('02:30 +02:00'). Whole days read 'all day' (their
    dates are the same in every zone); a moment reads '14:00'."""
    if event.all_day:
        first, last = event.start.date(), (event.end - dt.timedelta(days=1)).date()
        if first == last:
            return "all day" if first == reference else f"{first.day} {first:%b}, all day"
        return f"{first.day} {first:%b} – {last.day} {last:%b}, all day"

    def stamp(moment: dt.datetime, day: dt.date | None) -> str:
        moment = moment.astimezone(tz)
        text = f"{moment:%H:%M}" if moment.date() == day else f"{moment.day} {moment:%b} {moment:%H:%M}"
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


