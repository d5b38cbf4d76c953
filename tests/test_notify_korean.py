"""Revision notices in the officer's Korean: what `recipient list`, `notify --dry-run`, `notify`
against a real mail server on loopback and `notify status` print, kept in ``tests/data/korean/``
(``ITINERARY_REWRITE_KOREAN=1`` rewrites them, to be read as an officer would), and their English
kept word for word in ``tests/data/english/``; the same exit codes in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from smtpserver import Mailbox, Running, mail_server
from test_english_unchanged import ENGLISH
from test_english_unchanged import _same as same_english
from test_korean_views import KOREAN
from test_korean_views import _same as same_korean
from test_notify import ENV, USER, ok, prepare

from conftest import Cli
from itinerary import i18n
from itinerary.errors import ExitCode

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.use("en")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Running]:
    with mail_server(tmp_path, mailbox=Mailbox(refuse={"press@moel.example"})) as running:
        yield running


def _stable(text: str, server: Running, data: Path) -> str:
    """Output with what differs between runs written out: the folders, the server's port, the time it took a message."""
    text = text.replace(str(data.parent), "<tmp>").replace(server.url, "smtp://127.0.0.1:<port>")
    return re.sub(r"\b\d{4}-\d\d-\d\d \d\d:\d\d\b", "YYYY-MM-DD hh:mm", text)  # when the server took it: now


def test_notices_speak_the_officer_s_korean_and_english_stays_as_it_was(cli: Cli, server: Running) -> None:
    prepare(cli)
    sending = ["notify", "--smtp", server.url, "--user", USER, "--password-env", "SMTP_PW", "--ca-file", str(server.ca_file), "--html-book"]
    steps = {
        "recipient-list": ["recipient", "list"],
        "notify-dry-run": ["notify", "--dry-run", "--html-book", "--to", "minister-aide", "--to", "press"],
        "notify-refused": [*sending, "--to", "minister-aide", "--to", "press"],
        "notify-status": ["notify", "status"],
        "notify-no-such-recipient": ["notify", "--dry-run", "--to", "pres"],
    }
    for name, args in steps.items():
        # Korean first: it sends to the minister's aide, and the English run finds her told already
        korean, english = cli(*args, env={**KOREAN, **ENV}), cli(*args, env={**ENGLISH, **ENV})
        assert english.exit_code == korean.exit_code, (name, english.output, korean.output)
        kept = name if name.startswith("notify") else f"notify-{name}"
        same_english(kept, f"exit {english.exit_code}\n" + _stable(english.output, server, cli.data))
        same_korean(kept, f"exit {korean.exit_code}\n" + _stable(korean.output, server, cli.data))
        assert re.search(r"[가-힣]", korean.output), name
    assert cli(*steps["notify-refused"], env=ENV).exit_code == ExitCode.SERVER
    assert len(server.mailbox.to("aide@moel.example")) == 1 and server.mailbox.to("press@moel.example") == []
    ok(cli("notify", "status"))
