"""The README's section in Korean ("한국어로 쓰기"): its five first commands are run as written, in
a Korean locale, on the shipped visit — a test reads them from the README, so the two never
disagree."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

from conftest import ROOT, Cli


def korean_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## 한국어로 쓰기", 1)[1].split("\n## ", 1)[0]


def commands() -> list[str]:
    block = korean_section().split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("itinerary ")]


def test_the_korean_sections_five_commands_run_in_a_korean_locale(cli: Cli, data_dir: Path) -> None:
    steps = commands()
    assert len(steps) == 5
    outputs = []
    for step in steps:
        args = shlex.split(step)[1:]
        if "--pdf" in args and not (shutil.which("chromium") or shutil.which("chromium-browser")):
            args.remove("--pdf")  # no browser here: the page alone
        result = cli(*args, env={"LANG": "ko_KR.UTF-8"})
        assert result.exit_code == 0, (step, result.output)
        outputs.append(result.output)
    assert "1. 사람 중심 AI 정책 추진방향 (Human-centred AI transition)" in outputs[1]  # the Korean first, in Korean
    book = (data_dir.parent / "exports" / "ilo-dg-korea-2026" / "programme-kim-younghoon-ko.html").read_text(encoding="utf-8")
    assert "업무 오찬" in book and "메뉴는 의전팀과 협의" in book and "김영훈 장관 개인 일정 — 대외 배포 금지" in book
    assert "저장했습니다: " in outputs[4]


def test_the_section_says_how_to_choose_the_language() -> None:
    section = korean_section()
    for words in ("--lang ko", "ITINERARY_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "영어"):
        assert words in section, words
