"""``--help`` in the interface's language, when it is not English: the commands' help (their
docstrings) and their options' help from the catalog, typer's own words ("Usage:", "Options",
"[default: …]") translated, and every line wrapped by its width on screen, where a Hangul
syllable takes two columns.

typer builds the help pages with its own copy of click, whose words are English and not marked
for any catalog; this module gives them to the catalog instead (:data:`TYPER_WORDS`), through
click's documented hooks: the context's ``formatter_class`` and the commands' ``help``. English
reads none of it: the command line imports this module only for another language.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import Context as ClickContext
from typer._click import HelpFormatter

from itinerary.i18n import N_, _

TYPER_WORDS = (
    N_("Usage:"), N_("Options"), N_("Arguments"), N_("Commands"), N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""typer's own words in a help page, for the catalog."""
_EXTRA = re.compile(r"(?s)^(?P<help>.*?)(?:  )?\[(?P<extra>[^\[\]]*)\]$")
"""An option's help with typer's bracket of facts after it: '…  [default: meeting; required]'."""
_RANGE = re.compile(r"^x?[<>=0-9. -]+x?[<>=0-9. -]*$")
"""A range of numbers, as typer writes it (x>=1, 0.1<=x<=3600): the same in every language."""


def localize(command: Any) -> None:
    """``command`` and its sub-commands, and the help of every option, in the interface's
    language, their pages made by :class:`Formatter`."""
    command.context_class = Context
    if command.help:
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def extras(text: str) -> str:
    """An option's help with typer's facts after it ('[default: meeting]', '[required]', '[env var:
    ITINERARY_DATA]', a range) in the interface's language."""
    found = _EXTRA.match(text)
    if not found:
        return _(text) if text in TYPER_WORDS else text
    said = []
    for fact in found["extra"].split("; "):
        name, colon, value = fact.partition(": ")
        if fact == "required":
            said.append(_("required"))
        elif colon and name == "default":
            said.append(_("default: {value}", value=value))
        elif colon and name == "env var":
            said.append(_("env var: {value}", value=value))
        elif _RANGE.match(fact):
            said.append(fact)
        else:
            return text  # not typer's bracket: the help's own words
    help_text = found["help"]
    return f"{help_text}  [{'; '.join(said)}]" if help_text else f"[{'; '.join(said)}]"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines no wider than ``width`` columns on screen (``indent`` before each): its
    paragraphs kept, each re-flowed at the spaces between words."""
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), width=max(width, 10), color_system=None, legacy_windows=False)
    lines: list[str] = []
    for i, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if i:
            lines.append("")
        flowed = Text(re.sub(r"[ \t]*\n[ \t]*", " ", paragraph.strip()))
        lines += [indent + line.plain.rstrip() for line in flowed.wrap(console, max(width - len(indent), 10))]
    return lines


def first_sentence(text: str) -> str:
    """The first sentence of a help text (of its first paragraph): a command's one-line help."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def short(text: str, limit: int) -> str:
    """A command's help in one line of at most ``limit`` columns: its first sentence, cut at a
    word with '...' when it is longer (as typer does, measured on screen)."""
    from rich.cells import cell_len

    sentence = first_sentence(text)
    if cell_len(sentence) <= limit:
        return sentence
    taken: list[str] = []
    for word in sentence.split():
        if cell_len(" ".join([*taken, word])) + 3 > limit:
            break
        taken.append(word)
    return " ".join(taken) + "..."


def command_rows(formatter: HelpFormatter, helps: list[tuple[str, str]]) -> None:
    """The list of commands of a help page, each with the first sentence of its (translated) help."""
    limit = formatter.width - 6 - max(len(name) for name, _help in helps)
    with formatter.section("Commands"):
        formatter.write_dl([(name, short(_(text), limit)) for name, text in helps])


class Formatter(HelpFormatter):
    """click's help formatter in the interface's language, measuring text on screen."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{_('Usage:')} " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_text(self, text: str) -> None:
        self.write("\n".join(wrap(text, self.width, " " * self.current_indent)) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max(len(first) for first, _second in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(extras(second), max(self.width - first_col - 2, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")


class Context(ClickContext):
    """A command's context whose help pages :class:`Formatter` writes."""

    formatter_class = Formatter
