"""Record text ⇄ model: canonical round trips and precise errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from conftest import DATA, SHIPPED
from itinerary.errors import InvalidData
from itinerary.formats import codec
from itinerary.model import Attachment, Event, midnight
from itinerary.storage.store import PEOPLE_FILE, VENUES_FILE, VISIT_FILE


def _roundtrip(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.name == VISIT_FILE:
        return codec.dumps_visit(codec.loads_visit(text, path.name))
    if path.name == PEOPLE_FILE:
        return codec.dumps_people(codec.loads_people(text, path.name))
    if path.name == VENUES_FILE:
        return codec.dumps_venues(*codec.loads_venues(text, path.name))
    return codec.dumps_event(codec.loads_event(text, path.name))


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_records_round_trip_to_identical_bytes(path: Path) -> None:
    assert _roundtrip(path) == path.read_text(encoding="utf-8")


def test_event_round_trip_keeps_every_field() -> None:
    text = (SHIPPED / "minister-meeting.toml").read_text(encoding="utf-8")
    event = codec.loads_event(text, "minister-meeting.toml")
    again = codec.loads_event(codec.dumps_event(event), "minister-meeting.toml")
    assert again == event
    assert event.time_tbc and event.attachments and event.agenda and event.sources
    assert event.start.utcoffset() == dt.timedelta(hours=9)


# file → (field named in the message, words in the message)
INVALID = {
    "broken_toml.toml": (None, "not valid TOML"),
    "missing_title.toml": ("title", "missing"),
    "unknown_zone.toml": ("zone", "unknown time zone"),
    "time_without_zone.toml": ("zone", "need an IANA zone"),
    "end_before_start.toml": ("end", "not after start"),
    "offset_time.toml": ("start", "without an offset"),
    "time_as_text.toml": ("start", "expected a date and time"),
    "participants_not_list.toml": ("participants", "expected a list"),
    "unknown_field.toml": ("partcipants", "unknown field"),
    "newer_schema.toml": ("schema", "newer than"),
    "missing_schema.toml": ("schema", "missing"),
    "id_not_file_name.toml": ("id", "does not match the file name"),
    "bad_status.toml": ("status", "not one of"),
    "tbc_without_window.toml": ("start", "not used here"),
    "skipped_wall_time.toml": ("start", "does not exist"),
    "not_utf8.toml": (None, "not UTF-8"),
    "control_character.toml": ("title", "control character"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_record_names_file_and_field(name: str) -> None:
    field, words = INVALID[name]
    with pytest.raises(InvalidData) as err:
        codec.loads_event((DATA / "invalid" / name).read_bytes(), "events/bad-record.toml")
    message = str(err.value)
    assert message.startswith("events/bad-record.toml")
    assert words in message
    if field:
        assert err.value.field == field, message


def test_every_invalid_fixture_is_covered() -> None:
    names = {p.name for p in (DATA / "invalid").glob("*.toml")}
    assert names - {"unknown_person.toml", "unknown_venue.toml"} == set(INVALID)


def test_people_and_venue_errors_name_the_row() -> None:
    with pytest.raises(InvalidData, match=r"people\.toml: people\[1\]\.zone: unknown time zone"):
        codec.loads_people('schema = 1\n[[people]]\nid = "a"\nname = "A"\n[[people]]\nid = "b"\nname = "B"\nzone = "Mars/Base"\n')
    with pytest.raises(InvalidData, match=r"travel\[0\]\.to: unknown venue"):
        codec.loads_venues('schema = 1\n[[venues]]\nid = "a"\nname = "A"\n[[travel]]\nfrom = "a"\nto = "b"\nminutes = 5\n')
    with pytest.raises(InvalidData, match=r"listed twice"):
        codec.loads_people('schema = 1\n[[people]]\nid = "a"\nname = "A"\n[[people]]\nid = "a"\nname = "B"\n')


def test_visit_day_must_be_a_date() -> None:
    text = (SHIPPED / VISIT_FILE).read_text(encoding="utf-8").replace("first_day = 2026-05-21", "first_day = 2026-05-21T09:00:00")
    with pytest.raises(InvalidData) as err:
        codec.loads_visit(text)
    assert err.value.field == "first_day"


def test_oversized_record_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidData, match="over the limit"):
        codec.parse_toml(b"schema = 1\n" + b"#" * (codec.MAX_RECORD_BYTES + 1), "big.toml")


def test_second_occurrence_of_a_repeated_hour_is_written_with_its_offset() -> None:
    text = (
        'schema = 1\nid = "call"\ntitle = "Call"\nstatus = "confirmed"\nzone = "America/New_York"\n'
        "start = 2026-11-01T01:30:00\nend = 2026-11-01T01:00:00-05:00\n"
    )
    event = codec.loads_event(text, "call.toml")
    assert "end = 2026-11-01 01:00:00-05:00" in codec.dumps_event(event)
    with pytest.raises(InvalidData, match="offset"):
        codec.loads_event(text.replace("-05:00", "+02:00"), "call.toml")
    assert event.end.astimezone(dt.UTC) - event.start.astimezone(dt.UTC) == dt.timedelta(minutes=30)
    assert codec.loads_event(codec.dumps_event(event), "call.toml") == event


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("full_ko = \"업무용 전체 일정 — 대외 배포 금지\"", "full_ko = 3"), "handling.full_ko", "expected text"),
        (("[handling]\n", "[handling]\nprivate = \"x\"\n"), "handling.private", "unknown field"),
        (("public = \"Public programme — may be shared\"", "public = \"a\\u0007b\""), "handling.public", "control character"),
        (("id = \"moel-release\"", "id = \"MoEL\""), "documents[0].id", "not a valid id"),
        (("date = 2026-05-21\n", "date = 2026-05-21T10:00:00\n"), "documents[0].date", "expected a date"),
        (("title = \"MoEL press release\"\n", ""), "documents[0].title", "missing"),
        (("role_ko = \"국제협력담당관실 과장\"", "role_ko = [1]"), "contacts[0].role_ko", "expected text"),
    ],
)
def test_visit_settings_for_the_book_name_file_and_field(change: tuple[str, str], field: str, words: str) -> None:
    text = (SHIPPED / VISIT_FILE).read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(InvalidData) as err:
        codec.loads_visit(text.replace(change[0], change[1], 1), "events/visit.toml")
    assert str(err.value).startswith("events/visit.toml") and words in str(err.value)
    assert err.value.field == field, str(err.value)


def test_visit_without_book_settings_round_trips_and_takes_the_defaults() -> None:
    text = 'schema = 1\nid = "v"\ntitle = "Visit"\nfirst_day = 2026-05-21\nlast_day = 2026-05-22\nzone = "Asia/Seoul"\nguest = "g"\nguest_zone = "Europe/Zurich"\nbuffer_minutes = 10\ncity_speed_kmh = 25.0\n'
    visit = codec.loads_visit(text)
    assert codec.dumps_visit(visit) == text
    assert visit.handling.line("full", "en") == "For official use — full programme"
    assert visit.handling.line("person", "ko", "질베르 응보 사무총장") == "질베르 응보 사무총장 개인 일정 — 대외 배포 금지"
    with pytest.raises(InvalidData, match="listed twice"):
        codec.loads_visit(text + '[[documents]]\nid = "a"\ntitle = "A"\n[[documents]]\nid = "a"\ntitle = "B"\n')


def test_a_source_cites_a_document_by_id() -> None:
    visit = codec.loads_visit((SHIPPED / VISIT_FILE).read_text(encoding="utf-8"))
    assert visit.cite("moel-release: '대통령 면담'") == "MoEL press release, 2026-05-21: '대통령 면담'"
    assert visit.cite("moel-release", "ko") == "고용노동부 보도자료, 2026-05-21"
    assert visit.cite("not stated") == "not stated"
    assert visit.cite("other-doc: a quote") == "other-doc: a quote"  # no such document: the text as written


# --- any event the model accepts is written so that it reads back the same ----------------

ZONES_WITH_GAPS = ["Asia/Seoul", "America/New_York", "America/Santiago", "Europe/London", "Australia/Lord_Howe", "Pacific/Apia", "UTC"]
"""Zones whose clocks skip or repeat an hour (Santiago skips midnight; Lord Howe moves by half an
hour; Apia skipped a whole day in 2011), and two that never do."""
TEXT = "가나다 한국어 Abc,;:\"'[]{}=\\#\t\n é"


@st.composite
def any_events(draw: st.DrawFn) -> Event:
    from zoneinfo import ZoneInfo

    zone_name = draw(st.sampled_from(ZONES_WITH_GAPS))
    tz = ZoneInfo(zone_name)
    wall = draw(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 12, 31)))
    wall = wall.replace(second=draw(st.sampled_from([0, wall.second])), microsecond=draw(st.sampled_from([0, wall.microsecond])))
    all_day = draw(st.booleans())
    if all_day:
        start = midnight(wall.date(), tz)
        end = midnight(wall.date() + dt.timedelta(days=draw(st.integers(1, 3))), tz)
    else:  # any wall time, including one the zone skips or repeats, as a calendar may give it
        start = wall.replace(tzinfo=tz, fold=draw(st.integers(0, 1)))
        end = start + dt.timedelta(minutes=draw(st.integers(1, 600)), microseconds=draw(st.sampled_from([0, 1, 999_999])))
    text = st.text(alphabet=TEXT, max_size=30)
    title = st.text(alphabet=TEXT.replace("\n", "").replace("\t", ""), min_size=1, max_size=30).filter(str.strip)
    fields = dict(
        id="any-event", title=draw(title), zone=zone_name, start=start, end=end, all_day=all_day,
        time_tbc=not all_day and draw(st.booleans()),
        notes=draw(text), agenda=tuple(draw(st.lists(title, max_size=2))), notes_ko=draw(text),
        attachments=tuple(Attachment(draw(title), draw(text), draw(st.sampled_from(["", "ko"])), title_ko=draw(st.sampled_from(["", draw(title)])))
                          for _ in range(draw(st.integers(0, 2)))),
        sources=tuple((draw(st.sampled_from(["time", "venue", "title"])), draw(text)) for _ in range(draw(st.integers(0, 3)))),
        status=draw(st.sampled_from(["confirmed", "tentative", "cancelled"])), uid=draw(st.sampled_from(["", "their-uid@example.org"])),
        updated=draw(st.sampled_from([None, dt.datetime(2026, 5, 1, 12, 30, 15, 250, tzinfo=dt.UTC)])),
    )
    agenda = fields["agenda"]
    assert isinstance(agenda, tuple)
    fields["agenda_ko"] = tuple(draw(st.sampled_from(["", draw(title)])) for _ in agenda) if draw(st.booleans()) else ()
    try:
        return Event(**fields)  # type: ignore[arg-type]
    except InvalidData:
        return reject()  # the property is about the events the model accepts


@settings(max_examples=300, deadline=None)
@given(any_events())
def test_any_event_the_model_accepts_reads_back_the_same(event: Event) -> None:
    """What a change writes is what the cache keeps of it: the two must never differ."""
    again = codec.loads_event(codec.dumps_event(event), "any-event.toml")
    assert again == event
    for moment, back in ((event.start, again.start), (event.end, again.end)):  # == on one zone compares wall times only
        assert (back.timestamp(), back.utcoffset(), back.fold) == (moment.timestamp(), moment.utcoffset(), moment.fold)


def test_korean_versions_of_people_venues_and_agenda_round_trip() -> None:
    people = codec.loads_people((SHIPPED / "people.toml").read_text(encoding="utf-8"))
    assert {p.id: p.korean for p in people} == {"houngbo": "질베르 응보 사무총장", "kim-younghoon": "김영훈 장관", "president": "대통령"}
    assert codec.loads_people(codec.dumps_people(people)) == people
    venues, travel = codec.loads_venues((SHIPPED / "venues.toml").read_text(encoding="utf-8"))
    assert [v.address_ko for v in venues] == ["정부세종청사", "서울고용복지플러스센터, 서울 중구"]
    assert codec.loads_venues(codec.dumps_venues(venues, travel)) == (venues, travel)
    event = codec.loads_event((SHIPPED / "minister-meeting.toml").read_text(encoding="utf-8"), "minister-meeting.toml")
    assert event.agenda_pairs[0] == ("Human-centred AI transition", "사람 중심 AI 정책 추진방향")
    assert event.attachments[0].title_ko == "장관님 인사 말씀" and event.notes_ko.startswith("“이번 면담은")


def test_a_korean_agenda_pairs_item_by_item_with_the_english_one() -> None:
    text = (SHIPPED / "minister-meeting.toml").read_text(encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        codec.loads_event(text.replace('    "ILO내 한국 역할 확대 및 위상 강화 방안",\n', ""), "minister-meeting.toml")
    assert err.value.message.startswith("minister-meeting.toml: agenda_ko: 3 Korean agenda item(s) for 4 item(s)")
    none = Event("talks", "Talks", dt.datetime(2026, 5, 22, 9, tzinfo=dt.UTC), dt.datetime(2026, 5, 22, 10, tzinfo=dt.UTC), agenda=("A", "B"), agenda_ko=("", ""))
    assert none.agenda_ko == () and none.agenda_pairs == (("A", ""), ("B", ""))
