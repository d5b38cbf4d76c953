"""Which language the interface speaks: chosen once, from the command line and the environment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from itinerary.i18n.catalog import LANGUAGES

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The locale's variables, in the order POSIX gives them weight: the first one set decides."""


def flag_value(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` on the command line (``--lang ko`` or ``--lang=ko``),
    anywhere before a ``--``; None when there is none."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def choose(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The interface's language: ``--lang`` on the command line (``en`` or ``ko``; the book's
    ``both`` chooses nothing), else ``ITINERARY_LANG``, else the locale (a value starting with
    ``ko``, such as ``ko_KR.UTF-8``, is Korean; any other, ``C`` included, English), else English.
    A value that is not a language chooses nothing here; the command line refuses it."""
    flag = flag_value(args)
    if flag in LANGUAGES:
        return flag
    chosen = environ.get("ITINERARY_LANG", "").strip()
    if chosen in LANGUAGES:
        return chosen
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"
