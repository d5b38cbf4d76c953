"""The command line's own usage errors — an unknown option, a missing value, a value of the
wrong kind, a command that does not exist — in the interface's language when it is not English.

typer's copy of click writes them in English, from what each error carries (the option, the
parameter, the value); :func:`reworded` says the same from the same facts through the catalog,
with click's frame around it ("Usage: …", "Try '… --help' for help.", "Error: …"). A message
click makes that is not known here stays as click wrote it. The exit code is click's (2).
English never comes here: the command line shows click's own errors unchanged.
"""

from __future__ import annotations

import re
from typing import IO, Any

from typer._click._compat import get_text_stderr
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError
from typer._click.utils import echo

from itinerary.i18n import _, ngettext

_REQUIRES = re.compile(r"^Option (?P<option>'.*') requires an argument\.$")
_NO_VALUE = re.compile(r"^Option (?P<option>'.*') does not take a value\.$")
_EXTRA = re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$", re.S)
_NUMBER = re.compile(r"^(?P<value>.*) is not a valid (?P<kind>integer|int range|float|float range)\.$", re.S)
_RANGE = re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S)


class Refusal(UsageError):
    """A usage error said in the interface's language (click's frame around it, translated)."""

    def __init__(self, message: str, ctx: Any, exit_code: int, option_name: str | None = None) -> None:
        super().__init__(message, ctx)
        self.exit_code = exit_code
        if option_name is not None:
            self.option_name = option_name

    def show(self, file: IO[Any] | None = None) -> None:
        out = file if file is not None else get_text_stderr()
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _("Try '{command} {option}' for help.", command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=out, color=ctx.color)
        echo(_("Error: {message}", message=self.format_message()), file=out, color=ctx.color if ctx is not None else None)


def reworded(err: UsageError) -> Refusal:
    """``err`` said in the interface's language."""
    return Refusal(message(err), err.ctx, err.exit_code, getattr(err, "option_name", None))


def message(err: UsageError) -> str:
    """What ``err`` says, in the interface's language (as click wrote it when it is not known here)."""
    if isinstance(err, NoSuchOption):
        said = _("No such option: {option}", option=err.option_name)
        if err.possibilities:
            said = _("{message} (Possible options: {options})", message=said, options=", ".join(sorted(err.possibilities)))
        return said
    if isinstance(err, MissingParameter):
        return _missing(err)
    if isinstance(err, BadParameter):
        hint = _hint(err)
        inner = value_message(err.message)
        return _("Invalid value for {name}: {message}", name=hint, message=inner) if hint else _("Invalid value: {message}", message=inner)
    if isinstance(err, BadOptionUsage):
        if found := _REQUIRES.match(err.message):
            return _("Option {option} requires a value.", option=found["option"])
        if found := _NO_VALUE.match(err.message):
            return _("Option {option} does not take a value.", option=found["option"])
    if found := _EXTRA.match(err.message):
        extra = found["args"]
        n = len(extra.split())
        return ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n, args=extra)
    return err.format_message()


def _hint(err: BadParameter) -> str:
    """The parameter an error is about, as click names it ("'--limit'", "'ID'"); '' when unknown."""
    if err.param_hint is not None:
        return err.param_hint if isinstance(err.param_hint, str) else " / ".join(repr(h) for h in err.param_hint)
    if err.param is not None and err.ctx is not None:
        return err.param.get_error_hint(err.ctx)
    return ""


def _missing(err: MissingParameter) -> str:
    hint = _hint(err)
    kind = err.param_type or (err.param.param_type_name if err.param is not None else "parameter")
    if kind == "argument":
        return _("Missing argument {name}.", name=hint)
    if kind == "option":
        return _("Missing option {name}.", name=hint)
    return _("Missing parameter {name}.", name=hint)


def value_message(text: str) -> str:
    """What click says of a value of the wrong kind, in the interface's language (the project's
    own messages, already translated, as they are)."""
    if found := _NUMBER.match(text):
        if found["kind"].startswith("int"):
            return _("{value} is not a whole number.", value=found["value"])
        return _("{value} is not a number.", value=found["value"])
    if found := _RANGE.match(text):
        return _("{value} is not in the range {range}.", value=found["value"], range=found["range"])
    return text
