"""Hostile and broken input: only the project's errors, never a partial write."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SHIPPED, Cli, folder_hash
from itinerary.cli import app
from itinerary.core.merge import plan as plan_import
from itinerary.errors import ExitCode, ItineraryError
from itinerary.formats import codec, icsread
from itinerary.storage.store import Store

PROGRAMME = Store.at(SHIPPED).load()
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

EVENT_KEYS = ["schema", "id", "title", "title_ko", "kind", "status", "visibility", "time_tbc", "zone", "start", "end",
              "window_start", "window_end", "venue", "participants", "contacts", "overlap_ok", "restricted_fields",
              "alarm_minutes", "uid", "revision", "updated", "notes", "agenda", "source", "attachments", "export"]
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1), st.text(max_size=30), st.booleans(), st.floats(allow_nan=False),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)),
    st.dates(), st.times(), st.sampled_from(["Asia/Seoul", "Europe/Zurich", "../etc/passwd", "meeting", "confirmed", "houngbo"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
documents = st.dictionaries(st.sampled_from(EVENT_KEYS), values, max_size=12).map(lambda d: {"schema": 1, **d})


def only_our_errors(call) -> None:
    try:
        call()
    except ItineraryError:
        pass


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_to_every_loader(data: bytes) -> None:
    for load in (lambda: codec.loads_event(data, "x.toml"), lambda: codec.loads_visit(data), lambda: codec.loads_people(data),
                 lambda: codec.loads_venues(data)):
        only_our_errors(load)


@FUZZ
@given(documents)
def test_structurally_valid_but_wrong_records(document: dict) -> None:
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return  # not expressible in TOML
    only_our_errors(lambda: codec.loads_event(text, "x.toml"))
    only_our_errors(lambda: codec.loads_visit(text))
    only_our_errors(lambda: codec.loads_people(text.replace("schema = 1", "schema = 1\n[[people]]", 1)))


ICS_NAMES = ["UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "RRULE", "RDATE", "EXDATE", "SEQUENCE", "STATUS", "ATTENDEE",
             "LOCATION", "X-WR-TIMEZONE", "X-ITINERARY-RECORD", "TZID", "CLASS", "TRANSP"]
ics_values = st.one_of(
    st.sampled_from(["20260522T100000", "20260522T100000Z", "20260522", "99991231T235959", "00010101T000000", "PT1H", "-PT5M",
                     "FREQ=DAILY;COUNT=3", "FREQ=SECONDLY", "FREQ=YEARLY;BYMONTH=13", "Asia/Seoul", "Mars/Base", "CANCELLED",
                     "houngbo,nobody", "-1", "99999999999999999999", "", ":", ";", "\\", "a\\nb",
                     '{"id":"x","zone":"Mars/Base","participants":"houngbo","alarm":true,"attachments":[[1,2,3]]}',
                     '{"id":"../x","zone":"Asia/Seoul","time_tbc":true,"agenda":[null],"sources":"s"}', "[1,2]", "null"]),
    st.text(max_size=20),
)
ics_params = st.sampled_from(["", ";TZID=Asia/Seoul", ";TZID=Korea Standard Time", ";TZID=Nowhere", ";VALUE=DATE", ";VALUE=TEXT", ";CN=x"])
ics_lines = st.tuples(st.sampled_from(ICS_NAMES), ics_params, ics_values).map(lambda t: f"{t[0]}{t[1]}:{t[2]}")


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    events = []
    for _ in range(draw(st.integers(0, 3))):
        body = draw(st.lists(ics_lines, max_size=8))
        events.append("BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in body) + "END:VEVENT\r\n")
    head = draw(st.lists(ics_lines, max_size=2))
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "".join(f"{h}\r\n" for h in head) + "".join(events) + "END:VCALENDAR\r\n"
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode("utf-8", "surrogatepass") if draw(st.booleans()) else text.encode("utf-8", "replace")


def _import(data: bytes) -> None:
    items = icsread.read_calendar(data, default_zone="Asia/Seoul", window=PROGRAMME.visit.bounds())
    plan_import(PROGRAMME, items, now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))


@FUZZ
@given(st.one_of(st.binary(max_size=400), calendars()))
def test_random_calendars_to_the_importer(data: bytes) -> None:
    try:
        _import(data)
    except (icsread.CalendarError, ItineraryError):
        pass


@pytest.fixture(scope="module")
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "events"
    shutil.copytree(SHIPPED, folder)
    return folder


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), calendars()))
def test_import_command_never_crashes_nor_writes_on_failure(shared_folder: Path, tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "input.ics"
    source.write_bytes(data)
    before = folder_hash(shared_folder)
    result = CliRunner().invoke(app, ["--data", str(shared_folder), "import", str(source)])
    assert result.exit_code != ExitCode.BUG and "Traceback" not in result.output, result.output
    if result.exit_code != 0:
        assert folder_hash(shared_folder) == before
    else:  # a random file that imports cleanly: put the folder back for the next example
        shutil.rmtree(shared_folder)
        shutil.copytree(SHIPPED, shared_folder)


# --- limits, ids, markup ------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../outside", "/etc/passwd", "a/b", "a\\b", "a\x00b", "..", ".hidden", "UPPER"])
def test_ids_can_never_name_a_path(cli: Cli, data_dir: Path, bad: str) -> None:
    before = folder_hash(data_dir)
    for args in (["add", "--id", bad, "--title", "x", "--start", "22 May 10:00", "--duration", "1h"], ["show", bad],
                 ["edit", bad, "--title", "x"], ["remove", bad, "--yes"], ["cancel", bad], ["history", bad]):
        result = cli(*args)
        assert result.exit_code in (ExitCode.USAGE, ExitCode.NOT_FOUND), (args, result.output)
    assert folder_hash(data_dir) == before
    assert not (data_dir.parent / "outside.toml").exists()


def test_text_length_limits(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("add", "--title", "x" * 301, "--start", "22 May 10:00", "--duration", "1h")
    assert result.exit_code == ExitCode.USAGE and "over the limit of 300" in result.output
    result = cli("add", "--title", "ok", "--note", "n" * 20_001, "--start", "22 May 10:00", "--duration", "1h")
    assert result.exit_code == ExitCode.USAGE and "over the limit" in result.output
    assert folder_hash(data_dir) == before


@pytest.mark.parametrize(("prop", "field", "length", "limit"), [("DESCRIPTION", "notes", 20_050, 20_000), ("SUMMARY", "title", 301, 300)])
def test_an_imported_text_over_its_limit_is_refused_naming_it_never_cut(cli: Cli, data_dir: Path, tmp_path: Path, prop: str, field: str,
                                                                       length: int, limit: int) -> None:
    text = ("Zeta " * length)[:length - 1] + "Z"
    event = (f"BEGIN:VEVENT\r\nUID:long@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260522T100000Z\r\nDTEND:20260522T110000Z\r\n"
             f"SUMMARY:Briefing\r\n{prop}:{text}\r\nEND:VEVENT\r\n").replace("SUMMARY:Briefing\r\nSUMMARY:", "SUMMARY:")
    source = tmp_path / "long.ics"
    source.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + event + "END:VCALENDAR\r\n")
    before = folder_hash(data_dir)
    result = cli("import", str(source))
    said = " ".join(result.output.split())
    assert result.exit_code == ExitCode.INVALID_DATA, said
    assert f"{field}: event 'long@x'" in said and f"text of {length} characters is over the limit of {limit}" in said, said
    assert folder_hash(data_dir) == before


def test_record_over_the_size_limit(cli: Cli, data_dir: Path) -> None:
    (data_dir / "huge.toml").write_bytes(b"schema = 1\n" + b"#" * (5 * 1024 * 1024 + 1))
    result = cli("timeline")
    assert result.exit_code == ExitCode.INVALID_DATA and "huge.toml" in result.output and "over the limit" in result.output


def test_too_many_events_in_one_import(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260522T100000Z\r\nDTEND:20260522T110000Z\r\nSUMMARY:E{i}\r\nEND:VEVENT\r\n"
        for i in range(5001)
    )
    big = tmp_path / "many.ics"
    big.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + body + "END:VCALENDAR\r\n")
    before = folder_hash(data_dir)
    result = cli("import", str(big))
    assert result.exit_code == ExitCode.INVALID_DATA and "over the limit of 5000" in result.output
    assert folder_hash(data_dir) == before


def test_control_characters_are_refused(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    for text in ("Talks\x1b[2J", "Talks\x07", "Talks\u2028more"):
        assert cli("add", "--title", text, "--start", "22 May 10:00", "--duration", "1h").exit_code == ExitCode.USAGE
    assert cli("--by", "evil\x1b[31m", "add", "--title", "x", "--start", "22 May 10:00", "--duration", "1h").exit_code == ExitCode.USAGE
    assert folder_hash(data_dir) == before


def test_markup_in_titles_is_shown_literally(cli: Cli) -> None:
    title = "Talks [red]urgent[/red] [link=https://evil.example]click[/link] [bold]"
    assert cli("add", "--title", title, "--start", "22 May 10:00", "--duration", "1h", "--force").exit_code == 0
    shown = cli("timeline", "--day", "22 May")
    assert title in shown.output
    assert title in cli("show", "talks-red-urgent-red-link-https-evil-example-click-link-bold").output
