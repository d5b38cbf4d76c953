"""Telling everyone of a revision: one message per recipient, sent once, never lost.

:func:`notify` sends revision N (the last published by default) to every recipient of the
distribution list who does not have it yet, through a :class:`Transport` (an SMTP session:
:mod:`itinerary.sync.smtp`, wired by the command line). The steps of each message are written to
the send log before they are taken (:mod:`itinerary.core.notice` says what each means):

1. the revision's *edition* — the SEQUENCE of each event, from the export state, which is saved
   as an export saves it — once, before its first message;
2. ``sending`` (Message-ID, Date) → the transaction → ``committing`` just before the final
   ``.`` → ``accepted`` with the server's answer (or ``refused``).

**What is guaranteed.** A message the server accepted is never sent again — once ``accepted``
is on disk. A message whose final ``.`` never left is sent by the next run. Between the final
``.`` and the ``accepted`` line (one network round trip and one fsync) a run that dies, or a
connection that drops, leaves the message *uncertain*: the next run sends it again as the same
message — the same Message-ID and Date, so a mail system that keeps one message per Message-ID
shows one — and says so. Nothing else can make a recipient receive a revision twice. One run
sends at a time (``notices/.lock``); colleagues keep changing the records meanwhile.

**What is told.** Each recipient is told the changes since the revision they last received, as
their audience sees them; a recipient who can see nothing new is not written to at all (the
log records that they are up to date), so a public recipient never learns that a restricted
event changed. A programme with conflict errors is not sent without ``force``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from itinerary.changes.calendars import guard_sharing
from itinerary.changes.library import Library, Proposal
from itinerary.changes.noticemake import Issue, Maker, Printer
from itinerary.core import notice
from itinerary.core.notice import Logged
from itinerary.errors import ItineraryError, NotFound, Refused, RemoteError, UsageError
from itinerary.formats.exportstate import plan_export
from itinerary.formats.notice import Message
from itinerary.i18n import _
from itinerary.model import Recipient
from itinerary.model.recipient import audience_text
from itinerary.storage.noticelog import SendLog
from itinerary.storage.sidefiles import Sides
from itinerary.storage.store import Snapshot


class Transport(Protocol):
    """A session with a mail server."""

    def send(self, message: Message, committing: Callable[[], None]) -> str:
        """Send ``message``; call ``committing`` just before the final ``.`` that makes the server
        take it; return the server's answer. :class:`~itinerary.errors.Refused` when the server
        refuses this message or recipient (nothing was delivered; the session goes on); another
        :class:`~itinerary.errors.RemoteError` when the session is lost."""


@dataclass(frozen=True)
class Outcome:
    """What became of one recipient."""

    recipient: Recipient
    state: str
    """'sent', 'resent' (the last run may have delivered it: sent again, the same message),
    'current' (nothing they may see changed: nothing sent), 'has' (they have it), 'later'
    (they have a later revision), 'refused' (by the server), 'failed' (the message could not be made
    right: not sent), 'unsent' (the run stopped first), 'written' (dry run)."""
    detail: str = ""
    """The server's answer, or why."""
    message: Message | None = None
    """The message (kept in a dry run)."""
    since: int | None = None


@dataclass(frozen=True)
class Report:
    """What a run did."""

    revision: int
    outcomes: tuple[Outcome, ...]
    stopped: RemoteError | None = None
    """Why the run stopped before the end (the connection was lost), if it did."""
    draft: bool = False
    """True when the records changed since the revision (those changes were not sent)."""
    forced: int = 0
    damaged: tuple[str, ...] = field(default=())


def revision_number(library: Library, number: int | None) -> int:
    """The revision to send: ``number``, or the last published."""
    published = library.sides().revisions()
    if not published:
        raise NotFound(_("no revision published yet: nothing to send (`itinerary revision publish -m WHY` first)"))
    if number is None:
        return published[-1].number
    if not any(r.number == number for r in published):
        raise NotFound(_("no revision {number} (published: {numbers})", number=number, numbers=", ".join(str(r.number) for r in published)))
    return number


def _edition(library: Library, log: SendLog, entries: list[Logged], number: int, *, dry_run: bool) -> dict[str, int]:
    """The SEQUENCE numbers of revision ``number``'s calendars: fixed by its first run (the export
    state planned for its programme and saved, as an export saves it), then read from the log."""
    fixed = notice.edition(entries, number)
    if fixed is not None:
        return fixed
    programme = library.sides().revision(number)[1]
    planned: list[dict[str, int]] = []

    def propose(snapshot: Snapshot) -> Proposal:
        state, _ = plan_export(programme, library.sides().exports())
        planned.append({k: v.sequence for k, v in state.items()})

        def bookkeeping(sides: Sides) -> None:
            if state != sides.exports():
                sides.save_exports(state)

        return Proposal(snapshot.programme, (), None if dry_run else bookkeeping, guard=False)

    library.change("notify", propose, dry_run=dry_run)
    if not dry_run:
        entry = Logged("edition", number, library.now(), sequences=tuple(sorted(planned[-1].items())), by=library.who)
        log.append(entry)
        entries.append(entry)
    return planned[-1]


