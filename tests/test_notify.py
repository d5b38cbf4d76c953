"""Revision notices, end to end against a real SMTP server on loopback (aiosmtpd, login over
STARTTLS under a throwaway certificate authority): the distribution list, the messages each
audience receives in its language, servers that refuse, drop or never answer, reruns that finish
a run without sending twice, dry runs, status, the conflict guard, and credentials kept out of
every output and file."""

from __future__ import annotations

import json
import shutil
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from smtpserver import PASSWORD, USER, Mailbox, Running, mail_server, silent_server

from conftest import ROOT, Cli, folder_hash
from itinerary.errors import ExitCode

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd on smtps://: TLS from the first byte
ENV = {"SMTP_PW": PASSWORD}
RECIPIENTS = {
    "minister-aide": ("aide@moel.example", "person:kim-younghoon", "ko"),
    "ilo-team": ("dgo-office@ilo.example", "person:houngbo", "en"),
    "press": ("press@moel.example", "public", "both"),
    "protocol-desk": ("desk@moel.example", "full", "ko"),
}


def ok(result: object) -> object:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return result


def prepare(cli: Cli) -> None:
    """The shipped visit with an office address, a restricted dinner, four recipients and Rev. 1."""
    ok(cli("visit", "edit", "--office-email", "protocol@moel.example"))
    ok(cli("add", "--id", "private-dinner", "--title", "Dinner with the chaebol chairs", "--title-ko", "재계 총수 만찬", "--start", "21 May 19:00",
           "--duration", "2h", "--with", "houngbo,kim-younghoon", "--visibility", "restricted", "--note", "Seating plan SECRET-SEATING",
           "--status", "confirmed"))
    for rid, (address, audience, lang) in RECIPIENTS.items():
        name_ko = ["--name-ko", "박민지 비서관"] if rid == "minister-aide" else []
        ok(cli("recipient", "add", rid, "--name", rid.replace("-", " ").title(), "--email", address, "--audience", audience, "--lang", lang, *name_ko))
    ok(cli("revision", "publish", "-m", "First programme"))


def send(cli: Cli, server: Running, *extra: str, env: dict[str, str] | None = None) -> object:
    return cli("notify", "--smtp", server.url, "--user", USER, "--password-env", "SMTP_PW", "--ca-file", str(server.ca_file), "--html-book",
               *extra, env={**ENV, **(env or {})})


def confirm_president(cli: Cli) -> None:
    ok(cli("edit", "president-meeting", "--start", "22 May 15:00", "--duration", "45m", "--status", "confirmed"))
    ok(cli("edit", "private-dinner", "--note", "Seating plan SECRET-SEATING-2, moved"))
    ok(cli("revision", "publish", "-m", "President's meeting confirmed at 15:00"))


def parts(message: EmailMessage) -> dict[str, bytes]:
    """Every leaf part of a message by its file name or type, decoded."""
    out = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        key = part.get_filename() or part.get_content_type()
        out[key] = part.get_payload(decode=True)
    return out


@pytest.fixture
def server(tmp_path: Path) -> Running:
    with mail_server(tmp_path) as running:
        yield running


# --- the distribution list ------------------------------------------------------------------------


def test_the_list_is_a_record_journaled_and_undone(cli: Cli, data_dir: Path) -> None:
    before = folder_hash(data_dir, journal=False)
    ok(cli("recipient", "add", "aide", "--name", "Park Min-ji", "--email", "aide@moel.example", "--audience", "person:kim-younghoon", "--lang", "ko"))
    ok(cli("recipient", "edit", "aide", "--audience", "public"))
    listed = json.loads(ok(cli("recipient", "list", "--json")).stdout)  # type: ignore[attr-defined]
    assert listed == [{"id": "aide", "name": "Park Min-ji", "name_ko": "", "email": "aide@moel.example", "audience": "public", "lang": "ko"}]
    history = ok(cli("history")).stdout  # type: ignore[attr-defined]
    assert "recipient add aide" in history and "recipient edit aide" in history
    ok(cli("undo"))
    assert json.loads(ok(cli("recipient", "list", "--json")).stdout)[0]["audience"] == "person:kim-younghoon"  # type: ignore[attr-defined]
    ok(cli("undo"))
    assert folder_hash(data_dir, journal=False) == before
    assert (data_dir / "notices" / "recipients.toml").exists() is False


