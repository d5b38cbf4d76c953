"""The command line in Korean: every ``--help`` (kept in ``tests/data/korean/``, read as a
Korean officer reads it), typer's own words and the command line's usage errors in Korean, and
what must not change with the language — ``--json`` output and exit codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHIPPED, Cli
from itinerary.cli import app
from itinerary.cli.app import COMMANDS
from itinerary.cli.helppage import first_sentence
from itinerary.errors import ExitCode
from itinerary.i18n import translator

FILES = Path(__file__).resolve().parent / "data" / "korean"
KOREAN = {"COLUMNS": "100", "LANG": "ko_KR.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "ITINERARY_LANG": "", "NO_COLOR": "1"}
ENGLISH = {**KOREAN, "LANG": "C.UTF-8"}
KO = translator("ko")


def _every_command() -> list[str]:
    """Every command as typed, groups and their commands alike ('timeline', 'busy', 'busy add')."""
    from typer.main import get_command

    root = get_command(app)
    found = []
    for name in root.list_commands(None):  # type: ignore[attr-defined]
        command = root.get_command(None, name)  # type: ignore[attr-defined]
        found.append(name)
        found += [f"{name} {sub}" for sub in sorted(getattr(command, "commands", {}))]
    return found


COMMAND_LINES = _every_command()


def _kept(name: str, text: str) -> None:
    path = FILES / f"{name}.txt"
    if os.environ.get("ITINERARY_REWRITE_KOREAN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no Korean output kept for {name}: run with ITINERARY_REWRITE_KOREAN=1 and read it"
    assert text == path.read_text(encoding="utf-8"), f"the Korean output of {name} changed (ITINERARY_REWRITE_KOREAN=1 rewrites it)"


# --- --help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMAND_LINES])
def test_korean_help_is_as_kept(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env=KOREAN)
    assert result.exit_code == 0, result.output
    _kept("help-" + (re.sub(r"\W+", "-", command) or "itinerary"), result.output)


CODE = re.compile(
    r"^(?:사용법|Usage): .*$"  # the usage line: the command as typed
    r"|^  [a-z][\w-]*(?=  )"  # an argument's name
    r"|(?:예|Example): .*(?:\n[ ]+\S.*)*"  # an example: a command line as typed
    r"|기본값: [^\]]*"  # a default value
    r"|`[^`]*`|'[^']*'|\"[^\"]*\""  # commands and values as typed
    r"|https?://\S+|<[^>]*>|\{\w+\}|\[[A-Z]+\]"  # URLs, metavars, placeholders
    r"|(?:\.{1,2}|~)/[\w./<>-]*"  # a relative path
    r"|(?<![\w-])-{1,2}[A-Za-z][\w-]*(?:\s+[a-z][\w,-]*)?"  # an option flag, and the value typed after it
    r"|[\w.~*<>-]*[\w>*][-_./:=@][\w<>*./:=@-]*"  # paths, files, ids, zones, formats
    r"|\.[a-z]{2,4}\b"  # a file's extension
    r"|\b[a-z-]+(?=\()",  # a value glossed in Korean: meeting(면담·회의)
    re.MULTILINE,
)
"""What a Korean help page may hold in Latin letters: code, not words."""
NAMES = {
    # the program, its commands (as typed) and the values it reads
    "itinerary", "root", *COMMANDS, "add", "list", "clear", "publish", "diff", "show", "edit", "remove", "init", "visits", "adopt",
    "en", "ko", "both", "full", "public", "person", "ID", "FROM", "TO", "PERSON", "FILE", "FOLDER", "TEXT", "VISIT", "NAME",
    "OPTIONS", "COMMAND", "ARGS", "tbc", "none", "x", "p", "m", "h", "km",
    # names of products, standards and places, the same in Korean
    "iCalendar", "ics", "Google", "Outlook", "Apple", "Windows", "Thunderbird", "CalDAV", "UID", "SEQUENCE", "ORGANIZER", "TZID",
    "IANA", "ETag", "HTML", "PDF", "JSON", "UTF", "UTC", "URL", "WGS", "Chromium", "OR", "Tools", "caldav", "netrc", "Geneva", "toml", "STARTTLS", "PEM",
    "ITINERARY", "DATA", "BY", "LANG", "LC", "ALL", "MESSAGES", "DEBUG",
}
"""Latin words a Korean help page may hold outside code: names, and what the officer types."""


@pytest.mark.parametrize("command", ["", *COMMAND_LINES])
def test_korean_help_holds_no_english_words(command: str) -> None:
    """Every run of letters of a Korean help page is Hangul, but code (flags, values, examples as
    typed, files, ids) and the names of :data:`NAMES`."""
    shown = CliRunner().invoke(app, [*command.split(), "--help"], env=KOREAN).output
    words = set(re.findall(r"[A-Za-z]+", CODE.sub(" ", shown))) - NAMES
    assert not words, f"English in the Korean help of {command or 'itinerary'}: {sorted(words)}"
    assert re.search(r"[가-힣]", shown)


def test_each_command_s_one_line_help_is_the_first_sentence_of_its_korean_help() -> None:
    """The list of commands and each command's page say the same in Korean, as in English."""
    from typer.main import get_command

    root = get_command(app)
    for name, (_module, short) in COMMANDS.items():
        command = root.get_command(None, name)  # type: ignore[attr-defined]
        assert KO.gettext(short) == first_sentence(KO.gettext(command.help)), name


