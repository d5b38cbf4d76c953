"""The live board: ``itinerary board``. Textual is imported only when the board starts, so the
other commands never pay for it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from itinerary.cli.app import commands
from itinerary.cli.options import day_option, find_person, library, time_option
from itinerary.errors import ExitCode, Reported, UsageError
from itinerary.i18n import N_, _

THEMES = ("dark", "light")

app = commands()


@app.command()
def board(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--day", help=N_("The day shown first (default: today, or the visit's next day)."))] = None,
    person: Annotated[str | None, typer.Option("--person", help=N_("Follow this person (id, name, surname or role); p changes it."))] = None,
    clock: Annotated[str | None, typer.Option("--clock", help=N_("Run at a simulated time, e.g. '2026-05-22 09:40' (rehearsals)."))] = None,
    speed: Annotated[float | None, typer.Option("--speed", help=N_("With --clock: how fast the simulated time runs (60: a minute a second; 0: stopped)."))] = None,
    theme: Annotated[str, typer.Option("--theme", help=N_("dark or light."))] = "dark",
) -> None:
    """The visit day on one screen, kept up to date: the day's events with their findings, and
    for each principal the event in progress, the next one and when to leave for it. Changes by
    other officers show within a second or two. Keys act through the same change path as the
    commands (confirm, move, set the start, cancel, undo); `?` lists them. Needs a terminal.

    Example: itinerary board --clock "2026-05-22 09:40" --speed 60
    """
    if theme not in THEMES:
        raise UsageError(_("--theme: {value!r} is not one of: {values}", value=theme, values=", ".join(THEMES)))
    if speed is not None and clock is None:
        raise UsageError(_("--speed needs --clock (the real clock runs at its own speed)"))
    if speed is not None and not 0 <= speed <= 3600:
        raise UsageError(_("--speed: between 0 (stopped) and 3600 (an hour a second)"))
    lib = library(ctx)
    visit = lib.store.visit()
    the_day = day_option(visit, day)
    start = time_option(visit, clock, visit.zone, the_day, "--clock") if clock is not None else None
    from itinerary.storage.watch import Watcher
    from itinerary.ui.board.clock import Clock
    from itinerary.ui.board.records import Records

    root = lib.store.root
    records = Records(lib, Watcher(root) if root is not None else None)
    try:
        view = records.run(records.load).result()
        person = find_person(view.programme, person)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError(_("the board needs a terminal; `itinerary timeline` prints the programme as text"))
        from itinerary.ui.board.app import BoardApp

        lib.store.on_notice = None  # the screen is the board's from here: nothing printed beneath it
        board_app = BoardApp(records, clock=Clock(start, 1.0 if speed is None else speed), day=the_day, person=person, theme=theme)
        board_app.run()
    finally:
        records.close()
    if board_app.return_code:
        raise Reported("", ExitCode.BUG)
