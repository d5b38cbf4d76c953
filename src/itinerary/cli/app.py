"""The typer application and its global options.

:class:`_Group.invoke` is the only place where an error becomes a message and an exit code:
the project's errors (:class:`~itinerary.errors.ItineraryError`, each carrying its exit code),
a broken pipe, an interruption, and — as a bug — anything else.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from itinerary import __version__
from itinerary.errors import ExitCode, InvalidData, ItineraryError
from itinerary.model import MAX_NAME, check_text

GLOBAL_OPTIONS = ("--data", "--by")
"""Options of the whole command line, accepted anywhere on it."""


def hoist(args: list[str]) -> list[str]:
    """``args`` with the global options moved in front of the command, wherever they were
    written (``itinerary timeline --data DIR`` = ``itinerary --data DIR timeline``)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and i > 0:
            if "=" in arg:
                front.append(arg)
            elif i + 1 < len(args):
                front += [arg, args[i + 1]]
                i += 1
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _commands_with(group: Any, path: str, option: str) -> list[str]:
    """The commands (as typed: 'itinerary revision publish') that take the option ``option``."""
    found = []
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


class _Group(TyperGroup):
    """Turns the project's errors into one-line messages and documented exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from itinerary.cli import completion

        completion.attach(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist(list(args)))

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
                    elsewhere = _commands_with(self, "itinerary", str(err.option_name))
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
    ctx.obj = State(data if data is not None else discover(Path.cwd()), by or _login())


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
