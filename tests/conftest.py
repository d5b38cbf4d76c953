"""Shared fixtures: a private copy of the shipped visit, a CLI runner, folder fingerprints."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itinerary.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "events"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Caches go to a folder of the test run, never the user's (subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["ITINERARY_CACHE"] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def english_first() -> Iterator[None]:
    """Each test starts in English: a command run in Korean in-process chooses Korean for the
    whole process (as a command line does), which a later test must not inherit."""
    from itinerary import i18n

    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped visit's data folder that a test may change."""
    target = tmp_path / "events"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns(".*"))
    return target


BOOKKEEPING = ("journal.jsonl", "exports.json", "remotes.json", "revisions")
"""What records what was done and shared: an undo reverts the records, never these."""


def folder_hash(folder: Path, *, journal: bool = True) -> str:
    """One digest of every file's name and bytes (hidden files left out; without ``journal``,
    the bookkeeping too: after an undo the records are as before, the journal has grown)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if not journal and path.relative_to(folder).parts[0] in BOOKKEEPING:
            continue
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def records_hash(folder: Path) -> str:
    """One digest of the records (every file but hidden ones and the bookkeeping)."""
    return folder_hash(folder, journal=False)


class Cli:
    """Runs ``itinerary`` in-process against one data folder."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None):  # noqa: A002
        # a wide console, so assertions do not depend on where rich wraps a line
        return self.runner.invoke(app, ["--data", str(self.data), *args], input=input, env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    """The CLI bound to a private copy of the shipped visit."""
    return Cli(data_dir)


REHEARSAL_CLOCK = "2026-05-20 09:00:00+00:00"
"""When the rehearsal's changes are stamped (a fixed moment: the same records every run)."""


@pytest.fixture
def rehearsal_dir(data_dir: Path) -> Path:
    """The shipped visit as on the morning of 22 May: the meeting with the President confirmed
    for 09:30–10:15 at the Presidential Office (25 minutes from the Seoul Employment Center),
    the visit to the Center proposed for 11:00–12:00. Made through the library, like any change."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from itinerary.changes import directory, events
    from itinerary.changes.events import Edit
    from itinerary.changes.library import Library
    from itinerary.model import TravelLeg, Venue

    seoul = ZoneInfo("Asia/Seoul")
    stamp = dt.datetime.fromisoformat(REHEARSAL_CLOCK)
    lib = Library.open(data_dir, who="Lee Kang-yeon", clock=lambda: stamp)
    directory.add_venue(lib, Venue("presidential-office", "Presidential Office", name_ko="대통령실", city="Seoul", exclusive=True))
    directory.add_leg(lib, TravelLeg("seoul-employment-center", "presidential-office", 25, note="Planning figure"))
    events.edit(lib, "president-meeting", Edit(
        {"status": "confirmed", "venue": "presidential-office",
         "notes": "Confirmed by the Office of the President: 09:30-10:15 at the Presidential Office.",
         "notes_ko": "대통령실 확인: 09:30~10:15, 대통령실."},
        start=dt.datetime(2026, 5, 22, 9, 30, tzinfo=seoul), duration=dt.timedelta(minutes=45),
        source="Office of the President, call of 12 May"))
    events.edit(lib, "seoul-employment-center-visit", Edit(
        {"notes": "Proposed for 11:00, after the meeting with the President; the Center to confirm.",
         "notes_ko": "대통령 면담 후 11:00로 제안함. 센터 확인 필요."},
        start=dt.datetime(2026, 5, 22, 11, tzinfo=seoul), duration=dt.timedelta(hours=1)))
    return data_dir


@pytest.fixture(scope="module", params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real CalDAV/CardDAV server on loopback, Radicale then Xandikos (a module may name its own)."""
    import servers

    start = servers.radicale if request.param == "radicale" else servers.xandikos
    with start(tmp_path_factory.mktemp(request.param)) as url:
        yield url
