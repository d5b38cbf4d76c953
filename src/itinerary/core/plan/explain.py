"""Why nothing fits: a minimal set of constraints that cannot hold together, and the single
relaxations that would make a plan fit. Pure computation (CP-SAT through :mod:`.solve`).

Every constraint of the problem gets an enforcement literal, and the search runs with all of them
assumed. When it proves that nothing fits, CP-SAT names a sufficient subset of the assumptions
(``SufficientAssumptionsForInfeasibility``); a deletion filter then drops each member in turn and
keeps it out when the rest still cannot hold, so every constraint left is needed: the set is
minimal (no constraint can go without the others fitting). Each constraint of that set is then
relaxed alone — a window widened or a working day lengthened by the fewest minutes, an event
shortened to the longest length that fits, a gap shortened, a rule or what-if dropped, a
commitment freed — on the whole problem; those that make everything fit are the relaxations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from itinerary.core.plan.problem import Constraint, Item, Problem, Task, apart_rules, clearance_rules, placement_rules
from itinerary.core.plan.solve import Model, parameters


@dataclass(frozen=True)
class Relaxation:
    """One change that makes the whole problem fit."""

    key: str
    """The constraint it relaxes."""
    kind: str
    """'widen' (a window or working day, by ``earlier`` and ``later`` minutes), 'shorten' (an
    event to ``length`` minutes), 'gap' (an order rule's gap to ``length`` minutes), 'move' (the
    timed event ``task`` by ``earlier`` or ``later`` minutes) or 'drop'."""
    task: str = ""
    earlier: int = 0
    later: int = 0
    length: int = 0


@dataclass(frozen=True)
class Explanation:
    """Why nothing fits."""

    conflict: tuple[Constraint, ...]
    """A minimal set of constraints that cannot hold together."""
    relaxations: tuple[Relaxation, ...]
    """Single changes that make the whole problem fit."""
    minimal: bool = True
    """False when a check ran out of time, so a member might not be needed."""
    proven: bool = True
    """False when the solver could not prove, within the time limit, that nothing fits."""


class _Checked:
    """The problem with one enforcement literal per constraint."""

    def __init__(self, p: Problem, *, flex: tuple[str, str] | None = None, was: int = 0) -> None:
        """``flex``: the one thing the search may change, minimising the change — ('widen', a
        window or day constraint), ('shorten', a task), ('gap', an order rule), or ('move', a
        timed event made a task by :func:`freed`, which was at minute ``was``)."""
        self.flex = flex
        self.built = Model(p, domains=False, flexible=flex[1] if flex and flex[0] == "shorten" else None)
        self.measure: Any = -self.built.length[flex[1]] if flex and flex[0] == "shorten" else 0
        if flex and flex[0] == "move":
            m = self.built.model
            self.measure = m.new_int_var(0, p.days[-1].next_midnight - p.days[0].midnight + abs(was), "moved")
            m.add_abs_equality(self.measure, self.built.start[flex[1]] - was)
        self.widened: tuple[Any, Any] = (0, 0)
        self.gap: Any = 0
        self.literal: dict[str, Any] = {}
        for c in p.constraints:
            self.literal[c.key] = self.built.model.new_bool_var(c.key)
            self._add(p, c, self.literal[c.key])

    def _add(self, p: Problem, c: Constraint, on: Any) -> None:
        b, m = self.built, self.built.model
        task = p.by_id[c.tasks[0]] if c.tasks else None
        widen = self.flex is not None and self.flex[0] == "widen" and self.flex[1] == c.key
        if c.kind in ("window", "day") and task is not None:
            s, e = b.start[task.id], b.end(task.id)
            if c.kind == "window":
                lo: Any = task.window[0]
                hi: Any = task.window[1]
            else:
                days = b.on_day[task.id]
                lo = sum(d.work[0] * x for d, x in zip(p.days, days, strict=True))
                hi = sum(d.work[1] * x for d, x in zip(p.days, days, strict=True))
            if widen:
                span = p.days[-1].next_midnight - p.days[0].midnight
                earlier, later = m.new_int_var(0, span, "earlier"), m.new_int_var(0, span, "later")
                m.add(s >= lo - earlier)
                m.add(e <= hi + later)
                self.measure = earlier + later
                self.widened = (earlier, later)
                return
            m.add(s >= lo).only_enforce_if(on)
            m.add(e <= hi).only_enforce_if(on)
        elif c.kind == "fixed" and task is not None:
            m.add(b.start[task.id] == task.fixed_at).only_enforce_if(on)
        elif c.kind == "clear" and task is not None and c.item is not None:
            first = m.new_bool_var("")
            m.add(b.end(task.id) + c.gap <= c.item.start).only_enforce_if([on, first])
            m.add(b.start[task.id] >= c.item.end + c.back).only_enforce_if([on, first.Not()])
        elif c.kind == "apart":
            x, y = c.tasks
            first = m.new_bool_var("")
            m.add(b.end(x) + c.gap <= b.start[y]).only_enforce_if([on, first])
            m.add(b.end(y) + c.back <= b.start[x]).only_enforce_if([on, first.Not()])
        elif c.kind == "order":
            one, two = c.key.split(":")[1:3]
            gap: Any = c.gap
            if self.flex == ("gap", c.key):
                gap = m.new_int_var(0, c.gap, "gap")
                self.measure = -gap
                self.gap = gap
                m.add(b.span(two, c.item)[0] >= b.span(one, c.item)[1] + gap)
                return
            m.add(b.span(two, c.item)[0] >= b.span(one, c.item)[1] + gap).only_enforce_if(on)
        elif c.kind == "same_day":
            one, two = c.key.split(":")[1:3]
            a, z = b.day_expr(one, c.item), b.day_expr(two, c.item)
            if a is None or z is None:
                m.add_bool_or([on.Not()])
            else:
                m.add(a == z).only_enforce_if(on)

    def run(self, keys: Sequence[str], limit: float) -> tuple[str, list[str], Any]:
        """Solve with the constraints of ``keys`` assumed: (status, the assumptions CP-SAT names
        when it proves nothing fits, the solver)."""
        m = self.built.model
        m.clear_assumptions()
        m.add_assumptions([self.literal[k] for k in keys])
        if self.flex is not None:
            m.minimize(self.measure)
        solver = self.built.cp.CpSolver()
        parameters(solver, workers=1, limit=limit)
        name = solver.status_name(solver.solve(m))
        named: list[str] = []
        if name == "INFEASIBLE":
            by_index = {lit.Index(): key for key, lit in self.literal.items()}
            named = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        return name, named, solver


def explain(p: Problem, *, limit: float = 10.0) -> Explanation:
    """A minimal set of constraints of ``p`` that cannot hold together, and the relaxations."""
    checked = _Checked(p)
    order = {c.key: n for n, c in enumerate(p.constraints)}
    status, core, _ = checked.run(list(order), limit)
    if status != "INFEASIBLE":
        return Explanation((), (), minimal=False, proven=False)
    core = sorted(core or order, key=order.__getitem__)
    minimal = True
    for key in list(core):
        if key not in core:
            continue
        trial = [k for k in core if k != key]
        status, smaller, _ = checked.run(trial, limit)
        if status == "INFEASIBLE":
            core = sorted(smaller or trial, key=order.__getitem__) if set(smaller or trial) <= set(trial) else trial
        elif status != "FEASIBLE" and status != "OPTIMAL":
            minimal = False
    conflict = tuple(c for c in p.constraints if c.key in core)
    return Explanation(conflict, tuple(relaxations(p, conflict, limit)), minimal)


def relaxations(p: Problem, conflict: Sequence[Constraint], limit: float) -> list[Relaxation]:
    """Each single change to a constraint of ``conflict`` (or to the length of one of its events)
    that makes the whole problem fit, the smallest of its kind."""
    every = [c.key for c in p.constraints]
    found: list[Relaxation] = []
    moved: set[str] = set()
    for c in conflict:
        others = [k for k in every if k != c.key]
        if c.kind in ("window", "day"):
            checked = _Checked(p, flex=("widen", c.key))
            status, _, solver = checked.run(others, limit)
            if status == "OPTIMAL":
                earlier, later = (int(solver.value(v)) for v in checked.widened)
                found.append(Relaxation(c.key, "widen", c.tasks[0], earlier, later))
        elif c.kind == "order" and c.gap:
            checked = _Checked(p, flex=("gap", c.key))
            status, _, solver = checked.run(others, limit)
            if status == "OPTIMAL":
                found.append(Relaxation(c.key, "gap", length=int(solver.value(checked.gap))))
            elif _fits(p, others, limit):
                found.append(Relaxation(c.key, "drop"))
        elif c.kind == "clear" and c.item is not None and not c.item.key.startswith("busy:"):
            if c.item.key in moved:
                continue
            moved.add(c.item.key)
            move = _move(p, c.item, limit)
            if move is not None:
                found.append(dataclasses.replace(move, key=c.key))
            elif _fits(p, others, limit):
                found.append(Relaxation(c.key, "drop"))
        elif c.kind != "apart" and _fits(p, others, limit):
            found.append(Relaxation(c.key, "drop"))
    for task_id in dict.fromkeys(t for c in conflict for t in c.tasks):
        task = p.by_id[task_id]
        if task.fixed_at is not None:
            continue
        checked = _Checked(p, flex=("shorten", task_id))
        status, _, solver = checked.run(every, limit)
        if status == "OPTIMAL":
            found.append(Relaxation(f"length:{task_id}", "shorten", task_id, length=int(solver.value(checked.built.length[task_id]))))
    return found


def freed(p: Problem, key: str) -> Problem:
    """``p`` with the timed event ``key`` free to move: a task of its own length anywhere in a
    working day of the visit, keeping clear of everything the planned events keep clear of,
    and of them; the rules that name it follow it."""
    item = next(i for i in p.items if i.key == key)
    task = Task(item.key, item.title, item.end - item.start, (p.days[0].midnight, p.days[-1].next_midnight), item.people,
                item.venue, exclusive=item.exclusive)
    tasks = (*p.tasks, task)
    draft = dataclasses.replace(p, tasks=tasks, items=tuple(i for i in p.items if i.key != key), constraints=(),
                                by_id={t.id: t for t in tasks})
    rules = [dataclasses.replace(c, tasks=tuple(t for t in c.key.split(":")[1:3] if t in draft.by_id), item=None)
             if c.item is not None and c.item.key == key else c for c in p.constraints if c.kind in ("order", "same_day")]
    placed = [c for c in placement_rules(draft) if c.tasks != (key,) or c.kind == "window"]  # a timed event keeps no working day
    return dataclasses.replace(draft, constraints=(*placed, *clearance_rules(draft), *apart_rules(draft), *rules))


def _move(p: Problem, item: Item, limit: float) -> Relaxation | None:
    """The smallest move of the timed event ``item`` that makes the whole problem fit."""
    q = freed(p, item.key)
    checked = _Checked(q, flex=("move", item.key), was=item.start)
    status, _, solver = checked.run([c.key for c in q.constraints], limit)
    if status != "OPTIMAL":
        return None
    start = int(solver.value(checked.built.start[item.key]))
    return Relaxation("", "move", item.key, earlier=max(0, item.start - start), later=max(0, start - item.start))


def _fits(p: Problem, keys: Sequence[str], limit: float) -> bool:
    status, _, _ = _Checked(p).run(keys, limit)
    return status in ("OPTIMAL", "FEASIBLE")
