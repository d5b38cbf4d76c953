"""Commands for the printed programme: book, and numbered revisions."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from itinerary.cli.app import commands, group
from itinerary.cli.options import emit, emit_json, exports_folder, library, say
from itinerary.errors import InvalidData, NotFound, UsageError
from itinerary.i18n import N_, _, ngettext
from itinerary.model.checks import printable

app = commands()


@contextlib.contextmanager
def _machine_zone_unread() -> Iterator[None]:
    """TZ set to UTC while the book's libraries are imported: Babel works out the machine's zone
    when it is first imported, and a TZ naming a file that is no zone file (TZ=:/etc/passwd), a
    folder or a pipe makes that fail, or wait for ever. The book never uses the machine's zone:
    every time it prints carries its own."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved


revision_app = group(N_("Numbered revisions of the programme and what changed between them."))
app.add_typer(revision_app, name="revision")


@app.command()
def book(
    ctx: typer.Context,
    audience: Annotated[str, typer.Option("--audience", help=N_("full, public, or person:ID."))] = "full",
    lang: Annotated[str | None, typer.Option("--lang", help=N_("en, ko, or both (default: both; a --lang before the command chooses it too)."), show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("HTML file (default exports/<visit id>/programme-<audience>-<lang>.html)."))] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help=N_("Also print it to PDF (same name, .pdf) with headless Chromium."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Print it even with conflict errors (the book says so on its cover), or over a book another visit wrote."))] = False,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Refuse a Korean book that would print a record's English for want of its Korean version."))] = False,
) -> None:
    """Write the printable programme for an audience, in English, Korean or both. A cover with
    the programme at a glance, the revision and the changes since the last one, then a page per day.

    A Korean book (--lang ko) prints a record's English where it has no Korean version (a
    title, a name, notes, an agenda item…), marked as such, and names those records; --strict
    refuses to write it instead.

    Example: itinerary book --audience public --lang ko --pdf
    """
    from itinerary.changes.calendars import guard_sharing
    from itinerary.changes.outputs import claim
    from itinerary.storage.files import write_file
    from itinerary.ui.pdf import print_pdf

    with _machine_zone_unread():
        from itinerary.changes.printed import book_edition
        from itinerary.formats import book as booklet
    lib = library(ctx)
    programme = lib.programme()
    who = booklet.parse_audience(audience, programme)
    lang = lang or ctx.obj.lang or "both"
    target = output or exports_folder(ctx, programme.visit) / f"programme-{who.name}-{lang}.html"
    replaced = claim([target, *([target.with_suffix(".pdf")] if pdf else [])], programme.visit, force=force, follow=output is not None)
    forced = guard_sharing(lib, programme, "printed", force=force)
    written = booklet.write(programme, who, lang, book_edition(lib, programme, who, forced=forced), now=lib.now())
    if written.missing:
        fields: dict[str, list[str]] = {}
        for where in written.missing:
            record, _colon, field = where.rpartition(": ")
            fields.setdefault(record, []).append(field)
        missing = "; ".join(f"{record} ({', '.join(names)})" for record, names in fields.items())
        if strict:
            raise InvalidData(ngettext(
                "the Korean book would print {n} text in English for want of its Korean version (--strict): {missing}",
                "the Korean book would print {n} texts in English for want of their Korean version (--strict): {missing}",
                len(written.missing), n=len(written.missing), missing=missing))
        say(ngettext("Printed {n} text in English, marked, for want of its Korean version: {missing}.",
                     "Printed {n} texts in English, marked, for want of their Korean version: {missing}.",
                     len(written.missing), n=len(written.missing), missing=missing))
    html = written.html
    write_file(target, [html.encode("utf-8")], follow=output is not None)
    say(_("Wrote {path}.", path=target))
    for path, other in replaced:
        say(_("Replaced {path}, which the visit {visit} had written (--force).", path=path, visit=other))
    if pdf:
        print_pdf(target, target.with_suffix(".pdf"), korean=booklet.has_korean(html))
        say(_("Wrote {path}.", path=target.with_suffix(".pdf")))


