"""References as an officer types them: people by id, name, Korean name, role word or surname;
venues and contacts by name; events by title; zones by city. One match is taken and said;
several are all listed, never guessed; every bad reference of a command line is reported at once;
and nothing suggests creating a near-duplicate of someone the records hold."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest

from conftest import Cli, folder_hash
from itinerary.changes import events
from itinerary.changes.library import Library
from itinerary.core import lookup
from itinerary.errors import ExitCode, NotFound
from itinerary.model import Event, Person

MINISTER = "'kim-younghoon' (Kim Young-hoon, Minister of Employment and Labor)"

PEOPLE = (
    Person("kim-younghoon", "Kim Young-hoon", name_ko="김영훈", short_name="Minister Kim", title="Minister of Employment and Labor"),
    Person("houngbo", "Gilbert F. Houngbo", name_ko="질베르 응보", short_name="Houngbo", title="Director-General"),
    Person("president", "President of the Republic of Korea", name_ko="대통령", short_name="the President", title="President"),
)


@pytest.mark.parametrize("typed", ["kim-younghoon", "kim", "Kim", "minister", "Minister Kim", "Kim Young-hoon", "kim younghoon",
                                   "young-hoon", "김영훈", "김"])
def test_the_minister_is_found_by_anything_an_officer_would_type(typed: str) -> None:
    assert lookup.people(typed, PEOPLE).id == "kim-younghoon"


def test_several_matches_are_all_listed_and_none_is_guessed() -> None:
    two = (*PEOPLE, Person("kim-minsu", "Kim Min-su", title="Interpreter"))
    found = lookup.people("kim", two)
    assert found.id is None and [m.id for m in found.matches] == ["kim-younghoon", "kim-minsu"]
    assert found.problem() == f"'kim' could be any of 2 people: {MINISTER}, 'kim-minsu' (Kim Min-su, Interpreter); give the id"
    assert lookup.people("kim-minsu", two).id == "kim-minsu"  # an id always wins


def test_an_id_like_typo_is_not_taken_for_the_words_it_shares() -> None:
    found = lookup.people("kim-yonghoon", PEOPLE)
    assert found.id is None and [m.id for m in found.near] == ["kim-younghoon"]


@pytest.mark.parametrize(("typed", "zone"), [("Seoul", "Asia/Seoul"), ("Paris", "Europe/Paris"), ("new york", "America/New_York"),
                                              ("Geneva", "Europe/Zurich"), ("asia/seoul", "Asia/Seoul")])
def test_zones_are_found_by_city(typed: str, zone: str) -> None:
    assert lookup.zones(typed, available_timezones()).id == zone


def test_timeline_of_the_minister_by_role_word(cli: Cli) -> None:
    result = cli("timeline", "--person", "minister")
    assert result.exit_code == 0, result.output
    assert f"--person minister → {MINISTER}" in result.output
    assert "Meeting: Minister Kim Young-hoon" in result.output and "Meeting with the President" not in result.output


def test_add_with_a_surname_records_the_person_it_names(cli: Cli, data_dir: Path) -> None:
    result = cli("add", "--id", "call", "--title", "Call", "--start", "22 May 08:00", "--duration", "30m", "--with", "houngbo,kim",
                 "--contact", "Lee Kang-yeon")
    assert result.exit_code == 0, result.output
    assert f"--with kim → {MINISTER}" in result.output
    record = tomllib.loads((data_dir / "call.toml").read_text(encoding="utf-8"))
    assert record["participants"] == ["houngbo", "kim-younghoon"] and record["contacts"] == ["lee-kangyeon"]


def test_a_surname_two_people_share_is_refused_listing_both(cli: Cli, data_dir: Path) -> None:
    assert cli("person", "add", "kim-minsu", "--name", "Kim Min-su", "--role", "Interpreter").exit_code == 0
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Call", "--start", "22 May 08:00", "--duration", "30m", "--with", "kim")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert f"--with: 'kim' could be any of 2 people: {MINISTER}, 'kim-minsu' (Kim Min-su, Interpreter); give the id" in result.output
    assert folder_hash(data_dir) == before


def test_every_bad_reference_of_a_line_is_reported_at_once(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Call", "--start", "22 May 08:00", "--duration", "30m", "--with", "houngbo,kim2",
                 "--venue", "nowhere", "--contact", "nobody-here")
    assert result.exit_code == ExitCode.NOT_FOUND
    lines = result.output.splitlines()
    assert lines[0] == "itinerary: 3 references name nothing or too much:"
    assert lines[1] == f"  --with: no person 'kim2'; did you mean {MINISTER}?"
    assert lines[2] == "  --venue: no venue 'nowhere' (add it with `itinerary venue add nowhere --name …`)"
    assert lines[3].startswith("  --contact: no contact 'nobody-here'")
    assert folder_hash(data_dir) == before


def test_the_hint_never_invites_a_near_duplicate_of_someone_on_record(cli: Cli, data_dir: Path) -> None:
    near = cli("add", "--title", "Call", "--start", "22 May 08:00", "--duration", "30m", "--with", "kim-yonghoon")
    assert near.exit_code == ExitCode.NOT_FOUND and f"did you mean {MINISTER}?" in near.output and "person add" not in near.output
    new = cli("add", "--title", "Call", "--start", "22 May 08:00", "--duration", "30m", "--with", "jeong")
    assert new.exit_code == ExitCode.NOT_FOUND
    assert "--with: no person 'jeong' (add it with `itinerary person add jeong --name …`)" in new.output
    library = Library.open(data_dir, who="test")  # a front end that writes without the command line's lookup
    seoul = ZoneInfo("Asia/Seoul")
    event = Event("call", "Call", dt.datetime(2026, 5, 22, 8, tzinfo=seoul), dt.datetime(2026, 5, 22, 8, 30, tzinfo=seoul),
                  participants=("houngbo", "kim"))
    with pytest.raises(NotFound) as refused:
        events.add(library, event)
    assert str(refused.value) == f"unknown person 'kim'; did you mean {MINISTER}?"


def test_zones_by_city_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    seoul = cli("timeline", "--tz", "Seoul", "--day", "22 May")
    assert seoul.exit_code == 0 and "--tz Seoul → 'Asia/Seoul'" in seoul.output and "Seoul / Seoul" in seoul.output
    wrong = cli("timeline", "--tz", "Genva")
    assert wrong.exit_code == ExitCode.USAGE and "--tz: unknown time zone 'Genva'; did you mean 'Europe/Zurich' (Geneva)" in wrong.output
    visit = tmp_path / "oecd"
    made = Cli(visit)("init", "--title", "Visit", "--first-day", "2026-06-15", "--home-zone", "Paris")
    assert made.exit_code == 0, made.output
    assert tomllib.loads((visit / "visit.toml").read_text(encoding="utf-8"))["guest_zone"] == "Europe/Paris"
    person = Cli(visit)("person", "add", "cormann", "--name", "Mathias Cormann", "--home-zone", "Paris")
    assert person.exit_code == 0, person.output
    assert tomllib.loads((visit / "people.toml").read_text(encoding="utf-8"))["people"][0]["zone"] == "Europe/Paris"