def test_help_in_korean_speaks_typer_s_words_in_korean() -> None:
    shown = CliRunner().invoke(app, ["add", "--help"], env=KOREAN).output
    assert shown.startswith("사용법: root add [OPTIONS]\n")
    assert "\n옵션:\n" in shown and "[필수]" in shown and "[기본값: meeting]" in shown and "이 도움말을 보여 주고 끝냅니다." in shown
    assert re.search(r"\[환경 변수:\s+ITINERARY_DATA\]", CliRunner().invoke(app, ["--help"], env=KOREAN).output)
    assert "\n인수:\n" in CliRunner().invoke(app, ["leg", "add", "--help"], env=KOREAN).output


def test_korean_help_lines_fit_the_terminal_on_screen() -> None:
    """A Hangul syllable takes two columns: no line of a Korean help page is wider than the page."""
    from rich.cells import cell_len

    for command in ["", *COMMAND_LINES]:
        shown = CliRunner().invoke(app, [*command.split(), "--help"], env={**KOREAN, "COLUMNS": "80"}).output
        wide = [line for line in shown.splitlines() if cell_len(line) > 80]
        assert not wide, (command, wide)


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "korean", "english"), [
    (["timline"], "오류: 'timline' 명령은 없습니다. 혹시 'timeline'입니까?", "Error: No such command 'timline'. Did you mean 'timeline'?"),
    (["add", "--titl", "x"], "오류: 없는 옵션입니다: --titl (가능한 옵션: --title, --title-ko, --with)", "Error: No such option: --titl"),
    (["publish", "-m", "x"], "혹시 `itinerary revision publish -m`입니까?", "did you mean `itinerary revision publish -m`?"),
    (["show"], "오류: 인수 'ID'가 필요합니다.", "Error: Missing argument 'ID'."),
    (["add", "--start", "22 May 14:00"], "오류: 옵션 '--title'이 필요합니다.", "Error: Missing option '--title'."),
    (["history", "--limit", "abc"], "오류: '--limit' / '-n'의 값이 잘못되었습니다: 'abc'는 정수가 아닙니다.", "'abc' is not a valid int range."),
    (["history", "--limit", "0"], "'--limit' / '-n'의 값이 잘못되었습니다: 0은 허용 범위(x>=1) 밖입니다.", "0 is not in the range x>=1."),
    (["add", "--title"], "오류: 옵션 '--title'에는 값이 필요합니다.", "Error: Option '--title' requires an argument."),
    (["show", "a", "b"], "오류: 필요 없는 인수가 있습니다(b)", "Error: Got unexpected extra argument(s) (b)"),
    (["--lang", "fr", "timeline"], "오류: --lang의 값이 잘못되었습니다: 'fr'", "'fr' is not a language: en or ko"),
])
def test_the_command_line_s_own_errors_in_korean_with_the_same_exit_code(cli: Cli, args: list[str], korean: str, english: str) -> None:
    said = cli(*args, env=KOREAN)
    assert korean in said.output, said.output
    assert "Error" not in said.output and "Usage" not in said.output and "Try " not in said.output
    shown = cli(*args, env=ENGLISH)
    assert english in shown.output, shown.output
    assert said.exit_code == shown.exit_code == ExitCode.USAGE


