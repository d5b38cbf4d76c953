"""What the planner needs of an event: expected length, ordering, preferences. Validated by the
model and the library, kept by the codec, set by `edit`, shown by `show`, and never exported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import SHIPPED, Cli, folder_hash
from itinerary.errors import ExitCode, InvalidData
from itinerary.formats import codec
from itinerary.model import Event

SEOUL = dt.timezone(dt.timedelta(hours=9))


def tbc(**fields: object) -> Event:
    base: dict[str, object] = dict(id="talks", title="Talks", start=dt.datetime(2026, 5, 22, 9, tzinfo=SEOUL),
                                   end=dt.datetime(2026, 5, 22, 12, tzinfo=SEOUL), time_tbc=True)
    return Event(**{**base, **fields})  # type: ignore[arg-type]


def test_planning_fields_round_trip_to_identical_bytes() -> None:
    event = tbc(duration=40, after=("ceremony",), before=("dinner", "press"), same_day=("ceremony",), min_gap=0, prefer="morning",
                sources=(("duration", "planning assumption of lee, 2026-05-10; not stated in the source"),))
    text = codec.dumps_event(event)
    assert "duration = 40\n" in text and "min_gap = 0\n" in text and 'prefer = "morning"\n' in text
    again = codec.loads_event(text, "talks.toml")
    assert again == event
    assert codec.dumps_event(again) == text


def test_records_without_planning_fields_are_written_as_before() -> None:
    for path in SHIPPED.glob("*-*.toml"):
        text = path.read_text(encoding="utf-8")
        event = codec.loads_event(text, path.name)
        assert event.duration is None and not event.prefer
        assert event.after == (("global-ai-hub-ceremony",) if event.id == "minister-meeting" else ())  # the one order the release states
        assert codec.dumps_event(event) == text


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"duration": 200}, "duration", "longer than the planning window (180 min)"),
        ({"duration": 0}, "duration", "between 1 and"),
        ({"min_gap": -5}, "min_gap", "between 0 and"),
        ({"prefer": "noon"}, "prefer", "not one of morning, afternoon, evening"),
        ({"after": ("talks",)}, "after", "cannot be after itself"),
        ({"same_day": ("a", "a")}, "same_day", "listed twice"),
        ({"after": ("a",), "before": ("a",)}, "before", "both after and before"),
        ({"before": ("Not An Id",)}, "before", ""),
    ],
)
def test_the_model_refuses_planning_fields_that_cannot_hold(fields: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidData) as caught:
        tbc(**fields)
    assert caught.value.field == field and words in caught.value.reason


def test_a_timed_event_keeps_its_expected_length_without_a_window_rule() -> None:
    event = tbc(duration=150)
    timed = dataclasses.replace(event, time_tbc=False, end=event.start + dt.timedelta(minutes=30))
    assert timed.duration == 150  # kept for when its time is opened again


def test_edit_sets_planning_fields_citing_the_source_or_marking_an_assumption(cli: Cli, data_dir: Path) -> None:
    quote = "moel-release: '이날 오후에 열린 글로벌 AI 허브 비전 선포식에도 참석한 경험을 전하며'"
    assert cli("edit", "minister-meeting", "--after", "").exit_code == 0  # shipped with the rule: set it again
    result = cli("edit", "minister-meeting", "--after", "global-ai-hub-ceremony", "--source", quote)
    assert result.exit_code == 0, result.output
    assert "Changed minister-meeting: after, sources" in result.output
    result = cli("edit", "minister-meeting", "--duration", "40m", "--prefer", "afternoon", "--min-gap", "15m", "--by", "lee")
    assert result.exit_code == 0, result.output
    record = codec.loads_event((data_dir / "minister-meeting.toml").read_bytes(), "minister-meeting.toml")
    assert record.time_tbc and record.duration == 40 and record.min_gap == 15 and record.prefer == "afternoon"
    assert (record.start.hour, record.end.hour) == (12, 18)  # the window stays: --duration is the expected length
    sources = dict(record.sources)
    assert sources["after"] == quote and sources["time"] == "not stated"
    for name in ("duration", "prefer", "min_gap"):
        assert re.fullmatch(r"planning assumption of lee, \d{4}-\d\d-\d\d; not stated in the source", sources[name])
    shown = cli("show", "minister-meeting").output
    assert "expected length 40 min (planning assumption of lee" in shown
    assert "after 'Global AI Hub vision proclamation ceremony' (global-ai-hub-ceremony), at least 15 min between (MoEL press release, 2026-05-21:" in shown
    assert "preferably in the afternoon" in shown
    cleared = cli("edit", "minister-meeting", "--prefer", "none", "--after", "")
    assert cleared.exit_code == 0, cleared.output
    record = codec.loads_event((data_dir / "minister-meeting.toml").read_bytes(), "minister-meeting.toml")
    assert not record.prefer and not record.after and "prefer" not in dict(record.sources) and "after" not in dict(record.sources)


def test_edit_refuses_unknown_events_naming_the_closest_and_keeps_references_whole(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("edit", "minister-meeting", "--after", "global-ai-hub-ceremny")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "--after: no event 'global-ai-hub-ceremny'; did you mean 'global-ai-hub-ceremony' (Global AI Hub vision proclamation ceremony)?" in result.output
    assert cli("edit", "minister-meeting", "--duration", "7h").exit_code == ExitCode.USAGE
    assert "--prefer: 'noon' is not one of" in cli("edit", "minister-meeting", "--prefer", "noon").output
    assert folder_hash(data_dir) == before
    assert cli("edit", "minister-meeting", "--after", "global-ai-hub-ceremony").exit_code == 0
    result = cli("remove", "global-ai-hub-ceremony", "--yes")
    assert result.exit_code == ExitCode.INVALID_DATA
    assert "event 'global-ai-hub-ceremony' is still used by minister-meeting" in result.output


def test_a_record_naming_an_unknown_event_is_invalid_data(cli: Cli, data_dir: Path) -> None:
    path = data_dir / "minister-meeting.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"global-ai-hub-ceremony",', '"nothing-here",'), encoding="utf-8")
    result = cli("check")
    assert result.exit_code == ExitCode.INVALID_DATA
    assert "minister-meeting.toml: after: unknown event 'nothing-here'" in result.output


def _without_stamps(data: bytes) -> bytes:
    return re.sub(rb"^(DTSTAMP|LAST-MODIFIED)[:;].*\r\n", b"", data, flags=re.M)


def test_planning_fields_change_no_calendar_export(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("export", "-o", str(tmp_path / "before.ics")).exit_code == 0
    for event_id in ("minister-meeting", "president-meeting", "seoul-employment-center-visit"):
        assert cli("edit", event_id, "--duration", "40m", "--prefer", "afternoon").exit_code == 0
    assert cli("edit", "minister-meeting", "--after", "global-ai-hub-ceremony", "--same-day", "global-ai-hub-ceremony").exit_code == 0
    result = cli("export", "-o", str(tmp_path / "after.ics"))
    assert result.exit_code == 0 and "SEQUENCE raised" not in result.output
    assert _without_stamps((tmp_path / "after.ics").read_bytes()) == _without_stamps((tmp_path / "before.ics").read_bytes())


def test_check_holds_timed_events_to_the_rules_they_record(cli: Cli) -> None:
    assert cli("edit", "minister-meeting", "--after", "global-ai-hub-ceremony", "--min-gap", "20m").exit_code == 0
    assert cli("edit", "global-ai-hub-ceremony", "--start", "21 May 14:00", "--duration", "1h", "--status", "tentative").exit_code == 0
    refused = cli("edit", "minister-meeting", "--start", "21 May 15:10", "--duration", "40m")  # 10 min after: short
    assert refused.exit_code == ExitCode.CONFLICT and "should follow" in refused.output
    assert cli("edit", "minister-meeting", "--start", "21 May 15:10", "--duration", "40m", "--force").exit_code == 0
    result = cli("check", "--json")
    order = [f for f in json.loads(result.output.splitlines()[0])["findings"] if f["kind"] == "order"]
    assert [(f["severity"], f["events"], f["minutes"]) for f in order] == [("error", ["global-ai-hub-ceremony", "minister-meeting"], 10)]
    assert "should follow 'Global AI Hub vision proclamation ceremony' (21 May 14:00–15:00) by at least 20 min (10 min short" in order[0]["message"]
    assert cli("edit", "minister-meeting", "--start", "21 May 15:20").exit_code == 0
    assert '"kind":"order"' not in cli("check", "--json").output
    assert cli("edit", "minister-meeting", "--same-day", "president-meeting").exit_code == 0  # the President's meeting is TBC: no rule to judge
    assert '"kind":"order"' not in cli("check", "--json").output


def test_the_unconfirmed_warning_names_the_expected_length(cli: Cli) -> None:
    assert cli("edit", "president-meeting", "--duration", "40m").exit_code == 0
    assert "time to be confirmed (planning window 22 May 09:00–18:00, expected 40 min)" in cli("check").output


def test_a_start_confirms_a_tbc_event_with_its_expected_length_never_its_window(cli: Cli, data_dir: Path) -> None:
    """`edit president-meeting --start "22 May 16:00"` once made the shipped meeting (window
    09:00–18:00) a nine-hour event ending at 01:00 the next day."""
    before = folder_hash(data_dir)
    refused = cli("edit", "president-meeting", "--start", "22 May 16:00")
    assert refused.exit_code == ExitCode.USAGE
    assert ("the time of president-meeting is to be confirmed and no expected length is recorded: give its length with --duration "
            "or its end with --end (its planning window, 22 May 09:00–18:00, is not its length)") in refused.output
    assert folder_hash(data_dir) == before
    assert cli("edit", "president-meeting", "--duration", "40m").exit_code == 0  # the expected length
    wrong = cli("edit", "president-meeting", "--time-confirmed")
    assert wrong.exit_code == ExitCode.USAGE and "give its start with --start" in wrong.output
    moved = cli("edit", "president-meeting", "--start", "22 May 16:00")
    assert moved.exit_code == 0, moved.output
    record = codec.loads_event((data_dir / "president-meeting.toml").read_bytes(), "president-meeting.toml")
    assert not record.time_tbc and (record.start.hour, record.end.hour, record.end.minute) == (16, 16, 40)
    assert "after the visit's last day" not in cli("check").output
    both = cli("edit", "seoul-employment-center-visit", "--start", "22 May 10:00", "--end", "22 May 11:30")
    assert both.exit_code == 0, both.output  # no expected length needed when the edit gives the end


def test_add_takes_every_planning_field(cli: Cli, data_dir: Path) -> None:
    result = cli("add", "--id", "roundtable", "--title", "Round table", "--tbc", "--start", "22 May 13:00", "--end", "22 May 17:00",
                 "--duration", "1h", "--with", "houngbo", "--after", "global-ai-hub-ceremony", "--same-day", "president-meeting",
                 "--min-gap", "15m", "--prefer", "afternoon", "--by", "lee")
    assert result.exit_code == 0, result.output
    record = codec.loads_event((data_dir / "roundtable.toml").read_bytes(), "roundtable.toml")
    assert record.time_tbc and (record.start.hour, record.end.hour) == (13, 17)  # the window; --duration is the expected length
    assert (record.duration, record.after, record.same_day, record.min_gap, record.prefer) == (
        60, ("global-ai-hub-ceremony",), ("president-meeting",), 15, "afternoon")
    sources = dict(record.sources)
    for name in ("duration", "after", "same_day", "min_gap", "prefer"):
        assert re.fullmatch(r"planning assumption of lee, \d{4}-\d\d-\d\d; not stated in the source", sources[name])
    cited = cli("add", "--id", "lunch", "--title", "Lunch", "--start", "22 May 12:00", "--duration", "1h", "--with", "houngbo",
                "--before", "president-meeting", "--source", "Protocol desk, call of 12 May")
    assert cited.exit_code == 0, cited.output
    lunch = codec.loads_event((data_dir / "lunch.toml").read_bytes(), "lunch.toml")
    assert lunch.before == ("president-meeting",) and dict(lunch.sources) == {"before": "Protocol desk, call of 12 May"}
    no_window = cli("add", "--title", "Talks", "--tbc", "--start", "22 May 13:00", "--duration", "1h")
    assert no_window.exit_code == ExitCode.USAGE and "--tbc: give the planning window with --start and --end" in no_window.output
