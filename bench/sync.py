"""How fast a team's sync is, against a local Radicale (not part of the test run).

    pip install '.[test]' && python bench/sync.py            # 1,000 events; --events N for another size

A visit of N events (200 people, 50 venues, Korean titles: bench/generate.py) is shared with
`itinerary sync --url`, joined by a second folder, and then:

* `itinerary sync` with nothing changed on either side: wall time of the command, and how many
  requests it makes (goal: one; 0.5 s at 1,000 events);
* 10 events changed in each folder, then `itinerary sync` of the second: it takes the other's
  10 and sends its own (goal: 2 s at 1,000 events).

Commands run with compiled bytecode, as an installed package has them; each figure is the median
of five runs, beside `python -c "import typer, rich"` measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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
    start = time.perf_counter()
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    if not found:
        raise SystemExit("install itinerary first: pip install '.[test]'")
    result = subprocess.run([found, *args], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"itinerary {' '.join(args)} failed: {result.stderr.decode()[-800:]}")
    return elapsed


def edit_some(folder: Path, who: str, ids: list[str], n: int) -> None:
    lib = Library.open(folder, who=who)
    for event_id in ids:
        changing.edit(lib, event_id, Edit({"notes": f"changed by {who}, round {n}"}), force=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "ITINERARY_DATA")},
           "ITINERARY_CACHE": str(work / "cache"), "BENCH_PASSWORD": PASSWORD, "COLUMNS": "120"}
    os.environ.update({"ITINERARY_CACHE": env["ITINERARY_CACHE"], "BENCH_PASSWORD": PASSWORD})
    floor = statistics.median(_floor() for _ in range(args.repeat))
    (work / "radicale").mkdir()
    a, b = work / "a", work / "b"
    generate.write(generate.programme(args.events), a)
    with radicale(work / "radicale") as url:
        first = command(env, "--data", str(a), "--by", "lee", "sync", "--url", url, "--user", "officer", "--password-env", "BENCH_PASSWORD")
        joined = command(env, "--by", "park", "join", url, str(b), "--user", "officer", "--password-env", "BENCH_PASSWORD",
                         "--calendar", "Office year 2026")
        command(env, "--data", str(a), "sync")  # the first sync after sharing keeps the tokens the next ones compare
        quiet = statistics.median(command(env, "--data", str(a), "sync") for _ in range(args.repeat))
        lib = Library.open(a)
        state = team.load_state(lib)
        assert state is not None
        with DavServer(Target(state.url, state.name, "officer", PASSWORD)) as server:
            team.sync(lib, server, state)
            requests = server.requests
        ids = sorted(e.id for e in Library.open(a).programme().events)
        busy = []
        for n in range(args.repeat):
            edit_some(a, "lee", ids[n * 20: n * 20 + 10], n)
            command(env, "--data", str(a), "sync")
            edit_some(b, "park", ids[n * 20 + 10: n * 20 + 20], n)
            busy.append(command(env, "--data", str(b), "sync"))
        changed = statistics.median(busy)
    print(f"itinerary sync against a local Radicale, {args.events:,} events ({dt.date.today()}, {os.cpu_count()} cores):")
    print(f"  `python -c \"import typer, rich\"`                     {floor:6.2f} s")
    print(f"  first sync (shares {args.events:,} events and the directory)    {first:6.2f} s")
    print(f"  join (a whole replica)                                {joined:6.2f} s")
    print(f"  sync, nothing changed on either side                  {quiet:6.2f} s   {requests} request(s)   goal 0.5 s, one request")
    print(f"  sync, 10 events changed on each side                  {changed:6.2f} s   goal 2 s")
    shutil.rmtree(work, ignore_errors=True)


def _floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer, rich"], check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