@revision_app.command("publish")
def revision_publish(
    ctx: typer.Context,
    message: Annotated[str, typer.Option("--message", "-m", help=N_("Why: what this revision settles."))],
    force: Annotated[bool, typer.Option("--force", help=N_("Publish even with conflict errors (the revision says so)."))] = False,
    notify: Annotated[bool, typer.Option("--notify", help=N_("Then send it to the distribution list, with the visit's mail settings (as `itinerary notify`)."))] = False,
) -> None:
    """Record the current programme as the next numbered revision.

    With --notify, then send it to everyone on the distribution list (`itinerary notify REV`, with
    the mail server, user and password variable of `visit edit --mail-server …`).

    Example: itinerary revision publish -m "Meeting with the President confirmed at 15:00" --notify
    """
    from itinerary.changes.calendars import publish_revision
    from itinerary.model import check_text

    try:
        check_text(message, field_name="--message", limit=500)
    except InvalidData as err:  # a message with control characters, or too long
        raise UsageError(f"--message: {err.reason}") from None
    revision = publish_revision(library(ctx), message, force=force)
    typer.echo(_("Published Rev. {n}: {message}", n=revision.number, message=message))
    if notify:  # the notify command itself, found by name (no command module imports another)
        command = ctx.find_root().command.get_command(ctx, "notify")  # type: ignore[attr-defined]
        with command.make_context("notify", [str(revision.number), *(["--force"] if force else [])], parent=ctx) as sub:
            command.invoke(sub)


@revision_app.command("list")
def revision_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the published revisions.

    Example: itinerary revision list
    """
    published = library(ctx).sides().revisions()
    if as_json:
        emit_json([{"number": r.number, "when": r.when.isoformat(), "who": r.who, "message": r.message} for r in published])
        return
    if not published:
        typer.echo(_("No revision published yet (itinerary revision publish -m \"why\")."))
    for r in published:
        typer.echo(_("Rev. {n}  {when} UTC  {who}  {message}", n=r.number, when=r.when.strftime("%Y-%m-%d %H:%M"), who=printable(r.who),
                     message=printable(r.message)))


@revision_app.command("diff")
def revision_diff(
    ctx: typer.Context,
    a: Annotated[int | None, typer.Argument(help=N_("From this revision (default: the last published)."), show_default=False)] = None,
    b: Annotated[int | None, typer.Argument(help=N_("To this revision (default: the current records)."), show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
    fmt: Annotated[str, typer.Option("--format", help=N_("table or markdown (for an e-mail)."))] = "table",
) -> None:
    """What changed between two revisions (default: the last published one and the current
    records): events added, cancelled, removed, moved, re-venued, re-staffed.

    Example: itinerary revision diff 1 2 --format markdown
    """
    from itinerary.core import revisions
    from itinerary.ui import reports

    lib = library(ctx)
    sides = lib.sides()
    published = sides.revisions()
    if a is None:
        if not published:
            raise NotFound(_("no revision published yet: nothing to compare with"))
        a = published[-1].number
    old = sides.revision(a)[1]
    if b is None:
        new = lib.programme()
        title = _("Changes from Rev. {a} to the current records", a=a)
    else:
        new = sides.revision(b)[1]
        title = _("Changes from Rev. {a} to Rev. {b}", a=a, b=b)
    changes = revisions.diff(old, new, lang="en" if as_json else None)  # --json is English whatever the interface speaks
    if as_json:
        emit_json({"from": a, "to": b, "changes": [c.__dict__ for c in changes]})
    elif fmt == "markdown":
        typer.echo(revisions.markdown(changes, title=title), nl=False)
    elif fmt == "table":
        emit(reports.changes_table(changes, title=title))
    else:
        raise UsageError(_("--format must be table or markdown, not {value!r}", value=fmt))


