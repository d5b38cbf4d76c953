"""One event in full, and the people and venues of a visit. Returns renderables."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from itinerary.model import Contact, Event, Programme, Visit
from itinerary.ui.marks import day_heading, status_words, time_range, zone_label

HANDLING_LINES = ("full", "full_ko", "public", "public_ko", "person", "person_ko")
"""The handling lines of a visit, in the order ``visit show`` lists them."""


def _field(table: Table, name: str, value: str | Text) -> None:
    if value:
        table.add_row(Text(name, style="bold"), value if isinstance(value, Text) else Text(value))


def event_detail(programme: Programme, event: Event, *, second_zone: str | None, second_label: str = "") -> RenderableType:
    """One event in full: times, people, venue, agenda, notes, contacts, attachments, sources."""
    tz = programme.visit.tz
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    _field(table, "Title", event.title)
    _field(table, "Korean title", event.title_ko)
    _field(table, "Id", event.id)
    _field(table, "Kind", event.kind)
    _field(table, "Status", status_words(event))
    own = ZoneInfo(event.zone)
    day = event.start.astimezone(own).date()
    when = f"{day_heading(day)}, {time_range(event, own, day)}" + ("" if event.all_day else f" ({event.zone})")
    if event.time_tbc:
        when = f"time to be confirmed; planning window {when}"
    _field(table, "When", when)
    if event.zone != programme.visit.zone and not event.all_day:
        local_day = event.start.astimezone(tz).date()
        _field(table, zone_label(programme.visit.zone), f"{local_day:%a} {local_day.day} {local_day:%b}, {time_range(event, tz, local_day)} ({programme.visit.zone})")
    if second_zone and not event.all_day and second_zone not in (event.zone,):
        other = ZoneInfo(second_zone)
        other_day = event.start.astimezone(other).date()
        _field(table, zone_label(second_zone, second_label), f"{other_day:%a} {other_day.day} {other_day:%b}, {time_range(event, other, other_day)} ({second_zone})")
    venue = programme.venues_by_id.get(event.venue or "")
    if venue:
        _field(table, "Venue", "\n".join(x for x in (venue.location, ", ".join(k for k in (venue.name_ko, venue.address_ko) if k)) if x))
    else:
        _field(table, "Venue", "to be confirmed")
    people = []
    for pid in event.participants:
        person = programme.people_by_id.get(pid)
        if person is None:
            people.append(pid)
            continue
        name = f"{person.name} ({person.korean})" if person.name_ko else person.name
        people.append(f"{name}, {person.title}" if person.title else name)
    _field(table, "Participants", "\n".join(people))
    _field(table, "Visibility", event.visibility + (f" (withheld: {', '.join(event.restricted_fields)})" if event.restricted_fields else ""))
    if event.overlap_ok:
        _field(table, "Overlap", "may run alongside other events")
    _field(table, "Planning", "\n".join(planning_lines(programme, event)))
    _field(table, "Agenda", "\n".join(f"{i}. {item}" + (f" ({ko})" if ko else "") for i, (item, ko) in enumerate(event.agenda_pairs, 1)))
    _field(table, "Notes", event.notes)
    _field(table, "Korean notes", event.notes_ko)
    contacts = [programme.visit.contact(c) for c in event.contacts]
    _field(table, "Contacts", "\n".join(contact_line(c) for c in contacts if c))
    _field(table, "Sources", "\n".join(f"{fact}: {programme.visit.cite(text)}" for fact, text in event.sources))
    _field(table, "Revision", str(event.revision) + (f", updated {event.updated:%Y-%m-%d %H:%M} UTC" if event.updated else ""))
    parts: list[RenderableType] = [table]
    for attachment in event.attachments:
        parts.append(Text(""))
        parts.append(Text(f"Attachment: {attachment.title}" + (f" ({attachment.title_ko})" if attachment.title_ko else ""), style="bold"))
        parts.append(Text(attachment.text))
    return Group(*parts)


def planning_lines(programme: Programme, event: Event) -> list[str]:
    """What the planner is told about the event, one line per field, each with its source's
    wording ('planning assumption …' when the source does not state it)."""
    said = dict(event.sources)

    def cited(name: str, text: str) -> str:
        return f"{text} ({programme.visit.cite(said[name])})" if name in said else text

    def titles(ids: tuple[str, ...]) -> str:
        found = (programme.event(i) for i in ids)
        return ", ".join(f"'{e.title}' ({e.id})" if e else i for i, e in zip(ids, found, strict=True))

    lines = []
    if event.duration is not None:
        lines.append(cited("duration", f"expected length {event.duration} min"))
    gap = f", at least {event.min_gap} min between" if event.min_gap else ""
    if event.after:
        lines.append(cited("after", f"after {titles(event.after)}{gap}"))
    if event.before:
        lines.append(cited("before", f"before {titles(event.before)}{gap}"))
    if event.min_gap is not None and not (event.after or event.before):
        lines.append(cited("min_gap", f"at least {event.min_gap} min from the events it is ordered against"))
    if event.same_day:
        lines.append(cited("same_day", f"on the same day as {titles(event.same_day)}"))
    if event.prefer:
        lines.append(cited("prefer", f"preferably in the {event.prefer}"))
    return lines


def contact_line(contact: Contact) -> str:
    """'Lee Kang-yeon (이강연), Director …, +82-…'."""
    name = f"{contact.name} ({contact.name_ko})" if contact.name_ko else contact.name
    return ", ".join(x for x in (name, contact.role, contact.phone, contact.email) if x)


def _kept(own: set[str] | None, item_id: str) -> list[Text]:
    """The 'Kept' cell of a visit of an office: where the record is defined."""
    if own is None:
        return []
    return [Text("visit", style="yellow") if item_id in own else Text("office", style="dim")]


def people_table(programme: Programme, *, own: set[str] | None = None) -> RenderableType:
    """Every person of the visit; in a visit of an office (``own``: the ids the visit defines
    itself), where each is kept."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("People", style="bold"), title_justify="left")
    table.add_column("Id", no_wrap=True, min_width=max([2, *(len(p.id) for p in programme.people)]))
    for name in ("Name", "Korean", "Title", "Organisation", "Home zone"):
        table.add_column(name, overflow="fold")
    if own is not None:
        table.add_column("Kept", no_wrap=True)
    for p in programme.people:
        table.add_row(*(Text(x) for x in (p.id, p.name, p.korean, p.title, p.organisation, p.zone)), *_kept(own, p.id))
    visit = programme.visit
    contacts = Table(box=box.SIMPLE_HEAD, title=Text(f"Contacts: {visit.office}", style="bold"), title_justify="left")
    contacts.add_column("Id", no_wrap=True, min_width=max([2, *(len(c.id) for c in visit.contacts)]))
    for name in ("Name", "Korean", "Role", "Phone"):
        contacts.add_column(name, overflow="fold")
    for c in visit.contacts:
        contacts.add_row(*(Text(x) for x in (c.id, c.name, c.name_ko, c.role, c.phone)))
    return Group(table, contacts)


