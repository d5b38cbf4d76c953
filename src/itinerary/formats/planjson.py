"""The documented machine format of ``plan --json`` (``itinerary.plan/1``): plain dicts, no I/O.

Moments are ``{"time": ISO 8601 with offset, "zone": IANA name}`` as in the timeline; fields are
only ever added, never renamed.
"""

from __future__ import annotations

from typing import Any

from itinerary.core.plan.cost import Cost
from itinerary.core.plan.explain import Explanation
from itinerary.core.plan.problem import Problem
from itinerary.core.plan.solve import Outcome
from itinerary.core.plan.words import Words
from itinerary.formats.jsonout import moment

PLAN_FORMAT = "itinerary.plan/1"


def plan_json(p: Problem, outcome: Outcome, *, zone: str, words: Words, cost: Cost | None = None,
              explanation: Explanation | None = None) -> dict[str, Any]:
    """The plan (or why there is none) as plain data."""
    data: dict[str, Any] = {
        "format": PLAN_FORMAT, "status": outcome.status, "workers": outcome.workers, "seconds": round(outcome.seconds, 3),
        "notes": list(p.notes),
    }
    if outcome.starts:
        data["events"] = [
            {"id": t.id, "title": t.title, "start": moment(p.moment(outcome.starts[t.id]), zone),
             "end": moment(p.moment(outcome.starts[t.id] + t.duration), zone), "minutes": t.duration,
             "window": None if t.fixed_at is not None else [moment(p.moment(t.window[0]), zone), moment(p.moment(t.window[1]), zone)],
             "held": t.fixed_at is not None, "prefer": t.prefer or None, "preference_met": None if cost is None or not t.prefer else t.id not in cost.missed}
            for t in sorted(p.tasks, key=lambda t: (outcome.starts[t.id], t.id))
        ]
        data["cost"] = {"total": outcome.objective, "bound": outcome.bound, "gap": outcome.gap}
        if cost is not None:
            data["cost"] |= {"preferences_missed": list(cost.missed), "transfers": cost.transfers, "travel_minutes": cost.travel,
                             "lateness_steps": cost.lateness}
    if explanation is not None:
        data["conflict"] = [{"key": c.key, "kind": c.kind, "events": list(c.tasks) + ([c.item.key] if c.item and not c.item.key.startswith("busy:") else []),
                             "people": list(c.people), "text": words.constraint(c)} for c in explanation.conflict]
        data["minimal"] = explanation.minimal
        data["relaxations"] = [{"key": r.key, "kind": r.kind, "event": r.task or None, "earlier": r.earlier, "later": r.later,
                                "minutes": r.length or None, "text": words.relaxation(r), "change": change, "command": command}
                               for r in explanation.relaxations for change, command in (words.change(r),)]
    return data
