"""The Korean book as a Korean office writes it: every text in Korean for the shipped visit (on the
HTML and on the PDF read back with pdftotext), people with their titles, Korean lists, the words a
ministry uses for a draft, a numbered revision and a distribution mark; a record's English marked
where its Korean is missing, named by `book` and refused with --strict; the English book untouched
by the Korean fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_book import need, pdf_text, squeeze

from conftest import SHIPPED, Cli
from itinerary.changes.library import Library
from itinerary.changes.printed import book_edition
from itinerary.errors import ExitCode
from itinerary.formats import book as booklet
from itinerary.formats import codec
from itinerary.model import Audience

ENGLISH_WORDS = [
    # the book's own words and the records' English, which a Korean book says in Korean
    "Audience", "Full programme", "Public programme", "Programme", "at a glance", "Changes", "Change", "Event", "Before",
    "After", "No changes", "Office", "Contacts", "Venue", "Participants", "Agenda", "Notes", "Sources", "confirmed",
    "to be confirmed", "planning window", "tentative", "cancelled", "Rev", "Draft", "published", "revision", "as of",
    "Travel", "leave", "arrive", "min", "buffer", "For official use", "may be shared", "Personal", "Geneva", "Zurich",
    "Korean Standard Time", "Thursday", "Friday", "Thu", "Fri", "May", "Director", "Minister", "President", "Deputy",
    "International", "Cooperation", "Division", "Ministry", "Employment", "Labor", "Labour", "Seoul", "Sejong", "Center",
    "Gilbert", "Houngbo", "Kim", "Lee", "Jung", "MoEL", "press release", "Meeting", "Visit", "ceremony", "Human",
    "the", "and", "of", "not stated", "source", "English",
]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"https?://\S+")
LATIN_RUN = re.compile(r"[A-Za-z]+")


class BodyText(HTMLParser):
    """The text a reader sees: the page's title and body, without its style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)


def seen(html: str) -> str:
    reader = BodyText()
    reader.feed(html)
    return squeeze_spaces(" ".join(reader.parts))


def squeeze_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def names_written_in_latin_letters() -> set[str]:
    """The letter runs the Korean of the shipped records itself writes in Latin letters — names
    and abbreviations Korean keeps as they are ("ILO", "AI") — and the ids of the records."""
    runs: set[str] = set()
    texts = []
    for path in SHIPPED.glob("*.toml"):
        text = path.read_text(encoding="utf-8").split("\n[source]", 1)[0]  # the sources are not printed as written
        texts += re.findall(r'^\w+_ko = "(.*)"$', text, re.M)
        texts += re.findall(r'^agenda_ko = \[\n((?:    ".*",\n)+)\]', text, re.M)
    for text in texts:
        runs |= set(LATIN_RUN.findall(re.sub(r"\{\w+\}", "", text)))  # not a placeholder of a handling line
    return runs


def english_in(text: str, allowed: set[str]) -> tuple[list[str], list[str]]:
    """(words of the list found, letter runs that are neither Hangul nor allowed)."""
    text = URL.sub(" ", EMAIL.sub(" ", text))
    words = [w for w in ENGLISH_WORDS if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text)]
    runs = sorted({run for run in LATIN_RUN.findall(text) if run not in allowed})
    return words, runs


@pytest.mark.parametrize("audience", ["person:kim-younghoon", "public", "full", "person:houngbo"])
def test_a_korean_book_of_the_shipped_visit_holds_no_english(cli: Cli, tmp_path: Path, audience: str) -> None:
    allowed = names_written_in_latin_letters()
    assert allowed == {"ILO", "AI"}, allowed  # the abbreviations the Korean press release itself writes
    html_file = tmp_path / "book.html"
    pdf = [] if not _tools() else ["--pdf"]
    result = cli("book", "--audience", audience, "--lang", "ko", "-o", str(html_file), *pdf)
    assert result.exit_code == 0, result.output
    assert "영문" not in result.output  # nothing printed in English for want of Korean
    html = html_file.read_text(encoding="utf-8")
    texts = {"HTML": seen(html)}
    if pdf:
        texts["PDF"] = pdf_text(html_file.with_suffix(".pdf"))
    for where, text in texts.items():
        words, runs = english_in(text, allowed)
        assert not words and not runs, (where, words, runs)
        assert re.search("[가-힣]", text) and "(영문)" not in text
    if audience == "person:kim-younghoon":
        for korean in ("김영훈 장관 개인 일정 — 대외 배포 금지", "김영훈 장관 - 질베르 응보 사무총장 면담", "참석자: 질베르 응보 사무총장, 김영훈 장관",
                       "사람 중심 AI 정책 추진방향", "이번 면담은 사무총장이 2022년 10월 취임한 이후", "제네바 05:00–11:00"):
            assert squeeze(korean) in squeeze(texts.get("PDF", texts["HTML"])), korean


def _tools() -> bool:
    try:
        need("chromium", "pdftotext")
    except pytest.skip.Exception:
        return False
    return True


