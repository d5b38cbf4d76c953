"""The README's walk-through "Work as a team", command by command, against a real Radicale started
by the test (the README's address replaced by the test server's): a test reads the commands from
the README, so the two never disagree. "! " marks the command that ends with a conflict (exit 5)."""

from __future__ import annotations

import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
import servers
from typer.testing import CliRunner

from conftest import SHIPPED
from itinerary.cli import app

README_URL = "http://127.0.0.1:5232/"
WALK = [
    'itinerary --data events --by lee sync --url http://127.0.0.1:5232/ --user protocol --password-env ITINERARY_PASSWORD',
    'itinerary --by park join http://127.0.0.1:5232/ park-copy --user protocol --password-env ITINERARY_PASSWORD',
    'itinerary --data park-copy --by park edit president-meeting --start "22 May 10:00" --duration 45m --status confirmed --source "Office of the President, call of 12 May"',
    'itinerary --data park-copy --by park sync',
    'itinerary --data events --by lee sync',
    'itinerary --data events history president-meeting',
    'itinerary --data events --by lee edit seoul-employment-center-visit --title "Visit to the Seoul Employment Center (AI services)"',
    'itinerary --data park-copy --by park edit seoul-employment-center-visit --title "Seoul Employment Center: AI interviews" --note "Bus leaves at 13:00"',
    'itinerary --data events --by lee sync',
    '! itinerary --data park-copy --by park sync',
    'itinerary --data park-copy --by park sync --theirs',
    'itinerary --data events --by lee sync',
]


def walk_from_readme() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Work as a team", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 2)[2].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.startswith("itinerary")]


def test_the_readme_walk_through_is_this_test() -> None:
    assert walk_from_readme() == [c.removeprefix("! ") for c in WALK]


def test_work_as_a_team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    (tmp_path / "radicale").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ITINERARY_PASSWORD", "try-it")
    runner = CliRunner()
    out = []
    with servers.radicale(tmp_path / "radicale", {"protocol": "try-it"}) as url:
        for step in WALK:
            args = shlex.split(step.removeprefix("! ").replace(README_URL, url))[1:]
            result = runner.invoke(app, args, env={"COLUMNS": "250"})
            assert result.exit_code == (5 if step.startswith("! ") else 0), (step, result.output)
            out.append(result.output)
    lee, park = tmp_path / "events", tmp_path / "park-copy"
    assert "Joined" in out[1] and "is now a replica of the visit" in out[1]
    assert "president-meeting" in out[4] and "park" in out[4]
    assert "by park" in out[5] and "time_tbc" in out[5]
    clash = " ".join(out[9].split())
    assert "Visit to the Seoul Employment Center (AI services)" in clash and "Seoul Employment Center: AI interviews" in clash
    assert "sync --theirs" in clash
    for folder in (lee, park):
        visit = tomllib.loads((folder / "seoul-employment-center-visit.toml").read_text())
        assert visit["title"] == "Visit to the Seoul Employment Center (AI services)" and visit["notes"] == "Bus leaves at 13:00"
        assert tomllib.loads((folder / "president-meeting.toml").read_text())["status"] == "confirmed"
    for name in sorted(p.name for p in lee.iterdir() if p.suffix == ".toml"):
        assert (lee / name).read_bytes() == (park / name).read_bytes(), name
    print("\n".join(f"$ {step}\n{text}" for step, text in zip(WALK, out, strict=True)))
