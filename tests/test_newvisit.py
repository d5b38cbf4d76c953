"""A whole visit from the command line, and the surprises a new officer met."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Cli, folder_hash, records_hash
from itinerary.cli import app
from itinerary.errors import ExitCode

# The walk-through of the README ("Plan a new visit"), command by command: a test reads it from
# the README, so the two can never disagree.
WALK = [
    'init --id oecd-2026-06 --title "Visit of the OECD Secretary-General" --title-ko "OECD 사무총장 방한" --first-day 2026-06-15 --last-day 2026-06-17 --zone Asia/Seoul --home-zone Europe/Paris --home-label Paris --office "International Cooperation Bureau"',
    'person add cormann --name "Mathias Cormann" --short Cormann --role "Secretary-General, OECD" --home-zone Europe/Paris',
    'person add kim-younghoon --name "Kim Young-hoon" --name-ko 김영훈 --role "Minister of Employment and Labor"',
    'person add park-interpreter --name "Park Ji-won" --role Interpreter',
    "visit edit --guest cormann --buffer 15",
    'contact add lee-kangyeon --name "Lee Kang-yeon" --name-ko 이강연 --role "Director, International Cooperation" --phone +82-44-202-7129',
    'contact add protocol-desk --name "Protocol desk" --phone +82-44-202-7000',
    'venue add moel-sejong --name "Ministry of Employment and Labor" --name-ko 고용노동부 --city Sejong --exclusive',
    'venue add lotte-hotel --name "Lotte Hotel Seoul" --city Seoul',
    'leg add lotte-hotel moel-sejong --minutes 120 --note "By road, planning figure"',
    'add --id arrival --title "Arrival at Incheon" --start "15 Jun 14:00" --duration 1h --with cormann --kind transfer --status confirmed',
    'add --id welcome-dinner --title "Welcome dinner" --start "15 Jun 19:00" --duration 2h --with cormann,kim-younghoon --venue lotte-hotel --kind meal',
    'add --id drive-to-sejong --title "Drive to Sejong" --start "16 Jun 07:30" --duration 2h --with cormann,park-interpreter --kind transfer --from-venue lotte-hotel --to-venue moel-sejong',
    'add --id ministerial-talks --title "Talks with the Minister" --title-ko "장관 면담" --start "16 Jun 10:00" --duration 90m --with cormann,kim-younghoon,park-interpreter --venue moel-sejong --contact lee-kangyeon',
    'add --id joint-press --title "Joint press statement" --start "16 Jun 11:40" --duration 30m --with cormann,kim-younghoon --venue moel-sejong --kind press',
    'add --id ministry-lunch --title "Working lunch" --start "16 Jun 12:15" --duration 75m --with cormann,kim-younghoon --venue moel-sejong --kind meal',
    'add --id labour-roundtable --title "Round table with labour" --start "17 Jun 10:00" --end "17 Jun 18:00" --with cormann --tbc',
    'add --id departure --title "Departure" --start "17 Jun 16:00" --duration 1h --with cormann --kind transfer',
    '! add --id tv-interview --title "TV interview" --start "16 Jun 11:00" --duration 30m --with cormann --venue moel-sejong --kind press',
    'add --id tv-interview --title "TV interview" --start "16 Jun 11:00" --duration 30m --with cormann --venue moel-sejong --kind press --force',
    "! check",
    "export --all --force",
    "book --force",
]


def walk_from_readme() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Plan a new visit", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.removeprefix("itinerary --data visits/oecd ").strip() for line in block.splitlines() if line.startswith("itinerary")]


def run(folder: Path, command: str) -> object:
    import shlex

    expect_failure = command.startswith("! ")
    args = shlex.split(command.removeprefix("! "))
    result = CliRunner().invoke(app, ["--data", str(folder), *args], env={"COLUMNS": "200"})
    if expect_failure:
        assert result.exit_code != 0, (command, result.output)
    else:
        assert result.exit_code == 0, (command, result.output)
    return result


def test_the_readme_walk_through_is_this_test() -> None:
    assert walk_from_readme() == [c.removeprefix("! ") for c in WALK]


def test_a_second_visit_built_with_commands_only_then_undone_to_the_empty_visit(tmp_path: Path) -> None:
    folder = tmp_path / "visits" / "oecd"
    results = {}
    for step in WALK:
        results[step] = run(folder, step)
        if step.startswith("init"):
            empty = records_hash(folder)
    refused = results[WALK[-5]]
    assert refused.exit_code == ExitCode.CONFLICT and "overlap" in refused.output  # type: ignore[attr-defined]
    forced = results[WALK[-4]]
    assert "Written despite 2 conflict errors" in forced.output  # type: ignore[attr-defined]
    exports = tmp_path / "visits" / "exports" / "oecd-2026-06"
    assert (exports / "visit.ics").exists() and (exports / "cormann.ics").exists() and (exports / "park-interpreter.ics").exists()
    assert "Shared with 2 unresolved conflict errors" in (exports / "visit.ics").read_bytes().decode().replace("\r\n ", "")
    timeline = run(folder, "timeline")
    for title in ("Arrival at Incheon", "Welcome dinner", "Talks with the Minister", "Joint press statement", "Working lunch",
                  "Round table with labour", "Departure", "TV interview"):
        assert title in timeline.output  # type: ignore[attr-defined]
    history = json.loads(run(folder, "history --json --limit 1000").output)  # type: ignore[attr-defined]
    for _ in history:
        run(folder, "undo")
    assert CliRunner().invoke(app, ["--data", str(folder), "undo"]).exit_code == ExitCode.NOT_FOUND
    assert records_hash(folder) == empty  # back to the empty visit, byte for byte


# --- the surprises, each held by a test --------------------------------------------------------------


def test_an_empty_visit_works_with_every_reading_command(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    run(folder, WALK[0])
    for command in ("timeline", "check", "people", "venues", "history", "visit show", "export -o -", "doctor"):
        run(folder, command)


def test_an_import_into_a_new_visit_works(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    run(folder, WALK[0].replace("2026-06-15", "2026-05-21").replace("2026-06-17", "2026-05-22"))
    exported = Path(__file__).resolve().parents[1] / "exports" / "ilo-dg-korea-2026" / "visit.ics"
    result = run(folder, f"import {exported}")
    assert "6 add" in result.output  # type: ignore[attr-defined]


def test_init_from_another_visit_copies_people_venues_and_legs_not_events(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "second"
    run(folder, f'init --title "Second visit" --first-day 2026-09-01 --from {data_dir}')
    for name in ("people.toml", "venues.toml"):
        assert (folder / name).read_bytes() == (data_dir / name).read_bytes()
    assert not [p for p in folder.glob("*.toml") if p.stem not in ("visit", "people", "venues")]
    assert CliRunner().invoke(app, ["--data", str(folder), "init", "--title", "X", "--first-day", "2026-09-01"]).exit_code == ExitCode.STORAGE


def test_an_unknown_venue_says_how_to_add_it(cli: Cli) -> None:
    result = cli("edit", "president-meeting", "--venue", "presidential-office")
    assert result.exit_code == ExitCode.NOT_FOUND and "itinerary venue add presidential-office" in result.output
    assert cli("venue", "add", "presidential-office", "--name", "Presidential Office", "--exclusive").exit_code == 0
    assert cli("edit", "president-meeting", "--venue", "presidential-office").exit_code == 0
    assert "venue" in cli("history", "president-meeting").output


def test_removing_what_events_still_use_is_refused_naming_them(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    result = cli("person", "remove", "kim-younghoon")
    assert result.exit_code == ExitCode.INVALID_DATA and "minister-meeting" in result.output
    assert cli("venue", "remove", "seoul-employment-center").exit_code == ExitCode.INVALID_DATA
    legged = cli("venue", "remove", "moel-sejong")
    assert legged.exit_code == ExitCode.INVALID_DATA and "leg remove moel-sejong seoul-employment-center" in legged.output
    assert cli("contact", "remove", "lee-kangyeon").exit_code == ExitCode.INVALID_DATA
    assert folder_hash(data_dir) == before


def test_a_one_way_leg_does_not_hold_the_other_way(cli: Cli) -> None:
    cli("leg", "add", "seoul-employment-center", "moel-sejong", "--minutes", "90", "--one-way")
    venues = json.loads(cli("venues", "--json").output)
    assert venues  # the legs show in `venues`
    shown = cli("venues", env={"COLUMNS": "200"}).output
    assert "90" in shown


def test_a_bare_time_is_on_the_day_given_and_never_guessed(cli: Cli) -> None:
    cli("edit", "president-meeting", "--start", "22 May 12:00", "--duration", "1h")
    on_the_day = cli("timeline", "--day", "22 May", "--from", "11:00", "--to", "14:00")
    assert "Meeting with the President" in on_the_day.output
    guessed = cli("timeline", "--from", "11:00")
    assert guessed.exit_code == ExitCode.USAGE and "--from" in guessed.output and "22 May 11:00" in guessed.output


def test_ids_are_never_cut_where_they_must_be_typed(cli: Cli) -> None:
    narrow = {"COLUMNS": "80"}
    for command, ids in ((["people"], ["kim-younghoon", "houngbo"]), (["venues"], ["seoul-employment-center", "moel-sejong"]),
                         (["timeline", "--ids"], ["seoul-employment-center-visit", "business-leaders-meeting"])):
        output = cli(*command, env=narrow).output
        for identifier in ids:
            assert identifier in output, (command, identifier)


def test_a_confirmed_time_records_its_source_and_stale_notes_are_flagged(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    result = cli("edit", "president-meeting", "--start", "22 May 10:00", "--duration", "45m", "--status", "confirmed",
                 "--source", "Office of the President, call of 12 May")
    assert result.exit_code == 0 and 'time = "Office of the President, call of 12 May"' in (data_dir / "president-meeting.toml").read_text()
    check = cli("check", "--json")
    stale = [f for f in json.loads(check.output)["findings"] if f["kind"] == "stale"]
    assert stale and "Time and venue: not stated in the source" in stale[0]["message"]
    exported = tmp_path / "v.ics"
    assert cli("export", "-o", str(exported)).exit_code == 0
    text = exported.read_bytes().decode().replace("\r\n ", "")
    president = text[text.index("UID:president-meeting"):].split("END:VEVENT")[0]
    assert "Time and venue: not stated" not in president and "Planning window" not in president
    assert "Time and venue: not stated" in (data_dir / "president-meeting.toml").read_text()  # the record keeps it


def test_sharing_a_programme_with_a_clash_is_refused_unless_forced(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("edit", "president-meeting", "--start", "22 May 10:00", "--duration", "1h")
    cli("edit", "seoul-employment-center-visit", "--start", "22 May 10:30", "--duration", "1h", "--force")
    for command in (["export", "-o", str(tmp_path / "x.ics")], ["revision", "publish", "-m", "draft"]):
        result = cli(*command)
        assert result.exit_code == ExitCode.CONFLICT and "overlap" in result.output, command
    assert not (tmp_path / "x.ics").exists() and not (data_dir / "revisions").exists()
    forced = cli("export", "-o", str(tmp_path / "x.ics"), "--force")
    assert forced.exit_code == 0 and "Shared with 1 unresolved conflict error" in (tmp_path / "x.ics").read_bytes().decode().replace("\r\n ", "")
    assert cli("revision", "publish", "-m", "draft", "--force").exit_code == 0
    assert "unresolved conflict" in cli("revision", "list").output
    refused = cli("book", "-o", str(tmp_path / "b.html"))
    assert refused.exit_code == ExitCode.CONFLICT and not (tmp_path / "b.html").exists()
    for audience, listed in (("full", True), ("public", False)):
        out = tmp_path / f"{audience}.html"
        assert cli("book", "--audience", audience, "--lang", "en", "-o", str(out), "--force").exit_code == 0
        html = out.read_text(encoding="utf-8")
        assert "Printed with 1 unresolved conflict error(s): not a final programme" in html
        assert ("overlap" in html) is listed  # the full book lists them; the public one only counts
    assert cli("book", "--lang", "en", "-o", str(tmp_path / "again.html")).exit_code == ExitCode.CONFLICT


def test_a_calendar_shared_with_a_clash_names_it_only_to_the_office(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    cli("edit", "president-meeting", "--start", "22 May 10:00", "--duration", "1h")
    cli("edit", "seoul-employment-center-visit", "--start", "22 May 10:30", "--duration", "1h", "--force")
    assert cli("export", "--output", str(tmp_path / "all.ics"), "--force").exit_code == 0
    assert cli("export", "--public", "--output", str(tmp_path / "public.ics"), "--force").exit_code == 0
    full = (tmp_path / "all.ics").read_bytes().decode().replace("\r\n ", "")
    public = (tmp_path / "public.ics").read_bytes().decode().replace("\r\n ", "")
    describe = [line for line in full.splitlines() if line.startswith("X-WR-CALDESC")]
    assert "Shared with 1 unresolved conflict error: " in describe[0] and "overlap" in describe[0]
    described = [line for line in public.splitlines() if line.startswith("X-WR-CALDESC")][0]
    assert described.endswith("Shared with 1 unresolved conflict error.") and "overlap" not in described  # a count, never the names


def test_book_options_suggest_what_was_meant(cli: Cli) -> None:
    for options, hint in ((["--audience", "person:hounbgo"], "did you mean 'person:houngbo'"), (["--audience", "publc"], "did you mean 'public'"),
                          (["--audience", "houngbo"], "did you mean 'person:houngbo'"), (["--lang", "kr"], "did you mean 'ko'")):
        result = cli("book", *options)
        assert result.exit_code != 0 and hint in result.output, (options, result.output)


def test_data_is_taken_anywhere_on_the_line_and_found_from_inside_a_visit(data_dir: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["timeline", "--data", str(data_dir)]).exit_code == 0
    assert runner.invoke(app, ["check", f"--data={data_dir}"]).exit_code == 0
    command = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or "itinerary"
    env = {**{k: v for k, v in os.environ.items() if k != "ITINERARY_DATA"}, "COLUMNS": "200"}
    inside = subprocess.run([command, "timeline"], cwd=data_dir, capture_output=True, text=True, env=env)
    assert inside.returncode == 0 and "Meeting with the President" in inside.stdout
    (data_dir / "sub").mkdir()
    below = subprocess.run([command, "show", "minister-meeting"], cwd=data_dir / "sub", capture_output=True, text=True, env=env)
    assert below.returncode == 0, below.stderr
    nowhere = subprocess.run([command, "timeline"], cwd=data_dir.parent.parent, capture_output=True, text=True, env=env)
    assert nowhere.returncode == ExitCode.NOT_FOUND and "itinerary init" in nowhere.stderr


@pytest.mark.parametrize(("args", "words"), [
    (["add", "--title", "x", "--start", "22 May 10:00", "--duration", "1h", "--status", "confirmd"], ["--status", "did you mean 'confirmed'"]),
    (["add", "--title", "x", "--start", "22 May 10:00", "--duration", "1h", "--kind", "lunch"], ["--kind", "did you mean 'meal'"]),
    (["timeline", "--tz", "Europe/Geneva"], ["--tz", "did you mean 'Europe/Zurich'"]),
    (["add", "--title", "x", "--start", "31 Feb 10:00", "--duration", "1h"], ["--start", "February 2026 has 28 days"]),
    (["timeline", "--day", "31 Feb"], ["--day", "February 2026 has 28 days"]),
    (["publish", "-m", "x"], ["did you mean `itinerary revision publish -m`"]),
    (["show", "president-meting"], ["did you mean 'president-meeting'"]),
    (["timeline", "--person", "hongbo"], ["did you mean 'houngbo'"]),
    (["free", "--person", "houngbo", "--day", "22 May", "--duration", "1h", "--venue", "seoul-center"], ["did you mean 'seoul-employment-center'"]),
    (["timelin"], ["Did you mean 'timeline'"]),
])
def test_did_you_mean_names_the_option_and_the_real_problem(cli: Cli, args: list[str], words: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code in (ExitCode.USAGE, ExitCode.NOT_FOUND), result.output
    for word in words:
        assert word in result.output, (word, result.output)


def test_shell_completion_completes_ids_people_venues_and_zones(data_dir: Path) -> None:
    command = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or "itinerary"
    # the shell is named, not detected from the processes above the test run (which may be none)
    named = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run([command, "--show-completion", "bash"], capture_output=True, text=True, env=named)
    assert shown.returncode == 0 and "_itinerary_completion" in shown.stdout

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {**os.environ, "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), "_ITINERARY_COMPLETE": "complete_bash",
               "ITINERARY_DATA": str(data_dir)}
        return subprocess.run([command], capture_output=True, text=True, env=env).stdout.split()

    assert complete("itinerary show pres") == ["president-meeting"]
    assert complete("itinerary add --with houngbo,kim") == ["houngbo,kim-younghoon"]
    assert complete("itinerary edit x --venue seoul") == ["seoul-employment-center"]
    assert "Europe/Zurich" in complete("itinerary timeline --tz Europe/Zu")


def test_history_says_its_zone_undo_says_what_and_redo_puts_it_back(cli: Cli, data_dir: Path) -> None:
    cli("edit", "president-meeting", "--title", "Call on the President")
    assert "When (Asia/Seoul)" in cli("history", env={"COLUMNS": "200"}).output
    dry = cli("undo", "--dry-run")
    assert "Would undo #1 (edit president-meeting" in dry.output and "Call on the President" in (data_dir / "president-meeting.toml").read_text()
    undone = cli("undo")
    assert "Undid #1 (edit president-meeting" in undone.output and "change president-meeting" in undone.output
    assert "retitled president-meeting: Call on the President → Meeting with the President" in undone.output
    assert cli("redo").exit_code == 0 and "Call on the President" in (data_dir / "president-meeting.toml").read_text()
