"""The parts under `itinerary notify`, one by one: what a rerun concludes from the send log, the
log's lines (torn and damaged ones included), the message's headers as Python 3.11's email
package writes and reads them, and the mail server's address and credentials."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itinerary.core.notice import Logged, message_id, standing
from itinerary.errors import InvalidData, UsageError
from itinerary.formats.notice import compose
from itinerary.formats.noticelog import LOG_FILE, line, parse
from itinerary.formats.noticetext import Wording
from itinerary.model import Recipient, Visit
from itinerary.storage.backend import FolderBackend
from itinerary.storage.noticelog import SendLog
from itinerary.sync.smtp import server

AT = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


def steps(*kinds: str) -> list[Logged]:
    return [Logged(kind, 3, AT, to="aide", message_id="<m>", date=AT) for kind in kinds]


@pytest.mark.parametrize(("kinds", "state"), [
    ((), "new"),
    (("sending",), "unsent"),                                   # the final '.' never left: not delivered
    (("sending", "committing"), "uncertain"),                   # the server may have it
    (("sending", "committing", "accepted"), "sent"),
    (("sending", "committing", "sending"), "uncertain"),        # a resend killed before its '.': the first may stand
    (("sending", "committing", "sending", "committing", "accepted"), "sent"),
    (("sending", "refused"), "refused"),
    (("sending", "committing", "refused"), "refused"),          # the server said no to the data: nothing delivered
    (("sending", "committing", "sending", "committing", "refused"), "uncertain"),  # but the first attempt may stand
    (("nothing",), "current"),
])
def test_what_a_rerun_concludes_from_the_log(kinds: tuple[str, ...], state: str) -> None:
    found = standing(steps(*kinds), 3, "aide")
    assert found.state == state
    assert found.done == (state in ("sent", "current"))
    if "sending" in kinds:
        assert found.first is not None and found.first.message_id == "<m>"


def test_another_revision_or_recipient_is_another_standing() -> None:
    entries = [*steps("sending", "committing", "accepted"), Logged("sending", 4, AT, to="aide"), Logged("accepted", 3, AT, to="press")]
    assert standing(entries, 4, "aide").state == "unsent" and standing(entries, 3, "press").state == "sent"


def test_a_message_id_is_the_same_each_time_and_differs_for_another_revision_or_address() -> None:
    one = message_id("ilo-dg-korea-2026", 3, AT, "aide", "aide@moel.example")
    assert one == message_id("ilo-dg-korea-2026", 3, AT, "aide", "aide@moel.example")
    assert one.startswith("<rev3.aide.") and one.endswith("@ilo-dg-korea-2026.itinerary>")
    assert len({one, message_id("ilo-dg-korea-2026", 4, AT, "aide", "aide@moel.example"),
                message_id("ilo-dg-korea-2026", 3, AT, "aide", "other@moel.example")}) == 3


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(kind=st.sampled_from(["edition", "sending", "committing", "accepted", "refused", "nothing"]), rev=st.integers(1, 10_000),
       to=texts, reply=texts, since=st.none() | st.integers(1, 10_000), sequences=st.dictionaries(texts, st.integers(0, 2**31 - 1), max_size=4))
def test_a_log_line_reads_back_as_written(kind: str, rev: int, to: str, reply: str, since: int | None, sequences: dict[str, int]) -> None:
    entry = Logged(kind, rev, AT, to=to, reply=reply, since=since, message_id="<x@y>", date=AT, sequences=tuple(sorted(sequences.items())))
    data = line(entry)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert parse(data, "log") == ([entry], [])


def test_a_torn_last_line_is_dropped_and_a_damaged_one_named() -> None:
    good = [line(e) for e in steps("sending", "committing")]
    torn = good[0][:-20]
    assert parse(good[0] + torn, "log") == (steps("sending"), [])
    damaged = good[0] + b'{"kind":"accepted"}\tbadsum\n' + good[1]
    entries, problems = parse(damaged, "log")
    assert entries == steps("sending", "committing") and problems == ["log: line 2 is not a send-log entry (skipped)"]


def test_the_log_on_disk_is_cut_back_to_its_last_whole_line_before_it_grows(tmp_path: Path) -> None:
    backend = FolderBackend(tmp_path)
    log = SendLog(backend)
    log.append(steps("sending")[0])
    with (tmp_path / LOG_FILE).open("ab") as f:
        f.write(line(steps("committing")[0])[:-9])  # a crash in the middle of a write
    assert log.read() == steps("sending")
    log.append(steps("accepted")[0])
    assert log.read() == steps("sending", "accepted") and log.damaged == []


# --- headers --------------------------------------------------------------------------------------

VISIT = Visit("v", "Visit", dt.date(2026, 5, 21), dt.date(2026, 5, 22), "",
              office="International Cooperation Division, International Cooperation Bureau, Ministry of Employment and Labor",
              office_ko="국제협력관 국제협력담당관실")


def message(subject: str, name: str, lang: str = "ko") -> email.message.EmailMessage:
    wording = Wording(lang, subject, "heading", (), "changes", (), "glance", (), "attached", ())
    made = compose([wording], recipient=Recipient("r", name, "r@example.org", lang=lang), sender="p@moel.example", visit=VISIT,
                   message_id="<rev1.r.abc@v.itinerary>", date=AT, attachments=())
    parsed = email.message_from_bytes(made.data, policy=policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


@pytest.mark.parametrize("subject", [
    "[개정 3] 국제노동기구(ILO) 사무총장 방한 일정 — 대통령 면담 시간 확정 외 2건",  # the package's own folding loses a space here
    "[Rev. 3] Visit — Talks =?utf-8?b?QmNjOiBldmlsQGV4YW1wbGUub3Jn?= (literally)",  # an encoded word is text, not decoded
    "plain ASCII subject long enough to be folded over more than one line of a header of the message",
])
def test_a_subject_reads_back_exactly_as_written(subject: str) -> None:
    assert message(subject, "Park Min-ji")["Subject"] == subject


def test_a_long_office_name_with_commas_is_one_sender() -> None:
    found = message("s", "Park Min-ji", lang="en")["From"]
    assert [a.addr_spec for a in found.addresses] == ["p@moel.example"] and found.addresses[0].display_name == VISIT.office


def test_a_name_that_looks_like_an_encoded_word_adds_no_recipient() -> None:
    to = message("s", "=?utf-8?b?QmNjOiBldmlsQGV4YW1wbGUub3Jn?=")["To"]  # "Bcc: evil@example.org"
    assert [a.addr_spec for a in to.addresses] == ["r@example.org"]


def test_a_name_with_a_line_break_is_refused_before_any_message() -> None:
    with pytest.raises(InvalidData):
        Recipient("r", "Park\r\nBcc: evil@example.org", "r@example.org")


# --- the mail server's address -----------------------------------------------------------------------


@pytest.mark.parametrize(("url", "said"), [
    ("https://mail.example.org", "smtp://HOST"),
    ("smtp://user:secret@mail.example.org", "no password in --smtp"),
    ("smtp://mail.example.org:port", "not a number"),
])
def test_a_server_address_that_cannot_be_used(url: str, said: str) -> None:
    with pytest.raises(UsageError, match=said) as err:
        server(url, user=None, password_env=None)
    assert "secret" not in str(err.value)


def test_the_password_comes_from_the_environment_and_never_shows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="SMTP_PW is not set"):
        server("smtps://mail.example.org", user="protocol", password_env="SMTP_PW")
    monkeypatch.setenv("SMTP_PW", "hunter2-secret")
    found = server("smtp://protocol@mail.example.org", user=None, password_env="SMTP_PW")
    assert (found.user, found.port, found.implicit_tls, found.password) == ("protocol", 587, False, "hunter2-secret")
    assert "hunter2" not in repr(found) and found.url == "smtp://mail.example.org:587"
    with pytest.raises(UsageError, match="not a file"):
        server("smtps://mail.example.org", user=None, password_env=None, cafile=str(tmp_path / "missing.pem"))
