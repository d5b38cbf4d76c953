"""Benchmarks of itinerary (not part of the test run).

    python bench/run.py                 # 1,000 / 10,000 / 100,000 events
    python bench/run.py --sizes 1000    # a quick look

For each size it generates a data folder under bench/data/ (kept between runs), then prints
the wall time of the conflict engine alone and of the installed `itinerary check` end to end,
with the peak memory (max RSS) of each command, beside two floors measured in the same run:
`python -c pass` and `python -c "import typer, rich"`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from itinerary import conflicts  # noqa: E402


def run_command(argv: list[str], repeat: int = 3, *, measure_memory: bool = True) -> tuple[float, float]:
    """Median wall seconds of ``argv`` over ``repeat`` runs, and its peak RSS in MiB.

    ``argv`` is a Python program (or ``-c CODE``) run by this interpreter. Wall time is taken on
    plain runs; the peak memory on one more run through bench/peak.py.
    """
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 5):
            raise SystemExit(f"{' '.join(argv)} failed with exit {result.returncode}: {result.stderr.decode()[-500:]}")
    peak = 0.0
    if measure_memory:
        with tempfile.NamedTemporaryFile() as out:
            subprocess.run([sys.executable, str(HERE / "peak.py"), *argv], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env={**os.environ, "PEAK_FILE": out.name}, check=False)
            peak = int(Path(out.name).read_text() or 0) / 1024
    return statistics.median(times), peak


def floors() -> dict[str, tuple[float, float]]:
    return {
        "python -c pass": run_command(["-c", "pass"], 5),
        "python -c 'import typer, rich'": run_command(["-c", "import typer, rich"], 5),
    }


def data_folder(size: int) -> Path:
    folder = HERE / "data" / f"events-{size}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate.write(generate.programme(size), folder)
        marker.write_text("ok")
    return folder


def engine(size: int) -> tuple[float, int]:
    """Median seconds of conflicts.find over an in-memory programme, and the number of findings."""
    programme = generate.programme(size)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found = conflicts.find(programme)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(found)


def itinerary() -> str:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    if not found:
        raise SystemExit("install itinerary first: pip install .")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for name, (seconds, mib) in floors().items():
        print(f"floor  {name:<40} {seconds:8.3f} s {mib:8.1f} MiB")
    command = itinerary()
    previous: tuple[float, int] | None = None
    for size in sizes:
        folder = data_folder(size)
        seconds, n_found = engine(size)
        growth = f"  (x{seconds / previous[0]:.1f} for x{size // previous[1]})" if previous else ""
        print(f"{size:>7} events  engine alone               {seconds:8.3f} s  {n_found} findings{growth}")
        wall, mib = run_command([command, "--data", str(folder), "check", "--json"], 1 if size >= 100_000 else 3)
        print(f"{size:>7} events  itinerary check            {wall:8.3f} s {mib:8.1f} MiB")
        previous = (seconds, size)


if __name__ == "__main__":
    main()
