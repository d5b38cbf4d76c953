"""The three-way merge of whole records, field by field (core.recordmerge), and what carries the
records to a server and back: X-ITINERARY-TEAM (formats.teamics), vCards (formats.vcard), the
state file (formats.teamstate). Property tests where a rule must hold for every input."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHIPPED
from itinerary.core import recordmerge
from itinerary.core.authored import Authored
from itinerary.core.idonly import bare
from itinerary.core.recordmerge import event_fields, event_from, legs_fields, legs_from, merge, plain_fields, plain_from
from itinerary.formats import teamics, vcard
from itinerary.formats.teamstate import Item, Pending, TeamState, state_from_json, state_to_json
from itinerary.model import Contact, Mail, Person, TravelLeg, Venue
from itinerary.storage.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
NAMES = ("title", "status", "venue", "notes", "time")
values = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
records = st.fixed_dictionaries({}, optional={name: st.sampled_from(["a", "b", "c"]) for name in NAMES})


def shipped():  # noqa: ANN201
    return Store.at(SHIPPED).load()


@given(base=records, ours=records, theirs=records)
def test_a_field_changed_on_one_side_only_is_that_side_s(base: dict, ours: dict, theirs: dict) -> None:
    merged = merge(base, ours, theirs)
    conflicting = {c.field for c in merged.conflicts}
    for name in set(base) | set(ours) | set(theirs):
        b, o, t = base.get(name), ours.get(name), theirs.get(name)
        if o == t:
            assert merged.fields.get(name) == o and name not in conflicting
        elif o == b:
            assert merged.fields.get(name) == t and name in merged.taken
        elif t == b:
            assert merged.fields.get(name) == o and name in merged.sent
        else:  # both changed it, differently: ours stays, theirs is what the server keeps
            assert name in conflicting and merged.fields.get(name) == o
            assert merged.outgoing(theirs).get(name) == t


@given(base=records, ours=records, theirs=records, resolve=st.sampled_from(["theirs", "ours"]))
def test_settling_takes_one_side_for_every_conflict_and_reports_it(base: dict, ours: dict, theirs: dict, resolve: str) -> None:
    open_ = merge(base, ours, theirs)
    settled = merge(base, ours, theirs, resolve=resolve)
    assert not settled.conflicts
    assert {c.field for c in settled.settled} == {c.field for c in open_.conflicts}
    for conflict in open_.conflicts:
        assert settled.fields.get(conflict.field) == (conflict.theirs if resolve == "theirs" else conflict.ours)


@given(ours=records, theirs=records)
def test_without_a_base_every_difference_is_a_conflict(ours: dict, theirs: dict) -> None:
    merged = merge(None, ours, theirs)
    assert {c.field for c in merged.conflicts} == {n for n in set(ours) | set(theirs) if ours.get(n) != theirs.get(n)}


@given(base=records, ours=records)
def test_a_pending_conflict_is_never_settled_by_the_merge_itself(base: dict, ours: dict) -> None:
    pending = [n for n in NAMES if ours.get(n) != base.get(n)]
    merged = merge(base, ours, dict(base), pending=pending)  # the server kept its value; ours still differs
    assert {c.field for c in merged.conflicts} == set(pending) and not merged.sent


def test_every_shipped_event_is_its_fields() -> None:
    for event in shipped().events:
        assert event_from(event, event_fields(event), [f for f, _ in event.sources]) == event
        assert "uid" not in event_fields(event) and "revision" not in event_fields(event)


def test_an_event_s_time_moves_as_one_field_and_each_source_is_one() -> None:
    event = shipped().event("president-meeting")
    assert event is not None
    moved = dataclasses.replace(event, start=dt.datetime(2026, 5, 22, 10, tzinfo=SEOUL), end=dt.datetime(2026, 5, 22, 11, tzinfo=SEOUL),
                                time_tbc=False, sources=(*event.sources, ("duration", "planner")))
    changed = {n for n in event_fields(event).keys() | event_fields(moved).keys() if event_fields(event).get(n) != event_fields(moved).get(n)}
    assert changed == {"time", "time_tbc", "source:duration"}


def test_directory_records_and_the_visit_are_their_fields() -> None:
    programme = shipped()
    for item in (*programme.people, *programme.venues, *programme.visit.contacts):
        skip = ("id", "busy") if isinstance(item, Person) else ("id", "contacts")
        assert plain_from(item, plain_fields(item, skip), skip) == item
    visit = dataclasses.replace(programme.visit, contacts=())
    assert recordmerge.visit_from(visit, recordmerge.visit_fields(visit)) == visit
    mailed = dataclasses.replace(visit, mail=Mail(server="smtp://mail.moel.example:587", sender="protocol@moel.example"))
    assert recordmerge.visit_fields(mailed)["mail.sender"] == "protocol@moel.example" and "mail.user" not in recordmerge.visit_fields(mailed)
    assert recordmerge.visit_from(visit, recordmerge.visit_fields(mailed)) == mailed
    assert recordmerge.visit_from(mailed, recordmerge.visit_fields(visit)) == visit
    legs = (*programme.travel, TravelLeg("a", "b", 0, "", True))
    assert legs_from(legs_fields(legs), [recordmerge.leg_key(t) for t in legs]) == legs
    zero = dataclasses.replace(programme.visit, buffer_minutes=0, alarm_minutes=None)
    assert recordmerge.visit_from(zero, recordmerge.visit_fields(zero)) == dataclasses.replace(zero, contacts=zero.contacts)


@settings(max_examples=60)
@given(text=st.text(max_size=40), who=st.text(min_size=1, max_size=10).filter(str.strip), pos=st.none() | st.integers(0, 10**6))
def test_what_x_itinerary_team_carries_comes_back(text: str, who: str, pos: int | None) -> None:
    log = (Authored(who, dt.datetime(2026, 5, 12, 1, 2, 3, tzinfo=dt.UTC), ("status", "time")),)
    team = teamics.Team("person", text, {"name": "abc"}, log, pos, {"visit": "/officer/x/"})
    assert teamics.decode(teamics.encode(team)) == team


@given(garbage=st.text(max_size=200))
def test_anything_else_is_no_team_record(garbage: str) -> None:
    assert teamics.decode(garbage) is None or garbage.startswith("eyJ")


def test_cards_read_back_as_the_records_they_carry_and_a_phone_s_change_maps_to_its_field() -> None:
    programme = shipped()
    person = dataclasses.replace(programme.people_by_id["kim-younghoon"], email="kim@moel.go.kr")
    venue = dataclasses.replace(programme.venues_by_id["seoul-employment-center"], latitude=37.5651, longitude=126.9895)
    contact = programme.visit.contacts[0]
    for kind, record, make in (("person", person, vcard.person_card), ("venue", venue, vcard.venue_card), ("contact", contact, vcard.contact_card)):
        body = make(record, f"{kind}-x@v.itinerary", teamics.Team(kind, "{}"))
        card = vcard.read_card(body)
        assert card is not None and card.changed() == ()
        data = {k: v for k, v in dataclasses.asdict(record).items() if k != "busy"}
        assert vcard.from_card(kind, card, data) == data
    text = vcard.venue_card(venue, "venue-x@v.itinerary", teamics.Team("venue", "{}")).decode()
    assert "KIND:location" in text and "GEO:geo:37.565100,126.989500" in text and "ADR:" in text and "LANGUAGE=ko:서울고용센터" in text
    phone = text.replace("GEO:geo:37.565100,126.989500", "GEO:geo:37.570000,126.980000").replace("FN:Seoul Employment Center", "FN:Seoul Job Center")
    card = vcard.read_card(phone.encode())
    assert card is not None and set(card.changed()) == {"geo", "name"}
    data = vcard.from_card("venue", card, dataclasses.asdict(venue))
    assert Venue(**data) == dataclasses.replace(venue, name="Seoul Job Center", latitude=37.57, longitude=126.98)
    assert vcard.read_card(b"BEGIN:VCARD\r\nnot a card") is None


def test_the_team_state_round_trips_and_keeps_no_password() -> None:
    state = TeamState("https://cal.example.org/", "lee", "ITINERARY_PASSWORD", "/lee/visit/", "Visit", {"visit": "/lee/visit-directory/"},
                      {"/lee/visit/": "t1"}, {"/lee/visit/": "t1"}, {"a.toml": "ab"}, 7, {
                          "event:x@v.itinerary": Item("/lee/visit/x.ics", '"e1"', "schema = 1\n", "sha", {"title": "d"}, 3,
                                                      (Authored("park", dt.datetime(2026, 5, 12, tzinfo=dt.UTC), ("status",)),), None,
                                                      {"title": Pending("ours", "theirs", "park", "x")}, True)})
    assert state_from_json(state_to_json(state), "team.json") == state
    assert "s3cret" not in state_to_json(state)


def test_people_and_contacts_are_never_mixed_up_by_their_cards() -> None:
    person = Person("lee", "Lee Kang-yeon", "이강연", title="Director")
    contact = Contact("lee", "Lee Kang-yeon", "이강연", role="Director", phone="+82-44-202-7129")
    a = vcard.read_card(vcard.person_card(person, "person-lee@v.itinerary", teamics.Team("person", "{}")))
    b = vcard.read_card(vcard.contact_card(contact, "contact-lee@v.itinerary", teamics.Team("contact", "{}")))
    assert a is not None and b is not None and a.uid != b.uid and b.values["tel"] == "+82-44-202-7129"


def test_check_finds_each_kind_of_reference_known_by_its_id_alone_and_only_those_named() -> None:
    programme = shipped()
    assert bare(programme) == []
    event = next(e for e in programme.events if e.venue and e.contacts)
    stubs = dataclasses.replace(
        programme,
        people=(*programme.people, Person("aide", "aide"), Person("unnamed", "unnamed")),
        venues=tuple(Venue(v.id, v.id) if v.id == event.venue else v for v in programme.venues),
        visit=dataclasses.replace(programme.visit, contacts=tuple(Contact(c.id, c.id) if c.id == event.contacts[0] else c
                                                                  for c in programme.visit.contacts)),
        events=tuple(dataclasses.replace(e, participants=(*e.participants, "aide")) if e.id == event.id else e for e in programme.events),
    )
    assert sorted(bare(stubs)) == [("contact", event.contacts[0]), ("person", "aide"), ("venue", event.venue)]


def test_a_conflict_on_the_handling_lines_or_the_documents_reads_as_text_not_as_code() -> None:
    from itinerary.formats import codec
    from itinerary.model.papers import Handling

    shown = recordmerge.shown
    said = shown(Handling(full="For office use", full_ko="업무용"))
    assert said == "full: For office use; full_ko: 업무용" and "Handling(" not in said
    visit = codec.loads_visit((SHIPPED / "visit.toml").read_text(encoding="utf-8"))
    documents = shown(visit.documents)
    assert "Document(" not in documents and "(" + "'" not in documents and visit.documents[0].id in documents
