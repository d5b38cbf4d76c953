"""The programme book: a printable HTML page per audience and language, ready for print on A4.

The page is rendered with Jinja2 (autoescaping on: a title is always text, never markup) from
``templates/book.html``; every word of it comes from :mod:`.booktext`, in English, Korean or both
side by side. It is self-contained (inline CSS, fonts with Hangul coverage first, no external
assets), and every Korean run of text is marked ``lang="ko"`` in a page that is not Korean as a
whole, so the browser breaks its lines and picks its font as Korean. The running header and the
page numbers ("n / N" on every page but the cover) are CSS margin boxes of ``@page``, which
Chromium prints (version 131 and later); printing to PDF is :mod:`itinerary.ui.pdf`'s job.

Who sees what comes from :func:`itinerary.model.visible` and :func:`itinerary.model.shown`: a
public book leaves out restricted events, notes, agenda, contacts, sources, and the planning
window of an event whose time is still to be confirmed (it says "time to be confirmed").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.core.agenda import by_day
from itinerary.core.finding import Finding, written
from itinerary.core.notes import current as current_notes
from itinerary.core.revisions import Difference, Revision
from itinerary.core.travel import Gap, gaps
from itinerary.errors import NotFound, UsageError
from itinerary.formats import booktext as bt
from itinerary.formats.booktext import LANGS, Words, label, same
from itinerary.i18n import _
from itinerary.model import Audience, Contact, Document, Event, Programme, shown, visible
from itinerary.model.checks import closest

__all__ = ["LANGS", "Book", "Edition", "has_korean", "parse_audience", "render", "write"]

HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff"
KOREAN_RUN = re.compile(rf"(?:\d+\s?)?[{HANGUL}](?:[{HANGUL}\d\s.,·()~\-–:/'\"‘’“”…!?%\u4e00-\u9fff]*[{HANGUL})])?")
"""A run of Korean text: from a Hangul letter (or the number before it, as in '2026년') to the
last Hangul letter or closing bracket, across spaces, digits and punctuation between them."""
SIMPLE_LABELS = ("audience", "glance", "change", "event", "before", "after", "no_changes", "office", "contacts",
                 "venue", "participants", "agenda", "notes", "sources", "window", "travel")


@dataclass(frozen=True)
class Edition:
    """Which version of the programme a book shows, and what changed since the one before."""

    revision: Revision | None = None
    """The last published revision, if any."""
    current: bool = False
    """True when the records are still exactly that revision (otherwise the book is a draft)."""
    since: int | None = None
    """The revision the changes are counted from; None for no list of changes."""
    changes: tuple[Difference, ...] = ()
    """The changes since ``since``, already narrowed to the audience."""
    before: Programme | None = None
    """The programme of revision ``since``."""
    after: Programme | None = None
    """The programme the changes lead to."""
    forced: tuple[Finding, ...] = ()
    """The conflict errors the programme was printed with (``book --force``): said on the
    cover, and listed there in the full book."""


def parse_audience(text: str, programme: Programme) -> Audience:
    """'full', 'public' or 'person:ID'."""
    if text in ("full", "public"):
        return Audience(text)
    if text.startswith("person:"):
        person = text.split(":", 1)[1]
        if person not in programme.people_by_id:
            hint = closest(person, tuple(programme.people_by_id))
            if hint:
                raise NotFound(_("--audience: no person {person!r}; did you mean 'person:{hint}'?", person=person, hint=hint))
            raise NotFound(_("--audience: no person {person!r} (see `itinerary person list`)", person=person))
        return Audience("person", person)
    hint = closest(text, ("full", "public"))
    if hint is None and text.casefold() in programme.people_by_id:
        hint = f"person:{text.casefold()}"
    if hint:
        raise UsageError(_("--audience must be full, public or person:ID, not {text!r}; did you mean {hint!r}?", text=text, hint=hint))
    raise UsageError(_("--audience must be full, public or person:ID, not {text!r}", text=text))


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that is safe inside a ``<style>`` element: every
    character but ASCII letters and digits written as a hexadecimal escape (ended by a space)."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):x} " for c in text) + '"'


def has_korean(text: str) -> bool:
    """True when ``text`` holds Hangul (a PDF of it needs a font with Korean glyphs)."""
    return re.search(f"[{HANGUL}]", text) is not None


def mark_korean(text: str) -> str:
    """``text`` as HTML, each Korean run in ``<span lang="ko">``."""
    from markupsafe import Markup, escape

    out, last = [], 0
    for run in KOREAN_RUN.finditer(text):
        out.append(escape(text[last:run.start()]))
        out.append(Markup('<span lang="ko">') + escape(run.group()) + Markup("</span>"))
        last = run.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def unbroken_hyphens(text: str) -> str:
    """``text`` with each hyphen inside a word made non-breaking ('Director‑General'), so a
    balanced title never breaks there (a nowrap span would defeat Chromium's balancing)."""
    return re.sub(r"(?<=\w)-(?=\w)", "\u2011", text)


class _Writer:
    """Turns the programme into the template's values for one audience and language."""

    def __init__(self, programme: Programme, audience: Audience, lang: str) -> None:
        self.programme, self.audience, self.lang = programme, audience, lang
        visit = programme.visit
        self.visit, self.tz, self.home = visit, visit.tz, ZoneInfo(visit.guest_zone)
        self.home_city = bt.city(visit.guest_zone, visit.guest_zone_label, visit.guest_zone_label_ko)
        self.missing: dict[str, None] = {}
        """The records' texts a Korean book prints in English for want of a Korean version (in
        order, once each): 'minister-meeting: notes_ko'."""
        self.separator = ", " if lang == "ko" else "; "
        """Between the items of a list: a Korean list is written with commas."""

    def words(self, en: str, ko: str, where: str) -> Words:
        """A record's text and its Korean version; in a Korean book, the English marked as
        standing in for a Korean version the record lacks (and noted in :attr:`missing`)."""
        if self.lang == "ko" and en and not ko:
            self.missing[where] = None
            return Words(en, bt.fallback(en))
        return Words(en, ko)

    def show(self, words: Words) -> str:
        return words.show(self.lang)

    def lines(self, words: Words) -> list[str]:
        return words.lines(self.lang)

    def title(self, event: Event) -> Words:
        return self.words(event.title, event.title_ko, f"{event.id}: title_ko")

    def venue(self, venue_id: str | None) -> Words:
        """A venue's names; 'to be confirmed' when the event has none."""
        found = self.programme.venues_by_id.get(venue_id or "")
        if found:
            return self.words(found.name, found.name_ko, f"venue {found.id}: name_ko")
        return label("venue_tbc") if venue_id is None else same(venue_id)

    def person(self, person_id: str) -> Words:
        """A person's name; in Korean with the title after it, as Korean names a person ("김영훈 장관")."""
        found = self.programme.people_by_id.get(person_id)
        if found is None:
            return same(person_id)
        if self.lang != "ko" or (found.name_ko and (found.title_ko or not found.title)):
            return Words(found.name, found.korean)
        name = self.words(found.name, found.name_ko, f"person {found.id}: name_ko").ko
        title = self.words(found.title, found.title_ko, f"person {found.id}: title_ko").ko
        return Words(found.name, f"{name} {title}" if title and not name.endswith(title) else name)

    def agenda(self, event: Event) -> list[str]:
        """The agenda, item by item in the book's language (both: "English · 한국어")."""
        return [self.show(self.words(en, ko, f"{event.id}: agenda_ko")) for en, ko in event.agenda_pairs]

    def notes(self, event: Event) -> str:
        """The notes without the sentences gone stale, in the book's language (both: the English,
        then the Korean below it)."""
        en, ko = current_notes(event), current_notes(event, korean=True)
        if self.lang == "both":
            return "\n".join(text for text in (en, ko) if text)
        return self.show(self.words(en, ko, f"{event.id}: notes_ko"))

    def time(self, event: Event, day: dt.date | None) -> Words:
        """The event's time, or 'time to be confirmed'."""
        return label("tbc") if event.time_tbc else bt.times(event.start, event.end, self.tz, day)

    def home_time(self, event: Event, day: dt.date | None) -> list[str]:
        """The event's time in the guest's home zone: 'Geneva 05:00–06:00' (in both languages,
        the city's two names over the time)."""
        home_day = event.start.astimezone(self.home).date() if day is not None else None
        city, span = self.show(self.home_city), self.show(bt.times(event.start, event.end, self.home, home_day))
        return [city, span] if self.lang == "both" else [f"{city} {span}"]

    def event(self, event: Event, day: dt.date | None) -> dict[str, Any]:
        """One event's row on its day's page, with what the audience may see of it."""
        internal = not self.audience.public
        window = event.time_tbc and internal
        contacts = [c for c in (self.visit.contact(cid) for cid in event.contacts) if c] if shown(event, self.audience, "contacts") else []
        documents = []
        if shown(event, self.audience, "sources"):
            for _, text in event.sources:
                document, _ = self.visit.cited(text)
                if document and document not in documents:
                    documents.append(document)
        return {
            "kind": "event",
            "tbc": event.time_tbc,
            "time": self.lines(self.time(event, day)),
            "window": self.lines(label("window")) if window else [],
            "span": self.show(bt.times(event.start, event.end, self.tz, day)) if window else "",
            "home": self.home_time(event, day) if not event.time_tbc or window else [],
            "titles": self.lines(self.title(event)),
            "tentative": self.show(label("tentative")) if event.status == "tentative" else "",
            "venue": self.show(self.venue(event.venue)) if shown(event, self.audience, "venue") else "",
            "people": self.separator.join(self.show(self.person(p)) for p in event.participants) if shown(event, self.audience, "participants") else "",
            "agenda": self.agenda(event) if shown(event, self.audience, "agenda") else [],
            "notes": self.notes(event) if shown(event, self.audience, "notes") else "",
            "contacts": [self.contact(c) for c in contacts],
            "sources": self.separator.join(self.show(self.document(d)) for d in documents),
        }

    def document(self, document: Document) -> Words:
        """A source document's title and date."""
        title = self.words(document.title, document.title_ko, f"document {document.id}: title_ko")
        date = f", {document.date.isoformat()}" if document.date else ""
        return Words(document.label("en"), f"{title.ko or title.en}{date}")

    def contact(self, contact: Contact) -> dict[str, str]:
        """A contact's name and role, and the telephone number apart (it is never broken); in
        Korean the role before the name, as a Korean list of contacts has it ("과장 이강연")."""
        if self.lang == "ko":
            name = self.words(contact.name, contact.name_ko, f"contact {contact.id}: name_ko").ko
            role = self.words(contact.role, contact.role_ko, f"contact {contact.id}: role_ko").ko
            return {"text": f"{role} {name}" if role else name, "phone": contact.phone, "email": contact.email}
        parts = (Words(contact.name, contact.name_ko), Words(contact.role, contact.role_ko))
        return {"text": ", ".join(self.show(p) for p in parts if p.en), "phone": contact.phone, "email": contact.email}

    def movement(self, gap: Gap, day: dt.date | None) -> dict[str, Any] | None:
        """How a person gets from one event to the next at another venue: when to leave, the
        travel minutes, and the arrival against the visit's buffer."""
        if gap.leg is None or gap.overnight:  # a night between: no move from one venue to the other
            return None
        before, after = self.programme.events_by_id[gap.before], self.programme.events_by_id[gap.after]
        leave = before.end
        parts = [bt.join([self.venue(before.end_venue), self.venue(after.start_venue)], " → "), label("leave", at=bt.clock(leave, self.tz, day))]
        time = bt.clock(leave, self.tz, day)
        if gap.leg.minutes is None:
            parts.append(label("drive_unknown"))
        else:
            arrive = leave + dt.timedelta(minutes=gap.leg.minutes)
            early = int((after.start - arrive).total_seconds() // 60)
            parts.append(label("drive_estimate" if gap.leg.estimate else "drive", n=gap.leg.minutes))
            parts.append(label("arrive", at=bt.clock(arrive, self.tz, day)))
            if early < 0:
                parts.append(label("late", n=-early))
            elif early < gap.buffer:
                parts.append(label("short", n=early, s=gap.buffer - early, b=gap.buffer))
            else:
                parts.append(label("early", n=early, b=gap.buffer))
            time = bt.times(leave, arrive, self.tz, day)
        return {"kind": "move", "time": self.show(time), "lines": self.lines(bt.join(parts, ", "))}

    def days(self, events: Sequence[Event]) -> list[dict[str, Any]]:
        """The day pages: each day's events, and in a person's book the movements between them."""
        moves = {g.after: g for g in gaps(self.programme, self.audience.person)} if self.audience.kind == "person" and self.audience.person else {}
        out = []
        for group in by_day(events, self.tz):
            rows = []
            for event in group.events:
                move = self.movement(moves[event.id], group.date) if event.id in moves else None
                if move:
                    rows.append(move)
                rows.append(self.event(event, group.date))
            heading = bt.long_day(group.date) if group.date else label("day_tbc")
            out.append({"heading": self.show(heading), "rows": rows})
        return out

    def glance(self, events: Sequence[Event]) -> list[dict[str, Any]]:
        """The programme at a glance, for the cover: per day, each event's time and title."""
        out = []
        for group in by_day(events, self.tz):
            rows = [{
                "tbc": e.time_tbc,
                "time": self.lines(self.time(e, group.date)),
                "titles": self.lines(self.title(e)),
                "venue": self.show(self.venue(e.venue)) if e.venue and shown(e, self.audience, "venue") else "",
                "tentative": self.show(label("tentative")) if e.status == "tentative" else "",
            } for e in group.events]
            out.append({"heading": self.show(bt.long_day(group.date) if group.date else label("day_tbc")), "rows": rows})
        return out

    def change(self, difference: Difference, edition: Edition) -> dict[str, list[str]] | None:
        """One row of the change table, worded in the book's language from the two programmes."""
        old = edition.before.event(difference.event) if edition.before else None
        new = edition.after.event(difference.event) if edition.after else None
        event = new or old
        if event is None:
            return None
        if difference.kind == "re-venued" and not shown(event, self.audience, "venue"):
            return None
        if difference.kind == "re-staffed" and not shown(event, self.audience, "participants"):
            return None
        window = not self.audience.public
        values = {"old": same(difference.old), "new": same(difference.new)}
        if difference.kind in ("added", "moved", "removed", "cancelled"):
            values["old"] = bt.when(old, self.tz, window=window) if old and difference.kind != "added" else same("")
            values["new"] = bt.when(new, self.tz, window=window) if new and difference.kind in ("added", "moved") else same("")
            if difference.kind == "cancelled":
                values["new"] = label("cancelled")
        elif difference.kind == "re-venued" and old and new:
            values = {"old": self.venue(old.venue), "new": self.venue(new.venue)}
        elif difference.kind == "re-staffed" and old and new:
            values = {k: bt.join([self.person(p) for p in e.participants], ", ") for k, e in (("old", old), ("new", new))}
        elif difference.kind == "retitled" and old and new:
            values = {"old": self.title(old), "new": self.title(new)}
        elif difference.kind == "status" and old and new:
            values = {"old": bt.status(old.status), "new": bt.status(new.status)}
        return {
            "kind": self.lines(bt.change_kind(difference.kind)), "title": self.lines(self.title(event)),
            "old": self.lines(values["old"]), "new": self.lines(values["new"]),
        }


@dataclass(frozen=True)
class Book:
    """A book as written."""

    html: str
    """The page."""
    missing: tuple[str, ...] = ()
    """The records' texts a Korean book prints in English (marked) for want of a Korean
    version, each as 'record: field' ('minister-meeting: notes_ko')."""


def render(programme: Programme, audience: Audience, lang: str, edition: Edition, *, now: dt.datetime) -> str:
    """The book as one HTML page, for ``audience`` in ``lang`` (en, ko or both), as of ``now``."""
    return write(programme, audience, lang, edition, now=now).html


def write(programme: Programme, audience: Audience, lang: str, edition: Edition, *, now: dt.datetime) -> Book:
    """The book for ``audience`` in ``lang`` (en, ko or both), as of ``now``, and what a Korean
    book had to print in English."""
    import jinja2
    from markupsafe import Markup, escape

    if lang not in LANGS:
        hint = closest(lang, LANGS)
        if hint:
            raise UsageError(_("--lang must be one of {langs}, not {lang!r}; did you mean {hint!r}?", langs=", ".join(LANGS), lang=lang, hint=hint))
        raise UsageError(_("--lang must be one of {langs}, not {lang!r}", langs=", ".join(LANGS), lang=lang))
    writer = _Writer(programme, audience, lang)
    visit, show = programme.visit, writer.show
    korean_page = lang == "ko"
    events = [e for e in programme.events if visible(e, audience)]
    revision = edition.revision
    if revision is None:
        revision_label, revision_note = label("draft"), show(label("no_revision"))
    elif edition.current:
        revision_label = bt.revision(revision.number)
        published = show(label("published", date=bt.full_date(revision.when.astimezone(visit.tz).date())))
        revision_note = f"{published}: {revision.message}" if revision.message else published
    else:
        revision_label, revision_note = label("draft"), show(label("draft_after", rev=bt.revision(revision.number)))
    person = writer.person(audience.person) if audience.person else same("")
    audience_label = label(audience.kind, name=person) if audience.kind == "person" else label(audience.kind)
    handling = Words(visit.handling.line(audience.kind, "en", person.en), visit.handling.line(audience.kind, "ko", person.ko or person.en))
    changes = [row for row in (writer.change(d, edition) for d in edition.changes) if row]
    title = writer.words(visit.title, visit.title_ko, "visit: title_ko")
    office = writer.words(visit.office, visit.office_ko, "visit: office_ko")

    def finalize(value: Any) -> Any:
        """Every value printed: escaped, and its Korean runs marked (unless the page is Korean:
        there, an English text standing in for a missing Korean one is marked instead)."""
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        if not korean_page:
            return mark_korean(bt.unmarked(value))
        start, end = bt.FALLBACK
        return Markup(str(escape(value)).replace(start, '<span class="fallback" lang="en">').replace(end, "</span>"))

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=finalize)
    environment.filters["plain"] = lambda text: escape(bt.unmarked(text))
    environment.filters["css"] = lambda text: Markup(css_string(bt.unmarked(text)))
    template = environment.from_string(resources.files("itinerary.formats").joinpath("templates/book.html").read_text(encoding="utf-8"))
    html = template.render(
        page_lang="ko" if korean_page else "en", lang=lang, visit_id=visit.id, separator=writer.separator, fallback_mark=" " + show(label("fallback")),
        labels={key: show(label(key)) for key in SIMPLE_LABELS}, heads=[writer.lines(label(k)) for k in ("change", "event", "before", "after")],
        title=show(title), title_lines=[unbroken_hyphens(line) for line in writer.lines(title)], dates=show(bt.visit_days(visit.first_day, visit.last_day)),
        audience=show(audience_label), handling=writer.lines(handling),
        revision=show(revision_label), revision_note=revision_note,
        header=show(revision_label) + (" · " + show(label("not_final")) if edition.forced else ""),
        unresolved=show(label("unresolved", n=len(edition.forced))) if edition.forced else "",
        unresolved_list=[written(f, "ko" if korean_page else "en") for f in edition.forced] if audience.kind == "full" else [],
        as_of=show(bt.as_of(now, visit.tz)),
        glance=writer.glance(events), days=writer.days(events),
        changes_title=show(label("changes_since", rev=bt.revision(edition.since))) if edition.since else "", changes=changes,
        office=writer.lines(office),
        contacts=[writer.contact(c) for c in visit.contacts] if audience.kind != "public" else [],
    )
    return Book(html, tuple(writer.missing))
