"""The command line as it is written: where its command is, and its global options (``--data``,
``--by``, ``--lang``), which may stand anywhere on it."""

from __future__ import annotations

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
        if name in GLOBAL_OPTIONS:
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
