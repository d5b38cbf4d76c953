"""Rendering on a fixed-width, colourless console; assertions on plain text."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.console import Console

from conftest import SHIPPED
from itinerary.core import agenda
from itinerary.model import Event, Person, Programme, Venue, Visit
from itinerary.storage.store import Store
from itinerary.ui import detail, timeline

SEOUL = ZoneInfo("Asia/Seoul")


def render(renderable, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(renderable)
    return console.file.getvalue()


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 5, 22, hour, minute, tzinfo=SEOUL)


def programme_with(*events: Event) -> Programme:
    visit = Visit("v", "Visit", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "houngbo", guest_zone_label="Geneva")
    people = (Person("houngbo", "Gilbert F. Houngbo", "질베르 응보", short_name="Houngbo"), Person("kim", "Kim Young-hoon", "김영훈"))
    venues = (Venue("hall", "HALL-A", "대회의실"), Venue("room", "ROOM-B"))
    return Programme(visit, people, venues, (), events)


def test_korean_titles_keep_the_columns_aligned() -> None:
    events = (
        Event("a", "Talks", at(9), at(10), title_ko="면담", venue="hall", participants=("houngbo",)),
        Event("b", "Global AI Hub", at(10), at(11), title_ko="글로벌 AI 허브 비전 선포식", venue="room", participants=("kim",)),
        Event("c", "서울고용센터 방문", at(11), at(12), venue="hall", participants=("houngbo", "kim")),
    )
    programme = programme_with(*events)
    text = render(timeline.timeline(programme, agenda.by_day(programme.events, SEOUL), second_zone="Europe/Zurich"))
    rows = [line for line in text.splitlines() if "HALL-A" in line or "ROOM-B" in line]
    assert len(rows) == 3
    columns = {cell_len(line[: line.index("HALL-A" if "HALL-A" in line else "ROOM-B")]) for line in rows}
    assert len(columns) == 1, text
    people_columns = {cell_len(line[: min(i for i in (line.find("Houngbo"), line.find("Kim")) if i >= 0)]) for line in rows}
    assert len(people_columns) == 1, text
    assert "글로벌 AI 허브 비전 선포식" in text and "서울고용센터 방문" in text


def test_second_zone_and_status_marks() -> None:
    events = (
        Event("ok", "Confirmed talks", at(14), at(15)),
        Event("tent", "Tentative lunch", at(12), at(13), status="tentative"),
        Event("tbc", "Window", at(9), at(18), time_tbc=True),
        Event("gone", "Gone", at(16), at(17), status="cancelled"),
    )
    programme = programme_with(*events)
    days = agenda.by_day(programme.events, SEOUL)
    text = render(timeline.timeline(programme, days, second_zone="Europe/Zurich", second_label="Geneva"))
    assert "Seoul / Geneva" in text
    line = next(line for line in text.splitlines() if "Confirmed talks" in line)
    assert "14:00–15:00" in line and "✓" in line
    assert "07:00–08:00" in text  # 14:00 in Seoul is 07:00 in Geneva in May
    assert "~ tentative" in text and "? time TBC" in text and "✗" in text


def test_markup_in_user_text_is_shown_literally() -> None:
    programme = programme_with(Event("x", "Talks [bilateral] [red]now[/red] [link=http://x]y[/link]", at(9), at(10)))
    text = render(timeline.timeline(programme, agenda.by_day(programme.events, SEOUL), second_zone=None), width=160)
    assert "Talks [bilateral] [red]now[/red] [link=http://x]y[/link]" in text


def test_event_detail_shows_everything_of_the_shipped_meeting() -> None:
    programme = Store.at(SHIPPED).load()
    text = render(detail.event_detail(programme, programme.event("minister-meeting"), second_zone="Europe/Zurich", second_label="Geneva",
                                      attachments=True), width=140)
    for words in ("Human-centred AI transition", "+82-44-202-7129", "정혜진", "장관님 인사 말씀", "질베르 응보 사무총장님", "planning window", "Geneva"):
        assert words in text


def test_multi_day_window_is_grouped_as_open_day() -> None:
    wide = Event("w", "Labour", dt.datetime(2026, 5, 21, 9, tzinfo=SEOUL), at(18), time_tbc=True)
    programme = programme_with(wide, Event("n", "Normal", at(9), at(10)))
    days = agenda.by_day(programme.events, SEOUL)
    assert [d.date for d in days] == [dt.date(2026, 5, 22), None]
    assert "Day to be confirmed" in render(timeline.timeline(programme, days, second_zone=None))
