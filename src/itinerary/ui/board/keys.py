"""The board's keys, and the bar at the foot of the screen that shows every one of them."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

KEYS: tuple[tuple[str, str, str], ...] = (
    # (key as shown, in the bar, in the help)
    ("←→", "day", "the day before / after"),
    ("↑↓", "event", "choose an event"),
    ("Enter", "open", "the event in full: agenda, contacts, notes, findings, travel"),
    ("p", "person", "follow one person (their events and the time between them), or everyone"),
    ("c", "confirm", "confirm the event (its status; a time to be confirmed stays so)"),
    ("-+", "5 min", "move the event 5 minutes earlier / later"),
    ("[]", "15 min", "move the event 15 minutes earlier / later"),
    ("s", "start", "set the event's start (its length is kept; a time to be confirmed is confirmed with its expected length)"),
    ("x", "cancel", "cancel the event (it stays on record, struck through)"),
    ("u", "undo", "undo the last change to the records, whoever made it (asks first)"),
    ("r", "reload", "read every record again now (a file edited by hand)"),
    ("t", "theme", "light or dark"),
    ("?", "help", "this help"),
    ("q", "quit", "leave the board"),
)


def bar_lines(width: int) -> list[Text]:
    """The keys packed into lines of at most ``width`` cells, never splitting one key."""
    lines: list[Text] = []
    line = Text()
    for key, short, _ in KEYS:
        item = Text()
        item.append(key, style="bold reverse")
        item.append(f" {short}")
        if line and line.cell_len + 2 + item.cell_len > width:
            lines.append(line)
            line = Text()
        if line:
            line.append("  ")
        line.append_text(item)
    if line:
        lines.append(line)
    return lines


class KeyBar(Widget):
    """Every key of the board, on as many lines as the width needs."""

    DEFAULT_CSS = """
    KeyBar { height: auto; padding: 0 1; background: $panel; }
    """

    def render(self) -> RenderableType:
        return Text("\n").join(bar_lines(max(20, self.content_size.width)))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(bar_lines(max(20, width)))
