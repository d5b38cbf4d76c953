"""Real calendar files: right times or a clear refusal, never a silent guess.

First, named fixtures for each known trap (time zones the file defines or does not, moved and
excluded occurrences, RFC 5545 defaults, encodings, events outside the visit, files without
events); then the corpus of real files from other projects' test suites (tests/data/corpus,
origins and licences in its README), each with its expected outcome."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import DATA, Cli, folder_hash
from itinerary.errors import ExitCode
from itinerary.formats import icsread
from itinerary.storage.store import Store

FIXTURES = DATA / "ics"
CORPUS = DATA / "corpus"
SEOUL = ZoneInfo("Asia/Seoul")
VISIT = (dt.datetime(2026, 5, 21, tzinfo=SEOUL), dt.datetime(2026, 5, 23, tzinfo=SEOUL))
EXPAND = (VISIT[0] - dt.timedelta(days=366), VISIT[1] + dt.timedelta(days=366))


def z(text: str) -> str:
    """A UTC instant as the reading reports it."""
    return text


def instants(data: bytes, **options: object) -> dict[str, tuple[str, str, str, bool]]:
    reading = icsread.read_calendar(data, default_zone="Asia/Seoul", window=VISIT, **options)  # type: ignore[arg-type]
    return {i.uid: (f"{i.start.astimezone(dt.UTC):%Y-%m-%dT%H:%MZ}", f"{i.end.astimezone(dt.UTC):%Y-%m-%dT%H:%MZ}", i.zone, i.all_day)
            for i in reading.items}


def events(data_dir: Path) -> dict[str, object]:
    return {e.id: e for e in Store.at(data_dir).load().events}


# --- 1. time zones ----------------------------------------------------------------------------


def test_a_tzid_the_file_defines_gives_the_right_instant_and_zone() -> None:
    found = instants((FIXTURES / "custom_tzid_defined.ics").read_bytes())
    assert found["ny-call@ministry.example"] == ("2026-05-21T14:00Z", "2026-05-21T14:30Z", "America/New_York", False)
    assert found["numeric-tzid@ministry.example"] == ("2026-05-21T01:00Z", "2026-05-21T02:00Z", "Asia/Seoul", False)
    assert found["spaces@ministry.example"] == ("2026-05-22T08:00Z", "2026-05-22T09:00Z", "Europe/Zurich", False)


def test_the_summary_says_how_a_defined_tzid_was_read(cli: Cli) -> None:
    result = cli("import", str(FIXTURES / "custom_tzid_defined.ics"), env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "TZID 'Eastern Time (custom)' defined in the file: read with its own rules, kept as America/New_York" in result.output


def test_an_undefined_tzid_is_refused_naming_the_event_unless_a_zone_is_assumed(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    refused = cli("import", str(FIXTURES / "undefined_tzid.ics"), env={"COLUMNS": "300"})
    assert refused.exit_code == ExitCode.INVALID_DATA and folder_hash(data_dir) == before
    assert "middle-earth@example" in refused.output and "Council at Rivendell" in refused.output
    assert "'Middle Earth Time'" in refused.output and "--assume-zone" in refused.output and "line 7" in refused.output
    assumed = cli("import", str(FIXTURES / "undefined_tzid.ics"), "--assume-zone", "Asia/Seoul", env={"COLUMNS": "300"})
    assert assumed.exit_code == 0, assumed.output
    assert "read as Asia/Seoul (--assume-zone)" in assumed.output and "floating, read as Asia/Seoul" in assumed.output
    council = events(data_dir)["council-at-rivendell"]
    assert council.start == dt.datetime(2026, 5, 21, 10, tzinfo=SEOUL)  # type: ignore[attr-defined]


# --- 2. recurrence: identity, moved occurrences, EXDATE ------------------------------------------


def test_a_moved_occurrence_updates_the_one_it_replaces(cli: Cli, data_dir: Path) -> None:
    assert cli("import", str(FIXTURES / "weekly_series.ics")).exit_code == 0
    first = {k: v for k, v in events(data_dir).items() if k.startswith("weekly")}
    assert len(first) == 1  # the visit holds one occurrence: Thursday 21 May
    moved = cli("import", str(FIXTURES / "weekly_series_moved_occurrence.ics"), env={"COLUMNS": "200"})
    assert moved.exit_code == 0 and "1 update" in moved.output, moved.output
    after = {k: v for k, v in events(data_dir).items() if k.startswith("weekly")}
    assert list(after) == list(first)  # no duplicate
    [event] = after.values()
    assert event.start == dt.datetime(2026, 5, 22, 15, tzinfo=SEOUL) and event.title == "Weekly protocol briefing (moved)"
    again = cli("import", str(FIXTURES / "weekly_series_moved_occurrence.ics"))
    assert "update" not in again.output and "add" not in again.output  # re-importing changes nothing


def test_moving_the_whole_series_moves_its_occurrences(cli: Cli, data_dir: Path) -> None:
    cli("import", str(FIXTURES / "weekly_series.ics"))
    result = cli("import", str(FIXTURES / "weekly_series_moved_to_eleven.ics"))
    assert result.exit_code == 0
    [event] = [v for k, v in events(data_dir).items() if k.startswith("weekly")]
    assert event.start == dt.datetime(2026, 5, 21, 11, tzinfo=SEOUL)


def test_an_exdate_cancels_the_occurrence(cli: Cli, data_dir: Path) -> None:
    cli("import", str(FIXTURES / "weekly_series.ics"))
    result = cli("import", str(FIXTURES / "weekly_series_exdate.ics"), env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "no longer in its series" in result.output, result.output
    [event] = [v for k, v in events(data_dir).items() if k.startswith("weekly")]
    assert event.status == "cancelled"


# --- 3 and 6. show in the event's zone; all-day stays all-day -------------------------------------


def test_show_prints_a_time_in_the_zone_it_names_with_the_visits_beside(cli: Cli, data_dir: Path) -> None:
    cli("import", str(FIXTURES / "custom_tzid_defined.ics"))
    shown = cli("show", "call-with-the-new-york-office", env={"COLUMNS": "200"}).output
    assert "10:00–10:30 (America/New_York)" in shown and "23:00–23:30 (Asia/Seoul)" in shown


def test_rfc5545_defaults_a_moment_and_whole_days(cli: Cli, data_dir: Path) -> None:
    result = cli("import", str(FIXTURES / "defaults_rfc5545.ics"))
    assert result.exit_code == 0, result.output
    found = events(data_dir)
    car = found["car-at-the-hotel-entrance"]
    assert car.start == car.end == dt.datetime(2026, 5, 21, 8, 30, tzinfo=SEOUL)  # type: ignore[attr-defined]
    for event_id, day in (("office-closed-local-holiday", 22), ("flag-day", 21)):
        event = found[event_id]
        assert event.all_day and event.start == dt.datetime(2026, 5, day, tzinfo=SEOUL)  # type: ignore[attr-defined]
        assert event.end - event.start == dt.timedelta(days=1)  # type: ignore[attr-defined]
    timeline = cli("timeline", env={"COLUMNS": "200"}).output
    assert "all day" in timeline and "00:00–00:00" not in timeline
    assert "all day" in cli("show", "flag-day").output
    record = tomllib.loads((data_dir / "flag-day.toml").read_text())
    assert record["all_day"] is True and record["start"] == dt.date(2026, 5, 21)


def test_export_then_import_keeps_whole_days_and_zones(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("import", str(FIXTURES / "defaults_rfc5545.ics"))
    cli("import", str(FIXTURES / "custom_tzid_defined.ics"))
    exported = tmp_path / "out.ics"
    assert cli("export", "-o", str(exported)).exit_code == 0
    text = exported.read_text()
    assert "DTSTART;VALUE=DATE:20260521" in text and "DTEND;VALUE=DATE:20260522" in text
    assert "DTSTART;TZID=America/New_York:20260521T100000" in text
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("visit.toml", "people.toml", "venues.toml"):
        (fresh / name).write_bytes((data_dir / name).read_bytes())
    assert Cli(fresh)("import", str(exported)).exit_code == 0
    before, after = events(data_dir), events(fresh)
    for event_id in ("flag-day", "office-closed-local-holiday", "call-with-the-new-york-office", "car-at-the-hotel-entrance"):
        a, b = before[event_id], after[event_id]
        assert (a.start, a.end, a.zone, a.all_day) == (b.start, b.end, b.zone, b.all_day), event_id  # type: ignore[attr-defined]
        assert a.start.utcoffset() == b.start.utcoffset()  # type: ignore[attr-defined]


# --- 5. encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "notice"), [("windows_calendar_utf16.ics", "read as UTF-16 (LE, with a byte order mark)"),
                                              ("outlook_windows_1252.ics", "read as Windows-1252")])
def test_utf16_and_windows_1252_are_read_with_a_notice(cli: Cli, data_dir: Path, name: str, notice: str) -> None:
    result = cli("import", str(FIXTURES / name), env={"COLUMNS": "300"})
    assert result.exit_code == 0 and notice in result.output, result.output
    assert "Voiture à l" in events(data_dir)["voiture-l-entr-e-de-l-h-tel"].title  # type: ignore[attr-defined]


def test_bytes_that_are_no_known_encoding_are_refused_naming_them(cli: Cli, data_dir: Path) -> None:
    result = cli("import", str(FIXTURES / "not_utf8_nor_1252.ics"))
    assert result.exit_code == ExitCode.INVALID_DATA and "not UTF-8 text (byte 0x81), nor Windows-1252" in result.output


# --- 4 and 6. scope: outside the visit, no UID, nothing to import ---------------------------------


def test_events_outside_the_visit_are_left_out_and_counted(cli: Cli, data_dir: Path) -> None:
    result = cli("import", str(FIXTURES / "out_of_visit.ics"), env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "2 add" in result.output and "3 outside the visit's days" in result.output
    assert "2 events without a UID: given one derived from their start, end, title and place" in result.output
    found = events(data_dir)
    assert "reception-no-uid-in-the-source" in found and not any(k.startswith("liberation-day") for k in found)
    again = cli("import", str(FIXTURES / "out_of_visit.ics"), env={"COLUMNS": "300"})
    assert "2 unchanged" in again.output and "add" not in again.output  # derived UIDs are stable
    everything = cli("import", str(FIXTURES / "out_of_visit.ics"), "--all-dates")
    assert everything.exit_code == 0 and "3 add" in everything.output


def test_nothing_to_import_says_why(cli: Cli, tmp_path: Path) -> None:
    tasks = cli("import", str(FIXTURES / "only_tasks.ics"), env={"COLUMNS": "300"})
    assert "nothing to import: the file holds no event, only 1 tasks, 1 journal entries" in tasks.output
    old = tmp_path / "old.ics"
    old.write_text((FIXTURES / "out_of_visit.ics").read_text().split("BEGIN:VEVENT\nDTSTAMP:20260101")[0] + "END:VCALENDAR\n")
    outside = cli("import", str(old), env={"COLUMNS": "300"})
    assert "nothing to import: all 3 events are outside the visit's days (from 2008–2020); --all-dates imports them" in outside.output
    series = tmp_path / "series.ics"
    series.write_text((FIXTURES / "weekly_series.ics").read_text().replace("DTSTART;TZID=Asia/Seoul:20260507", "DTSTART;TZID=Asia/Seoul:20250507")
                      .replace("DTEND;TZID=Asia/Seoul:20260507", "DTEND;TZID=Asia/Seoul:20250507"))
    assert "have no occurrence during the visit" in cli("import", str(series), env={"COLUMNS": "300"}).output


def test_the_limit_of_events_is_an_option(cli: Cli) -> None:
    refused = cli("import", str(FIXTURES / "defaults_rfc5545.ics"), "--max-events", "2")
    assert refused.exit_code == ExitCode.INVALID_DATA and "over the limit of 2" in refused.output and "--max-events" in refused.output
    assert cli("import", str(FIXTURES / "defaults_rfc5545.ics"), "--max-events", "3").exit_code == 0


# --- the corpus -------------------------------------------------------------------------------


EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def outcome(path: Path) -> dict[str, object]:
    """What reading a corpus file gives: its events (UID, UTC start and end, zone, all day) and
    notes, or the refusal."""
    try:
        reading = icsread.read_calendar(path.read_bytes(), default_zone="Asia/Seoul", window=VISIT, expand=EXPAND)
    except icsread.CalendarError as err:
        return {"refused": err.located()}
    return {
        "events": [[i.uid, f"{i.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", f"{i.end.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", i.zone, i.all_day]
                   for i in reading.items],
        "notes": reading.notes,
        "others": reading.others,
    }


def test_the_corpus_has_files_from_many_projects_with_their_origins() -> None:
    files = sorted(CORPUS.glob("*.ics"))
    assert len(files) >= 25 and len({f.name.split("__")[0] for f in files}) >= 5
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert all(f.name in readme for f in files)
    assert set(EXPECTED) == {f.name for f in files}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_gives_its_expected_outcome(name: str) -> None:
    assert outcome(CORPUS / name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_imports_cleanly_or_changes_nothing(cli: Cli, data_dir: Path, name: str) -> None:
    before = folder_hash(data_dir)
    result = cli("import", str(CORPUS / name), "--force")
    assert "Traceback" not in result.output and result.exit_code in (0, ExitCode.INVALID_DATA), result.output
    if result.exit_code:
        assert folder_hash(data_dir) == before
        assert EXPECTED[name].get("refused"), result.output
