"""Nothing leaks: over random programmes and random revisions of them, no public recipient's
message — subject, text, HTML, book or calendar — holds any text a public audience may not see
(a restricted event's title in either language, its id; any event's notes, agenda, contacts;
a venue or participants an event withholds; a planning window), nor tells of a change no public
reader can see; and no person's message names a restricted event they are not in.

The programmes live in memory (the storage contract's memory fake), the messages are made as a dry
run makes them, and every part is decoded before it is searched (an iCalendar file unfolded).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
from email import policy
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary.changes.library import Library
from itinerary.changes.notify import notify
from itinerary.core.notice import Logged
from itinerary.formats import codec
from itinerary.formats.recipients import RECIPIENTS_FILE, dumps_recipients
from itinerary.model import Audience, Contact, Event, Person, Recipient, Venue, Visit
from itinerary.storage.noticelog import SendLog
from itinerary.storage.sidefiles import Sides
from itinerary.storage.store import Store, memory_store

SEOUL = ZoneInfo("Asia/Seoul")
PEOPLE = ("guest", "host", "aide")
PUBLISHED = dt.datetime(2026, 5, 20, 0, 0, tzinfo=dt.UTC)


@dataclasses.dataclass(frozen=True)
class Plan:
    """One event of a random programme, with its secrets named."""

    restricted: bool
    withheld: tuple[str, ...]
    people: tuple[str, ...]
    day: int
    hour: int
    tbc: bool
    cancelled: bool


plans = st.builds(
    Plan, restricted=st.booleans(), withheld=st.lists(st.sampled_from(["venue", "participants"]), unique=True).map(tuple),
    people=st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True).map(tuple), day=st.integers(21, 22), hour=st.integers(8, 18),
    tbc=st.booleans(), cancelled=st.booleans(),
)


def event(plan: Plan, n: int, *, revision: int = 1) -> Event:
    """The event of ``plan``: every text a secret token (``S…``), but the title of a public event;
    each version with a venue of its own, named as a secret where the public may not see it."""
    start = dt.datetime(2026, 5, plan.day, plan.hour, 0, tzinfo=SEOUL)
    window = (start.replace(minute=7), start.replace(minute=7) + dt.timedelta(hours=2, minutes=46)) if plan.tbc else (start, start + dt.timedelta(hours=1))
    title = f"Restricted SRT{n}X" if plan.restricted else f"Public event {n}"
    return Event(
        f"e{n}", title, window[0], window[1], title_ko=f"비밀행사{n}호" if plan.restricted else f"공개행사{n}", time_tbc=plan.tbc,
        venue=f"v{n}r{revision}", participants=plan.people, visibility="restricted" if plan.restricted else "public", restricted_fields=plan.withheld,
        notes=f"SNOTE{n}X", notes_ko=f"비고비밀{n}호", agenda=(f"SAGENDA{n}X",), contacts=("desk",),
        status="cancelled" if plan.cancelled and not plan.tbc else "confirmed", revision=revision,
    )


def venue_name(e: Event) -> str:
    return f"SVENUE{e.venue}X" if e.visibility == "restricted" or "venue" in e.restricted_fields else f"Venue {e.venue}"


def files(events: list[Event]) -> dict[str, bytes]:
    visit = Visit("leak", "Visit of the tests", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "guest", title_ko="시험 방문",
                  office_email="protocol@moel.example", contacts=(Contact("desk", "SCONTACTX", name_ko="담당자비밀", phone="+82-44-000-0000"),))
    people = tuple(Person(p, p.title(), name_ko=f"{p}의이름") for p in PEOPLE)
    venues = tuple(Venue(e.venue or "", venue_name(e), name_ko=f"장소{e.venue}") for e in events)
    out = {"visit.toml": codec.dumps_visit(visit).encode(), "people.toml": codec.dumps_people(people).encode(),
           "venues.toml": codec.dumps_venues(venues).encode()}
    out |= {f"{e.id}.toml": codec.dumps_event(e).encode() for e in events}
    recipients = (Recipient("press", "Press", "press@example.org", Audience("public"), "both"),
                  Recipient("aide", "Aide", "aide@example.org", Audience("person", "aide"), "ko"))
    out[RECIPIENTS_FILE] = dumps_recipients(recipients).encode()
    return out


def secrets(versions: list[Event], *, audience: Audience) -> list[str]:
    """What ``audience`` may read in no part of its message, from every version of every event:
    a restricted title only where no version of that event was for the audience's eyes."""
    found = ["SNOTE", "비고비밀", "SAGENDA", "SCONTACTX", "담당자비밀"] if audience.public else []

    def hidden(e: Event) -> bool:
        return e.visibility == "restricted" and (audience.public or audience.person not in e.participants)

    for e in versions:
        n = e.id[1:]
        if all(hidden(v) for v in versions if v.id == e.id):
            found += [f"SRT{n}X", f"비밀행사{n}호"]
            if all(v.visibility == "restricted" for v in versions if v.id == e.id) or audience.public:
                found.append(f"e{n}@leak")
        if audience.public and venue_name(e).startswith("S"):
            found.append(venue_name(e))
        if audience.public and e.time_tbc:
            found += [f"{e.start:%H}:07", f"T{e.start:%H}0700", f"{e.end:%H}:53"]
    return found


