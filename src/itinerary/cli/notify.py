"""Commands that tell people of a revision: the distribution list, and the notices themselves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from itinerary.cli.app import commands, group
from itinerary.cli.options import as_usage, build, emit, emit_json, exports_folder, library, say
from itinerary.errors import InvalidData, Refused, UsageError
from itinerary.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from itinerary.changes.library import Library
    from itinerary.changes.noticemake import Printer
    from itinerary.changes.notify import Report
    from itinerary.model import Audience
    from itinerary.sync.smtp import Server

app = commands()
recipient_app = group(N_("The distribution list of revision notices: who is told, what they may see, in which language."))
app.add_typer(recipient_app, name="recipient")

_AUDIENCE = N_("full (the office's programme), public, or person:ID (that person's events and the public ones).")
_AUDIENCE_ADD = N_("full (the office's programme), public, or person:ID (that person's events and the public ones). Default: full; a "
                   "person's own programme with --person.")
_LANG = N_("ko, en, or both (Korean first).")


def _audience(text: str | None) -> Audience | None:
    from itinerary.model.recipient import parse_audience

    if text is None:
        return None
    return as_usage(lambda: parse_audience(text, field_name="audience"))


@recipient_app.command("add")
def recipient_add(
    ctx: typer.Context,
    recipient_id: Annotated[str | None, typer.Argument(help=N_("Its id (default: the person's or contact's id)."), show_default=False)] = None,
    name: Annotated[str | None, typer.Option("--name", help=N_("Name, as the To line shows it."))] = None,
    name_ko: Annotated[str, typer.Option("--name-ko", help=N_("Name in Korean, for a reader of Korean (박민지 비서관)."))] = "",
    email: Annotated[str | None, typer.Option("--email", help=N_("E-mail address."))] = None,
    audience: Annotated[str | None, typer.Option("--audience", help=_AUDIENCE_ADD)] = None,
    lang: Annotated[str, typer.Option("--lang", help=_LANG)] = "both",
    person: Annotated[str | None, typer.Option("--person", help=N_("Make it from this person of the visit, who has an e-mail address."))] = None,
    contact: Annotated[str | None, typer.Option("--contact", help=N_("Make it from this contact of the visit, who has an e-mail address."))] = None,
    local: Annotated[bool, typer.Option("--local", help=N_("In a visit of an office: on this visit's own list, not the office's."))] = False,
) -> None:
    """Put someone on the distribution list: by hand, or from a person or contact of the visit who
    has an e-mail address. Journaled and undoable like every record. In a visit of an office, the
    office's list, which all its visits share (unless --local).

    Example: itinerary recipient add minister-aide --name "Park Min-ji" --email aide@moel.example --audience person:kim-younghoon --lang ko
    """
    from itinerary.changes import recipients
    from itinerary.model import Audience, Recipient

    lib = library(ctx)
    chosen = _audience(audience)
    if person is not None or contact is not None:
        if person is not None and contact is not None:
            raise UsageError(_("give --person or --contact, not both"))
        programme = lib.programme()
        make = recipients.from_person if person is not None else recipients.from_contact
        recipient = as_usage(lambda: make(programme, person or contact or "", audience=chosen, lang=lang, recipient_id=recipient_id))
        if name is not None or email is not None or name_ko:
            made = recipient
            recipient = build(Recipient, id=made.id, name=name or made.name, name_ko=name_ko or made.name_ko, email=email or made.email,
                              audience=made.audience, lang=made.lang)
    else:
        if recipient_id is None or name is None or email is None:
            raise UsageError(_("give an id, --name and --email (or --person ID / --contact ID)"))
        recipient = build(Recipient, id=recipient_id, name=name, name_ko=name_ko, email=email, audience=chosen or Audience(), lang=lang)
    applied = recipients.add(lib, recipient, local=local)
    typer.echo(_("Added the recipient {id} <{email}>.", id=recipient.id, email=recipient.email) if applied.entry else applied.message)


@recipient_app.command("edit")
def recipient_edit(
    ctx: typer.Context,
    recipient_id: Annotated[str, typer.Argument(help=N_("The recipient's id."), show_default=False)],
    name: Annotated[str | None, typer.Option("--name", help=N_("Name."))] = None,
    name_ko: Annotated[str | None, typer.Option("--name-ko", help=N_("Name in Korean."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=N_("E-mail address."))] = None,
    audience: Annotated[str | None, typer.Option("--audience", help=_AUDIENCE)] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=_LANG)] = None,
) -> None:
    """Change a recipient's name, address, audience or language.

    Example: itinerary recipient edit minister-aide --lang both
    """
    from itinerary.changes import recipients

    fields = {k: v for k, v in (("name", name), ("name_ko", name_ko), ("email", email), ("lang", lang), ("audience", _audience(audience)))
              if v is not None}
    applied = as_usage(lambda: recipients.edit(library(ctx), recipient_id, fields))
    typer.echo(_("Changed the recipient {id}.", id=recipient_id) if applied.entry else applied.message)


@recipient_app.command("remove")
def recipient_remove(ctx: typer.Context, recipient_id: Annotated[str, typer.Argument(help=N_("The recipient's id."), show_default=False)]) -> None:
    """Take a recipient off the distribution list (what was sent to them stays in the send log).

    Example: itinerary recipient remove minister-aide
    """
    from itinerary.changes import recipients

    recipients.remove(library(ctx), recipient_id)
    typer.echo(_("Removed the recipient {id}.", id=recipient_id))


@recipient_app.command("list")
def recipient_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the distribution list.

    Example: itinerary recipient list
    """
    from itinerary.changes.recipients import read_list
    from itinerary.model.recipient import audience_text
    from itinerary.ui.notify import recipients_table

    found = read_list(library(ctx).store)
    if as_json:
        emit_json([{"id": r.id, "name": r.name, "name_ko": r.name_ko, "email": r.email, "audience": audience_text(r.audience), "lang": r.lang}
                   for r in found])
        return
    emit(recipients_table(found))


