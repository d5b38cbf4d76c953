"""What a revision notice says, in its reader's language: subject, changes, programme at a glance.
Pure.

Everything is worded from the *audience's view* of the programme (:func:`itinerary.core.notice.view`):
an event the audience may not see is not there to be named, a field it may not see is empty, and
a public reader's time still to be confirmed is the day it falls on. Every text comes from the
message catalog through ``translator(lang)`` (the reader's language, not the officer's), and
dates, times and change kinds from the book's words (:mod:`.booktext`), so the message and the
attached book say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from itinerary.core.agenda import by_day
from itinerary.core.notice import headline
from itinerary.core.revisions import Difference, Revision
from itinerary.formats import booktext as bt
from itinerary.formats.booktext import Words, label, same
from itinerary.i18n import N_, translator
from itinerary.model import Event, Programme, Recipient, shown

HEADLINES = {  # "외 N건" counts the other events changed
    "confirmed-time": N_("{event}: time confirmed"),
    "moved": N_("{event}: time changed"),
    "added": N_("{event} added"),
    "cancelled": N_("{event} cancelled"),
    "removed": N_("{event} no longer on the programme"),
    "re-venued": N_("{event}: venue changed"),
    "re-staffed": N_("{event}: participants changed"),
    "retitled": N_("{event}: title changed"),
    "status": N_("{event}: now {status}"),
}
"""How a subject names its main change, by kind (:data:`itinerary.core.notice.RANK`)."""


@dataclass(frozen=True)
class Change:
    """One line of the list of changes."""

    kind: str
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class Row:
    """One event of the programme at a glance."""

    time: str
    title: str
    venue: str
    mark: str
    """'tentative', or ''."""


@dataclass(frozen=True)
class Day:
    """One day of the programme at a glance."""

    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Wording:
    """A notice in one language."""

    lang: str
    """'ko' or 'en'."""
    subject: str
    heading: str
    """The visit and the revision."""
    lines: tuple[str, ...]
    """When it was published, for whom, why (the office only), and a warning when forced."""
    changes_title: str
    changes: tuple[Change, ...]
    glance_title: str
    days: tuple[Day, ...]
    attached: str
    footer: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """What one recipient's notice is made from."""

    recipient: Recipient
    revision: Revision
    programme: Programme
    """The revision as the recipient's audience sees it."""
    before: Programme | None
    """The revision they last received, as their audience sees it (None: a first notice)."""
    since: int | None
    differences: tuple[Difference, ...]
    """The changes since ``since``, as their audience sees them."""
    book: str
    """The attached book's file name."""
    calendar: str
    """The attached calendar's file name."""
    forced: int = 0
    """Conflict errors the revision is sent with (``--force``) that the audience may know of."""


