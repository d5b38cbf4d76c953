"""The rules' words in Korean: the check, a refused change and the errors naming a record's file,
field and value, as a Korean officer reads them (``LANG=ko_KR.UTF-8``), kept word for word in
``tests/data/korean/`` and reviewed by reading them; and ``--json``, which stays English whatever
the interface speaks.

A deliberate change of a Korean text is made by running ``ITINERARY_REWRITE_KOREAN=1 python -m
pytest tests/test_korean_rules.py`` and reading the diff of those files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Cli, folder_hash
from itinerary.core import engine
from itinerary.errors import ExitCode
from itinerary.formats import jsonout
from itinerary.i18n import language, use
from itinerary.model import Programme
from itinerary.storage.store import Store

FILES = Path(__file__).resolve().parent / "data" / "korean"
KOREAN = {"COLUMNS": "100", "LANG": "ko_KR.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "ITINERARY_LANG": "", "NO_COLOR": "1"}
ENGLISH = {**KOREAN, "LANG": "C.UTF-8"}


@pytest.fixture(autouse=True)
def _language_kept() -> Iterator[None]:
    """The interface's language as it was before the test: a command run in Korean chooses Korean
    for the whole process, and the tests after this one speak English."""
    before = language()
    yield
    use(before)


def _same(name: str, text: str) -> None:
    path = FILES / f"{name}.txt"
    if os.environ.get("ITINERARY_REWRITE_KOREAN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no Korean output kept for {name}: run with ITINERARY_REWRITE_KOREAN=1 and read it"
    assert text == path.read_text(encoding="utf-8"), f"the Korean output of {name} changed"


def _shown(result: object, data: Path) -> str:
    """What a command printed (standard output and error), with the data folder's path written out."""
    exit_code = result.exit_code  # type: ignore[attr-defined]
    return f"exit {exit_code}\n" + result.output.replace(str(data), "<data>")  # type: ignore[attr-defined]


def _clashes(cli: Cli) -> None:
    """The rehearsal with clashes written anyway: the Director-General in the Center during his
    meeting with the President, and a second event at the (exclusive) Presidential Office."""
    for args in (
        ("add", "--title", "Briefing at the Center", "--title-ko", "센터 현황 보고", "--start", "22 May 10:00", "--duration", "30m",
         "--with", "houngbo", "--venue", "seoul-employment-center", "--force"),
        ("add", "--title", "Press pool", "--start", "22 May 10:00", "--duration", "30m", "--venue", "presidential-office", "--force"),
    ):
        assert cli(*args, "--by", "Jung Hye-jin").exit_code == 0


# --- the check --------------------------------------------------------------------------------------


def test_the_check_of_the_shipped_visit_in_korean(data_dir: Path) -> None:
    result = Cli(data_dir)("check", env=KOREAN)
    assert result.exit_code == 0, result.output
    _same("check-shipped", _shown(result, data_dir))


def test_the_check_of_the_rehearsal_in_korean(rehearsal_dir: Path) -> None:
    result = Cli(rehearsal_dir)("check", env=KOREAN)
    assert result.exit_code == 0, result.output
    _same("check-rehearsal", _shown(result, rehearsal_dir))


def test_the_check_of_clashes_in_korean(rehearsal_dir: Path) -> None:
    cli = Cli(rehearsal_dir)
    _clashes(cli)
    result = cli("check", env=KOREAN)
    assert result.exit_code == ExitCode.CONFLICT, result.output
    text = _shown(result, rehearsal_dir)
    assert "겹칩니다" in text and "단독 사용 장소인 대통령실" in text  # the overlap, and the venue by its Korean name
    _same("check-clashes", text)


def test_a_refused_add_says_why_in_korean_and_writes_nothing(rehearsal_dir: Path) -> None:
    cli = Cli(rehearsal_dir)
    before = folder_hash(rehearsal_dir)
    result = cli("add", "--title", "Press interview", "--title-ko", "언론 인터뷰", "--start", "22 May 10:00", "--duration", "30m",
                 "--with", "houngbo", env=KOREAN)
    assert result.exit_code == ExitCode.CONFLICT, result.output
    assert folder_hash(rehearsal_dir) == before
    text = _shown(result, rehearsal_dir)
    assert "'대통령 면담'(09:30–10:15) 일정과 '언론 인터뷰'(10:00–10:30) 일정이 15분 겹칩니다" in text
    assert "아무것도 쓰지 않았습니다" in text
    _same("add-refused", text)


# --- a broken record: its file, its field, its value ---------------------------------------------------


