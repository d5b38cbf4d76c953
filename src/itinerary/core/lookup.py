"""What an officer means by a reference as typed — an id, a name, a Korean name, a role word, a
surname, a city — looked up among the programme's people, venues, contacts and events, or among
the IANA time zones. Pure: no I/O, no printing.

A lookup gives a :class:`Found`: one match (the reference names it), several (it could be any of
them: all are listed, none is guessed), or none (with the nearest spellings, if any). An id
always wins; then a whole name (English, Korean or short, spaces and hyphens aside: 'Kim
Younghoon', '김영훈', 'Minister Kim'); then words: every word typed is a word of the name, the
role, the city or the id ('kim', 'minister', '김' for a Korean surname, 'sejong').
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from itinerary.core import wording
from itinerary.i18n import N_, Translator, _, language, translator
from itinerary.model import Contact, Event, Person, Venue
from itinerary.model.times import CITIES

STOP_WORDS = frozenset({"of", "and", "the", "for", "a", "an", "to", "in", "at", "on", "with", "by", "de", "du", "la", "le", "des", "et"})
"""Words too common to name anyone by."""
REGIONS = frozenset({"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"})
"""The areas of the IANA names whose last part is a city (not the older Canada/, US/, Etc/ names)."""


@dataclass(frozen=True)
class Match:
    """One thing a reference may name."""

    id: str
    """Its id (for a zone, its IANA name)."""
    label: str
    """How a person recognises it: 'Kim Young-hoon, Minister of Employment and Labor'."""

    label_ko: str = ""
    """The same in Korean, where the records have it: '김영훈 장관'."""

    def __str__(self) -> str:
        return self.said(translator(language()))

    def said(self, tr: Translator) -> str:
        """"'kim-younghoon' (Kim Young-hoon, Minister of Employment and Labor)", with the Korean
        label in Korean."""
        label = self.label_ko if tr.lang == "ko" and self.label_ko else self.label
        return tr.gettext(MATCH, id=self.id, label=label) if label and label != self.id else repr(self.id)


MATCH = N_("{id!r} ({label})")
"""A match named with its label."""


@dataclass(frozen=True)
class Found:
    """What a reference names."""

    what: str
    """'person', 'venue', 'contact', 'event' or 'time zone'."""
    text: str
    """The reference as typed."""
    matches: tuple[Match, ...] = ()
    """What it names: one, or several when it could be any of them."""
    near: tuple[Match, ...] = ()
    """When it names nothing: the nearest spellings."""

    @property
    def id(self) -> str | None:
        """The id it names, when it names exactly one."""
        return self.matches[0].id if len(self.matches) == 1 else None

    @property
    def as_typed(self) -> bool:
        """True when the reference is the id itself (nothing to tell the officer)."""
        return self.id == self.text

    def problem(self) -> str | None:
        """A sentence saying why the reference names nothing or too much, in the interface's
        language; None when it names one."""
        if len(self.matches) == 1:
            return None
        tr = translator(language())
        if self.matches:
            listed = wording.listing([m.said(tr) for m in self.matches], tr)
            return _(ANY_OF[self.what], text=self.text, n=len(self.matches), listed=listed)
        if self.near:
            return _(NONE_NEAR[self.what], text=self.text, near=wording.either([m.said(tr) for m in self.near], tr))
        return _(NONE[self.what], text=self.text)


ANY_OF = {
    "person": N_("{text!r} could be any of {n} people: {listed}; give the id"),
    "venue": N_("{text!r} could be any of {n} venues: {listed}; give the id"),
    "contact": N_("{text!r} could be any of {n} contacts: {listed}; give the id"),
    "event": N_("{text!r} could be any of {n} events: {listed}; give the id"),
    "time zone": N_("{text!r} could be any of {n} time zones: {listed}; give the id"),
}
"""What a reference that could name several things says, by what it names."""
NONE = {
    "person": N_("no person {text!r}"), "venue": N_("no venue {text!r}"), "contact": N_("no contact {text!r}"),
    "event": N_("no event {text!r}"), "time zone": N_("unknown time zone {text!r}"),
}
"""What a reference that names nothing says."""
NONE_NEAR = {
    "person": N_("no person {text!r}; did you mean {near}?"), "venue": N_("no venue {text!r}; did you mean {near}?"),
    "contact": N_("no contact {text!r}; did you mean {near}?"), "event": N_("no event {text!r}; did you mean {near}?"),
    "time zone": N_("unknown time zone {text!r}; did you mean {near}?"),
}
"""The same, with the nearest names on record."""


def fold(text: str, *, marks: str = "-_.,'’()/·") -> str:
    """Text for comparing: compatible forms, no case, hyphens and the like as spaces, one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for mark in marks:
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    """The words of a text, hyphenated ones both whole and in parts ('Director-General':
    director-general, director, general)."""
    whole = fold(text, marks=",'’()/·")
    return {*whole.split(), *fold(whole).split()} - STOP_WORDS


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@dataclass(frozen=True)
class _Entry:
    match: Match
    names: tuple[str, ...]
    """Whole names, folded and without spaces."""
    words: frozenset[str]
    """Words it is known by, folded."""


