"""The typer application and its global options.

:class:`_Group.invoke` is the only place where an error becomes a message and an exit code:
the project's errors (:class:`~itinerary.errors.ItineraryError`, each carrying its exit code),
a broken pipe, an interruption, and — as a bug — anything else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from itinerary import __version__
from itinerary.errors import ExitCode, InvalidData, ItineraryError
from itinerary.model import MAX_NAME, check_text

GLOBAL_OPTIONS = ("--data", "--by", "--lang")
"""Options of the whole command line, accepted anywhere on it."""
OWN_OPTIONS = {"book": ("--lang",), "recipient": ("--lang",)}
"""Global options a command takes itself, with a meaning of its own: given after the command, they
are the command's (``book --lang ko`` writes a Korean book, in whatever language the interface
speaks; ``itinerary --lang ko book`` speaks Korean and writes a Korean book; ``recipient add --lang ko``
is the language the recipient reads)."""


def command_at(args: list[str]) -> int:
    """Where the command a command line runs is: its first word that is neither an option nor the
    value of a global option (``len(args)`` when there is none)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        if arg in GLOBAL_OPTIONS:
            i += 2
            continue
        if not arg.startswith("-"):
            return i
        i += 1
    return len(args)


def hoist(args: list[str]) -> list[str]:
    """``args`` with the global options moved in front of the command, wherever they were
    written (``itinerary timeline --data DIR`` = ``itinerary --data DIR timeline``)."""
    front, rest = split_global(args)
    return front + rest


def split_global(args: list[str]) -> tuple[list[str], list[str]]:
    """The global options of ``args`` (wherever written, but those a command takes itself), and
    the rest."""
    front: list[str] = []
    rest: list[str] = []
    at = command_at(args)
    own = OWN_OPTIONS.get(args[at], ()) if at < len(args) else ()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and i > 0:
            taken = [arg] if "=" in arg else args[i:i + 2] if i + 1 < len(args) else []
            if not taken:
                rest.append(arg)
            elif name in own and i > at:
                rest += taken  # the command's own
            else:
                front += taken
            i += max(len(taken), 1) - 1
        else:
            rest.append(arg)
        i += 1
    return front, rest


def _commands_with(group: Any, path: str, option: str, ctx: Any = None) -> list[str]:
    """The commands (as typed: 'itinerary revision publish') that take the option ``option``."""
    found = []
    if hasattr(group, "list_commands"):
        for name in group.list_commands(ctx):  # every module loaded: this is only for an error's hint
            group.get_command(ctx, name)
    for name, command in sorted(getattr(group, "commands", {}).items()):
        here = f"{path} {name}"
        if hasattr(command, "commands"):
            found += _commands_with(command, here, option)
        elif any(option in getattr(p, "opts", []) for p in command.params):
            found.append(here)
    return found


def discover(start: Path) -> Path:
    """The data folder when none is named: the nearest folder upwards holding visit.toml or
    office.toml (as git finds .git), then ./events."""
    for folder in (start, *start.parents):
        if (folder / "visit.toml").is_file() or (folder / "office.toml").is_file():
            return folder
    return Path("events")


PAUSED_FOR_IMPORTS = False
"""True while the package keeps the cyclic collector paused for its imports (see :mod:`itinerary.cli`)."""

