"""The board's pop-up screens: an event in full, a question, a person to follow, a new start
time, and the help. Each says its own keys on its last line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from itinerary.core import lookup
from itinerary.errors import UsageError
from itinerary.i18n import _, pgettext
from itinerary.model import Person
from itinerary.ui.marks import legend

MODAL_CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical {
    width: 90%; max-width: 100; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 0 1;
}
ModalScreen VerticalScroll { height: auto; }
#event, #help { height: 90%; }
#event VerticalScroll, #help VerticalScroll { height: 1fr; }
ModalScreen OptionList { height: auto; max-height: 16; }
ModalScreen .hint { color: $text-muted; margin-top: 1; }
ModalScreen .error { color: $error; text-style: bold; }
"""
"""The look of every pop-up (part of the board's style sheet)."""


def hint(*keys: tuple[str, str]) -> Text:
    """'y force it · n leave it' with the keys in bold."""
    text = Text()
    for i, (key, what) in enumerate(keys):
        if i:
            text.append(" · ")
        text.append(key, style="bold reverse")
        text.append(f" {what}")
    return text


class EventScreen(ModalScreen[None]):
    """One event in full."""

    BINDINGS = [Binding("escape,enter,q", "close")]

    def __init__(self, body: RenderableType) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="event"):
            with VerticalScroll():
                yield Static(self.body, id="body")
            yield Static(hint(("Esc", pgettext("board", "back")), ("↑↓", pgettext("board", "scroll"))), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[bool]):
    """A yes-or-no question (to cancel an event, to undo a change, to force a change)."""

    BINDINGS = [Binding("y", "answer(True)"), Binding("n,escape", "answer(False)")]

    def __init__(self, question: RenderableType, yes: str = "", no: str = "") -> None:
        """``yes`` and ``no``: what each answer does ('cancel it', 'keep it'); 'yes' and 'no'
        when not given."""
        super().__init__()
        self.question = question
        self.yes, self.no = yes or pgettext("board", "yes"), no or pgettext("board", "no")

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            with VerticalScroll():
                yield Static(self.question, id="question")
            yield Static(hint(("y", self.yes), ("n", self.no)), classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PersonScreen(ModalScreen[str | None]):
    """Whom to follow: everyone, or one person (their events, and the time between them),
    chosen from the list or found by what the officer types — a name, a Korean name, a
    surname, a role (:func:`itinerary.core.lookup.people`, as on the command line)."""

    BINDINGS = [
        Binding("escape", "close"),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("home", "move(-1000)", show=False, priority=True),
        Binding("end", "move(1000)", show=False, priority=True),
    ]

    def __init__(self, people: Sequence[tuple[str, str]], current: str | None, directory: Sequence[Person] = ()) -> None:
        super().__init__()
        self.people = people
        self.current = current
        self.directory = directory

    def compose(self) -> ComposeResult:
        with Vertical(id="people"):
            yield Static(Text(_("Whose programme?"), style="bold"))
            yield Input(placeholder=_("type a name, a surname or a role (kim, minister, 김영훈)"), id="find")
            yield OptionList(*self._options(""), id="choices")
            yield Static("", id="problem", classes="error")
            yield Static(hint(("↑↓", pgettext("board", "choose")), ("Enter", pgettext("board", "show")), ("Esc", pgettext("board", "back"))),
                         classes="hint")

    def _options(self, text: str) -> list[Option]:
        """Everyone and each person; once something is typed, the people it names (or the
        nearest, when it names no one)."""
        if not text.strip():
            return [Option(Text(_("Everyone")), id=""), *(Option(Text(label), id=person) for person, label in self.people)]
        found = lookup.people(text, self.directory)
        wanted = [m.id for m in found.matches or found.near]
        return [Option(Text(label), id=person) for person, label in self.people if person in wanted]

    def on_mount(self) -> None:
        ids = ["", *(person for person, _label in self.people)]
        self.query_one(OptionList).highlighted = ids.index(self.current or "") if (self.current or "") in ids else 0
        self.query_one(Input).focus()

    def on_input_changed(self, message: Input.Changed) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        options = self._options(message.value)
        choices.add_options(options)
        if options:
            choices.highlighted = 0
        found = lookup.people(message.value, self.directory) if message.value.strip() else None
        said = ""
        if found is not None and not found.matches:
            said = _("{problem} (nearest below)", problem=found.problem() or "") if found.near else found.problem() or ""
        self.query_one("#problem", Static).update(Text(said))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is not None and choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted).id or "")

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count:
            now = choices.highlighted or 0
            choices.highlighted = max(0, min(choices.option_count - 1, now + step))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id or "")

    def action_close(self) -> None:
        self.dismiss(None)


class StartScreen(ModalScreen[dt.datetime | None]):
    """A new start for an event, read by ``parse`` (which refuses what it cannot read)."""

    BINDINGS = [Binding("escape", "close")]

    def __init__(self, what: RenderableType, parse: Callable[[str], dt.datetime], placeholder: str) -> None:
        super().__init__()
        self.what = what
        self.parse = parse
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(self.what)
            yield Input(placeholder=self.placeholder, id="when")
            yield Static("", id="problem", classes="error")
            yield Static(hint(("Enter", pgettext("board", "move it")), ("Esc", pgettext("board", "back"))), classes="hint")

    def on_input_submitted(self, message: Input.Submitted) -> None:
        try:
            moment = self.parse(message.value)
        except UsageError as err:
            self.query_one("#problem", Static).update(Text(str(err)))
            return
        self.dismiss(moment)

    def action_close(self) -> None:
        self.dismiss(None)


def help_text(keys: Sequence[tuple[str, str]]) -> RenderableType:
    """Every key of the board with what it does, then what the marks mean."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for key, what in keys:
        table.add_row(Text(key), Text(what))
    marks = Text(_("▶ in progress  ● changed a moment ago  ✗ conflict error  ! warning") + "\n" + legend(), style="dim")
    return Group(Text(_("Keys"), style="bold underline"), table, Text(""), marks)


class HelpScreen(ModalScreen[None]):
    """The keys, in full."""

    BINDINGS = [Binding("escape,question_mark,q", "close")]

    def __init__(self, body: RenderableType) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(self.body)
            yield Static(hint(("Esc", pgettext("board", "back"))), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
