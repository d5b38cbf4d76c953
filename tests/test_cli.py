"""Every command and every exit code, through typer's CliRunner."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, SHIPPED, Cli, folder_hash
from itinerary.cli import app
from itinerary.errors import ExitCode

ANSI = re.compile(r"\x1b\[")


def test_version() -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("itinerary ")


def test_timeline_shows_both_days_and_every_item(cli: Cli) -> None:
    result = cli("timeline")
    assert result.exit_code == 0, result.output
    for words in ("Thursday 21 May 2026", "Friday 22 May 2026", "Global AI Hub", "Minister Kim", "the President",
                  "representatives of labour", "representatives of business", "Seoul Employment"):
        assert words in result.output
    assert not ANSI.search(result.output)


def test_timeline_for_the_guest_in_geneva_time(cli: Cli) -> None:
    assert cli("edit", "president-meeting", "--start", "22 May 14:00", "--duration", "45m").exit_code == 0
    result = cli("timeline", "--person", "houngbo", "--tz", "Europe/Zurich")
    assert result.exit_code == 0, result.output
    assert "Seoul / Zurich" in result.output
    assert "14:00–14:45" in result.output and "07:00–07:45" in result.output


def test_timeline_filters(cli: Cli) -> None:
    day = cli("timeline", "--day", "2026-05-21", "--no-second-zone")
    assert "Global AI Hub" in day.output and "Seoul Employment" not in day.output and "Geneva" not in day.output
    person = cli("timeline", "--person", "kim-younghoon")
    assert "Minister Kim" in person.output and "Seoul Employment" not in person.output
    window = cli("timeline", "--from", "22 May 00:00", "--to", "23 May 00:00")
    assert "Seoul Employment" in window.output and "Global AI Hub" not in window.output


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "22 May 15:00", "--to", "22 May 10:00"], "--to (22 May 10:00) must be after --from (22 May 15:00)"),
    (["--from", "22 May 10:00", "--to", "22 May 10:00"], "must be after --from"),
    (["--day", "22 May", "--from", "15:00", "--to", "10:00"], "must be after --from"),
    (["--day", "22 May", "--from", "23 May 09:00"], "leave nothing of 22 May 2026"),
])
def test_timeline_refuses_a_from_not_before_its_to(cli: Cli, args: list[str], words: str) -> None:
    result = cli("timeline", *args)
    assert result.exit_code == ExitCode.USAGE, result.output  # never "No events match", exit 0
    assert words in result.output and "Traceback" not in result.output


def test_timeline_json_carries_offsets_and_zones(cli: Cli) -> None:
    result = cli("timeline", "--json")
    data = json.loads(result.output)
    assert data["format"] == "itinerary.timeline/1"
    moments = [e[key] for d in data["days"] for e in d["events"] for key in ("start", "end")]
    moments += [e["second_zone"][key] for d in data["days"] for e in d["events"] for key in ("start", "end")]
    assert len(moments) == 24
    for m in moments:
        assert re.search(r"[+-]\d\d:\d\d$", m["time"]) and m["zone"] in ("Asia/Seoul", "Europe/Zurich")


def test_cancelled_hidden_unless_all(cli: Cli) -> None:
    assert cli("cancel", "business-leaders-meeting", "--reason", "merged").exit_code == 0
    assert "representatives of business" not in cli("timeline").output
    shown = cli("timeline", "--all").output
    assert "representatives of business" in shown and "✗" in shown
    assert "already cancelled" in cli("cancel", "business-leaders-meeting").output


def test_show_people_venues(cli: Cli) -> None:
    shown = cli("show", "minister-meeting")
    assert shown.exit_code == 0 and "장관님 인사 말씀" in shown.output and "+82-44-202-7129" in shown.output
    full = json.loads(cli("show", "minister-meeting", "--json").output)
    assert full["attachments"][0]["lang"] == "ko" and len(full["agenda"]) == 4
    assert "질베르 응보" in cli("people").output and "이강연" in cli("people").output
    assert "서울고용센터" in cli("venues").output and "120" in cli("venues").output
    assert json.loads(cli("people", "--json").output)[0]["id"] == "houngbo"
    assert json.loads(cli("venues", "--json").output)[0]["id"] == "moel-sejong"


def test_add_writes_a_new_record_and_shows_it(cli: Cli, data_dir: Path) -> None:
    result = cli("add", "--title", "Working lunch", "--title-ko", "오찬", "--start", "12:00", "--day", "22 May",
                 "--duration", "1h", "--with", "houngbo,kim-younghoon", "--venue", "seoul-employment-center", "--kind", "meal")
    assert result.exit_code == 0, result.output
    assert "Added working-lunch" in result.output and "오찬" in result.output
    text = (data_dir / "working-lunch.toml").read_text(encoding="utf-8")
    assert "start = 2026-05-22 12:00:00" in text and 'zone = "Asia/Seoul"' in text and 'status = "tentative"' in text
    # a second one from the same title gets a free id
    again = cli("add", "--title", "Working lunch", "--start", "2026-05-21 12:00", "--end", "13:00")
    assert again.exit_code == 0 and (data_dir / "working-lunch-2.toml").exists()


@pytest.mark.parametrize(
    "args,code,words",
    [
        (["--start", "22 May 14:00", "--end", "13:00"], ExitCode.USAGE, "not after start"),
        (["--start", "22 May 14:00", "--duration", "1h", "--venue", "seoul-employmnt-center"], ExitCode.NOT_FOUND, "did you mean 'seoul-employment-center'"),
        (["--start", "22 May 14:00", "--duration", "1h", "--with", "houngbo,kim-yonghoon"], ExitCode.NOT_FOUND, "did you mean 'kim-younghoon'"),
        (["--start", "someday", "--duration", "1h"], ExitCode.USAGE, "cannot read 'someday'"),
        (["--start", "22 May 14:00", "--duration", "1h", "--id", "minister-meeting"], ExitCode.INVALID_DATA, "already exists"),
        (["--start", "22 May 14:00", "--duration", "1h", "--id", "../escape"], ExitCode.USAGE, "not a valid id"),
        (["--start", "22 May 14:00", "--duration", "1h", "--zone", "Mars/Base"], ExitCode.USAGE, "unknown time zone"),
        (["--start", "22 May 14:00"], ExitCode.USAGE, "give --end or --duration"),
        (["--start", "22 May 14:00", "--duration", "1h", "--kind", "party"], ExitCode.USAGE, "--kind"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(cli: Cli, data_dir: Path, args: list[str], code: int, words: str) -> None:
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Talks", *args)
    assert result.exit_code == code, result.output
    message = result.output.strip()
    assert words in message and "\n" not in message and "Traceback" not in message
    assert folder_hash(data_dir) == before


def test_a_wall_time_the_clocks_repeat_is_refused_with_both_readings_or_taken_as_chosen(cli: Cli, data_dir: Path) -> None:
    # the October day is outside the visit: --force lets it be written, so that only the fold is tested
    add = ["add", "--title", "Call with Geneva", "--zone", "Europe/Zurich", "--duration", "30m", "--force", "--start"]
    before = folder_hash(data_dir)
    refused = cli(*add, "2026-10-25 02:30")  # 03:00 CEST becomes 02:00 CET: 02:30 happens twice
    said = " ".join(refused.output.split())
    assert refused.exit_code == ExitCode.USAGE, said
    assert "happens twice" in said and "'2026-10-25 02:30+02:00' (the first, CEST)" in said and "'2026-10-25 02:30+01:00' (the second, CET)" in said
    assert folder_hash(data_dir) == before
    for offset, end in (("+02:00", "02:00 +01:00"), ("+01:00", "03:00")):
        chosen = cli(*add, f"2026-10-25 02:30{offset}", "--id", f"call{offset[2]}")
        assert chosen.exit_code == 0, chosen.output
        assert f"02:30 {offset} – {end}" in " ".join(chosen.output.split()), chosen.output  # never "02:30–02:00"
    second = (data_dir / "call1.toml").read_text()
    assert "start = 2026-10-25 02:30:00+01:00" in second and "end = 2026-10-25 03:00:00" in second


def test_edit_moves_and_confirms_time(cli: Cli, data_dir: Path) -> None:
    revision = int(re.search(r"^revision = (\d+)$", (data_dir / "president-meeting.toml").read_text(encoding="utf-8"), re.M).group(1))
    result = cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed")
    assert result.exit_code == 0, result.output
    text = (data_dir / "president-meeting.toml").read_text(encoding="utf-8")
    assert "start = 2026-05-22 15:00:00" in text and "end = 2026-05-22 15:45:00" in text
    assert "time_tbc" not in text and f"revision = {revision + 1}" in text
    moved = cli("edit", "president-meeting", "--start", "16:00", "--day", "22 May")
    assert moved.exit_code == 0 and "end = 2026-05-22 16:45:00" in (data_dir / "president-meeting.toml").read_text()
    assert "Nothing to change" in cli("edit", "president-meeting", "--status", "confirmed").output


def test_edit_errors(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    assert cli("edit", "nobody-meeting", "--title", "x").exit_code == ExitCode.NOT_FOUND
    assert cli("edit", "president-meeting", "--venue", "nowhere").exit_code == ExitCode.NOT_FOUND
    assert cli("edit", "president-meeting", "--end", "2026-05-21 08:00").exit_code == ExitCode.USAGE
    assert cli("edit", "president-meeting", "--day", "22 May").exit_code == ExitCode.USAGE
    assert folder_hash(data_dir) == before


def test_remove_asks_or_takes_yes(cli: Cli, data_dir: Path) -> None:
    refused = cli("remove", "president-meeting")
    assert refused.exit_code == ExitCode.USAGE and "--yes" in refused.output
    assert (data_dir / "president-meeting.toml").exists()
    assert cli("remove", "president-meeting", "--yes").exit_code == 0
    assert not (data_dir / "president-meeting.toml").exists()
    assert cli("remove", "president-meeting", "--yes").exit_code == ExitCode.NOT_FOUND


@pytest.mark.parametrize("fixture", sorted(p.name for p in (DATA / "invalid").glob("*.toml")))
def test_malformed_record_gives_invalid_data_naming_file(cli: Cli, data_dir: Path, fixture: str) -> None:
    (data_dir / "bad-record.toml").write_bytes((DATA / "invalid" / fixture).read_bytes())
    for command in (["timeline"], ["show", "minister-meeting"], ["add", "--title", "X", "--start", "22 May 10:00", "--duration", "1h"]):
        result = cli(*command)
        assert result.exit_code == ExitCode.INVALID_DATA, (fixture, result.output)
        assert "bad-record.toml" in result.output and "Traceback" not in result.output


def test_missing_data_folder(tmp_path: Path) -> None:
    result = Cli(tmp_path / "none")("timeline")
    assert result.exit_code == ExitCode.NOT_FOUND and "data folder" in result.output


def test_data_folder_from_environment(data_dir: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["timeline"], env={"ITINERARY_DATA": str(data_dir)})
    assert result.exit_code == 0 and "Global AI Hub" in result.output


def test_unknown_option_is_usage(cli: Cli) -> None:
    assert cli("timeline", "--bogus").exit_code == ExitCode.USAGE
    assert cli("timeline", "--person", "hongbo").exit_code == ExitCode.NOT_FOUND
    assert cli("timeline", "--tz", "Europe/Geneva").exit_code == ExitCode.USAGE


def _every_command() -> dict[str, object]:
    """Every top-level command, each module loaded as its command is asked for."""
    from typer.main import get_command

    group = get_command(app)
    return {name: group.get_command(None, name) for name in group.list_commands(None)}  # type: ignore[attr-defined]


def test_the_table_of_commands_is_the_commands() -> None:
    from itinerary.cli.app import COMMANDS
    from itinerary.cli.helppage import first_sentence

    loaded = _every_command()
    assert set(loaded) == set(COMMANDS)
    for name, command in loaded.items():
        module, short = COMMANDS[name]
        callback = getattr(command, "callback", None) or next(iter(command.commands.values())).callback  # type: ignore[attr-defined]
        assert callback.__module__ == f"itinerary.cli.{module}", name
        assert short == first_sentence(command.help or ""), name  # type: ignore[attr-defined]


def test_only_the_command_that_runs_is_loaded() -> None:
    script = (f"import sys; from itinerary.cli import app; sys.argv = ['itinerary', '--data', {str(SHIPPED)!r}, 'timeline'];\n"
              "try: app()\nexcept SystemExit: pass\n"
              "print(sorted(m for m in sys.modules if m.startswith('itinerary.cli.')))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]
    assert loaded == str(["itinerary.cli.app", "itinerary.cli.completion", "itinerary.cli.folder", "itinerary.cli.line", "itinerary.cli.options",
                          "itinerary.cli.reading"])


def test_the_installed_command_keeps_its_exit_code_and_leaves_nothing_for_the_collections_at_exit() -> None:
    """`itinerary` is cli.main: the app's exit code, a refusal's included, then every object frozen."""
    script = ("import gc, sys; from itinerary.cli import main; sys.argv = ['itinerary', '--data', {data!r}, 'show', {event!r}];\n"
              "try: main()\nexcept SystemExit as ended: print('ENDED', ended.code, gc.get_count()[2], gc.get_freeze_count() > 1000)")
    for event, code in (("minister-meeting", 0), ("no-such-event", ExitCode.NOT_FOUND)):
        shown = subprocess.run([sys.executable, "-c", script.format(data=str(SHIPPED), event=event)], capture_output=True, text=True, timeout=60)
        assert f"ENDED {int(code)} 0 True" in shown.stdout, shown.stdout + shown.stderr


def test_every_command_has_help_with_an_example() -> None:
    pending = list(_every_command().items())
    checked = 0
    while pending:
        name, command = pending.pop()
        if hasattr(command, "commands"):  # a group such as `busy`: check its commands
            assert command.help, name
            pending.extend((f"{name} {sub}", c) for sub, c in command.commands.items())
            continue
        checked += 1
        assert command.help and "Example:" in command.help, name
        for param in command.params:
            if param.param_type_name == "option" and not param.hidden:
                assert param.help, f"{name} {param.name}"
    assert checked >= 18


def test_the_help_of_a_closed_set_names_exactly_its_values() -> None:
    """The help texts that list a closed set are written out (whole sentences for the catalog):
    each must still list the model's values, in order."""
    from itinerary.cli import editing
    from itinerary.model import KINDS, PARTS_OF_DAY, STATUSES, VISIBILITIES

    assert editing.KIND_HELP == "One of: " + ", ".join(KINDS) + "."
    assert editing.STATUS_HELP == "One of: " + ", ".join(STATUSES) + "."
    assert editing.VISIBILITY_HELP == "One of: " + ", ".join(VISIBILITIES) + "."
    assert editing.PREFER_HELP == "Planning: the part of the day it should rather be in: " + ", ".join(PARTS_OF_DAY) + "."