def _entry(match: Match, names: Iterable[str], words: Iterable[str]) -> _Entry:
    whole = tuple(dict.fromkeys(fold(n).replace(" ", "") for n in names if fold(n)))
    found: set[str] = set()
    for text in words:
        folded = fold(text)
        found.update(_words(text))
        if _hangul(text):
            found.update(w[0] for w in folded.split() if len(w) > 1 and _hangul(w[0]))  # a Korean surname: 김영훈 → 김
    return _Entry(match, whole, frozenset(found))


def _look(what: str, text: str, entries: Sequence[_Entry]) -> Found:
    typed = text.strip()
    exact = [e.match for e in entries if e.match.id == typed] or [e.match for e in entries if e.match.id.casefold() == typed.casefold()]
    if exact:
        return Found(what, text, (exact[0],))
    squashed = fold(typed).replace(" ", "")
    if not squashed:
        return Found(what, text)
    named = [e.match for e in entries if squashed in e.names]
    if named:
        return Found(what, text, tuple(named))
    words = set(fold(typed, marks=",'’()/·").split()) - STOP_WORDS  # as typed: 'director-general' is one word, and 'seoul-center' is no 'seoul' and 'center'
    if words:
        worded = [e.match for e in entries if words <= e.words]
        if worded:
            return Found(what, text, tuple(worded))
    return Found(what, text, near=_near(squashed, entries))


def _near(squashed: str, entries: Sequence[_Entry], n: int = 3) -> tuple[Match, ...]:
    keys: dict[str, list[Match]] = {}
    for e in entries:
        for key in (fold(e.match.id).replace(" ", ""), *e.names, *e.words):
            if len(key) > 1:
                keys.setdefault(key, []).append(e.match)
    close = difflib.get_close_matches(squashed, list(keys), n=n * 2, cutoff=0.7)
    found = dict.fromkeys(m for key in close for m in keys[key])
    return tuple(found)[:n]


def person_label(person: Person) -> str:
    """'Kim Young-hoon, Minister of Employment and Labor'."""
    return f"{person.name}, {person.title}" if person.title else person.name


def _ko(name: str, extra: str = "") -> str:
    """A Korean label: the Korean name, with what tells it apart after a comma ('' without a
    Korean name: the English label is shown)."""
    return f"{name}, {extra}" if name and extra and extra not in name else name


def people(text: str, directory: Iterable[Person]) -> Found:
    """The person ``text`` names: id, name, Korean name, short name, a word of the name (a
    surname), of the role ('minister') or of the id."""
    entries = [_entry(Match(p.id, person_label(p), p.korean), (p.id, p.name, p.name_ko, p.short_name),
                      (p.id, p.name, p.name_ko, p.short_name, p.title)) for p in directory]
    return _look("person", text, entries)


def venues(text: str, places: Iterable[Venue]) -> Found:
    """The venue ``text`` names: id, name, Korean name, or words of them and of its city."""
    entries = [_entry(Match(v.id, f"{v.name}, {v.city}" if v.city and v.city not in v.name else v.name, v.name_ko),
                      (v.id, v.name, v.name_ko), (v.id, v.name, v.name_ko, v.city)) for v in places]
    return _look("venue", text, entries)


def contacts(text: str, office: Iterable[Contact]) -> Found:
    """The contact ``text`` names: id, name, Korean name, or words of them and of the role."""
    entries = [_entry(Match(c.id, f"{c.name}, {c.role}" if c.role else c.name, _ko(c.name_ko, c.role_ko)), (c.id, c.name, c.name_ko),
                      (c.id, c.name, c.name_ko, c.role, c.role_ko)) for c in office]
    return _look("contact", text, entries)


def events(text: str, programme: Iterable[Event]) -> Found:
    """The event ``text`` names: id, title, Korean title, or words of them."""
    entries = [_entry(Match(e.id, e.title, e.title_ko), (e.id, e.title, e.title_ko), (e.id, e.title, e.title_ko)) for e in programme]
    return _look("event", text, entries)


def zones(text: str, known: Iterable[str]) -> Found:
    """The IANA zone ``text`` names among ``known``: the name itself (any case), or a city
    ('Seoul' → Asia/Seoul, 'New York' → America/New_York, 'Geneva' → Europe/Zurich); otherwise
    the zones of the closest city names."""
    names = sorted(known)
    typed = text.strip()
    by_case = {z.casefold(): z for z in names}
    if typed.casefold() in by_case:
        zone = by_case[typed.casefold()]
        return Found("time zone", text, (Match(zone, zone),))
    cities: dict[str, set[str]] = {}
    for zone in names:
        if zone.split("/", 1)[0] in REGIONS and "/" in zone:
            cities.setdefault(fold(zone.rsplit("/", 1)[1]), set()).add(zone)
    for city, zone in CITIES.items():
        cities.setdefault(fold(city), set()).add(zone)
    city = fold(typed.rsplit("/", 1)[-1])
    if city in cities and "/" not in typed:
        zone = _canonical(cities[city])
        return Found("time zone", text, (Match(zone, ""),))
    near: dict[str, Match] = {}
    for close in [city] if city in cities else difflib.get_close_matches(city, list(cities), n=6, cutoff=0.6):
        zone = _canonical(cities[close])
        near.setdefault(zone, Match(zone, close.title()))
    return Found("time zone", text, near=tuple(near.values())[:3])


def _canonical(zones: set[str]) -> str:
    """Of the names the database gives one city, the one with the region spelt out
    (America/Argentina/Buenos_Aires, not the older America/Buenos_Aires)."""
    return max(sorted(zones), key=lambda z: z.count("/"))
