"""The distribution list of revision notices (``notices/recipients.toml``): read it, and change it
through the one change path — validated, journaled, undoable like every record.

In a visit of an office the office keeps one list for all its visits (in the office's folder),
and a visit may keep recipients of its own (``local``), which win over the office's of the same
id; each visit keeps its own send log.

A recipient is given by hand (name, address, audience, language), or made from a person or a
contact of the visit who has an e-mail address (``from_person``, ``from_contact``): a person is
told their own programme, a contact (an officer of the office) the full one, unless said
otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from itinerary.changes import directory
from itinerary.changes.library import Applied, Library, Proposal
from itinerary.core.agenda import suggest
from itinerary.errors import InvalidData, NotFound, UsageError
from itinerary.formats import codec
from itinerary.formats.recipients import RECIPIENTS_FILE, dumps_recipients, loads_recipients
from itinerary.i18n import _
from itinerary.model import Audience, Programme, Recipient
from itinerary.model.recipient import check_recipients
from itinerary.storage.store import Snapshot, Store, Write


def _own(store: Store) -> tuple[Recipient, ...]:
    """The recipients the folder's own file lists (read under the lock, as it is now)."""
    data = store.backend.read(RECIPIENTS_FILE, limit=codec.MAX_RECORD_BYTES)
    return () if data is None else loads_recipients(data, store.backend.describe(RECIPIENTS_FILE))


def read_list(store: Store) -> tuple[Recipient, ...]:
    """The distribution list of the data folder (empty when it has none): in a visit of an
    office, the office's list with the visit's own recipients laid over it."""
    store.visit()  # a change a crash interrupted is rolled back first
    own = _own(store)
    if store.office is None:
        return own
    store.office.visit()
    mine = {r.id: r for r in own}
    merged = (*(mine.pop(r.id, r) for r in _own(store.office)), *mine.values())
    try:
        return check_recipients(merged)
    except InvalidData as err:
        raise InvalidData(_("{reason} (the office's list and the visit's own)", reason=err.reason),
                          source=store.backend.describe(RECIPIENTS_FILE)) from None


def _owner(library: Library, recipient_id: str) -> Library:
    """Where a recipient is kept: the visit's own list first (it wins), then the office's."""
    office = library.office_library()
    if office is None or any(r.id == recipient_id for r in _own(library.store)):
        return library
    return office if any(r.id == recipient_id for r in _own(office.store)) else library


def find(recipients: tuple[Recipient, ...], recipient_id: str) -> Recipient:
    """The recipient ``recipient_id``; NotFound naming the closest id otherwise."""
    for r in recipients:
        if r.id == recipient_id:
            return r
    hint = suggest(recipient_id, [r.id for r in recipients])
    if hint:
        raise NotFound(_("no recipient {id!r}; did you mean {hint!r}?", id=recipient_id, hint=hint))
    raise NotFound(_("no recipient {id!r} (see `itinerary recipient list`)", id=recipient_id))


def check_audience(audience: Audience, programme: Programme) -> None:
    """A person's audience names a person of the visit."""
    if audience.kind == "person" and audience.person not in programme.people_by_id:
        hint = suggest(audience.person or "", programme.people_by_id)
        if hint:
            raise NotFound(_("no person {id!r} for the audience; did you mean 'person:{hint}'?", id=audience.person, hint=hint))
        raise NotFound(_("no person {id!r} for the audience", id=audience.person))


def from_person(programme: Programme, person_id: str, *, audience: Audience | None = None, lang: str = "both",
                recipient_id: str | None = None) -> Recipient:
    """A recipient made from a person of the visit (told their own programme by default)."""
    person = directory.find(programme.people, person_id, "person")
    if not person.email:
        raise UsageError(_("the person {id} has no e-mail address: `itinerary person edit {id} --email ADDRESS` first", id=person_id))
    return Recipient(recipient_id or person.id, person.name, person.email, audience or Audience("person", person.id), lang, person.korean)


def from_contact(programme: Programme, contact_id: str, *, audience: Audience | None = None, lang: str = "both",
                 recipient_id: str | None = None) -> Recipient:
    """A recipient made from a contact of the visit (an officer: told the full programme by default)."""
    contact = directory.find(programme.visit.contacts, contact_id, "contact")
    if not contact.email:
        raise UsageError(_("the contact {id} has no e-mail address: `itinerary contact edit {id} --email ADDRESS` first", id=contact_id))
    name_ko = " ".join(x for x in (contact.role_ko, contact.name_ko) if x) if contact.name_ko else ""
    return Recipient(recipient_id or contact.id, contact.name, contact.email, audience or Audience(), lang, name_ko)


def _proposal(snapshot: Snapshot, recipients: tuple[Recipient, ...], changed: str) -> Proposal:
    try:
        check_recipients(recipients)
    except InvalidData as err:
        raise InvalidData(err.reason, field=err.field) from None
    data = dumps_recipients(recipients).encode("utf-8")
    return Proposal(snapshot.programme, (Write(RECIPIENTS_FILE, data, (changed,)),), guard=False)


def add(library: Library, recipient: Recipient, *, local: bool = False) -> Applied:
    """Put ``recipient`` on the list: the office's, in a visit of an office (unless ``local``)."""
    target = (None if local else library.office_library()) or library

    def propose(snapshot: Snapshot) -> Proposal:
        check_audience(recipient.audience, snapshot.programme)
        current = _own(target.store)
        if any(r.id == recipient.id for r in current):
            raise InvalidData(_("a recipient with id {id!r} is already on the list; choose another id", id=recipient.id), field="id")
        return _proposal(snapshot, (*current, recipient), recipient.id)

    return target.change(f"recipient add {recipient.id}", propose)


def edit(library: Library, recipient_id: str, fields: Mapping[str, object]) -> Applied:
    """Change a recipient's name, address, audience or language."""

    target = _owner(library, recipient_id)

    def propose(snapshot: Snapshot) -> Proposal:
        current = _own(target.store)
        old = find(current, recipient_id)
        changed = {k: v for k, v in fields.items() if getattr(old, k) != v}
        if not changed:
            return Proposal(snapshot.programme, (), guard=False, message=_("Nothing to change in {id}.", id=recipient_id))
        new = dataclasses.replace(old, **changed)  # type: ignore[arg-type]
        check_audience(new.audience, snapshot.programme)
        return _proposal(snapshot, tuple(new if r.id == recipient_id else r for r in current), f"{recipient_id}: {', '.join(sorted(changed))}")

    return target.change(f"recipient edit {recipient_id}", propose)


def remove(library: Library, recipient_id: str) -> Applied:
    """Take a recipient off the list (what was sent to them stays in the send log)."""

    target = _owner(library, recipient_id)

    def propose(snapshot: Snapshot) -> Proposal:
        current = _own(target.store)
        find(current, recipient_id)
        return _proposal(snapshot, tuple(r for r in current if r.id != recipient_id), recipient_id)

    return target.change(f"recipient remove {recipient_id}", propose)
