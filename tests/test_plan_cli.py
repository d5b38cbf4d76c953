"""`itinerary plan` on the shipped visit: a plan that holds, an explanation that names exactly the
constraints in conflict, what-ifs, --apply through the change path, and a missing solver."""

from __future__ import annotations

import json
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import Cli, records_hash
from itinerary.changes.library import Library
from itinerary.changes.planned import Placement, apply_plan
from itinerary.errors import ExitCode, StorageError

QUOTE = "moel-release: '사무총장은 이날 오후에 열린 글로벌 AI 허브 비전 선포식에도 참석한 경험을 전하며'"
"""The release's words that put the ceremony before the meeting with the minister."""
LENGTHS = {"global-ai-hub-ceremony": "1h", "minister-meeting": "45m", "president-meeting": "40m", "seoul-employment-center-visit": "90m",
           "labour-leaders-meeting": "45m", "business-leaders-meeting": "45m"}


def realistic(cli: Cli) -> None:
    """The shipped visit (which records the order the release states) with expected lengths
    (planning assumptions)."""
    for event_id, length in LENGTHS.items():
        assert cli("edit", event_id, "--duration", length).exit_code == 0


def test_the_shipped_minister_meeting_follows_the_ceremony_citing_the_release(cli: Cli, data_dir: Path) -> None:
    """The release: the Director-General, at the meeting, spoke of the ceremony held that
    afternoon. The record says so as a rule the planner keeps, cited to those words."""
    record = tomllib.loads((data_dir / "minister-meeting.toml").read_text(encoding="utf-8"))
    assert record["after"] == ["global-ai-hub-ceremony"] and record["source"]["after"] == QUOTE
    shown = " ".join(cli("show", "minister-meeting").output.split())
    assert "after 'Global AI Hub vision proclamation ceremony' (global-ai-hub-ceremony) (MoEL press release, 2026-05-21:" in shown
    realistic(cli)
    code, plan = plan_json(cli)
    assert code == 0
    starts = {e["id"]: e["start"]["time"] for e in plan["events"]}
    ends = {e["id"]: e["end"]["time"] for e in plan["events"]}
    assert starts["minister-meeting"] >= ends["global-ai-hub-ceremony"]


def plan_json(cli: Cli, *args: str) -> tuple[int, dict[str, object]]:
    result = cli("plan", "--json", *args)
    return result.exit_code, json.loads(next(line for line in result.output.splitlines() if line.startswith("{")))