BROKEN = {
    "error-not-a-time": ('start = 2026-05-22T14:00:00', 'start = "tomorrow"'),
    "error-unknown-field": ('status = "tentative"', 'status = "tentative"\nstauts = "confirmed"'),
    "error-not-a-status": ('status = "tentative"', 'status = "confirmd"'),
    "error-unknown-venue": ('venue = "seoul-employment-center"', 'venue = "seoul-center"'),
}
"""What each broken record changes in a copy of the visit to the Seoul Employment Center."""


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_record_is_named_with_its_field_and_value_in_korean(data_dir: Path, name: str) -> None:
    record = data_dir / "seoul-employment-center-visit.toml"
    text = record.read_text(encoding="utf-8")
    if name == "error-not-a-time":
        text = re.sub(r"(?m)^time_tbc = true\n", "", text)
        text = re.sub(r"(?m)^window_start = .*$", 'start = "tomorrow"', text)
        text = re.sub(r"(?m)^window_end = ", "end = ", text)
    else:
        old, new = BROKEN[name]
        assert old in text, old
        text = text.replace(old, new)
    record.write_text(text, encoding="utf-8")
    before = folder_hash(data_dir)
    result = Cli(data_dir)("check", env=KOREAN)
    assert result.exit_code in (ExitCode.INVALID_DATA, ExitCode.NOT_FOUND), result.output
    assert "seoul-employment-center-visit.toml" in result.output
    assert folder_hash(data_dir) == before
    _same(name, _shown(result, data_dir))


# --- --json never changes with the language ----------------------------------------------------------


@pytest.mark.parametrize("args", [("check", "--json"), ("timeline", "--json"), ("check", "--json", "--person", "houngbo")])
def test_json_is_byte_for_byte_the_same_in_korean_and_in_english(rehearsal_dir: Path, args: tuple[str, ...]) -> None:
    cli = Cli(rehearsal_dir)
    _clashes(cli)
    english, korean = cli(*args, env=ENGLISH), cli(*args, env=KOREAN)
    assert english.exit_code == korean.exit_code
    assert english.stdout_bytes == korean.stdout_bytes
    assert '"message":"' in english.stdout and "겹칩니다" not in english.stdout


def test_the_revision_diff_in_json_is_english_whatever_the_interface_speaks(rehearsal_dir: Path) -> None:
    cli = Cli(rehearsal_dir)
    assert cli("revision", "publish", "-m", "Rehearsal").exit_code == 0
    _clashes(cli)
    assert cli("edit", "minister-meeting", "--start", "21 May 15:00", "--duration", "45m", "--venue", "seoul-employment-center").exit_code == 0
    english, korean = cli("revision", "diff", "--json", env=ENGLISH), cli("revision", "diff", "--json", env=KOREAN)
    assert english.exit_code == korean.exit_code == 0
    assert english.stdout_bytes == korean.stdout_bytes
    assert "(time TBC)" in english.stdout
    table = cli("revision", "diff", "--format", "markdown", env=KOREAN)
    assert "(시간 미정)" in table.output and "- 시간 변경:" in table.output


def test_a_finding_is_read_in_the_interface_language_and_given_to_json_in_english(rehearsal_dir: Path) -> None:
    programme: Programme = Store.at(rehearsal_dir).read().programme
    before = language()
    try:
        use("ko")
        found = engine.find(programme)
        korean = [f.message for f in found]
        english = [jsonout.finding(f)["message"] for f in found]
        assert korean and all(re.search("[가-힣]", m) for m in korean)
        use("en")
        assert [f.message for f in found] == english  # the same findings, read again in the other language
    finally:
        use(before)


def test_the_office_check_in_json_is_the_same_in_korean_and_in_english(tmp_path: Path) -> None:
    from test_office import _office

    office, ilo, b = _office(tmp_path)
    assert Cli(ilo)("edit", "minister-meeting", "--start", "21 May 16:00", "--duration", "1h").exit_code == 0
    assert Cli(b)("add", "--id", "x", "--title", "X", "--start", "21 May 16:30", "--duration", "1h", "--with", "kim-younghoon",
                  "--force").exit_code == 0
    for cli, args in ((Cli(office), ("office", "check", "--json")), (Cli(b), ("check", "--json"))):
        english, korean = cli(*args, env=ENGLISH), cli(*args, env=KOREAN)
        assert english.exit_code == korean.exit_code == ExitCode.CONFLICT
        assert english.stdout_bytes == korean.stdout_bytes and "overlap by 30 min" in english.stdout
    shown = Cli(office)("office", "check", env=KOREAN).output
    assert "일정이 30분 겹칩니다" in shown and "김영훈 장관" in shown
