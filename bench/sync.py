"""How fast a team's sync is, against a local Radicale (not part of the test run).

    pip install '.[test]' && python bench/sync.py            # 1,000 events; --events N for another size

A visit of N events (200 people, 50 venues, Korean titles: bench/generate.py) is shared with
`itinerary sync --url`, joined by a second folder, and then:

* `itinerary sync` with nothing changed on either side: wall time of the command, and how many
  requests it makes (goal: one; 0.5 s at 1,000 events);
* 10 events changed in each folder, then `itinerary sync` of the second: it takes the other's
  10 and sends its own (goal: 2 s at 1,000 events).

Commands run with compiled bytecode, as an installed package has them; each figure is the median
of five runs, beside `python -c "import typer, rich"` measured in the same run. `bench/run.py`
calls :func:`measure` for its rows of the table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from itinerary.changes import events as changing  # noqa: E402
from itinerary.changes import team  # noqa: E402
from itinerary.changes.events import Edit  # noqa: E402
from itinerary.changes.library import Library  # noqa: E402
from itinerary.sync.dav import DavServer  # noqa: E402
from itinerary.sync.target import Target  # noqa: E402

PASSWORD = "bench-sync"


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[str]:
    """A local Radicale with one user, on a free port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (folder / "users").write_text(f"officer:{PASSWORD}\n")
    (folder / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        f"htpasswd_encryption = plain\ndelay = 0\n[rights]\ntype = owner_only\n[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[web]\ntype = none\n[logging]\nlevel = warning\n")
    with (folder / "log").open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(folder / "config")], stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def command(env: dict[str, str], *args: str) -> float:
    """Wall seconds of one `itinerary` command."""
    return timed(env, *args)[0]


def timed(env: dict[str, str], *args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one `itinerary` command."""
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    if not found:
        raise SystemExit("install itinerary first: pip install '.[test]'")
    used = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run([found, *args], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"itinerary {' '.join(args)} failed: {result.stderr.decode()[-800:]}")
    return elapsed, _children_cpu() - used


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def edit_some(folder: Path, who: str, ids: list[str], n: int) -> None:
    lib = Library.open(folder, who=who)
    for event_id in ids:
        changing.edit(lib, event_id, Edit({"notes": f"changed by {who}, round {n}"}), force=True)


@dataclass(frozen=True)
class Figures:
    """What one measurement of the team's sync gave (wall seconds, medians of ``repeat`` runs)."""

    events: int
    first: float
    """The first sync: shares the visit and its directory."""
    joined: float
    """A join: a whole replica."""
    quiet: float
    """A sync with nothing changed on either side."""
    requests: int
    """The requests that sync made."""
    changed: float
    """A sync with 10 events changed on each side."""
    quiet_cpu: float
    """CPU seconds of the sync with nothing changed (the command's own: not the server's)."""
    changed_cpu: float
    """CPU seconds of the sync with 10 events changed on each side."""


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """``values`` in this process's environment (the in-process library reads the same cache), restored after."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def measure(events: int = 1000, repeat: int = 5) -> Figures:
    """Share a visit of ``events`` events through a local Radicale, join it, and time its syncs."""
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "ITINERARY_DATA")},
           "ITINERARY_CACHE": str(work / "cache"), "BENCH_PASSWORD": PASSWORD, "COLUMNS": "120"}
    (work / "radicale").mkdir()
    a, b = work / "a", work / "b"
    generate.write(generate.programme(events), a)
    try:
        with _environ({"ITINERARY_CACHE": env["ITINERARY_CACHE"], "BENCH_PASSWORD": PASSWORD}), radicale(work / "radicale") as url:
            first = command(env, "--data", str(a), "--by", "lee", "sync", "--url", url, "--user", "officer", "--password-env", "BENCH_PASSWORD")
            joined = command(env, "--by", "park", "join", url, str(b), "--user", "officer", "--password-env", "BENCH_PASSWORD",
                             "--calendar", "Office year 2026")
            command(env, "--data", str(a), "sync")  # the first sync after sharing keeps the tokens the next ones compare
            quiet_runs = [timed(env, "--data", str(a), "sync") for _ in range(repeat)]
            lib = Library.open(a)
            state = team.load_state(lib)
            assert state is not None
            with DavServer(Target(state.url, state.name, "officer", PASSWORD)) as server:
                team.sync(lib, server, state)
                requests = server.requests
            ids = sorted(e.id for e in Library.open(a).programme().events)
            busy = []
            for n in range(repeat):
                edit_some(a, "lee", ids[n * 20: n * 20 + 10], n)
                command(env, "--data", str(a), "sync")
                edit_some(b, "park", ids[n * 20 + 10: n * 20 + 20], n)
                busy.append(timed(env, "--data", str(b), "sync"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Figures(events, first, joined, statistics.median(w for w, _ in quiet_runs), requests, statistics.median(w for w, _ in busy),
                   statistics.median(c for _, c in quiet_runs), statistics.median(c for _, c in busy))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    floor = statistics.median(_floor() for _ in range(args.repeat))
    found = measure(args.events, args.repeat)
    print(f"itinerary sync against a local Radicale, {args.events:,} events ({dt.date.today()}, {os.cpu_count()} cores):")
    print(f"  `python -c \"import typer, rich\"`                     {floor:6.2f} s")
    print(f"  first sync (shares {args.events:,} events and the directory)    {found.first:6.2f} s")
    print(f"  join (a whole replica)                                {found.joined:6.2f} s")
    print(f"  sync, nothing changed on either side                  {found.quiet:6.2f} s   {found.requests} request(s)   goal 0.5 s, one request")
    print(f"  sync, 10 events changed on each side                  {found.changed:6.2f} s   goal 2 s")


def _floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer, rich"], check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
