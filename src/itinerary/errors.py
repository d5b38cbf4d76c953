"""Exit codes and the one exception tree of itinerary.

Every failure the user can cause is an :class:`ItineraryError`; each subclass carries the
exit code the command line ends with. The CLI turns them into a one-line message in exactly
one place, so no command repeats that logic.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``itinerary`` command."""

    OK = 0
    """Success."""
    BUG = 1
    """An unexpected internal error: please report it."""
    USAGE = 2
    """The command line itself is wrong (unknown option, malformed value)."""
    NOT_FOUND = 3
    """A named event, person, venue or file does not exist."""
    INVALID_DATA = 4
    """A record or an imported file is malformed or breaks a rule of the model."""
    CONFLICT = 5
    """The programme has (or the change would add) conflict errors."""
    STORAGE = 6
    """The data folder could not be read or written safely (lock, permissions, changed on disk)."""
    AUTH = 7
    """The calendar server refused the user name or password, or the user may not do this."""
    UNREACHABLE = 8
    """The calendar server could not be reached."""
    TIMEOUT = 9
    """The calendar server did not answer in time."""
    SERVER = 10
    """The calendar server answered with an error."""


class ItineraryError(Exception):
    """Base of every error itinerary reports to the user."""

    exit_code: ExitCode = ExitCode.BUG

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Reported(ItineraryError):
    """A command showed a report of what is wrong and ends with that report's exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.exit_code = code


class UsageError(ItineraryError):
    """A value given on the command line cannot be used."""

    exit_code = ExitCode.USAGE


class NotFound(ItineraryError):
    """A named thing does not exist."""

    exit_code = ExitCode.NOT_FOUND


class InvalidData(ItineraryError):
    """A record, field or value breaks the format or a rule of the model."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None) -> None:
        where = ": ".join(part for part in (source, field) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.field = field
        self.reason = message

    def located(self, source: str) -> InvalidData:
        """The same error, naming the file it was found in."""
        if self.source:
            return self
        return InvalidData(self.reason, source=source, field=self.field)


class ConflictError(ItineraryError):
    """A change would introduce conflict errors into the programme."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, message: str, findings: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


class StorageError(ItineraryError):
    """The data folder could not be read or written safely."""

    exit_code = ExitCode.STORAGE


class RemoteError(ItineraryError):
    """A calendar server could not be used; nothing in the records was changed."""

    exit_code = ExitCode.SERVER


class RemoteAuthError(RemoteError):
    """The server refused the credentials or the access."""

    exit_code = ExitCode.AUTH


class RemoteUnreachable(RemoteError):
    """The server could not be reached."""

    exit_code = ExitCode.UNREACHABLE


class RemoteTimeout(RemoteError):
    """The server did not answer in time."""

    exit_code = ExitCode.TIMEOUT


class RemoteServerError(RemoteError):
    """The server answered with an error."""

    exit_code = ExitCode.SERVER


class Refused(RemoteServerError):
    """The mail server refused one message or recipient; the others go on."""

    def __init__(self, message: str, reply: str = "") -> None:
        super().__init__(message)
        self.reply = reply or message
        """The server's answer, as it gave it ('550 5.1.1 no such user')."""
