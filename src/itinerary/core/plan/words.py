"""The planner's findings in words a person can act on: each constraint with its events, lengths,
windows and travel minutes, and each relaxation as the change to ask for, with the command that
makes it. Pure.

The words are written in one language (``lang``): English by default — what ``plan --json``
carries, whatever the interface speaks — or Korean (:meth:`Words.speaking`), where events are
named by their Korean titles and people by their Korean names and titles where the records have
them. The commands stay as the command line reads them, in either language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from itinerary.core.plan.explain import Relaxation
from itinerary.core.plan.problem import Constraint, Item, Problem, Task
from itinerary.i18n import translator
from itinerary.i18n.dates import korean
from itinerary.model import Event


class Words:
    """Writes the constraints and relaxations of one problem."""

    def __init__(self, p: Problem, *, people: Mapping[str, str], venues: Mapping[str, str], records: Mapping[str, Event] | None = None,
                 people_ko: Mapping[str, str] | None = None, venues_ko: Mapping[str, str] | None = None, lang: str = "en") -> None:
        """``records``: the events by id, for the commands that change the rules they record (and
        their Korean titles); ``people_ko`` and ``venues_ko``: how Korean names people and venues
        ("김영훈 장관"), where it differs; ``lang``: the language of the words."""
        self.p = p
        self.people = people
        self.venues = venues
        self.records = records or {}
        self.people_ko = people_ko or {}
        self.venues_ko = venues_ko or {}
        self.t = translator(lang)
        self.lang = self.t.lang

    def speaking(self, lang: str) -> Words:
        """The same words in ``lang`` ('en' or 'ko')."""
        if lang == self.lang:
            return self
        return Words(self.p, people=self.people, venues=self.venues, records=self.records, people_ko=self.people_ko,
                     venues_ko=self.venues_ko, lang=lang)

    def _(self, message: str, /, **values: Any) -> str:
        """``message`` in the words' language."""
        return self.t.gettext(message, **values)

    def _stamp(self, moment: dt.datetime) -> str:
        """'22 May 13:00' / '5월 22일 13:00'."""
        return korean(moment, year=False, day_of_week=False) if self.lang == "ko" else f"{moment:%d %b %H:%M}"

    def when(self, start: int, end: int | None = None) -> str:
        """'22 May 13:00', or '22 May 13:00–15:00' (dates on both sides across midnight)."""
        a = self.p.moment(start)
        if end is None:
            return self._stamp(a)
        b = self.p.moment(end)
        return f"{self._stamp(a)}–{b:%H:%M}" if b.date() == a.date() else f"{self._stamp(a)}–{self._stamp(b)}"

    def typed(self, minute: int) -> str:
        """A moment as a command takes it: '22 May 13:00' (in either language)."""
        return f"{self.p.moment(minute):%d %b %H:%M}"

    def until(self, start: int, end: int) -> str:
        """The end of a span as `--end` reads it: a time alone on the start's day, else with its date."""
        return self.clock(end) if self.p.moment(end).date() == self.p.moment(start).date() else self.typed(end)

    def clock(self, minute: int) -> str:
        return f"{self.p.moment(minute):%H:%M}"

    def title(self, event_id: str, english: str = "") -> str:
        """An event's title in the words' language (its id when the records do not know it)."""
        record = self.records.get(event_id)
        if record is None:
            return english or event_id
        return record.title_ko if self.lang == "ko" and record.title_ko else record.title

    def task(self, task: Task, *, window: bool = False) -> str:
        """"'Meeting with the President' (40 min, window 22 May 13:00–15:00)"."""
        title = self.title(task.id, task.title)
        if window and task.fixed_at is None:
            return self._("'{title}' ({n} min, window {window})", title=title, n=task.duration, window=self.when(*task.window))
        return self._("'{title}' ({n} min)", title=title, n=task.duration)

    def item(self, item: Item) -> str:
        if item.key.startswith("busy:"):
            return self._("{names}'s outside commitment ({when})", names=self.names(item.people), when=self.when(item.start, item.end))
        return self._("'{title}' ({when})", title=self.title(item.key, item.title), when=self.when(item.start, item.end))

    def names(self, people: tuple[str, ...]) -> str:
        labels = [(self.people_ko.get(x) if self.lang == "ko" else None) or self.people.get(x, x) for x in people]
        return labels[0] if len(labels) == 1 else self._("{first} and {last}", first=", ".join(labels[:-1]), last=labels[-1])

    def spacing(self, c: Constraint) -> str:
        """'35 min travel + 10 min buffer', or the buffer alone, or nothing (one venue)."""
        buffer = self._("{n} min buffer", n=self.p.buffer) if self.p.buffer else self._("no buffer")
        there, back = c.travel
        if there is None and back is None:
            return buffer if c.gap or c.back else ""
        if there == back or back is None:
            return self._("{travel} min travel + {buffer}", travel=there, buffer=buffer)
        return self._("{there} min travel one way and {back} min the other + {buffer}", there=there, back=back, buffer=buffer)

    def venue(self, venue_id: str | None) -> str:
        key = venue_id or ""
        return (self.venues_ko.get(key) if self.lang == "ko" else None) or self.venues.get(key, key)

    def constraint(self, c: Constraint) -> str:
        """The constraint as a sentence."""
        p, _ = self.p, self._
        if c.kind in ("window", "day", "fixed"):
            task = p.by_id[c.tasks[0]]
            if c.kind == "window":
                return _("{task} must lie in its planning window, {window}", task=self.task(task), window=self.when(*task.window))
            if c.kind == "fixed":
                return _("{task} is held at {when} (what-if)", task=self.task(task), when=self.when(task.fixed_at or 0))
            work = p.days[0].work
            return _("{task} must lie in a working day of the visit ({start}–{end})", task=self.task(task), start=self.clock(work[0]),
                     end=self.clock(work[1]))
        if c.kind == "clear":
            task = p.by_id[c.tasks[0]]
            assert c.item is not None
            if not c.people:
                return _("{task} and {item} are both at {venue}, which holds one event at a time", task=self.task(task), item=self.item(c.item),
                         venue=self.venue(task.venue))
            if c.item.key.startswith("busy:"):
                return _("{task} must keep clear of {item}, with a {n} min buffer", task=self.task(task, window=True), item=self.item(c.item),
                         n=self.p.buffer)
            values = {"task": self.task(task, window=True), "item": self.item(c.item), "names": self.names(c.people), "spacing": self.spacing(c)}
            n = len(c.people)
            if values["spacing"]:
                return self.t.ngettext("{task} must keep clear of {item}, which {names} also attends, with {spacing} between them",
                                       "{task} must keep clear of {item}, which {names} also attend, with {spacing} between them", n, **values)
            return self.t.ngettext("{task} must keep clear of {item}, which {names} also attends",
                                   "{task} must keep clear of {item}, which {names} also attend", n, **values)
        if c.kind == "apart":
            a, b = (self.task(p.by_id[t], window=True) for t in c.tasks)
            if not c.people:
                return _("{a} and {b} are both at {venue}, which holds one event at a time", a=a, b=b, venue=self.venue(p.by_id[c.tasks[0]].venue))
            spacing = self.spacing(c)
            if spacing:
                return _("{a} and {b} both need {names}, with {spacing} between them", a=a, b=b, names=self.names(c.people), spacing=spacing)
            return _("{a} and {b} both need {names}, one after the other", a=a, b=b, names=self.names(c.people))
        first, second = c.key.split(":")[1:3]
        one, two = self.named(first, c), self.named(second, c)
        if c.kind == "order":
            if c.gap:
                return _("{second} must follow {first}, at least {n} min after it ends (as {origin} records)", second=two, first=one, n=c.gap,
                         origin=c.origin)
            return _("{second} must follow {first} (as {origin} records)", second=two, first=one, origin=c.origin)
        return _("{first} and {second} must be on the same day (as {origin} records)", first=one, second=two, origin=c.origin)

    def named(self, key: str, c: Constraint) -> str:
        if key in self.p.by_id:
            return self.task(self.p.by_id[key], window=True)
        assert c.item is not None
        return self.item(c.item)

    def relaxation(self, r: Relaxation) -> str:
        """The relaxation as the change to ask for: what, to what, and the command that does it."""
        change, command = self.change(r)
        return f"{change}: {command}" if command else change

    def moved(self, earlier: int, later: int) -> str:
        """'10 min earlier', '5 min later', or both."""
        if earlier and later:
            return self._("{earlier} min earlier and {later} min later", earlier=earlier, later=later)
        return self._("{n} min earlier", n=earlier) if earlier else self._("{n} min later", n=later)

    def change(self, r: Relaxation) -> tuple[str, str]:
        """The relaxation as (the change in words, the command that makes it — or how to)."""
        p, _ = self.p, self._
        if r.kind == "shorten":
            task = p.by_id[r.task]
            return (_("shorten '{title}' from {old} to {new} min", title=self.title(task.id, task.title), old=task.duration, new=r.length),
                    f"itinerary edit {task.id} --duration {r.length}m")
        c = next(x for x in p.constraints if x.key == r.key)
        if r.kind == "widen":
            task = p.by_id[r.task]
            title, moved = self.title(task.id, task.title), self.moved(r.earlier, r.later)
            if c.kind == "window":
                lo, hi = task.window[0] - r.earlier, task.window[1] + r.later
                return (_("widen the planning window of '{title}' to {window} ({moved})", title=title, window=self.when(lo, hi), moved=moved),
                        f'itinerary edit {task.id} --tbc --start "{self.typed(lo)}" --end "{self.until(lo, hi)}"')
            work = p.days[0].work
            begin, finish = self.clock(work[0] - r.earlier), self.clock(work[1] + r.later)
            if r.earlier and r.later:
                said = _("let the working day run from {start} and until {end} ({moved}), so '{title}' fits", start=begin, end=finish,
                         moved=moved, title=title)
            elif r.earlier:
                said = _("let the working day run from {start} ({moved}), so '{title}' fits", start=begin, moved=moved, title=title)
            else:
                said = _("let the working day run until {end} ({moved}), so '{title}' fits", end=finish, moved=moved, title=title)
            flags = [f"--from {begin}" if r.earlier else "", f"--to {finish}" if r.later else ""]
            return said, "itinerary plan " + " ".join(x for x in flags if x)
        if r.kind == "gap":
            origin = c.key.split(":")[3]
            return (_("shorten the gap '{title}' records from {old} to {new} min", title=self.title(origin), old=c.gap, new=r.length),
                    f"itinerary edit {origin} --min-gap {r.length}m")
        if r.kind == "move":
            item = next(i for i in p.items if i.key == r.task)
            shift = r.later - r.earlier
            start, end = item.start + shift, item.end + shift
            how = _("{n} min later", n=r.later) if r.later else _("{n} min earlier", n=r.earlier)
            return (_("move '{title}' from {old} to {new} ({how})", title=self.title(item.key, item.title), old=self.when(item.start, item.end),
                      new=self.when(start, end), how=how),
                    f'itinerary edit {item.key} --start "{self.typed(start)}"')
        if c.kind == "fixed":
            task = p.by_id[c.tasks[0]]
            held = self.typed(task.fixed_at or 0)
            return (_("do not hold '{title}' at {held}", title=self.title(task.id, task.title), held=self.when(task.fixed_at or 0)),
                    _('leave out --what-if "{event}={held}"', event=task.id, held=held))
        if c.kind == "clear":
            assert c.item is not None
            if c.item.key.startswith("busy:"):
                person = c.item.people[0]
                return (_("free {item}", item=self.item(c.item)),
                        _("it comes from {names}'s busy calendar (`itinerary busy list`); a new one replaces it: itinerary busy add {person} FILE",
                          names=self.names((person,)), person=person))
            return (_("cancel '{title}' ({when}), which fits nowhere else", title=self.title(c.item.key, c.item.title),
                      when=self.when(c.item.start, c.item.end)),
                    f"itinerary cancel {c.item.key}")
        if c.kind in ("order", "same_day"):
            return _("drop the rule that {rule}", rule=self.rule(c)), self.unrule(c)
        return _("drop: {constraint}", constraint=self.constraint(c)), ""

    def rule(self, c: Constraint) -> str:
        """'Meeting B' follows 'Meeting A' (as B records)."""
        first, second, origin = c.key.split(":")[1:4]
        if c.kind == "order":
            return self._("'{second}' follows '{first}' (as {origin} records)", second=self.title(second), first=self.title(first), origin=origin)
        return self._("'{first}' and '{second}' are on the same day (as {origin} records)", first=self.title(first), second=self.title(second),
                      origin=origin)

    def unrule(self, c: Constraint) -> str:
        """The edit that takes the rule ``c`` out of the record that states it, keeping its others."""
        first, second, origin = c.key.split(":")[1:4]
        other = first if origin == second else second
        record = self.records.get(origin)
        if c.kind == "same_day":
            field, kept = "same-day", [e for e in (record.same_day if record else ()) if e != other]
        elif origin == second:
            field, kept = "after", [e for e in (record.after if record else ()) if e != other]
        else:
            field, kept = "before", [e for e in (record.before if record else ()) if e != other]
        return f'itinerary edit {origin} --{field} "{",".join(kept)}"'
