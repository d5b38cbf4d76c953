"""Officers working on one visit through a real server, for the convergence tests: replicas that
change records through the library (as the commands do) and sync, a calendar app that changes
the server's copies, and the bookkeeping that says, at the end, whether every value someone set
is still there."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import servers

from conftest import SHIPPED
from itinerary.changes import directory, events, team
from itinerary.changes.events import Edit
from itinerary.changes.library import Library
from itinerary.changes.teamjoin import join
from itinerary.changes.teamrecords import fields_of, local_records, record_of
from itinerary.errors import ItineraryError
from itinerary.formats.teamstate import TeamState
from itinerary.model import Event, Person, Venue
from itinerary.sync.dav import DavServer
from itinerary.sync.target import Target

SEOUL = ZoneInfo("Asia/Seoul")
RECORD_FILES = ("journal.jsonl", "team.json", "exports.json", "remotes.json")
"""Bookkeeping, not records: left out when replicas are compared."""


@dataclass
class Replica:
    """One officer's folder."""

    name: str
    folder: Path
    url: str
    calendar: str
    conflicts: set[tuple[str, str]] = field(default_factory=set)
    """(record key, field) of every conflict a sync of this replica reported."""
    unsent: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Values this officer set that no sync has sent yet."""

    _library: Library | None = None

    @property
    def lib(self) -> Library:
        if self._library is None:
            self._library = Library.open(self.folder, who=self.name)
        return self._library

    def target(self) -> Target:
        return Target(self.url, self.calendar, "officer", servers.USERS["officer"])

    def fields(self) -> dict[str, dict[str, Any]]:
        return {k: fields_of(k, r) for k, r in local_records(self.lib.read()).items()}

    def sync(self, resolve: str | None = None) -> team.Report:
        lib = self.lib
        state = team.load_state(lib) or TeamState(self.url, "officer", None, name=self.calendar)
        before = self.fields()
        for (key, name), value in list(self.unsent.items()):  # set back to what the server has: no change to send
            item = state.items.get(key)
            if item is not None and item.base and fields_of(key, record_of(key, item.base, key)).get(name) == value:
                del self.unsent[(key, name)]
        with DavServer(self.target()) as server:
            report = team.sync(lib, server, state, resolve=resolve)
        self.conflicts |= {(key, name) for key, name, *_ in (*report.pending, *report.settled)}
        after = self.fields()
        for (key, name), value in list(self.unsent.items()):
            now = after.get(key, {}).get(name)
            if now != value and before.get(key, {}).get(name) == value:
                # a value set here and not yet sent was replaced by the sync: only a conflict settled --theirs may do that
                assert (key, name) in self.conflicts, f"{self.name}: {key} {name} = {value!r} replaced by {now!r} without a conflict"
                del self.unsent[(key, name)]
            elif (key, name) not in {(k, n) for k, n, *_ in report.pending}:
                del self.unsent[(key, name)]
        return report

    def records(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.folder.iterdir()) if p.is_file() and p.name not in RECORD_FILES}


def original(folder: Path, url: str, calendar: str) -> Replica:
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(".*", "exports.json"))
    replica = Replica("lee", folder, url, calendar)
    replica.sync()
    return replica


def joined(name: str, folder: Path, source: Replica) -> Replica:
    state = team.load_state(source.lib)
    assert state is not None
    replica = Replica(name, folder, source.url, source.calendar)
    with DavServer(replica.target()) as server:
        join(folder, server, TeamState(state.url, "officer", None, calendar=state.calendar, name=state.name), who=name)
    return replica


@dataclass
class Ledger:
    """Who set which field of which record to what, in order."""

    sets: list[tuple[str, str, str, Any]] = field(default_factory=list)
    """(officer, record key, field, value)."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(officer, record key)."""

    def record(self, who: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], replica: Replica | None) -> None:
        for key in before.keys() | after.keys():
            if key not in after:
                self.removed.append((who, key))
                continue
            old, new = before.get(key, {}), after[key]
            for name in old.keys() | new.keys():
                if old.get(name) != new.get(name):
                    self.sets.append((who, key, name, new.get(name)))
                    if replica is not None:
                        replica.unsent[(key, name)] = new.get(name)


# --- random operations -------------------------------------------------------------------------


def _moment(rng: random.Random) -> dt.datetime:
    return dt.datetime(2026, 5, rng.choice((21, 22)), rng.randrange(8, 18), rng.choice((0, 15, 30, 45)), tzinfo=SEOUL)