def test_a_person_or_contact_with_an_address_is_added_by_id(cli: Cli) -> None:
    refused = cli("recipient", "add", "--person", "kim-younghoon")
    assert refused.exit_code == ExitCode.USAGE and "no e-mail address" in refused.output
    ok(cli("person", "edit", "kim-younghoon", "--email", "minister@moel.example"))
    ok(cli("recipient", "add", "--person", "kim-younghoon", "--lang", "ko"))
    ok(cli("contact", "edit", "lee-kangyeon", "--email", "kylee@moel.example"))
    ok(cli("recipient", "add", "--contact", "lee-kangyeon"))
    listed = {r["id"]: r for r in json.loads(ok(cli("recipient", "list", "--json")).stdout)}  # type: ignore[attr-defined]
    assert listed["kim-younghoon"] == {"id": "kim-younghoon", "name": "Kim Young-hoon", "name_ko": "김영훈 장관", "email": "minister@moel.example",
                                       "audience": "person:kim-younghoon", "lang": "ko"}
    assert listed["lee-kangyeon"]["audience"] == "full" and listed["lee-kangyeon"]["name_ko"] == "국제협력담당관실 과장 이강연"


@pytest.mark.parametrize(("args", "code", "said"), [
    (["x", "--name", "X", "--email", "not-an-address"], ExitCode.USAGE, "not an e-mail address"),
    (["x", "--name", "X", "--email", "x@y.example\nBcc: evil@example.org"], ExitCode.USAGE, "not allowed"),
    (["x", "--name", "X", "--email", "x@y.example", "--audience", "person:kim-yunghoon"], ExitCode.NOT_FOUND, "did you mean 'person:kim-younghoon'"),
    (["x", "--name", "X", "--email", "x@y.example", "--audience", "publc"], ExitCode.USAGE, "did you mean 'public'"),
    (["x", "--name", "X", "--email", "x@y.example", "--lang", "kr"], ExitCode.USAGE, "ko, en, both"),
    (["Bad Id", "--name", "X", "--email", "x@y.example"], ExitCode.USAGE, "not a valid id"),
    (["--person", "kim-yunghoon"], ExitCode.NOT_FOUND, "no person 'kim-yunghoon'; did you mean 'kim-younghoon'?"),
    (["--person", "nobody-at-all"], ExitCode.NOT_FOUND, "no person 'nobody-at-all'"),
    (["--contact", "lee-kangyoen"], ExitCode.NOT_FOUND, "no contact 'lee-kangyoen'; did you mean 'lee-kangyeon'?"),
    (["--contact", "nobody-at-all"], ExitCode.NOT_FOUND, "no contact 'nobody-at-all'"),
])
def test_bad_recipients_are_refused_and_nothing_changes(cli: Cli, data_dir: Path, args: list[str], code: int, said: str) -> None:
    before = folder_hash(data_dir)
    result = cli("recipient", "add", *args)
    assert result.exit_code == code and said in result.output, result.output
    assert "Traceback" not in result.output
    assert folder_hash(data_dir) == before


# --- the messages ---------------------------------------------------------------------------------