class _Words:
    """Words of one notice in one language."""

    def __init__(self, facts: Facts, lang: str) -> None:
        self.facts, self.lang, self.t = facts, lang, translator(lang)
        self.tz = facts.programme.visit.tz
        self.internal = not facts.recipient.audience.public

    def show(self, words: Words) -> str:
        return bt.unmarked(words.show(self.lang))

    def title(self, event: Event) -> str:
        return self.show(Words(event.title, event.title_ko))

    def venue(self, programme: Programme, event: Event) -> str:
        found = programme.venues_by_id.get(event.venue or "")
        return self.show(Words(found.name, found.name_ko)) if found else ""

    def people(self, programme: Programme, event: Event) -> str:
        names = []
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            names.append(pid if person is None else (person.korean or person.name) if self.lang == "ko" else person.name)
        return ", ".join(names)

    def when(self, event: Event | None) -> str:
        return self.show(bt.when(event, self.tz, window=self.internal)) if event is not None else ""

    def change(self, d: Difference) -> Change:
        facts = self.facts
        old = facts.before.event(d.event) if facts.before else None
        new = facts.programme.event(d.event)
        event = new or old
        assert event is not None
        before, after = "", ""
        if d.kind in ("added", "moved"):
            before, after = (self.when(old) if d.kind == "moved" else ""), self.when(new)
        elif d.kind in ("cancelled", "removed"):
            before = self.when(old)
            after = self.show(label("cancelled")) if d.kind == "cancelled" else self.t.gettext(N_("no longer on the programme"))
        elif d.kind == "re-venued" and old and new and facts.before:
            before, after = self.venue(facts.before, old) or self.show(label("venue_tbc")), self.venue(facts.programme, new) or self.show(label("venue_tbc"))
        elif d.kind == "re-staffed" and old and new and facts.before:
            before, after = self.people(facts.before, old), self.people(facts.programme, new)
        elif d.kind == "retitled" and old and new:
            before, after = self.title(old), self.title(new)
        elif d.kind == "status" and old and new:
            before, after = self.show(bt.status(old.status)), self.show(bt.status(new.status))
        return Change(self.show(bt.change_kind(d.kind)), self.title(event), before, after)

    def main(self) -> str:
        """The change the subject names, with how many more there are."""
        facts = self.facts
        if facts.before is None:
            return self.t.gettext(N_("programme enclosed"))
        found = headline(facts.differences, facts.before, facts.programme)
        if found is None:
            return self.t.gettext(N_("no change"))
        kind, d = found
        event = facts.programme.event(d.event) or facts.before.event(d.event)
        name = self.title(event) if event else d.title
        status = self.show(bt.status(event.status)) if event else ""
        text = self.t.gettext(HEADLINES[kind], event=name, status=status)
        more = len({other.event for other in facts.differences} - {d.event})  # other events changed
        return self.t.ngettext("{change} and {n} more change", "{change} and {n} more changes", more, change=text, n=more) if more else text

    def glance(self) -> tuple[Day, ...]:
        programme = self.facts.programme
        events = [e for e in programme.events if not e.cancelled]
        days = []
        for group in by_day(events, self.tz):
            rows = tuple(Row(
                self.show(label("tbc") if e.time_tbc else bt.times(e.start, e.end, self.tz, group.date)), self.title(e),
                self.venue(programme, e) if shown(e, self.facts.recipient.audience, "venue") else "",
                self.show(label("tentative")) if e.status == "tentative" else "",
            ) for e in group.events)
            days.append(Day(self.show(bt.long_day(group.date) if group.date else label("day_tbc")), rows))
        return tuple(days)

    def audience(self) -> str:
        audience = self.facts.recipient.audience
        if audience.kind != "person":
            return self.show(label(audience.kind))
        person = self.facts.programme.people_by_id.get(audience.person or "")
        name = Words(person.name, person.korean or person.name) if person else same(audience.person or "")
        return self.show(label("person", name=name))

    def wording(self) -> Wording:
        facts, t = self.facts, self.t
        visit, revision = facts.programme.visit, facts.revision
        title = self.show(Words(visit.title, visit.title_ko))
        rev = self.show(bt.revision(revision.number))
        subject = t.gettext(N_("[Rev. {n}] {visit} — {change}"), n=revision.number, visit=title, change=self.main())
        lines = [
            t.gettext(N_("{revision} of the programme, published {date}."), revision=rev,
                      date=self.show(bt.full_date(revision.when.astimezone(self.tz).date()))),
            t.gettext(N_("For: {audience}"), audience=self.audience()),
        ]
        if facts.recipient.audience.kind == "full" and revision.message:
            lines.append(t.gettext(N_("Why: {message}"), message=revision.message))
        if facts.forced:
            lines.append(t.ngettext("Sent with {n} unresolved conflict error: not a final programme.",
                                    "Sent with {n} unresolved conflict errors: not a final programme.", facts.forced, n=facts.forced))
        if facts.since is None:
            changes_title = t.gettext(N_("The whole programme is below and attached: this is the first revision sent to you."))
        else:
            changes_title = self.show(label("changes_since", rev=bt.revision(facts.since)))
        person = facts.programme.people_by_id.get(facts.recipient.audience.person or "")
        name = ((person.korean or person.name) if self.lang == "ko" else person.name) if person else ""
        footer = [self.show(Words(visit.office, visit.office_ko)) if visit.office else "",
                  visit.handling.line(facts.recipient.audience.kind, self.lang, name),
                  t.gettext(N_("This message was sent automatically by itinerary; please do not reply to it."))]
        return Wording(
            self.lang, subject, f"{title} — {rev}", tuple(lines), changes_title, tuple(self.change(d) for d in facts.differences),
            self.show(label("glance")), self.glance(),
            t.gettext(N_("Attached: the programme book ({book}) and the calendar ({calendar}); opening the calendar in a calendar app brings its events up to date."),
                      book=facts.book, calendar=facts.calendar),
            tuple(line for line in footer if line),
        )


def wordings(facts: Facts) -> tuple[Wording, ...]:
    """The notice in the recipient's language: one wording, or for 'both' the Korean then the English."""
    langs = ("ko", "en") if facts.recipient.lang == "both" else (facts.recipient.lang,)
    return tuple(_Words(facts, lang).wording() for lang in langs)


def subject(found: Sequence[Wording]) -> str:
    """The subject: the first wording's; in both languages, the English change after it."""
    if len(found) == 1:
        return found[0].subject
    english = found[1].subject.split(" — ", 1)[-1]
    return f"{found[0].subject} ({english})"


def _width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font (a Hangul syllable takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def plain_text(found: Sequence[Wording]) -> str:
    """The message as plain text (one wording after the other)."""
    parts = []
    for w in found:
        out = [w.heading, "=" * min(72, _width(w.heading)), "", *w.lines, "", w.changes_title]
        for c in w.changes:
            out.append(f"- {c.kind}: {c.title}" + (f": {c.old} → {c.new}" if c.old and c.new else f": {c.old or c.new}" if c.old or c.new else ""))
        out += ["", w.glance_title]
        for day in w.days:
            out.append(day.heading)
            for r in day.rows:
                out.append(f"  {r.time}  {r.title}" + (f" — {r.venue}" if r.venue else "") + (f" ({r.mark})" if r.mark else ""))
        out += ["", w.attached, "", "-- ", *w.footer]
        parts.append("\n".join(out))
    return "\n\n\n".join(parts) + "\n"
