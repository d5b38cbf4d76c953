"""Officers of one team at the command line: each in a folder of their own, ``lee`` holding a copy
of the shipped visit, and a calendar on the server for each test."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SHIPPED, Cli


def calendar_of(request: pytest.FixtureRequest) -> str:
    """The test's own calendar on the server, named from the test."""
    return "team " + hashlib.sha256(request.node.name.encode()).hexdigest()[:10]


def officers(folder: Path, env: dict[str, str]) -> Callable[..., object]:
    """Runs a command as one officer in ``folder/<who>`` (by default with ``env``) and checks its
    exit code; ``lee`` starts with the shipped visit."""
    shutil.copytree(SHIPPED, folder / "lee", ignore=shutil.ignore_patterns(".*"))

    def run(who: str, *args: str, code: int = 0, env: dict[str, str] = env) -> object:
        result = Cli(folder / who)("--by", who, *args, env=env)
        assert result.exit_code == code, (args, result.output)
        return result

    return run
