"""Shared fixtures: a private copy of the shipped visit, a CLI runner, folder fingerprints."""

from __future__ import annotations

import hashlib
import os
import shutil
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