def prepare(library: Library, number: int, log: SendLog, entries: list[Logged], recipients: Sequence[Recipient], *,
            sender: str, force: bool, dry_run: bool) -> Issue:
    """Revision ``number`` made ready: refused while it has conflict errors (unless ``force``),
    its edition fixed, and the earlier revisions its recipients last received."""
    sides = library.sides()
    revision, programme = sides.revision(number)
    errors = guard_sharing(library, programme, "sent", force=force)
    sequences = _edition(library, log, entries, number, dry_run=dry_run)
    earlier = {}
    for r in recipients:
        since = notice.received(entries, r.id, audience_text(r.audience))
        if since is not None and since < number and since not in earlier:
            old = sides.revision(since)[1]
            earlier[since] = (old, notice.edition(entries, since) or sequences)
    return Issue(revision, programme, sequences, tuple(errors), sender, earlier)


def notify(library: Library, recipients: Sequence[Recipient], transport: Transport | None, *, number: int | None = None,
           sender: str, force: bool = False, printer: Printer | None = None,
           progress: Callable[[Outcome], None] | None = None) -> Report:
    """Send revision ``number`` (default: the last) to every recipient who does not have it;
    ``transport`` None is a dry run: the messages are made and returned, nothing is sent or logged."""
    dry_run = transport is None
    number = revision_number(library, number)
    log = SendLog(library.store.backend)
    outcomes: list[Outcome] = []
    stopped: RemoteError | None = None
    with log.locked():
        entries = log.read()
        issue = prepare(library, number, log, entries, recipients, sender=sender, force=force, dry_run=dry_run)
        maker = Maker(issue, printer)
        for recipient in recipients:
            if stopped is not None:
                outcomes.append(Outcome(recipient, "unsent", _("the run stopped before it")))
                continue
            try:
                outcome = _one(library, log, entries, maker, recipient, transport)
            except Refused as err:
                outcome = Outcome(recipient, "refused", err.reply)
            except RemoteError as err:
                stopped = err
                outcome = Outcome(recipient, "unsent", str(err))
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    current = library.programme()
    from itinerary.core.revisions import same

    return Report(number, tuple(outcomes), stopped, not same(issue.programme, current), len(issue.forced), tuple(log.damaged))


def _one(library: Library, log: SendLog, entries: list[Logged], maker: Maker, recipient: Recipient, transport: Transport | None) -> Outcome:
    """Tell one recipient, logging each step before it is taken."""
    issue = maker.issue
    number = issue.revision.number
    audience = audience_text(recipient.audience)

    def logged(kind: str, **values: object) -> None:
        if transport is not None:
            entry = Logged(kind, number, library.now(), to=recipient.id, **values)  # type: ignore[arg-type]
            log.append(entry)
            entries.append(entry)

    standing = notice.standing(entries, number, recipient.id)
    if standing.done:
        return Outcome(recipient, "has", _("sent before") if standing.state == "sent" else _("nothing to tell"))
    later = notice.up_to(entries, recipient.id)
    if later is not None and later > number:
        return Outcome(recipient, "later", _("has Rev. {n}", n=later))
    person = recipient.audience.person
    if person is not None and person not in issue.programme.people_by_id:
        return Outcome(recipient, "failed", _("revision {number} has no person {person!r}: change the recipient's audience", number=number,
                                             person=person))
    since = notice.received(entries, recipient.id, audience)
    since = since if since is not None and since < number else None
    differences = maker.differences(recipient, since)
    if since is not None and not differences:
        logged("nothing", audience=audience, since=since)
        return Outcome(recipient, "current", _("nothing they may see changed"), since=since)
    message_id = notice.message_id(issue.programme.visit.id, number, issue.revision.when, recipient.id, recipient.email)
    first = standing.first
    date = first.date if first is not None and first.message_id == message_id and first.date else library.now()
    try:
        message = maker.message(recipient, since, differences, message_id=message_id, date=date)
    except ItineraryError as err:  # a message that cannot be made right is not sent
        return Outcome(recipient, "failed", str(err))
    if transport is None:
        return Outcome(recipient, "written", message=message, since=since)
    uncertain = standing.state == "uncertain"
    logged("sending", email=recipient.email, audience=audience, since=since, message_id=message_id, date=date, by=library.who)
    try:
        reply = transport.send(message, lambda: logged("committing", message_id=message_id))
    except Refused as err:
        logged("refused", reply=err.reply, message_id=message_id)
        raise
    logged("accepted", email=recipient.email, audience=audience, since=since, message_id=message_id, reply=reply)
    return Outcome(recipient, "resent" if uncertain else "sent", reply, since=since)


def sender_of(library: Library, given: str | None) -> str:
    """The From address: ``given``, else the visit's mail settings', else its office e-mail."""
    from itinerary.model.recipient import check_address

    visit = library.store.visit()
    found = given or visit.mail.sender or visit.office_email
    if not found:
        raise UsageError(_("no address to send from: give --from, or set it once with `itinerary visit edit --mail-from ADDRESS`"))
    try:
        return check_address(found, field_name="--from")
    except ItineraryError as err:
        raise UsageError(str(err)) from None
