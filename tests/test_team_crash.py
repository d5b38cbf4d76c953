"""kill -9 of `itinerary sync` at random moments, against a real Radicale: after each, the folder
is whole (every record reads, the history works), the next sync completes what was left, and the
two officers end with the same records, each one's changes in them.

Killed ``ITINERARY_CRASH_KILLS`` times (default 3; CI runs 30), at moments drawn from a seeded
generator over the time a sync takes when left alone."""

from __future__ import annotations

import random
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import servers
from crashing import KILLS, killed, run
from teamsim import joined, original
from test_crash import history

from itinerary.changes import events, team
from itinerary.changes.events import Edit

pytestmark = pytest.mark.crash
EVENTS = ("minister-meeting", "president-meeting", "labour-leaders-meeting", "business-leaders-meeting", "global-ai-hub-ceremony",
          "seoul-employment-center-visit")


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


def test_a_sync_killed_at_any_moment_is_completed_by_the_next(radicale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_PASSWORD", servers.USERS["officer"])
    lee = original(tmp_path / "lee", radicale, "crash")
    park = joined("park", tmp_path / "park", lee)
    for replica in (lee, park):  # the command line reads the password from the environment the state names
        state = team.load_state(replica.lib)
        assert state is not None
        state.password_env = "OFFICER_PASSWORD"
        team.save_state(replica.lib, lambda _current, state=state: state)
    rng = random.Random(2026)
    events.edit(lee.lib, "minister-meeting", Edit({"notes": "warm-up"}))
    start = time.monotonic()
    assert run(lee.folder, "sync").returncode == 0
    alone = time.monotonic() - start
    for n in range(KILLS):
        mine, theirs = rng.sample(EVENTS, 2), rng.sample(EVENTS, 2)
        for event_id in mine:
            events.edit(lee.lib, event_id, Edit({"notes": f"lee {n} {event_id}"}))
        for event_id in theirs:
            events.edit(park.lib, event_id, Edit({"title": f"Park's title {n} for {event_id}"}))
        assert run(park.folder, "sync").returncode == 0
        killed(lee.folder, rng.uniform(0, alone * 1.5), "sync")
        assert history(lee.folder)  # the folder reads, its history too
        done = run(lee.folder, "sync")
        assert done.returncode == 0, done.stderr
        assert run(park.folder, "sync").returncode == 0
        assert run(lee.folder, "sync").returncode == 0
        for event_id in EVENTS:
            a = (lee.folder / f"{event_id}.toml").read_bytes()
            assert a == (park.folder / f"{event_id}.toml").read_bytes(), (n, event_id)
        for event_id in mine:
            assert tomllib.loads((park.folder / f"{event_id}.toml").read_text())["notes"] == f"lee {n} {event_id}"
        for event_id in theirs:
            assert tomllib.loads((lee.folder / f"{event_id}.toml").read_text())["title"] == f"Park's title {n} for {event_id}"
