"""The calendar a notice carries: read alike by every parser of the suite, and applied — two
successive notices, as a calendar app applies ``METHOD:PUBLISH`` (by UID, the higher SEQUENCE
winning) — to a real calendar store (Radicale, through caldav): the events are updated in place,
never doubled, and an event the reader can no longer see goes as cancelled."""

from __future__ import annotations

import contextlib
import email
from collections.abc import Iterator
from email import policy
from pathlib import Path

import caldav
import icalendar
import parsers
import pytest
import servers
from smtpserver import Running, mail_server
from test_notify import ok, prepare

from conftest import Cli


def calendars(folder: Path) -> dict[str, bytes]:
    """The calendar attached to each .eml of a dry run, by recipient."""
    found = {}
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert part.get_param("method") == "PUBLISH"
        found[path.stem] = part.get_payload(decode=True)
    return found


def dry_run(cli: Cli, folder: Path) -> dict[str, bytes]:
    ok(cli("notify", "--dry-run", "--html-book", "-o", str(folder)))
    return calendars(folder)


def test_every_parser_reads_every_notice_calendar(cli: Cli, tmp_path: Path) -> None:
    prepare(cli)
    written = []
    for rid, data in dry_run(cli, tmp_path / "eml").items():
        path = tmp_path / f"{rid}.ics"
        path.write_bytes(data)
        written.append(path)
    assert len(written) == 4
    assert parsers.problems(*written) == []


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@contextlib.contextmanager
def new_calendar(url: str, name: str) -> Iterator[caldav.Calendar]:
    """A new calendar of the officer's on the server, as a calendar app would keep one."""
    with caldav.DAVClient(url, username="officer", password=servers.USERS["officer"], auth_type="basic") as client:
        yield client.principal().make_calendar(name=name, cal_id=name)


def apply(calendar: caldav.Calendar, data: bytes) -> None:
    """What a calendar app does with a published calendar: each event stored by its UID, replacing
    the copy it has when the SEQUENCE is not lower."""
    published = icalendar.Calendar.from_ical(data)
    zones = list(published.walk("VTIMEZONE"))
    for event in published.walk("VEVENT"):
        one = icalendar.Calendar()
        one.add("prodid", "-//itinerary tests//apply//EN")
        one.add("version", "2.0")
        for zone in zones:
            one.add_component(zone)
        one.add_component(event)
        try:
            existing = calendar.event_by_uid(str(event["UID"]))
        except caldav.lib.error.NotFoundError:
            calendar.save_event(one.to_ical().decode("utf-8"), increase_seqno=False)
            continue
        if int(event.get("SEQUENCE", 0)) >= int(existing.icalendar_component.get("SEQUENCE", 0)):
            existing.data = one.to_ical().decode("utf-8")
            existing.save(increase_seqno=False)  # as the app received it


def sent_calendars(server: Running) -> dict[str, bytes]:
    """The calendar of the last message each address received, by address."""
    found = {}
    for received in server.mailbox.received:
        (part,) = [p for p in received.message.iter_attachments() if p.get_content_type() == "text/calendar"]
        found[received.recipients[0]] = part.get_payload(decode=True)
    return found


def test_two_successive_notices_update_a_calendar_store_in_place(cli: Cli, tmp_path: Path, radicale: str) -> None:
    prepare(cli)
    with mail_server(tmp_path, tls="none", login=False) as server:
        ok(cli("notify", "--smtp", server.url, "--html-book"))
        first = sent_calendars(server)
        ok(cli("edit", "minister-meeting", "--start", "21 May 16:00", "--duration", "1h"))
        ok(cli("edit", "private-dinner", "--with", "houngbo"))  # the minister is no longer at the dinner
        ok(cli("revision", "publish", "-m", "Minister's meeting at 16:00; the dinner without the minister"))
        ok(cli("notify", "--smtp", server.url, "--html-book"))
        second = sent_calendars(server)

    aide, desk = "aide@moel.example", "desk@moel.example"
    with new_calendar(radicale, "notices-aide") as calendar:
        apply(calendar, first[aide])
        apply(calendar, second[aide])
        objects = [o.icalendar_component for o in calendar.events()]
    stored = {str(o["UID"]): o for o in objects}
    assert len(objects) == len(stored) == 2
    assert set(stored) == {"minister-meeting@ilo-dg-korea-2026.itinerary", "private-dinner@ilo-dg-korea-2026.itinerary"}
    meeting = stored["minister-meeting@ilo-dg-korea-2026.itinerary"]
    assert meeting["DTSTART"].dt.strftime("%d %H:%M") == "21 16:00" and meeting["STATUS"] == "CONFIRMED"
    dinner = stored["private-dinner@ilo-dg-korea-2026.itinerary"]
    assert dinner["STATUS"] == "CANCELLED"  # no longer his: the app takes it away
    before = {str(e["UID"]): int(e["SEQUENCE"]) for e in icalendar.Calendar.from_ical(first[aide]).walk("VEVENT")}
    assert int(meeting["SEQUENCE"]) == before["minister-meeting@ilo-dg-korea-2026.itinerary"] + 1
    assert int(dinner["SEQUENCE"]) > before["private-dinner@ilo-dg-korea-2026.itinerary"]

    with new_calendar(radicale, "notices-desk") as calendar:
        apply(calendar, first[desk])
        count = len(calendar.events())
        apply(calendar, second[desk])
        objects = [o.icalendar_component for o in calendar.events()]
    stored = {str(o["UID"]): o for o in objects}
    assert len(objects) == len(stored) == count == 7  # the six of the release and the dinner, each once
    assert stored["minister-meeting@ilo-dg-korea-2026.itinerary"]["DTSTART"].dt.strftime("%H:%M") == "16:00"
    assert stored["private-dinner@ilo-dg-korea-2026.itinerary"]["STATUS"] == "CONFIRMED"  # the office still sees the dinner


def _vevents(data: bytes) -> list[bytes]:
    return [b"BEGIN:VEVENT" + chunk.split(b"END:VEVENT", 1)[0] + b"END:VEVENT" for chunk in data.split(b"BEGIN:VEVENT")[1:]]


def test_a_notice_calendar_holds_each_event_exactly_as_the_export_writes_it(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    """One exporter for both: the same VEVENT bytes for each audience — a time to be confirmed
    as whole days, transparent, without a reminder."""
    prepare(cli)
    notices = dry_run(cli, tmp_path / "eml")
    ok(cli("export", "--all", "-o", str(tmp_path / "exports")))
    exported = {rid: (tmp_path / "exports" / name).read_bytes()
                for rid, name in (("protocol-desk", "visit.ics"), ("press", "visit-public.ics"), ("ilo-team", "houngbo.ics"),
                                  ("minister-aide", "kim-younghoon.ics"))}
    for rid, data in exported.items():  # in any order: a calendar app applies each VEVENT by its UID
        assert sorted(_vevents(notices[rid])) == sorted(_vevents(data)), rid
    tbc = [v for v in _vevents(notices["protocol-desk"]) if b"(time TBC)" in v.replace(b"\r\n ", b"")]
    assert tbc, "the shipped visit has times to be confirmed"
    for vevent in tbc:
        assert b"DTSTART;VALUE=DATE:" in vevent and b"TRANSP:TRANSPARENT" in vevent and b"BEGIN:VALARM" not in vevent
