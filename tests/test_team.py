"""A team on one visit, through a real Radicale and a real Xandikos started on loopback: join gives
a whole replica, sync merges field by field with who changed what, conflicts wait to be settled,
and the defects a team met with publish and pull are gone."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import servers
from servers import USERS
from smtpserver import PASSWORD as SMTP_PASSWORD
from smtpserver import USER as SMTP_USER
from smtpserver import mail_server
from teamcli import calendar_of, officers

from conftest import SHIPPED, Cli, folder_hash
from itinerary.errors import ExitCode

UID = "{}@ilo-dg-korea-2026.itinerary"


@pytest.fixture
def team(server: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Runs a command in one officer's folder; the first is the shipped visit (``lee``)."""
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    calendar = calendar_of(request)
    run = officers(tmp_path, {"COLUMNS": "250"})

    def share() -> None:
        run("lee", "sync", "--url", server, "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")

    def join(who: str) -> object:
        return Cli(tmp_path / "lee")("--by", who, "join", server, str(tmp_path / who), "--calendar", calendar, "--user", "officer",
                                     "--password-env", "OFFICER_PASSWORD")

    run.share, run.join, run.folder, run.calendar, run.url = share, join, tmp_path, calendar, server  # type: ignore[attr-defined]
    return run


def record(folder: Path, event_id: str) -> dict[str, object]:
    return tomllib.loads((folder / f"{event_id}.toml").read_text())


def without_moment(html: str) -> str:
    return re.sub(r'<div class="asof">.*?</div>', "", html)


def test_join_gives_a_whole_replica(team, tmp_path: Path) -> None:
    team.share()
    joined = team.join("park")
    assert joined.exit_code == 0, joined.output
    lee, park = tmp_path / "lee", tmp_path / "park"
    records = sorted(p.name for p in lee.iterdir() if p.suffix == ".toml")
    assert records == sorted(p.name for p in park.iterdir() if p.suffix == ".toml")
    for name in records:
        assert (park / name).read_bytes() == (lee / name).read_bytes(), name
    for args in (["check", "--json"], ["timeline", "--json"]):
        assert team("park", *args).output == team("lee", *args).output
    for who in ("lee", "park"):
        team(who, "book", "--audience", "full", "-o", str(tmp_path / f"{who}.html"))
    assert without_moment((tmp_path / "park.html").read_text()) == without_moment((tmp_path / "lee.html").read_text())
    assert "Nothing changed" in team("park", "sync").output