COMMANDS: dict[str, tuple[str, str]] = {
    "timeline": ("reading", "Show the programme by day, in local time and the guest's home time."),
    "show": ("reading", "Show one event in full: times, people, venue, agenda, notes, contacts, attachments."),
    "people": ("reading", "List the people of the visit and the office's contacts (in a visit of an office: where each is kept; in an office: its directory)."),
    "venues": ("reading", "List the venues of the visit and the travel legs between them (in a visit of an office: where each is kept; in an office: its directory)."),
    "check": ("reading", "Check the programme: overlaps, travel time, double-booked venues, events outside the visit, and times not yet confirmed."),
    "free": ("reading", "Find the free slots in a person's day where an event of the given length fits, travel and the protocol buffer included."),
    "add": ("editing", "Add an event, checked and written atomically as a new record, then show it."),
    "edit": ("editing", "Change any field of an event, including moving it in time."),
    "cancel": ("editing", "Mark an event cancelled."),
    "remove": ("editing", "Delete an event's record."),
    "export": ("calendar", "Export the programme as iCalendar (.ics) for Google Calendar, Outlook, Apple Calendar and Thunderbird."),
    "import": ("calendar", "Import events from an .ics file (Outlook, Google, Apple, Windows, or our own exports), checked before anything is written."),
    "publish": ("shared", "Publish the programme to a calendar on a CalDAV server (made when missing), writing only the events whose content changed since the last publish."),
    "pull": ("shared", "Bring into the records what others changed on the server since the last sync, through the same checks as import."),
    "history": ("records", "List the changes made to the records: when (in the visit's zone, or UTC with --json), by whom, which command, and which fields of which records it changed."),
    "undo": ("records", "Revert the last change still in effect, and show what it reverted."),
    "redo": ("records", "Re-apply what the last undo reverted (only while no other change came after it)."),
    "doctor": ("records", "Check the data folder and repair what can be repaired."),
    "busy": ("records", "Outside commitments of people: busy calendars."),
    "cache": ("records", "The cache of parsed records and busy calendars."),
    "book": ("book", "Write the printable programme for an audience, in English, Korean or both."),
    "revision": ("book", "Numbered revisions of the programme and what changed between them."),
    "recipient": ("notify", "The distribution list of revision notices: who is told, what they may see, in which language."),
    "notify": ("notify", "Send a revision to everyone on the distribution list who does not have it yet: in their language, the changes since the revision they last received as their audience may see them, the programme at a glance, their book and their calendar."),
    "init": ("visit", "Start a new visit: a data folder with its settings and, with --from, the people, venues and travel legs of another visit."),
    "visit": ("visit", "The visit's own settings: its days, zones, guest, buffer, reminders."),
    "person": ("directory", "The people of the visit."),
    "venue": ("directory", "The venues of the visit."),
    "leg": ("directory", "Travel times between venues."),
    "contact": ("directory", "The office's contacts."),
    "board": ("board", "The visit day on one screen, kept up to date: the day's events with their findings, and for each principal the event in progress, the next one and when to leave for it."),
    "plan": ("planning", "Propose a start for every event whose time is to be confirmed: inside its window and the working day, clear of every other event and busy time of its people (travel and buffer included), exclusive venues and the order the records state; preferring the part of the day each prefers, fewer and shorter transfers, and early, compact days."),
    "office": ("office", "An office of many visits: its shared directory, its days across visits, clashes between visits."),
}
"""Every command: the module of :mod:`itinerary.cli` that defines it, and its one-line help.
A command's module is imported only when that command runs (``--help`` lists them from here);
``tests/test_cli.py`` holds this table to the commands themselves."""


def first_sentence(text: str) -> str:
    """The first sentence of a help text (of its first paragraph): a command's one-line help."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def commands() -> typer.Typer:
    """The commands of one module of :mod:`itinerary.cli`, loaded when one of them is used."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, pretty_exceptions_show_locals=False, rich_markup_mode=None)


