"""Two visits kept side by side never meet in one file: each writes to exports/<visit id>/,
every calendar and book says which visit wrote it, and a file another visit wrote is not
written over unless forced."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from conftest import SHIPPED, Cli, folder_hash
from itinerary.errors import ExitCode
from itinerary.formats.marks import written_by


@pytest.fixture
def side_by_side(tmp_path: Path) -> tuple[Cli, Cli, Path]:
    """visits/ilo (the shipped visit) and visits/who (a second visit), in one folder."""
    visits = tmp_path / "visits"
    shutil.copytree(SHIPPED, visits / "ilo", ignore=shutil.ignore_patterns(".*"))
    who = Cli(visits / "who")
    assert who("init", "--title", "Visit of the WHO Director-General", "--first-day", "2026-05-21").exit_code == 0
    assert who("person", "add", "tedros", "--name", "Tedros Adhanom Ghebreyesus").exit_code == 0
    assert who("add", "--title", "Talks on health and work", "--start", "21 May 10:00", "--duration", "1h", "--with", "tedros").exit_code == 0
    return Cli(visits / "ilo"), who, visits


def calendar_of(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_two_visits_side_by_side_export_and_print_apart(side_by_side: tuple[Cli, Cli, Path]) -> None:
    ilo, who, visits = side_by_side
    assert ilo("export", "--all", "--force").exit_code == 0 and ilo("book").exit_code == 0
    assert who("export").exit_code == 0 and who("book").exit_code == 0
    ours, theirs = visits / "exports" / "ilo-dg-korea-2026", visits / "exports" / "visit-of-the-who-director-general-2026-05"
    assert not list((visits / "exports").glob("*.*")), "nothing is written where another visit's files would meet it"
    for folder, visit_id, title in ((ours, "ilo-dg-korea-2026", "Visit of the ILO Director-General"),
                                    (theirs, "visit-of-the-who-director-general-2026-05", "Visit of the WHO Director-General")):
        calendar = calendar_of(folder / "visit.ics")
        assert str(calendar["X-ITINERARY-VISIT"]) == visit_id and str(calendar["X-WR-CALNAME"]).startswith(title)
        book = (folder / "programme-full-both.html").read_text(encoding="utf-8")
        assert f'<meta name="itinerary-visit" content="{visit_id}">' in book
        cover = book.split('<section class="cover">', 1)[1].split("</h1>", 1)[0].replace("\u2011", "-")
        assert title in cover  # the cover names the visit
    assert "Talks on health" not in (ours / "visit.ics").read_text(encoding="utf-8")
    assert "Talks on health" in (theirs / "visit.ics").read_text(encoding="utf-8")


def test_writing_over_another_visit_s_file_is_refused_unless_forced(side_by_side: tuple[Cli, Cli, Path]) -> None:
    ilo, who, visits = side_by_side
    shared = visits / "programme.ics"
    assert ilo("export", "-o", str(shared)).exit_code == 0
    book = visits / "programme.html"
    assert ilo("book", "-o", str(book)).exit_code == 0
    before, book_before, records = shared.read_bytes(), book.read_bytes(), folder_hash(visits / "who")
    refused = who("export", "-o", str(shared))
    assert refused.exit_code == ExitCode.CONFLICT, refused.output
    assert "is the visit ilo-dg-korea-2026's" in refused.output and "--force" in refused.output
    assert shared.read_bytes() == before and folder_hash(visits / "who") == records  # nothing written, not even the export state
    assert who("book", "-o", str(book)).exit_code == ExitCode.CONFLICT and book.read_bytes() == book_before
    forced = who("export", "-o", str(shared), "--force")
    assert forced.exit_code == 0 and "Replaced" in forced.output and "ilo-dg-korea-2026" in forced.output
    assert written_by(shared.read_bytes()) == "visit-of-the-who-director-general-2026-05"
    assert ilo("export", "-o", str(shared), "--force").exit_code == 0  # and back
    assert ilo("export", "-o", str(shared)).exit_code == 0  # its own file: written over freely


def test_doctor_names_the_visit_a_file_belongs_to(side_by_side: tuple[Cli, Cli, Path]) -> None:
    ilo, who, visits = side_by_side
    assert ilo("export", "--all", "--force").exit_code == 0 and who("export", "--all").exit_code == 0
    ours = visits / "exports" / "ilo-dg-korea-2026"
    healthy = ilo("doctor", env={"COLUMNS": "300"})
    assert healthy.exit_code == 0 and "exports up to date" in healthy.output
    shutil.copy(visits / "exports" / "visit-of-the-who-director-general-2026-05" / "visit.ics", ours / "visit.ics")
    report = ilo("doctor", env={"COLUMNS": "300"}).output
    assert f"{ours / 'visit.ics'} was written by the visit visit-of-the-who-director-general-2026-05, not by this one (ilo-dg-korea-2026)" in report
    assert "itinerary export --all --force" in report


def test_doctor_points_at_a_calendar_left_where_exports_were_kept_before(side_by_side: tuple[Cli, Cli, Path]) -> None:
    ilo, _, visits = side_by_side
    assert ilo("export", "--all", "--force").exit_code == 0
    old = visits / "exports" / "visit.ics"  # an earlier version wrote here; its UIDs name the visit
    old.write_bytes((visits / "exports" / "ilo-dg-korea-2026" / "visit.ics").read_bytes().replace(b"X-ITINERARY-VISIT", b"X-OTHER"))
    report = ilo("doctor", env={"COLUMNS": "300"}).output
    assert f"{old} is the visit ilo-dg-korea-2026's, from before its exports went to" in report and "no longer updated" in report


def test_a_visit_of_an_office_follows_the_same_rule(tmp_path: Path) -> None:
    office = tmp_path / "protocol"
    cli = Cli(tmp_path)
    assert cli("office", "init", str(office), "--name", "International Cooperation Division").exit_code == 0
    assert cli("init", str(office / "oecd"), "--id", "oecd-2026-05", "--title", "OECD visit", "--first-day", "2026-05-21").exit_code == 0
    assert Cli(office / "oecd")("export").exit_code == 0
    assert written_by((office / "exports" / "oecd-2026-05" / "visit.ics").read_bytes()) == "oecd-2026-05"


def test_the_default_id_of_a_new_visit_carries_its_month(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    first = cli("init", str(tmp_path / "a"), "--title", "Visit of the OECD Secretary-General", "--first-day", "2026-06-15")
    again = cli("init", str(tmp_path / "b"), "--title", "Visit of the OECD Secretary-General", "--first-day", "2027-06-14")
    assert "visit-of-the-oecd-secretary-general-2026-06" in first.output and "visit-of-the-oecd-secretary-general-2027-06" in again.output
