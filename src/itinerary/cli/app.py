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


class _Group(TyperGroup):
    """Turns the project's errors into one-line messages and documented exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
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
        except Exception as err:  # a bug: say so without dumping visit data
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
    add_completion=False,
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
        Path,
        typer.Option("--data", envvar="ITINERARY_DATA", help="Data folder of the visit (default ./events).", show_default=False),
    ] = Path("events"),
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
    ctx.obj = State(data, by or _login())


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