def operate(rng: random.Random, replica: Replica, n: int) -> str:
    """One random change through the library, as a command would make it; its name."""
    lib = replica.lib
    programme = lib.programme()
    people = [p.id for p in programme.people]
    venues = [v.id for v in programme.venues]
    live = [e for e in programme.events]
    choice = rng.choice(["add", "edit", "edit", "edit", "confirm", "status", "venue", "people", "cancel", "remove", "person", "venue-edit",
                         "person-edit", "venue-add", "plan"])
    if choice == "add" or not live:
        start = _moment(rng)
        tbc = rng.random() < 0.3
        end = start + dt.timedelta(minutes=rng.choice((30, 45, 60, 90)) if not tbc else 240)
        event = Event(f"{replica.name}-{n}", rng.choice(["Working lunch", "Briefing", "Press point", "Courtesy call"]) + f" {n}",
                      start, end, time_tbc=tbc, status="tentative", participants=tuple(rng.sample(people, k=min(len(people), rng.randint(1, 2)))),
                      venue=rng.choice([None, *venues]))
        events.add(lib, event, force=True)
        return "add"
    event = rng.choice(live)
    if choice == "edit":
        name = rng.choice(["title", "notes", "title_ko", "kind", "overlap_ok"])
        value: Any = {"title": f"Retitled by {replica.name} {n}", "notes": f"Note {n} by {replica.name}", "title_ko": f"회의 {n}",
                      "kind": rng.choice(["meeting", "meal", "press"]), "overlap_ok": not event.overlap_ok}[name]
        events.edit(lib, event.id, Edit({name: value}), force=True)
    elif choice == "confirm":
        events.edit(lib, event.id, Edit({"status": "confirmed"}, start=_moment(rng), duration=dt.timedelta(minutes=45),
                                        source=f"call {n} by {replica.name}"), force=True)
    elif choice == "status":
        events.edit(lib, event.id, Edit({"status": rng.choice(["confirmed", "tentative"])}), force=True)
    elif choice == "venue":
        events.edit(lib, event.id, Edit({"venue": rng.choice([None, *venues])}), force=True)
    elif choice == "people":
        events.edit(lib, event.id, Edit({"participants": tuple(rng.sample(people, k=min(len(people), rng.randint(1, 3))))}), force=True)
    elif choice == "cancel":
        events.cancel(lib, event.id)
    elif choice == "remove":
        events.remove(lib, event.id)
    elif choice == "plan":
        others = [e.id for e in live if e.id != event.id and event.id not in e.after]
        fields: dict[str, Any] = {"prefer": rng.choice(["morning", "afternoon", ""])}
        if others and rng.random() < 0.5:
            fields = {"after": (rng.choice(others),)}
        events.edit(lib, event.id, Edit(fields, source=f"plan {n}"), force=True)
    elif choice == "person":
        directory.add_person(lib, Person(f"{replica.name}-p{n}", f"Guest {n} of {replica.name}", title="Adviser"))
    elif choice == "person-edit":
        directory.edit_person(lib, rng.choice(people), {"title": f"Title {n} by {replica.name}"})
    elif choice == "venue-add":
        directory.add_venue(lib, Venue(f"{replica.name}-v{n}", f"Hall {n}", city="Seoul", latitude=37.5 + n / 1000, longitude=127.0))
    elif choice == "venue-edit" and venues:
        directory.edit_venue(lib, rng.choice(venues), {"address": f"Street {n}"}, force=True)
    return choice


def attempt(action: Callable[[], object]) -> bool:
    """Run a change; False when the library refused it (as it refuses a command)."""
    try:
        action()
    except ItineraryError:
        return False
    return True


def foreign(rng: random.Random, url: str, calendar: str) -> tuple[str, str]:
    """A calendar app (through the caldav library) renames, moves or strips an event on the
    server: what it did, and the event's key."""
    from itinerary.model import slugify

    with servers.calendar(url, calendar) as cal:
        assert slugify(calendar) in str(cal.url)
        objects = [o for o in cal.events() if "VEVENT" in o.data]
        if not objects:
            return "none", ""
        obj = rng.choice(objects)
        component = obj.icalendar_component
        key = f"event:{component['UID']}"
        what = rng.choice(["rename", "move", "strip"])
        if what == "rename":
            component["SUMMARY"] = f"Renamed in a calendar app {rng.randrange(1000)}"
        elif what == "move":
            start = _moment(rng)
            del component["DTSTART"], component["DTEND"]
            component.add("dtstart", start)
            component.add("dtend", start + dt.timedelta(hours=1))
        else:
            for name in [k for k in component if k.upper().startswith("X-")]:
                del component[name]
        component["SEQUENCE"] = int(component.get("SEQUENCE", 0)) + 1
        obj.save()
    return what, key

