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
from itinerary.i18n import _, ngettext, pgettext
from itinerary.i18n import dates as kdates
from itinerary.model import Event, elapsed, shift
from itinerary.model.checks import printable
from itinerary.ui.board.records import Records, View
from itinerary.ui.board.screens import AskScreen, StartScreen
from itinerary.ui.marks import event_title, korean, short_day, time_range
from itinerary.ui.reports import change_kind

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
    n = len(findings)
    lines = Text(ngettext("{what} would add {n} conflict error:", "{what} would add {n} conflict errors:", n, what=what, n=n) + "\n", style="bold")
    for finding in findings:
        lines.append("✗ ", style="bold red")
        lines.append(f"{getattr(finding, 'message', finding)}\n")
    return Group(lines, Text(_("Write it anyway? It is recorded as forced, as --force does on the command line.")))


class Acts:
    """The changes the board makes, for one board."""

    def __init__(self, app: Board) -> None:
        self.app = app

    @property
    def library(self) -> Library:
        return self.app.records.library

    def confirm(self, event: Event) -> None:
        title = event_title(event)
        if event.status == "confirmed":
            self.app.say(_("{title} is already confirmed.", title=title))
            return
        change = Edit(fields={"status": "confirmed"}, revision=event.revision)
        self.run(_("Confirming {title}", title=title), lambda force: events.edit(self.library, event.id, change, force=force),
                 lambda applied: _("Confirmed {title}.", title=title))

    def nudge(self, event: Event, minutes: int) -> None:
        title = event_title(event)
        if event.cancelled:
            self.app.say(_("{title} is cancelled.", title=title), severity="warning")
        elif event.time_tbc:
            self.app.say(_("The time of {title} is to be confirmed: set its start with s.", title=title), severity="warning")
        else:
            self.move(event, shift(event.start, dt.timedelta(minutes=minutes)), _("{n} min", n=format(minutes, "+d")))

    def ask_start(self, event: Event, day: dt.date) -> None:
        title = event_title(event)
        if event.cancelled:
            self.app.say(_("{title} is cancelled.", title=title), severity="warning")
            return
        if event.time_tbc and event.duration is None:
            self.app.say(_("No expected length is recorded for {title}, whose time is to be confirmed: its planning window "
                           "is not its length. Record one first: itinerary edit {event} --duration 45m", title=title, event=event.id),
                         severity="warning", timeout=10)
            return
        visit = self.app.view.programme.visit

        def parse(text: str) -> dt.datetime:
            return parse_when(text, event.zone, day=day, year=visit.first_day.year)

        now = time_range(event, visit.tz, day)
        if event.time_tbc:
            what = Text(_("New start of {title} (now {time}, time to be confirmed); its expected length, {n} min, is used.", title=title, time=now,
                          n=event.duration))
        else:
            what = Text(_("New start of {title} (now {time}); its length is kept.", title=title, time=now))

        def chosen(start: dt.datetime | None) -> None:
            if start is not None:
                self.move(event, start, "")

        self.app.push_screen(StartScreen(self.app.paint(what), parse, _("e.g. 14:30, or {day} 14:30", day=short_day(day))), chosen)

    def move(self, event: Event, start: dt.datetime, by: str) -> None:
        tz = self.app.view.programme.visit.tz
        length = dt.timedelta(minutes=event.duration) if event.time_tbc and event.duration else elapsed(event.start, event.end)
        moved = dataclasses.replace(event, start=start, end=shift(start, length), time_tbc=False)
        to = time_range(moved, tz, start.astimezone(tz).date())
        change = Edit(start=start, revision=event.revision)
        title = event_title(event)
        if by:
            what, done = _("Moving {title} {by} to {to}", title=title, by=by, to=to), _("Moved {title} to {to} ({by}).", title=title, to=to, by=by)
        else:
            what, done = _("Moving {title} to {to}", title=title, to=to), _("Moved {title} to {to}.", title=title, to=to)
        self.run(what, lambda force: events.edit(self.library, event.id, change, force=force), lambda applied: done)

    def cancel(self, event: Event, day: dt.date) -> None:
        if event.cancelled:
            self.app.say(_("{title} is already cancelled.", title=event_title(event)))
            return
        self.app.run_worker(self._cancel(event, day), group="act")

    async def _cancel(self, event: Event, day: dt.date) -> None:
        tz = self.app.view.programme.visit.tz
        title = event_title(event)
        question = Text(_("Cancel {title} ({time})?", title=title, time=time_range(event, tz, day)) + "\n"
                        + _("It stays on record, struck through, and in calendar exports as cancelled."))
        if await self.app.push_screen_wait(AskScreen(self.app.paint(question), yes=pgettext("board", "cancel it"), no=pgettext("board", "keep it"))):
            await self._running(_("Cancelling {title}", title=title), lambda force: events.cancel(self.library, event.id),
                                lambda applied: _("Cancelled {title} (u undoes it).", title=title))

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
        lines = [f"  {change_kind(d.kind)} {d.title_ko if korean() and d.title_ko else d.title}: {d.old or '—'} → {d.new or '—'}"
                 for d in revisions.diff(preview.before, preview.after)]
        local = target.when.astimezone(tz)
        made = kdates.korean(local, year=False) if korean() else f"{local:%H:%M on %d %b}"
        question = Text(_("Undo #{seq} ({command}), made by {who} at {when}?", seq=target.seq, command=printable(target.command),
                          who=printable(target.who), when=made) + "\n" + "\n".join(lines))
        if await self.app.push_screen_wait(AskScreen(self.app.paint(question), yes=pgettext("board", "undo it"), no=pgettext("board", "leave it"))):
            await self._running(_("Undoing #{seq}", seq=target.seq), lambda force: events.undo(library, expect=target.seq)[1],
                                lambda applied: _("Undid #{seq} ({command}).", seq=target.seq, command=target.command))

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
                if not await app.push_screen_wait(AskScreen(question, yes=pgettext("board", "write it anyway (as --force)"),
                                                            no=pgettext("board", "leave it"))):
                    app.say(_("Nothing was written."), title=what, timeout=4)
                    return
                applied = await app.in_records(lambda: call(True))
        except ItineraryError as err:
            app.say(str(err), title=_("{what}: nothing was written", what=what), severity="error", timeout=10)
            await app.look()  # the records may have changed under the board: show them as they are
            return
        if applied.entry is None:
            app.say(applied.message or _("Nothing to change."), timeout=4)
            return
        app.own.add(applied.entry.seq)
        said = done(applied)
        if applied.forced:
            n = len(applied.errors)
            said += " " + ngettext("Written despite {n} conflict error.", "Written despite {n} conflict errors.", n, n=n)
        warnings = [f for f in applied.added if f.severity != "error"]
        if warnings:
            first = warnings[0].message
            said += " " + (_("New: {message} (and {n} more)", message=first, n=len(warnings) - 1) if len(warnings) > 1
                           else _("New: {message}", message=first))
        app.say(said, severity="warning" if applied.forced or warnings else "information", timeout=8)
        await app.look()
