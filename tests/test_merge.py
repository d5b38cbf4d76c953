"""The three-way, field-level merge: pure unit tests, then an import round trip through another app."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import SHIPPED, Cli, folder_hash
from itinerary.core import merge
from itinerary.core.calview import Incoming, View, notes_in, view_of, window_days
from itinerary.errors import ExitCode
from itinerary.model import FULL, Event, Programme
from itinerary.storage.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
NOW = dt.datetime(2026, 5, 20, tzinfo=dt.UTC)
PROGRAMME = Store.at(SHIPPED).load()


def minister() -> Event:
    event = PROGRAMME.event("minister-meeting")
    assert event is not None
    return event


def copy_of(event: Event, **changes: object) -> Incoming:
    """What a calendar app gives back for ``event``: what iCalendar carries, nothing of ours (an
    event whose time is to be confirmed is an all-day item on its window's days, free)."""
    view = view_of(PROGRAMME, event, FULL)
    start, end = event.start, event.end
    if event.time_tbc:
        first, after = window_days(event)
        start, end = (dt.datetime.combine(day, dt.time(), SEOUL) for day in (first, after))
    fields: dict[str, object] = {
        "uid": PROGRAMME.uid(event), "sequence": 1, "summary": view.title + " (time TBC)", "start": start,
        "end": end, "zone": event.zone, "status": view.status or "", "location": view.location or "",
        "description": view.description, "attendees": tuple(sorted(view.attendees or ())), "klass": view.visibility or "",
        "all_day": event.time_tbc, "transparent": view.transparent,
    }
    fields.update(changes)
    return Incoming(**fields)  # type: ignore[arg-type]


def plan(programme: Programme, item: Incoming, base: View | None, **options: object) -> merge.Change:
    [change] = merge.plan(programme, [item], now=NOW, bases={item.uid: base} if base else {}, **options).changes  # type: ignore[arg-type]
    return change


BASE = view_of(PROGRAMME, minister(), FULL)


def test_a_copy_nobody_touched_changes_nothing() -> None:
    assert plan(PROGRAMME, copy_of(minister()), BASE).action == "unchanged"


def test_a_field_changed_on_their_side_only_is_taken_and_nothing_else() -> None:
    change = plan(PROGRAMME, copy_of(minister(), summary="Talks with Minister Kim (time TBC)"), BASE)
    assert change.action == "update" and change.taken == ("title",)
    old, new = minister(), change.event
    assert new.title == "Talks with Minister Kim"
    assert dataclasses.replace(new, title=old.title, revision=old.revision, updated=old.updated) == old


def test_a_field_changed_on_our_side_only_is_kept() -> None:
    ours = dataclasses.replace(minister(), title="Courtesy call on Minister Kim")
    assert plan(PROGRAMME.replacing(ours), copy_of(minister()), BASE).action == "unchanged"


def test_different_fields_on_each_side_merge() -> None:
    ours = dataclasses.replace(minister(), notes="Interpreter: Ms Park")
    moved = copy_of(minister(), start=dt.datetime(2026, 5, 21, 16, tzinfo=SEOUL), end=dt.datetime(2026, 5, 21, 17, tzinfo=SEOUL), all_day=False)
    change = plan(PROGRAMME.replacing(ours), moved, BASE)
    assert change.action == "update" and change.taken == ("time",)
    assert change.event.notes == "Interpreter: Ms Park" and change.event.start.hour == 16 and change.event.time_tbc
    assert any("still TBC" in note for note in change.notes)


def test_a_time_to_be_confirmed_moved_by_a_day_moves_its_window_by_a_day() -> None:
    moved = copy_of(minister(), start=dt.datetime(2026, 5, 22, tzinfo=SEOUL), end=dt.datetime(2026, 5, 23, tzinfo=SEOUL))
    change = plan(PROGRAMME, moved, BASE)
    assert change.action == "update" and change.taken == ("time",)
    new = change.event
    assert (new.start, new.end) == (dt.datetime(2026, 5, 22, 12, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 18, tzinfo=SEOUL))
    assert new.time_tbc and not new.all_day
    assert any("planning window now 22 May 12:00–18:00; still TBC" in note for note in change.notes)


def test_a_time_to_be_confirmed_stretched_over_two_days_keeps_its_hours() -> None:
    stretched = copy_of(minister(), end=dt.datetime(2026, 5, 23, tzinfo=SEOUL))
    new = plan(PROGRAMME, stretched, BASE).event
    assert (new.start, new.end) == (dt.datetime(2026, 5, 21, 12, tzinfo=SEOUL), dt.datetime(2026, 5, 22, 18, tzinfo=SEOUL))


def test_the_same_field_changed_differently_is_a_conflict_until_resolved() -> None:
    ours = PROGRAMME.replacing(dataclasses.replace(minister(), title="Courtesy call"))
    theirs = copy_of(minister(), summary="Talks")
    conflict = plan(ours, theirs, BASE)
    assert conflict.action == "conflict" and conflict.event == ours.event("minister-meeting")
    assert [(c.field, c.ours, c.theirs) for c in conflict.conflicts] == [("title", "Courtesy call", "Talks")]
    assert plan(ours, theirs, BASE, resolve="theirs").event.title == "Talks"
    assert plan(ours, theirs, BASE, resolve="ours").action == "unchanged"


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    ours = PROGRAMME.replacing(dataclasses.replace(minister(), title="Talks"))
    assert plan(ours, copy_of(minister(), summary="Talks"), BASE).action == "unchanged"


def test_what_an_app_drops_is_not_taken_as_cleared() -> None:
    bare = copy_of(minister(), attendees=(), description="", status="", klass="")
    assert plan(PROGRAMME, bare, BASE).action == "unchanged"


def test_a_cancelled_copy_cancels_and_a_venue_is_matched_by_name() -> None:
    change = plan(PROGRAMME, copy_of(minister(), status="CANCELLED", location="Seoul Employment Center"), BASE)
    assert change.event.status == "cancelled" and change.event.venue == "seoul-employment-center"
    unknown = plan(PROGRAMME, copy_of(minister(), location="Lotte Hotel"), BASE)
    assert unknown.action == "unchanged" and any("matches no venue" in n for n in unknown.notes)


def test_without_a_base_only_a_newer_sequence_counts() -> None:
    older = copy_of(minister(), summary="Talks (time TBC)", sequence=0)
    assert plan(PROGRAMME, older, None, sequences={"minister-meeting": 2}).action == "skip"
    newer = dataclasses.replace(older, sequence=3)
    change = plan(PROGRAMME, newer, None, sequences={"minister-meeting": 2})
    assert change.action == "update" and change.event.title == "Talks" and change.event.agenda == minister().agenda


def test_notes_are_read_back_from_the_description() -> None:
    base = View("t", "a", "b", "Asia/Seoul", None, None, False, notes="old", description="Line one\nAgenda:\n1. x\nNotes:\nold")
    assert notes_in("Line one\nAgenda:\n1. x\nNotes:\nnew notes\nsecond line", base) == "new notes\nsecond line"
    assert notes_in("Line one\nAgenda:\n1. x\nadded by hand", base) == "added by hand"


# --- import of a file exported, edited in another app, brought back --------------------------


def edited_in_another_app(exported: Path, target: Path, **replacements: str) -> None:
    """What Outlook or Google write back: our X- properties gone, some properties changed."""
    text = exported.read_text(encoding="utf-8")
    text = re.sub(r"X-ITINERARY-RECORD[^\r\n]*(\r\n [^\r\n]*)*\r\n", "", text)
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")


def test_import_merges_a_copy_edited_elsewhere_field_by_field(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "visit.ics"
    assert cli("export", "-o", str(exported)).exit_code == 0
    edited = tmp_path / "edited.ics"
    edited_in_another_app(exported, edited, **{"SUMMARY:Meeting with the President (time TBC)": "SUMMARY:Courtesy call on the President"})
    cli("edit", "president-meeting", "--note", "Gift: a ceramic vase")  # meanwhile, here
    before = tomllib.loads((data_dir / "president-meeting.toml").read_text())
    result = cli("import", str(edited))
    assert result.exit_code == 0, result.output
    after = tomllib.loads((data_dir / "president-meeting.toml").read_text())
    assert after["title"] == "Courtesy call on the President" and after["notes"] == "Gift: a ceramic vase"
    assert {k for k in before if before[k] != after.get(k)} - {"revision", "updated"} == {"title"}
    assert "1 update" in result.output and "5 unchanged" in result.output


def test_import_conflict_leaves_the_record_until_settled(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "visit.ics"
    cli("export", "-o", str(exported))
    edited = tmp_path / "edited.ics"
    edited_in_another_app(exported, edited, **{"SUMMARY:Meeting with the President (time TBC)": "SUMMARY:Theirs"})
    cli("edit", "president-meeting", "--title", "Ours")
    before = folder_hash(data_dir)
    result = cli("import", str(edited), env={"COLUMNS": "200"})
    assert result.exit_code == ExitCode.CONFLICT and "Ours" in result.output and "Theirs" in result.output
    assert folder_hash(data_dir) == before
    assert cli("import", str(edited), "--theirs").exit_code == 0
    assert tomllib.loads((data_dir / "president-meeting.toml").read_text())["title"] == "Theirs"


def test_an_older_copy_never_undoes_a_newer_export(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.ics"
    cli("export", "-o", str(first))
    cli("edit", "president-meeting", "--title", "Call on the President")
    cli("export", "-o", str(tmp_path / "second.ics"))  # SEQUENCE rises
    edited = tmp_path / "edited.ics"
    edited_in_another_app(first, edited, **{"SUMMARY:Meeting with the President (time TBC)": "SUMMARY:Old copy edited"})
    result = cli("import", str(edited))
    assert result.exit_code == 0 and "older than ours" in result.output
    assert tomllib.loads((data_dir / "president-meeting.toml").read_text())["title"] == "Call on the President"


# --- free ids -----------------------------------------------------------------------------------


class _Counting(set):  # type: ignore[type-arg]
    """A set that counts how often it is asked whether it holds an id."""

    probes = 0

    def __contains__(self, item: object) -> bool:
        type(self).probes += 1
        return super().__contains__(item)


def test_ids_of_one_stem_are_given_in_linear_time_and_match_one_at_a_time() -> None:
    from itinerary.core.agenda import FreeIds, free_id

    taken = {"talks", "talks-2", "talks-5", "lunch"}
    ids = FreeIds(taken)
    one_by_one, given = set(taken), []
    for stem in ["talks"] * 6 + ["lunch", "lunch", "new"]:
        given.append(ids.take(stem))
        assert given[-1] == free_id(stem, one_by_one)
        one_by_one.add(given[-1])
    assert given == ["talks-3", "talks-4", "talks-6", "talks-7", "talks-8", "talks-9", "lunch-2", "lunch-3", "new"]
    many = FreeIds([])
    many._taken = _Counting()  # noqa: SLF001 - count the probes the ids cost
    for _ in range(10_000):
        many.take("every-second")
    assert _Counting.probes < 3 * 10_000  # quadratic was 50 million
