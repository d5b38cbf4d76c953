"""What a plan must respect and what it prefers, as plain numbers. Pure: no solver, no I/O, no clock.

:func:`problem` turns a programme, its outside commitments (exactly those the conflict guard
uses) and the officer's choices into a :class:`Problem`: the open events (*tasks*) to place, the
things already in time that they must keep clear of (*items*: timed events and busy time), and
every hard rule as a :class:`Constraint` with a stable key. Times are whole minutes from local
midnight of the visit's first day (instants, so a change of offset is counted right); starts
fall on a grid of :data:`STEP` minutes after local midnight.

Hard rules: each task lies in its planning window and in the working day of one day of the visit;
it keeps clear of every timed event and busy time of each of its people by the travel between
the venues plus the protocol buffer (the buffer alone where a venue is unknown or the same, or
for busy time); two tasks sharing a person are kept apart the same way; an exclusive venue holds
one event at a time; the order and same-day rules the records state hold; an event fixed by a
what-if starts where it is fixed. :func:`broken` checks a plan against all of them and
:func:`cost` prices it (see :mod:`itinerary.core.plan.cost`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from itinerary.core.agenda import suggest, window_text
from itinerary.core.plan.notes import RULE_NOT_APPLIED, Note, moment_text
from itinerary.core.travel import Travel
from itinerary.errors import ConflictError, NotFound, UsageError
from itinerary.i18n import N_, _, language
from itinerary.model import PARTS_OF_DAY, Busy, Event, Programme, elapsed, utc

STEP = 5
"""Minutes between two possible starts."""


@dataclass(frozen=True)
class Day:
    """One day of the visit, in minutes from the origin."""

    date: dt.date
    midnight: int
    """Local midnight at its start."""
    next_midnight: int
    """Local midnight at its end."""
    work: tuple[int, int]
    """The working day: earliest start, latest end."""
    parts: Mapping[str, tuple[int, int]]
    """Each part of the day (:data:`~itinerary.model.PARTS_OF_DAY`): start and end."""


@dataclass(frozen=True)
class Task:
    """An event to place."""

    id: str
    title: str
    duration: int
    """Minutes."""
    window: tuple[int, int]
    """Its planning window: earliest start, latest end (for a fixed event, its fixed time)."""
    people: tuple[str, ...]
    venue: str | None
    prefer: str = ""
    fixed_at: int | None = None
    """The start a what-if fixes it at."""
    exclusive: bool = False
    """True when its venue holds one event at a time."""
    overlap_ok: bool = False
    """True for an event that may run alongside others (it keeps clear of nobody)."""


@dataclass(frozen=True)
class Item:
    """Something already in time that tasks keep clear of: a timed event or a busy time."""

    key: str
    """The event's id, or 'busy:<person>:<n>'."""
    start: int
    end: int
    people: tuple[str, ...]
    venue: str | None = None
    title: str = ""
    """The event's title; empty for busy time (its title is private)."""
    exclusive: bool = False


@dataclass(frozen=True)
class Constraint:
    """One hard rule, with the key the explanation names it by.

    Kinds: ``window`` and ``day`` (task in its window, in a working day), ``fixed`` (at its
    what-if start), ``clear`` (task keeps clear of item: before it by ``gap`` or after it by
    ``back``), ``apart`` (two tasks: first before second by ``gap`` or second before first by
    ``back``), ``order`` (second starts at least ``gap`` after the first ends; one may be an
    item) and ``same_day``.
    """

    key: str
    kind: str
    tasks: tuple[str, ...]
    item: Item | None = None
    gap: int = 0
    back: int = 0
    people: tuple[str, ...] = ()
    travel: tuple[int | None, int | None] = (None, None)
    """Travel minutes in each direction, for the words (None: same or unknown venue)."""
    origin: str = ""
    """For order and same-day rules: the event that records the rule."""
    item_first: bool = False
    """For an order rule against an item: True when the item comes first."""


@dataclass(frozen=True)
class Problem:
    """Everything a plan must respect and prefer."""

    origin: dt.datetime
    """Minute 0: local midnight of the visit's first day."""
    tz: dt.tzinfo
    days: tuple[Day, ...]
    tasks: tuple[Task, ...]
    items: tuple[Item, ...]
    constraints: tuple[Constraint, ...]
    legs: Mapping[tuple[str, str], int | None]
    """Travel minutes between the venues of the problem (None: unknown)."""
    buffer: int
    notes: tuple[str, ...] = ()
    """What the officer should know about what was left out."""
    step: int = STEP
    by_id: Mapping[str, Task] = field(default_factory=dict, compare=False)

    def moment(self, minute: int) -> dt.datetime:
        """A minute of the problem as a local time."""
        return (self.origin + dt.timedelta(minutes=minute)).astimezone(self.tz)

    def day_of(self, minute: int) -> Day | None:
        """The day of the visit a minute falls on."""
        return next((d for d in self.days if d.midnight <= minute < d.next_midnight), None)

    def separation(self, a: str | None, b: str | None) -> int:
        """Minutes needed between an event at ``a`` and one at ``b``: travel plus the buffer."""
        return self.buffer + (self.legs.get((a, b)) or 0 if a and b and a != b else 0)


