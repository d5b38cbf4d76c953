"""The message catalogs (clean, complete, up to date, compiled at build), the language chosen once,
Korean particles and Korean dates."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.checkers import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SHIPPED, Cli
from itinerary.errors import ExitCode
from itinerary.i18n import catalog, choose, flag_value, particles, translator
from itinerary.i18n.catalog import fill
from itinerary.i18n.dates import korean, korean_days, weekday
from itinerary.i18n.particles import Ending, attach, ending, particle, resolve

PO = ROOT / "src" / "itinerary" / "i18n" / "locale" / "ko" / "LC_MESSAGES" / "itinerary.po"


def messages() -> list[object]:
    with PO.open("rb") as source:
        return [m for m in read_po(source, locale="ko") if m.id]


def fields(text: str) -> set[str]:
    """The placeholders of a brace-format text, without their conversions and specs."""
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


# --- the catalog --------------------------------------------------------------------------------


def test_the_korean_catalog_is_clean_and_wholly_translated() -> None:
    with PO.open("rb") as source:
        found = read_po(source, locale="ko")
    problems = []
    for message in found:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"not translated: {ids[0]!r}")
            continue
        for text in strings:
            if fields(text) != fields(ids[0]):
                problems.append(f"placeholders differ: {ids[0]!r} → {text!r}")
        for check in checkers:
            try:
                check(found, message)
            except Exception as err:  # TranslationError: Babel's own checks
                problems.append(f"{ids[0]!r}: {err}")
    assert not problems, problems
    assert len(messages()) >= 80


def test_msgfmt_finds_nothing_wrong_in_the_catalog() -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (Debian: apt-get install gettext)")
    checked = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(PO)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "untranslated" not in checked.stderr and "fuzzy" not in checked.stderr, checked.stderr


def test_every_marked_message_of_the_sources_is_in_the_catalog_and_nothing_else() -> None:
    """What `pybabel extract -F babel.cfg` finds (the marked messages and the commands' help) is
    the catalog."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    marked = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT / "src", method_map, options_map, keywords=keywords):
        marked.add(message if isinstance(message, str) else message[0])
    catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in messages()}  # type: ignore[attr-defined]
    assert not marked - catalogued, f"run the pybabel extract/update of src/itinerary/i18n/__init__.py: {sorted(marked - catalogued)[:5]}"
    assert not catalogued - marked, f"entries no source marks (pybabel update drops them): {sorted(catalogued - marked)[:5]}"


def test_the_catalog_is_compiled_at_build_from_its_source() -> None:
    """The installed package holds the .mo the build compiled (never committed), and it says
    what the .po says (an editable install after an edit of the .po: `pip install -e .` again)."""
    mo = catalog.LOCALE / "ko" / "LC_MESSAGES" / "itinerary.mo"
    assert mo.is_file(), "the build did not compile the catalog (hatch_build.py)"
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.returncode != 0 or not tracked.stdout.strip(), f"compiled catalogs are committed: {tracked.stdout}"
    with mo.open("rb") as compiled:
        built = gettext.GNUTranslations(compiled)
    fresh = gettext.GNUTranslations(catalog.compile_po(PO))
    for message in messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)  # type: ignore[attr-defined]
        if len(ids) == 2:
            assert built.ngettext(ids[0], ids[1], 2) == fresh.ngettext(ids[0], ids[1], 2), "stale .mo: pip install -e . again"
        else:
            assert built.gettext(ids[0]) == fresh.gettext(ids[0]), "stale .mo: pip install -e . again"


def test_the_build_hook_compiles_each_catalog_and_refuses_one_with_holes(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    folder = tmp_path / hatch_build.CATALOGS / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "itinerary.po")
    (written,) = hatch_build.compile_catalogs(tmp_path)
    with written.open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Venue") == "장소"
    assert written.stat().st_mode & 0o444 == 0o444  # readable by everyone once installed
    text = PO.read_text(encoding="utf-8").replace('msgstr "장소"', 'msgstr ""')
    (folder / "itinerary.po").write_text(text, encoding="utf-8")
    with pytest.raises(RuntimeError, match="not translated"):
        hatch_build.compile_catalogs(tmp_path)


