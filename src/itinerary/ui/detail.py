"""One event in full, and the people and venues of a visit. Returns renderables."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.i18n import _, ngettext, pgettext
from itinerary.i18n import dates as kdates
from itinerary.model import Attachment, Contact, Event, Programme, Visit
from itinerary.ui.marks import (
    cell,
    day_heading,
    event_title,
    guest_zone_label,
    korean,
    padded_long_day,
    status_words,
    time_range,
    timestamp,
    weekday_day,
    zone_label,
)

HANDLING_LINES = ("full", "full_ko", "public", "public_ko", "person", "person_ko")
"""The handling lines of a visit, in the order ``visit show`` lists them."""


def _field(table: Table, name: str, value: str | Text) -> None:
    if value:
        table.add_row(Text(name, style="bold"), value if isinstance(value, Text) else cell(value))


def event_detail(programme: Programme, event: Event, *, second_zone: str | None, second_label: str = "",
                 attachments: bool = False) -> RenderableType:
    """One event in full: times, people, venue, agenda, notes, contacts, sources; its
    attachments named (title, language, length), their text only with ``attachments``. In
    Korean, the Korean of each text first (title, people, venue, agenda, notes, contacts)."""
    tz = programme.visit.tz
    ko = korean()
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    if ko and event.title_ko:
        _field(table, pgettext("event", "Title"), event.title_ko)
        _field(table, _("English title"), event.title)
    else:
        _field(table, pgettext("event", "Title"), event.title)
        _field(table, _("Korean title"), event.title_ko)
    _field(table, _("Id"), event.id)
    _field(table, pgettext("event", "Kind"), kind_name(event.kind))
    _field(table, _("Status"), status_words(event))
    own = ZoneInfo(event.zone)
    day = event.start.astimezone(own).date()
    when = _zoned(day_heading(day), time_range(event, own, day), "" if event.all_day else event.zone)
    if event.time_tbc:
        when = _("time to be confirmed; planning window {when}", when=when)
    _field(table, _("When"), when)
    if event.zone != programme.visit.zone and not event.all_day:
        local_day = event.start.astimezone(tz).date()
        _field(table, zone_label(programme.visit.zone), _zoned(weekday_day(local_day), time_range(event, tz, local_day), programme.visit.zone))
    if second_zone and not event.all_day and second_zone not in (event.zone,):
        other = ZoneInfo(second_zone)
        other_day = event.start.astimezone(other).date()
        _field(table, guest_zone_label(programme.visit, second_zone, second_label),
               _zoned(weekday_day(other_day), time_range(event, other, other_day), second_zone))
    venue = programme.venues_by_id.get(event.venue or "")
    if venue:
        lines = (venue.location, ", ".join(k for k in (venue.name_ko, venue.address_ko) if k))
        _field(table, _("Venue"), "\n".join(x for x in (lines[::-1] if ko else lines) if x))
    elif event.kind != "transfer":
        _field(table, _("Venue"), _("to be confirmed"))
    if event.kind == "transfer":
        for name, place in ((_("From"), event.from_venue), (_("To"), event.to_venue)):
            found = programme.venues_by_id.get(place or "")
            names = (found.location, found.name_ko) if found else ()
            _field(table, name, "\n".join(x for x in (names[::-1] if ko else names) if x) if found else place or _("to be confirmed"))
    _field(table, _("Participants"), "\n".join(participant_line(programme, pid) for pid in event.participants))
    visibility = visibility_name(event.visibility)
    if event.restricted_fields:
        visibility = _("{visibility} (withheld: {fields})", visibility=visibility, fields=", ".join(event.restricted_fields))
    _field(table, _("Visibility"), visibility)
    if event.overlap_ok:
        _field(table, _("Overlap"), _("may run alongside other events"))
    _field(table, _("Planning"), "\n".join(planning_lines(programme, event)))
    _field(table, _("Agenda"), "\n".join(f"{i}. {first}" + (f" ({second})" if second else "")
                                         for i, (first, second) in enumerate(_pairs(event.agenda_pairs, ko), 1)))
    if ko and event.notes_ko:
        _field(table, _("Notes"), event.notes_ko)
        _field(table, _("English notes"), event.notes)
    else:
        _field(table, _("Notes"), event.notes)
        _field(table, _("Korean notes"), event.notes_ko)
    contacts = [programme.visit.contact(c) for c in event.contacts]
    _field(table, _("Contacts"), "\n".join(contact_line(c) for c in contacts if c))
    _field(table, _("Attachments"), "\n".join(attachment_line(a) for a in event.attachments)
           + ("" if attachments or not event.attachments else "\n" + _("(the text: itinerary show {id} --attachments)", id=event.id)))
    lang = "ko" if ko else "en"
    _field(table, _("Sources"), "\n".join(f"{fact}: {programme.visit.cite(text, lang)}" for fact, text in event.sources))
    revision = pgettext("revision number", "{n}", n=event.revision)
    if event.updated:
        revision = _("{n}, updated {when} UTC", n=revision, when=timestamp(event.updated))
    _field(table, _("Revision"), revision)
    parts: list[RenderableType] = [table]
    for attachment in event.attachments if attachments else ():
        parts.append(Text(""))
        parts.append(Text(_("Attachment: {title}", title=titled(attachment)), style="bold"))
        parts.append(Text(attachment.text))
    return Group(*parts)


def _zoned(day: str, time: str, zone: str) -> str:
    """'Thursday 21 May 2026, 12:00–18:00 (Asia/Seoul)': a day, a time and the zone it is in (none
    for whole days)."""
    if not zone:
        return _("{day}, {time}", day=day, time=time)
    return _("{day}, {time} ({zone})", day=day, time=time, zone=zone)


def _pairs(pairs: tuple[tuple[str, str], ...], ko: bool) -> list[tuple[str, str]]:
    """(English, Korean) pairs in the order the interface reads them: the Korean first in Korean."""
    return [(b, a) if ko and b else (a, b) for a, b in pairs]


def kind_name(kind: str) -> str:
    """An event's kind: the kind itself in English; in Korean its name, the kind beside it (what
    ``--kind`` takes): '면담 (meeting)'."""
    if not korean():
        return kind
    names = {"meeting": pgettext("kind", "meeting"), "ceremony": pgettext("kind", "ceremony"),
             "site-visit": pgettext("kind", "site-visit"), "transfer": pgettext("kind", "transfer"), "meal": pgettext("kind", "meal"),
             "press": pgettext("kind", "press"), "other": pgettext("kind", "other")}
    return f"{names[kind]} ({kind})" if kind in names else kind


def visibility_name(visibility: str) -> str:
    """'public' or 'restricted'; in Korean its name, the word beside it (what ``--visibility`` takes)."""
    if not korean():
        return visibility
    names = {"public": pgettext("visibility", "public"), "restricted": pgettext("visibility", "restricted")}
    return f"{names[visibility]} ({visibility})" if visibility in names else visibility


def participant_line(programme: Programme, person_id: str) -> str:
    """'Gilbert F. Houngbo (질베르 응보 사무총장), Director-General'; in Korean '질베르 응보
    사무총장 (Gilbert F. Houngbo, Director-General)'."""
    person = programme.people_by_id.get(person_id)
    if person is None:
        return person_id
    if korean() and person.korean:
        return f"{person.korean} ({', '.join(x for x in (person.name, person.title) if x)})"
    name = f"{person.name} ({person.korean})" if person.name_ko else person.name
    return f"{name}, {person.title}" if person.title else name


