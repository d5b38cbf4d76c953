"""The typer application and its global options.

:class:`_Group.invoke` is the only place where an error becomes a message and an exit code:
the project's errors (:class:`~itinerary.errors.ItineraryError`, each carrying its exit code),
a broken pipe, an interruption, and — as a bug — anything else.
"""

# Annotations are evaluated where a command is defined (no `from __future__ import annotations`):
# typer reads the signature of the command it builds, and would otherwise compile each
# annotation's text twice at every start (inspect, then typing).

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
from itinerary.cli.folder import discover
from itinerary.cli.line import split_global
from itinerary.errors import ExitCode, InvalidData, ItineraryError
from itinerary.i18n import N_, _, language
from itinerary.model import MAX_NAME, check_text


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


PAUSED_FOR_IMPORTS = False
"""True while the package keeps the cyclic collector paused for its imports (see :mod:`itinerary.cli`)."""

COMMANDS: dict[str, tuple[str, str]] = {
    "timeline": ("reading", N_("Show the programme by day, in local time and the guest's home time.")),
    "show": ("reading", N_("Show one event in full: times, people, venue, agenda, notes, contacts; its attachments are named (title, language, length), and printed with --attachments.")),
    "people": ("reading", N_("List the people of the visit and the office's contacts (in a visit of an office: where each is kept; in an office: its directory).")),
    "venues": ("reading", N_("List the venues of the visit and the travel legs between them (in a visit of an office: where each is kept; in an office: its directory).")),
    "check": ("reading", N_("Check the programme: overlaps, travel time, double-booked venues, events outside the visit, and times not yet confirmed.")),
    "free": ("reading", N_("Find the free slots in a person's day where an event of the given length fits, travel and the protocol buffer included.")),
    "add": ("editing", N_("Add an event, checked and written atomically as a new record, then show it.")),
    "edit": ("editing", N_("Change any field of an event, including moving it in time.")),
    "cancel": ("editing", N_("Mark an event cancelled.")),
    "remove": ("editing", N_("Delete an event's record.")),
    "export": ("calendar", N_("Export the programme as iCalendar (.ics) for Google Calendar, Outlook, Apple Calendar and Thunderbird, to exports/<visit id>/ beside the visit's folder.")),
    "import": ("calendar", N_("Import events from an .ics file (Outlook, Google, Apple, Windows, or our own exports), checked before anything is written.")),
    "publish": ("shared", N_("Publish the programme to a calendar on a CalDAV server (made when missing), writing only the events whose content changed since the last publish.")),
    "pull": ("shared", N_("Bring into the records what others changed on the server since the last sync, through the same checks as import.")),
    "join": ("team", N_("Join a visit a colleague shares through a calendar server: a new folder that is a whole replica of it.")),
    "sync": ("team", N_("Take in what the team changed on the server, then send what changed here.")),
    "history": ("records", N_("List the changes made to the records: when (in the visit's zone, or UTC with --json), by whom, which command, and which fields of which records it changed.")),
    "undo": ("records", N_("Revert the last change still in effect, and show what it reverted.")),
    "redo": ("records", N_("Re-apply what the last undo reverted (only while no other change came after it).")),
    "doctor": ("records", N_("Check the data folder and repair what can be repaired.")),
    "busy": ("records", N_("Outside commitments of people: busy calendars.")),
    "cache": ("records", N_("The cache of parsed records and busy calendars.")),
    "book": ("book", N_("Write the printable programme for an audience, in English, Korean or both.")),
    "revision": ("book", N_("Numbered revisions of the programme and what changed between them.")),
    "recipient": ("notify", N_("The distribution list of revision notices: who is told, what they may see, in which language.")),
    "notify": ("notify", N_("Send a revision to everyone on the distribution list who does not have it yet: in their language, the changes since the revision they last received as their audience may see them, the programme at a glance, their book and their calendar.")),
    "init": ("visit", N_("Start a new visit: a data folder with its settings and, with --from, the people, venues and travel legs of another visit.")),
    "visit": ("visit", N_("The visit's own settings: its days, zones, guest, buffer, reminders.")),
    "person": ("directory", N_("The people of the visit.")),
    "venue": ("directory", N_("The venues of the visit.")),
    "leg": ("directory", N_("Travel times between venues.")),
    "contact": ("directory", N_("The office's contacts.")),
    "board": ("board", N_("The visit day on one screen, kept up to date: the day's events with their findings, and for each principal the event in progress, the next one and when to leave for it.")),
    "plan": ("planning", N_("Propose a start for every event whose time is to be confirmed: inside its window and the working day, clear of every other event and busy time of its people (travel and buffer included), exclusive venues and the order the records state; preferring the part of the day each prefers, fewer and shorter transfers, and early, compact days.")),
    "office": ("office", N_("An office of many visits: its shared directory, its days across visits, clashes between visits.")),
}
"""Every command: the module of :mod:`itinerary.cli` that defines it, and its one-line help — the
first sentence of its help (:func:`itinerary.cli.helppage.first_sentence`), marked for the
catalog and translated where it is listed. A command's module is imported only
when that command runs (``--help`` lists them from here); ``tests/test_cli.py`` holds this table
to the commands themselves."""


