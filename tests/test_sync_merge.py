"""Field-level, three-way merges when another client changes the shared calendar: against a real
Radicale and a real Xandikos, each started on loopback for these tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import servers
from servers import USERS

from conftest import Cli
from itinerary.errors import ExitCode

UID = "minister-meeting@ilo-dg-korea-2026.itinerary"
SEOUL = ZoneInfo("Asia/Seoul")
BOOKKEEPING = {"revision", "updated"}


@pytest.fixture
def remote(cli: Cli, server: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    digest = hashlib.sha256(request.node.name.encode()).hexdigest()[:8]
    calendar = request.node.name.replace("_", "-").replace("[", "-").replace("]", "")[:50] + "-" + digest

    def run(command: str, *extra: str, env: dict[str, str] | None = None):  # noqa: ANN202
        return cli(command, "--url", server, "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD", *extra, env=env)

    run.calendar = calendar  # type: ignore[attr-defined]
    run.server = server  # type: ignore[attr-defined]
    return run


def record(data_dir: Path, event_id: str = "minister-meeting") -> dict[str, object]:
    return tomllib.loads((data_dir / f"{event_id}.toml").read_text())


def on_server(remote: object, change: Callable[[icalendar.Event], None]) -> None:
    """Another client (Thunderbird, DAVx⁵, Outlook's connector) edits the event and saves it."""
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        obj = cal.object_by_uid(UID)
        component = obj.icalendar_component
        change(component)
        component["SEQUENCE"] = int(component.get("SEQUENCE", 0)) + 1
        obj.save()


def changed_keys(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} - BOOKKEEPING


def rename(c: icalendar.Event) -> None:
    c["SUMMARY"] = "Talks with Minister Kim Young-hoon"


def move(c: icalendar.Event) -> None:
    del c["DTSTART"], c["DTEND"]
    c.add("dtstart", dt.datetime(2026, 5, 21, 16, 0, tzinfo=SEOUL))
    c.add("dtend", dt.datetime(2026, 5, 21, 17, 0, tzinfo=SEOUL))


def move_day(c: icalendar.Event) -> None:  # its all-day item dragged to the next day
    del c["DTSTART"], c["DTEND"]
    c.add("dtstart", dt.date(2026, 5, 22))
    c.add("dtend", dt.date(2026, 5, 23))


def revenue(c: icalendar.Event) -> None:
    c["LOCATION"] = "Ministry of Employment and Labor, Government Complex Sejong"


def cancel(c: icalendar.Event) -> None:
    c["STATUS"] = "CANCELLED"


def strip_x(c: icalendar.Event) -> None:
    for name in [k for k in c if k.upper().startswith("X-")]:
        del c[name]


@pytest.mark.parametrize(("change", "fields"), [
    (rename, {"title"}),
    (move, {"window_start", "window_end"}),
    (move_day, {"window_start", "window_end"}),
    (revenue, {"venue"}),
    (cancel, {"status"}),
    (strip_x, set()),
])
def test_pull_changes_exactly_the_fields_the_other_client_changed(cli: Cli, data_dir: Path, remote, change, fields: set[str]) -> None:
    assert remote("publish").exit_code == 0
    before = record(data_dir)
    on_server(remote, change)
    result = remote("pull", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    after = record(data_dir)
    assert changed_keys(before, after) == fields, result.output
    if change is move:  # a TBC event keeps its TBC state, and the summary says so
        assert after["time_tbc"] is True and after["window_start"] == dt.datetime(2026, 5, 21, 16, 0)
        assert "still TBC" in result.output and "--time-confirmed" in result.output
    if change is move_day:  # the window moves by a day, its hours kept
        assert after["time_tbc"] is True
        assert (after["window_start"], after["window_end"]) == (dt.datetime(2026, 5, 22, 12, 0), dt.datetime(2026, 5, 22, 18, 0))
    if fields:
        assert "pull" in cli("history", "minister-meeting").output
    assert "nothing to pull" in remote("pull").output
    # what was pulled is not sent back — except where our copy says more: a moved TBC event's description
    # states its new window, a venue taken by name goes back with its address, a copy stripped of the
    # record it carried goes back whole (so that every officer's replica reads the same record there)
    assert ("1 updated, 5 unchanged" if change in (move, move_day, revenue, strip_x) else "0 updated, 6 unchanged") in remote("publish").output


def test_stripped_properties_and_a_rename_keep_everything_else(cli: Cli, data_dir: Path, remote) -> None:
    remote("publish")
    before = record(data_dir)

    def google(c: icalendar.Event) -> None:  # drops what it does not know, renames the event
        strip_x(c)
        del c["DESCRIPTION"]
        rename(c)

    on_server(remote, google)
    assert remote("pull").exit_code == 0
    after = record(data_dir)
    assert changed_keys(before, after) == {"title"}
    for kept in ("title_ko", "kind", "notes", "agenda", "contacts", "attachments", "source", "time_tbc", "participants"):
        assert after[kept] == before[kept], kept


def test_both_sides_change_the_same_field_a_conflict_until_settled(cli: Cli, data_dir: Path, remote) -> None:
    remote("publish")
    cli("edit", "minister-meeting", "--title", "Courtesy call on Minister Kim")
    ours = (data_dir / "minister-meeting.toml").read_bytes()
    on_server(remote, rename)
    result = remote("pull", env={"COLUMNS": "250"})
    assert result.exit_code == ExitCode.CONFLICT
    assert "Courtesy call on Minister Kim" in result.output and "Talks with Minister Kim Young-hoon" in result.output
    assert (data_dir / "minister-meeting.toml").read_bytes() == ours
    assert remote("pull").exit_code == ExitCode.CONFLICT  # still there until settled
    settled = remote("pull", "--theirs")
    assert settled.exit_code == 0, settled.output
    assert record(data_dir)["title"] == "Talks with Minister Kim Young-hoon"
    assert cli("undo").exit_code == 0 and (data_dir / "minister-meeting.toml").read_bytes() == ours


def test_different_fields_on_each_side_are_both_kept(cli: Cli, data_dir: Path, remote) -> None:
    remote("publish")
    cli("edit", "minister-meeting", "--note", "Interpreter: Ms Park")
    on_server(remote, revenue)
    result = remote("pull")
    assert result.exit_code == 0, result.output
    after = record(data_dir)
    assert after["venue"] == "moel-sejong" and after["notes"] == "Interpreter: Ms Park"
    assert "1 updated" in remote("publish").output  # our note goes to the server now
    server_copy = servers.events(remote.server, remote.calendar)[UID]
    assert "Interpreter: Ms Park" in str(server_copy["DESCRIPTION"]) and "Sejong" in str(server_copy["LOCATION"])


def test_ours_keeps_our_value_and_publish_sends_it(cli: Cli, data_dir: Path, remote) -> None:
    remote("publish")
    cli("edit", "minister-meeting", "--title", "Courtesy call on Minister Kim")
    on_server(remote, rename)
    assert remote("pull").exit_code == ExitCode.CONFLICT
    assert remote("pull", "--ours").exit_code == 0
    assert record(data_dir)["title"] == "Courtesy call on Minister Kim"
    assert "1 updated" in remote("publish").output
    assert str(servers.events(remote.server, remote.calendar)[UID]["SUMMARY"]).startswith("Courtesy call on Minister Kim")


def test_a_text_longer_than_a_record_holds_is_never_cut_nor_published_back_cut(cli: Cli, data_dir: Path, remote) -> None:
    assert remote("publish").exit_code == 0
    before = (data_dir / "minister-meeting.toml").read_bytes()
    long_text = ("Minutes of the preparatory call. " * 760).strip()  # 25,079 characters: over the 20,000 a record holds

    def annotate(c: icalendar.Event) -> None:
        c["DESCRIPTION"] = long_text

    on_server(remote, annotate)
    pulled = remote("pull", env={"COLUMNS": "250"})
    assert pulled.exit_code == 0, pulled.output
    said = " ".join(pulled.output.split())
    assert re.search(r"skipped minister-meeting their notes cannot be taken: text of 25,?0\d\d characters is over the limit of 20,?000", said), said
    assert (data_dir / "minister-meeting.toml").read_bytes() == before  # not taken in part
    assert remote("publish").exit_code == 0
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        assert str(cal.object_by_uid(UID).icalendar_component["DESCRIPTION"]) == long_text  # their copy, whole
    assert cli("edit", "minister-meeting", "--title", "Meeting with the Minister").exit_code == 0
    again = remote("publish")
    assert again.exit_code == ExitCode.CONFLICT and "pull" in again.output  # our edit never goes over their text
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        assert str(cal.object_by_uid(UID).icalendar_component["DESCRIPTION"]) == long_text


def test_a_sync_never_writes_over_a_text_longer_than_a_record_holds(cli: Cli, data_dir: Path, remote) -> None:
    assert remote("publish").exit_code == 0
    before = (data_dir / "minister-meeting.toml").read_bytes()
    long_text = ("Minutes of the preparatory call. " * 760).strip()
    on_server(remote, lambda c: c.__setitem__("DESCRIPTION", long_text))
    synced = cli("sync", env={"COLUMNS": "250"})
    said = " ".join(synced.output.split())
    assert synced.exit_code == 0, said
    assert re.search(r"skipped minister-meeting their notes cannot be taken: text of 25,?079 characters is over the limit of 20,?000", said), said
    assert (data_dir / "minister-meeting.toml").read_bytes() == before
    assert cli("edit", "minister-meeting", "--title", "Meeting with the Minister").exit_code == 0
    for _ in range(2):  # told at every sync while the server's copy holds the text
        again = cli("sync", env={"COLUMNS": "250"})
        said = " ".join(again.output.split())
        assert again.exit_code == ExitCode.CONFLICT, said
        assert f"{UID} not sent: its copy on the server cannot be taken" in said and "skipped minister-meeting" in said, said
    assert record(data_dir)["title"] == "Meeting with the Minister"  # kept here
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        component = cal.object_by_uid(UID).icalendar_component
        assert str(component["DESCRIPTION"]) == long_text and str(component["SUMMARY"]) != "Meeting with the Minister"


def cut_here_by_an_earlier_version(remote, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: ANN001
    """The event's notes on the server are long; a pull by the version before this one cut them
    here at 20,000 characters (as it did). The whole text."""
    from itinerary.core import merge

    assert remote("publish").exit_code == 0
    long_text = ("Minutes of the preparatory call. " * 760).strip()
    on_server(remote, lambda c: c.__setitem__("DESCRIPTION", long_text))
    with monkeypatch.context() as older:
        older.setattr(merge, "clean_text", lambda text: text[:20_000])
        assert remote("pull").exit_code == 0
    assert len(str(record(data_dir)["notes"])) == 20_000
    return long_text


def test_a_record_an_earlier_version_cut_is_never_synced_over_the_whole_text(cli: Cli, data_dir: Path, remote,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = cut_here_by_an_earlier_version(remote, data_dir, monkeypatch)
    synced = cli("sync", env={"COLUMNS": "250"})
    said = " ".join(synced.output.split())
    assert synced.exit_code == ExitCode.CONFLICT, said
    assert f"{UID} not sent: notes cut at 20,000 characters here, 25,079 on the server" in said, said
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        assert str(cal.object_by_uid(UID).icalendar_component["DESCRIPTION"]) == long_text


def test_a_record_an_earlier_version_cut_is_never_published_over_the_whole_text(cli: Cli, data_dir: Path, remote,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = cut_here_by_an_earlier_version(remote, data_dir, monkeypatch)
    assert cli("edit", "minister-meeting", "--title", "Meeting with the Minister").exit_code == 0
    published = remote("publish", env={"COLUMNS": "250"})
    said = " ".join(published.output.split())
    assert published.exit_code == ExitCode.CONFLICT, said
    assert f"{UID} not sent: notes cut at 20,000 characters here, 25,079 on the server" in said, said
    with servers.calendar(remote.server, remote.calendar) as cal:  # type: ignore[attr-defined]
        assert str(cal.object_by_uid(UID).icalendar_component["DESCRIPTION"]) == long_text
