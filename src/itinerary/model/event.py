"""An event of the programme: one frozen record, its invariants checked when it is made. Pure.

``start`` and ``end`` are aware datetimes in the event's IANA ``zone``. When ``time_tbc`` is
true they are the planning window the event must fall in, not its time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from itinerary.errors import InvalidData
from itinerary.i18n import N_, _
from itinerary.model.checks import MAX_TITLE, check_id, check_text, one_of
from itinerary.model.times import UTC, aware, elapsed, midnight, utc, wall_text, zone

SCHEMA_VERSION = 1
"""Version of the record format; written into every record file."""

KINDS = ("meeting", "ceremony", "site-visit", "transfer", "meal", "press", "other")
STATUSES = ("confirmed", "tentative", "cancelled")
VISIBILITIES = ("public", "restricted")
RESTRICTABLE_FIELDS = ("notes", "agenda", "attachments", "contacts", "participants", "venue")
"""Fields of a public event that can be held back one by one (``restricted_fields``)."""
ITSELF = {"after": N_("an event cannot be after itself"), "before": N_("an event cannot be before itself"),
          "same_day": N_("an event cannot be same day itself")}
"""What a planning list naming its own event says."""
PARTS_OF_DAY = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 18 * 60), "evening": (18 * 60, 24 * 60)}
"""The parts of the day an event may ``prefer``: local minutes after midnight, start and end."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A text that belongs to an event, such as the minister's remarks."""

    title: str
    """What the text is."""
    text: str
    """The text itself."""
    lang: str = ""
    """Language tag of the text (e.g. 'ko')."""
    title_ko: str = ""
    """What the text is, in Korean (e.g. '장관님 인사 말씀')."""

    def __post_init__(self) -> None:
        check_text(self.title, field_name="attachments.title", limit=MAX_TITLE)
        check_text(self.title_ko, field_name="attachments.title_ko", limit=MAX_TITLE)
        check_text(self.text, field_name="attachments.text", multiline=True)
        check_text(self.lang, field_name="attachments.lang", limit=16)
        if not self.title:
            raise InvalidData(_("an attachment needs a title"), field="attachments.title")