class _Group(TyperGroup):
    """Loads each command's module on first use, and turns the project's errors into one-line
    messages and documented exit codes."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        global PAUSED_FOR_IMPORTS  # noqa: PLW0603 - one switch for the whole process
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0], cmd_name)
        if PAUSED_FOR_IMPORTS:  # the command's modules are in: collect as usual from here
            PAUSED_FOR_IMPORTS = False
            gc.enable()
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As typer's, with the suggestion drawn from every command, loaded or not."""
        from typer._click.exceptions import UsageError

        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as err:
            import difflib

            matches = difflib.get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                err.message = f"{err.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def _load(self, module_name: str, wanted: str) -> None:
        """Import a module of commands and add the command ``wanted`` (a group of commands:
        all of the module's), with its completers. Only that command is built: typer reads
        the signature of each command it builds."""
        import importlib

        from itinerary.cli import completion

        module = importlib.import_module(f"itinerary.cli.{module_name}")
        for info in module.app.registered_commands:
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == wanted:
                command = typer.main.get_command_from_info(
                    info, pretty_exceptions_short=module.app.pretty_exceptions_short, rich_markup_mode=module.app.rich_markup_mode,
                )
                completion.attach(command)
                self.commands[wanted] = command
                return
        built = typer.main.get_command(module.app)
        members = getattr(built, "commands", None) or {built.name: built}
        for name, command in members.items():
            completion.attach(command)
            self.commands.setdefault(name, command)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The list of commands, from :data:`COMMANDS` (no command module is imported)."""
        from typer._click.utils import make_default_short_help

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, make_default_short_help(COMMANDS[name][1], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from itinerary import i18n

        front, rest = split_global(list(args))
        i18n.use(i18n.choose(front, os.environ))  # before anything is said, --help included
        return super().parse_args(ctx, front + rest)

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except ItineraryError as err:
            if str(err):
                typer.echo(f"itinerary: {err}", err=True)
            raise typer.Exit(int(err.exit_code)) from None
        except BrokenPipeError:
            # the reader went away (`itinerary export -o - | head -1`): nothing more to say to it
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(ExitCode.OK)) from None
        except KeyboardInterrupt:
            typer.echo("itinerary: interrupted; nothing more was written", err=True)
            raise typer.Exit(130) from None
        except Exception as err:
            if isinstance(err, typer.TyperException) or hasattr(err, "show"):
                # the command line's own usage errors: click prints them (exit 2), with a hint
                # when the option belongs to another command (`publish -m` → `revision publish -m`)
                if hasattr(err, "option_name") and hasattr(err, "message"):
                    elsewhere = _commands_with(self, "itinerary", str(err.option_name), ctx)
                    if elsewhere:
                        err.message = f"{err.message}; did you mean `{elsewhere[0]} {err.option_name}`?"
                raise
            if os.environ.get("ITINERARY_DEBUG"):
                raise
            typer.echo(
                f"itinerary: internal error ({type(err).__name__}: {err}); please report it "
                "(set ITINERARY_DEBUG=1 for the traceback)",
                err=True,
            )
            raise typer.Exit(int(ExitCode.BUG)) from None


app = typer.Typer(
    cls=_Group,
    help="Plan an official visit: records, timeline, conflict checks and calendar exports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


@dataclasses.dataclass
class State:
    """What the global options chose."""

    data: Path
    """The data folder."""
    by: str
    """The officer, as the history names them."""
    lang: str | None = None
    """The --lang the command line gave ('en', 'ko' or the book's 'both'), if any: the
    interface speaks it (:mod:`itinerary.i18n`), and a book is written in it by default."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"itinerary {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", envvar="ITINERARY_DATA", show_default=False,
                     help="Data folder of the visit (or office), anywhere on the line (default: the nearest folder upwards holding visit.toml or office.toml, then ./events)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", envvar="ITINERARY_BY", help="Your name in the history of changes (default: your login).", show_default=False),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", show_default=False,
                     help="Language of the interface, anywhere on the line: en or ko (default: ITINERARY_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG; else English)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Plan an official visit: records, timeline, conflict checks and calendar exports.

    Example: itinerary timeline --person houngbo
    """
    if by is not None:
        try:
            check_text(by, field_name="--by", limit=MAX_NAME)
        except InvalidData as err:
            raise typer.BadParameter(err.reason, param_hint="--by") from None
    _language(lang)
    ctx.obj = State(data if data is not None else discover(Path.cwd()), by or _login(), lang)


def _language(flag: str | None) -> None:
    """Refuse a --lang or ITINERARY_LANG that names no language (the language itself was
    chosen before the command line was read: :meth:`_Group.parse_args`)."""
    from itinerary.i18n import LANGUAGES, _

    if flag is not None and flag not in (*LANGUAGES, "both"):
        raise typer.BadParameter(_("{value!r} is not a language: en or ko", value=flag), param_hint="--lang")
    chosen = os.environ.get("ITINERARY_LANG", "").strip()
    if chosen and chosen not in LANGUAGES:
        raise typer.BadParameter(_("{value!r} is not a language: en or ko", value=chosen), param_hint="ITINERARY_LANG")


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