def test_people_titles_korean_lists_and_a_ministrys_words(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    html_file = tmp_path / "ko.html"
    assert cli("book", "--lang", "ko", "-o", str(html_file)).exit_code == 0
    text = seen(html_file.read_text(encoding="utf-8"))
    assert "참석자: 질베르 응보 사무총장, 김영훈 장관" in text and ";" not in text
    plain = re.sub(r"<[^>]+>", "", html_file.read_text(encoding="utf-8"))
    assert "담당자: 국제협력담당관실 과장 이강연(+82-44-202-7129), 국제협력담당관실 사무관 정혜진(+82-44-202-7133)" in plain
    assert "(안) 최초 배포 전" in squeeze_spaces(text) and "업무용 전체 일정 — 대외 배포 금지" in text
    assert "2026년 5월 21일(목)~22일(금)" in text and "제네바 " in text and "취리히" not in text
    assert cli("revision", "publish", "-m", "최초 배포").exit_code == 0
    assert cli("book", "--lang", "ko", "-o", str(html_file)).exit_code == 0
    text = seen(html_file.read_text(encoding="utf-8"))
    assert re.search(r"1차본 \d{4}년 \d{1,2}월 \d{1,2}일 배포: 최초 배포", squeeze_spaces(text)), text[:600]
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed").exit_code == 0
    assert cli("book", "--lang", "ko", "-o", str(html_file)).exit_code == 0
    text = squeeze_spaces(seen(html_file.read_text(encoding="utf-8")))
    assert "(안) 1차본 배포 후 수정 중(미배포)" in text and "1차본 대비 변경 사항" in text
    assert "시간 변경 대통령 면담 5월 22일(금) 시간 미정 (예정 시간대 09:00–18:00) 5월 22일(금) 15:00–15:45" in text


def test_a_record_without_its_korean_is_printed_marked_named_or_refused(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("add", "--id", "lunch", "--title", "Working lunch", "--start", "22 May 12:00", "--duration", "1h",
               "--with", "houngbo,kim-younghoon", "--note", "Menu to be agreed.").exit_code == 0
    assert cli("person", "edit", "kim-younghoon", "--role-ko", "").exit_code == 0
    html_file = tmp_path / "ko.html"
    result = cli("book", "--audience", "person:kim-younghoon", "--lang", "ko", "-o", str(html_file))
    assert result.exit_code == 0, result.output
    assert "Printed 3 texts in English, marked, for want of their Korean version: " in result.output
    assert "lunch (title_ko, notes_ko)" in result.output and "person kim-younghoon (title_ko)" in result.output
    html = html_file.read_text(encoding="utf-8")
    assert '<span class="fallback" lang="en">Working lunch</span>' in html and '<span class="fallback" lang="en">Menu to be agreed.</span>' in html
    assert "김영훈 <span class=\"fallback\" lang=\"en\">Minister of Employment and Labor</span>" in html
    assert ".fallback::after { content: \"\\20 \\28 \\c601 \\bb38 \\29 \"" in html  # " (영문)" after each
    korean = cli("book", "--audience", "person:kim-younghoon", "--lang", "ko", "-o", str(html_file), env={"ITINERARY_LANG": "ko"})
    assert "한국어가 없는 3건은 영문으로 표시하여 인쇄했습니다" in korean.output
    strict = tmp_path / "strict.html"
    refused = cli("book", "--audience", "person:kim-younghoon", "--lang", "ko", "-o", str(strict), "--strict")
    assert refused.exit_code == ExitCode.INVALID_DATA and "lunch (title_ko, notes_ko)" in refused.output and not strict.exists()
    assert cli("book", "--audience", "person:kim-younghoon", "--lang", "both", "-o", str(strict), "--strict").exit_code == 0
    assert "fallback" not in strict.read_text(encoding="utf-8").split("</style>", 1)[1]  # both languages: the English is there anyway
    if _tools():
        assert cli("book", "--audience", "person:kim-younghoon", "--lang", "ko", "-o", str(html_file), "--pdf").exit_code == 0
        assert squeeze("Working lunch (영문)") in squeeze(pdf_text(html_file.with_suffix(".pdf")))


def test_lang_before_the_command_writes_the_book_in_that_language(cli: Cli, data_dir: Path) -> None:
    result = cli("--lang", "ko", "book", "--audience", "public")
    assert result.exit_code == 0 and "저장했습니다: " in result.output, result.output
    assert (data_dir.parent / "exports" / "ilo-dg-korea-2026" / "programme-public-ko.html").exists()


def _render(folder: Path, lang: str) -> str:
    moment = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)
    lib = Library.open(folder, who="test", clock=lambda: moment)
    programme = lib.programme()
    html = ""
    for audience in (Audience("full"), Audience("public"), Audience("person", "kim-younghoon")):
        html += booklet.render(programme, audience, lang, book_edition(lib, programme, audience), now=moment)
    return html


def test_the_english_book_is_untouched_by_the_korean_fields_and_the_bilingual_keeps_both(data_dir: Path) -> None:
    english, both = _render(data_dir, "en"), _render(data_dir, "both")
    for path in data_dir.glob("*.toml"):
        if path.name == "people.toml":
            people = codec.loads_people(path.read_text(encoding="utf-8"))
            path.write_text(codec.dumps_people(tuple(dataclasses.replace(p, title_ko="") for p in people)), encoding="utf-8")
        elif path.name == "venues.toml":
            venues, travel = codec.loads_venues(path.read_text(encoding="utf-8"))
            path.write_text(codec.dumps_venues(tuple(dataclasses.replace(v, address_ko="") for v in venues), travel), encoding="utf-8")
        elif path.name != "visit.toml":
            event = codec.loads_event(path.read_text(encoding="utf-8"), path.name)
            attachments = tuple(dataclasses.replace(a, title_ko="") for a in event.attachments)
            bare = dataclasses.replace(event, notes_ko="", agenda_ko=(), attachments=attachments)
            path.write_text(codec.dumps_event(bare), encoding="utf-8")
    assert _render(data_dir, "en") == english
    assert "Human-centred AI transition · <span lang=\"ko\">사람 중심</span> AI <span lang=\"ko\">정책 추진방향</span>" in both
    assert "Kim Young-hoon · <span lang=\"ko\">김영훈 장관</span>" in both
    assert "Exact time: not stated." in both and "정확한 시간: 보도자료에 명시되지 않음. 장소: 고용노동부" in both
