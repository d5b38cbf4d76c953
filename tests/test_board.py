"""The live board, driven headless with Textual's pilot: every key that changes something is
checked against the records on disk and the history."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import shutil
import sys
import time
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot

from conftest import REHEARSAL_CLOCK, Cli, records_hash
from itinerary.changes import directory, events
from itinerary.changes.events import Edit
from itinerary.changes.library import Library
from itinerary.model import Event, Venue
from itinerary.storage.watch import Watcher
from itinerary.ui.board.app import BoardApp, DayTable
from itinerary.ui.board.clock import Clock
from itinerary.ui.board.records import Records
from itinerary.ui.board.screens import AskScreen, EventScreen, PersonScreen, StartScreen

SEOUL = ZoneInfo("Asia/Seoul")
AT_0940 = dt.datetime(2026, 5, 22, 9, 40, tzinfo=SEOUL)
STAMP = dt.datetime.fromisoformat(REHEARSAL_CLOCK)


@pytest.fixture(autouse=True)
def colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """The board in colour unless a test says otherwise (NO_COLOR is read when it starts)."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@contextmanager
def board(data: Path, *, look_every: float = 0, **options: object) -> Iterator[BoardApp]:
    """The board of ``data`` at a simulated 09:40 on 22 May, the clock stopped."""
    records = Records(Library.open(data, who="Jung Hye-jin", clock=lambda: STAMP), Watcher(data))
    try:
        records.run(records.load).result()
        yield BoardApp(records, clock=Clock(AT_0940, 0), look_every=look_every, **options)  # type: ignore[arg-type]
    finally:
        records.close()


def drive(app: BoardApp, scenario: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = (80, 24)) -> None:
    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(run())


async def until(pilot: Pilot[None], condition: Callable[[], bool], within: float = 5.0) -> bool:
    """Let the board work until ``condition`` holds (False if it does not within ``within`` s)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def settled(pilot: Pilot[None]) -> None:
    """Wait for every worker of the board (a change, a look at the folder) to finish."""
    await asyncio.wait_for(pilot.app.workers.wait_for_complete(), 10)
    await pilot.pause()


def rows(app: BoardApp) -> list[str]:
    """The keys of the table's rows, in order."""
    table = app.query_one(DayTable)
    return [str(row.key.value) for row in table.ordered_rows]


def cell_text(app: BoardApp, key: str, column: str) -> str:
    return str(app.query_one(DayTable).get_cell(key, column))


def record(data: Path, event_id: str) -> dict[str, object]:
    return tomllib.loads((data / f"{event_id}.toml").read_text(encoding="utf-8"))


