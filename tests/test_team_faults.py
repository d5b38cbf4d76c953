"""A busy server: a write that loses a race with another officer's is merged again and retried,
never overwriting; a server that vanishes in the middle of a sync leaves the folder whole, and
the next sync completes what was left. Against a real Radicale, with the session wrapped so the
race and the failure happen at a chosen moment."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import servers
from teamsim import Replica, joined, original

from conftest import folder_hash
from itinerary.changes import events, team
from itinerary.changes.events import Edit
from itinerary.errors import RemoteUnreachable
from itinerary.sync.dav import DavServer


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


class Wrapped:
    """A session whose ``before_put`` runs before each write (and may raise, as a vanishing server)."""

    def __init__(self, inner: DavServer, before_put: Any) -> None:
        self.inner = inner
        self.before_put = before_put
        self.puts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def put(self, href: str, body: bytes, *, etag: str | None, card: bool) -> tuple[bool, str]:
        self.puts += 1
        self.before_put(self.puts, href)
        return self.inner.put(href, body, etag=etag, card=card)


def sync_with(replica: Replica, before_put: Any) -> team.Report:
    state = team.load_state(replica.lib)
    assert state is not None
    with DavServer(replica.target()) as server:
        return team.sync(replica.lib, Wrapped(server, before_put), state)  # type: ignore[arg-type]


def record(replica: Replica, event_id: str) -> dict[str, object]:
    return tomllib.loads((replica.folder / f"{event_id}.toml").read_text())


def test_a_write_that_loses_a_race_is_merged_and_retried(radicale: str, tmp_path: Path) -> None:
    lee = original(tmp_path / "lee", radicale, "race")
    park = joined("park", tmp_path / "park", lee)
    events.edit(lee.lib, "minister-meeting", Edit({"notes": "Interpreter: Ms Park"}))
    events.edit(park.lib, "minister-meeting", Edit({"title": "Courtesy call on Minister Kim"}))
    raced = []

    def park_first(n: int, href: str) -> None:
        if "minister-meeting" in href and not raced:
            raced.append(href)
            park.sync()  # another officer's write lands between lee's read and lee's write

    report = sync_with(lee, park_first)
    assert report.races == 1 and not report.pending
    park.sync()
    for replica in (lee, park):
        meeting = record(replica, "minister-meeting")
        assert meeting["title"] == "Courtesy call on Minister Kim" and meeting["notes"] == "Interpreter: Ms Park"
    assert (lee.folder / "minister-meeting.toml").read_bytes() == (park.folder / "minister-meeting.toml").read_bytes()


def test_a_server_that_vanishes_mid_sync_leaves_the_folder_whole_and_the_next_sync_completes(radicale: str, tmp_path: Path) -> None:
    lee = original(tmp_path / "lee", radicale, "vanish")
    park = joined("park", tmp_path / "park", lee)
    for event_id in ("minister-meeting", "president-meeting", "labour-leaders-meeting"):
        events.edit(lee.lib, event_id, Edit({"notes": f"Checked by lee: {event_id}"}))
    edited = _records(lee)

    def vanish(n: int, href: str) -> None:
        if n == 2:
            raise RemoteUnreachable("the server went away")

    with pytest.raises(RemoteUnreachable):
        sync_with(lee, vanish)
    state = team.load_state(lee.lib)
    assert state is not None and not state.files  # the next sync looks at every record again
    assert _records(lee) == edited and lee.lib.read()  # the folder whole, every record as it was
    done = lee.sync()
    assert done.updated == 2 and not done.pending  # the write that was made is not made twice
    park.sync()
    for event_id in ("minister-meeting", "president-meeting", "labour-leaders-meeting"):
        assert record(park, event_id)["notes"] == f"Checked by lee: {event_id}"
    assert "Nothing changed" not in str(lee.sync()) and lee.sync().unchanged


def test_a_server_that_vanishes_while_changes_are_fetched_changes_nothing_here(radicale: str, tmp_path: Path) -> None:
    lee = original(tmp_path / "lee", radicale, "vanish-pull")
    park = joined("park", tmp_path / "park", lee)
    events.edit(park.lib, "president-meeting", Edit({"status": "confirmed"}))
    park.sync()
    before = folder_hash(lee.folder)
    state = team.load_state(lee.lib)
    assert state is not None

    class Gone(Wrapped):
        def fetch(self, collection: str, hrefs: list[str]) -> dict[str, tuple[str, bytes]]:
            raise RemoteUnreachable("the server went away")

    with DavServer(lee.target()) as server, pytest.raises(RemoteUnreachable):
        team.sync(lee.lib, Gone(server, lambda n, h: None), state)  # type: ignore[arg-type]
    assert folder_hash(lee.folder) == before
    lee.sync()
    assert record(lee, "president-meeting")["status"] == "confirmed"


def _records(replica: Replica) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(replica.folder.glob("*.toml"))}