def test_a_usage_error_shows_the_usage_and_the_help_hint_in_korean(cli: Cli) -> None:
    said = cli("show", env=KOREAN).output
    assert said.startswith("사용법: root show [OPTIONS] {ID}\n도움말: 'root show --help'\n\n오류: "), said


def test_a_missing_value_is_not_offered_as_another_command_s_option(cli: Cli) -> None:
    """`add --title` with no value: the option is add's own, so no 'did you mean' (it named add)."""
    shown = cli("add", "--title", env=ENGLISH)
    assert shown.exit_code == ExitCode.USAGE and "did you mean" not in shown.output, shown.output


def test_the_project_s_messages_in_korean(cli: Cli, tmp_path: Path) -> None:
    checked = cli("check", "--strict", env=KOREAN)
    assert checked.exit_code == ExitCode.CONFLICT and re.search(r"itinerary: 경고 \d+건\(--strict\)", checked.output), checked.output
    removed = cli("remove", "working-lunch", env=KOREAN)
    assert removed.exit_code == ExitCode.NOT_FOUND
    refused = cli("remove", "minister-meeting", env=KOREAN)
    assert refused.exit_code == ExitCode.USAGE
    assert "remove는 삭제 여부를 묻습니다. 터미널에서 실행하거나, minister-meeting을 삭제하려면 --yes를 주십시오" in refused.output
    started = cli("init", str(tmp_path / "v"), "--title", "Visit", "--first-day", "2026-06-15", "--from", str(SHIPPED), env=KOREAN)
    assert started.exit_code == 0, started.output
    assert re.search(r"방문 visit-2026-06을 시작하고, .* 인물 \d+명, 장소 \d+곳, 이동 구간 \d+개를 가져왔습니다\.", started.output), started.output
    assert "다음 단계: itinerary --data" in started.output
    added = cli("add", "--title", "Tea", "--start", "5월 22일 16:00", "--duration", "30분", "--with", "houngbo", env=KOREAN)
    assert added.exit_code == 0 and added.output.startswith("tea를 추가했습니다"), added.output
    undone = cli("undo", env=KOREAN)
    assert undone.exit_code == 0 and undone.output.startswith("되돌렸습니다: #") and ": tea 추가. 변경 이력에 #" in undone.output, undone.output


# --- what does not change with the language ---------------------------------------------------------

JSON_COMMANDS = [
    ["timeline", "--json"], ["timeline", "--person", "houngbo", "--day", "22 May", "--json"], ["show", "minister-meeting", "--json"],
    ["people", "--json"], ["venues", "--json"], ["check", "--json"], ["history", "--json"], ["visit", "show", "--json"],
    ["revision", "list", "--json"], ["plan", "--json"], ["plan", "--from", "12:00", "--to", "13:00", "--json"],
    ["timeline", "--day", "30 May", "--json"], ["show", "no-such-event", "--json"], ["history", "--json", "--limit", "0"],
    ["recipient", "list", "--json"],
]
"""Every command with --json, on the rehearsal's records, and some that fail."""
LENGTHS = {"global-ai-hub-ceremony": "1h", "minister-meeting": "45m", "labour-leaders-meeting": "45m", "business-leaders-meeting": "45m"}