def _printer(html_only: bool) -> Printer | None:
    """Prints a book to PDF with headless Chromium, or None (the HTML is attached) without one;
    a book Chromium cannot print is attached as HTML, and the officer told so once."""
    from itinerary.errors import ItineraryError, NotFound
    from itinerary.ui import pdf

    if html_only:
        return None
    try:
        pdf.browser()
    except NotFound:
        return None

    def printed(html: str) -> bytes | None:
        import tempfile

        from itinerary.formats.book import has_korean
        from itinerary.storage.files import read_regular, write_file

        with tempfile.TemporaryDirectory(prefix="itinerary-notice-") as folder:
            page = Path(folder) / "book.html"
            write_file(page, [html.encode("utf-8")])
            try:
                pdf.print_pdf(page, page.with_suffix(".pdf"), korean=has_korean(html))
            except ItineraryError as err:
                if not failures:
                    say(_("Could not print a book to PDF ({reason}): attached as HTML.", reason=err))
                failures.append(str(err))
                return None
            return read_regular(page.with_suffix(".pdf"), limit=256 * 1024 * 1024)

    failures: list[str] = []
    return printed


@app.command()
def notify(
    ctx: typer.Context,
    rev: Annotated[str | None, typer.Argument(help=N_("The revision to send (default: the last published), or 'status': who has which revision."),
                                              show_default=False)] = None,
    smtp: Annotated[str | None, typer.Option("--smtp", help=N_("Mail server: smtp://HOST:587 (STARTTLS) or smtps://HOST:465 (default: the visit's --mail-server)."))] = None,
    user: Annotated[str | None, typer.Option("--user", help=N_("User name on the mail server (default: the visit's --mail-user)."))] = None,
    password_env: Annotated[str | None, typer.Option("--password-env", help=N_("Environment variable holding the password (default: the visit's; else ~/.netrc)."))] = None,
    ca_file: Annotated[Path | None, typer.Option("--ca-file", help=N_("Also trust the certificate authorities of this PEM file (or ITINERARY_CA_FILE)."))] = None,
    insecure: Annotated[bool, typer.Option("--insecure", help=N_("Allow a server that offers no STARTTLS (never needed for smtps://)."))] = False,
    sender: Annotated[str | None, typer.Option("--from", help=N_("The From address (default: the visit's --mail-from, else its office e-mail)."))] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help=N_("Only this recipient (repeatable)."))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Write each message as an .eml file to look at; send nothing."))] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("Folder of the .eml files of --dry-run (default exports/<visit id>/notices/rev<N>)."))] = None,
    html_book: Annotated[bool, typer.Option("--html-book", help=N_("Attach the book as HTML, even where Chromium could print it."))] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("Send even with conflict errors (the messages say so), or write --dry-run's messages over files another visit wrote."))] = False,
) -> None:
    """Send a revision to everyone on the distribution list who does not have it yet: in their
    language, the changes since the revision they last received as their audience may see them,
    the programme at a glance, their book and their calendar. A run that stopped is finished by
    running it again; nobody receives a revision twice. `notify status` shows who has which.

    Example: itinerary notify --smtp smtps://mail.example.org --user protocol --password-env ITINERARY_SMTP_PASSWORD
    """
    from itinerary.changes import notify as notices
    from itinerary.changes.recipients import read_list
    from itinerary.ui.notify import outcome_line

    lib = library(ctx)
    if rev == "status":
        return _status(lib)
    if rev is not None and not rev.isdigit():
        raise UsageError(_("REV must be a revision number or 'status', not {rev!r}", rev=rev))
    number = notices.revision_number(lib, int(rev) if rev is not None else None)
    everyone = read_list(lib.store)
    chosen = [r for r in everyone if not to or r.id in to]
    unknown = sorted(set(to or ()) - {r.id for r in everyone})
    if unknown:
        from itinerary.changes.recipients import find

        find(everyone, unknown[0])
    if not chosen:
        raise UsageError(_("the distribution list is empty: add recipients first (itinerary recipient add)"))
    frm = notices.sender_of(lib, sender)
    printer = _printer(html_book)
    if dry_run:
        from itinerary.changes.outputs import claim

        visit = lib.store.visit()
        folder = output or exports_folder(ctx, visit) / "notices" / f"rev{number}"
        replaced = claim([folder / f"{r.id}.eml" for r in chosen], visit, force=force, follow=output is not None)  # before anything is written
        report = notices.notify(lib, chosen, None, number=number, sender=frm, force=force, printer=printer,
                                progress=lambda o: emit(outcome_line(o, number)))
        _write_messages(report, folder, follow=output is not None)
        for path, who in replaced:
            say(_("Replaced {path}, which the visit {visit} had written (--force).", path=path, visit=who))
    else:
        from itinerary.sync.smtp import Session

        with Session(_server(lib, smtp, user, password_env, ca_file, insecure)) as session:
            report = notices.notify(lib, chosen, session, number=number, sender=frm, force=force, printer=printer,
                                    progress=lambda o: emit(outcome_line(o, number)))
    _summary(report)


