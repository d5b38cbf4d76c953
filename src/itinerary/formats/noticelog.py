"""The send log of revision notices, ``notices/log.jsonl``: its line format. Pure.

One line per step, appended and made durable before the next step is taken (see
:mod:`itinerary.core.notice` for what the steps mean and :mod:`itinerary.changes.notify` for
the order they are taken in). Each line is a JSON object, a tab and a checksum of the JSON,
ended by ``\\n``, as the journal's lines are: a last line cut short by a crash (no ``\\n``, or a
wrong checksum) is dropped, and a damaged line before the end is skipped and named; neither
makes the lines around it unreadable. The log never holds a credential: only ids, addresses,
revision numbers, Message-IDs, times and the server's replies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from itinerary.core.notice import KINDS, Logged
from itinerary.i18n import _

LOG_FILE = "notices/log.jsonl"
"""The send log, in the data folder."""
MAX_LINE = 64 * 1024
"""Longest line read."""


def _sum(text: bytes) -> bytes:
    return hashlib.sha256(text).hexdigest()[:16].encode("ascii")


def line(entry: Logged) -> bytes:
    """The line that records ``entry``."""
    doc: dict[str, Any] = {"kind": entry.kind, "rev": entry.rev, "at": entry.at.astimezone(dt.UTC).isoformat()}
    optional: Mapping[str, Any] = {
        "to": entry.to, "email": entry.email, "audience": entry.audience, "since": entry.since, "message_id": entry.message_id,
        "date": entry.date.isoformat() if entry.date else None, "reply": entry.reply,
        "sequences": dict(entry.sequences) if entry.sequences else None, "by": entry.by,
    }
    doc |= {k: v for k, v in optional.items() if v not in ("", None)}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return text + b"\t" + _sum(text) + b"\n"


def _moment(value: object) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def _text(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _entry(doc: Mapping[str, Any]) -> Logged:
    kind = doc["kind"]
    if kind not in KINDS:
        raise ValueError("kind")
    rev = doc["rev"]
    since = doc.get("since")
    if type(rev) is not int or rev < 1 or (since is not None and (type(since) is not int or since < 1)):
        raise ValueError("revision")
    sequences = doc.get("sequences") or {}
    if not isinstance(sequences, dict) or not all(isinstance(k, str) and type(v) is int and 0 <= v < 2**31 for k, v in sequences.items()):
        raise ValueError("sequences")
    return Logged(
        kind=kind, rev=rev, at=_moment(doc["at"]), to=_text(doc, "to"), email=_text(doc, "email"), audience=_text(doc, "audience"),
        since=since, message_id=_text(doc, "message_id"), date=_moment(doc["date"]) if doc.get("date") else None,
        reply=_text(doc, "reply"), sequences=tuple(sorted(sequences.items())), by=_text(doc, "by"),
    )


def parse(data: bytes, source: str) -> tuple[list[Logged], list[str]]:
    """The entries of a send log, and what is wrong with the lines that had to be skipped (a
    torn last line is dropped without a word: a crash cut it short before it counted)."""
    entries: list[Logged] = []
    damaged: list[str] = []
    lines = data.split(b"\n")
    for number, raw in enumerate(lines[:-1], 1):  # the part after the last \n is torn or empty
        if not raw.strip():
            continue
        body, tab, check = raw.rpartition(b"\t")
        try:
            if len(raw) > MAX_LINE or not tab or _sum(body) != check:
                raise ValueError("checksum")
            doc = json.loads(body)
            if not isinstance(doc, dict):
                raise TypeError("not an object")
            entries.append(_entry(doc))
        except (ValueError, KeyError, TypeError, RecursionError):
            if number < len(lines) - 1:
                damaged.append(_("{source}: line {n} is not a send-log entry (skipped)", source=source, n=number))
    return entries, damaged
