"""iCalendar export and import: interoperability, injection, SEQUENCE, variants, fixtures."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import parsers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, ROOT, SHIPPED, Cli, folder_hash
from itinerary.core.merge import plan as plan_import
from itinerary.errors import ExitCode
from itinerary.formats import ics, icsread
from itinerary.formats.vtimezone import vtimezone
from itinerary.model import FULL, PUBLIC, Attachment, Audience, Event, content
from itinerary.storage.store import Store

EXPORTS = ROOT / "exports" / "ilo-dg-korea-2026"
"""The shipped visit's exports: exports/<visit id>/ beside its folder."""
FIXTURES = DATA / "ics"


def vevents(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def record_of(event: icalendar.Event) -> dict[str, object]:
    """The record an exported event carries (base64 JSON in X-ITINERARY-RECORD)."""
    return json.loads(base64.b64decode(str(event["X-ITINERARY-RECORD"])))


def sequences(data: bytes) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in vevents(data)}


def test_shipped_exports_pass_five_independent_parsers() -> None:
    assert not list(EXPORTS.parent.glob("*.ics")), "every calendar is in its visit's folder of exports/"
    files = sorted(EXPORTS.glob("*.ics"))
    assert {f.name for f in files} == {"visit.ics", "visit-public.ics", "houngbo.ics", "kim-younghoon.ics", "president.ics"}
    assert parsers.problems(*files) == []