def attachment_line(attachment: Attachment) -> str:
    """"Minister's welcome remarks (장관님 인사 말씀) — Korean, 64 lines, 1,272 characters"."""
    language = {"ko": _("Korean"), "en": _("English")}.get(attachment.lang, attachment.lang)
    text = attachment.text.strip("\n")
    lines, characters = len(text.splitlines()), len(text)
    written = format(characters, ",")
    size = ", ".join(x for x in (language, ngettext("{n} line", "{n} lines", lines, n=lines),
                                 ngettext("{n} character", "{n} characters", characters, n=written)) if x)
    return f"{titled(attachment)} — {size}"


def titled(attachment: Attachment) -> str:
    """An attachment's title, its Korean beside it: "Minister's welcome remarks (장관님 인사 말씀)";
    in Korean the other way round."""
    first, second = attachment.title, attachment.title_ko
    if korean() and second:
        first, second = second, first
    return first + (f" ({second})" if second else "")


def planning_lines(programme: Programme, event: Event) -> list[str]:
    """What the planner is told about the event, one line per field, each with its source's
    wording ('planning assumption …' when the source does not state it)."""
    said = dict(event.sources)
    lang = "ko" if korean() else "en"

    def cited(name: str, text: str) -> str:
        return f"{text} ({programme.visit.cite(said[name], lang)})" if name in said else text

    def titles(ids: tuple[str, ...]) -> str:
        found = (programme.event(i) for i in ids)
        return ", ".join(f"'{event_title(e)}' ({e.id})" if e else i for i, e in zip(ids, found, strict=True))

    lines = []
    if event.duration is not None:
        lines.append(cited("duration", _("expected length {n} min", n=event.duration)))
    gap = event.min_gap
    if event.after:
        text = _("after {events}, at least {n} min between", events=titles(event.after), n=gap) if gap else _("after {events}", events=titles(event.after))
        lines.append(cited("after", text))
    if event.before:
        text = _("before {events}, at least {n} min between", events=titles(event.before), n=gap) if gap else _("before {events}", events=titles(event.before))
        lines.append(cited("before", text))
    if event.min_gap is not None and not (event.after or event.before):
        lines.append(cited("min_gap", _("at least {n} min from the events it is ordered against", n=event.min_gap)))
    if event.same_day:
        lines.append(cited("same_day", _("on the same day as {events}", events=titles(event.same_day))))
    if event.prefer:
        lines.append(cited("prefer", _("preferably in the {part}", part=part_of_day(event.prefer))))
    return lines


