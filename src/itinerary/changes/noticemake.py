"""One recipient's notice of one revision: the words, the book and the calendar, as their audience
may see them, made into a message (:mod:`itinerary.formats.notice`).

Everything is made from the audience's *view* of the revision (:func:`itinerary.core.notice.view`)
and of the revision the recipient last received: the words, the list of changes, the book's change
table and the calendar. The book itself is the programme book of :mod:`itinerary.formats.book` for
the audience, as of the revision's publication, with the revision's reason left out for anyone but
the office. The calendar is the export of the audience's view with the SEQUENCE numbers of the
revision's edition, and — so that calendar apps take them away — the events the recipient last
received and may no longer see, as cancelled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from itinerary.changes.calendars import forced_for, shared_warning
from itinerary.core import notice
from itinerary.core.finding import Finding
from itinerary.core.revisions import Difference, Revision
from itinerary.formats import book as booklet
from itinerary.formats import ics
from itinerary.formats.exportstate import Exported
from itinerary.formats.notice import Attachment, Message, compose
from itinerary.formats.noticetext import Facts, wordings
from itinerary.model import Audience, Programme, Recipient

Printer = Callable[[str], bytes | None]
"""Prints a book's HTML to PDF; None where no browser can (the HTML is attached instead)."""


@dataclass(frozen=True)
class Issue:
    """A revision, made ready to be told: what every recipient's notice of it is made from."""

    revision: Revision
    programme: Programme
    """The revision's programme, whole."""
    sequences: Mapping[str, int]
    """The SEQUENCE of each event in its calendars (its edition)."""
    forced: tuple[Finding, ...] = ()
    """The conflict errors it is sent with (``--force``)."""
    sender: str = ""
    """The From address."""
    earlier: Mapping[int, tuple[Programme, Mapping[str, int]]] = field(default_factory=dict)
    """Earlier revisions (programme, edition) recipients last received, by number."""


@dataclass
class Maker:
    """Makes the notices of one issue, each book printed once per audience, language and starting point."""

    issue: Issue
    printer: Printer | None = None
    _books: dict[tuple[str, str, int | None], Attachment] = field(default_factory=dict)

    def differences(self, recipient: Recipient, since: int | None) -> tuple[Difference, ...]:
        """What changed for ``recipient`` since revision ``since`` (nothing for a first notice)."""
        if since is None:
            return ()
        old = self.issue.earlier[since][0]
        return tuple(notice.changes(old, self.issue.programme, recipient.audience))

    def forced_for(self, audience: Audience) -> tuple[Finding, ...]:
        """The forced errors an audience may know of: those about events it sees, all of them."""
        return forced_for(self.issue.programme, self.issue.forced, audience)

    def book(self, recipient: Recipient, since: int | None, differences: Sequence[Difference]) -> Attachment:
        audience = recipient.audience
        key = (audience.kind + ":" + (audience.person or ""), recipient.lang, since)
        found = self._books.get(key)
        if found is not None:
            return found
        issue = self.issue
        revision = issue.revision if audience.kind == "full" else dataclasses.replace(issue.revision, message="")
        before = notice.view(issue.earlier[since][0], audience) if since is not None else None
        edition = booklet.Edition(revision, current=True, since=since, changes=tuple(differences), before=before,
                                  after=notice.view(issue.programme, audience), forced=self.forced_for(audience))
        html = booklet.write(issue.programme, audience, recipient.lang, edition, now=issue.revision.when).html
        stem = f"programme-{audience.name}-{recipient.lang}"
        pdf = self.printer(html) if self.printer is not None else None
        if pdf is not None:
            found = Attachment(f"{stem}.pdf", pdf, "application", "pdf")
        else:
            found = Attachment(f"{stem}.html", html.encode("utf-8"), "text", "html", (("charset", "utf-8"),))
        self._books[key] = found
        return found

    def calendar(self, recipient: Recipient, since: int | None) -> Attachment:
        """The audience's calendar of the revision: the view, with the events the recipient last
        received and can no longer see as cancelled (SEQUENCE one above what they were sent)."""
        issue, audience = self.issue, recipient.audience
        shown = notice.view(issue.programme, audience)
        sequences = dict(issue.sequences)
        gone = []
        if since is not None:
            old_programme, old_sequences = issue.earlier[since]
            seen_now = {e.id for e in shown.events}
            for event in notice.view(old_programme, audience).events:
                if event.id not in seen_now and not event.cancelled:
                    gone.append(dataclasses.replace(event, status="cancelled"))
                    sequences[event.id] = max(sequences.get(event.id, 0), old_sequences.get(event.id, 0) + 1)
        calendar_programme = shown.replacing(*gone) if gone else shown
        state = {key: Exported(1, value, "") for key, value in sequences.items()}
        exporter = ics.Exporter(calendar_programme, state, revision=f"Rev. {issue.revision.number}",
                                warning=lambda seen: shared_warning(issue.programme, issue.forced, seen))
        data = b"".join(exporter.chunks(ics.Variant(audience)))
        name = f"{issue.programme.visit.id}-rev{issue.revision.number}-{audience.name}.ics"
        return Attachment(name, data, "text", "calendar", (("method", "PUBLISH"), ("charset", "utf-8")))

    def message(self, recipient: Recipient, since: int | None, differences: Sequence[Difference], *, message_id: str,
                date: dt.datetime) -> Message:
        """The notice to ``recipient``."""
        issue = self.issue
        book = self.book(recipient, since, differences)
        calendar = self.calendar(recipient, since)
        before = notice.view(issue.earlier[since][0], recipient.audience) if since is not None else None
        facts = Facts(recipient, issue.revision, notice.view(issue.programme, recipient.audience), before, since, tuple(differences),
                      book.filename, calendar.filename, len(self.forced_for(recipient.audience)))
        return compose(wordings(facts), recipient=recipient, sender=issue.sender, visit=issue.programme.visit, message_id=message_id,
                       date=date, attachments=(book, calendar))
