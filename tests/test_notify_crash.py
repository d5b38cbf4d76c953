"""kill -9 at random moments while a revision is sent to 40 recipients; run again; every recipient
has exactly one message of that revision, counted at the server.

The installed ``itinerary notify`` is killed ``ITINERARY_CRASH_KILLS`` times (default 3; CI runs
30), at moments drawn from a seeded generator over the time a whole run takes when left alone,
each killed run taking up where the one before it stopped; then one run is let finish. A message
is counted by its Message-ID: exactly one per recipient. A second copy of the same message (same
Message-ID, same bytes but for nothing) can only come from a run killed between the final ``.``
and the log's ``accepted`` line, and then the send log holds that attempt's ``committing`` line
without its answer: the test holds each copy to such a line.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from crashing import KILLS, command, killed
from smtpserver import Mailbox, mail_server

from conftest import SHIPPED
from itinerary.changes import recipients
from itinerary.changes.calendars import publish_revision
from itinerary.changes.directory import edit_visit
from itinerary.changes.library import Library
from itinerary.model import Audience, Recipient

COUNT = 40
pytestmark = pytest.mark.crash


def address(n: int) -> str:
    return f"person{n:02d}@moel.example"


def visit_with_forty_recipients(target: Path) -> Path:
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns(".*"))
    lib = Library.open(target, who="crash-test")
    edit_visit(lib, {"office_email": "protocol@moel.example"})
    audiences = [Audience(), Audience("public"), Audience("person", "houngbo"), Audience("person", "kim-younghoon")]
    for n in range(COUNT):
        recipients.add(lib, Recipient(f"r{n:02d}", f"Person {n}", address(n), audiences[n % 4], ("ko", "en", "both")[n % 3]))
    publish_revision(lib, "For the crash test")
    return target


def sending(url: str) -> tuple[str, ...]:
    return ("notify", "--smtp", url, "--html-book")


def notify(data: Path, url: str) -> list[str]:
    return [*command(), "--data", str(data), *sending(url)]


def test_killed_at_random_moments_then_run_again_everyone_has_exactly_one_message(tmp_path: Path) -> None:
    timing = visit_with_forty_recipients(tmp_path / "timing" / "events")
    data = visit_with_forty_recipients(tmp_path / "crash" / "events")
    with mail_server(tmp_path, tls="none", login=False) as alone:
        start = time.monotonic()
        done = subprocess.run(notify(timing, alone.url), capture_output=True, text=True, timeout=300)
        whole = time.monotonic() - start
        assert done.returncode == 0, done.stderr
        assert len(alone.mailbox.received) == COUNT
    box = Mailbox()
    generator = random.Random(20260522)
    with mail_server(tmp_path, tls="none", login=False, mailbox=box) as server:
        for _ in range(KILLS):
            killed(data, generator.uniform(0, whole), *sending(server.url))
        final = subprocess.run(notify(data, server.url), capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr
        status = subprocess.run([*command(), "--data", str(data), "notify", "status"], capture_output=True, text=True, timeout=60)
    assert "does not have" not in status.stderr, status.stderr

    log = [json.loads(line.rsplit("\t", 1)[0]) for line in (data / "notices" / "log.jsonl").read_text(encoding="utf-8").splitlines()]
    for n in range(COUNT):
        copies = box.to(address(n))
        ids = {c.message["Message-ID"] for c in copies}
        assert len(ids) == 1, (address(n), ids)  # exactly one message of the revision
        assert len({c.data for c in copies}) == 1  # a copy, if any, is the very same message
        steps = [e["kind"] for e in log if e.get("to") == f"r{n:02d}"]
        unanswered = sum(1 for i, kind in enumerate(steps) if kind == "committing" and (i + 1 == len(steps) or steps[i + 1] == "sending"))
        assert len(copies) <= 1 + unanswered, (address(n), steps)  # a second copy only after a kill between '.' and 'accepted'
    duplicates = sum(len(box.to(address(n))) - 1 for n in range(COUNT))
    assert duplicates <= KILLS
    assert Counter(e["kind"] for e in log)["accepted"] == COUNT
    records = ["notices/recipients.toml", *(p.name for p in sorted(timing.glob("*.toml")))]
    assert {name: (data / name).read_bytes() for name in records} == {name: (timing / name).read_bytes() for name in records}
    doctor = subprocess.run([*command(), "--data", str(data), "doctor"], capture_output=True, text=True, timeout=60)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
