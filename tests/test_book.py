"""The programme book, checked in a real browser (headless Chromium) and with pdftotext, and its
wording (labels, dates, times, zones) on plain text."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, Cli
from itinerary.errors import ExitCode
from itinerary.formats import booktext as bt
from itinerary.formats import codec
from itinerary.formats.book import css_string, mark_korean, unbroken_hyphens
from itinerary.model import Event, Handling
from itinerary.storage.store import Store

SEOUL = ZoneInfo("Asia/Seoul")

SCREENSHOTS = ROOT / "exports" / "screenshots"


def need(*tools: str) -> None:
    """Skip, saying why, when a tool is missing; in CI that is a failure, not a skip."""
    missing = [t for t in tools if not (shutil.which(t) or (t == "chromium" and shutil.which("chromium-browser")))]
    if missing:
        message = f"{', '.join(missing)} not installed (Debian: apt-get install chromium fonts-noto-cjk poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message + " — .ci/run must install them")
        pytest.skip(message)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Without white space: a title wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def make_book(cli: Cli, tmp_path: Path, audience: str, lang: str = "both") -> tuple[str, Path]:
    html = tmp_path / f"book-{audience.replace(':', '-')}-{lang}.html"
    result = cli("book", "--audience", audience, "--lang", lang, "-o", str(html), "--pdf")
    assert result.exit_code == 0, result.output
    return html.read_text(encoding="utf-8"), html.with_suffix(".pdf")


@pytest.mark.parametrize("audience", ["full", "public", "person:houngbo"])
def test_pdf_holds_every_title_of_the_audience_in_both_languages(cli: Cli, data_dir: Path, tmp_path: Path, audience: str) -> None:
    need("chromium", "pdftotext", "pdfinfo", "pdftoppm")
    html, pdf = make_book(cli, tmp_path, audience)
    text = squeeze(pdf_text(pdf))
    programme = Store.at(data_dir).load()
    shown = [e for e in programme.events if audience != "person:houngbo" or e.involves("houngbo")]
    for event in shown:
        assert squeeze(event.title) in text, event.title
        assert squeeze(event.title_ko) in text, event.title_ko
    assert squeeze("Thursday 21 May 2026") in text and squeeze("2026년 5월 21일(목)") in text
    # each day on its own page: the cover, 21 May, 22 May, and the events whose day is open
    assert pages(pdf) == 1 + 3
    assert squeeze("Thursday21May2026") in squeeze(pdf_text(pdf, 2))
    assert squeeze("Friday22May2026") in squeeze(pdf_text(pdf, 3))
    assert squeeze("Day to be confirmed") in squeeze(pdf_text(pdf, 4))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"programme-{audience.replace('person:', '')}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SCREENSHOTS / name)], check=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_each_language_alone(cli: Cli, tmp_path: Path) -> None:
    html = tmp_path / "ko.html"
    assert cli("book", "--lang", "ko", "-o", str(html)).exit_code == 0
    korean = html.read_text()
    assert "2026년 5월 21일(목)" in korean and "대통령 면담" in korean and "Thursday" not in korean
    html_en = tmp_path / "en.html"
    assert cli("book", "--lang", "en", "-o", str(html_en)).exit_code == 0
    english = html_en.read_text()
    assert "Thursday 21 May 2026" in english and "Meeting with the President" in english and "대통령 면담" not in english


def unfold(text: str) -> str:
    """iCalendar text with folded lines joined (the runner's output has LF line ends)."""
    return text.replace("\r\n", "\n").replace("\n ", "")


def test_markup_in_a_title_is_text_never_run(cli: Cli, tmp_path: Path) -> None:
    cli("add", "--title", "<script>alert(1)</script> & <b>bold</b>", "--start", "22 May 20:00", "--duration", "30m", "--force")
    html = tmp_path / "book.html"
    assert cli("book", "-o", str(html)).exit_code == 0
    text = html.read_text()
    assert "<script>alert(1)</script>" not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    assert "<script" not in text.lower()


def test_public_book_has_no_restricted_event_note_or_phone(cli: Cli, tmp_path: Path) -> None:
    cli("add", "--title", "Security walk-through", "--start", "22 May 07:00", "--duration", "30m", "--visibility", "restricted",
        "--note", "Route B, call +82-10-1234-5678")
    html = tmp_path / "public.html"
    result = cli("book", "--audience", "public", "-o", str(html), *(["--pdf"] if shutil.which("chromium") else []))
    assert result.exit_code == 0, result.output
    texts = [html.read_text()]
    if html.with_suffix(".pdf").exists() and shutil.which("pdftotext"):
        texts.append(pdf_text(html.with_suffix(".pdf")))
    for text in texts:
        assert "Security walk-through" not in text
        assert "Notes" not in text and "비고" not in text and "Planning window" not in text
        assert not re.search(r"\+?\d{2,3}-\d{1,4}-\d{3,4}-\d{4}", text)


def test_revisions_diff_book_and_export(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("revision", "diff").exit_code == ExitCode.NOT_FOUND
    assert "Published Rev. 1" in cli("--by", "Lee Kang-yeon", "revision", "publish", "-m", "First programme to the delegation").output
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed").exit_code == 0
    assert "Published Rev. 2" in cli("revision", "publish", "-m", "Meeting with the President confirmed").output
    listing = json.loads(cli("revision", "list", "--json").output)
    assert [r["number"] for r in listing] == [1, 2] and listing[0]["who"] == "Lee Kang-yeon"
    changes = json.loads(cli("revision", "diff", "1", "2", "--json").output)["changes"]
    assert [(c["kind"], c["event"]) for c in changes] == [("moved", "president-meeting"), ("status", "president-meeting")]
    moved = changes[0]
    assert moved["old"] == "Fri 22 May 09:00–18:00 (time TBC)" and moved["new"] == "Fri 22 May 15:00–15:45"
    markdown = cli("revision", "diff", "1", "2", "--format", "markdown").output
    assert "- Moved: **Meeting with the President** (대통령 면담): Fri 22 May 09:00–18:00 (time TBC) → Fri 22 May 15:00–15:45" in markdown
    html = tmp_path / "book.html"
    cli("book", "-o", str(html), "--lang", "en")
    text = html.read_text()
    assert "Rev. 2" in text and "Changes since Rev. 1" in text and "Fri 22 May 15:00–15:45" in text
    exported = cli("export", "-o", "-").stdout
    assert "X-WR-CALNAME:Visit of the ILO Director-General to the Republic of Korea — Rev. 2" in unfold(exported)
    assert "No changes." in cli("revision", "diff").output  # the records are still Rev. 2
    cli("edit", "president-meeting", "--start", "22 May 16:00")
    draft = tmp_path / "draft.html"
    cli("book", "-o", str(draft), "--lang", "en")
    assert "Draft" in draft.read_text() and "Changes since Rev. 2" in draft.read_text()
    assert "draft after Rev. 2" in unfold(cli("export", "-o", "-").stdout)
    assert [c["kind"] for c in json.loads(cli("revision", "diff", "--json").output)["changes"]] == ["moved"]


def test_no_browser_gives_a_clear_message(cli: Cli, tmp_path: Path) -> None:
    html = tmp_path / "book.html"
    result = cli("book", "-o", str(html), "--pdf", env={"PATH": str(tmp_path), "ITINERARY_CHROMIUM": ""})
    assert result.exit_code == ExitCode.NOT_FOUND, result.output
    assert "apt-get install chromium fonts-noto-cjk" in result.output and "ITINERARY_CHROMIUM" in result.output
    assert html.exists()  # the page itself was written


# --- the wording, on plain text ------------------------------------------------------------------


def test_a_phrase_in_each_language_and_both_side_by_side() -> None:
    venue = bt.label("venue")
    assert (venue.show("en"), venue.show("ko"), venue.show("both")) == ("Venue", "장소", "Venue · 장소")
    assert venue.lines("both") == ["Venue", "장소"] and venue.lines("ko") == ["장소"]
    name = bt.Words("ILO", "")  # a name written one way only
    assert name.show("ko") == "ILO" and name.show("both") == "ILO" and bt.same("15:00").show("both") == "15:00"
    since = bt.label("changes_since", rev=bt.revision(1))
    assert (since.en, since.ko) == ("Changes since Rev. 1", "1차본 대비 변경 사항")
    assert bt.join([bt.label("leave", at="11:00"), bt.label("drive", n=120)], ", ") == bt.Words("leave 11:00, travel 120 min", "11:00 출발, 이동 120분")
    assert bt.change_kind("moved") == bt.Words("Time changed", "시간 변경") and bt.status("tentative") == bt.Words("tentative", "잠정")


def test_dates_weekdays_and_zones_come_from_babel_in_each_language() -> None:
    day = dt.date(2026, 5, 21)
    assert bt.long_day(day) == bt.Words("Thursday 21 May 2026", "2026년 5월 21일(목)")
    assert bt.short_day(day) == bt.Words("Thu 21 May", "5월 21일(목)")
    days = bt.visit_days(day, dt.date(2026, 5, 22))
    assert days.ko == "2026년 5월 21일(목)~22일(금)" and re.sub(r"\s", " ", days.en) == "21 – 22 May 2026"
    assert bt.full_date(day) == bt.Words("21 May 2026", "2026년 5월 21일")
    assert bt.city("Europe/Zurich") == bt.Words("Zurich", "취리히")  # Babel's city when the visit names none
    assert bt.city("Europe/Zurich", "Geneva", "제네바") == bt.Words("Geneva", "제네바")
    moment = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)
    assert bt.as_of(moment, SEOUL) == bt.Words("as of 20 May 2026, 18:00 (Korean Standard Time)", "2026년 5월 20일(수) 18:00 (한국 표준시) 기준")


def test_clock_times_carry_the_date_only_off_the_day() -> None:
    day = dt.date(2026, 5, 21)
    start, end = dt.datetime(2026, 5, 21, 14, 0, tzinfo=SEOUL), dt.datetime(2026, 5, 21, 15, 30, tzinfo=SEOUL)
    assert bt.times(start, end, SEOUL, day) == bt.same("14:00–15:30")
    late = dt.datetime(2026, 5, 22, 1, 0, tzinfo=SEOUL)
    assert bt.times(start, late, SEOUL, day) == bt.Words("14:00 – 22 May 01:00", "14:00 – 5월 22일 01:00")
    geneva = ZoneInfo("Europe/Zurich")
    assert bt.times(start, end, geneva, day) == bt.same("07:00–08:30")


def _event(**fields: object) -> Event:
    base = {"id": "talks", "title": "Talks", "title_ko": "면담", "start": dt.datetime(2026, 5, 22, 9, 0, tzinfo=SEOUL),
            "end": dt.datetime(2026, 5, 22, 18, 0, tzinfo=SEOUL), "time_tbc": True}
    return Event(**{**base, **fields})  # type: ignore[arg-type]


def test_a_time_to_be_confirmed_is_said_so_with_its_window_only_where_asked() -> None:
    tbc = _event()
    assert bt.when(tbc, SEOUL, window=False) == bt.Words("Fri 22 May, time to be confirmed", "5월 22일(금) 시간 미정")
    assert bt.when(tbc, SEOUL, window=True) == bt.Words(
        "Fri 22 May, time to be confirmed (planning window 09:00–18:00)", "5월 22일(금) 시간 미정 (예정 시간대 09:00–18:00)")
    open_day = _event(start=dt.datetime(2026, 5, 21, 9, 0, tzinfo=SEOUL))
    assert bt.when(open_day, SEOUL, window=False) == bt.Words("Day to be confirmed", "날짜 미정")
    timed = _event(time_tbc=False, start=dt.datetime(2026, 5, 22, 15, 0, tzinfo=SEOUL), end=dt.datetime(2026, 5, 22, 15, 45, tzinfo=SEOUL))
    assert bt.when(timed, SEOUL, window=True) == bt.Words("Fri 22 May 15:00–15:45", "5월 22일(금) 15:00–15:45")


def test_handling_lines_default_per_audience_and_name_the_person() -> None:
    handling = Handling()
    assert handling.line("full", "en") == "For official use — full programme" and handling.line("full", "ko") == "업무용 전체 일정 — 대외 배포 금지"
    assert handling.line("public", "en") == "Public programme — may be shared" and handling.line("public", "ko") == "공개 일정 — 배포 가능"
    assert handling.line("person", "en", "Gilbert F. Houngbo") == "Personal programme of Gilbert F. Houngbo"
    assert Handling(public="Embargoed until 21 May 10:00").line("public", "en") == "Embargoed until 21 May 10:00"


def test_css_strings_korean_marks_and_unbroken_hyphens() -> None:
    assert css_string('a"b</style>한') == '"a\\22 b\\3c \\2f style\\3e \\d55c "'
    assert str(mark_korean("Venue · 장소: <b>x</b> 2026년 5월 21일(목)")) == (
        'Venue · <span lang="ko">장소</span>: &lt;b&gt;x&lt;/b&gt; <span lang="ko">2026년 5월 21일(목)</span>')
    assert unbroken_hyphens("ILO Director-General - Korea") == "ILO Director\u2011General - Korea"


# --- the HTML ----------------------------------------------------------------------------------


class Languages(HTMLParser):
    """Collects body text that holds Hangul but sits under no ``lang="ko"``."""

    VOID = {"br", "meta", "link", "img", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.unmarked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else "")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.stack]
        if "body" in tags and re.search("[가-힣]", data) and (self.stack[-1][1] if self.stack else "") != "ko":
            self.unmarked.append(data)


