"""The English interface, word for word: what the commands print in English is kept in
``tests/data/english/`` and must not change when messages move into the catalog (or when the
Korean interface grows). A deliberate change of an English text is made by running
``ITINERARY_REWRITE_ENGLISH=1 python -m pytest tests/test_english_unchanged.py`` and reviewing the
diff of those files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Cli
from itinerary.cli import app
from itinerary.cli.app import COMMANDS

FILES = Path(__file__).resolve().parent / "data" / "english"
ENGLISH = {"COLUMNS": "100", "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "ITINERARY_LANG": "", "NO_COLOR": "1"}


def _same(name: str, text: str) -> None:
    path = FILES / f"{name}.txt"
    if os.environ.get("ITINERARY_REWRITE_ENGLISH"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no English output kept for {name}: run with ITINERARY_REWRITE_ENGLISH=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"the English output of {name} changed"


def _stable(text: str, data: Path) -> str:
    """Output with what differs between runs written out: the data folder's path."""
    return text.replace(str(data), "<data>")


VIEWS = {
    "timeline": ["timeline"],
    "timeline-person": ["timeline", "--person", "houngbo"],
    "timeline-day": ["timeline", "--day", "22 May", "--tz", "Europe/Zurich"],
    "check": ["check"],
    "show": ["show", "minister-meeting"],
    "people": ["people"],
    "venues": ["venues"],
    "history": ["history"],
    "plan-fits": ["plan"],
    "plan-does-not-fit": ["plan", "--from", "12:00", "--to", "13:00"],
}
LENGTHS = {"global-ai-hub-ceremony": "1h", "minister-meeting": "45m", "labour-leaders-meeting": "45m", "business-leaders-meeting": "45m"}
"""Expected lengths of the events still to be confirmed, so that the planner can place them."""


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_english_views_are_word_for_word_as_before(rehearsal_dir: Path, name: str) -> None:
    cli = Cli(rehearsal_dir)
    if name.startswith("plan"):
        for event_id, length in LENGTHS.items():
            assert cli("edit", event_id, "--duration", length, "--by", "Jung Hye-jin").exit_code == 0
    result = cli(*VIEWS[name], env=ENGLISH)
    assert result.exit_code in (0, 5), result.output
    _same(name, f"exit {result.exit_code}\n" + _stable(result.output, rehearsal_dir))


@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_english_help_is_word_for_word_as_before(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env=ENGLISH)
    assert result.exit_code == 0, result.output
    _same("help-" + (re.sub(r"\W+", "-", command) or "itinerary"), result.output)
