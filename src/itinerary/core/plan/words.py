"""The planner's findings in words a person can act on: each constraint with its events, lengths,
windows and travel minutes, and each relaxation as the change to ask for. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from itinerary.core.plan.explain import Relaxation
from itinerary.core.plan.problem import Constraint, Item, Problem, Task
from itinerary.model import Event


class Words:
    """Writes the constraints and relaxations of one problem."""

    def __init__(self, p: Problem, *, people: Mapping[str, str], venues: Mapping[str, str], records: Mapping[str, Event] | None = None) -> None:
        """``records``: the events by id, for the commands that change the rules they record."""
        self.p = p
        self.people = people
        self.venues = venues
        self.records = records or {}

    def when(self, start: int, end: int | None = None) -> str:
        """'22 May 13:00', or '22 May 13:00–15:00' (dates on both sides across midnight)."""
        a = self.p.moment(start)
        if end is None:
            return f"{a:%d %b %H:%M}"
        b = self.p.moment(end)
        return f"{a:%d %b %H:%M}–{b:%H:%M}" if b.date() == a.date() else f"{a:%d %b %H:%M}–{b:%d %b %H:%M}"

    def until(self, start: int, end: int) -> str:
        """The end of a span as `--end` reads it: a time alone on the start's day, else with its date."""
        return self.clock(end) if self.p.moment(end).date() == self.p.moment(start).date() else self.when(end)

    def clock(self, minute: int) -> str:
        return f"{self.p.moment(minute):%H:%M}"

    def task(self, task: Task, *, window: bool = False) -> str:
        """"'Meeting with the President' (40 min, window 22 May 13:00–15:00)"."""
        extra = f", window {self.when(*task.window)}" if window and task.fixed_at is None else ""
        return f"'{task.title}' ({task.duration} min{extra})"

    def item(self, item: Item) -> str:
        if item.key.startswith("busy:"):
            return f"{self.names(item.people)}'s outside commitment ({self.when(item.start, item.end)})"
        return f"'{item.title}' ({self.when(item.start, item.end)})"

    def names(self, people: tuple[str, ...]) -> str:
        labels = [self.people.get(x, x) for x in people]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

    def spacing(self, c: Constraint) -> str:
        """'35 min travel + 10 min buffer', or the buffer alone, or nothing (one venue)."""
        buffer = f"{self.p.buffer} min buffer" if self.p.buffer else "no buffer"
        there, back = c.travel
        if there is None and back is None:
            return buffer if c.gap or c.back else ""
        if there == back or back is None:
            return f"{there} min travel + {buffer}"
        return f"{there} min travel one way and {back} min the other + {buffer}"

    def venue(self, venue_id: str | None) -> str:
        return self.venues.get(venue_id or "", venue_id or "")

    def constraint(self, c: Constraint) -> str:
        """The constraint as a sentence."""
        p = self.p
        if c.kind in ("window", "day", "fixed"):
            task = p.by_id[c.tasks[0]]
            if c.kind == "window":
                return f"{self.task(task)} must lie in its planning window, {self.when(*task.window)}"
            if c.kind == "fixed":
                return f"{self.task(task)} is held at {self.when(task.fixed_at or 0)} (what-if)"
            work = p.days[0].work
            return f"{self.task(task)} must lie in a working day of the visit ({self.clock(work[0])}–{self.clock(work[1])})"
        if c.kind == "clear":
            task = p.by_id[c.tasks[0]]
            assert c.item is not None
            if not c.people:
                return f"{self.task(task)} and {self.item(c.item)} are both at {self.venue(task.venue)}, which holds one event at a time"
            if c.item.key.startswith("busy:"):
                return f"{self.task(task, window=True)} must keep clear of {self.item(c.item)}, with a {self.p.buffer} min buffer"
            spacing = self.spacing(c)
            return (f"{self.task(task, window=True)} must keep clear of {self.item(c.item)}, which {self.names(c.people)} also attend"
                    + ("s" if len(c.people) == 1 else "") + (f", with {spacing} between them" if spacing else ""))
        if c.kind == "apart":
            a, b = (p.by_id[t] for t in c.tasks)
            if not c.people:
                return f"{self.task(a, window=True)} and {self.task(b, window=True)} are both at {self.venue(a.venue)}, which holds one event at a time"
            spacing = self.spacing(c)
            return (f"{self.task(a, window=True)} and {self.task(b, window=True)} both need {self.names(c.people)}"
                    + (f", with {spacing} between them" if spacing else ", one after the other"))
        first, second = c.key.split(":")[1:3]
        one, two = self.named(first, c), self.named(second, c)
        if c.kind == "order":
            gap = f", at least {c.gap} min after it ends" if c.gap else ""
            return f"{two} must follow {one}{gap} (as {c.origin} records)"
        return f"{one} and {two} must be on the same day (as {c.origin} records)"

    def named(self, key: str, c: Constraint) -> str:
        if key in self.p.by_id:
            return self.task(self.p.by_id[key], window=True)
        assert c.item is not None
        return self.item(c.item)

    def relaxation(self, r: Relaxation) -> str:
        """The relaxation as the change to ask for: what, to what, and the command that does it."""
        change, command = self.change(r)
        return f"{change}: {command}" if command else change

    def change(self, r: Relaxation) -> tuple[str, str]:
        """The relaxation as (the change in words, the command that makes it — or how to)."""
        p = self.p
        if r.kind == "shorten":
            task = p.by_id[r.task]
            return f"shorten '{task.title}' from {task.duration} to {r.length} min", f"itinerary edit {task.id} --duration {r.length}m"
        c = next(x for x in p.constraints if x.key == r.key)
        if r.kind == "widen":
            task = p.by_id[r.task]
            moved = " and ".join(x for x in (f"{r.earlier} min earlier" if r.earlier else "", f"{r.later} min later" if r.later else "") if x)
            if c.kind == "window":
                lo, hi = task.window[0] - r.earlier, task.window[1] + r.later
                return (f"widen the planning window of '{task.title}' to {self.when(lo, hi)} ({moved})",
                        f'itinerary edit {task.id} --tbc --start "{self.when(lo)}" --end "{self.until(lo, hi)}"')
            work = p.days[0].work
            bounds = [f"from {self.clock(work[0] - r.earlier)}" if r.earlier else "", f"until {self.clock(work[1] + r.later)}" if r.later else ""]
            flags = [f'--from {self.clock(work[0] - r.earlier)}' if r.earlier else "", f"--to {self.clock(work[1] + r.later)}" if r.later else ""]
            return (f"let the working day run {' and '.join(x for x in bounds if x)} ({moved}), so '{task.title}' fits",
                    "itinerary plan " + " ".join(x for x in flags if x))
        if r.kind == "gap":
            origin = c.key.split(":")[3]
            return (f"shorten the gap '{self.title(origin)}' records from {c.gap} to {r.length} min",
                    f"itinerary edit {origin} --min-gap {r.length}m")
        if r.kind == "move":
            item = next(i for i in p.items if i.key == r.task)
            shift = r.later - r.earlier
            start, end = item.start + shift, item.end + shift
            how = f"{r.later} min later" if r.later else f"{r.earlier} min earlier"
            return (f"move '{item.title}' from {self.when(item.start, item.end)} to {self.when(start, end)} ({how})",
                    f'itinerary edit {item.key} --start "{self.when(start)}"')
        if c.kind == "fixed":
            task = p.by_id[c.tasks[0]]
            held = self.when(task.fixed_at or 0)
            return f"do not hold '{task.title}' at {held}", f'leave out --what-if "{task.id}={held}"'
        if c.kind == "clear":
            assert c.item is not None
            if c.item.key.startswith("busy:"):
                person = c.item.people[0]
                return (f"free {self.item(c.item)}",
                        f"it comes from {self.names((person,))}'s busy calendar (`itinerary busy list`); a new one replaces it: "
                        f"itinerary busy add {person} FILE")
            return (f"cancel '{c.item.title}' ({self.when(c.item.start, c.item.end)}), which fits nowhere else",
                    f"itinerary cancel {c.item.key}")
        if c.kind in ("order", "same_day"):
            return f"drop the rule that {self.rule(c)}", self.unrule(c)
        return f"drop: {self.constraint(c)}", ""

    def title(self, event_id: str) -> str:
        record = self.records.get(event_id)
        return record.title if record else event_id

    def rule(self, c: Constraint) -> str:
        """'Meeting B' follows 'Meeting A' (as B records)."""
        first, second, origin = c.key.split(":")[1:4]
        if c.kind == "order":
            return f"'{self.title(second)}' follows '{self.title(first)}' (as {origin} records)"
        return f"'{self.title(first)}' and '{self.title(second)}' are on the same day (as {origin} records)"

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
