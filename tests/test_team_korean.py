"""A team's sync in Korean (issue 27 over issue 26): join, a conflict, its settling and the
history of a pulled change, read in Korean on a real CalDAV/CardDAV server (Radicale, started on
loopback); the same steps in English say what they said before. The Korean conflict report is
kept in ``tests/data/korean/`` (server address and calendar written out)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import servers
from servers import USERS
from teamcli import calendar_of, officers
from test_cli_korean import FILES, KOREAN

from conftest import SHIPPED, Cli
from itinerary.errors import ExitCode

ENGLISH = {**KOREAN, "LANG": "C.UTF-8", "COLUMNS": "250"}
WIDE_KOREAN = {**KOREAN, "COLUMNS": "250"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def team(server: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Runs a command in one officer's folder, in Korean unless ``env`` says otherwise; ``lee`` holds the shipped visit."""
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    calendar = calendar_of(request)
    run = officers(tmp_path, WIDE_KOREAN)

    def plain(text: str) -> str:
        return text.replace(server.rstrip("/"), "<server>").replace(calendar, "<calendar>").replace(str(tmp_path), "<folder>")

    run("lee", "sync", "--url", server, "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    run.plain = plain  # type: ignore[attr-defined]
    run.calendar = calendar  # type: ignore[attr-defined]
    return run


def _hangul_only(text: str, allowed: set[str]) -> list[str]:
    """The English words of a Korean report, once ids, fields, names and code are taken out."""
    code = re.sub(r"`[^`]*`|<[^>]*>|'[^']*'|https?://\S+|--[\w-]+|[\w.-]*[-_@./][\w.@-]*", " ", text)
    return sorted(set(re.findall(r"[A-Za-z]{2,}", code)) - allowed)


def test_join_and_a_conflict_in_korean(team, tmp_path: Path, server: str) -> None:
    joined = team("lee", "join", server, str(tmp_path / "park"), "--calendar", team.calendar, "--user", "officer",
                  "--password-env", "OFFICER_PASSWORD")
    assert "합류 완료(" in joined.output and "이제 " in joined.output and "방문의 사본입니다" in joined.output, joined.output
    assert "Joined" not in joined.output
    team("lee", "edit", "seoul-employment-center-visit", "--title", "Visit to the Seoul Employment Center (AI services)")
    team("park", "edit", "seoul-employment-center-visit", "--title", "Seoul Employment Center: AI interviews", "--note", "Bus at 13:00")
    team("lee", "sync")
    clash = team("park", "sync", code=ExitCode.CONFLICT)
    shown = team.plain(clash.output)
    assert "충돌: 여기와 서버에서 모두 바뀜(양쪽 모두 자기 값을 유지)" in shown
    assert "`itinerary sync --theirs`(서버 쪽 값을 따름) 또는 `itinerary sync --ours`" in shown
    assert "항목 1개가 여기와 서버에서 모두 바뀌었습니다: 해결할 때까지 양쪽 모두 자기 값을 유지합니다" in shown
    assert "해결할 충돌이 1건 있습니다." in shown
    assert not _hangul_only(shown, {"itinerary", "title", "lee", "park", "Visit", "to", "the", "Seoul", "Employment", "Center", "AI",
                                    "services", "interviews", "notes", "Bus", "at"}), shown
    path = FILES / "sync-conflict.txt"
    if os.environ.get("ITINERARY_REWRITE_KOREAN"):
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8"), "the Korean conflict report changed (ITINERARY_REWRITE_KOREAN=1 rewrites it)"
    settled = team("park", "sync", "--ours")
    assert "해결한 충돌" in settled.output and "이쪽 값" in settled.output, settled.output
    team("lee", "sync")
    history = team("lee", "history", "seoul-employment-center-visit")
    assert re.search(r"park, \d\d-\d\d \d\d:\d\dZ 변경: ", history.output), history.output


def test_the_same_steps_in_english_say_what_they_said(team, tmp_path: Path, server: str) -> None:
    joined = team("lee", "join", server, str(tmp_path / "park"), "--calendar", team.calendar, "--user", "officer",
                  "--password-env", "OFFICER_PASSWORD", env=ENGLISH)
    assert re.search(r"Joined with \S+ \(.*\): took \d+ changes?; sent \d+ created, \d+ updated, \d+ deleted\.", joined.output), joined.output
    assert "is now a replica of the visit; work in it and run `itinerary --data" in joined.output
    team("lee", "edit", "seoul-employment-center-visit", "--title", "Ours", env=ENGLISH)
    team("park", "edit", "seoul-employment-center-visit", "--title", "Theirs", env=ENGLISH)
    team("lee", "sync", env=ENGLISH)
    clash = team("park", "sync", code=ExitCode.CONFLICT, env=ENGLISH).output
    assert "Conflicts: changed here and there (each side keeps its value)" in clash and "1 conflict to settle." in clash
    assert "1 field changed both here and on the server: each side keeps its value until settled" in clash
    assert not re.search(r"[가-힣]", clash)


def test_a_server_that_refuses_the_password_says_so_in_korean(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_PASSWORD", "not-the-password")
    shutil.copytree(SHIPPED, tmp_path / "lee", ignore=shutil.ignore_patterns(".*"))
    said = Cli(tmp_path / "lee")("sync", "--url", server, "--user", "officer", "--password-env", "OFFICER_PASSWORD", env=WIDE_KOREAN)
    assert said.exit_code != 0 and "사용자 이름이나 비밀번호가 거부되었습니다" in said.output, said.output
    assert "Traceback" not in said.output