def test_a_catalog_missing_or_damaged_leaves_the_messages_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "itinerary.po")
    (folder / "itinerary.mo").write_bytes(b"not a catalog")
    monkeypatch.setattr(catalog, "LOCALE", tmp_path)
    assert catalog.load("ko").gettext("Venue") == "장소"  # from the .po beside the damaged .mo
    (folder / "itinerary.po").unlink()
    assert catalog.load("ko").gettext("Venue") == "Venue"


# --- choosing the language ----------------------------------------------------------------------


@pytest.mark.parametrize(("args", "environ", "chosen"), [
    ([], {}, "en"),
    ([], {"LANG": "ko_KR.UTF-8"}, "ko"),
    ([], {"LANG": "ko_KR.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL outweighs LANG
    ([], {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
    ([], {"LANG": "ko_KR.UTF-8", "ITINERARY_LANG": "en"}, "en"),
    (["timeline", "--lang", "ko"], {"ITINERARY_LANG": "en"}, "ko"),  # the command line outweighs all
    (["--lang=en", "timeline"], {"LANG": "ko_KR.UTF-8"}, "en"),
    (["--lang", "both", "book"], {"LANG": "ko_KR.UTF-8"}, "ko"),  # the book's 'both' chooses nothing
    (["add", "--title", "x", "--", "--lang", "ko"], {}, "en"),  # past '--' is not an option
    ([], {"ITINERARY_LANG": "fr", "LANG": "ko_KR"}, "ko"),  # a value that is no language (refused by the CLI)
])
def test_the_language_is_chosen_from_the_line_then_the_environment(args: list[str], environ: dict[str, str], chosen: str) -> None:
    assert choose(args, environ) == chosen


def test_the_last_lang_on_the_line_counts() -> None:
    assert flag_value(["--lang", "en", "timeline", "--lang", "ko"]) == "ko" and flag_value(["--lang"]) is None


def test_lang_anywhere_on_the_line_speaks_korean(cli: Cli) -> None:
    for args, env in ((["--lang", "ko", "add"], {}), (["add", "--lang", "ko"], {}), (["add"], {"ITINERARY_LANG": "ko"}),
                      (["add"], {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_GB.UTF-8"}),
                      (["add"], {"LANG": "ko_KR.UTF-8", "LC_ALL": ""})):
        result = cli(*args, "--title", "x", "--start", "5월 22일(목) 14:00", "--duration", "1h", env=env)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "2026년 5월 22일(금)은 목요일이 아니라 금요일입니다" in result.output, (args, env, result.output)
    english = cli("add", "--title", "x", "--start", "5월 22일(목) 14:00", "--duration", "1h", env={"LANG": "C.UTF-8"})
    assert "'5월 22일(목) 14:00': 22 May 2026 is a Friday, not a Thursday" in english.output


def test_lang_as_the_very_first_word_speaks_korean(data_dir: Path) -> None:
    """`itinerary --lang ko check`: the first word of the line counts like any other."""
    from typer.testing import CliRunner

    from itinerary.cli import app

    result = CliRunner().invoke(app, ["--lang", "ko", "--data", str(data_dir), "check"], env={"LANG": "C.UTF-8", "COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "일정 점검" in result.output and "Check of" not in result.output


def test_the_books_own_lang_is_the_books_and_a_lang_before_it_the_interfaces_too(cli: Cli, tmp_path: Path) -> None:
    """`book --lang ko` writes a Korean book for its reader, whatever the officer's interface
    speaks; a --lang before the command chooses both."""
    english = cli("book", "--audience", "public", "--lang", "ko", "-o", str(tmp_path / "a.html"), env={"LANG": "C.UTF-8"})
    assert english.exit_code == 0 and english.output.startswith("Wrote "), english.output
    assert '<html lang="ko">' in (tmp_path / "a.html").read_text(encoding="utf-8")
    korean = cli("--lang", "ko", "book", "--audience", "public", "-o", str(tmp_path / "b.html"))
    assert korean.exit_code == 0 and korean.output.startswith("저장했습니다: "), korean.output
    assert '<html lang="ko">' in (tmp_path / "b.html").read_text(encoding="utf-8")
    both = cli("--lang", "ko", "book", "--audience", "public", "--lang", "both", "-o", str(tmp_path / "c.html"))
    assert both.output.startswith("저장했습니다: ") and '<html lang="en">' in (tmp_path / "c.html").read_text(encoding="utf-8")


def test_a_language_that_is_not_one_is_refused(cli: Cli) -> None:
    result = cli("--lang", "fr", "timeline")
    assert result.exit_code == ExitCode.USAGE and "'fr' is not a language: en or ko" in result.output
    result = cli("timeline", env={"ITINERARY_LANG": "kr"})
    assert result.exit_code == ExitCode.USAGE and "ITINERARY_LANG" in result.output
    result = cli("book", "--lang", "kr")
    assert result.exit_code == ExitCode.USAGE and "did you mean 'ko'" in result.output  # the book judges its own


def test_english_reads_no_catalog(data_dir: Path) -> None:
    """An English command never opens a catalog nor imports Babel (start-up costs nothing)."""
    code = (
        "import sys\nfrom itinerary.cli import app\nfrom itinerary.i18n import catalog\n"
        f"try:\n    app(['--data', {str(data_dir)!r}, 'timeline'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', [t.lang for t in catalog._TRANSLATORS.values() if t._catalog is not None], 'babel' in sys.modules)\n"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("ITINERARY_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**environ, "LANG": "C.UTF-8"})
    assert "LOADED [] False" in shown.stdout, shown.stdout + shown.stderr


# --- particles ----------------------------------------------------------------------------------

FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
"""The 27 final consonants of a Hangul syllable, in Unicode's order (index 1 to 27; 0 is none)."""


def syllable(initial: int, medial: int, final: int) -> str:
    return chr(0xAC00 + (initial * 21 + medial) * 28 + final)


@st.composite
def korean_names(draw: st.DrawFn) -> tuple[str, int]:
    """A name of Hangul syllables ending in the final ``final`` (0: a vowel), with anything that
    is not read after it: a title before, a parenthesis or closing quotes after."""
    final = draw(st.integers(0, 27))
    body = draw(st.lists(st.integers(0xAC00, 0xD7A3).map(chr), max_size=6))
    name = "".join(body) + syllable(draw(st.integers(0, 18)), draw(st.integers(0, 20)), final)
    name = draw(st.sampled_from(["", "김영훈 ", "ILO "])) + name
    name += draw(st.sampled_from(["", "(ILO)", " (Geneva)", "”", "'", ".", "(2026)"]))
    return name, final


@settings(max_examples=500, deadline=None)
@given(korean_names())
def test_every_final_consonant_and_vowel_takes_its_particles(case: tuple[str, int]) -> None:
    name, final = case
    vowel, rieul = final == 0, final == FINALS.index("ㄹ") + 1
    assert ending(name) is (Ending.VOWEL if vowel else Ending.RIEUL if rieul else Ending.CONSONANT)
    for pair in (("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("이나", "나"), ("이라", "라"), ("아", "야")):
        expected = pair[1] if vowel else pair[0]
        for form in (*pair, "/".join(pair)):
            assert particle(name, form) == expected
    assert particle(name, "으로") == ("로" if vowel or rieul else "으로")
    assert resolve(name, "을(를) 만났다") == particle(name, "을") + " 만났다"


@pytest.mark.parametrize(("name", "object_", "subject", "towards"), [
    ("김영훈 장관", "김영훈 장관을", "김영훈 장관이", "김영훈 장관으로"),
    ("질베르 응보", "질베르 응보를", "질베르 응보가", "질베르 응보로"),
    ("서울", "서울을", "서울이", "서울로"),
    ("국제노동기구(ILO)", "국제노동기구(ILO)를", "국제노동기구(ILO)가", "국제노동기구(ILO)로"),
    ("“사람 중심 AI 전환”", "“사람 중심 AI 전환”을", "“사람 중심 AI 전환”이", "“사람 중심 AI 전환”으로"),
    ("ILO", "ILO를", "ILO가", "ILO로"),  # 아이엘오
    ("HTML", "HTML을", "HTML이", "HTML로"),  # 엘: ㄹ
    ("Houngbo", "Houngbo를", "Houngbo가", "Houngbo로"),
    ("Kim", "Kim을", "Kim이", "Kim으로"),
    ("Seoul", "Seoul을", "Seoul이", "Seoul로"),
    ("Sejong", "Sejong을", "Sejong이", "Sejong으로"),
    ("Gilbert", "Gilbert를", "Gilbert가", "Gilbert로"),  # 질베르
    ("Google", "Google을", "Google이", "Google로"),  # 구글
    ("phone", "phone을", "phone이", "phone으로"),  # 폰
    ("2026", "2026을", "2026이", "2026으로"),  # 이천이십육
    ("3", "3을", "3이", "3으로"),
    ("2", "2를", "2가", "2로"),
    ("7", "7을", "7이", "7로"),  # 칠: ㄹ
    ("10", "10을", "10이", "10으로"),  # 십
    ("1,000", "1,000을", "1,000이", "1,000으로"),  # 천
    ("1,200,000", "1,200,000을", "1,200,000이", "1,200,000으로"),  # 백이십만
    ("1000000000000", "1000000000000를", "1000000000000가", "1000000000000로"),  # 일조
    ("0", "0을", "0이", "0으로"),  # 영
    ("🙂", "🙂을(를)", "🙂이(가)", "🙂(으)로"),  # cannot be read: both, as Korean writes them
    ("", "을(를)", "이(가)", "(으)로"),
])
def test_particles_after_names_as_korean_reads_them(name: str, object_: str, subject: str, towards: str) -> None:
    assert (attach(name, "을"), attach(name, "가"), attach(name, "로")) == (object_, subject, towards)


def test_a_korean_translation_has_its_particles_chosen_for_each_value() -> None:
    template = "{person}이(가) {event}을(를) 마치고 {venue}(으)로 이동합니다. {count:,}건"
    values = {"person": "김영훈 장관", "event": "면담", "venue": "서울", "count": 1200}
    assert fill(template, values) == "김영훈 장관이 면담을 마치고 서울로 이동합니다. 1,200건"
    values = {"person": "질베르 응보 사무총장", "event": "방문", "venue": "세종", "count": 2}
    assert fill(template, values) == "질베르 응보 사무총장이 방문을 마치고 세종으로 이동합니다. 2건"
    assert fill("{text!r}은(는) 날짜가 아닙니다", {"text": "5월"}) == "'5월'은 날짜가 아닙니다"
    assert fill("원래 을(를) 쓴 문장", {}) == "원래 을(를) 쓴 문장"  # not after a value: left as written
    assert particles.UNDECIDED["(으)로"] == "으로/로"


def test_a_translator_for_an_explicit_language_whatever_the_interface_speaks() -> None:
    assert translator("ko").gettext("Venue") == "장소" and translator("en").gettext("Venue") == "Venue"
    assert translator("ko").gettext("Programme of {name}", name="김영훈 장관") == "김영훈 장관 일정"
    assert translator("ko").gettext("a message not in the catalog {n}", n=3) == "a message not in the catalog 3"
    singular = "Printed {n} text in English, marked, for want of its Korean version: {missing}."
    plural = "Printed {n} texts in English, marked, for want of their Korean version: {missing}."
    assert translator("ko").ngettext(singular, plural, 5, n=5, missing="x") == "한국어가 없는 5건은 영문으로 표시하여 인쇄했습니다: x."
    assert translator("en").ngettext(singular, plural, 1, n=1, missing="x").startswith("Printed 1 text in English")
    assert translator("xx").lang == "en"


# --- Korean dates ----------------------------------------------------------------------------


def test_korean_dates_and_times_in_the_korean_convention() -> None:
    moment = dt.datetime(2026, 5, 22, 14, 0)
    assert korean(moment) == "2026년 5월 22일(금) 14:00"
    assert korean(moment, year=False) == "5월 22일(금) 14:00"
    assert korean(moment, day_of_week=False) == "2026년 5월 22일 14:00"
    assert korean(moment.date()) == "2026년 5월 22일(금)"
    assert korean(moment, time=False, year=False) == "5월 22일(금)"
    assert korean(moment.date(), month=False) == "22일(금)"
    assert korean_days(dt.date(2026, 5, 21), dt.date(2026, 5, 22)) == "2026년 5월 21일(목)~22일(금)"
    assert korean_days(dt.date(2026, 5, 31), dt.date(2026, 6, 1)) == "2026년 5월 31일(일)~6월 1일(월)"
    assert korean_days(dt.date(2026, 12, 31), dt.date(2027, 1, 1)) == "2026년 12월 31일(목)~2027년 1월 1일(금)"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_korean_weekday_is_the_dates_own(day: dt.date) -> None:
    assert weekday(day) == "월화수목금토일"[day.weekday()]


def test_the_shipped_people_are_named_with_their_titles() -> None:
    from itinerary.formats import codec

    people = {p.id: p for p in codec.loads_people((SHIPPED / "people.toml").read_text(encoding="utf-8"))}
    assert people["kim-younghoon"].korean == "김영훈 장관" and people["president"].korean == "대통령"