def _without_time(data: object) -> object:
    """A plan's JSON without the solver's wall time ("seconds")."""
    if isinstance(data, dict):
        return {k: _without_time(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_without_time(v) for v in data]
    return data


def test_json_and_exit_codes_are_the_same_in_english_and_korean(rehearsal_dir: Path) -> None:
    cli = Cli(rehearsal_dir)
    for event_id, length in LENGTHS.items():
        assert cli("edit", event_id, "--duration", length).exit_code == 0
    assert cli("revision", "publish", "-m", "first").exit_code == 0
    assert cli("recipient", "add", "minister-aide", "--name", "Park Min-ji", "--name-ko", "박민지 비서관", "--email", "aide@moel.example",
               "--audience", "person:kim-younghoon", "--lang", "ko").exit_code == 0
    for args in JSON_COMMANDS:
        english, korean = cli(*args, env=ENGLISH), cli(*args, env=KOREAN)
        assert english.exit_code == korean.exit_code, (args, english.output, korean.output)
        if args[0] == "plan" and english.stdout:  # the solver's wall time differs between any two runs
            assert _without_time(json.loads(english.stdout)) == _without_time(json.loads(korean.stdout)), args
        else:
            assert english.stdout == korean.stdout, args
        if english.exit_code in (0, ExitCode.CONFLICT) and english.stdout.strip():
            json.loads(english.stdout)
    diff = ["revision", "diff", "1", "--json"]
    assert cli(*diff, env=ENGLISH).stdout == cli(*diff, env=KOREAN).stdout


def test_check_json_says_a_day_in_english_under_a_korean_interface(cli: Cli) -> None:
    # a dinner past midnight with a call during it: the overlap names the day the dinner ends
    for title, start, length in (("Late dinner", "21 May 22:00", "3h"), ("Late call", "21 May 23:00", "30m")):
        assert cli("add", "--title", title, "--start", start, "--duration", length, "--with", "houngbo", "--force", env=ENGLISH).exit_code == 0
    english, korean = cli("check", "--json", env=ENGLISH), cli("check", "--json", env=KOREAN)
    assert english.exit_code == korean.exit_code == ExitCode.CONFLICT
    assert "'Late dinner' (22:00–22 May 01:00) and 'Late call' (23:00–23:30) overlap by 30 min" in english.stdout
    assert korean.stdout == english.stdout


def test_office_json_and_exit_codes_are_the_same_in_english_and_korean(tmp_path: Path) -> None:
    from test_office import _office

    office, ilo, b = _office(tmp_path)
    cli = Cli(office)
    assert Cli(b).__call__("add", "--id", "x", "--title", "X", "--start", "21 May 16:30", "--duration", "1h", "--with", "kim-younghoon",
                           "--force").exit_code == 0
    for args in (["office", "check", "--json"], ["office", "timeline", "--day", "2026-05-21", "--json"],
                 ["office", "timeline", "--week", "2026-05-21", "--person", "kim-younghoon", "--json"]):
        english, korean = cli(*args, env=ENGLISH), cli(*args, env=KOREAN)
        assert (english.exit_code, english.stdout) == (korean.exit_code, korean.stdout), args
        json.loads(english.stdout)


def test_every_json_option_is_checked_in_both_languages() -> None:
    """A command that gains --json is added to the tests above."""
    from typer.main import get_command

    root = get_command(app)
    with_json = []
    for line in COMMAND_LINES:
        command = root
        for word in line.split():
            command = command.get_command(None, word)  # type: ignore[attr-defined]
        if any("--json" in getattr(p, "opts", ()) for p in getattr(command, "params", ())):
            with_json.append(line)
    checked = {" ".join(a[:2]) if a[0] in ("visit", "revision", "recipient") else a[0] for a in JSON_COMMANDS} | {"office check", "office timeline",
                                                                                                   "revision diff"}
    assert set(with_json) <= checked, set(with_json) - checked
