"""The live board: a day of the visit on one screen, now and next, kept up to date.

The board shows what :class:`~itinerary.ui.board.records.Records` holds and changes the records
only through the operations of :mod:`itinerary.changes.events` — the same change path as the
command line. Everything that touches the data folder runs on the records' one worker thread,
so the screen never waits on a disk or a colleague's lock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Callable
from typing import TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from itinerary.core import now as nownext
from itinerary.core import travel
from itinerary.i18n import _
from itinerary.model import Event
from itinerary.model.checks import printable
from itinerary.ui.board import render
from itinerary.ui.board.acting import Acts
from itinerary.ui.board.clock import Clock
from itinerary.ui.board.keys import KeyBar, shown_keys
from itinerary.ui.board.records import Records, View
from itinerary.ui.board.rows import EVENT, Columns, day_rows, landing, time_width
from itinerary.ui.board.screens import MODAL_CSS, EventScreen, HelpScreen, PersonScreen, help_text
from itinerary.ui.marks import event_title, guest_zone_label, korean, person_name, visit_title, zone_label

T = TypeVar("T")

LOOK_EVERY = 0.5
"""Seconds between two looks at the data folder for changes."""
TICK_EVERY = 1.0
"""Seconds between two redraws of the clock and countdowns."""
CHANGED_FOR = 60.0
"""Seconds an event changed by anyone stays marked."""
THEMES = {"dark": "textual-dark", "light": "textual-light"}


class DayTable(DataTable[RenderableType]):
    """The day's events: ↑↓ choose one, Enter opens it; ←→ are the board's (the day)."""

    inherit_bindings = False
    BINDINGS = [
        Binding("enter", "select_cursor", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]


class BoardApp(App[None]):
    """The board of one data folder."""

    TITLE = "itinerary board"
    ENABLE_COMMAND_PALETTE = False  # every key the board has is in its bar and its help
    CSS = """
    #now { height: auto; max-height: 14; padding: 0 1; background: $boost; }
    #day { height: 1; padding: 0 1; background: $panel; }
    #problem { height: auto; padding: 0 1; color: $error; display: none; }
    #problem.shown { display: block; }
    DayTable { height: 1fr; scrollbar-size-vertical: 1; }
    """ + MODAL_CSS
    BINDINGS = [
        Binding("left", "day(-1)", show=False),
        Binding("right", "day(1)", show=False),
        Binding("p", "person", show=False),
        Binding("c", "confirm", show=False),
        Binding("minus", "move(-5)", show=False),
        Binding("plus,equals_sign", "move(5)", show=False),
        Binding("left_square_bracket", "move(-15)", show=False),
        Binding("right_square_bracket", "move(15)", show=False),
        Binding("s", "start", show=False),
        Binding("x", "cancel_event", show=False),
        Binding("u", "undo", show=False),
        Binding("r", "reload", show=False),
        Binding("t", "theme", show=False),
        Binding("question_mark", "help", show=False),
        Binding("q", "quit", show=False),
    ]

    def __init__(
        self, records: Records, *, clock: Clock, day: dt.date | None = None, person: str | None = None,
        theme: str = "dark", look_every: float = LOOK_EVERY,
    ) -> None:
        super().__init__()
        assert records.view is not None, "load the records before the board starts"
        self.records = records
        self.view: View = records.view
        self.clock = clock
        self.person = person
        self.look_every = look_every
        self.theme = THEMES[theme]
        self.days = nownext.days(self.view.programme)
        self.day = day or self._first_day()
        if self.day not in self.days:  # a day asked for that has no event: step from it all the same
            self.days = sorted({*self.days, self.day})
        self.marked: dict[str, float] = {}
        """Events changed a moment ago: id → when the mark goes (monotonic seconds)."""
        self.acts = Acts(self)
        self.own: set[int] = set()
        """Journal entries this board wrote (their notice was given when written)."""
        self._looking = False
        self._drawn: tuple[object, ...] = ()
        self._land = True
        """Put the cursor on the event in progress (or the next) at the next drawing."""

    # --- layout and drawing ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="now")
        yield Static(id="day")
        yield Static(id="problem")
        yield DayTable(cursor_type="row", id="events")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.title = visit_title(self.view.programme.visit)
        self.draw(force=True)
        self.query_one(DayTable).focus()
        if self.look_every > 0:
            self.set_interval(self.look_every, self._look_tick)
        self.set_interval(TICK_EVERY, self.draw)

    def on_resize(self) -> None:
        self.draw(force=True)

    def _first_day(self) -> dt.date:
        today = self.clock.now().astimezone(self.view.programme.visit.tz).date()
        ahead = [d for d in self.days if d >= today]
        return ahead[0] if ahead else self.days[-1]

    def draw(self, force: bool = False) -> None:
        """Draw again what changed: the board shows minutes, so a second that does not change the
        minute, the records, the day, the person, the marks or the size changes nothing."""
        now = self.clock.now()
        programme = self.view.programme
        moment = time.monotonic()
        self.marked = {k: v for k, v in self.marked.items() if v > moment}
        # the view by identity: comparing two programmes event by event every second costs too much
        state = (id(self.view), self.day, self.person, frozenset(self.marked), f"{now.astimezone(programme.visit.tz):%Y%m%d%H%M}",
                 self.size)
        if not force and state == self._drawn:
            return
        self._drawn = state
        self.query_one("#now", Static).update(self.paint(self._now_panel(now)))
        problem = self.query_one("#problem", Static)
        problem.update(Text(_("Not read again: {problem}. The board shows the records as they were.", problem=self.view.problem), style="bold")
                       if self.view.problem else "")
        problem.set_class(bool(self.view.problem), "shown")
        self._fill_table(now)

    def _now_panel(self, now: dt.datetime) -> RenderableType:
        """The clock and as many principals as a third of the screen holds (the guest always)."""
        programme = self.view.programme
        principals = [self.person] if self.person else nownext.principals(programme, now)
        budget = max(6, self.size.height // 3)
        options = self.console.options.update_width(max(20, self.size.width - 2))
        note = self.clock.note()
        shown: list[nownext.Standing] = []
        panel = render.now_panel(programme, shown, now, note=note, more=len(principals))
        for standing in nownext.standings(programme, principals[: max(1, budget)], now):
            trial = [*shown, standing]
            candidate = render.now_panel(programme, trial, now, note=note, more=len(principals) - len(trial))
            if shown and len(self.console.render_lines(candidate, options, pad=False)) > budget:
                break
            shown, panel = trial, candidate
        return panel

    def _fill_table(self, now: dt.datetime) -> None:
        programme = self.view.programme
        table = self.query_one(DayTable)
        keep = self.chosen_key()
        rows = day_rows(programme, self.day, now=now, person=self.person, findings=self.view.by_event, changed=set(self.marked),
                        busy=self.view.busy)
        ids = [key.removeprefix(EVENT) for key, _cells in rows if key.startswith(EVENT)]
        found = {id(f): f for i in ids for f in self.view.by_event.get(i, ())}
        label = person_name(programme, self.person) if self.person else ""
        self.query_one("#day", Static).update(self.paint(render.day_line(self.day, events=len(ids), findings=list(found.values()), person=label)))
        widths = Columns.fit(table.size.width or self.size.width)
        visit = programme.visit
        zones = zone_label(visit.zone) + (f"/{guest_zone_label(visit, visit.guest_zone, visit.guest_zone_label)}"
                                          if visit.guest_zone != visit.zone else "")
        table.clear(columns=True)
        for key, title, width in (("mark", "", 2), ("time", zones, time_width()), ("status", "", 2), ("event", _("Event"), widths.event),
                                  ("venue", _("Venue"), widths.venue), ("with", _("With"), widths.people)):
            table.add_column(Text(title, style="bold"), width=width, key=key)
        for key, cells in rows:
            table.add_row(*(self.paint(cell) for cell in cells), key=key, height=None)
        if not rows:
            table.add_row(Text(""), Text(""), Text(""), Text(_("No events this day."), style="dim"), Text(""), Text(""), key="note:none")
        keys = [key for key, _cells in rows]
        if keep in keys and not self._land:
            table.move_cursor(row=keys.index(keep), animate=False)
        else:  # a new day on the screen: the cursor on what is happening, never on what is over
            table.move_cursor(row=landing(programme, keys, now), animate=False)
        self._land = False

    def chosen_key(self) -> str | None:
        """The key of the row under the cursor."""
        table = self.query_one(DayTable)
        if table.row_count == 0:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001  (no row under the cursor)
            return None

    def chosen(self) -> Event | None:
        """The event under the cursor; says so when there is none."""
        key = self.chosen_key() or ""
        event = self.view.programme.event(key.removeprefix(EVENT)) if key.startswith(EVENT) else None
        if event is None:
            self.say(_("Choose an event first (↑↓)."), severity="warning")
        return event

    # --- keeping up to date -------------------------------------------------------------------

    async def in_records(self, call: Callable[[], T]) -> T:
        """``call`` on the records' worker thread."""
        return await asyncio.wrap_future(self.records.run(call))

    def _look_tick(self) -> None:
        if not self._looking:
            self._looking = True
            self.run_worker(self.look(), group="look")

    async def look(self, full: bool = False) -> None:
        """Look at the folder (with ``full``, read everything again) and show what changed."""
        try:
            view = await self.in_records(self.records.reload if full else self.records.look)
        finally:
            self._looking = False
        if view is not None:
            self.show(view)

    def show(self, view: View) -> None:
        """Take a new view: mark what changed, tell what others did."""
        moment = time.monotonic()
        for event_id in view.changed:
            self.marked[event_id] = moment + CHANGED_FOR
        for seen in view.seen:
            if seen.seq not in self.own:
                who = printable(seen.who)
                title = _("rolled back by {who}", who=who) if seen.state == "aborted" else _("changed by {who}", who=who)
                self.say(f"#{seen.seq} {printable(seen.command)}", title=title, timeout=8)
        for event in view.gone:
            self.say(_("{title} ({event}) was removed.", title=event_title(event), event=event.id), severity="warning", timeout=8)
        self.view = view
        self.days = nownext.days(view.programme)
        if self.day not in self.days:
            self.days = sorted({*self.days, self.day})
        self.draw(force=True)

    def paint(self, renderable: RenderableType) -> RenderableType:
        """What the board draws, without colours under NO_COLOR (a red error turned grey would
        be unreadable; bold, italic, strike and the marks carry the meaning instead)."""
        return render.Colourless(renderable) if self.no_color else renderable

    def say(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None) -> None:
        """A notice in a corner of the screen (never read as markup: it quotes the records)."""
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The board's keys do nothing while a question or an event is open over it."""
        if isinstance(self.screen, ModalScreen) and action not in ("quit",):
            return False
        return True

    def action_day(self, step: int) -> None:
        index = self.days.index(self.day) if self.day in self.days else 0
        self.day = self.days[max(0, min(len(self.days) - 1, index + step))]
        self._land = True
        self.draw(force=True)

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        key = str(message.row_key.value)
        if not key.startswith(EVENT):
            return
        programme = self.view.programme
        event = programme.event(key.removeprefix(EVENT))
        if event is None:
            return
        gaps = travel.all_gaps(programme)
        body = render.event_in_full(programme, event, findings=self.view.by_event.get(event.id, ()), gaps=gaps, now=self.clock.now())
        self.push_screen(EventScreen(self.paint(body)))

    def action_person(self) -> None:
        programme = self.view.programme
        if korean():
            people = [(p.id, f"{p.korean or p.label} — {p.name}") for p in programme.people]
        else:
            people = [(p.id, f"{p.label} — {p.name}" + (f" ({p.name_ko})" if p.name_ko else "")) for p in programme.people]

        def chosen(person: str | None) -> None:
            if person is not None:
                self.person = person or None
                self.draw(force=True)

        self.push_screen(PersonScreen(people, self.person, programme.people), chosen)

    def action_reload(self) -> None:
        self.say(_("Reading every record again…"), timeout=2)
        self.run_worker(self.look(full=True), group="look")

    def action_theme(self) -> None:
        self.theme = THEMES["light"] if self.theme == THEMES["dark"] else THEMES["dark"]

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.paint(help_text([(key, what) for key, _short, what in shown_keys()]))))

    def action_confirm(self) -> None:
        event = self.chosen()
        if event is not None:
            self.acts.confirm(event)

    def action_move(self, minutes: int) -> None:
        event = self.chosen()
        if event is not None:
            self.acts.nudge(event, minutes)

    def action_start(self) -> None:
        event = self.chosen()
        if event is not None:
            self.acts.ask_start(event, self.day)

    def action_cancel_event(self) -> None:
        event = self.chosen()
        if event is not None:
            self.acts.cancel(event, self.day)

    def action_undo(self) -> None:
        self.acts.undo()

    def _fatal_error(self) -> None:
        """An unexpected error ends the board with one line, never a traceback that could show
        the records (ITINERARY_DEBUG=1 shows it, without the values of variables)."""
        if os.environ.get("ITINERARY_DEBUG"):
            from rich.segment import Segments
            from rich.traceback import Traceback

            self._exit_renderables.append(Segments(self.console.render(Traceback(show_locals=False), self.console.options)))
        else:
            error = self._exception
            self._exit_renderables.append(Text(_(
                "itinerary: internal error ({kind}: {error}); please report it (set ITINERARY_DEBUG=1 for the traceback)",
                kind=type(error).__name__, error=error)))
        self._close_messages_no_wait()