def test_shipped_exports_are_up_to_date(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("export", "--all", "-o", str(tmp_path / "fresh"))
    assert result.exit_code == 0, result.output
    assert folder_hash(data_dir) == before, "records changed: the shipped exports are stale (run itinerary export --all)"
    for shipped in EXPORTS.glob("*.ics"):
        assert (tmp_path / "fresh" / shipped.name).read_bytes() == shipped.read_bytes(), f"{shipped.name} is stale"


def test_export_is_deterministic_and_sequence_moves_with_content(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.ics"
    assert cli("export", "-o", str(first)).exit_code == 0
    assert cli("export", "-o", str(tmp_path / "b.ics")).exit_code == 0
    assert first.read_bytes() == (tmp_path / "b.ics").read_bytes()
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m").exit_code == 0
    moved = tmp_path / "c.ics"
    result = cli("export", "-o", str(moved))
    assert "SEQUENCE raised for: president-meeting." in result.output
    old, new = sequences(first.read_bytes()), sequences(moved.read_bytes())
    assert set(old) == set(new)  # UIDs never change
    changed = {u for u in old if new[u] != old[u]}
    assert changed == {"president-meeting@ilo-dg-korea-2026.itinerary"}
    assert new["president-meeting@ilo-dg-korea-2026.itinerary"] == old["president-meeting@ilo-dg-korea-2026.itinerary"] + 1
    again = tmp_path / "d.ics"
    cli("export", "-o", str(again))
    assert again.read_bytes() == moved.read_bytes()


def test_line_breaks_cannot_inject_properties_or_components(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    evil = "Talks\nATTENDEE:mailto:x@example.org\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil"
    assert cli("add", "--title", evil, "--start", "22 May 20:00", "--duration", "30m").exit_code == ExitCode.USAGE
    result = cli("add", "--title", "Talks END:VEVENT ATTENDEE:mailto:x@example.org", "--start", "22 May 20:00",
                 "--duration", "30m", "--note", evil, "--with", "houngbo")
    assert result.exit_code == 0, result.output
    out = tmp_path / "v.ics"
    cli("export", "-o", str(out))
    data = out.read_bytes()
    lines = data.split(b"\r\n")
    assert b"ATTENDEE:mailto:x@example.org" not in lines
    assert lines.count(b"BEGIN:VEVENT") == lines.count(b"END:VEVENT") == 7
    assert not any(line.startswith(b"UID:evil") for line in lines)
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    event = next(e for e in vevents(data) if str(e["UID"]).startswith("talks-end-vevent"))
    assert "x@example.org" not in str(event.get("ATTENDEE"))
    assert record_of(event)["notes"] == evil


def test_public_variant_withholds_restricted_events_notes_and_phones(cli: Cli, tmp_path: Path) -> None:
    cli("add", "--title", "Security walk-through", "--start", "22 May 07:00", "--duration", "30m", "--visibility", "restricted",
        "--with", "houngbo", "--note", "Route B, call +82-10-1234-5678")
    cli("export", "--all", "-o", str(tmp_path))
    data = (tmp_path / "visit-public.ics").read_bytes()
    text = data.decode()
    assert "Security walk-through" not in text
    records = [record_of(e) for e in vevents(data)]
    assert not any({"notes", "agenda", "contacts", "attachments", "sources"} & set(r) for r in records)
    assert "Notes:" not in text and "Contacts:" not in text and "Agenda:" not in text
    assert not re.search(r"\+?\d{2,3}[- ]\d{1,4}[- ]\d{3,4}[- ]\d{4}", text.replace("\r\n ", ""))
    assert "CLASS:CONFIDENTIAL" not in text
    full = (tmp_path / "visit.ics").read_bytes().decode()
    assert "Security walk-through" in full and "CLASS:CONFIDENTIAL" in full and "+82-44-202-7129" in full.replace("\r\n ", "")
    assert "Kim Young-hoon" in (tmp_path / "kim-younghoon.ics").read_text() and "SUMMARY:Global AI" not in (tmp_path / "kim-younghoon.ics").read_text()


def test_exported_events_never_invite_anyone() -> None:
    for path in EXPORTS.glob("*.ics"):
        data = path.read_bytes()
        assert b"METHOD:PUBLISH" in data
        for event in vevents(data):
            for attendee in event.get("ATTENDEE", []) if isinstance(event.get("ATTENDEE"), list) else [event.get("ATTENDEE")]:
                if attendee is not None:
                    assert attendee.params["RSVP"] == "FALSE" and attendee.params["ROLE"] and attendee.params["CN"]


def test_tbc_event_is_a_free_tentative_day_item_and_cancelled_stays_cancelled(cli: Cli, tmp_path: Path) -> None:
    cli("export", "-o", str(tmp_path / "a.ics"))
    event = next(e for e in vevents((tmp_path / "a.ics").read_bytes()) if "President" in str(e["SUMMARY"]))
    assert str(event["SUMMARY"]) == "Meeting with the President (time TBC)" and str(event["STATUS"]) == "TENTATIVE"
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (dt.date(2026, 5, 22), dt.date(2026, 5, 23))  # at the top of its day
    assert str(event["TRANSP"]) == "TRANSPARENT" and not event.walk("VALARM")
    assert "planning window 22 May 09:00–22 May 18:00 (Asia/Seoul)" in str(event["DESCRIPTION"])
    cli("cancel", "president-meeting")
    cli("export", "-o", str(tmp_path / "b.ics"))
    cancelled = next(e for e in vevents((tmp_path / "b.ics").read_bytes()) if "President" in str(e["SUMMARY"]))
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == int(event["SEQUENCE"]) + 1
    # an event cancelled before it was ever exported is left out
    cli("add", "--title", "Never shown", "--start", "22 May 21:00", "--duration", "30m")
    cli("cancel", "never-shown")
    cli("export", "-o", str(tmp_path / "c.ics"))
    assert b"Never shown" not in (tmp_path / "c.ics").read_bytes()


def assert_tbc_items_free_and_silent(data: bytes, where: str) -> int:
    """Every event whose time is to be confirmed in ``data`` is free, silent, tentative (or
    cancelled) and laid out on whole days; returns how many there were."""
    count = 0
    for event in vevents(data):
        if not str(event["SUMMARY"]).endswith(" (time TBC)"):
            continue
        count += 1
        uid = str(event["UID"])
        assert str(event["TRANSP"]) == "TRANSPARENT", f"{where}: {uid} makes people busy"
        assert not event.walk("VALARM"), f"{where}: {uid} rings for a time that does not exist"
        assert str(event["STATUS"]) in ("TENTATIVE", "CANCELLED"), f"{where}: {uid} is not tentative"
        assert type(event["DTSTART"].dt) is dt.date and type(event["DTEND"].dt) is dt.date, f"{where}: {uid} is laid across its day"
    return count


def test_no_tbc_event_of_any_shipped_export_is_busy_or_rings() -> None:
    files = sorted(EXPORTS.rglob("*.ics"))
    assert files and sum(assert_tbc_items_free_and_silent(f.read_bytes(), f.name) for f in files) >= 6


def test_the_public_calendar_gives_no_planning_window(cli: Cli, tmp_path: Path) -> None:
    cli("export", "--public", "-o", str(tmp_path / "public.ics"))
    for event in vevents((tmp_path / "public.ics").read_bytes()):
        assert "planning window" not in str(event.get("DESCRIPTION", "")) and "window" not in record_of(event)
        assert "Time to be confirmed." in str(event["DESCRIPTION"])


def test_alarms_travel_and_transparency(cli: Cli, tmp_path: Path) -> None:
    cli("edit", "minister-meeting", "--start", "21 May 14:00", "--duration", "1h", "--venue", "moel-sejong")
    cli("edit", "seoul-employment-center-visit", "--start", "21 May 17:30", "--duration", "1h", "--day", "21 May")
    cli("add", "--title", "Press holding", "--start", "21 May 13:00", "--duration", "3h", "--with", "houngbo", "--overlap-ok")
    cli("export", "-o", str(tmp_path / "a.ics"))
    events = {record_of(e)["id"]: e for e in vevents((tmp_path / "a.ics").read_bytes())}
    assert events["seoul-employment-center-visit"]["X-APPLE-TRAVEL-DURATION"].dt == dt.timedelta(minutes=120)
    assert str(events["press-holding"]["TRANSP"]) == "TRANSPARENT"
    alarm = events["minister-meeting"].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == dt.timedelta(minutes=-30) and str(alarm["ACTION"]) == "DISPLAY"
    cli("export", "--no-alarms", "-o", str(tmp_path / "b.ics"))
    assert b"BEGIN:VALARM" not in (tmp_path / "b.ics").read_bytes()


def test_export_to_standard_output(cli: Cli, data_dir: Path) -> None:
    result = cli("export", "--public", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    assert cli("export", "--public", "--all").exit_code == ExitCode.USAGE
    assert cli("export", "--person", "nobody").exit_code == ExitCode.NOT_FOUND


def test_korean_text_is_folded_without_splitting_characters() -> None:
    data = (EXPORTS / "visit.ics").read_bytes()
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a character
    text = "".join(str(e.get("DESCRIPTION", "")) for e in vevents(data))
    assert "김영훈 장관 - 질베르 응보 사무총장 면담" in text and "사람 중심 AI 정책 추진방향" in text


@pytest.mark.parametrize("zone_name", ["Europe/Zurich", "America/New_York", "Australia/Sydney", "Asia/Seoul", "America/Sao_Paulo"])
def test_vtimezone_agrees_with_iana_and_is_outlook_safe(zone_name: str) -> None:
    first, last = dt.date(2018, 1, 1), dt.date(2020, 12, 31)
    component = vtimezone(zone_name, first, last)
    text = component.to_ical().decode()
    assert "RDATE" not in text
    tz = ZoneInfo(zone_name)
    mine = component.to_tz()
    moment = dt.datetime(2018, 1, 1, 0, 30)
    while moment.date() <= last:  # every 6 hours over three years
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=mine).utcoffset(), moment
        moment += dt.timedelta(hours=6)
    if zone_name == "Asia/Seoul":
        assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text
    if zone_name == "Europe/Zurich":
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
        assert "DTSTART:20170326T020000" in text  # the wall time in TZOFFSETFROM, as RFC 5545 wants


def test_dst_zones_pass_the_checker(cli: Cli, tmp_path: Path) -> None:
    cli("add", "--title", "Call with Geneva", "--start", "2026-05-20 10:00", "--duration", "30m", "--zone", "Europe/Zurich")
    cli("add", "--title", "Call with New York", "--start", "2026-11-01 01:30", "--duration", "30m", "--zone", "America/New_York")
    out = tmp_path / "zones.ics"
    cli("export", "-o", str(out))
    assert parsers.problems(out) == []


# --- import -------------------------------------------------------------------------------


def imported(cli: Cli, data_dir: Path, name: str, *extra: str):
    result = cli("import", str(FIXTURES / name), *extra)
    return result, Store.at(data_dir).load()


def test_outlook_windows_zone_names(cli: Cli, data_dir: Path) -> None:
    result, programme = imported(cli, data_dir, "outlook_windows_zones.ics")
    assert result.exit_code == 0 and "1 outside the visit's days" in result.output, result.output
    assert "attendee 'Park Ji-won' matches no person" in result.output
    assert programme.event("briefing-call-from-geneva") is None  # 20 May: before the visit, left out
    result, programme = imported(cli, data_dir, "outlook_windows_zones.ics", "--all-dates")
    assert result.exit_code == 0, result.output
    call = programme.event("courtesy-call")
    assert call.zone == "Asia/Seoul" and call.start.hour == 11
    assert call.venue == "seoul-employment-center" and call.participants == ("kim-younghoon",)
    geneva = programme.event("briefing-call-from-geneva")
    assert geneva.zone == "Europe/Berlin" and geneva.start.hour == 9 and geneva.start.utcoffset() == dt.timedelta(hours=2)


def test_google_x_wr_timezone_floating_and_all_day(cli: Cli, data_dir: Path) -> None:
    result, programme = imported(cli, data_dir, "google_x_wr_timezone.ics")
    assert result.exit_code == 0, result.output
    briefing = programme.event("press-pool-briefing")
    assert briefing.zone == "Asia/Seoul" and briefing.start.hour == 10 and briefing.status == "tentative"
    dinner = programme.event("official-dinner")
    assert dinner.zone == "Asia/Seoul" and dinner.start.hour == 19 and dinner.status == "confirmed"
    holiday = programme.event("buddha-s-birthday-observed")
    assert holiday.overlap_ok and holiday.all_day and holiday.end - holiday.start == dt.timedelta(days=1)


def test_apple_travel_duration(cli: Cli, data_dir: Path) -> None:
    result, programme = imported(cli, data_dir, "apple_travel_duration.ics")
    assert result.exit_code == 0, result.output
    visit = programme.event("visit-to-the-seoul-employment-center")
    assert visit.uid == "5A0C6E1B-3C8F-4D2A-9B6E-1F2A3B4C5D6E" and "30 min" in visit.notes


def test_duplicate_uid_keeps_the_higher_sequence(cli: Cli, data_dir: Path) -> None:
    result, programme = imported(cli, data_dir, "duplicate_uid.ics")
    assert result.exit_code == 0 and "appears twice" in result.output
    assert [e.title for e in programme.events if e.uid == "same-uid@example.org"] == ["Breakfast briefing (moved)"]


@pytest.mark.parametrize("name,words", [("truncated.ics", "line 4: BEGIN:VEVENT is never closed")])
def test_malformed_file_names_the_line_and_changes_nothing(cli: Cli, data_dir: Path, name: str, words: str) -> None:
    before = folder_hash(data_dir)
    result = cli("import", str(FIXTURES / name))
    assert result.exit_code == ExitCode.INVALID_DATA and words in result.output and "Traceback" not in result.output
    assert folder_hash(data_dir) == before


def test_recurring_event_is_expanded_inside_the_visit(cli: Cli, data_dir: Path) -> None:
    result, programme = imported(cli, data_dir, "recurring.ics")
    assert result.exit_code == 0
    briefings = [e for e in programme.events if e.title == "Security briefing"]
    assert [e.start.day for e in briefings] == [21, 22]


def test_reimport_updates_only_with_a_higher_sequence(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("import", str(FIXTURES / "outlook_windows_zones.ics"))
    text = (FIXTURES / "outlook_windows_zones.ics").read_text()
    newer = text.replace("SUMMARY;LANGUAGE=en-us:Courtesy call", "SUMMARY;LANGUAGE=en-us:Courtesy call (moved)").replace(
        "DTSTART;TZID=\"Korea Standard Time\":20260521T110000\r\nLOCATION", "DTSTART;TZID=\"Korea Standard Time\":20260521T110000\r\nLOCATION")
    same_sequence = tmp_path / "same.ics"
    same_sequence.write_text(newer)
    assert cli("import", str(same_sequence)).exit_code == 0
    assert Store.at(data_dir).load().event("courtesy-call").title == "Courtesy call (moved)"  # never exported: taken
    cli("export", "-o", str(tmp_path / "x.ics"))
    older = tmp_path / "older.ics"
    older.write_text(text.replace("SUMMARY;LANGUAGE=en-us:Courtesy call", "SUMMARY;LANGUAGE=en-us:Old title"))
    result = cli("import", str(older))
    assert "older than ours" in result.output and Store.at(data_dir).load().event("courtesy-call").title == "Courtesy call (moved)"
    higher = tmp_path / "higher.ics"
    higher.write_text(text.replace("SEQUENCE:0", "SEQUENCE:3", 1).replace("SUMMARY;LANGUAGE=en-us:Courtesy call", "SUMMARY;LANGUAGE=en-us:Courtesy call at noon"))
    assert cli("import", str(higher)).exit_code == 0
    event = Store.at(data_dir).load().event("courtesy-call")
    assert event.title == "Courtesy call at noon" and event.revision == 3


def test_import_runs_the_conflict_check_first(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("edit", "president-meeting", "--start", "22 May 10:00", "--duration", "1h")
    clash = tmp_path / "clash.ics"
    clash.write_text((FIXTURES / "google_x_wr_timezone.ics").read_text().replace("SUMMARY:Press pool briefing", "SUMMARY:Press pool briefing\r\nATTENDEE;CN=Gilbert F. Houngbo:mailto:dg@ilo.example"))
    before = folder_hash(data_dir)
    result = cli("import", str(clash))
    assert result.exit_code == ExitCode.CONFLICT and folder_hash(data_dir) == before
    dry = cli("import", str(clash), "--dry-run", "--force")
    assert dry.exit_code == 0 and "Would import" in dry.output and folder_hash(data_dir) == before
    assert cli("import", str(clash), "--force").exit_code == 0 and folder_hash(data_dir) != before


def test_own_export_round_trips_into_an_empty_folder_and_reimports_as_unchanged(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "visit.ics"
    cli("export", "-o", str(out))
    empty = tmp_path / "empty"
    empty.mkdir()
    for name in ("visit.toml", "people.toml", "venues.toml"):
        shutil.copy(data_dir / name, empty / name)
    assert Cli(empty)("import", str(out)).exit_code == 0
    original, copy = Store.at(data_dir).load(), Store.at(empty).load()
    assert [content(e) for e in original.events] == [content(e) for e in copy.events]
    assert all(e.uid == "" for e in copy.events)
    before = folder_hash(data_dir)
    again = cli("import", str(out))
    assert again.exit_code == 0 and "6 unchanged" in again.output and folder_hash(data_dir) == before


def test_import_limits(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("import", str(tmp_path / "missing.ics")).exit_code == ExitCode.NOT_FOUND
    big = tmp_path / "big.ics"
    big.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"a" * (5 * 1024 * 1024) + b"\r\nEND:VCALENDAR\r\n")
    result = cli("import", str(big))
    assert result.exit_code == ExitCode.INVALID_DATA and "over the limit" in result.output
    assert cli("import", str(tmp_path)).exit_code == ExitCode.INVALID_DATA


# --- round trip, for all inputs -----------------------------------------------------------



HARD = "가나다한국어 질베르응보,;\\:\"'<>[]{}=&%$#@!?^~`|/ abcXYZ019é"
line_text = st.text(alphabet=HARD, min_size=1, max_size=40).filter(lambda t: t.strip())
long_text = st.text(alphabet=HARD + "\n\t", max_size=200)
SHIPPED_PROGRAMME = Store.at(SHIPPED).load()


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = dt.datetime(2026, 5, 21, 8, tzinfo=ZoneInfo("Asia/Seoul")) + dt.timedelta(minutes=15 * draw(st.integers(0, 150)))
    return Event(
        id="random-event",
        title=draw(line_text),
        title_ko=draw(st.one_of(st.just(""), line_text)),
        start=start,
        end=start + dt.timedelta(minutes=15 * draw(st.integers(1, 12))),
        kind=draw(st.sampled_from(["meeting", "ceremony", "meal", "press"])),
        status=draw(st.sampled_from(["confirmed", "tentative"])),
        visibility=draw(st.sampled_from(["public", "restricted"])),
        time_tbc=draw(st.booleans()),
        venue=draw(st.sampled_from([None, "moel-sejong", "seoul-employment-center"])),
        participants=tuple(draw(st.lists(st.sampled_from(["houngbo", "kim-younghoon", "president"]), unique=True, max_size=3))),
        notes=draw(long_text),
        agenda=tuple(draw(st.lists(line_text, max_size=3))),
        attachments=tuple(Attachment(draw(line_text), draw(long_text), draw(st.sampled_from(["", "ko", "en"]))) for _ in range(draw(st.integers(0, 2)))),
        contacts=tuple(draw(st.lists(st.sampled_from(["lee-kangyeon", "jung-hyejin"]), unique=True, max_size=2))),
        sources=tuple((f"fact{i}", draw(long_text)) for i in range(draw(st.integers(0, 2)))),
        overlap_ok=draw(st.booleans()),
        alarm_minutes=draw(st.sampled_from([None, 0, 15, 120])),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from([FULL, PUBLIC, Audience("person", "houngbo")]), st.booleans())
def test_no_tbc_event_is_busy_or_rings_in_any_calendar(event: Event, audience: Audience, alarms: bool) -> None:
    programme = SHIPPED_PROGRAMME.with_events([event])
    data = ics.calendar_bytes(programme, ics.Variant(audience, alarms))
    assert_tbc_items_free_and_silent(data, "random")
    for _, single in ics.event_calendars(programme, ics.Variant(audience, alarms), {}):  # as CalDAV publishes
        assert_tbc_items_free_and_silent(single, "published")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_any_event_survives_export_then_import(event: Event) -> None:
    programme = SHIPPED_PROGRAMME.with_events([event])
    data = ics.calendar_bytes(programme, ics.Variant())
    for line in data.split(b"\r\n"):
        assert len(line) <= 75 and b"\n" not in line
        line.decode("utf-8")
    items = icsread.read_calendar(data, default_zone="Asia/Seoul", window=programme.visit.bounds())
    plan = plan_import(SHIPPED_PROGRAMME.with_events([]), items, now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    assert [c.action for c in plan.changes] == ["add"]
    assert content(plan.changes[0].event) == content(event)
