"""Start-up of the live board, to its first paint (not part of the test run).

    pip install . && python bench/board.py            # or --runs 15

Runs `itinerary board` on a copy of the shipped visit in a pseudo-terminal of 80×24 and times
it from the start of the process to the first paint: the moment the terminal has received the
day's table and the key bar. Beside it, measured the same way in the same run: the floors
`python -c pass` and `python -c "import textual"`, the smallest Textual application (one line of
text) to its first paint, and the shipped visit's `itinerary timeline` to its exit. The board
runs warm (its cache built by an earlier run) and cold (cache cleared first). Each figure is
the median of runs, wall time and the CPU time of the process (user + system, which other load
on the machine disturbs less), with Python's compiled bytecode as an installed package has it
(PYTHONDONTWRITEBYTECODE is left out; an unmeasured first run writes it).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import resource
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SMALLEST_APP = """
from textual.app import App
from textual.widgets import Static

class Smallest(App[None]):
    def compose(self):
        yield Static("painted")

    def on_mount(self):
        self.set_timer(30, self.exit)

Smallest().run()
"""


def itinerary_script() -> str:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    if not found:
        raise SystemExit("install itinerary first: pip install .")
    return found


def cpu_of(pid: int) -> float:
    """User + system seconds the running process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def to_first_paint(argv: list[str], markers: tuple[bytes, ...], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds from starting ``argv`` in an 80×24 pseudo-terminal until its output
    holds every one of ``markers``; then the process is sent q (and killed if it does not leave)."""
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=child, stdout=child, stderr=child, env=env, start_new_session=True)
    os.close(child)
    seen = b""
    try:
        while not all(m in seen for m in markers):
            if process.poll() is not None or time.perf_counter() - start > 60:
                raise SystemExit(f"{' '.join(argv)} did not paint: {seen[-600:]!r}")
            if select.select([main], [], [], 0.01)[0]:
                seen += os.read(main, 1 << 16)
        painted = time.perf_counter() - start
        cpu = cpu_of(process.pid)
        os.write(main, b"q")
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    return painted, cpu


def to_exit(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``argv`` run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(measure: Callable[[], tuple[float, float]], runs: int) -> tuple[float, float]:
    """(median wall, median CPU) of ``runs`` calls of ``measure`` after one unmeasured call."""
    measure()
    times = [measure() for _ in range(runs)]
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    command = itinerary_script()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "events"
        shutil.copytree(ROOT / "events", data)
        cache = Path(scratch) / "cache"
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ITINERARY_DATA", "PYTHONDONTWRITEBYTECODE")}
        env |= {"TERM": "xterm-256color", "ITINERARY_CACHE": str(cache), "COLUMNS": "80"}
        board = [command, "--data", str(data), "board", "--clock", "2026-05-22 09:40", "--speed", "0"]
        painted = (b"Seoul/Geneva", b"quit")

        def cold() -> tuple[float, float]:
            shutil.rmtree(cache, ignore_errors=True)
            return to_first_paint(board, painted, env)

        rows = [
            ("python -c pass", median(lambda: to_exit([sys.executable, "-c", "pass"], env), args.runs)),
            ('python -c "import textual"', median(lambda: to_exit([sys.executable, "-c", "import textual"], env), args.runs)),
            ("smallest Textual app, to first paint", median(
                lambda: to_first_paint([sys.executable, "-c", SMALLEST_APP], (b"painted",), env), args.runs)),
            ("itinerary timeline (shipped visit), to exit", median(lambda: to_exit([command, "--data", str(data), "timeline"], env), args.runs)),
            ("itinerary board, warm cache, to first paint", median(lambda: to_first_paint(board, painted, env), args.runs)),
            ("itinerary board, cold cache, to first paint", median(cold, args.runs)),
        ]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}; "
          f"median of {args.runs} runs, wall and CPU")
    for label, (wall, cpu) in rows:
        print(f"  {label:<46} {wall:6.3f} s wall  {cpu:6.3f} s CPU")


if __name__ == "__main__":
    main()
