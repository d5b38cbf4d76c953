"""An office of many visits: one shared directory, clashes across visits, adopting a visit."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SHIPPED, folder_hash
from itinerary.changes import adopt as adopting
from itinerary.cli import app
from itinerary.core.office import crossings
from itinerary.errors import ExitCode, StorageError
from itinerary.formats import codec
from itinerary.model import Contact, Directory, Event, Office, Person, Programme, TravelLeg, Venue, Visit, layered
from itinerary.storage.store import Store

SEOUL = ZoneInfo("Asia/Seoul")

# The README's walk-through ("An office with several visits"), command by command; "! " marks
# the commands that must be refused (exit 5). A test reads the README, so the two never disagree.
WALK = [
    'itinerary office init protocol --name "International Cooperation Division" --name-ko "국제협력담당관실"',
    "itinerary --data protocol office adopt events --as ilo-dg-2026-05",
    'itinerary --data protocol venue add presidential-office --name "Presidential Office" --name-ko "대통령실" --city Seoul --exclusive',
    'itinerary init protocol/oecd-2026-05 --title "Visit of the OECD Secretary-General" --first-day 2026-05-20 --last-day 2026-05-22 --home-zone Europe/Paris --home-label Paris',
    'itinerary --data protocol/oecd-2026-05 person add cormann --name "Mathias Cormann" --role "Secretary-General, OECD" --home-zone Europe/Paris',
    "itinerary --data protocol/oecd-2026-05 visit edit --guest cormann",
    'itinerary --data protocol/ilo-dg-2026-05 edit minister-meeting --start "21 May 16:00" --duration 1h --venue moel-sejong --source "Minister\'s office, call of 12 May"',
    '! itinerary --data protocol/oecd-2026-05 add --id minister-call --title "Call on the Minister" --start "21 May 16:30" --duration 45m --with cormann,kim-younghoon --venue moel-sejong',
    'itinerary --data protocol/oecd-2026-05 add --id minister-call --title "Call on the Minister" --start "21 May 17:15" --duration 45m --with cormann,kim-younghoon --venue moel-sejong',
    'itinerary --data protocol/ilo-dg-2026-05 edit president-meeting --start "22 May 10:00" --duration 45m --venue presidential-office',
    '! itinerary --data protocol/oecd-2026-05 add --id president-call --title "Courtesy call on the President" --start "22 May 10:30" --duration 30m --with cormann,president --venue presidential-office',
    'itinerary --data protocol/oecd-2026-05 add --id president-call --title "Courtesy call on the President" --start "22 May 10:30" --duration 30m --with cormann,president --venue presidential-office --force',
    "! itinerary --data protocol office check",
    'itinerary --data protocol office timeline --week "21 May 2026" --person kim-younghoon',
    'itinerary --data protocol office free --person kim-younghoon --day "21 May 2026" --duration 30m',
]


def walk_from_readme() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## An office with several visits", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.startswith("itinerary")]


def installed() -> list[str]:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    return [found] if found else [sys.executable, "-m", "itinerary"]


def sh(cwd: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run one line of the walk-through with the installed command, as an officer would."""
    args = shlex.split(command.removeprefix("! "))
    env = {**os.environ, "COLUMNS": "200", "ITINERARY_BY": "Lee Kang-yeon"}
    result = subprocess.run([*installed(), *args[1:]], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    expected = ExitCode.CONFLICT if command.startswith("! ") else 0
    assert result.returncode == expected, (command, result.stdout, result.stderr)
    return result


def test_the_readme_walk_through_is_this_test() -> None:
    assert walk_from_readme() == [c.removeprefix("! ") for c in WALK]


def test_an_office_of_two_visits_sharing_the_minister_and_the_presidential_office(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    shipped = {p.name: p.read_bytes() for p in (tmp_path / "events").iterdir() if p.is_file()}
    out = {}
    for step in WALK[:2]:
        out[step] = sh(tmp_path, step)
    office, ilo = tmp_path / "protocol", tmp_path / "protocol" / "ilo-dg-2026-05"
    # adopting keeps every record byte for byte but the directory that moved to the office
    moved = {"people.toml", "venues.toml", "visit.toml", "journal.jsonl"}
    for name, data in shipped.items():
        if name not in moved:
            assert (ilo / name).read_bytes() == data, name
    assert not (ilo / "people.toml").exists() and not (ilo / "venues.toml").exists()
    old_visit, new_visit = codec.loads_visit(shipped["visit.toml"]), codec.loads_visit((ilo / "visit.toml").read_bytes())
    assert new_visit == Visit(**{**old_visit.__dict__, "contacts": ()})  # only its contacts moved
    assert (office / "people.toml").read_bytes() == shipped["people.toml"]  # moved whole, in order
    assert (office / "venues.toml").read_bytes() == shipped["venues.toml"]
    for step in WALK[2:]:
        out[step] = sh(tmp_path, step)
    refused = out[WALK[7]]
    assert "'Meeting: Minister Kim Young-hoon - Director-General Houngbo' (ilo-dg-2026-05, 21 May 16:00–17:00)" in refused.stderr
    assert "'Call on the Minister' (oecd-2026-05, 21 May 16:30–17:15) overlap by 30 min" in refused.stderr
    assert "start = 2026-05-21 17:15:00" in (office / "oecd-2026-05" / "minister-call.toml").read_text()  # the refused time never was
    venue_refused = out[WALK[10]].stderr
    assert "Presidential Office (exclusive) is booked by two visits at once: 'Meeting with the President' (ilo-dg-2026-05" in venue_refused
    checked = out[WALK[12]].stdout
    assert "Between visits (2)" in checked and "overlap by 15 min" in checked and "(exclusive) is booked by two visits at once" in checked
    week = out[WALK[13]].stdout
    assert "Call on the Minister" in week and "Meeting: Minister Kim" in week and "ilo-dg-2026-05" in week and "oecd-2026-05" in week
    free = out[WALK[14]].stdout
    assert "08:00–15:50 (470 min)" in free and "18:10–20:00" in free  # 16:00–17:00 and 17:15–18:00, with the 10-min buffer
    # each visit still works alone with the README's commands, its data folder found from inside
    for folder in (ilo, office / "oecd-2026-05"):
        timeline = subprocess.run([*installed(), "timeline"], cwd=folder, capture_output=True, text=True, timeout=60,
                                  env={**os.environ, "COLUMNS": "200"})
        assert timeline.returncode == 0, timeline.stderr
    assert "Meeting with the President (visit ilo-dg-2026-05)" in subprocess.run(
        [*installed(), "timeline", "--day", "22 May"], cwd=office / "oecd-2026-05", capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "200"}).stdout


# --- the directory, layered -----------------------------------------------------------------------


def test_a_visit_s_own_record_wins_over_the_office_s() -> None:
    shared = Directory((Person("kim", "Kim A"), Person("lee", "Lee")), (Venue("hall", "Hall"),), (TravelLeg("hall", "hotel", 30),),
                       (Contact("desk", "Desk"),))
    own = Directory((Person("kim", "Kim A", title="Minister"),), (Venue("hotel", "Hotel"),), (TravelLeg("hotel", "hall", 45, one_way=True),), ())
    merged = layered(shared, own)
    assert [p.title for p in merged.people if p.id == "kim"] == ["Minister"] and {p.id for p in merged.people} == {"kim", "lee"}
    assert merged.travel == (TravelLeg("hotel", "hall", 45, one_way=True),)  # the visit's leg for the pair replaces the office's
    assert merged.contacts == (Contact("desk", "Desk"),)


def test_an_office_folder_is_not_a_visit(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["office", "init", str(tmp_path / "o"), "--name", "Protocol"]).exit_code == 0
    result = runner.invoke(app, ["--data", str(tmp_path / "o"), "timeline"])
    assert result.exit_code == ExitCode.USAGE and "is an office, not a visit" in result.output
    assert runner.invoke(app, ["--data", str(tmp_path / "o"), "person", "add", "kim", "--name", "Kim"]).exit_code == 0
    assert "kim" in runner.invoke(app, ["--data", str(tmp_path / "o"), "people"], env={"COLUMNS": "200"}).output
    assert "person add kim" in runner.invoke(app, ["--data", str(tmp_path / "o"), "history"], env={"COLUMNS": "200"}).output
    assert runner.invoke(app, ["--data", str(tmp_path / "o"), "undo"]).exit_code == 0
    assert "kim" not in (tmp_path / "o" / "people.toml").read_text()
    assert runner.invoke(app, ["office", "init", str(tmp_path / "o"), "--name", "Again"]).exit_code == ExitCode.STORAGE


def _office(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An office with the shipped visit adopted and an empty second visit."""
    runner = CliRunner()
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    office = tmp_path / "office"
    for args in (["office", "init", str(office), "--name", "Protocol"], ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo"],
                 ["init", str(office / "b"), "--title", "Visit B", "--first-day", "2026-05-21", "--last-day", "2026-05-22"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    return office, office / "ilo", office / "b"


def test_the_office_s_directory_change_is_checked_in_every_visit(tmp_path: Path) -> None:
    office, ilo, b = _office(tmp_path)
    runner = CliRunner()
    before = folder_hash(office)
    removed = runner.invoke(app, ["--data", str(b), "person", "remove", "kim-younghoon"])
    assert removed.exit_code == ExitCode.INVALID_DATA and "still used in the visit ilo by" in removed.output and "minister-meeting" in removed.output
    assert folder_hash(office) == before
    # an event of each visit at the employment centre at once: harmless until it is exclusive
    assert runner.invoke(app, ["--data", str(ilo), "edit", "seoul-employment-center-visit", "--start", "22 May 10:00", "--duration", "1h"]).exit_code == 0
    assert runner.invoke(app, ["--data", str(b), "add", "--title", "Site visit", "--start", "22 May 10:30", "--duration", "1h",
                               "--venue", "seoul-employment-center"]).exit_code == 0
    exclusive = runner.invoke(app, ["--data", str(b), "venue", "edit", "seoul-employment-center", "--exclusive"])
    assert exclusive.exit_code == ExitCode.CONFLICT and "in the visit ilo:" in exclusive.output and "in the visit b:" in exclusive.output
    assert "exclusive" not in (office / "venues.toml").read_text()
    assert runner.invoke(app, ["--data", str(b), "venue", "edit", "seoul-employment-center", "--exclusive", "--force"]).exit_code == 0
    assert "exclusive = true" in (office / "venues.toml").read_text()


def test_a_visit_may_keep_its_own_person_and_the_office_still_sees_one_id(tmp_path: Path) -> None:
    office, ilo, b = _office(tmp_path)
    runner = CliRunner()
    local = runner.invoke(app, ["--data", str(b), "person", "add", "interpreter", "--name", "Park", "--local"])
    assert local.exit_code == 0 and "for this visit only" in local.output
    assert (b / "people.toml").exists() and "interpreter" not in (office / "people.toml").read_text()
    edited = runner.invoke(app, ["--data", str(b), "person", "edit", "houngbo", "--role", "DG"])
    assert edited.exit_code == 0 and "office's directory" in edited.output and 'title = "DG"' in (office / "people.toml").read_text()
    listed = runner.invoke(app, ["--data", str(b), "people"], env={"COLUMNS": "200"}).output
    assert "visit" in listed.split("interpreter", 1)[1].splitlines()[0] and "office" in listed.split("houngbo", 1)[1].splitlines()[0]


def test_a_change_in_one_visit_waits_for_a_change_in_another_then_sees_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office, ilo, b = _office(tmp_path)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with Store.at(ilo).locked():  # a colleague's change of the other visit, under way
            held.set()
            release.wait(20)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        from itinerary.storage import locks

        monkeypatch.setattr(locks, "LOCK_TIMEOUT", 1.0)
        add = ["--data", str(b), "add", "--title", "Arrival", "--start", "21 May 09:00", "--duration", "30m"]
        before = folder_hash(b)
        refused = CliRunner().invoke(app, add)
        assert refused.exit_code == ExitCode.STORAGE, refused.output
        assert f"{ilo} is locked by another change: waited 1 s" in " ".join(refused.output.split()) and folder_hash(b) == before
        monkeypatch.undo()
        threading.Timer(1.0, release.set).start()
        started = time.monotonic()
        result = CliRunner().invoke(app, add)
        assert result.exit_code == 0, result.output
        assert time.monotonic() - started >= 0.9  # it waited for the other visit's change to end
    finally:
        release.set()
        holder.join()


def _office_of_visits(root: Path, count: int) -> tuple[Path, list[Path]]:
    """An office of ``count`` visits of 21 May 2026 sharing three people; each visit already holds
    300 events of the office's staff (so a change takes as long as it does in a real office)."""
    runner = CliRunner()
    office = root / "office"
    steps = [["office", "init", str(office), "--name", "Protocol"]]
    steps += [["--data", str(office), "person", "add", pid, "--name", pid.title()] for pid in ("kim", "lee", "park", "staff")]
    steps += [["init", str(office / f"v{n}"), "--title", f"Visit {n}", "--first-day", "2026-05-21", "--last-day", "2026-05-21"]
              for n in range(count)]
    for args in steps:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    midnight = dt.datetime(2026, 5, 21, tzinfo=SEOUL)
    for n in range(count):
        for i in range(300):
            start = midnight + dt.timedelta(minutes=i)
            event = Event(f"desk-{i}", f"Desk duty {i}", start, start + dt.timedelta(minutes=1), participants=("staff",), overlap_ok=True)
            (office / f"v{n}" / f"{event.id}.toml").write_text(codec.dumps_event(event), encoding="utf-8")
    return office, [office / f"v{n}" for n in range(count)]


def _overlaps(visits: list[Path]) -> list[tuple[str, str, str]]:
    """Every pair of accepted events of one person that overlap, across and within the visits."""
    events = [(v.name, e) for v in visits for e in Store.at(v).load().events if not e.cancelled and not e.overlap_ok]
    found = []
    for i, (va, a) in enumerate(events):
        for vb, b in events[i + 1:]:
            for person in set(a.participants) & set(b.participants):
                if a.start < b.end and b.start < a.end:
                    found.append((person, f"{va}/{a.id}", f"{vb}/{b.id}"))
    return found


def _race(root: Path, seed: int) -> tuple[int, int]:
    """One round: 2–4 visits, 20 adds of shared people started at random moments, each by the
    installed command; the accepted never overlap. Returns (accepted, refused)."""
    import random

    chance = random.Random(seed)
    office, visits = _office_of_visits(root, chance.randint(2, 4))
    adds = []
    for n in range(20):
        who = ",".join(sorted(chance.sample(["kim", "lee", "park"], chance.randint(1, 2))))
        start = chance.choice(["09:00", "09:30", "10:00"])
        args = ["--data", str(chance.choice(visits)), "add", "--id", f"meeting-{n}", "--title", f"Meeting {n}",
                "--start", f"21 May {start}", "--duration", "1h", "--with", who]
        adds.append((chance.uniform(0, 0.3), args))
    env = {**os.environ, "ITINERARY_CACHE": str(root / "cache")}  # a cache of its own, cold as after `cache clear`
    running = []
    began = time.monotonic()
    for delay, args in sorted(adds):
        time.sleep(max(0.0, began + delay - time.monotonic()))
        running.append((args, subprocess.Popen([*installed(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)))
    codes = []
    for args, process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode in (0, ExitCode.CONFLICT), (seed, args, out, err)
        codes.append(process.returncode)
    clashes = _overlaps(visits)
    assert not clashes, (seed, clashes)
    assert codes.count(0) == sum(len(Store.at(v).load().events) - 300 for v in visits), seed
    return codes.count(0), codes.count(ExitCode.CONFLICT)


@pytest.mark.e2e
def test_concurrent_adds_in_the_visits_of_an_office_never_accept_two_overlapping_events_of_one_person(tmp_path: Path) -> None:
    accepted, refused = _race(tmp_path, seed=1)  # one round by default; the slow test runs many
    assert accepted > 0 and refused > 0  # the adds did race for the same people


@pytest.mark.e2e
@pytest.mark.slow
def test_concurrent_adds_in_an_office_many_rounds(tmp_path: Path) -> None:
    rounds = int(os.environ.get("ITINERARY_RACE_ROUNDS", "2"))  # more before a release: ITINERARY_RACE_ROUNDS=20
    for seed in range(2, 2 + rounds):
        _race(tmp_path / f"round-{seed}", seed)


# --- adopting ---------------------------------------------------------------------------------------


def test_adopting_sorts_each_record_into_moved_merged_kept_or_renamed() -> None:
    shared = Directory((Person("kim", "Kim Young-hoon"), Person("park", "Park Ji-won"), Person("lee", "Lee")), (Venue("hall", "City Hall"),))
    own = Directory(
        (Person("kim", "Kim Young-hoon"), Person("park", "Park Ji-won", title="Interpreter"), Person("lee", "Lee Min-ho"), Person("new", "New")),
        (Venue("hall", "City Hall"), Venue("hotel", "Hotel")), (TravelLeg("hotel", "hall", 20),),
    )
    found = adopting.plan(own, shared)
    actions = {(o.kind, o.id): o.action for o in found.outcomes}
    assert actions == {("person", "kim"): "merged", ("person", "park"): "kept", ("person", "lee"): "renamed", ("person", "new"): "moved",
                       ("venue", "hall"): "merged", ("venue", "hotel"): "moved", ("leg", "hotel → hall"): "moved"}
    assert found.renames["person"] == {"lee": "lee-2"} and [p.id for p in found.joins.people] == ["lee-2", "new"]
    assert [p.id for p in found.keeps.people] == ["park"]


def test_a_renamed_person_is_followed_by_the_events(tmp_path: Path) -> None:
    runner = CliRunner()
    office = tmp_path / "office"
    assert runner.invoke(app, ["office", "init", str(office), "--name", "Protocol"]).exit_code == 0
    assert runner.invoke(app, ["--data", str(office), "person", "add", "president", "--name", "President of France"]).exit_code == 0
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    result = runner.invoke(app, ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "renamed" in result.output and "president-2" in result.output
    assert 'participants = [\n    "houngbo",\n    "president-2",\n]' in (office / "ilo" / "president-meeting.toml").read_text()
    assert runner.invoke(app, ["--data", str(office / "ilo"), "check"]).exit_code == 0


def test_an_interrupted_adoption_is_finished_by_running_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    office = tmp_path / "office"
    assert runner.invoke(app, ["office", "init", str(office), "--name", "Protocol"]).exit_code == 0
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    records = {p.name: p.read_bytes() for p in (tmp_path / "events").glob("*-*.toml")}

    def power_cut(*_: object) -> None:
        raise StorageError("the disk went away")

    monkeypatch.setattr(adopting, "_move", power_cut)
    assert runner.invoke(app, ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo"]).exit_code == ExitCode.STORAGE
    assert "houngbo" in (office / "people.toml").read_text() and (tmp_path / "events" / "people.toml").exists()  # both still hold it
    assert runner.invoke(app, ["--data", str(tmp_path / "events"), "check"]).exit_code == 0
    monkeypatch.undo()
    again = runner.invoke(app, ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", "ilo"], env={"COLUMNS": "200"})
    assert again.exit_code == 0 and "merged" in again.output and "moved" not in again.output
    assert {p.name: p.read_bytes() for p in (office / "ilo").glob("*-*.toml")} == records
    assert runner.invoke(app, ["--data", str(office / "ilo"), "check"]).exit_code == 0


def test_adopt_refuses_a_name_taken_and_a_visit_of_another_office(tmp_path: Path) -> None:
    office, ilo, b = _office(tmp_path)
    runner = CliRunner()
    other = tmp_path / "other"
    assert runner.invoke(app, ["office", "init", str(other), "--name", "Other"]).exit_code == 0
    assert runner.invoke(app, ["--data", str(other), "office", "adopt", str(ilo)]).exit_code == ExitCode.USAGE
    shutil.copytree(SHIPPED, tmp_path / "again", ignore=shutil.ignore_patterns(".*"))
    taken = runner.invoke(app, ["--data", str(office), "office", "adopt", str(tmp_path / "again"), "--as", "b"])
    assert taken.exit_code == ExitCode.USAGE and "already exists" in taken.output


@pytest.mark.parametrize("name", ["../../../x", "../outside", "ABSOLUTE", "..", ".hidden", "a/b", "tab\tname"])
def test_adopt_as_takes_one_folder_name_never_a_path(tmp_path: Path, name: str) -> None:
    name = str(tmp_path / "elsewhere") if name == "ABSOLUTE" else name
    runner = CliRunner()
    office = tmp_path / "deep" / "er" / "office"
    assert runner.invoke(app, ["office", "init", str(office), "--name", "Protocol"]).exit_code == 0
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    before_visit, before_office = folder_hash(tmp_path / "events"), folder_hash(office)
    result = runner.invoke(app, ["--data", str(office), "office", "adopt", str(tmp_path / "events"), "--as", name])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "give one folder name, not a path" in " ".join(result.output.split())
    assert folder_hash(tmp_path / "events") == before_visit and folder_hash(office) == before_office  # nothing moved, nothing joined
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "events"]


# --- across visits: the sweep against a brute-force oracle ---------------------------------------


def _visit_programme(name: str, spans: list[tuple[int, int, tuple[str, ...], str | None]]) -> Programme:
    visit = Visit(name, name, dt.date(2026, 5, 21), dt.date(2026, 5, 21), "")
    base = dt.datetime(2026, 5, 21, 8, tzinfo=SEOUL)
    events = tuple(
        Event(f"e{i}", f"Event {i}", base + dt.timedelta(minutes=15 * s), base + dt.timedelta(minutes=15 * e), participants=who, venue=where)
        for i, (s, e, who, where) in enumerate(spans)
    )
    people = tuple(Person(p, p.title()) for p in ("kim", "lee", "park"))
    venues = (Venue("hall", "Hall", exclusive=True), Venue("hotel", "Hotel"))
    return Programme(visit, people, venues, (TravelLeg("hall", "hotel", 30),), events)


span_lists = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 6), st.lists(st.sampled_from(["kim", "lee", "park"]), unique=True, max_size=2),
              st.sampled_from([None, "hall", "hotel"])).map(lambda t: (t[0], t[0] + t[1], tuple(t[2]), t[3])),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(span_lists, min_size=2, max_size=3))
def test_clashes_between_visits_agree_with_every_pair_compared(visits: list[list[tuple[int, int, tuple[str, ...], str | None]]]) -> None:
    programmes = [_visit_programme(f"v{i}", spans) for i, spans in enumerate(visits)]
    found = crossings(Office("o", "Office"), programmes)
    got = {(c.kind, c.events, p) for c in found if c.kind in ("overlap", "venue") for p in (c.people or ("",))}
    want = set()
    everything = [(p.visit.id, e) for p in programmes for e in p.events]
    for i, (va, a) in enumerate(everything):
        for vb, b in everything[i + 1:]:
            if va == vb or not (a.start < b.end and b.start < a.end):
                continue
            first, second = sorted([(va, a), (vb, b)], key=lambda x: (x[1].start, x[1].end, f"{x[0]}/{x[1].id}"))
            key = ((first[0], first[1].id), (second[0], second[1].id))
            want |= {("overlap", key, p) for p in set(a.participants) & set(b.participants)}
            if a.venue == b.venue == "hall":
                want.add(("venue", key, ""))
    assert got == want


def test_office_check_and_timeline_as_json(tmp_path: Path) -> None:
    office, ilo, b = _office(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["--data", str(ilo), "edit", "minister-meeting", "--start", "21 May 16:00", "--duration", "1h"]).exit_code == 0
    assert runner.invoke(app, ["--data", str(b), "add", "--id", "x", "--title", "X", "--start", "21 May 16:30", "--duration", "1h",
                               "--with", "kim-younghoon", "--force"]).exit_code == 0
    checked = runner.invoke(app, ["--data", str(office), "office", "check", "--json"])
    data = json.loads(checked.stdout)
    assert checked.exit_code == ExitCode.CONFLICT and data["format"] == "itinerary.office-check/1"
    assert data["between_visits"][0]["events"] == [{"visit": "ilo", "event": "minister-meeting"}, {"visit": "b", "event": "x"}]
    assert [v["folder"] for v in data["visits"]] == ["b", "ilo"] and [v["errors"] for v in data["visits"]] == [1, 1] and data["errors"] == 1
    assert [f["events"] for f in data["visits"][0]["findings"] if f["kind"] == "overlap"] == [["ilo/minister-meeting", "x"]]
    day = json.loads(runner.invoke(app, ["--data", str(b), "office", "timeline", "--day", "2026-05-21", "--person", "kim-younghoon", "--json"]).stdout)
    assert [(row["visit"], row["id"]) for row in day] == [("ilo", "minister-meeting"), ("b", "x")]
    wrong = runner.invoke(app, ["--data", str(office), "office", "timeline", "--day", "2026-05-21", "--person", "kim-younghon"])
    assert wrong.exit_code == ExitCode.NOT_FOUND and "did you mean 'kim-younghoon'" in wrong.output
