"""The planner's solver: OR-Tools CP-SAT, the only module that imports it. Pure computation.

:func:`solve` finds the plan of least cost (:mod:`.cost`) among those that keep every
constraint of a :class:`~itinerary.core.plan.problem.Problem`. Each task's start is a variable on the
grid whose domain is already its windows and working hours less the time its people are taken
(with travel and buffer); each person's day is a circuit through their tasks and timed events,
so consecutive events pay for their transfers; exclusive venues are no-overlap constraints.

With one worker (the default) and a fixed seed, the same records give the same plan: the time
limit is counted in the solver's deterministic time, not the wall clock's. More workers search
in parallel, faster and no longer reproducibly.

:func:`~itinerary.core.plan.explain.explain` uses the same variables with an enforcement literal
per constraint (:func:`check_model`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from itinerary.core.plan.cost import PREFER_POINTS, TRANSFER_POINTS, TRAVEL_POINTS
from itinerary.core.plan.problem import Item, Problem, Task, reach
from itinerary.errors import NotFound
from itinerary.i18n import _

INSTALL = "pip install 'itinerary[plan]'"
"""How to install the solver."""
SEED = 20260521
"""The solver's random seed: fixed, so a plan can be made again."""


def cp() -> Any:
    """The CP-SAT module; NotFound naming the install command when it is missing."""
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        raise NotFound(_("the planner needs the OR-Tools solver, which is not installed: {install}", install=INSTALL)) from None
    return cp_model


@dataclass(frozen=True)
class Outcome:
    """What the solver found."""

    status: str
    """'optimal' (proven), 'feasible' (the best found within the time limit), 'infeasible'
    (proven: nothing fits) or 'unknown' (no plan found within the time limit, none proven impossible)."""
    starts: Mapping[str, int]
    """Task id → start minute, for an optimal or feasible plan."""
    objective: int | None = None
    bound: int | None = None
    """The best lower bound the solver proved on the cost."""
    seconds: float = 0.0
    """Wall time of the search."""
    workers: int = 1

    @property
    def gap(self) -> float | None:
        """How far the plan may be from the optimum, as a fraction of its cost (0 when proven)."""
        if self.objective is None or self.bound is None:
            return None
        return 0.0 if self.objective == self.bound else (self.objective - self.bound) / max(1, abs(self.objective))


def parameters(solver: Any, *, workers: int, limit: float, wall: float | None = None) -> None:
    """Seed, workers and limits: deterministic time for reproducible plans, and a wall-clock guard
    (``wall`` seconds, or four times the limit)."""
    solver.parameters.random_seed = SEED
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.max_deterministic_time = limit
    solver.parameters.max_time_in_seconds = wall if wall is not None else limit * 4


def allowed(p: Problem, task: Task) -> list[tuple[int, int]]:
    """The starts (minutes, inclusive ranges) that keep the task in its window or fixed time,
    in a working day, and clear of every item of its people."""
    lo, hi = reach(p, task)
    ranges = []
    for day in p.days:
        a, b = max(lo, day.work[0]), min(hi, day.work[1]) - task.duration
        if a <= b:
            ranges.append((a, b))
    holes = sorted((c.item.start - c.gap - task.duration + 1, c.item.end + c.back - 1)
                   for c in p.constraints if c.kind == "clear" and c.tasks[0] == task.id and c.item is not None)
    for h_lo, h_hi in holes:
        ranges = [piece for a, b in ranges for piece in ((a, min(b, h_lo - 1)), (max(a, h_hi + 1), b)) if piece[0] <= piece[1]]
    return ranges