def test_each_recipient_gets_their_revision_in_their_language_over_starttls(cli: Cli, server: Running) -> None:
    prepare(cli)
    first = ok(send(cli, server))
    assert "sent Rev. 1 (the whole programme)" in first.output  # type: ignore[attr-defined]
    assert len(server.mailbox.received) == 4 and all(r.tls and r.login == USER for r in server.mailbox.received)

    aide = server.mailbox.to("aide@moel.example")[0].message
    assert aide["Subject"] == "[개정 1] 국제노동기구(ILO) 사무총장 방한 일정 — 일정 송부"
    assert str(aide["To"]) == "박민지 비서관 <aide@moel.example>" and aide["From"].addresses[0].addr_spec == "protocol@moel.example"
    assert aide["Auto-Submitted"] == "auto-generated" and aide["List-Id"] == "ilo-dg-korea-2026 <notices.ilo-dg-korea-2026.itinerary>"
    assert aide["Message-ID"].startswith("<rev1.minister-aide.") and aide["Date"].datetime.tzinfo is not None
    text = aide.get_body(("plain",)).get_content()
    assert "처음 보내 드리는 일정입니다" in text and "대상: 김영훈 장관 일정" in text
    assert "재계 총수 만찬" in text and "대통령 면담" not in text  # his own restricted dinner; not the President's meeting, he is not at it
    files = parts(aide)
    assert set(files) == {"text/plain", "text/html", "programme-kim-younghoon-ko.html", "ilo-dg-korea-2026-rev1-kim-younghoon.ics"}
    calendar = icalendar.Calendar.from_ical(files["ilo-dg-korea-2026-rev1-kim-younghoon.ics"])
    assert calendar["METHOD"] == "PUBLISH"
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {"minister-meeting@ilo-dg-korea-2026.itinerary", "private-dinner@ilo-dg-korea-2026.itinerary"}

    confirm_president(cli)
    second = ok(send(cli, server))
    assert "minister-aide <aide@moel.example>: nothing they may see changed in Rev. 2: no message" in second.output  # type: ignore[attr-defined]
    counts = {rid: len(server.mailbox.to(address)) for rid, (address, _, _) in RECIPIENTS.items()}
    assert counts == {"minister-aide": 1, "ilo-team": 2, "press": 2, "protocol-desk": 2}  # one of each revision, no more
    messages = {rid: server.mailbox.to(address)[-1].message for rid, (address, _, _) in RECIPIENTS.items()}

    desk = messages["protocol-desk"]
    assert desk["Subject"] == "[개정 2] 국제노동기구(ILO) 사무총장 방한 일정 — 대통령 면담 시간 확정"
    desk_text = desk.get_body(("plain",)).get_content()
    assert "1차본 대비 변경 사항" in desk_text and "시간 변경: 대통령 면담" in desk_text and "5월 22일(금) 15:00–15:45" in desk_text
    assert "개정 사유: President's meeting confirmed at 15:00" in desk_text and "재계 총수 만찬" in desk_text
    html = desk.get_body(("html",)).get_content()
    assert '<section lang="ko">' in html and "대통령 면담" in html

    team = messages["ilo-team"]
    assert team["Subject"] == "[Rev. 2] Visit of the ILO Director-General to the Republic of Korea — Meeting with the President: time confirmed"
    team_text = team.get_body(("plain",)).get_content()
    assert "Changes since Rev. 1" in team_text and "Fri 22 May 15:00–15:45" in team_text and "개정" not in team_text
    assert "President's meeting confirmed" not in team_text  # the reason is the office's

    press = messages["press"]
    assert press["Subject"] == "[개정 2] 국제노동기구(ILO) 사무총장 방한 일정 — 대통령 면담 시간 확정 (Meeting with the President: time confirmed)"
    for blob in parts(press).values():
        body = blob.decode("utf-8")
        assert "재계" not in body and "chaebol" not in body and "SECRET-SEATING" not in body and "private-dinner" not in body
    assert "planning window" not in parts(press)["text/plain"].decode() and "예정 시간대" not in parts(press)["text/plain"].decode()

    # SEQUENCE as the exports count it: one up for the two events whose content changed, no other
    def sequences(message: EmailMessage, rev: int) -> dict[str, int]:
        calendar = icalendar.Calendar.from_ical(parts(message)[f"ilo-dg-korea-2026-rev{rev}-full.ics"])
        return {str(e["UID"]).split("@")[0]: int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}

    before, after = sequences(server.mailbox.to("desk@moel.example")[0].message, 1), sequences(desk, 2)
    assert after == {k: v + (k in ("president-meeting", "private-dinner")) for k, v in before.items()}
    exported = icalendar.Calendar.from_ical(ok(cli("export", "-o", "-")).stdout.encode())  # type: ignore[attr-defined]
    assert {str(e["UID"]).split("@")[0]: int(e["SEQUENCE"]) for e in exported.walk("VEVENT")} == after


def test_nothing_they_may_see_changed_means_no_message(cli: Cli, server: Running) -> None:
    prepare(cli)
    ok(send(cli, server))
    ok(cli("edit", "private-dinner", "--start", "21 May 19:30", "--duration", "2h"))  # restricted: only the office and the two principals see it
    ok(cli("revision", "publish", "-m", "Dinner moved"))
    result = ok(send(cli, server))
    assert len(server.mailbox.to("press@moel.example")) == 1  # the public is not told that anything changed
    assert "press <press@moel.example>: nothing they may see changed in Rev. 2: no message" in result.output  # type: ignore[attr-defined]
    assert len(server.mailbox.to("desk@moel.example")) == 2 and len(server.mailbox.to("aide@moel.example")) == 2
    status = ok(cli("notify", "status")).stdout  # type: ignore[attr-defined]
    assert "nothing to tell" in status and "Rev. 2" in status


