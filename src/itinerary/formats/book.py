"""The programme book: a printable, bilingual HTML page per audience, and its PDF.

The page is rendered with Jinja2 (autoescaping on: a title is always text, never markup) from
``templates/book.html``; dates and weekdays are formatted for the language with Babel. It is
self-contained (inline CSS, system fonts with Hangul coverage first). Printing it to PDF is
:mod:`itinerary.ui.pdf`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from itinerary.core.agenda import by_day
from itinerary.core.revisions import Difference, Revision
from itinerary.errors import NotFound, UsageError
from itinerary.model import Audience, Event, Programme, shown, visible

LANGS = ("en", "ko", "both")

LABELS = {
    "en": {
        "audience": "Audience", "change": "Change", "event": "Event", "before": "Before", "after": "Now",
        "no_changes": "No changes.", "contacts": "Contacts", "venue": "Venue", "participants": "Participants",
        "agenda": "Agenda", "notes": "Notes", "tbc": "time to be confirmed", "tentative": "tentative",
        "open_day": "Day to be confirmed", "venue_tbc": "to be confirmed", "changes_since": "Changes since Rev. {n}",
        "draft": "Draft", "after_rev": "not yet published; last revision: Rev. {n}",
        "full": "full programme", "public": "public programme", "person": "programme of {name}",
    },
    "ko": {
        "audience": "대상", "change": "변경", "event": "일정", "before": "이전", "after": "현재",
        "no_changes": "변경 사항 없음", "contacts": "연락처", "venue": "장소", "participants": "참석자",
        "agenda": "안건", "notes": "비고", "tbc": "시간 미정", "tentative": "잠정",
        "open_day": "날짜 미정", "venue_tbc": "미정", "changes_since": "Rev. {n} 이후 변경 사항",
        "draft": "초안", "after_rev": "미발행; 최근 판: Rev. {n}",
        "full": "전체 일정", "public": "공개 일정", "person": "{name} 일정",
    },
}


def parse_audience(text: str, programme: Programme) -> Audience:
    """'full', 'public' or 'person:ID'."""
    if text in ("full", "public"):
        return Audience(text)
    if text.startswith("person:"):
        person = text.split(":", 1)[1]
        if person not in programme.people_by_id:
            raise NotFound(f"no person {person!r}")
        return Audience("person", person)
    raise UsageError(f"--audience must be full, public or person:ID, not {text!r}")


def _both(lang: str, en: str, ko: str) -> str:
    if lang == "en" or not ko:
        return en
    if lang == "ko":
        return ko
    return f"{en} · {ko}" if en != ko else en


def _day_heading(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    en = format_date(day, "EEEE d MMMM y", locale="en")
    ko = format_date(day, "y년 M월 d일 (E)", locale="ko")
    return _both(lang, en, ko)


def _label(lang: str, key: str, **values: str) -> str:
    return _both(lang, LABELS["en"][key].format(**values), LABELS["ko"][key].format(**values))


def _clock(moment: dt.datetime, tz: ZoneInfo, day: dt.date | None) -> str:
    local = moment.astimezone(tz)
    return f"{local:%H:%M}" if local.date() == day else f"{local.day} {local:%b} {local:%H:%M}"


def _event(programme: Programme, event: Event, audience: Audience, lang: str, day: dt.date | None) -> dict[str, Any]:
    visit = programme.visit
    tz, home = visit.tz, ZoneInfo(visit.guest_zone)
    time = f"{_clock(event.start, tz, day)}–{_clock(event.end, tz, day)}"
    home_day = event.start.astimezone(home).date() if day is not None else None
    home_label = visit.guest_zone_label or visit.guest_zone.rsplit("/", 1)[-1]
    home_time = f"{home_label} {_clock(event.start, home, home_day)}–{_clock(event.end, home, home_day)}"
    titles = [event.title] if lang == "en" or not event.title_ko else ([event.title_ko] if lang == "ko" else [event.title, event.title_ko])
    badges = []
    if event.time_tbc:
        badges.append({"css": "tbc", "text": _label(lang, "tbc")})
    if event.status == "tentative":
        badges.append({"css": "tentative", "text": _label(lang, "tentative")})
    venue = ""
    if shown(event, audience, "venue"):
        found = programme.venues_by_id.get(event.venue or "")
        venue = _both(lang, found.name, found.name_ko) if found else _label(lang, "venue_tbc")
    people = ""
    if shown(event, audience, "participants"):
        names = []
        for pid in event.participants:
            person = programme.people_by_id.get(pid)
            names.append(_both(lang, person.name, person.name_ko) if person else pid)
        people = "; ".join(names)
    contacts = ""
    if event.contacts and shown(event, audience, "contacts"):
        found_contacts = [c for c in (visit.contact(cid) for cid in event.contacts) if c]
        contacts = "; ".join(", ".join(x for x in (_both(lang, c.name, c.name_ko), c.role, c.phone, c.email) if x) for c in found_contacts)
    return {
        "time": time, "home_time": home_time, "titles": titles, "badges": badges, "venue": venue, "people": people,
        "agenda": list(event.agenda) if shown(event, audience, "agenda") else [],
        "notes": event.notes if shown(event, audience, "notes") else "",
        "contacts": contacts,
    }


def render(
    programme: Programme,
    audience: Audience,
    lang: str,
    *,
    revision: Revision | None,
    current: bool,
    changes: Sequence[Difference],
    since: int | None,
) -> str:
    """The book as one HTML page.

    ``revision`` is the last published revision; ``current`` tells whether the records are still
    exactly that revision (otherwise the book is a draft after it). ``changes`` are the changes
    since revision ``since``, already narrowed to the audience (:func:`revisions.for_audience`).
    """
    import jinja2

    if lang not in LANGS:
        raise UsageError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    visit = programme.visit
    events = [e for e in programme.events if visible(e, audience)]
    days = []
    for group in by_day(events, visit.tz):
        heading = _day_heading(group.date, lang) if group.date else _label(lang, "open_day")
        days.append({"heading": heading, "events": [_event(programme, e, audience, lang, group.date) for e in group.events]})
    if revision is None:
        revision_label, revision_note = _label(lang, "draft"), ""
    elif current:
        revision_label, revision_note = f"Rev. {revision.number}", f"({revision.when:%Y-%m-%d}, {revision.message})" if revision.message else ""
    else:
        revision_label, revision_note = _label(lang, "draft"), _label(lang, "after_rev", n=str(revision.number))
    person = programme.people_by_id.get(audience.person or "")
    audience_label = _label(lang, audience.kind, name=_both(lang, person.name, person.name_ko) if person else "")
    contacts = []
    if audience.kind != "public":
        for c in visit.contacts:
            contacts.append(", ".join(x for x in (_both(lang, c.name, c.name_ko), c.role, c.phone, c.email) if x))
    first, last = visit.first_day, visit.last_day
    dates = f"{first.day}–{last.day} {last:%B %Y}" if (first.year, first.month) == (last.year, last.month) else f"{first:%d %B %Y} – {last:%d %B %Y}"
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(resources.files("itinerary.formats").joinpath("templates/book.html").read_text(encoding="utf-8"))
    return template.render(
        html_lang="ko" if lang == "ko" else "en", lang=lang, title=visit.title, title_ko=visit.title_ko,
        labels={k: _label(lang, k) if "{" not in LABELS["en"][k] else "" for k in LABELS["en"]},
        dates=dates, audience_label=audience_label, revision_label=revision_label, revision_note=revision_note,
        office=_both(lang, visit.office, visit.office_ko) if audience.kind != "public" else visit.office,
        changes_title=_label(lang, "changes_since", n=str(since)) if since else "",
        changes=[{"kind": c.kind, "title": _both(lang, c.title, c.title_ko), "old": c.old, "new": c.new} for c in changes],
        contacts=contacts, days=days,
    )
