"""Every view of an office gives one engine result: a visit's findings in `office check` are
exactly those of `check` inside it (its own and those between it and another visit, in the
same kinds and words), and a window across days reads as such in every view."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SHIPPED
from itinerary.changes.directory import create
from itinerary.changes.library import Library
from itinerary.changes.office import check_office, create_office
from itinerary.cli import app
from itinerary.core.finding import Finding
from itinerary.errors import ExitCode
from itinerary.formats import codec
from itinerary.model import Contact, Event, Office, Person, TravelLeg, Venue, Visit
from itinerary.storage.files import write_file

SEOUL = ZoneInfo("Asia/Seoul")


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def seen(findings: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(f["kind"], f["severity"], tuple(f["events"]), tuple(f["people"]), f["message"]) for f in findings}  # type: ignore[arg-type]


def test_office_check_and_check_inside_a_visit_say_the_same(tmp_path: Path) -> None:
    """The README's office, a clash forced: `office check` listed the OECD visit with 0 errors
    while `check` inside it reported 2 errors labelled 'busy'."""
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    office = tmp_path / "protocol"
    for args in (
        ["office", "init", str(office), "--name", "International Cooperation Division"],
        ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo-dg-2026-05"],
        ["--data", str(office), "venue", "add", "presidential-office", "--name", "Presidential Office", "--city", "Seoul", "--exclusive"],
        ["init", str(office / "oecd-2026-05"), "--title", "Visit of the OECD Secretary-General", "--first-day", "2026-05-20", "--last-day", "2026-05-22"],
        ["--data", str(office / "oecd-2026-05"), "person", "add", "cormann", "--name", "Mathias Cormann"],
        ["--data", str(office / "ilo-dg-2026-05"), "edit", "president-meeting", "--start", "22 May 10:00", "--duration", "45m", "--venue", "presidential-office"],
        ["--data", str(office / "oecd-2026-05"), "add", "--id", "president-call", "--title", "Courtesy call on the President", "--start", "22 May 10:30",
         "--duration", "30m", "--with", "cormann,president", "--venue", "presidential-office", "--force"],
    ):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)  # type: ignore[attr-defined]
    checked = invoke("--data", str(office), "office", "check", "--json")
    data = json.loads(checked.stdout)  # type: ignore[attr-defined]
    assert checked.exit_code == ExitCode.CONFLICT and data["errors"] == 2  # type: ignore[attr-defined]
    for visit in data["visits"]:
        inside = invoke("--data", str(office / visit["folder"]), "check", "--json")
        own = json.loads(inside.stdout)  # type: ignore[attr-defined]
        assert inside.exit_code == ExitCode.CONFLICT and own["errors"] == visit["errors"] == 2  # type: ignore[attr-defined]
        assert seen(own["findings"]) == seen(visit["findings"])
        assert {f["kind"] for f in own["findings"] if f["severity"] == "error"} == {"overlap", "venue"}  # never 'busy'
    text = invoke("--data", str(office), "office", "check").output  # type: ignore[attr-defined]
    rows = {line.split()[0]: line.split()[2] for line in text.splitlines() if line.split()[:1] in (["ilo-dg-2026-05"], ["oecd-2026-05"])}
    assert rows == {"ilo-dg-2026-05": "2", "oecd-2026-05": "2"}
    assert "2 visits: 2 errors" in text and "counted once" in text


def test_a_window_across_days_reads_as_such_in_the_office_timeline(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    office = tmp_path / "protocol"
    assert invoke("office", "init", str(office), "--name", "Protocol").exit_code == 0  # type: ignore[attr-defined]
    assert invoke("--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo").exit_code == 0  # type: ignore[attr-defined]
    day = invoke("--data", str(office), "office", "timeline", "--day", "22 May").output  # type: ignore[attr-defined]
    assert "21 May 09:00–22 May 18:00 (TBC)" in day and "21 May 09:00–18:00" not in day
    assert "09:00–18:00 (TBC)" in day  # the visit to the employment centre, on the day itself


# --- random offices ------------------------------------------------------------------------------

PEOPLE = ("kim", "lee", "park", "cho")
VENUES = (Venue("hall", "Hall", exclusive=True), Venue("hotel", "Hotel", latitude=37.56, longitude=126.98),
          Venue("sejong", "Sejong", latitude=36.5, longitude=127.26), Venue("annex", "Annex"))
CONTACTS = (Contact("desk", "Protocol desk"), Contact("lee-kangyeon", "Lee Kang-yeon"))
BASE = dt.datetime(2026, 5, 21, 8, tzinfo=SEOUL)

event_specs = st.lists(
    st.tuples(
        st.integers(0, 60), st.integers(0, 12),  # start (quarter hours after 08:00 on 21 May), length
        st.lists(st.sampled_from(PEOPLE), unique=True, max_size=3),
        st.sampled_from([None, *(v.id for v in VENUES)]),
        st.lists(st.sampled_from([c.id for c in CONTACTS]), unique=True, max_size=1),
        st.sampled_from(["plain", "plain", "plain", "tbc", "cancelled", "overlap_ok"]),
    ),
    max_size=7,
)


def _events(specs: list[tuple[int, int, list[str], str | None, list[str], str]]) -> list[Event]:
    out = []
    for i, (start, length, who, where, contacts, how) in enumerate(specs):
        begin = BASE + dt.timedelta(minutes=15 * start)
        end = begin + dt.timedelta(minutes=15 * max(length, 1 if how == "tbc" else 0))
        out.append(Event(f"e{i}", f"Event {i}", begin, end, participants=tuple(who), venue=where, contacts=tuple(contacts),
                         time_tbc=how == "tbc", status="cancelled" if how == "cancelled" else "confirmed", overlap_ok=how == "overlap_ok"))
    return out


def _office_on_disk(root: Path, visits: list[list[tuple[int, int, list[str], str | None, list[str], str]]], buffer: int) -> Path:
    office = root / "office"
    create_office(office, Office("protocol", "Protocol", buffer_minutes=buffer, contacts=CONTACTS))
    write_file(office / "people.toml", [codec.dumps_people(tuple(Person(p, p.title()) for p in PEOPLE)).encode()])
    write_file(office / "venues.toml", [codec.dumps_venues(VENUES, (TravelLeg("hall", "hotel", 30),)).encode()])
    for n, specs in enumerate(visits):
        folder = office / f"v{n}"
        create(folder, Visit(f"visit-{n}", f"Visit {n}", dt.date(2026, 5, 21), dt.date(2026, 5, 21), ""))
        for event in _events(specs):
            write_file(folder / codec.event_file_name(event.id), [codec.dumps_event(event).encode()])
    return office


def _key(f: Finding) -> tuple[object, ...]:
    return f.kind, f.severity, f.events, f.people, f.message, f.minutes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(event_specs, min_size=2, max_size=3), st.sampled_from([0, 10, 45]), st.data())
def test_office_check_of_a_visit_is_exactly_check_inside_it(tmp_path_factory: object, visits: list[object], buffer: int, data: st.DataObject) -> None:
    root = tmp_path_factory.mktemp("office")  # type: ignore[attr-defined]
    office = _office_on_disk(root, visits, buffer)  # type: ignore[arg-type]
    found = check_office(office)
    for index, name in enumerate(found.visits.names):
        library = Library.open(office / name)
        inside = library.findings(library.programme())
        assert {_key(f) for f in found.of_visit(index)} == {_key(f) for f in inside}, name
        assert len(inside) == len({_key(f) for f in inside})
        person = data.draw(st.sampled_from(PEOPLE))
        for_person = library.findings(library.programme(), person=person)
        assert {f[:3] for f in map(_key, for_person)} <= {f[:3] for f in map(_key, inside)}  # the same problems, for one person
    crossing_errors = sum(c.severity == "error" for c in found.crossings)
    assert found.errors == sum(sum(f.severity == "error" for f in own) for own in found.own) + crossing_errors


def test_every_view_writes_a_window_across_days_with_both_dates() -> None:
    from itinerary.core.spans import span_text
    from itinerary.formats import booktext
    from itinerary.ui.marks import time_range

    window = Event("w", "Business leaders", dt.datetime(2026, 5, 21, 9, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 18, tzinfo=SEOUL), time_tbc=True)
    on_22 = dt.date(2026, 5, 22)
    assert span_text(window.start, window.end, SEOUL, on_22) == "21 May 09:00–22 May 18:00"
    assert span_text(window.start, window.end, SEOUL) == "21 May 09:00–22 May 18:00"
    assert time_range(window, SEOUL, on_22) == "21 May 09:00 –\n22 May 18:00"
    assert booktext.times(window.start, window.end, SEOUL, on_22).en == "21 May 09:00 – 22 May 18:00"
    same_day = Event("s", "Talks", dt.datetime(2026, 5, 22, 9, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 10, tzinfo=SEOUL))
    assert span_text(same_day.start, same_day.end, SEOUL, on_22) == "09:00–10:00" and time_range(same_day, SEOUL, on_22) == "09:00–10:00"
    assert span_text(same_day.start, same_day.end, SEOUL) == "22 May 09:00–10:00"
