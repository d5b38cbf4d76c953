"""Publish and pull against a real Radicale server, started on loopback for these tests."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import parsers
import pytest
import servers
from servers import USERS, free_port

from conftest import Cli, folder_hash
from itinerary.errors import ExitCode


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Radicale: htpasswd users, owner_only rights, no delay after a wrong password."""
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def remote(cli: Cli, radicale: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Runs publish/pull as the officer, on a calendar of this test's own."""
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    calendar = request.node.name.replace("_", "-")[:60]

    def run(command: str, *extra: str, password_env: str = "OFFICER_PASSWORD", env: dict[str, str] | None = None):
        return cli(command, "--url", radicale, "--calendar", calendar, "--user", "officer", "--password-env", password_env, *extra, env=env)

    run.calendar = calendar  # type: ignore[attr-defined]
    return run


server_calendar = servers.calendar
server_events = servers.events


def test_publish_writes_only_what_changed(cli: Cli, remote, radicale: str) -> None:
    first = remote("publish")
    assert first.exit_code == 0, first.output
    assert "6 created, 0 updated, 0 unchanged, 0 deleted" in first.output
    before = server_events(radicale, remote.calendar)
    assert len(before) == 6
    again = remote("publish")
    assert "0 created, 0 updated, 6 unchanged, 0 deleted" in again.output
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m").exit_code == 0
    moved = remote("publish")
    assert "0 created, 1 updated, 5 unchanged" in moved.output
    after = server_events(radicale, remote.calendar)
    uid = "president-meeting@ilo-dg-korea-2026.itinerary"
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert all(int(after[u]["SEQUENCE"]) == int(before[u]["SEQUENCE"]) for u in after if u != uid)


def test_cancelled_and_removed_events(cli: Cli, remote, radicale: str) -> None:
    remote("publish")
    cli("cancel", "business-leaders-meeting")
    cli("remove", "labour-leaders-meeting", "--yes")
    result = remote("publish")
    assert "1 updated" in result.output and "--prune deletes them" in result.output
    events = server_events(radicale, remote.calendar)
    assert str(events["business-leaders-meeting@ilo-dg-korea-2026.itinerary"]["STATUS"]) == "CANCELLED"
    assert "labour-leaders-meeting@ilo-dg-korea-2026.itinerary" in events
    pruned = remote("publish", "--prune")
    assert "1 deleted" in pruned.output
    assert "labour-leaders-meeting@ilo-dg-korea-2026.itinerary" not in server_events(radicale, remote.calendar)


def test_public_calendar_has_no_restricted_event(cli: Cli, remote, radicale: str) -> None:
    cli("add", "--title", "Security walk-through", "--start", "22 May 07:00", "--duration", "30m", "--visibility", "restricted",
        "--note", "Route B, call +82-10-1234-5678")
    assert remote("publish", "--public").exit_code == 0
    events = server_events(radicale, remote.calendar)
    assert len(events) == 6
    text = b"".join(e.to_ical() for e in events.values()).decode()
    assert "Security walk-through" not in text and "+82" not in text and "notes" not in text


def test_a_password_variable_that_is_not_set_is_named_before_any_connection(cli: Cli, data_dir: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    before = folder_hash(data_dir)
    result = cli("publish", "--url", f"http://127.0.0.1:{free_port()}/", "--user", "officer", "--password-env", "NO_SUCH_PASSWORD")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--password-env: the environment variable NO_SUCH_PASSWORD is not set" in " ".join(result.output.split())
    assert folder_hash(data_dir) == before


def test_a_url_that_is_not_http_is_named_without_its_password(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir)
    for url, shown in (("ftp://officer:s3cret@[::1]:2121/cal/", "ftp://[::1]:2121/cal/"),
                       ("ftp://officer:s3cret@calendar.example:21/", "ftp://calendar.example:21/")):
        result = cli("publish", "--url", url)
        said = " ".join(result.output.split())
        assert result.exit_code == ExitCode.USAGE and shown in said and "s3cret" not in said, said
    assert folder_hash(data_dir) == before


def test_wrong_password_unreachable_and_refused_plain_http(cli: Cli, data_dir: Path, remote, radicale: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = folder_hash(data_dir)
    monkeypatch.setenv("WRONG", "not-the-password")
    result = remote("publish", password_env="WRONG")
    assert result.exit_code == ExitCode.AUTH and "refused" in result.output and "not-the-password" not in result.output
    closed = cli("publish", "--url", f"http://127.0.0.1:{free_port()}/", "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    assert closed.exit_code == ExitCode.UNREACHABLE
    plain = cli("publish", "--url", "http://calendar.example.org/", "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    assert plain.exit_code == ExitCode.USAGE and "https" in plain.output
    assert cli("publish", "--url", radicale.replace("http://", "http://officer:pw@"), "--user", "x").exit_code == ExitCode.USAGE
    assert folder_hash(data_dir) == before


def test_timeout_and_server_error(cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = folder_hash(data_dir)
    monkeypatch.setenv("OFFICER_PASSWORD", "x")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts connections, never answers
    monkeypatch.setenv("ITINERARY_TIMEOUT", "1")
    try:
        result = cli("publish", "--url", f"http://127.0.0.1:{silent.getsockname()[1]}/", "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    finally:
        silent.close()
    assert result.exit_code == ExitCode.TIMEOUT, result.output

    class Failing(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:  # noqa: N802
            self.send_response(500)
            self.end_headers()

        do_GET = do_OPTIONS = do_PUT = do_PROPFIND  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    broken = http.server.HTTPServer(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=broken.serve_forever, daemon=True)
    thread.start()
    try:
        result = cli("publish", "--url", f"http://127.0.0.1:{broken.server_address[1]}/", "--user", "officer", "--password-env", "OFFICER_PASSWORD")
    finally:
        broken.shutdown()
    assert result.exit_code == ExitCode.SERVER, result.output
    assert folder_hash(data_dir) == before


def test_another_user_cannot_read_the_calendar(remote, radicale: str) -> None:
    remote("publish")
    with server_calendar(radicale, remote.calendar) as officer_calendar:
        url = str(officer_calendar.url)
    intruder = caldav.DAVClient(radicale, username="other", password=USERS["other"], auth_type="basic")
    with pytest.raises(caldav.lib.error.AuthorizationError):
        intruder.calendar(url=url).events()


def test_credentials_are_never_written(data_dir: Path, remote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli, radicale: str) -> None:
    remote("publish")
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert USERS["officer"].encode() not in path.read_bytes(), path
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login officer password {USERS['officer']}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    result = cli("publish", "--url", radicale, "--calendar", remote.calendar)
    assert result.exit_code == 0 and "6 unchanged" in result.output


def test_the_calendar_fetched_back_passes_the_checker(remote, radicale: str, tmp_path: Path) -> None:
    remote("publish")
    files = []
    import niquests  # the HTTP client caldav uses; its own .data normalises line ends

    with server_calendar(radicale, remote.calendar) as cal:
        urls = [str(obj.url) for obj in cal.events()]
    for i, url in enumerate(urls):
        path = tmp_path / f"event-{i}.ics"
        response = niquests.get(url, auth=("officer", USERS["officer"]), timeout=30)
        path.write_bytes(response.content)  # the bytes exactly as the server sends them
        files.append(path)
    assert len(files) == 6
    assert parsers.problems(*files) == []




def test_the_caldav_library_has_nothing_to_repair_and_says_nothing(cli: Cli, remote, radicale: str) -> None:
    for result in (remote("publish"), remote("pull")):
        assert result.exit_code == 0, result.output
        assert "Ical data was modified" not in result.output and "adjusted" not in result.output and "WARNING" not in result.output


def test_a_repair_by_the_caldav_library_is_one_line_and_never_taken_as_a_change(cli: Cli, data_dir: Path, remote, radicale: str) -> None:
    note = 'He said: "a \\"human-centred\\" AI transition"'  # a backslash before a quote: the library unescapes it
    assert cli("edit", "minister-meeting", "--note", note).exit_code == 0
    published = remote("publish")
    assert published.exit_code == 0 and "---" not in published.output and "+++" not in published.output
    pulled = remote("pull")
    assert pulled.exit_code == 0 and "nothing to pull" in pulled.output, pulled.output
    assert "---" not in pulled.output  # at most our one line, never the library's diff
    import tomllib

    assert tomllib.loads((data_dir / "minister-meeting.toml").read_text())["notes"] == note


# --- a hostile server: every answer bounded in time, size and count -------------------------------


def _installed() -> list[str]:
    import shutil
    import sys

    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found, "the itinerary command is not installed (pip install '.[test]')"
    return [found]


def _pull_from(url: str, data: Path, calendar: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """``itinerary pull`` from ``url`` with the installed command; its result and how long it ran."""
    return _itinerary("--data", str(data), "pull", "--url", url, "--calendar", calendar, "--user", "officer",
                      "--password-env", "OFFICER_PASSWORD", *extra)


BOUND = 2 + 45
"""Seconds a command facing a hostile server may run: its 2 s deadline, then the start and the
refusal of a command on a loaded 2-core machine (22 s seen with the machine's two cores busy).
The bugs it catches ran for 90 s and more."""


def _itinerary(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """The installed command with ``args``, as the officer, with a 2 s deadline; its result and how long it ran."""
    env = {**os.environ, "OFFICER_PASSWORD": USERS["officer"], "ITINERARY_TIMEOUT": "2", "COLUMNS": "200"}
    started = time.monotonic()
    result = subprocess.run([*_installed(), *args], capture_output=True, text=True, env=env, timeout=300)
    return result, time.monotonic() - started


def _join(url: str, folder: Path, calendar: str) -> tuple[subprocess.CompletedProcess[str], float]:
    return _itinerary("join", url, str(folder), "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD")


HOSTILE = [
    # (how the server misbehaves, on which request, exit code, what the message says)
    ("trickle", None, ExitCode.TIMEOUT, "no whole answer within 2 s (ITINERARY_TIMEOUT)"),
    ("huge-body", "REPORT", ExitCode.SERVER, "the answer is over the limit of 50 MB"),
    ("huge-header", None, ExitCode.SERVER, "the answer's headers are over the limit of 16 KB"),
    ("many", "REPORT", ExitCode.INVALID_DATA, "100,000 events changed on the calendar, over the limit of 5,000 at once (--max-events raises it)"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("mode", "only", "code", "said"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_server_ends_within_the_bound_with_a_clear_error_and_nothing_changed(
    cli: Cli, data_dir: Path, remote, radicale: str, mode: str, only: str | None, code: int, said: str
) -> None:
    calendar = f"hostile-{mode}"
    with servers.hostile(radicale) as (url, server):
        assert cli("publish", "--url", url, "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD").exit_code == 0
        before = folder_hash(data_dir)
        server.mode, server.only = mode, only
        result, took = _pull_from(url, data_dir, calendar)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert said in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr and "cannot connect" not in result.stderr
    assert took < BOUND, took
    assert (mode, only) in [(m or None, only) for _, m in server.served if m]
    assert folder_hash(data_dir) == before


@pytest.mark.e2e
def test_an_event_repeating_every_second_on_the_server_is_refused_by_the_event_limit(cli: Cli, data_dir: Path, remote, radicale: str) -> None:
    assert remote("publish").exit_code == 0
    with server_calendar(radicale, remote.calendar) as cal:  # a colleague's client saves it
        cal.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:every-second@x\r\n"
                       "DTSTAMP:20260501T000000Z\r\nDTSTART:20260521T000000Z\r\nDTEND:20260521T000001Z\r\nRRULE:FREQ=SECONDLY\r\n"
                       "SUMMARY:Tick\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    before = folder_hash(data_dir)
    result, took = _pull_from(radicale, data_dir, remote.calendar)
    assert result.returncode == ExitCode.INVALID_DATA, (result.stdout, result.stderr)
    said = " ".join(result.stderr.split())
    assert "event 'every-second@x' ('Tick')" in said and "over the limit of 5,000 at once (--max-events raises it)" in said, said
    assert took < 120, took  # the bug: over 550 s
    assert folder_hash(data_dir) == before


TICK = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:every-second@x\r\nDTSTAMP:20260501T000000Z\r\n"
        "DTSTART:20260521T000000Z\r\nDTEND:20260521T000001Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Tick\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.e2e
def test_sync_and_join_refuse_a_listing_over_the_event_limit_from_its_bytes(cli: Cli, data_dir: Path, radicale: str, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_PASSWORD", USERS["officer"])
    calendar = "hostile-many-sync"
    with servers.hostile(radicale) as (url, server):
        assert cli("publish", "--url", url, "--calendar", calendar, "--user", "officer", "--password-env", "OFFICER_PASSWORD").exit_code == 0
        with server_calendar(radicale, calendar) as cal:  # a colleague's change: the sync has to list the calendar
            cal.save_event(TICK.replace("RRULE:FREQ=SECONDLY\r\n", "").replace("every-second@x", "colleague@x"))
        before = folder_hash(data_dir)
        server.mode, server.only = "many", "REPORT"
        synced, took = _itinerary("--data", str(data_dir), "sync")
        assert synced.returncode == ExitCode.INVALID_DATA, (synced.stdout, synced.stderr)
        said = " ".join(synced.stderr.split())
        assert "100,000 events changed on the calendar, over the limit of 5,000 at once (--max-events raises it)" in said, said
        assert took < BOUND, took
        assert folder_hash(data_dir) == before
        raised, took = _itinerary("--data", str(data_dir), "sync", "--max-events", "200000")  # each answer still holds to what was asked
        assert raised.returncode == ExitCode.INVALID_DATA and "the answer lists 100,000 items, over the limit of 101" in raised.stderr
        assert took < BOUND, took
        assert folder_hash(data_dir) == before
        joined, took = _join(url, tmp_path / "joined", calendar)
    assert joined.returncode == ExitCode.INVALID_DATA, (joined.stdout, joined.stderr)
    assert "the answer lists 100,000 items, over the limit of" in joined.stderr and "Traceback" not in joined.stderr
    assert took < BOUND, took
    assert not (tmp_path / "joined" / "visit.toml").exists()


@pytest.mark.e2e
def test_an_event_repeating_every_second_is_refused_by_sync_and_join_too(cli: Cli, data_dir: Path, remote, radicale: str,
                                                                        tmp_path: Path) -> None:
    assert remote("publish").exit_code == 0
    assert cli("sync").exit_code == 0  # the visit's settings too: it can be joined
    with server_calendar(radicale, remote.calendar) as cal:
        cal.save_event(TICK)
    before = folder_hash(data_dir)
    for result, took in (_itinerary("--data", str(data_dir), "sync"), _join(radicale, tmp_path / "joined", remote.calendar)):
        assert result.returncode == ExitCode.INVALID_DATA, (result.stdout, result.stderr)
        said = " ".join(result.stderr.split())
        assert "event 'every-second@x' ('Tick')" in said and "over the limit of 5,000 at once (--max-events raises it)" in said, said
        assert took < 120, took
    assert folder_hash(data_dir) == before
    assert not (tmp_path / "joined" / "president-meeting.toml").exists()  # no event taken in part