def test_the_shipped_visit_gets_a_plan_with_no_conflict_error(cli: Cli, data_dir: Path) -> None:
    realistic(cli)
    before = records_hash(data_dir)
    code, plan = plan_json(cli)
    assert code == 0 and plan["status"] == "optimal" and plan["cost"]["gap"] == 0.0
    starts = {e["id"]: e["start"]["time"] for e in plan["events"]}
    ends = {e["id"]: e["end"]["time"] for e in plan["events"]}
    assert set(starts) == set(LENGTHS)
    assert starts["minister-meeting"] >= ends["global-ai-hub-ceremony"]  # the ceremony first, as the release says
    assert starts["president-meeting"].startswith("2026-05-22") and starts["global-ai-hub-ceremony"] >= "2026-05-21T12:00"
    assert records_hash(data_dir) == before  # a proposal writes nothing
    shown = cli("plan")
    assert shown.exit_code == 0 and "6 events placed: the best plan (proven optimal)" in shown.output
    assert "planned; window 21 May 12:00–18:00" in shown.output
    applied = cli("plan", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "✗" not in applied.output
    check = cli("check", "--json")
    assert not [f for f in json.loads(check.output.splitlines()[0])["findings"] if f["severity"] == "error"]
    record = (data_dir / "minister-meeting.toml").read_text(encoding="utf-8")
    assert 'status = "tentative"' in record and "time_tbc" not in record
    assert "proposed by the planner" in record and "not confirmed; planning window was 21 May 12:00–21 May 18:00" in record
    assert "plan --apply" in cli("history").output
    assert cli("undo").exit_code == 0
    assert records_hash(data_dir) == before


def test_the_same_records_give_the_same_plan(cli: Cli) -> None:
    realistic(cli)
    first, second = plan_json(cli)[1], plan_json(cli)[1]
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_an_over_constrained_visit_is_explained_by_exactly_the_constraints_in_conflict(cli: Cli, data_dir: Path) -> None:
    realistic(cli)
    assert cli("venue", "add", "yongsan", "--name", "Presidential Office, Yongsan", "--city", "Seoul").exit_code == 0
    assert cli("leg", "add", "yongsan", "seoul-employment-center", "--minutes", "35").exit_code == 0
    for event_id in ("president-meeting", "seoul-employment-center-visit"):
        result = cli("edit", event_id, "--tbc", "--start", "22 May 13:00", "--end", "22 May 15:00")
        assert result.exit_code == 0, result.output
    assert cli("edit", "president-meeting", "--venue", "yongsan").exit_code == 0
    before = records_hash(data_dir)
    code, found = plan_json(cli, "--apply")
    assert code == ExitCode.CONFLICT and found["status"] == "infeasible" and found["minimal"] is True
    assert {c["key"] for c in found["conflict"]} == {
        "window:president-meeting", "window:seoul-employment-center-visit", "apart:president-meeting:seoul-employment-center-visit"}
    apart = next(c["text"] for c in found["conflict"] if c["kind"] == "apart")
    assert apart == ("'Meeting with the President' (40 min, window 22 May 13:00–15:00) and 'Visit to the Seoul Employment Center' "
                     "(90 min, window 22 May 13:00–15:00) both need Houngbo, with 35 min travel + 10 min buffer between them")
    fixes = {r["change"]: r["command"] for r in found["relaxations"]}
    assert fixes["shorten 'Visit to the Seoul Employment Center' from 90 to 35 min"] == "itinerary edit seoul-employment-center-visit --duration 35m"
    assert fixes["widen the planning window of 'Meeting with the President' to 22 May 13:00–15:55 (55 min later)"] == (
        'itinerary edit president-meeting --tbc --start "22 May 13:00" --end "15:55"')
    assert records_hash(data_dir) == before
    words = cli("plan")
    assert words.exit_code == ExitCode.CONFLICT
    assert ("Nothing fits. These 3 constraints cannot all hold at once; each is part of the clash (without any one of them, "
            "the other 2 can hold):") in " ".join(words.output.split())
    assert "nothing fits; nothing was written" in words.output


def test_what_if_holds_an_event_and_plans_the_rest(cli: Cli) -> None:
    realistic(cli)
    code, plan = plan_json(cli, "--what-if", "president-meeting=22 May 15:00")
    assert code == 0
    president = next(e for e in plan["events"] if e["id"] == "president-meeting")
    assert president["start"]["time"] == "2026-05-22T15:00:00+09:00" and president["held"] is True
    assert cli("plan", "--what-if", "president-meeting=22 May 19:45").exit_code == ExitCode.CONFLICT  # outside its window
    code, found = plan_json(cli, "--what-if", "president-meeting=22 May 19:45", "--force")
    assert code == ExitCode.CONFLICT
    assert {c["key"] for c in found["conflict"]} == {"fixed:president-meeting", "day:president-meeting"}
    assert ("do not hold 'Meeting with the President' at 22 May 19:45: leave out --what-if \"president-meeting=22 May 19:45\""
            in [r["text"] for r in found["relaxations"]])
    assert cli("plan", "--what-if", "president-meeting").exit_code == ExitCode.USAGE
    assert cli("plan", "--what-if", "president-meting=22 May 15:00").exit_code == ExitCode.NOT_FOUND


def test_a_what_if_outside_the_window_is_refused_unless_forced(cli: Cli, data_dir: Path) -> None:
    realistic(cli)
    assert cli("edit", "president-meeting", "--tbc", "--start", "22 May 09:30", "--end", "22 May 11:30").exit_code == 0
    refused = cli("plan", "--what-if", "president-meeting=22 May 14:30")
    assert refused.exit_code == ExitCode.CONFLICT
    assert ("--what-if: 'Meeting with the President' (president-meeting) at 22 May 14:30 would be outside its planning window, "
            "22 May 09:30–11:30; hold it inside the window, or give --force to hold it there all the same") in " ".join(refused.output.split())
    code, plan = plan_json(cli, "--what-if", "president-meeting=22 May 14:30", "--force")
    assert code == 0 and "president-meeting is held outside its planning window (--force)" in plan["notes"]
    president = next(e for e in plan["events"] if e["id"] == "president-meeting")
    assert president["start"]["time"] == "2026-05-22T14:30:00+09:00" and president["end"]["time"] == "2026-05-22T15:10:00+09:00"
    assert plan_json(cli, "--what-if", "president=22 May 10:00")[0] == 0  # an event by a word of its title


def test_a_timed_event_in_the_way_is_moved_to_a_named_time_by_a_command_that_works(cli: Cli, data_dir: Path) -> None:
    realistic(cli)
    assert cli("edit", "president-meeting", "--tbc", "--start", "22 May 13:00", "--end", "22 May 15:00").exit_code == 0
    added = cli("add", "--id", "public-lecture", "--title", "Public lecture", "--start", "22 May 13:00", "--duration", "90m",
                "--with", "houngbo", "--status", "confirmed")
    assert added.exit_code == 0, added.output
    code, found = plan_json(cli)
    assert code == ExitCode.CONFLICT
    fixes = {r["change"]: r["command"] for r in found["relaxations"]}
    move = "move 'Public lecture' from 22 May 13:00–14:30 to 22 May 12:40–14:10 (20 min earlier)"
    assert fixes.get(move) == 'itinerary edit public-lecture --start "22 May 12:40"', fixes
    assert all(command.startswith(("itinerary ", "leave out")) for command in fixes.values())
    moved = cli(*shlex.split(fixes[move])[1:])
    assert moved.exit_code == 0, moved.output
    assert plan_json(cli)[0] == 0  # the change it named makes the plan fit


def test_the_planner_needs_expected_lengths_and_plans_only_open_events(cli: Cli) -> None:
    result = cli("plan")
    assert result.exit_code == ExitCode.USAGE and "no expected length for" in result.output and "--duration 45m" in result.output
    realistic(cli)
    assert cli("edit", "president-meeting", "--start", "22 May 15:00").exit_code == 0
    result = cli("plan", "president-meeting")
    assert result.exit_code == ExitCode.USAGE and "has a time already" in result.output
    code, plan = plan_json(cli, "minister-meeting", "global-ai-hub-ceremony")
    assert code == 0 and [e["id"] for e in plan["events"]] == ["global-ai-hub-ceremony", "minister-meeting"]
    assert "not planned here" in plan["notes"][0]


def test_a_missing_solver_is_one_line_naming_the_install_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"):
        monkeypatch.setitem(sys.modules, name, None)
    result = cli("plan")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.output.strip() == ("itinerary: the planner needs the OR-Tools solver, which is not installed: "
                                     "pip install 'itinerary[plan]'")


def test_apply_refuses_a_record_changed_since_the_plan(cli: Cli, data_dir: Path) -> None:
    realistic(cli)
    lib = Library.open(data_dir, who="test")
    event = lib.programme().events_by_id["president-meeting"]
    with pytest.raises(StorageError, match="changed since the plan was made"):
        apply_plan(lib, {"president-meeting": Placement(event.start, event.end, event.revision - 1)})