def part_of_day(part: str) -> str:
    """'morning', 'afternoon', 'evening' in the interface's language."""
    names = {"morning": pgettext("part of day", "morning"), "afternoon": pgettext("part of day", "afternoon"),
             "evening": pgettext("part of day", "evening")}
    return names.get(part, part)


def contact_line(contact: Contact) -> str:
    """'Lee Kang-yeon (이강연), Director …, +82-…'; in Korean '이강연 (Lee Kang-yeon), 국제협력담당관실 과장, +82-…'."""
    if korean() and contact.name_ko:
        return ", ".join(x for x in (f"{contact.name_ko} ({contact.name})", contact.role_ko or contact.role, contact.phone, contact.email) if x)
    name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
    return ", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x)


def _kept(own: set[str] | None, item_id: str) -> list[Text]:
    """The 'Kept' cell of a visit of an office: where the record is defined."""
    if own is None:
        return []
    return [Text(pgettext("kept in", "visit"), style="yellow") if item_id in own else Text(pgettext("kept in", "office"), style="dim")]


def people_table(programme: Programme, *, own: set[str] | None = None) -> RenderableType:
    """Every person of the visit; in a visit of an office (``own``: the ids the visit defines
    itself), where each is kept."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(_("People"), style="bold"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True, min_width=max([2, *(len(p.id) for p in programme.people)]))
    for name in (_("Name"), pgettext("person", "Korean"), pgettext("person", "Title"), _("Organisation"), _("Home zone")):
        table.add_column(name, overflow="fold")
    if own is not None:
        table.add_column(_("Kept"), no_wrap=True)
    for p in programme.people:
        table.add_row(*(Text(x) for x in (p.id, p.name, p.korean, p.title, p.organisation, p.zone)), *_kept(own, p.id))
    visit = programme.visit
    office = visit.office_ko if korean() and visit.office_ko else visit.office
    contacts = Table(box=box.SIMPLE_HEAD, title=Text(_("Contacts: {office}", office=office), style="bold"), title_justify="left")
    contacts.add_column(_("Id"), no_wrap=True, min_width=max([2, *(len(c.id) for c in visit.contacts)]))
    for name in (_("Name"), pgettext("person", "Korean"), _("Role"), _("Phone")):
        contacts.add_column(name, overflow="fold")
    for c in visit.contacts:
        role = (c.role_ko or c.role) if korean() else c.role
        contacts.add_row(*(Text(x) for x in (c.id, c.name, c.name_ko, role, c.phone)))
    return Group(table, contacts)


def venues_table(programme: Programme, *, own: set[str] | None = None) -> RenderableType:
    """Every venue of the visit, and the travel legs between them; in a visit of an office
    (``own``: the ids the visit defines itself), where each venue is kept."""
    table = Table(box=box.SIMPLE_HEAD, title=Text(_("Venues"), style="bold"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True, min_width=max([2, *(len(v.id) for v in programme.venues)]))
    for name in (_("Name"), pgettext("venue", "Korean"), _("Address"), _("City"), _("Notes")):
        table.add_column(name, overflow="fold")
    if own is not None:
        table.add_column(_("Kept"), no_wrap=True)
    for v in programme.venues:
        table.add_row(*(Text(x) for x in (v.id, v.name, v.name_ko, "\n".join(a for a in (v.address, v.address_ko) if a), v.city, v.notes)), *_kept(own, v.id))
    parts: list[RenderableType] = [table]
    if programme.travel:
        travel = Table(box=box.SIMPLE_HEAD, title=Text(_("Travel legs"), style="bold"), title_justify="left")
        for name in (_("From"), _("To"), _("Minutes"), _("Note")):
            travel.add_column(name)
        for leg in programme.travel:
            travel.add_row(Text(leg.origin), Text(leg.destination), Text(str(leg.minutes)), Text(leg.note))
        parts.append(travel)
    return Group(*parts)




def visit_table(visit: Visit) -> RenderableType:
    """The visit's settings."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    days = (_("{first} – {last}", first=padded_long_day(visit.first_day), last=padded_long_day(visit.last_day)) if not korean()
            else kdates.korean_days(visit.first_day, visit.last_day))
    rows = [
        (_("Id"), visit.id), (pgettext("visit", "Title"), visit.title), (_("Korean title"), visit.title_ko),
        (_("Days"), days), (_("Local zone"), visit.zone),
        (_("Guest"), visit.guest or _("not set (itinerary visit edit --guest ID)")),
        (_("Second zone"), visit.guest_zone + (f" ({', '.join(x for x in (visit.guest_zone_label, visit.guest_zone_label_ko) if x)})"
                                               if visit.guest_zone_label or visit.guest_zone_label_ko else "")),
        (_("Office"), "\n".join(x for x in (visit.office, visit.office_ko, visit.office_email) if x)),
        (_("Protocol buffer"), _("{n} min", n=visit.buffer_minutes)),
        (_("Reminders"), _("none") if visit.alarm_minutes is None else _("{n} min before", n=visit.alarm_minutes)),
        (_("City speed"), _("{speed} km/h (travel estimates)", speed=format(visit.city_speed_kmh, "g"))), (_("Notes"), visit.notes),
        (_("Handling"), "\n".join(f"{_handling_name(name)}: {getattr(visit.handling, name)}" for name in HANDLING_LINES
                                   if getattr(visit.handling, name))),
        (_("Mail"), "" if visit.mail.empty else "\n".join(x for x in (
            visit.mail.server, visit.mail.user and _("user {user}", user=visit.mail.user),
            visit.mail.password_env and _("password in ${variable}", variable=visit.mail.password_env),
            visit.mail.sender and _("from {sender}", sender=visit.mail.sender)) if x)),
    ]
    for name, value in rows:
        _field(table, name, value)
    return table


def _handling_name(name: str) -> str:
    """'full', or 'full (Korean)' for the Korean line of an audience (the names are the fields of
    ``[handling]``)."""
    return _("{name} (Korean)", name=name.removesuffix("_ko")) if name.endswith("_ko") else name