@pytest.mark.parametrize("lang", ["both", "en", "ko"])
def test_every_korean_run_is_marked_korean(cli: Cli, tmp_path: Path, lang: str) -> None:
    html = tmp_path / "book.html"
    assert cli("book", "--lang", lang, "-o", str(html)).exit_code == 0
    text = html.read_text(encoding="utf-8")
    checker = Languages()
    checker.feed(text)
    assert not checker.unmarked, checker.unmarked[:5]
    assert ('<html lang="ko">' in text) == (lang == "ko")
    if lang == "both":
        assert '<span lang="ko">2026년 5월 21일(목)</span>' in text


def test_books_are_named_by_audience_and_language(cli: Cli, data_dir: Path) -> None:
    for lang in ("en", "ko"):
        assert cli("book", "--audience", "public", "--lang", lang).exit_code == 0
    assert cli("book", "--audience", "person:houngbo").exit_code == 0
    exports = data_dir.parent / "exports" / "ilo-dg-korea-2026"
    english, korean = (exports / "programme-public-en.html").read_text(), (exports / "programme-public-ko.html").read_text()
    assert "Public programme" in english and "공개 일정" in korean and "Public programme" not in korean
    assert (exports / "programme-houngbo-both.html").exists()


def test_sources_print_the_document_title_never_a_path(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    path = re.compile(r"[\w.-]+/[\w.-]+\.(?:txt|toml|html|pdf|docx?)\b|seeds/")
    shown = [cli("show", event_id).output for event_id in ("minister-meeting", "president-meeting", "seoul-employment-center-visit")]
    assert all("MoEL press release, 2026-05-21" in text for text in shown)
    books = []
    for lang in ("en", "ko"):
        html = tmp_path / f"full-{lang}.html"
        assert cli("book", "--lang", lang, "-o", str(html)).exit_code == 0
        books.append(html.read_text(encoding="utf-8"))
    assert "MoEL press release, 2026-05-21" in books[0] and "고용노동부 보도자료, 2026-05-21" in books[1]
    assert cli("export", "--all", "-o", str(tmp_path / "exports")).exit_code == 0
    exports = [f.read_text(encoding="utf-8").replace("\r\n ", "") for f in (tmp_path / "exports").glob("*.ics")]
    shipped = [f.read_text(encoding="utf-8") for f in (ROOT / "events").glob("*.toml")]
    for text in [*shown, *books, *exports, *shipped]:
        assert not path.search(text), path.search(text)


def test_a_persons_book_shows_the_movements_between_venues(cli: Cli, tmp_path: Path) -> None:
    assert cli("edit", "seoul-employment-center-visit", "--start", "22 May 14:00", "--duration", "1h", "--status", "confirmed").exit_code == 0
    assert cli("add", "--title", "Briefing", "--title-ko", "사전 보고", "--start", "22 May 10:00", "--duration", "1h",
               "--with", "houngbo", "--venue", "moel-sejong").exit_code == 0
    html = tmp_path / "houngbo.html"
    assert cli("book", "--audience", "person:houngbo", "--lang", "both", "-o", str(html)).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert "leave 11:00, travel 120 min, arrive 13:00, 60 min before the start (buffer 10 min)" in text
    assert "11:00 출발, 이동 120분, 13:00 도착, 시작 60분 전(여유 10분)" in re.sub(r"</?span[^>]*>", "", text)
    assert cli("edit", "seoul-employment-center-visit", "--start", "22 May 13:05", "--force").exit_code == 0
    assert cli("book", "--audience", "person:houngbo", "--lang", "en", "-o", str(html)).exit_code == 0
    assert "only 5 min before the start, 5 min short of the 10-min buffer" in html.read_text(encoding="utf-8")
    assert cli("edit", "seoul-employment-center-visit", "--start", "22 May 12:30", "--force").exit_code == 0
    assert cli("book", "--audience", "person:houngbo", "--lang", "en", "-o", str(html)).exit_code == ExitCode.CONFLICT
    assert cli("book", "--audience", "person:houngbo", "--lang", "en", "-o", str(html), "--force").exit_code == 0
    assert "arrive 13:00, 30 min after the start" in html.read_text(encoding="utf-8")
    full = tmp_path / "full.html"
    assert cli("book", "--lang", "en", "-o", str(full), "--force").exit_code == 0
    assert "leave 11:00" not in full.read_text(encoding="utf-8")  # movements belong to one person's book


# --- the PDF -----------------------------------------------------------------------------------

ENGLISH_LABELS = [
    # the book's own words, which a Korean book says in Korean (user text such as notes is not among them)
    "Audience", "Full programme", "Public programme", "Programme of", "Programme at a glance", "Changes since", "Change",
    "Event", "Before", "After", "No changes", "Office", "Contacts", "Venue", "Participants", "Agenda", "Notes", "Sources",
    "time to be confirmed", "Day to be confirmed", "to be confirmed", "planning window", "confirmed", "tentative",
    "cancelled", "Rev", "Draft", "not yet published", "revision", "published", "as of", "Travel", "leave", "travel",
    "arrive", "min", "buffer", "before the start", "Added", "Removed", "Time changed", "Status changed", "For official use",
    "may be shared", "Personal programme", "Geneva", "Zurich", "Korean Standard Time", "Thursday", "Friday", "Thu", "Fri",
    "May", "Director", "Deputy Director", "International Cooperation Division", "Ministry of Employment and Labor",
    "Seoul Employment Center", "Gilbert", "Houngbo", "President", "MoEL press release",
]


def page_numbers_ok(pdf: Path) -> int:
    """Asserts "n / N" at the foot of every page but the cover; returns N."""
    total = pages(pdf)
    assert f"1 / {total}" not in pdf_text(pdf, 1)
    for page in range(2, total + 1):
        assert re.search(rf"^\s*{page} / {total}\s*$", pdf_text(pdf, page), re.M), f"page {page} of {total} has no number"
    return total


@pytest.mark.parametrize("audience", ["full", "public", "person:houngbo"])
def test_a_korean_book_has_no_english_label(cli: Cli, data_dir: Path, tmp_path: Path, audience: str) -> None:
    need("chromium", "pdftotext", "pdfinfo")
    assert cli("revision", "publish", "-m", "첫 일정").exit_code == 0
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed").exit_code == 0
    assert cli("edit", "seoul-employment-center-visit", "--start", "22 May 12:00", "--duration", "1h", "--status", "confirmed").exit_code == 0
    assert cli("add", "--title", "Briefing", "--title-ko", "사전 보고", "--start", "22 May 08:00", "--duration", "1h",
               "--with", "houngbo", "--venue", "moel-sejong", "--status", "confirmed").exit_code == 0
    assert cli("revision", "publish", "-m", "대통령 면담 확정").exit_code == 0
    _, pdf = make_book(cli, tmp_path, audience, "ko")
    text = pdf_text(pdf)
    found = [word for word in ENGLISH_LABELS if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)]
    assert not found, found
    for korean in ("2차본", "1차본 대비 변경 사항", "시간 변경", "5월 22일(금) 15:00–15:45", "2026년 5월 21일(목)", "시간 미정", "기준"):
        assert squeeze(korean) in squeeze(text), korean
    if audience == "public":
        assert "예정 시간대" not in text and "시간 미정 (예정" not in text  # no planning window, not even in the change table
    else:
        assert squeeze("제네바 05:00–06:00") in squeeze(text)  # the visit to the Employment Center, 12:00 in Seoul
    if audience == "person:houngbo":
        assert squeeze("09:00 출발, 이동 120분, 11:00 도착, 시작 60분 전(여유 10분)") in squeeze(text)
    page_numbers_ok(pdf)


