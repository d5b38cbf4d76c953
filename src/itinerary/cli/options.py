"""What every command shares: opening the library, reading options, and printing.

Reading an option turns the command line's text into a value or a :class:`UsageError` naming the
option; printing goes through one console. No command imports another command's module.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from itinerary.changes.library import Applied, Library
from itinerary.errors import InvalidData, NotFound, UsageError
from itinerary.i18n import N_, _, language, ngettext
from itinerary.model import Event, Programme, Visit, check_id, in_range, shift

if TYPE_CHECKING:
    from types import ModuleType

    from rich.console import Console, RenderableType

    from itinerary.core.finding import Finding
    from itinerary.core.lookup import Found

T = TypeVar("T")


def library(ctx: typer.Context, *, office: bool = False, notices: bool = True) -> Library:
    """The library of the data folder the command line chose: a visit, or — for the commands
    that change what an office's visits share (``office``) — an office. What the folder's
    journal needed repaired, or could not have repaired, is said on standard error as it is
    found (unless ``notices`` is False: the command reports it itself)."""
    lib = Library.open(ctx.obj.data, who=ctx.obj.by)
    if notices:  # every repair and every problem of the journal, said once, when it is found
        lib.store.on_notice = say
        if lib.store.office is not None:
            lib.store.office.on_notice = say
    if not office and lib.store.is_office:
        from itinerary.storage.office import visit_folders

        names = ", ".join(f.name for f in visit_folders(ctx.obj.data)[:8]) or _("none yet")
        raise UsageError(_("{folder} is an office, not a visit: name one of its visits with --data ({names}), or use "
                           "`itinerary office timeline|check|free`", folder=ctx.obj.data, names=names))
    return lib


def data_folder(ctx: typer.Context) -> Path:
    """The data folder the command line chose."""
    return Path(ctx.obj.data)


def exports_folder(ctx: typer.Context, visit: Visit) -> Path:
    """Where the visit's exports go by default: ``exports/<visit id>/`` beside its folder (for a
    visit of an office, beside the office's visits), so no visit overwrites another's."""
    from itinerary.changes.outputs import exports_folder as folder_of

    return folder_of(data_folder(ctx), visit)


# --- printing ----------------------------------------------------------------------------------


def console(*, stderr: bool = False) -> Console:
    """The console commands print to (colour on a terminal only; NO_COLOR honoured by rich; no
    ``:name:`` read as an emoji code: rich would load its table of 3,600 codes to look)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


def emit(renderable: RenderableType, *, stderr: bool = False) -> None:
    """Print a renderable."""
    console(stderr=stderr).print(renderable)


def say(text: str) -> None:
    """A line for the officer on standard error (standard output stays for results)."""
    typer.echo(text, err=True)


def emit_json(data: Any) -> None:
    """Machine output: compact JSON on one line (the C encoder; indentation is for people)."""
    typer.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def emit_chunks(chunks: Iterable[str]) -> None:
    """Machine output written piece by piece, so a large result is never held whole."""
    out = sys.stdout
    for chunk in chunks:
        out.write(chunk)
    out.write("\n")
    out.flush()


WARNINGS_PER_KIND = 5
"""New warnings of one kind listed one by one after a change; beyond, a count."""


def report_added(applied: Applied) -> None:
    """Tell the officer what a written change added: every forced error, and new warnings (a
    few of each kind, then how many more)."""
    by_kind: dict[str, int] = {}
    for finding in applied.added:
        if finding.severity == "error":
            say(_("✗ error: {message}", message=finding.message))
            continue
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
        if by_kind[finding.kind] <= WARNINGS_PER_KIND:
            say(_("! warning: {message}", message=finding.message))
    for kind, count in by_kind.items():
        if count > WARNINGS_PER_KIND:
            say(_("! … and {n:,} more new '{kind}' warnings (`itinerary check --all` lists every one)", n=count - WARNINGS_PER_KIND,
                  kind=kind))
    n_errors = len(applied.errors)
    if applied.forced and n_errors:
        say(ngettext("Written despite {n} conflict error (--force).", "Written despite {n} conflict errors (--force).", n_errors, n=n_errors))


def show_event(programme: Programme, event: Event, *, attachments: bool = False) -> None:
    """An event in full, with the guest's home time beside local time (and the text of its
    attachments with ``attachments``; otherwise each is named)."""
    from itinerary.ui import detail

    emit(detail.event_detail(programme, event, second_zone=programme.visit.guest_zone, second_label=programme.visit.guest_zone_label,
                             attachments=attachments))


# --- reading options -------------------------------------------------------------------------


MAX_EVENTS = typer.Option("--max-events", min=1, help=N_("Most events (or directory records) one calendar or address book may bring at once."))

MAX_IMPORT_BYTES = 5 * 1024 * 1024
"""Largest calendar file an import reads."""


