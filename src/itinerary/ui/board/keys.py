"""The board's keys, and the bar at the foot of the screen that shows every one of them."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from itinerary.i18n import _, pgettext


def shown_keys() -> tuple[tuple[str, str, str], ...]:
    """Every key: (key as shown, in the bar, in the help), in the interface's language."""
    return (
        ("←→", pgettext("board key", "day"), _("the day before / after")),
        ("↑↓", pgettext("board key", "event"), _("choose an event")),
        ("Enter", pgettext("board key", "open"), _("the event in full: agenda, contacts, notes, findings, travel")),
        ("p", pgettext("board key", "person"), _("follow one person (their events and the time between them), or everyone")),
        ("c", pgettext("board key", "confirm"), _("confirm the event (its status; a time to be confirmed stays so)")),
        ("-+", pgettext("board key", "5 min"), _("move the event 5 minutes earlier / later")),
        ("[]", pgettext("board key", "15 min"), _("move the event 15 minutes earlier / later")),
        ("s", pgettext("board key", "start"),
         _("set the event's start (its length is kept; a time to be confirmed is confirmed with its expected length)")),
        ("x", pgettext("board key", "cancel"), _("cancel the event (it stays on record, struck through)")),
        ("u", pgettext("board key", "undo"), _("undo the last change to the records, whoever made it (asks first)")),
        ("r", pgettext("board key", "reload"), _("read every record again now (a file edited by hand)")),
        ("t", pgettext("board key", "theme"), _("light or dark")),
        ("?", pgettext("board key", "help"), _("this help")),
        ("q", pgettext("board key", "quit"), _("leave the board")),
    )


def __getattr__(name: str) -> tuple[tuple[str, str, str], ...]:
    """``KEYS``: :func:`shown_keys`, in the interface's language at the moment it is read."""
    if name == "KEYS":
        return shown_keys()
    raise AttributeError(name)


def bar_lines(width: int) -> list[Text]:
    """The keys packed into lines of at most ``width`` cells, never splitting one key."""
    lines: list[Text] = []
    line = Text()
    for key, short, _what in shown_keys():
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