def plain(renderable: object, width: int = 100) -> str:
    console = Console(width=width, color_system=None, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def history(data: Path) -> list[str]:
    return [e.command for e in Library.open(data).store.history()]


def test_days_switch_with_the_arrows_and_stop_at_the_visit_s_ends(rehearsal_dir: Path) -> None:
    before = records_hash(rehearsal_dir)
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            assert app.day == dt.date(2026, 5, 22)
            assert rows(app)[:2] == ["event:president-meeting", "event:seoul-employment-center-visit"]
            await pilot.press("left")
            assert app.day == dt.date(2026, 5, 21)
            shown = rows(app)
            assert "event:global-ai-hub-ceremony" in shown and "event:minister-meeting" in shown
            assert "event:president-meeting" not in shown
            assert "Thursday 21 May 2026" in plain(app.query_one("#day").render())
            await pilot.press("left")
            assert app.day == dt.date(2026, 5, 21)  # the first day: nothing before it
            await pilot.press("right", "right", "right")
            assert app.day == dt.date(2026, 5, 22)

        drive(app, scenario)
    assert records_hash(rehearsal_dir) == before


def test_following_one_person_shows_their_events_and_the_time_between(rehearsal_dir: Path) -> None:
    before = records_hash(rehearsal_dir)
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("p")
            assert isinstance(app.screen, PersonScreen)
            await pilot.press("down", "down", "enter")  # Everyone, Houngbo, Minister Kim
            assert app.person == "kim-younghoon"
            assert [r for r in rows(app) if r.startswith("event:")] == []  # nothing on 22 May
            assert "Minister Kim" in plain(app.query_one("#day").render())
            await pilot.press("left")
            assert [r for r in rows(app) if r.startswith("event:")] == ["event:minister-meeting"]
            await pilot.press("p", "up", "enter")  # Houngbo
            await pilot.press("right")
            assert app.person == "houngbo"
            shown = rows(app)
            gap = shown.index("note:gap:seoul-employment-center-visit")
            assert shown[gap - 1] == "event:president-meeting" and shown[gap + 1] == "event:seoul-employment-center-visit"
            assert "25 min travel + 10 min buffer, 10 min spare" in cell_text(app, "note:gap:seoul-employment-center-visit", "event")
            await pilot.press("p", "home", "enter")  # everyone again
            assert app.person is None and "event:president-meeting" in rows(app)

        drive(app, scenario)
    assert records_hash(rehearsal_dir) == before


def test_enter_opens_the_event_in_full_with_agenda_contacts_and_notes(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("down", "enter")
            assert isinstance(app.screen, EventScreen)
            text = plain(app.screen.body)
            assert "Visit to the Seoul Employment Center" in text and "서울고용센터 방문" in text
            assert "1. AI-based innovations in employment and labour administration" in text  # the agenda
            assert "Lee Kang-yeon (이강연), Director, International Cooperation Division, +82-44-202-7129" in text
            assert "Proposed for 11:00, after the meeting with the President" in text  # the notes
            assert "starts in 1 h 20 min" in text
            assert "Houngbo, before it: Meeting with the President → 25 min travel + 10 min buffer, 10 min spare" in text
            await pilot.press("escape")
            assert not isinstance(app.screen, EventScreen)

        drive(app, scenario)


def test_a_move_that_clashes_is_refused_then_forced_then_undone(rehearsal_dir: Path) -> None:
    visit_file = rehearsal_dir / "seoul-employment-center-visit.toml"
    original = visit_file.read_bytes()
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("down", "s")
            assert isinstance(app.screen, StartScreen)
            await pilot.press(*"1O:00", "enter")  # a typo: the board says why and waits
            assert isinstance(app.screen, StartScreen) and "1O:00" in str(app.screen.query_one("#problem").render())
            await pilot.press("ctrl+a", "ctrl+k", *"10:00", "enter")
            assert await until(pilot, lambda: isinstance(app.screen, AskScreen))
            question = plain(app.screen.question)  # type: ignore[attr-defined]
            assert "would add 1 conflict error" in question and "overlap by 15 min" in question
            await pilot.press("n")
            await settled(pilot)
            assert visit_file.read_bytes() == original  # refused: nothing written
            assert history(rehearsal_dir)[-1] == "edit seoul-employment-center-visit"  # the rehearsal's own, not a new one
            count = len(history(rehearsal_dir))

            await pilot.press("s", *"10:00", "enter")
            assert await until(pilot, lambda: isinstance(app.screen, AskScreen))
            await pilot.press("y")
            await settled(pilot)
            written = record(rehearsal_dir, "seoul-employment-center-visit")
            assert written["start"] == dt.datetime(2026, 5, 22, 10, 0) and written["end"] == dt.datetime(2026, 5, 22, 11, 0)
            assert len(history(rehearsal_dir)) == count + 1 and history(rehearsal_dir)[-1] == "edit seoul-employment-center-visit"
            assert "overlap" in cell_text(app, "event:seoul-employment-center-visit", "event")  # the board marks the clash
            assert "●" in cell_text(app, "event:seoul-employment-center-visit", "mark")  # and the change

            await pilot.press("u")
            assert await until(pilot, lambda: isinstance(app.screen, AskScreen))
            question = plain(app.screen.question)  # type: ignore[attr-defined]
            assert f"Undo #{count + 1} (edit seoul-employment-center-visit), made by Jung Hye-jin" in question
            assert "Fri 22 May 10:00–11:00 → Fri 22 May 11:00–12:00" in question
            await pilot.press("y")
            await settled(pilot)
            assert visit_file.read_bytes() == original
            assert history(rehearsal_dir)[-1] == f"undo #{count + 1} (edit seoul-employment-center-visit)"
            assert cell_text(app, "event:seoul-employment-center-visit", "time").startswith("11:00–12:00")

        drive(app, scenario)


def test_moves_by_five_and_fifteen_minutes_keep_the_length(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            for key in ("plus", "plus", "left_square_bracket", "minus"):  # 09:35, 09:40, 09:25, 09:20
                await pilot.press(key)
                await settled(pilot)
            written = record(rehearsal_dir, "president-meeting")
            assert written["start"] == dt.datetime(2026, 5, 22, 9, 20) and written["end"] == dt.datetime(2026, 5, 22, 10, 5)
            assert history(rehearsal_dir)[-4:] == ["edit president-meeting"] * 4
            await pilot.press("right_square_bracket")
            await settled(pilot)
            assert record(rehearsal_dir, "president-meeting")["start"] == dt.datetime(2026, 5, 22, 9, 35)

        drive(app, scenario)


def test_confirm_and_cancel_go_through_the_change_path(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("down", "c")
            await settled(pilot)
            confirmed = record(rehearsal_dir, "seoul-employment-center-visit")
            assert confirmed["status"] == "confirmed" and "confirmed by Jung Hye-jin" in str(confirmed["source"])  # type: ignore[index]
            await pilot.press("x")
            assert await until(pilot, lambda: isinstance(app.screen, AskScreen))
            await pilot.press("n")
            await settled(pilot)
            assert record(rehearsal_dir, "seoul-employment-center-visit")["status"] == "confirmed"
            await pilot.press("x", "y")
            await settled(pilot)
            assert record(rehearsal_dir, "seoul-employment-center-visit")["status"] == "cancelled"
            assert history(rehearsal_dir)[-2:] == ["edit seoul-employment-center-visit", "cancel seoul-employment-center-visit"]
            assert "event:seoul-employment-center-visit" in rows(app)  # cancelled events stay on the board, struck through

        drive(app, scenario)


def test_an_event_whose_time_is_to_be_confirmed_is_not_nudged(rehearsal_dir: Path) -> None:
    before = records_hash(rehearsal_dir)
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            index = rows(app).index("event:labour-leaders-meeting")
            app.query_one(DayTable).move_cursor(row=index)
            await pilot.press("plus", "right_square_bracket")
            await settled(pilot)

        drive(app, scenario)
    assert records_hash(rehearsal_dir) == before


def test_a_move_against_a_record_changed_meanwhile_is_refused(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            colleague = Library.open(rehearsal_dir, who="Lee Kang-yeon")
            events.edit(colleague, "president-meeting", Edit(start=dt.datetime(2026, 5, 22, 9, 45, tzinfo=SEOUL)))
            await pilot.press("plus")  # the board has not looked yet: it still shows 09:30
            await settled(pilot)
            assert record(rehearsal_dir, "president-meeting")["start"] == dt.datetime(2026, 5, 22, 9, 45)  # the colleague's stays
            assert cell_text(app, "event:president-meeting", "time").startswith("09:45")  # and the board shows it now

        drive(app, scenario)


def test_a_change_from_outside_shows_within_two_seconds(rehearsal_dir: Path) -> None:
    """Another officer moves the meeting from another terminal; the board, looking every half
    second, shows it, marked as changed, within two seconds."""
    command = shutil.which("itinerary", path=str(Path(sys.executable).parent))
    assert command, "the itinerary command is not installed"
    with board(rehearsal_dir, look_every=0.5) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            env = {k: v for k, v in os.environ.items() if k != "ITINERARY_DATA"}
            done = await asyncio.create_subprocess_exec(
                command, "--data", str(rehearsal_dir), "--by", "Lee Kang-yeon", "edit", "president-meeting", "--start", "22 May 09:50",
                env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            _, err = await done.communicate()
            assert done.returncode == 0, err
            written = time.monotonic()
            assert await until(pilot, lambda: cell_text(app, "event:president-meeting", "time").startswith("09:50"), within=2.0)
            assert time.monotonic() - written <= 2.0
            assert "●" in cell_text(app, "event:president-meeting", "mark")

        drive(app, scenario)


def test_a_record_replaced_by_hand_shows_too_and_one_edited_in_place_on_r(rehearsal_dir: Path) -> None:
    path = rehearsal_dir / "president-meeting.toml"
    with board(rehearsal_dir, look_every=0.5) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            spare = rehearsal_dir / ".president-meeting.toml.new"
            spare.write_bytes(path.read_bytes().replace(b"title = \"Meeting with the President\"", b"title = \"Courtesy call on the President\""))
            os.replace(spare, path)  # as an editor saves
            assert await until(pilot, lambda: "Courtesy call" in cell_text(app, "event:president-meeting", "event"), within=2.0)
            with path.open("r+b") as out:  # in place: no sign outside the file itself
                data = out.read().replace(b"Courtesy call", b"Audience with")
                out.seek(0)
                out.write(data)
                out.truncate()
            await pilot.press("r")
            assert await until(pilot, lambda: "Audience with" in cell_text(app, "event:president-meeting", "event"))

        drive(app, scenario)


def test_the_header_says_now_and_next_and_when_to_leave(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            text = plain(app._now_panel(AT_0940), width=78)
            assert "09:40 Seoul · 02:40 Geneva · Friday 22 May 2026  simulated time, stopped" in text
            assert "Houngbo       ▶ Meeting with the President until 10:15 (35 min left)" in text
            assert "next 11:00 ~ Visit to the Seoul Employment Center, in 1 h 20 min" in text
            assert "leave in 45 min (10:25) for Seoul Employment Center — 25 min" in text
            assert "the President ▶ Meeting with the President until 10:15 (35 min left)" in text

        drive(app, scenario)


def test_every_key_is_in_the_bar_at_eighty_columns_and_help_lists_them(rehearsal_dir: Path) -> None:
    from itinerary.ui.board.keys import KEYS
    from itinerary.ui.board.screens import HelpScreen

    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            bar = plain(app.query_one("#keys").render(), width=80)
            for key, short, _ in KEYS:
                assert f"{key} {short}" in bar
            assert app.query_one("#keys").size.height == 2
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("t")
            assert app.theme == "textual-light"

        drive(app, scenario)


# --- what the board looks like: SVG snapshots, committed under tests/__snapshots__ ----------------
# (pytest --snapshot-update writes them again after a deliberate change of the board's looks)


def test_snapshot_at_0940_on_22_may_80x24(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    with board(rehearsal_dir) as app:
        assert snap_compare(app, terminal_size=(80, 24))


def test_snapshot_at_0940_on_22_may_120x40(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    with board(rehearsal_dir) as app:
        assert snap_compare(app, terminal_size=(120, 40))


def test_snapshot_in_the_light_theme_following_the_guest(rehearsal_dir: Path, snap_compare: Callable[..., bool]) -> None:
    with board(rehearsal_dir, theme="light", person="houngbo") as app:
        assert snap_compare(app, terminal_size=(80, 24))


def test_snapshot_without_colour(rehearsal_dir: Path, snap_compare: Callable[..., bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    with board(rehearsal_dir) as app:
        assert app.no_color
        error = Text("✗ error: overlap, 15 min overlap", style="bold red")
        segments = list(Console(color_system="truecolor").render(app.paint(error)))
        assert [s.text for s in segments if s.text.strip()] == ["✗ error: overlap, 15 min overlap"]
        assert all(s.style is None or (s.style.color is None and s.style.bold) for s in segments if s.text.strip())
        assert snap_compare(app, terminal_size=(80, 24))


# --- what the board draws, on a plain console --------------------------------------------------


def test_korean_titles_keep_the_columns_aligned_at_eighty_columns(rehearsal_dir: Path) -> None:
    from rich.cells import cell_len
    from textual.geometry import Region

    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            table = app.query_one(DayTable)
            lines = ["".join(seg.text for seg in strip) for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height))]
            assert all(cell_len(line) == table.size.width for line in lines)
            first = next(i for i, line in enumerate(lines) if "Visit to the Seoul" in line)
            korean = next(line for line in lines if "서울고용센터 방문" in line)
            assert cell_len(korean[: korean.index("Center")]) == cell_len(lines[first][: lines[first].rindex("Seoul")])

        drive(app, scenario)


def test_user_text_is_shown_as_written_never_read_as_markup(rehearsal_dir: Path) -> None:
    from itinerary.ui.board.rows import day_rows

    colleague = Library.open(rehearsal_dir, who="Lee Kang-yeon")
    events.edit(colleague, "president-meeting", Edit({"title": "Talks [bilateral] [red]urgent[/red]"}))
    programme = colleague.programme()
    cells = dict(day_rows(programme, dt.date(2026, 5, 22), now=AT_0940))["event:president-meeting"]
    assert "Talks [bilateral] [red]urgent[/red]" in plain(cells[3])


def test_the_words_of_a_departure(rehearsal_dir: Path) -> None:
    from itinerary.core import now as nownext
    from itinerary.ui.board.render import departure_text, minutes_words

    assert [minutes_words(m) for m in (0, 35, 60, 80, 24 * 60 + 180)] == ["0 min", "35 min", "1 h", "1 h 20 min", "1 d 3 h"]
    programme = Library.open(rehearsal_dir).programme()
    way = nownext.standing(programme, "houngbo", AT_0940).departure
    assert way is not None

    def words(hour: int, minute: int) -> str:
        return departure_text(programme, way, dt.datetime(2026, 5, 22, hour, minute, tzinfo=SEOUL)).plain

    assert words(9, 40) == "leave in 45 min (10:25) for Seoul Employment Center — 25 min travel, 10 min buffer"
    assert words(10, 30) == "leave now for Seoul Employment Center — 25 min travel, 5 min buffer left"
    assert words(10, 41) == "late for Seoul Employment Center: leaving now arrives 6 min after the start (25 min travel)"
    tight = dataclasses.replace(way, free_from=dt.datetime(2026, 5, 22, 10, 30, tzinfo=SEOUL))
    assert departure_text(programme, tight, AT_0940).plain.endswith("25 min travel, 5 min buffer of 10")
    unknown = dataclasses.replace(way, leg=dataclasses.replace(way.leg, minutes=None))
    assert departure_text(programme, unknown, AT_0940).plain == (
        "travel time to Seoul Employment Center unknown: itinerary leg add presidential-office seoul-employment-center --minutes N")


# --- the command ------------------------------------------------------------------------------


def test_the_command_refuses_what_it_cannot_use_and_writes_nothing(cli: Cli, data_dir: Path) -> None:
    before = records_hash(data_dir)
    for args, code, said in (
        (["board", "--theme", "blue"], 2, "--theme: 'blue' is not one of: dark, light"),
        (["board", "--speed", "60"], 2, "--speed needs --clock"),
        (["board", "--clock", "22 May 09:40", "--speed", "-1"], 2, "--speed: between 0"),
        (["board", "--clock", "22 Mai 09:40"], 2, "--clock"),
        (["board", "--day", "31 May 2027 10:00"], 2, "--day"),
        (["board", "--person", "hongbo"], 3, "--person: no person 'hongbo'; did you mean 'houngbo' (Gilbert F. Houngbo, Director-General)?"),
        (["board"], 2, "the board needs a terminal; `itinerary timeline` prints the programme as text"),
    ):
        result = cli(*args)
        assert result.exit_code == code, (args, result.output)
        assert said in result.output and "Traceback" not in result.output
    assert records_hash(data_dir) == before
    missing = Cli(data_dir.parent / "nowhere")("board")
    assert missing.exit_code == 3 and "not found" in missing.output


def test_an_unexpected_error_ends_the_board_with_one_line_never_the_records(
    rehearsal_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("ITINERARY_DEBUG", raising=False)
    with board(rehearsal_dir) as app:
        secret = app.view.programme.events_by_id["president-meeting"]

        def broken(self: BoardApp) -> None:
            event = secret  # noqa: F841  (a local that a traceback with locals would print)
            raise RuntimeError("a bug")

        monkeypatch.setattr(BoardApp, "action_help", broken)

        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("question_mark")

        with pytest.raises(RuntimeError, match="a bug"):
            drive(app, scenario)
        assert app.return_code == 1
    said = " ".join(capsys.readouterr().err.split())
    assert said == "itinerary: internal error (RuntimeError: a bug); please report it (set ITINERARY_DEBUG=1 for the traceback)"


def test_a_day_without_events_can_be_shown_and_left(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir, day=dt.date(2026, 5, 25)) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            assert rows(app) == ["note:none"] and "Monday 25 May 2026" in plain(app.query_one("#day").render())
            await pilot.press("left")
            assert app.day == dt.date(2026, 5, 22)

        drive(app, scenario)


# --- where the cursor starts, words apart, a TBC start, an unknown leg ------------------------------


def test_the_cursor_starts_on_the_event_in_progress_or_the_next_never_a_past_one(rehearsal_dir: Path) -> None:
    lib = Library.open(rehearsal_dir, who="Lee Kang-yeon", clock=lambda: STAMP)
    events.add(lib, events_at("breakfast", "Breakfast briefing", 8, 0, 8, 45))

    def landed(at: dt.datetime, *, step: str = "") -> str:
        records = Records(Library.open(rehearsal_dir, who="Jung Hye-jin", clock=lambda: STAMP), Watcher(rehearsal_dir))
        found: list[str] = []
        try:
            records.run(records.load).result()
            app = BoardApp(records, clock=Clock(at, 0), look_every=0)

            async def scenario(pilot: Pilot[None]) -> None:
                if step:
                    await pilot.press(step)
                    await pilot.pause()
                found.append(app.chosen_key() or "")

            drive(app, scenario)
        finally:
            records.close()
        return found[0]

    assert landed(AT_0940) == "event:president-meeting"  # in progress, though the breakfast comes first
    assert landed(AT_0940.replace(hour=10, minute=30)) == "event:seoul-employment-center-visit"  # the next, not the past
    assert landed(AT_0940.replace(day=21), step="right") == "event:breakfast"  # a later day: its first event is the next


def events_at(event_id: str, title: str, h1: int, m1: int, h2: int, m2: int) -> Event:
    return Event(event_id, title, dt.datetime(2026, 5, 22, h1, m1, tzinfo=SEOUL), dt.datetime(2026, 5, 22, h2, m2, tzinfo=SEOUL),
                 participants=("houngbo",), status="confirmed")


def trimmed_lines(svg: str) -> list[str]:
    """The screen as a viewer draws the SVG when it trims each run's leading and trailing spaces:
    every run at its own column, its words as written."""
    import html
    import re

    cell = None
    lines: dict[float, dict[int, str]] = {}
    for m in re.finditer(r'<text class="[^"]+" x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        x, y, width, text = float(m.group(1)), float(m.group(2)), float(m.group(3)), html.unescape(m.group(4))
        cell = cell or width / max(1, len(text))
        lines.setdefault(y, {})[round(x / cell)] = text.strip("\xa0 ").replace("\xa0", " ")
    out = []
    for _, runs in sorted(lines.items()):
        row: list[str] = []
        for column, text in sorted(runs.items()):
            row += [" "] * max(0, column - len(row))
            row[column:column + len(text)] = list(text)
        out.append("".join(row))
    return out


def test_the_board_keeps_words_apart_even_where_runs_are_trimmed(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            shown = " ".join(trimmed_lines(app.export_screenshot()))
            assert "09:40 Seoul · 02:40 Geneva · Friday 22 May 2026" in shown
            assert "▶ Meeting with the President until 10:15 (35 min left)" in shown
            assert "next 11:00 ~ Visit to the Seoul Employment Center, in 1 h 20 min" in shown

        drive(app, scenario, size=(100, 30))


def test_setting_the_start_of_a_tbc_event_uses_its_expected_length(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            table = app.query_one(DayTable)
            table.move_cursor(row=rows(app).index("event:labour-leaders-meeting"))
            await pilot.press("s")
            await pilot.pause()
            assert not isinstance(app.screen, StartScreen)  # no expected length: nothing to ask
            said = [n.message for n in app._notifications]
            assert any("No expected length is recorded for Meeting with representatives of labour" in m
                       and "itinerary edit labour-leaders-meeting --duration 45m" in m for m in said), said

        drive(app, scenario)
    lib = Library.open(rehearsal_dir, who="Lee Kang-yeon", clock=lambda: STAMP)
    events.edit(lib, "labour-leaders-meeting", Edit(duration=dt.timedelta(minutes=45)))
    with board(rehearsal_dir) as app:
        async def confirm(pilot: Pilot[None]) -> None:
            app.query_one(DayTable).move_cursor(row=rows(app).index("event:labour-leaders-meeting"))
            await pilot.press("s")
            assert isinstance(app.screen, StartScreen)
            assert "its expected length, 45 min, is used" in plain(app.screen.what)  # type: ignore[attr-defined]
            await pilot.press(*"14:00", "enter")
            await settled(pilot)
            written = record(rehearsal_dir, "labour-leaders-meeting")
            assert written["start"] == dt.datetime(2026, 5, 22, 14, 0) and written["end"] == dt.datetime(2026, 5, 22, 14, 45)

        drive(app, confirm)


def test_an_unknown_leg_names_the_command_that_records_it(rehearsal_dir: Path) -> None:
    lib = Library.open(rehearsal_dir, who="Lee Kang-yeon", clock=lambda: STAMP)
    directory.add_venue(lib, Venue("lotte-hotel", "Lotte Hotel Seoul", city="Seoul"))
    events.edit(lib, "seoul-employment-center-visit", Edit({"venue": "lotte-hotel"}))
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            shown = " ".join(trimmed_lines(app.export_screenshot()))
            assert "travel time to Lotte Hotel Seoul unknown: itinerary leg add presidential-office lotte-hotel --minutes N" in shown

        drive(app, scenario, size=(140, 30))


def test_p_finds_a_person_by_what_the_officer_types(rehearsal_dir: Path) -> None:
    with board(rehearsal_dir) as app:
        async def scenario(pilot: Pilot[None]) -> None:
            await pilot.press("p", *"minister", "enter")  # a role word, as on the command line
            assert not isinstance(app.screen, PersonScreen) and app.person == "kim-younghoon"
            await pilot.press("p", *"응보")  # a Korean name
            choices = app.screen.query_one("#choices")
            assert [choices.get_option_at_index(i).id for i in range(choices.option_count)] == ["houngbo"]  # type: ignore[attr-defined]
            await pilot.press("enter")
            assert app.person == "houngbo"
            await pilot.press("p", *"kim2")  # no one: the nearest are offered, none is taken
            assert "no person 'kim2'; did you mean 'kim-younghoon'" in plain(app.screen.query_one("#problem").render())
            await pilot.press("escape")
            assert app.person == "houngbo"

        drive(app, scenario)
