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

from itinerary.errors import UsageError
from itinerary.ui.marks import LEGEND

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

    BINDINGS = [Binding("escape,enter,q", "close", "close")]

    def __init__(self, body: RenderableType) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="event"):
            with VerticalScroll():
                yield Static(self.body, id="body")
            yield Static(hint(("Esc", "back"), ("↑↓", "scroll")), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[bool]):
    """A yes-or-no question (to cancel an event, to undo a change, to force a change)."""

    BINDINGS = [Binding("y", "answer(True)", "yes"), Binding("n,escape", "answer(False)", "no")]

    def __init__(self, question: RenderableType, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            with VerticalScroll():
                yield Static(self.question, id="question")
            yield Static(hint(("y", self.yes), ("n", self.no)), classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class PersonScreen(ModalScreen[str | None]):
    """Whom to follow: everyone, or one person (their events, and the time between them)."""

    BINDINGS = [Binding("escape", "close", "close")]

    def __init__(self, people: Sequence[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.people = people
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text("Everyone"), id="")]
        options += [Option(Text(label), id=person) for person, label in self.people]
        chosen = next((i for i, o in enumerate(options) if o.id == (self.current or "")), 0)
        with Vertical(id="people"):
            yield Static(Text("Whose programme?", style="bold"))
            yield OptionList(*options, id="choices")
            yield Static(hint(("↑↓", "choose"), ("Enter", "show"), ("Esc", "back")), classes="hint")
        self._chosen = chosen

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._chosen

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(message.option.id or "")

    def action_close(self) -> None:
        self.dismiss(None)


class StartScreen(ModalScreen[dt.datetime | None]):
    """A new start for an event, read by ``parse`` (which refuses what it cannot read)."""

    BINDINGS = [Binding("escape", "close", "close")]

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
            yield Static(hint(("Enter", "move it"), ("Esc", "back")), classes="hint")

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
    marks = Text("▶ in progress  ● changed a moment ago  ✗ conflict error  ! warning\n" + LEGEND, style="dim")
    return Group(Text("Keys", style="bold underline"), table, Text(""), marks)


class HelpScreen(ModalScreen[None]):
    """The keys, in full."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "close")]

    def __init__(self, body: RenderableType) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            with VerticalScroll():
                yield Static(self.body)
            yield Static(hint(("Esc", "back")), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