def venues_table(programme: Programme, *, own: set[str] | None = None) -> RenderableType:
    """Every venue of the visit, and the travel legs between them; in a visit of an office
    (``own``: the ids the visit defines itself), where each venue is kept."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("Venues", style="bold"), title_justify="left")
    table.add_column("Id", no_wrap=True, min_width=max([2, *(len(v.id) for v in programme.venues)]))
    for name in ("Name", "Korean", "Address", "City", "Notes"):
        table.add_column(name, overflow="fold")
    if own is not None:
        table.add_column("Kept", no_wrap=True)
    for v in programme.venues:
        table.add_row(*(Text(x) for x in (v.id, v.name, v.name_ko, "\n".join(a for a in (v.address, v.address_ko) if a), v.city, v.notes)), *_kept(own, v.id))
    parts: list[RenderableType] = [table]
    if programme.travel:
        travel = Table(box=box.SIMPLE_HEAD, title=Text("Travel legs", style="bold"), title_justify="left")
        for name in ("From", "To", "Minutes", "Note"):
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
    rows = [
        ("Id", visit.id), ("Title", visit.title), ("Korean title", visit.title_ko),
        ("Days", f"{visit.first_day:%A %d %B %Y} – {visit.last_day:%A %d %B %Y}"), ("Local zone", visit.zone),
        ("Guest", visit.guest or "not set (itinerary visit edit --guest ID)"),
        ("Second zone", visit.guest_zone + (f" ({', '.join(x for x in (visit.guest_zone_label, visit.guest_zone_label_ko) if x)})"
                                            if visit.guest_zone_label or visit.guest_zone_label_ko else "")),
        ("Office", "\n".join(x for x in (visit.office, visit.office_ko, visit.office_email) if x)),
        ("Protocol buffer", f"{visit.buffer_minutes} min"), ("Reminders", "none" if visit.alarm_minutes is None else f"{visit.alarm_minutes} min before"),
        ("City speed", f"{visit.city_speed_kmh:g} km/h (travel estimates)"), ("Notes", visit.notes),
        ("Handling", "\n".join(f"{name.replace('_ko', ' (Korean)')}: {getattr(visit.handling, name)}" for name in HANDLING_LINES
                                if getattr(visit.handling, name))),
        ("Mail", "" if visit.mail.empty else "\n".join(x for x in (visit.mail.server, visit.mail.user and f"user {visit.mail.user}",
                  visit.mail.password_env and f"password in ${visit.mail.password_env}", visit.mail.sender and f"from {visit.mail.sender}") if x)),
    ]
    for name, value in rows:
        _field(table, name, value)
    return table
