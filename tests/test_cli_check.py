"""check, free, and the guard on add/edit, through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import Cli, folder_hash
from itinerary.errors import ExitCode


def confirm_president(cli: Cli) -> None:
    result = cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed")
    assert result.exit_code == 0, result.output


def test_shipped_visit_checks_with_warnings_only(cli: Cli) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "0 errors, 6 warnings" in result.output
    strict = cli("check", "--strict")
    assert strict.exit_code == ExitCode.CONFLICT
    data = json.loads(cli("check", "--json").stdout)
    assert data["format"] == "itinerary.check/1" and data["errors"] == 0
    assert {f["events"][0] for f in data["findings"]} == {
        "global-ai-hub-ceremony", "minister-meeting", "president-meeting", "labour-leaders-meeting",
        "business-leaders-meeting", "seoul-employment-center-visit",
    }
    assert all(f["kind"] == "unconfirmed" for f in data["findings"])


def test_add_over_the_presidential_meeting_is_refused_then_forced(cli: Cli, data_dir: Path) -> None:
    confirm_president(cli)
    before = folder_hash(data_dir)
    result = cli("add", "--title", "Press interview", "--start", "22 May 15:30", "--duration", "30m", "--with", "houngbo")
    assert result.exit_code == ExitCode.CONFLICT, result.output
    assert "'Meeting with the President' (15:00–15:45) and 'Press interview' (15:30–16:00) overlap by 15 min" in result.output
    assert "nothing was written" in result.output
    assert folder_hash(data_dir) == before

    forced = cli("add", "--title", "Press interview", "--start", "22 May 15:30", "--duration", "30m", "--with", "houngbo", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Written despite 1 conflict error (--force)" in forced.output
    assert (data_dir / "press-interview.toml").exists()
    check = cli("check")
    assert check.exit_code == ExitCode.CONFLICT and "1 error" in check.output


def test_edit_moving_into_a_clash_is_refused(cli: Cli, data_dir: Path) -> None:
    confirm_president(cli)
    assert cli("edit", "seoul-employment-center-visit", "--start", "22 May 13:00", "--duration", "1h").exit_code == 0
    before = folder_hash(data_dir)
    moved = cli("edit", "seoul-employment-center-visit", "--start", "22 May 14:30")
    assert moved.exit_code == ExitCode.CONFLICT and folder_hash(data_dir) == before


def test_new_warnings_are_shown_but_do_not_block(cli: Cli, data_dir: Path) -> None:
    result = cli("add", "--title", "Farewell", "--start", "22 May 19:00", "--duration", "30m", "--with", "houngbo")
    assert result.exit_code == 0
    assert "warning: 'Farewell': status tentative" in result.output


def test_timeline_marks_findings_and_shows_gaps_for_a_person(cli: Cli) -> None:
    confirm_president(cli)
    cli("edit", "seoul-employment-center-visit", "--start", "22 May 13:00", "--end", "14:40", "--status", "confirmed")
    cli("add", "--title", "Press interview", "--start", "22 May 15:30", "--duration", "30m", "--with", "houngbo", "--force")
    shown = cli("timeline", "--person", "houngbo", "--day", "22 May").output
    assert "error: overlap, 15 min overlap" in shown
    assert "→ 20 min between" in shown  # the president's venue is not known yet: no travel figure
    data = json.loads(cli("timeline", "--json").output)
    flagged = {e["id"]: {f["kind"] for f in e["findings"]} for d in data["days"] for e in d["events"] if e["findings"]}
    assert flagged["press-interview"] == {"overlap"} and "overlap" in flagged["president-meeting"]
    assert flagged["seoul-employment-center-visit"] == {"stale"}  # its notes still say the time is not stated


def test_free_slots(cli: Cli) -> None:
    confirm_president(cli)
    result = cli("free", "--person", "houngbo", "--day", "22 May", "--duration", "45m")
    assert result.exit_code == 0, result.output
    assert "08:00–14:50 (410 min)" in result.output and "15:55–20:00" in result.output
    assert cli("free", "--person", "nobody", "--day", "22 May", "--duration", "45m").exit_code == ExitCode.NOT_FOUND
    assert cli("free", "--person", "houngbo", "--day", "22 May", "--duration", "45m", "--venue", "nowhere").exit_code == ExitCode.NOT_FOUND
    assert cli("free", "--person", "houngbo", "--day", "22 May", "--duration", "soon").exit_code == ExitCode.USAGE


# --- big reports: warnings of a kind counted, every error listed, plain lines past a screenful --

def _many(data: Path, n: int, *, day: str = "2026-06-15", overlapping: int = 0) -> None:
    """``n`` tentative events on ``day`` (outside the visit): two warnings each; the first
    ``overlapping`` of them at the same hour with the same person (errors)."""
    for i in range(n):
        hour, minutes = (9, 60) if i < overlapping else (6 + i % 12, 30)
        who = 'participants = ["houngbo"]\n' if i < overlapping else ""
        start = dt.datetime.fromisoformat(f"{day} {hour:02d}:{i % 60:02d}")
        (data / f"imported-{i:03d}.toml").write_text(
            f'schema = 1\nid = "imported-{i:03d}"\ntitle = "Imported {i}"\nstatus = "tentative"\nzone = "Asia/Seoul"\n'
            f"start = {start:%Y-%m-%d %H:%M:%S}\nend = {start + dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S}\n{who}")


def test_many_warnings_of_a_kind_are_counted_with_examples(cli: Cli, data_dir: Path) -> None:
    _many(data_dir, 40, overlapping=3)
    found = json.loads(cli("check", "--json").stdout)
    kinds = [f["kind"] for f in found["findings"]]
    assert kinds.count("outside") == 40 and kinds.count("unconfirmed") == 46 and kinds.count("overlap") == 3
    result = cli("check", env={"COLUMNS": "1000"})  # no line wrapped
    assert result.exit_code == ExitCode.CONFLICT
    out = result.output
    assert "40 events outside the visit's days — first:" in out and "`itinerary check --all` lists every one" in out
    assert "46 events not yet confirmed" in out
    assert out.count("overlap by") == 3  # every error, one by one
    assert f"{found['errors']} errors, {len(kinds) - found['errors']} warnings" in out
    assert "imported-039" not in out  # only the first examples


def test_check_all_lists_every_finding_as_plain_lines(cli: Cli, data_dir: Path) -> None:
    _many(data_dir, 120)
    found = json.loads(cli("check", "--json").stdout)["findings"]
    out = cli("check", "--all").output
    rows = [line for line in out.splitlines() if line.startswith(("✗ ", "! "))]
    assert len(rows) == len(found) == 246  # 120 outside, 126 unconfirmed
    assert all(f"imported-{i:03d}" in out for i in range(120))
    assert "│" not in out and "┃" not in out  # plain lines, not a table laid out whole
    assert rows[0].split()[1] == found[0]["kind"] and rows[-1].split()[1] == found[-1]["kind"]


def test_a_grouped_report_longer_than_a_screenful_streams_too(cli: Cli, data_dir: Path) -> None:
    _many(data_dir, 105, overlapping=105)
    out = cli("check").output
    assert out.count("overlap by") == len([f for f in json.loads(cli("check", "--json").stdout)["findings"] if f["kind"] == "overlap"])
    assert "105 events outside the visit's days — first:" in out and "│" not in out