def decoded(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=policy.default)
    texts = [str(message["Subject"]), str(message["To"]), str(message["From"])]
    for part in message.walk():
        if not part.is_multipart():
            texts.append(part.get_payload(decode=True).decode("utf-8").replace("\r\n ", "").replace("\r\n\t", ""))
    return "\n".join(texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(plans, min_size=2, max_size=6), change=st.lists(plans, min_size=1, max_size=6), shift=st.integers(0, 3))
def test_no_public_message_holds_anything_a_public_audience_may_not_see(first: list[Plan], change: list[Plan], shift: int) -> None:
    events = [event(p, n) for n, p in enumerate(first)]
    store = memory_store(files(events))
    library = Library(store, who="test", clock=lambda: PUBLISHED)
    sides = Sides(store)
    sides.publish_revision("SREASONX first", "test", now=PUBLISHED)
    log = SendLog(store.backend)
    for rid, audience in (("press", "public"), ("aide", "person:aide")):  # they have Rev. 1
        log.append(Logged("accepted", 1, PUBLISHED, to=rid, audience=audience, message_id=f"<r1.{rid}@leak.itinerary>"))
    log.append(Logged("edition", 1, PUBLISHED, sequences=tuple((e.id, 0) for e in events)))
    revised = list(events)
    for k, plan in enumerate(change):  # changes to existing events (by position) and new events
        n = (k + shift) % (len(events) + 2)
        revised_event = event(plan, n, revision=2)
        revised = [e for e in revised if e.id != revised_event.id] + [revised_event]
    new_files = files(revised)
    for name in [n for n in store.backend.files if n.endswith(".toml") and "/" not in n]:  # type: ignore[attr-defined]
        del store.backend.files[name]  # type: ignore[attr-defined]
    store.backend.files.update(new_files)  # type: ignore[attr-defined]
    sides.publish_revision("SREASONX second", "test", now=PUBLISHED + dt.timedelta(hours=1))

    recipients = (Recipient("press", "Press", "press@example.org", Audience("public"), "both"),
                  Recipient("aide", "Aide", "aide@example.org", Audience("person", "aide"), "ko"))
    report = notify(library, recipients, None, sender="protocol@moel.example", force=True)
    everything = [*events, *revised]
    for outcome in report.outcomes:
        audience = outcome.recipient.audience
        if outcome.message is None:
            assert outcome.state == "current", outcome
            continue
        text = decoded(outcome.message.data)
        for secret in [*secrets(everything, audience=audience), "SREASONX"]:
            assert secret not in text, (outcome.recipient.id, secret)

    public_before = {e.id: e for e in events if e.visibility == "public" and not e.cancelled}
    public_after = {e.id: e for e in revised if e.visibility == "public" and not e.cancelled}
    press = next(o for o in report.outcomes if o.recipient.id == "press")
    if public_before.keys() == public_after.keys() and all(_same_for_public(public_before[k], public_after[k]) for k in public_after) \
            and {e.id for e in events if e.visibility == "public" and e.cancelled} == {e.id for e in revised if e.visibility == "public" and e.cancelled}:
        assert press.state == "current"  # nothing public changed: the public is not written to at all


def _same_for_public(a: Event, b: Event) -> bool:
    def seen(e: Event) -> tuple[object, ...]:
        day = e.start.date() if e.time_tbc else None
        return (e.title, e.title_ko, e.status, e.time_tbc, day if e.time_tbc else (e.start, e.end),
                None if "venue" in e.restricted_fields else e.venue, () if "participants" in e.restricted_fields else e.participants)

    return seen(a) == seen(b)


def test_the_memory_store_holds_what_the_leak_test_writes() -> None:
    """The fixture itself: the records read back, with the list of recipients."""
    events = [event(Plan(True, (), ("aide",), 21, 9, False, False), 0)]
    store = memory_store(files(events))
    programme = Store.load(store)
    assert [e.id for e in programme.events] == ["e0"] and programme.events[0].visibility == "restricted"
