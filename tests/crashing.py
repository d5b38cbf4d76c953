"""kill -9 for the crash tests: the installed ``itinerary`` command, run to its end or killed at a
chosen moment."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

KILLS = int(os.environ.get("ITINERARY_CRASH_KILLS", "3"))
"""How many times each crash test kills (default 3; CI runs 30)."""


def command() -> list[str]:
    found = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert found, "the itinerary command is not installed"
    return [found]


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command(), "--data", str(data), *args], capture_output=True, text=True, timeout=300)


def killed(data: Path, after: float, *args: str) -> int | None:
    """Start the command, kill -9 it after ``after`` seconds; its exit code if it ended first."""
    process = subprocess.Popen([*command(), "--data", str(data), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + after
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return process.returncode
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return None


def signalled_while_writing(data: Path, files: int, sig: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Start the command, send it ``sig`` once the data folder holds ``files`` files (a moment
    while a large change writes its records); what it said and its exit code."""
    process = subprocess.Popen([*command(), "--data", str(data), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None and len(os.listdir(data)) < files:
        time.sleep(0.001)
    process.send_signal(sig)
    _, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, "", err)