def read_input(file: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of a file the officer names: a regular file within ``limit``."""
    from itinerary.storage.files import read_regular

    name = str(file)
    try:
        return read_regular(file, limit=limit, follow=True)
    except FileNotFoundError:
        raise NotFound(_("{file}: no such file", file=name)) from None
    except OSError as err:
        raise InvalidData(_("cannot read: {reason}", reason=err.strerror), source=name) from None


def find_event(programme: Programme, event_id: str) -> Event:
    """The event an argument names."""
    from itinerary.changes.events import find_event as find

    return find(programme, event_id)


class References:
    """The references one command line names, each looked up as an officer would mean it (an
    id, a name, a Korean name, a role word, a surname, a city: :mod:`itinerary.core.lookup`).
    :meth:`check` reports every reference that names nothing, or several things, at once — and
    says on standard error what each name, word or city was taken to mean."""

    def __init__(self, programme: Programme | None = None) -> None:
        self.programme = programme
        self.problems: list[str] = []
        self.only_zones = True
        self.taken: list[str] = []

    def _take(self, flag: str, found: Found) -> str | None:
        problem = found.problem()
        if problem is not None:
            if not found.matches and not found.near and found.what in ADD_COMMANDS and is_id(found.text):
                problem = _("{problem} (add it with `itinerary {command} {id} --name …`)", problem=problem, command=ADD_COMMANDS[found.what],
                            id=found.text)
            self.problems.append(f"{flag}: {problem}")
            self.only_zones = self.only_zones and found.what == "time zone"
            return None
        if not found.as_typed:
            self.taken.append(f"{flag} {found.text} → {found.matches[0]}")
        return found.id

    def _known(self) -> Programme:
        assert self.programme is not None, "references to records need the programme"
        return self.programme

    def person(self, text: str | None, flag: str = "--person") -> str | None:
        """The person ``text`` names (None stays None, and looks nothing up)."""
        return None if text is None else self._take(flag, _lookup().people(text, self._known().people))

    def people(self, text: str | None, flag: str = "--with") -> tuple[str, ...]:
        """The people a comma-separated list names."""
        return tuple(p for p in (self.person(t, flag) for t in split_ids(text)) if p is not None)

    def venue(self, text: str | None, flag: str = "--venue") -> str | None:
        """The venue ``text`` names (None stays None, and looks nothing up)."""
        return None if text is None else self._take(flag, _lookup().venues(text, self._known().venues))

    def contacts(self, text: str | None, flag: str = "--contact") -> tuple[str, ...]:
        """The contacts a comma-separated list names."""
        found = (self._take(flag, _lookup().contacts(t, self._known().contacts_by_id.values())) for t in split_ids(text))
        return tuple(c for c in found if c is not None)

    def events(self, text: str | None, flag: str) -> tuple[str, ...]:
        """The events a comma-separated list names."""
        found = (self._take(flag, _lookup().events(t, self._known().events)) for t in split_ids(text))
        return tuple(e for e in found if e is not None)

    def zone(self, text: str | None, flag: str) -> str | None:
        """The IANA zone ``text`` names: the name itself or a city ('Seoul' → Asia/Seoul)."""
        if text is None:
            return None
        from zoneinfo import available_timezones

        return self._take(flag, _lookup().zones(text, available_timezones()))

    def check(self) -> None:
        """Report every reference that named nothing (or too much); otherwise say what the
        names and words were taken to mean."""
        if self.problems:
            text = self.problems[0] if len(self.problems) == 1 else _(
                "{n} references name nothing or too much:\n  {problems}", n=len(self.problems), problems="\n  ".join(self.problems))
            raise (UsageError if self.only_zones else NotFound)(text)
        for line in self.taken:
            say(line)
        self.taken = []


def _lookup() -> ModuleType:
    """:mod:`itinerary.core.lookup`, imported at its first use: a command that names nothing to
    find pays nothing for it."""
    from itinerary.core import lookup

    return lookup


ADD_COMMANDS = {"person": "person add", "venue": "venue add", "contact": "contact add"}
"""The command that adds what a reference may name."""


def is_id(text: str) -> bool:
    """True when ``text`` could be an id (so offering to add it makes sense)."""
    try:
        check_id(text)
    except InvalidData:
        return False
    return True


def find_person(programme: Programme, person_id: str | None, flag: str = "--person") -> str | None:
    """The person an option names (None stays None)."""
    refs = References(programme)
    found = refs.person(person_id, flag)
    refs.check()
    return found


def find_venue(programme: Programme, venue_id: str | None, flag: str = "--venue") -> str | None:
    """The venue an option names (None stays None)."""
    refs = References(programme)
    found = refs.venue(venue_id, flag)
    refs.check()
    return found


def zone_option(name: str, flag: str) -> str:
    """The IANA zone an option names: its name, or a city ('Seoul' → Asia/Seoul)."""
    refs = References()
    found = refs.zone(name, flag)
    refs.check()
    assert found is not None
    return found


def second_zone_option(programme: Programme, tz: str | None, hide: bool) -> tuple[str | None, str]:
    """The second zone of a view, and how to label it."""
    if hide:
        return None, ""
    if tz is None:
        return programme.visit.guest_zone, programme.visit.guest_zone_label
    return zone_option(tz, "--tz"), ""


def split_ids(values: str | None) -> tuple[str, ...]:
    """'a, b,c' → ('a', 'b', 'c')."""
    if values is None:
        return ()
    return tuple(v.strip() for v in values.split(",") if v.strip())


def day_option(visit: Visit, text: str | None, flag: str = "--day") -> dt.date | None:
    """The day a --day option names (the visit's year when none is given)."""
    if text is None:
        return None
    from itinerary.core.timeparse import parse_day

    day = _named(flag, lambda: parse_day(text, year=visit.first_day.year))
    as_usage(lambda: in_range(day, flag.lstrip("-")))
    return day


def filter_day(visit: Visit, text: str | None) -> dt.date | None:
    """The day a --day filter names; a day outside the visit is shown all the same, and the
    officer is told it is outside (a mistyped day would otherwise look like an empty day)."""
    day = day_option(visit, text)
    if day is not None and not visit.first_day <= day <= visit.last_day:
        from itinerary.i18n.dates import day_text

        say(_("{day} is outside the visit's days ({days}).", day=day_text(day), days=days_text(visit)))
    return day


def when_text(value: dt.date | dt.datetime, english: str, **korean: bool) -> str:
    """A day or a time inside a message, as the interface's language writes it: in English by the
    strftime format ``english`` ('%d %b %H:%M': '22 May 14:00'), in Korean by
    :func:`itinerary.i18n.dates.korean` with the parts ``korean`` asks for ('5월 22일 14:00')."""
    if language() == "en":
        return value.strftime(english)
    from itinerary.i18n.dates import korean as korean_text

    return korean_text(value, **korean)


def days_text(visit: Visit) -> str:
    """The visit's days inside a message: '21–22 May 2026', '2026년 5월 21일(목)~22일(금)'."""
    if language() == "en":
        return visit.days_text
    from itinerary.i18n.dates import korean_days

    return korean_days(visit.first_day, visit.last_day)


def time_option(visit: Visit, text: str, zone_name: str, day: dt.date | None, flag: str) -> dt.datetime:
    """The moment a time option names (the visit's year when none is given)."""
    from itinerary.core.timeparse import parse_when

    return _named(flag, lambda: parse_when(text, zone_name, day=day, year=visit.first_day.year))


def end_option(visit: Visit, start: dt.datetime, end: str | None, duration: str | None, zone_name: str, day: dt.date | None) -> dt.datetime | None:
    """The end that --end or --duration gives (None when neither is given)."""
    if end is not None and duration is not None:
        raise UsageError(_("give --end or --duration, not both"))
    if duration is not None:
        return shift(start, duration_option(duration))
    if end is not None:
        return time_option(visit, end, zone_name, day or start.date(), "--end")
    return None


def duration_option(text: str, flag: str = "--duration") -> dt.timedelta:
    """The length a --duration option gives."""
    from itinerary.core.timeparse import parse_duration

    return _named(flag, lambda: parse_duration(text))


def _named(flag: str, read: Callable[[], T]) -> T:
    try:
        return read()
    except UsageError as err:
        message = str(err)
        raise UsageError(message if message.startswith("--") else f"{flag}: {message}") from None


FLAG_OF_FIELD = {"participants": "with", "notes": "note", "time_tbc": "tbc", "window_end": "end", "contacts": "contact", "notes_ko": "note_ko"}


def build(factory: Callable[..., T], **fields: Any) -> T:
    """``factory(**fields)``; a broken rule of the model names the flag that set it."""
    try:
        return factory(**fields)
    except InvalidData as err:
        raise UsageError(f"{flag_of(err)}: {err.reason}") from None


def flag_of(err: InvalidData) -> str:
    """The command-line flag that sets the field an error names."""
    field = (err.field or "value").split(".")[0]
    return "--" + FLAG_OF_FIELD.get(field, field).replace("_", "-")


def as_usage(call: Callable[[], T]) -> T:
    """Run ``call``; a broken rule of the model is the command line's fault, naming the flag."""
    try:
        return call()
    except InvalidData as err:
        if err.source:
            raise
        raise UsageError(f"{flag_of(err)}: {err.reason}") from None


def findings(lib: Library, programme: Programme, *, person: str | None = None) -> Sequence[Finding]:
    """Every finding of the programme, outside commitments included."""
    return lib.findings(programme, person=person)