@dataclass(frozen=True, slots=True)
class Event:
    """One item of the programme.

    ``start`` and ``end`` are aware datetimes in the event's ``zone``. When ``time_tbc`` is
    true they are not the event's time but the planning window it must fall in: the event is
    known to happen in that window, its exact time is to be confirmed.
    """

    id: str
    """Slug; also the record's file name."""
    title: str
    """Title in English."""
    start: dt.datetime
    """Start (or start of the planning window when ``time_tbc``)."""
    end: dt.datetime
    """End, exclusive (or end of the planning window when ``time_tbc``)."""
    zone: str = "Asia/Seoul"
    """IANA zone of the wall times."""
    title_ko: str = ""
    """Title in Korean."""
    kind: str = "meeting"
    """One of :data:`KINDS`."""
    time_tbc: bool = False
    """True when the time is not confirmed and start/end are a planning window."""
    all_day: bool = False
    """True for an event of whole days: start and end are local midnights in ``zone``."""
    venue: str | None = None
    """Venue id, or None when the venue is not yet known."""
    from_venue: str | None = None
    """For a transfer: the venue its people leave from (None when not known)."""
    to_venue: str | None = None
    """For a transfer: the venue its people arrive at (None when not known)."""
    participants: tuple[str, ...] = ()
    """Person ids."""
    status: str = "confirmed"
    """One of :data:`STATUSES`."""
    visibility: str = "public"
    """One of :data:`VISIBILITIES`."""
    restricted_fields: tuple[str, ...] = ()
    """Fields withheld from public variants even though the event itself is public."""
    overlap_ok: bool = False
    """True for events that may run alongside others (a standby, a press holding)."""
    notes: str = ""
    """Free notes."""
    agenda: tuple[str, ...] = ()
    """Agenda items, in order."""
    attachments: tuple[Attachment, ...] = ()
    """Texts that belong to the event."""
    contacts: tuple[str, ...] = ()
    """Ids of the visit's contacts responsible for this event."""
    sources: tuple[tuple[str, str], ...] = ()
    """Where each fact comes from: (fact, source) pairs."""
    alarm_minutes: int | None = None
    """Reminder before the event in exports; None uses the visit's default."""
    uid: str = ""
    """UID of the event in the calendar it was imported from; empty for events made here,
    whose UID is derived from the visit and the event id."""
    revision: int = 1
    """Raised by one on every change of the record."""
    updated: dt.datetime | None = None
    """When the record last changed (UTC); exported as LAST-MODIFIED."""
    duration: int | None = None
    """Expected length in minutes of an event whose time is to be confirmed (what the planner
    places in its window); None when not known."""
    after: tuple[str, ...] = ()
    """Ids of the events this one follows: it starts after each of them ends."""
    before: tuple[str, ...] = ()
    """Ids of the events this one precedes: it ends before each of them starts."""
    same_day: tuple[str, ...] = ()
    """Ids of the events this one is held on the same (local) day as."""
    min_gap: int | None = None
    """Minutes at least between this event and the events of ``after`` and ``before``."""
    prefer: str = ""
    """The part of the day the event should rather be in (a key of :data:`PARTS_OF_DAY`), or ''."""
    notes_ko: str = ""
    """The notes in Korean (a Korean source quoted as it is, not translated back)."""
    agenda_ko: tuple[str, ...] = ()
    """The agenda in Korean: empty, or item by item the Korean of :attr:`agenda` ('' for an item
    without one)."""

    def __post_init__(self) -> None:
        check_id(self.id)
        check_text(self.title, field_name="title", limit=MAX_TITLE)
        if not self.title.strip():
            raise InvalidData(_("an event needs a title"), field="title")
        check_text(self.title_ko, field_name="title_ko", limit=MAX_TITLE)
        if self.title_ko and not self.title_ko.strip():
            raise InvalidData(_("the Korean title is only blanks: give it, or leave it empty"), field="title_ko")
        tz = zone(self.zone)
        object.__setattr__(self, "start", aware(self.start, tz, "start"))
        object.__setattr__(self, "end", aware(self.end, tz, "end"))
        if utc(self.end) < utc(self.start) or (utc(self.end) == utc(self.start) and (self.time_tbc or self.all_day)):
            raise InvalidData(
                _("end {end} is not after start {start}", end=wall_text(self.end), start=wall_text(self.start)),
                field="window_end" if self.time_tbc else "end",
            )
        if self.all_day:
            if self.time_tbc:
                raise InvalidData(_("an all-day event has no time to confirm"), field="time_tbc")
            for name, moment in (("start", self.start), ("end", self.end)):
                if moment != midnight(moment.date(), tz):  # the first moment of a day (01:00 where clocks skip midnight)
                    raise InvalidData(_("an all-day event starts and ends at midnight"), field=name)
        if elapsed(self.start, self.end) > dt.timedelta(days=31):
            raise InvalidData(_("an event cannot last more than 31 days"), field="end")
        one_of(self.kind, KINDS, "kind")
        one_of(self.status, STATUSES, "status")
        one_of(self.visibility, VISIBILITIES, "visibility")
        for name in self.restricted_fields:
            one_of(name, RESTRICTABLE_FIELDS, "restricted_fields")
        if self.venue is not None:
            check_id(self.venue, field_name="venue")
        for name in ("from_venue", "to_venue"):
            if getattr(self, name) is not None:
                check_id(getattr(self, name), field_name=name)
                if self.kind != "transfer":
                    raise InvalidData(_("only a transfer (kind transfer) goes from one venue to another"), field=name)
        if self.from_venue is not None and self.from_venue == self.to_venue:
            raise InvalidData(_("a transfer goes from one venue to another: from and to are the same"), field="to_venue")
        for person in self.participants:
            check_id(person, field_name="participants")
        if len(set(self.participants)) != len(self.participants):
            raise InvalidData(_("a participant is listed twice"), field="participants")
        for contact in self.contacts:
            check_id(contact, field_name="contacts")
        check_text(self.notes, field_name="notes", multiline=True)
        for item in self.agenda:
            check_text(item, field_name="agenda", limit=MAX_TITLE * 4)
        self._check_korean()
        if len({fact for fact, _text in self.sources}) != len(self.sources):  # one source per fact, the last given
            object.__setattr__(self, "sources", tuple(dict(self.sources).items()))
        for fact, text in self.sources:
            check_text(fact, field_name="source", limit=MAX_TITLE)
            check_text(text, field_name=f"source.{fact}", multiline=True, limit=MAX_TITLE * 4)
        if self.alarm_minutes is not None and not 0 <= self.alarm_minutes <= 7 * 24 * 60:
            raise InvalidData(_("must be between {low} and {high} minutes", low=0, high=10080), field="alarm_minutes")
        check_text(self.uid, field_name="uid", limit=MAX_TITLE)
        if self.revision < 1:
            raise InvalidData(_("must be 1 or more"), field="revision")
        if self.updated is not None:
            object.__setattr__(self, "updated", aware(self.updated, UTC, "updated"))
        self._check_planning()

    def _check_korean(self) -> None:
        """The Korean notes, and an agenda in Korean item by item beside the English one."""
        check_text(self.notes_ko, field_name="notes_ko", multiline=True)
        if not any(self.agenda_ko):  # no item in Korean: no Korean agenda
            object.__setattr__(self, "agenda_ko", ())
        for item in self.agenda_ko:
            check_text(item, field_name="agenda_ko", limit=MAX_TITLE * 4)
        if self.agenda_ko and len(self.agenda_ko) != len(self.agenda):
            raise InvalidData(
                _("{n} Korean agenda item(s) for {items} item(s): give the Korean of each item, in order ('' for none)",
                  n=len(self.agenda_ko), items=len(self.agenda)),
                field="agenda_ko",
            )

    @property
    def agenda_pairs(self) -> tuple[tuple[str, str], ...]:
        """The agenda as (English, Korean) pairs, the Korean '' where there is none."""
        korean = self.agenda_ko or ("",) * len(self.agenda)
        return tuple(zip(self.agenda, korean, strict=True))

    def _check_planning(self) -> None:
        """The planning fields: lengths in range, a length that fits the window, known parts of
        the day, and ordering lists of well-formed ids that name neither the event nor one id twice."""
        if self.duration is not None:
            if not 0 < self.duration <= 31 * 24 * 60:
                raise InvalidData(_("must be between {low} and {high} minutes", low=1, high=44640), field="duration")
            window = int(elapsed(self.start, self.end).total_seconds() // 60)
            if self.time_tbc and self.duration > window:
                raise InvalidData(_("the expected length ({minutes} min) is longer than the planning window ({window} min)",
                                    minutes=self.duration, window=window), field="duration")
        if self.min_gap is not None and not 0 <= self.min_gap <= 7 * 24 * 60:
            raise InvalidData(_("must be between {low} and {high} minutes", low=0, high=10080), field="min_gap")
        if self.prefer:
            one_of(self.prefer, tuple(PARTS_OF_DAY), "prefer")
        for name in PLANNING_LISTS:
            ids = getattr(self, name)
            for other in ids:
                check_id(other, field_name=name)
                if other == self.id:
                    raise InvalidData(_(ITSELF[name]), field=name)
            if len(set(ids)) != len(ids):
                raise InvalidData(_("an event is listed twice"), field=name)
        both = sorted(set(self.after) & set(self.before))
        if both:
            raise InvalidData(_("{event!r} is both after and before this event", event=both[0]), field="before")

    @property
    def marker(self) -> bool:
        """True for a zero-length event: a moment, not a span (an iCalendar DTSTART alone)."""
        return self.start == self.end

    @property
    def cancelled(self) -> bool:
        """True when the event will not take place."""
        return self.status == "cancelled"

    @property
    def confirmed(self) -> bool:
        """True when both the event and its time are confirmed."""
        return self.status == "confirmed" and not self.time_tbc

    @property
    def start_venue(self) -> str | None:
        """Where its people are when it starts: a transfer's starting point, else its venue."""
        return self.from_venue or self.venue

    @property
    def end_venue(self) -> str | None:
        """Where its people are when it ends: a transfer's destination, else its venue."""
        return self.to_venue or self.venue

    def involves(self, person_id: str) -> bool:
        """True when ``person_id`` takes part."""
        return person_id in self.participants


CONTENT_FIELDS = (
    "title", "title_ko", "kind", "status", "visibility", "time_tbc", "all_day", "zone", "start", "end", "venue", "participants",
    "notes", "agenda", "attachments", "contacts", "overlap_ok", "restricted_fields", "alarm_minutes", "sources", "from_venue", "to_venue",
    "notes_ko", "agenda_ko",
)
"""The fields that make an event's content; bookkeeping (id, uid, revision, updated) is not content."""

REFERENCES = {"participants": "person", "venue": "venue", "from_venue": "venue", "to_venue": "venue", "contacts": "contact"}
"""What each field that names a record of the directory names; the planning lists name events."""
PLANNING_LISTS = ("after", "before", "same_day")
"""The planning fields that name other events."""
PLANNING_FIELDS = ("duration", *PLANNING_LISTS, "min_gap", "prefer")
"""What the planner needs of an event. Not content: no calendar or book carries them, so setting
one changes no export."""


def content(event: Event) -> tuple[object, ...]:
    """The event's content, for comparisons (the sources of planning fields are not content)."""
    return tuple(fact_sources(event) if name == "sources" else getattr(event, name) for name in CONTENT_FIELDS)


def fact_sources(event: Event) -> tuple[tuple[str, str], ...]:
    """The event's sources without those of its planning fields: what calendars carry."""
    return tuple(pair for pair in event.sources if pair[0] not in PLANNING_FIELDS)


def changed_fields(before: Event, after: Event) -> tuple[str, ...]:
    """The content and planning fields that differ between two versions of an event."""
    return tuple(name for name in (*CONTENT_FIELDS, *PLANNING_FIELDS) if getattr(before, name) != getattr(after, name))


def event_order(event: Event) -> tuple[float, float, str]:
    """Sort key of events: start instant, then end instant (as POSIX seconds: exact to the
    microsecond for any date of a programme, and cheaper than converting to UTC), then id."""
    return (event.start.timestamp(), event.end.timestamp(), event.id)
