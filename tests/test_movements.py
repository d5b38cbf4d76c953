"""Where people go between events: a night between two events is neither travel nor time to
spare; an unknown leg is reported only where a person moves between two venues on one day, with
the command that records it; a transfer goes from one venue to another, and the travel checks,
`show` and the calendars say so; attachments are named, their text printed only on request."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import parsers
import pytest

from conftest import Cli, folder_hash
from itinerary.errors import ExitCode
from itinerary.formats import codec


def day(cli: Cli, *args: str) -> None:
    for command in (
        ["venue", "add", "lotte-hotel", "--name", "Lotte Hotel Seoul", "--city", "Seoul"],
        ["add", "--id", "dinner", "--title", "Dinner", "--start", "21 May 17:00", "--duration", "2h", "--with", "houngbo",
         "--venue", "moel-sejong", "--status", "confirmed"],
        ["add", "--id", "breakfast", "--title", "Breakfast", "--start", "22 May 10:00", "--duration", "1h", "--with", "houngbo",
         "--venue", "seoul-employment-center", "--status", "confirmed"],
        *([list(args)] if args else []),
    ):
        result = cli(*command)
        assert result.exit_code == 0, (command, result.output)


def findings(cli: Cli) -> list[dict[str, object]]:
    result = cli("check", "--json")
    return list(json.loads(result.output.splitlines()[-1])["findings"])


def test_a_night_between_two_events_is_neither_travel_nor_time_to_spare(cli: Cli) -> None:
    """Sejong until 19:00, Seoul from 10:00 the next day: once '→ 120 min travel + 10 min
    buffer, 1,005 min spare'."""
    day(cli)
    timeline = cli("timeline", "--person", "houngbo")
    assert timeline.exit_code == 0, timeline.output
    assert "spare" not in timeline.output and "120 min travel" not in timeline.output
    assert not [f for f in findings(cli) if f["kind"] == "travel"]
    # the same two venues on one day: the travel is counted
    result = cli("edit", "breakfast", "--start", "21 May 19:30")
    assert result.exit_code == ExitCode.CONFLICT and "needs 120 min travel + 10 min buffer, has 30 min (100 min short)" in result.output


def test_an_unknown_leg_is_reported_only_for_a_move_on_one_day_with_the_command(cli: Cli) -> None:
    day(cli, "add", "--id", "lunch", "--title", "Lunch", "--start", "22 May 12:00", "--duration", "1h", "--with", "houngbo",
        "--venue", "lotte-hotel", "--status", "confirmed")
    assert cli("edit", "dinner", "--venue", "lotte-hotel").exit_code == 0  # Lotte until 19:00, Seoul Employment Center next morning
    travel = [f for f in findings(cli) if f["kind"] == "travel"]
    assert [f["events"] for f in travel] == [["breakfast", "lunch"]]  # not the night from the dinner to the breakfast
    assert str(travel[0]["message"]).endswith("travel time between them is unknown: "
                                              "itinerary leg add seoul-employment-center lotte-hotel --minutes N")
    assert "venues.toml" not in cli("check").output


def test_a_transfer_goes_from_one_venue_to_another_and_the_travel_checks_use_it(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    day(cli)
    result = cli("add", "--id", "drive-to-sejong", "--title", "Drive to Sejong", "--kind", "transfer", "--start", "22 May 11:15",
                 "--duration", "2h", "--with", "houngbo", "--from-venue", "seoul-employment-center", "--to-venue", "moel-sejong",
                 "--status", "confirmed")
    assert result.exit_code == 0, result.output
    record = tomllib.loads((data_dir / "drive-to-sejong.toml").read_text(encoding="utf-8"))
    assert (record["from_venue"], record["to_venue"]) == ("seoul-employment-center", "moel-sejong") and "venue" not in record
    text = (data_dir / "drive-to-sejong.toml").read_text(encoding="utf-8")
    assert codec.dumps_event(codec.loads_event(text, "drive-to-sejong.toml")) == text
    shown = " ".join(cli("show", "drive-to-sejong").output.split())
    assert "From Seoul Employment Center" in shown and "To Ministry of Employment and Labor" in shown
    assert "to be confirmed" not in shown
    # it arrives in Sejong at 13:15: a meeting in Seoul at 14:00 cannot be reached
    late = cli("add", "--title", "Call", "--start", "22 May 14:00", "--duration", "30m", "--with", "houngbo",
               "--venue", "seoul-employment-center")
    assert late.exit_code == ExitCode.CONFLICT
    assert ("'Drive to Sejong' ends 13:15 at Ministry of Employment and Labor, Government Complex Sejong; 'Call' starts 14:00 at "
            "Seoul Employment Center; needs 120 min travel") in " ".join(late.output.split())
    assert cli("add", "--title", "Talks", "--start", "22 May 13:30", "--duration", "1h", "--with", "houngbo",
               "--venue", "moel-sejong").exit_code == 0  # where it arrives: no travel
    not_a_transfer = cli("add", "--title", "Talks", "--start", "22 May 15:00", "--duration", "1h", "--from-venue", "moel-sejong")
    assert not_a_transfer.exit_code == ExitCode.USAGE and "--from-venue: only a transfer (kind transfer)" in not_a_transfer.output
    calendar = tmp_path / "visit.ics"
    assert cli("export", "-o", str(calendar)).exit_code == 0
    unfolded = calendar.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert ("LOCATION:Seoul Employment Center → Ministry of Employment and Labor\\, Government Complex Sejong\r\n") in unfolded
    assert parsers.problems(calendar) == []
    copy = Cli(tmp_path / "copy")
    shutil.copytree(data_dir, copy.data)
    (copy.data / "drive-to-sejong.toml").unlink()
    assert copy("import", str(calendar)).exit_code == 0  # our own export comes back whole
    again = codec.loads_event((copy.data / "drive-to-sejong.toml").read_bytes(), "drive-to-sejong.toml")
    assert (again.from_venue, again.to_venue) == ("seoul-employment-center", "moel-sejong")


@pytest.mark.parametrize("command", [["show", "minister-meeting"], ["edit", "minister-meeting", "--note", "Briefing at 11:00."]])
def test_attachments_are_named_and_their_text_printed_only_when_asked(cli: Cli, command: list[str]) -> None:
    result = cli(*command)
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert "Attachments Minister's welcome remarks (장관님 인사 말씀) — Korean, 64 lines, 1,272 characters" in words, words
    assert "(the text: itinerary show minister-meeting --attachments)" in words
    assert "질베르 응보 사무총장님" not in result.output  # the two-page speech is not printed after every change


def test_show_prints_the_attachments_when_asked(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("show", "minister-meeting", "--attachments")
    assert result.exit_code == 0 and "질베르 응보 사무총장님" in result.output and "Attachment: Minister's welcome remarks" in result.output
    assert folder_hash(data_dir) == before