def test_a_book_in_both_languages_has_the_change_table_in_both(cli: Cli, tmp_path: Path) -> None:
    need("chromium", "pdftotext", "pdfinfo")
    assert cli("revision", "publish", "-m", "First programme").exit_code == 0
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed").exit_code == 0
    _, pdf = make_book(cli, tmp_path, "full", "both")
    cover = squeeze(pdf_text(pdf, 1) + pdf_text(pdf, 2))
    for words in ("Changes since Rev. 1", "1차본 대비 변경 사항", "Time changed", "시간 변경", "Status changed", "상태 변경",
                  "Fri 22 May 15:00–15:45", "5월 22일(금) 15:00–15:45", "tentative", "잠정", "confirmed", "확정",
                  "Programme at a glance", "일정 개요", "For official use — full programme", "업무용 전체 일정 — 대외 배포 금지"):
        assert squeeze(words) in cover, words
    page_numbers_ok(pdf)


def test_page_numbers_stay_right_when_a_day_spills_onto_more_pages(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    need("chromium", "pdftotext", "pdfinfo")
    start = dt.datetime(2026, 5, 21, 7, 0, tzinfo=SEOUL)
    for n in range(36):
        event = Event(f"item-{n:02d}", f"Working session {n}", start + dt.timedelta(minutes=20 * n), start + dt.timedelta(minutes=20 * n + 15),
                      title_ko=f"실무 회의 {n}", participants=("houngbo",), notes="Room to be assigned.")
        (data_dir / f"{event.id}.toml").write_text(codec.dumps_event(event), encoding="utf-8")
    _, pdf = make_book(cli, tmp_path, "full", "both")
    total = page_numbers_ok(pdf)
    assert total >= 1 + 3 + 2, total  # 21 May alone runs over three pages or more
    assert squeeze("Working session 35") in squeeze(pdf_text(pdf))


def test_times_to_be_confirmed_print_as_such_and_the_public_never_sees_a_window(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    need("chromium", "pdftotext", "pdfinfo")
    assert cli("revision", "publish", "-m", "First programme").exit_code == 0
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed").exit_code == 0
    programme = Store.at(data_dir).load()
    windows = set()
    for event in programme.events:
        if event.time_tbc:
            for zone in (SEOUL, ZoneInfo("Europe/Zurich")):
                windows |= {f"{event.start.astimezone(zone):%H:%M}", f"{event.end.astimezone(zone):%H:%M}"}
    assert {"09:00", "12:00", "18:00", "05:00", "11:00"} <= windows
    html, public = make_book(cli, tmp_path, "public", "both")
    text = pdf_text(public) + html
    assert not [w for w in windows if w in text], [w for w in windows if w in text]
    assert "time to be confirmed" in text and "시간 미정" in text and "planning window" not in text
    html, full = make_book(cli, tmp_path, "full", "en")
    day = pdf_text(full, 2)  # 21 May: the ceremony and the minister's meeting, both TBC in 12:00–18:00
    assert day.count("time to be confirmed") == 2 and day.count("planning window") == 2 and day.count("12:00–18:00") == 2
    cells = re.findall(r'<td class="time">(.*?)</td>', html, re.S)
    tbc = [re.sub(r"<[^>]+>", " ", c) for c in cells if "time to be confirmed" in c]
    assert tbc and all(re.search(r"planning window\s+(?:\d+ \w+ )?\d\d:\d\d", c) for c in tbc), tbc  # the window beside the words


@pytest.mark.e2e
@pytest.mark.parametrize("tz", [":/etc/passwd", "/etc"])
def test_a_tz_naming_no_zone_file_does_not_stop_the_book(data_dir: Path, tmp_path: Path, tz: str) -> None:
    """Babel reads TZ when it is first imported (and Chromium when it starts): the book's times
    all carry their zone, so a TZ that is no zone file must not matter."""
    need("chromium", "pdftotext")
    command = shutil.which("itinerary", path=str(Path(sys.executable).parent)) or shutil.which("itinerary")
    assert command, "the itinerary command is not installed"
    html = tmp_path / "book.html"
    result = subprocess.run([command, "--data", str(data_dir), "book", "--lang", "ko", "-o", str(html), "--pdf"],
                            capture_output=True, text=True, timeout=240, env={**os.environ, "TZ": tz})
    assert result.returncode == 0, result.stderr
    assert "5월 22일" in squeeze(pdf_text(html.with_suffix(".pdf"))).replace("5월22일", "5월 22일")


def test_a_long_word_or_address_wraps_inside_the_page_and_clips_nothing(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    need("chromium", "pdftotext")
    address = "https://drive.example.org/file/d/" + "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" * 5 + "/view?usp=sharing"
    assert cli("contact", "add", "desk", "--name", "Protocol desk of the International Cooperation Division", "--phone", "+82-44-202-7129").exit_code == 0
    assert cli("edit", "minister-meeting", "--note", f"Briefing pack: {address} then call the desk.", "--contact", "desk").exit_code == 0
    _, pdf = make_book(cli, tmp_path, "full", "en")
    text = pdf_text(pdf)
    assert address in squeeze(text), "a part of the address is missing: clipped at the page's edge"
    assert "Protocol desk of the International Cooperation Division, +82-44-202-7129" in " ".join(text.split())
    # every word inside the page's width, and the page printed at its size (not shrunk to fit a wide table)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for page in re.findall(r'<page width="([\d.]+)".*?</page>', boxes, re.S):
        assert abs(float(page) - 595.3) < 1  # A4
    rights = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert max(rights) <= 595.3 - 16 * 72 / 25.4 + 1, max(rights)  # within the right margin of 16 mm
    heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Briefing', boxes)]
    assert heights and min(heights) > 8, heights  # 9–10 pt type, not shrunk
