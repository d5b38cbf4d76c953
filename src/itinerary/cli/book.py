"""Commands for the printed programme: book, and numbered revisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.common import app, changing, emit, emit_json, now, open_store
from itinerary.errors import NotFound, UsageError

if TYPE_CHECKING:
    from itinerary.model import Programme
    from itinerary.revisions import Revision
    from itinerary.store import Store

revision_app = typer.Typer(help="Numbered revisions of the programme and what changed between them.", no_args_is_help=True)
app.add_typer(revision_app, name="revision")


def revision_state(store: Store, programme: Programme) -> tuple[Revision | None, bool, Programme | None]:
    """The last published revision, whether the records are still exactly it, and its programme."""
    from itinerary import revisions

    published = store.revisions()
    if not published:
        return None, False, None
    last, last_programme = store.revision(published[-1].number)
    return last, revisions.same(last_programme, programme), last_programme


def revision_label(store: Store, programme: Programme) -> str:
    """'Rev. 2' when the records are revision 2, 'draft after Rev. 2' when they changed since."""
    last, current, _ = revision_state(store, programme)
    if last is None:
        return ""
    return f"Rev. {last.number}" if current else f"draft after Rev. {last.number}"


@app.command()
def book(
    ctx: typer.Context,
    audience: Annotated[str, typer.Option("--audience", help="full, public, or person:ID.")] = "full",
    lang: Annotated[str, typer.Option("--lang", help="en, ko, or both.")] = "both",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file (default exports/programme-<audience>.html).")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print it to PDF (same name, .pdf) with headless Chromium.")] = False,
) -> None:
    """Write the printable programme for an audience: a self-contained A4 page per day, in
    English, Korean or both, with the revision and the changes since the last one.

    Example: itinerary book --audience public --lang both --pdf
    """
    from itinerary import book as booklet
    from itinerary import revisions
    from itinerary.cli.calendar import exports_folder
    from itinerary.store import write_file

    store = open_store(ctx)
    programme = store.load()
    who = booklet.parse_audience(audience, programme)
    last, current, last_programme = revision_state(store, programme)
    changes, since = [], None
    if last is not None and last_programme is not None:
        if current and last.number > 1:
            _, before = store.revision(last.number - 1)
            changes, since = revisions.for_audience(revisions.diff(before, last_programme), before, last_programme, who.variant), last.number - 1
        elif not current:
            changes, since = revisions.for_audience(revisions.diff(last_programme, programme), last_programme, programme, who.variant), last.number
    html = booklet.render(programme, who, lang, revision=last, current=current, changes=changes, since=since)
    target = output or exports_folder(ctx) / f"programme-{who.name}.html"
    write_file(target, [html.encode("utf-8")])
    typer.echo(f"Wrote {target}.", err=True)
    if pdf:
        pdf_path = target.with_suffix(".pdf")
        booklet.print_pdf(target, pdf_path)
        typer.echo(f"Wrote {pdf_path}.", err=True)


@revision_app.command("publish")
def revision_publish(
    ctx: typer.Context,
    message: Annotated[str, typer.Option("--message", "-m", help="Why: what this revision settles.")],
) -> None:
    """Record the current programme as the next numbered revision.

    Example: itinerary revision publish -m "Meeting with the President confirmed at 15:00"
    """
    from itinerary.model import check_text

    try:
        check_text(message, field_name="--message", limit=500)
    except Exception as err:  # InvalidData: a message with control characters or too long
        raise UsageError(f"--message: {err}") from None
    store, transaction = changing(ctx)
    with transaction:
        revision = store.publish_revision(message, ctx.obj.by, now=now())
    typer.echo(f"Published Rev. {revision.number}: {message}")


@revision_app.command("list")
def revision_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the published revisions.

    Example: itinerary revision list
    """
    published = open_store(ctx).revisions()
    if as_json:
        emit_json([{"number": r.number, "when": r.when.isoformat(), "who": r.who, "message": r.message} for r in published])
        return
    if not published:
        typer.echo("No revision published yet (itinerary revision publish -m \"why\").")
    for r in published:
        typer.echo(f"Rev. {r.number}  {r.when:%Y-%m-%d %H:%M} UTC  {r.who}  {r.message}")


@revision_app.command("diff")
def revision_diff(
    ctx: typer.Context,
    a: Annotated[int | None, typer.Argument(help="From this revision (default: the last published).", show_default=False)] = None,
    b: Annotated[int | None, typer.Argument(help="To this revision (default: the current records).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or markdown (for an e-mail).")] = "table",
) -> None:
    """What changed between two revisions (default: the last published one and the current
    records): events added, cancelled, removed, moved, re-venued, re-staffed.

    Example: itinerary revision diff 1 2 --format markdown
    """
    from itinerary import revisions, views

    store = open_store(ctx)
    published = store.revisions()
    if a is None:
        if not published:
            raise NotFound("no revision published yet: nothing to compare with")
        a = published[-1].number
    _, old = store.revision(a)
    if b is None:
        new, label = store.load(), "the current records"
    else:
        _, new = store.revision(b)
        label = f"Rev. {b}"
    changes = revisions.diff(old, new)
    title = f"Changes from Rev. {a} to {label}"
    if as_json:
        emit_json({"from": a, "to": b, "changes": [c.__dict__ for c in changes]})
    elif fmt == "markdown":
        typer.echo(revisions.markdown(changes, title=title), nl=False)
    elif fmt == "table":
        emit(views.changes_table(changes, title=title))
    else:
        raise UsageError(f"--format must be table or markdown, not {fmt!r}")