def _server(lib: Library, url: str | None, user: str | None, password_env: str | None, ca_file: Path | None, insecure: bool) -> Server:
    from itinerary.sync.smtp import server

    mail = lib.store.visit().mail
    url = url or mail.server
    if not url:
        raise UsageError(_("no mail server: give --smtp URL, or set it once with `itinerary visit edit --mail-server URL`"))
    return server(url, user=user or mail.user or None, password_env=password_env or mail.password_env or None,
                  cafile=str(ca_file) if ca_file else None, insecure=insecure)


def _write_messages(report: Report, folder: Path, *, follow: bool) -> None:
    from itinerary.storage.files import write_file

    for outcome in report.outcomes:
        if outcome.message is not None:
            target = folder / f"{outcome.recipient.id}.eml"
            write_file(target, [outcome.message.data], follow=follow)
            say(_("Wrote {path}.", path=target))


def _summary(report: Report) -> None:
    if report.draft:
        say(_("The records changed since Rev. {n}: those changes are in no notice until a revision is published.", n=report.revision))
    if report.forced:
        say(ngettext("Sent despite {n} conflict error (--force); the messages say so.", "Sent despite {n} conflict errors (--force); the messages say so.",
                     report.forced, n=report.forced))
    for line in report.damaged:
        say(f"! {line}")
    refused = [o for o in report.outcomes if o.state == "refused"]
    failed = [o for o in report.outcomes if o.state == "failed"]
    if report.stopped is not None:
        unsent = sum(o.state == "unsent" for o in report.outcomes)
        say(ngettext("{n} recipient was not sent to: run the same command again to finish (nobody gets it twice).",
                     "{n} recipients were not sent to: run the same command again to finish (nobody gets it twice).", unsent, n=unsent))
        raise report.stopped
    if failed:
        raise InvalidData(ngettext("{n} message could not be made and was not sent: {who}", "{n} messages could not be made and were not sent: {who}",
                                   len(failed), n=len(failed), who="; ".join(f"{o.recipient.id} ({o.detail})" for o in failed)))
    if refused:
        raise Refused(ngettext("{n} recipient was refused: {who}", "{n} recipients were refused: {who}", len(refused), n=len(refused),
                               who=", ".join(f"{o.recipient.id} ({o.detail})" for o in refused)))


def _status(lib: Library) -> None:
    from itinerary.changes.notify import revision_number
    from itinerary.changes.recipients import read_list
    from itinerary.core.notice import statuses
    from itinerary.storage.noticelog import SendLog
    from itinerary.ui.notify import status_table

    latest = revision_number(lib, None)
    everyone = read_list(lib.store)
    log = SendLog(lib.store.backend)
    rows = statuses(log.read(), [r.id for r in everyone], latest)
    emit(status_table(rows, everyone, latest, lib.store.visit().tz))
    behind = [row.recipient for row in rows if not row.latest.done]
    if behind:
        say(ngettext("{n} recipient does not have Rev. {rev} yet: {who} (itinerary notify).",
                     "{n} recipients do not have Rev. {rev} yet: {who} (itinerary notify).", len(behind), n=len(behind), rev=latest,
                     who=", ".join(behind)))