class Model:
    """A CP-SAT model of a problem: start, end and day of each task."""

    def __init__(self, p: Problem, *, domains: bool, flexible: str | None = None) -> None:
        """``domains``: starts only where the task keeps its window, working day and clearances
        (else anywhere in the visit's days); ``flexible``: a task whose length is a variable up
        to its own."""
        self.cp = cp()
        self.p = p
        self.model = self.cp.CpModel()
        m = self.model
        self.start: dict[str, Any] = {}
        self.steps: dict[str, Any] = {}
        self.length: dict[str, Any] = {t.id: t.duration for t in p.tasks}
        if flexible is not None:
            self.length[flexible] = m.new_int_var(1, p.by_id[flexible].duration, f"len_{flexible}")
        self.on_day: dict[str, list[Any]] = {}
        self.day: dict[str, Any] = {}
        self.empty = False
        step = p.step
        first, last = p.days[0].midnight, p.days[-1].next_midnight
        for task in p.tasks:
            if domains:
                ranges = allowed(p, task)
                self.empty = self.empty or not ranges
            else:
                ranges = [(first, last - 1)]
            if task.fixed_at is not None:
                if domains:
                    inside = any(a <= task.fixed_at <= b for a, b in ranges)
                    ranges = [(task.fixed_at, task.fixed_at)] if inside else []
                    self.empty = self.empty or not inside
                self.start[task.id] = m.new_int_var_from_domain(self.cp.Domain.from_intervals([list(r) for r in ranges]), f"s_{task.id}")
            else:
                steps = [[math.ceil(a / step), b // step] for a, b in ranges if math.ceil(a / step) <= b // step]
                self.empty = self.empty or not steps
                self.steps[task.id] = m.new_int_var_from_domain(self.cp.Domain.from_intervals(steps), f"t_{task.id}")
                self.start[task.id] = step * self.steps[task.id]
            days = [m.new_bool_var(f"d_{task.id}_{k}") for k in range(len(p.days))]
            m.add_exactly_one(days)
            s = self.start[task.id]
            m.add(s >= sum(d.midnight * x for d, x in zip(p.days, days, strict=True)))
            m.add(s < sum(d.next_midnight * x for d, x in zip(p.days, days, strict=True)))
            self.on_day[task.id] = days
            self.day[task.id] = sum(k * x for k, x in enumerate(days))

    def end(self, task_id: str) -> Any:
        return self.start[task_id] + self.length[task_id]

    def span(self, key: str, item: Item | None) -> tuple[Any, Any]:
        """Start and end of a task, or of the item of that key."""
        if key in self.start:
            return self.start[key], self.end(key)
        assert item is not None and item.key == key
        return item.start, item.end

    def item_day(self, item: Item) -> int | None:
        found = self.p.day_of(item.start)
        return None if found is None else self.p.days.index(found)

    def day_expr(self, key: str, item: Item | None) -> Any:
        if key in self.day:
            return self.day[key]
        assert item is not None
        return self.item_day(item)


# --- the search for the best plan --------------------------------------------------------------


def solve(p: Problem, *, workers: int = 1, limit: float = 10.0, wall: float | None = None) -> Outcome:
    """The best plan of ``p`` the solver finds within ``limit`` (deterministic) seconds, and
    ``wall`` seconds of the clock when given (a plan then depends on the machine's speed)."""
    if not p.tasks:
        return Outcome("optimal", {}, 0, 0)
    built = Model(p, domains=True)
    if built.empty:
        return Outcome("infeasible", {})
    m = built.model
    _exclusive(built)
    _rules(built)
    objective = [*_preferences(built), *_circuits(built)]
    lateness = sum(built.steps.get(t.id, (t.fixed_at or 0) // p.step) for t in p.tasks) - len(p.tasks) * (p.days[0].midnight // p.step)
    m.minimize(sum(objective) + lateness)
    solver = built.cp.CpSolver()
    parameters(solver, workers=workers, limit=limit, wall=wall)
    status = solver.solve(m)
    name = solver.status_name(status)
    seconds = float(solver.wall_time)
    if name in ("OPTIMAL", "FEASIBLE"):
        starts = {t.id: int(solver.value(built.start[t.id])) for t in p.tasks}
        value = round(solver.objective_value)
        bound = min(value, math.ceil(solver.best_objective_bound - 1e-6))
        return Outcome("optimal" if name == "OPTIMAL" else "feasible", starts, value, bound, seconds, workers)
    return Outcome("infeasible" if name == "INFEASIBLE" else "unknown", {}, seconds=seconds, workers=workers)


def _exclusive(built: Model) -> None:
    m, p = built.model, built.p
    by_venue: dict[str, list[Task]] = {}
    for task in p.tasks:
        if task.exclusive and task.venue:
            by_venue.setdefault(task.venue, []).append(task)
    for venue, tasks in sorted(by_venue.items()):
        if len(tasks) > 1:
            m.add_no_overlap([m.new_interval_var(built.start[t.id], t.duration, built.end(t.id), f"x_{venue}_{t.id}") for t in tasks])


def _rules(built: Model) -> None:
    for c in built.p.constraints:
        if c.kind not in ("order", "same_day"):
            continue
        first, second = c.key.split(":")[1:3]
        if c.kind == "order":
            built.model.add(built.span(second, c.item)[0] >= built.span(first, c.item)[1] + c.gap)
        else:
            a, b = built.day_expr(first, c.item), built.day_expr(second, c.item)
            if a is None or b is None:
                built.model.add_bool_or([])  # an event outside the visit's days: never the same day
            else:
                built.model.add(a == b)


def _preferences(built: Model) -> list[Any]:
    """Terms of the objective (in steps, before scaling) for the preferred parts of the day."""
    m, p = built.model, built.p
    terms = []
    for task in p.tasks:
        if not task.prefer:
            continue
        ok = m.new_bool_var(f"pref_{task.id}")
        days = built.on_day[task.id]
        m.add(built.start[task.id] >= sum(d.parts[task.prefer][0] * x for d, x in zip(p.days, days, strict=True))).only_enforce_if(ok)
        m.add(built.end(task.id) <= sum(d.parts[task.prefer][1] * x for d, x in zip(p.days, days, strict=True))).only_enforce_if(ok)
        terms.append(PREFER_POINTS * (1 - ok))
    return terms


def _transfer_points(p: Problem, a: str | None, b: str | None) -> int:
    if not a or not b or a == b:
        return 0
    return TRANSFER_POINTS + TRAVEL_POINTS * (p.legs.get((a, b)) or 0)


def _circuits(built: Model) -> list[Any]:
    """One circuit per person through their tasks and timed events, in time order: each arc is a
    pair of consecutive events, kept apart by travel and buffer and paying for its transfer."""
    m, p = built.model, built.p
    terms: list[Any] = []
    same: dict[tuple[str, str], Any] = {}
    people = sorted({x for t in p.tasks if not t.overlap_ok for x in t.people})
    for person in people:
        tasks = [t for t in p.tasks if person in t.people and not t.overlap_ok]
        items = sorted((i for i in p.items if person in i.people and not i.key.startswith("busy:")), key=lambda i: (i.start, i.end, i.key))
        m.add_no_overlap([m.new_interval_var(built.start[t.id], t.duration + p.buffer, built.end(t.id) + p.buffer, f"b_{person}_{t.id}")
                          for t in tasks])
        arcs: list[tuple[int, int, Any]] = []
        node = {t.id: n + 1 for n, t in enumerate(tasks)}
        base = len(tasks) + 1
        for n, item in enumerate(items):
            node[item.key] = base + n

        def arc(a: int, b: int, name: str, into: list[tuple[int, int, Any]] = arcs) -> Any:
            literal = m.new_bool_var(name)
            into.append((a, b, literal))
            return literal

        for t in tasks:
            arc(0, node[t.id], f"a_{person}_0_{t.id}")
            arc(node[t.id], 0, f"a_{person}_{t.id}_0")
            for u in tasks:
                if u.id == t.id:
                    continue
                literal = arc(node[t.id], node[u.id], f"a_{person}_{t.id}_{u.id}")
                m.add(built.start[u.id] >= built.end(t.id) + p.separation(t.venue, u.venue)).only_enforce_if(literal)
                points = _transfer_points(p, t.venue, u.venue)
                if points:
                    pair = (min(t.id, u.id), max(t.id, u.id))
                    if pair not in same:
                        same[pair] = m.new_bool_var(f"same_{pair[0]}_{pair[1]}")
                        m.add(built.day[pair[0]] == built.day[pair[1]]).only_enforce_if(same[pair])
                        m.add(built.day[pair[0]] != built.day[pair[1]]).only_enforce_if(same[pair].Not())
                    terms.append(points * _both(m, literal, same[pair]))
            lo, hi = reach(p, t)
            for item in items:
                k = built.item_day(item)
                if item.end + p.separation(item.venue, t.venue) <= hi - t.duration:
                    literal = arc(node[item.key], node[t.id], f"a_{person}_{item.key}_{t.id}")
                    m.add(built.start[t.id] >= item.end + p.separation(item.venue, t.venue)).only_enforce_if(literal)
                    if k is not None and _transfer_points(p, item.venue, t.venue):
                        terms.append(_transfer_points(p, item.venue, t.venue) * _both(m, literal, built.on_day[t.id][k]))
                if lo + t.duration + p.separation(t.venue, item.venue) <= item.start:
                    literal = arc(node[t.id], node[item.key], f"a_{person}_{t.id}_{item.key}")
                    m.add(built.end(t.id) + p.separation(t.venue, item.venue) <= item.start).only_enforce_if(literal)
                    if k is not None and _transfer_points(p, t.venue, item.venue):
                        terms.append(_transfer_points(p, t.venue, item.venue) * _both(m, literal, built.on_day[t.id][k]))
        _chain(built, items, node, arc, terms)
        m.add_circuit(arcs)
    return terms


def _chain(built: Model, items: Sequence[Item], node: Mapping[str, int], arc: Any, terms: list[Any]) -> None:
    """The timed events of one person, in order: the first after the depot, the last before it,
    each to the next (a transfer between two on one day costs its points)."""
    p = built.p
    if not items:
        return
    arc(0, node[items[0].key], f"a_first_{items[0].key}")
    arc(node[items[-1].key], 0, f"a_last_{items[-1].key}")
    for a, b in zip(items, items[1:], strict=False):
        literal = arc(node[a.key], node[b.key], f"a_{a.key}_{b.key}")
        day = p.day_of(a.start)
        if day is not None and day == p.day_of(b.start) and _transfer_points(p, a.venue, b.venue):
            terms.append(_transfer_points(p, a.venue, b.venue) * literal)


def _both(m: Any, a: Any, b: Any) -> Any:
    """A literal that is true when ``a`` and ``b`` both are (the minimisation keeps it false otherwise)."""
    z = m.new_bool_var("")
    m.add_bool_or([a.Not(), b.Not(), z])
    return z


def names(p: Problem, keys: Iterable[str]) -> list[str]:
    """The constraints of ``keys`` in the problem's order."""
    wanted = set(keys)
    return [c.key for c in p.constraints if c.key in wanted]

