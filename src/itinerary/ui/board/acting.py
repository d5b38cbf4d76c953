"""What the board's keys change: confirm, move, set the start, cancel, undo. Each goes through
the operations of :mod:`itinerary.changes.events` — the one change path of the command line —
on the records' worker thread; a change that would add conflict errors shows them and asks
before it is forced, as ``--force`` does on the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.notifications import SeverityLevel

from itinerary.changes import events
from itinerary.changes.events import Edit
from itinerary.changes.library import Applied, Library
from itinerary.core import revisions
from itinerary.core.timeparse import parse_when
from itinerary.errors import ConflictError, ItineraryError
from itinerary.model import Event, elapsed, shift
from itinerary.model.checks import counted, printable
from itinerary.ui.board.records import Records, View
from itinerary.ui.board.screens import AskScreen, StartScreen
from itinerary.ui.marks import time_range

T = TypeVar("T")


class Board(Protocol):
    """What the keys' changes need of the board they act for (the board's application is one):
    its records and the view of them on the screen, and the ways it asks, tells and looks again."""

    records: Records
    view: View
    own: set[int]
    """Journal entries this board wrote."""

    def paint(self, renderable: RenderableType) -> RenderableType: ...

    def say(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None) -> None: ...

    async def in_records(self, call: Callable[[], T]) -> T: ...

    async def look(self, full: bool = False) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...

    async def push_screen_wait(self, screen: Any) -> Any: ...

    def run_worker(self, work: Any, *, group: str = "default") -> Any: ...


def conflict_question(what: str, findings: Sequence[Any]) -> RenderableType:
    """What a change would add, and the question whether to write it anyway."""
    lines = Text(f"{what} would add {counted(len(findings), 'conflict error')}:\n", style="bold")
    for finding in findings:
        lines.append("✗ ", style="bold red")
        lines.append(f"{getattr(finding, 'message', finding)}\n")
    return Group(lines, Text("Write it anyway? It is recorded as forced, as --force does on the command line."))


class Acts:
    """The changes the board makes, for one board."""

    def __init__(self, app: Board) -> None:
        self.app = app

    @property
    def library(self) -> Library:
        return self.app.records.library

    def confirm(self, event: Event) -> None:
        if event.status == "confirmed":
            self.app.say(f"{event.title} is already confirmed.")
            return
        change = Edit(fields={"status": "confirmed"}, revision=event.revision)
        self.run(f"Confirming {event.title}", lambda force: events.edit(self.library, event.id, change, force=force),
                 lambda applied: f"Confirmed {event.title}.")

    def nudge(self, event: Event, minutes: int) -> None:
        if event.cancelled:
            self.app.say(f"{event.title} is cancelled.", severity="warning")
        elif event.time_tbc:
            self.app.say(f"The time of {event.title} is to be confirmed: set its start with s.", severity="warning")
        else:
            self.move(event, shift(event.start, dt.timedelta(minutes=minutes)), f"{minutes:+d} min")

    def ask_start(self, event: Event, day: dt.date) -> None:
        if event.cancelled:
            self.app.say(f"{event.title} is cancelled.", severity="warning")
            return
        if event.time_tbc and event.duration is None:
            self.app.say(f"No expected length is recorded for {event.title}, whose time is to be confirmed: its planning window "
                         f"is not its length. Record one first: itinerary edit {event.id} --duration 45m", severity="warning", timeout=10)
            return
        visit = self.app.view.programme.visit

        def parse(text: str) -> dt.datetime:
            return parse_when(text, event.zone, day=day, year=visit.first_day.year)

        what = Text(f"New start of {event.title} (now {time_range(event, visit.tz, day)}"
                    + (f", time to be confirmed); its expected length, {event.duration} min, is used." if event.time_tbc
                       else "); its length is kept."))

        def chosen(start: dt.datetime | None) -> None:
            if start is not None:
                self.move(event, start, "")

        self.app.push_screen(StartScreen(self.app.paint(what), parse, f"e.g. 14:30, or {day.day} {day:%b} 14:30"), chosen)

    def move(self, event: Event, start: dt.datetime, by: str) -> None:
        tz = self.app.view.programme.visit.tz
        length = dt.timedelta(minutes=event.duration) if event.time_tbc and event.duration else elapsed(event.start, event.end)
        moved = dataclasses.replace(event, start=start, end=shift(start, length), time_tbc=False)
        to = time_range(moved, tz, start.astimezone(tz).date())
        change = Edit(start=start, revision=event.revision)
        self.run(f"Moving {event.title}" + (f" {by}" if by else "") + f" to {to}",
                 lambda force: events.edit(self.library, event.id, change, force=force),
                 lambda applied: f"Moved {event.title} to {to}" + (f" ({by})" if by else "") + ".")

    def cancel(self, event: Event, day: dt.date) -> None:
        if event.cancelled:
            self.app.say(f"{event.title} is already cancelled.")
            return
        self.app.run_worker(self._cancel(event, day), group="act")

    async def _cancel(self, event: Event, day: dt.date) -> None:
        tz = self.app.view.programme.visit.tz
        question = Text(f"Cancel {event.title} ({time_range(event, tz, day)})?\n"
                        "It stays on record, struck through, and in calendar exports as cancelled.")
        if await self.app.push_screen_wait(AskScreen(self.app.paint(question), yes="cancel it", no="keep it")):
            await self._running(f"Cancelling {event.title}", lambda force: events.cancel(self.library, event.id),
                                lambda applied: f"Cancelled {event.title} (u undoes it).")

    def undo(self) -> None:
        self.app.run_worker(self._undo(), group="act")

    async def _undo(self) -> None:
        library = self.library
        try:
            target, preview = await self.app.in_records(lambda: events.undo(library, dry_run=True))
        except ItineraryError as err:
            self.app.say(str(err), severity="warning")
            return
        tz = self.app.view.programme.visit.tz
        lines = [f"  {d.kind} {d.title}: {d.old or '—'} → {d.new or '—'}" for d in revisions.diff(preview.before, preview.after)]
        question = Text(f"Undo #{target.seq} ({printable(target.command)}), made by {printable(target.who)} at {target.when.astimezone(tz):%H:%M on %d %b}?\n"
                        + "\n".join(lines))
        if await self.app.push_screen_wait(AskScreen(self.app.paint(question), yes="undo it", no="leave it")):
            await self._running(f"Undoing #{target.seq}", lambda force: events.undo(library, expect=target.seq)[1],
                                lambda applied: f"Undid #{target.seq} ({target.command}).")

    def run(self, what: str, call: Callable[[bool], Applied], done: Callable[[Applied], str]) -> None:
        """Make a change through the library, asking before forcing one that adds conflict errors."""
        self.app.run_worker(self._running(what, call, done), group="act")

    async def _running(self, what: str, call: Callable[[bool], Applied], done: Callable[[Applied], str]) -> None:
        app = self.app
        try:
            try:
                applied = await app.in_records(lambda: call(False))
            except ConflictError as err:
                question = app.paint(conflict_question(what, err.findings))
                if not await app.push_screen_wait(AskScreen(question, yes="write it anyway (as --force)", no="leave it")):
                    app.say("Nothing was written.", title=what, timeout=4)
                    return
                applied = await app.in_records(lambda: call(True))
        except ItineraryError as err:
            app.say(str(err), title=f"{what}: nothing was written", severity="error", timeout=10)
            await app.look()  # the records may have changed under the board: show them as they are
            return
        if applied.entry is None:
            app.say(applied.message or "Nothing to change.", timeout=4)
            return
        app.own.add(applied.entry.seq)
        said = done(applied)
        if applied.forced:
            said += f" Written despite {counted(len(applied.errors), 'conflict error')}."
        warnings = [f for f in applied.added if f.severity != "error"]
        if warnings:
            said += f" New: {warnings[0].message}" + (f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else "")
        app.say(said, severity="warning" if applied.forced or warnings else "information", timeout=8)
        await app.look()
