"""Records in both languages: Korean notes and agenda, attachment titles, venue addresses, people's
Korean titles, the home zone's Korean label and the visit's handling lines — set from the command
line, shown by `show`, kept through calendars, and written as the press release says them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SHIPPED, Cli, records_hash
from itinerary.errors import ExitCode
from itinerary.formats import codec


def test_an_event_in_both_languages_from_the_command_line(cli: Cli) -> None:
    added = cli("add", "--id", "lunch", "--title", "Working lunch", "--title-ko", "업무 오찬", "--start", "22 May 12:30", "--duration", "1h",
                "--with", "houngbo,kim-younghoon", "--note", "Menu to be agreed.", "--note-ko", "메뉴 협의 예정.",
                "--agenda", "Menu", "--agenda", "Seating", "--agenda-ko", "메뉴", "--agenda-ko", "")
    assert added.exit_code == 0, added.output
    shown = cli("show", "lunch").output
    assert "Korean notes  메뉴 협의 예정." in shown
    assert "Agenda        1. Menu (메뉴)" in shown and "              2. Seating " in shown
    data = json.loads(cli("show", "lunch", "--json").output)
    assert data["notes_ko"] == "메뉴 협의 예정." and data["agenda_ko"] == ["메뉴", ""]
    edited = cli("edit", "lunch", "--agenda-ko", "메뉴", "--agenda-ko", "좌석 배치", "--note-ko", "메뉴 확정.")
    assert edited.exit_code == 0, edited.output
    event = codec.loads_event((cli.data / "lunch.toml").read_text(encoding="utf-8"), "lunch.toml")
    assert event.agenda_pairs == (("Menu", "메뉴"), ("Seating", "좌석 배치")) and event.notes_ko == "메뉴 확정."


def test_a_korean_agenda_that_does_not_pair_is_refused_naming_the_flag(cli: Cli, data_dir: Path) -> None:
    before = records_hash(data_dir)
    result = cli("edit", "minister-meeting", "--agenda-ko", "하나")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--agenda-ko: 1 Korean agenda item(s) for 4 item(s)" in result.output
    assert cli("edit", "minister-meeting", "--agenda", "").exit_code == ExitCode.USAGE  # the Korean would be left without its English
    assert records_hash(data_dir) == before
    cleared = cli("edit", "minister-meeting", "--agenda", "", "--agenda-ko", "")
    assert cleared.exit_code == 0, cleared.output
    assert "agenda" not in (data_dir / "minister-meeting.toml").read_text(encoding="utf-8").split("[source]")[0]


def test_people_venues_and_the_visit_in_korean_from_the_command_line(cli: Cli, data_dir: Path) -> None:
    assert cli("person", "edit", "kim-younghoon", "--role-ko", "장관").exit_code == 0
    assert cli("person", "add", "lee-sec", "--name", "Lee Min-ji", "--name-ko", "이민지", "--role", "Secretary", "--title-ko", "비서관").exit_code == 0
    assert "이민지 비서관" in cli("people").output
    assert cli("venue", "edit", "moel-sejong", "--address-ko", "세종특별자치시 한누리대로 422").exit_code == 0
    assert cli("edit", "minister-meeting", "--venue", "moel-sejong", "--force").exit_code == 0
    assert "고용노동부 (정부세종청사), 세종특별자치시 한누리대로 422" in cli("show", "minister-meeting").output
    assert cli("visit", "edit", "--home-label-ko", "제네바", "--handling-ko", "person={name} 일정 — 수행원 한정").exit_code == 0
    shown = cli("visit", "show").output
    assert "Europe/Zurich (Geneva, 제네바)" in shown and "person (Korean): {name} 일정 — 수행원 한정" in shown
    refused = cli("visit", "edit", "--handling", "everyone=x")
    assert refused.exit_code == ExitCode.USAGE and "is not AUDIENCE=TEXT" in refused.output
    refused = cli("visit", "edit", "--handling-ko", "public=a\x07b")
    assert refused.exit_code == ExitCode.USAGE and refused.output.startswith("itinerary: --handling-ko: character U+0007"), refused.output
    html = data_dir.parent / "kim.html"
    assert cli("book", "--audience", "person:kim-younghoon", "--lang", "ko", "-o", str(html)).exit_code == 0
    assert "김영훈 장관 일정 — 수행원 한정" in html.read_text(encoding="utf-8")


def test_the_shipped_records_quote_the_press_release_for_every_note_and_agenda_item(data_dir: Path) -> None:
    """The Korean of the records is the release's own words (quoted, not translated back), and
    their [source] cites the release with the words quoted."""
    visit = codec.loads_visit((SHIPPED / "visit.toml").read_text(encoding="utf-8"))
    for path in sorted(SHIPPED.glob("*.toml")):
        if path.name in ("visit.toml", "people.toml", "venues.toml"):
            continue
        event = codec.loads_event(path.read_text(encoding="utf-8"), path.name)
        assert event.notes_ko, f"{event.id}: no Korean notes"
        assert all(ko for _, ko in event.agenda_pairs), f"{event.id}: an agenda item without its Korean"
        sources = dict(event.sources)
        document, _quote = visit.cited(sources["notes_ko"])
        assert document is not None and document.id == "moel-release", event.id
        if event.agenda:
            assert visit.cited(sources["agenda_ko"])[0] is document
            assert all(item in sources["agenda_ko"] for item in event.agenda_ko), event.id
        quoted = " ".join(text for _, text in event.sources)
        for sentence in event.notes_ko.split("”")[:-1]:  # each quotation of the notes is quoted in a source
            assert sentence.split("“", 1)[1].rstrip("…") in quoted, sentence


def test_an_export_imported_again_keeps_the_korean(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "visit.ics"
    assert cli("export", "-o", str(exported)).exit_code == 0
    before = codec.loads_event((data_dir / "minister-meeting.toml").read_text(encoding="utf-8"), "minister-meeting.toml")
    assert cli("remove", "minister-meeting", "--yes").exit_code == 0
    imported = cli("import", str(exported))
    assert imported.exit_code == 0, imported.output
    again = codec.loads_event((data_dir / "minister-meeting.toml").read_text(encoding="utf-8"), "minister-meeting.toml")
    assert (again.notes_ko, again.agenda_ko, again.attachments[0].title_ko) == (before.notes_ko, before.agenda_ko, "장관님 인사 말씀")


def test_korean_notes_gone_stale_are_flagged_and_left_out_of_the_book(cli: Cli, data_dir: Path) -> None:
    assert cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--note", "Confirmed for 15:00.").exit_code == 0
    report = cli("check", "--all").output
    assert "시간과 장소: 보도자료에 명시되지 않음." in report and "`itinerary edit president-meeting --note-ko` to rewrite" in report
    html = data_dir.parent / "ko.html"
    assert cli("book", "--lang", "ko", "-o", str(html)).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert text.count("서울고용센터 방문 일정을 이어갈 예정이다”(보도자료).</div>") == 1  # the President's: the rest left out