def test_a_visit_published_then_synced_can_be_joined(team, tmp_path: Path) -> None:
    """The defect: a one-way publish leaves the visit's settings out, and the sync after it took the
    folder as in step ("Nothing changed"), so the visit was never shared whole and join refused it."""
    team("lee", "publish", "--url", team.url, "--calendar", team.calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    assert "Nothing changed" not in team("lee", "sync").output
    joined = team.join("park")
    assert joined.exit_code == 0, joined.output
    for args in (["check", "--json"], ["timeline", "--json"]):
        assert team("park", *args).output == team("lee", *args).output


def test_a_partial_copy_never_wipes_the_full_one(team, tmp_path: Path, cli: Cli) -> None:
    """The defect: a folder started empty and filled by pull lacked the people and venues, and its
    publish wiped them from the full folder at the next pull."""
    lee, second = tmp_path / "lee", tmp_path / "second"
    before = {p.name: p.read_bytes() for p in lee.iterdir() if p.suffix == ".toml" and p.name not in ("visit.toml",)}
    remote = ("--url", team.url, "--calendar", team.calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    team("lee", "publish", *remote)
    Cli(tmp_path)("init", str(second), "--title", "Visit of the ILO Director-General", "--first-day", "2026-05-21",
                  "--last-day", "2026-05-22")
    pulled = team("second", "pull", *remote)
    assert "matches no person" not in pulled.output
    visit = record(second, "seoul-employment-center-visit")
    assert visit["venue"] == "seoul-employment-center" and visit["participants"] == ["houngbo"]
    published = team("second", "publish", *remote)
    assert "0 created, 0 updated, 6 unchanged, 0 deleted" in published.output  # nothing it took goes back thinner
    team("lee", "pull", *remote)
    for name, data in before.items():
        assert (lee / name).read_bytes() == data, name


def test_a_confirmation_survives_a_round_trip(team, tmp_path: Path) -> None:
    """The defect: the time-to-be-confirmed flag travelled as STATUS:TENTATIVE, so a confirmed
    meeting came back tentative to the officer who confirmed it."""
    shutil.copytree(SHIPPED, tmp_path / "park", ignore=shutil.ignore_patterns(".*"))
    remote = ("--url", team.url, "--calendar", team.calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    team("lee", "publish", *remote)
    team("park", "pull", *remote)
    team("park", "edit", "president-meeting", "--start", "22 May 10:00", "--duration", "45m", "--status", "confirmed", "--source",
         "Office of the President, call of 12 May")
    team("park", "publish", *remote)
    team("lee", "pull", *remote)
    confirmed = record(tmp_path / "lee", "president-meeting")
    assert confirmed["status"] == "confirmed" and "time_tbc" not in confirmed and "window_start" not in confirmed
    team("lee", "edit", "minister-meeting", "--note", "Interpreter: Ms Park")
    team("lee", "publish", *remote)
    team("park", "pull", *remote)
    meeting = record(tmp_path / "park", "president-meeting")
    assert meeting["status"] == "confirmed" and "time_tbc" not in meeting
    assert (tmp_path / "park" / "president-meeting.toml").read_bytes() == (tmp_path / "lee" / "president-meeting.toml").read_bytes()


def test_history_names_who_changed_what_elsewhere_and_undo_reverts_it(team, tmp_path: Path) -> None:
    """The defect: a pulled change was listed as "pull" with no author."""
    team.share()
    team.join("park")
    team("park", "edit", "president-meeting", "--start", "22 May 10:00", "--duration", "45m", "--status", "confirmed", "--source",
         "Office of the President")
    team("park", "sync")
    taken = team("lee", "sync")
    assert "president-meeting" in taken.output and "park" in taken.output
    history = team("lee", "history", "president-meeting")
    assert "by park" in history.output and "status" in history.output and "time_tbc" in history.output
    data = team("lee", "history", "president-meeting", "--json").output
    assert '"who":"park"' in data
    shipped = (SHIPPED / "president-meeting.toml").read_bytes()
    team("lee", "undo")
    assert (tmp_path / "lee" / "president-meeting.toml").read_bytes() == shipped
    team("lee", "sync")
    team("park", "sync")
    back = record(tmp_path / "park", "president-meeting")
    assert back["time_tbc"] is True and back["status"] == "tentative"
    assert "by lee" in team("park", "history", "president-meeting").output


def test_a_conflict_is_shown_kept_on_each_side_and_settled(team, tmp_path: Path) -> None:
    team.share()
    team.join("park")
    team("lee", "edit", "seoul-employment-center-visit", "--title", "Visit to the Seoul Employment Center (AI services)")
    team("park", "edit", "seoul-employment-center-visit", "--title", "Seoul Employment Center: AI interviews", "--note", "Bus at 13:00")
    team("lee", "sync")
    park_before = record(tmp_path / "park", "seoul-employment-center-visit")
    clash = team("park", "sync", code=ExitCode.CONFLICT)
    assert "Visit to the Seoul Employment Center (AI services)" in clash.output and "Seoul Employment Center: AI interviews" in clash.output
    assert "sync --theirs" in clash.output and "lee" in clash.output
    kept = record(tmp_path / "park", "seoul-employment-center-visit")
    assert kept["title"] == park_before["title"]  # unchanged for that field until settled
    team("lee", "sync")
    assert record(tmp_path / "lee", "seoul-employment-center-visit")["notes"] == "Bus at 13:00"  # the other field merged
    assert record(tmp_path / "lee", "seoul-employment-center-visit")["title"] == "Visit to the Seoul Employment Center (AI services)"
    team("park", "sync", code=ExitCode.CONFLICT)  # still waiting
    settled = team("park", "sync", "--ours")
    assert "Conflicts settled" in settled.output
    team("lee", "sync")
    for who in ("lee", "park"):
        assert record(tmp_path / who, "seoul-employment-center-visit")["title"] == "Seoul Employment Center: AI interviews"


def test_removed_here_and_edited_there_the_edit_survives(team, tmp_path: Path) -> None:
    team.share()
    team.join("park")
    team("lee", "remove", "business-leaders-meeting", "--yes")
    team("park", "edit", "business-leaders-meeting", "--note", "Federation of Korean Industries to confirm")
    team("lee", "sync")
    kept = team("park", "sync")
    assert "deleted on the server, but changed here" in kept.output
    back = team("lee", "sync")
    assert "business-leaders-meeting" in back.output
    assert record(tmp_path / "lee", "business-leaders-meeting")["notes"] == "Federation of Korean Industries to confirm"
    team("park", "remove", "labour-leaders-meeting", "--yes")
    team("park", "sync")
    team("lee", "sync")
    assert not (tmp_path / "lee" / "labour-leaders-meeting.toml").exists()  # unchanged there: removed there too


def test_people_and_venues_travel_as_vcards(team, tmp_path: Path) -> None:
    team.share()
    team.join("park")
    team("park", "venue", "add", "presidential-office", "--name", "Presidential Office", "--name-ko", "대통령실", "--city", "Seoul",
         "--exclusive")
    team("park", "edit", "president-meeting", "--venue", "presidential-office")
    team("park", "person", "edit", "president", "--role", "President of the Republic")
    team("park", "sync")
    team("lee", "sync")
    assert "presidential-office" in (tmp_path / "lee" / "venues.toml").read_text()
    assert record(tmp_path / "lee", "president-meeting")["venue"] == "presidential-office"
    assert (tmp_path / "lee" / "people.toml").read_bytes() == (tmp_path / "park" / "people.toml").read_bytes()
    cards = servers.cards(team.url, f"{team.calendar} — directory")
    office = next(c for c in cards if "presidential-office" in c)
    assert "KIND:location" in office and "FN:Presidential Office" in office and "LANGUAGE=ko:대통령실" in office


def test_nothing_changed_is_one_request_and_writes_nothing(team, tmp_path: Path) -> None:
    from itinerary.changes import team as teamwork
    from itinerary.changes.library import Library
    from itinerary.sync.dav import DavServer
    from itinerary.sync.target import Target

    team.share()
    lib = Library.open(tmp_path / "lee")
    before = folder_hash(tmp_path / "lee")
    state = teamwork.load_state(lib)
    assert state is not None
    with DavServer(Target(state.url, state.name, "officer", USERS["officer"])) as server:
        report = teamwork.sync(lib, server, state)
        assert report.unchanged and server.requests == len({c.rstrip("/").rsplit("/", 1)[0] for c in state.collections})
    assert folder_hash(tmp_path / "lee") == before


def test_an_office_s_directory_is_shared_once_for_all_its_visits(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    shutil.copytree(SHIPPED, tmp_path / "events", ignore=shutil.ignore_patterns(".*"))
    office = Cli(tmp_path / "protocol")
    remote = ("--url", server, "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    name = "Division " + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:8]
    assert Cli(tmp_path)("office", "init", str(tmp_path / "protocol"), "--name", name).exit_code == 0
    assert office("office", "adopt", str(tmp_path / "events"), "--as", "ilo").exit_code == 0
    assert Cli(tmp_path)("init", str(tmp_path / "protocol" / "oecd"), "--title", f"OECD {name}", "--first-day", "2026-05-20",
                         "--last-day", "2026-05-22").exit_code == 0
    ilo, oecd = Cli(tmp_path / "protocol" / "ilo"), Cli(tmp_path / "protocol" / "oecd")
    assert ilo("sync", *remote, "--calendar", f"ILO {name}").exit_code == 0
    assert oecd("sync", *remote, "--calendar", f"OECD {name}").exit_code == 0
    cards = servers.cards(server, f"{name} — directory")
    people = [c for c in cards if "KIND:individual" in c and "person-" in c]
    assert len(people) == 3 and len({c.split("UID:", 1)[1].split()[0] for c in people}) == 3  # once, for both visits
    assert any("KIND:org" in c and name in c for c in cards)
    # a colleague's office folder joins the ILO visit: the office's directory comes into the office
    assert Cli(tmp_path)("office", "init", str(tmp_path / "park"), "--name", name).exit_code == 0
    joined = Cli(tmp_path)("--by", "park", "join", server, str(tmp_path / "park" / "ilo"), "--calendar", f"ILO {name}", "--user", "officer",
                           "--password-env", "OFFICER_PASSWORD")
    assert joined.exit_code == 0, joined.output
    assert (tmp_path / "park" / "people.toml").read_bytes() == (tmp_path / "protocol" / "people.toml").read_bytes()
    copy = Cli(tmp_path / "park" / "ilo")
    for args in (["check", "--json"], ["timeline", "--json"]):
        assert copy(*args).output == ilo(*args).output
    assert Cli(tmp_path / "park")("person", "edit", "president", "--role", "President of the Republic").exit_code == 0
    assert copy("sync").exit_code == 0
    assert oecd("sync").exit_code == 0  # the office's directory comes with any of its visits' syncs
    assert "President of the Republic" in (tmp_path / "protocol" / "people.toml").read_text()
    lonely = Cli(tmp_path)("join", server, str(tmp_path / "alone"), "--calendar", f"ILO {name}", "--user", "officer",
                           "--password-env", "OFFICER_PASSWORD")
    assert lonely.exit_code == ExitCode.USAGE and "office init" in lonely.output


def test_a_reference_the_shared_directory_lacks_is_kept_and_reported(team, tmp_path: Path) -> None:
    from itinerary.sync.dav import DavServer
    from itinerary.sync.target import Target

    team.share()
    with DavServer(Target(team.url, team.calendar, "officer", USERS["officer"])) as phone:  # a phone deletes a contact card
        book = phone.collection(f"{team.calendar} — directory", book=True, create=False)
        [(href, etag)] = [(h, e) for h, e in phone.listing(book, None).changed.items() if h.endswith("person-president.vcf")]
        assert phone.delete(href, etag=etag)
    joined = team.join("park")
    assert joined.exit_code == 0, joined.output
    assert record(tmp_path / "park", "president-meeting")["participants"] == ["houngbo", "president"]  # never dropped
    checked = Cli(tmp_path / "park")("check")
    assert "person 'president' is named by events but not in the shared directory" in checked.output
    assert Cli(tmp_path / "park")("check", "--strict").exit_code == ExitCode.CONFLICT
    assert Cli(tmp_path / "park")("check", "--json").output.splitlines()[0] == Cli(tmp_path / "lee")("check", "--json").output.strip()
    team("park", "sync")  # a placeholder is never sent
    team("lee", "sync")  # the original still names the President: the card is made again
    team("park", "sync")
    assert (tmp_path / "park" / "people.toml").read_bytes() == (tmp_path / "lee" / "people.toml").read_bytes()
    assert "not in the shared directory" not in Cli(tmp_path / "park")("check").output


def test_notices_stay_with_the_folder_that_sends_them_and_a_sync_sends_none(team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The visit's mail settings are settings and travel; the distribution list and the send log
    stay in the folder that numbers the revisions and sends them. A sync or a join sends no mail
    and leaves both as they were; a change taken in by a sync is told in the next revision."""
    lee, park = tmp_path / "lee", tmp_path / "park"
    monkeypatch.setenv("SMTP_PW", SMTP_PASSWORD)
    with mail_server(tmp_path) as mail:
        team("lee", "visit", "edit", "--office-email", "protocol@moel.example", "--mail-server", mail.url, "--mail-user", SMTP_USER,
             "--mail-password-env", "SMTP_PW")
        team("lee", "recipient", "add", "press", "--name", "Press", "--email", "press@moel.example", "--audience", "public", "--lang", "both")
        team("lee", "revision", "publish", "-m", "First programme")
        notify = ("notify", "--ca-file", str(mail.ca_file), "--html-book")
        team("lee", *notify)
        assert len(mail.mailbox.received) == 1
        notices = {p.relative_to(lee): p.read_bytes() for p in (lee / "notices").rglob("*") if p.is_file()}
        assert Path("notices/recipients.toml") in notices and len(notices) >= 2  # the list and the send log

        team.share()
        assert team.join("park").exit_code == 0
        team("park", "edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed")
        team("park", "sync")
        team("lee", "sync")
        assert len(mail.mailbox.received) == 1
        assert {p.relative_to(lee): p.read_bytes() for p in (lee / "notices").rglob("*") if p.is_file()} == notices
        assert not (park / "notices").exists()
        assert tomllib.loads((park / "visit.toml").read_text())["mail"] == tomllib.loads((lee / "visit.toml").read_text())["mail"]
        assert team("park", "recipient", "list", "--json").output.strip() == "[]"

        again = team("lee", *notify).output  # the sync took park's change in, but no revision was published since
        assert "has Rev. 1 already" in again and "changed since Rev. 1" in again
        assert len(mail.mailbox.received) == 1
        team("lee", "revision", "publish", "-m", "President's meeting confirmed at 15:00")
        team("lee", *notify)
        assert len(mail.mailbox.received) == 2
        told = mail.mailbox.received[1].message
        assert told["Subject"].startswith("[개정 2]") and "Meeting with the President: time confirmed" in told["Subject"]  # park's change, taken in


def test_the_mail_settings_merge_key_by_key(team, tmp_path: Path) -> None:
    """One officer sets the mail server, another the sender: both are kept, no conflict; the same
    key changed differently is a conflict that names the key and shows the two values as written."""
    team.share()
    team.join("park")
    team("lee", "visit", "edit", "--mail-server", "smtp://mail.moel.example:587")
    team("park", "visit", "edit", "--mail-from", "protocol@moel.example")
    team("lee", "sync")
    team("park", "sync")
    team("lee", "sync")
    for who in ("lee", "park"):
        assert tomllib.loads((tmp_path / who / "visit.toml").read_text())["mail"] == {
            "server": "smtp://mail.moel.example:587", "sender": "protocol@moel.example"}, who
    team("lee", "visit", "edit", "--mail-user", "protocol")
    team("park", "visit", "edit", "--mail-user", "ilo-desk")
    team("lee", "sync")
    clash = team("park", "sync", code=ExitCode.CONFLICT).output
    assert re.search(r"mail\.user\s+ilo-desk\s+protocol", clash), clash
