"""The live board in Korean: the same board as ``test_board.py`` (the rehearsal at a stopped
09:40 on 22 May), with the interface speaking Korean. Its looks are SVG snapshots committed under
``tests/__snapshots__/test_board_korean`` (``pytest --snapshot-update`` writes them again after a
deliberate change), each read as a Korean officer reads the screen before it was kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_board import board, drive, plain
from textual.geometry import Region
from textual.pilot import Pilot

from itinerary import i18n
from itinerary.ui.board.app import DayTable
from itinerary.ui.board.screens import EventScreen, HelpScreen, help_text


def trimmed_lines(svg: str) -> list[str]:
    """The screen as a viewer draws the board's SVG when it trims each run's spaces (as
    ``test_board.trimmed_lines`` does), with a Hangul syllable taking the two cells it takes on
    the terminal."""
    import html
    import re

    runs = [(float(m.group(1)), float(m.group(2)), float(m.group(3)), html.unescape(m.group(4)))
            for m in re.finditer(r'<text class="[^"]+" x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg)]
    cell = next(width / len(text) for _, _, width, text in runs if text and cell_len(text) == len(text))
    lines: dict[float, dict[int, str]] = {}
    for x, y, _, text in runs:
        lines.setdefault(y, {})[round(x / cell)] = text.replace("\xa0", " ")
    out = []
    for _, found in sorted(lines.items()):
        row: list[str] = []
        for column, text in sorted(found.items()):
            row += [" "] * max(0, column - len(row))
            for n, char in enumerate(text.strip(" ") and text):
                at = column + sum(cell_len(c) for c in text[:n])
                row += [" "] * max(0, at + cell_len(char) - len(row))
                row[at:at + cell_len(char)] = [char] + [""] * (cell_len(char) - 1)
        out.append("".join(row))
    return [" ".join(line.split()) for line in out]


@pytest.fixture(autouse=True)
def korean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The board in colour, speaking Korean (as ``--lang ko`` or a Korean locale makes it)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    i18n.use("ko")
    try:
        yield
    finally:
        i18n.use("en")


def test_snapshot_in_korean_at_0940_on_22_may_80x24(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    with board(rehearsal_dir) as app:
        assert snap_compare(app, terminal_size=(80, 24))


def test_snapshot_in_korean_following_the_guest_120x40(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    with board(rehearsal_dir, person="houngbo") as app:
        assert snap_compare(app, terminal_size=(120, 40))


def test_snapshot_in_korean_of_an_event_in_full(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    async def open_it(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    with board(rehearsal_dir) as app:
        assert snap_compare(app, terminal_size=(100, 40), run_before=open_it)


def test_the_korean_board_says_now_next_and_when_to_leave_in_korean(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            shown = " ".join(trimmed_lines(app.export_screenshot()))
            assert "09:40 서울 · 02:40 제네바 · 2026년 5월 22일(금)" in shown
            assert "▶ 대통령 면담 10:15까지(35분 남음)" in shown
            assert "다음 11:00 ~ 서울고용센터 방문, 1시간 20분 후" in shown
            assert "2026년 5월 22일(금) — 일정 4건" in shown
            assert "Friday" not in shown and "Geneva" not in shown and "next" not in shown

        drive(app, scenario, size=(100, 30))


def test_every_key_is_in_the_korean_bar_at_eighty_columns_and_the_help_is_korean(rehearsal_dir: Path) -> None:
    from itinerary.ui.board.keys import shown_keys

    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            bar = plain(app.query_one("#keys").render(), width=80)
            for key, short, _what in shown_keys():
                assert f"{key} {short}" in bar
            assert "되돌리기" in bar and "undo" not in bar
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            helped = " ".join(trimmed_lines(app.export_screenshot()))
            assert "←→ 전날 / 다음 날" in helped and "q 보드 종료" in helped
            body = plain(help_text([(key, what) for key, _short, what in shown_keys()]), width=80)
            assert "▶ 진행 중  ● 방금 변경됨  ✗ 충돌 오류  ! 경고" in body and "✓ 확정  ~ 잠정  ? 시간 미정(예정 시간대 표시)" in body

        drive(app, scenario)


def test_korean_rows_keep_the_columns_aligned_at_eighty_columns(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            table = app.query_one(DayTable)
            lines = ["".join(seg.text for seg in strip) for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]
            assert all(cell_len(line) == table.size.width for line in lines)
            header = lines[0]
            row = next(line for line in lines if "대통령 면담" in line)
            # the event and venue columns start where their headings do, Hangul being two cells wide
            assert cell_len(row[: row.index("대통령 면담")]) == cell_len(header[: header.index("일정")])
            assert cell_len(row[: row.index("대통령실")]) == cell_len(header[: header.index("장소")])

        drive(app, scenario)


def test_enter_opens_the_event_in_full_in_korean(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("enter")
            assert isinstance(app.screen, EventScreen)
            shown = " ".join(trimmed_lines(app.export_screenshot()))
            assert "▶ 진행 중, 10:15 종료" in shown and "참석자" in shown and "질베르 응보 사무총장" in shown

        drive(app, scenario, size=(100, 40))
