"""The programme book, checked in a real browser (headless Chromium) and with pdftotext."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, Cli
from itinerary.errors import ExitCode
from itinerary.storage.store import Store

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
    html = tmp_path / f"book-{audience.replace(':', '-')}.html"
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
    assert squeeze("Thursday 21 May 2026") in text and squeeze("2026년 5월 21일 (목)") in text
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
    assert "2026년 5월 21일 (목)" in korean and "대통령 면담" in korean and "Thursday" not in korean
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
