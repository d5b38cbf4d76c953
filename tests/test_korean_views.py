"""The Korean interface, word for word: what ``timeline``, ``show``, ``history`` and ``plan``
print under a Korean locale is kept in ``tests/data/korean/`` (read as a Korean officer reads it
before it was kept), on the same records as the English ones of ``test_english_unchanged.py``.
A deliberate change is made by running ``ITINERARY_REWRITE_KOREAN=1 python -m pytest
tests/test_korean_views.py`` and reviewing the diff of those files.

Their ``--json`` does not change with the language: it is the same, byte for byte, in both."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_english_unchanged import ENGLISH, LENGTHS

from conftest import Cli
from itinerary import i18n

FILES = Path(__file__).resolve().parent / "data" / "korean"
KOREAN = {**ENGLISH, "LANG": "ko_KR.UTF-8"}
"""The English set-up with a Korean locale (and nothing else) changed."""

VIEWS = {
    "timeline": ["timeline"],
    "timeline-person": ["timeline", "--person", "houngbo"],
    "timeline-day": ["timeline", "--day", "22 May", "--tz", "Europe/Zurich"],
    "show": ["show", "minister-meeting"],
    "show-president": ["show", "president-meeting"],
    "history": ["history"],
    "plan-fits": ["plan"],
    "plan-does-not-fit": ["plan", "--from", "12:00", "--to", "13:00"],
    "plan-what-if-clash": ["plan", "--what-if", "minister-meeting=21 May 13:00", "--what-if", "global-ai-hub-ceremony=21 May 13:30"],
}


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """The interface's language is chosen once per command and kept: English again after each
    test, for the tests that call the core without the command line."""
    yield
    i18n.use("en")


def _same(name: str, text: str) -> None:
    path = FILES / f"{name}.txt"
    if os.environ.get("ITINERARY_REWRITE_KOREAN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no Korean output kept for {name}: run with ITINERARY_REWRITE_KOREAN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"the Korean output of {name} changed"


def _planned(cli: Cli) -> None:
    for event_id, length in LENGTHS.items():
        assert cli("edit", event_id, "--duration", length, "--by", "Jung Hye-jin").exit_code == 0


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_korean_views_are_kept_word_for_word(rehearsal_dir: Path, name: str) -> None:
    cli = Cli(rehearsal_dir)
    if name.startswith("plan"):
        _planned(cli)
    result = cli(*VIEWS[name], env=KOREAN)
    assert result.exit_code in (0, 5), result.output
    _same(name, f"exit {result.exit_code}\n" + result.output.replace(str(rehearsal_dir), "<data>"))


def test_the_korean_timeline_speaks_korean_and_keeps_its_columns(rehearsal_dir: Path) -> None:
    text = Cli(rehearsal_dir)("timeline", env=KOREAN).output
    assert "2026년 5월 22일(금)" in text and "Friday" not in text and "May" not in text
    assert "서울 / 제네바" in text and "취리히" not in text and "Zurich" not in text
    assert "시간 미정, 잠정" in text and "time TBC" not in text and "tentative" not in text
    assert "질베르 응보 사무총장, 김영훈 장관" in text and "Houngbo, Minister Kim" not in text
    assert text.startswith("국제노동기구(ILO) 사무총장 방한\n")
    lines = text.splitlines()
    header = lines[next(i for i, line in enumerate(lines) if line.startswith("2026년 5월 22일(금)")) + 1]
    row = next(line for line in lines if "대통령 면담" in line)
    assert header.startswith("서울 / 제네바")
    # the venue column starts at the same cell on the header and on a row with Korean before it
    assert cell_len(header[: header.index("장소")]) == cell_len(row[: row.index("대통령실")])


def test_the_english_timeline_keeps_its_bilingual_heading(rehearsal_dir: Path) -> None:
    assert "Friday 22 May 2026 · 5월 22일 (금)" in Cli(rehearsal_dir)("timeline", env=ENGLISH).output


@pytest.mark.parametrize("command", [["timeline", "--json"], ["show", "minister-meeting", "--json"], ["history", "--json"],
                                     ["plan", "--json"], ["plan", "--json", "--from", "12:00", "--to", "13:00"]])
def test_json_is_the_same_in_both_languages(rehearsal_dir: Path, command: list[str]) -> None:
    cli = Cli(rehearsal_dir)
    if command[0] == "plan":
        _planned(cli)
    english, korean = cli(*command, env=ENGLISH), cli(*command, env=KOREAN)
    assert english.exit_code == korean.exit_code
    if command[0] == "plan":  # the solver's wall time differs from run to run; everything else must not
        plans = [json.loads(r.stdout) for r in (english, korean)]
        for plan in plans:
            plan.pop("seconds")
        assert plans[0] == plans[1]
        assert "text" not in str(plans[0]) or "must lie in" in english.stdout
    else:
        assert english.stdout == korean.stdout
    assert english.stdout.strip().startswith(("{", "["))


def test_a_span_across_days_is_written_the_korean_way_when_asked() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from itinerary.core.spans import span_text

    seoul = ZoneInfo("Asia/Seoul")
    start, end = dt.datetime(2026, 5, 21, 9, tzinfo=seoul), dt.datetime(2026, 5, 22, 18, tzinfo=seoul)
    assert span_text(start, end, seoul, lang="ko") == "5월 21일 09:00–5월 22일 18:00"
    assert span_text(start, end, seoul, lang="en") == "21 May 09:00–22 May 18:00"
    i18n.use("ko")
    assert span_text(start, end, seoul, dt.date(2026, 5, 21)) == "09:00–5월 22일 18:00"  # the interface's language by default