def test_a_rerun_sends_nothing_twice_and_a_new_recipient_gets_the_whole_programme(cli: Cli, server: Running) -> None:
    prepare(cli)
    ok(send(cli, server))
    again = ok(send(cli, server))
    assert len(server.mailbox.received) == 4
    assert again.output.count("has Rev. 1 already") == 4  # type: ignore[attr-defined]
    ok(cli("recipient", "add", "driver", "--name", "Driver", "--email", "driver@moel.example", "--audience", "public", "--lang", "ko"))
    status = cli("notify", "status")
    assert "driver" in status.stdout and "1 recipient does not have Rev. 1 yet: driver" in status.output
    ok(send(cli, server))
    (only,) = server.mailbox.to("driver@moel.example")
    assert only.message["Subject"].endswith("— 일정 송부") and len(server.mailbox.received) == 5


def test_implicit_tls_and_the_visits_own_settings(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    prepare(cli)
    with mail_server(tmp_path, tls="implicit") as server:
        ok(cli("visit", "edit", "--mail-server", server.url, "--mail-user", USER, "--mail-password-env", "SMTP_PW", "--mail-from", "notices@moel.example"))
        ok(cli("notify", "--ca-file", str(server.ca_file), "--html-book", env=ENV))
        assert len(server.mailbox.received) == 4 and {r.sender for r in server.mailbox.received} == {"notices@moel.example"}
        assert PASSWORD not in (data_dir / "visit.toml").read_text()
    with mail_server(tmp_path, tls="implicit") as server:
        ok(cli("visit", "edit", "--mail-server", server.url))
        ok(cli("edit", "minister-meeting", "--start", "21 May 16:00", "--duration", "1h"))
        result = cli("revision", "publish", "-m", "The minister's meeting at 16:00", "--notify", env={**ENV, "ITINERARY_CA_FILE": str(server.ca_file)})
        assert result.exit_code == 0, result.output
        assert "Published Rev. 2" in result.output and len(server.mailbox.received) == 4
        assert all("[개정 2]" in r.message["Subject"] or "[Rev. 2]" in r.message["Subject"] for r in server.mailbox.received)


# --- servers that do not cooperate ------------------------------------------------------------------


def test_a_password_variable_that_is_not_set_is_named_before_any_connection(cli: Cli, data_dir: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    prepare(cli)
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    before = folder_hash(data_dir)
    result = cli("notify", "--smtp", "smtp://127.0.0.1:1", "--user", "protocol", "--password-env", "NO_SUCH_PASSWORD")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--password-env: the environment variable NO_SUCH_PASSWORD is not set" in " ".join(result.output.split())
    assert folder_hash(data_dir) == before


def test_a_refused_recipient_is_named_and_the_others_are_sent(cli: Cli, tmp_path: Path) -> None:
    prepare(cli)
    with mail_server(tmp_path, mailbox=Mailbox(refuse={"press@moel.example"})) as server:
        result = send(cli, server)
        assert result.exit_code == ExitCode.SERVER, result.output  # type: ignore[attr-defined]
        assert "✗ press <press@moel.example>: NOT sent: 550 5.1.1 <press@moel.example>: mailbox unavailable" in result.output  # type: ignore[attr-defined]
        assert "1 recipient was refused: press" in result.output  # type: ignore[attr-defined]
        assert len(server.mailbox.received) == 3
        assert "refused (550" in ok(cli("notify", "status")).stdout  # type: ignore[attr-defined]
        ok(cli("recipient", "edit", "press", "--email", "press-office@moel.example"))
        ok(send(cli, server))
        assert len(server.mailbox.received) == 4 and len(server.mailbox.to("press-office@moel.example")) == 1


def test_a_connection_dropped_after_the_third_message_is_finished_by_running_again(cli: Cli, tmp_path: Path) -> None:
    prepare(cli)
    box = Mailbox(drop_after=3)
    with mail_server(tmp_path, mailbox=box) as server:
        result = send(cli, server)
        assert result.exit_code == ExitCode.UNREACHABLE, result.output  # type: ignore[attr-defined]
        assert "the server closed the connection" in result.output and "run the same command again" in result.output  # type: ignore[attr-defined]
        assert len(box.received) == 3
        box.drop_after = None
        ok(send(cli, server))
    counts = [len(box.to(address)) for address, _, _ in RECIPIENTS.values()]
    assert counts == [1, 1, 1, 1]


def test_a_server_that_never_answers_is_given_up_in_time(cli: Cli, data_dir: Path) -> None:
    prepare(cli)
    with silent_server() as url:
        result = cli("notify", "--smtp", url, "--html-book", env={"ITINERARY_TIMEOUT": "1"})
    assert result.exit_code == ExitCode.TIMEOUT and "no answer within 1 s" in result.output, result.output
    assert "accepted" not in (data_dir / "notices" / "log.jsonl").read_text(encoding="utf-8")


def test_a_wrong_password_or_an_untrusted_certificate_sends_nothing(cli: Cli, server: Running) -> None:
    prepare(cli)
    wrong = send(cli, server, env={"SMTP_PW": "not-the-password"})
    assert wrong.exit_code == ExitCode.AUTH and "user name or password refused" in wrong.output and "not-the-password" not in wrong.output
    untrusted = cli("notify", "--smtp", server.url, "--user", USER, "--password-env", "SMTP_PW", "--html-book", env=ENV)
    assert untrusted.exit_code == ExitCode.UNREACHABLE and "certificate is not trusted" in untrusted.output and "--ca-file" in untrusted.output
    assert server.mailbox.received == []


def test_credentials_appear_in_no_output_file_or_log(cli: Cli, data_dir: Path, server: Running, tmp_path: Path) -> None:
    prepare(cli)
    outputs = [send(cli, server), cli("notify", "status"), cli("visit", "show"), cli("history")]
    ok(cli("visit", "edit", "--mail-server", server.url, "--mail-user", USER, "--mail-password-env", "SMTP_PW"))
    outputs.append(cli("notify", "--dry-run", "--html-book", "-o", str(tmp_path / "eml"), env=ENV))
    for result in outputs:
        assert PASSWORD not in result.output  # type: ignore[attr-defined]
    for folder in (data_dir, tmp_path / "eml", data_dir.parent / "exports"):
        for path in folder.rglob("*"):
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path


def test_dry_run_writes_each_message_and_sends_and_logs_nothing(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    prepare(cli)
    result = ok(cli("notify", "--dry-run", "--html-book", "-o", str(tmp_path / "eml")))
    written = sorted(p.name for p in (tmp_path / "eml").iterdir())
    assert written == sorted(f"{rid}.eml" for rid in RECIPIENTS)
    assert "would send Rev. 1" in result.output  # type: ignore[attr-defined]
    assert not (data_dir / "notices" / "log.jsonl").exists() or "accepted" not in (data_dir / "notices" / "log.jsonl").read_text()
    import email
    from email import policy

    message = email.message_from_bytes((tmp_path / "eml" / "ilo-team.eml").read_bytes(), policy=policy.default)
    assert message["To"] == "Ilo Team <dgo-office@ilo.example>" and message.get_body(("plain",)) is not None


def test_dry_run_never_writes_over_a_message_another_visit_wrote(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    prepare(cli)
    folder = tmp_path / "eml"
    folder.mkdir()
    theirs = b"From: protocol@oecd.example\r\nX-Itinerary-Visit: oecd-2026-06\r\nSubject: theirs\r\n\r\nbody\r\n"
    (folder / "press.eml").write_bytes(theirs)
    refused = cli("notify", "--dry-run", "--html-book", "-o", str(folder))
    assert refused.exit_code == ExitCode.CONFLICT and "oecd-2026-06" in refused.output, refused.output  # type: ignore[attr-defined]
    assert sorted(p.name for p in folder.iterdir()) == ["press.eml"] and (folder / "press.eml").read_bytes() == theirs
    replaced = ok(cli("notify", "--dry-run", "--html-book", "-o", str(folder), "--force"))
    assert "which the visit oecd-2026-06 had written" in replaced.output  # type: ignore[attr-defined]
    import email
    from email import policy

    ours = email.message_from_bytes((folder / "press.eml").read_bytes(), policy=policy.default)
    assert ours["X-Itinerary-Visit"] == "ilo-dg-korea-2026" and ours["To"].addresses[0].addr_spec == "press@moel.example"
    ok(cli("notify", "--dry-run", "--html-book"))  # by default, in the visit's own folder of exports
    assert (data_dir.parent / "exports" / "ilo-dg-korea-2026" / "notices" / "rev1" / "press.eml").is_file()


def test_a_programme_with_conflict_errors_is_not_sent_without_force(cli: Cli, server: Running) -> None:
    prepare(cli)
    ok(cli("add", "--id", "clash", "--title", "Clash", "--start", "21 May 19:30", "--duration", "30m", "--with", "houngbo", "--force",
           "--status", "confirmed"))
    ok(cli("revision", "publish", "-m", "With a clash", "--force"))
    refused = send(cli, server)
    assert refused.exit_code == ExitCode.CONFLICT and "nothing was sent" in refused.output, refused.output  # type: ignore[attr-defined]
    assert server.mailbox.received == []
    ok(send(cli, server, "--force"))
    desk = server.mailbox.to("desk@moel.example")[0].message
    assert "해결되지 않은 일정 충돌 1건이 있는 채로 보냅니다" in desk.get_body(("plain",)).get_content()
    press = server.mailbox.to("press@moel.example")[0].message  # the clash is with a restricted dinner: the public is not told of it
    assert "충돌" not in press.get_body(("plain",)).get_content() and "conflict" not in press.get_body(("plain",)).get_content()


def test_names_and_titles_cannot_add_a_header_or_a_recipient(cli: Cli, server: Running) -> None:
    prepare(cli)
    sneaky = "=?utf-8?b?QmNjOiBldmlsQGV4YW1wbGUub3Jn?="  # "Bcc: evil@example.org"
    ok(cli("recipient", "edit", "ilo-team", "--name", sneaky))
    ok(cli("edit", "president-meeting", "--title", f"Meeting {sneaky} with the President", "--start", "22 May 15:00", "--duration", "45m"))
    ok(cli("revision", "publish", "-m", "Sneaky"))
    ok(send(cli, server))
    assert all(r.recipients != ["evil@example.org"] and len(r.recipients) == 1 for r in server.mailbox.received)
    (team,) = server.mailbox.to("dgo-office@ilo.example")
    message = team.message
    assert [a.addr_spec for a in message["To"].addresses] == ["dgo-office@ilo.example"] and message["Bcc"] is None
    assert sneaky in message["Subject"] or sneaky in message.get_body(("plain",)).get_content()


def test_status_before_anything_was_published(cli: Cli) -> None:
    result = cli("notify", "status")
    assert result.exit_code == ExitCode.NOT_FOUND and "no revision published yet" in result.output


# --- the README's walk-through ----------------------------------------------------------------------

# "Tell everyone", command by command: a test reads it from the README, so the two never disagree.
# The one address of the mail server is the test's own server's.
WALK = [
    'recipient add minister-aide --name "Park Min-ji" --name-ko "박민지 비서관" --email aide@moel.example --audience person:kim-younghoon --lang ko',
    'recipient add press --name "Press office" --email press@moel.example --audience public --lang both',
    "person edit houngbo --email dgo-office@ilo.example",
    "recipient add --person houngbo --lang en",
    "visit edit --office-email protocol@moel.example --mail-server smtp://mail.moel.example:587 --mail-user protocol --mail-password-env ITINERARY_SMTP_PASSWORD",
    'revision publish -m "First programme"',
    "notify --dry-run",
    "notify",
    'edit president-meeting --start "22 May 15:00" --duration 45m --status confirmed --source "Office of the President, call of 19 May"',
    'revision publish -m "Meeting with the President confirmed at 15:00" --notify',
    "notify status",
]


def walk_from_readme() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tell everyone", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.removeprefix("itinerary ").strip() for line in block.splitlines() if line.startswith("itinerary")]


def test_the_readme_walk_through_is_this_test() -> None:
    assert walk_from_readme() == WALK


def test_tell_everyone_as_the_readme_does(cli: Cli, data_dir: Path, server: Running) -> None:
    import shlex

    env = {"ITINERARY_SMTP_PASSWORD": PASSWORD, "ITINERARY_CA_FILE": str(server.ca_file)}
    results = {}
    for command in WALK:
        args = shlex.split(command.replace("smtp://mail.moel.example:587", server.url))
        results[command] = ok(cli(*args, env=env))
    previews = sorted(p.name for p in (data_dir.parent / "exports" / "ilo-dg-korea-2026" / "notices" / "rev1").iterdir())
    assert previews == ["houngbo.eml", "minister-aide.eml", "press.eml"]
    assert [len(server.mailbox.to(a)) for a in ("aide@moel.example", "press@moel.example", "dgo-office@ilo.example")] == [1, 2, 2]
    press = server.mailbox.to("press@moel.example")[-1].message
    assert press["Subject"] == "[개정 2] 국제노동기구(ILO) 사무총장 방한 일정 — 대통령 면담 시간 확정 (Meeting with the President: time confirmed)"
    assert server.mailbox.to("aide@moel.example")[0].message["Subject"] == "[개정 1] 국제노동기구(ILO) 사무총장 방한 일정 — 일정 송부"
    team = server.mailbox.to("dgo-office@ilo.example")[-1].message
    assert team["Subject"] == "[Rev. 2] Visit of the ILO Director-General to the Republic of Korea — Meeting with the President: time confirmed"
    books = [p for p in team.iter_attachments() if p.get_filename().startswith("programme-houngbo-en")]
    assert len(books) == 1 and books[0].get_content_type() == ("application/pdf" if shutil.which("chromium") else "text/html")
    assert "nothing they may see changed in Rev. 2" in results[WALK[-2]].output  # type: ignore[attr-defined]
    assert "does not have" not in results[WALK[-1]].output  # type: ignore[attr-defined]


def test_a_password_is_never_sent_to_a_server_that_offers_no_starttls(cli: Cli, tmp_path: Path) -> None:
    prepare(cli)
    with mail_server(tmp_path, tls="none", login=False) as plain:
        result = cli("notify", "--smtp", plain.url, "--user", USER, "--password-env", "SMTP_PW", "--html-book", env=ENV)
        assert result.exit_code == ExitCode.SERVER and "offers no STARTTLS" in result.output, result.output
        assert plain.mailbox.received == []
        ok(cli("notify", "--smtp", plain.url, "--html-book"))  # on this machine, without a login, it may
        assert len(plain.mailbox.received) == 4


def test_one_run_sends_at_a_time(cli: Cli, data_dir: Path, server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    from itinerary.storage import noticelog
    from itinerary.storage.backend import FolderBackend

    prepare(cli)
    monkeypatch.setattr(noticelog, "LOCK_WAIT", 0.2)
    with noticelog.SendLog(FolderBackend(data_dir)).locked():
        result = send(cli, server)
    assert result.exit_code == ExitCode.STORAGE and "another `itinerary notify` is sending" in result.output  # type: ignore[attr-defined]
    assert server.mailbox.received == []


def test_an_office_keeps_one_list_for_its_visits_and_a_visit_may_keep_its_own(tmp_path: Path) -> None:
    import shutil as sh

    from conftest import SHIPPED

    sh.copytree(SHIPPED, tmp_path / "events", ignore=sh.ignore_patterns(".*"))
    office = tmp_path / "office"
    ok(Cli(tmp_path)("office", "init", str(office), "--name", "Protocol"))
    ok(Cli(office)("office", "adopt", str(tmp_path / "events"), "--as", "ilo"))
    ok(Cli(tmp_path)("init", str(office / "b"), "--title", "Visit B", "--first-day", "2026-05-21", "--last-day", "2026-05-22"))
    ilo, b = Cli(office / "ilo"), Cli(office / "b")
    ok(ilo("recipient", "add", "press", "--name", "Press", "--email", "press@moel.example", "--audience", "public"))
    ok(ilo("recipient", "add", "aide", "--name", "Aide", "--email", "aide@moel.example", "--audience", "person:kim-younghoon", "--local"))
    assert (office / "notices" / "recipients.toml").is_file() and (office / "ilo" / "notices" / "recipients.toml").is_file()
    listed = lambda visit: [r["id"] for r in json.loads(ok(visit("recipient", "list", "--json")).stdout)]  # type: ignore[attr-defined]  # noqa: E731
    assert listed(ilo) == ["press", "aide"] and listed(b) == ["press"]
    ok(b("recipient", "edit", "press", "--lang", "ko"))  # kept by the office: changed there, for both visits
    assert json.loads(ok(ilo("recipient", "list", "--json")).stdout)[0]["lang"] == "ko"  # type: ignore[attr-defined]
    assert "recipient edit press" in ok(Cli(office)("history")).stdout  # type: ignore[attr-defined]