def commands() -> typer.Typer:
    """The commands of one module of :mod:`itinerary.cli`, loaded when one of them is used."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, pretty_exceptions_show_locals=False, rich_markup_mode=None)


def group(help_text: str) -> typer.Typer:
    """A group of commands (``busy``, ``person``…) with its help (marked with ``N_``)."""
    return typer.Typer(cls=Group, help=help_text, no_args_is_help=True)


class Group(TyperGroup):
    """A group of commands, listed in the interface's language."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        if language() == "en":
            super().format_commands(ctx, formatter)
            return
        from itinerary.cli.helppage import command_rows

        shown = [(name, command.help or "") for name, command in sorted(self.commands.items()) if not command.hidden]
        if shown:
            command_rows(formatter, shown)


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
        from typer._click.exceptions import NoSuchOption, UsageError

        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as err:
            import difflib

            if isinstance(err, NoSuchOption) or not args:
                raise
            matches = difflib.get_close_matches(args[0], self.list_commands(ctx))
            if matches:
                err.message = _("No such command {name!r}. Did you mean {names}?", name=args[0], names=", ".join(repr(m) for m in matches))
            else:
                err.message = _("No such command {name!r}.", name=args[0])
            raise

    def _load(self, module_name: str, wanted: str) -> None:
        """Import a module of commands and add the command ``wanted`` (a group of commands:
        all of the module's), with its completers. Only that command is built: typer reads
        the signature of each command it builds."""
        import importlib

        module = importlib.import_module(f"itinerary.cli.{module_name}")
        for info in module.app.registered_commands:
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == wanted:
                command = typer.main.get_command_from_info(
                    info, pretty_exceptions_short=module.app.pretty_exceptions_short, rich_markup_mode=module.app.rich_markup_mode,
                )
                self._add(wanted, command)
                return
        built = typer.main.get_command(module.app)
        members = getattr(built, "commands", None) or {built.name: built}
        for name, command in members.items():
            if name not in self.commands:
                self._add(name, command)

    def _add(self, name: str, command: Any) -> None:
        """A command loaded: its completers, and its help in the interface's language."""
        from itinerary.cli.completion import attach

        attach(command)
        if language() != "en":
            from itinerary.cli.helppage import localize

            localize(command)
        self.commands[name] = command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The list of commands, from :data:`COMMANDS` (no command module is imported)."""
        names = self.list_commands(ctx)
        if language() != "en":
            from itinerary.cli.helppage import command_rows

            command_rows(formatter, [(name, COMMANDS[name][1]) for name in names])
            return
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, make_default_short_help(COMMANDS[name][1], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from itinerary import i18n

        front, rest = split_global(list(args))
        i18n.use(i18n.choose(front, os.environ))  # before anything is said, --help included
        if language() == "en":
            return super().parse_args(ctx, front + rest)
        from itinerary.cli.helppage import Formatter, localize

        localize(self)
        ctx.formatter_class = Formatter
        try:
            return super().parse_args(ctx, front + rest)
        except typer.TyperException as err:
            raise self._said(err, ctx) from None

    def _said(self, err: Any, ctx: Any) -> Any:
        """A usage error of the command line as it is shown: in the interface's language, and
        with a hint when the option belongs to another command (`publish -m` → `revision
        publish -m`)."""
        from typer._click.exceptions import NoArgsIsHelpError, NoSuchOption, UsageError

        unknown = isinstance(err, NoSuchOption)  # not an option of this command: perhaps of another
        if language() != "en" and isinstance(err, UsageError) and not isinstance(err, NoArgsIsHelpError):
            from itinerary.cli.usage import reworded

            err = reworded(err)
        if unknown:
            elsewhere = _commands_with(self, "itinerary", str(err.option_name), ctx)
            if elsewhere:
                err.message = _("{message}; did you mean `{command} {option}`?", message=err.message, command=elsewhere[0],
                                option=err.option_name)
        return err

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except typer.Exit:
            raise
        except typer.Abort:
            if language() == "en":
                raise
            typer.echo(_("Aborted."), err=True)
            raise typer.Exit(1) from None
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
            typer.echo(_("itinerary: interrupted; nothing more was written"), err=True)
            raise typer.Exit(130) from None
        except Exception as err:
            if isinstance(err, typer.TyperException) or hasattr(err, "show"):
                # the command line's own usage errors: click prints them (exit 2)
                said = self._said(err, ctx)
                if said is err:
                    raise
                raise said from None
            if os.environ.get("ITINERARY_DEBUG"):
                raise
            typer.echo(_("itinerary: internal error ({kind}: {error}); please report it (set ITINERARY_DEBUG=1 for the traceback)",
                         kind=type(err).__name__, error=err), err=True)
            raise typer.Exit(int(ExitCode.BUG)) from None


app = typer.Typer(
    cls=_Group,
    help=N_("Plan an official visit: records, timeline, conflict checks and calendar exports."),
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
                     help=N_("Data folder of the visit (or office), anywhere on the line (default: the nearest folder upwards holding "
                             "visit.toml or office.toml, then ./events).")),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", envvar="ITINERARY_BY", help=N_("Your name in the history of changes (default: your login)."), show_default=False),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", show_default=False,
                     help=N_("Language of the interface, anywhere on the line: en or ko (default: ITINERARY_LANG, else the locale: "
                             "LC_ALL, LC_MESSAGES, LANG; else English).")),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
) -> None:
    """Plan an official visit: records, timeline, conflict checks and calendar exports.

    Example: itinerary timeline --person houngbo
    """
    safe_streams()
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
    from itinerary.i18n import LANGUAGES

    if flag is not None and flag not in (*LANGUAGES, "both"):
        raise typer.BadParameter(_("{value!r} is not a language: en or ko", value=flag), param_hint="--lang")
    chosen = os.environ.get("ITINERARY_LANG", "").strip()
    if chosen and chosen not in LANGUAGES:
        raise typer.BadParameter(_("{value!r} is not a language: en or ko", value=chosen), param_hint="ITINERARY_LANG")


def _login() -> str:
    """The login name, as history names the officer: a character text may not hold (an escape
    code in $USER) is written as its escape, never passed on to a terminal."""
    import getpass

    from itinerary.model.checks import printable

    try:
        return printable(getpass.getuser())[:MAX_NAME] or "unknown"
    except (OSError, KeyError):
        return "unknown"


def _escaped(err: UnicodeError) -> tuple[str, int]:
    """What a character the output's encoding cannot hold is written as: its JSON escape
    (``\\uc9c8``; a surrogate pair beyond the first plane), so JSON output stays valid."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for char in err.object[err.start:err.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), err.end


def safe_streams() -> None:
    """Standard output and error never fail on a character their encoding cannot hold
    (``PYTHONIOENCODING=ascii``, a C locale): it is written escaped. A command that has written
    its change must not end in an error for want of a glyph."""
    import codecs

    codecs.register_error("itinerary-escape", _escaped)
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="itinerary-escape")