def _minute(origin: dt.datetime, moment: dt.datetime) -> int:
    return int((utc(moment) - origin).total_seconds() // 60)


def _days(programme: Programme, origin: dt.datetime, hours: tuple[dt.time, dt.time]) -> tuple[Day, ...]:
    visit, tz = programme.visit, programme.visit.tz
    days = []
    day = visit.first_day
    while day <= visit.last_day:
        def at(hour: int, date: dt.date = day) -> int:
            return _minute(origin, dt.datetime.combine(date + dt.timedelta(days=hour // (24 * 60)), dt.time((hour // 60) % 24, hour % 60), tz))
        work = (_minute(origin, dt.datetime.combine(day, hours[0], tz)), _minute(origin, dt.datetime.combine(day, hours[1], tz)))
        parts = {name: (at(lo), at(hi)) for name, (lo, hi) in PARTS_OF_DAY.items()}
        days.append(Day(day, at(0), at(24 * 60), work, parts))
        day += dt.timedelta(days=1)
    return tuple(days)


def problem(
    programme: Programme,
    busy: Sequence[Busy],
    *,
    ids: Sequence[str] = (),
    fixed: Mapping[str, dt.datetime] | None = None,
    hours: tuple[dt.time, dt.time] = (dt.time(8), dt.time(20)),
    force: bool = False,
) -> Problem:
    """The problem of placing the events ``ids`` (default: every event whose time is to be
    confirmed), with the events of ``fixed`` held at the given starts (a what-if). A what-if
    outside the event's planning window is refused (ConflictError) unless ``force``."""
    fixed = dict(fixed or {})
    visit = programme.visit
    origin = utc(dt.datetime.combine(visit.first_day, dt.time(), visit.tz))
    days = _days(programme, origin, hours)
    if hours[1] <= hours[0]:
        raise UsageError(_("the working day must end after it starts"))
    for event_id in (*ids, *fixed):
        if programme.event(event_id) is None:
            hint = suggest(event_id, programme.events_by_id)
            if hint:
                raise NotFound(_("no event {event!r}; did you mean {hint!r}?", event=event_id, hint=hint))
            raise NotFound(_("no event {event!r}", event=event_id))
    chosen = list(dict.fromkeys(ids)) or [e.id for e in programme.events if e.time_tbc and not e.cancelled]
    for event_id in chosen:
        event = programme.events_by_id[event_id]
        if event.cancelled:
            raise UsageError(_("{event} is cancelled: there is nothing to plan", event=event_id))
        if not event.time_tbc and event_id not in fixed:
            raise UsageError(_("{event} has a time already ({start}); only an event whose time is to be confirmed is planned "
                               "(`itinerary edit {event} --tbc` opens it again, or use --what-if to hold it elsewhere)",
                               event=event_id, start=moment_text(event.start)))
    missing = [e for e in dict.fromkeys([*chosen, *fixed]) if programme.events_by_id[e].time_tbc and programme.events_by_id[e].duration is None]
    outside = [(e, at) for e, at in fixed.items() if _outside(programme.events_by_id[e], at)]
    if outside and not force and not missing:
        event, when = programme.events_by_id[outside[0][0]], outside[0][1]
        title = event.title_ko if language() == "ko" and event.title_ko else event.title
        raise ConflictError(_("--what-if: '{title}' ({event}) at {when} would be outside its planning window, {window}; hold it inside "
                              "the window, or give --force to hold it there all the same", title=title, event=event.id, when=moment_text(when),
                              window=window_text(event)))
    if missing:
        raise UsageError(_("no expected length for {events}: the planner needs one (`itinerary edit {first} --duration 45m`, recorded as a "
                           "planning assumption)", events=", ".join(missing), first=missing[0]))
    venues = programme.venues_by_id
    tasks = []
    for event_id in [*chosen, *(f for f in fixed if f not in chosen)]:
        event = programme.events_by_id[event_id]
        if event.cancelled:
            raise UsageError(_("{event} is cancelled: it cannot be fixed", event=event_id))
        length = event.duration if event.time_tbc and event.duration else int(elapsed(event.start, event.end).total_seconds() // 60)
        window = (_minute(origin, event.start), _minute(origin, event.end))
        at = _minute(origin, fixed[event_id]) if event_id in fixed else None
        venue = venues.get(event.venue or "")
        tasks.append(Task(event.id, event.title, length, window, event.participants, event.venue, event.prefer, at,
                          bool(venue and venue.exclusive), event.overlap_ok))
    planned = {t.id for t in tasks}
    horizon = (days[0].midnight - 24 * 60, days[-1].next_midnight + 24 * 60)
    items = _items(programme, busy, planned, horizon, {p for t in tasks for p in t.people})
    notes = (*_left_out(programme, planned, chosen),
             *(Note(N_("{event} is held outside its planning window (--force)"), event=e) for e, _when in outside))
    travel = Travel(programme)
    places = {t.venue for t in tasks} | {i.venue for i in items}
    legs = {(a, b): travel.leg(a, b).minutes for a in places for b in places if a and b and a != b}
    draft = Problem(origin, visit.tz, days, tuple(tasks), items, (), legs, visit.buffer_minutes, notes)
    rules, rule_notes = _rules(programme, draft)
    constraints = (*placement_rules(draft), *clearance_rules(draft), *apart_rules(draft), *rules)
    return Problem(origin, visit.tz, days, tuple(tasks), items, constraints, legs, visit.buffer_minutes, (*notes, *rule_notes),
                   by_id={t.id: t for t in tasks})


def _outside(event: Event, start: dt.datetime) -> bool:
    """True when a TBC event held at ``start`` (for its expected length) leaves its planning window."""
    length = dt.timedelta(minutes=event.duration or 0)
    return event.time_tbc and not (utc(event.start) <= utc(start) and utc(start) + length <= utc(event.end))


def _items(programme: Programme, busy: Sequence[Busy], planned: set[str], horizon: tuple[int, int], people: set[str]) -> tuple[Item, ...]:
    origin = utc(dt.datetime.combine(programme.visit.first_day, dt.time(), programme.visit.tz))
    venues = programme.venues_by_id
    items = []
    for event in programme.events:
        if event.cancelled or event.time_tbc or event.overlap_ok or event.id in planned:
            continue
        start, end = _minute(origin, event.start), _minute(origin, event.end)
        venue = venues.get(event.venue or "")
        if end > horizon[0] and start < horizon[1] and (set(event.participants) & people or (venue and venue.exclusive)):
            items.append(Item(event.id, start, end, event.participants, event.venue, event.title, bool(venue and venue.exclusive)))
    counts: dict[str, int] = {}
    for entry in sorted(busy, key=lambda b: (b.person, utc(b.start), utc(b.end), b.uid)):
        start, end = _minute(origin, entry.start), _minute(origin, entry.end)
        if entry.person in people and end > horizon[0] and start < horizon[1]:
            counts[entry.person] = counts.get(entry.person, 0) + 1
            items.append(Item(f"busy:{entry.person}:{counts[entry.person]}", start, end, (entry.person,)))
    return tuple(items)


def _left_out(programme: Programme, planned: set[str], chosen: Sequence[str]) -> tuple[Note, ...]:
    others = [e.id for e in programme.events if e.time_tbc and not e.cancelled and e.id not in planned]
    if not others:
        return ()
    return (Note(N_("not planned here, and not in the way of anything (their time is to be confirmed): {events}"), events=", ".join(others)),)


def placement_rules(p: Problem) -> list[Constraint]:
    out = []
    for task in p.tasks:
        if task.fixed_at is not None:
            out.append(Constraint(f"fixed:{task.id}", "fixed", (task.id,)))
        else:
            out.append(Constraint(f"window:{task.id}", "window", (task.id,)))
        out.append(Constraint(f"day:{task.id}", "day", (task.id,)))
    return out


def reach(p: Problem, task: Task) -> tuple[int, int]:
    """The earliest start and latest end a task may have on any day of the visit."""
    if task.fixed_at is not None:
        return task.fixed_at, task.fixed_at + task.duration
    return max(task.window[0], p.days[0].midnight), min(task.window[1], p.days[-1].next_midnight)


def clearance_rules(p: Problem) -> list[Constraint]:
    out = []
    for task in p.tasks:
        lo, hi = reach(p, task)
        for item in p.items:
            shared = () if task.overlap_ok else tuple(x for x in task.people if x in item.people)
            same_place = task.exclusive and item.venue == task.venue
            if not shared and not same_place:
                continue
            gap = p.separation(task.venue, item.venue) if shared else 0
            back = p.separation(item.venue, task.venue) if shared else 0
            if item.end + back <= lo or item.start - gap >= hi:
                continue  # out of reach
            travel = (p.legs.get((task.venue, item.venue)) if shared and task.venue and item.venue else None,
                      p.legs.get((item.venue, task.venue)) if shared and task.venue and item.venue else None)
            out.append(Constraint(f"clear:{task.id}:{item.key}", "clear", (task.id,), item, gap, back, shared, travel))
    return out


def apart_rules(p: Problem) -> list[Constraint]:
    out = []
    tasks = p.tasks
    for n, a in enumerate(tasks):
        for b in tasks[n + 1:]:
            shared = () if a.overlap_ok or b.overlap_ok else tuple(x for x in a.people if x in b.people)
            same_place = a.exclusive and a.venue == b.venue
            if not shared and not same_place:
                continue
            gap = p.separation(a.venue, b.venue) if shared else 0
            back = p.separation(b.venue, a.venue) if shared else 0
            travel = (p.legs.get((a.venue, b.venue)), p.legs.get((b.venue, a.venue))) if shared and a.venue and b.venue else (None, None)
            out.append(Constraint(f"apart:{a.id}:{b.id}", "apart", (a.id, b.id), None, gap, back, shared, travel))
    return out


def _rules(programme: Programme, p: Problem) -> tuple[list[Constraint], list[Note]]:
    """The order and same-day rules that touch a task; rules about an event that is neither
    planned nor timed cannot be judged and are named in the notes."""
    tasks = {t.id for t in p.tasks}
    items = {i.key: i for i in p.items}
    origin = p.origin
    out: list[Constraint] = []
    notes: list[Note] = []
    for event in programme.events:
        for rule, others in (("after", event.after), ("before", event.before), ("same_day", event.same_day)):
            for other_id in others:
                if event.id not in tasks and other_id not in tasks:
                    continue
                other = programme.events_by_id[other_id]
                if event.cancelled or other.cancelled:
                    continue
                pair = (event, other)
                sides = [e for e in pair if e.id not in tasks]
                if any(e.time_tbc for e in sides):
                    notes.append(Note(RULE_NOT_APPLIED[rule], event=event.id, other=other_id, open=sides[0].id))
                    continue
                item = None
                if sides:
                    s = sides[0]
                    item = items.get(s.id) or Item(s.id, _minute(origin, s.start), _minute(origin, s.end), s.participants, s.venue, s.title)
                first, second = (other, event) if rule == "after" else (event, other)
                gap = 0 if rule == "same_day" else (event.min_gap or 0)
                kind = "same_day" if rule == "same_day" else "order"
                planned = tuple(e.id for e in (first, second) if e.id in tasks)
                key = f"{kind}:{first.id}:{second.id}:{event.id}"
                out.append(Constraint(key, kind, planned, item, gap, origin=event.id, item_first=item is not None and item.key == first.id))
    return out, notes


# --- checking a plan --------------------------------------------------------------------------


def end_of(p: Problem, starts: Mapping[str, int], task_id: str) -> int:
    return starts[task_id] + p.by_id[task_id].duration


def holds(p: Problem, c: Constraint, starts: Mapping[str, int]) -> bool:
    """True when the plan ``starts`` (task id → start minute) keeps the constraint ``c``."""
    task = p.by_id[c.tasks[0]] if c.tasks else None
    s = starts[task.id] if task else 0
    if c.kind == "window":
        assert task is not None
        return task.window[0] <= s and s + task.duration <= task.window[1]
    if c.kind == "fixed":
        return task is not None and s == task.fixed_at
    if c.kind == "day":
        assert task is not None
        day = p.day_of(s)
        return day is not None and day.work[0] <= s and s + task.duration <= day.work[1]
    if c.kind == "clear":
        assert task is not None and c.item is not None
        return s + task.duration + c.gap <= c.item.start or c.item.end + c.back <= s
    if c.kind == "apart":
        a, b = c.tasks
        return end_of(p, starts, a) + c.gap <= starts[b] or end_of(p, starts, b) + c.back <= starts[a]
    spans = {t: (starts[t], end_of(p, starts, t)) for t in c.tasks}
    if c.item is not None:
        spans[c.item.key] = (c.item.start, c.item.end)
    first, second = c.key.split(":")[1:3]
    if c.kind == "order":
        return spans[first][1] + c.gap <= spans[second][0]
    days = [p.day_of(spans[x][0]) for x in (first, second)]
    return days[0] is not None and days[0] == days[1]


def broken(p: Problem, starts: Mapping[str, int]) -> list[Constraint]:
    """The constraints a plan breaks (none for a plan that fits)."""
    return [c for c in p.constraints if not holds(p, c, starts)]
